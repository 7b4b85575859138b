/* timeline: the picture of a run, as plain SVG that lanes writes itself. */
#include "timeline.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "joblog.h"
#include "util.h"

#define TL_CMD_MAX 120 /* bytes of a command kept for its hover title */
#define TL_WIDTH 960.0 /* pixels of time across */
#define TL_LEFT 110.0  /* room for the row labels */
#define TL_TOP 52.0    /* room for the heading and the time axis */
#define TL_BAND 18.0   /* a host's heading under -S */
#define TL_LEGEND 40.0

/* How a job ended, from the best to the worst; each has its colour. */
enum tl_kind { TL_OK, TL_FAIL, TL_SIGNAL, TL_TIMEOUT, TL_ENDED, TL_KINDS };
static const char *const tl_class[TL_KINDS] = {"ok", "fail", "signal", "timeout", "ended"};
static const char *const tl_fill[TL_KINDS] = {"#4c9a6a", "#d9473f", "#8e44ad", "#e08e0b",
                                              "#6b7378"};
static const char *const tl_name[TL_KINDS] = {"succeeded", "failed", "killed by a signal",
                                              "timed out", "ended by lanes"};

struct tl_job {
    unsigned long seq, slot;
    size_t host; /* index in hosts; 0 is this machine */
    double start, runtime;
    int exitval, sig;
    enum tl_kind kind;
    char *cmd; /* at most TL_CMD_MAX bytes of it */
};

struct timeline {
    FILE *f;
    char *path;
    struct tl_job *jobs;
    size_t n, cap;
    char **hosts;
    size_t nhosts;
};

/* The bars of one row merged while they are thinner than a pixel. */
struct tl_group {
    size_t first; /* the job it began with */
    size_t count;
    size_t kinds[TL_KINDS];
    double x0, x1, busy;
    unsigned long seq_lo, seq_hi;
};

/* The geometry of the picture. */
struct tl_geom {
    double t0, span, scale, row_h;
    size_t rows;
    unsigned long *nslots; /* per host: its rows */
    double *band_y;        /* per host: the y of its first row */
    double height;
};

static struct timeline *timeline_alloc(FILE *f, const char *path)
{
    struct timeline *t = xcalloc(1, sizeof *t);

    t->f = f;
    t->path = xstrdup(path);
    t->hosts = xcalloc(1, sizeof *t->hosts);
    t->hosts[0] = xstrdup(":");
    t->nhosts = 1;
    return t;
}

static FILE *timeline_open(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

    if (f == NULL && fd >= 0)
        close(fd);
    return f;
}

struct timeline *timeline_new(const char *path)
{
    FILE *f = timeline_open(path);

    if (f == NULL)
        util_die_errno("cannot write --timeline '%s'", path);
    return timeline_alloc(f, path);
}

void timeline_free(struct timeline *t)
{
    if (t == NULL)
        return;
    if (t->f)
        fclose(t->f);
    for (size_t i = 0; i < t->n; i++)
        free(t->jobs[i].cmd);
    for (size_t i = 0; i < t->nhosts; i++)
        free(t->hosts[i]);
    free(t->hosts);
    free(t->jobs);
    free(t->path);
    free(t);
}

/* The index of host (NULL or ":" is this machine), added when new. */
static size_t timeline_host(struct timeline *t, const char *host)
{
    if (host == NULL || strcmp(host, ":") == 0)
        return 0;
    for (size_t i = 1; i < t->nhosts; i++)
        if (strcmp(t->hosts[i], host) == 0)
            return i;
    t->hosts = xreallocarray(t->hosts, t->nhosts + 1, sizeof *t->hosts);
    t->hosts[t->nhosts] = xstrdup(host);
    return t->nhosts++;
}

static enum tl_kind timeline_kind(int exitval, int sig, int ended)
{
    if (ended)
        return TL_ENDED;
    if (exitval == -1) /* as GNU parallel logs a job it ended at --timeout */
        return TL_TIMEOUT;
    if (sig != 0)
        return TL_SIGNAL;
    return exitval != 0 ? TL_FAIL : TL_OK;
}

static void timeline_push(struct timeline *t, const struct tl_job *j, const char *cmd)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->jobs = xreallocarray(t->jobs, t->cap, sizeof *t->jobs);
    }
    t->jobs[t->n] = *j;
    t->jobs[t->n++].cmd = xstrndup(cmd ? cmd : "", TL_CMD_MAX);
}

