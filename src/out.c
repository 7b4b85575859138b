/* out: output of jobs in each output mode. Every byte a job writes reaches stdout/stderr
 * once, whole lines stay whole where the mode promises it, and held output lives in each job's
 * obufs, within spill's bound, so memory stays bounded however much the jobs write. */
#include "out.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
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
    int no_pass;  /* stdout cannot be spliced to */
    int one_file; /* stdout and stderr are one file (a terminal, 2>&1): see out_streams */
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
    if (c->compress)
        spill_compress(o->spill, c->compress, c->decompress);
    o->stage_fd = -1;
    struct stat out, err;
    o->one_file = fstat(1, &out) == 0 && fstat(2, &err) == 0 && out.st_dev == err.st_dev &&
                  out.st_ino == err.st_ino && !(S_ISCHR(out.st_mode) && !isatty(1)); /* /dev/null */
    return o;
}

/* How many of a job's streams go out as they come while it is -k's head (its stderr only when
 * it ends): with stdout and stderr on one file, a job's stdout comes first and then its
 * stderr, as under --group and in GNU parallel, instead of the two interleaved. */
static int out_streams(const struct out *o)
{
    return o->one_file ? 1 : 2;
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

/* Whether a job's lines are coloured: --color, or --colour-failed and the job failed. */
static int out_colored(const struct out *o, const struct job *j)
{
    return o->c.color || (o->c.color_failed && job_failed(j));
}

/* GNU parallel's palette, so that coloured output is the same bytes: job N gets entry
 * N % 307. Each entry is a 256-colour background, plus 256 when the text is white (231) rather
 * than black (0). The list is the readable pairs (black text on backgrounds 6-7, 9-11, 13-15,
 * 40-51, 75-87, 113-123, 147-159, 171-182, 185-231, 249-254, then white text on 1-9, 12-13,
 * 16-45, 52-81, 88-114, 124-149, 160-178, 180, 182-184, 196-214, 232-250), reordered by
 * position: ascending mod 23, then descending mod 7, then ascending, so that jobs next to
 * each other get colours far apart. */
static const unsigned short out_palette[] = {
    185, 390, 277, 499, 149, 358, 231, 459, 78,  329, 208, 423, 6,   300, 278, 500, 150, 359, 249,
    460, 79,  330, 209, 424, 7,   301, 186, 391, 151, 360, 250, 461, 80,  331, 210, 425, 9,   308,
    187, 392, 279, 501, 251, 462, 81,  332, 211, 426, 10,  309, 188, 393, 280, 502, 152, 361, 82,
    333, 212, 427, 11,  310, 189, 394, 281, 503, 153, 362, 252, 463, 213, 428, 13,  311, 190, 395,
    282, 504, 154, 363, 253, 464, 83,  334, 14,  312, 191, 396, 283, 505, 155, 364, 254, 465, 84,
    335, 214, 429, 192, 397, 284, 506, 156, 365, 257, 466, 85,  336, 215, 430, 15,  313, 285, 157,
    366, 258, 467, 86,  337, 216, 431, 40,  314, 193, 398, 158, 367, 259, 468, 87,  344, 217, 432,
    41,  315, 194, 399, 286, 260, 469, 113, 345, 218, 433, 42,  316, 195, 400, 287, 159, 368, 114,
    346, 219, 434, 43,  317, 196, 401, 288, 171, 369, 261, 470, 220, 436, 44,  318, 197, 402, 289,
    172, 370, 262, 488, 115, 347, 45,  319, 198, 403, 290, 173, 380, 263, 489, 116, 348, 221, 438,
    199, 404, 291, 174, 381, 264, 490, 117, 349, 222, 439, 46,  320, 292, 175, 382, 265, 491, 118,
    350, 223, 440, 47,  321, 200, 405, 176, 383, 268, 492, 119, 351, 224, 452, 48,  322, 201, 416,
    293, 269, 493, 120, 352, 225, 453, 49,  323, 202, 417, 294, 177, 384, 121, 353, 226, 454, 50,
    324, 203, 418, 295, 178, 385, 272, 494, 227, 455, 51,  325, 204, 419, 296, 179, 386, 273, 495,
    122, 354, 75,  326, 205, 420, 297, 180, 387, 274, 496, 123, 355, 228, 456, 206, 421, 298, 181,
    388, 275, 497, 147, 356, 229, 457, 76,  327, 299, 182, 389, 276, 498, 148, 357, 230, 458, 77,
    328, 207, 422,
};

/* The colour of a job's lines: a background and white or black text, or white on red for a
 * failed job under --colour-failed. */
static void out_color(const struct out *o, const struct job *j, char *buf, size_t size)
{
    unsigned c = out_palette[j->seq % (sizeof out_palette / sizeof out_palette[0])];

    if (o->c.color_failed && job_failed(j))
        c = 196 + 256;
    snprintf(buf, size, "\033[48;5;%03u;38;5;%sm\033[K", c & 255, c > 255 ? "231" : "000");
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
        if (*bol &&
            ((out_colored(l->o, l->j) && out_stage_put(l->o, l->fd, l->color, strlen(l->color))) ||
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
            ((out_colored(l->o, l->j) && out_stage_put(l->o, l->fd, "\033[m", 3)) ||
             out_stage_put(l->o, l->fd, "\n", 1)))
            return -1;
        p += len + (nl != NULL);
        n -= len + (nl != NULL);
    }
    return 0;
}

static int out_decorated(const struct out *o, const struct job *j)
{
    return out_colored(o, j) || j->tag;
}

/* Print bytes of a job straight away. */
static int out_print(struct out *o, struct job *j, int stream, const char *p, size_t n)
{
    int fd = stream == JOB_STDOUT ? 1 : 2;

    if (!out_decorated(o, j))
        return out_write(o, fd, p, n);
    struct lines l = {o, j, stream, fd, ""};
    out_color(o, j, l.color, sizeof l.color);
    int rc = out_lines(&l, p, n);
    return out_stage_flush(o) ? -1 : rc;
}

/* Print what the job holds of its first n streams (stdout, then stderr), then forget it. */
static int out_flush(struct out *o, struct job *j, int n)
{
    for (int s = JOB_STDOUT; s < JOB_STDOUT + n; s++) {
        int fd = s == JOB_STDOUT ? 1 : 2, rc;
        if (!out_decorated(o, j)) {
            if (o->before && j->out[s].parked)
                o->before(o->before_ctx);
            rc = obuf_unpark(o->spill, &j->out[s], fd);
            if (rc == 0)
                rc = out_obuf(o, &j->out[s], fd);
        } else {
            struct lines l = {o, j, s, fd, ""};
            out_color(o, j, l.color, sizeof l.color);
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
    if (j->file)
        return 0; /* a job run again keeps its file and its place */
    if (o->c.mode == OUT_FILES && !j->error) {
        j->file_fd = spill_tmpfile(o->spill, 1, ".par", &j->file);
        if (j->file_fd < 0)
            return -1;
    }
    out_place(o, j);
    return 0;
}

void out_place(struct out *o, struct job *j)
{
    if (!o->c.keep_order || j->ordered)
        return;
    if (o->tail)
        o->tail->next = j;
    else
        o->head = j;
    o->tail = j;
    j->next = NULL;
    j->ordered = 1;
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
        out_color(o, j, l.color, sizeof l.color);
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

/* ... and go out as they come: the streaming job of -k, or any job under -u, while nothing
 * waits to be written before them. */
static int out_passes(const struct out *o, const struct job *j, int stream)
{
    return out_untouched(o, j, stream) && stall_idle() &&
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

/* A splice that would block does not say which side would: the job's pipe may be empty, or
 * stdout full. */
static int out_pipe_holds(int from)
{
    struct pollfd in = {.fd = from, .events = POLLIN};

    return poll(&in, 1, 0) > 0;
}

ssize_t out_hand(struct out *o, struct job *j, int stream, int from)
{
    int n = 0;

    if (!out_untouched(o, j, stream) ||
        !(o->c.keep_order ? j == o->head : o->c.mode == OUT_UNGROUP) ||
        ioctl(from, FIONREAD, &n) != 0 || n <= 0) {
        errno = ENOTSUP;
        return -1;
    }
    if (o->before)
        o->before(o->before_ctx);
    stall_put_pipe(1, from, (size_t)n);
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
    if (n < 0 && errno == EAGAIN && out_pipe_holds(from)) /* stdout is what is full */
        stall_full(1);
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
    if (o->c.keep_order && j == o->head && stream < JOB_STDOUT + out_streams(o))
        return out_print(o, j, stream, p, n);
    if (o->c.keep_order)
        return out_hold(o, j, stream, p, n), 0;
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
        rc = out_flush(o, j, 2);
    for (int s = JOB_STDOUT; s <= JOB_STDERR && rc == 0 && out_colored(o, j) && !o->c.quiet; s++)
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

/* -k: print every finished job at the head; the next one then streams from here on. */
static int out_heads(struct out *o)
{
    int rc = 0;

    while (o->head && job_done(o->head) && rc == 0) {
        struct job *h = o->head;
        o->head = h->next;
        if (o->head == NULL)
            o->tail = NULL;
        rc = out_finish(o, h);
        if (o->head && rc == 0 && !o->c.hold)
            rc = out_flush(o, o->head, out_streams(o));
    }
    return rc;
}

int out_done(struct out *o, struct job *j)
{
    return o->c.keep_order ? out_heads(o) : out_finish(o, j);
}

int out_drop(struct out *o, struct job *j)
{
    struct job *prev = NULL, *at = o->head;

    while (at && at != j) {
        prev = at;
        at = at->next;
    }
    if (at == NULL)
        return 0;
    if (prev)
        prev->next = j->next;
    else
        o->head = j->next;
    if (o->tail == j)
        o->tail = prev;
    j->next = NULL;
    j->ordered = 0;
    if (prev || o->head == NULL) /* the head is as it was */
        return 0;
    int rc = out_heads(o);
    return rc == 0 && o->head && !o->c.hold ? out_flush(o, o->head, out_streams(o)) : rc;
}

int out_tmpfile(struct out *o, char **name)
{
    return spill_tmpfile(o->spill, 1, NULL, name);
}
