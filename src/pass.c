/* pass: splice from a job's pipe to stdout, and from a file to a job's pipe (--pipe-part),
 * with read and write where the system cannot. */
#define _GNU_SOURCE /* splice */
#include "pass.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#ifdef SPLICE_F_MOVE

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
        return -1;
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
