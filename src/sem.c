/* sem: semaphore mode. It owns the semaphore directories and the locks in them; nothing else
 * of lanes (the inputs, the templates, the scheduler, the pool of lanes) takes part in a
 * semaphore run, which main enters instead of setup_run and sched_run.
 *
 * A semaphore NAME is the directory $PARALLEL_HOME/semaphores/lanes-NAME (PARALLEL_HOME is
 * ~/.parallel by default; in NAME each byte other than A-Z a-z 0-9 _ . - is written %XX), made
 * 0700. It holds empty files that are only ever locked with flock(2), never written:
 *   slot.K  held exclusively by the process that runs a command in slot K (0 <= K < -j);
 *   gate    held by the one caller looking for a free slot, so that the others sleep in the
 *           kernel instead of polling;
 *   users   held shared by each caller from before it looks for a slot until its command
 *           ends; --wait takes it exclusively.
 * The kernel drops a lock when the last descriptor of its open file closes, also when the
 * holder is killed by SIGKILL: the files hold no state, and nothing is ever cleaned up. The
 * descriptors are close-on-exec, so the command itself holds no lock: the holder is the lanes
 * process that waits for the command (with --bg, a child that outlives the call). */
#include "sem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "optval.h"
#include "shell.h"
#include "spawn.h"
#include "util.h"

extern char **environ;

/* Exit status when --st gave up waiting for a slot, as GNU sem's. */
#define SEM_EXIT_TIMEOUT 1
/* The longest pause between two looks for a free slot (the gate's holder polls). */
#define SEM_POLL_MAX 0.05
/* Longest encoded name: "lanes-" and it stay within NAME_MAX (255) on every file system. */
#define SEM_NAME_MAX 240

int sem_called_as(const char *argv0)
{
    const char *base = argv0 ? strrchr(argv0, '/') : NULL;

    base = base ? base + 1 : argv0;
    return base != NULL && strcmp(base, "sem") == 0;
}

/* id into out with each byte other than A-Z a-z 0-9 _ . - as %XX, so that any name is one
 * file name and two names never share one. Returns 0, or -1 when it does not fit in size. */
static int sem_encode(const char *id, char *out, size_t size)
{
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-';
        if (n + 4 > size)
            return -1;
        if (plain)
            out[n++] = (char)*p;
        else
            n += (size_t)snprintf(out + n, 4, "%%%02X", *p);
    }
    out[n] = '\0';
    return 0;
}

/* home and suffix into path, which must hold them. */
static void sem_base_set(char *path, size_t size, const char *home, const char *suffix)
{
    if (snprintf(path, size, "%s%s", home, suffix) >= (int)size)
        util_die("--semaphore: the semaphore directory '%s%s' is too long", home, suffix);
}

/* Where semaphores live: $PARALLEL_HOME, else ~/.parallel. */
static void sem_base(char *path, size_t size)
{
    const char *home = getenv("PARALLEL_HOME"), *suffix = "";

    if (home == NULL || *home == '\0') {
        home = getenv("HOME");
        suffix = "/.parallel";
    }
    if (home == NULL || *home == '\0') {
        struct passwd pw, *found = NULL;
        char buf[4096];
        if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &found) != 0 || found == NULL)
            util_die("--semaphore: neither PARALLEL_HOME nor HOME is set");
        sem_base_set(path, size, pw.pw_dir, suffix);
        return;
    }
    sem_base_set(path, size, home, suffix);
}

/* mkdir path 0700 unless it is there. */
static void sem_mkdir(const char *path)
{
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        util_die_errno("cannot make the semaphore directory '%s'", path);
}

/* The directory of semaphore id, made where missing; its descriptor. It must be a directory
 * of this user's (no link), and only this user's. */
static int sem_dir_open(const char *id)
{
    char path[PATH_MAX], name[SEM_NAME_MAX + 1];
    struct stat st;

    if (sem_encode(id, name, sizeof name) != 0)
        util_die("--id: the semaphore name '%s' is too long", id);
    sem_base(path, sizeof path);
    size_t len = strlen(path);
    sem_mkdir(path);
    if (snprintf(path + len, sizeof path - len, "/semaphores") >= (int)(sizeof path - len))
        util_die("--semaphore: the path of the semaphore directory is too long");
    sem_mkdir(path);
    len = strlen(path);
    if (snprintf(path + len, sizeof path - len, "/lanes-%s", name) >= (int)(sizeof path - len))
        util_die("--semaphore: the path of the semaphore directory is too long");
    sem_mkdir(path);
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0)
        util_die_errno("cannot open the semaphore directory '%s'", path);
    if (st.st_uid != geteuid())
        util_die("the semaphore directory '%s' belongs to another user", path);
    if ((st.st_mode & 077) != 0 && fchmod(fd, 0700) != 0)
        util_die_errno("cannot make the semaphore directory '%s' private", path);
    return fd;
}

