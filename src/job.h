/* job: one run of the command: its number, slot, process, pipes and output. */
#ifndef LANES_JOB_H
#define LANES_JOB_H

#include <sys/types.h>

#include "buf.h"

enum { JOB_STDOUT, JOB_STDERR };

struct job {
    unsigned long seq;  /* 1, 2, ... in input order ({#}) */
    unsigned long slot; /* 1..jobs, the lowest free when it started ({%}) */
    pid_t pid;          /* also its process group; 0 when it never started */
    int fd[2];          /* our ends of its stdout and stderr pipes; -1 once closed */
    struct buf out[2];  /* output not yet printed */
    int status;         /* wait(2) status */
    int reaped;
    int error;        /* errno when it could not start */
    char *cmd;        /* the command line, for -t and messages */
    struct job *next; /* the next job in output order */
};

struct job *job_new(unsigned long seq, unsigned long slot);
void job_free(struct job *j);
/* Whether the job ended with anything but exit status 0. */
int job_failed(const struct job *j);
/* Whether the process is reaped and both pipes are drained. */
int job_done(const struct job *j);

#endif
