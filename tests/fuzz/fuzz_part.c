/* fuzz_part: --pipe-part cutting files into parts at record ends (part.c), with --block,
 * -N-style negative blocks, recstart/recend and --header.
 *
 * Input: a flags byte (bits 0-1 --header: none, ':', a count, a regex; bit 2 two files),
 * a signed byte for --block (negative: parts a job slot), a byte for the job slots, the
 * lengths of recstart, recend and the header regex (a byte each, up to 15) and their
 * bytes, then the file (cut in two at its middle NUL, when there are two). Parts must lie in
 * their file, and follow each other. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "harness.h"
#include "part.h"

struct part_case {
    struct part_conf conf;
    char *files[2];
    size_t nfiles;
};

static void part_run(void *ctx)
{
    struct part_case *c = ctx;
    struct part *p = part_new(&c->conf, c->files, c->nfiles);
    struct buf head = {0};
    int fd, last_fd = -1;
    off_t start, end, prev = 0;
    size_t parts = 0;

    while (part_next(p, &head, &fd, &start, &end)) {
        struct stat st;
        if (fd != last_fd)
            prev = 0;
        if (fstat(fd, &st) != 0 || start < prev || start > end || end > st.st_size ||
            ++parts > 100000) {
            fprintf(stderr, "fuzz_part: part [%lld, %lld) after %lld of %lld bytes\n",
                    (long long)start, (long long)end, (long long)prev, (long long)st.st_size);
            abort();
        }
        last_fd = fd;
        prev = end;
        buf_reset(&head);
    }
    buf_free(&head);
    part_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct harness_in in = {data, size};
    struct part_case c = {0};
    unsigned flags = harness_byte(&in);
    c.conf.block = (signed char)harness_byte(&in);
    c.conf.jobs = harness_byte(&in) % 8;
    size_t start_len = harness_byte(&in) % 16, end_len = harness_byte(&in) % 16;
    size_t hdr_len = harness_byte(&in) % 16;
    char *start = harness_take(&in, start_len, &start_len);
    char *end = harness_take(&in, end_len, &end_len);
    char *hdr = harness_take(&in, hdr_len, NULL);
    const char *headers[] = {NULL, ":", "2", hdr};

    c.conf.header = headers[flags & 3];
    c.conf.rec.recstart = start;
    c.conf.rec.recstart_len = start_len;
    c.conf.rec.recend = end_len ? end : "\n";
    c.conf.rec.recend_len = end_len ? end_len : 1;
    size_t first = in.n;
    if (flags & 4) {
        const uint8_t *mid = memchr(in.d, '\0', in.n);
        first = mid ? (size_t)(mid - in.d) : in.n / 2;
    }
    c.files[0] = strdup(harness_file("a", in.d, first));
    c.nfiles = 1;
    if (flags & 4)
        c.files[c.nfiles++] = strdup(harness_file("b", in.d + first, in.n - first));
    harness_call(part_run, &c);
    for (size_t i = 0; i < c.nfiles; i++)
        free(c.files[i]);
    free(start);
    free(end);
    free(hdr);
    return 0;
}
