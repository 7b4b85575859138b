/* out: output of jobs in each output mode. Every byte a job writes reaches stdout/stderr
 * once, whole lines stay whole where the mode promises it, and held output lives in each job's
 * obufs, within spill's bound, so memory stays bounded however much the jobs write. */
#include "out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "obuf.h"
#include "pass.h"
#include "spill.h"
#include "stall.h"
#include "util.h"

#define OUT_STAGE 65536

struct out {
    struct out_conf c;
    struct spill *spill;
    struct job *head; /* -k: the oldest job not yet printed; it streams */
    struct job *tail;
    char stage[OUT_STAGE]; /* lines with their prefixes, gathered into few writes */
    size_t staged;
    int stage_fd;
    void (*before)(void *ctx); /* clears a progress line before output reaches the terminal */
    void *before_ctx;
    void (*printing)(void *ctx, struct job *j);
    void *printing_ctx;
    void (*done)(void *ctx, struct job *j); /* the job's owner takes it back */
    void *done_ctx;
    int no_pass; /* stdout cannot be spliced to */
};

void out_quiet(struct out *o)
{
    o->c.quiet = 1;
    o->c.hold = 1;
}

void out_on_print(struct out *o, void (*fn)(void *ctx, struct job *j), void *ctx)
{
    o->printing = fn;
    o->printing_ctx = ctx;
}

void out_on_done(struct out *o, void (*fn)(void *ctx, struct job *j), void *ctx)
{
    o->done = fn;
    o->done_ctx = ctx;
}

void out_on_write(struct out *o, void (*fn)(void *ctx), void *ctx)
{
    o->before = fn;
    o->before_ctx = ctx;
}

/* Everything out writes to stdout or stderr goes through here. */
static int out_write(struct out *o, int fd, const char *p, size_t n)
{
    if (o->before)
        o->before(o->before_ctx);
    return stall_write(fd, p, n);
}

struct fd_sink {
    struct out *o;
    int fd;
};

static int out_sink_write(void *ctx, const char *p, size_t n)
{
    struct fd_sink *k = ctx;

    return out_write(k->o, k->fd, p, n);
}

/* obuf_write, through out_write. */
static int out_obuf(struct out *o, const struct obuf *b, int fd)
{
    struct fd_sink k = {o, fd};

    return obuf_each(b, out_sink_write, &k);
}

struct out *out_new(const struct out_conf *c)
{
    struct out *o = xcalloc(1, sizeof *o);

    o->c = *c;
    o->spill = spill_new(c->mem_limit, c->tmpdir);
    o->stage_fd = -1;
    return o;
}

static void out_release(struct out *o, struct job *j)
{
    obuf_release(o->spill, &j->out[JOB_STDOUT]);
    obuf_release(o->spill, &j->out[JOB_STDERR]);
    if (j->file_fd >= 0)
        close(j->file_fd);
    j->file_fd = -1;
}

/* The jobs still waiting for their turn belong to the scheduler, which frees them. */
void out_free(struct out *o)
{
    for (struct job *j = o->head; j; j = j->next)
        out_release(o, j);
    spill_free(o->spill);
    free(o);
}

static int out_stage_flush(struct out *o)
{
    int rc = o->staged ? out_write(o, o->stage_fd, o->stage, o->staged) : 0;

    o->staged = 0;
    return rc;
}

static int out_stage_put(struct out *o, int fd, const char *p, size_t n)
{
    if ((fd != o->stage_fd || o->staged + n > sizeof o->stage) && out_stage_flush(o) != 0)
        return -1;
    o->stage_fd = fd;
    if (n > sizeof o->stage)
        return out_write(o, fd, p, n);
    memcpy(o->stage + o->staged, p, n);
    o->staged += n;
    return 0;
}

/* The colour of a job's lines: 256-colour background, white or black text. */
static void out_color(const struct job *j, char *buf, size_t size)
{
    static const unsigned char bg[] = {24,  25,  28,  31,  53,  54,  88,  89,  90,  94,  100,
                                       124, 125, 130, 133, 134, 136, 160, 166, 172, 178, 196};
    unsigned char c = bg[(j->seq - 1) % sizeof bg];

    snprintf(buf, size, "\033[48;5;%u;38;5;%um\033[K", (unsigned)c, c >= 172 ? 16u : 231u);
}

struct lines {
    struct out *o;
    struct job *j;
    int stream;
    int fd;
    char color[32];
};

/* The length of the first run of p[0..n) holding none of the bytes in reject. */
static size_t out_strcspn_n(const char *p, size_t n, const char *reject)
{
    size_t i = 0;

    while (i < n && (p[i] == '\0' || !strchr(reject, p[i])))
        i++;
    return i;
}

