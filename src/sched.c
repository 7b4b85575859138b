/* sched: the event loop. Everything lanes waits for (job output, job exits, input that is
 * slow to arrive, signals, the steps of stopping) is one poll(2). */
#include "sched.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "input.h"
#include "job.h"
#include "out.h"
#include "quote.h"
#include "sig.h"
#include "spawn.h"
#include "tmpl.h"
#include "util.h"

#define SCHED_READ_SIZE 65536
/* stop_status meaning: our stdout's reader went away; lanes ends by SIGPIPE. */
#define SCHED_EPIPE (-1)

/* What stopping sends each job's process group, and how long it waits after each step
 * (GNU parallel's default --term-seq). */
static const struct {
    int sig;
    int ms;
} term_seq[] = {{SIGTERM, 200}, {SIGTERM, 100}, {SIGTERM, 50}, {SIGKILL, 25}};

struct sched {
    const struct opts *o;
    struct spawner *sp;
    struct out *out;
    struct batch *batch;
    struct job **live; /* started and not yet done */
    size_t nlive;
    unsigned char *slot_used;
    unsigned long seq;
    unsigned long failed;
    int input_end;
    int input_wait;  /* the input has no whole record yet: poll its fd */
    int stop_status; /* nonzero: start no more jobs, end the running ones, exit with it */
    int draining;    /* SIGHUP: start no more jobs, let the running ones finish */
    size_t term_step;
    struct timespec term_deadline;
    struct buf strs;
    char **argv;
    size_t argv_cap;
    struct pollfd *pfd;
    struct job **pfd_job;
    int sigfd;
    char rbuf[SCHED_READ_SIZE];
};

static unsigned long slot_take(struct sched *s)
{
    unsigned long i = 0;

    while (s->slot_used[i])
        i++;
    s->slot_used[i] = 1;
    return i + 1;
}

static void sched_stop(struct sched *s, int status);

static void sched_output(struct sched *s, int rc)
{
    if (rc == 0)
        return;
    if (errno == EPIPE) { /* the reader is gone: end quietly, as a pipeline expects */
        sched_stop(s, SCHED_EPIPE);
        return;
    }
    util_warn("cannot write output: %s", strerror(errno));
    sched_stop(s, LANES_EXIT_ERROR);
}

/* The job is reaped and drained: count it, free its slot, print what may be printed. */
static void sched_finish(struct sched *s, struct job *j)
{
    for (size_t i = 0; i < s->nlive; i++) {
        if (s->live[i] == j) {
            s->live[i] = s->live[--s->nlive];
            break;
        }
    }
    if (j->slot)
        s->slot_used[j->slot - 1] = 0;
    if (job_failed(j))
        s->failed++;
    sched_output(s, out_done(s->out, j));
}

/* The command line, the tag and the clock of a job about to start. */
static void sched_prepare(struct sched *s, struct job *j, const struct tmpl_vals *v)
{
    struct buf cmd = {0};
    struct timespec now;

    tmpl_expand_shell(s->o->tmpl, v, &cmd);
    j->cmd = buf_cstr(&cmd);
    if (s->o->tag) {
        struct buf tag = {0};
        tmpl_expand_raw(s->o->tag, v, &tag);
        j->tag = buf_cstr(&tag);
    }
    clock_gettime(CLOCK_REALTIME, &now);
    j->start = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
    clock_gettime(CLOCK_MONOTONIC, &j->t0);
}

static void sched_start(struct sched *s, const struct rec *r)
{
    struct job *j = job_new(++s->seq, slot_take(s), r);
    struct tmpl_vals v = {
        .rec = r, .seq = j->seq, .slot = j->slot, .slots = (unsigned long)s->o->jobs};

    sched_prepare(s, j, &v);
    if (s->o->verbose)
        fprintf(stderr, "%s\n", j->cmd);
    if (out_add(s->out, j) != 0) {
        j->error = errno;
    } else {
        int direct = tmpl_expand_argv(s->o->tmpl, &v, &s->strs, &s->argv, &s->argv_cap);
        j->error = spawn_job(s->sp, j, direct ? tmpl_direct_path(s->o->tmpl) : NULL, s->argv);
        if (direct && j->error == ENOEXEC) /* a script without #!: the shell runs it */
            j->error = spawn_job(s->sp, j, NULL, NULL);
    }
    s->live[s->nlive++] = j;
    if (j->error) {
        util_warn("job %lu: cannot run '%.200s%s': %s", j->seq, j->cmd,
                  strlen(j->cmd) > 200 ? "..." : "", strerror(j->error));
        j->reaped = 1;
        j->t1 = j->t0;
        sched_finish(s, j);
    }
}