void timeline_add(struct timeline *t, const struct jobinfo *ji, int ended)
{
    struct tl_job j = {
        .seq = ji->seq,
        .slot = ji->slot ? ji->slot : 1,
        .host = timeline_host(t, ji->host),
        .start = ji->start,
        .runtime = ji->runtime > 0 ? ji->runtime : 0,
        .exitval = ji->exitval,
        .sig = ji->signal,
        .kind = timeline_kind(ji->exitval, ji->signal, ended),
    };
    timeline_push(t, &j, ji->cmd);
}

/* ---- writing ---- */

/* Text for XML: markup characters escaped; control characters, invalid UTF-8 and the two
 * non-characters XML forbids become '?'. */
static void tl_text(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p) {
        size_t n = *p < 0x80                  ? 1
                   : *p >= 0xc2 && *p <= 0xdf ? 2
                   : *p >= 0xe0 && *p <= 0xef ? 3
                   : *p >= 0xf0 && *p <= 0xf4 ? 4
                                              : 0;
        size_t k = 1;
        while (k < n && (p[k] & 0xc0) == 0x80)
            k++;
        int bad = n == 0 || k < n || (n == 3 && p[0] == 0xe0 && p[1] < 0xa0) ||
                  (n == 3 && p[0] == 0xed && p[1] >= 0xa0) ||
                  (n == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe) ||
                  (n == 4 && p[0] == 0xf0 && p[1] < 0x90) ||
                  (n == 4 && p[0] == 0xf4 && p[1] >= 0x90);
        if (bad) {
            fputc('?', f);
            p += k;
            continue;
        }
        if (n > 1)
            fwrite(p, 1, n, f);
        else if (*p == '&')
            fputs("&amp;", f);
        else if (*p == '<')
            fputs("&lt;", f);
        else if (*p == '>')
            fputs("&gt;", f);
        else if (*p == '"')
            fputs("&quot;", f);
        else
            fputc(*p < 0x20 && *p != '\n' && *p != '\t' ? '?' : *p, f);
        p += n;
    }
}

static const char *tl_signame(int sig)
{
    static const struct {
        int sig;
        const char *name;
    } names[] = {{SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"},
                 {SIGILL, "SIGILL"},   {SIGABRT, "SIGABRT"}, {SIGFPE, "SIGFPE"},
                 {SIGKILL, "SIGKILL"}, {SIGSEGV, "SIGSEGV"}, {SIGPIPE, "SIGPIPE"},
                 {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"}, {SIGBUS, "SIGBUS"},
                 {SIGUSR1, "SIGUSR1"}, {SIGUSR2, "SIGUSR2"}, {SIGXCPU, "SIGXCPU"}};

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].sig == sig)
            return names[i].name;
    return "a signal";
}

/* How a job ended, in a few words: "exit 3", "SIGKILL", "timed out". */
static void tl_how(char *buf, size_t size, const struct tl_job *j)
{
    if (j->kind == TL_TIMEOUT)
        snprintf(buf, size, "timed out");
    else if (j->kind == TL_ENDED)
        snprintf(buf, size, "ended");
    else if (j->kind == TL_SIGNAL && strcmp(tl_signame(j->sig), "a signal") == 0)
        snprintf(buf, size, "signal %d", j->sig);
    else if (j->kind == TL_SIGNAL)
        snprintf(buf, size, "%s", tl_signame(j->sig));
    else
        snprintf(buf, size, "exit %d", j->exitval);
}

static double tl_x(const struct tl_geom *g, double t)
{
    return TL_LEFT + (t - g->t0) * g->scale;
}

static double tl_row_y(const struct tl_geom *g, const struct tl_job *j)
{
    return g->band_y[j->host] + (double)(j->slot - 1) * g->row_h;
}