/* Write bytes of a job, starting each line with its tag (and colour). */
static int out_lines(void *ctx, const char *p, size_t n)
{
    struct lines *l = ctx;
    int *bol = &l->j->bol[l->stream];

    while (n > 0) {
        if (*bol && ((l->o->c.color && out_stage_put(l->o, l->fd, l->color, strlen(l->color))) ||
                     (l->j->tag && (out_stage_put(l->o, l->fd, l->j->tag, strlen(l->j->tag)) ||
                                    out_stage_put(l->o, l->fd, "\t", 1)))))
            return -1;
        /* A carriage return starts a line on the terminal too, so it gets the tag again. */
        size_t len = out_strcspn_n(p, n, "\n\r");
        const char *nl = len < n ? p + len : NULL;
        if (out_stage_put(l->o, l->fd, p, len) != 0)
            return -1;
        *bol = nl != NULL;
        if (nl && *nl == '\r' && out_stage_put(l->o, l->fd, "\r", 1))
            return -1;
        if (nl && *nl == '\n' &&
            ((l->o->c.color && out_stage_put(l->o, l->fd, "\033[m", 3)) ||
             out_stage_put(l->o, l->fd, "\n", 1)))
            return -1;
        p += len + (nl != NULL);
        n -= len + (nl != NULL);
    }
    return 0;
}

static int out_decorated(const struct out *o, const struct job *j)
{
    return o->c.color || j->tag;
}

/* Print bytes of a job straight away. */
static int out_print(struct out *o, struct job *j, int stream, const char *p, size_t n)
{
    int fd = stream == JOB_STDOUT ? 1 : 2;

    if (!out_decorated(o, j))
        return out_write(o, fd, p, n);
    struct lines l = {o, j, stream, fd, ""};
    out_color(j, l.color, sizeof l.color);
    int rc = out_lines(&l, p, n);
    return out_stage_flush(o) ? -1 : rc;
}

