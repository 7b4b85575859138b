/* optset: what each option does to struct opts, and to its given part that setup_run reads.
 * Errors follow optval.h: 0, or -1 after the usage message. */
#ifndef LANES_OPTSET_H
#define LANES_OPTSET_H

#include "optsdef.h"

/* Option c (an optab code) with its value arg, or NULL; name is its long name when it was
 * given as one (some messages quote it). arg may be unescaped in place and is kept. */
int optset_apply(struct opts *o, int c, char *arg, const char *name);
/* After the last option: what several options decide together (-N -n -l -L, --silent,
 * --tollef --gnu). */
int optset_finish(struct opts *o);
/* A :::: or -a file, opened now or (later, -a files) by setup_run; --pipe-part only keeps
 * its name (it must not open a fifo). */
void optset_file(struct opts *o, char *path, int now);
/* Whether the i-th :::: or -a file is one --pipe-part cuts rather than a source of arguments:
 * all of them, but with --tee only the first. */
int optset_cuts(const struct opts *o, size_t i);

#endif
