/* launch: starting one job in the lane it was given: its command line, tag, --workdir and
 * timeout; -p's question; the directories it needs; --cat's file or --fifo; -v; the spawn. */
#ifndef LANES_LAUNCH_H
#define LANES_LAUNCH_H

#include "ending.h"
#include "job.h"
#include "opts.h"
#include "out.h"
#include "remote.h"
#include "results.h"

enum launch_result {
    LAUNCH_STARTED,     /* it runs */
    LAUNCH_INTERRUPTED, /* -p: Ctrl-C instead of an answer; it never runs, and the run stops */
    LAUNCH_STOP,        /* a directory it needs cannot be made: the run stops (*stop) */
    LAUNCH_LATER,       /* the system refused a process for now (j->error): run it again later */
    LAUNCH_FAILED,      /* it cannot run (j->error), and it was said why */
    LAUNCH_SKIPPED, /* skip(), --filter or -p's no (j->skipped): it counts as failed, never runs */
};

struct launch;

/* ask: the terminal -p asks on, or NULL; results: --results, or NULL; remote: -S's hosts, or
 * NULL. on_output hears the
 * status of what launch wrote as a job's output (-v's line), as out_data returns it. */
struct launch *launch_new(const struct opts *o, struct out *out, struct results *results,
                          struct ending *ending, struct remote *remote, FILE *ask,
                          void (*on_output)(void *, int), void *ctx);
void launch_free(struct launch *l);
/* How many jobs have completed (Perl's $Global::total_completed for the jobs to come). */
void launch_completed(struct launch *l, unsigned long n);
/* A try of j has ended: its --workdir ... directory goes. */
void launch_done(struct launch *l, const struct job *j);
/* Start j. slots: how many may run at once ({%}'s range); timeout: --timeout in seconds for
 * it, 0 for none; alone: no other job runs, so a refusal is no passing shortage. */
enum launch_result launch_start(struct launch *l, struct job *j, unsigned long slots,
                                double timeout, int alone, int *stop);

#endif
