/* sched: the event loop. Everything lanes waits for (job output, job exits, input that is
 * slow to arrive, signals, timeouts, the steps of ending a job, start delays) is one poll(2).
 * The policy of a run lives in small modules it consults: halt (when to stop), term (how to
 * end a job), gate (when another job may start), out (where output goes). */
#include "sched.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "block.h"
#include "feed.h"
#include "gate.h"
#include "input.h"
#include "job.h"
#include "jobinfo.h"
#include "joblog.h"
#include "out.h"
#include "part.h"
#include "pool.h"
#include "progress.h"
#include "quote.h"
#include "recent.h"
#include "remote.h"
#include "results.h"
#include "resume.h"
#include "sig.h"
#include "spawn.h"
#include "stall.h"
#include "summary.h"
#include "tee.h"
#include "term.h"
#include "tmpl.h"
#include "util.h"

#define SCHED_READ_SIZE (1 << 20)
/* stop_status meaning: our stdout's reader went away; lanes ends by SIGPIPE. */
#define SCHED_EPIPE (-1)

/* A job's process group still being ended after the job itself exited: its other
 * processes get the rest of --term-seq. */
struct linger {
    pid_t pgid;
    int step;
    struct timespec at;
};

/* Where a job's input comes from: a record, a --pipe block, or a --pipe-part part. */
struct source {
    struct batch *batch;
    struct block *blocks;
    struct part *parts;
};

/* What a job reads on its stdin, besides its record: a block (or a part's header), and a part
 * of a file. */
struct job_input {
    struct buf block;
    int fd;
    off_t start, end;
};

struct sched {
    const struct opts *o;
    struct linger *linger;
    size_t nlinger, caplinger;
    struct spawner *sp;
    struct out *out;
    struct source src;
    struct gate *gate;
    struct joblog *joblog;
    struct results *results;
    struct resume *resume;
    struct progress *progress;
    struct summary *summary;
    double t_start;
    struct halt halt;
    struct pool *pool;
    struct remote *remote; /* -S: the hosts whose lanes are in the pool (remote.c), or NULL */
    struct job **live;     /* started and not yet done */
    size_t nlive, cap;
    struct job *again, *again_tail; /* jobs waiting to start again */
    struct job *owned;              /* every job made and not yet freed: sched owns them all */
    unsigned long seq, failures, successes;
    unsigned long dealt; /* --round-robin: the job the last block went to */
    struct tee *tee;     /* --tee: stdin, for every job */
    int input_end;
    int input_wait;       /* the input has no whole record yet: poll its fd */
    int lane_wait;        /* a job waits for a lane the pool may yet give: poll pool_fd */
    int stop_status;      /* nonzero: start no more jobs, end the running ones, exit with it */
    int draining;         /* SIGHUP or --halt soon: start no more jobs, let the running finish */
    FILE *ask;            /* -p: the terminal where we ask */
    struct recent recent; /* the latest runtimes, for --timeout N% and progress */
    struct buf strs;
    char **argv;
    size_t argv_cap;
    struct pollfd *pfd;
    struct job **pfd_job;
    int sigfd;
    unsigned long sigs; /* signals seen while a write waited, for the loop to handle */
    char rbuf[SCHED_READ_SIZE];
};

static void sched_stop(struct sched *s, int status);

/* Room for one more running job. Slots cost nothing until used: -j 999999999 with one job
 * holds room for one. */
static void sched_grow(struct sched *s)
{
    if (s->nlive < s->cap)
        return;
    size_t n = s->cap ? 2 * s->cap : 16;
    s->live = xreallocarray(s->live, n, sizeof *s->live);
    s->pfd = xreallocarray(s->pfd, 3 * n + 3, sizeof *s->pfd);
    s->pfd_job = xreallocarray(s->pfd_job, 3 * n + 3, sizeof *s->pfd_job);
    s->cap = n;
}

static void sched_output(struct sched *s, int rc)
{
    if (rc == 0)
        return;
    if (errno == EPIPE) { /* the reader is gone: end quietly, as a pipeline expects */
        sched_stop(s, SCHED_EPIPE);
        return;
    }
    if (errno == EINTR) { /* SIGINT or SIGTERM while stdout would not take more */
        sched_stop(s, LANES_EXIT_ERROR);
        return;
    }
    util_warn("cannot write output: %s", strerror(errno));
    sched_stop(s, LANES_EXIT_ERROR);
}

/* ---- ending jobs ---- */

/* Walk a job through --term-seq, from the first step. */
static void sched_kill(struct sched *s, struct job *j)
{
    if (j->pid <= 0 || j->reaped || j->kill_step >= 0)
        return;
    j->kill_step = 0;
    kill(-j->pid, s->o->term.step[0].sig);
    util_deadline(&j->kill_at, s->o->term.step[0].ms / 1000.0);
}

static void sched_stop(struct sched *s, int status)
{
    if (s->stop_status)
        return;
    s->stop_status = status;
    out_quiet(s->out); /* what the ended jobs and those behind them wrote is not printed */
    for (size_t i = 0; i < s->nlive; i++)
        sched_kill(s, s->live[i]);
}

