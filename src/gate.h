/* gate: whether another job may start now: --delay, --load, --memfree, --memsuspend, --limit,
 * --noswap, and the back-off after the system refused a process (EAGAIN, ENOMEM, EMFILE). */
#ifndef LANES_GATE_H
#define LANES_GATE_H

#include <stddef.h>

struct gate_conf {
    double delay;                  /* --delay: seconds between job starts */
    double load_max;               /* --load: 0 for none */
    unsigned long long memfree;    /* --memfree: bytes; 0 for none */
    unsigned long long memsuspend; /* --memsuspend: bytes; 0 for none */
    int delay_auto;                /* --delay Nauto: the delay follows the jobs' exit statuses */
    const char *limit;             /* --limit: the command (or "io N"), or NULL */
    int noswap;                    /* --noswap */
};

struct gate;

struct gate *gate_new(const struct gate_conf *c);
void gate_free(struct gate *g);
/* 0 when a job may start now beside the running ones (live: how many run, stopped or not);
 * otherwise milliseconds to wait before asking again. */
int gate_wait_ms(struct gate *g, size_t live);
/* A job started (--delay counts from here) or could start again after a refusal. */
void gate_started(struct gate *g);
/* The system refused a process: wait longer each time, up to a second. Returns 1 the
 * first time, so the caller warns once. */
int gate_backoff(struct gate *g);
/* A job ended: with --delay Nauto, the delay grows by 30% when it failed, and shrinks by 10%
 * when it did not. */
void gate_ended(struct gate *g, int failed);
/* Whether --limit's command said the youngest job must end (once for each time it said so). */
int gate_limit_kill(struct gate *g);
/* --memfree: memory is so short (under half of it free) that the youngest job should make
 * room. */
int gate_memory_short(struct gate *g);
/* --memsuspend SIZE: GATE_MEM_LOW under 2*SIZE available, GATE_MEM_LOWER under SIZE, else
 * GATE_MEM_FINE (and always without --memsuspend). Read at most once a second. */
enum gate_mem { GATE_MEM_FINE, GATE_MEM_LOW, GATE_MEM_LOWER };
enum gate_mem gate_memory_level(struct gate *g);

#endif
