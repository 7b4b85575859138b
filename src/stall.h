/* stall: writing to stdout and stderr, whose readers may stop reading, without stopping the
 * run. While the loop runs, a write hands what the reader does not take now to a queue that
 * the loop empties when the descriptor is ready; before and after it, and past the queue's
 * bound, a write waits in poll(2) beside the loop's wake-up descriptor, and the loop's tick
 * runs meanwhile, so timeouts, --term-seq and Ctrl-C still work. */
#ifndef LANES_STALL_H
#define LANES_STALL_H

#include <stddef.h>

/* The loop runs: while a write waits, tick(ctx) runs whenever wake_fd is readable or the ms it
 * last returned have passed (-1: only on a wake-up); it sets *give_up to make the write fail
 * with EINTR. tick NULL: the loop has ended, and writes wait (stall_flush first). */
void stall_on_wait(int wake_fd, int (*tick)(void *ctx, int *give_up), void *ctx);
/* Wait until fd can take more. Returns 0, or -1 with errno (EINTR when tick gave up). */
int stall_wait(int fd);
/* Write all of p to fd, or queue what fd does not take now. Returns 0, or -1 with errno. */
int stall_write(int fd, const void *p, size_t n);

/* Queue the n bytes the pipe from holds (its writing end closed), to be spliced to fd in
 * their turn; stall closes from. */
void stall_put_pipe(int fd, int from, size_t n);
/* The descriptor the queue waits to write to (POLLOUT), or -1 when nothing waits. */
int stall_fd(void);
/* Write what the queue holds while its descriptor takes it. Returns 0, or -1 with errno when
 * a write failed; what was queued for that descriptor is then dropped. */
int stall_pump(void);
/* Nothing waits: a write may go straight to stdout or stderr, past the queue (splice). While
 * output waits, the loop reads and starts no more until the reader catches up, as a blocking
 * write would have made it, but goes on reaping, timing out and taking signals. */
int stall_idle(void);
/* A splice found fd full: the loop waits for room there before moving more. */
void stall_full(int fd);
/* Write everything queued, waiting as long as it takes (or the tick gives up). */
int stall_flush(void);
/* Forget what is queued (a run interrupted, or a reader gone). */
void stall_drop(void);

#endif
