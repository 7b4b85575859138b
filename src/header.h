/* header: --header with --pipe and --pipe-part: the first lines of the input, or what a
 * regex matches at its start, which go before every block. */
#ifndef LANES_HEADER_H
#define LANES_HEADER_H

#include <stddef.h>

struct header;

/* From --header: a count of lines (0 for none), ':' for one, else a PCRE2 regex. NULL when
 * there is no header at all. Exits 255 naming --header when the regex does not compile. */
struct header *header_new(const char *spec);
void header_free(struct header *h);
/* The header's length at the start of d[0..n), into *len: 1 when that is settled, 0 when more
 * input could change it (eof says there is no more). Fewer lines than asked for, or a regex
 * that does not match, make no header. */
int header_find(const struct header *h, const char *d, size_t n, int eof, size_t *len);

#endif
