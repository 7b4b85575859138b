/* resume: a job log read back. For each job number logged, kept sorted: logged, and logged
 * as a success; with --retry-failed also the command of each failed job. */
#include "resume.h"

#include <errno.h>
#include <stdint.h>
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

/* What the log says of one job number; a job logged more than once is one entry. */
struct seen {
    unsigned long seq;
    unsigned char state; /* 1 logged, 2 logged as a success */
    size_t latest;       /* --retry-failed: its latest command in failed[], or SIZE_MAX */
};

/* The log's numbers are the log writer's word, not a size: they are kept sorted, never used
 * as an index, so a Seq of 2^64-1 costs one entry like any other. */
struct resume {
    int mode;
    struct seen *seen;
    size_t n, cap;
    struct failed *failed; /* --retry-failed: the command of each failed line, in log order */
    size_t nfailed, capfailed, next;
};

static void resume_entry(void *ctx, const struct joblog_entry *e)
{
    struct resume *r = ctx;

    if (e->seq == 0)
        return;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->seen = xreallocarray(r->seen, r->cap, sizeof *r->seen);
    }
    int ok = e->exitval == 0 && e->signal == 0;
    r->seen[r->n++] = (struct seen){e->seq, 1 | (ok ? 2 : 0),
                                    r->mode == OPTS_RETRY_FAILED ? r->nfailed : SIZE_MAX};
    if (r->mode != OPTS_RETRY_FAILED)
        return;
    if (r->nfailed == r->capfailed) {
        r->capfailed = r->capfailed ? 2 * r->capfailed : 64;
        r->failed = xreallocarray(r->failed, r->capfailed, sizeof *r->failed);
    }
    r->failed[r->nfailed++] = (struct failed){e->seq, xstrdup(e->cmd)};
}

static int resume_by_seq(const void *a, const void *b)
{
    const struct seen *x = a, *y = b;

    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sort the entries and make one of each job number: logged if any line logs it, a success if
 * any line says so, and its latest command. */
static void resume_merge(struct resume *r)
{
    size_t out = 0;

    if (r->n > 1)
        qsort(r->seen, r->n, sizeof *r->seen, resume_by_seq);
    for (size_t i = 0; i < r->n; i++) {
        struct seen *e = &r->seen[i], *last = out ? &r->seen[out - 1] : NULL;
        if (last && last->seq == e->seq) {
            last->state |= e->state;
            if (e->latest != SIZE_MAX && (last->latest == SIZE_MAX || e->latest > last->latest))
                last->latest = e->latest;
            continue;
        }
        r->seen[out++] = *e;
    }
    r->n = out;
}

static const struct seen *resume_find(const struct resume *r, unsigned long seq)
{
    struct seen key = {.seq = seq};

    return r->n ? bsearch(&key, r->seen, r->n, sizeof *r->seen, resume_by_seq) : NULL;
}

struct resume *resume_load(const char *path, int mode)
{
    struct resume *r = xcalloc(1, sizeof *r);

    r->mode = mode;
    if (joblog_read(path, resume_entry, r) != 0)
        util_die_errno("cannot read the job log '%s'", path);
    resume_merge(r);
    return r;
}

void resume_free(struct resume *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nfailed; i++)
        free(r->failed[i].cmd);
    free(r->failed);
    free(r->seen);
    free(r);
}

int resume_skip(const struct resume *r, unsigned long seq)
{
    const struct seen *e = resume_find(r, seq);
    unsigned char st = e ? e->state : 0;

    return r->mode == OPTS_RESUME ? st != 0 : (st & 2) != 0;
}

struct job *resume_next_failed(struct resume *r)
{
    static const struct rec none = {0, NULL};

    while (r->next < r->nfailed) {
        size_t at = r->next++;
        struct failed *f = &r->failed[at];
        const struct seen *e = resume_find(r, f->seq);
        /* A job logged more than once runs again with its latest command, once. */
        if (e == NULL || e->latest != at || (e->state & 2))
            continue;
        struct job *j = job_new(f->seq, &none);
        j->cmd = f->cmd;
        j->logged = 1;
        f->cmd = NULL;
        return j;
    }
    return NULL;
}