/* One job's bar, its hover title and, where it fits, a label saying how it failed. */
static void tl_bar(FILE *f, const struct timeline *t, const struct tl_geom *g,
                   const struct tl_job *j)
{
    double x = tl_x(g, j->start), w = j->runtime * g->scale, y = tl_row_y(g, j) + 1;
    char how[32];

    w = w < 1 ? 1 : w > 3 ? w - 1 : w; /* a pixel between a job and the next in its row */
    tl_how(how, sizeof how, j);
    fprintf(
        f,
        "<rect class=\"job %s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%s\"",
        tl_class[j->kind], x, y, w, g->row_h - 2, tl_fill[j->kind]);
    if (j->kind >= TL_TIMEOUT) /* lanes ended it: marked by a dashed black edge */
        fputs(" stroke=\"#000\" stroke-dasharray=\"3,2\"", f);
    fprintf(f, "><title>#%lu", j->seq);
    if (j->host != 0) {
        fputs(" on ", f);
        tl_text(f, t->hosts[j->host]);
    }
    fprintf(f, ", slot %lu: ", j->slot);
    tl_text(f, j->cmd);
    if (strlen(j->cmd) >= TL_CMD_MAX)
        fputs("...", f);
    fprintf(f, "\n%s; %s; ran %.3f s</title></rect>\n", tl_name[j->kind], how, j->runtime);
    if (j->kind != TL_OK && g->row_h >= 10 && w >= 6.5 * (double)strlen(how))
        fprintf(
            f,
            "<text class=\"how\" x=\"%.2f\" y=\"%.1f\" fill=\"#fff\" font-size=\"10\">%s</text>\n",
            x + 2, y + g->row_h - 5, how);
}

/* Merged bars: one shape for many short jobs, coloured as the worst kind among them. */
static void tl_group_flush(FILE *f, const struct timeline *t, const struct tl_geom *g,
                           struct tl_group *gr)
{
    if (gr->count == 0)
        return;
    if (gr->count == 1) {
        tl_bar(f, t, g, &t->jobs[gr->first]);
        gr->count = 0;
        return;
    }
    enum tl_kind worst = TL_OK;
    for (int k = TL_OK; k < TL_KINDS; k++)
        if (gr->kinds[k] && (worst == TL_OK || gr->kinds[k] > gr->kinds[worst]))
            worst = k;
    double w = gr->x1 - gr->x0 < 1 ? 1 : gr->x1 - gr->x0;
    fprintf(f,
            "<rect class=\"merged %s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
            "fill=\"%s\"><title>%zu jobs, #%lu to #%lu",
            tl_class[worst], gr->x0, tl_row_y(g, &t->jobs[gr->first]) + 1, w, g->row_h - 2,
            tl_fill[worst], gr->count, gr->seq_lo, gr->seq_hi);
    for (int k = TL_OK; k < TL_KINDS; k++)
        if (gr->kinds[k])
            fprintf(f, "; %zu %s", gr->kinds[k], tl_name[k]);
    fprintf(f, "; %.3f s busy</title></rect>\n", gr->busy);
    gr->count = 0;
}

static void tl_group_add(struct tl_group *gr, const struct timeline *t, size_t i, double x,
                         double w)
{
    const struct tl_job *j = &t->jobs[i];

    if (gr->count == 0) {
        *gr = (struct tl_group){.first = i, .x0 = x, .x1 = x, .seq_lo = j->seq, .seq_hi = j->seq};
    }
    gr->count++;
    gr->kinds[j->kind]++;
    gr->busy += j->runtime;
    gr->x1 = x + w > gr->x1 ? x + w : gr->x1;
    gr->seq_lo = j->seq < gr->seq_lo ? j->seq : gr->seq_lo;
    gr->seq_hi = j->seq > gr->seq_hi ? j->seq : gr->seq_hi;
}

/* The bars, row by row (the jobs are sorted by host, slot and start): a bar a pixel wide or
 * more is drawn alone; thinner ones that touch are merged into shapes about a pixel wide, so
 * that a failure among thousands of short jobs still shows where it happened. */
static void tl_bars(FILE *f, const struct timeline *t, const struct tl_geom *g)
{
    struct tl_group gr = {0};

    fputs("<g class=\"jobs\">\n", f);
    for (size_t i = 0; i < t->n; i++) {
        const struct tl_job *j = &t->jobs[i];
        double x = tl_x(g, j->start), w = j->runtime * g->scale;
        if (gr.count && (t->jobs[gr.first].host != j->host || t->jobs[gr.first].slot != j->slot ||
                         w >= 1 || x > gr.x1 + 1 || gr.x1 - gr.x0 >= 1))
            tl_group_flush(f, t, g, &gr);
        if (w >= 1)
            tl_bar(f, t, g, j);
        else
            tl_group_add(&gr, t, i, x, w);
    }
    tl_group_flush(f, t, g, &gr);
    fputs("</g>\n", f);
}

/* A round step for about eight ticks across span seconds, and the decimals it needs. */
static double tl_step(double span, int *decimals)
{
    double raw = span / 8, p = 1;

    while (p * 10 <= raw)
        p *= 10;
    while (p > raw)
        p /= 10;
    double step = raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
    *decimals = 0;
    for (double s = step; s < 0.999 && *decimals < 6; s *= 10)
        (*decimals)++;
    return step;
}

