/* job: one run of the command. */
#include "job.h"

#include <stdlib.h>
#include <sys/wait.h>

#include "util.h"

struct job *job_new(unsigned long seq, unsigned long slot)
{
    struct job *j = xcalloc(1, sizeof *j);

    j->seq = seq;
    j->slot = slot;
    j->fd[0] = j->fd[1] = -1;
    return j;
}

void job_free(struct job *j)
{
    buf_free(&j->out[0]);
    buf_free(&j->out[1]);
    free(j->cmd);
    free(j);
}

int job_failed(const struct job *j)
{
    return j->error || !WIFEXITED(j->status) || WEXITSTATUS(j->status) != 0;
}

int job_done(const struct job *j)
{
    return j->reaped && j->fd[0] < 0 && j->fd[1] < 0;
}
