/* remote_job: one job on its host, as one local shell command line: rsync its files there,
 * ssh (through the host's control master) to a script the login shell runs (the job's
 * environment, its --workdir, the command, and a watcher that ends the job's process group when
 * the connection goes away), tell a failed ssh from the job's own exit status, rsync its
 * results back, clean up. A job on ':' runs here, in its --workdir. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opts.h"
#include "quote.h"
#include "remote_parts.h"
#include "spawn.h"
#include "util.h"

void remote_q(struct buf *b, const char *s)
{
    quote_append(b, s, strlen(s));
}

/* The ssh command for host h, as shell words: the login's own or --ssh, then the control
 * master's options. */
void remote_ssh(const struct remote *r, const struct remote_host *h, struct buf *b)
{
    buf_adds(b, h->login.ssh ? h->login.ssh : r->c->ssh ? r->c->ssh : "ssh");
    if (h->sock[0]) {
        buf_adds(b, " -o ControlMaster=auto -o ControlPersist=" REMOTE_PERSIST " -o ControlPath=");
        remote_q(b, h->sock);
    }
}

/* ssh to host h running remote (a command line for the login shell there), as shell words. */
void remote_ssh_cmd(const struct remote *r, const struct remote_host *h, struct buf *b,
                    const char *remote)
{
    remote_ssh(r, h, b);
    buf_addc(b, ' ');
    remote_q(b, h->login.dest);
    buf_adds(b, " -- ");
    remote_q(b, remote);
}

/* rsync over the host's ssh: its -e and options (-R keeps each file's path: a relative one
 * lands under the --workdir, an absolute one at the same place). */
static void remote_rsync(const struct remote *r, const struct remote_host *h, struct buf *b)
{
    struct buf e = {0};
    const char *opts = r->c->rsync_opts ? r->c->rsync_opts : getenv("PARALLEL_RSYNC_OPTS");

    remote_ssh(r, h, &e);
    buf_adds(b, "rsync ");
    buf_adds(b, opts ? opts : "-rlDzR"); /* shell words, as GNU parallel puts them */
    buf_adds(b, " -e ");
    quote_append(b, e.data ? e.data : "", e.len);
    buf_free(&e);
}

/* rsync sending file to host h, under wd there (NULL or "": the login directory). */
void remote_rsync_send(const struct remote *r, const struct remote_host *h, struct buf *b,
                       const char *file, const char *wd)
{
    struct buf dest = {0};

    remote_rsync(r, h, b);
    if (wd && *wd && file[0] != '/') { /* rsync makes one level of a missing directory */
        struct buf rp = {0};
        buf_adds(&rp, "mkdir -p ");
        remote_q(&rp, wd);
        buf_adds(&rp, " && rsync");
        buf_adds(b, " --rsync-path=");
        remote_q(b, buf_cstr(&rp));
        buf_free(&rp);
    }
    buf_adds(b, " -- ");
    remote_q(b, file);
    buf_adds(&dest, h->login.dest);
    buf_addc(&dest, ':');
    buf_adds(&dest, file[0] == '/' ? "/" : wd && *wd ? wd : ".");
    buf_addc(b, ' ');
    remote_q(b, buf_cstr(&dest));
    buf_free(&dest);
}

/* rsync fetching file from under wd on host h to the same relative path here. */
static void remote_rsync_return(const struct remote *r, const struct remote_host *h, struct buf *b,
                                const char *file, const char *wd)
{
    struct buf src = {0};

    remote_rsync(r, h, b);
    buf_adds(&src, h->login.dest);
    buf_addc(&src, ':');
    if (file[0] != '/') {
        buf_adds(&src, wd && *wd ? wd : ".");
        buf_adds(&src, "/./"); /* -R: the path from here on is kept */
    }
    buf_adds(&src, file);
    buf_adds(b, " -- ");
    remote_q(b, buf_cstr(&src));
    buf_adds(b, file[0] == '/' ? " /" : " ./");
    buf_free(&src);
}

/* --workdir for a job on a remote host: NULL for the login directory. '.' is this directory,
 * relative to $HOME when it is below it; '...' a fresh one under ~/.parallel/tmp. */
