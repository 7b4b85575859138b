/* aside: with --hostgroups, a job whose hosts have no free lane waits here while later jobs
 * start on other hosts, as GNU parallel runs them. Each keeps its place in -k's output order
 * and its number ({#}); the first of them whose hosts have a free lane starts before any job
 * read after it. At most ASIDE_MAX wait: the input is read no further ahead than that. */
#ifndef LANES_ASIDE_H
#define LANES_ASIDE_H

#include <stddef.h>

#include "job.h"

struct pool;
struct remote;

/* How many jobs may wait aside at once; past it, the next job waits where it is. */
#define ASIDE_MAX 1000

struct aside {
    struct job *head, *tail; /* in input order, through rnext */
    size_t n;
};

/* j waits aside: 1, or 0 when it may not (it has no groups, or ASIDE_MAX wait already). */
int aside_put(struct aside *a, struct job *j);
/* The first job waiting aside that the hosts of its groups take now: out of the queue, in the
 * lane it was given. NULL when none can start. */
struct job *aside_take(struct aside *a, struct remote *r, struct pool *p);
/* The first job waiting aside, out of the queue (the run winds down: it never starts); NULL
 * when none waits. */
struct job *aside_pop(struct aside *a);

#endif
