/* launch: a job's way from the queue to a running process. A command from the job log
 * (--retry-failed) runs as it was logged; others run straight from the template's words
 * where it needs no shell. */
#include "launch.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "feed.h"
#include "remote.h"
#include "setup.h"
#include "spawn.h"
#include "tmpl.h"
#include "util.h"

struct launch {
    const struct opts *o;
    struct out *out;
    struct results *results;
    struct ending *ending;
    struct remote *remote; /* -S: the hosts, or NULL */
    FILE *ask;
    struct spawner *sp;
    void (*on_output)(void *, int);
    void *ctx;
    struct buf strs; /* the words of a direct command, and */
    char **argv;     /* its argv */
    size_t argv_cap;
    unsigned long completed; /* jobs completed, as launch_completed was told */
};

struct launch *launch_new(const struct opts *o, struct out *out, struct results *results,
                          struct ending *ending, struct remote *remote, FILE *ask,
                          void (*on_output)(void *, int), void *ctx)
{
    struct launch *l = xcalloc(1, sizeof *l);

    *l = (struct launch){o,         out, results, ending, remote, ask, NULL,
                         on_output, ctx, {0},     NULL,   0,      0};
    l->sp = spawn_new(o->tty ? "/dev/tty" : "/dev/null", o->jobs, o->slot_var);
    return l;
}

void launch_free(struct launch *l)
{
    if (l == NULL)
        return;
    spawn_free(l->sp);
    buf_free(&l->strs);
    free(l->argv);
    free(l);
}

/* --workdir for one job: its template expanded, or for ... a directory of its own under
 * ~/.parallel/tmp, named for the host, lanes' pid and the job, as GNU parallel names it. */
static char *launch_workdir(const struct launch *l, const struct job *j, const struct tmpl_vals *v)
{
    struct buf wd = {0};

    if (strcmp(l->o->workdir, "...") == 0) {
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
    } else if (l->o->workdir_tmpl) {
        tmpl_expand_raw(l->o->workdir_tmpl, v, &wd);
    } else {
        buf_adds(&wd, l->o->workdir);
    }
    return buf_cstr(&wd);
}

void launch_completed(struct launch *l, unsigned long n)
{
    l->completed = n;
}

void launch_done(struct launch *l, const struct job *j)
{
    if (j->wd &&
        strcmp(l->o->workdir, "...") == 0) /* made for this job alone, as in GNU parallel */
        util_rm_tree(j->wd);
}

/* The job starts now: its start time, and its --timeout deadline. */
static void launch_clock(struct job *j, double timeout)
{
    j->start = util_epoch();
    clock_gettime(CLOCK_MONOTONIC, &j->t0);
    if (timeout > 0)
        util_deadline(&j->deadline, timeout);
}

/* The command line, the tag and the clock of a job about to start. */
static void launch_prepare(struct launch *l, struct job *j, const struct tmpl_vals *v,
                           double timeout)
{
    if (j->cmd == NULL) {
        struct buf cmd = {0};
        tmpl_expand_shell(l->o->tmpl, v, &cmd);
        j->cmd = buf_cstr(&cmd);
    }
    if (l->o->tag && j->tag == NULL) {
        struct buf tag = {0};
        tmpl_expand_raw(l->o->tag, v, &tag);
        j->tag = buf_cstr(&tag);
    }
    if (l->o->workdir && j->wd == NULL)
        j->wd = launch_workdir(l, j, v);
    if (l->o->retries_tmpl && j->tries == 0) { /* --retries {//}: a number from its values */
        struct buf n = {0};
        tmpl_expand_raw(l->o->retries_tmpl, v, &n);
        j->retries = strtoul(buf_cstr(&n), NULL, 10);
        buf_free(&n);
    }
    if (l->o->filter && j->tries == 0) { /* --filter: a job it finds false is skipped */
        struct buf code = {0};
        tmpl_expand_raw(l->o->filter, v, &code);
        j->skipped |= !tmpl_rpl_true(l->o->given.tc.rpl, code.data, code.len);
        buf_free(&code);
    }
    launch_clock(j, timeout);
}

/* -p: ask on the terminal; only y runs the job. -1: Ctrl-C (SIGINT) came instead of an
 * answer, and the run stops. */
static int launch_ask(struct launch *l, const struct job *j)
{
    char answer[16] = "";

    fprintf(l->ask, "%s ?...", j->cmd);
    fflush(l->ask);
    if (fgets(answer, sizeof answer, l->ask) == NULL) {
        int interrupted = ferror(l->ask) && errno == EINTR;
        clearerr(l->ask);
        return interrupted ? -1 : 0;
    }
    return answer[0] == 'y' || answer[0] == 'Y';
}

