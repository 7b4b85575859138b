/* recsep: where records end, for --pipe. Strings are found with memchr (and backwards with
 * memrchr, so that a block of many records is not scanned record by record); --regexp
 * compiles recend and recstart into one PCRE2 pattern, recend then a lookahead for recstart. */
#define _GNU_SOURCE /* memrchr, memmem */
#include "recsep.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util.h"

struct recsep {
    struct recsep_conf c;
    pcre2_code *sep;      /* --regexp: (?:recend)(?=(recstart)) */
    pcre2_code *sep_more; /* the same, for data that more bytes will follow */
    pcre2_code *head;     /* --regexp --rrs: recstart, matched at the start */
    pcre2_code *tail;     /* --regexp --rrs: recend$ */
    pcre2_match_data *md;
    uint32_t group; /* sep's group that holds recstart: the user's recend may hold groups */
};

static pcre2_code *recsep_compile(const char *what, const char *before, const char *re, size_t len,
                                  const char *after, uint32_t flags)
{
    struct buf pat = {0};
    int err;
    PCRE2_SIZE off;

    buf_adds(&pat, REGEX_PREFIX);
    buf_adds(&pat, before);
    buf_append(&pat, re, len);
    buf_adds(&pat, after);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat.data, pat.len, flags, &err, &off, NULL);
    buf_free(&pat);
    if (code == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        util_die("%s '%.*s': bad regex: %s", what, (int)len, re, msg);
    }
    return code;
}

struct recsep *recsep_new(const struct recsep_conf *c)
{
    struct recsep *r = xcalloc(1, sizeof *r);

    r->c = *c;
    if (!c->regexp || c->lines)
        return r;
    /* Each compiled alone first, so that a bad one is named. */
    pcre2_code *end = recsep_compile("--recend", "", c->recend, c->recend_len, "", 0);
    pcre2_pattern_info(end, PCRE2_INFO_CAPTURECOUNT, &r->group);
    r->group++;
    pcre2_code_free(end);
    r->head = recsep_compile("--recstart", "", c->recstart, c->recstart_len, "", 0);
    r->tail = recsep_compile("--recend", "(?:", c->recend, c->recend_len, ")$", 0);
    struct buf both = {0};
    buf_append(&both, c->recend, c->recend_len);
    buf_adds(&both, ")(?=(");
    buf_append(&both, c->recstart, c->recstart_len);
    /* Multiline, as GNU parallel's: ^ and $ match at every line's start and end. */
    r->sep = recsep_compile("--recend and --recstart", "(?:", both.data, both.len, "))",
                            PCRE2_MULTILINE);
    /* Before more bytes a newline that ends the data is no longer the last: ^ matches after
     * it (in PCRE2 as in Perl it would not at the true end), so a search from there, asking
     * for more bytes, does not pass over a separator that the next read completes. */
    r->sep_more = recsep_compile("--recend and --recstart", "(?:", both.data, both.len, "))",
                                 PCRE2_MULTILINE | PCRE2_ALT_CIRCUMFLEX);
    buf_free(&both);
    r->md = pcre2_match_data_create_from_pattern(r->sep, NULL);
    if (r->md == NULL)
        util_die("--recend and --recstart: out of memory");
    return r;
}

void recsep_free(struct recsep *r)
{
    if (r == NULL)
        return;
    pcre2_match_data_free(r->md);
    pcre2_code_free(r->sep);
    pcre2_code_free(r->sep_more);
    pcre2_code_free(r->head);
    pcre2_code_free(r->tail);
    free(r);
}

/* The last c in s[0..n), or NULL. */
static const char *find_last(const char *s, char c, size_t n)
{
#ifdef HAVE_MEMRCHR
    return memrchr(s, c, n);
#else
    while (n > 0)
        if (s[--n] == c)
            return s + n;
    return NULL;
#endif
}

/* Whether strings recend and recstart meet at p of d[0..n). */
static int recsep_at(const struct recsep *r, const char *d, size_t n, size_t p)
{
    size_t re = r->c.recend_len, rs = r->c.recstart_len;

    return p > re && p + rs <= n && memcmp(d + p - re, r->c.recend, re) == 0 &&
           memcmp(d + p, r->c.recstart, rs) == 0;
}

static void recsep_set(struct recsep_cut *cut, size_t sep, size_t end, size_t next)
{
    *cut = (struct recsep_cut){sep, end, next};
}

static int recsep_next_lines(const struct recsep *r, const char *d, size_t n, size_t from,
                             struct recsep_cut *cut)
{
    unsigned long seen = 0;
    const char *q = d + from;

