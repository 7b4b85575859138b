/* loop: the registrations live in two arrays side by side, the pollfds as poll(2) takes them
 * and what to call for each; both grow and are never shrunk. */
#include "loop.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>

#include "util.h"

struct loop_call {
    loop_fn *fn;
    void *ctx, *arg;
};

struct loop {
    struct pollfd *pfd;
    struct loop_call *call;
    size_t n, cap;
};

struct loop *loop_new(void)
{
    return xcalloc(1, sizeof(struct loop));
}

void loop_free(struct loop *l)
{
    if (l == NULL)
        return;
    free(l->pfd);
    free(l->call);
    free(l);
}

void loop_clear(struct loop *l)
{
    l->n = 0;
}

void loop_add(struct loop *l, int fd, short events, loop_fn *fn, void *ctx, void *arg)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->pfd = xreallocarray(l->pfd, l->cap, sizeof *l->pfd);
        l->call = xreallocarray(l->call, l->cap, sizeof *l->call);
    }
    l->pfd[l->n] = (struct pollfd){.fd = fd, .events = events};
    l->call[l->n++] = (struct loop_call){fn, ctx, arg};
}

void loop_wait(struct loop *l, int timeout)
{
    if (poll(l->pfd, l->n, timeout) < 0) {
        if (errno != EINTR)
            util_die_errno("poll");
        return;
    }
    for (size_t i = 0; i < l->n; i++)
        if (l->pfd[i].revents)
            l->call[i].fn(l->call[i].ctx, l->call[i].arg, l->pfd[i].fd);
}