static char *remote_workdir(struct remote *r, const struct job *j, const struct tmpl_vals *v)
{
    const char *wd = r->c->workdir;
    struct buf b = {0};

    if (wd == NULL)
        return NULL;
    if (strcmp(wd, ".") == 0) {
        char cwd[4096];
        const char *home = getenv("HOME");
        size_t hl = home ? strlen(home) : 0;
        if (getcwd(cwd, sizeof cwd) == NULL)
            util_die_errno("--workdir .: cannot get the current directory");
        if (hl > 1 && strncmp(cwd, home, hl) == 0 && (cwd[hl] == '/' || cwd[hl] == '\0'))
            buf_adds(&b, cwd[hl] ? cwd + hl + 1 : ".");
        else
            buf_adds(&b, cwd);
    } else if (strcmp(wd, "...") == 0) {
        char host[256] = "localhost", tail[64];
        gethostname(host, sizeof host - 1);
        host[sizeof host - 1] = '\0';
        snprintf(tail, sizeof tail, "-%ld-%lu", (long)getpid(), j->seq);
        buf_adds(&b, ".parallel/tmp/");
        buf_adds(&b, host);
        buf_adds(&b, tail);
    } else if (r->workdir) {
        tmpl_expand_raw(r->workdir, v, &b);
    } else {
        buf_adds(&b, wd);
    }
    return buf_cstr(&b);
}

static void remote_export(struct buf *b, const char *name, const char *value)
{
    buf_adds(b, name);
    buf_addc(b, '=');
    remote_q(b, value);
    buf_adds(b, "; export ");
    buf_adds(b, name);
    buf_adds(b, "; ");
}

/* --env NAME of a bash function exported here (export -f: BASH_FUNC_NAME%%=() { ... }): defined
 * there too, for the login shell the command runs in. */
static void remote_function(struct buf *b, const char *name)
{
    struct buf var = {0};

    buf_adds(&var, "BASH_FUNC_");
    buf_adds(&var, name);
    buf_adds(&var, "%%");
    const char *body = getenv(buf_cstr(&var));
    buf_free(&var);
    if (body == NULL || strncmp(body, "()", 2) != 0)
        return;
    buf_adds(b, name);
    buf_adds(b, body);
    buf_adds(b, "\n");
}

/* The variables lanes sets for every remote job itself: --env _ leaves them alone. */
static int remote_env_own(const char *name)
{
    static const char *const own[] = {
        "PARALLEL_SEQ",     "LANES_SEQ",           "PARALLEL_JOBSLOT",
        "LANES_SLOT",       "PARALLEL_PID",        "PARALLEL_SSHLOGIN",
        "PARALLEL_SSHHOST", "PARALLEL_HOSTGROUPS", "PARALLEL_ARGHOSTGROUPS"};

    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        if (strcmp(name, own[i]) == 0)
            return 1;
    return 0;
}

/* --env _: each variable set here that ignored_vars does not name (bash functions exported
 * with export -f too), but those lanes sets itself and those no shell can name. */
static void remote_env_all(const struct remote *r, struct buf *b)
{
    for (size_t i = 0; i < r->c->nenv_all; i++) {
        const char *name = r->c->env_all[i], *v = getenv(name);
        size_t len = strlen(name);
        if (strncmp(name, "BASH_FUNC_", 10) == 0 && len > 12 && strcmp(name + len - 2, "%%") == 0) {
            char *fn = xstrndup(name + 10, len - 12);
            remote_function(b, fn);
            free(fn);
        } else if (v && !remote_env_own(name) && remote_env_name_ok(name)) {
            remote_export(b, name, v);
        }
    }
}

/* Login l's groups, its own names last (with N/ and without, as in GNU parallel), joined by
 * '+' into b. */
static void remote_groups_of(const struct sshlogin *l, struct buf *b)
{
    if (l->groups) {
        buf_adds(b, l->groups);
        buf_addc(b, '+');
    }
    if (l->slots) {
        char num[24];
        snprintf(num, sizeof num, "%ld/", l->slots);
        buf_adds(b, num);
        buf_adds(b, l->text);
        buf_addc(b, '+');
    }
    buf_adds(b, l->text);
}

void remote_groups(struct remote *r, const struct job *j, const char **hgrp, const char **agrp)
{
    const struct remote_host *h = remote_of(r, &j->lane);

    *hgrp = *agrp = NULL;
    if (h == NULL || !r->c->hostgroups)
        return;
    buf_reset(&r->hgrp);
    remote_groups_of(&h->login, &r->hgrp);
    buf_reset(&r->agrp);
    if (j->hgrp)
        buf_adds(&r->agrp, j->hgrp);
    for (size_t i = 0; i < r->n && j->hgrp == NULL; i++) {
        if (r->h[i].gone)
            continue;
        if (r->agrp.len)
            buf_addc(&r->agrp, '+');
        remote_groups_of(&r->h[i].login, &r->agrp);
    }
    *hgrp = buf_cstr(&r->hgrp);
    *agrp = buf_cstr(&r->agrp);
}

