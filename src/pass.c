/* pass: splice from a job's pipe to stdout, and from a file to a job's pipe (--pipe-part),
 * with read and write where the system cannot. */
#define _GNU_SOURCE /* splice */
#include "pass.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "stall.h"

#ifdef SPLICE_F_MOVE

/* A splice that would block does not say which side would: the pipe may be empty, or to full.
 * Only the second is worth waiting for. Returns 1 when to has room again, 0 when the pipe is
 * what is empty, -1 with errno when waiting was cut short. */
static int pass_wait(int from, int to)
{
    struct pollfd in = {.fd = from, .events = POLLIN};

    if (poll(&in, 1, 0) == 0)
        return 0;
    return stall_wait(to) == 0 ? 1 : -1;
}

ssize_t pass_move(int from, int to, size_t n)
{
    for (;;) {
        ssize_t r = splice(from, NULL, to, NULL, n, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (r >= 0)
            return r;
        if (errno == EINVAL || errno == ENOSYS || errno == EBADF)
            errno = ENOTSUP; /* a terminal, an O_APPEND file, an old kernel */
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN)
            return -1;
        int w = pass_wait(from, to);
        if (w <= 0) {
            errno = w == 0 ? EAGAIN : errno;
            return -1;
        }
    }
}

#else

ssize_t pass_move(int from, int to, size_t n)
{
    (void)from;
    (void)to;
    (void)n;
    errno = ENOTSUP;
    return -1;
}

#endif

ssize_t pass_range(int from, off_t *off, int to, size_t n)
{
    ssize_t r;

#ifdef SPLICE_F_MOVE
    loff_t at = *off;
    if ((r = splice(from, &at, to, NULL, n, SPLICE_F_MOVE | SPLICE_F_NONBLOCK)) >= 0) {
        *off = at;
        return r;
    }
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
#endif
    char b[1 << 16];
    if ((r = pread(from, b, n < sizeof b ? n : sizeof b, *off)) <= 0)
        return r;
    if ((r = write(to, b, (size_t)r)) > 0) /* what the pipe did not take is read again */
        *off += r;
    return r;
}
