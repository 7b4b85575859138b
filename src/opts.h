/* opts: the command line, parsed into a configuration with GNU parallel's syntax. */
#ifndef LANES_OPTS_H
#define LANES_OPTS_H

#include "batch.h"
#include "block.h"
#include "part.h"
#include "gate.h"
#include "halt.h"
#include "out.h"
#include "term.h"

enum { OPTS_RESUME = 1, OPTS_RESUME_FAILED, OPTS_RETRY_FAILED };
/* --cat, --fifo: where each block goes. */
enum { OPTS_CAT = 1, OPTS_FIFO };
/* --bar, --eta, --progress: the same bits as progress.h's modes. */
enum { OPTS_BAR = 1, OPTS_ETA = 2, OPTS_PROGRESS = 4 };
/* Failed jobs the failure summary lists one by one. */
#define OPTS_SUMMARY_JOBS 10

struct input;
struct tmpl;
struct parse;

/* opts_parse: an option that asks for information (--help, --version, --number-of-*). */
#define OPTS_INFO (-1)

struct opts {
    long jobs;       /* job slots */
    int keep_order;  /* -k */
    int dry_run;     /* --dry-run */
    int shell_quote; /* --shell-quote: print each command quoted, run nothing */
    int verbose;     /* -t */
    int show_cmd;    /* -v: each job's output starts with its command line */
    struct batch_conf batch;
    int pipe; /* --pipe: stdin is cut into blocks, one a job, on its stdin */
    struct block_conf block;
    int pipe_cat;    /* --cat, --fifo: each block goes to a file or fifo of its own, {} */
    int pipe_part;   /* --pipe-part: files cut into parts, read by jobs in place */
    int round_robin; /* --round-robin: -j jobs, each given block after block */
    int tee;         /* --tee: all of stdin to every job; the jobs come from the arguments */
    struct part_conf part;
    char **part_files; /* its -a and :::: files */
    size_t npart_files;
    struct out_conf out;
    struct tmpl *tag;          /* --tag, --tagstring, or NULL */
    const char *workdir;       /* --workdir, or NULL: where jobs run */
    struct tmpl *workdir_tmpl; /* its replacement strings, or NULL for a fixed one */
    const char *joblog;        /* --joblog FILE */
    const char *results;       /* --results ARG */
    unsigned long total;       /* jobs in all, when the template needs it ({##}) */
    int colsep;                /* --colsep or --header: a value may make several fields */
    struct tmpl *results_path;
    char **field_names; /* --header: field i's name for --results, or NULL */
    size_t nfield_names;
    const char *jobs_file; /* -j FILE: the job count, read again while running */
    struct term_seq term;  /* --term-seq */
    double timeout;        /* --timeout seconds, or a percentage of the median runtime */
    int timeout_pct;
    unsigned long retries; /* --retries: tries a job gets in all */
    struct halt halt;
    struct gate_conf gate;    /* --delay, --load, --memfree */
    int resume;               /* OPTS_RESUME* */
    int interactive;          /* -p */
    int tty;                  /* --tty, -o: jobs read the terminal */
    int progress;             /* OPTS_BAR, OPTS_ETA, OPTS_PROGRESS */
    unsigned long total_jobs; /* --total-jobs */
    int summary;              /* -1: when stderr is a terminal; 0 off; 1 on */
    int nice;                 /* --nice, applied by opts_setup */
    int nice_given;
    int info; /* with OPTS_INFO: the option asking */
    struct input *input;
    struct tmpl *tmpl;
    struct parse *parse; /* what opts_setup still needs, private to opts.c */
};

/* The job count a -j value gives (N, +N, -N, N%, 0), or 0 when it is no such value. */
long opts_jobs_value(const char *s);

/* Parse the options of argv, reading no input and running nothing. Returns 0; OPTS_INFO for
 * --help, --version and --number-of-* (opts_info prints the answer); or LANES_EXIT_ERROR
 * after printing a message that names the bad value. opts_free frees o on every path. */
int opts_parse(struct opts *o, int argc, char **argv);
/* After opts_parse returned 0: opens the inputs (reading them, or stdin, where the header or a
 * count of jobs is needed), compiles the templates and checks what needs them. Returns 0, or
 * LANES_EXIT_ERROR after printing a message. */
int opts_setup(struct opts *o);
/* Print what the OPTS_INFO option asked for. Returns the exit status, 0. */
int opts_info(const struct opts *o);
void opts_free(struct opts *o);

#endif
