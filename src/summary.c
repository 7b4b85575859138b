/* summary: what lanes says about failed jobs when the run is over. Everything it keeps is
 * cleaned up front (one line each, no escape sequences, bounded width), so printing is only
 * putting lines together. */
#include "summary.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "stall.h"
#include "util.h"

#define SUMMARY_WIDTH 100      /* columns a job's line may take, command included */
#define SUMMARY_CMD_MIN 40     /* columns the command gets however long the rest is */
#define SUMMARY_TAIL_WIDTH 200 /* columns of a stderr line */
#define SUMMARY_TAIL_LINES 3
#define SUMMARY_NARROWEST 20 /* a terminal narrower still gets lines this long, wrapped */

struct failure {
    unsigned long seq;
    int exitval;
    int signal;
    int lost;   /* some of its output could not be kept */
    char *cmd;  /* one line, shortened */
    char *tail; /* its last stderr lines, each ending in a newline; "" for none */
};

struct summary {
    size_t max_jobs;
    unsigned long jobs; /* finished, in all */
    unsigned long failed;
    struct failure *list; /* the first max_jobs failures */
    size_t n;
    unsigned long unrun; /* summary_unrun's */
    int stopped;         /* 1: unrun is known; 2: the input was not all read */
};

struct summary *summary_new(size_t max_jobs)
{
    struct summary *s = xcalloc(1, sizeof *s);

    s->max_jobs = max_jobs;
    return s;
}

void summary_free(struct summary *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->list[i].cmd);
        free(s->list[i].tail);
    }
    free(s->list);
    free(s);
}

/* Length of the escape sequence at p (p[0] is ESC): CSI (colours, cursor moves) up to its
 * final byte, OSC (titles, hyperlinks) up to BEL or ESC \, anything else two bytes. */
static size_t summary_escape_len(const char *p, size_t n)
{
    size_t i = 2;

    if (n < 2)
        return n;
    if (p[1] == '[') {
        while (i < n && !(p[i] >= 0x40 && p[i] <= 0x7e))
            i++;
        return i < n ? i + 1 : n;
    }
    if (p[1] == ']') {
        while (i < n && p[i] != '\a' && !(p[i] == '\033' && i + 1 < n && p[i + 1] == '\\'))
            i++;
        return i >= n ? n : p[i] == '\a' ? i + 1 : i + 2;
    }
    return 2;
}

/* A byte as plain text on one line: tabs and line breaks as blanks, other control characters
 * as '?'. */
static char summary_plain(unsigned char c)
{
    if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
        return ' ';
    return c < 0x20 || c == 0x7f ? '?' : (char)c;
}

/* Append n bytes as one line of plain text, escape sequences dropped: a job's colours or a
 * stray newline must not reach the mail, nor turn the terminal red. */
static void summary_add_clean(struct buf *b, const char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (p[i] == '\033') {
            i += summary_escape_len(p + i, n - i);
            continue;
        }
        buf_addc(b, summary_plain((unsigned char)p[i++]));
    }
}

/* Cut b to cols columns, the end replaced by "..." when anything is cut. A column is a
 * character: UTF-8 continuation bytes take none, and a cut never splits a character. */
static void summary_shorten(struct buf *b, size_t cols)
{
    size_t seen = 0, cut = 0;

    for (size_t i = 0; i < b->len; i++) {
        if (((unsigned char)b->data[i] & 0xc0) == 0x80)
            continue;
        if (seen == cols - 3)
            cut = i;
        if (++seen > cols) {
            b->len = cut;
            buf_adds(b, "...");
            return;
        }
    }
}

/* A copy of s as one line of at most cols columns, blanks at either end trimmed. */
static char *summary_one_line(const char *s, size_t n, size_t cols)
{
    struct buf b = {0};

    summary_add_clean(&b, s, n);
    size_t start = 0;
    while (start < b.len && b.data[start] == ' ')
        start++;
    if (start > 0) {
        memmove(b.data, b.data + start, b.len - start);
        b.len -= start;
    }
    while (b.len > 0 && b.data[b.len - 1] == ' ')
        b.len--;
    summary_shorten(&b, cols);
    return buf_cstr(&b);
}

/* The line a terminal would show for p: what follows the last carriage return, as tools
 * that draw their own progress leave it ("\r 10%\r 20%\r100%"), a CRLF ending aside. */
