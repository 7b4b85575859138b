/* gate: start conditions for the next job. The checks are cheap and read the system at
 * most once a second. */
#include "gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limit.h"
#include "util.h"

struct gate {
    struct gate_conf c;
    double last_start;
    double backoff_until;
    int backoff_ms;
    int warned;
    double checked; /* when the load and memory were last read */
    double load;
    unsigned long long avail;
    struct limit *limit; /* --limit, --noswap, or NULL */
    int kill;            /* --limit said: end the youngest job */
};

struct gate *gate_new(const struct gate_conf *c)
{
    struct gate *g = xcalloc(1, sizeof *g);

    g->c = *c;
    g->last_start = -1e9;
    g->checked = -1e9;
    if (c->limit || c->noswap)
        g->limit = limit_new(c->limit, c->noswap);
    return g;
}

void gate_free(struct gate *g)
{
    if (g)
        limit_free(g->limit);
    free(g);
}

/* Available memory: MemAvailable on Linux, free pages elsewhere. $LANES_MEMINFO names a file
 * read in place of /proc/meminfo: the tests set how much memory there is with it. */
static unsigned long long gate_mem_available(void)
{
    const char *path = getenv("LANES_MEMINFO");
    FILE *f = fopen(path != NULL && *path != '\0' ? path : "/proc/meminfo", "r");
    unsigned long long kb = 0;
    char line[128];

    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    if (kb)
        return kb * 1024;
    long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (unsigned long long)pages * (unsigned long long)size : 0;
}

static void gate_read_system(struct gate *g, double t)
{
    if (t - g->checked < 1.0)
        return;
    g->checked = t;
    if (g->c.load_max > 0 && getloadavg(&g->load, 1) != 1)
        g->load = 0;
    if (g->c.memfree || g->c.memsuspend)
        g->avail = gate_mem_available();
}

/* Waits past a day are asked again after a day: a long --delay must not overflow an int. */
static int gate_ms(double seconds)
{
    return seconds <= 0 ? 0 : seconds >= 86400 ? 86400000 : (int)(seconds * 1000) + 1;
}

enum gate_mem gate_memory_level(struct gate *g)
{
    if (!g->c.memsuspend)
        return GATE_MEM_FINE;
    gate_read_system(g, util_now());
    return g->avail < g->c.memsuspend       ? GATE_MEM_LOWER
           : g->avail / 2 < g->c.memsuspend ? GATE_MEM_LOW
                                            : GATE_MEM_FINE;
}

/* --memsuspend: while memory is short, a job starts only when none runs. */
static int gate_mem_busy(struct gate *g, size_t live)
{
    return live > 0 && gate_memory_level(g) != GATE_MEM_FINE;
}

int gate_wait_ms(struct gate *g, size_t live)
{
    double t = util_now();

    if (t < g->backoff_until)
        return gate_ms(g->backoff_until - t);
    if (t < g->last_start + g->c.delay)
        return gate_ms(g->last_start + g->c.delay - t);
    gate_read_system(g, t);
    if ((g->c.load_max > 0 && g->load >= g->c.load_max) ||
        (g->c.memfree && g->avail < g->c.memfree) || gate_mem_busy(g, live)) {
        g->checked = -1e9; /* read again when we wake */
        return 1000;
    }
    enum limit_answer a = g->limit ? limit_ask(g->limit) : LIMIT_GO;
    g->kill |= a == LIMIT_KILL;
    return a == LIMIT_GO ? 0 : 200; /* (the user's command may be quick to change its mind) */
}

void gate_ended(struct gate *g, int failed)
{
    if (g->c.delay_auto)
        g->c.delay *= failed ? 1.3 : 0.9;
}

int gate_limit_kill(struct gate *g)
{
    int kill = g->kill;

    g->kill = 0;
    return kill;
}

void gate_started(struct gate *g)
{
    g->last_start = util_now();
    g->backoff_ms = 0;
}

int gate_backoff(struct gate *g)
{
    g->backoff_ms = g->backoff_ms ? g->backoff_ms * 2 : 10;
    if (g->backoff_ms > 1000)
        g->backoff_ms = 1000;
    g->backoff_until = util_now() + g->backoff_ms / 1000.0;
    return g->warned++ == 0;
}

int gate_memory_short(struct gate *g)
{
    if (!g->c.memfree)
        return 0;
    gate_read_system(g, util_now());
    return g->avail < g->c.memfree / 2;
}
