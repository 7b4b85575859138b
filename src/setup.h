/* setup: the step between parsing the options and running: it opens the inputs (reading
 * them, or stdin, where the header or a count of jobs is needed), compiles the templates and
 * checks what needs them, with what opts_parse gathered. */
#ifndef LANES_SETUP_H
#define LANES_SETUP_H

#include "optsdef.h"

/* After opts_parse returned 0; applies --nice too. Returns 0, or LANES_EXIT_ERROR after
 * printing a message. */
int setup_run(struct opts *o);
/* The fields of one record for --results: 0 where a job's values are one record. */
size_t setup_nsources(const struct opts *o);

#endif
