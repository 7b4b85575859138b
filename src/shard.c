/* shard: a line's job. --shard's hash is lanes' own (GNU parallel's is Perl's, seeded anew each
 * run), so which job a key goes to differs from GNU parallel's; that lines with one key go to
 * one job does not. */
#include "shard.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linekey.h"
#include "util.h"

struct shard {
    struct linekey *key;
    int bin;
    int named; /* the column's name is still to be found in the first line */
    size_t n;
    struct buf k;
};

struct shard *shard_new(const char *opt, const char *spec, const char *colsep, size_t n)
{
    struct shard *s = xcalloc(1, sizeof *s);

    s->key = linekey_new(opt, spec, colsep);
    s->bin = strcmp(opt, "bin") == 0;
    s->named = linekey_named(s->key);
    s->n = n;
    return s;
}

void shard_free(struct shard *s)
{
    if (s == NULL)
        return;
    linekey_free(s->key);
    buf_free(&s->k);
    free(s);
}

size_t shard_bin(const char *key, size_t len, size_t n)
{
    char num[64];
    size_t i = 0;

    while (i < len && isspace((unsigned char)key[i]))
        i++;
    len -= i;
    if (len >= sizeof num)
        len = sizeof num - 1;
    memcpy(num, key + i, len);
    num[len] = '\0';
    const char *p = num + (*num == '-' || *num == '+');
    /* Perl reads no hexadecimal, nor infinity, from a string: those are 0 here. */
    double v = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') ? 0 : strtod(num, NULL);
    if (!isfinite(v) || fabs(v) >= 9e18)
        v = 0;
    long long m = (long long)v % (long long)n; /* Perl's %: the sign of the right side */
    if (m < 0)
        m += (long long)n;
    return m == 0 ? n - 1 : (size_t)m - 1;
}

/* FNV-1a: any hash that spreads keys evenly will do. */
static size_t shard_hash(const char *key, size_t len, size_t n)
{
    uint64_t h = 14695981039346656037ull;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)key[i]) * 1099511628211ull;
    return (size_t)(h % n);
}

void shard_split(struct shard *s, const char *d, size_t len, struct buf *parts)
{
    while (len > 0) {
        const char *nl = memchr(d, '\n', len);
        size_t n = nl ? (size_t)(nl - d) + 1 : len;
        if (s->named) {
            linekey_names(s->key, d, n);
            s->named = 0;
        } else {
            linekey_of(s->key, d, n, &s->k);
            const char *k = s->k.data ? s->k.data : "";
            size_t to = s->bin ? shard_bin(k, s->k.len, s->n) : shard_hash(k, s->k.len, s->n);
            buf_append(&parts[to], d, n);
        }
        d += n;
        len -= n;
    }
}