/* --timeout N%: that share of the median runtime of the jobs done so far. */
static double sched_timeout(const struct sched *s)
{
    if (!s->o->timeout_pct)
        return s->o->timeout;
    return recent_median(&s->recent) * s->o->timeout / 100;
}

/* Timeouts and the next --term-seq steps that are due; returns ms until the next one. */
static int sched_timers(struct sched *s)
{
    int next = -1;

    for (size_t i = 0; i < s->nlive; i++) {
        struct job *j = s->live[i];
        if (j->reaped || j->pid <= 0)
            continue;
        if (j->kill_step < 0 && j->deadline.tv_sec && util_ms_until(&j->deadline) == 0) {
            util_warn("job %lu timed out: %s", j->seq, j->cmd);
            j->timed_out = 1;
            sched_kill(s, j);
        }
        if (j->kill_step >= 0 && util_ms_until(&j->kill_at) == 0) {
            if ((size_t)j->kill_step + 1 < s->o->term.n)
                j->kill_step++;
            const struct term_step *st = &s->o->term.step[j->kill_step];
            kill(-j->pid, st->sig);
            util_deadline(&j->kill_at, st->ms / 1000.0);
        }
        int ms = j->kill_step >= 0    ? util_ms_until(&j->kill_at)
                 : j->deadline.tv_sec ? util_ms_until(&j->deadline)
                                      : -1;
        if (ms >= 0 && (next < 0 || ms < next))
            next = ms;
    }
    return next;
}

/* --memfree: when memory runs short, the youngest job goes back in the queue. */
static void sched_make_room(struct sched *s)
{
    struct job *young = NULL;

    if (s->nlive < 2 || !gate_memory_short(s->gate))
        return;
    for (size_t i = 0; i < s->nlive; i++) {
        struct job *j = s->live[i];
        if (!j->reaped && j->kill_step < 0 &&
            (young == NULL || j->t0.tv_sec > young->t0.tv_sec ||
             (j->t0.tv_sec == young->t0.tv_sec && j->t0.tv_nsec > young->t0.tv_nsec)))
            young = j;
    }
    if (young) {
        util_warn("job %lu is ended and queued again: memory is short", young->seq);
        young->requeue = 1;
        sched_kill(s, young);
    }
}

/* A job being ended exited; what is left of its process group gets the rest of --term-seq. */
static void sched_linger(struct sched *s, const struct job *j)
{
    if (j->kill_step < 0 || kill(-j->pid, 0) != 0)
        return;
    if (s->nlinger == s->caplinger) {
        s->caplinger = s->caplinger ? 2 * s->caplinger : 8;
        s->linger = xreallocarray(s->linger, s->caplinger, sizeof *s->linger);
    }
    s->linger[s->nlinger++] = (struct linger){j->pid, j->kill_step, j->kill_at};
}

/* Step the lingering groups on; returns ms until the next step, or -1. */
static int sched_linger_tick(struct sched *s)
{
    int next = -1;

    for (size_t i = 0; i < s->nlinger;) {
        struct linger *l = &s->linger[i];
        int last = (size_t)l->step + 1 >= s->o->term.n;
        if (kill(-l->pgid, 0) != 0 || (last && util_ms_until(&l->at) == 0)) {
            s->linger[i] = s->linger[--s->nlinger]; /* gone, or given the last signal */
            continue;
        }
        if (util_ms_until(&l->at) == 0) {
            const struct term_step *st = &s->o->term.step[++l->step];
            kill(-l->pgid, st->sig);
            util_deadline(&l->at, st->ms / 1000.0);
        }
        int ms = util_ms_until(&l->at);
        next = next < 0 || ms < next ? ms : next;
        i++;
    }
    return next;
}

/* ---- owning jobs ---- */

/* Every job is the scheduler's from here until sched_release; the other modules borrow it. */
static struct job *sched_adopt(struct sched *s, struct job *j)
{
    j->owned_prev = NULL;
    j->owned_next = s->owned;
    if (s->owned)
        s->owned->owned_prev = j;
    s->owned = j;
    return j;
}

static void sched_release(struct sched *s, struct job *j)
{
    if (j->owned_prev)
        j->owned_prev->owned_next = j->owned_next;
    else
        s->owned = j->owned_next;
    if (j->owned_next)
        j->owned_next->owned_prev = j->owned_prev;
    job_free(j);
}

/* out is done with a job that has ended for good. */
static void sched_printed(void *ctx, struct job *j)
{
    sched_release(ctx, j);
}

/* ---- finishing jobs ---- */

static void sched_again(struct sched *s, struct job *j)
{
    j->rnext = NULL;
    if (s->again_tail)
        s->again_tail->rnext = j;
    else
        s->again = j;
    s->again_tail = j;
}

static void sched_jobinfo(const struct job *j, struct jobinfo *ji)
{
    *ji = (struct jobinfo){
        .seq = j->seq,
        .slot = j->lane.slot,
        .host = j->host, /* -S: set by remote_spawn */
        .start = j->start,
        .runtime = job_runtime(j),
        .send = j->part_fd < 0 ? j->in_total : 0, /* --pipe: its blocks, as GNU parallel counts */
        .receive = j->bytes[JOB_STDOUT],
        .exitval = job_exitval(j),
        .signal = job_signal(j),
        .lost = j->lost,
        .cmd = j->cmd,
        .args = &j->args,
        .out = &j->out[JOB_STDOUT],
        .err = &j->out[JOB_STDERR],
        .err_tail = j->err_tail,
        .err_tail_len = j->err_tail_len,
    };
}

