/* recent: the latest runtimes of finished jobs, for --timeout N% (their median) and for the
 * progress estimate (their sum). */
#ifndef LANES_RECENT_H
#define LANES_RECENT_H

#include <stddef.h>

#define RECENT_KEPT 1001

struct recent {
    double ring[RECENT_KEPT];   /* in the order they came; the oldest goes first */
    double sorted[RECENT_KEPT]; /* the same, smallest first */
    size_t n;                   /* how many came in all */
};

/* One more runtime; the oldest is forgotten once RECENT_KEPT are kept. */
void recent_add(struct recent *r, double runtime);
/* How many are kept. */
size_t recent_count(const struct recent *r);
/* The median of those kept (the upper one of an even count), or 0 when none is. */
double recent_median(const struct recent *r);
/* Their sum. */
double recent_sum(const struct recent *r);

#endif
