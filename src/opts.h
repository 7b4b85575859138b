/* opts: the command line, parsed into a configuration with GNU parallel's syntax. */
#ifndef LANES_OPTS_H
#define LANES_OPTS_H

#include "batch.h"
#include "out.h"

struct input;
struct tmpl;

struct opts {
    long jobs;       /* job slots */
    int keep_order;  /* -k */
    int dry_run;     /* --dry-run */
    int shell_quote; /* --shell-quote: print each command quoted, run nothing */
    int verbose;     /* -t */
    struct batch_conf batch;
    struct out_conf out;
    struct tmpl *tag;    /* --tag, --tagstring, or NULL */
    const char *joblog;  /* --joblog FILE */
    const char *results; /* --results ARG */
    struct tmpl *results_path;
    struct input *input;
    struct tmpl *tmpl;
};

/* Parse argv; prints and exits for --help, --version and --number-of-*; exits 255 with a
 * message naming the bad value on a usage error. */
void opts_parse(struct opts *o, int argc, char **argv);
void opts_free(struct opts *o);

#endif