/* The lock file name in dir, made where missing: its close-on-exec descriptor. */
static int sem_file(int dir, const char *name)
{
    int fd = openat(dir, name, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

    if (fd < 0)
        util_die_errno("cannot open the semaphore's lock file '%s'", name);
    return fd;
}

/* SIGALRM only ends a waiting flock (EINTR): the handler need not do anything. */
static void sem_on_alarm(int sig)
{
    (void)sig;
}

/* Without SA_RESTART, so that a tick ends a waiting flock. Needed only with a deadline. */
static void sem_alarm_init(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sem_on_alarm;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) != 0)
        util_die_errno("sigaction");
}

static void sem_alarm_set(double seconds, long tick_us)
{
    struct itimerval t;

    memset(&t, 0, sizeof t);
    if (seconds > 0) {
        t.it_value.tv_sec = (time_t)seconds;
        t.it_value.tv_usec = (suseconds_t)((seconds - (double)t.it_value.tv_sec) * 1e6) + 1;
        t.it_interval.tv_usec = (suseconds_t)tick_us;
    }
    setitimer(ITIMER_REAL, &t, NULL);
}

/* flock(fd, op), op LOCK_EX or LOCK_SH, waiting at most until deadline on util_now()'s clock
 * (0: for ever). Returns 0, or -1 with errno, ETIMEDOUT once the deadline has passed. */
static int sem_lock_until(int fd, int op, double deadline)
{
    for (;;) {
        if (flock(fd, op | LOCK_NB) == 0)
            return 0;
        if (errno != EWOULDBLOCK && errno != EINTR)
            return -1;
        double left = deadline - util_now();
        if (deadline > 0 && left <= 0) {
            errno = ETIMEDOUT;
            return -1;
        }
        /* A tick every 10 ms after the first ends the flock below with EINTR, even when the
         * first came before flock began to wait. */
        if (deadline > 0)
            sem_alarm_set(left, 10000);
        int r = flock(fd, op), e = errno;
        if (deadline > 0)
            sem_alarm_set(0, 0);
        if (r == 0)
            return 0;
        if (e != EINTR) {
            errno = e;
            return -1;
        }
    }
}

static void sem_sleep(double seconds)
{
    struct timespec t = {(time_t)seconds, 0};

    t.tv_nsec = (long)((seconds - (double)t.tv_sec) * 1e9);
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
        ;
}

/* Slot k's lock, taken if free: its descriptor, or -1 when another holds it. */
static int sem_try_slot(int dir, long k)
{
    char name[32];

    snprintf(name, sizeof name, "slot.%ld", k);
    int fd = sem_file(dir, name);
    if (flock(fd, LOCK_EX | LOCK_NB) == 0)
        return fd;
    if (errno != EWOULDBLOCK && errno != EINTR)
        util_die_errno("cannot lock the semaphore's slot file '%s'", name);
    close(fd);
    return -1;
}

/* Waits, until deadline (0: for ever), for a free one of jobs slots. Returns its number, its
 * locked descriptor in *fd; or -1 when the deadline passed. */
static long sem_take_slot(int dir, long jobs, double deadline, int *fd)
{
    int gate = sem_file(dir, "gate");

    if (sem_lock_until(gate, LOCK_EX, deadline) != 0) {
        if (errno != ETIMEDOUT)
            util_die_errno("cannot lock the semaphore's gate");
        close(gate);
        return -1;
    }
    for (double pause = 0.001;; pause = pause * 2 < SEM_POLL_MAX ? pause * 2 : SEM_POLL_MAX) {
        for (long k = 0; k < jobs; k++)
            if ((*fd = sem_try_slot(dir, k)) >= 0) {
                close(gate); /* the next caller's turn to look */
                return k;
            }
        double left = deadline - util_now();
        if (deadline > 0 && left <= 0) {
            close(gate);
            return -1;
        }
        sem_sleep(deadline > 0 && left < pause ? left : pause);
    }
}

