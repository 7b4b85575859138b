/* stall: writing to stdout and stderr, whose readers may stop reading, without stopping the
 * run. A write that would block waits in poll(2) beside the loop's wake-up descriptor, and
 * the loop's tick runs meanwhile, so timeouts, --term-seq and Ctrl-C still work. */
#ifndef LANES_STALL_H
#define LANES_STALL_H

#include <stddef.h>

/* While a write waits, tick(ctx) runs whenever wake_fd is readable or the ms it last returned
 * have passed (-1: only on a wake-up); it sets *give_up to make the write fail with EINTR.
 * tick NULL: writes just wait, as before the loop starts and after it ends. */
void stall_on_wait(int wake_fd, int (*tick)(void *ctx, int *give_up), void *ctx);
/* Wait until fd can take more. Returns 0, or -1 with errno (EINTR when tick gave up). */
int stall_wait(int fd);
/* Write all of p to fd. Returns 0, or -1 with errno. */
int stall_write(int fd, const void *p, size_t n);

#endif
