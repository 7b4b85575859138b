/* pool: job slots on this machine, or on the hosts of -S (each with its own count). A slot
 * costs a byte once used, nothing before: -j 999999999 with one job holds room for one. With a
 * jobserver (pool_share; not with -S), a lane beyond the one lanes holds anyway (the implicit
 * slot every jobserver client has) also holds a token. */
#include "pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "opts.h"
#include "util.h"

struct pool {
    long size;             /* slots now (-j FILE may change it) */
    const char *jobs_file; /* -j FILE, or NULL */
    struct timespec mtime; /* of jobs_file when last read */
    unsigned char *used;   /* used[i]: slot i + 1 is taken */
    size_t cap;            /* room in used */
    unsigned long busy;
    struct jobserver *js;        /* pool_share: the slots shared with nested runs, or NULL */
    unsigned long implicit_slot; /* with js: the lane on lanes' implicit slot; 0: it is free */
    struct pool_host *hosts;     /* -S: the hosts lanes are on (pool_host_*), or none */
    int nhosts;
    unsigned long long avoid;            /* pool_take_avoiding: hosts not to pick now */
    int (*fits)(const void *ctx, int h); /* pool_take_where: the hosts that may be picked now */
    const void *fits_ctx;
};

/* One host of -S: how many lanes it has and how many are taken. */
struct pool_host {
    long size;
    unsigned long busy;
};

static int pool_host_pick(const struct pool *p);
static void pool_host_count(struct pool *p, int h, int delta);

static int pool_token(struct pool *p, int *token);
static void pool_share_resize(struct pool *p);
static void pool_token_give(struct pool *p, struct lane *l);

struct pool *pool_new(long jobs, const char *jobs_file)
{
    struct pool *p = xcalloc(1, sizeof *p);

    p->size = jobs;
    p->jobs_file = jobs_file;
    pool_check(p);
    return p;
}

void pool_free(struct pool *p)
{
    if (p == NULL)
        return;
    jobserver_free(p->js); /* every token still held goes back */
    free(p->used);
    free(p->hosts);
    free(p);
}

long pool_size(const struct pool *p)
{
    return p->size;
}

unsigned long pool_busy(const struct pool *p)
{
    return p->busy;
}

/* The lowest free slot: with busy slots taken it is at most busy + 1. */
int pool_take(struct pool *p, struct lane *l)
{
    int token = -1;

    if (p->busy >= (unsigned long)p->size)
        return 0;
    int host = pool_host_pick(p);
    if (host == -2) /* every host is full (or taken out) */
        return 0;
    if (!pool_token(p, &token)) /* last: a token taken is a lane given */
        return 0;
    if (p->busy == p->cap) {
        size_t n = p->cap ? 2 * p->cap : 16;
        p->used = xreallocarray(p->used, n, 1);
        memset(p->used + p->cap, 0, n - p->cap);
        p->cap = n;
    }
    size_t i = 0;
    while (p->used[i])
        i++;
    p->used[i] = 1;
    p->busy++;
    *l = (struct lane){.slot = i + 1, .token = token, .host = host};
    pool_host_count(p, host, 1);
    if (p->js && token < 0 && p->implicit_slot == 0)
        p->implicit_slot = l->slot;
    return 1;
}

void pool_give(struct pool *p, struct lane *l)
{
    if (l->slot == 0)
        return;
    pool_token_give(p, l);
    p->used[l->slot - 1] = 0;
    p->busy--;
    pool_host_count(p, l->host, -1);
    *l = (struct lane){.token = -1, .host = -1};
}

int pool_fd(const struct pool *p)
{
    return p->js ? jobserver_fd(p->js) : -1;
}

void pool_check(struct pool *p)
{
    struct stat st;

    if (p->jobs_file == NULL || p->nhosts > 0 || stat(p->jobs_file, &st) != 0 ||
        (st.st_mtim.tv_sec == p->mtime.tv_sec && st.st_mtim.tv_nsec == p->mtime.tv_nsec))
        return;
    p->mtime = st.st_mtim;
    FILE *f = fopen(p->jobs_file, "r");
    char line[64] = "";
    if (f && fgets(line, sizeof line, f) == NULL)
        line[0] = '\0';
    if (f)
        fclose(f);
    long n = opts_jobs_value(line);
    if (n > 0)
        p->size = n;
    pool_share_resize(p);
}

