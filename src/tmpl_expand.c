/* tmpl_expand: a compiled template (tmpl.c) expanded for one job: as a shell command line,
 * as raw text (tags, paths), or as argv for direct exec; and what a value adds to a command
 * line's length (-X, -s). */
#include "tmpl.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perl.h"
#include "plus.h"
#include "quote.h"
#include "tmpl_parts.h"
#include "util.h"

/* dirname(1) as Perl's File::Basename has it: trailing slashes and the last component go,
 * "." when nothing is left, "/" for the root (also for "//", which libc may keep). */
static void tmpl_path_dirname(const char *s, size_t len, struct buf *out)
{
    while (len > 1 && s[len - 1] == '/')
        len--;
    while (len > 0 && s[len - 1] != '/')
        len--;
    while (len > 1 && s[len - 1] == '/')
        len--;
    if (len == 0)
        buf_addc(out, '.');
    else
        buf_append(out, s, len);
}

/* Apply a modifier the way GNU parallel does: {.} drops the last .ext of the last path
 * component, {/} keeps what follows the last slash, {//} is dirname(3). */
static void tmpl_apply_mod(enum part_mod mod, const struct field *f, struct buf *out)
{
    const char *s = f->s;
    size_t len = f->len;

    buf_reset(out);
    if (mod == M_DIR) {
        tmpl_path_dirname(s, len, out);
        return;
    }
    if (mod == M_BASE || mod == M_BASENOEXT) {
        for (size_t i = len; i-- > 0;) {
            if (s[i] == '/') {
                s += i + 1;
                len -= i + 1;
                break;
            }
        }
    }
    if (mod == M_NOEXT || mod == M_BASENOEXT) {
        for (size_t i = len; i-- > 0 && s[i] != '/';) {
            if (s[i] == '.') {
                len = i;
                break;
            }
        }
    }
    buf_append(out, s, len);
}

/* The fields a part refers to: [*first, *first + *count). */
static void tmpl_part_fields(const struct part *p, const struct rec *r, size_t *first,
                             size_t *count)
{
    *first = 0;
    *count = r->n;
    if (p->pos == 0)
        return;
    if (p->pos == LONG_MIN) {
        *count = 0;
        return;
    }
    long i = p->pos > 0 ? p->pos - 1 : (long)r->n + p->pos;
    if (i < 0 && p->pos > LONG_MIN + (long)r->n) /* {-n} past the start wraps once */
        i += (long)r->n;
    *count = i >= 0 && (size_t)i < r->n;
    *first = *count ? (size_t)i : 0;
}

/* Call emit for each value of a part, with the index of the value. */
static void tmpl_part_values(const struct part *p, const struct tmpl_vals *v, struct buf *scratch,
                             void (*emit)(void *, size_t, const char *, size_t), void *ctx)
{
    if (p->kind == P_SSHLOGIN || p->kind == P_HOST) {
        const char *h = p->kind == P_SSHLOGIN ? v->sshlogin : v->host;
        h = h ? h : ":"; /* this machine, as GNU parallel names it */
        emit(ctx, 0, h, strlen(h));
        return;
    }
    if (p->kind == P_HGRP || p->kind == P_AGRP) {
        const char *g = p->kind == P_HGRP ? v->hgrp : v->agrp;
        if (g && *g) /* none: nothing at all, not an empty word, as in GNU parallel */
            emit(ctx, 0, g, strlen(g));
        return;
    }
    if (p->kind == P_SEQ || p->kind == P_SLOT || p->kind == P_TOTAL) {
        char num[32];
        unsigned long value = p->kind == P_SEQ ? v->seq : p->kind == P_SLOT ? v->slot : v->total;
        unsigned long most = p->kind == P_SLOT ? v->slots : v->total;
        int width = p->mod == M_PAD ? snprintf(num, sizeof num, "%lu", most) : 0;
        int n = snprintf(num, sizeof num, "%0*lu", width, value);
        emit(ctx, 0, num, (size_t)n);
        return;
    }
    size_t first, count;
    tmpl_part_fields(p, v->rec, &first, &count);
    if (count == 0) /* a field the record lacks expands to nothing at all */
        return;
    for (size_t i = 0; i < count; i++) {
        const struct field *f = &v->rec->f[first + i];
        if (p->op) {
            buf_reset(scratch);
            plus_apply(p->op, f->s, strnlen(f->s, f->len), scratch);
            emit(ctx, i, scratch->data ? scratch->data : "", scratch->len);
            continue;
        }
        if (p->mod == M_NONE) {
            /* Input turns a NUL into \\0, so none reaches here; were one to, exec would end the
             * value there, in argv and in sh -c alike, and so does this. */
            emit(ctx, i, f->s, strnlen(f->s, f->len));
            continue;
        }
        tmpl_apply_mod(p->mod, f, scratch);
        emit(ctx, i, scratch->data ? scratch->data : "", scratch->len);
    }
}