/* --hostgroups: $PARALLEL_HOSTGROUPS and $PARALLEL_ARGHOSTGROUPS, as GNU parallel sets them
 * (on this machine too). */
static void remote_env_groups(const struct tmpl_vals *v, struct buf *b)
{
    if (v->hgrp == NULL)
        return;
    remote_export(b, "PARALLEL_HOSTGROUPS", v->hgrp);
    remote_export(b, "PARALLEL_ARGHOSTGROUPS", v->agrp);
}

/* The job's environment there: lanes' own variables, and --env's. */
static void remote_env(struct remote *r, const struct remote_host *h, const struct job *j,
                       const struct tmpl_vals *v, struct buf *b)
{
    char num[32];

    snprintf(num, sizeof num, "%lu", j->seq);
    remote_export(b, "PARALLEL_SEQ", num);
    remote_export(b, "LANES_SEQ", num);
    snprintf(num, sizeof num, "%lu", j->lane.slot);
    remote_export(b, "PARALLEL_JOBSLOT", num);
    remote_export(b, "LANES_SLOT", num);
    snprintf(num, sizeof num, "%ld", (long)getpid());
    remote_export(b, "PARALLEL_PID", num);
    remote_export(b, "PARALLEL_SSHLOGIN", h->login.text);
    remote_export(b, "PARALLEL_SSHHOST", h->login.host);
    remote_env_groups(v, b);
    remote_env_all(r, b);
    for (size_t i = 0; i < r->c->nenv; i++) {
        const char *val = getenv(r->c->env[i]);
        if (strcmp(r->c->env[i], "_") == 0)
            continue;
        if (val)
            remote_export(b, r->c->env[i], val);
        else
            remote_function(b, r->c->env[i]);
    }
}

/* The script the login shell there runs (POSIX sh syntax: sh, bash, ksh and zsh read it the
 * same): a watcher that ends the job's process group (sshd made the shell a session leader)
 * once the sshd it hangs from is gone, the environment, the directory, the command in a
 * subshell of the login shell (no second shell to start, and its own exit ends only itself),
 * and its exit status. */
static void remote_script(struct remote *r, const struct remote_host *h, const struct job *j,
                          const struct tmpl_vals *v, const char *wd, struct buf *b)
{
    char tag[64];

    remote_job_tag(r, j, tag, sizeof tag); /* so that lanes can end it there (remote_end.c) */
    buf_reset(b);
    buf_adds(b, ": ");
    buf_adds(b, tag);
    buf_adds(b, "; (while kill -0 $PPID 2>/dev/null; do sleep 1; done; kill -TERM -$$) "
                "</dev/null >/dev/null 2>&1 & _lanes_w=$!; ");
    remote_env(r, h, j, v, b);
    if (wd) {
        buf_adds(b, "mkdir -p ");
        remote_q(b, wd);
        buf_adds(b, " 2>/dev/null; cd ");
        remote_q(b, wd);
        buf_adds(b, " || { kill $_lanes_w; exit 255; }; ");
    }
    buf_adds(b, "(eval ");
    remote_q(b, j->cmd);
    buf_adds(b, "); _lanes_s=$?; kill $_lanes_w 2>/dev/null; exit $_lanes_s");
}

/* Each file of templates t expanded for the job, as calls of add. */
static void remote_each_file(struct remote *r, struct tmpl **t, size_t n, const struct tmpl_vals *v,
                             const struct remote_host *h, const char *wd, struct buf *b,
                             void (*add)(const struct remote *, const struct remote_host *,
                                         struct buf *, const char *, const char *))
{
    for (size_t i = 0; i < n; i++) {
        buf_reset(&r->word);
        tmpl_expand_raw(t[i], v, &r->word);
        if (r->word.len == 0)
            continue;
        add(r, h, b, buf_cstr(&r->word), wd);
        buf_adds(b, "; ");
    }
}

/* The files of templates t, each quoted after a blank, into rm; their directories into dirs. */
static void remote_rm_list(struct remote *r, struct tmpl **t, size_t n, const struct tmpl_vals *v,
                           struct buf *rm, struct buf *dirs)
{
    for (size_t i = 0; i < n; i++) {
        buf_reset(&r->word);
        tmpl_expand_raw(t[i], v, &r->word);
        char *f = buf_cstr(&r->word), *slash = strrchr(f, '/');
        buf_addc(rm, ' ');
        remote_q(rm, f);
        if (slash && slash != f) {
            buf_addc(dirs, ' ');
            quote_append(dirs, f, (size_t)(slash - f));
        }
    }
}