/* A finished job goes into the failure summary as it ends. */
static void sched_record(struct sched *s, struct job *j)
{
    struct jobinfo ji;

    sched_jobinfo(j, &ji);
    if (s->summary)
        summary_add(s->summary, &ji);
}

/* The fields of one record for --results: 0 where a job's values are one record. */
static size_t sched_nsources(const struct sched *s)
{
    return s->o->batch.multi || s->o->colsep ? 0 : input_nsources(s->o->input);
}

/* The job log and --results record jobs in output order (input order with -k), as their
 * turn to be printed comes; not the jobs a stopping run ended or never printed. */
static void sched_logged(void *ctx, struct job *j)
{
    struct sched *s = ctx;
    struct jobinfo ji;

    if (!j->reaped || s->stop_status)
        return;
    sched_jobinfo(j, &ji);
    if (s->joblog) /* they name what failed themselves */
        joblog_write(s->joblog, &ji);
    if (s->results)
        results_write(s->results, &ji, sched_nsources(s));
}

/* The job is reaped and drained: run it again, or count it, log it and print it. */
static void sched_finish(struct sched *s, struct job *j)
{
    for (size_t i = 0; i < s->nlive; i++) {
        if (s->live[i] == j) {
            s->live[i] = s->live[--s->nlive];
            break;
        }
    }
    remote_done(s->remote, j); /* -S: its retry avoids this host; a dead host is paused */
    pool_give(s->pool, &j->lane);
    int failed = job_failed(j);
    int retry = failed && (unsigned long)j->tries < s->o->retries && !s->stop_status;
    if (j->requeue || retry) {
        out_discard(s->out, j);
        job_reset(j);
        sched_again(s, j);
        return;
    }
    if (s->stop_status && j->kill_step >= 0 && !j->timed_out) {
        sched_output(s, out_done(s->out, j)); /* ended by lanes: not counted, not logged */
        return;
    }
    recent_add(&s->recent, job_runtime(j));
    failed ? s->failures++ : s->successes++;
    sched_record(s, j);
    /* The status --halt passes on: 128+N for a signal, 255 for a job lanes ended itself. */
    int exitval = job_signal(j) && !j->timed_out ? 128 + job_signal(j)
                  : job_exitval(j) < 0           ? 255
                                                 : job_exitval(j);
    sched_output(s, out_done(s->out, j));
    unsigned long total = s->o->total ? s->o->total : s->input_end ? s->seq : 0;
    if (halt_check(&s->halt, failed, exitval, s->failures, s->successes, total)) {
        if (s->halt.when == HALT_NOW)
            sched_stop(s, -2);
        s->draining = 1;
    }
}

/* ---- starting jobs ---- */

/* --workdir for one job: its template expanded, or for ... a directory of its own under
 * ~/.parallel/tmp, named for the host, lanes' pid and the job, as GNU parallel names it. */
static char *sched_workdir(const struct sched *s, const struct job *j, const struct tmpl_vals *v)
{
    struct buf wd = {0};

    if (strcmp(s->o->workdir, "...") == 0) {
        char host[256] = "localhost";
        const char *home = getenv("HOME");
        gethostname(host, sizeof host - 1);
        host[sizeof host - 1] = '\0';
        buf_adds(&wd, home && *home ? home : "/tmp");
        buf_adds(&wd, "/.parallel/tmp/");
        buf_adds(&wd, host);
        char tail[64];
        snprintf(tail, sizeof tail, "-%ld-%lu", (long)getpid(), j->seq);
        buf_adds(&wd, tail);
    } else if (s->o->workdir_tmpl) {
        tmpl_expand_raw(s->o->workdir_tmpl, v, &wd);
    } else {
        buf_adds(&wd, s->o->workdir);
    }
    return buf_cstr(&wd);
}

/* The command line, the tag and the clock of a job about to start. */
static void sched_prepare(struct sched *s, struct job *j, const struct tmpl_vals *v)
{
    if (j->cmd == NULL) {
        struct buf cmd = {0};
        tmpl_expand_shell(s->o->tmpl, v, &cmd);
        j->cmd = buf_cstr(&cmd);
    }
    if (s->o->tag && j->tag == NULL) {
        struct buf tag = {0};
        tmpl_expand_raw(s->o->tag, v, &tag);
        j->tag = buf_cstr(&tag);
    }
    if (s->o->workdir && j->wd == NULL)
        j->wd = sched_workdir(s, j, v);
    j->start = util_epoch();
    clock_gettime(CLOCK_MONOTONIC, &j->t0);
    double timeout = sched_timeout(s);
    if (timeout > 0)
        util_deadline(&j->deadline, timeout);
}

/* -p: ask on the terminal; only y runs the job. */
static int sched_ask(struct sched *s, const struct job *j)
{
    char answer[16] = "";

    fprintf(s->ask, "%s ?...", j->cmd);
    fflush(s->ask);
    if (fgets(answer, sizeof answer, s->ask) == NULL)
        return 0;
    return answer[0] == 'y' || answer[0] == 'Y';
}

