/* remote_worker: a remote lane's jobs without an ssh session each. The first job on a lane
 * starts, through the host's control master, one long-lived shell there (a worker) that reads a
 * job a line from its stdin and runs it, then writes an end marker with the job's exit status on
 * its stdout and an end marker on its stderr. The marker is random, made for each worker, so no
 * output of a job is taken for it, and it begins with \036, not a newline: the relay holds back
 * only bytes that could begin it, and a job's last newline (--line-buffer) is never held.
 *
 * Each job is still a local process (a relay: a fork of lanes in the job's process group, with
 * the job's pipes), so that output modes, timeouts, signals and the job log treat it as any
 * other: it writes the job's line to its worker, copies the worker's stdout and stderr to its
 * own until both markers, and exits with the job's status, or 255 with a message when the
 * connection ends first. A relay that did not end cleanly leaves its worker in an unknown state:
 * that worker is ended, and the lane's next job starts a new one. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "remote_parts.h"
#include "sig.h"
#include "spawn.h"
#include "util.h"

extern char **environ;

struct remote_worker {
    int host;           /* the pool's index of its host (lane.host) */
    unsigned long slot; /* the lane it serves ({%}) */
    pid_t pid;          /* its ssh, or 0: none */
    int fd[3];          /* our ends of its stdin, stdout and stderr */
    pid_t relay;        /* the job relaying through it now, or 0 */
    char mark[48];      /* its end marker */
};

/* The worker's script, for the login shell there (POSIX sh: sh, bash, ksh and zsh read it
 * alike): a newline to quote with, its marker, the watcher of remote_script (the worker's
 * process group ends once the sshd it hangs from is gone), its stdout kept as fd 4 for the
 * jobs, then a job a line. */
static void remote_worker_script(const char *mark, struct buf *b)
{
    buf_adds(b, "_lanes_nl='\n'; _lanes_m=");
    buf_adds(b, mark);
    buf_adds(b, "; (while kill -0 $PPID 2>/dev/null; do sleep 1; done; kill -TERM -$$) "
                "</dev/null >/dev/null 2>&1 & _lanes_w=$!; exec 4>&1; "
                "while IFS= read -r _lanes_j; do eval \"$_lanes_j\"; done; "
                "kill $_lanes_w 2>/dev/null");
}

/* ---- lanes' side: the workers ---- */

static struct remote_worker *remote_worker_of(struct remote *r, const struct lane *l)
{
    for (size_t i = 0; i < r->nworkers; i++)
        if (r->workers[i].slot == l->slot)
            return &r->workers[i];
    r->workers = xreallocarray(r->workers, r->nworkers + 1, sizeof *r->workers);
    struct remote_worker *w = &r->workers[r->nworkers++];
    *w = (struct remote_worker){.slot = l->slot, .fd = {-1, -1, -1}};
    return w;
}

static void remote_worker_close_fds(struct remote_worker *w)
{
    for (int i = 0; i < 3; i++) {
        if (w->fd[i] >= 0)
            close(w->fd[i]);
        w->fd[i] = -1;
    }
}

/* End worker w: its ssh killed and reaped (a remote job it runs ends with the connection,
 * through the watcher, or when it writes). */
