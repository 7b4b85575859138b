/* fuzz_recsep: where --recstart, --recend (strings or --regexp) and -L end records, and
 * --rrs stripping them.
 *
 * Input: a flags byte (bit 0 --regexp, bit 1 -L instead of recstart/recend, bits 2-4 the
 * line count), the lengths of recstart and recend (a byte each, up to 15), their bytes, then
 * the data. Cuts must lie in the data, move forward, and agree with recsep_last. */
#include <stdlib.h>

#include "buf.h"
#include "harness.h"
#include "recsep.h"

struct recsep_case {
    struct recsep_conf conf;
    const char *d;
    size_t n;
};

static void recsep_check(const struct recsep *r, const char *d, size_t n, int more)
{
    struct recsep_cut cut;
    size_t from = 0, last = 0;

    while (recsep_next(r, d, n, from, NULL, more, &cut)) {
        if (cut.sep > cut.end || cut.end > cut.next || cut.next > n || cut.end <= from) {
            fprintf(stderr, "fuzz_recsep: bad cut %zu %zu %zu after %zu in %zu bytes\n", cut.sep,
                    cut.end, cut.next, from, n);
            abort();
        }
        last = cut.end;
        from = cut.end;
    }
    if (!more && recsep_last(r, d, n, n) != last) {
        fprintf(stderr, "fuzz_recsep: recsep_last %zu, the cuts end at %zu\n",
                recsep_last(r, d, n, n), last);
        abort();
    }
    (void)recsep_last(r, d, n, n / 2);
}

/* The data arriving in pieces, the search going on from where the last stopped (*scan),
 * must find the same first cut as a search of all of it. */
static void recsep_pieces(const struct recsep *r, const char *d, size_t n)
{
    struct recsep_cut whole, part;
    int has = recsep_next(r, d, n, 0, NULL, 0, &whole);
    size_t scan = 0;

    for (size_t k = n % 7;; k = k + 7 < n ? k + 7 : n) {
        if (recsep_next(r, d, k, 0, &scan, k < n, &part)) {
            if (!has || part.sep != whole.sep || part.end != whole.end || part.next != whole.next) {
                fprintf(stderr, "fuzz_recsep: in pieces the first cut ends at %zu, whole at %zu\n",
                        part.end, has ? whole.end : 0);
                abort();
            }
            return;
        }
        if (k == n)
            break;
    }
    if (has) {
        fprintf(stderr, "fuzz_recsep: in pieces no cut, whole one ending at %zu\n", whole.end);
        abort();
    }
}

static void recsep_run(void *ctx)
{
    struct recsep_case *c = ctx;
    struct recsep *r = recsep_new(&c->conf);
    struct buf out = {0};

    recsep_check(r, c->d, c->n, 0);
    recsep_check(r, c->d, c->n, 1);
    recsep_pieces(r, c->d, c->n);
    recsep_strip(r, c->d, c->n, &out);
    buf_free(&out);
    recsep_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct harness_in in = {data, size};
    struct recsep_case c = {0};
    unsigned flags = harness_byte(&in);
    size_t start_len = harness_byte(&in) % 16, end_len = harness_byte(&in) % 16;
    char *start = harness_take(&in, start_len, &start_len);
    char *end = harness_take(&in, end_len, &end_len);

    c.conf.regexp = flags & 1;
    if (flags & 2) {
        c.conf.lines = ((flags >> 2) & 7) + 1;
    } else {
        c.conf.recstart = start;
        c.conf.recstart_len = start_len;
        c.conf.recend = end;
        c.conf.recend_len = end_len;
    }
    c.d = (const char *)in.d;
    c.n = in.n;
    harness_call(recsep_run, &c);
    free(start);
    free(end);
    return 0;
}