static void tl_axis(FILE *f, const struct tl_geom *g)
{
    int dec;
    double step = tl_step(g->span, &dec);

    fputs("<g class=\"axis\" stroke=\"#ccc\">\n", f);
    for (int i = 0; i * step <= g->span * 1.0001; i++) {
        double x = TL_LEFT + i * step * g->scale;
        fprintf(f, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\"/>\n", x, TL_TOP - 6, x,
                TL_TOP + (g->height - TL_TOP - TL_LEGEND));
        fprintf(f,
                "<text x=\"%.2f\" y=\"%.1f\" stroke=\"none\" fill=\"#333\" "
                "text-anchor=\"middle\">%.*f s</text>\n",
                x, TL_TOP - 10, dec, i * step);
    }
    fputs("</g>\n", f);
}

/* Row labels and stripes; under -S a heading for each host's band. */
static void tl_rows(FILE *f, const struct timeline *t, const struct tl_geom *g)
{
    int bands = t->nhosts > 1;

    fputs("<g class=\"rows\">\n", f);
    for (size_t h = 0; h < t->nhosts; h++) {
        if (g->nslots[h] == 0)
            continue;
        if (bands) {
            fprintf(f, "<text class=\"host\" x=\"4\" y=\"%.1f\" font-weight=\"bold\">",
                    g->band_y[h] - 5);
            tl_text(f, h == 0 ? "this machine" : t->hosts[h]);
            fputs("</text>\n", f);
        }
        for (unsigned long s = 0; s < g->nslots[h]; s++) {
            double y = g->band_y[h] + (double)s * g->row_h;
            fprintf(f,
                    "<rect class=\"row\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    "fill=\"%s\"/>\n",
                    TL_LEFT, y, TL_WIDTH, g->row_h, s % 2 ? "#f4f4f4" : "#fafafa");
            if (g->row_h >= 10)
                fprintf(f,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">slot "
                        "%lu</text>\n",
                        TL_LEFT - 6, y + g->row_h - 4, s + 1);
        }
    }
    fputs("</g>\n", f);
}

static void tl_legend(FILE *f, const struct tl_geom *g, const size_t *counts)
{
    double x = TL_LEFT, y = g->height - TL_LEGEND + 16;

    fputs("<g class=\"legend\">\n", f);
    for (int k = TL_OK; k < TL_KINDS; k++) {
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"%s/>\n", x, y,
                tl_fill[k], k >= TL_TIMEOUT ? " stroke=\"#000\" stroke-dasharray=\"3,2\"" : "");
        fprintf(f, "<text class=\"count %s\" x=\"%.1f\" y=\"%.1f\">%s: %zu</text>\n", tl_class[k],
                x + 16, y + 10, tl_name[k], counts[k]);
        x += 180;
    }
    fputs("</g>\n", f);
}

static int tl_cmp(const void *a, const void *b)
{
    const struct tl_job *x = a, *y = b;

    if (x->host != y->host)
        return x->host < y->host ? -1 : 1;
    if (x->slot != y->slot)
        return x->slot < y->slot ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Where everything goes: the time span, the rows of each host's band, the height. */
static void tl_geom(const struct timeline *t, struct tl_geom *g)
{
    double t1 = 0;

    g->t0 = t->n ? t->jobs[0].start : 0;
    for (size_t i = 0; i < t->n; i++) {
        const struct tl_job *j = &t->jobs[i];
        g->t0 = j->start < g->t0 ? j->start : g->t0;
        t1 = j->start + j->runtime > t1 ? j->start + j->runtime : t1;
        if (j->slot > g->nslots[j->host])
            g->nslots[j->host] = j->slot;
    }
    g->span = t1 - g->t0 > 0.001 ? t1 - g->t0 : 0.001;
    g->scale = TL_WIDTH / g->span;
    g->rows = 0;
    for (size_t h = 0; h < t->nhosts; h++)
        g->rows += g->nslots[h];
    /* up to 64 rows of 16 pixels; more share about 1024 pixels, at least 3 each */
    g->row_h = g->rows <= 64 ? 16 : 1024.0 / (double)g->rows < 3 ? 3 : 1024.0 / (double)g->rows;
    double y = TL_TOP;
    for (size_t h = 0; h < t->nhosts; h++) {
        y += t->nhosts > 1 && g->nslots[h] ? TL_BAND : 0;
        g->band_y[h] = y;
        y += (double)g->nslots[h] * g->row_h;
    }
    g->height = y + 8 + TL_LEGEND;
}

static void tl_svg(FILE *f, struct timeline *t)
{
    struct tl_geom g = {0};
    size_t counts[TL_KINDS] = {0};

    if (t->n) /* (qsort wants a base even for nothing) */
        qsort(t->jobs, t->n, sizeof *t->jobs, tl_cmp);
    g.nslots = xcalloc(t->nhosts, sizeof *g.nslots);
    g.band_y = xcalloc(t->nhosts, sizeof *g.band_y);
    tl_geom(t, &g);
    for (size_t i = 0; i < t->n; i++)
        counts[t->jobs[i].kind]++;
    double width = TL_LEFT + TL_WIDTH + 20;
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"11\" "
            "data-jobs=\"%zu\" data-slots=\"%zu\" data-hosts=\"%zu\">\n"
            "<title>lanes timeline</title>\n"
            "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
            width, g.height, width, g.height, t->n, g.rows, t->nhosts);
    fprintf(f,
            "<text x=\"4\" y=\"16\" font-size=\"13\" font-weight=\"bold\">lanes: %zu jobs, "
            "%zu not successful, on %zu slots, %.3f s</text>\n",
            t->n, t->n - counts[TL_OK], g.rows, t->n ? g.span : 0.0);
    tl_rows(f, t, &g);
    tl_axis(f, &g);
    tl_bars(f, t, &g);
    tl_legend(f, &g, counts);
    fputs("</svg>\n", f);
    free(g.nslots);
    free(g.band_y);
}

