/* sched: the scheduler. It owns every job from the moment supply makes it until out is done
 * with it; takes a lane from the pool for each job and gives it back however the job ends;
 * and runs the one event loop: job output, job exits, input that is slow to arrive, signals,
 * timeouts, the steps of ending a job, start delays. The policy of a run lives in the rooms it
 * consults: supply (which job is next), launch (starting it), ending (ending it), halt (when
 * to stop), gate (when another job may start), out (where output goes). */
#include "sched.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aside.h"
#include "crew.h"
#include "ending.h"
#include "feed.h"
#include "gate.h"
#include "job.h"
#include "jobout.h"
#include "launch.h"
#include "loop.h"
#include "out.h"
#include "pool.h"
#include "progress.h"
#include "recent.h"
#include "record.h"
#include "remote.h"
#include "resume.h"
#include "setup.h"
#include "sig.h"
#include "stall.h"
#include "supply.h"
#include "suspend.h"
#include "term.h"
#include "util.h"

/* stop_status meaning: our stdout's reader went away; lanes ends by SIGPIPE. */
#define SCHED_EPIPE (-1)

struct sched {
    const struct opts *o;
    struct pool *pool;
    struct remote *remote; /* -S: the hosts whose lanes are in the pool (remote.c), or NULL */
    struct supply *supply;
    struct launch *launch;
    struct ending *ending;
    struct loop *loop;
    struct jobout *jobout;
    struct out *out;
    struct gate *gate;
    struct record *record; /* the job log, --results, the summary, the timeline */
    struct resume *resume;
    struct progress *progress;
    FILE *ask; /* -p: the terminal where we ask */
    double t_start;
    struct halt halt;
    struct crew crew;       /* every job, from the moment supply makes it until out is done */
    struct aside aside;     /* --hostgroups: jobs waiting for their hosts while later ones start */
    struct suspend suspend; /* --memsuspend: the jobs stopped while memory is short */
    unsigned long failures, successes;
    unsigned long begun;  /* jobs that had their first turn: started, or skipped, or failed to */
    int stop_status;      /* nonzero: start no more jobs, end the running ones, exit with it */
    int draining;         /* SIGHUP or --halt soon: start no more jobs, let the running finish */
    int interrupted;      /* SIGINT or SIGTERM: what waits for stdout is not written */
    int lane_wait;        /* a job waits for a lane the pool may yet give: poll pool_fd */
    struct recent recent; /* the latest runtimes, for --timeout N% and progress */
    int sigfd;
    int sig_ready;      /* the signal pipe is readable */
    unsigned long sigs; /* signals seen while a write waited, for the loop to handle */
};

static void sched_stop(struct sched *s, int status);
static void sched_die(void *ctx); /* (jobserver: sched_new_run sets it as util_on_die) */

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

static void sched_on_output(void *ctx, int rc)
{
    sched_output(ctx, rc);
}

static void sched_stop(struct sched *s, int status)
{
    if (s->stop_status)
        return;
    s->stop_status = status;
    out_quiet(s->out); /* what the ended jobs and those behind them wrote is not printed */
    for (size_t i = 0; i < s->crew.nlive; i++)
        ending_kill(s->ending, s->crew.live[i]);
}

/* --timeout N%: that share of the median runtime of the jobs done so far. */
static double sched_timeout(const struct sched *s)
{
    if (!s->o->timeout_pct)
        return s->o->timeout;
    return recent_median(&s->recent) * s->o->timeout / 100;
}

/* ---- owning jobs ---- */

/* out is done with a job that has ended for good. */
static void sched_printed(void *ctx, struct job *j)
{
    struct sched *s = ctx;

    crew_release(&s->crew, j);
}

/* ---- finishing jobs ---- */

/* The total that --halt's percentages count against, where it is known yet. */
static unsigned long sched_total(const struct sched *s)
{
    return s->o->total ? s->o->total : supply_ended(s->supply) ? supply_seq(s->supply) : 0;
}

/* The job log and --results record jobs as their turn to be printed comes. */
static void sched_logged(void *ctx, struct job *j)
{
    struct sched *s = ctx;

    record_printed(s->record, j, s->stop_status != 0);
}

/* A job that ended for good is counted, goes into the failure summary, and is handed to out;
 * --halt is asked whether the run goes on. */
