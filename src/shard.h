/* shard: --shard and --bin: every line of the input goes to one of the run's job slots, picked
 * by its key (a column, a Perl expression, or both, as --group-by's): --shard by a hash of the
 * key, --bin by the key's number modulo the number of slots. */
#ifndef LANES_SHARD_H
#define LANES_SHARD_H

#include <stddef.h>

#include "buf.h"

struct shard;

/* opt is "shard" or "bin"; spec as the user gave it; colsep the --colsep regex (NULL: tabs);
 * n the number of jobs. Exits 255 naming the option on a bad spec. */
struct shard *shard_new(const char *opt, const char *spec, const char *colsep, size_t n);
void shard_free(struct shard *s);
/* The lines of d[0..len) onto parts[0..n), each onto the part of its job; a named column is
 * named by the first line of all, which goes to no job. */
void shard_split(struct shard *s, const char *d, size_t len, struct buf *parts);
/* The job (0 for the first) of a --bin key: its number as Perl reads it, modulo n, where 0
 * is the last job. */
size_t shard_bin(const char *key, size_t len, size_t n);

#endif
