/* sem: semaphore mode, GNU parallel's `sem`: lanes --semaphore (or lanes called as sem) runs
 * one command line once one of the -j slots of a named semaphore is free, shared by every
 * caller of that name, from any shell, and --wait waits until none holds or waits for one. */
#ifndef LANES_SEM_H
#define LANES_SEM_H

#include <stddef.h>

/* What the command line said for semaphore mode (optset fills it in). */
struct sem_conf {
    int on;         /* semaphore mode: --semaphore, called as sem, or one of the options below */
    int fg;         /* --fg: wait for the command and exit with its status */
    int bg;         /* --bg (the default): return once the command holds a slot */
    int wait;       /* --wait: wait until no command of the semaphore runs or waits */
    const char *id; /* --id, --semaphorename; NULL: the name of the terminal on stdin */
    double timeout; /* --st: > 0 run anyway after that long, < 0 give up; 0: wait for ever */
    long jobs;      /* slots: -j, else 1 */
    char **inputs;  /* the -a files: the first is the command's stdin (no more are taken) */
    size_t ninputs;
};

/* 1 when argv0 names the program sem (a link to lanes called by that name). */
int sem_called_as(const char *argv0);

/* Run semaphore mode: words (nwords of them) joined with spaces are the command line, given
 * to the shell as they are. Returns the exit status: --fg the command's (128+N when signal N
 * ended it), --bg and --wait 0, 1 when --st gave up waiting, LANES_EXIT_ERROR for a usage
 * error (after the message) or a failure of lanes itself. */
int sem_run(const struct sem_conf *c, int nwords, char **words);

#endif
