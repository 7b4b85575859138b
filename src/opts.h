/* opts: the command line, parsed with GNU parallel's syntax into struct opts (optsdef.h),
 * and the entry points main calls. The option layer's files: optab (the option table), help
 * (--help), optval (values, and the usage error), optset (what each option sets), setup
 * (opening the inputs, compiling the templates) and opts (parsing and freeing). Their errors
 * follow the one convention written in optval.h; the entry points return exit statuses. */
#ifndef LANES_OPTS_H
#define LANES_OPTS_H

#include "optsdef.h"

/* opts_parse: an option that asks for information (--help, --version, --number-of-*). */
#define OPTS_INFO (-1)

/* The job count a -j value gives (N, +N, -N, N%, 0), or 0 when it is no such value. The
 * value ends at the first blank: it may be a line read from a -j file. */
long opts_jobs_value(const char *s);

/* Parse the options of argv, reading no input and running nothing. Returns 0; OPTS_INFO for
 * --help, --version and --number-of-* (opts_info prints the answer); or LANES_EXIT_ERROR
 * after printing a message that names the bad value. opts_free frees o on every path; after
 * 0, setup_run (setup.h) opens the inputs. */
int opts_parse(struct opts *o, int argc, char **argv);
/* Print what the OPTS_INFO option asked for. Returns the exit status: 0, or for --minversion
 * 255 when lanes follows an older GNU parallel than asked. */
int opts_info(const struct opts *o);
void opts_free(struct opts *o);

#endif
