/* spawn: starting one job. The attributes are built once; only the pipes and the job's numbers
 * in its environment change from job to job. On Linux the job is started as posix_spawn starts
 * it (clone with CLONE_VM and CLONE_VFORK, then the same steps in the child), on a stack made
 * once for every job: glibc's posix_spawn maps and unmaps a stack, and asks for the descriptor
 * limit for each file action, on every job. Elsewhere, posix_spawn itself. */
#define _GNU_SOURCE /* F_SETPIPE_SZ, clone */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#ifdef __linux__
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#endif
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "buf.h"
#include "feed.h"
#include "quote.h"
#include "shell.h"
#include "sig.h"
#include "util.h"

extern char **environ;

enum { ENV_SEQ, ENV_SLOT, ENV_LSEQ, ENV_LSLOT, ENV_PID, ENV_OURS };

static const char *const spawn_env_names[ENV_OURS] = {"PARALLEL_SEQ", "PARALLEL_JOBSLOT",
                                                      "LANES_SEQ", "LANES_SLOT", "PARALLEL_PID"};

struct spawner {
#ifdef __linux__
    sigset_t dfl;     /* the signals the job gets back the default of */
    char *stack;      /* the stack the job's process runs on until it execs */
    size_t stack_len; /* its size, with a guard page below */
#else
    posix_spawnattr_t attr;
#endif
    char **env;      /* environ without our names, then ours, then NULL */
    size_t env_ours; /* index of our first entry */
    char vars[ENV_OURS][48];
    char *tmpvar;  /* PARALLEL_TMP=$TMPDIR/parXXXXX, a new name for each job */
    char *oldpwd;  /* OLDPWD=the directory lanes started in, or NULL */
    char *cwd;     /* that directory, or NULL */
    char *pwd_env; /* PWD as lanes got it (in environ), or NULL */
    size_t pwd_at; /* env's entry for PWD: pwd_env, or the job's --workdir */
    struct buf pwd;
    size_t tmpdir_len;
    char *shell;
    char *penv;     /* $PARALLEL_ENV (or the file it names): shell code run before each job */
    struct buf cmd; /* with it: the code, a newline, then the job's command */
    const char *stdin_path;
    int pipe_size;        /* bytes a job's stdout pipe grows to (jobout) */
    int hold_below;       /* a job's pipe write ends below this number are held (spawn_hold) */
    const char *slot_var; /* --process-slot-var NAME, or NULL */
    size_t slot_at;       /* env's entry for it */
    struct buf slot_env;  /* NAME=slot-1 */
};

static int spawn_env_is_ours(const struct spawner *sp, const char *e)
{
    size_t n = sp->slot_var ? strlen(sp->slot_var) : 0;

    if (n > 0 && strncmp(e, sp->slot_var, n) == 0 && e[n] == '=')
        return 1;
    if (strncmp(e, "PARALLEL_ENV=", 13) == 0) /* (its code goes before the command instead) */
        return 1;
    if (strncmp(e, "PARALLEL_TMP=", 13) == 0 || strncmp(e, "OLDPWD=", 7) == 0 ||
        strncmp(e, "PWD=", 4) == 0)
        return 1;
    for (int i = 0; i < ENV_OURS; i++) {
        size_t len = strlen(spawn_env_names[i]);
        if (strncmp(e, spawn_env_names[i], len) == 0 && e[len] == '=')
            return 1;
    }
    return 0;
}

/* "NAME=" and value, in a new string. */
static char *spawn_var(const char *name, const char *value)
{
    size_t n = strlen(name) + strlen(value) + 2;
    char *s = xmalloc(n);

    snprintf(s, n, "%s=%s", name, value);
    return s;
}

/* The variables of ours that are not numbers: PARALLEL_TMP, whose last five bytes each job
 * gets anew, and OLDPWD, where lanes started, as GNU parallel's jobs have it (--wd or not). */
