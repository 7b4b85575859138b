/* optplace: the options of where a job runs: the hosts of -S and their options, and
 * semaphore mode. */
#ifndef LANES_OPTPLACE_H
#define LANES_OPTPLACE_H

#include "optsdef.h"

/* optplace_apply's answer for an option that is none of these. */
#define OPTPLACE_NOT_MINE 1

/* As optset_apply, for these options: 0, -1 after the usage message, or OPTPLACE_NOT_MINE. */
int optplace_apply(struct opts *o, int c, char *arg, const char *name);

#endif