    while (seen < r->c.lines && (q = memchr(q, '\n', n - (size_t)(q - d))) != NULL) {
        q++;
        seen++;
    }
    if (seen < r->c.lines)
        return 0;
    recsep_set(cut, (size_t)(q - d) - 1, (size_t)(q - d), (size_t)(q - d));
    return 1;
}

static int recsep_next_regex(const struct recsep *r, const char *d, size_t n, size_t from,
                             size_t *scan, int more, struct recsep_cut *cut)
{
    for (size_t at = *scan; at <= n;) {
        int rc = pcre2_match(more ? r->sep_more : r->sep, (PCRE2_SPTR)d, n, at,
                             more ? PCRE2_PARTIAL_HARD : 0, r->md, NULL);
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
        if (rc < 0) { /* none, or one that more bytes might change: none starts before it */
            *scan = rc == PCRE2_ERROR_PARTIAL ? ov[0] : n;
            return 0;
        }
        if (ov[1] > from) { /* (unlike strings, a regex may end a record at the start) */
            recsep_set(cut, ov[0], ov[1], ov[2 * r->group + 1]);
            return 1;
        }
        /* The next separator is looked for past this one's recstart, as GNU parallel looks:
         * a recstart such as '.*, Start' then matches at a line's start only. */
        at = ov[2 * r->group + 1] > ov[0] ? ov[2 * r->group + 1] : ov[0] + 1;
    }
    return 0;
}

/* --csv: the first newline after from that no quoted field holds (d[from] starts a record). */
static int recsep_next_csv(const char *d, size_t n, size_t from, struct recsep_cut *cut)
{
    int quoted = 0;

    for (size_t at = from; at < n; at++) {
        quoted ^= d[at] == '"';
        if (d[at] == '\n' && !quoted) {
            recsep_set(cut, at, at + 1, at + 1);
            return 1;
        }
    }
    return 0;
}

int recsep_next(const struct recsep *r, const char *d, size_t n, size_t from, size_t *scan,
                int more, struct recsep_cut *cut)
{
    size_t re = r->c.recend_len, rs = r->c.recstart_len, start = from;

    if (scan == NULL)
        scan = &start;
    else if (*scan < from)
        *scan = from;
    if (r->c.lines)
        return recsep_next_lines(r, d, n, from, cut);
    if (r->c.csv)
        return recsep_next_csv(d, n, from, cut);
    if (r->sep)
        return recsep_next_regex(r, d, n, from, scan, more, cut);
    if (re == 0 && rs == 0) { /* every byte is a record */
        recsep_set(cut, from + 1, from + 1, from + 1);
        return from + 1 <= n;
    }
    /* Where recend is (or, when it is empty, where recstart is) a record may end. */
    const char *key = re ? r->c.recend : r->c.recstart;
    for (size_t at = *scan + 1 > re ? *scan + 1 - re : 0; at < n;) {
        const char *q = memchr(d + at, key[0], n - at);
        if (q == NULL)
            break;
        size_t p = (size_t)(q - d) + re;
        /* (a one-byte recend alone: memchr has matched it) */
        if (re == 1 && rs == 0 ? p > 1 && p <= n : recsep_at(r, d, n, p)) {
            recsep_set(cut, p - re, p, p + rs);
            return 1;
        }
        at = (size_t)(q - d) + 1;
    }
    /* Every cut up to n - rs is settled; one past it needs a recstart that has not all come. */
    if (n >= rs && n - rs > *scan)
        *scan = n - rs;
    return 0;
}

size_t recsep_last(const struct recsep *r, const char *d, size_t n, size_t limit)
{
    size_t re = r->c.recend_len, rs = r->c.recstart_len;
    struct recsep_cut cut;

    if (r->c.lines || r->c.csv || r->sep || (re == 0 && rs == 0)) { /* counted from the start */
        size_t last = 0, p = 0;
        while (recsep_next(r, d, n, p, NULL, 0, &cut) && cut.next <= limit)
            last = p = cut.end;
        return last;
    }
    if (limit < rs)
        return 0;
    /* p - 1 holds recend's last byte or, when recend is empty, p holds recstart's first. */
    char key = re ? r->c.recend[re - 1] : r->c.recstart[0];
    size_t top = limit - rs + (re ? 0 : 1); /* bytes where the key may be */
    const char *q;
    while (top > 0 && (q = find_last(d, key, top)) != NULL) {
        size_t p = (size_t)(q - d) + (re ? 1 : 0);
        if (recsep_at(r, d, n, p))
            return p;
        top = (size_t)(q - d);
    }
    return 0;
}

