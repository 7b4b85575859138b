/* ending: the signals that end jobs, and when they are due. A job's process group is
 * signalled, so that what the job started ends with it. */
#include "ending.h"

#include <signal.h>
#include <stdlib.h>

#include "suspend.h"
#include "util.h"

/* A job's process group still being ended after the job itself exited: its other
 * processes get the rest of --term-seq. */
struct linger {
    pid_t pgid;
    int step;
    struct timespec at;
};

struct ending {
    const struct term_seq *t;
    struct linger *linger;
    size_t n, cap;
};

struct ending *ending_new(const struct term_seq *t)
{
    struct ending *e = xcalloc(1, sizeof *e);

    e->t = t;
    return e;
}

void ending_free(struct ending *e)
{
    if (e == NULL)
        return;
    free(e->linger);
    free(e);
}

void ending_kill(struct ending *e, struct job *j)
{
    if (j->pid <= 0 || j->reaped || j->kill_step >= 0)
        return;
    j->kill_step = 0;
    kill(-j->pid, e->t->step[0].sig);
    suspend_wake(j); /* a stopped job takes no signal but KILL until it is continued */
    util_deadline(&j->kill_at, e->t->step[0].ms / 1000.0);
}

/* The next --term-seq step for j, if due. */
static void ending_step(struct ending *e, struct job *j)
{
    if (util_ms_until(&j->kill_at) != 0)
        return;
    if ((size_t)j->kill_step + 1 < e->t->n)
        j->kill_step++;
    const struct term_step *st = &e->t->step[j->kill_step];
    kill(-j->pid, st->sig);
    util_deadline(&j->kill_at, st->ms / 1000.0);
}

int ending_timers(struct ending *e, struct job *const *jobs, size_t n)
{
    int next = -1;

    for (size_t i = 0; i < n; i++) {
        struct job *j = jobs[i];
        if (j->reaped || j->pid <= 0)
            continue;
        if (j->kill_step < 0 && j->deadline.tv_sec && util_ms_until(&j->deadline) == 0) {
            util_warn("job %lu timed out: %s", j->seq, j->cmd);
            j->timed_out = 1;
            ending_kill(e, j);
        }
        if (j->kill_step >= 0)
            ending_step(e, j);
        int ms = j->kill_step >= 0    ? util_ms_until(&j->kill_at)
                 : j->deadline.tv_sec ? util_ms_until(&j->deadline)
                                      : -1;
        if (ms >= 0 && (next < 0 || ms < next))
            next = ms;
    }
    return next;
}

void ending_linger(struct ending *e, const struct job *j)
{
    if (j->kill_step < 0 || kill(-j->pid, 0) != 0)
        return;
    if (e->n == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 8;
        e->linger = xreallocarray(e->linger, e->cap, sizeof *e->linger);
    }
    e->linger[e->n++] = (struct linger){j->pid, j->kill_step, j->kill_at};
}

int ending_tick(struct ending *e)
{
    int next = -1;

    for (size_t i = 0; i < e->n;) {
        struct linger *l = &e->linger[i];
        int last = (size_t)l->step + 1 >= e->t->n;
        if (kill(-l->pgid, 0) != 0 || (last && util_ms_until(&l->at) == 0)) {
            e->linger[i] = e->linger[--e->n]; /* gone, or given the last signal */
            continue;
        }
        if (util_ms_until(&l->at) == 0) {
            const struct term_step *st = &e->t->step[++l->step];
            kill(-l->pgid, st->sig);
            util_deadline(&l->at, st->ms / 1000.0);
        }
        int ms = util_ms_until(&l->at);
        next = next < 0 || ms < next ? ms : next;
        i++;
    }
    return next;
}

size_t ending_lingering(const struct ending *e)
{
    return e->n;
}

void ending_make_room(struct ending *e, struct gate *g, struct job *const *jobs, size_t n)
{
    struct job *young = NULL;
    int limit = gate_limit_kill(g); /* --limit's command exited 2 */

    if (!limit && (n < 2 || !gate_memory_short(g)))
        return;
    for (size_t i = 0; i < n; i++) {
        struct job *j = jobs[i];
        if (!j->reaped && j->kill_step < 0 && (young == NULL || job_younger(j, young)))
            young = j;
    }
    if (young) {
        util_warn("job %lu is ended and queued again: %s", young->seq,
                  limit ? "--limit's command exited 2" : "memory is short");
        young->requeue = 1;
        ending_kill(e, young);
    }
}
