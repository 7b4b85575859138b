/* groupby: --group-by with --pipe. Before each line whose key differs from the line before
 * (and before the first) goes a mark that is the records' --recstart, so that a record is a
 * group and blocks are cut between groups only, as GNU parallel cuts them (the marks count
 * towards --block, as GNU parallel's do); the marks are taken out of the blocks again. */
#ifndef LANES_GROUPBY_H
#define LANES_GROUPBY_H

#include <stddef.h>

#include "buf.h"
#include "linekey.h"

/* The length of the mark. */
#define GROUPBY_MARK_LEN 20

/* A new random mark, NUL-terminated, into m (GROUPBY_MARK_LEN + 1 bytes). */
void groupby_mark(char *m);

struct groupby;

/* Takes key (groupby_free frees it); mark lives as long as the groupby. */
struct groupby *groupby_new(struct linekey *key, const char *mark);
void groupby_free(struct groupby *g);
struct linekey *groupby_key(struct groupby *g);
/* The whole lines of in[*start..) (at eof, all of it) onto out, marked; *start moves past
 * them. */
void groupby_move(struct groupby *g, const struct buf *in, size_t *start, int eof, struct buf *out);
/* d[0..n) onto out without its marks. */
void groupby_strip(const struct groupby *g, const char *d, size_t n, struct buf *out);

#endif
