/* stall: a write to a pipe, a socket or a terminal can block for as long as its reader
 * pleases. Making the descriptor non-blocking would change it for every process that shares
 * it (the shell, the other commands of a pipeline), so instead lanes asks poll(2) first and
 * then writes no more than the kernel promises to take at once (PIPE_BUF). Regular files
 * never stall and are written whole.
 *
 * While the loop runs, what a reader does not take now waits in one queue, stdout's and
 * stderr's bytes in the order they were written, and the loop hands the rest over when the
 * descriptor is ready. Only a queue past STALL_HARD (4 MiB) makes a write wait, and then the
 * loop's tick goes on beside it. */
#include "stall.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "pass.h"
#include "util.h"

/* Past STALL_HARD a write waits for the reader, so that memory stays bounded whatever a job
 * prints at once. The queue is cut in pieces of STALL_PIECE, each freed once written. */
#define STALL_HARD (4UL << 20)
#define STALL_PIECE (256UL << 10)

struct stall_seg {
    int fd;
    int from;    /* a pipe whose bytes go to fd, moved by splice, or -1: the bytes are in b */
    size_t left; /* what the pipe holds */
    struct buf b;
    size_t off; /* written so far */
    struct stall_seg *next;
};

static int stall_wake_fd = -1;
static int (*stall_tick)(void *ctx, int *give_up);
static void *stall_ctx;
static struct stall_seg *q_head, *q_tail;
static size_t q_bytes;
static int stall_full_fd = -1; /* a splice found it full: the loop waits for room there */

void stall_on_wait(int wake_fd, int (*tick)(void *ctx, int *give_up), void *ctx)
{
    stall_wake_fd = wake_fd;
    stall_tick = tick;
    stall_ctx = ctx;
}

/* Whether writes to fd can wait on a reader: a pipe, a socket, a terminal. What stdout and
 * stderr are is asked once; any other descriptor is taken to be one that can. */
static int stall_may_block(int fd)
{
    static signed char known[3] = {-1, -1, -1};
    struct stat st;

    if (fd < 0 || fd > 2)
        return 1;
    if (known[fd] < 0)
        known[fd] = (signed char)(fstat(fd, &st) != 0 || S_ISFIFO(st.st_mode) ||
                                  S_ISSOCK(st.st_mode) || S_ISCHR(st.st_mode));
    return known[fd];
}

int stall_wait(int fd)
{
    int ms = 0; /* the tick says how long the first wait may be */

    for (;;) {
        struct pollfd p[2] = {{.fd = fd, .events = POLLOUT},
                              {.fd = stall_tick ? stall_wake_fd : -1, .events = POLLIN}};
        int n = poll(p, 2, ms);
        if (n < 0 && errno != EINTR)
            return -1;
        if (n > 0 && p[0].revents) /* ready, or an error the write will name */
            return 0;
        if (stall_tick) {
            int give_up = 0;
            ms = stall_tick(stall_ctx, &give_up);
            if (give_up) {
                errno = EINTR;
                return -1;
            }
        }
    }
}

/* Write what fd takes without waiting (all of it to a file). Returns the bytes written, or
 * -1 with errno. */
static ssize_t stall_try(int fd, const char *p, size_t len)
{
    int may_block = stall_may_block(fd);
    size_t done = 0;

    while (done < len) {
        struct pollfd ready = {.fd = fd, .events = POLLOUT};
        if (may_block && poll(&ready, 1, 0) == 0)
            break;
        size_t chunk = may_block && len - done > PIPE_BUF ? PIPE_BUF : len - done;
        ssize_t n = write(fd, p + done, chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        done += (size_t)n;
    }
    return (ssize_t)done;
}

/* Write all of p, waiting for the reader as long as it takes. */
static int stall_write_wait(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = stall_try(fd, p, len);
        if (n < 0)
            return -1;
        p += n;
        len -= (size_t)n;
        if (len > 0 && stall_wait(fd) != 0)
            return -1;
    }
    return 0;
}

static void stall_add(int fd, int from)
{
    struct stall_seg *s = xcalloc(1, sizeof *s);

    s->fd = fd;
    s->from = from;
    if (q_tail)
        q_tail->next = s;
    else
        q_head = s;
    q_tail = s;
}

