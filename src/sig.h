/* sig: signals reach the event loop through a self-pipe, so it never misses one between
 * a check and a wait. */
#ifndef LANES_SIG_H
#define LANES_SIG_H

/* Install the handlers; returns the read end of the self-pipe, to poll. */
int sig_init(void);
/* Drain the self-pipe; returns a bit set of the signals seen (1 << signo). */
unsigned long sig_take(void);
/* Put sig back to its default action and raise it, so our parent sees how we died. */
void sig_reraise(int sig) __attribute__((noreturn));

#endif