static void remote_worker_kill(struct remote_worker *w)
{
    remote_worker_close_fds(w);
    if (w->pid > 0) {
        kill(-w->pid, SIGTERM);
        while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    w->pid = 0;
    w->relay = 0;
}

/* Three close-on-exec pipes: ours[i] is lanes' end of the worker's fd i, theirs[i] its. */
static int remote_worker_pipes(int ours[3], int theirs[3])
{
    int p[3][2], n = 0;

    for (; n < 3; n++)
        if (util_pipe(p[n], 0, 0) != 0)
            break;
    for (int i = 0; i < n; i++) {
        ours[i] = p[i][i == 0 ? 1 : 0];
        theirs[i] = p[i][i == 0 ? 0 : 1];
    }
    if (n == 3)
        return 0;
    int err = errno;
    for (int i = 0; i < n; i++) {
        close(ours[i]);
        close(theirs[i]);
    }
    return err;
}

/* The ssh of worker w for host h, through /bin/sh (the ssh command is shell words), in a
 * process group of its own (Ctrl-C at the terminal is lanes' to pass on), with the signals
 * lanes changed back to their default. Returns 0 or an errno value. */
static int remote_worker_exec(struct remote *r, const struct remote_host *h,
                              struct remote_worker *w, const int theirs[3])
{
    struct buf script = {0}, cmd = {0};

    remote_worker_script(w->mark, &script);
    buf_adds(&cmd, "exec ");
    remote_ssh_cmd(r, h, &cmd, buf_cstr(&script));
    int rc = remote_spawn_sh(buf_cstr(&cmd), theirs, &w->pid);
    buf_free(&script);
    buf_free(&cmd);
    return rc;
}

/* A worker for lane l on host h: the one it has, or a new one. Returns 0 or an errno value. */
static int remote_worker_start(struct remote *r, const struct remote_host *h,
                               struct remote_worker *w)
{
    int theirs[3] = {-1, -1, -1}, rc;

    if (w->pid > 0 && w->host == h->lane)
        return 0;
    remote_worker_kill(w); /* (a lane an --slf reread gave another host) */
    if ((rc = remote_worker_pipes(w->fd, theirs)) != 0)
        return rc;
    memcpy(w->mark, "lanes-end-", 10);
    util_random_hex(w->mark + 10, 32);
    w->host = h->lane;
    rc = remote_worker_exec(r, h, w, theirs);
    for (int i = 0; i < 3; i++)
        close(theirs[i]);
    if (rc != 0) {
        w->pid = 0;
        remote_worker_close_fds(w);
    }
    return rc;
}

/* ---- the relay, in the job's process ---- */

struct remote_relay {
    int fd[3]; /* the worker's stdin, stdout, stderr */
    const char *mark;
    const char *line; /* the job's line, with its newline */
    size_t len;
    const char *login;
};

/* One of the worker's outputs copied to the job's (out) up to its marker (pat). */
struct relay_stream {
    int fd, out;
    char pat[64];
    size_t patlen;
    char buf[1 << 16];
    size_t len; /* bytes in buf, not yet written: all could still begin the marker */
    int done;
    int status; /* stdout's: the job's exit status after the marker */
};

/* How many of the last bytes of s's buffer could begin its marker. */
static size_t relay_partial(const struct relay_stream *s)
{
    size_t k = s->len < s->patlen - 1 ? s->len : s->patlen - 1;

    for (; k > 0; k--)
        if (memcmp(s->buf + s->len - k, s->pat, k) == 0)
            break;
    return k;
}

/* Whether the marker is whole in s's bytes: what came before it is written, and status read. */
static int relay_marker(struct relay_stream *s)
{
    char *m = memmem(s->buf, s->len, s->pat, s->patlen);

    if (m == NULL) { /* all but what could begin the marker (next to never: it starts with \036) */
        size_t n = s->len - relay_partial(s);
        (void)util_write_all(s->out, s->buf, n);
        memmove(s->buf, s->buf + n, s->len - n);
        s->len -= n;
        return 0;
    }
    size_t at = (size_t)(m - s->buf);
    (void)util_write_all(s->out, s->buf, at);
    memmove(s->buf, m, s->len - at);
    s->len -= at;
    if (s->out == 2) /* stderr's marker ends with its newline */
        return 1;
    if (memchr(s->buf + s->patlen, '\n', s->len - s->patlen) == NULL)
        return 0; /* the status is still on its way */
    s->status = atoi(s->buf + s->patlen);
    return 1;
}

/* Read what is there; returns -1 at the end of the stream (before the marker). */
static int relay_read(struct relay_stream *s)
{
    ssize_t n = read(s->fd, s->buf + s->len, sizeof s->buf - s->len);

    if (n < 0 && errno == EINTR)
        return 0;
    if (n <= 0) {
        (void)util_write_all(s->out, s->buf, s->len);
        return -1;
    }
    s->len += (size_t)n;
    s->done = relay_marker(s);
    return !s->done && s->len == sizeof s->buf ? -1 : 0; /* (no marker is that long) */
}

/* The worker's ends at 3, 4 and 5; every other descriptor of lanes closed. */
static int relay_fds(struct remote_relay *rl)
{
    int hi = rl->fd[0];

    for (int i = 1; i < 3; i++)
        hi = rl->fd[i] > hi ? rl->fd[i] : hi;
    int up[3];
    for (int i = 0; i < 3; i++)
        if ((up[i] = fcntl(rl->fd[i], F_DUPFD, hi + 1)) < 0)
            return -1;
    for (int i = 0; i < 3; i++)
        if (dup2(up[i], 3 + i) < 0)
            return -1;
    closefrom(6);
    for (int i = 0; i < 3; i++)
        rl->fd[i] = 3 + i;
    return 0;
}

static volatile sig_atomic_t relay_sig;

static void relay_on_signal(int sig)
{
    relay_sig = sig;
}

/* A relay ended by a signal (--timeout, --term-seq, --halt, Ctrl-C) writes what it holds
 * first, as an ssh would have: what could have begun a marker was the job's. */
static void relay_catch(void)
{
    static const int sigs[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGALRM, SIGUSR1, SIGUSR2};
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = relay_on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        sigaction(sigs[i], &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a worker gone is an error from write, told by the relay */
}

static void relay_die(const struct relay_stream st[2])
{
    int sig = relay_sig;

    for (int i = 0; i < 2; i++)
        (void)util_write_all(st[i].out, st[i].buf, st[i].len);
    signal(sig, SIG_DFL);
    raise(sig);
    // cppcheck-suppress unreachableCode ; raise() returns when sig is blocked elsewhere
    _exit(128 + sig);
}

static int relay_run(void *arg)
{
    struct remote_relay *rl = arg;
    static struct relay_stream st[2];

    relay_catch();
    if (relay_fds(rl) != 0)
        return 255;
    for (int i = 0; i < 2; i++) {
        st[i] = (struct relay_stream){.fd = rl->fd[1 + i], .out = 1 + i};
        st[i].patlen = (size_t)snprintf(st[i].pat, sizeof st[i].pat, "\036%s%c", rl->mark,
                                        i == 0 ? ' ' : '\n');
    }
    int lost = util_write_all(rl->fd[0], rl->line, rl->len) != 0;
    while (!lost && !(st[0].done && st[1].done)) {
        struct pollfd p[2];
        if (relay_sig)
            relay_die(st);
        for (int i = 0; i < 2; i++)
            p[i] = (struct pollfd){.fd = st[i].done ? -1 : st[i].fd, .events = POLLIN};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            lost = 1;
        for (int i = 0; i < 2 && !lost; i++)
            if (p[i].revents && relay_read(&st[i]) != 0)
                lost = 1;
    }
    if (!lost)
        return st[0].status & 255;
    dprintf(2, "lanes: ssh to '%s' failed (exit 255): no connection\n", rl->login);
    return 255;
}

/* ---- what remote_job.c and remote.c ask ---- */

int remote_worker_spawn(struct remote *r, const struct remote_host *h, struct spawner *sp,
                        struct job *j, struct buf *line)
{
    struct remote_worker *w = remote_worker_of(r, &j->lane);
    int rc = remote_worker_start(r, h, w);

    if (rc != 0)
        return rc;
    buf_addc(line, '\n');
    struct remote_relay rl = {
        {w->fd[0], w->fd[1], w->fd[2]}, w->mark, line->data, line->len, h->login.text};
    rc = spawn_job_fn(sp, j, relay_run, &rl);
    w->relay = rc == 0 ? j->pid : 0;
    return rc;
}

/* Whether the worker's stdout or stderr holds anything (or has ended): after a clean job
 * nothing follows its markers. */
static int remote_worker_stirs(const struct remote_worker *w)
{
    struct pollfd p[2] = {{.fd = w->fd[1], .events = POLLIN}, {.fd = w->fd[2], .events = POLLIN}};

    return poll(p, 2, 0) != 0;
}

int remote_worker_ended(struct remote *r, const struct job *j)
{
    for (size_t i = 0; i < r->nworkers; i++) {
        struct remote_worker *w = &r->workers[i];
        if (w->relay == 0 || w->relay != j->pid)
            continue;
        w->relay = 0;
        if (!j->reaped || !WIFEXITED(j->status) || j->kill_step >= 0 || j->timed_out ||
            remote_worker_stirs(w)) {
            if (w->pid > 0) /* what it runs there ends too */
                remote_end(r, remote_of(r, &j->lane), w->mark);
            remote_worker_kill(w);
        }
        return 1;
    }
    return 0;
}

void remote_reaped(struct remote *r, pid_t pid)
{
    if (remote_end_reaped(r, pid))
        return;
    for (size_t i = 0; r && i < r->nworkers; i++) {
        struct remote_worker *w = &r->workers[i];
        if (w->pid == pid) { /* its relay, if any, sees the end of its pipes */
            w->pid = 0;
            remote_worker_close_fds(w);
        }
    }
}

/* At the end: each worker's stdin closed (its loop ends, and its ssh with it); each waited for
 * a while, then ended. */
void remote_workers_close(struct remote *r)
{
    struct pollfd *p = xcalloc(r->nworkers + 1, sizeof *p);
    double until = util_now() + 5;

    for (size_t i = 0; i < r->nworkers; i++) {
        struct remote_worker *w = &r->workers[i];
        if (w->fd[0] >= 0)
            close(w->fd[0]);
        w->fd[0] = -1;
        p[i] = (struct pollfd){.fd = w->pid > 0 ? w->fd[1] : -1, .events = POLLIN};
    }
    for (;;) {
        int open = 0;
        for (size_t i = 0; i < r->nworkers; i++)
            open |= p[i].fd >= 0;
        double left = until - util_now();
        if (!open || left <= 0 ||
            (poll(p, r->nworkers, (int)(left * 1000) + 1) < 0 && errno != EINTR))
            break;
        for (size_t i = 0; i < r->nworkers; i++) {
            char b[512];
            if (p[i].fd >= 0 && p[i].revents && read(p[i].fd, b, sizeof b) <= 0)
                p[i].fd = -1;
        }
    }
    for (size_t i = 0; i < r->nworkers; i++)
        remote_worker_kill(&r->workers[i]);
    free(p);
    free(r->workers);
    r->workers = NULL;
    r->nworkers = 0;
}
