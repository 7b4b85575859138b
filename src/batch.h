/* batch: the arguments of each job: one input record, or several with -N, -n, -L, -X, -m
 * and --xargs, as many as the count and the command-line length allow. */
#ifndef LANES_BATCH_H
#define LANES_BATCH_H

#include <stddef.h>

#include "input.h"
#include "rec.h"

struct tmpl;

struct batch_conf {
    int multi;        /* several records a job (-N, -n, -L, -X, -m, --xargs) */
    size_t max_args;  /* records a job at most; 0: as many as fit */
    size_t max_chars; /* command-line length a job at most (-s) */
    int spread;       /* -X, -m: a short last line is spread over the job slots */
    long jobs;
    int exit_too_long; /* -x, or -s given: a record that alone is too long stops lanes */
    int insert_none;   /* -N 0: read one record a job, put none of it on the line */
};

struct batch;

struct batch *batch_new(const struct batch_conf *c, const struct tmpl *t, struct input *in);
void batch_free(struct batch *b);
/* The next job's arguments, flattened into one record valid until the next call; returns as
 * input_next. */
enum input_status batch_next(struct batch *b, struct rec *r, int may_block);

/* The longest command line, as GNU parallel finds it (its search, within 1% of what the
 * system takes): what --show-limits and --max-line-length-allowed report. */
size_t batch_max_command(void);

#endif
