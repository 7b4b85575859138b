/* remote: running jobs on the hosts of -S/--sshloginfile. It owns the hosts' run-time side
 * (remote.c): asking each host for its CPU count, one OpenSSH control master per host in a
 * private socket directory (reused by every job, removed at the end), --basefile sent once per
 * host, hosts that die; and wrapping each job's command for its host (remote_job.c): the
 * environment (--env, PARALLEL_SEQ ...), the --workdir, files sent before (--transferfile) and
 * fetched after (--return, --cleanup), all in one local shell command around ssh, so the
 * scheduler runs a remote job as any other. The remote side needs only a POSIX sh (and rsync
 * to move files). */
#ifndef LANES_REMOTE_H
#define LANES_REMOTE_H

#include <stddef.h>
#include <sys/types.h>

#include "job.h"
#include "lane.h"
#include "sshlogin.h"
#include "tmpl.h"

struct opts;
struct pool;
struct spawner;

/* What the command line says about remote hosts (in struct opts). */
struct remote_conf {
    struct sshlogins logins; /* -S and --slf, in order */
    char **slf;              /* the --slf files given, read again when they change */
    size_t nslf;
    const char *ssh;        /* --ssh, default "ssh" */
    const char *rsync_opts; /* --rsync-opts, else $PARALLEL_RSYNC_OPTS, else -rlDzR */
    double sshdelay;        /* --sshdelay seconds */
    int no_reuse;           /* --no-controlmaster: a new ssh connection for every job */
    int no_worker;          /* --no-ssh-worker: an ssh session for every job */
    int filter_hosts;       /* --filter-hosts */
    int hostgroups;         /* --hostgroups: an input value's '@g1+g2' picks its hosts */
    char **env;             /* --env names */
    size_t nenv;
    char **env_all; /* --env _: the variables set now that ignored_vars does not name */
    size_t nenv_all;
    const char *workdir; /* --workdir as given ('.' and '...' too), or NULL */
    char **transfer;     /* --transferfile (and --transfer's {}) */
    size_t ntransfer;
    char **ret; /* --return */
    size_t nret;
    char **base; /* --basefile */
    size_t nbase;
    int cleanup; /* --cleanup */
    int onall;   /* 1: --onall, 2: --nonall (onall.c) */
};

struct remote;

/* Parse-time checks of the remote options once all are read; 0, or -1 after a usage message. */
int remote_conf_check(struct remote_conf *c);
void remote_conf_free(struct remote_conf *c);

/* The hosts of o as lanes of p: each login adds its slots (N/, else -j when given, else the
 * host's CPU count, asked once). Starts the control masters and sends the --basefile files;
 * NULL when the run has no hosts. Exits 255 with a message when no host is left. */
struct remote *remote_new(const struct opts *o, struct pool *p);
/* Ends the control masters, removes --basefile files with --cleanup, and the socket
 * directory. NULL is fine. */
void remote_free(struct remote *r);

/* The login a lane is on ({sshlogin}, the job log's Host), or NULL for a run without hosts. */
const char *remote_login(const struct remote *r, const struct lane *l);
/* The host alone ({host}), or NULL. */
const char *remote_host(const struct remote *r, const struct lane *l);
/* Whether a job in lane l must be started by remote_spawn. */
int remote_owns(const struct remote *r, const struct lane *l);
/* --hostgroups: the groups of j's host ({hgrp}, $PARALLEL_HOSTGROUPS) and j's own, or those
 * of every host when its value named none ({agrp}, $PARALLEL_ARGHOSTGROUPS), valid until the
 * next call; NULL without --hostgroups or hosts. */
void remote_groups(struct remote *r, const struct job *j, const char **hgrp, const char **agrp);
/* Start j on its lane's host (vals: its replacement values, for --workdir and the files);
 * returns as spawn_job. */
int remote_spawn(struct remote *r, struct spawner *sp, struct job *j, const struct tmpl_vals *v);
/* Job j ended (before its lane is given back): when its ssh failed (exit 255) and its host
 * cannot be reached again, the host is taken out of the pool with a message, so that the
 * job's retries (--retries) and all later jobs run elsewhere. Exits 255 when no host is left. */
void remote_done(struct remote *r, struct job *j);
/* A lane for j from p: with hosts, one on a host j has not failed on, while there is one;
 * with --hostgroups, on a host of j's groups. A group no host is in is added as a host, as
 * GNU parallel does; when none of j's groups can be reached, j runs on any host. */
int remote_take(struct remote *r, struct pool *p, struct job *j);
/* A process the scheduler reaped that is none of its jobs: when it is a worker's ssh
 * (remote_worker.c), that worker is gone. NULL is fine. */
void remote_reaped(struct remote *r, pid_t pid);
/* --sshloginfile: read the files again when they changed (hosts come and go); paused hosts
 * whose back-off has ended tried again. */
void remote_check(struct remote *r);
/* Milliseconds until remote_check has something to do (a paused host's back-off ends, or, with
 * --sshloginfile, the next look at the files), 0 when due, -1 for never: the loop waits no
 * longer, so a job waiting for such a host is started even when nothing else wakes lanes. */
int remote_timeout(const struct remote *r);

#endif
