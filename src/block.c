/* block: --pipe. The stream is read into one buffer; a block is the longest run of whole
 * records from its start that fits in --block bytes (or -N records), as GNU parallel cuts
 * them. A record ends where recend is followed by recstart. */
#define _GNU_SOURCE /* memrchr */
#include "block.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util.h"

#define BLOCK_READ_SIZE (1 << 20)

struct block {
    struct block_conf c;
    size_t relen, rslen;
    int fd;
    struct buf data; /* read and not yet handed out: from data.data + start */
    size_t start;
    int eof;
    struct buf header;
    int header_done;
    unsigned long header_lines; /* --header N */
    pcre2_code *re;             /* --header REGEX */
    pcre2_match_data *md;
};

static void block_header_init(struct block *b, const char *h)
{
    char *end;
    int err;
    PCRE2_SIZE off;

    b->header_done = h == NULL;
    if (h == NULL)
        return;
    if (strcmp(h, ":") == 0)
        h = "1";
    errno = 0;
    b->header_lines = strtoul(h, &end, 10);
    if (*h >= '0' && *h <= '9' && *end == '\0' && errno == 0) {
        b->header_done = b->header_lines == 0;
        return;
    }
    b->re = pcre2_compile((PCRE2_SPTR)h, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
    if (b->re == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        util_die("--header '%s': bad regex at offset %zu: %s", h, (size_t)off, msg);
    }
    b->md = pcre2_match_data_create_from_pattern(b->re, NULL);
}

struct block *block_new(const struct block_conf *c, int fd)
{
    struct block *b = xcalloc(1, sizeof *b);

    b->c = *c;
    b->relen = c->recend_len;
    b->rslen = c->recstart_len;
    b->fd = fd;
    block_header_init(b, c->header);
    return b;
}

void block_free(struct block *b)
{
    if (b == NULL)
        return;
    pcre2_match_data_free(b->md);
    pcre2_code_free(b->re);
    buf_free(&b->data);
    buf_free(&b->header);
    free(b);
}

int block_fd(const struct block *b)
{
    return b->fd;
}

void block_read(struct block *b)
{
    ssize_t n = buf_read(&b->data, &b->start, b->fd, BLOCK_READ_SIZE);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        util_die_errno("--pipe: cannot read the input");
    }
    b->eof = n == 0;
}

/* The last c in s[0..n), or NULL. */
static const char *find_last(const char *s, char c, size_t n)
{
#ifdef HAVE_MEMRCHR
    return memrchr(s, c, n);
#else
    while (n > 0)
        if (s[--n] == c)
            return s + n;
    return NULL;
#endif
}

/* Whether a record ends at p of d[0..n): recend before it, recstart after it. As in GNU
 * parallel, a recend at the very start ends no record. */
static int block_ends_at(const struct block *b, const char *d, size_t n, size_t p)
{
    return p > b->relen && p + b->rslen <= n &&
           memcmp(d + p - b->relen, b->c.recend, b->relen) == 0 &&
           memcmp(d + p, b->c.recstart, b->rslen) == 0;
}

/* The first end of a record after from in d[0..n), or 0 when there is none yet. */
static size_t block_next_end(const struct block *b, const char *d, size_t n, size_t from)
{
    if (b->c.lines) { /* -L: so many newlines make a record */
        unsigned long seen = 0;
        const char *q = d + from;
        while (seen < b->c.lines && (q = memchr(q, '\n', n - (size_t)(q - d))) != NULL) {
            q++;
            seen++;
        }
        return seen == b->c.lines ? (size_t)(q - d) : 0;
    }
    if (b->relen == 0 && b->rslen == 0) /* every byte is a record */
        return from + 1 <= n ? from + 1 : 0;
    /* Where recend is (or, when it is empty, where recstart is) a record may end. */
    const char *key = b->relen ? b->c.recend : b->c.recstart;
    size_t shift = b->relen, at = from + 1 > shift ? from + 1 - shift : 0;
    while (at < n) {
        const char *q = memchr(d + at, key[0], n - at);
        if (q == NULL)
            return 0;
        size_t p = (size_t)(q - d) + shift;
        if (b->relen == 1 && b->rslen == 0 ? p > 1 : block_ends_at(b, d, n, p))
            return p; /* (a one-byte recend alone: memchr has matched it) */
        at = (size_t)(q - d) + 1;
    }
    return 0;
}

/* The last end of a record p in d[0..n) with p + rslen <= limit, or 0. Backwards, so that a
 * block of many records is not scanned record by record. */