static void tmpl_emit_quoted(void *ctx, size_t i, const char *s, size_t len)
{
    struct buf *out = ctx;

    if (i > 0)
        buf_addc(out, ' ');
    quote_append(out, s, len);
}

static void tmpl_emit_unquoted(void *ctx, size_t i, const char *s, size_t len)
{
    struct buf *out = ctx;

    if (i > 0)
        buf_addc(out, ' ');
    buf_append(out, s, len);
}

static void tmpl_emit_joined(void *ctx, size_t i, const char *s, size_t len)
{
    (void)i;
    buf_append(ctx, s, len);
}

/* -q: each word expanded with its values as they are, then quoted whole. */
struct qwords {
    struct buf *out;
    struct buf word;
};

static void tmpl_qword_end(struct qwords *q)
{
    if (q->out->len > 0)
        buf_addc(q->out, ' ');
    quote_append(q->out, q->word.data ? q->word.data : "", q->word.len);
    buf_reset(&q->word);
}

/* Several values in one word: each after the first starts a word of its own. */
static void tmpl_emit_qword(void *ctx, size_t i, const char *s, size_t len)
{
    struct qwords *q = ctx;

    if (i > 0)
        tmpl_qword_end(q);
    buf_append(&q->word, s, len);
}

/* Where a walk over the template sends its pieces. */
struct sink {
    void (*lit)(void *ctx, const char *s, size_t len);
    void (*val)(void *ctx, size_t i, const char *s, size_t len);
    void (*raw)(void *ctx, size_t i, const char *s, size_t len);
    void (*rep)(void *ctx);  /* between repetitions of a -X word */
    void (*wend)(void *ctx); /* -q: after each command word */
    void *ctx;
};

static int tmpl_is_all_args(const struct part *p)
{
    return (p->kind == P_ARG || p->kind == P_PERL) && p->pos == 0;
}

/* The parts [i, *end) form one word (or one run of blanks); returns whether it holds {}. */
static int tmpl_word_span(const struct tmpl *t, size_t i, size_t *end)
{
    int all = tmpl_is_all_args(&t->parts[i]);
    size_t j = i + 1;

    while (j < t->n && !t->parts[i].sep && !t->parts[j].sep && t->parts[j].word == t->parts[i].word)
        all |= tmpl_is_all_args(&t->parts[j++]);
    *end = j;
    return all;
}

/* {= perl =}: each value of the part through its expression; @arg is all's arguments. */
static void tmpl_perl_values(const struct part *p, const struct tmpl_vals *v,
                             const struct tmpl_vals *all, const struct sink *k, struct buf *scratch)
{
    size_t first, count;
    const struct field none = {"", 0}; /* a job of no values (-N0) has one empty one */
    const struct rec empty = {1, (struct field *)(uintptr_t)&none};
    const struct rec *rec = v->rec->n > 0 ? v->rec : &empty;

    tmpl_part_fields(p, rec, &first, &count);
    for (size_t i = 0; i < count; i++) {
        const struct field *f = &rec->f[first + i];
        struct perl_job j = {
            f->s, strnlen(f->s, f->len), v->seq, v->slot, v->slots, v->total, all->rec, v->done};
        buf_reset(scratch);
        int flags = perl_eval(p->perl, p->perl_id, &j, scratch);
        if ((flags & PERL_SKIP) && v->skip)
            *v->skip = 1;
        ((flags & PERL_UQ) || p->raw ? k->raw : k->val)(
            k->ctx, i, scratch->data ? scratch->data : "", scratch->len);
    }
}