static int sched_spawn(struct sched *s, struct job *j, const struct tmpl_vals *v)
{
    if (remote_owns(s->remote, &j->lane)) /* -S: remote_job.c wraps it for its host */
        return remote_spawn(s->remote, s->sp, j, v);
    /* A command from the job log (--retry-failed) runs as it was logged, under the shell. */
    int direct = !j->logged && tmpl_expand_argv(s->o->tmpl, v, &s->strs, &s->argv, &s->argv_cap);
    int rc = spawn_job(s->sp, j, direct ? tmpl_direct_path(s->o->tmpl) : NULL, s->argv);

    if (direct && rc == ENOEXEC) /* a script without #!: the shell runs it, as execvp does */
        rc = spawn_job(s->sp, j, NULL, NULL);
    return rc;
}

/* Whether an error means "not now" rather than "never". */
static int transient(int err)
{
    return err == EAGAIN || err == ENOMEM || err == EMFILE || err == ENFILE;
}

/* -v: the command line is the first line of the job's output, held, tagged and logged with
 * the rest of it, as GNU parallel does. */
static void sched_show(struct sched *s, struct job *j)
{
    struct buf line = {0};

    buf_adds(&line, j->cmd);
    buf_addc(&line, '\n');
    sched_output(s, out_data(s->out, j, JOB_STDOUT, line.data, line.len));
    buf_free(&line);
}

/* Directories a job needs before it runs: its --results directory, its --workdir. Returns 0,
 * or the status the run stops with, as GNU parallel stops, after a message. */
static int sched_ready(struct sched *s, struct job *j)
{
    size_t bad = 0;

    if (s->results) {
        struct jobinfo ji;
        sched_jobinfo(j, &ji);
        int status = results_start(s->results, &ji, sched_nsources(s));
        if (status != 0)
            return status;
    }
    if (j->wd && util_mkdir_p(j->wd, &bad) != 0) {
        util_warn("--workdir: cannot make directory '%.*s': %s", (int)bad, j->wd, strerror(errno));
        return LANES_EXIT_ERROR;
    }
    return 0;
}

/* --fifo: a fifo of a name no other file has: a temporary file's, made and removed again. */
static int sched_mkfifo(struct sched *s, char **path)
{
    for (int tries = 0; tries < 100; tries++) {
        int fd = out_tmpfile(s->out, path);
        if (fd < 0)
            return errno;
        close(fd);
        unlink(*path);
        if (mkfifo(*path, 0600) == 0)
            return 0;
        int err = errno;
        free(*path);
        *path = NULL;
        if (err != EEXIST)
            return err ? err : EIO;
    }
    return EEXIST;
}

/* --cat: the job's block goes into a file of its own, and {} is the file's name; --fifo: into
 * a fifo, named by {}, written when the job starts. Returns 0, or errno (the job then fails). */
static int sched_cat(struct sched *s, struct job *j)
{
    char *path = NULL;

    if (j->in_path) /* made for an earlier try */
        return 0;
    int fd = -1, err;
    if (s->o->pipe_cat == OPTS_FIFO) {
        err = sched_mkfifo(s, &path);
    } else {
        fd = out_tmpfile(s->out, &path);
        err = fd < 0 ? errno : feed_file(j, fd);
    }
    if (fd >= 0 && close(fd) != 0 && err == 0)
        err = errno;
    if (err || path == NULL) {
        if (fd >= 0 && path)
            unlink(path);
        free(path);
        return err ? err : EIO;
    }
    j->in_path = path;
    struct field f = {path, strlen(path)};
    job_set_args(j, &(struct rec){1, &f});
    return 0;
}

/* Start j in the lane it was given: a new job, or one run again. */
static void sched_launch(struct sched *s, struct job *j)
{
    sched_grow(s);
    int cat_error = s->o->pipe_cat ? sched_cat(s, j) : 0;
    struct tmpl_vals v = {.rec = &j->args,
                          .seq = j->seq,
                          .slot = j->lane.slot,
                          .slots = (unsigned long)pool_size(s->pool),
                          .total = s->o->total,
                          /* -S: {sshlogin} and {host} */
                          .sshlogin = remote_login(s->remote, &j->lane),
                          .host = remote_host(s->remote, &j->lane)};
    sched_prepare(s, j, &v);
    if (s->ask && j->tries == 0 && !sched_ask(s, j)) {
        pool_give(s->pool, &j->lane);
        sched_release(s, j);
        return;
    }
    j->tries++;
    int stop = sched_ready(s, j);
    if (stop != 0) { /* the run ends here, and this job never starts */
        sched_stop(s, stop);
        (void)out_add(s->out, j); /* it takes its turn to be printed (nothing) */
        s->live[s->nlive++] = j;
        j->error = EEXIST;
        j->reaped = 1;
        j->t1 = j->t0;
        sched_finish(s, j);
        return;
    }
    if (s->o->verbose)
        fprintf(stderr, "%s\n", j->cmd);
    j->error = out_add(s->out, j) != 0 ? errno : 0;
    if (!j->error)
        j->error = cat_error;
    if (!j->error && s->o->show_cmd)
        sched_show(s, j);
    if (!j->error)
        j->error = sched_spawn(s, j, &v);
    if (!j->error && s->o->pipe_cat == OPTS_FIFO && (j->fifo_pid = feed_fifo(j)) < 0) {
        j->fifo_pid = 0; /* the job runs, and finds no writer: it is ended at once */
        util_warn("job %lu: cannot write its block into its fifo: %s", j->seq, strerror(errno));
        sched_kill(s, j);
    }
    s->live[s->nlive++] = j;
    gate_started(s->gate);
    if (j->error && transient(j->error) && s->nlive > 1) {
        if (gate_backoff(s->gate))
            util_warn("cannot start more jobs now (%s); waiting and trying again",
                      strerror(j->error));
        j->tries--;
        j->requeue = 1;
        j->reaped = 1;
        sched_finish(s, j);
        return;
    }
    if (j->error) {
        util_warn("job %lu: cannot run '%.200s%s': %s", j->seq, j->cmd,
                  strlen(j->cmd) > 200 ? "..." : "", strerror(j->error));
        j->reaped = 1;
        j->t1 = j->t0;
        sched_finish(s, j);
    }
}

