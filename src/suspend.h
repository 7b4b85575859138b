/* suspend: --memsuspend SIZE: while memory is short, the newest running jobs are stopped
 * (SIGSTOP to the job's process group), and continued (SIGCONT) as memory comes back; one job
 * always runs. Under 2*SIZE available, one more job is stopped each second while more than one
 * runs; under SIZE, all but the oldest at once; with 2*SIZE or more, the oldest stopped job
 * goes on, one a second. Jobs on other hosts are never stopped. */
#ifndef LANES_SUSPEND_H
#define LANES_SUSPEND_H

#include <stddef.h>

#include "gate.h"
#include "job.h"

struct suspend {
    double last; /* when a job was last stopped or continued for the memory */
};

/* Stop or continue jobs (the running ones, n of them) as the memory the gate reads asks. */
void suspend_tick(struct suspend *s, struct gate *g, struct job *const *jobs, size_t n);
/* j is being ended: when stopped, it is continued, so that the signal it was sent reaches it. */
void suspend_wake(struct job *j);

#endif