/* How long the recstart at the start of d[0..n) is; 0 for none. */
static size_t recsep_head(const struct recsep *r, const char *d, size_t n)
{
    size_t rs = r->c.recstart_len;

    if (r->head)
        return pcre2_match(r->head, (PCRE2_SPTR)d, n, 0, PCRE2_ANCHORED, r->md, NULL) >= 0
                   ? pcre2_get_ovector_pointer(r->md)[1]
                   : 0;
    return rs && !r->c.lines && n >= rs && memcmp(d, r->c.recstart, rs) == 0 ? rs : 0;
}

int recsep_regex(const struct recsep *r)
{
    return r->sep != NULL && !r->c.csv; /* (-L compiles no patterns) */
}

long recsep_lead(const struct recsep *r, const char *d, size_t n, int more)
{
    if (!recsep_regex(r))
        return 0;
    int rc = pcre2_match(r->head, (PCRE2_SPTR)d, n, 0,
                         PCRE2_ANCHORED | (more ? PCRE2_PARTIAL_HARD : 0), r->md, NULL);
    if (rc == PCRE2_ERROR_PARTIAL)
        return -2;
    return rc < 0 ? -1 : (long)pcre2_get_ovector_pointer(r->md)[1];
}

/* The recend at the end of d[0..n) into [*a, *e); *a = *e = n for none. */
static void recsep_tail(const struct recsep *r, const char *d, size_t n, size_t *a, size_t *e)
{
    size_t re = r->c.lines ? 1 : r->c.recend_len;
    const char *end = r->c.lines ? "\n" : r->c.recend;

    *a = *e = n;
    if (r->tail && pcre2_match(r->tail, (PCRE2_SPTR)d, n, 0, 0, r->md, NULL) >= 0) {
        *a = pcre2_get_ovector_pointer(r->md)[0];
        *e = pcre2_get_ovector_pointer(r->md)[1];
    } else if (!r->tail && re) {
        /* Where Perl's $ matches in GNU parallel's s/$recend$//: before a newline that ends d
         * (the leftmost, so first), or at its end. */
        if (n > re && d[n - 1] == '\n' && memcmp(d + n - 1 - re, end, re) == 0) {
            *a = n - 1 - re;
            *e = n - 1;
        } else if (n >= re && memcmp(d + n - re, end, re) == 0) {
            *a = n - re;
        }
    }
}

/* --regexp: each match of recend then recstart, left to right, taken out as Perl's
 * s/$recend$recstart//g takes it: the search goes on after the recstart, and after a match
 * of nothing the next must be something there, or starts a byte on. */
static void recsep_remove_regex(const struct recsep *r, const char *d, size_t n, struct buf *out)
{
    size_t from = 0, at = 0;
    uint32_t flags = 0;

    while (at <= n) {
        if (pcre2_match(r->sep, (PCRE2_SPTR)d, n, at, flags, r->md, NULL) < 0) {
            if (flags == 0)
                break;
            at++;
            flags = 0;
            continue;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
        size_t end = ov[2 * r->group + 1];
        buf_append(out, d + from, ov[0] - from);
        from = at = end;
        flags = end == ov[0] ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    }
    buf_append(out, d + from, n - from);
}

/* Every recend+recstart of d[0..n) out, onto out: as Perl's s/$recend$recstart//g. */
static void recsep_remove_all(const struct recsep *r, const char *d, size_t n, struct buf *out)
{
    size_t re = r->c.lines ? 1 : r->c.recend_len, from = 0, rs = r->c.lines ? 0 : r->c.recstart_len;

    if (r->sep) {
        recsep_remove_regex(r, d, n, out);
        return;
    }
    if (re + rs > 0) {
        struct buf sep = {0};
        buf_append(&sep, r->c.lines ? "\n" : r->c.recend, re);
        buf_append(&sep, r->c.recstart, rs);
        const char *q;
        while (from < n && (q = memmem(d + from, n - from, sep.data, sep.len)) != NULL) {
            buf_append(out, d + from, (size_t)(q - d) - from);
            from = (size_t)(q - d) + sep.len;
        }
        buf_free(&sep);
    }
    buf_append(out, d + from, n - from);
}

void recsep_strip(const struct recsep *r, const char *d, size_t n, struct buf *out)
{
    struct buf all = {0};
    size_t a, e;

    /* In GNU parallel's order: the separators inside, then a recstart at the start, then a
     * recend at the end. */
    recsep_remove_all(r, d, n, &all);
    size_t head = recsep_head(r, all.data, all.len);
    recsep_tail(r, all.data + head, all.len - head, &a, &e);
    buf_append(out, all.data + head, a);
    buf_append(out, all.data + head + e, all.len - head - e);
    buf_free(&all);
}
