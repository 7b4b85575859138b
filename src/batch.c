/* batch: gather the records of one job. Records are copied only when several go to a job;
 * the usual one-record job reads straight from the input. */
#include "batch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "tmpl.h"
#include "util.h"

struct batch {
    struct batch_conf c;
    const struct tmpl *t;
    struct input *in;
    struct field *f; /* fields of the records held; s is an offset into strs until handed out */
    size_t nf, capf;
    size_t *rec_first; /* first field of each record held */
    size_t *rec_cost;
    size_t nrec, caprec;
    size_t taken; /* records already handed to jobs */
    struct buf strs;
    int end;       /* the input has ended */
    size_t spread; /* records a job once the input has ended short of a full line */
    size_t base;   /* length of the command line with no argument */
    /* The first fit_n records not taken fit in a line of fit_chars: a record that arrives is
     * weighed against them, not all of them again. */
    size_t fit_n, fit_chars;
    struct field *out;
    size_t capout;
};

struct batch *batch_new(const struct batch_conf *c, const struct tmpl *t, struct input *in)
{
    struct batch *b = xcalloc(1, sizeof *b);

    b->c = *c;
    b->t = t;
    b->in = in;
    if (c->multi) { /* the line with one empty argument, less what that argument costs */
        struct buf cmd = {0};
        struct field empty = {"", 0};
        struct rec one = {1, &empty};
        struct tmpl_vals v = {.rec = &one, .seq = 1, .slot = 1};
        tmpl_expand_shell(t, &v, &cmd);
        size_t cost = tmpl_arg_cost(t, &empty);
        b->base = cmd.len > cost ? cmd.len - cost : 0;
        buf_free(&cmd);
    }
    b->fit_chars = b->base;
    return b;
}

void batch_free(struct batch *b)
{
    free(b->f);
    free(b->rec_first);
    free(b->rec_cost);
    free(b->out);
    buf_free(&b->strs);
    free(b);
}

static void batch_hold(struct batch *b, const struct rec *r)
{
    if (b->nrec == b->caprec) {
        b->caprec = b->caprec ? 2 * b->caprec : 64;
        b->rec_first = xreallocarray(b->rec_first, b->caprec, sizeof *b->rec_first);
        b->rec_cost = xreallocarray(b->rec_cost, b->caprec, sizeof *b->rec_cost);
    }
    b->rec_first[b->nrec] = b->nf;
    b->rec_cost[b->nrec] = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (b->nf == b->capf) {
            b->capf = b->capf ? 2 * b->capf : 64;
            b->f = xreallocarray(b->f, b->capf, sizeof *b->f);
        }
        b->f[b->nf++] = (struct field){(const char *)(uintptr_t)b->strs.len, r->f[i].len};
        buf_append(&b->strs, r->f[i].s, r->f[i].len);
        buf_addc(&b->strs, '\0');
        b->rec_cost[b->nrec] += tmpl_arg_cost(b->t, &r->f[i]);
    }
    b->nrec++;
}

/* How many held records, from the first not taken, make one job; 0 when the line is not
 * full yet and more input may come. */
static size_t batch_fit(struct batch *b)
{
    size_t avail = b->nrec - b->taken;

    while (b->fit_n < avail) {
        size_t n = b->fit_n, chars = b->fit_chars + b->rec_cost[b->taken + n];
        if (b->c.max_args && n == b->c.max_args)
            return n;
        if (chars >= b->c.max_chars) {
            if (n == 0 && b->c.exit_too_long)
                util_die("command line too long (%zu >= %zu, -s) at input '%s'", chars,
                         b->c.max_chars, b->strs.data + (uintptr_t)b->f[b->rec_first[b->taken]].s);
            return n ? n
                     : 1; /* (default -s) a record too long alone goes, if the system takes it */
        }
        b->fit_chars = chars;
        b->fit_n++;
    }
    if (!b->end)
        return 0;
    size_t n = b->fit_n;
    if (b->c.spread && b->spread == 0) /* the last, short line: spread over the slots */
        b->spread = (avail + (size_t)b->c.jobs - 1) / (size_t)b->c.jobs;
    return b->spread && b->spread < n ? b->spread : n;
}