static void spawn_env_paths(struct spawner *sp)
{
    const char *tmp = getenv("TMPDIR"), *old = getenv("OLDPWD");
    char *cwd = getcwd(NULL, 0);

    for (char **e = environ; *e; e++)
        if (strncmp(*e, "PWD=", 4) == 0)
            sp->pwd_env = *e;

    if (tmp == NULL || *tmp == '\0')
        tmp = "/tmp";
    sp->tmpvar = spawn_var("PARALLEL_TMP", tmp);
    sp->tmpdir_len = strlen(sp->tmpvar) + 4;
    sp->tmpvar = xreallocarray(sp->tmpvar, sp->tmpdir_len + 6, 1);
    memcpy(sp->tmpvar + sp->tmpdir_len - 4, "/par", 5);
    if (cwd != NULL || old != NULL)
        sp->oldpwd = spawn_var("OLDPWD", cwd != NULL ? cwd : old);
    sp->cwd = cwd;
}

static void spawn_env_init(struct spawner *sp)
{
    size_t n = 0, k = 0;

    while (environ[n])
        n++;
    sp->env = xreallocarray(NULL, n + ENV_OURS + 4, sizeof *sp->env);
    for (size_t i = 0; i < n; i++)
        if (!spawn_env_is_ours(sp, environ[i]))
            sp->env[k++] = environ[i];
    sp->env_ours = k;
    for (int i = 0; i < ENV_OURS; i++) {
        snprintf(sp->vars[i], sizeof sp->vars[i], "%s=", spawn_env_names[i]);
        sp->env[k++] = sp->vars[i];
    }
    spawn_env_paths(sp);
    sp->env[k++] = sp->tmpvar;
    if (sp->oldpwd != NULL)
        sp->env[k++] = sp->oldpwd;
    if (sp->slot_var != NULL) /* (spawn_env_set fills it in) */
        sp->env[sp->slot_at = k++] = sp->tmpvar;
    sp->pwd_at = k;
    sp->env[k++] = sp->pwd_env; /* (the last: NULL there ends the list) */
    sp->env[k] = NULL;
    snprintf(sp->vars[ENV_PID], sizeof sp->vars[ENV_PID], "PARALLEL_PID=%ld", (long)getpid());
}

char *spawn_penv(void)
{
    const char *v = getenv("PARALLEL_ENV");
    struct buf b = {0};

    if (v == NULL || *v == '\0')
        return NULL;
    if (access(v, F_OK) == 0) {
        FILE *f = fopen(v, "r");
        if (f == NULL || buf_read_stream(&b, f) != 0)
            util_die_errno("cannot read the file $PARALLEL_ENV names, '%s'", v);
        fclose(f);
    } else {
        buf_adds(&b, v);
    }
    if (memchr(b.data ? b.data : "", '\0', b.len) != NULL)
        util_warn("warning: $PARALLEL_ENV holds a NUL byte: what follows it is not used");
    buf_cstr(&b);
    for (char *p = b.data; (p = strchr(p, '\001')) != NULL; p++)
        *p = '\n';
    return b.data;
}

void spawn_penv_wrap(struct buf *out, const char *penv, const char *shell, const char *cmd)
{
    const char *base = strrchr(shell, '/');

    buf_adds(out, penv);
    buf_addc(out, '\n');
    if (strstr(base ? base + 1 : shell, "zsh") != NULL) { /* eval: aliases work too */
        buf_adds(out, "eval ");
        quote_append(out, cmd, strlen(cmd));
    } else {
        buf_adds(out, cmd);
    }
}