/* Perl's string comparison: bytes, then length. */
static int tmpl_field_cmp(const struct field *a, const struct field *b)
{
    int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);

    return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* --plus {uniq}: no two arguments the same; {choose_k}: each after the one before. */
static int tmpl_check_fails(enum part_check check, const struct rec *r)
{
    for (size_t i = 1; i < r->n; i++) {
        if (check == C_CHOOSE && tmpl_field_cmp(&r->f[i - 1], &r->f[i]) >= 0)
            return 1;
        for (size_t j = 0; check == C_UNIQ && j < i; j++)
            if (tmpl_field_cmp(&r->f[j], &r->f[i]) == 0)
                return 1;
    }
    return 0;
}

static void tmpl_walk_parts(const struct tmpl *t, size_t i, size_t end, const struct tmpl_vals *v,
                            const struct tmpl_vals *each, const struct sink *k, struct buf *scratch)
{
    for (; i < end; i++) {
        const struct part *p = &t->parts[i];
        if (p->check && v->skip && tmpl_check_fails(p->check, v->rec))
            *v->skip = 1;
        if (p->kind == P_LIT)
            k->lit(k->ctx, p->lit, p->len);
        else if (p->kind == P_PERL)
            tmpl_perl_values(p, tmpl_is_all_args(p) ? each : v, v, k, scratch);
        else
            tmpl_part_values(p, tmpl_is_all_args(p) ? each : v, scratch, p->raw ? k->raw : k->val,
                             k->ctx);
    }
}

/* Walk the template for one job; with -X a word holding {} comes once per argument. */
static void tmpl_walk(const struct tmpl *t, const struct tmpl_vals *v, const struct sink *k)
{
    struct buf scratch = {0};
    size_t end;

    if (!t->context && !t->quote_words) { /* nothing is done per word: one pass */
        tmpl_walk_parts(t, 0, t->n, v, v, k, &scratch);
        buf_free(&scratch);
        return;
    }
    for (size_t i = 0; i < t->n; i = end) {
        if (!tmpl_word_span(t, i, &end) || !t->context || v->rec->n < 2) {
            tmpl_walk_parts(t, i, end, v, v, k, &scratch);
            if (t->quote_words)
                k->wend(k->ctx);
            continue;
        }
        for (size_t a = 0; a < v->rec->n; a++) {
            struct rec one = {1, &v->rec->f[a]};
            struct tmpl_vals each = *v;
            each.rec = &one;
            if (a > 0)
                k->rep(k->ctx);
            tmpl_walk_parts(t, i, end, v, &each, k, &scratch);
        }
        if (t->quote_words)
            k->wend(k->ctx);
    }
    buf_free(&scratch);
}

static void tmpl_sink_append(void *ctx, const char *s, size_t len)
{
    buf_append(ctx, s, len);
}

static void tmpl_qword_lit(void *ctx, const char *s, size_t len)
{
    struct qwords *q = ctx;

    buf_append(&q->word, s, len);
}

static void tmpl_qword_end_sink(void *ctx)
{
    tmpl_qword_end(ctx);
}

static void tmpl_sink_space(void *ctx)
{
    buf_addc(ctx, ' ');
}

void tmpl_expand_raw(const struct tmpl *t, const struct tmpl_vals *v, struct buf *out)
{
    const struct sink k = {
        tmpl_sink_append, tmpl_emit_unquoted, tmpl_emit_unquoted, tmpl_sink_space, NULL, out};

    tmpl_walk(t, v, &k);
}

void tmpl_expand_joined(const struct tmpl *t, const struct tmpl_vals *v, struct buf *out)
{
    const struct sink k = {
        tmpl_sink_append, tmpl_emit_joined, tmpl_emit_joined, tmpl_sink_space, NULL, out};

    tmpl_walk(t, v, &k);
}

