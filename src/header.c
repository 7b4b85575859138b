/* header: --header with --pipe and --pipe-part. */
#include "header.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util.h"
#include "value.h"

struct header {
    unsigned long lines; /* --header N */
    pcre2_code *re;      /* --header REGEX */
    pcre2_match_data *md;
};

struct header *header_new(const char *spec)
{
    int err;
    PCRE2_SIZE off;
    unsigned long long lines;

    if (spec == NULL)
        return NULL;
    if (strcmp(spec, ":") == 0)
        spec = "1";
    struct header *h = xcalloc(1, sizeof *h);
    /* Digits alone are a count of lines, however many (past 2^40 it is all of them); what
     * else is a regex. */
    if (value_count(spec, &lines) == 0) {
        h->lines = (unsigned long)lines;
        return h;
    }
    h->re = pcre2_compile((PCRE2_SPTR)spec, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
    if (h->re == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        util_die("--header '%s': bad regex at offset %zu: %s", spec, (size_t)off, msg);
    }
    h->md = pcre2_match_data_create_from_pattern(h->re, NULL);
    return h;
}

void header_free(struct header *h)
{
    if (h == NULL)
        return;
    pcre2_match_data_free(h->md);
    pcre2_code_free(h->re);
    free(h);
}

int header_find(const struct header *h, const char *d, size_t n, int eof, size_t *len)
{
    *len = 0;
    if (h == NULL || (!h->re && h->lines == 0))
        return 1;
    if (n == 0 && !eof)
        return 0;
    if (h->re) {
        int rc = pcre2_match(h->re, (PCRE2_SPTR)d, n, 0,
                             PCRE2_ANCHORED | (eof ? 0 : PCRE2_PARTIAL_HARD), h->md, NULL);
        if (rc == PCRE2_ERROR_PARTIAL)
            return 0;
        *len = rc >= 0 ? pcre2_get_ovector_pointer(h->md)[1] : 0;
        return 1;
    }
    const char *q = d;
    for (unsigned long i = 0; i < h->lines && q; i++)
        if ((q = memchr(q, '\n', n - (size_t)(q - d))) != NULL)
            q++;
    if (q == NULL && !eof)
        return 0;
    *len = q ? (size_t)(q - d) : 0; /* fewer lines in all: they are data, not a header */
    return 1;
}
