/* buf: growable byte buffers. */
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

void buf_reserve(struct buf *b, size_t room)
{
    size_t want = b->len + room + 1;

    if (want <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < want)
        cap *= 2;
    b->data = xreallocarray(b->data, cap, 1);
    b->cap = cap;
}

void buf_append(struct buf *b, const void *data, size_t len)
{
    buf_reserve(b, len);
    if (len > 0) /* data may be NULL then: an empty buf's */
        memcpy(b->data + b->len, data, len);
    b->len += len;
}

void buf_addc(struct buf *b, char c)
{
    buf_reserve(b, 1);
    b->data[b->len++] = c;
}

void buf_adds(struct buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

char *buf_cstr(struct buf *b)
{
    buf_reserve(b, 0);
    b->data[b->len] = '\0';
    return b->data;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
}

void buf_free(struct buf *b)
{
    free(b->data);
    *b = (struct buf){0};
}

ssize_t buf_read(struct buf *b, size_t *start, int fd, size_t room)
{
    if (*start > 0) {
        memmove(b->data, b->data + *start, b->len - *start);
        b->len -= *start;
        *start = 0;
    }
    buf_reserve(b, room);
    ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
    if (n > 0)
        b->len += (size_t)n;
    return n;
}

int buf_read_stream(struct buf *b, FILE *f)
{
    char chunk[4096];
    size_t n;

    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(b, chunk, n);
    return ferror(f) ? -1 : 0;
}
