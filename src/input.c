/* input: input sources and their combination. A lone first source (the usual case: stdin)
 * is read as a stream, one record at a time, so the first jobs start before input ends and
 * memory stays flat; the sources a cartesian product or a link needs again are read whole. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cols.h"
#include "source.h"
#include "util.h"

/* Sources side by side; the product runs over groups, the last varying fastest. */
struct group {
    size_t first, count;
    int wrap;   /* --link: shorter sources start over; :::+ stops at the shortest */
    size_t len; /* values in the group, when read whole */
    size_t idx;
};

struct input {
    char delim[64];
    struct source *src;
    size_t n;
    struct input_conf conf;
    struct cols *cols;
    int started;
    struct group *grp;
    size_t ngrp;
    int stream;                     /* group 0 is one source read as a stream */
    int need0;                      /* group 0 moves on before the next record */
    int empty;                      /* some group has no values: no records at all */
    enum input_status stream_first; /* INPUT_REC: cur0 already holds the stream's first value */
    struct field cur0;
    struct buf cur0_copy;
    struct field *f; /* the record being handed out */
    size_t nf, capf;
    struct buf strs;
    char **names;
    size_t nnames;
    struct rec *all; /* --shuf: every record */
    size_t nall, iall;
    int crnl[2];     /* of the first values read from files: how many end in CR, how many not */
    int delim_given; /* -d or -0 */
};

struct input *input_new(void)
{
    struct input *in = xcalloc(1, sizeof *in);

    in->conf.delim = "\n";
    in->conf.delim_len = 1;
    in->need0 = 1;
    return in;
}

void input_configure(struct input *in, const struct input_conf *conf)
{
    in->conf = *conf;
    cols_free(in->cols); /* compiled now, so a bad --colsep stops lanes before any job */
    in->cols = cols_new(conf->colsep, conf->trim, conf->csv);
    in->delim_given = conf->delim != NULL;
    if (conf->delim == NULL || conf->delim_len == 0 || conf->delim_len > sizeof in->delim) {
        in->conf.delim = "\n";
        in->conf.delim_len = 1;
        return;
    }
    memcpy(in->delim, conf->delim, conf->delim_len); /* the caller's string may not last */
    in->conf.delim = in->delim;
}

void input_free(struct input *in)
{
    for (size_t i = 0; i < in->n; i++)
        source_free(&in->src[i]);
    for (size_t i = 0; i < in->nall; i++) {
        for (size_t k = 0; k < in->all[i].n; k++)
            free((char *)(uintptr_t)in->all[i].f[k].s);
        free(in->all[i].f);
    }
    for (size_t i = 0; i < in->nnames; i++)
        free(in->names[i]);
    free(in->names);
    free(in->all);
    free(in->src);
    free(in->grp);
    free(in->f);
    buf_free(&in->strs);
    buf_free(&in->cur0_copy);
    cols_free(in->cols);
    free(in);
}

static struct source *input_push(struct input *in)
{
    in->src = xreallocarray(in->src, in->n + 1, sizeof *in->src);
    struct source *s = &in->src[in->n++];
    *s = (struct source){.fd = -1};
    return s;
}

void input_add_args(struct input *in, char **args, int n)
{
    struct source *s = input_push(in);

    s->args = args;
    s->nargs = n;
}

void input_add_file(struct input *in, const char *path)
{
    int fd = 0;

    if (strcmp(path, "-") != 0) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            util_die_errno("cannot open input file '%s'", path);
    }
    struct source *s = input_push(in);
    s->fd = fd;
    s->name = path;
}

void input_link(struct input *in, size_t i)
{
    in->src[i].linked = 1;
}

void input_default_stdin(struct input *in)
{
    if (in->n > 0)
        return;
    input_add_file(in, "-");
    in->src[0].implied = 1;
}

int input_reads_stdin(const struct input *in)
{
    for (size_t i = 0; i < in->n; i++)
        if (in->src[i].args == NULL && in->src[i].fd == 0)
            return 1;
    return 0;
}

size_t input_nsources(const struct input *in)
{
    return in->n;
}

int input_source_fd(const struct input *in, size_t i)
{
    return in->src[i].fd;
}

int input_fd(const struct input *in)
{
    return in->stream ? in->src[0].fd : -1;
}

void input_read(struct input *in)
{
    source_read(&in->src[0]);
}

static int blank(const struct field *f)
{
    return strspn(f->s, " \t\r\n\f\v") >= f->len;
}

/* Values read from files with no -d or -0, that end in a carriage return: after the first
 * three do, a warning suggests -d '\r\n', as GNU parallel's does. Values keep their CR. */
static void input_crnl(struct input *in, const struct source *s, const struct field *f)
{
    if (s->args != NULL || in->delim_given || in->crnl[0] + in->crnl[1] >= 3)
        return;
    in->crnl[f->len > 0 && f->s[f->len - 1] == '\r']++;
    if (in->crnl[1] == 3)
        util_warn("warning: the first three values end in CR-NL (DOS line ends), and the CR is "
                  "kept; -d '\\r\\n' takes both off");
}