/* --cleanup: the files sent and returned, removed there, and the directories left empty. */
static void remote_cleanup(struct remote *r, const struct remote_host *h, const struct tmpl_vals *v,
                           const char *wd, struct buf *b)
{
    struct buf rm = {0}, dirs = {0};

    if (wd) {
        buf_adds(&rm, "cd ");
        remote_q(&rm, wd);
        buf_adds(&rm, " || exit; ");
    }
    buf_adds(&rm, "rm -f --");
    remote_rm_list(r, r->transfer, r->c->ntransfer, v, &rm, &dirs);
    remote_rm_list(r, r->ret, r->c->nret, v, &rm, &dirs);
    if (dirs.len) {
        buf_adds(&rm, "; rmdir -p --");
        buf_append(&rm, dirs.data, dirs.len);
    }
    remote_ssh_cmd(r, h, b, buf_cstr(&rm));
    buf_adds(b, " >/dev/null 2>&1; ");
    buf_free(&rm);
    buf_free(&dirs);
}

/* The local command line that runs job j on host h: send its files, run it, tell a failed
 * ssh from the job's own status, fetch its results, clean up, and exit with its status. */
static void remote_wrap(struct remote *r, const struct remote_host *h, const struct job *j,
                        const struct tmpl_vals *v, struct buf *b)
{
    char *wd = remote_workdir(r, j, v);
    int fresh = r->c->workdir && strcmp(r->c->workdir, "...") == 0;

    buf_reset(b);
    remote_each_file(r, r->transfer, r->c->ntransfer, v, h, wd, b, remote_rsync_send);
    remote_script(r, h, j, v, wd, &r->inner);
    remote_ssh_cmd(r, h, b, buf_cstr(&r->inner));
    buf_adds(b, "; _lanes_s=$?; if [ $_lanes_s = 255 ]");
    if (h->sock[0]) { /* the master still up: the job itself exited 255 */
        buf_adds(b, " && ! ");
        remote_ssh(r, h, b);
        buf_adds(b, " -O check ");
        remote_q(b, h->login.dest);
        buf_adds(b, " >/dev/null 2>&1");
    }
    buf_adds(b, "; then echo ");
    buf_reset(&r->word);
    buf_adds(&r->word, "lanes: ssh to '");
    buf_adds(&r->word, h->login.text);
    buf_adds(&r->word, h->sock[0] ? "' failed (exit 255): no connection"
                                  : "' exited 255: a failed connection, or the job's own status");
    remote_q(b, buf_cstr(&r->word));
    buf_adds(b, " >&2; fi; ");
    remote_each_file(r, r->ret, r->c->nret, v, h, wd, b, remote_rsync_return);
    if (r->c->cleanup && (r->c->ntransfer || r->c->nret))
        remote_cleanup(r, h, v, wd, b);
    if (fresh) {
        buf_reset(&r->word);
        buf_adds(&r->word, "rm -rf -- ");
        remote_q(&r->word, wd);
        remote_ssh_cmd(r, h, b, buf_cstr(&r->word));
        buf_adds(b, " >/dev/null 2>&1; ");
    }
    buf_adds(b, "exit $_lanes_s");
    free(wd);
}

/* A job for this machine (':'): as any local job, in its --workdir. */
static void remote_wrap_local(struct remote *r, const struct job *j, const struct tmpl_vals *v,
                              const char *shell, struct buf *b)
{
    const char *given = r->c->workdir, *home = getenv("HOME");
    int fresh = given && strcmp(given, "...") == 0, here = given && strcmp(given, ".") == 0;
    char *wd = here ? NULL : remote_workdir(r, j, v);
    struct buf abs = {0};

    if (wd && fresh) { /* ... is under ~ here too */
        buf_adds(&abs, home && *home ? home : "/tmp");
        buf_addc(&abs, '/');
    }
    if (wd)
        buf_adds(&abs, wd);
    buf_reset(b);
    remote_export(b, "PARALLEL_SSHLOGIN", ":");
    remote_export(b, "PARALLEL_SSHHOST", ":");
    remote_env_groups(v, b);
    if (wd) {
        buf_adds(b, "mkdir -p ");
        remote_q(b, buf_cstr(&abs));
        buf_adds(b, " 2>/dev/null; cd ");
        remote_q(b, buf_cstr(&abs));
        buf_adds(b, " || exit 255; ");
    }
    buf_adds(b, fresh ? "" : "exec ");
    remote_q(b, shell);
    buf_adds(b, " -c ");
    remote_q(b, j->cmd);
    if (fresh) { /* made for this job alone: gone after it */
        buf_adds(b, "; _lanes_s=$?; cd / && rm -rf -- ");
        remote_q(b, buf_cstr(&abs));
        buf_adds(b, "; exit $_lanes_s");
    }
    buf_free(&abs);
    free(wd);
}

