/* plus: the --plus operations on one argument: {..} {/re/str} {:pos:len} ... */
#ifndef LANES_PLUS_H
#define LANES_PLUS_H

#include <stddef.h>

#include "buf.h"

struct plus_op;

/* Parse the text between the braces of a replacement string, e.g. "..", "/a/b", ":2:3",
 * "3.." or "2:-x" (a leading positional number is stored in *pos, 0 when absent, negative for
 * "-n" forms where GNU parallel allows them). Returns NULL when the text is not a --plus
 * operation (the caller then treats the braces as literal text); exits via util_die with a
 * clear message (naming the whole replacement string, e.g. "lanes: bad regex in {/a(/b}: ...")
 * when it is one but malformed, e.g. a regex PCRE2 cannot compile.
 *
 * GNU parallel reads the position "0" as every argument, like no position at all, but "00" or
 * "-0" as an argument that never exists; those store LONG_MIN, which no argument list reaches.
 * Positions too large for a long are clamped to LONG_MAX or -LONG_MAX, also out of reach. */
struct plus_op *plus_parse(const char *inner, size_t len, long *pos);
/* Append the operation applied to val (len bytes) to out. */
void plus_apply(const struct plus_op *op, const char *val, size_t len, struct buf *out);
void plus_free(struct plus_op *op);

#endif
