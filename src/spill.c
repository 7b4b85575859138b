/* spill: job output held in parking pipes and memory buffers, and in unlinked temporary files
 * past a bound. */
#define _GNU_SOURCE /* O_TMPFILE, splice */
#include "spill.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "pass.h"
#include "stall.h"
#include "util.h"

#define SPILL_CHUNK 65536
#define SPILL_PARKS 64 /* parking pipes open at once (two descriptors each) */
#define SPILL_PARK_SIZE (1 << 20)
#define SPILL_SPARES 8                     /* buffers kept for the next jobs */
#define SPILL_SPARE_MAX ((size_t)16 << 20) /* bytes they may come to */

struct spill {
    size_t limit;
    size_t held; /* bytes in memory across every obuf */
    char *dir;
    /* Buffers of jobs printed, kept for the jobs after them: fresh memory for every job
     * costs a page fault every 4 KiB, more than the copying. */
    struct buf spare[SPILL_SPARES];
    size_t nspare;
    size_t spare_bytes;
    size_t nparks;
    int in_memory; /* a spill file could not be made: said once, and memory holds it all */
};

struct spill *spill_new(size_t mem_limit, const char *tmpdir)
{
    struct spill *sp = xcalloc(1, sizeof *sp);

    if (tmpdir == NULL || *tmpdir == '\0')
        tmpdir = getenv("TMPDIR");
    if (tmpdir == NULL || *tmpdir == '\0')
        tmpdir = "/tmp";
    sp->dir = xstrdup(tmpdir);
    sp->limit = mem_limit;
    return sp;
}

void spill_free(struct spill *sp)
{
    for (size_t i = 0; i < sp->nspare; i++)
        buf_free(&sp->spare[i]);
    free(sp->dir);
    free(sp);
}

const char *spill_dir(const struct spill *sp)
{
    return sp->dir;
}