/* The job's numbers, as a job of a run sees them: sequence 1, slot k+1 (0: no slot). */
static void sem_env(long k)
{
    char num[32];

    snprintf(num, sizeof num, "%ld", k + 1);
    if (setenv("PARALLEL_JOBSLOT", num, 1) != 0 || setenv("LANES_SLOT", num, 1) != 0 ||
        setenv("PARALLEL_SEQ", "1", 1) != 0 || setenv("LANES_SEQ", "1", 1) != 0)
        util_die_errno("setenv");
    snprintf(num, sizeof num, "%ld", (long)getpid());
    if (setenv("PARALLEL_PID", num, 1) != 0)
        util_die_errno("setenv");
}

/* The command, while it runs, for the signals passed on to it. */
static volatile sig_atomic_t sem_child;

static void sem_pass_on(int sig)
{
    if (sem_child > 0)
        kill((pid_t)sem_child, sig);
}

/* The signals the holder changes while the command runs: SIGINT and SIGQUIT are ignored, as
 * system(3) does (the terminal sends them to the command too); SIGTERM and SIGHUP are passed
 * on to the command, so that a holder told to end does not leave it running uncounted. */
static const int sem_sigs[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP};
#define SEM_NSIGS (sizeof sem_sigs / sizeof sem_sigs[0])

/* Change the signals of sem_sigs, keeping old; dfl gets those the command must have back at
 * their default. One ignored already stays ignored, in the command too. */
static void sem_signals(struct sigaction old[SEM_NSIGS], sigset_t *dfl)
{
    struct sigaction sa;

    sigemptyset(dfl);
    for (size_t i = 0; i < SEM_NSIGS; i++) {
        sigaction(sem_sigs[i], NULL, &old[i]);
        if (old[i].sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = sem_sigs[i] == SIGINT || sem_sigs[i] == SIGQUIT ? SIG_IGN : sem_pass_on;
        sa.sa_flags = SA_RESTART;
        sigemptyset(&sa.sa_mask);
        sigaction(sem_sigs[i], &sa, NULL);
        sigaddset(dfl, sem_sigs[i]);
    }
}

/* Starts cmd under the shell, in this process group. The signals passed on are blocked
 * until sem_child is set, so that none comes before there is a command to pass it to. */
static pid_t sem_spawn(char *shell, char *cmd, const sigset_t *dfl)
{
    posix_spawnattr_t attr;
    sigset_t block, mask;
    pid_t pid;
    int err;
    char dash_c[] = "-c";
    char *argv[] = {shell, dash_c, cmd, NULL};

    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &mask);
    if (posix_spawnattr_init(&attr) != 0 || posix_spawnattr_setsigdefault(&attr, dfl) != 0 ||
        posix_spawnattr_setsigmask(&attr, &mask) != 0 ||
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK) != 0)
        util_die("cannot set up posix_spawn attributes");
    if ((err = posix_spawn(&pid, shell, NULL, &attr, argv, environ)) != 0)
        util_die("cannot start the shell '%s': %s", shell, strerror(err));
    posix_spawnattr_destroy(&attr);
    sem_child = pid;
    sigprocmask(SIG_SETMASK, &mask, NULL);
    return pid;
}

/* Runs cmd under the shell in this process group, and waits for it. Returns its exit
 * status, 128+N when signal N ended it. */
