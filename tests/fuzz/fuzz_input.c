/* fuzz_input: reading job arguments (input.c) with -d, -0, -E, -r, --skip-first-line,
 * --link, -L's blank joining, --header, --colsep and --trim (cols.c), from a file and a :::
 * list side by side.
 *
 * Input: two flags bytes (bits 0-1 the delimiter: newline, NUL, or the next bytes; 2 -E
 * with the next string; 3 -r; 4 --skip-first-line; 5 --link; 6 counting; 7 -L joining;
 * then 8 --header, 9 --header 0, 10 --colsep with the next string, 11-13 --trim, 14 a :::
 * list, 15 the ::: list linked as :::+), lengths (a byte each, up to 15) of the delimiter,
 * the -E value and the colsep, their bytes, then the file; the ::: list is the file's
 * first five lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "input.h"

#define MAX_ARGS 5

struct input_case {
    struct input_conf conf;
    const char *path;
    char *args[MAX_ARGS];
    int nargs, linked;
    size_t limit;
};

static void input_run(void *ctx)
{
    struct input_case *c = ctx;
    struct input *in = input_new();
    struct rec r;
    size_t recs = 0;

    input_configure(in, &c->conf);
    input_add_file(in, c->path);
    if (c->nargs > 0) {
        input_add_args(in, c->args, c->nargs);
        if (c->linked)
            input_link(in, 1);
    }
    if (c->conf.count)
        (void)input_total(in);
    if (c->conf.header || c->conf.header_files) {
        char **names;
        size_t n;
        input_names(in, &names, &n);
    }
    while (input_next(in, &r, 1) == INPUT_REC) {
        for (size_t i = 0; i < r.n; i++) {
            if (r.f[i].s[r.f[i].len] != '\0')
                abort();
        }
        if (++recs > c->limit) {
            fprintf(stderr, "fuzz_input: %zu records, more than can be\n", recs);
            abort();
        }
    }
    input_free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *trims[] = {NULL, "n", "l", "r", "lr", "rl", "x", ""};
    struct harness_in in = {data, size};
    struct input_case c = {0};
    unsigned flags = harness_byte(&in);
    flags |= harness_byte(&in) << 8;
    size_t delim_len = harness_byte(&in) % 16, eof_len = harness_byte(&in) % 16;
    size_t colsep_len = harness_byte(&in) % 16;
    char *delim = harness_take(&in, delim_len, &delim_len);
    char *eof = harness_take(&in, eof_len, NULL);
    char *colsep = harness_take(&in, colsep_len, NULL);

    if ((flags & 3) == 1) {
        c.conf.delim = "";
        c.conf.delim_len = 1;
    } else if ((flags & 3) >= 2 && delim_len > 0) {
        c.conf.delim = delim;
        c.conf.delim_len = delim_len;
    }
    c.conf.eof = flags & 4 ? eof : NULL;
    c.conf.skip_empty = (flags >> 3) & 1;
    c.conf.skip_first = (flags >> 4) & 1;
    c.conf.link_all = (flags >> 5) & 1;
    c.conf.count = (flags >> 6) & 1;
    c.conf.join_blank = (flags >> 7) & 1;
    c.conf.header = (flags >> 8) & 1;
    c.conf.header_files = (flags >> 9) & 1;
    c.conf.colsep = flags & (1 << 10) ? colsep : NULL;
    c.conf.trim = trims[(flags >> 11) & 7];
    if (flags & (1 << 14)) {
        struct harness_in list = in;
        while (c.nargs < MAX_ARGS && list.n > 0)
            c.args[c.nargs++] = harness_str(&list, '\n', NULL);
        c.linked = (flags >> 15) & 1;
    }
    /* Each record takes a byte of the file, or one value of the list per file record. */
    c.limit = (in.n + 2) * (size_t)(c.nargs + 1);
    c.path = harness_file("input", in.d, in.n);
    harness_call(input_run, &c);
    for (int i = 0; i < c.nargs; i++)
        free(c.args[i]);
    free(delim);
    free(eof);
    free(colsep);
    return 0;
}