int spill_tmpfile(const struct spill *sp, int keep, const char *suffix, char **name)
{
    int fd;

#ifdef O_TMPFILE
    if (!keep) {
        fd = open(sp->dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
            return fd;
    }
#endif
    struct buf path = {0};
    buf_adds(&path, sp->dir);
    buf_adds(&path, "/lanes.XXXXXX");
    buf_adds(&path, suffix ? suffix : "");
    fd = mkstemps(buf_cstr(&path), suffix ? (int)strlen(suffix) : 0);
    if (fd >= 0) {
        util_fd_flags(fd, 0);
        if (!keep)
            unlink(path.data);
    }
    if (keep && fd >= 0)
        *name = path.data;
    else
        buf_free(&path);
    return fd;
}

unsigned long long obuf_len(const struct obuf *b)
{
    return b->parked + b->mem.len + b->flen;
}

/* Keep a buffer for later, or free it: the largest are worth keeping, within a bound that
 * is never more than the memory output may take. */
static void spare_put(struct spill *sp, struct buf *b)
{
    size_t bound = sp->limit < SPILL_SPARE_MAX ? sp->limit : SPILL_SPARE_MAX;
    size_t small = 0;

    for (size_t i = 1; i < sp->nspare; i++)
        if (sp->spare[i].cap < sp->spare[small].cap)
            small = i;
    if (sp->nspare == SPILL_SPARES && sp->spare[small].cap < b->cap) {
        sp->spare_bytes -= sp->spare[small].cap;
        buf_free(&sp->spare[small]);
        sp->spare[small] = sp->spare[--sp->nspare];
    }
    if (b->cap == 0 || sp->nspare == SPILL_SPARES || sp->spare_bytes + b->cap > bound) {
        buf_free(b);
        return;
    }
    sp->spare_bytes += b->cap;
    b->len = 0;
    sp->spare[sp->nspare++] = *b;
    *b = (struct buf){0};
}

/* The largest buffer kept, for an obuf that has none yet. */
static void spare_take(struct spill *sp, struct buf *b)
{
    size_t big = 0;

    if (sp->nspare == 0)
        return;
    for (size_t i = 1; i < sp->nspare; i++)
        if (sp->spare[i].cap > sp->spare[big].cap)
            big = i;
    *b = sp->spare[big];
    sp->spare_bytes -= b->cap;
    sp->spare[big] = sp->spare[--sp->nspare];
}

/* Past the bound, with no spill file to be had (descriptors or the disk ran out), output is
 * kept in memory all the same: a run that uses more memory than asked beats one that loses
 * a job's output. */
static int spill_new_file(struct spill *sp, struct obuf *b)
{
    b->fd = spill_tmpfile(sp, 0, NULL, NULL);
    if (b->fd >= 0)
        return 0;
    if (!sp->in_memory)
        util_warn("cannot spill output to %s: %s; holding it in memory", sp->dir, strerror(errno));
    sp->in_memory = 1;
    return -1;
}

int obuf_append(struct spill *sp, struct obuf *b, const char *p, size_t n)
{
    if (b->fd < 0 && (sp->held + n <= sp->limit || spill_new_file(sp, b) != 0)) {
        if (b->mem.data == NULL)
            spare_take(sp, &b->mem);
        buf_append(&b->mem, p, n);
        sp->held += n;
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
    char chunk[SPILL_CHUNK];

    if (b->mem.len > 0 && (rc = fn(ctx, b->mem.data, b->mem.len)) != 0)
        return rc;
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

static int write_fd(void *ctx, const char *p, size_t n)
{
    return util_write_all(*(int *)ctx, p, n);
}

int obuf_write(const struct obuf *b, int fd)
{
    return obuf_each(b, write_fd, &fd);
}

static void park_close(struct spill *sp, struct obuf *b)
{
    if (b->park[0] < 0)
        return;
    close(b->park[0]);
    if (b->park[1] >= 0)
        close(b->park[1]);
    b->park[0] = b->park[1] = -1;
    sp->held -= b->parked < sp->held ? b->parked : sp->held;
    b->parked = 0;
    sp->nparks--;
}

#ifdef SPLICE_F_MOVE
/* A pipe to park output in, as large as the job's own; -1 when none can be had now. */
static int park_open(struct spill *sp, struct obuf *b)
{
    if (sp->nparks >= SPILL_PARKS ||
        util_pipe(b->park, UTIL_NB_READ | UTIL_NB_WRITE, SPILL_PARK_SIZE) != 0) {
        b->park[0] = b->park[1] = -1;
        return -1;
    }
    sp->nparks++;
    return 0;
}

ssize_t obuf_park(struct spill *sp, struct obuf *b, int from)
{
    /* Parked bytes are output held in memory, the kernel's: --output-memory bounds them. */
    size_t room = sp->limit > sp->held ? sp->limit - sp->held : 0;
    if (room > SPILL_PARK_SIZE)
        room = SPILL_PARK_SIZE;
    int avail = 0;
    /* Most jobs print little or nothing: no pipe for a job until it has something to park. */
    if (b->park[1] < 0 && !b->parked_all && (ioctl(from, FIONREAD, &avail) != 0 || avail <= 0)) {
        errno = ENOTSUP;
        return -1;
    }
    if (b->parked_all || b->mem.len > 0 || b->fd >= 0 || room == 0 ||
        (b->park[1] < 0 && park_open(sp, b) != 0)) {
        b->parked_all = 1;
        errno = ENOTSUP;
        return -1;
    }
    ssize_t n = splice(from, NULL, b->park[1], NULL, room, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (n >= 0) {
        b->parked += (unsigned long long)n;
        sp->held += (size_t)n;
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
static int unpark_copy(int from, int fd)
{
    char chunk[SPILL_CHUNK];
    ssize_t r;

    while ((r = read(from, chunk, sizeof chunk)) > 0)
        if (stall_write(fd, chunk, (size_t)r) != 0)
            return -1;
    return r < 0 && errno != EAGAIN ? -1 : 0;
}

int obuf_unpark(struct spill *sp, struct obuf *b, int fd)
{
    int rc = 0;

    b->parked_all = 1;
    if (b->park[0] < 0)
        return 0;
    close(b->park[1]); /* the end of what is parked is end of file */
    b->park[1] = -1;
    for (;;) {
        ssize_t n = pass_move(b->park[0], fd, SPILL_PARK_SIZE);
        if (n > 0)
            continue;
        if (n < 0 && errno == ENOTSUP)
            rc = unpark_copy(b->park[0], fd);
        else if (n < 0 && errno != EAGAIN)
            rc = -1;
        break;
    }
    int e = errno;
    park_close(sp, b);
    errno = e;
    return rc;
}

void obuf_release(struct spill *sp, struct obuf *b)
{
    park_close(sp, b);
    b->parked_all = 0;
    sp->held -= b->mem.len < sp->held ? b->mem.len : sp->held;
    spare_put(sp, &b->mem);
    if (b->fd >= 0)
        close(b->fd);
    b->fd = -1;
    b->flen = 0;
}
