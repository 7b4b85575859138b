/* obuf: the output of one stream of one job, held until its turn: first what is parked in a
 * pipe (moved there by splice, never copied), then a memory part, then whatever went past the
 * shared bound into a spill file. */
#ifndef LANES_OBUF_H
#define LANES_OBUF_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "spill.h"
#include "squeeze.h"

struct obuf {
    struct buf mem;
    int fd;                    /* the spill file, or -1 */
    unsigned long long flen;   /* bytes in the spill file */
    int park[2];               /* the parking pipe, or -1 */
    unsigned long long parked; /* bytes in it */
    int parked_all;            /* it is full, or bytes went elsewhere: park no more */
    struct squeeze *z;         /* --compress: the spill file's compressor, or NULL */
};

#define OBUF_INIT                                                                                  \
    {                                                                                              \
        {0}, -1, 0, {-1, -1}, 0, 0, NULL                                                           \
    }

/* Append n bytes: in memory up to the bound, then in a spill file (in memory all the same
 * when none can be made). Returns 0, or -1 with errno when the spill file could not take
 * them (ENOSPC, EIO ...): those bytes are lost and the caller reports it. */
int obuf_append(struct spill *sp, struct obuf *b, const char *p, size_t n);
/* Total bytes held. */
unsigned long long obuf_len(const struct obuf *b);
/* Hand the bytes, in order, to fn; stops at and returns the first nonzero fn result, or
 * -1 with errno when the spill file cannot be read. */
int obuf_each(const struct obuf *b, int (*fn)(void *ctx, const char *p, size_t n), void *ctx);
/* Write all the bytes to fd. Returns 0, or -1 with errno. */
int obuf_write(const struct obuf *b, int fd);
/* Forget the bytes: free the memory, close the file. */
void obuf_release(struct spill *sp, struct obuf *b);

/* Move what the pipe from (non-blocking) holds into b's parking pipe, where nothing copies it,
 * while b has held nothing else and a parking pipe can be had. Returns as read(2), the bytes
 * moved; -1 with errno ENOTSUP when they must be read and appended instead, EAGAIN when the
 * pipe holds nothing now. */
ssize_t obuf_park(struct spill *sp, struct obuf *b, int from);
/* Move what b has parked to fd, then stop parking (call before obuf_each). Returns 0, or -1
 * with errno from writing fd. */
int obuf_unpark(struct spill *sp, struct obuf *b, int fd);

#endif