static size_t block_last_end(const struct block *b, const char *d, size_t n, size_t limit)
{
    size_t p = 0;

    if (b->c.lines || (b->relen == 0 && b->rslen == 0)) { /* counted from the start */
        size_t last = 0;
        while ((p = block_next_end(b, d, n, p)) != 0 && p + b->rslen <= limit)
            last = p;
        return last;
    }
    if (limit < b->rslen)
        return 0;
    /* p - 1 holds recend's last byte or, when recend is empty, p holds recstart's first. */
    char key = b->relen ? b->c.recend[b->relen - 1] : b->c.recstart[0];
    size_t top = limit - b->rslen + (b->relen ? 0 : 1); /* bytes where the key may be */
    const char *q;
    while (top > 0 && (q = find_last(d, key, top)) != NULL) {
        p = (size_t)(q - d) + (b->relen ? 1 : 0);
        if (block_ends_at(b, d, n, p))
            return p;
        top = (size_t)(q - d);
    }
    return 0;
}

/* --header: takes the header off the front of the stream. 1 when done, 0 for more input. */
static int block_header(struct block *b)
{
    const char *d = b->data.data + b->start;
    size_t n = b->data.len - b->start, len = 0;

    if (n == 0 && !b->eof)
        return 0;
    if (b->re) {
        int rc = pcre2_match(b->re, (PCRE2_SPTR)d, n, 0,
                             PCRE2_ANCHORED | (b->eof ? 0 : PCRE2_PARTIAL_HARD), b->md, NULL);
        if (rc == PCRE2_ERROR_PARTIAL)
            return 0;
        len = rc >= 0 ? pcre2_get_ovector_pointer(b->md)[1] : 0;
    } else {
        const char *q = d;
        for (unsigned long i = 0; i < b->header_lines && q; i++)
            if ((q = memchr(q, '\n', n - (size_t)(q - d))) != NULL)
                q++;
        if (q == NULL && !b->eof)
            return 0;
        len = q ? (size_t)(q - d) : 0; /* fewer lines in all: they are data, not a header */
    }
    buf_append(&b->header, d, len);
    b->start += len;
    b->header_done = 1;
    return 1;
}

/* Where the next block ends, or 0 when more input is needed. With -N: after so many records.
 * Else: after the last record end that lies, with the recstart after it, within --block
 * bytes; when there is none, --block grows, as GNU parallel's does. */
static size_t block_cut(struct block *b)
{
    const char *d = b->data.data + b->start;
    size_t n = b->data.len - b->start;

    if (b->c.records) {
        size_t p = 0;
        for (unsigned long i = 0; i < b->c.records; i++)
            if ((p = block_next_end(b, d, n, p)) == 0)
                return b->eof ? n : 0;
        return p;
    }
    for (;;) {
        if (b->eof && n <= b->c.size && !b->c.lines)
            return n;
        if (n < b->c.size && !b->eof)
            return 0;
        size_t last = block_last_end(b, d, n, b->c.size);
        if (last)
            return last;
        if (b->eof && n <= b->c.size) /* -L: a last record of fewer lines, alone */
            return n;
        size_t grown = b->c.size + b->c.size * 3 / 10 + 1 + (b->c.size * 3 % 10 != 0);
        util_warn("a record is longer than --block %zu: --block is now %zu", b->c.size, grown);
        b->c.size = grown;
    }
}

/* d[0..n) into out, without the recstart and recend of each of its records. */
static void block_strip(const struct block *b, const char *d, size_t n, struct buf *out)
{
    size_t from = 0;

    while (from < n) {
        size_t end = block_next_end(b, d, n, from);
        if (end == 0 || end > n)
            end = n;
        size_t a = from, e = end;
        if (b->rslen && e - a >= b->rslen && memcmp(d + a, b->c.recstart, b->rslen) == 0)
            a += b->rslen;
        if (b->relen && e - a >= b->relen && memcmp(d + e - b->relen, b->c.recend, b->relen) == 0)
            e -= b->relen;
        buf_append(out, d + a, e - a);
        from = end;
    }
}

/* 1 with a block in out, 0 for more input, -1 at the end. */
static int block_take(struct block *b, struct buf *out)
{
    if (!b->header_done && !block_header(b))
        return 0;
    size_t n = b->data.len - b->start;
    if (n == 0)
        return b->eof ? -1 : 0;
    size_t p = block_cut(b);
    if (p == 0)
        return 0;
    const char *d = b->data.data + b->start;
    buf_reset(out);
    buf_append(out, b->header.data, b->header.len);
    if (b->c.remove_sep)
        block_strip(b, d, p, out);
    else
        buf_append(out, d, p);
    b->start += p;
    return 1;
}

enum input_status block_next(struct block *b, struct buf *out, int may_block)
{
    for (;;) {
        int st = block_take(b, out);
        if (st != 0)
            return st > 0 ? INPUT_REC : INPUT_END;
        if (!may_block)
            return INPUT_WAIT;
        block_read(b);
    }
}
