/* feed: what a job reads on its stdin, written as fast as it reads: its --pipe block (or
 * --round-robin's blocks, one after another), its --pipe-part part of a file, or with --tee all
 * of stdin. The pipe does not block lanes, so a job that reads slowly holds up nothing else. */
#include "feed.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "pass.h"
#include "tee.h"
#include "util.h"

int feed_wanted(const struct job *j)
{
    return (j->in.data || j->part_fd >= 0 || j->tee) && !j->in_path;
}

/* Whether some of the job's input is still to be written: its block (with --pipe-part, its
 * header), then its part of a file. */
int feed_pending(const struct job *j)
{
    if (j->tee)
        return j->tee_pos < tee_end(j->tee);
    return j->in_off < j->in.len || (j->part_fd >= 0 && j->part_off < j->part_end);
}

/* Whether it is to wait, stdin open, for more: the next block of --round-robin, or more of the
 * input of --tee. */
static int feed_waits(const struct job *j)
{
    return j->in_more || (j->tee && !tee_eof(j->tee));
}

/* One write of what is pending; returns as write(2). */
static ssize_t feed_once(struct job *j)
{
    ssize_t n;

    if (j->tee) {
        size_t len;
        const char *p = tee_at(j->tee, j->tee_pos, &len);
        if ((n = write(j->in_fd, p, len)) > 0)
            j->tee_pos += n;
    } else if (j->in_off < j->in.len) {
        if ((n = write(j->in_fd, j->in.data + j->in_off, j->in.len - j->in_off)) > 0)
            j->in_off += (size_t)n;
    } else {
        off_t left = j->part_end - j->part_off;
        n = pass_range(j->part_fd, &j->part_off, j->in_fd,
                       left < (1 << 30) ? (size_t)left : (size_t)1 << 30);
    }
    return n;
}

void feed_close(struct job *j)
{
    if (j->in_fd < 0)
        return;
    /* A --pipe-part or --tee job may leave its input unread, as in GNU parallel. */
    j->in_cut = j->part_fd < 0 && !j->tee && feed_pending(j);
    close(j->in_fd);
    j->in_fd = -1;
}

void feed_write(struct job *j)
{
    while (j->in_fd >= 0 && feed_pending(j)) {
        ssize_t n = feed_once(j);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return;
        if (n <= 0) { /* EPIPE: the job closed its stdin (or the file got shorter) */
            feed_close(j);
            return;
        }
    }
    if (j->in_fd >= 0 && feed_waits(j))
        return;
    feed_close(j);
}

int feed_file(const struct job *j, int fd)
{
    char b[1 << 16];

    if (util_write_all(fd, j->in.data, j->in.len) != 0)
        return errno;
    for (off_t off = j->part_start; j->part_fd >= 0 && off < j->part_end;) {
        off_t left = j->part_end - off;
        ssize_t n = pread(j->part_fd, b, left < (off_t)sizeof b ? (size_t)left : sizeof b, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : EIO;
        if (util_write_all(fd, b, (size_t)n) != 0)
            return errno;
        off += n;
    }
    return 0;
}

pid_t feed_fifo(const struct job *j)
{
    pid_t pid = fork();

    if (pid != 0)
        return pid;
    /* It holds nothing of lanes' open but a --pipe-part file: no pipe stays open for it. */
    struct job c = *j;
    if (c.part_fd >= 0 && (c.part_fd = dup2(c.part_fd, 3)) < 0)
        _exit(1);
    closefrom(c.part_fd >= 0 ? 4 : 3);
    int fd = open(c.in_path, O_WRONLY); /* waits for the job to open it for reading */
    _exit(fd >= 0 && feed_file(&c, fd) == 0 ? 0 : 1);
}

void feed_on_ready(void *ctx, void *arg, int fd)
{
    struct job *j = arg;

    (void)ctx;
    if (fd == j->in_fd) /* not one closed and opened again in this round */
        feed_write(j);
}
