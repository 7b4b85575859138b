/* progress: the line of --bar, --eta and --progress. What it shows is made from the state the
 * caller hands in, clock included, so the same state always gives the same line. On a terminal
 * the only control character is the carriage return (no escape sequences: TERM=dumb works);
 * elsewhere there are none at all. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu.h"
#include "stall.h"
#include "util.h"

#define PROGRESS_MAX 400      /* the longest line drawn, however wide the terminal */
#define PROGRESS_GAP 0.1      /* seconds between redraws on a terminal */
#define PROGRESS_TICK 1.0     /* redraw this often even when nothing ends: the ETA moves */
#define PROGRESS_LOG_GAP 5.0  /* plain lines: at least this far apart */
#define PROGRESS_GRAPH_MIN 10 /* columns: a narrower graph says nothing */

struct progress {
    int modes;
    int fd;
    int tty;
    int headed; /* the --progress header is out */
    int hidden; /* lanes is in the background: the terminal is not ours to draw on */
    int ended;
    size_t shown;    /* columns of the live line now on the terminal; 0: none */
    double drawn_at; /* st->elapsed at the last draw; -1: never */
    unsigned long drawn_started, drawn_done; /* the counts the last draw showed */
    char last[PROGRESS_MAX + 1];             /* the line on the terminal */
};

struct line {
    char s[PROGRESS_MAX + 1];
    size_t len;
};

/* snprintf onto the end of a line; what does not fit is cut off. A macro rather than a
 * function taking a va_list: clang-tidy 14, checking several files in one run, takes the
 * va_list for uninitialised. */
#define LINE_ADD(l, ...)                                                                           \
    progress_line_grew((l), snprintf((l)->s + (l)->len, sizeof(l)->s - (l)->len, __VA_ARGS__))

static void progress_line_grew(struct line *l, int n)
{
    if (n > 0)
        l->len = l->len + (size_t)n < sizeof l->s ? l->len + (size_t)n : sizeof l->s - 1;
}

struct progress *progress_new(int modes, int fd)
{
    struct progress *p = xcalloc(1, sizeof *p);

    p->modes = modes;
    p->fd = fd;
    p->tty = isatty(fd);
    /* Plain lines count their first gap from the start; a terminal draws at once. */
    p->drawn_at = p->tty ? -1 : 0;
    return p;
}

void progress_free(struct progress *p)
{
    free(p);
}

/* Progress that cannot be drawn must not stop the run: a broken stderr shows up in the
 * writes of job output, which report it. */
static void progress_write(const struct progress *p, const char *s, size_t n)
{
    (void)stall_write(p->fd, s, n);
}

/* Columns a line may use: one less than the terminal has (80 when it does not say). */
static size_t progress_term_width(int fd)
{
    size_t w = util_term_columns(fd);

    w = w ? w : 79;
    return w < PROGRESS_MAX ? w : PROGRESS_MAX;
}

/* A lanes sent to the background must not write over the shell's line (nor be stopped by
 * SIGTTOU for trying). A terminal that is not ours to ask counts as foreground. */
static int progress_foreground(const struct progress *p)
{
    pid_t fg = tcgetpgrp(p->fd);

    return fg == -1 || fg == getpgrp();
}

/* Whole seconds, rounded up: an ETA of 0s only when nothing is left. Capped so that a wild
 * estimate cannot overflow. */
static unsigned long progress_secs_up(double s)
{
    if (s <= 0)
        return 0;
    if (s > 1e9)
        return 1000000000UL;
    unsigned long whole = (unsigned long)s;
    return (double)whole < s ? whole + 1 : whole;
}

/* A duration as people read it: 42s, 3m07s, 2h05m, 3d04h. */
static void progress_line_duration(struct line *l, unsigned long s)
{
    if (s < 60)
        LINE_ADD(l, "%lus", s);
    else if (s < 3600)
        LINE_ADD(l, "%lum%02lus", s / 60, s % 60);
    else if (s < 86400)
        LINE_ADD(l, "%luh%02lum", s / 3600, s % 3600 / 60);
    else
        LINE_ADD(l, "%lud%02luh", s / 86400, s % 86400 / 3600);
}

/* Seconds until every job is done at the pace so far, or -1 when that cannot be told. */
static double progress_eta(const struct progress_state *st)
{
    if (st->total && st->done >= st->total)
        return 0;
    if (st->total == 0 || st->done == 0)
        return -1;
    double left = (double)(st->total - st->done);
    unsigned long slots = st->slots > 0 ? (unsigned long)st->slots : 1;
    if (slots > st->total)
        slots = st->total;
    /* Before a slot's worth of jobs has ended, the wall time per job still mostly counts the
     * first wave's wait; their runtimes spread over the slots guess better. */
    if (st->done < slots)
        return left * st->runtime_sum / (double)st->done / (double)slots;
    return left * st->elapsed / (double)st->done;
}

