/* stall: a write to a pipe, a socket or a terminal can block for as long as its reader
 * pleases. Making the descriptor non-blocking would change it for every process that shares
 * it (the shell, the other commands of a pipeline), so instead lanes asks poll(2) first and
 * then writes no more than the kernel promises to take at once (PIPE_BUF). Regular files
 * never stall and are written whole. */
#include "stall.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

static int stall_wake_fd = -1;
static int (*stall_tick)(void *ctx, int *give_up);
static void *stall_ctx;

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

int stall_write(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    int may_block = len > 0 && stall_may_block(fd);

    while (len > 0) {
        struct pollfd ready = {.fd = fd, .events = POLLOUT};
        if (may_block && poll(&ready, 1, 0) == 0 && stall_wait(fd) != 0)
            return -1;
        size_t chunk = may_block && len > PIPE_BUF ? PIPE_BUF : len;
        ssize_t n = write(fd, p, chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}
