/* optrun: the options of how a run goes: when it stops, how jobs end, when they may start,
 * and what it shows and keeps as it goes. */
#ifndef LANES_OPTRUN_H
#define LANES_OPTRUN_H

#include "optsdef.h"

/* optrun_apply's answer for an option that is none of these. */
#define OPTRUN_NOT_MINE 1

/* As optset_apply, for these options: 0, -1 after the usage message, or OPTRUN_NOT_MINE. */
int optrun_apply(struct opts *o, int c, const char *arg);

#endif
