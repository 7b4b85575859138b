/* joblog: write GNU parallel's job log, and read one back to resume from it. */
#include "joblog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "stall.h"
#include "util.h"

#define JOBLOG_HEADER "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n"
#define JOBLOG_FIELDS 9

struct joblog {
    int fd;
    int own; /* ours to close: not stdout */
    char *path;
    unsigned long lost; /* lines that could not be written */
    struct buf line;
};

/* Open path for writing (truncated, or appended to); "-" when not appending is stdout.
 * The header goes to every log that is not appended to. */
static struct joblog *joblog_start(const char *path, int append)
{
    struct joblog *jl = xcalloc(1, sizeof *jl);

    jl->path = xstrdup(path);
    if (!append && strcmp(path, "-") == 0) {
        jl->fd = STDOUT_FILENO;
    } else {
        /* O_APPEND also when truncating: another writer of the same log cannot be
         * overwritten line by line. */
        jl->fd =
            open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (append ? 0 : O_TRUNC), 0666);
        if (jl->fd < 0)
            util_die_errno("cannot %s --joblog '%s'", append ? "append to" : "write to", path);
        jl->own = 1;
    }
    if (!append && util_write_all(jl->fd, JOBLOG_HEADER, strlen(JOBLOG_HEADER)) != 0)
        util_die_errno("cannot write to --joblog '%s'", path);
    return jl;
}

struct joblog *joblog_open(const char *arg)
{
    int append = arg[0] == '+';

    return joblog_start(arg + append, append);
}

/* A log whose last line was cut short (a full disk, a killed lanes) loses that line before
 * lines are added after it: glued together they would be one line that is no job's. The job
 * of a cut line was never logged, and runs again. */
static void joblog_untear(const char *path)
{
    char chunk[4096];
    int fd = open(path, O_RDWR | O_CLOEXEC);
    struct stat st;

    if (fd < 0)
        return;
    off_t end = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0, at = end;
    while (at > 0) {
        size_t n = at < (off_t)sizeof chunk ? (size_t)at : sizeof chunk;
        if (pread(fd, chunk, n, at - (off_t)n) != (ssize_t)n)
            break;
        size_t i = n;
        while (i > 0 && chunk[i - 1] != '\n')
            i--;
        at -= (off_t)(n - i);
        if (i > 0)
            break;
    }
    if (at < end && ftruncate(fd, at) != 0)
        util_warn("cannot cut the torn last line of --joblog '%s': %s", path, strerror(errno));
    close(fd);
}

struct joblog *joblog_open_resume(const char *arg)
{
    const char *path = arg + (arg[0] == '+');
    struct stat st;

    joblog_untear(path);
    /* GNU parallel appends when the old log has a first line to skip; a missing or empty
     * log starts afresh with a header. */
    int append = stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
    return joblog_start(path, append);
}

int joblog_write(struct joblog *jl, const struct jobinfo *ji)
{
    char head[256];
    int n = snprintf(head, sizeof head, "\t%.3f\t%10.3f\t%llu\t%llu\t%d\t%d\t", ji->start,
                     ji->runtime, ji->send, ji->receive, ji->exitval, ji->signal);
    char seq[32];
    int sn = snprintf(seq, sizeof seq, "%lu\t", ji->seq);

    buf_reset(&jl->line);
    buf_append(&jl->line, seq, (size_t)sn);
    buf_adds(&jl->line, ji->host ? ji->host : ":");
    buf_append(&jl->line, head, (size_t)n);
    size_t at = jl->line.len;
    buf_adds(&jl->line, ji->cmd ? ji->cmd : "");
    for (size_t i = at; i < jl->line.len; i++) {
        if (jl->line.data[i] == '\n')
            jl->line.data[i] = '\0';
    }
    buf_addc(&jl->line, '\n');
    /* On stdout (--joblog -) the line takes its turn behind the output it follows. */
    if ((jl->fd == STDOUT_FILENO ? stall_write(jl->fd, jl->line.data, jl->line.len)
                                 : util_write_all(jl->fd, jl->line.data, jl->line.len)) == 0)
        return 0;
    /* A line lost is a job that --resume would run again: the run must not look fine. */
    int saved = errno;
    jl->lost++;
    util_warn("cannot write job %lu to --joblog '%s': %s", ji->seq, jl->path, strerror(saved));
    errno = saved;
    return -1;
}

