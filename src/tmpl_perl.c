/* tmpl_perl: the replacement strings that run Perl: {= expr =} (with --parens' other
 * parentheses), {=N expr =}, and the tags --rpl defines, which become such expressions as in
 * GNU parallel: a tag's (group) matches what the template holds there, and $$1, $$2 ... in
 * its expression are what they matched. The expressions go to the perl module, which starts
 * Perl only when a template holds one. */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <limits.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "perl.h"
#include "tmpl.h"
#include "tmpl_parts.h"
#include "util.h"

struct tmpl_rpl_tag {
    char *tag, *expr, *def;
    pcre2_code *re;  /* the tag itself */
    pcre2_code *pos; /* {N tag...}: positional, for a tag that starts with { */
};

struct tmpl_rpl {
    char *left, *right; /* --parens, default {= and =} */
    struct tmpl_rpl_tag *t;
    size_t n;
    struct perl *perl;
    pcre2_match_data *md;
    int filter; /* --filter's expression, or -1 before its first use */
};

/* Append s quoted for a PCRE2 pattern: every ASCII character but a letter or digit escaped. */
static void tmpl_rpl_literal(struct buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && !isalnum(c))
            buf_addc(b, '\\');
        buf_addc(b, (char)c);
    }
}

/* The pattern of a tag: literal text around its first-( to last-) group, which is a regex
 * (Perl's /x, as GNU parallel has it). With positional, {N and blanks go first. */
static pcre2_code *tmpl_rpl_compile(const char *tag, int positional)
{
    const char *open = strchr(tag, '('), *close = strrchr(tag, ')');
    size_t len = strlen(tag), pre = len, grp = 0;
    struct buf b = {0};
    int err;
    PCRE2_SIZE off;

    if (open && close && open < close) {
        pre = (size_t)(open - tag);
        grp = (size_t)(close - open) + 1;
    }
    buf_adds(&b, REGEX_PREFIX);
    if (positional)
        buf_adds(&b, "\\{(-?[0-9]+)\\s*");
    tmpl_rpl_literal(&b, tag + positional, pre - (size_t)positional);
    buf_append(&b, tag + pre, grp);
    tmpl_rpl_literal(&b, tag + pre + grp, len - pre - grp);
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)buf_cstr(&b), b.len, PCRE2_EXTENDED | PCRE2_ANCHORED,
                                   &err, &off, NULL);
    buf_free(&b);
    if (re == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        util_die("--rpl: bad regex in the tag '%s': %s", tag, (const char *)msg);
    }
    return re;
}

static int tmpl_rpl_longer(const void *a, const void *b)
{
    size_t la = strlen(((const struct tmpl_rpl_tag *)a)->tag);
    size_t lb = strlen(((const struct tmpl_rpl_tag *)b)->tag);

    return la < lb ? 1 : la > lb ? -1 : 0;
}

struct tmpl_rpl *tmpl_rpl_new(const char *const defs[], size_t n, const char *parens)
{
    struct tmpl_rpl *r = xcalloc(1, sizeof *r);
    size_t half = parens ? strlen(parens) / 2 : 2;

    if (parens && half == 0)
        util_die("--parens: '%s' holds no left and right parenthesis (e.g. {==} or ,,,,)", parens);
    r->left = xstrndup(parens ? parens : "{=", half);
    r->right = xstrdup(parens ? parens + half : "=}");
    r->t = xcalloc(n ? n : 1, sizeof *r->t);
    for (size_t i = 0; i < n; i++) {
        size_t tl = strcspn(defs[i], " \t\n\r\f\v");
        if (tl == 0)
            util_die("--rpl: '%s' starts with no tag (the form is 'TAG perl expression')", defs[i]);
        struct tmpl_rpl_tag *t = &r->t[r->n++];
        t->def = xstrdup(defs[i]);
        t->tag = xstrndup(defs[i], tl);
        t->expr = xstrdup(defs[i][tl] ? defs[i] + tl + 1 : "");
        t->re = tmpl_rpl_compile(t->tag, 0);
        t->pos = t->tag[0] == '{' ? tmpl_rpl_compile(t->tag, 1) : NULL;
    }
    qsort(r->t, r->n, sizeof *r->t, tmpl_rpl_longer); /* a long tag before its prefix */
    r->md = pcre2_match_data_create(32, NULL);
    r->perl = perl_new();
    r->filter = -1;
    return r;
}

int tmpl_rpl_true(struct tmpl_rpl *r, const char *code, size_t len)
{
    static const char test[] = "$_ = eval($_) ? 1 : 0";
    struct buf out = {0};

    if (r->filter < 0)
        r->filter = perl_add(r->perl, test, sizeof test - 1, "--filter");
    perl_eval(r->perl, r->filter, &(struct perl_job){.val = code, .len = len}, &out);
    int yes = out.len == 1 && out.data[0] == '1';
    buf_free(&out);
    return yes;
}

void tmpl_rpl_free(struct tmpl_rpl *r)
{
    if (r == NULL)
        return;
    perl_free(r->perl);
    for (size_t i = 0; i < r->n; i++) {
        free(r->t[i].tag);
        free(r->t[i].expr);
        free(r->t[i].def);
        pcre2_code_free(r->t[i].re);
        pcre2_code_free(r->t[i].pos);
    }
    free(r->t);
    free(r->left);
    free(r->right);
    pcre2_match_data_free(r->md);
    free(r);
}

void tmpl_rpl_start(struct tmpl_rpl *r)
{
    if (r)
        perl_start(r->perl);
}

