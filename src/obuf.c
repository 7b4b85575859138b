/* obuf: a job's held output, in a parking pipe, a memory buffer and a spill file, in that
 * order; what they may take is spill's to say. */
#define _GNU_SOURCE /* splice */
#include "obuf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "pass.h"
#include "stall.h"
#include "util.h"

#define OBUF_CHUNK 65536
#define OBUF_PARK_SIZE (1 << 20)

unsigned long long obuf_len(const struct obuf *b)
{
    return b->parked + b->mem.len + b->flen;
}

/* Whether n bytes go to memory: while b has no spill file and they fit, or when none can be
 * made for it. */
static int obuf_in_memory(struct spill *sp, struct obuf *b, size_t n)
{
    if (b->fd >= 0)
        return 0;
    if (spill_fits(sp, n))
        return 1;
    b->fd = spill_file(sp);
    const char *comp, *unz;
    spill_compressors(sp, &comp, &unz);
    if (b->fd >= 0 && comp != NULL && (b->z = squeeze_open(comp, unz, b->fd)) == NULL)
        util_warn("cannot start --compress-program '%s': %s; the output is kept uncompressed", comp,
                  strerror(errno));
    return b->fd < 0;
}

int obuf_append(struct spill *sp, struct obuf *b, const char *p, size_t n)
{
    if (obuf_in_memory(sp, b, n)) {
        if (b->mem.data == NULL)
            spill_spare_take(sp, &b->mem);
        buf_append(&b->mem, p, n);
        spill_hold(sp, n);
        return 0;
    }
    if (b->z != NULL) {
        if (squeeze_write(b->z, p, n) != 0)
            return -1;
        b->flen += n;
        return 0;
    }
    while (n > 0) {
        ssize_t w = pwrite(b->fd, p, n, (off_t)b->flen);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return w < 0 ? -1 : (errno = EIO, -1);
        b->flen += (unsigned long long)w;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int obuf_each(const struct obuf *b, int (*fn)(void *ctx, const char *p, size_t n), void *ctx)
{
    int rc = 0;
    char chunk[OBUF_CHUNK];

    if (b->mem.len > 0 && (rc = fn(ctx, b->mem.data, b->mem.len)) != 0)
        return rc;
    if (b->z != NULL && b->flen > 0)
        return squeeze_each(b->z, b->fd, fn, ctx);
    for (unsigned long long off = 0; off < b->flen;) {
        ssize_t r = pread(b->fd, chunk, sizeof chunk, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r < 0 ? -1 : (errno = EIO, -1);
        if ((rc = fn(ctx, chunk, (size_t)r)) != 0)
            return rc;
        off += (unsigned long long)r;
    }
    return 0;
}

static int obuf_write_fd(void *ctx, const char *p, size_t n)
{
    return util_write_all(*(int *)ctx, p, n);
}

int obuf_write(const struct obuf *b, int fd)
{
    return obuf_each(b, obuf_write_fd, &fd);
}

/* The pipe may have gone to stall already: its bytes are no longer b's either way. */
static void obuf_park_close(struct spill *sp, struct obuf *b)
{
    spill_park_close(sp, b->park);
    spill_drop(sp, b->parked);
    b->parked = 0;
}

#ifdef SPLICE_F_MOVE
ssize_t obuf_park(struct spill *sp, struct obuf *b, int from)
{
    /* Parked bytes are output held in memory, the kernel's: --output-memory bounds them. */
    size_t room = spill_room(sp);
    if (room > OBUF_PARK_SIZE)
        room = OBUF_PARK_SIZE;
    int avail = 0;
    /* Most jobs print little or nothing: no pipe for a job until it has something to park. */
    if (b->park[1] < 0 && !b->parked_all && (ioctl(from, FIONREAD, &avail) != 0 || avail <= 0)) {
        errno = ENOTSUP;
        return -1;
    }
    if (b->parked_all || b->mem.len > 0 || b->fd >= 0 || room == 0 ||
        (b->park[1] < 0 && spill_park_open(sp, b->park, OBUF_PARK_SIZE) != 0)) {
        b->parked_all = 1;
        errno = ENOTSUP;
        return -1;
    }
    ssize_t n = splice(from, NULL, b->park[1], NULL, room, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (n >= 0) {
        b->parked += (unsigned long long)n;
        spill_hold(sp, (size_t)n);
        return n;
    }
    if (errno == EAGAIN || errno == EINTR) {
        /* Either side may be why: only a full parking pipe sends the rest to memory. */
        struct pollfd in = {.fd = from, .events = POLLIN};
        if (poll(&in, 1, 0) <= 0 || !(in.revents & POLLIN)) {
            errno = EAGAIN;
            return -1;
        }
    }
    b->parked_all = 1;
    errno = ENOTSUP;
    return -1;
}
#else
ssize_t obuf_park(struct spill *sp, struct obuf *b, int from)
{
    (void)sp;
    (void)from;
    b->parked_all = 1;
    errno = ENOTSUP;
    return -1;
}
#endif

/* What is parked, read and written where it cannot be spliced. */
static int obuf_unpark_copy(int from, int fd)
{
    char chunk[OBUF_CHUNK];
    ssize_t r;

    while ((r = read(from, chunk, sizeof chunk)) > 0)
        if (stall_write(fd, chunk, (size_t)r) != 0)
            return -1;
    return r < 0 && errno != EAGAIN ? -1 : 0;
}

int obuf_unpark(struct spill *sp, struct obuf *b, int fd)
{
    int rc = 0;
    ssize_t n = -1;

    b->parked_all = 1;
    if (b->park[0] < 0)
        return 0;
    close(b->park[1]); /* the end of what is parked is end of file */
    b->park[1] = -1;
    unsigned long long moved = 0;
    errno = EAGAIN;
    while (stall_idle() && (n = pass_move(b->park[0], fd, OBUF_PARK_SIZE)) > 0)
        moved += (unsigned long long)n;
    if (n < 0 && errno == ENOTSUP) {
        rc = obuf_unpark_copy(b->park[0], fd);
    } else if (n < 0 && errno == EAGAIN) { /* fd is full, or output waits before this */
        stall_put_pipe(fd, b->park[0], moved < b->parked ? (size_t)(b->parked - moved) : 0);
        spill_park_hand(sp, b->park);
    } else if (n < 0) {
        rc = -1;
    }
    int e = errno;
    obuf_park_close(sp, b);
    errno = e;
    return rc;
}

void obuf_release(struct spill *sp, struct obuf *b)
{
    obuf_park_close(sp, b);
    b->parked_all = 0;
    spill_drop(sp, b->mem.len);
    spill_spare_put(sp, &b->mem);
    squeeze_free(b->z);
    b->z = NULL;
    if (b->fd >= 0)
        close(b->fd);
    b->fd = -1;
    b->flen = 0;
}
