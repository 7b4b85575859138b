/* resume: a job log read back. Two bits a job number: logged, and logged as a success; with
 * --retry-failed also the command of each failed job. */
#include "resume.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "joblog.h"
#include "opts.h"
#include "util.h"

struct failed {
    unsigned long seq;
    char *cmd;
};

struct resume {
    int mode;
    unsigned char *state; /* per seq: 1 logged, 2 succeeded */
    size_t n;
    struct failed *failed; /* --retry-failed: the latest command of each logged job */
    size_t nfailed, capfailed, next;
};

static void resume_entry(void *ctx, const struct joblog_entry *e)
{
    struct resume *r = ctx;

    if (e->seq == 0)
        return;
    if (e->seq >= r->n) {
        size_t n = r->n ? r->n : 1024;
        while (n <= e->seq)
            n *= 2;
        r->state = xreallocarray(r->state, n, 1);
        memset(r->state + r->n, 0, n - r->n);
        r->n = n;
    }
    r->state[e->seq] |= 1 | (e->exitval == 0 && e->signal == 0 ? 2 : 0);
    if (r->mode != OPTS_RETRY_FAILED)
        return;
    if (r->nfailed == r->capfailed) {
        r->capfailed = r->capfailed ? 2 * r->capfailed : 64;
        r->failed = xreallocarray(r->failed, r->capfailed, sizeof *r->failed);
    }
    r->failed[r->nfailed++] = (struct failed){e->seq, xstrdup(e->cmd)};
}

struct resume *resume_load(const char *path, int mode)
{
    struct resume *r = xcalloc(1, sizeof *r);

    r->mode = mode;
    if (joblog_read(path, resume_entry, r) != 0)
        util_die_errno("cannot read the job log '%s'", path);
    return r;
}

void resume_free(struct resume *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nfailed; i++)
        free(r->failed[i].cmd);
    free(r->failed);
    free(r->state);
    free(r);
}

int resume_skip(const struct resume *r, unsigned long seq)
{
    unsigned char st = seq < r->n ? r->state[seq] : 0;

    return r->mode == OPTS_RESUME ? st != 0 : (st & 2) != 0;
}

struct job *resume_next_failed(struct resume *r)
{
    static const struct rec none = {0, NULL};

    while (r->next < r->nfailed) {
        struct failed *f = &r->failed[r->next++];
        /* A job logged more than once runs again with its latest command, once. */
        int later = 0;
        for (size_t i = r->next; i < r->nfailed && !later; i++)
            later = r->failed[i].seq == f->seq;
        if (later || (r->state[f->seq] & 2))
            continue;
        struct job *j = job_new(f->seq, 0, &none);
        j->cmd = f->cmd;
        j->logged = 1;
        f->cmd = NULL;
        return j;
    }
    return NULL;
}
