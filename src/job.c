/* job: one run of the command. */
#include "job.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* One allocation holds the fields and their strings, so a job costs little to keep. */
static void job_copy_args(struct job *j, const struct rec *r)
{
    size_t size = r->n * sizeof(struct field);

    for (size_t i = 0; i < r->n; i++)
        size += r->f[i].len + 1;
    struct field *f = xmalloc(size);
    char *s = (char *)(f + r->n);
    for (size_t i = 0; i < r->n; i++) {
        memcpy(s, r->f[i].s, r->f[i].len);
        s[r->f[i].len] = '\0';
        f[i] = (struct field){s, r->f[i].len};
        s += r->f[i].len + 1;
    }
    j->args = (struct rec){r->n, f};
}

struct job *job_new(unsigned long seq, const struct rec *args)
{
    struct job *j = xcalloc(1, sizeof *j);

    j->seq = seq;
    j->fd[0] = j->fd[1] = j->in_fd = j->part_fd = -1;
    j->wfd[0] = j->wfd[1] = -1;
    j->file_fd = -1;
    j->kill_step = -1;
    j->out[0] = j->out[1] = (struct obuf)OBUF_INIT;
    j->bol[0] = j->bol[1] = 1;
    job_copy_args(j, args);
    return j;
}

void job_set_args(struct job *j, const struct rec *args)
{
    free(j->args.f);
    job_copy_args(j, args);
}

void job_free(struct job *j)
{
    for (int i = 0; i < 2; i++)
        if (j->wfd[i] >= 0)
            close(j->wfd[i]);
    if (j->in_path) {
        unlink(j->in_path);
        free(j->in_path);
    }
    for (size_t at = 0; at < j->made.len; at += strlen(j->made.data + at) + 1)
        unlink(j->made.data + at);
    buf_free(&j->made);
    free(j->args.f);
    buf_free(&j->in);
    free(j->cmd);
    free(j->tag);
    free(j->wd);
    free(j->file);
    free(j->hgrp);
    free(j);
}

void job_exited(struct job *j, int status)
{
    if (j->fifo_pid > 0) { /* a --fifo writer the job never let finish: it goes too */
        kill(j->fifo_pid, SIGKILL);
        j->fifo_pid = 0;
    }
    j->status = status;
    j->reaped = 1;
    clock_gettime(CLOCK_MONOTONIC, &j->t1);
}

int job_failed(const struct job *j)
{
    return j->error || j->skipped || j->lost || j->timed_out || j->in_cut ||
           !WIFEXITED(j->status) || WEXITSTATUS(j->status) != 0;
}

int job_done(const struct job *j)
{
    return j->reaped && j->fd[0] < 0 && j->fd[1] < 0;
}

int job_exitval(const struct job *j)
{
    if (j->skipped) /* as GNU parallel logs it */
        return -2;
    if (j->error)
        return 255;
    if (j->timed_out) /* GNU parallel logs a job it ended itself as -1 */
        return -1;
    if (j->lost && WIFEXITED(j->status) && WEXITSTATUS(j->status) == 0)
        return 255; /* failed by lanes: the log must say so, for --retry-failed */
    return WIFEXITED(j->status) ? WEXITSTATUS(j->status) : 0;
}

void job_reset(struct job *j)
{
    j->pid = 0;
    j->fd[0] = j->fd[1] = j->in_fd = -1;
    j->wfd[0] = j->wfd[1] = -1;
    j->in_off = 0;
    j->in_cut = 0;
    j->part_off = j->part_start;
    j->bytes[0] = j->bytes[1] = 0;
    j->bol[0] = j->bol[1] = 1;
    j->status = j->reaped = j->error = j->lost = 0;
    j->kill_step = -1;
    j->deadline.tv_sec = 0;
    j->timed_out = j->requeue = j->stopped = 0;
    j->err_tail_len = 0;
}

int job_signal(const struct job *j)
{
    if (!j->error && WIFSIGNALED(j->status))
        return WTERMSIG(j->status);
    return j->in_cut ? SIGPIPE : 0; /* GNU parallel's writer of the block dies of it */
}

double job_runtime(const struct job *j)
{
    return (double)(j->t1.tv_sec - j->t0.tv_sec) + (double)(j->t1.tv_nsec - j->t0.tv_nsec) / 1e9;
}

int job_younger(const struct job *a, const struct job *b)
{
    return a->t0.tv_sec > b->t0.tv_sec ||
           (a->t0.tv_sec == b->t0.tv_sec && a->t0.tv_nsec > b->t0.tv_nsec);
}

void job_keep_tail(struct job *j, const char *p, size_t n)
{
    size_t cap = sizeof j->err_tail;

    if (n >= cap) {
        memcpy(j->err_tail, p + n - cap, cap);
        j->err_tail_len = cap;
        return;
    }
    if (j->err_tail_len + n > cap) {
        size_t drop = j->err_tail_len + n - cap;
        memmove(j->err_tail, j->err_tail + drop, j->err_tail_len - drop);
        j->err_tail_len -= drop;
    }
    memcpy(j->err_tail + j->err_tail_len, p, n);
    j->err_tail_len += n;
}

void job_info(const struct job *j, struct jobinfo *ji)
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

void job_own(struct job **head, struct job *j)
{
    j->owned_prev = NULL;
    j->owned_next = *head;
    if (*head)
        (*head)->owned_prev = j;
    *head = j;
}

void job_disown(struct job **head, struct job *j)
{
    if (j->owned_prev)
        j->owned_prev->owned_next = j->owned_next;
    else
        *head = j->owned_next;
    if (j->owned_next)
        j->owned_next->owned_prev = j->owned_prev;
    j->owned_prev = j->owned_next = NULL;
}
