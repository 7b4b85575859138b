/* cols: turn one input value into fields: --colsep splitting (PCRE2) and --trim. */
#ifndef LANES_COLS_H
#define LANES_COLS_H

#include <stddef.h>

#include "buf.h"
#include "rec.h"

struct cols;

/* colsep may be NULL (one field a value); trim is NULL or one of n, l, r, lr, rl. With csv,
 * values are CSV records (RFC 4180) and colsep the separator, as it is: no regex.
 * Exits 255 naming the option on a bad regex or trim mode. */
struct cols *cols_new(const char *colsep, const char *trim, int csv);
void cols_free(struct cols *c);
int cols_splits(const struct cols *c);

/* Append the fields of s (len bytes); a CSV record that is not CSV exits 255, as GNU
 * parallel does to the growing array *f (n used, *cap allocated);
 * the field strings are copied, NUL-terminated, into strs and must be fixed up with
 * cols_fixup once strs stops growing. */
void cols_split(const struct cols *c, const char *s, size_t len, struct field **f, size_t *n,
                size_t *cap, struct buf *strs);
/* Point fields [from, n) at their strings: each field's s holds an offset into strs. */
void cols_fixup(struct field *f, size_t from, size_t n, const struct buf *strs);

#endif