static void sched_count(struct sched *s, struct job *j)
{
    int failed = job_failed(j);

    recent_add(&s->recent, job_runtime(j));
    failed ? s->failures++ : s->successes++;
    record_counted(s->record, j);
    /* The status --halt passes on: 128+N for a signal, 255 for a job lanes ended itself. */
    int exitval = job_signal(j) && !j->timed_out ? 128 + job_signal(j)
                  : job_exitval(j) < 0           ? 255
                                                 : job_exitval(j);
    /* (out_done may hand j back to be freed: the command line halt_tell needs is kept) */
    char *cmd = halt_counts(&s->halt, failed) && j->cmd ? xstrdup(j->cmd) : NULL;
    sched_output(s, out_done(s->out, j));
    int halt = halt_check(&s->halt, failed, exitval, s->failures, s->successes, sched_total(s));
    halt_tell(&s->halt, failed, cmd, s->crew.nlive); /* after the job's output, as GNU parallel */
    free(cmd);
    if (halt) {
        if (s->halt.when == HALT_NOW)
            sched_stop(s, -2);
        s->draining = 1;
    }
}

/* The job is reaped and drained (or never started): its lane goes back, and it runs again,
 * or is counted, logged and printed. */
static void sched_finish(struct sched *s, struct job *j)
{
    gate_ended(s->gate, job_failed(j) && !j->skipped && !j->requeue);
    record_ended(s->record, j, s->stop_status != 0); /* while it knows its lane and host */
    crew_leave(&s->crew, j);
    remote_done(s->remote, j); /* -S: its retry avoids this host; a dead host is paused */
    pool_give(s->pool, &j->lane);
    launch_done(s->launch, j);
    unsigned long most = s->o->retries_tmpl ? (j->retries ? j->retries : ULONG_MAX) : s->o->retries;
    int retry = job_failed(j) && !j->skipped && (unsigned long)j->tries < most && !s->stop_status;
    if (j->requeue || retry) {
        out_discard(s->out, j);
        job_reset(j);
        supply_again(s->supply, j);
        return;
    }
    if (s->stop_status && j->kill_step >= 0 && !j->timed_out) {
        sched_output(s, out_done(s->out, j)); /* ended by lanes: not counted, not logged */
        return;
    }
    sched_count(s, j);
}

/* A job that ends without having run (its error says why) takes its turn all the same. */
static void sched_not_run(struct sched *s, struct job *j)
{
    j->reaped = 1;
    j->t1 = j->t0;
    sched_finish(s, j);
}

/* ---- starting jobs ---- */

/* Start j in the lane it was given: a new job, or one run again. */
static void sched_launch(struct sched *s, struct job *j)
{
    int stop = 0;

    launch_completed(s->launch, s->failures + s->successes + supply_resumed(s->supply));
    enum launch_result r = launch_start(s->launch, j, (unsigned long)pool_size(s->pool),
                                        sched_timeout(s), s->crew.nlive == 0, &stop);
    if (r == LAUNCH_INTERRUPTED) { /* as SIGINT: the job is neither counted nor logged */
        s->interrupted = 1;
        sched_stop(s, LANES_EXIT_ERROR);
        pool_give(s->pool, &j->lane);
        crew_release(&s->crew, j);
        return;
    }
    if (r == LAUNCH_SKIPPED || ((r == LAUNCH_STARTED || r == LAUNCH_FAILED) && j->tries == 1))
        s->begun++;
    if (r == LAUNCH_STOP) { /* the run ends here, and this job never starts */
        sched_stop(s, stop);
        (void)out_add(s->out, j); /* it takes its turn to be printed (nothing) */
        j->error = EEXIST;
    }
    crew_start(&s->crew, j);
    if (r != LAUNCH_STOP && r != LAUNCH_SKIPPED)
        gate_started(s->gate);
    if (r == LAUNCH_LATER) {
        if (gate_backoff(s->gate))
            util_warn("cannot start more jobs now (%s); waiting and trying again",
                      strerror(j->error));
        j->tries--;
        j->requeue = 1;
    }
    if (r != LAUNCH_STARTED)
        sched_not_run(s, j);
}

/* The run winds down: the jobs waiting aside never start, and give up their place. */
static void sched_drop_aside(struct sched *s)
{
    struct job *j;

    while ((j = aside_pop(&s->aside)) != NULL) {
        sched_output(s, out_drop(s->out, j));
        crew_release(&s->crew, j);
    }
}

/* Start jobs while lanes are free, the gate is open and jobs are at hand; returns ms until
 * the gate opens, or -1. */
