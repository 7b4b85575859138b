/* source: one input source, a ::: list or a file (stdin too), and how its raw values are cut
 * out of what is read: -d and -0 delimiters, -L's lines that go on, NUL bytes spelled out. */
#include "source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* The fuzz build reads in small pieces, so lines split across reads are the common case. */
#ifndef INPUT_READ_SIZE
#define INPUT_READ_SIZE 65536
#endif

void source_free(struct source *s)
{
    if (s->fd > 0)
        close(s->fd);
    buf_free(&s->data);
    buf_free(&s->joined);
    buf_free(&s->store);
    free(s->off);
}

void source_read(struct source *s)
{
    ssize_t n = buf_read(&s->data, &s->start, s->fd, INPUT_READ_SIZE);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        util_die_errno("cannot read input file '%s'", s->name);
    }
    if (n == 0)
        s->eof = 1;
}

/* The first delimiter in p[0..n), which may be several bytes long (-d). */
static char *find_delim(char *p, size_t n, const char *d, size_t dlen)
{
    if (dlen == 1)
        return memchr(p, d[0], n);
    for (char *q = p; (q = memchr(q, d[0], n - (size_t)(q - p))) != NULL; q++)
        if ((size_t)(p + n - q) >= dlen && memcmp(q, d, dlen) == 0)
            return q;
    return NULL;
}

/* -L and -l, as xargs: a line that ends in a blank goes on with the next one. */
static int goes_on(const struct input_conf *c, const char *end, size_t len)
{
    return c->join_blank && len > 0 && (end[-1] == ' ' || end[-1] == '\t');
}

/* --csv: whether a delimiter at p + at is inside a quoted field of the pending value (its
 * bytes p[0..vlen) and p[raw..at)): an odd number of quotes before it. */
static int in_quotes(const struct source *s, const struct input_conf *c, const char *p, size_t at)
{
    size_t quotes = 0;

    if (!c->csv)
        return 0;
    for (size_t i = 0; i < s->vlen; i++)
        quotes += p[i] == '"';
    for (size_t i = s->raw; i < at; i++)
        quotes += p[i] == '"';
    return quotes % 2;
}

/* -E with -L: a line equal to the end-of-file string ends the source even when the line
 * before goes on into it, as GNU parallel checks each line before it joins them. */
static int eof_line(const struct input_conf *c, const char *p, size_t from, size_t to)
{
    return c->eof != NULL && p != NULL && strlen(c->eof) == to - from &&
           memcmp(p + from, c->eof, to - from) == 0;
}

/* The next ::: value, run together with those after it while it goes on. */
static void source_arg(struct source *s, const struct input_conf *c, struct field *f)
{
    const char *a = s->args[s->next++];
    size_t len = strlen(a);

    if (!goes_on(c, a + len, len) || s->next >= s->nargs) {
        *f = (struct field){a, len};
        return;
    }
    buf_reset(&s->joined);
    buf_append(&s->joined, a, len);
    while (goes_on(c, s->joined.data + s->joined.len, s->joined.len) && s->next < s->nargs) {
        if (eof_line(c, s->args[s->next], 0, strlen(s->args[s->next]))) {
            s->ended = 1;
            break;
        }
        buf_adds(&s->joined, s->args[s->next++]);
    }
    *f = (struct field){buf_cstr(&s->joined), s->joined.len};
}

/* Move the raw bytes p[s->raw..stop) of the pending value up against the bytes it has so far:
 * a joined line's dropped delimiter leaves a gap between them. Each byte moves once, however
 * many lines a value joins. */
static void source_gather(struct source *s, char *p, size_t stop)
{
    if (s->raw > s->vlen)
        memmove(p + s->vlen, p + s->raw, stop - s->raw);
    s->vlen += stop - s->raw;
    s->raw = stop;
}

/* GNU parallel's way with a NUL inside a value: it cannot reach a command, so it becomes the
 * two characters \0 (with a warning), rather than quietly ending the value there. */
