/* limit: --limit and --noswap. The system is read at most once a second; the user's command
 * runs each time a job is about to start, as GNU parallel runs it. */
#include "limit.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "util.h"
#include "value.h"

extern char **environ;

/* A counter of the system and when it was read. */
struct limit_sample {
    double at;
    unsigned long long v[2];
};

struct limit {
    const char *cmd;
    int kind;   /* LIMIT_CMD or LIMIT_IO */
    double max; /* io: percent busy */
    int noswap;
    struct limit_sample io, swap;
    int io_busy, swapping; /* what the last two samples showed */
};

int limit_kind(const char *cmd, double *max)
{
    static const char *const names[] = {"io ", "load ", "mem "};
    unsigned long long size;

    for (int k = 0; k < 3; k++) {
        size_t n = strlen(names[k]);
        if (strncmp(cmd, names[k], n - 1) == 0 && cmd[n - 1] == '\0')
            return -1; /* (the name alone: its number is missing) */
        if (strncmp(cmd, names[k], n) != 0)
            continue;
        const char *num = cmd + n + strspn(cmd + n, " ");
        if (k == 2 && value_size(num, &size) == 0) {
            *max = (double)size;
            return LIMIT_MEM;
        }
        if (k < 2 && value_decimal(num, max) == strlen(num) && *num)
            return k == 0 ? LIMIT_IO : LIMIT_LOAD;
        return -1;
    }
    return LIMIT_CMD;
}

struct limit *limit_new(const char *cmd, int noswap)
{
    struct limit *l = xcalloc(1, sizeof *l);

    l->cmd = cmd;
    l->noswap = noswap;
    if (cmd)
        l->kind = limit_kind(cmd, &l->max);
    l->io.at = l->swap.at = -1e9;
    return l;
}

void limit_free(struct limit *l)
{
    free(l);
}

/* Run the command and wait for it; its exit status, or 1 when it could not run. */
static int limit_run(const char *cmd)
{
    char sh[] = "/bin/sh", dash_c[] = "-c";
    char *argv[] = {sh, dash_c, (char *)(uintptr_t)cmd, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, all;
    pid_t pid;
    int st;

    sigemptyset(&none);
    sigfillset(&all);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    int err = posix_spawn(&pid, sh, &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (err) {
        util_warn("--limit: cannot run '%s': %s", cmd, strerror(err));
        return 1;
    }
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return 1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

/* Two counters from a /proc file: on the lines whose first word is a and b (vmstat), or
 * summed over the disks' time busy, in ms (diskstats, a NULL). 0 when it cannot be read. */
static int limit_read(const char *path, const char *a, const char *b, unsigned long long v[2])
{
    FILE *f = fopen(path, "r");
    char line[512], name[64];
    unsigned long long n, busy;

    if (f == NULL)
        return 0;
    v[0] = v[1] = 0;
    while (fgets(line, sizeof line, f)) {
        if (a && sscanf(line, "%63s %llu", name, &n) == 2) {
            if (strcmp(name, a) == 0)
                v[0] = n;
            else if (strcmp(name, b) == 0)
                v[1] = n;
        } else if (!a &&
                   sscanf(line, "%*u %*u %63s %*u %*u %*u %*u %*u %*u %*u %*u %*u %llu", name,
                          &busy) == 2 &&
                   busy > v[1])
            v[1] = busy; /* the busiest disk (mostly the same one from sample to sample) */
    }
    fclose(f);
    return 1;
}

/* Take a new sample when a second has passed; whether the two last ones show activity. */
static void limit_sample(struct limit *l, struct limit_sample *s, int swap)
{
    double t = util_now();
    unsigned long long v[2];

    if (t - s->at < 1.0)
        return;
    if (!limit_read(swap ? "/proc/vmstat" : "/proc/diskstats", swap ? "pswpin" : NULL, "pswpout",
                    v))
        return;
    if (swap)
        l->swapping = s->at > 0 && v[0] > s->v[0] && v[1] > s->v[1];
    else
        l->io_busy = s->at > 0 && (double)(v[1] - s->v[1]) / ((t - s->at) * 10) >= l->max;
    s->at = t;
    s->v[0] = v[0];
    s->v[1] = v[1];
}

enum limit_answer limit_ask(struct limit *l)
{
    if (l->noswap) {
        limit_sample(l, &l->swap, 1);
        if (l->swapping)
            return LIMIT_WAIT;
    }
    if (l->cmd == NULL)
        return LIMIT_GO;
    if (l->kind == LIMIT_IO) {
        limit_sample(l, &l->io, 0);
        return l->io_busy ? LIMIT_WAIT : LIMIT_GO;
    }
    int st = limit_run(l->cmd);
    return st == 0 ? LIMIT_GO : st == 2 ? LIMIT_KILL : LIMIT_WAIT;
}