/* Start jobs while slots are free and the input has records at hand. */
static void sched_fill(struct sched *s)
{
    struct rec r;

    while (!s->stop_status && !s->draining && !s->input_end && !s->input_wait &&
           s->nlive < (size_t)s->o->jobs) {
        switch (batch_next(s->batch, &r, 0)) {
        case INPUT_REC:
            sched_start(s, &r);
            break;
        case INPUT_END:
            s->input_end = 1;
            break;
        case INPUT_WAIT:
            s->input_wait = 1;
            break;
        }
    }
}

/* Read once from a job's pipe; closes it at end of file. */
static void sched_read(struct sched *s, struct job *j, int stream)
{
    ssize_t n = read(j->fd[stream], s->rbuf, sizeof s->rbuf);

    if (n > 0) {
        sched_output(s, out_data(s->out, j, stream, s->rbuf, (size_t)n));
        return;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    close(j->fd[stream]);
    j->fd[stream] = -1;
}

/* After a job exits, whatever it wrote is already in its pipes: take it all, and do not
 * wait for processes it left behind that still hold the pipes open. */
static void sched_drain(struct sched *s, struct job *j)
{
    for (int stream = JOB_STDOUT; stream <= JOB_STDERR; stream++) {
        while (j->fd[stream] >= 0) {
            ssize_t n = read(j->fd[stream], s->rbuf, sizeof s->rbuf);
            if (n > 0) {
                sched_output(s, out_data(s->out, j, stream, s->rbuf, (size_t)n));
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            close(j->fd[stream]);
            j->fd[stream] = -1;
        }
    }
}

static void sched_reap(struct sched *s)
{
    int status;
    pid_t pid;

    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (size_t i = 0; i < s->nlive; i++) {
            struct job *j = s->live[i];
            if (j->pid != pid)
                continue;
            j->status = status;
            j->reaped = 1;
            clock_gettime(CLOCK_MONOTONIC, &j->t1);
            sched_drain(s, j);
            sched_finish(s, j);
            break;
        }
    }
}

static void sched_kill_all(struct sched *s, int sig)
{
    for (size_t i = 0; i < s->nlive; i++)
        if (s->live[i]->pid > 0 && !s->live[i]->reaped)
            kill(-s->live[i]->pid, sig);
}

static void deadline_in(struct timespec *t, int ms)
{
    clock_gettime(CLOCK_MONOTONIC, t);
    t->tv_sec += ms / 1000;
    t->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}

/* Milliseconds until t, at least 0. */
static int ms_until(const struct timespec *t)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (t->tv_sec - now.tv_sec) * 1000 + (t->tv_nsec - now.tv_nsec) / 1000000L;
    return ms < 0 ? 0 : (int)ms + 1;
}

/* Start no more jobs and walk every running job through the term sequence. */
static void sched_stop(struct sched *s, int status)
{
    if (s->stop_status)
        return;
    s->stop_status = status;
    s->term_step = 0;
    sched_kill_all(s, term_seq[0].sig);
    deadline_in(&s->term_deadline, term_seq[0].ms);
}

static void sched_term_tick(struct sched *s)
{
    size_t last = sizeof term_seq / sizeof term_seq[0] - 1;

    if (!s->stop_status || ms_until(&s->term_deadline) > 0)
        return;
    if (s->term_step < last)
        s->term_step++;
    sched_kill_all(s, term_seq[s->term_step].sig);
    deadline_in(&s->term_deadline, term_seq[s->term_step].ms);
}

/* SIGUSR1: the running jobs, on stderr. */
static void sched_list(const struct sched *s)
{
    for (size_t i = 0; i < s->nlive; i++)
        if (!s->live[i]->reaped)
            fprintf(stderr, "lanes: running: job %lu (pid %ld): %s\n", s->live[i]->seq,
                    (long)s->live[i]->pid, s->live[i]->cmd);
}

static void sched_signals(struct sched *s)
{
    unsigned long seen = sig_take();

    if (seen & (1UL << SIGCHLD))
        sched_reap(s);
    if (seen & ((1UL << SIGINT) | (1UL << SIGTERM)))
        sched_stop(s, LANES_EXIT_ERROR);
    if (seen & (1UL << SIGHUP))
        s->draining = 1;
    if (seen & (1UL << SIGUSR1))
        sched_list(s);
}

