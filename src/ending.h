/* ending: how running jobs are ended: --term-seq walked step by step, --timeout, the groups a
 * job leaves behind when it exits mid-sequence, and --memfree's job that makes room. */
#ifndef LANES_ENDING_H
#define LANES_ENDING_H

#include <stddef.h>

#include "gate.h"
#include "job.h"
#include "term.h"

struct ending;

struct ending *ending_new(const struct term_seq *t);
void ending_free(struct ending *e);
/* Walk j through --term-seq from its first step (once; a job not running is left alone). */
void ending_kill(struct ending *e, struct job *j);
/* Time out the jobs whose --timeout passed and send the --term-seq steps that are due.
 * Returns ms until the next is due, or -1. */
int ending_timers(struct ending *e, struct job *const *jobs, size_t n);
/* j, being ended, exited: what is left of its process group gets the rest of --term-seq. */
void ending_linger(struct ending *e, const struct job *j);
/* Step the lingering groups on; returns ms until the next step, or -1. */
int ending_tick(struct ending *e);
/* How many groups linger. */
size_t ending_lingering(const struct ending *e);
/* --memfree: when memory runs short, and --limit: when its command exits 2, the youngest job
 * is ended and marked to run again. */
void ending_make_room(struct ending *e, struct gate *g, struct job *const *jobs, size_t n);

#endif
