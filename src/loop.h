/* loop: one poll(2) over descriptors registered with what to call when each is ready. The
 * scheduler registers afresh before every wait what it waits for now: a job's pipes, the
 * input, --tee's stdin, the pool's descriptor, the signal pipe. */
#ifndef LANES_LOOP_H
#define LANES_LOOP_H

struct loop;

/* Called with the registration's ctx and arg, and the descriptor that is ready. */
typedef void loop_fn(void *ctx, void *arg, int fd);

struct loop *loop_new(void);
void loop_free(struct loop *l);
/* Forget every registration. */
void loop_clear(struct loop *l);
/* Wait for fd to be ready for events (POLLIN, POLLOUT), then call fn(ctx, arg, fd). */
void loop_add(struct loop *l, int fd, short events, loop_fn *fn, void *ctx, void *arg);
/* Wait up to timeout ms (-1: no bound) and call, in the order they were registered, the
 * functions of the descriptors that are ready. A signal ends the wait early. */
void loop_wait(struct loop *l, int timeout);

#endif
