/* util: allocation, error reporting and careful writes. */
#define _GNU_SOURCE /* pipe2, F_SETPIPE_SZ */
#include "util.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void (*util_die_hook)(void *);
static void *util_die_ctx;

void util_on_die(void (*fn)(void *ctx), void *ctx)
{
    util_die_hook = fn;
    util_die_ctx = ctx;
}

/* A fatal error: what the run holds (jobs, lanes, tokens) is given back through the one hook,
 * what was printed goes out, and no memory is worth freeing. */
static void util_exit_now(int status) __attribute__((noreturn));

static void util_exit_now(int status)
{
    void (*fn)(void *) = util_die_hook;

    util_die_hook = NULL; /* a fatal error inside the hook exits at once */
    if (fn)
        fn(util_die_ctx);
    fflush(stdout);
    _exit(status);
}

void util_die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vwarnx(fmt, ap);
    va_end(ap);
    util_exit_now(LANES_EXIT_ERROR);
}

void util_die_errno(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vwarn(fmt, ap);
    va_end(ap);
    util_exit_now(LANES_EXIT_ERROR);
}

void util_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vwarnx(fmt, ap);
    va_end(ap);
}

static void *checked(void *p)
{
    if (p == NULL)
        util_die("out of memory");
    return p;
}

void *xmalloc(size_t size)
{
    return checked(malloc(size ? size : 1));
}

void *xcalloc(size_t n, size_t size)
{
    return checked(calloc(n ? n : 1, size ? size : 1));
}

void *xreallocarray(void *p, size_t n, size_t size)
{
    return checked(reallocarray(p, n ? n : 1, size ? size : 1));
}

char *xstrdup(const char *s)
{
    return checked(strdup(s));
}

char *xstrndup(const char *s, size_t n)
{
    return checked(strndup(s, n));
}

int util_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

void util_guard_stdio(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
            util_die_errno("cannot open /dev/null");
    }
}

void util_fd_flags(int fd, int nonblock)
{
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
        util_die_errno("fcntl");
    if (nonblock && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1)
        util_die_errno("fcntl");
}

int util_pipe(int p[2], int nonblock, int size)
{
#ifdef HAVE_PIPE2
    /* Fewer system calls than pipe and four fcntl: lanes makes two pipes a job. */
    if (pipe2(p, O_CLOEXEC) != 0)
        return -1;
    for (int end = 0; end < 2; end++) /* a new pipe has no other status flags */
        if ((nonblock & (end ? UTIL_NB_WRITE : UTIL_NB_READ)) &&
            fcntl(p[end], F_SETFL, O_NONBLOCK) == -1)
            util_die_errno("fcntl");
#else
    if (pipe(p) != 0)
        return -1;
    util_fd_flags(p[0], nonblock & UTIL_NB_READ);
    util_fd_flags(p[1], nonblock & UTIL_NB_WRITE);
#endif
    util_pipe_grow(p[0], size);
    return 0;
}

void util_pipe_grow(int fd, int size)
{
#ifdef F_SETPIPE_SZ
    if (size > 65536) /* best effort: an unprivileged user may have used up the large pipes */
        (void)fcntl(fd, F_SETPIPE_SZ, size);
#else
    (void)fd, (void)size;
#endif
}

double util_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double util_epoch(void)
{
    struct timespec t;

    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void util_random_hex(char *out, size_t n)
{
    static const char hex[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++)
        out[i] = hex[arc4random_uniform(16)];
    out[n] = '\0';
}

/* Past UTIL_DEADLINE_MAX seconds (about 31 years) a deadline is as good as never; the clamp
 * keeps seconds * 1e9 within a long long. */
#define UTIL_DEADLINE_MAX 1e9

void util_deadline(struct timespec *t, double seconds)
{
    seconds = seconds > 0 ? seconds : 0; /* (also a NaN) */
    long long ns = (long long)((seconds < UTIL_DEADLINE_MAX ? seconds : UTIL_DEADLINE_MAX) * 1e9);

    clock_gettime(CLOCK_MONOTONIC, t);
    t->tv_sec += (time_t)(ns / 1000000000LL);
    t->tv_nsec += (long)(ns % 1000000000LL);
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}

int util_ms_until(const struct timespec *t)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ms =
        (long long)(t->tv_sec - now.tv_sec) * 1000 + (t->tv_nsec - now.tv_nsec) / 1000000L;
    return ms < 0 ? 0 : ms > 86400000 ? 86400000 : (int)ms + 1;
}

/* Make directory path, or find one there already. Something else in the way is EEXIST,
 * as Perl's File::Path (and so GNU parallel) reports it. Returns 0, or -1 with errno. */
static int mkdir_there(const char *path)
{
    struct stat st;

    if (mkdir(path, 0777) == 0)
        return 0;
    int e = errno;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    errno = e;
    return -1;
}

/* mkdir -p: every directory on path. Returns 0, or -1 with errno and *bad the length of
 * the first part of path that could not be made. */
int util_mkdir_p(char *path, size_t *bad)
{
    size_t len = strlen(path);

    if (len == 0 || mkdir_there(path) == 0) /* most jobs: the parent is there */
        return 0;
    for (size_t i = 1; i <= len; i++) {
        if (i < len && (path[i] != '/' || path[i - 1] == '/'))
            continue;
        char c = path[i];
        path[i] = '\0';
        int rc = mkdir_there(path);
        path[i] = c;
        if (rc != 0) {
            *bad = i;
            return -1;
        }
    }
    return 0;
}

static int rm_tree_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    /* (what cannot be removed stays: the walk goes on, as rm -rf's does) */
    (void)(type == FTW_DP ? rmdir(path) : unlink(path));
    return 0;
}

void util_rm_tree(const char *path)
{
    /* depth first, and a symbolic link is removed, never followed */
    (void)nftw(path, rm_tree_one, 16, FTW_DEPTH | FTW_PHYS);
}

int util_min_timeout(int a, int b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

size_t util_term_columns(int fd)
{
    struct winsize ws;

    if (!isatty(fd) || ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0)
        return 0;
    /* one less: the cursor never sits in the last column, where terminals disagree about
     * wrapping */
    return (size_t)ws.ws_col - 1;
}

static int util_executable(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *util_path_lookup(const char *name)
{
    if (strchr(name, '/'))
        return util_executable(name) ? xstrdup(name) : NULL;
    const char *path = getenv("PATH");
    if (path == NULL)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *d = path;; d++) {
        const char *end = strchr(d, ':');
        size_t len = end ? (size_t)(end - d) : strlen(d), n = len + strlen(name) + 3;
        char *full = xmalloc(n);
        snprintf(full, n, "%.*s/%s", len ? (int)len : 1, len ? d : ".", name);
        if (util_executable(full))
            return full;
        free(full);
        if (end == NULL)
            break;
        d = end;
    }
    return NULL;
}
