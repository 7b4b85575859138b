/* jobout: a job's output taken from its pipes and handed to out: spliced straight to stdout
 * where its bytes may go out untouched, parked in a pipe while it waits its turn, or read. */
#ifndef LANES_JOBOUT_H
#define LANES_JOBOUT_H

#include "job.h"
#include "out.h"

struct jobout;

/* on_output hears the status of each hand-over to out, as out_data returns it (nonzero with
 * errno when stdout failed). */
struct jobout *jobout_new(struct out *out, void (*on_output)(void *, int), void *ctx);
void jobout_free(struct jobout *jo);
/* Take from j's stream once; its pipe is closed at end of file. */
void jobout_read(struct jobout *jo, struct job *j, int stream);
/* The loop's calls (loop.h) for j's stdout and stderr being readable: ctx the jobout, arg j. */
void jobout_on_stdout(void *ctx, void *arg, int fd);
void jobout_on_stderr(void *ctx, void *arg, int fd);
/* j exited: whatever it wrote is in its pipes already. Take it all and close them, not
 * waiting for processes it left behind that still hold them open. */
void jobout_drain(struct jobout *jo, struct job *j);

#endif