/* Drop the records handed out, keeping the rest at the front. */
static void batch_compact(struct batch *b)
{
    if (b->taken == 0)
        return;
    size_t f0 = b->taken < b->nrec ? b->rec_first[b->taken] : b->nf;
    size_t s0 = f0 < b->nf ? (uintptr_t)b->f[f0].s : b->strs.len;
    memmove(b->strs.data, b->strs.data + s0, b->strs.len - s0);
    b->strs.len -= s0;
    for (size_t i = f0; i < b->nf; i++)
        b->f[i - f0] = (struct field){(const char *)((uintptr_t)b->f[i].s - s0), b->f[i].len};
    b->nf -= f0;
    for (size_t r = b->taken; r < b->nrec; r++) {
        b->rec_first[r - b->taken] = b->rec_first[r] - f0;
        b->rec_cost[r - b->taken] = b->rec_cost[r];
    }
    b->nrec -= b->taken;
    b->taken = 0;
}

static void batch_out(struct batch *b, size_t n, struct rec *r)
{
    size_t first = b->rec_first[b->taken];
    size_t last = b->taken + n < b->nrec ? b->rec_first[b->taken + n] : b->nf;

    if (last - first > b->capout) {
        b->capout = last - first;
        b->out = xreallocarray(b->out, b->capout, sizeof *b->out);
    }
    for (size_t i = first; i < last; i++)
        b->out[i - first] = (struct field){b->strs.data + (uintptr_t)b->f[i].s, b->f[i].len};
    r->n = b->c.insert_none ? 0 : last - first;
    r->f = b->out;
    b->taken += n;
    b->fit_n = 0;
    b->fit_chars = b->base;
}

enum input_status batch_next(struct batch *b, struct rec *r, int may_block)
{
    if (!b->c.multi)
        return input_next(b->in, r, may_block);
    batch_compact(b);
    for (;;) {
        size_t n = batch_fit(b);
        if (n > 0) {
            batch_out(b, n, r);
            return INPUT_REC;
        }
        if (b->end)
            return INPUT_END;
        struct rec one;
        enum input_status st = input_next(b->in, &one, may_block);
        if (st == INPUT_WAIT)
            return st;
        if (st == INPUT_END)
            b->end = 1;
        else
            batch_hold(b, &one);
    }
}

/* GNU parallel's search for the longest command line, which it runs as `echo ccc... && true`
 * through sh -c, for a system that takes such a line of up to fits bytes: up from 324 by 16
 * times until one fails, then halving the gap until it is 1% of it. Simulated, not run, so
 * that lanes reports and uses the same number, to the byte, without starting a process. */
static size_t batch_gnu_search(size_t fits)
{
    size_t lower, upper = 324;

    do {
        lower = upper;
        upper *= 16;
    } while (upper + 8 <= fits && upper < ((size_t)1 << 40)); /* 8: " && true" */
    while (lower != upper && lower + 1 != upper && (double)lower / (double)upper <= 0.99) {
        size_t middle = lower + (upper - lower) / 2;
        if (middle + 8 <= fits)
            lower = middle;
        else
            upper = middle;
    }
    return lower;
}

size_t batch_max_command(void)
{
    extern char **environ;
    long arg_max = sysconf(_SC_ARG_MAX), page = sysconf(_SC_PAGESIZE);
    size_t env = 0, fits = (page > 0 ? (size_t)page : 4096) * 32 - 1;

    /* Linux caps one argument, the command string of sh -c, at 32 pages (the NUL in them);
     * the arguments and the environment together at ARG_MAX. */
    for (char **e = environ; *e; e++)
        env += strlen(*e) + 1 + sizeof *e;
    if (arg_max > 0 && (size_t)arg_max < fits + env + 2048)
        fits = (size_t)arg_max > env + 4096 ? (size_t)arg_max - env - 2048 : 2048;
    return batch_gnu_search(fits);
}
