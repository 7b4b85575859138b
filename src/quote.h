/* quote: shell quoting as GNU parallel quotes, so input is always data. */
#ifndef LANES_QUOTE_H
#define LANES_QUOTE_H

#include <stddef.h>

#include "buf.h"

/* Append s (n bytes) to dst quoted for a Bourne shell: untouched when it holds only
 * [-_.+/a-zA-Z0-9], '' when empty, otherwise in single quotes with each single quote
 * written as '"'"', and no empty '' left at either end. */
void quote_append(struct buf *dst, const char *s, size_t n);

#endif