#ifdef __linux__
/* The job's default signals, and the stack its process starts on (with a guard page below). */
static void spawn_attr_init(struct spawner *sp)
{
    /* Only what lanes itself changed goes back to the default in the job: a signal ignored
     * when lanes started (a shell's background job ignores SIGINT and SIGQUIT) stays so. */
    sig_changed(&sp->dfl);
    sp->stack_len = 64 * 1024;
    sp->stack = mmap(NULL, sp->stack_len, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (sp->stack == MAP_FAILED)
        util_die_errno("cannot map a stack to start jobs on");
    (void)mprotect(sp->stack, 4096, PROT_NONE);
}
#else
static void spawn_attr_init(struct spawner *sp)
{
    sigset_t none, dfl;

    sigemptyset(&none);
    /* Only what lanes itself changed goes back to the default in the job: a signal ignored
     * when lanes started (a shell's background job ignores SIGINT and SIGQUIT) stays so. */
    sig_changed(&dfl);
    if (posix_spawnattr_init(&sp->attr) || posix_spawnattr_setpgroup(&sp->attr, 0) ||
        posix_spawnattr_setsigmask(&sp->attr, &none) ||
        posix_spawnattr_setsigdefault(&sp->attr, &dfl) ||
        posix_spawnattr_setflags(&sp->attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                                POSIX_SPAWN_SETSIGDEF))
        util_die("cannot set up posix_spawn attributes");
}
#endif

/* Lanes holds a job's write ends while it runs, so that its end wakes the loop once, at SIGCHLD,
 * and not first at its pipes' end of file and then again (the exiting process closes its files
 * before its parent is told). A few descriptors at most: the limit -j 0 counts on stays free. */
static int spawn_hold_below(void)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 0;
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= 8 * 160)
        return 160;
    return (int)rl.rlim_cur / 8;
}

/* The job's ends of its stdout and stderr pipes, closed or held (spawn_hold_below). */
static void spawn_hold(const struct spawner *sp, struct job *j, const int child[3])
{
    for (int i = 0; i < 2; i++) {
        j->wfd[i] = -1;
        if (child[1] < sp->hold_below && child[2] < sp->hold_below)
            j->wfd[i] = child[i + 1];
        else
            close(child[i + 1]);
    }
}

struct spawner *spawn_new(const char *stdin_path, long jobs, const char *slot_var)
{
    struct spawner *sp = xcalloc(1, sizeof *sp);

