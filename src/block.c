/* block: --pipe. The stream is read into one buffer; a block is the longest run of whole
 * records from its start that fits in --block bytes (or -N records), as GNU parallel cuts
 * them. A record ends where recend is followed by recstart. */
#include "block.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "header.h"
#include "util.h"

/* The fuzz build reads in small pieces, so records split across reads are the common case. */
#ifndef BLOCK_READ_SIZE
#define BLOCK_READ_SIZE (1 << 20)
#endif

struct block {
    struct block_conf c;
    struct recsep *sep;
    int fd;
    struct buf data; /* read and not yet handed out: from data.data + start */
    size_t start;
    int eof;
    struct buf header;
    int header_done;
    struct header *hdr;
    struct groupby *group; /* --group-by: what is read goes to raw first, to be marked */
    struct buf raw;
    size_t raw_start;
    unsigned long skipped; /* blocks --rrs left empty, not yet told */
    /* -N: the records of the next block found so far, and where the last ends (from start):
     * more input goes on from there, not from the block's start again. */
    unsigned long cut_recs;
    struct recsep_cut cut;
    size_t scan;  /* where the search for the record after them goes on */
    int begun;    /* a block has been cut: the stream's head is behind us */
    int head;     /* -N --regexp: this block is the stream's head before its first recstart */
    double since; /* --blocktimeout: when reading this block began */
};

struct block *block_new(const struct block_conf *c, int fd)
{
    struct block *b = xcalloc(1, sizeof *b);

    b->c = *c;
    b->sep = recsep_new(&c->rec);
    b->fd = fd;
    if (c->group_by) {
        struct linekey *k = linekey_new("group-by", c->group_by, c->colsep);
        b->group = groupby_new(k, c->group_mark);
        if (linekey_named(k) && c->header == NULL) /* the names are the first line */
            b->c.header = ":";
    }
    b->hdr = header_new(b->c.header);
    b->since = util_now();
    return b;
}

void block_free(struct block *b)
{
    if (b == NULL)
        return;
    recsep_free(b->sep);
    header_free(b->hdr);
    groupby_free(b->group);
    buf_free(&b->raw);
    buf_free(&b->data);
    buf_free(&b->header);
    free(b);
}

int block_fd(const struct block *b)
{
    return b->fd;
}

/* --group-by: the header off the front of raw (a named column is named in its first line),
 * then raw's whole lines onto data, marked. */
static void block_group(struct block *b)
{
    const char *d = b->raw.data ? b->raw.data + b->raw_start : "";
    size_t len;

    if (!b->header_done) {
        if (!header_find(b->hdr, d, b->raw.len - b->raw_start, b->eof, &len))
            return;
        buf_append(&b->header, d, len);
        b->raw_start += len;
        b->header_done = 1;
        const char *nl = memchr(d, '\n', len);
        linekey_names(groupby_key(b->group), d, nl ? (size_t)(nl - d) + 1 : len);
    }
    if (b->start > 0) { /* what blocks took goes, as buf_read drops it */
        memmove(b->data.data, b->data.data + b->start, b->data.len - b->start);
        b->data.len -= b->start;
        b->start = 0;
    }
    groupby_move(b->group, &b->raw, &b->raw_start, b->eof, &b->data);
}

void block_read(struct block *b)
{
    ssize_t n = b->group ? buf_read(&b->raw, &b->raw_start, b->fd, BLOCK_READ_SIZE)
                         : buf_read(&b->data, &b->start, b->fd, BLOCK_READ_SIZE);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        util_die_errno("--pipe: cannot read the input");
    }
    b->eof = n == 0;
    if (b->group)
        block_group(b);
}

/* The bytes read and not yet handed out (there may be no buffer yet). */
static const char *block_rest(const struct block *b)
{
    return b->data.data ? b->data.data + b->start : "";
}

