/* cols: split values into columns with a Perl-compatible regex, as GNU parallel's --colsep
 * does, and trim blanks from them. */
#include "cols.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util.h"

struct cols {
    pcre2_code *re;
    pcre2_match_data *md;
    uint32_t groups; /* capture groups in the regex: each is a field, set or not */
    int trim_left, trim_right;
    const char *csv; /* --csv: the separator; NULL: no CSV */
    size_t csv_len;
};

/* Which ends --trim cuts: bit 1 the left, bit 2 the right. */
static int cols_trim_mode(const char *trim)
{
    if (trim == NULL || strcmp(trim, "n") == 0)
        return 0;
    if (strcmp(trim, "l") == 0)
        return 1;
    if (strcmp(trim, "r") == 0)
        return 2;
    if (strcmp(trim, "lr") == 0 || strcmp(trim, "rl") == 0)
        return 3;
    util_die("--trim must be one of n, l, r, lr, rl, not '%s'", trim);
}

struct cols *cols_new(const char *colsep, const char *trim, int csv)
{
    int mode = cols_trim_mode(trim), err;
    PCRE2_SIZE off;
    pcre2_code *re = NULL;

    if (csv && (colsep == NULL || *colsep == '\0'))
        colsep = ",";
    if (colsep && !csv &&
        (re = pcre2_compile((PCRE2_SPTR)colsep, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL)) ==
            NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        util_die("--colsep '%s': bad regex at offset %zu: %s", colsep, (size_t)off, msg);
    }
    struct cols *c = xcalloc(1, sizeof *c);
    c->trim_left = mode & 1;
    c->trim_right = (mode & 2) != 0;
    c->re = re;
    c->csv = csv ? colsep : NULL;
    c->csv_len = csv ? strlen(colsep) : 0;
    if (re) {
        c->md = pcre2_match_data_create_from_pattern(re, NULL);
        pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &c->groups);
    }
    return c;
}

void cols_free(struct cols *c)
{
    if (c == NULL)
        return;
    pcre2_match_data_free(c->md);
    pcre2_code_free(c->re);
    free(c);
}

int cols_splits(const struct cols *c)
{
    return c->re != NULL || c->csv != NULL;
}

static void cols_push(const struct cols *c, const char *s, size_t len, struct field **f, size_t *n,
                      size_t *cap, struct buf *strs)
{
    while (c->trim_left && len > 0 && strchr(" \t\n\r\f\v", *s) && *s) {
        s++;
        len--;
    }
    while (c->trim_right && len > 0 && strchr(" \t\n\r\f\v", s[len - 1]) && s[len - 1])
        len--;
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *f = xreallocarray(*f, *cap, sizeof **f);
    }
    /* An offset until cols_fixup: strs may still move. */
    (*f)[(*n)++] = (struct field){(const char *)(uintptr_t)strs->len, len};
    buf_append(strs, s, len);
    buf_addc(strs, '\0');
}

/* As Perl's split: a match splits, its capture groups become fields of their own, and an
 * empty match splits between characters (never at the very start). */
/* The CSV field at s[*at..len) (RFC 4180: quoted, with "" for a quote, or not), its value
 * appended to v; *at moves past it and its separator. Returns 0 at the record's end, 1 when a
 * field follows, -1 when the record is no CSV. */
static int cols_csv_field(const struct cols *c, const char *s, size_t len, size_t *at,
                          struct buf *v)
{
    size_t i = *at;
    int quoted = i < len && s[i] == '"';

    for (i += quoted; i < len; i++) {
        if (quoted && s[i] == '"' && i + 1 < len && s[i + 1] == '"') {
            buf_addc(v, s[i++]);
        } else if (quoted && s[i] == '"') {
            quoted = 2; /* closed: only the separator or the end may follow */
            i++;
            break;
        } else if (!quoted && s[i] == '"') {
            return -1;
        } else if (!quoted && len - i >= c->csv_len && memcmp(s + i, c->csv, c->csv_len) == 0) {
            break;
        } else {
            buf_addc(v, s[i]);
        }
    }
    if (quoted == 1)
        return -1; /* a quote never closed */
    if (i == len) {
        *at = i;
        return 0;
    }
    if (len - i < c->csv_len || memcmp(s + i, c->csv, c->csv_len) != 0)
        return -1;
    *at = i + c->csv_len;
    return 1;
}

/* --csv: the fields of a record; a CR that ends it (a CRLF line) goes. */
static void cols_csv(const struct cols *c, const char *s, size_t len, struct field **f, size_t *n,
                     size_t *cap, struct buf *strs)
{
    struct buf v = {0};
    size_t at = 0;
    int more = 1;

    if (len > 0 && s[len - 1] == '\r')
        len--;
    while (more) {
        buf_reset(&v);
        if ((more = cols_csv_field(c, s, len, &at, &v)) < 0)
            util_die("--csv: this record is not CSV: %.*s", (int)(len > 200 ? 200 : len), s);
        cols_push(c, v.len ? v.data : "", v.len, f, n, cap, strs);
    }
    buf_free(&v);
}

void cols_split(const struct cols *c, const char *s, size_t len, struct field **f, size_t *n,
                size_t *cap, struct buf *strs)
{
    size_t start = 0, at = 0;

    if (c->csv) {
        cols_csv(c, s, len, f, n, cap, strs);
        return;
    }
    while (c->re && at < len) {
        int rc = pcre2_match(c->re, (PCRE2_SPTR)s, len, at, 0, c->md, NULL);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
        if (ov[1] == ov[0] && ov[0] <= start) { /* empty, where nothing would split off */
            at = start + 1;
            continue;
        }
        if (ov[0] >= len && ov[1] == ov[0])
            break;
        cols_push(c, s + start, ov[0] - start, f, n, cap, strs);
        /* A group that took no part is an empty field, as Perl's split gives undef: rc counts
         * only up to the last group set. */
        for (uint32_t g = 1; g <= c->groups; g++) {
            int set = (int)g < rc && ov[2 * g] != PCRE2_UNSET;
            cols_push(c, set ? s + ov[2 * g] : s, set ? ov[2 * g + 1] - ov[2 * g] : 0, f, n, cap,
                      strs);
        }
        start = at = ov[1];
    }
    cols_push(c, s + start, len - start, f, n, cap, strs);
}

void cols_fixup(struct field *f, size_t from, size_t n, const struct buf *strs)
{
    for (size_t i = from; i < n; i++)
        f[i].s = strs->data + (uintptr_t)f[i].s;
}
