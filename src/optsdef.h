/* optsdef: struct opts, the parsed command line as plain data, and its constants; types only,
 * so that the option layer's own files (optset, setup) need not include opts.h, whose entry
 * points call them. */
#ifndef LANES_OPTSDEF_H
#define LANES_OPTSDEF_H

#include "batch.h"
#include "block.h"
#include "part.h"
#include "sem.h"
#include "gate.h"
#include "halt.h"
#include "input.h"
#include "jobserver.h"
#include "out.h"
#include "remote.h"
#include "term.h"
#include "tmpl.h"
#include "tmplfile.h"

enum { OPTS_RESUME = 1, OPTS_RESUME_FAILED, OPTS_RETRY_FAILED };
/* --cat, --fifo: where each block goes. */
enum { OPTS_CAT = 1, OPTS_FIFO };
/* --bar, --eta, --progress: the same bits as progress.h's modes. */
enum { OPTS_BAR = 1, OPTS_ETA = 2, OPTS_PROGRESS = 4 };
/* Failed jobs the failure summary lists one by one. */
#define OPTS_SUMMARY_JOBS 10

/* --color=always|never|auto (the plain --color is GNU parallel's: colour each job's lines). */
enum { OPTS_COLOR_ALWAYS = 1, OPTS_COLOR_NEVER, OPTS_COLOR_AUTO };

/* Indexes of opts_given.per_job. */
enum { OPTS_PER_N, OPTS_PER_n, OPTS_PER_l, OPTS_PER_L };

/* What the command line said that only setup_run reads, to build the inputs and templates. */
struct opts_given {
    char delim[64]; /* -d, unescaped */
    unsigned modes; /* 1 << OUT_* for each output mode option given */
    int tag;        /* --tag or --ctag */
    int show_limits;
    int len_check; /* -s or -x: check every command line's length, one argument or many */
    const char *tagstring;
    struct input_conf in;
    struct tmpl_conf tc;
    const char *arg_sep;
    const char *arg_file_sep;
    const char *header;
    long per_job[4]; /* the values of -N, -n, -l, -L (OPTS_PER_*); -1: not given */
    int silent;      /* --silent: no -v, wherever it stands (-t stays) */
    char **files;    /* the :::: and -a files, in order */
    size_t nfiles;
    size_t nfiles_later;  /* the -a files among them, not yet opened */
    int jobs_given;       /* -j: with --tee, too few slots are an error, not raised */
    const char *jobs_arg; /* -j as given: counted again with another CPU count, and with -S
                           * a host's slots come from its CPU count */
    unsigned use_cpus;    /* 1 << OPTAB_USE_* - OPTAB_USE_SOCKETS: what a CPU is for -j */
    const char *block;    /* --block, as given, and its spelling */
    const char *block_opt;
    int argc; /* the command line */
    char **argv;
    int cmd;          /* where the command starts in argv */
    int plain_multi;  /* -m or --xargs: -L does not repeat a word holding {} */
    int tollef;       /* --tollef, refused unless --gnu overrides it */
    int color_when;   /* --color=WHEN: OPTS_COLOR_*, or 0 when not given */
    int compress;     /* --compress, or a --compress-program given */
    char *zfound[2];  /* the programs --compress found (opts_free frees them) */
    const char **rpl; /* --rpl definitions, in order (the strings are argv's) */
    size_t nrpl;
    const char *parens; /* --parens, or NULL */
    char **split;       /* ::: values cut at -d, and the arrays holding them (opts_free frees) */
    size_t nsplit;
    int gnu;
    const char **tmpls; /* --tmpl FILE=NAME values, in order (argv's strings) */
    size_t ntmpls;
    const char *filter;  /* --filter, or NULL */
    const char *retries; /* --retries with a replacement string, or NULL */
};

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
    int pipe_cat;      /* --cat, --fifo: each block goes to a file or fifo of its own, {} */
    int pipe_part;     /* --pipe-part: files cut into parts, read by jobs in place */
    int round_robin;   /* --round-robin: -j jobs, each given block after block */
    const char *shard; /* --shard or --bin: -j jobs, each line to the one its key picks */
    int bin;           /* (--bin) */
    int tee;           /* --tee: all of stdin to every job; the jobs come from the arguments */
    struct part_conf part;
    char **part_files; /* its -a and :::: files */
    size_t npart_files;
    struct out_conf out;
    struct tmpl *tag;          /* --tag, --tagstring, or NULL */
    const char *workdir;       /* --workdir, or NULL: where jobs run */
    const char *slot_var;      /* --process-slot-var: a variable jobs get, their slot - 1 */
    struct tmpl *workdir_tmpl; /* its replacement strings, or NULL for a fixed one */
    const char *joblog;        /* --joblog FILE */
    const char *timeline;      /* --timeline FILE: the picture of the run */
    const char *timeline_from; /* --from-joblog LOG: draw it from LOG instead of running */
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
    unsigned long retries;     /* --retries: tries a job gets in all */
    struct tmpl *retries_tmpl; /* --retries {//} ...: each job's own, from its values */
    struct halt halt;
    struct gate_conf gate;    /* --delay, --load, --memfree */
    int resume;               /* OPTS_RESUME* */
    int interactive;          /* -p */
    int tty;                  /* --tty, -o: jobs read the terminal */
    int progress;             /* OPTS_BAR, OPTS_ETA, OPTS_PROGRESS */
    unsigned long total_jobs; /* --total-jobs */
    int summary;              /* -1: when stderr is a terminal; 0 off; 1 on */
    int nice;                 /* --nice, applied by setup_run */
    int nice_given;
    struct jobserver_conf jobserver; /* --jobserver-style, --no-jobserver */
    int info;                        /* with OPTS_INFO: the option asking */
    unsigned long long minversion;   /* --minversion: the GNU parallel release asked for */
    const char *shell_completion;    /* --shell-completion: bash, zsh, fish or auto */
    struct sem_conf sem;       /* semaphore mode, which runs instead of setup_run and sched_run */
    struct remote_conf remote; /* -S, --slf and the options of remote jobs */
    struct input *input;
    struct tmpl *tmpl;
    struct tmplfile *tmplfile; /* --tmpl, or NULL */
    struct tmpl *filter;       /* --filter, or NULL */
    struct opts_given given;
};

#endif
