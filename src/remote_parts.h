/* remote_parts: the run-time hosts, shared by the parts of the remote module only: remote.c
 * sets the hosts up, watches them and ends them; remote_job.c turns one job into the local
 * command line that runs it on its host; remote_conf.c checks the options. No other module
 * includes it. */
#ifndef LANES_REMOTE_PARTS_H
#define LANES_REMOTE_PARTS_H

#include "buf.h"
#include "remote.h"

/* How long an idle control master waits for the next job; lanes ends it sooner at the end of
 * the run. It bounds how long a master outlives a lanes that was killed. */
#define REMOTE_PERSIST "300"

struct remote_host {
    struct sshlogin login; /* a copy: --slf rereads replace the run's list */
    int lane;              /* its index in the pool (lane.host) */
    int gone;              /* taken out: unreachable, dead, or no longer in --slf */
    int unreached;         /* could not be reached at the start: its jobs fail, as in GNU */
    long slots;            /* its lanes in the pool while it is up */
    long cpus;             /* what it said its CPU count is (1 when unknown) */
    int fails;             /* reconnections failed in a row */
    double retry_at;       /* paused after a failed connection: when to try again; 0: not */
    char sock[108];        /* its control master's socket, or "" without reuse */
};

struct remote {
    const struct opts *o;
    const struct remote_conf *c;
    struct pool *pool;
    struct remote_host *h;
    size_t n;
    char *sockdir; /* private (0700), removed at the end */
    struct tmpl *workdir;
    struct tmpl **transfer, **ret;
    struct timespec *slf_mtime; /* of each --slf file when last read */
    struct buf script, inner, word;
    struct buf hgrp, agrp;              /* --hostgroups: the strings of the job being started */
    const struct remote_host *no_rsync; /* a host without rsync where files must go */
    const struct remote_host *unknown;  /* a host whose name does not resolve */
    struct remote_worker *workers;      /* remote_worker.c: a lane's shell there, by slot */
    size_t nworkers;
    char tag[20];  /* this run's, random: in the tags of its jobs there (remote_end.c) */
    pid_t *enders; /* remote_end.c: the ssh calls that end jobs there, still running */
    size_t nenders;
};

/* Whether s can name a shell variable (what --env carries). */
int remote_env_name_ok(const char *s);
/* s quoted for a shell, appended to b. */
void remote_q(struct buf *b, const char *s);
/* The ssh command for host h, as shell words (the login's own or --ssh, the master's options). */
void remote_ssh(const struct remote *r, const struct remote_host *h, struct buf *b);
/* ssh to host h running remote (a command line for the login shell there), as shell words. */
void remote_ssh_cmd(const struct remote *r, const struct remote_host *h, struct buf *b,
                    const char *remote);
/* rsync sending file to host h, under wd there (NULL or "": the login directory). */
void remote_rsync_send(const struct remote *r, const struct remote_host *h, struct buf *b,
                       const char *file, const char *wd);
/* The host a lane is on, or NULL for a run without hosts. */
struct remote_host *remote_of(const struct remote *r, const struct lane *l);

/* remote_worker.c: run job j on host h through its lane's worker (started when it has none),
 * line: the job's code for it (remote_job_line); returns as spawn_job. */
struct spawner;
int remote_worker_spawn(struct remote *r, const struct remote_host *h, struct spawner *sp,
                        struct job *j, struct buf *line);
/* Job j ended: a worker whose relay did not end cleanly is ended, there too (the next job
 * starts anew). Returns whether j ran through a worker. */
int remote_worker_ended(struct remote *r, const struct job *j);
/* At the end: every worker closed, its ssh reaped. */
void remote_workers_close(struct remote *r);

/* remote_end.c: /bin/sh running cmd in a process group of its own, with the signals lanes
 * changed back to their defaults, its stdin, stdout and stderr fds (NULL: /dev/null). Returns
 * 0 or an errno value. */
int remote_spawn_sh(const char *cmd, const int fds[3], pid_t *pid);
/* The tag of job j's session there (in its login shell's command line). */
void remote_job_tag(const struct remote *r, const struct job *j, char *tag, size_t size);
/* End there every process group whose command line holds tag (in the background). */
void remote_end(struct remote *r, const struct remote_host *h, const char *tag);
/* Whether pid was one of remote_end's calls (now reaped). */
int remote_end_reaped(struct remote *r, pid_t pid);
/* At the end, before the masters go: those calls waited for (a while), else killed. */
void remote_end_wait(struct remote *r);

/* remote.c, for remote_slf.c: */
/* A host's slots without N/ from its CPU count (-j counts from it as GNU parallel does). */
long remote_jobs(const struct opts *o, long cpus);
/* A login of the run becomes a host (not yet in the pool). */
struct remote_host *remote_host_push(struct remote *r, const struct sshlogin *l);
/* Hosts from index from on into the pool: this machine's at once; remote_probe asks the
 * remote ones their CPU count first. */
void remote_add_hosts(struct remote *r, size_t from);
void remote_probe(struct remote *r, size_t from);
/* remote_slf.c: the --slf files' times as the run starts; later, the files that changed
 * since they were last looked at are read again. */
void remote_slf_note(struct remote *r);
void remote_slf_check(struct remote *r);

#endif
