/* job: one run of the command: its number, slot, process, pipes and output. */
#ifndef LANES_JOB_H
#define LANES_JOB_H

#include <sys/types.h>
#include <time.h>

#include "rec.h"
#include "spill.h"

enum { JOB_STDOUT, JOB_STDERR };

struct job {
    unsigned long seq;           /* 1, 2, ... in input order ({#}) */
    unsigned long slot;          /* 1..jobs, the lowest free when it started ({%}) */
    pid_t pid;                   /* also its process group; 0 when it never started */
    int fd[2];                   /* our ends of its stdout and stderr pipes; -1 once closed */
    struct obuf out[2];          /* output not yet printed */
    unsigned long long bytes[2]; /* output received in all */
    int bol[2];                  /* the next byte printed starts a line (for --tag) */
    int status;                  /* wait(2) status */
    int reaped;
    int error;  /* errno when it could not start */
    int lost;   /* some output could not be kept */
    char *cmd;  /* the command line, for -t and messages */
    char *tag;  /* --tag, --tagstring: what starts each line, or NULL */
    char *file; /* --files: where its stdout goes */
    int file_fd;
    struct rec args;    /* its input values, kept for --tag and --results */
    double start;       /* seconds since the epoch */
    struct timespec t0; /* monotonic start and end */
    struct timespec t1;
    struct job *next; /* the next job in output order */
};

/* A job with its own copy of the record's values. */
struct job *job_new(unsigned long seq, unsigned long slot, const struct rec *args);
void job_free(struct job *j);
/* Whether the job ended with anything but exit status 0, or lost output. */
int job_failed(const struct job *j);
/* Whether the process is reaped and both pipes are drained. */
int job_done(const struct job *j);
/* Exit value and signal as the job log shows them. */
int job_exitval(const struct job *j);
int job_signal(const struct job *j);
/* Seconds it ran. */
double job_runtime(const struct job *j);

#endif
