/* block: --pipe. The stream is read into one buffer; a block is the longest run of whole
 * records from its start that fits in --block bytes (or -N records), as GNU parallel cuts
 * them. A record ends where recend is followed by recstart. */
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
    struct recsep *sep;
    int fd;
    struct buf data; /* read and not yet handed out: from data.data + start */
    size_t start;
    int eof;
    struct buf header;
    int header_done;
    unsigned long header_lines; /* --header N */
    unsigned long skipped;      /* blocks --rrs left empty, not yet told */
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
    b->sep = recsep_new(&c->rec);
    b->fd = fd;
    block_header_init(b, c->header);
    return b;
}

void block_free(struct block *b)
{
    if (b == NULL)
        return;
    recsep_free(b->sep);
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
        struct recsep_cut cut = {0};
        for (unsigned long i = 0; i < b->c.records; i++)
            if (!recsep_next(b->sep, d, n, cut.end, !b->eof, &cut))
                return b->eof ? n : 0;
        return cut.end;
    }
    for (;;) {
        if (b->eof && n <= b->c.size && !b->c.rec.lines)
            return n;
        if (n < b->c.size && !b->eof)
            return 0;
        /* Only the first --block bytes are looked at, as in GNU parallel: a regex recend
         * such as \n+ then ends where they end. */
        size_t last = recsep_last(b->sep, d, n < b->c.size ? n : b->c.size, b->c.size);
        if (last)
            return last;
        if (b->eof && n <= b->c.size) /* -L: a last record of fewer lines, alone */
            return n;
        size_t grown = b->c.size + b->c.size * 3 / 10 + 1 + (b->c.size * 3 % 10 != 0);
        util_warn("a record is longer than --block %zu: --block is now %zu", b->c.size, grown);
        b->c.size = grown;
    }
}

/* 1 with a block in out, 0 for more input, -1 at the end; 2 for a block that --rrs left
 * empty, which runs no job (as in GNU parallel). */
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
        recsep_strip(b->sep, d, p, out);
    else
        buf_append(out, d, p);
    b->start += p;
    return out->len > b->header.len ? 1 : 2;
}

enum input_status block_next(struct block *b, struct buf *out, int may_block)
{
    for (;;) {
        int st = block_take(b, out);
        if (st == 2) {
            b->skipped++;
            continue;
        }
        if (st != 0)
            return st > 0 ? INPUT_REC : INPUT_END;
        if (!may_block)
            return INPUT_WAIT;
        block_read(b);
    }
}

unsigned long block_skipped(struct block *b)
{
    unsigned long n = b->skipped;

    b->skipped = 0;
    return n;
}
