/* optrun: the options of how a run goes: when it stops (--halt), how jobs end (--timeout,
 * --term-seq, --retries), when they may start (--delay, --load, --memfree, --memsuspend, --nice,
 * the jobserver), and what it shows and keeps as it goes (--resume, -p, --bar, --timeline ...).
 * Errors follow optval.h. */
#include "optrun.h"

#include <stdio.h>
#include <limits.h>
#include <string.h>

#include "cpu.h"
#include "limit.h"
#include "optab.h"
#include "optval.h"
#include "value.h"

/* A group's answer for an option of another group. */
#define NOT_MINE OPTRUN_NOT_MINE

/* --timeout SECS, or N% of the median runtime. 0: no timeout. */
static int optrun_timeout(struct opts *o, const char *s)
{
    o->timeout_pct = s[0] && s[strlen(s) - 1] == '%';
    if (!o->timeout_pct)
        return optval_duration("--timeout", s, &o->timeout);
    if (value_percent(s, &o->timeout) != 0 || o->timeout <= 0)
        return optval_fail("--timeout takes seconds or a percentage, not '%s'", s);
    return 0;
}

/* --load MAX or N% of the CPU threads. */
static int optrun_load(struct opts *o, const char *s)
{
    size_t len = strlen(s);
    int pct = len > 0 && s[len - 1] == '%';
    double v = 0;
    int ok = pct ? value_percent(s, &v) == 0 : len > 0 && value_decimal(s, &v) == len;

    o->gate.load_max = pct ? v * (double)cpu_threads() / 100 : v;
    if (!ok || o->gate.load_max <= 0)
        return optval_fail("--load takes a load average or a percentage, not '%s'", s);
    return 0;
}

/* --nice N: applied by setup_run, not while parsing. */
static int optrun_nice(struct opts *o, const char *s)
{
    long long n;

    if (value_integer(s, -1000, 1000, &n) != 0)
        return optval_fail("--nice takes a niceness from -20 to 19, not '%s'", s);
    o->nice = n < -20  ? -20
              : n > 19 ? 19
                       : (int)n; /* as nice(1), out of range is the nearest end */
    o->nice_given = 1;
    return 0;
}

/* --delay SECS, or SECSauto: a delay that adapts (gate_ended). */
static int optrun_delay(struct opts *o, const char *s)
{
    size_t len = strlen(s);
    int is_auto = len > 4 && strcmp(s + len - 4, "auto") == 0;
    char secs[64];

    if (!is_auto)
        return optval_duration("--delay", s, &o->gate.delay);
    snprintf(secs, sizeof secs, "%.*s", (int)(len - 4), s);
    o->gate.delay_auto = 1;
    if (len - 4 >= sizeof secs || value_duration(secs, &o->gate.delay) != 0)
        return optval_fail("--delay takes seconds (or 2m, 1h ...), with auto after them or not, "
                           "not '%s'",
                           s);
    return 0;
}

/* --limit CMD, or its predefined io N, load N (--load) and mem SIZE (--memfree). */
static int optrun_limit(struct opts *o, const char *s)
{
    double max = 0;
    int kind = limit_kind(s, &max);

    if (*s == '\0' || kind < 0)
        return optval_fail("--limit takes a command, or io N, load N or mem SIZE, not '%s'", s);
    if (kind == LIMIT_LOAD)
        o->gate.load_max = max;
    else if (kind == LIMIT_MEM)
        o->gate.memfree = (unsigned long long)max;
    else
        o->gate.limit = s;
    return 0;
}

/* --jobserver-style fifo|pipe: the jobserver lanes serves its jobs, as make 4.4's option. */
static int optrun_jobserver_style(struct opts *o, const char *s)
{
    if (strcmp(s, "pipe") == 0)
        o->jobserver.style = JOBSERVER_PIPE;
    else if (strcmp(s, "fifo") == 0)
        o->jobserver.style = JOBSERVER_FIFO;
    else
        return optval_fail("--jobserver-style takes fifo or pipe, not '%s'", s);
    return 0;
}

/* Options that steer a run: when it stops, how jobs end, when they start. */
static int optrun_run(struct opts *o, int c, const char *arg)
{
    size_t n = 0;
    int r;

    switch (c) {
    case OPTAB_HALT:
        return halt_parse(&o->halt, arg) != 0 ? -1 : 0;
    case OPTAB_TIMEOUT:
        return optrun_timeout(o, arg);
    case OPTAB_TERM_SEQ:
        return term_parse(&o->term, arg) != 0 ? -1 : 0;
    case OPTAB_RETRIES:
        if (strchr(arg, '{')) { /* {//} and the like: setup_run compiles it */
            o->given.retries = arg;
            o->retries = 2; /* (more than one try: output is held) */
            return 0;
        }
        o->given.retries = NULL;
        r = optval_count("--retries", arg, 0, &n);
        o->retries = n ? n : ULONG_MAX; /* 0: as in GNU parallel, until it succeeds */
        return r;
    case OPTAB_DELAY:
        return optrun_delay(o, arg);
    case OPTAB_LIMIT:
        return optrun_limit(o, arg);
    case OPTAB_NOSWAP:
        o->gate.noswap = 1;
        return 0;
    case OPTAB_NICE:
        return optrun_nice(o, arg);
    case OPTAB_LOAD:
        return optrun_load(o, arg);
    case OPTAB_MEMFREE:
        r = optval_size("--memfree", arg, &n);
        o->gate.memfree = n;
        return r;
    case OPTAB_MEMSUSPEND:
        r = optval_size("--memsuspend", arg, &n);
        o->gate.memsuspend = n;
        return r;
    case OPTAB_JOBSERVER_STYLE:
        return optrun_jobserver_style(o, arg);
    case OPTAB_NO_JOBSERVER:
        o->jobserver.off = 1;
        return 0;
    default:
        return NOT_MINE;
    }
}

/* Options for resuming a run, asking before each job, and seeing a run. */
static int optrun_watch(struct opts *o, int c, const char *arg)
{
    size_t n = 1;
    int r;

    switch (c) {
    case OPTAB_RESUME:
        o->resume = OPTS_RESUME;
        break;
    case OPTAB_RESUME_FAILED:
        o->resume = OPTS_RESUME_FAILED;
        break;
    case OPTAB_RETRY_FAILED:
        o->resume = OPTS_RETRY_FAILED;
        break;
    case 'p':
        o->interactive = 1;
        break;
    case OPTAB_TTY:
    case 'o':
        o->tty = 1;
        break;
    case OPTAB_BAR:
        o->progress |= OPTS_BAR;
        break;
    case OPTAB_ETA:
        o->progress |= OPTS_ETA;
        break;
    case OPTAB_PROGRESS:
        o->progress |= OPTS_PROGRESS;
        break;
    case OPTAB_TOTAL_JOBS:
        r = optval_count("--total-jobs", arg, 1, &n);
        o->total_jobs = n;
        return r;
    case OPTAB_SUMMARY:
    case OPTAB_NO_SUMMARY:
        o->summary = c == OPTAB_SUMMARY;
        break;
    case OPTAB_TIMELINE:
        o->timeline = arg;
        break;
    case OPTAB_FROM_JOBLOG:
        o->timeline_from = arg;
        break;
    default:
        return NOT_MINE;
    }
    return 0;
}

int optrun_apply(struct opts *o, int c, const char *arg)
{
    int r = optrun_run(o, c, arg);

    return r == NOT_MINE ? optrun_watch(o, c, arg) : r;
}