static void stall_push(int fd, const char *p, size_t len)
{
    if (q_tail == NULL || q_tail->fd != fd || q_tail->from >= 0 || q_tail->off > 0 ||
        q_tail->b.len >= STALL_PIECE)
        stall_add(fd, -1);
    buf_append(&q_tail->b, p, len);
    q_bytes += len;
}

void stall_put_pipe(int fd, int from, size_t n)
{
    stall_add(fd, from);
    q_tail->left = n;
    q_bytes += n;
}

static void stall_seg_free(struct stall_seg *s)
{
    q_bytes -= s->b.len - s->off + s->left;
    if (s->from >= 0)
        close(s->from);
    buf_free(&s->b);
    free(s);
}

static void stall_pop(void)
{
    struct stall_seg *s = q_head;

    q_head = s->next;
    if (q_head == NULL)
        q_tail = NULL;
    stall_seg_free(s);
}

/* Move the bytes a pipe segment holds (a writer may still hold its other end: only those
 * bytes are the segment's); where it cannot be spliced they are read into the segment, which
 * goes on as any other. Returns 1 when they are moved, 0 when fd is full, -1 with errno. */
static int stall_pump_pipe(struct stall_seg *s)
{
    size_t start = 0;

    while (s->left > 0) {
        ssize_t n = pass_move(s->from, s->fd, s->left < (1UL << 20) ? s->left : 1UL << 20);
        if (n == 0) /* (ended early) */
            break;
        if (n > 0) {
            s->left -= (size_t)n;
            q_bytes -= (size_t)n;
            continue;
        }
        struct pollfd in = {.fd = s->from, .events = POLLIN};
        if (errno == EAGAIN && poll(&in, 1, 0) > 0)
            return 0;        /* fd is full */
        if (errno == EAGAIN) /* (nothing left after all) */
            break;
        if (errno != ENOTSUP)
            return -1;
        size_t had = s->b.len;
        while (buf_read(&s->b, &start, s->from, 1 << 16) > 0)
            ;
        q_bytes += s->b.len - had;
        break;
    }
    q_bytes -= s->left;
    s->left = 0;
    close(s->from);
    s->from = -1;
    return 1;
}

int stall_pump(void)
{
    stall_full_fd = -1;
    while (q_head) {
        struct stall_seg *s = q_head;
        int moved = s->from >= 0 ? stall_pump_pipe(s) : 1;
        if (moved == 0)
            return 0;
        ssize_t n = moved < 0            ? -1
                    : s->off == s->b.len ? 0 /* (a pipe's segment may hold no bytes) */
                                         : stall_try(s->fd, s->b.data + s->off, s->b.len - s->off);
        if (n < 0) { /* that reader is gone: nothing queued for it can reach it */
            int e = errno, fd = s->fd;
            for (struct stall_seg **at = &q_head; *at;) {
                if ((*at)->fd == fd) {
                    struct stall_seg *gone = *at;
                    *at = gone->next;
                    stall_seg_free(gone);
                } else {
                    at = &(*at)->next;
                }
            }
            for (q_tail = q_head; q_tail && q_tail->next; q_tail = q_tail->next)
                ;
            errno = e;
            return -1;
        }
        s->off += (size_t)n;
        q_bytes -= (size_t)n;
        if (s->off < s->b.len)
            return 0;
        stall_pop();
    }
    return 0;
}

/* Past the hard bound, wait for the reader until half of the queue has gone. */
static int stall_drain(size_t to)
{
    while (q_head && q_bytes > to) {
        if (stall_wait(q_head->fd) != 0 || stall_pump() != 0)
            return -1;
    }
    return 0;
}

int stall_write(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    if (len == 0)
        return 0;
    if (stall_tick == NULL) /* no loop to hand the rest to */
        return stall_write_wait(fd, p, len);
    if (q_head == NULL && fd != stall_full_fd) {
        ssize_t n = stall_try(fd, p, len);
        if (n < 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    if (len == 0)
        return 0;
    stall_push(fd, p, len);
    return q_bytes > STALL_HARD ? stall_drain(STALL_HARD / 2) : 0;
}

int stall_idle(void)
{
    return q_head == NULL && stall_full_fd < 0;
}

int stall_fd(void)
{
    return q_head ? q_head->fd : stall_full_fd;
}

void stall_full(int fd)
{
    stall_full_fd = fd;
}

int stall_flush(void)
{
    stall_full_fd = -1;
    return stall_drain(0);
}

void stall_drop(void)
{
    while (q_head)
        stall_pop();
    stall_full_fd = -1;
}