/* The next record; with --pipe, one empty value ({} is '' then, as in GNU parallel) and a
 * block; with --pipe-part, no value at all ({} is nothing) and a part. */
static enum input_status next_input(const struct source *src, struct rec *r, struct job_input *in,
                                    int may_block)
{
    static struct field none = {"", 0};

    in->fd = -1;
    if (src->parts) {
        *r = (struct rec){0, NULL};
        return part_next(src->parts, &in->block, &in->fd, &in->start, &in->end) ? INPUT_REC
                                                                                : INPUT_END;
    }
    if (src->blocks == NULL)
        return batch_next(src->batch, r, may_block);
    *r = (struct rec){1, &none};
    return block_next(src->blocks, &in->block, may_block);
}

/* The next new job from the input, past those --resume skips. */
static enum input_status sched_next(struct sched *s, struct job **j)
{
    struct rec r;
    struct job_input in = {0};

    for (;;) {
        enum input_status st = next_input(&s->src, &r, &in, 0);
        if (s->src.blocks)
            s->seq += block_skipped(s->src.blocks);
        if (st != INPUT_REC) {
            buf_free(&in.block);
            return st;
        }
        s->seq++;
        if (s->resume && resume_skip(s->resume, s->seq))
            continue;
        *j = sched_adopt(s, job_new(s->seq, &r));
        (*j)->in = in.block;
        (*j)->in_total = in.block.len;
        (*j)->in_more = s->o->round_robin;
        (*j)->tee = s->tee;
        (*j)->part_fd = in.fd;
        (*j)->part_start = (*j)->part_off = in.start;
        (*j)->part_end = in.end;
        return st;
    }
}

/* The next job to start: one waiting to start again, else a new one from the input. */
static struct job *sched_take(struct sched *s)
{
    struct job *j = s->again;

    if (j) {
        s->again = j->rnext;
        if (s->again == NULL)
            s->again_tail = NULL;
        return j;
    }
    if (s->input_end || s->input_wait)
        return NULL;
    switch (sched_next(s, &j)) {
    case INPUT_REC:
        return j;
    case INPUT_END:
        s->input_end = 1;
        break;
    case INPUT_WAIT:
        s->input_wait = 1;
        break;
    }
    return NULL;
}

/* A job taken that cannot start yet goes first when it can. */
static void sched_push_back(struct sched *s, struct job *j)
{
    j->rnext = s->again;
    s->again = j;
    if (s->again_tail == NULL)
        s->again_tail = j;
}

/* Start jobs while lanes are free, the gate is open and jobs are at hand; returns ms until
 * the gate opens, or -1. */
static int sched_fill(struct sched *s)
{
    s->lane_wait = 0;
    while (!s->stop_status && !s->draining &&
           pool_busy(s->pool) < (unsigned long)pool_size(s->pool)) {
        struct job *j = sched_take(s);
        if (j == NULL)
            break;
        int wait = gate_wait_ms(s->gate);
        if (wait > 0) {
            sched_push_back(s, j);
            return wait;
        }
        if (!remote_take(s->remote, s->pool, j)) { /* -S: a retry prefers another host */
            sched_push_back(s, j);
            s->lane_wait = 1;
            break;
        }
        sched_launch(s, j);
    }
    return -1;
}

/* --round-robin: the running job with the lowest number after the one last dealt to (else the
 * lowest) that has written its block and waits for another. */
static struct job *sched_idle_after(const struct sched *s, unsigned long after)
{
    struct job *next = NULL, *first = NULL;

    for (size_t i = 0; i < s->nlive; i++) {
        struct job *j = s->live[i];
        if (j->in_fd < 0 || !j->in_more || feed_pending(j))
            continue;
        if (j->seq > after && (next == NULL || j->seq < next->seq))
            next = j;
        if (first == NULL || j->seq < first->seq)
            first = j;
    }
    return next ? next : first;
}

/* --round-robin: blocks go to the running jobs in turn, to each once it has written the last;
 * at the end of the input (or when the run winds down) their stdin is closed. */