/* Print what the job holds, then forget it. */
static int out_flush(struct out *o, struct job *j)
{
    for (int s = JOB_STDOUT; s <= JOB_STDERR; s++) {
        int fd = s == JOB_STDOUT ? 1 : 2, rc;
        if (!out_decorated(o, j)) {
            if (o->before && j->out[s].parked)
                o->before(o->before_ctx);
            rc = obuf_unpark(o->spill, &j->out[s], fd);
            if (rc == 0)
                rc = out_obuf(o, &j->out[s], fd);
        } else {
            struct lines l = {o, j, s, fd, ""};
            out_color(j, l.color, sizeof l.color);
            rc = obuf_each(&j->out[s], out_lines, &l);
            if (out_stage_flush(o) != 0)
                rc = -1;
        }
        obuf_release(o->spill, &j->out[s]);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Hold bytes for later; a spill that fails loses them, and the job says so once. What comes
 * after a loss is dropped too: what is printed of the job is then whole up to the loss, with
 * no hole in the middle. */
static void out_hold(struct out *o, struct job *j, int stream, const char *p, size_t n)
{
    if (!j->lost && obuf_append(o->spill, &j->out[stream], p, n) == 0)
        return;
    if (j->lost)
        return;
    util_warn("job %lu: output lost: cannot hold it in %s: %s", j->seq, spill_dir(o->spill),
              strerror(errno));
    j->lost = 1;
}

void out_discard(struct out *o, struct job *j)
{
    obuf_release(o->spill, &j->out[JOB_STDOUT]);
    obuf_release(o->spill, &j->out[JOB_STDERR]);
    if (j->file_fd >= 0 && ftruncate(j->file_fd, 0) == 0)
        lseek(j->file_fd, 0, SEEK_SET);
}

int out_add(struct out *o, struct job *j)
{
    if (j->file || j->ordered)
        return 0; /* a job run again keeps its file and its place */
    if (o->c.mode == OUT_FILES && !j->error) {
        j->file_fd = spill_tmpfile(o->spill, 1, ".par", &j->file);
        if (j->file_fd < 0)
            return -1;
    }
    if (!o->c.keep_order)
        return 0;
    if (o->tail)
        o->tail->next = j;
    else
        o->head = j;
    o->tail = j;
    j->next = NULL;
    j->ordered = 1;
    return 0;
}

/* --line-buffer: print the whole lines at once, hold the last partial one. */
static int out_line_data(struct out *o, struct job *j, int stream, const char *p, size_t n)
{
    const char *last = NULL;

    for (size_t i = n; i-- > 0;) {
        if (p[i] == '\n') {
            last = p + i;
            break;
        }
    }
    if (last == NULL) {
        out_hold(o, j, stream, p, n);
        return 0;
    }
    size_t whole = (size_t)(last - p) + 1;
    if (obuf_len(&j->out[stream]) > 0) {
        struct obuf held = j->out[stream];
        j->out[stream] = (struct obuf)OBUF_INIT;
        int fd = stream == JOB_STDOUT ? 1 : 2;
        struct lines l = {o, j, stream, fd, ""};
        out_color(j, l.color, sizeof l.color);
        int rc = out_decorated(o, j) ? obuf_each(&held, out_lines, &l) : out_obuf(o, &held, fd);
        obuf_release(o->spill, &held);
        if (rc != 0 || out_stage_flush(o) != 0)
            return -1;
    }
    if (out_print(o, j, stream, p, whole) != 0)
        return -1;
    if (whole < n)
        out_hold(o, j, stream, p + whole, n - whole);
    return 0;
}

/* Stdout bytes that reach stdout as the job wrote them, with nothing to add or keep, so that
 * they need not pass through lanes' memory at all. */
static int out_untouched(const struct out *o, const struct job *j, int stream)
{
    return stream == JOB_STDOUT && !o->no_pass && !o->c.hold && !out_decorated(o, j) &&
           o->c.mode != OUT_FILES;
}

/* ... and go out as they come: the streaming job of -k, or any job under -u. */
static int out_passes(const struct out *o, const struct job *j, int stream)
{
    return out_untouched(o, j, stream) &&
           (o->c.keep_order ? j == o->head : o->c.mode == OUT_UNGROUP);
}

/* ... or wait for the job's turn, in a pipe of their own: a job behind the streaming one of
 * -k, or any job under --group. */
static int out_parks(const struct out *o, const struct job *j, int stream)
{
    return out_untouched(o, j, stream) && (o->c.keep_order ? j != o->head : o->c.mode == OUT_GROUP);
}

ssize_t out_park(struct out *o, struct job *j, int stream, int from)
{
    if (!out_parks(o, j, stream)) {
        errno = ENOTSUP;
        return -1;
    }
    ssize_t n = obuf_park(o->spill, &j->out[stream], from);
    if (n > 0)
        j->bytes[stream] += (unsigned long long)n;
    return n;
}

ssize_t out_pass(struct out *o, struct job *j, int stream, int from)
{
    if (!out_passes(o, j, stream)) {
        errno = ENOTSUP;
        return -1;
    }
    if (o->before)
        o->before(o->before_ctx);
    ssize_t n = pass_move(from, 1, (size_t)1 << 30);
    if (n > 0)
        j->bytes[stream] += (unsigned long long)n;
    if (n < 0 && errno == ENOTSUP)
        o->no_pass = 1;
    return n;
}

int out_data(struct out *o, struct job *j, int stream, const char *p, size_t n)
{
    j->bytes[stream] += n;
    if (o->c.mode == OUT_FILES && stream == JOB_STDOUT) {
        if (util_write_all(j->file_fd, p, n) != 0 && !j->lost) {
            util_warn("job %lu: output lost: cannot write %s: %s", j->seq, j->file,
                      strerror(errno));
            j->lost = 1;
        }
        return 0;
    }
    if (o->c.hold) {
        out_hold(o, j, stream, p, n);
        return 0;
    }
    if (o->c.keep_order)
        return j == o->head ? out_print(o, j, stream, p, n) : (out_hold(o, j, stream, p, n), 0);
    if (o->c.mode == OUT_UNGROUP)
        return out_print(o, j, stream, p, n);
    if (o->c.mode == OUT_LINE)
        return out_line_data(o, j, stream, p, n);
    out_hold(o, j, stream, p, n);
    return 0;
}

/* Print a finished job: its --files name, then what it holds. */
static int out_finish(struct out *o, struct job *j)
{
    int rc = 0;

    if (j->file && !j->lost) { /* a file cut short is named in a warning, never here */
        struct buf line = {0};
        if (j->tag) {
            buf_adds(&line, j->tag);
            buf_addc(&line, '\t');
        }
        buf_adds(&line, j->file);
        buf_addc(&line, '\n');
        rc = out_write(o, 1, line.data, line.len);
        buf_free(&line);
    }
    if (rc == 0 && !o->c.quiet)
        rc = out_flush(o, j);
    for (int s = JOB_STDOUT; s <= JOB_STDERR && rc == 0 && o->c.color && !o->c.quiet; s++)
        if (!j->bol[s]) /* a coloured last line without a newline is closed all the same */
            rc = out_write(o, s == JOB_STDOUT ? 1 : 2, "\033[m\n", 4);
    if (o->printing) /* after the output: a job log on stdout follows what it logs */
        o->printing(o->printing_ctx, j);
    out_release(o, j);
    j->ordered = 0;
    if (o->done)
        o->done(o->done_ctx, j);
    return rc;
}

int out_done(struct out *o, struct job *j)
{
    int rc = 0;

    if (!o->c.keep_order)
        return out_finish(o, j);
    /* Print every finished job at the head; the next one then streams from here on. */
    while (o->head && job_done(o->head) && rc == 0) {
        struct job *h = o->head;
        o->head = h->next;
        if (o->head == NULL)
            o->tail = NULL;
        rc = out_finish(o, h);
        if (o->head && rc == 0 && !o->c.hold)
            rc = out_flush(o, o->head);
    }
    return rc;
}

int out_tmpfile(struct out *o, char **name)
{
    return spill_tmpfile(o->spill, 1, NULL, name);
}