/* The next value of source i, after -E, -r, --skip-first-line and --header have had
 * their say. */
static enum input_status source_value(struct input *in, size_t i, struct field *f, int may_block)
{
    struct source *s = &in->src[i];

    for (;;) {
        if (s->ended)
            return INPUT_END;
        enum input_status st = source_raw(s, &in->conf, f, may_block);
        if (st != INPUT_REC)
            return st;
        input_crnl(in, s, f);
        int first = s->values_read++ == 0;
        if ((first && in->conf.header) || (first && i == 0 && in->conf.skip_first))
            continue;
        if (in->conf.eof && strcmp(f->s, in->conf.eof) == 0) {
            s->ended = 1;
            return INPUT_END;
        }
        if (in->conf.skip_empty && blank(f))
            continue;
        return INPUT_REC;
    }
}

static void source_load(struct input *in, size_t i)
{
    struct field f;
    size_t cap = 0;

    while (source_value(in, i, &f, 1) == INPUT_REC)
        source_push(&in->src[i], &f, &cap);
}

/* Column names from the first value of each source (after the first source's first value, with
 * --skip-first-line, as in GNU parallel). */
static void input_read_names(struct input *in)
{
    struct buf strs = {0};
    struct field *f = NULL, v;
    size_t n = 0, cap = 0;

    for (size_t i = 0; i < in->n; i++) {
        struct source *s = &in->src[i];
        if (i == 0 && in->conf.skip_first && source_raw(s, &in->conf, &v, 1) == INPUT_REC)
            s->values_read = 1;
        if (source_raw(s, &in->conf, &v, 1) != INPUT_REC)
            continue;
        s->values_read = 1;
        if (v.len > 0 && v.s[v.len - 1] == '\r') /* a CRLF header names columns, not CRs */
            v.len--;
        cols_split(in->cols, v.s, v.len, &f, &n, &cap, &strs);
    }
    cols_fixup(f, 0, n, &strs);
    in->names = xreallocarray(NULL, n, sizeof *in->names);
    for (size_t i = 0; i < n; i++)
        in->names[i] = xstrdup(f[i].s);
    in->nnames = n;
    free(f);
    buf_free(&strs);
}

static void input_group(struct input *in)
{
    for (size_t i = 0; i < in->n; i++) {
        if (i > 0 && (in->src[i].linked || in->conf.link_all)) {
            in->grp[in->ngrp - 1].count++;
            continue;
        }
        in->grp = xreallocarray(in->grp, in->ngrp + 1, sizeof *in->grp);
        in->grp[in->ngrp++] = (struct group){.first = i, .count = 1, .wrap = in->conf.link_all};
    }
}

/* Among several sources, an empty one counts as one empty value (as in GNU parallel),
 * unless every source is empty. The stream's first value is read to tell. */
static void input_fill_empty(struct input *in)
{
    int any = 0;

    if (in->n < 2)
        return;
    if (in->stream) {
        in->stream_first = source_value(in, 0, &in->cur0, 1);
        any = in->stream_first == INPUT_REC;
    }
    for (size_t i = in->stream; i < in->n; i++)
        any |= in->src[i].nvals > 0;
    for (size_t i = in->stream; i < in->n && any; i++) {
        size_t cap = in->src[i].nvals;
        if (in->src[i].nvals == 0)
            source_push(&in->src[i], &(struct field){"", 0}, &cap);
    }
    if (any && in->stream && in->stream_first == INPUT_END) {
        in->cur0 = (struct field){"", 0};
        in->stream_first = INPUT_REC;
    }
}

static void group_measure(struct input *in, struct group *gr)
{
    for (size_t i = gr->first; i < gr->first + gr->count; i++) {
        size_t nv = in->src[i].nvals;
        if (i == gr->first || (gr->wrap ? nv > gr->len : nv < gr->len))
            gr->len = nv;
        if (nv == 0)
            gr->len = 0;
    }
    if (gr->len == 0)
        in->empty = 1;
}

static void input_start(struct input *in)
{
    in->started = 1;
    if (in->conf.header && in->names == NULL)
        input_read_names(in);
    input_group(in);
    in->stream = in->grp[0].count == 1 && !in->conf.shuffle && !in->conf.count;
    for (size_t i = in->stream; i < in->n; i++)
        source_load(in, i);
    input_fill_empty(in);
    for (size_t g = in->stream; g < in->ngrp; g++)
        group_measure(in, &in->grp[g]);
}

/* --header 0: each source read from a file is named by the file name as given, and no line is
 * a header. As in GNU parallel, ::: lists and the implied stdin take no name and no number, so
 * a file after a ::: list names field 1. */