/* s as one single-quoted word on one line: each ' written '\'', each newline '"$_lanes_nl"'
 * (the worker reads a job a line). */
static void remote_q_line(struct buf *b, const char *s)
{
    buf_addc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            buf_adds(b, "'\\''");
        else if (*s == '\n')
            buf_adds(b, "'\"$_lanes_nl\"'");
        else
            buf_addc(b, *s);
    }
    buf_addc(b, '\'');
}

/* Job j's line for its lane's worker (remote_worker.c): remote_script's environment, directory
 * and command, in a subshell that sees none of the worker's variables, with stdin from
 * /dev/null; its stdout and stderr each through a cat, so that all it and what it leaves in
 * the background write is out before the markers (then none of it reaches the next job's
 * output); its exit status through fd 3 (no pipefail in POSIX sh). fd 4 is the worker's stdout;
 * the job gets none of 3, 4, 5. */
static void remote_job_line(struct remote *r, const struct remote_host *h, const struct job *j,
                            const struct tmpl_vals *v, struct buf *b)
{
    char *wd = remote_workdir(r, j, v);

    buf_reset(&r->inner);
    remote_env(r, h, j, v, &r->inner);
    if (wd) {
        buf_adds(&r->inner, "mkdir -p ");
        remote_q(&r->inner, wd);
        buf_adds(&r->inner, " 2>/dev/null; cd ");
        remote_q(&r->inner, wd);
        buf_adds(&r->inner, " || exit 255; ");
    }
    buf_adds(&r->inner, "eval ");
    remote_q(&r->inner, j->cmd);
    buf_reset(b);
    buf_adds(b, "_lanes_s=$({ { { (unset _lanes_j _lanes_m _lanes_w; eval ");
    remote_q_line(b, buf_cstr(&r->inner));
    buf_adds(b, ") </dev/null 2>&5 3>&- 4>&- 5>&-; echo $? >&3; } | cat >&4 5>&-; } 5>&1 | "
                "cat >&2; } 3>&1); printf '\\036%s %s\\n' \"$_lanes_m\" \"$_lanes_s\"; "
                "printf '\\036%s\\n' \"$_lanes_m\" >&2");
    free(wd);
}

/* Whether job j on host h can run through its lane's worker and keep every byte of what a
 * session of its own gives: not when it has files to move, a --workdir made for it alone, or
 * a stdin of its own, or without a control master (or the worker). */
static int remote_worker_fits(const struct remote *r, const struct remote_host *h)
{
    const struct remote_conf *c = r->c;
    const struct opts *o = r->o;
    const char *penv = getenv("PARALLEL_ENV");

    if (h->login.local || !h->sock[0] || c->no_worker || c->ntransfer || c->nret)
        return 0;
    if (c->workdir && strcmp(c->workdir, "...") == 0)
        return 0;
    if (o->pipe || o->pipe_part || o->tee || o->pipe_cat || o->tty)
        return 0;
    return penv == NULL || *penv == '\0'; /* (spawn_job puts its code before the command) */
}

int remote_spawn(struct remote *r, struct spawner *sp, struct job *j, const struct tmpl_vals *v)
{
    static char sh[] = "sh", dash_c[] = "-c";
    const struct remote_host *h = remote_of(r, &j->lane);

    if (h == NULL) /* (the scheduler asks remote_owns first) */
        return EINVAL;
    if (j->tries > 1 && !j->logged) { /* run again, maybe elsewhere: {host} is this host now */
        struct buf cmd = {0};
        tmpl_expand_shell(r->o->tmpl, v, &cmd);
        free(j->cmd);
        j->cmd = buf_cstr(&cmd);
    }
    j->host = h->login.text; /* the job log's Host */
    if (remote_worker_fits(r, h)) {
        remote_job_line(r, h, j, v, &r->script);
        return remote_worker_spawn(r, h, sp, j, &r->script);
    }
    if (h->login.local)
        remote_wrap_local(r, j, v, spawn_shell(sp), &r->script);
    else
        remote_wrap(r, h, j, v, &r->script);
    char *argv[] = {sh, dash_c, buf_cstr(&r->script), NULL};
    return spawn_job(sp, j, "/bin/sh", argv);
}