static int launch_spawn(struct launch *l, struct job *j, const struct tmpl_vals *v)
{
    if (remote_owns(l->remote, &j->lane)) /* -S: remote_job.c wraps it for its host */
        return remote_spawn(l->remote, l->sp, j, v);
    int direct = !j->logged && tmpl_expand_argv(l->o->tmpl, v, &l->strs, &l->argv, &l->argv_cap);
    int rc = spawn_job(l->sp, j, direct ? tmpl_direct_path(l->o->tmpl) : NULL, l->argv);

    if (direct && rc == ENOEXEC) /* a script without #!: the shell runs it, as execvp does */
        rc = spawn_job(l->sp, j, NULL, NULL);
    return rc;
}

/* Whether an error means "not now" rather than "never". */
static int launch_transient(int err)
{
    return err == EAGAIN || err == ENOMEM || err == EMFILE || err == ENFILE;
}

/* -v: the command line is the first line of the job's output, held, tagged and logged with
 * the rest of it, as GNU parallel does. */
static void launch_show(struct launch *l, struct job *j)
{
    struct buf line = {0};

    buf_adds(&line, j->cmd);
    buf_addc(&line, '\n');
    l->on_output(l->ctx, out_data(l->out, j, JOB_STDOUT, line.data, line.len));
    buf_free(&line);
}

/* Directories a job needs before it runs: its --results directory, its --workdir. Returns 0,
 * or the status the run stops with, as GNU parallel stops, after a message. */
static int launch_ready(struct launch *l, struct job *j)
{
    size_t bad = 0;

    if (l->results) {
        struct jobinfo ji;
        job_info(j, &ji);
        int status = results_start(l->results, &ji, setup_nsources(l->o));
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
static int launch_mkfifo(struct launch *l, char **path)
{
    for (int tries = 0; tries < 100; tries++) {
        int fd = out_tmpfile(l->out, path);
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
static int launch_cat(struct launch *l, struct job *j)
{
    char *path = NULL;

    if (j->in_path) /* made for an earlier try */
        return 0;
    int fd = -1, err;
    if (l->o->pipe_cat == OPTS_FIFO) {
        err = launch_mkfifo(l, &path);
    } else {
        fd = out_tmpfile(l->out, &path);
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

/* The job is in out's hands from here: its output is printed in its turn. */
static void launch_run(struct launch *l, struct job *j, const struct tmpl_vals *v, int cat_error)
{
    if (l->o->verbose)
        fprintf(stderr, "%s\n", j->cmd);
    j->error = out_add(l->out, j) != 0 ? errno : 0;
    if (!j->error)
        j->error = cat_error;
    if (!j->error && l->o->show_cmd)
        launch_show(l, j);
    if (!j->error)
        j->error = launch_spawn(l, j, v);
    if (!j->error && l->o->pipe_cat == OPTS_FIFO && (j->fifo_pid = feed_fifo(j)) < 0) {
        j->fifo_pid = 0; /* the job runs, and finds no writer: it is ended at once */
        util_warn("job %lu: cannot write its block into its fifo: %s", j->seq, strerror(errno));
        ending_kill(l->ending, j);
    }
}

enum launch_result launch_start(struct launch *l, struct job *j, unsigned long slots,
                                double timeout, int alone, int *stop)
{
    int cat_error = l->o->pipe_cat ? launch_cat(l, j) : 0;
    struct tmpl_vals v = {.skip = &j->skipped,
                          .rec = &j->args,
                          .seq = j->seq,
                          .slot = j->lane.slot,
                          .slots = slots,
                          .total = l->o->total,
                          .done = l->completed,
                          /* -S: {sshlogin} and {host} */
                          .sshlogin = remote_login(l->remote, &j->lane),
                          .host = remote_host(l->remote, &j->lane)};

    remote_groups(l->remote, j, &v.hgrp, &v.agrp); /* --hostgroups: {hgrp} and {agrp} */

    launch_prepare(l, j, &v, timeout);
    if (!j->skipped && l->ask && j->tries == 0) {
        /* -p: a job declined is skipped: failed, and logged with -2, as in GNU parallel */
        int yes = launch_ask(l, j);
        if (yes < 0)
            return LAUNCH_INTERRUPTED;
        j->skipped = !yes;
        launch_clock(j, timeout); /* (the answer took its time) */
    }
    if (j->skipped) {
        (void)out_add(l->out, j); /* it takes its turn to be printed (nothing) */
        return LAUNCH_SKIPPED;
    }
    if (j->tries < INT_MAX) /* --retries 0 runs it until it succeeds */
        j->tries++;
    if ((*stop = launch_ready(l, j)) != 0)
        return LAUNCH_STOP;
    buf_reset(&j->made); /* (a try again writes the same files) */
    tmplfile_write(l->o->tmplfile, &v, l->o->remote.cleanup ? &j->made : NULL);
    launch_run(l, j, &v, cat_error);
    if (j->error && launch_transient(j->error) && !alone)
        return LAUNCH_LATER;
    if (j->error) {
        util_warn("job %lu: cannot run '%.200s%s': %s", j->seq, j->cmd,
                  strlen(j->cmd) > 200 ? "..." : "", strerror(j->error));
        return LAUNCH_FAILED;
    }
    return LAUNCH_STARTED;
}
