/* record: what a run leaves behind besides its output: the job log, the --results tree, the
 * failure summary and the --timeline picture. The scheduler hands each job over as it ends,
 * as it is counted and as its turn to be printed comes; record decides what each keeps. */
#ifndef LANES_RECORD_H
#define LANES_RECORD_H

#include "job.h"
#include "opts.h"
#include "results.h"

struct record;

/* Opens the job log, the --results tree and the timeline file the options ask for; a file
 * that cannot be made ends the run before any job (util_die). */
struct record *record_new(const struct opts *o);
void record_free(struct record *r);
/* --results, for launch to write each job's files into, or NULL. */
struct results *record_results(const struct record *r);
/* Whether jobs are logged as they are printed (a job log or --results): out_on_print. */
int record_logs(const struct record *r);
/* A job ended (a try of it; it may run again): drawn. stopping: the run is being stopped. */
void record_ended(struct record *r, const struct job *j, int stopping);
/* A job ended for good and was counted: into the failure summary. */
void record_counted(struct record *r, const struct job *j);
/* A job's turn to be printed came: logged, and its --results written, unless the run was
 * stopping or it never ran. */
void record_printed(struct record *r, const struct job *j, int stopping);
/* The run was stopped early: the summary says how many jobs never started (unrun), or, known
 * 0, that the input after job number unrun was not read. */
void record_unrun(struct record *r, unsigned long unrun, int known);
/* The run is over: the summary printed, the picture written. */
void record_report(struct record *r);
/* Whether a record was lost (a log line, a result, the picture): the run must not look fine,
 * or --resume would run a finished job again. */
int record_failed(const struct record *r);

#endif