static void source_nul(struct source *s, struct field *f)
{
    const char *nul = memchr(f->s, '\0', f->len);

    if (nul == NULL)
        return;
    if (!s->nul_warned)
        util_warn("input '%s' holds a NUL byte, which no command can take: it is passed as \\0 "
                  "(-0 reads values that NUL bytes end)",
                  s->name);
    s->nul_warned = 1;
    buf_reset(&s->joined);
    for (const char *p = f->s, *end = f->s + f->len; p < end; p = nul + 1) {
        nul = memchr(p, '\0', (size_t)(end - p));
        if (nul == NULL)
            nul = end;
        buf_append(&s->joined, p, (size_t)(nul - p));
        if (nul < end)
            buf_adds(&s->joined, "\\0");
    }
    *f = (struct field){buf_cstr(&s->joined), s->joined.len};
}

/* The pending value, up to stop, out as *f; the source moves on past skip more bytes. */
static void source_hand(struct source *s, char *p, size_t stop, size_t skip, struct field *f)
{
    source_gather(s, p, stop);
    p[s->vlen] = '\0'; /* buf keeps a spare byte past len for this */
    *f = (struct field){p, s->vlen};
    s->start += stop + skip;
    s->vlen = s->raw = s->seen = 0;
    source_nul(s, f);
}

/* The next delimited value of a file. Bytes already searched are not searched again when more
 * arrive, so a long line costs its length, not its length times its reads. */
static enum input_status source_line(struct source *s, const struct input_conf *c, struct field *f,
                                     int may_block)
{
    size_t dl = c->delim_len;

    for (;;) {
        size_t avail = s->data.len - s->start;
        char *p = avail ? s->data.data + s->start : NULL; /* (no data may be no buffer) */
        /* A delimiter may straddle what was searched and what came after. */
        size_t from = s->seen >= s->raw + dl - 1 ? s->seen - (dl - 1) : s->raw;
        char *end = avail > from ? find_delim(p + from, avail - from, c->delim, dl) : NULL;
        if (end && s->raw > 0 && eof_line(c, p, s->raw, (size_t)(end - p))) {
            source_hand(s, p, s->raw, (size_t)(end - p) + dl - s->raw, f); /* (raw: a line on) */
            s->ended = 1;
            return INPUT_REC;
        }
        if (end && in_quotes(s, c, p, (size_t)(end - p))) { /* the record goes on */
            s->seen = (size_t)(end - p) + dl;
            continue;
        }
        if (end) {
            size_t at = (size_t)(end - p);
            source_gather(s, p, at);
            if (goes_on(c, p + s->vlen, s->vlen)) { /* the two lines are one from now on */
                s->raw = s->seen = at + dl;
                continue;
            }
            source_hand(s, p, at, dl, f);
            return INPUT_REC;
        }
        s->seen = avail;
        if (s->eof && s->raw > 0 && eof_line(c, p, s->raw, avail)) {
            source_hand(s, p, s->raw, avail - s->raw, f);
            s->ended = 1;
            return INPUT_REC;
        }
        if (s->eof && avail > 0) {
            source_hand(s, p, avail, 0, f);
            return INPUT_REC;
        }
        if (s->eof)
            return INPUT_END;
        if (!may_block)
            return INPUT_WAIT;
        source_read(s);
    }
}

enum input_status source_raw(struct source *s, const struct input_conf *c, struct field *f,
                             int may_block)
{
    if (s->args == NULL)
        return source_line(s, c, f, may_block);
    if (s->next >= s->nargs)
        return INPUT_END;
    source_arg(s, c, f);
    return INPUT_REC;
}

void source_push(struct source *s, const struct field *f, size_t *cap)
{
    if (s->nvals == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        s->off = xreallocarray(s->off, *cap, sizeof *s->off);
    }
    s->off[s->nvals++] = s->store.len;
    buf_append(&s->store, f->s, f->len);
    buf_addc(&s->store, '\0');
}

struct field source_at(const struct source *s, size_t idx)
{
    size_t i = idx % s->nvals;
    size_t end = i + 1 < s->nvals ? s->off[i + 1] : s->store.len;

    return (struct field){s->store.data + s->off[i], end - s->off[i] - 1};
}
