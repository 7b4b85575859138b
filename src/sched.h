/* sched: the one event loop. It starts jobs while slots are free, waits on their pipes,
 * their exits and signals in a single poll, and hands output to out. */
#ifndef LANES_SCHED_H
#define LANES_SCHED_H

#include "opts.h"

/* Run every job; returns lanes' exit status. */
int sched_run(const struct opts *o);

#endif