void tmpl_expand_shell(const struct tmpl *t, const struct tmpl_vals *v, struct buf *out)
{
    const struct sink k = {
        tmpl_sink_append, tmpl_emit_quoted, tmpl_emit_unquoted, tmpl_sink_space, NULL, out};

    if (t->quote_words) { /* -q: every word quoted whole once its values are in */
        struct qwords q = {out, {0}};
        const struct sink qk = {tmpl_qword_lit,      tmpl_emit_qword,     tmpl_emit_qword,
                                tmpl_qword_end_sink, tmpl_qword_end_sink, &q};
        tmpl_walk(t, v, &qk);
        buf_free(&q.word);
    } else {
        tmpl_walk(t, v, &k);
    }
}

struct words {
    struct buf *strs;
    size_t count;
    int open;
};

static void tmpl_word_end(struct words *w)
{
    if (w->open) {
        buf_addc(w->strs, '\0');
        w->count++;
        w->open = 0;
    }
}

static void tmpl_emit_raw(void *ctx, size_t i, const char *s, size_t len)
{
    struct words *w = ctx;

    if (i > 0)
        tmpl_word_end(w);
    w->open = 1;
    buf_append(w->strs, s, len);
}

static void tmpl_split_literal(struct words *w, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' || s[i] == '\t') {
            tmpl_word_end(w);
            continue;
        }
        w->open = 1;
        buf_addc(w->strs, s[i]);
    }
}

static void tmpl_split_literal_sink(void *ctx, const char *s, size_t len)
{
    tmpl_split_literal(ctx, s, len);
}

/* -q: a literal is part of its word, blanks and all. */
static void tmpl_word_lit_sink(void *ctx, const char *s, size_t len)
{
    struct words *w = ctx;

    w->open = 1;
    buf_append(w->strs, s, len);
}

static void tmpl_word_end_sink(void *ctx)
{
    tmpl_word_end(ctx);
}

int tmpl_expand_argv(const struct tmpl *t, const struct tmpl_vals *v, struct buf *strs,
                     char ***argv, size_t *argv_cap)
{
    struct words w = {.strs = strs};
    struct buf scratch = {0};

    if (t->path == NULL)
        return 0;
    buf_reset(strs);
    const struct sink k = {t->quote_words ? tmpl_word_lit_sink : tmpl_split_literal_sink,
                           tmpl_emit_raw,
                           tmpl_emit_raw,
                           tmpl_word_end_sink,
                           tmpl_word_end_sink,
                           &w};
    tmpl_walk(t, v, &k);
    tmpl_word_end(&w);
    buf_free(&scratch);
    if (*argv_cap < w.count + 1) {
        *argv_cap = w.count + 1;
        *argv = xreallocarray(*argv, *argv_cap, sizeof **argv);
    }
    char *s = strs->data;
    for (size_t i = 0; i < w.count; i++, s += strlen(s) + 1)
        (*argv)[i] = s;
    (*argv)[w.count] = NULL;
    /* coreutils' echo, true and false answer a lone --help or --version; the builtins the
     * shell would run do not. */
    if (t->guard && w.count == 2 &&
        (strcmp((*argv)[1], "--help") == 0 || strcmp((*argv)[1], "--version") == 0))
        return 0;
    return 1;
}

size_t tmpl_arg_cost(const struct tmpl *t, const struct field *f)
{
    struct buf v = {0}, q = {0};
    size_t cost = 0, end;

    for (size_t i = 0; i < t->n; i = end) {
        if (!tmpl_word_span(t, i, &end))
            continue;
        for (size_t k = i; k < end; k++) {
            const struct part *p = &t->parts[k];
            if (tmpl_is_all_args(p)) { /* the value as this part writes it, and a blank */
                tmpl_apply_mod(p->mod, f, &v);
                q.len = 0;
                if (!p->raw)
                    quote_append(&q, v.data ? v.data : "", v.len);
                cost += (p->raw ? v.len : q.len) + !t->context;
            } else if (t->context) { /* -X: the word's other pieces; 20 holds any number */
                cost += p->kind == P_LIT ? p->len : 20;
            }
        }
        cost += t->context; /* -X: the blank before the word's next copy */
    }
    buf_free(&v);
    buf_free(&q);
    return cost;
}
