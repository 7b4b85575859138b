/* recent: a window of runtimes kept sorted as it slides, so that the median costs nothing to
 * read at every job start, and keeping it costs one search and one move at every job end. */
#include "recent.h"

#include <string.h>

size_t recent_count(const struct recent *r)
{
    return r->n < RECENT_KEPT ? r->n : RECENT_KEPT;
}

/* Where v goes in the sorted values: the first place holding one not smaller. */
static size_t recent_find(const struct recent *r, size_t n, double v)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->sorted[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void recent_add(struct recent *r, double runtime)
{
    size_t n = recent_count(r);

    if (runtime != runtime) /* NaN has no place in an order */
        runtime = 0;
    if (n == RECENT_KEPT) { /* the oldest leaves */
        size_t at = recent_find(r, n, r->ring[r->n % RECENT_KEPT]);
        memmove(r->sorted + at, r->sorted + at + 1, (n - at - 1) * sizeof *r->sorted);
        n--;
    }
    size_t at = recent_find(r, n, runtime);
    memmove(r->sorted + at + 1, r->sorted + at, (n - at) * sizeof *r->sorted);
    r->sorted[at] = runtime;
    r->ring[r->n % RECENT_KEPT] = runtime;
    r->n++;
}

double recent_median(const struct recent *r)
{
    size_t n = recent_count(r);

    return n ? r->sorted[n / 2] : 0;
}

double recent_sum(const struct recent *r)
{
    double sum = 0;

    for (size_t i = 0, n = recent_count(r); i < n; i++)
        sum += r->ring[i];
    return sum;
}
