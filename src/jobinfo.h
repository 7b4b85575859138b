/* jobinfo: what a finished job tells the job log, --results and the failure summary. */
#ifndef LANES_JOBINFO_H
#define LANES_JOBINFO_H

#include "rec.h"
#include "obuf.h"

struct jobinfo {
    unsigned long seq;
    unsigned long slot;
    const char *host;           /* -S: the login it ran on; NULL: this machine (':') */
    double start;               /* seconds since the epoch when it started */
    double runtime;             /* seconds it ran */
    unsigned long long send;    /* --pipe: bytes of its block; else 0 */
    unsigned long long receive; /* bytes of its stdout */
    int exitval;                /* exit status; 255 when it could not start */
    int signal;                 /* the signal that ended it, or 0 */
    int lost;                   /* some of its output could not be kept */
    const char *cmd;            /* the command line, as --dry-run prints it */
    const struct rec *args;     /* its input values (V1..Vn) */
    const struct obuf *out;     /* its stdout and stderr, whole (empty where they were */
    const struct obuf *err;     /* printed as they came: -k head, -u, --line-buffer) */
    const char *err_tail;       /* the last bytes of its stderr, always kept */
    size_t err_tail_len;
};

#endif
