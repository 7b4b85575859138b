/* crew: the jobs the scheduler owns: every job made and not yet freed, and of them the ones
 * running now (started and not yet finished), in no order. Other modules borrow jobs; only
 * the crew frees them. */
#ifndef LANES_CREW_H
#define LANES_CREW_H

#include <stddef.h>
#include <stdio.h>

#include "job.h"

struct crew {
    struct job **live; /* running: passed whole to the modules that look at every one */
    size_t nlive, cap;
    struct job *owned; /* every job made and not yet freed */
};

/* The crew owns j from now until crew_release. Returns j. */
struct job *crew_adopt(struct crew *c, struct job *j);
/* Free a job the crew owns. */
void crew_release(struct crew *c, struct job *j);
/* j runs (or takes its turn as if it had). */
void crew_start(struct crew *c, struct job *j);
/* j runs no more. */
void crew_leave(struct crew *c, const struct job *j);
/* The running jobs, one a line, for SIGUSR1. */
void crew_list(const struct crew *c, FILE *f);
/* Send sig to the process group of every running job. */
void crew_signal(const struct crew *c, int sig);
/* Free every job still owned (a stopped run leaves some queued or waiting for their turn). */
void crew_free(struct crew *c);

#endif