int joblog_failed(const struct joblog *jl)
{
    return jl->lost > 0;
}

void joblog_close(struct joblog *jl)
{
    if (jl == NULL)
        return;
    if (jl->own)
        close(jl->fd);
    buf_free(&jl->line);
    free(jl->path);
    free(jl);
}

/* The next tab-separated field of [*p, end): NUL-terminated in place; NULL when no tab
 * is left (the last field is taken whole by the caller). */
static char *joblog_field(char **p, char *end)
{
    char *s = *p;
    char *tab = memchr(s, '\t', (size_t)(end - s));

    if (tab == NULL)
        return NULL;
    *tab = '\0';
    *p = tab + 1;
    return s;
}

static int joblog_ull(const char *s, unsigned long long *v)
{
    char *end;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    *v = strtoull(s, &end, 10);
    return *end || errno ? -1 : 0;
}

static int joblog_int(const char *s, int *v)
{
    char *end;

    errno = 0;
    long l = strtol(s, &end, 10);
    *v = (int)l;
    return end == s || *end || errno || l != *v ? -1 : 0;
}

static int joblog_double(const char *s, double *v)
{
    char *end;

    errno = 0;
    *v = strtod(s, &end); /* the runtime is right-aligned: strtod skips the blanks */
    return end == s || *end || errno ? -1 : 0;
}

/* Split one line (its newline removed) into e; the command is the rest of the line,
 * tabs and all. Returns 0, or -1 when it is not a job log line. */
static int joblog_parse(char *line, size_t len, struct joblog_entry *e)
{
    char *f[JOBLOG_FIELDS], *p = line, *end = line + len;
    unsigned long long seq;

    for (int i = 0; i < JOBLOG_FIELDS - 1; i++) {
        if ((f[i] = joblog_field(&p, end)) == NULL)
            return -1;
    }
    f[JOBLOG_FIELDS - 1] = p;
    for (char *c = p; c < end; c++) {
        if (*c == '\0') /* how the log keeps a newline of the command */
            *c = '\n';
    }
    *end = '\0';
    if (joblog_ull(f[0], &seq) != 0 || seq != (unsigned long)seq)
        return -1;
    e->seq = (unsigned long)seq;
    e->host = f[1];
    e->cmd = f[8];
    if (joblog_double(f[2], &e->start) != 0 || joblog_double(f[3], &e->runtime) != 0 ||
        joblog_ull(f[4], &e->send) != 0 || joblog_ull(f[5], &e->receive) != 0 ||
        joblog_int(f[6], &e->exitval) != 0 || joblog_int(f[7], &e->signal) != 0)
        return -1;
    return 0;
}

/* A line that joblog_parse refused: its tabs were cut to NULs, put them back to show it. */
__attribute__((noreturn)) static void joblog_bad(const char *path, unsigned long lineno, char *line,
                                                 size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '\0')
            line[i] = '\t';
    }
    line[len] = '\0';
    util_die("--joblog '%s' line %lu is not a job log line: '%.200s'", path, lineno, line);
}

int joblog_read(const char *path, void (*fn)(void *ctx, const struct joblog_entry *e), void *ctx)
{
    path += path[0] == '+';
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    FILE *f = fdopen(fd, "r");
    if (f == NULL) {
        close(fd);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    struct joblog_entry e;
    for (unsigned long lineno = 1; (n = getline(&line, &cap, f)) > 0; lineno++) {
        if (line[n - 1] != '\n')
            break; /* torn: the writer died mid-line */
        if (lineno == 1)
            continue;
        if (joblog_parse(line, (size_t)n - 1, &e) != 0)
            joblog_bad(path, lineno, line, (size_t)n - 1);
        fn(ctx, &e);
    }
    int rc = ferror(f) ? -1 : 0;
    int saved = errno;
    free(line);
    fclose(f);
    errno = saved;
    return rc;
}
