/* sig: self-pipe signal delivery. */
#include "sig.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static int sig_pipe[2] = {-1, -1};
/* The signals whose disposition lanes changed from the one it was started with. */
static sigset_t sig_ours;

static void sig_handler(int sig)
{
    int saved = errno;
    unsigned char c = (unsigned char)sig;

    /* A full pipe already holds a wake-up; losing this byte loses nothing. */
    (void)!write(sig_pipe[1], &c, 1);
    errno = saved;
}

static void sig_catch(int sig, int keep_ignored)
{
    struct sigaction sa;

    if (keep_ignored && sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
        return;
    sigaddset(&sig_ours, sig);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sig_handler;
    sigemptyset(&sa.sa_mask);
    /* SIGINT and SIGTERM interrupt a wait for a stalled reader (see stall), so lanes can stop. */
    sa.sa_flags = sig == SIGCHLD                    ? SA_NOCLDSTOP | SA_RESTART
                  : sig == SIGINT || sig == SIGTERM ? 0
                                                    : SA_RESTART;
    sigaction(sig, &sa, NULL);
}

int sig_init(void)
{
    struct sigaction ign;

    if (pipe(sig_pipe) != 0)
        util_die_errno("cannot create a pipe");
    util_fd_flags(sig_pipe[0], 1);
    util_fd_flags(sig_pipe[1], 1);
    sigemptyset(&sig_ours);
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    struct sigaction was;
    if (sigaction(SIGPIPE, &ign, &was) == 0 && was.sa_handler != SIG_IGN)
        sigaddset(&sig_ours, SIGPIPE);
    sig_catch(SIGCHLD, 0);
    /* A lanes started in the background with SIGINT ignored keeps ignoring it. */
    sig_catch(SIGINT, 1);
    sig_catch(SIGTERM, 1);
    sig_catch(SIGHUP, 1);
    sig_catch(SIGUSR1, 0);
    return sig_pipe[0];
}

void sig_changed(sigset_t *set)
{
    *set = sig_ours;
}

unsigned long sig_take(void)
{
    unsigned char c[64];
    unsigned long seen = 0;
    ssize_t n;

    /* A read that leaves room took all the pipe held: no second read to learn it is empty. */
    do {
        n = read(sig_pipe[0], c, sizeof c);
        for (ssize_t i = 0; i < n; i++)
            if (c[i] < 8 * sizeof seen)
                seen |= 1UL << c[i];
    } while (n == (ssize_t)sizeof c);
    return seen;
}

void sig_reraise(int sig)
{
    struct sigaction sa;
    sigset_t set;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigaction(sig, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    // cppcheck-suppress unreachableCode ; raise() returns when sig is blocked elsewhere
    exit(128 + sig);
}
