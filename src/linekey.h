/* linekey: the key of one input line for --group-by, --shard and --bin: a column (a number, or
 * a name from the header line), a Perl expression run on the line, or a column and then an
 * expression run on its value, as GNU parallel reads them. */
#ifndef LANES_LINEKEY_H
#define LANES_LINEKEY_H

#include <stddef.h>

#include "buf.h"

struct linekey;

/* spec as the user gave option opt (e.g. "group-by"); colsep the --colsep regex, NULL for a
 * tab. Exits 255 naming the option on a column that is not a positive number or a Perl
 * expression that does not compile. Perl starts only when there is an expression. */
struct linekey *linekey_new(const char *opt, const char *spec, const char *colsep);
void linekey_free(struct linekey *k);
/* Whether the column is named: the first line of the input then holds the names. */
int linekey_named(const struct linekey *k);
/* Find the named column in the header line h (len bytes, its newline too); exits 255 when it
 * is not there. */
void linekey_names(struct linekey *k, const char *h, size_t len);
/* The key of line d[0..len) (its newline too, as GNU parallel's Perl sees it) into out. */
void linekey_of(struct linekey *k, const char *d, size_t len, struct buf *out);

#endif
