/* supply: the jobs of a run, made from the input in order: records (batched for -m, -X, -N),
 * --pipe blocks, --pipe-part parts; numbered ({#}) past what --resume skips; queued again
 * when a job is to run again; --round-robin's blocks dealt to running jobs; --tee's stdin;
 * and --dry-run, which prints the jobs instead of running them. */
#ifndef LANES_SUPPLY_H
#define LANES_SUPPLY_H

#include <stddef.h>

#include "job.h"
#include "opts.h"
#include "resume.h"

struct supply;

/* The jobs of o's input; resume (or NULL) says which to skip. */
struct supply *supply_new(const struct opts *o, struct resume *resume);
/* Frees the supply, not the jobs it made: they belong to whoever took them. */
void supply_free(struct supply *sup);
/* The next job to start: one queued again, else a new one from the input (*fresh is then
 * 1: the caller owns it). NULL when none is at hand now: the input waits, or has ended. */
struct job *supply_take(struct supply *sup, int *fresh);
/* j runs again, after those already queued. */
void supply_again(struct supply *sup, struct job *j);
/* j, taken, cannot start yet: it goes first. */
void supply_push_back(struct supply *sup, struct job *j);
/* No more input: only jobs queued again are left (--retry-failed). */
void supply_end(struct supply *sup);
/* Whether jobs may yet come: some queued again, or the input not at its end. */
int supply_more(const struct supply *sup);
/* Whether the input is at its end (the total is then known). */
int supply_ended(const struct supply *sup);
/* The number of the last job made. */
unsigned long supply_seq(const struct supply *sup);
/* How many jobs --resume skipped so far, as the job log had them. */
unsigned long supply_resumed(const struct supply *sup);
/* While the input has no whole record yet: its descriptor, to poll for reading, then call
 * supply_read. Otherwise -1. */
int supply_fd(const struct supply *sup);
void supply_read(struct supply *sup);
/* --blocktimeout: ms until the block being read is due to go as it is (-1: never); at 0 the
 * input no longer waits. */
int supply_due_ms(struct supply *sup);
/* --round-robin: deal blocks to the running jobs that took their last; when the input ends
 * or the run winds down, close their stdin. */
void supply_deal(struct supply *sup, struct job *const *jobs, size_t n, int winding_down);
/* --tee: stdin's descriptor while every job runs and some still take it, else -1; then
 * supply_tee_read gives what was read to every job. */
int supply_tee_fd(struct supply *sup, struct job *const *jobs, size_t n);
void supply_tee_read(struct supply *sup, struct job *const *jobs, size_t n);
/* --dry-run, --shell-quote: print each job's command (after its --tag) instead of running
 * it. Returns the exit status. */
int supply_dry_run(const struct opts *o);

#endif