/* Wall seconds per finished job, as GNU parallel's AVG. */
static double progress_avg(const struct progress_state *st)
{
    return st->done ? st->elapsed / (double)st->done : 0;
}

/* --eta: seconds left, jobs left, seconds per job, in GNU parallel's words. */
static void progress_text_eta(struct line *l, const struct progress_state *st)
{
    double eta = progress_eta(st);

    if (eta < 0)
        LINE_ADD(l, "ETA: ?s ");
    else
        LINE_ADD(l, "ETA: %lus ", progress_secs_up(eta));
    if (st->total)
        LINE_ADD(l, "Left: %lu ", st->total > st->done ? st->total - st->done : 0);
    else
        LINE_ADD(l, "Left: ? ");
    LINE_ADD(l, "AVG: %.2fs  ", progress_avg(st));
}

/* --progress: the one computer's running/done/share of the started jobs/seconds per job. */
static void progress_text_local(struct line *l, const struct progress_state *st)
{
    LINE_ADD(l, "local:%lu/%lu/%d%%/%.1fs", st->running, st->done, st->started ? 100 : 0,
             progress_avg(st));
}

/* The counts after the bar: done (of total), running (unless terse), failed, then the ETA
 * while running or the time taken at the end. */
static void progress_text_counts(struct line *l, const struct progress_state *st, int final,
                                 int terse)
{
    double eta = progress_eta(st);

    if (st->total)
        LINE_ADD(l, "%lu/%lu done", st->done, st->total);
    else
        LINE_ADD(l, "%lu done", st->done);
    if (st->running && !terse)
        LINE_ADD(l, ", %lu running", st->running);
    if (st->failed)
        LINE_ADD(l, ", %lu failed", st->failed);
    if (final || st->total == 0) {
        LINE_ADD(l, ", elapsed ");
        progress_line_duration(l, (unsigned long)(st->elapsed > 1e9 ? 1e9 : st->elapsed));
    } else if (eta >= 0) {
        LINE_ADD(l, ", ETA ");
        progress_line_duration(l, progress_secs_up(eta));
    }
}

/* [=====>     ] in cols columns, filled as far as the jobs are done. */
static void progress_line_graph(struct line *l, const struct progress_state *st, size_t cols)
{
    size_t fill = (size_t)((double)cols * (double)st->done / (double)st->total);
    char *g = l->s + l->len;

    if (l->len + cols + strlen("[] ") >= sizeof l->s)
        return;
    if (fill > cols)
        fill = cols;
    g[0] = '[';
    memset(g + 1, '=', fill);
    memset(g + 1 + fill, ' ', cols - fill);
    if (fill < cols && st->done)
        g[1 + fill] = '>';
    memcpy(g + 1 + cols, "] ", 3);
    l->len += cols + strlen("[] ");
}

/* Columns the counts may come to in this run, so that the graph keeps its width while they
 * grow (a failed count appearing, a longer ETA). */
static size_t progress_counts_widest(const struct progress_state *st)
{
    struct progress_state w = *st;
    struct line l = {.len = 0};

    w.done = w.failed = st->total;
    w.running = st->slots > 0 ? (unsigned long)st->slots : 1;
    if (w.running > st->total)
        w.running = st->total;
    w.elapsed = 86399; /* 23h59m, as wide as durations get in practice */
    progress_text_counts(&l, &w, 1, 0);
    return l.len;
}

/* --bar: percent, a graph in what room is left (none under a few columns, or with room 0),
 * the counts. Without a total there is nothing to be a percent of: counts only. */
static void progress_text_bar(struct line *l, const struct progress_state *st, size_t room,
                              int final)
{
    struct line counts = {.len = 0};

    progress_text_counts(&counts, st, final, 0);
    if (room && strlen("100% ") + counts.len > room) { /* a narrow terminal */
        counts = (struct line){.len = 0};
        progress_text_counts(&counts, st, final, 1);
    }
    if (st->total == 0) {
        LINE_ADD(l, "%s", counts.s);
        return;
    }
    double pct = 100.0 * (double)st->done / (double)st->total;
    LINE_ADD(l, "%3d%% ", pct > 100 ? 100 : (int)pct);
    size_t widest = progress_counts_widest(st);
    size_t used = strlen("100% ") + strlen("[] ") + (widest > counts.len ? widest : counts.len);
    if (room >= used + PROGRESS_GRAPH_MIN)
        progress_line_graph(l, st, room - used);
    LINE_ADD(l, "%s", counts.s);
}

