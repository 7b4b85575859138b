/* onall: --onall and --nonall. As GNU parallel does, the run becomes one local job a host,
 * each a lanes of its own on that one host with the same command, options and input (read
 * whole first when it is stdin): lanes starts itself again with those jobs. */
#ifndef LANES_ONALL_H
#define LANES_ONALL_H

#include "optsdef.h"

/* Run o (which has --onall or --nonall) as one lanes a host. Returns only on failure, with
 * 255 after a message. */
int onall_run(const struct opts *o);

#endif
