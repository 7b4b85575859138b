/* linekey: a line's key. The column is cut out by --colsep, as Perl's split cuts it; what
 * Perl does with it is left to the run's Perl bridge. */
#include "linekey.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cols.h"
#include "perl.h"
#include "util.h"

struct linekey {
    const char *opt;
    char *name; /* the column's name, until the header line gives its number */
    size_t col; /* 1 for the first column; 0 for the whole line */
    struct cols *cols;
    struct perl *perl; /* NULL without an expression */
    struct field *f;   /* the fields of the line at hand */
    size_t nf, cap;
    struct buf strs;
};

/* The column at the start of s: a number or a name, then a blank or the end (the blank is
 * skipped, after a name all of them). Returns where the expression starts; s when there is
 * no column. */
static const char *linekey_column(struct linekey *k, const char *s)
{
    const char *p = s + (*s == '-');
    size_t n = strspn(p, "0123456789");

    if (n > 0 && (p[n] == '\0' || isspace((unsigned char)p[n]))) {
        char *end;
        long v = *s == '-' ? -1 : strtol(s, &end, 10);
        if (v <= 0 || v == LONG_MAX)
            util_die("--%s: the column '%.*s' is not a positive number", k->opt, (int)(p + n - s),
                     s);
        k->col = (size_t)v;
        return p[n] ? p + n + 1 : p + n;
    }
    n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    if (n == 0 || (s[n] != '\0' && !isspace((unsigned char)s[n])))
        return s;
    k->name = xstrndup(s, n);
    for (s += n; isspace((unsigned char)*s); s++)
        ;
    return s;
}

struct linekey *linekey_new(const char *opt, const char *spec, const char *colsep)
{
    struct linekey *k = xcalloc(1, sizeof *k);

    k->opt = opt;
    const char *expr = linekey_column(k, spec);
    k->cols = cols_new(colsep ? colsep : "\t", NULL, 0);
    if (*expr) {
        size_t len = strlen(expr);
        char *name = xmalloc(strlen(opt) + len + 8);
        snprintf(name, strlen(opt) + len + 8, "--%s '%s'", opt, expr);
        k->perl = perl_new();
        perl_add(k->perl, expr, len, name);
        free(name);
        perl_start(k->perl);
    }
    return k;
}

void linekey_free(struct linekey *k)
{
    if (k == NULL)
        return;
    perl_free(k->perl);
    cols_free(k->cols);
    free(k->name);
    free(k->f);
    buf_free(&k->strs);
    free(k);
}

int linekey_named(const struct linekey *k)
{
    return k->name != NULL;
}

/* The fields of d[0..len) into k->f. */
static void linekey_split(struct linekey *k, const char *d, size_t len)
{
    k->nf = 0;
    buf_reset(&k->strs);
    cols_split(k->cols, d, len, &k->f, &k->nf, &k->cap, &k->strs);
    cols_fixup(k->f, 0, k->nf, &k->strs);
}

void linekey_names(struct linekey *k, const char *h, size_t len)
{
    if (k->name == NULL)
        return;
    if (len > 0 && h[len - 1] == '\n') /* the last name is the last column's, newline aside */
        len--;
    linekey_split(k, h, len);
    for (size_t i = 0; i < k->nf; i++)
        if (strcmp(k->f[i].s, k->name) == 0) {
            k->col = i + 1;
            free(k->name);
            k->name = NULL;
            return;
        }
    util_die("--%s: the column '%s' is not in the header", k->opt, k->name);
}

void linekey_of(struct linekey *k, const char *d, size_t len, struct buf *out)
{
    const char *v = d;
    size_t vlen = len;

    buf_reset(out);
    if (k->col) {
        linekey_split(k, d, len);
        v = k->col <= k->nf ? k->f[k->col - 1].s : "";
        vlen = k->col <= k->nf ? k->f[k->col - 1].len : 0;
    }
    if (k->perl == NULL) {
        buf_append(out, v, vlen);
        return;
    }
    struct perl_job j = {.val = v, .len = vlen};
    perl_eval(k->perl, 0, &j, out);
}