/* --header: takes the header off the front of the stream. 1 when done, 0 for more input. */
static int block_header(struct block *b)
{
    size_t len;

    if (!header_find(b->hdr, block_rest(b), b->data.len - b->start, b->eof, &len))
        return 0;
    buf_append(&b->header, block_rest(b), len);
    b->start += len;
    b->header_done = 1;
    return 1;
}

int block_due_ms(struct block *b)
{
    if (b->c.timeout <= 0 || b->c.records || b->eof)
        return -1;
    double left = b->since + b->c.timeout - util_now();
    if (left <= 0 && b->data.len == b->start) { /* nothing read: the wait starts again */
        b->since = util_now();
        left = b->c.timeout;
    }
    return left > 0 ? (int)(left * 1000) + 1 : 0;
}

/* --blocktimeout: once the block has been read for so long, it ends after its last whole
 * record (as GNU parallel's does); 0 while it has none, or is not due. */
static size_t block_late(struct block *b, const char *d, size_t n)
{
    if (block_due_ms(b) != 0)
        return 0;
    b->since = util_now();
    return recsep_last(b->sep, d, n, n);
}

/* -N --regexp: GNU parallel's records each hold a recstart, then a recend, so the first
 * record's end is looked for past the recstart the block begins with; and a head before the
 * stream's first recstart is a block of its own, whatever -N says. 0 for more input. */
static int block_lead(struct block *b, const char *d, size_t n)
{
    long lead = recsep_lead(b->sep, d, n, !b->eof);

    if (lead == -2)
        return 0;
    b->head = !b->begun && lead < 0;
    b->scan = lead > 0 ? (size_t)lead : 0;
    return 1;
}

/* Where the next block ends, or 0 when more input is needed. With -N: after so many records.
 * Else: after the last record end that lies, with the recstart after it, within --block
 * bytes; when there is none, --block grows, as GNU parallel's does. */
static size_t block_cut(struct block *b)
{
    const char *d = block_rest(b);
    size_t n = b->data.len - b->start;

    if (b->c.records) {
        if (b->cut_recs == 0 && b->scan == 0 && !block_lead(b, d, n))
            return 0;
        for (; b->cut_recs < b->c.records; b->cut_recs++) {
            if (!recsep_next(b->sep, d, n, b->cut.end, &b->scan, !b->eof, &b->cut))
                return b->eof ? n : 0;
            if (b->head)
                break;
            if (recsep_regex(b->sep) && b->cut.next > b->scan)
                b->scan = b->cut.next; /* the next record's end is past its recstart */
        }
        return b->cut.end;
    }
    for (;;) {
        if (b->eof && n <= b->c.size && !b->c.rec.lines)
            return n;
        if (n < b->c.size && !b->eof)
            return block_late(b, d, n);
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

/* Whether d[0..n) is blanks alone (newlines too): -r skips such a block, as GNU parallel does. */
static int block_blank(const char *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)d[i]))
            return 0;
    return 1;
}

/* 1 with a block in out, 0 for more input, -1 at the end; 2 for a block that --rrs left
 * empty, which runs no job (as in GNU parallel); 3 for one that -r skips. */
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
    const char *d = block_rest(b);
    buf_reset(out);
    buf_append(out, b->header.data, b->header.len);
    if (b->group)
        groupby_strip(b->group, d, p, out);
    else if (b->c.remove_sep)
        recsep_strip(b->sep, d, p, out);
    else
        buf_append(out, d, p);
    b->start += p;
    b->begun = 1;
    b->since = util_now();
    b->cut_recs = 0;
    b->cut = (struct recsep_cut){0};
    b->scan = 0;
    if (b->c.skip_blank && block_blank(out->data + b->header.len, out->len - b->header.len))
        return 3;
    return out->len > 0 ? 1 : 2; /* (a header alone still makes a job, as in GNU parallel) */
}

enum input_status block_next(struct block *b, struct buf *out, int may_block)
{
    for (;;) {
        int st = block_take(b, out);
        if (st == 2 || st == 3) {
            b->skipped += st == 2;
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
