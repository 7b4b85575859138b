/* out: hands each job's output to stdout and stderr: whole when the job ends (--group),
 * or in input order with the oldest job streaming straight through (-k). */
#ifndef LANES_OUT_H
#define LANES_OUT_H

#include <stddef.h>

#include "job.h"

struct out;

struct out *out_new(int keep_order);
void out_free(struct out *o);

/* A job has started (or failed to start): it takes its place in the output order. */
void out_add(struct out *o, struct job *j);
/* Output of a running job. Returns 0, or -1 with errno when writing stdout/stderr failed. */
int out_data(struct out *o, struct job *j, int stream, const char *p, size_t n);
/* The job is done: print what may now be printed and free the jobs printed.
 * Returns as out_data. */
int out_done(struct out *o, struct job *j);

#endif
