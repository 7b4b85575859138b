/* buf: growable byte buffers. */
#ifndef LANES_BUF_H
#define LANES_BUF_H

#include <stddef.h>

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
void buf_free(struct buf *b);

#endif