static int sched_fill(struct sched *s)
{
    s->lane_wait = 0;
    if (s->aside.n && (s->stop_status || s->draining))
        sched_drop_aside(s);
    while (!s->stop_status && !s->draining && stall_idle() &&
           pool_busy(s->pool) < (unsigned long)pool_size(s->pool)) {
        int fresh, wait;
        struct job *j;
        if (s->aside.n && (wait = gate_wait_ms(s->gate, s->crew.nlive)) > 0)
            return wait;
        if (s->aside.n && (j = aside_take(&s->aside, s->remote, s->pool)) != NULL) {
            sched_launch(s, j); /* waited aside: it goes before the jobs read after it */
            continue;
        }
        j = supply_take(s->supply, &fresh);
        if (j == NULL)
            break;
        if (fresh)
            crew_adopt(&s->crew, j);
        if ((wait = gate_wait_ms(s->gate, s->crew.nlive)) > 0) {
            supply_push_back(s->supply, j);
            return wait;
        }
        if (!remote_take(s->remote, s->pool, j)) { /* -S: a retry prefers another host */
            if (aside_put(&s->aside, j)) {         /* its hosts are busy: later jobs go first */
                out_place(s->out, j);
                continue;
            }
            supply_push_back(s->supply, j);
            s->lane_wait = 1;
            break;
        }
        sched_launch(s, j);
    }
    return -1;
}

/* ---- seeing a run ---- */

static void sched_progress_state(const struct sched *s, struct progress_state *st)
{
    unsigned long done = s->failures + s->successes;

    *st = (struct progress_state){
        .started = done + s->crew.nlive,
        .done = done,
        .failed = s->failures,
        .running = s->crew.nlive,
        .total = s->o->total_jobs ? s->o->total_jobs : sched_total(s),
        .elapsed = util_now() - s->t_start,
        .slots = pool_size(s->pool),
    };
    st->runtime_sum = recent_sum(&s->recent);
}

/* --progress, --bar, --eta: drawn anew (update) or not; returns ms until it is due, or -1. */
static int sched_progress(struct sched *s, int update)
{
    struct progress_state st;

    if (s->progress == NULL)
        return -1;
    sched_progress_state(s, &st);
    if (update)
        progress_update(s->progress, &st);
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
    if (s->stop_status && s->stop_status != SCHED_EPIPE && supply_more(s->supply)) {
        unsigned long total = sched_total(s), had = s->begun + supply_resumed(s->supply);
        if (total)
            record_unrun(s->record, total > had ? total - had : 0, 1);
        else
            record_unrun(s->record, supply_seq(s->supply), 0);
    }
    record_report(s->record);
}

/* ---- signals ---- */

static void sched_reap(struct sched *s)
{
    int status;
    pid_t pid;

    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        int ours = 0;
        for (size_t i = 0; i < s->crew.nlive; i++) {
            struct job *j = s->crew.live[i];
            if (j->fifo_pid == pid) /* --fifo: its writer is done */
                j->fifo_pid = 0;
            if (j->pid != pid)
                continue;
            ours = 1;
            job_exited(j, status);
            feed_close(j);
            ending_linger(s->ending, j);
            jobout_drain(s->jobout, j);
            sched_finish(s, j);
            break;
        }
        if (!ours)
            remote_reaped(s->remote, pid); /* -S: a worker's ssh (remote_worker.c) */
    }
    pool_check(s->pool); /* -j FILE */
}

/* Ctrl-Z: each job has a process group of its own, so the terminal stops lanes alone. Stop
 * the jobs, then lanes itself (SIGSTOP: what the shell sees as stopped); once continued (fg,
 * bg), continue them. */
static void sched_suspend(struct sched *s)
{
    crew_signal(&s->crew, SIGTSTP);
    kill(getpid(), SIGSTOP);
    crew_signal(&s->crew, SIGCONT);
}

static void sched_signals(struct sched *s)
{
    unsigned long seen = s->sigs | sig_take();

    s->sigs = 0;
    if (seen & (1UL << SIGCHLD))
        sched_reap(s);
    if (seen & ((1UL << SIGINT) | (1UL << SIGTERM))) {
        s->interrupted = 1;
        sched_stop(s, LANES_EXIT_ERROR);
    }
    if ((seen & (1UL << SIGHUP)) && !s->draining && !s->stop_status) {
        s->draining = 1;
        util_warn(
            "SIGHUP: starting no more jobs, waiting for the %zu running (SIGTERM stops them now)",
            s->crew.nlive);
        crew_list(&s->crew, stderr);
    }
    if (seen & (1UL << SIGUSR1))
        crew_list(&s->crew, stderr); /* SIGUSR1: the running jobs */
    if (seen & (1UL << SIGTSTP))
        sched_suspend(s);
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
        s->interrupted = 1; /* the loop may end before it sees the signal */
        *give_up = 1;
        return -1;
    }
    return util_min_timeout(ending_timers(s->ending, s->crew.live, s->crew.nlive),
                            ending_tick(s->ending));
}