static int sem_command(char *cmd, long k)
{
    struct sigaction old[SEM_NSIGS];
    sigset_t dfl;
    int st;
    char *shell = shell_choose(), *penv = spawn_penv(); /* (as for jobs) */
    struct buf wrapped = {0};

    if (penv != NULL) { /* $PARALLEL_ENV's code first, as for every job */
        spawn_penv_wrap(&wrapped, penv, shell, cmd);
        cmd = buf_cstr(&wrapped);
        unsetenv("PARALLEL_ENV");
    }
    sem_env(k);
    sem_signals(old, &dfl);
    pid_t pid = sem_spawn(shell, cmd, &dfl);
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            util_die_errno("waitpid");
    sem_child = 0;
    for (size_t i = 0; i < SEM_NSIGS; i++)
        sigaction(sem_sigs[i], &old[i], NULL);
    free(shell);
    free(penv);
    buf_free(&wrapped);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The command line: the words joined with spaces, as GNU sem gives them to the shell. */
static char *sem_join(int nwords, char **words)
{
    size_t len = 1;

    for (int i = 0; i < nwords; i++)
        len += strlen(words[i]) + 1;
    char *cmd = xmalloc(len), *p = cmd;
    for (int i = 0; i < nwords; i++)
        p += sprintf(p, "%s%s", i ? " " : "", words[i]);
    *p = '\0';
    return cmd;
}

/* What the options cannot say alone. 0, or -1 after the usage message. */
static int sem_check(const struct sem_conf *c, int nwords)
{
    if (c->fg && c->bg)
        return optval_fail("--fg and --bg exclude each other");
    if (c->wait && nwords > 0)
        return optval_fail("--wait takes no command: it only waits for the commands of its "
                           "semaphore (start the command with a call of its own)");
    if (!c->wait && nwords == 0)
        return optval_fail("--semaphore needs a command to run, or --wait");
    if (c->ninputs > 1)
        return optval_fail("--semaphore takes one -a file at most: its command's standard input");
    return 0;
}

/* --wait: until no caller of the semaphore holds or waits for a slot. */
static int sem_wait_all(const struct sem_conf *c, const char *id, int dir, double deadline)
{
    int fd = sem_file(dir, "users");
    int r = sem_lock_until(fd, LOCK_EX, deadline);

    close(fd);
    if (r == 0)
        return 0;
    if (errno != ETIMEDOUT)
        util_die_errno("cannot lock the semaphore '%s'", id);
    util_warn("--wait: semaphore '%s' still in use after %g seconds; %s", id,
              c->timeout < 0 ? -c->timeout : c->timeout, c->timeout < 0 ? "giving up" : "going on");
    return c->timeout < 0 ? SEM_EXIT_TIMEOUT : 0;
}

/* Holding users (and the slot, when slot_fd is not -1): run the command, in the background
 * (a child holds the locks) unless --fg. */
static int sem_hold(const struct sem_conf *c, char *cmd, long slot, int slot_fd, int users)
{
    pid_t pid = c->fg ? 0 : fork();
    int status = 0;

    if (pid < 0)
        util_die_errno("fork");
    if (pid == 0) /* the holder */
        status = sem_command(cmd, slot);
    if (slot_fd >= 0)
        close(slot_fd);
    close(users);
    return c->fg ? status : 0;
}

/* -a FILE: the command reads it, as GNU sem's does. */
static void sem_stdin(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        util_die_errno("cannot open the -a file '%s'", path);
    if (fd != STDIN_FILENO && (dup2(fd, STDIN_FILENO) < 0 || close(fd) != 0))
        util_die_errno("cannot read the -a file '%s'", path);
}

/* The semaphore's name: --id, else (as GNU sem's default) the terminal's, put in buf. */
static const char *sem_name(const struct sem_conf *c, char *buf, size_t size)
{
    if (c->id != NULL)
        return c->id;
    return ttyname_r(STDIN_FILENO, buf, size) == 0 ? buf : "notty";
}

int sem_run(const struct sem_conf *c, int nwords, char **words)
{
    if (sem_check(c, nwords) != 0)
        return LANES_EXIT_ERROR;
    if (c->ninputs > 0 && !c->wait)
        sem_stdin(c->inputs[0]);
    char tty[PATH_MAX] = "";
    const char *id = sem_name(c, tty, sizeof tty);
    int dir = sem_dir_open(id), slot_fd = -1;
    double wait_s = c->timeout < 0 ? -c->timeout : c->timeout;
    double deadline = wait_s > 0 ? util_now() + wait_s : 0;

    if (deadline > 0)
        sem_alarm_init();
    if (c->wait) {
        int r = sem_wait_all(c, id, dir, deadline);
        close(dir);
        return r;
    }
    int users = sem_file(dir, "users");
    if (sem_lock_until(users, LOCK_SH, 0) != 0) /* (only a --wait holds it, and briefly) */
        util_die_errno("cannot lock the semaphore '%s'", id);
    long slot = sem_take_slot(dir, c->jobs, deadline, &slot_fd);
    close(dir);
    if (slot < 0 && c->timeout < 0) {
        util_warn("semaphore '%s': no slot came free in %g seconds; the command is not run", id,
                  wait_s);
        close(users);
        return SEM_EXIT_TIMEOUT;
    }
    if (slot < 0)
        util_warn("semaphore '%s': no slot came free in %g seconds; running the command anyway", id,
                  wait_s);
    char *cmd = sem_join(nwords, words);
    int status = sem_hold(c, cmd, slot, slot_fd, users);
    free(cmd);
    return status;
}
