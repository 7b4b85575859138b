/* fuzz_pipe: --pipe cutting a stream into blocks of whole records (block.c), with --block,
 * -N, --rrs, --recstart/--recend/--regexp and --header (header.c).
 *
 * Input: a flags byte (bit 0 --regexp, bit 1 -L, bit 2 --rrs, bits 3-4 --header: none, ':',
 * a count, a regex), a byte for --block (1-256 bytes), one for -N (0-3), the lengths of
 * recstart, recend and the header regex (a byte each, up to 15) and their bytes, then the
 * stream. Without --header and --rrs the blocks put together must give the stream back. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block.h"
#include "buf.h"
#include "harness.h"

struct pipe_case {
    struct block_conf conf;
    const char *path;
    const uint8_t *d;
    size_t n;
};

static void pipe_run(void *ctx)
{
    struct pipe_case *c = ctx;
    int fd = open(c->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        abort();
    struct block *b = block_new(&c->conf, fd);
    struct buf out = {0}, all = {0};
    size_t blocks = 0;

    while (block_next(b, &out, 1) == INPUT_REC) {
        if (++blocks > c->n + 2) {
            fprintf(stderr, "fuzz_pipe: %zu blocks from %zu bytes\n", blocks, c->n);
            abort();
        }
        buf_append(&all, out.data, out.len);
        buf_reset(&out);
    }
    (void)block_skipped(b);
    if (c->conf.header == NULL && !c->conf.remove_sep &&
        (all.len != c->n || (c->n > 0 && memcmp(all.data, c->d, c->n) != 0))) {
        fprintf(stderr, "fuzz_pipe: the blocks hold %zu bytes of %zu, or others\n", all.len, c->n);
        abort();
    }
    buf_free(&out);
    buf_free(&all);
    block_free(b);
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct harness_in in = {data, size};
    struct pipe_case c = {0};
    unsigned flags = harness_byte(&in);
    size_t start_len = harness_byte(&in) % 16, end_len = harness_byte(&in) % 16;
    size_t hdr_len = harness_byte(&in) % 16;
    char *start = harness_take(&in, start_len, &start_len);
    char *end = harness_take(&in, end_len, &end_len);
    char *hdr = harness_take(&in, hdr_len, NULL);

    c.conf.size = harness_byte(&in) + 1;
    c.conf.records = harness_byte(&in) % 4;
    c.conf.rec.regexp = flags & 1;
    if (flags & 2) {
        c.conf.rec.lines = c.conf.records ? c.conf.records : 1;
    } else {
        /* lanes' defaults: recend "\n", no recstart */
        c.conf.rec.recstart = start;
        c.conf.rec.recstart_len = start_len;
        c.conf.rec.recend = end_len ? end : "\n";
        c.conf.rec.recend_len = end_len ? end_len : 1;
    }
    c.conf.remove_sep = (flags >> 2) & 1;
    const char *headers[] = {NULL, ":", "2", hdr};
    c.conf.header = headers[(flags >> 3) & 3];
    c.d = in.d;
    c.n = in.n;
    c.path = harness_file("stream", in.d, in.n);
    harness_call(pipe_run, &c);
    free(start);
    free(end);
    free(hdr);
    return 0;
}
