/* timeline: --timeline, a picture of the run as plain SVG: a row per job slot (a band of rows
 * per host under -S), time across, a bar per job, coloured by how it ended, with a hover title
 * for each. Bars thinner than a pixel are merged, so 100,000 jobs still draw as a few thousand
 * shapes. The same picture is drawn from a --joblog file afterwards (--from-joblog). */
#ifndef LANES_TIMELINE_H
#define LANES_TIMELINE_H

#include "jobinfo.h"

struct timeline;

/* --timeline PATH: PATH is created (truncated) now, so that a path that cannot be written is
 * an error before any job runs; exits 255 naming it when it cannot be opened. */
struct timeline *timeline_new(const char *path);
/* A job that ran (or could not start), whichever way it ended; ended: lanes ended it because
 * the run was stopped (a signal, --halt now), which the picture marks. Copies what it needs. */
void timeline_add(struct timeline *t, const struct jobinfo *ji, int ended);
/* Draw the jobs added so far into the file. Returns 0, or -1 after a message naming the file. */
int timeline_write(struct timeline *t);
void timeline_free(struct timeline *t);

/* --timeline SVG --from-joblog LOG: draw the jobs of a job log (lanes' or GNU parallel's);
 * slots are not in a log, so each job gets the lowest row free when it started. Returns the
 * exit status: 0, or 255 after a message. */
int timeline_from_joblog(const char *svg, const char *log);

#endif
