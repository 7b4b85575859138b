/* job: one run of the command: its number, lane, process, pipes and output. */
#ifndef LANES_JOB_H
#define LANES_JOB_H

#include <sys/types.h>
#include <time.h>

#include "buf.h"
#include "jobinfo.h"
#include "lane.h"
#include "rec.h"
#include "obuf.h"

enum { JOB_STDOUT, JOB_STDERR };

struct job {
    unsigned long seq;           /* 1, 2, ... in input order ({#}) */
    struct lane lane;            /* where it runs: its slot ({%}), from the pool */
    pid_t pid;                   /* also its process group; 0 when it never started */
    int fd[2];                   /* our ends of its stdout and stderr pipes; -1 once closed */
    int wfd[2];                  /* their write ends, held until it is reaped, or -1 */
    int pipe_grow;               /* bytes its stdout pipe grows to once it fills; 0: no more */
    int in_fd;                   /* --pipe: our end of its stdin pipe; -1 once closed */
    struct buf in;               /* --pipe: its block (kept whole for a retry), or no data */
    size_t in_off;               /* bytes of the block written so far */
    int in_cut;                  /* it ended before it took its whole block: a failure */
    int in_more;                 /* --round-robin: more blocks may come; stdin stays open */
    unsigned long long in_total; /* bytes of all the blocks it was given */
    char *in_path;               /* --cat, --fifo: its block's file (removed with the job) */
    struct buf made;    /* --tmpl with --cleanup: the files written for it, each ending with a NUL,
                         * removed with the job */
    pid_t fifo_pid;     /* --fifo: the process writing the block into it, or 0 */
    int part_fd;        /* --pipe-part: the file its part is in (not its own); or -1 */
    off_t part_start;   /* --pipe-part: its part of that file, from here */
    off_t part_end;     /* to here */
    off_t part_off;     /* and how far it is written */
    struct tee *tee;    /* --tee: all of stdin comes from there (not its own) */
    off_t tee_pos;      /* how much of it is written */
    struct obuf out[2]; /* output not yet printed */
    unsigned long long bytes[2]; /* output received in all */
    int bol[2];                  /* the next byte printed starts a line (for --tag) */
    int status;                  /* wait(2) status */
    int reaped;
    int error;        /* errno when it could not start */
    int lost;         /* some output could not be kept */
    int skipped;      /* skip() in {= perl =}, or --plus {uniq}/{choose_k}: it never runs */
    char *cmd;        /* the command line, for -t and messages */
    char *tag;        /* --tag, --tagstring: what starts each line, or NULL */
    char *wd;         /* --workdir: where it runs, or NULL */
    const char *host; /* -S: the login it runs on (remote.c owns it), or NULL: this machine */
    unsigned long long hosts_failed; /* -S: bit h: it failed on host h; tried elsewhere first */
    char *hgrp; /* --hostgroups: the groups its first value named (g1+g2), or NULL: any host */
    char *file; /* --files: where its stdout goes */
    int file_fd;
    struct rec args;    /* its input values, kept for --tag and --results */
    double start;       /* seconds since the epoch */
    struct timespec t0; /* monotonic start and end */
    struct timespec t1;
    int tries;                /* times it has been started */
    unsigned long retries;    /* --retries with replacement strings: its tries in all */
    int kill_step;            /* -1, or the --term-seq step sent last */
    struct timespec kill_at;  /* when the next --term-seq step is due */
    struct timespec deadline; /* --timeout: when it is ended; tv_sec 0 for never */
    int timed_out;
    int stopped;       /* --memsuspend stopped it (SIGSTOP); it has not been continued yet */
    int requeue;       /* ended to make room (--memfree): run it again */
    int logged;        /* its command comes from the job log (--retry-failed) */
    struct job *next;  /* the next job in output order (out's -k list) */
    int ordered;       /* out: it is in that list; a job run again is never linked twice */
    struct job *rnext; /* the next job waiting to start again */
    struct job *owned_prev, *owned_next; /* its owner's list (job_own) */
    char err_tail[512];                  /* the last bytes of its stderr, for the failure summary */
    size_t err_tail_len;
};

/* A job with its own copy of the record's values. */
struct job *job_new(unsigned long seq, const struct rec *args);
void job_free(struct job *j);
/* Its input values from now on (a copy). */
void job_set_args(struct job *j, const struct rec *args);
/* The list of the jobs an owner holds (head): j joins it, or leaves it. A job is on one. */
void job_own(struct job **head, struct job *j);
void job_disown(struct job **head, struct job *j);
/* What the job log, --results and the failure summary are told of j (borrowing its data). */
void job_info(const struct job *j, struct jobinfo *ji);
/* Whether the job ended with anything but exit status 0, or lost output. */
/* waitpid said the job's process ended with status: it is reaped, its end time taken. */
void job_exited(struct job *j, int status);
int job_failed(const struct job *j);
/* Whether the process is reaped and both pipes are drained. */
int job_done(const struct job *j);
/* Exit value and signal as the job log shows them. */
int job_exitval(const struct job *j);
int job_signal(const struct job *j);
/* Keep the last bytes of what the job wrote to stderr. */
void job_keep_tail(struct job *j, const char *p, size_t n);
/* Make a finished job ready to run again: no process, no pipes, no status. */
void job_reset(struct job *j);
/* Seconds it ran. */
double job_runtime(const struct job *j);
/* Whether a started after b. */
int job_younger(const struct job *a, const struct job *b);

#endif
