/* summary: the account of failed jobs at the end of a run, which GNU parallel does not give:
 * how many failed and, for the first few, the command, how it ended and the last lines it
 * wrote to stderr. Plain text, for a terminal and a cron mail alike. */
#ifndef LANES_SUMMARY_H
#define LANES_SUMMARY_H

#include <stddef.h>

#include "jobinfo.h"

struct summary;

/* max_jobs: how many failed jobs to list one by one (the rest are counted). */
struct summary *summary_new(size_t max_jobs);
/* Called for every finished job; keeps what it needs of the failed ones (copies: ji is gone
 * after the call). A job failed when exitval != 0 or signal != 0. */
void summary_add(struct summary *s, const struct jobinfo *ji);
/* Print the account on fd when any job failed: "lanes: N of M jobs failed", then the listed
 * jobs in input order. Prints nothing when no job failed. Returns 0, or -1 with errno. */
int summary_print(struct summary *s, int fd);
/* The run was stopped before all its input ran (--halt, a signal, an error): unrun jobs never
 * started, or, with known 0, the input was not read to its end after job number unrun. The
 * account then says so, also when no job failed. */
void summary_unrun(struct summary *s, unsigned long unrun, int known);
void summary_free(struct summary *s);

#endif
