/* groupby: marks where a group of lines starts. */
#define _GNU_SOURCE /* memmem */
#include "groupby.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct groupby {
    struct linekey *key;
    const char *mark;
    struct buf last, cur; /* the key of the line before, and of this one */
    int any;              /* a line has been seen */
};

void groupby_mark(char *m)
{
    static const char set[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    for (size_t i = 0; i < GROUPBY_MARK_LEN; i++)
        m[i] = set[arc4random_uniform(sizeof set - 1)];
    m[GROUPBY_MARK_LEN] = '\0';
}

struct groupby *groupby_new(struct linekey *key, const char *mark)
{
    struct groupby *g = xcalloc(1, sizeof *g);

    g->key = key;
    g->mark = mark;
    return g;
}

void groupby_free(struct groupby *g)
{
    if (g == NULL)
        return;
    linekey_free(g->key);
    buf_free(&g->last);
    buf_free(&g->cur);
    free(g);
}

struct linekey *groupby_key(struct groupby *g)
{
    return g->key;
}

void groupby_move(struct groupby *g, const struct buf *in, size_t *start, int eof, struct buf *out)
{
    while (*start < in->len) {
        const char *d = in->data + *start;
        size_t n = in->len - *start;
        const char *nl = memchr(d, '\n', n);
        if (nl == NULL && !eof)
            return;
        size_t len = nl ? (size_t)(nl - d) + 1 : n;
        linekey_of(g->key, d, len, &g->cur);
        if (!g->any || g->cur.len != g->last.len ||
            memcmp(g->cur.data, g->last.data, g->cur.len) != 0)
            buf_append(out, g->mark, GROUPBY_MARK_LEN);
        g->any = 1;
        struct buf t = g->last;
        g->last = g->cur;
        g->cur = t;
        buf_append(out, d, len);
        *start += len;
    }
}

void groupby_strip(const struct groupby *g, const char *d, size_t n, struct buf *out)
{
    const char *end = d + n;

    while (d < end) {
        const char *m = memmem(d, (size_t)(end - d), g->mark, GROUPBY_MARK_LEN);
        const char *stop = m ? m : end;
        buf_append(out, d, (size_t)(stop - d));
        d = m ? m + GROUPBY_MARK_LEN : end;
    }
}