static void sched_deal(struct sched *s)
{
    struct job *j;

    while (!s->input_end && !s->input_wait && !s->draining && !s->stop_status &&
           (j = sched_idle_after(s, s->dealt)) != NULL) {
        enum input_status st = block_next(s->src.blocks, &j->in, 0);
        (void)block_skipped(s->src.blocks);
        if (st == INPUT_WAIT)
            s->input_wait = 1;
        if (st == INPUT_END)
            s->input_end = 1;
        if (st != INPUT_REC)
            break;
        j->in_off = 0;
        j->in_total += j->in.len;
        s->dealt = j->seq;
        feed_write(j);
    }
    if (!s->input_end && !s->draining && !s->stop_status)
        return;
    for (size_t i = 0; i < s->nlive; i++) {
        j = s->live[i];
        j->in_more = 0;
        if (!feed_pending(j))
            feed_close(j);
    }
}

/* --tee: stdin is read only once every job runs (so that none misses its start), and only
 * while some job still takes it; what every job has written is forgotten first. */
static int sched_tee_wants(struct sched *s)
{
    if (s->tee == NULL || s->seq < s->o->total || s->again)
        return 0;
    off_t low = tee_end(s->tee);
    int open = 0;
    for (size_t i = 0; i < s->nlive; i++) {
        const struct job *j = s->live[i];
        if (j->in_fd >= 0 && j->tee_pos < low)
            low = j->tee_pos;
        open |= j->in_fd >= 0;
    }
    tee_drop(s->tee, low);
    return open && tee_wants(s->tee);
}

/* --tee: what was read goes to every job. */
static void sched_tee(struct sched *s)
{
    tee_read(s->tee);
    for (size_t i = 0; i < s->nlive; i++)
        feed_write(s->live[i]);
}

/* ---- seeing a run ---- */

static void sched_progress_state(const struct sched *s, struct progress_state *st)
{
    unsigned long done = s->failures + s->successes;

    *st = (struct progress_state){
        .started = done + s->nlive,
        .done = done,
        .failed = s->failures,
        .running = s->nlive,
        .total = s->o->total_jobs ? s->o->total_jobs
                 : s->o->total    ? s->o->total
                 : s->input_end   ? s->seq
                                  : 0,
        .elapsed = util_now() - s->t_start,
        .slots = pool_size(s->pool),
    };
    st->runtime_sum = recent_sum(&s->recent);
}

static void sched_progress(struct sched *s)
{
    struct progress_state st;

    if (s->progress == NULL)
        return;
    sched_progress_state(s, &st);
    progress_update(s->progress, &st);
}

static int sched_progress_timeout(struct sched *s)
{
    struct progress_state st;

    if (s->progress == NULL)
        return -1;
    sched_progress_state(s, &st);
    return progress_timeout(s->progress, &st);
}

static void sched_clear_progress(void *ctx)
{
    progress_clear(ctx);
}

/* The last progress line and the account of the failed jobs. */
static void sched_report(struct sched *s)
{
    struct progress_state st;

    if (s->progress) {
        sched_progress_state(s, &st);
        progress_end(s->progress, &st);
    }
    if (s->summary)
        summary_print(s->summary, 2);
}

/* ---- the loop ---- */

/* Take what is in a job's pipe once: spliced straight to stdout where its bytes may go out
 * untouched, else read and handed to out. Returns as read(2); an error writing stdout has
 * been dealt with, and reads as EINTR. */
static ssize_t sched_pull(struct sched *s, struct job *j, int stream)
{
    ssize_t n = out_pass(s->out, j, stream, j->fd[stream]);

    if (n < 0 && errno == ENOTSUP)
        n = out_park(s->out, j, stream, j->fd[stream]);
    if (n >= 0 || errno == EAGAIN)
        return n;
    if (errno != ENOTSUP) {
        sched_output(s, -1);
        errno = EINTR;
        return -1;
    }
    n = read(j->fd[stream], s->rbuf, sizeof s->rbuf);
    if (n > 0) {
        if (stream == JOB_STDERR)
            job_keep_tail(j, s->rbuf, (size_t)n);
        sched_output(s, out_data(s->out, j, stream, s->rbuf, (size_t)n));
    }
    return n;
}