static void summary_visible_part(const char **p, size_t *n)
{
    while (*n > 0 && (*p)[*n - 1] == '\r')
        (*n)--;
    for (size_t i = *n; i > 0; i--) {
        if ((*p)[i - 1] == '\r') {
            *p += i;
            *n -= i;
            return;
        }
    }
}

/* The last lines of a job's stderr that have anything to show, oldest first, each ending in
 * a newline. The tail may start inside a character: those stray bytes go. */
static char *summary_tail_lines(const char *p, size_t n)
{
    char *line[SUMMARY_TAIL_LINES];
    size_t k = 0;
    struct buf b = {0};

    while (n > 0 && ((unsigned char)*p & 0xc0) == 0x80) {
        p++;
        n--;
    }
    for (size_t end = n; end > 0 && k < SUMMARY_TAIL_LINES;) {
        size_t start = end;
        while (start > 0 && p[start - 1] != '\n')
            start--;
        const char *s = p + start;
        size_t len = end - start;
        summary_visible_part(&s, &len);
        char *l = summary_one_line(s, len, SUMMARY_TAIL_WIDTH);
        if (*l)
            line[k++] = l;
        else
            free(l);
        end = start > 0 ? start - 1 : 0;
    }
    while (k > 0) {
        buf_adds(&b, line[--k]);
        buf_addc(&b, '\n');
        free(line[k]);
    }
    return buf_cstr(&b);
}

/* SIGTERM-style names; numbers for the rest. */
static void summary_signal_name(char *b, size_t size, int sig)
{
    static const struct {
        int sig;
        const char *name;
    } names[] = {
        {SIGHUP, "HUP"},       {SIGINT, "INT"},   {SIGQUIT, "QUIT"},     {SIGILL, "ILL"},
        {SIGTRAP, "TRAP"},     {SIGABRT, "ABRT"}, {SIGBUS, "BUS"},       {SIGFPE, "FPE"},
        {SIGKILL, "KILL"},     {SIGUSR1, "USR1"}, {SIGSEGV, "SEGV"},     {SIGUSR2, "USR2"},
        {SIGPIPE, "PIPE"},     {SIGALRM, "ALRM"}, {SIGTERM, "TERM"},     {SIGCHLD, "CHLD"},
        {SIGCONT, "CONT"},     {SIGSTOP, "STOP"}, {SIGTSTP, "TSTP"},     {SIGTTIN, "TTIN"},
        {SIGTTOU, "TTOU"},     {SIGURG, "URG"},   {SIGXCPU, "XCPU"},     {SIGXFSZ, "XFSZ"},
        {SIGPROF, "PROF"},     {SIGSYS, "SYS"},   {SIGVTALRM, "VTALRM"},
#ifdef SIGWINCH
        {SIGWINCH, "WINCH"},
#endif
#ifdef SIGIO
        {SIGIO, "IO"},
#endif
#ifdef SIGPWR
        {SIGPWR, "PWR"},
#endif
#ifdef SIGSTKFLT
        {SIGSTKFLT, "STKFLT"},
#endif
    };

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i].sig == sig) {
            snprintf(b, size, "SIG%s", names[i].name);
            return;
        }
    }
#ifdef SIGRTMIN
    if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
        snprintf(b, size, "SIGRTMIN+%d", sig - SIGRTMIN);
        return;
    }
#endif
    snprintf(b, size, "signal %d", sig);
}

/* How a job ended, in a few words. An exit value of -1 is a job lanes ended itself for
 * --timeout (as GNU parallel logs it). */
static void summary_how_ended(char *b, size_t size, const struct failure *f)
{
    char name[32];

    if (f->signal)
        summary_signal_name(name, sizeof name, f->signal);
    if (f->exitval == -1)
        snprintf(b, size, "timed out%s%s", f->signal ? ", killed by " : "", f->signal ? name : "");
    else if (f->exitval == -2) /* (as GNU parallel logs it) */
        snprintf(b, size, "skipped (-p, --filter or skip())");
    else if (f->signal)
        snprintf(b, size, "killed by %s", name);
    else
        snprintf(b, size, "exit %d", f->exitval);
}

/* The start of a job's line, up to where its command follows: "  job 12: exit 1". */
static void summary_job_prefix(char *b, size_t size, const struct failure *f)
{
    char how[64];

    summary_how_ended(how, sizeof how, f);
    snprintf(b, size, "  job %lu: %s%s", f->seq, how, f->lost ? ", output lost" : "");
}