static void input_file_names(struct input *in)
{
    in->names = xreallocarray(NULL, in->n, sizeof *in->names);
    for (size_t i = 0; i < in->n; i++)
        if (in->src[i].args == NULL && !in->src[i].implied)
            in->names[in->nnames++] = xstrdup(in->src[i].name);
}

void input_names(struct input *in, char ***names, size_t *n)
{
    if (in->names == NULL && in->conf.header_files)
        input_file_names(in);
    if (in->names == NULL)
        input_read_names(in);
    *names = in->names;
    *n = in->nnames;
}

static void rec_add(struct input *in, const struct field *v)
{
    if (cols_splits(in->cols) || in->conf.trim) {
        cols_split(in->cols, v->s, v->len, &in->f, &in->nf, &in->capf, &in->strs);
        return;
    }
    if (in->nf == in->capf) {
        in->capf = in->capf ? 2 * in->capf : 8;
        in->f = xreallocarray(in->f, in->capf, sizeof *in->f);
    }
    in->f[in->nf++] = *v;
}

/* The record of the current position: group 0's value, then each group's at its index. */
static void input_build(struct input *in, struct rec *r)
{
    in->nf = 0;
    buf_reset(&in->strs);
    for (size_t g = 0; g < in->ngrp; g++) {
        const struct group *gr = &in->grp[g];
        for (size_t i = gr->first; i < gr->first + gr->count; i++) {
            struct field v = g == 0 && in->stream ? in->cur0 : source_at(&in->src[i], gr->idx);
            rec_add(in, &v);
        }
    }
    if (cols_splits(in->cols) || in->conf.trim)
        cols_fixup(in->f, 0, in->nf, &in->strs);
    r->n = in->nf;
    r->f = in->f;
}

/* Move the odometer: the last group fastest; group 0 moves when the rest wrap. */
static void input_advance(struct input *in)
{
    for (size_t g = in->ngrp; g-- > 1;) {
        if (++in->grp[g].idx < in->grp[g].len)
            return;
        in->grp[g].idx = 0;
    }
    if (!in->stream)
        in->grp[0].idx++;
    in->need0 = 1;
}

static enum input_status input_next_ordered(struct input *in, struct rec *r, int may_block)
{
    if (in->empty)
        return INPUT_END;
    if (in->need0) {
        if (in->stream) {
            enum input_status st = in->stream_first;
            if (st == INPUT_END)
                st = source_value(in, 0, &in->cur0, may_block);
            in->stream_first = INPUT_END;
            if (st != INPUT_REC)
                return st;
            if (in->ngrp > 1) { /* the stream's buffer moves on while the product runs */
                buf_reset(&in->cur0_copy);
                buf_append(&in->cur0_copy, in->cur0.s, in->cur0.len);
                in->cur0.s = buf_cstr(&in->cur0_copy);
            }
        } else if (in->grp[0].idx >= in->grp[0].len) {
            return INPUT_END;
        }
        in->need0 = 0;
    }
    input_build(in, r);
    input_advance(in);
    return INPUT_REC;
}

/* A value copied by its length (strndup would stop at a NUL the length counts). */
static struct field input_copy(const struct field *f)
{
    char *s = xmalloc(f->len + 1);

    memcpy(s, f->s, f->len);
    s[f->len] = '\0';
    return (struct field){s, f->len};
}

/* --shuf, or a count asked for: every record, read up front (in random order with --shuf). */
static void input_shuffle(struct input *in)
{
    struct rec r;
    size_t cap = 0;

    while (input_next_ordered(in, &r, 1) == INPUT_REC) {
        if (in->nall == cap) {
            cap = cap ? 2 * cap : 64;
            in->all = xreallocarray(in->all, cap, sizeof *in->all);
        }
        struct rec *c = &in->all[in->nall++];
        c->n = r.n;
        c->f = xreallocarray(NULL, r.n, sizeof *c->f);
        for (size_t k = 0; k < r.n; k++)
            c->f[k] = input_copy(&r.f[k]);
    }
    for (size_t i = in->nall; in->conf.shuffle && i > 1; i--) {
        size_t j = arc4random_uniform((uint32_t)i);
        struct rec t = in->all[i - 1];
        in->all[i - 1] = in->all[j];
        in->all[j] = t;
    }
}

enum input_status input_next(struct input *in, struct rec *r, int may_block)
{
    if (!in->started) {
        input_start(in);
        if (in->conf.shuffle || in->conf.count)
            input_shuffle(in);
    }
    if (!in->conf.shuffle && !in->conf.count)
        return input_next_ordered(in, r, may_block);
    if (in->iall >= in->nall)
        return INPUT_END;
    *r = in->all[in->iall++];
    return INPUT_REC;
}

unsigned long input_total(struct input *in)
{
    if (!in->started) {
        input_start(in);
        input_shuffle(in);
    }
    return in->nall;
}