    sp->slot_var = slot_var;
    /* Up to 1 MiB a job, within the 64 MiB of pipe buffers a user gets by default. */
    sp->pipe_size = jobs > 0 && jobs < 32 ? (1 << 25) / (int)jobs : 0;
    if (sp->pipe_size > (1 << 20))
        sp->pipe_size = 1 << 20;
    sp->hold_below = spawn_hold_below();
    sp->stdin_path = stdin_path;
    if (strcmp(stdin_path, "/dev/tty") == 0) { /* --tty with no terminal: as GNU, jobs still run */
        int fd = open(stdin_path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
            sp->stdin_path = "/dev/null";
        else
            close(fd);
    }
    sp->shell = shell_choose();
    sp->penv = spawn_penv();
    spawn_env_init(sp);
    spawn_attr_init(sp);
    return sp;
}

void spawn_free(struct spawner *sp)
{
#ifdef __linux__
    munmap(sp->stack, sp->stack_len);
#else
    posix_spawnattr_destroy(&sp->attr);
#endif
    free(sp->env);
    free(sp->shell);
    free(sp->penv);
    free(sp->tmpvar);
    free(sp->oldpwd);
    free(sp->cwd);
    buf_free(&sp->pwd);
    buf_free(&sp->cmd);
    buf_free(&sp->slot_env);
    free(sp);
}

const char *spawn_shell(const struct spawner *sp)
{
    return sp->shell;
}

/* The number v after the '=' of var (which holds room for it), in decimal. */
static void spawn_env_num(char *var, unsigned long v)
{
    char digits[24], *p = strchr(var, '=') + 1;
    size_t n = 0;

    do
        digits[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n > 0)
        *p++ = digits[--n];
    *p = '\0';
}

static void spawn_env_set(struct spawner *sp, const struct job *j)
{
    spawn_env_num(sp->vars[ENV_SEQ], j->seq);
    spawn_env_num(sp->vars[ENV_SLOT], j->lane.slot);
    spawn_env_num(sp->vars[ENV_LSEQ], j->seq);
    spawn_env_num(sp->vars[ENV_LSLOT], j->lane.slot);
    if (sp->slot_var != NULL) { /* --process-slot-var: the slot from 0, as GNU parallel sets it */
        char num[32];
        snprintf(num, sizeof num, "=%lu", j->lane.slot - 1);
        buf_reset(&sp->slot_env);
        buf_adds(&sp->slot_env, sp->slot_var);
        buf_adds(&sp->slot_env, num);
        sp->env[sp->slot_at] = buf_cstr(&sp->slot_env);
    }
    /* A name for the job's own scratch file, as GNU parallel gives: not made, only named. */
    static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    enum { BASE = sizeof chars - 1 };
    /* (one draw for the five characters: each arc4random call may ask for the pid) */
    uint32_t r = arc4random_uniform(BASE * BASE * BASE * BASE * BASE);
    for (size_t i = 0; i < 5; i++, r /= BASE)
        sp->tmpvar[sp->tmpdir_len + i] = chars[r % BASE];
    sp->tmpvar[sp->tmpdir_len + 5] = '\0';
}

/* PWD: as lanes got it, or with --workdir where the job runs, as after cd there (symlinks
 * kept: a shell's pwd then prints the path given, as under GNU parallel). */
static void spawn_env_pwd(struct spawner *sp, const struct job *j)
{
    sp->env[sp->pwd_at] = sp->pwd_env;
    if (j->wd == NULL)
        return;
    sp->pwd.len = 0;
    buf_adds(&sp->pwd, "PWD=");
    if (j->wd[0] != '/' && sp->cwd != NULL) {
        buf_adds(&sp->pwd, sp->cwd);
        buf_addc(&sp->pwd, '/');
    }
    buf_adds(&sp->pwd, j->wd);
    sp->env[sp->pwd_at] = buf_cstr(&sp->pwd);
}

/* util_pipe, with errno for the result. */
static int spawn_make_pipe(int p[2], int nonblock, int size)
{
    return util_pipe(p, nonblock, size) == 0 ? 0 : errno;
}

#ifdef __linux__
/* What the job's process does before it execs, and where it leaves why it could not. */
struct spawn_child {
    const struct spawner *sp;
    const struct job *j;
    const char *path;
    char *const *argv;
    const int *fds;
    int err; /* (written by the child, which shares lanes' memory until it execs) */
};

/* dup2(fd, to), as posix_spawn's file action: fd already there only loses close-on-exec. */
static int spawn_child_dup(int fd, int to)
{
    if (fd != to)
        return dup2(fd, to) < 0 ? -1 : 0;
    int flags = fcntl(fd, F_GETFD);
    return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
}

/* The child, on the spawner's stack, every signal blocked: the steps of glibc's posix_spawn
 * with our attributes and file actions, in its order; only system calls. (One difference: glibc
 * also leaves its two internal signals, 32 and 33, ignored in the job; here the job gets them
 * as lanes got them, as under GNU parallel or a shell.) Not instrumented by AddressSanitizer:
 * it runs on a stack ASan does not know; and it ends by the exit system call, as glibc's child
 * does, not by _exit, which a sanitizer intercepts to run its checks in lanes' memory. */
#if defined(__has_attribute)
#if __has_attribute(no_sanitize)
__attribute__((no_sanitize("address")))
#endif
#endif
static int
spawn_child(void *arg)
{
    struct spawn_child *c = arg;
    struct sigaction dfl;
    sigset_t none;
    int in = c->fds[0];

    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        if (sigismember(&c->sp->dfl, sig) == 1)
            sigaction(sig, &dfl, NULL);
    if (setpgid(0, 0) != 0)
        goto fail;
    if (in < 0) {
        in = open(c->sp->stdin_path, O_RDONLY);
        if (in < 0 || (in != 0 && (dup2(in, 0) < 0 || close(in) != 0)))
            goto fail;
    } else if (spawn_child_dup(in, 0) != 0) {
        goto fail;
    }
    if (spawn_child_dup(c->fds[1], 1) != 0 || spawn_child_dup(c->fds[2], 2) != 0)
        goto fail;
#ifdef HAVE_SPAWN_CHDIR
    if (c->j->wd && chdir(c->j->wd) != 0) /* after the opens, as there */
        goto fail;
#endif
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(c->path, c->argv, c->sp->env);
fail:
    c->err = errno;
    syscall(SYS_exit, 127);
    return 127;
}

/* Start the job's process with stdin from fds[0] (or, when it is -1, from stdin_path), and
 * stdout, stderr on fds[1] and fds[2]. Returns 0, or why it could not start (the process that
 * could not exec has been reaped). */
static int spawn_exec(struct spawner *sp, struct job *j, const char *path, char *const argv[],
                      const int fds[3])
{
    struct spawn_child c = {sp, j, path, argv, fds, 0};
    sigset_t all, old;

    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old); /* no handler of lanes' runs in the child */
    pid_t pid = clone(spawn_child, sp->stack + sp->stack_len, CLONE_VM | CLONE_VFORK | SIGCHLD, &c);
    int rc = pid < 0 ? errno : c.err;
    if (pid > 0 && rc != 0)
        waitpid(pid, NULL, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (rc == 0)
        j->pid = pid;
    return rc;
}
#else
/* posix_spawn with stdin from the given pipe end (or, when it is -1, from stdin_path), and
 * stdout, stderr on the given pipe ends. */
static int spawn_exec(struct spawner *sp, struct job *j, const char *path, char *const argv[],
                      const int fds[3])
{
    posix_spawn_file_actions_t fa;
    int rc = posix_spawn_file_actions_init(&fa), out = fds[1], err = fds[2];

    if (rc != 0)
        return rc;
    if (fds[0] >= 0)
        rc = posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
    else
        rc = posix_spawn_file_actions_addopen(&fa, 0, sp->stdin_path, O_RDONLY, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&fa, out, 1);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&fa, err, 2);
#ifdef HAVE_SPAWN_CHDIR
    if (rc == 0 && j->wd) /* after the opens: stdin's path may be relative to lanes' directory */
        rc = posix_spawn_file_actions_addchdir_np(&fa, j->wd);
#endif
    if (rc == 0)
        rc = posix_spawn(&j->pid, path, &fa, &sp->attr, argv, sp->env);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}