/* Take once from a job's pipe; closes it at end of file. */
static void sched_read(struct sched *s, struct job *j, int stream)
{
    ssize_t n = sched_pull(s, j, stream);

    if (n > 0 || (n < 0 && (errno == EINTR || errno == EAGAIN)))
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
            ssize_t n = sched_pull(s, j, stream);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                close(j->fd[stream]);
                j->fd[stream] = -1;
            }
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
            if (j->fifo_pid == pid) /* --fifo: its writer is done */
                j->fifo_pid = 0;
            if (j->pid != pid)
                continue;
            if (j->fifo_pid > 0) { /* a writer the job never let finish: it goes too */
                kill(j->fifo_pid, SIGKILL);
                j->fifo_pid = 0;
            }
            j->status = status;
            j->reaped = 1;
            clock_gettime(CLOCK_MONOTONIC, &j->t1);
            feed_close(j);
            sched_linger(s, j);
            sched_drain(s, j);
            sched_finish(s, j);
            break;
        }
    }
    pool_check(s->pool);     /* -j FILE */
    remote_check(s->remote); /* -S: --slf changed, paused hosts tried again */
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
    unsigned long seen = s->sigs | sig_take();

    s->sigs = 0;
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
        s->pfd[n++] =
            (struct pollfd){.fd = s->src.blocks ? block_fd(s->src.blocks) : input_fd(s->o->input),
                            .events = POLLIN};
    }
    if (s->lane_wait && pool_fd(s->pool) >= 0) {
        s->pfd_job[n] = NULL;
        s->pfd[n++] = (struct pollfd){.fd = pool_fd(s->pool), .events = POLLIN};
    }
    if (sched_tee_wants(s)) {
        s->pfd_job[n] = NULL;
        s->pfd[n++] = (struct pollfd){.fd = tee_fd(s->tee), .events = POLLIN};
    }
    for (size_t i = 0; i < s->nlive; i++) {
        if (s->live[i]->in_fd >= 0 && feed_pending(s->live[i])) {
            s->pfd_job[n] = s->live[i];
            s->pfd[n++] = (struct pollfd){.fd = s->live[i]->in_fd, .events = POLLOUT};
        }
        for (int stream = JOB_STDOUT; stream <= JOB_STDERR; stream++) {
            if (s->live[i]->fd[stream] < 0)
                continue;
            s->pfd_job[n] = s->live[i];
            s->pfd[n++] = (struct pollfd){.fd = s->live[i]->fd[stream], .events = POLLIN};
        }
    }
    return n;
}

