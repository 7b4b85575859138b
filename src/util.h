/* util: allocation that cannot fail quietly, and the one way lanes reports errors. */
#ifndef LANES_UTIL_H
#define LANES_UTIL_H

#include <signal.h>
#include <stddef.h>

/* Exit status for usage errors and for anything that stops lanes itself. */
#define LANES_EXIT_ERROR 255

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Print "lanes: <message>" on stderr and exit 255. */
void util_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* As util_die, with ": <strerror(errno)>" appended. */
void util_die_errno(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* What util_die calls before it exits (one at a time; NULL for none): the run gives back
 * what it holds that outlives lanes, such as its jobs and its lanes. */
void util_on_die(void (*fn)(void *ctx), void *ctx);
/* Print "lanes: <message>" on stderr and go on. */
void util_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write all of buf to fd, retrying on EINTR and continuing short writes (for files; stdout
 * and stderr go through stall). Returns 0, or -1 with errno set. */
int util_write_all(int fd, const void *buf, size_t len);

/* Columns a line written to terminal fd may use (one less than it has), or 0 when fd is not
 * a terminal or does not say. */
size_t util_term_columns(int fd);

/* Make sure fds 0, 1 and 2 are open so that pipes never land on them. */
void util_guard_stdio(void);

/* Set FD_CLOEXEC and optionally O_NONBLOCK on fd. */
void util_fd_flags(int fd, int nonblock);
/* A close-on-exec pipe, its ends that nonblock names (UTIL_NB_READ, UTIL_NB_WRITE) not
 * blocking, of size bytes where the system allows more than 64 KiB. Returns 0, or -1 with
 * errno. */
enum { UTIL_NB_READ = 1, UTIL_NB_WRITE = 2 };
int util_pipe(int p[2], int nonblock, int size);
/* Make the pipe fd is an end of hold size bytes, where the system allows more than 64 KiB. */
void util_pipe_grow(int fd, int size);

struct timespec;
/* Seconds on the monotonic clock, and since the epoch. */
/* Resolve name on PATH as execvp would (a name with a slash as it is): a new string, or NULL
 * when no executable regular file is there. */
char *util_path_lookup(const char *name);

/* mkdir -p: every directory on path, which is changed while it runs and restored. Something
 * other than a directory in the way is EEXIST. Returns 0, or -1 with errno and *bad the
 * length of the first part of path that could not be made. */
int util_mkdir_p(char *path, size_t *bad);

/* rm -rf path: all that can be removed of it. */
void util_rm_tree(const char *path);

double util_now(void);
double util_epoch(void);
/* n random hex digits and a NUL into out (n + 1 bytes): names and markers no one can guess. */
void util_random_hex(char *out, size_t n);
/* *t = the monotonic time seconds from now. */
void util_deadline(struct timespec *t, double seconds);
/* Milliseconds until t on the monotonic clock (rounded up), at least 0. */
int util_ms_until(const struct timespec *t);

/* The sooner of two poll(2) timeouts in ms, where -1 is none. */
int util_min_timeout(int a, int b);

/* Put before every pattern lanes compiles. Fuzz builds bound each match: a pattern that
 * backtracks for minutes is the user's to wait for, but would stall the fuzzer. */
#ifdef FUZZ_REGEX_LIMITS
#define REGEX_PREFIX "(*LIMIT_HEAP=1024)(*LIMIT_MATCH=10000)"
#else
#define REGEX_PREFIX ""
#endif

#endif