#endif

static void spawn_close_pipes(int p[][2], int n)
{
    for (int i = 0; i < n; i++) {
        if (p[i][0] >= 0)
            close(p[i][0]);
        if (p[i][1] >= 0)
            close(p[i][1]);
    }
}

/* Pipes for stdout and stderr (lanes reads them without blocking; a job that writes much should
 * not wait on lanes every 64 KiB, so stdout's grows once it fills) and, for a job that lanes feeds,
 * for stdin (lanes writes it without blocking; the job reads as usual). */
static int spawn_pipes(const struct job *j, int p[3][2])
{
    int rc = 0;

    p[0][0] = p[0][1] = -1;
    if ((rc = spawn_make_pipe(p[1], UTIL_NB_READ, 0)) != 0)
        return rc;
    if ((rc = spawn_make_pipe(p[2], UTIL_NB_READ, 0)) != 0) {
        spawn_close_pipes(p + 1, 1);
        return rc;
    }
    /* The stdin pipe keeps the system's size (64 KiB on Linux), as GNU parallel's: a job that
     * ends without reading a larger block fails there, and it must fail here too. */
    if (feed_wanted(j) && (rc = spawn_make_pipe(p[0], UTIL_NB_WRITE, 0)) != 0) {
        p[0][0] = p[0][1] = -1;
        spawn_close_pipes(p + 1, 2);
    }
    return rc;
}

/* A job whose process runs fn (fork: its own copy of lanes' memory) instead of a program. */
struct spawn_fn {
    int (*fn)(void *);
    void *arg;
};

/* The forked child: what spawn_child does before it execs, then fn; its value is the exit
 * status. (fork, not the shared-memory clone: fn may run as long as a job does.) */