static int min_timeout(int a, int b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

/* While a write waits for a stalled stdout or stderr, timeouts and --term-seq go on, and
 * SIGINT or SIGTERM gives the write up. The other signals wait for the loop: jobs are not
 * reaped or started while out is in the middle of printing. */
static int sched_stalled(void *ctx, int *give_up)
{
    struct sched *s = ctx;
    unsigned long seen = sig_take();

    s->sigs |= seen;
    if (seen & ((1UL << SIGINT) | (1UL << SIGTERM))) {
        *give_up = 1;
        return -1;
    }
    return min_timeout(sched_timers(s), sched_linger_tick(s));
}

/* Wait for anything to happen, and handle it. */
static void sched_wait(struct sched *s, int timeout)
{
    size_t n = sched_pollset(s);

    timeout = min_timeout(timeout, sched_timers(s));
    timeout = min_timeout(timeout, sched_progress_timeout(s));
    if (s->o->gate.memfree && s->nlive > 1)
        timeout = min_timeout(timeout, 1000);
    if (s->sigs) /* seen while a write waited */
        timeout = 0;
    if (poll(s->pfd, n, timeout) < 0 && errno != EINTR)
        util_die_errno("poll");
    for (size_t i = 1; i < n; i++) {
        if (!s->pfd[i].revents)
            continue;
        struct job *j = s->pfd_job[i];
        if (j == NULL && s->lane_wait && s->pfd[i].fd == pool_fd(s->pool)) {
            s->lane_wait = 0; /* sched_fill asks the pool again */
        } else if (j == NULL && s->tee && s->pfd[i].fd == tee_fd(s->tee)) {
            sched_tee(s);
        } else if (j == NULL) {
            s->src.blocks ? block_read(s->src.blocks) : input_read(s->o->input);
            s->input_wait = 0;
        } else if (s->pfd[i].fd == j->in_fd) {
            feed_write(j);
        } else if (s->pfd[i].fd == j->fd[JOB_STDOUT] || s->pfd[i].fd == j->fd[JOB_STDERR]) {
            sched_read(s, j, s->pfd[i].fd == j->fd[JOB_STDOUT] ? JOB_STDOUT : JOB_STDERR);
        }
    }
    if (s->pfd[0].revents || s->sigs)
        sched_signals(s);
    sched_timers(s);
    sched_make_room(s);
    sched_progress(s);
}

static struct source sched_source(const struct opts *o)
{
    struct source src = {0};

    if (o->pipe_part)
        src.parts = part_new(&o->part, o->part_files, o->npart_files);
    else if (o->pipe)
        src.blocks = block_new(&o->block, input_source_fd(o->input, 0));
    else
        src.batch = batch_new(&o->batch, o->tmpl, o->input);
    return src;
}

static void sched_source_free(struct source *src)
{
    if (src->batch)
        batch_free(src->batch);
    block_free(src->blocks);
    if (src->parts)
        part_free(src->parts);
}

/* --dry-run: print each command as it would run, after its --tag; nothing is started.
 * --shell-quote: the same, each command quoted for a shell. */
static int sched_dry_run(const struct opts *o)
{
    struct buf cmd = {0}, line = {0};
    struct rec r;
    unsigned long seq = 0;
    struct source src = sched_source(o);
    struct job_input in = {0};

    while (next_input(&src, &r, &in, 1) == INPUT_REC) {
        seq += 1 + (src.blocks ? block_skipped(src.blocks) : 0);
        struct tmpl_vals v = {.rec = &r,
                              .seq = seq,
                              .slot = (seq - 1) % (unsigned long)o->jobs + 1,
                              .slots = (unsigned long)o->jobs,
                              .total = o->total};
        buf_reset(&cmd);
        tmpl_expand_shell(o->tmpl, &v, &cmd);
        buf_reset(&line);
        if (o->tag) { /* --tag: the tag and a tab first, as on a job's output */
            tmpl_expand_raw(o->tag, &v, &line);
            buf_addc(&line, '\t');
        }
        if (o->shell_quote)
            quote_append(&line, cmd.data, cmd.len);
        else
            buf_append(&line, cmd.data, cmd.len);
        buf_addc(&line, '\n');
        if (fwrite(line.data, 1, line.len, stdout) != line.len)
            break;
    }
    buf_free(&cmd);
    buf_free(&line);
    buf_free(&in.block);
    sched_source_free(&src);
    if (fflush(stdout) != 0 && errno != EPIPE)
        util_die_errno("cannot write output");
    return 0;
}

static struct sched *sched_new_run(const struct opts *o)
{
    struct sched *s = xcalloc(1, sizeof *s);

    s->o = o;
    s->pool = pool_new(o->jobs, o->jobs_file);
    s->remote = remote_new(o, s->pool); /* -S: each host adds its lanes to the pool */
    s->halt = o->halt;
    s->sigfd = sig_init();
    stall_on_wait(s->sigfd, sched_stalled, s);
    s->sp = spawn_new(o->tty ? "/dev/tty" : "/dev/null", o->jobs);
    s->out = out_new(&o->out);
    out_on_done(s->out, sched_printed, s);
    s->src = sched_source(o);
    s->gate = gate_new(&o->gate);
    if (o->resume)
        s->resume = resume_load(o->joblog, o->resume);
    if (o->joblog)
        s->joblog = o->resume ? joblog_open_resume(o->joblog) : joblog_open(o->joblog);
    if (o->results)
        s->results = results_new(o->results, o->results_path, o->field_names, o->nfield_names);
    if (o->results || o->joblog)
        out_on_print(s->out, sched_logged, s);
    if (o->interactive && (s->ask = term_tty_open()) == NULL)
        util_die_errno("-p/--interactive needs a terminal: /dev/tty");
    sched_grow(s);
    s->t_start = util_now();
    if (o->progress) {
        s->progress = progress_new(o->progress, 2);
        out_on_write(s->out, sched_clear_progress, s->progress);
    }
    if (o->summary == 1 || (o->summary < 0 && isatty(2)))
        s->summary = summary_new(OPTS_SUMMARY_JOBS);
    if (o->tee)
        s->tee = tee_new(0);
    return s;
}

/* A fatal error mid-run: the running jobs are ended, their lanes given back. */
static void sched_die(void *ctx)
{
    struct sched *s = ctx;

    for (size_t i = 0; i < s->nlive; i++) {
        struct job *j = s->live[i];
        if (j->pid > 0 && !j->reaped)
            kill(-j->pid, SIGTERM);
        pool_give(s->pool, &j->lane);
    }
    pool_free(s->pool);
}

static void sched_free(struct sched *s)
{
    out_free(s->out);
    while (s->owned) /* a stopped run leaves jobs queued, or waiting for their turn */
        sched_release(s, s->owned);
    sched_source_free(&s->src);
    gate_free(s->gate);
    spawn_free(s->sp);
    if (s->joblog)
        joblog_close(s->joblog);
    if (s->results)
        results_free(s->results);
    resume_free(s->resume);
    if (s->progress)
        progress_free(s->progress);
    if (s->summary)
        summary_free(s->summary);
    if (s->ask)
        fclose(s->ask);
    buf_free(&s->strs);
    free(s->argv);
    free(s->live);
    remote_free(s->remote); /* -S: control masters ended, sockets removed */
    pool_free(s->pool);
    free(s->pfd);
    free(s->pfd_job);
    free(s->linger);
    tee_free(s->tee);
    free(s);
}

int sched_run(const struct opts *o)
{
    if (o->dry_run || o->shell_quote)
        return sched_dry_run(o);

    struct sched *s = sched_new_run(o);
    util_on_die(sched_die, s);
    if (o->resume == OPTS_RETRY_FAILED) { /* the failed jobs of the log, and nothing else */
        struct job *j;
        while ((j = resume_next_failed(s->resume)) != NULL)
            sched_again(s, sched_adopt(s, j));
        s->input_end = 1;
    }
    for (;;) {
        int timeout = sched_fill(s);
        if (o->round_robin)
            sched_deal(s);
        int linger = sched_linger_tick(s);
        int more = s->again || !s->input_end;
        if (s->nlive == 0 && s->nlinger == 0 && (!more || s->stop_status || s->draining))
            break;
        sched_wait(s, min_timeout(timeout, linger));
    }
    stall_on_wait(-1, NULL, NULL); /* what is left to say is said, however long it takes */
    sched_report(s);
    unsigned long total = o->total ? o->total : s->failures + s->successes;
    int status = s->stop_status == SCHED_EPIPE ? SCHED_EPIPE
                 : s->stop_status > 0          ? s->stop_status
                                               : halt_status(&s->halt, s->failures, total);
    if (status != SCHED_EPIPE &&
        ((s->joblog && joblog_failed(s->joblog)) || (s->results && results_failed(s->results))))
        status = LANES_EXIT_ERROR; /* a record lost: --resume would run the job again */
    util_on_die(NULL, NULL);
    sched_free(s);
    if (status == SCHED_EPIPE)
        sig_reraise(SIGPIPE);
    return status;
}