/* ---- the loop ---- */

static void sched_on_input(void *ctx, void *arg, int fd)
{
    struct sched *s = ctx;

    (void)arg, (void)fd;
    supply_read(s->supply);
}

static void sched_on_tee(void *ctx, void *arg, int fd)
{
    struct sched *s = ctx;

    (void)arg, (void)fd;
    supply_tee_read(s->supply, s->crew.live, s->crew.nlive);
}

/* A lane may be free: the wake-up is all it takes, as sched_fill asks the pool again. */
static void sched_on_lane(void *ctx, void *arg, int fd)
{
    (void)ctx, (void)arg, (void)fd;
}

/* The reader of stdout or stderr takes more: hand it what waits. */
static void sched_on_reader(void *ctx, void *arg, int fd)
{
    (void)arg, (void)fd;
    sched_output(ctx, stall_pump());
}

/* Signals are handled once every descriptor has been: reaping frees jobs that others of this
 * round may name. */
static void sched_on_signal(void *ctx, void *arg, int fd)
{
    struct sched *s = ctx;

    (void)arg, (void)fd;
    s->sig_ready = 1;
}

/* What the loop waits for now. */
static void sched_register(struct sched *s)
{
    struct loop *l = s->loop;
    int winding_down = s->stop_status || s->draining, backlog = !stall_idle();
    int fd;

    loop_clear(l);
    loop_add(l, s->sigfd, POLLIN, sched_on_signal, s, NULL);
    if ((fd = sig_child_fd()) >= 0)
        loop_add(l, fd, POLLIN, sched_on_signal, s, NULL);
    if ((fd = stall_fd()) >= 0)
        loop_add(l, fd, POLLOUT, sched_on_reader, s, NULL);
    if (!winding_down && (fd = supply_fd(s->supply)) >= 0)
        loop_add(l, fd, POLLIN, sched_on_input, s, NULL);
    if (s->lane_wait && (fd = pool_fd(s->pool)) >= 0)
        loop_add(l, fd, POLLIN, sched_on_lane, s, NULL);
    if ((fd = supply_tee_fd(s->supply, s->crew.live, s->crew.nlive)) >= 0)
        loop_add(l, fd, POLLIN, sched_on_tee, s, NULL);
    for (size_t i = 0; i < s->crew.nlive; i++) {
        struct job *j = s->crew.live[i];
        if (j->in_fd >= 0 && feed_pending(j))
            loop_add(l, j->in_fd, POLLOUT, feed_on_ready, NULL, j);
        if (backlog) /* what jobs print waits in their pipes until stdout takes more */
            continue;
        if (j->fd[JOB_STDOUT] >= 0)
            loop_add(l, j->fd[JOB_STDOUT], POLLIN, jobout_on_stdout, s->jobout, j);
        if (j->fd[JOB_STDERR] >= 0)
            loop_add(l, j->fd[JOB_STDERR], POLLIN, jobout_on_stderr, s->jobout, j);
    }
}

/* Wait for anything to happen, and handle it. */
static void sched_wait(struct sched *s, int timeout)
{
    sched_register(s);
    timeout = util_min_timeout(timeout, ending_timers(s->ending, s->crew.live, s->crew.nlive));
    timeout = util_min_timeout(timeout, sched_progress(s, 0));
    if ((s->o->gate.memfree && s->crew.nlive > 1) || (s->o->gate.memsuspend && s->crew.nlive))
        timeout = util_min_timeout(timeout, 1000);
    int remote_due = remote_timeout(s->remote);
    timeout = util_min_timeout(timeout, remote_due);
    if (s->sigs) /* seen while a write waited */
        timeout = 0;
    s->sig_ready = 0;
    loop_wait(s->loop, timeout);
    if (s->sig_ready || s->sigs)
        sched_signals(s);
    if (remote_due >= 0) /* -S: --slf changed, paused hosts tried again */
        remote_check(s->remote);
    ending_timers(s->ending, s->crew.live, s->crew.nlive);
    ending_make_room(s->ending, s->gate, s->crew.live, s->crew.nlive);
    if (s->o->gate.memsuspend)
        suspend_tick(&s->suspend, s->gate, s->crew.live, s->crew.nlive);
    (void)sched_progress(s, 1);
}

/* ---- a run ---- */

static struct sched *sched_new_run(const struct opts *o)
{
    struct sched *s = xcalloc(1, sizeof *s);

