/* fuzz_tmpl: compile a command template and expand it with values, as lanes does per job.
 *
 * Input: a flags byte (bit 0 --plus, 1 -q, 2 -X, 3 --pipe, 4 -I and the other spellings
 * from the next line, 5 --header names "a" "b" "c"), three bytes for {#}, {%} and {##},
 * then the template's line (its words cut at tabs), then one value a line (NUL bytes and
 * all). Everything lanes refuses ends in util_die, which the harness turns into a return. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "rec.h"
#include "tmpl.h"

#define MAX_WORDS 8
#define MAX_FIELDS 16

struct tmpl_case {
    struct tmpl_conf conf;
    char *words[MAX_WORDS];
    int nwords;
    char *text; /* the template line whole, for tmpl_compile_text */
    struct field f[MAX_FIELDS];
    struct tmpl_vals vals;
};

/* A text template (--tagstring, --results, --workdir) is only ever expanded raw. */
static void expand_text(const struct tmpl *t, const struct tmpl_case *c)
{
    struct buf out = {0};

    tmpl_expand_raw(t, &c->vals, &out);
    (void)tmpl_needs_total(t);
    buf_free(&out);
}

/* A command template: to a shell command line, and to argv when it needs no shell. */
static void expand_cmd(const struct tmpl *t, const struct tmpl_case *c)
{
    struct buf out = {0}, strs = {0};
    char **argv = NULL;
    size_t cap = 0;

    tmpl_expand_shell(t, &c->vals, &out);
    if (tmpl_expand_argv(t, &c->vals, &strs, &argv, &cap)) {
        size_t n = 0;
        while (argv[n] != NULL) /* every word lies in strs */
            if (argv[n] < strs.data || argv[n++] >= strs.data + strs.len + 1)
                abort();
        if (tmpl_direct_path(t) == NULL)
            abort();
    }
    for (size_t i = 0; i < c->vals.rec->n; i++)
        (void)tmpl_arg_cost(t, &c->vals.rec->f[i]);
    (void)tmpl_needs_total(t);
    free(argv);
    buf_free(&strs);
    buf_free(&out);
}

static void tmpl_run(void *ctx)
{
    struct tmpl_case *c = ctx;

    struct tmpl *t = tmpl_compile(c->words, c->nwords, &c->conf);
    expand_cmd(t, c);
    tmpl_free(t);
    t = tmpl_compile_text(c->text, &c->conf);
    if (t != NULL)
        expand_text(t, c);
    tmpl_free(t);
    t = tmpl_compile_fixed(c->text);
    expand_text(t, c);
    tmpl_free(t);
}

static void spelling(struct harness_in *in, struct tmpl_spelling *sp)
{
    /* One line of tab-separated spellings: -I, --er, --bnr, --dnr, --bner, --seqreplace,
     * --slotreplace; a missing or empty one keeps the default. */
    const char **slot[] = {&sp->arg,       &sp->noext, &sp->base, &sp->dir,
                           &sp->basenoext, &sp->seq,   &sp->slot};
    char *line = harness_str(in, '\n', NULL), *p = line;
    for (size_t i = 0; i < sizeof slot / sizeof *slot && p != NULL; i++) {
        char *tab = strchr(p, '\t');
        if (tab != NULL)
            *tab = '\0';
        *slot[i] = *p ? strdup(p) : NULL;
        p = tab ? tab + 1 : NULL;
    }
    free(line);
}

static void spelling_free(struct tmpl_spelling *sp)
{
    const char *s[] = {sp->arg, sp->noext, sp->base, sp->dir, sp->basenoext, sp->seq, sp->slot};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        free((void *)(uintptr_t)s[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char a[] = "a", b[] = "b", cc[] = "c";
    static char *names[] = {a, b, cc};
    struct harness_in in = {data, size};
    struct tmpl_case c = {0};
    struct rec rec = {0, c.f};
    unsigned flags = harness_byte(&in);

    c.conf.plus = flags & 1;
    c.conf.quote_words = (flags >> 1) & 1;
    c.conf.context = (flags >> 2) & 1;
    c.conf.no_append = (flags >> 3) & 1;
    if (flags & 32) {
        c.conf.names = names;
        c.conf.nnames = 3;
    }
    c.vals.seq = harness_byte(&in) + 1;
    c.vals.slots = harness_byte(&in) % 8 + 1;
    c.vals.slot = c.vals.seq % c.vals.slots + 1;
    c.vals.total = harness_byte(&in) * 1000UL + c.vals.seq;
    if (flags & 16)
        spelling(&in, &c.conf.sp);
    c.text = harness_str(&in, '\n', NULL);
    for (char *p = c.text; p != NULL && c.nwords < MAX_WORDS;) {
        char *tab = strchr(p, '\t');
        c.words[c.nwords++] = tab ? strndup(p, (size_t)(tab - p)) : strdup(p);
        p = tab ? tab + 1 : NULL;
    }
    while (in.n > 0 && rec.n < MAX_FIELDS) {
        size_t len;
        c.f[rec.n].s = harness_str(&in, '\n', &len);
        c.f[rec.n++].len = len;
    }
    c.vals.rec = &rec;

    harness_call(tmpl_run, &c);

    for (size_t i = 0; i < rec.n; i++)
        free((void *)(uintptr_t)c.f[i].s);
    for (int i = 0; i < c.nwords; i++)
        free(c.words[i]);
    free(c.text);
    spelling_free(&c.conf.sp);
    return 0;
}