/* The whole line, at most width columns (0: no limit and no graph). */
static void progress_render(const struct progress *p, const struct progress_state *st, size_t width,
                            int final, struct line *l)
{
    l->len = 0;
    l->s[0] = '\0';
    if (p->modes & PROGRESS_ETA)
        progress_text_eta(l, st);
    if (p->modes & (PROGRESS_ETA | PROGRESS_PROGRESS))
        progress_text_local(l, st);
    if (p->modes & PROGRESS_BAR) {
        if (l->len)
            LINE_ADD(l, "  ");
        progress_text_bar(l, st, width > l->len ? width - l->len : 0, final);
    }
    if (width && l->len > width)
        l->s[l->len = width] = '\0';
}

/* What the --progress numbers mean, once before the first line, as GNU parallel lists the
 * computers it runs on first. */
static void progress_header(struct progress *p, const struct progress_state *st)
{
    char h[256];

    if (p->headed)
        return;
    p->headed = 1;
    if (!(p->modes & (PROGRESS_ETA | PROGRESS_PROGRESS)))
        return;
    int n = snprintf(h, sizeof h,
                     /* GNU parallel's layout: people's scripts cut it */
                     "\nComputers / CPU cores / Max jobs to run\n1:local / %ld / %ld\n\n"
                     "Computer:jobs running/jobs completed/%%of started jobs/Average seconds to "
                     "complete\n",
                     cpu_threads(), st->slots);
    if (n > 0)
        progress_write(p, h, (size_t)n < sizeof h ? (size_t)n : sizeof h - 1);
}

/* Write the line over the one on the terminal: carriage return, the text, blanks over what is
 * left of the old one. The last line goes on a cleared line, with a newline. */
static void progress_put(struct progress *p, const struct line *l, int final)
{
    char out[1 + PROGRESS_MAX + 1];
    size_t n = 0;

    if (!final && p->shown == l->len && strcmp(p->last, l->s) == 0)
        return;
    /* The last line clears the whole width first: an interrupt leaves the terminal's ^C echo
     * after the line drawn, which a shorter line would leave half there. */
    if (final && p->shown)
        p->shown = progress_term_width(p->fd);
    if (final)
        progress_clear(p);
    out[n++] = '\r';
    memcpy(out + n, l->s, l->len);
    n += l->len;
    for (size_t i = l->len; i < p->shown; i++)
        out[n++] = ' ';
    if (final)
        out[n++] = '\n';
    progress_write(p, out, n);
    memcpy(p->last, l->s, l->len + 1);
    p->shown = final ? 0 : l->len;
}

static void progress_draw(struct progress *p, const struct progress_state *st, int final)
{
    struct line l;

    p->drawn_at = st->elapsed;
    p->drawn_started = st->started;
    p->drawn_done = st->done;
    p->hidden = p->tty && !progress_foreground(p);
    if (p->hidden && !final)
        return;
    if (!p->headed) {
        progress_clear(p);
        progress_header(p, st);
    }
    progress_render(p, st, p->tty ? progress_term_width(p->fd) : 0, final, &l);
    if (p->tty) {
        progress_put(p, &l, final);
        return;
    }
    l.s[l.len] = '\n';
    progress_write(p, l.s, l.len + 1);
}

/* Seconds until a redraw is due, or -1 when none will be until the counts change. */
static double progress_wait(const struct progress *p, const struct progress_state *st)
{
    int changed = st->started != p->drawn_started || st->done != p->drawn_done;
    double due;

    if (p->ended)
        return -1;
    if (p->tty) {
        if (p->drawn_at < 0)
            return 0;
        due = p->drawn_at + (p->hidden || (!changed && p->shown) ? PROGRESS_TICK : PROGRESS_GAP);
    } else {
        if (!changed)
            return -1;
        /* Lines thin out as a run goes on: a long run in a cron mail stays a few dozen. */
        double gap = p->drawn_at / 10 > PROGRESS_LOG_GAP ? p->drawn_at / 10 : PROGRESS_LOG_GAP;
        due = p->drawn_at + gap;
    }
    /* Within a millisecond is due: sums of tenths in floating point fall a little short. */
    return due - st->elapsed > 0.001 ? due - st->elapsed : 0;
}

void progress_update(struct progress *p, const struct progress_state *st)
{
    if (progress_wait(p, st) == 0)
        progress_draw(p, st, 0);
}

int progress_timeout(const struct progress *p, const struct progress_state *st)
{
    double w = progress_wait(p, st);

    if (w < 0)
        return -1;
    if (w > 86400)
        return 86400000;
    int ms = (int)(w * 1000);
    return (double)ms < w * 1000 ? ms + 1 : ms;
}

void progress_clear(struct progress *p)
{
    char out[1 + PROGRESS_MAX + 1];

    if (!p->tty || p->shown == 0)
        return;
    out[0] = '\r';
    memset(out + 1, ' ', p->shown);
    out[p->shown + 1] = '\r';
    progress_write(p, out, p->shown + 2);
    p->shown = 0;
}

void progress_end(struct progress *p, const struct progress_state *st)
{
    if (p->ended)
        return;
    progress_draw(p, st, 1);
    p->ended = 1;
}
