/* suspend: --memsuspend's stopped jobs. A stopped job stays among the running ones: it is
 * reaped, timed out and ended as they are (ending continues it), and it is not finished. */
#include "suspend.h"

#include <signal.h>

#include "util.h"

/* Whether j's process runs and is not stopped. */
static int suspend_running(const struct job *j)
{
    return j->pid > 0 && !j->reaped && !j->stopped;
}

/* The newest job that may be stopped (a running one here, not being ended), or NULL. */
static struct job *suspend_newest(struct job *const *jobs, size_t n)
{
    struct job *pick = NULL;

    for (size_t i = 0; i < n; i++)
        if (suspend_running(jobs[i]) && jobs[i]->host == NULL && jobs[i]->kill_step < 0 &&
            (pick == NULL || job_younger(jobs[i], pick)))
            pick = jobs[i];
    return pick;
}

/* The oldest stopped job, or NULL. */
static struct job *suspend_oldest(struct job *const *jobs, size_t n)
{
    struct job *pick = NULL;

    for (size_t i = 0; i < n; i++)
        if (jobs[i]->stopped && !jobs[i]->reaped && (pick == NULL || job_younger(pick, jobs[i])))
            pick = jobs[i];
    return pick;
}

/* Marked stopped even when the group is gone (it exited and waits to be reaped): it is not
 * picked again. */
static void suspend_stop(struct job *j)
{
    kill(-j->pid, SIGSTOP);
    j->stopped = 1;
}

void suspend_wake(struct job *j)
{
    if (!j->stopped)
        return;
    j->stopped = 0;
    if (!j->reaped)
        kill(-j->pid, SIGCONT);
}

void suspend_tick(struct suspend *s, struct gate *g, struct job *const *jobs, size_t n)
{
    size_t running = 0;
    enum gate_mem mem = gate_memory_level(g);
    double t = util_now();
    struct job *j;

    for (size_t i = 0; i < n; i++)
        running += suspend_running(jobs[i]);
    if (running == 0 && (j = suspend_oldest(jobs, n)) != NULL) {
        suspend_wake(j); /* whatever the memory, one job runs */
        return;
    }
    if (mem == GATE_MEM_LOWER) {
        for (; running > 1 && (j = suspend_newest(jobs, n)) != NULL; running--)
            suspend_stop(j);
        s->last = t;
        return;
    }
    if (t - s->last < 1.0)
        return;
    if (mem == GATE_MEM_LOW && running > 1 && (j = suspend_newest(jobs, n)) != NULL)
        suspend_stop(j);
    else if (mem == GATE_MEM_FINE && (j = suspend_oldest(jobs, n)) != NULL)
        suspend_wake(j);
    else
        return;
    s->last = t;
}
