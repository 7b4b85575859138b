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
/* SIGCHLD's own descriptor, to poll beside the self-pipe: on Linux SIGCHLD stays blocked and
 * comes through a signalfd (a job gets its signal mask cleared). -1 where it comes through
 * the self-pipe. */
int sig_child_fd(void);
/* Around starting a process that does not clear its signal mask (popen): 0 lets SIGCHLD in
 * (the handler takes it, so none is lost) for the child to inherit, 1 blocks it again. */
void sig_child_hold(int hold);
/* Drain the self-pipe (and SIGCHLD's descriptor); returns a bit set of the signals seen
 * (1 << signo). */
unsigned long sig_take(void);
/* Put sig back to its default action and raise it, so our parent sees how we died. */
void sig_reraise(int sig) __attribute__((noreturn));

#endif
