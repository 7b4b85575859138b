/* remote: the hosts of a run at run time (remote_job.c runs one job on one of them). Each
 * login becomes a host with slots in the pool once it has told its CPU count; each keeps one
 * OpenSSH control master in a private socket directory for the whole run; --basefile goes to
 * each once. A host whose connection fails is paused with back-off and dropped after
 * REMOTE_TRIES failures; --sshloginfile is read again when it changes; at the end the masters
 * are ended and the directory removed. */
#include "remote_parts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "optval.h"
#include "opts.h"
#include "pool.h"
#include "sig.h"
#include "util.h"
#include "value.h"

/* Failed reconnections in a row before a host is dropped. */
#define REMOTE_TRIES 3
/* With --sshloginfile, how often an idle lanes looks at the files (GNU parallel: every second). */
#define REMOTE_SLF_MS 1000

static void remote_die(struct remote *r, const char *what, const struct remote_host *h)
    __attribute__((noreturn));

/* The rest of what a popen'd command prints into out, and its exit status once it ends (255
 * when it did not exit by itself). */
static int remote_pclose(FILE *f, struct buf *out)
{
    (void)buf_read_stream(out, f);
    int st = pclose(f);
    return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

/* Run a local shell command line; its output into out (NULL: thrown away). Returns the exit
 * status, or 255 when it could not run. */
static int remote_system(const char *cmd, struct buf *out)
{
    sig_child_hold(0); /* (the command and what it starts get SIGCHLD as lanes got it) */
    FILE *f = popen(cmd, "r");
    sig_child_hold(1);
    struct buf none = {0};

    if (f == NULL)
        return 255;
    int st = remote_pclose(f, out ? out : &none);
    buf_free(&none);
    return st;
}

/* ---- setting up the hosts ---- */

/* What each host is asked once: its CPU count (after a mark: a login shell may say more), and
 * whether it has rsync when files move. */
static void remote_probe_cmd(const struct remote *r, const struct remote_host *h, struct buf *b)
{
    const char *ask = r->c->ntransfer || r->c->nret || r->c->nbase
                          ? "echo lanes-cpus $(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN); "
                            "command -v rsync >/dev/null 2>&1 || echo no-rsync"
                          : "echo lanes-cpus $(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)";
    buf_reset(b);
    remote_ssh_cmd(r, h, b, ask);
    buf_adds(b, " </dev/null 2>&1");
}

/* A host's slots without N/: -j counted from its CPUs (N%, +N, -N), as GNU parallel does. */
long remote_jobs(const struct opts *o, long cpus)
{
    long n;

    if (!o->given.jobs_given)
        return cpus;
    if (o->given.jobs_arg == NULL || value_jobs(o->given.jobs_arg, cpus, &n) != 0 || n <= 0 ||
        n == VALUE_JOBS_ALL)
        return o->jobs;
    return n;
}

/* Host h answered the probe with status st and out (cpus parsed from it): its slots go into
 * the pool, or it is dropped (--filter-hosts) or kept with a warning, as GNU parallel does. */
static void remote_probed(struct remote *r, struct remote_host *h, int st, const char *out,
                          long cpus)
{
    const struct opts *o = r->o;

    if (st != 0) {
        const char *nl = strchr(out, '\n');
        int len = nl ? (int)(nl - out) : (int)strlen(out);
        if (r->c->filter_hosts) {
            util_warn("--filter-hosts: dropping '%s': ssh exited %d: %.*s", h->login.text, st, len,
                      out);
            h->gone = 1;
            return;
        }
        if (strstr(out, "Could not resolve hostname") != NULL && r->unknown == NULL)
            r->unknown = h; /* known up front: the run stops before any job */
        util_warn("cannot reach '%s' (ssh exited %d: %.*s); its jobs will fail", h->login.text, st,
                  len, out);
        h->unreached = 1;
        cpus = 1;
    } else if (strstr(out, "no-rsync") != NULL && r->no_rsync == NULL) {
        r->no_rsync = h; /* the run stops once every host has answered */
    }
    h->cpus = cpus > 0 ? cpus : 1;
    long slots = h->login.slots ? h->login.slots : remote_jobs(o, h->cpus);
    h->slots = slots;
    h->lane = pool_host_add(r->pool, slots);
}

/* Ask every remote host at once (and so start their control masters); then set their slots
 * in the pool, dropping or warning about those that cannot be reached. */
void remote_probe(struct remote *r, size_t from)
{
    FILE **f = xcalloc(r->n, sizeof *f);
    struct buf cmd = {0};

    for (size_t i = from; i < r->n; i++) {
        if (r->h[i].login.local)
            continue;
        remote_probe_cmd(r, &r->h[i], &cmd);
        sig_child_hold(0); /* (a control master started here lives on: SIGCHLD as it was) */
        f[i] = popen(buf_cstr(&cmd), "r");
        sig_child_hold(1);
        buf_free(&cmd);
    }
    for (size_t i = from; i < r->n; i++) {
        struct remote_host *h = &r->h[i];
        struct buf out = {0};
        long cpus = 1;
        int st = 255;
        if (f[i])
            st = remote_pclose(f[i], &out);
        const char *text = out.len ? buf_cstr(&out) : ""; /* what it said, a string */
        const char *mark = strstr(text, "lanes-cpus ");
        if (st == 0 && mark)
            cpus = strtol(mark + strlen("lanes-cpus "), NULL, 10);
        if (!h->login.local)
            remote_probed(r, h, st, text, cpus);
        buf_free(&out);
    }
    free(f);
}

/* --basefile: each file goes to every host that can be reached, before any job there. */
static void remote_send_base(struct remote *r)
{
    struct buf cmd = {0};

    for (size_t i = 0; i < r->n && r->c->nbase; i++) {
        struct remote_host *h = &r->h[i];
        if (h->login.local || h->gone)
            continue;
        buf_reset(&cmd);
        for (size_t f = 0; f < r->c->nbase; f++) {
            remote_rsync_send(r, h, &cmd, r->c->base[f], NULL);
            buf_adds(&cmd, " || exit 1; ");
        }
        if (remote_system(buf_cstr(&cmd), NULL) != 0) {
            buf_free(&cmd);
            remote_die(r, "--basefile: cannot send the files to", h);
        }
    }
    buf_free(&cmd);
}

/* Stop before any job starts: the control masters are ended first, then the message (what,
 * and the login of h when there is one) and exit 255. */
static void remote_die(struct remote *r, const char *what, const struct remote_host *h)
{
    char *login = h ? xstrdup(h->login.text) : NULL;

    remote_free(r);
    if (login)
        util_die("%s '%s'", what, login);
    util_die("%s", what);
}

/* The directory the control sockets live in: private, short (a socket path has ~100 bytes). */
static char *remote_sockdir(void)
{
    const char *tmp = getenv("TMPDIR");
    struct buf b = {0};

    if (tmp == NULL || *tmp == '\0' || strlen(tmp) > 60)
        tmp = "/tmp";
    buf_adds(&b, tmp);
    buf_adds(&b, "/lanes-ssh.XXXXXX");
    if (mkdtemp(buf_cstr(&b)) == NULL)
        util_die_errno("cannot make a directory for ssh control sockets in %s", tmp);
    return buf_cstr(&b);
}

/* The host of login l still in the run, or NULL. */
static struct remote_host *remote_find(struct remote *r, const struct sshlogin *l)
{
    for (size_t i = 0; i < r->n; i++)
        if (!r->h[i].gone && sshlogin_same(&r->h[i].login, l))
            return &r->h[i];
    return NULL;
}

/* A login of the run becomes a host (not yet in the pool). */
struct remote_host *remote_host_push(struct remote *r, const struct sshlogin *l)
{
    r->h = xreallocarray(r->h, r->n + 1, sizeof *r->h);
    struct remote_host *h = &r->h[r->n];
    *h = (struct remote_host){.lane = -1};
    sshlogin_copy(&h->login, l);
    if (!l->local && !r->c->no_reuse)
        snprintf(h->sock, sizeof h->sock, "%s/h%zu", r->sockdir, r->n);
    r->n++;
    return h;
}

/* Hosts into the pool: this machine's at once, the remote ones once they answered. */
void remote_add_hosts(struct remote *r, size_t from)
{
    for (size_t i = from; i < r->n; i++)
        if (r->h[i].login.local)
            r->h[i].lane =
                pool_host_add(r->pool, r->h[i].login.slots ? r->h[i].login.slots : r->o->jobs);
}

/* A file name's template; a fixed name is a template too. */
static struct tmpl *remote_compile(const char *s, const struct tmpl_conf *tc)
{
    struct tmpl *t = tmpl_compile_text(s, tc);
    return t ? t : tmpl_compile_fixed(s);
}

static void remote_templates(struct remote *r)
{
    const struct remote_conf *c = r->c;
    const struct tmpl_conf *tc = &r->o->given.tc;

    if (c->workdir && strcmp(c->workdir, ".") != 0 && strcmp(c->workdir, "...") != 0)
        r->workdir = tmpl_compile_text(c->workdir, tc);
    r->transfer = xcalloc(c->ntransfer + 1, sizeof *r->transfer);
    for (size_t i = 0; i < c->ntransfer; i++)
        r->transfer[i] = remote_compile(c->transfer[i], tc);
    r->ret = xcalloc(c->nret + 1, sizeof *r->ret);
    for (size_t i = 0; i < c->nret; i++)
        r->ret[i] = remote_compile(c->ret[i], tc);
}

struct remote *remote_new(const struct opts *o, struct pool *p)
{
    const struct remote_conf *c = &o->remote;

    if (c->logins.n == 0)
        return NULL;
    struct remote *r = xcalloc(1, sizeof *r);
    r->o = o;
    r->c = c;
    r->pool = p;
    r->sockdir = remote_sockdir();
    r->slf_mtime = xcalloc(c->nslf + 1, sizeof *r->slf_mtime);
    util_random_hex(r->tag, 16);
    remote_slf_note(r);
    for (size_t i = 0; i < c->logins.n; i++)
        if (remote_find(r, &c->logins.v[i]) == NULL)
            remote_host_push(r, &c->logins.v[i]);
    remote_templates(r);
    remote_add_hosts(r, 0);
    remote_probe(r, 0);
    if (r->unknown)
        remote_die(r, "unknown host (its name does not resolve):", r->unknown);
    if (r->no_rsync)
        remote_die(r, "--transferfile, --return and --basefile need rsync, which is missing on",
                   r->no_rsync);
    remote_send_base(r);
    if (pool_hosts(p) == 0 || pool_size(p) == 0)
        remote_die(r, "no host is left to run jobs on", NULL);
    return r;
}

/* ---- what the scheduler asks ---- */

struct remote_host *remote_of(const struct remote *r, const struct lane *l)
{
    if (r == NULL || l->slot == 0 || l->host < 0)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        if (r->h[i].lane == l->host)
            return &r->h[i];
    return NULL;
}

const char *remote_login(const struct remote *r, const struct lane *l)
{
    const struct remote_host *h = remote_of(r, l);
    return h ? h->login.text : NULL;
}

const char *remote_host(const struct remote *r, const struct lane *l)
{
    const struct remote_host *h = remote_of(r, l);
    return h ? h->login.host : NULL;
}

int remote_owns(const struct remote *r, const struct lane *l)
{
    return remote_of(r, l) != NULL;
}

/* ---- a host that dies ---- */

/* Whether host h answers now: its control master is up, or a new connection can be made. */
static int remote_alive(struct remote *r, const struct remote_host *h)
{
    struct buf cmd = {0};
    int up = 0;

    if (h->sock[0]) {
        remote_ssh(r, h, &cmd);
        buf_adds(&cmd, " -O check ");
        remote_q(&cmd, h->login.dest);
        buf_adds(&cmd, " </dev/null >/dev/null 2>&1");
        up = remote_system(buf_cstr(&cmd), NULL) == 0;
    }
    if (!up) { /* a host that swallows packets must not hold the run for minutes */
        buf_reset(&cmd);
        remote_ssh(r, h, &cmd);
        buf_adds(&cmd, " -o ConnectTimeout=10 ");
        remote_q(&cmd, h->login.dest);
        buf_adds(&cmd, " true </dev/null >/dev/null 2>&1");
        up = remote_system(buf_cstr(&cmd), NULL) == 0;
    }
    buf_free(&cmd);
    return up;
}

/* Host h's connection failed: no job goes there for a while (1 s, then 2, then 4 ...); after
 * REMOTE_TRIES failures in a row it is dropped. */
static void remote_pause(struct remote *r, struct remote_host *h)
{
    h->fails++;
    pool_host_resize(r->pool, h->lane, 0);
    if (h->fails >= REMOTE_TRIES) {
        h->gone = 1;
        h->retry_at = 0;
        util_warn("'%s' cannot be reached (%d tries): no more jobs go there", h->login.text,
                  h->fails);
        return;
    }
    int wait = 1 << (h->fails - 1);
    h->retry_at = util_now() + wait;
    util_warn("'%s' cannot be reached: no jobs go there for %d s", h->login.text, wait);
}

/* Paused hosts whose time has come are tried again (with wait, the first is waited for: no
 * host has a free lane). Returns whether a host is still paused. */
static int remote_retry(struct remote *r, int wait)
{
    int paused = 0;

    for (size_t i = 0; i < r->n; i++) {
        struct remote_host *h = &r->h[i];
        if (h->gone || h->retry_at == 0)
            continue;
        double left = h->retry_at - util_now();
        if (left > 0 && !wait) {
            paused = 1;
            continue;
        }
        if (left > 0) {
            struct timespec ts = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
            nanosleep(&ts, NULL);
        }
        if (remote_alive(r, h)) {
            h->retry_at = 0;
            h->fails = 0;
            pool_host_resize(r->pool, h->lane, h->slots);
            util_warn("'%s' can be reached again", h->login.text);
            return 1;
        }
        remote_pause(r, h);
        paused |= !h->gone;
    }
    return paused;
}

/* --hostgroups: what pool_take_where asks of a host. */
struct remote_want {
    const struct remote *r;
    const char *groups;
};

/* Whether the host of pool index lane is in the run and in one of the groups wanted. */
static int remote_fits(const void *ctx, int lane)
{
    const struct remote_want *w = ctx;

    for (size_t i = 0; i < w->r->n; i++)
        if (w->r->h[i].lane == lane && !w->r->h[i].gone)
            return sshlogin_in_groups(&w->r->h[i].login, w->groups);
    return 0;
}

/* Whether a host of the run is in one of groups: one that can take jobs, or (with gone) one
 * that ever was in the run. */
static int remote_group_known(const struct remote *r, const char *groups, int gone)
{
    for (size_t i = 0; i < r->n; i++)
        if ((gone || (!r->h[i].gone && r->h[i].lane >= 0)) &&
            sshlogin_in_groups(&r->h[i].login, groups))
            return 1;
    return 0;
}

/* A job's groups that no host is in: each becomes a host of its own name, as in GNU parallel. */
static void remote_add_groups(struct remote *r, const char *groups)
{
    size_t from = r->n;

    for (const char *g = groups; *g;) {
        size_t n = strcspn(g, "+");
        struct sshlogin l;
        const char *why;
        if (n > 0 && sshlogin_parse(g, n, &l, &why) == 0) {
            util_warn("--hostgroups: no host is in group '%s': adding it as a host", l.text);
            if (remote_find(r, &l) == NULL)
                remote_host_push(r, &l);
            sshlogin_free(&l);
        }
        g += n + (g[n] == '+');
    }
    remote_add_hosts(r, from);
    remote_probe(r, from);
}

int remote_take(struct remote *r, struct pool *p, struct job *j)
{
    if (r == NULL)
        return pool_take(p, &j->lane);
    if (j->hgrp && !remote_group_known(r, j->hgrp, 1))
        remote_add_groups(r, j->hgrp);
    if (j->hgrp && !remote_group_known(r, j->hgrp, 0)) {
        util_warn("--hostgroups: no host of '%s' can be reached: job %lu runs on any host", j->hgrp,
                  j->seq);
        free(j->hgrp);
        j->hgrp = NULL;
    }
    if (j->hgrp == NULL)
        return pool_take_avoiding(p, &j->lane, j->hosts_failed);
    struct remote_want w = {r, j->hgrp};
    return pool_take_where(p, &j->lane, j->hosts_failed, remote_fits, &w);
}

void remote_done(struct remote *r, struct job *j)
{
    struct remote_host *h = remote_of(r, &j->lane);

    if (h && !remote_worker_ended(r, j) && j->kill_step >= 0) { /* lanes ended it: there too */
        char tag[64];
        remote_job_tag(r, j, tag, sizeof tag);
        remote_end(r, h, tag);
    }

    if (h && h->lane >= 0 && h->lane < 64 && job_failed(j)) /* its retry goes elsewhere */
        j->hosts_failed |= 1ULL << h->lane;
    if (h == NULL || h->login.local || h->gone || h->unreached || !j->reaped || j->pid <= 0 ||
        !WIFEXITED(j->status) || WEXITSTATUS(j->status) != 255 || j->kill_step >= 0)
        return;
    if (h->retry_at != 0 || remote_alive(r, h)) /* paused already, or up */
        return;
    remote_pause(r, h);
    while (pool_size(r->pool) == 0 && remote_retry(r, 1)) /* nowhere else to go: wait */
        ;
    if (pool_size(r->pool) == 0) /* masters ended and sockets removed first */
        remote_die(r, "no host is left to run jobs on", NULL);
}

/* ---- --sshloginfile read again (remote_slf.c) ---- */

void remote_check(struct remote *r)
{
    if (r == NULL)
        return;
    (void)remote_retry(r, 0);
    remote_slf_check(r);
}

int remote_timeout(const struct remote *r)
{
    int ms = -1;

    if (r == NULL)
        return -1;
    if (r->c->nslf)
        ms = REMOTE_SLF_MS;
    for (size_t i = 0; i < r->n; i++) {
        const struct remote_host *h = &r->h[i];
        if (h->gone || h->retry_at == 0)
            continue;
        double left = (h->retry_at - util_now()) * 1000;
        ms = util_min_timeout(ms, left > 0 ? (int)left + 1 : 0);
    }
    return ms;
}

/* ---- the end ---- */

/* --basefile with --cleanup: removed from every host at the end. */
static void remote_clean_base(struct remote *r, const struct remote_host *h, struct buf *cmd)
{
    struct buf rm = {0};

    buf_adds(&rm, "rm -f --");
    for (size_t f = 0; f < r->c->nbase; f++) {
        buf_addc(&rm, ' ');
        remote_q(&rm, r->c->base[f]);
    }
    buf_reset(cmd);
    remote_ssh_cmd(r, h, cmd, buf_cstr(&rm));
    buf_adds(cmd, " </dev/null >/dev/null 2>&1");
    (void)remote_system(buf_cstr(cmd), NULL);
    buf_free(&rm);
}

void remote_free(struct remote *r)
{
    struct buf cmd = {0};

    if (r == NULL)
        return;
    remote_workers_close(r); /* (before their control masters end) */
    remote_end_wait(r);
    for (size_t i = 0; i < r->n; i++) {
        struct remote_host *h = &r->h[i];
        if (!h->login.local && !h->gone && r->c->cleanup && r->c->nbase)
            remote_clean_base(r, h, &cmd);
        if (h->sock[0] && access(h->sock, F_OK) == 0) {
            buf_reset(&cmd);
            remote_ssh(r, h, &cmd);
            buf_adds(&cmd, " -O exit ");
            remote_q(&cmd, h->login.dest);
            buf_adds(&cmd, " </dev/null >/dev/null 2>&1");
            (void)remote_system(buf_cstr(&cmd), NULL);
            unlink(h->sock);
        }
        sshlogin_free(&h->login);
    }
    rmdir(r->sockdir);
    for (size_t i = 0; i < r->c->ntransfer; i++)
        tmpl_free(r->transfer[i]);
    for (size_t i = 0; i < r->c->nret; i++)
        tmpl_free(r->ret[i]);
    tmpl_free(r->workdir);
    free(r->transfer);
    free(r->ret);
    free(r->h);
    free(r->sockdir);
    free(r->slf_mtime);
    buf_free(&cmd);
    buf_free(&r->script);
    buf_free(&r->inner);
    buf_free(&r->word);
    buf_free(&r->hgrp);
    buf_free(&r->agrp);
    free(r);
}
