/* buf: growable byte buffers. */
#ifndef LANES_BUF_H
#define LANES_BUF_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct buf {
    char *data;
    size_t len;
    size_t cap;
};

void buf_append(struct buf *b, const void *data, size_t len);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
/* Make sure room bytes can be appended without growing. */
void buf_reserve(struct buf *b, size_t room);
/* Terminate with NUL (not counted in len) and return the data. */
char *buf_cstr(struct buf *b);
void buf_reset(struct buf *b);
/* One read(2) of up to room bytes from fd onto the end of b, after dropping the *start bytes
 * before the part still wanted (*start becomes 0). Returns what read returned. */
ssize_t buf_read(struct buf *b, size_t *start, int fd, size_t room);
/* Append all that is left of stream f. Returns 0, or -1 when reading it failed. */
int buf_read_stream(struct buf *b, FILE *f);
void buf_free(struct buf *b);

#endif
