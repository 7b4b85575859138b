/* term: the signals that end a job (--term-seq): signal, wait, signal, wait ...; and the
 * terminal -p asks on. */
#ifndef LANES_TERM_H
#define LANES_TERM_H

#include <stddef.h>
#include <stdio.h>

struct term_step {
    int sig;
    int ms; /* wait this long before the next step */
};

struct term_seq {
    struct term_step step[16];
    size_t n;
};

/* GNU parallel's default: TERM,200,TERM,100,TERM,50,KILL,25. */
void term_default(struct term_seq *t);
/* Parse "SIG,MS,SIG,MS,..." with names (TERM, SIGTERM) or numbers. Returns 0, or -1 after
 * a message naming --term-seq. */
int term_parse(struct term_seq *t, const char *s);
/* The signal number of a name like "TERM" or "SIGKILL", or -1. */
int term_signal(const char *name);

/* The controlling terminal for -p's questions, read and written, closed on exec so that no
 * job inherits it; NULL with errno when there is none. */
FILE *term_tty_open(void);

#endif
