/* sig: self-pipe signal delivery; on Linux, SIGCHLD through a signalfd instead. */
#include "sig.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/signalfd.h>
#endif

#include "util.h"

static int sig_pipe[2] = {-1, -1};
/* The signals whose disposition lanes changed from the one it was started with. */
static sigset_t sig_ours;
/* SIGCHLD, blocked, as a descriptor: a job's end costs a read, not a handler's frame, a write
 * and a sigreturn. -1 where there is none: SIGCHLD comes through the self-pipe. */
static int sig_chld_fd = -1;
/* The handler wrote to the self-pipe since sig_take last drained it. */
static volatile sig_atomic_t sig_piped;

static void sig_handler(int sig)
{
    int saved = errno;
    unsigned char c = (unsigned char)sig;

    /* A full pipe already holds a wake-up; losing this byte loses nothing. */
    sig_piped = 1;
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
    sig_catch(SIGTSTP, 1);
#ifdef __linux__
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    sig_chld_fd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sig_chld_fd < 0) /* (the handler takes it, as elsewhere) */
        sigprocmask(SIG_UNBLOCK, &chld, NULL);
#endif
    return sig_pipe[0];
}

int sig_child_fd(void)
{
    return sig_chld_fd;
}

void sig_child_hold(int hold)
{
#ifdef __linux__
    sigset_t chld;

    if (sig_chld_fd < 0)
        return;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &chld, NULL);
#else
    (void)hold;
#endif
}

void sig_changed(sigset_t *set)
{
    *set = sig_ours;
}

/* Whether SIGCHLD came through its descriptor (which it leaves empty). */
static int sig_take_chld(void)
{
    int seen = 0;
#ifdef __linux__
    struct signalfd_siginfo info[8];
    ssize_t n;

    if (sig_chld_fd < 0)
        return 0;
    while ((n = read(sig_chld_fd, info, sizeof info)) > 0) {
        seen = 1;
        if (n < (ssize_t)sizeof info)
            break;
    }
#endif
    return seen;
}

unsigned long sig_take(void)
{
    unsigned char c[64];
    unsigned long seen = sig_take_chld() ? 1UL << SIGCHLD : 0;
    ssize_t n;

#ifdef __linux__
    /* With SIGCHLD on its descriptor the self-pipe is read only when a handler wrote to it. */
    if (sig_chld_fd >= 0 && !sig_piped)
        return seen;
#endif
    sig_piped = 0;
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
