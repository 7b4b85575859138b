/* tee: --pipe --tee: all of stdin to every job. */
#include "tee.h"

#include <errno.h>
#include <stdlib.h>

#include "buf.h"
#include "util.h"

#define TEE_KEEP (1 << 20) /* bytes kept at most: reading waits for the slowest job */
#define TEE_READ (1 << 16)

struct tee {
    int fd;
    struct buf data; /* data.data + start holds input position base on */
    size_t start;
    off_t base;
    int eof;
};

struct tee *tee_new(int fd)
{
    struct tee *t = xcalloc(1, sizeof *t);

    t->fd = fd;
    return t;
}

void tee_free(struct tee *t)
{
    if (t == NULL)
        return;
    buf_free(&t->data);
    free(t);
}

int tee_fd(const struct tee *t)
{
    return t->fd;
}

int tee_wants(const struct tee *t)
{
    return !t->eof && t->data.len - t->start < TEE_KEEP;
}

void tee_read(struct tee *t)
{
    ssize_t n = buf_read(&t->data, &t->start, t->fd, TEE_READ);

    if (n < 0 && errno != EINTR && errno != EAGAIN)
        util_die_errno("--tee: cannot read the input");
    t->eof = n == 0;
}

int tee_eof(const struct tee *t)
{
    return t->eof;
}

off_t tee_end(const struct tee *t)
{
    return t->base + (off_t)(t->data.len - t->start);
}

const char *tee_at(const struct tee *t, off_t pos, size_t *len)
{
    size_t at = t->start + (size_t)(pos - t->base);

    *len = t->data.len - at;
    return t->data.data + at;
}

void tee_drop(struct tee *t, off_t pos)
{
    if (pos <= t->base)
        return;
    t->start += (size_t)(pos - t->base);
    t->base = pos;
}