int timeline_write(struct timeline *t)
{
    tl_svg(t->f, t);
    int rc = fflush(t->f) == 0 && !ferror(t->f) ? 0 : -1;
    int saved = errno;
    if (fclose(t->f) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    t->f = NULL;
    if (rc != 0)
        util_warn("cannot write --timeline '%s': %s", t->path, strerror(saved));
    return rc;
}

/* ---- from a job log ---- */

static void tl_from_entry(void *ctx, const struct joblog_entry *e)
{
    struct timeline *t = ctx;
    struct tl_job j = {
        .seq = e->seq,
        .host = timeline_host(t, e->host),
        .start = e->start,
        .runtime = e->runtime > 0 ? e->runtime : 0,
        .exitval = e->exitval,
        .sig = e->signal,
        .kind = timeline_kind(e->exitval, e->signal, 0),
    };
    timeline_push(t, &j, e->cmd);
}

/* A log holds no slots (all 0, so tl_cmp sorts by host and start): each job gets the lowest
 * row of its host free when it started. The log rounds starts and runtimes to milliseconds, so
 * a job seems to end up to 1.5 ms after the next one in its slot started: a row is free 2 ms
 * early. */
static void tl_assign_slots(struct timeline *t)
{
    double *ends = NULL;
    size_t nends = 0, cap = 0, host = (size_t)-1;

    if (t->n)
        qsort(t->jobs, t->n, sizeof *t->jobs, tl_cmp);
    for (size_t i = 0; i < t->n; i++) {
        struct tl_job *j = &t->jobs[i];
        if (j->host != host) {
            host = j->host;
            nends = 0;
        }
        size_t r = 0;
        while (r < nends && ends[r] > j->start + 0.002)
            r++;
        if (r == nends) {
            if (nends == cap) {
                cap = cap ? 2 * cap : 16;
                ends = xreallocarray(ends, cap, sizeof *ends);
            }
            nends++;
        }
        ends[r] = j->start + j->runtime;
        j->slot = r + 1;
    }
    free(ends);
}

int timeline_from_joblog(const char *svg, const char *log)
{
    const char *path = log + (log[0] == '+');

    if (access(path, R_OK) != 0) {
        util_warn("cannot read --from-joblog '%s': %s", path, strerror(errno));
        return LANES_EXIT_ERROR;
    }
    FILE *f = timeline_open(svg);
    if (f == NULL) {
        util_warn("cannot write --timeline '%s': %s", svg, strerror(errno));
        return LANES_EXIT_ERROR;
    }
    struct timeline *t = timeline_alloc(f, svg);
    int rc = joblog_read(path, tl_from_entry, t);
    if (rc != 0)
        util_warn("cannot read --from-joblog '%s': %s", path, strerror(errno));
    else {
        tl_assign_slots(t);
        rc = timeline_write(t);
    }
    timeline_free(t);
    return rc == 0 ? 0 : LANES_EXIT_ERROR;
}