    s->o = o;
    s->pool = pool_new(o->jobs, o->jobs_file);
    /* -S: each host adds its lanes to the pool; the hosts are asked through popen, before
     * SIGCHLD is taken over */
    s->remote = remote_new(o, s->pool);
    /* jobserver: join make's or serve one (not with -S); before spawn_new copies MAKEFLAGS */
    pool_share(s->pool, &o->jobserver);
    util_on_die(sched_die, s); /* from here a fatal error gives back tokens, removes a fifo */
    s->halt = o->halt;
    s->sigfd = sig_init();
    stall_on_wait(s->sigfd, sched_stalled, s);
    s->out = out_new(&o->out);
    out_on_done(s->out, sched_printed, s);
    s->gate = gate_new(&o->gate);
    s->ending = ending_new(&o->term);
    s->loop = loop_new();
    if (o->resume)
        s->resume = resume_load(o->joblog, o->resume);
    s->supply = supply_new(o, s->resume);
    s->record = record_new(o);
    if (record_logs(s->record))
        out_on_print(s->out, sched_logged, s);
    if (o->interactive && (s->ask = term_tty_open()) == NULL)
        util_die_errno("-p/--interactive needs a terminal: /dev/tty");
    s->jobout = jobout_new(s->out, sched_on_output, s);
    s->launch = launch_new(o, s->out, record_results(s->record), s->ending, s->remote, s->ask,
                           sched_on_output, s);
    s->t_start = util_now();
    if (o->progress) {
        s->progress = progress_new(o->progress, 2);
        out_on_write(s->out, sched_clear_progress, s->progress);
    }
    return s;
}

/* A fatal error mid-run: the running jobs are ended, their lanes given back. */
static void sched_die(void *ctx)
{
    struct sched *s = ctx;

    for (size_t i = 0; i < s->crew.nlive; i++) {
        struct job *j = s->crew.live[i];
        if (j->pid > 0 && !j->reaped)
            kill(-j->pid, SIGTERM);
        suspend_wake(j);
        pool_give(s->pool, &j->lane);
    }
    pool_free(s->pool);
}

static void sched_free(struct sched *s)
{
    out_free(s->out);
    crew_free(&s->crew);
    supply_free(s->supply);
    launch_free(s->launch);
    ending_free(s->ending);
    loop_free(s->loop);
    jobout_free(s->jobout);
    gate_free(s->gate);
    resume_free(s->resume);
    if (s->progress)
        progress_free(s->progress);
    record_free(s->record);
    if (s->ask)
        fclose(s->ask);
    remote_free(s->remote); /* -S: control masters ended, sockets removed */
    pool_free(s->pool);
    free(s);
}

/* The status a finished run exits with. */
static int sched_status(const struct sched *s)
{
    unsigned long total = s->o->total ? s->o->total : s->failures + s->successes;
    int status = s->stop_status == SCHED_EPIPE ? SCHED_EPIPE
                 : s->stop_status > 0          ? s->stop_status
                                               : halt_status(&s->halt, s->failures, total);

    if (status != SCHED_EPIPE && record_failed(s->record))
        status = LANES_EXIT_ERROR; /* a record lost: --resume would run the job again */
    return status;
}

int sched_run(const struct opts *o)
{
    if (o->dry_run || o->shell_quote)
        return supply_dry_run(o);

    struct sched *s = sched_new_run(o);
    if (o->resume == OPTS_RETRY_FAILED) { /* the failed jobs of the log, and nothing else */
        struct job *j;
        while ((j = resume_next_failed(s->resume)) != NULL)
            supply_again(s->supply, crew_adopt(&s->crew, j));
        supply_end(s->supply);
    }
    for (;;) {
        int timeout = sched_fill(s);
        timeout = util_min_timeout(timeout, supply_due_ms(s->supply));
        if (o->round_robin || o->shard)
            supply_deal(s->supply, s->crew.live, s->crew.nlive, s->stop_status || s->draining);
        int linger = ending_tick(s->ending);
        int winding_down = s->stop_status || s->draining;
        if (s->crew.nlive == 0 && ending_lingering(s->ending) == 0 &&
            ((!supply_more(s->supply) && s->aside.n == 0) || winding_down))
            break;
        sched_wait(s, util_min_timeout(timeout, linger));
    }
    /* What is left to say is said, however long it takes, unless Ctrl-C asked to stop. */
    if (s->interrupted || s->stop_status == SCHED_EPIPE)
        stall_drop();
    else
        sched_output(s, stall_flush());
    stall_on_wait(-1, NULL, NULL);
    sched_report(s);
    int status = sched_status(s);
    util_on_die(NULL, NULL);
    sched_free(s);
    if (status == SCHED_EPIPE)
        sig_reraise(SIGPIPE);
    return status;
}
