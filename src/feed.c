/* feed: --pipe: a job's block, written to its stdin as fast as it reads. The pipe does not
 * block lanes, so a job that reads slowly holds up nothing else. */
#include "feed.h"

#include <errno.h>
#include <unistd.h>

#include "util.h"

void feed_close(struct job *j)
{
    if (j->in_fd < 0)
        return;
    j->in_cut = j->in_off < j->in.len;
    close(j->in_fd);
    j->in_fd = -1;
}

void feed_write(struct job *j)
{
    while (j->in_fd >= 0 && j->in_off < j->in.len) {
        ssize_t n = write(j->in_fd, j->in.data + j->in_off, j->in.len - j->in_off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return;
        if (n < 0) /* EPIPE: the job closed its stdin; what it did not take is not wanted */
            break;
        j->in_off += (size_t)n;
    }
    feed_close(j);
}

int feed_file(const struct job *j, int fd)
{
    return util_write_all(fd, j->in.data, j->in.len) == 0 ? 0 : errno;
}
