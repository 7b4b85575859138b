/* pool: the lanes jobs may run in. The scheduler takes one before a job starts and gives it
 * back when the job ends; the pool alone knows how many there are and where they are: job
 * slots on this machine (-j, read again from -j FILE when the file changes). */
#ifndef LANES_POOL_H
#define LANES_POOL_H

#include "jobserver.h"
#include "lane.h"

struct pool;

/* -j N, or -j FILE read at the start and whenever the file changes (NULL: none). */
struct pool *pool_new(long jobs, const char *jobs_file);
/* Gives back every lane still taken: the run is over, however it ended. */
void pool_free(struct pool *p);
/* A free lane into *l: 1, or 0 when none is free now. */
int pool_take(struct pool *p, struct lane *l);
/* The lane a job held (none is fine) is free again; *l holds none after. */
void pool_give(struct pool *p, struct lane *l);
/* How many jobs may run at once now ({%}'s range, what --progress shows). */
long pool_size(const struct pool *p);
/* How many lanes are taken. */
unsigned long pool_busy(const struct pool *p);
/* A descriptor to poll for reading while a job waits for a lane that may come free by
 * itself (a jobserver's token), or -1: local slots come free only as jobs end. */
int pool_fd(const struct pool *p);
/* Share the slots with a jobserver (jobserver.h): join the one MAKEFLAGS names, or serve
 * one to the jobs. Call once, after pool_new and before the jobs' environment is built: a
 * served one is named in MAKEFLAGS. From then on a lane beyond the first needs a token. */
void pool_share(struct pool *p, const struct jobserver_conf *c);
/* -j FILE: read it again if it changed. */
void pool_check(struct pool *p);

/* Hosts (-S): once one is added, every lane is on a host, and the pool's size is the sum of
 * their slots (-j no longer counts). pool_take picks the host with the most free slots; {%}
 * stays one numbering for the whole run. */
/* A host with slots lanes; returns its index, the lane's host. */
int pool_host_add(struct pool *p, long slots);
/* Host h has slots lanes from now on; 0 takes it out (its running jobs still give theirs back). */
void pool_host_resize(struct pool *p, int h, long slots);
/* pool_take, but not on the hosts whose bit is set in avoid (host h: bit h, h < 64) while
 * another host can still have the lane: a job run again goes where it has not failed. */
int pool_take_avoiding(struct pool *p, struct lane *l, unsigned long long avoid);
/* pool_take_avoiding, only on the hosts h for which fits(ctx, h) is true. */
int pool_take_where(struct pool *p, struct lane *l, unsigned long long avoid,
                    int (*fits)(const void *ctx, int h), const void *ctx);
/* How many hosts were added. */
int pool_hosts(const struct pool *p);

#endif