/* ---- the jobserver backend (jobserver.c) ---- */

/* With -S the jobs run on the hosts: make's bound is this machine's, so none is joined or
 * served. */
void pool_share(struct pool *p, const struct jobserver_conf *c)
{
    if (p->nhosts == 0)
        p->js = jobserver_open(c, p->size);
}

/* What a lane about to be taken needs from the jobserver: nothing on the implicit slot (or
 * with no jobserver, or one that failed: *token stays -1), else a token into *token. 0 when
 * none is free now: pool_fd polls readable when one may be. The implicit slot goes to the
 * next lane taken once its lane is given back, even while lanes with tokens still run (make
 * would give one of their tokens back at once; the pool cannot reach their lanes): until then,
 * or until those lanes end, lanes holds one token more than it runs jobs on. */
static int pool_token(struct pool *p, int *token)
{
    if (p->js == NULL || p->implicit_slot == 0)
        return 1;
    int t = jobserver_take(p->js);
    if (t == JOBSERVER_WAIT)
        return 0;
    *token = t == JOBSERVER_GONE ? -1 : t;
    return 1;
}

/* The lane's token goes back to the jobserver, or its implicit slot to lanes. */
static void pool_token_give(struct pool *p, struct lane *l)
{
    if (p->js == NULL)
        return;
    if (l->slot == p->implicit_slot)
        p->implicit_slot = 0;
    else if (l->token >= 0)
        jobserver_give(p->js, l->token);
}

/* -j FILE changed the slots: a jobserver lanes serves follows. */
static void pool_share_resize(struct pool *p)
{
    if (p->js)
        jobserver_resize(p->js, p->size);
}

/* ---- hosts (-S) ---- */

/* The host with the most free slots (the first of equals); -1 without hosts; -2 when none has
 * a free one. */
static int pool_host_pick(const struct pool *p)
{
    int best = p->nhosts ? -2 : -1;
    long most = 0;

    for (int h = 0; h < p->nhosts; h++) {
        long free_slots = p->hosts[h].size - (long)p->hosts[h].busy;
        if ((h < 64 && (p->avoid >> h & 1)) || (p->fits && !p->fits(p->fits_ctx, h)))
            continue;
        if (free_slots > most) {
            most = free_slots;
            best = h;
        }
    }
    return best;
}

static void pool_host_count(struct pool *p, int h, int delta)
{
    if (h >= 0 && h < p->nhosts)
        p->hosts[h].busy += (unsigned long)(long)delta;
}

/* The pool's size is what the hosts have in all. */
static void pool_host_total(struct pool *p)
{
    long total = 0;

    for (int h = 0; h < p->nhosts; h++)
        total += p->hosts[h].size;
    p->size = total;
}

int pool_host_add(struct pool *p, long slots)
{
    p->hosts = xreallocarray(p->hosts, (size_t)p->nhosts + 1, sizeof *p->hosts);
    p->hosts[p->nhosts++] = (struct pool_host){.size = slots};
    pool_host_total(p);
    return p->nhosts - 1;
}

void pool_host_resize(struct pool *p, int h, long slots)
{
    if (h < 0 || h >= p->nhosts)
        return;
    p->hosts[h].size = slots;
    pool_host_total(p);
}

int pool_take_where(struct pool *p, struct lane *l, unsigned long long avoid,
                    int (*fits)(const void *ctx, int h), const void *ctx)
{
    int elsewhere = 0;

    for (int h = 0; h < p->nhosts && !elsewhere; h++)
        elsewhere = p->hosts[h].size > 0 && (h >= 64 || !(avoid >> h & 1)) &&
                    (fits == NULL || fits(ctx, h));
    p->avoid = elsewhere ? avoid : 0; /* tried everywhere: anywhere will do */
    p->fits = fits;
    p->fits_ctx = ctx;
    int took = pool_take(p, l);
    p->avoid = 0;
    p->fits = NULL;
    return took;
}

int pool_take_avoiding(struct pool *p, struct lane *l, unsigned long long avoid)
{
    return pool_take_where(p, l, avoid, NULL, NULL);
}

int pool_hosts(const struct pool *p)
{
    return p->nhosts;
}
