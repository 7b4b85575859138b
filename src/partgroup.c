/* partgroup: --pipe-part --group-by. A position stands for the first line that starts at or
 * after it; a part starting at a holds at least --block bytes: b is --block past a, c --block
 * past b. Where a and b have one key, b and c moves on a --block at a time while b's key goes
 * on, then the end of b's key is sought between b and c; where a and b differ, the start of
 * b's key is sought between a and b when c has it too, else its end between b and c. The
 * searches halve as GNU parallel's do, and end where it ends, on the line looked at last. */
#include "partgroup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "linekey.h"
#include "util.h"

#define PARTGROUP_READ 4096

struct partgroup {
    struct linekey *key;
    int fd;
    const char *name;
    off_t size;
    struct buf line;
    struct buf a, b, c, v; /* the keys at a, b, c and the one looked at last */
    int eof;               /* the line looked at last ends the file, or there was none */
    size_t names;          /* the length of the line of names that starts the data, if one does */
};

struct partgroup *partgroup_new(const char *spec, const char *colsep)
{
    struct partgroup *g = xcalloc(1, sizeof *g);

    g->key = linekey_new("group-by", spec, colsep);
    return g;
}

void partgroup_free(struct partgroup *g)
{
    if (g == NULL)
        return;
    linekey_free(g->key);
    buf_free(&g->line);
    buf_free(&g->a);
    buf_free(&g->b);
    buf_free(&g->c);
    buf_free(&g->v);
    free(g);
}

int partgroup_named(const struct partgroup *g)
{
    return linekey_named(g->key);
}

void partgroup_names(struct partgroup *g, const char *h, size_t len, int data)
{
    linekey_names(g->key, h, len);
    g->names = data ? len : 0;
}

/* The file's bytes from off up to and with the first newline (to its end when none) into
 * line; returns how many. */
static size_t partgroup_line(struct partgroup *g, off_t off)
{
    buf_reset(&g->line);
    while (off < g->size) {
        buf_reserve(&g->line, PARTGROUP_READ);
        char *at = g->line.data + g->line.len;
        ssize_t r = pread(g->fd, at, PARTGROUP_READ, off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            util_die_errno("--pipe-part: cannot read '%s'", g->name);
        if (r == 0)
            break;
        const char *nl = memchr(at, '\n', (size_t)r);
        g->line.len += nl ? (size_t)(nl - at) + 1 : (size_t)r;
        if (nl)
            break;
        off += r;
    }
    return g->line.len;
}

/* The key of the first line that starts at or after pos into key (empty past the end, as
 * for a line without the column); returns where that line starts. */
static off_t partgroup_at(struct partgroup *g, off_t pos, struct buf *key)
{
    off_t at = pos > 0 ? pos - 1 : 0;

    if (pos > 0 && at < g->size) /* the rest of the line pos - 1 is in */
        at += (off_t)partgroup_line(g, at);
    buf_reset(key);
    g->eof = at >= g->size;
    if (g->eof)
        return at;
    size_t n = partgroup_line(g, at);
    linekey_of(g->key, g->line.data, n, key);
    g->eof = at + (off_t)n >= g->size;
    return at;
}

static int partgroup_eq(const struct buf *x, const struct buf *y)
{
    return x->len == y->len && (x->len == 0 || memcmp(x->data, y->data, x->len) == 0);
}

/* Where key s ends, between lo (s there) and hi (another key there). */
static off_t partgroup_end_of(struct partgroup *g, const struct buf *s, off_t lo, off_t hi)
{
    off_t d = hi - lo, at = lo;

    for (; d > 0; d /= 2) {
        at = partgroup_at(g, lo + d, &g->v);
        if (partgroup_eq(&g->v, s))
            d = hi - (lo = at);
        else
            hi = at;
    }
    return at;
}

/* Where key s starts, between lo (another key there) and hi (s there). */
static off_t partgroup_start_of(struct partgroup *g, const struct buf *s, off_t lo, off_t hi)
{
    off_t d = hi - lo, at = hi;

    for (; d > 0; d /= 2) {
        at = partgroup_at(g, lo + d, &g->v);
        if (partgroup_eq(&g->v, s))
            hi = at;
        else
            d = hi - (lo = at);
    }
    return at;
}

off_t partgroup_end(struct partgroup *g, int fd, const char *name, off_t size, off_t pos,
                    off_t block)
{
    g->fd = fd;
    g->name = name;
    g->size = size;
    /* A line of names that starts the data is a part's, but not its key (as in GNU
     * parallel, which has read the line before it looks). */
    off_t a = pos, end;
    partgroup_at(g, pos ? pos : (off_t)g->names, &g->a);
    g->names = 0;
    off_t b = partgroup_at(g, a + block, &g->b);
    if (g->eof)
        return size;
    off_t c = partgroup_at(g, b + block, &g->c);
    if (partgroup_eq(&g->a, &g->b)) {
        while (partgroup_eq(&g->b, &g->c)) {
            b = c;
            if ((c = partgroup_at(g, c + block, &g->c)) >= size) {
                c = size;
                break;
            }
        }
        end = partgroup_end_of(g, &g->b, b, c);
    } else if (partgroup_eq(&g->b, &g->c))
        end = partgroup_start_of(g, &g->b, a, b);
    else
        end = partgroup_end_of(g, &g->b, b, c);
    return end > pos && end < size ? end : size;
}