/* A leading position (N, -N) of an expression into *pos, and the blanks after it skipped, as
 * GNU parallel reads {=N expr =}; 0 (every value) when there is none. */
static const char *tmpl_perl_position(const char *s, long *pos)
{
    const char *q = s + (*s == '-');
    char *end;

    *pos = 0;
    if (!isdigit((unsigned char)*q))
        return s;
    long n = strtol(q, &end, 10);
    *pos = n == LONG_MAX ? LONG_MIN : *s == '-' ? -n : n;
    while (*end == ' ')
        end++;
    return end;
}

static void tmpl_perl_part(struct tmpl_rpl *r, struct part *p, long pos, const char *code,
                           size_t len, const char *name)
{
    int id = perl_add(r->perl, code, len, name);
    struct buf b = {0};

    buf_append(&b, code, len);
    *p = (struct part){.kind = P_PERL,
                       .pos = pos,
                       .perl_id = id,
                       .perl = r->perl,
                       .total = strstr(buf_cstr(&b), "total_jobs") != NULL};
    buf_free(&b);
}

/* --header: {=name expr =} is {=N expr =} for the column called name, as GNU parallel has it. */
static const char *tmpl_perl_column(const char *s, const struct tmpl_conf *c, long *pos)
{
    for (size_t i = 0; i < c->nnames; i++) {
        size_t len = strlen(c->names[i]);
        if (len > 0 && strncmp(s, c->names[i], len) == 0) {
            *pos = (long)i + 1;
            for (s += len; *s == ' ';)
                s++;
            return s;
        }
    }
    return NULL;
}

/* {= expr =}: the shortest one that starts at s and holds no other left parenthesis. */
static size_t tmpl_match_parens(const char *s, const struct tmpl_conf *c, struct part *p)
{
    struct tmpl_rpl *r = c->rpl;
    size_t ll = strlen(r->left), rl = strlen(r->right);

    if (strncmp(s, r->left, ll) != 0)
        return 0;
    const char *end = strstr(s + ll, r->right);
    if (end == NULL)
        return 0;
    const char *inner = strstr(s + ll, r->left);
    if (inner && inner < end)
        return 0;
    long pos;
    const char *code = tmpl_perl_column(s + ll, c, &pos);
    if (code == NULL)
        code = tmpl_perl_position(s + ll, &pos);
    size_t total = (size_t)(end - s) + rl;
    char *name = xstrndup(s, total);
    if (code > end)
        code = end;
    tmpl_perl_part(r, p, pos, code, (size_t)(end - code), name);
    free(name);
    return total;
}

/* Append s as a Perl "..." string holds it. */
static void tmpl_perl_quote(struct buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (strchr("\\\"$@", s[i]) && s[i] != '\0')
            buf_addc(b, '\\');
        buf_addc(b, s[i]);
    }
}

/* The expression of a tag matched at s: $_pAr_gRpN = "what group N matched"; then the tag's
 * expression with $$N standing for $_pAr_gRpN, as GNU parallel writes it. */
static void tmpl_rpl_expr(const char *s, const PCRE2_SIZE *ov, int first, int count,
                          const char *expr, struct buf *b)
{
    for (int g = first; g < count && ov[2 * g] != PCRE2_UNSET; g++) {
        buf_adds(b, "$_pAr_gRp");
        char num[16];
        snprintf(num, sizeof num, "%d", g - first + 1);
        buf_adds(b, num);
        buf_adds(b, " = \"");
        tmpl_perl_quote(b, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
        buf_adds(b, "\";");
    }
    for (const char *e = expr; *e; e++) {
        if (e[0] == '$' && e[1] == '$' && isdigit((unsigned char)e[2])) {
            buf_adds(b, "$_pAr_gRp");
            e++;
            continue;
        }
        buf_addc(b, *e);
    }
}

/* An --rpl tag at s, plain or positional ({N tag}): the first of the longest-first list, when
 * it is at least native bytes long (a tag the user defines wins over lanes' own). */
static size_t tmpl_match_tag(const char *s, struct tmpl_rpl *r, struct part *p, size_t native)
{
    size_t len = strlen(s);

    for (size_t i = 0; i < r->n; i++) {
        const struct tmpl_rpl_tag *t = &r->t[i];
        for (int positional = 0; positional < 2; positional++) {
            pcre2_code *re = positional ? t->pos : t->re;
            int rc = re ? pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, r->md, NULL) : 0;
            if (rc <= 0)
                continue;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
            if (ov[1] < native || ov[1] == 0)
                return 0;
            long pos;
            const char *expr = tmpl_perl_position(t->expr, &pos);
            if (positional) {
                pos = strtol(s + ov[2], NULL, 10);
            } else if (rc > 1) { /* $$N's values go first: no leading number is a position */
                pos = 0;
                expr = t->expr;
            }
            struct buf code = {0};
            tmpl_rpl_expr(s, ov, 1 + positional, rc, expr, &code);
            tmpl_perl_part(r, p, pos, buf_cstr(&code), code.len, t->def);
            buf_free(&code);
            return ov[1];
        }
    }
    return 0;
}

size_t tmpl_match_perl(const char *s, const struct tmpl_conf *c, struct part *p, size_t native)
{
    if (c == NULL || c->rpl == NULL)
        return 0;
    size_t len = tmpl_match_parens(s, c, p);
    if (len == 0)
        len = tmpl_match_tag(s, c->rpl, p, native);
    return len;
}