static void spawn_fork_child(const struct spawner *sp, const struct spawn_fn *f, const int fds[3])
{
    struct sigaction dfl;
    sigset_t ours, none;
    int in = fds[0];

    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sig_changed(&ours);
    for (int sig = 1; sig < NSIG; sig++)
        if (sigismember(&ours, sig) == 1)
            sigaction(sig, &dfl, NULL);
    if (setpgid(0, 0) != 0)
        _exit(127);
    if (in < 0)
        in = open(sp->stdin_path, O_RDONLY);
    if (in < 0 || dup2(in, 0) < 0 || dup2(fds[1], 1) < 0 || dup2(fds[2], 2) < 0)
        _exit(127);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    _exit(f->fn(f->arg));
}

/* Start the job's process by fork, running f; in its own process group from the start (set on
 * both sides, so that a signal lanes sends the group at once reaches it). */
static int spawn_fork(const struct spawner *sp, struct job *j, const struct spawn_fn *f,
                      const int fds[3])
{
    sigset_t all, old;

    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old); /* no handler of lanes' runs in the child */
    pid_t pid = fork();
    if (pid == 0)
        spawn_fork_child(sp, f, fds);
    int rc = pid < 0 ? errno : 0;
    if (pid > 0) {
        (void)setpgid(pid, pid);
        j->pid = pid;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}

/* Start the job with its pipes p: by fn when f is given, else path with argv. */
static int spawn_start(struct spawner *sp, struct job *j, const char *path, char *const argv[],
                       const struct spawn_fn *f, int p[3][2])
{
    int rc;

    /* What of the block fits goes into the pipe before the job starts: a job that reads
     * nothing then still gets a block that fits, and does not fail by a race. */
    j->in_fd = p[0][1];
    if (j->in_fd >= 0)
        feed_write(j);
    int child[3] = {p[0][0], p[1][1], p[2][1]}, ours[3] = {j->in_fd, p[1][0], p[2][0]};
    rc = f ? spawn_fork(sp, j, f, child) : spawn_exec(sp, j, path, argv, child);
    if (child[0] >= 0)
        close(child[0]);
    if (rc != 0) {
        for (int i = 0; i < 3; i++) {
            if (i > 0)
                close(child[i]);
            if (ours[i] >= 0)
                close(ours[i]);
        }
        j->pid = 0;
        j->in_fd = -1;
        j->in_off = 0;
        j->in_cut = 0;
        return rc;
    }
    spawn_hold(sp, j, child);
    j->pipe_grow = sp->pipe_size; /* (jobout grows it: most jobs never fill 64 KiB) */
    j->fd[JOB_STDOUT] = ours[1];
    j->fd[JOB_STDERR] = ours[2];
    return 0;
}

int spawn_job(struct spawner *sp, struct job *j, const char *path, char *const argv[])
{
    static char dash_c[] = "-c";
    char *shell_argv[] = {sp->shell, dash_c, j->cmd, NULL};
    int p[3][2], rc;

    if ((rc = spawn_pipes(j, p)) != 0)
        return rc;
    spawn_env_set(sp, j);
    spawn_env_pwd(sp, j);
    if (sp->penv != NULL) { /* its code, then the command, in the shell */
        sp->cmd.len = 0;
        spawn_penv_wrap(&sp->cmd, sp->penv, sp->shell, j->cmd);
        shell_argv[2] = buf_cstr(&sp->cmd);
        path = NULL;
    }
    if (path == NULL) {
        path = sp->shell;
        argv = shell_argv;
    }
    return spawn_start(sp, j, path, argv, NULL, p);
}

int spawn_job_fn(struct spawner *sp, struct job *j, int (*fn)(void *), void *arg)
{
    struct spawn_fn f = {fn, arg};
    int p[3][2], rc;

    if ((rc = spawn_pipes(j, p)) != 0)
        return rc;
    return spawn_start(sp, j, NULL, NULL, &f, p);
}
