/* sig: signals reach the event loop through a self-pipe, so it never misses one between
 * a check and a wait. */
#ifndef LANES_SIG_H
#define LANES_SIG_H

#include <signal.h>

/* Install the handlers; returns the read end of the self-pipe, to poll. SIGINT, SIGTERM and
 * SIGHUP stay ignored when they were ignored at start, as a shell leaves them for a job in
 * the background. */
int sig_init(void);
/* The signals sig_init changed from what lanes was started with (caught, or ignored where
 * they were not): a job gets their defaults back, and keeps every other signal as lanes
 * got it, an ignored SIGINT or SIGQUIT included. */
void sig_changed(sigset_t *set);
/* Drain the self-pipe; returns a bit set of the signals seen (1 << signo). */
unsigned long sig_take(void);
/* Put sig back to its default action and raise it, so our parent sees how we died. */
void sig_reraise(int sig) __attribute__((noreturn));

#endif
