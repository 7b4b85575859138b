/* jobout: one read buffer serves every job: what is read is handed to out at once. */
#include "jobout.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "stall.h"
#include "util.h"

#define JOBOUT_READ_SIZE (1 << 20)
#define JOBOUT_GROW_AT (32 * 1024)

struct jobout {
    struct out *out;
    void (*on_output)(void *, int);
    void *ctx;
    char buf[JOBOUT_READ_SIZE];
};

struct jobout *jobout_new(struct out *out, void (*on_output)(void *, int), void *ctx)
{
    struct jobout *jo = xmalloc(sizeof *jo);

    jo->out = out;
    jo->on_output = on_output;
    jo->ctx = ctx;
    return jo;
}

void jobout_free(struct jobout *jo)
{
    free(jo);
}

/* Take what is in a job's pipe once. Returns as read(2); an error writing stdout has been
 * told to on_output, and reads as EINTR. A full stdout leaves the bytes in the pipe (EAGAIN)
 * for the loop to move later, unless the job is over (all): then the pipe joins the queue. */
static ssize_t jobout_move(struct jobout *jo, struct job *j, int stream, int all)
{
    ssize_t n = out_pass(jo->out, j, stream, j->fd[stream]);

    if (n < 0 && (errno == EAGAIN || errno == ENOTSUP) && all && !stall_idle()) {
        /* The job is over and output waits: its pipe joins the queue, no byte copied. */
        if (out_hand(jo->out, j, stream, j->fd[stream]) > 0) {
            j->fd[stream] = -1; /* (stall closes it) */
            return 0;
        }
        errno = ENOTSUP; /* read and queued */
    }
    if (n < 0 && errno == ENOTSUP)
        n = out_park(jo->out, j, stream, j->fd[stream]);
    if (n >= 0 || errno == EAGAIN)
        return n;
    if (errno != ENOTSUP) {
        jo->on_output(jo->ctx, -1);
        errno = EINTR;
        return -1;
    }
    n = read(j->fd[stream], jo->buf, sizeof jo->buf);
    if (n > 0) {
        if (stream == JOB_STDERR)
            job_keep_tail(j, jo->buf, (size_t)n);
        jo->on_output(jo->ctx, out_data(jo->out, j, stream, jo->buf, (size_t)n));
    }
    return n;
}

/* As jobout_move; a job that has printed half of what a pipe first holds gets the larger pipe
 * spawn chose for it then, not at its start: a larger pipe costs every job that prints little. */
static ssize_t jobout_pull(struct jobout *jo, struct job *j, int stream, int all)
{
    ssize_t n = jobout_move(jo, j, stream, all);

    if (n > 0 && stream == JOB_STDOUT && j->pipe_grow > 0 && j->bytes[stream] > JOBOUT_GROW_AT &&
        j->fd[stream] >= 0) {
        util_pipe_grow(j->fd[stream], j->pipe_grow);
        j->pipe_grow = 0;
    }
    return n;
}

void jobout_read(struct jobout *jo, struct job *j, int stream)
{
    ssize_t n = jobout_pull(jo, j, stream, 0);

    if (n > 0 || (n < 0 && (errno == EINTR || errno == EAGAIN)))
        return;
    close(j->fd[stream]);
    j->fd[stream] = -1;
}

void jobout_drain(struct jobout *jo, struct job *j)
{
    for (int stream = JOB_STDOUT; stream <= JOB_STDERR; stream++) { /* (then reads see EOF) */
        if (j->wfd[stream] >= 0)
            close(j->wfd[stream]);
        j->wfd[stream] = -1;
    }
    for (int stream = JOB_STDOUT; stream <= JOB_STDERR; stream++) {
        while (j->fd[stream] >= 0) {
            ssize_t n = jobout_pull(jo, j, stream, 1);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0 && j->fd[stream] >= 0) {
                close(j->fd[stream]);
                j->fd[stream] = -1;
            }
        }
    }
}

/* A descriptor closed in this round may be open again under the same number for another. */
void jobout_on_stdout(void *ctx, void *arg, int fd)
{
    struct job *j = arg;

    if (fd == j->fd[JOB_STDOUT])
        jobout_read(ctx, j, JOB_STDOUT);
}

void jobout_on_stderr(void *ctx, void *arg, int fd)
{
    struct job *j = arg;

    if (fd == j->fd[JOB_STDERR])
        jobout_read(ctx, j, JOB_STDERR);
}
