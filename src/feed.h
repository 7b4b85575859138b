/* feed: what a job reads on its stdin with --pipe, --pipe-part or --tee. */
#ifndef LANES_FEED_H
#define LANES_FEED_H

#include "job.h"

/* Whether lanes writes the job's stdin (--pipe, --pipe-part, --tee; not with --cat). */
int feed_wanted(const struct job *j);
/* Whether some of the job's input is still to be written. */
int feed_pending(const struct job *j);
/* Write what the job's stdin pipe takes now; close the pipe once the whole block is in (the
 * job then reads end of file; with --round-robin, not while more blocks may come), or when
 * the job no longer reads (the rest is dropped). */
void feed_write(struct job *j);
/* The loop's call (loop.h) for the job's stdin taking more: arg the job, ctx unused. */
void feed_on_ready(void *ctx, void *arg, int fd);
/* --cat: the whole block into fd, which blocks. Returns 0, or errno. */
int feed_file(const struct job *j, int fd);
/* --fifo: a process that waits for the job to open its fifo, writes the block into it and
 * ends. Returns its pid, or -1 with errno. */
pid_t feed_fifo(const struct job *j);
/* The job ended: what it did not take is dropped, and if that is anything, the job failed
 * (as in GNU parallel, whose writer of the block dies of SIGPIPE then). */
void feed_close(struct job *j);

#endif