void summary_add(struct summary *s, const struct jobinfo *ji)
{
    char prefix[128];

    s->jobs++;
    if (ji->exitval == 0 && ji->signal == 0)
        return;
    s->failed++;
    if (s->n >= s->max_jobs)
        return;
    if ((s->n & (s->n - 1)) == 0) /* 0, 1, 2, 4 ...: double the room */
        s->list = xreallocarray(s->list, s->n ? 2 * s->n : 1, sizeof *s->list);
    struct failure *f = &s->list[s->n++];
    f->seq = ji->seq;
    f->exitval = ji->exitval;
    f->signal = ji->signal;
    f->lost = ji->lost;
    summary_job_prefix(prefix, sizeof prefix, f);
    size_t used = strlen(prefix) + strlen(": ");
    size_t cols = used + SUMMARY_CMD_MIN < SUMMARY_WIDTH ? SUMMARY_WIDTH - used : SUMMARY_CMD_MIN;
    f->cmd = summary_one_line(ji->cmd ? ji->cmd : "", ji->cmd ? strlen(ji->cmd) : 0, cols);
    f->tail =
        summary_tail_lines(ji->err_tail ? ji->err_tail : "", ji->err_tail ? ji->err_tail_len : 0);
}

static int summary_by_seq(const void *a, const void *b)
{
    const struct failure *x = a, *y = b;

    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Line, cut to cols columns, onto b with its newline; line is emptied. */
static void summary_put_line(struct buf *b, struct buf *line, size_t cols)
{
    summary_shorten(line, cols);
    buf_append(b, line->data, line->len);
    buf_addc(b, '\n');
    line->len = 0;
}

/* One listed job: its line, then its stderr lines set off by "|" as quoted text; each line at
 * most cols columns (a narrow terminal's width), so that none wraps. */
static void summary_add_failure(struct buf *b, const struct failure *f, size_t cols)
{
    char prefix[128];
    struct buf line = {0};

    summary_job_prefix(prefix, sizeof prefix, f);
    buf_adds(&line, prefix);
    if (*f->cmd) {
        buf_adds(&line, ": ");
        buf_adds(&line, f->cmd);
    }
    summary_put_line(b, &line, cols);
    for (const char *l = f->tail; *l;) {
        const char *nl = strchr(l, '\n');
        buf_adds(&line, "    | ");
        buf_append(&line, l, (size_t)(nl - l));
        summary_put_line(b, &line, cols);
        l = nl + 1;
    }
    buf_free(&line);
}

void summary_unrun(struct summary *s, unsigned long unrun, int known)
{
    s->unrun = unrun;
    s->stopped = known ? 1 : 2;
}

/* The line that says what a stopped run left unrun. */
static void summary_add_unrun(struct buf *b, const struct summary *s)
{
    char line[160];

    if (s->stopped == 1 && s->unrun == 0)
        return;
    if (s->stopped == 1)
        snprintf(line, sizeof line, "lanes: the run was stopped: %lu job%s never started\n",
                 s->unrun, s->unrun == 1 ? "" : "s");
    else
        snprintf(line, sizeof line,
                 "lanes: the run was stopped: input after job %lu, if any, was not run\n",
                 s->unrun);
    buf_adds(b, line);
}

int summary_print(struct summary *s, int fd)
{
    struct buf b = {0};
    char line[128];
    unsigned long rest = s->failed - s->n;

    if (s->failed == 0 && s->stopped == 0)
        return 0;
    if (s->failed > 0) {
        snprintf(line, sizeof line, "lanes: %lu of %lu job%s failed\n", s->failed, s->jobs,
                 s->jobs == 1 ? "" : "s");
        buf_adds(&b, line);
    }
    if (s->n > 1)
        qsort(s->list, s->n, sizeof *s->list, summary_by_seq);
    size_t cols = util_term_columns(fd);
    cols = cols == 0 ? (size_t)-1 : cols < SUMMARY_NARROWEST ? SUMMARY_NARROWEST : cols;
    for (size_t i = 0; i < s->n; i++)
        summary_add_failure(&b, &s->list[i], cols);
    if (s->n > 0 && rest > 0) { /* with none listed, the first line said it all */
        snprintf(line, sizeof line, "  and %lu more failed job%s not listed\n", rest,
                 rest == 1 ? "" : "s");
        buf_adds(&b, line);
    }
    if (s->stopped)
        summary_add_unrun(&b, s);
    if (b.len == 0)
        return 0;
    int rc = stall_write(fd, b.data, b.len);
    int saved = errno;
    buf_free(&b);
    errno = saved;
    return rc;
}