static size_t sched_pollset(struct sched *s)
{
    size_t n = 0;

    s->pfd[n++] = (struct pollfd){.fd = s->sigfd, .events = POLLIN};
    if (s->input_wait && !s->stop_status && !s->draining) {
        s->pfd_job[n] = NULL;
        s->pfd[n++] = (struct pollfd){.fd = input_fd(s->o->input), .events = POLLIN};
    }
    for (size_t i = 0; i < s->nlive; i++) {
        for (int stream = JOB_STDOUT; stream <= JOB_STDERR; stream++) {
            if (s->live[i]->fd[stream] < 0)
                continue;
            s->pfd_job[n] = s->live[i];
            s->pfd[n++] = (struct pollfd){.fd = s->live[i]->fd[stream], .events = POLLIN};
        }
    }
    return n;
}

/* Wait for anything to happen, and handle it. */
static void sched_wait(struct sched *s)
{
    size_t n = sched_pollset(s);
    int timeout = s->stop_status ? ms_until(&s->term_deadline) : -1;

    if (poll(s->pfd, n, timeout) < 0 && errno != EINTR)
        util_die_errno("poll");
    for (size_t i = 1; i < n; i++) {
        if (!s->pfd[i].revents)
            continue;
        struct job *j = s->pfd_job[i];
        if (j == NULL) {
            input_read(s->o->input);
            s->input_wait = 0;
        } else if (s->pfd[i].fd == j->fd[JOB_STDOUT] || s->pfd[i].fd == j->fd[JOB_STDERR]) {
            sched_read(s, j, s->pfd[i].fd == j->fd[JOB_STDOUT] ? JOB_STDOUT : JOB_STDERR);
        }
    }
    if (s->pfd[0].revents)
        sched_signals(s);
    sched_term_tick(s);
}

/* --dry-run: print each command as it would run; nothing is started. --shell-quote: the
 * same, each command quoted for a shell. */
static int sched_dry_run(const struct opts *o)
{
    struct buf cmd = {0}, quoted = {0};
    struct rec r;
    unsigned long seq = 0;
    struct batch *b = batch_new(&o->batch, o->tmpl, o->input);

    while (batch_next(b, &r, 1) == INPUT_REC) {
        seq++;
        struct tmpl_vals v = {.rec = &r,
                              .seq = seq,
                              .slot = (seq - 1) % (unsigned long)o->jobs + 1,
                              .slots = (unsigned long)o->jobs};
        buf_reset(&cmd);
        tmpl_expand_shell(o->tmpl, &v, &cmd);
        struct buf *line = &cmd;
        if (o->shell_quote) {
            buf_reset(&quoted);
            quote_append(&quoted, cmd.data, cmd.len);
            line = &quoted;
        }
        buf_addc(line, '\n');
        if (fwrite(line->data, 1, line->len, stdout) != line->len)
            break;
    }
    buf_free(&cmd);
    buf_free(&quoted);
    batch_free(b);
    if (fflush(stdout) != 0 && errno != EPIPE)
        util_die_errno("cannot write output");
    return 0;
}

int sched_run(const struct opts *o)
{
    if (o->dry_run || o->shell_quote)
        return sched_dry_run(o);

    struct sched *s = xcalloc(1, sizeof *s);
    size_t jobs = (size_t)o->jobs;

    s->o = o;
    s->sigfd = sig_init();
    s->sp = spawn_new();
    s->out = out_new(&o->out);
    s->batch = batch_new(&o->batch, o->tmpl, o->input);
    s->live = xreallocarray(NULL, jobs, sizeof *s->live);
    s->slot_used = xcalloc(jobs, 1);
    s->pfd = xreallocarray(NULL, 2 * jobs + 2, sizeof *s->pfd);
    s->pfd_job = xreallocarray(NULL, 2 * jobs + 2, sizeof *s->pfd_job);
    for (;;) {
        sched_fill(s);
        if (s->nlive == 0 && (s->input_end || s->stop_status || s->draining))
            break;
        sched_wait(s);
    }
    int status = s->stop_status ? s->stop_status : s->failed > 100 ? 101 : (int)s->failed;
    if (status == SCHED_EPIPE)
        sig_reraise(SIGPIPE);
    out_free(s->out);
    batch_free(s->batch);
    spawn_free(s->sp);
    buf_free(&s->strs);
    free(s->argv);
    free(s->live);
    free(s->slot_used);
    free(s->pfd);
    free(s->pfd_job);
    free(s);
    return status;
}
