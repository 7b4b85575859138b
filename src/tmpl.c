/* tmpl: compile the command template into literal text and replacement strings, and
 * expand it per job, either as a shell command line or as argv for direct exec. */
#include "tmpl.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plus.h"
#include "quote.h"
#include "util.h"

enum part_kind { P_LIT, P_ARG, P_SEQ, P_SLOT, P_TOTAL };
enum part_mod { M_NONE, M_NOEXT, M_BASE, M_DIR, M_BASENOEXT, M_PAD };

struct part {
    enum part_kind kind;
    enum part_mod mod;
    long pos; /* P_ARG: 0 for every field, n for field n, -n for the n-th from the end */
    int raw;  /* a value used as the command itself: no quoting */
    int word; /* the command word the part belongs to (-q: argv words; else blank-separated) */
    int sep;  /* literal blanks between words */
    struct plus_op *op; /* --plus operation applied to each value */
    char *lit;
    size_t len;
};

struct tmpl {
    struct part *parts;
    size_t n;
    char *path; /* program for direct exec, or NULL: run under a shell */
    int quote_words;
    int cur_word; /* while compiling */
    int guard;    /* the program is echo/true/false, whose PATH twin reads --help */
    int context;  /* -X: a word holding {} is repeated for each argument */
};

static void add_part(struct tmpl *t, struct part p)
{
    p.word = t->cur_word;
    t->parts = xreallocarray(t->parts, t->n + 1, sizeof *t->parts);
    t->parts[t->n++] = p;
}

static void add_lit_run(struct tmpl *t, const char *s, size_t len, int sep)
{
    struct part *last = t->n > 0 ? &t->parts[t->n - 1] : NULL;

    if (last && last->kind == P_LIT && last->word == t->cur_word && last->sep == sep) {
        last->lit = xreallocarray(last->lit, last->len + len + 1, 1);
        memcpy(last->lit + last->len, s, len);
        last->len += len;
        last->lit[last->len] = '\0';
        return;
    }
    add_part(t, (struct part){.kind = P_LIT, .lit = xstrndup(s, len), .len = len, .sep = sep});
}

/* Literal text, cut at blanks into words (for -X and for direct exec); with -q the word is
 * the command-line word itself. */
static void add_lit(struct tmpl *t, const char *s, size_t len)
{
    if (t->quote_words) {
        if (len > 0)
            add_lit_run(t, s, len, 0);
        return;
    }
    while (len > 0) {
        int sep = *s == ' ' || *s == '\t';
        size_t n = 0;
        while (n < len && (s[n] == ' ' || s[n] == '\t') == sep)
            n++;
        if (sep)
            t->cur_word++;
        add_lit_run(t, s, n, sep);
        s += n;
        len -= n;
    }
}

/* Match a positional {n}, {-n}, {n.}, {n/}, {n//}, {n/.} at s; returns its length. */
static size_t match_positional(const char *s, struct part *p)
{
    static const struct {
        const char *suffix;
        enum part_mod mod;
    } mods[] = {
        {"}", M_NONE}, {".}", M_NOEXT}, {"//}", M_DIR}, {"/.}", M_BASENOEXT}, {"/}", M_BASE}};
    const char *q = s + 1;
    int neg = *q == '-';

    q += neg;
    if (*s != '{' || !isdigit((unsigned char)*q))
        return 0;
    char *end;
    long n = strtol(q, &end, 10);
    /* {0} is every value, as {} is; {00} and {-0} name a value that never exists. */
    long pos = n > 0 ? (neg ? -n : n) : end - q == 1 && !neg ? 0 : LONG_MIN;
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
        size_t len = strlen(mods[i].suffix);
        if (strncmp(end, mods[i].suffix, len) == 0) {
            *p = (struct part){.kind = P_ARG, .mod = mods[i].mod, .pos = pos};
            return (size_t)(end - s) + len;
        }
    }
    return 0;
}

/* Match one of the spelled replacement strings at s, longest first. */
static size_t match_spelled(const char *s, const struct tmpl_spelling *sp, struct part *p)
{
    const struct {
        const char *text;
        enum part_kind kind;
        enum part_mod mod;
    } rpl[] = {
        {sp && sp->arg ? sp->arg : "{}", P_ARG, M_NONE},
        {sp && sp->noext ? sp->noext : "{.}", P_ARG, M_NOEXT},
        {sp && sp->base ? sp->base : "{/}", P_ARG, M_BASE},
        {sp && sp->dir ? sp->dir : "{//}", P_ARG, M_DIR},
        {sp && sp->basenoext ? sp->basenoext : "{/.}", P_ARG, M_BASENOEXT},
        {sp && sp->seq ? sp->seq : "{#}", P_SEQ, M_NONE},
        {sp && sp->slot ? sp->slot : "{%}", P_SLOT, M_NONE},
    };
    size_t best = 0;

    for (size_t i = 0; i < sizeof rpl / sizeof rpl[0]; i++) {
        size_t len = strlen(rpl[i].text);
        if (len > best && strncmp(s, rpl[i].text, len) == 0) {
            best = len;
            *p = (struct part){.kind = rpl[i].kind, .mod = rpl[i].mod};
        }
    }
    return best;
}

/* Match {name} for a --header column name. */
static size_t match_name(const char *s, const struct tmpl_conf *c, struct part *p)
{
    if (*s != '{' || c == NULL)
        return 0;
    static const struct {
        const char *suffix;
        enum part_mod mod;
    } mods[] = {
        {"}", M_NONE}, {".}", M_NOEXT}, {"//}", M_DIR}, {"/.}", M_BASENOEXT}, {"/}", M_BASE}};
    for (size_t i = 0; i < c->nnames; i++) {
        size_t len = strlen(c->names[i]);
        if (strncmp(s + 1, c->names[i], len) != 0)
            continue;
        for (size_t m = 0; m < sizeof mods / sizeof mods[0]; m++) {
            size_t mlen = strlen(mods[m].suffix);
            if (strncmp(s + 1 + len, mods[m].suffix, mlen) == 0) {
                *p = (struct part){.kind = P_ARG, .mod = mods[m].mod, .pos = (long)i + 1};
                return len + 1 + mlen;
            }
        }
    }
    return 0;
}

/* --plus: {slot}, {0%} and the operations of the plus module. */
static size_t match_plus(const char *s, const struct tmpl_conf *c, struct part *p)
{
    const char *end = *s == '{' ? strchr(s, '}') : NULL;
    long pos = 0;

    (void)c;
    if (end == NULL)
        return 0;
    size_t inner = (size_t)(end - s - 1);
    if (strncmp(s, "{slot}", 6) == 0 || strncmp(s, "{0%}", 4) == 0) {
        *p = (struct part){.kind = P_SLOT, .mod = s[1] == '0' ? M_PAD : M_NONE};
        return inner + 2;
    }
    if (strncmp(s, "{##}", 4) == 0 || strncmp(s, "{0#}", 4) == 0) {
        *p = (struct part){.kind = s[1] == '0' ? P_SEQ : P_TOTAL, .mod = M_PAD};
        return inner + 2;
    }
    if (strncmp(s, "{0##}", 5) == 0) { /* GNU parallel's spelling of {##} too */
        *p = (struct part){.kind = P_TOTAL, .mod = M_PAD};
        return inner + 2;
    }
    struct plus_op *op = plus_parse(s + 1, inner, &pos);
    if (op == NULL)
        return 0;
    *p = (struct part){.kind = P_ARG, .pos = pos, .op = op};
    return inner + 2;
}

/* The longest replacement string at s: spelled, positional or a column name. */
static size_t match_any(const char *s, const struct tmpl_conf *c, struct part *p)
{
    struct part q;
    size_t len = match_spelled(s, c ? &c->sp : NULL, p), n;

    /* Positional forms derive from {}; with -I they are plain text, as in GNU parallel. */
    if ((c == NULL || c->sp.arg == NULL) && (n = match_positional(s, &q)) > len) {
        len = n;
        *p = q;
    }
    if ((n = match_name(s, c, &q)) > len) {
        len = n;
        *p = q;
    }
    if (len == 0 && c && c->plus)
        len = match_plus(s, c, p);
    if (len == 0 && strncmp(s, "{=", 2) == 0 && strstr(s + 2, "=}"))
        util_die("{= perl =} replacement strings are not supported by lanes; use the --plus "
                 "forms ({/re/str}, {%%suffix}, {:pos:len}, ...) instead");
    return len;
}

/* Split src into parts; returns whether any replacement string was found. */
static int tmpl_parse(struct tmpl *t, const char *src, const struct tmpl_conf *c)
{
    int found = 0;
    const char *lit = src;

    for (const char *s = src; *s;) {
        struct part p;
        size_t len = match_any(s, c, &p);
        if (len == 0) {
            s++;
            continue;
        }
        add_lit(t, lit, (size_t)(s - lit));
        add_part(t, p);
        found = 1;
        s += len;
        lit = s;
    }
    add_lit(t, lit, strlen(lit));
    return found;
}

/* Characters that make a template need a shell (blanks separate words for direct exec). */
static int tmpl_needs_shell(const struct tmpl *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->parts[i].kind == P_LIT && strpbrk(t->parts[i].lit, "|&;<>()$`\\\"'*?[]#~=%!{}\n"))
            return 1;
    return 0;
}

/* Words that mean something else to the shell than the program of that name on PATH. */
static int shell_word(const char *w)
{
    static const char *const words[] = {
        ".",       ":",         "[",        "[[",      "]]",       "{",      "}",       "!",
        "alias",   "bg",        "bind",     "break",   "builtin",  "caller", "case",    "cd",
        "command", "compgen",   "complete", "compopt", "continue", "coproc", "declare", "dirs",
        "disown",  "do",        "done",     "elif",    "else",     "enable", "esac",    "eval",
        "exec",    "exit",      "export",   "fc",      "fg",       "fi",     "for",     "function",
        "getopts", "hash",      "help",     "history", "if",       "in",     "jobs",    "kill",
        "let",     "local",     "logout",   "mapfile", "popd",     "printf", "pushd",   "pwd",
        "read",    "readarray", "readonly", "return",  "select",   "set",    "shift",   "shopt",
        "source",  "suspend",   "test",     "then",    "time",     "times",  "trap",    "type",
        "typeset", "ulimit",    "umask",    "unalias", "unset",    "until",  "wait",    "while"};

    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(w, words[i]) == 0)
            return 1;
    return 0;
}

static int exported_function(const char *name)
{
    size_t len = strlen(name);
    extern char **environ;

    for (char **e = environ; *e; e++)
        if (strncmp(*e, "BASH_FUNC_", 10) == 0 && strncmp(*e + 10, name, len) == 0 &&
            (*e)[10 + len] == '%')
            return 1;
    return 0;
}

static int executable(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Resolve name on PATH once, as execvp would; NULL when it is not there. */
static char *path_lookup(const char *name)
{
    if (strchr(name, '/'))
        return executable(name) ? xstrdup(name) : NULL;
    const char *path = getenv("PATH");
    if (path == NULL)
        path = "/usr/local/bin:/usr/bin:/bin";
    struct buf b = {0};
    for (const char *d = path;; d++) {
        const char *end = strchr(d, ':');
        size_t len = end ? (size_t)(end - d) : strlen(d);
        buf_reset(&b);
        buf_append(&b, len ? d : ".", len ? len : 1);
        buf_addc(&b, '/');
        buf_adds(&b, name);
        if (executable(buf_cstr(&b)))
            return b.data;
        if (end == NULL)
            break;
        d = end;
    }
    buf_free(&b);
    return NULL;
}

/* Decide whether jobs can be exec'd directly: no shell syntax, and a first word that is a
 * plain program on PATH rather than a shell builtin, keyword or exported function. */
static void tmpl_plan_direct(struct tmpl *t)
{
    size_t i = t->n > 0 && t->parts[0].sep;

    if (i >= t->n || t->parts[i].kind != P_LIT || t->parts[i].len == 0)
        return;
    if (!t->quote_words && tmpl_needs_shell(t))
        return;
    /* The first word must be literal through and through. */
    if (i + 1 < t->n && !t->parts[i + 1].sep && t->parts[i + 1].word == t->parts[i].word)
        return;
    const char *name = t->parts[i].lit;
    if (!shell_word(name) && !exported_function(name))
        t->path = path_lookup(name);
    t->guard = strcmp(name, "echo") == 0 || strcmp(name, "true") == 0 || strcmp(name, "false") == 0;
}

/* As GNU parallel: when the first word of the command holds a replacement string (and is
 * no assignment like VAR={}), the input supplies the command itself: no value is quoted. */
static void tmpl_plan_raw(struct tmpl *t)
{
    if (t->quote_words || t->n == 0 || t->parts[0].sep)
        return;
    int first_word = t->parts[0].word, raw = 0;
    for (size_t i = 0; i < t->n && !t->parts[i].sep && t->parts[i].word == first_word; i++) {
        if (t->parts[i].kind == P_LIT && strchr(t->parts[i].lit, '='))
            break;
        if (t->parts[i].kind == P_ARG) {
            raw = 1;
            break;
        }
    }
    for (size_t i = 0; i < t->n && raw; i++)
        t->parts[i].raw = t->parts[i].raw || t->parts[i].kind == P_ARG;
}

/* -q: each word is its own unit, quoted whole once its replacements are in. */
static int tmpl_parse_words(struct tmpl *t, char *const words[], int nwords,
                            const struct tmpl_conf *c)
{
    int found = 0;

    for (t->cur_word = 0; t->cur_word < nwords; t->cur_word++) {
        size_t before = t->n;
        found |= tmpl_parse(t, words[t->cur_word], c);
        if (t->n == before) /* an empty word is still a word */
            add_part(t, (struct part){.kind = P_LIT, .lit = xstrdup(""), .len = 0});
    }
    return found;
}

struct tmpl *tmpl_compile(char *const words[], int nwords, const struct tmpl_conf *c)
{
    struct tmpl *t = xcalloc(1, sizeof *t);
    int found;

    t->quote_words = c && c->quote_words;
    t->context = c && c->context;
    if (t->quote_words) {
        found = tmpl_parse_words(t, words, nwords, c);
    } else {
        struct buf src = {0};
        for (int i = 0; i < nwords; i++) {
            if (i > 0)
                buf_addc(&src, ' ');
            buf_adds(&src, words[i]);
        }
        found = tmpl_parse(t, buf_cstr(&src), c);
        buf_free(&src);
    }
    /* With no command at all, each input item is itself the command line. */
    if (!found && !(c && c->no_append)) {
        if (nwords > 0 && !t->quote_words)
            add_lit(t, " ", 1);
        add_part(t, (struct part){.kind = P_ARG, .mod = M_NONE, .raw = nwords == 0});
    }
    tmpl_plan_raw(t);
    tmpl_plan_direct(t);
    return t;
}

struct tmpl *tmpl_compile_text(const char *s, const struct tmpl_conf *c)
{
    struct tmpl *t = xcalloc(1, sizeof *t);

    t->context = c && c->context; /* -X repeats a word of the tag too */
    if (!tmpl_parse(t, s, c)) {
        tmpl_free(t);
        return NULL;
    }
    return t;
}

struct tmpl *tmpl_compile_fixed(const char *s)
{
    struct tmpl *t = xcalloc(1, sizeof *t);

    t->quote_words = 1; /* one literal word, not cut at blanks */
    add_lit(t, s, strlen(s));
    t->quote_words = 0;
    return t;
}

void tmpl_free(struct tmpl *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->parts[i].lit);
        plus_free(t->parts[i].op);
    }
    free(t->parts);
    free(t->path);
    free(t);
}

int tmpl_needs_total(const struct tmpl *t)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (t->parts[i].kind == P_TOTAL || (t->parts[i].kind == P_SEQ && t->parts[i].mod == M_PAD))
            return 1;
    return 0;
}

const char *tmpl_direct_path(const struct tmpl *t)
{
    return t->path;
}

/* dirname(1) as Perl's File::Basename has it: trailing slashes and the last component go,
 * "." when nothing is left, "/" for the root (also for "//", which libc may keep). */
static void path_dirname(const char *s, size_t len, struct buf *out)
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
static void apply_mod(enum part_mod mod, const struct field *f, struct buf *out)
{
    const char *s = f->s;
    size_t len = f->len;

    buf_reset(out);
    if (mod == M_DIR) {
        path_dirname(s, len, out);
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
static void part_fields(const struct part *p, const struct rec *r, size_t *first, size_t *count)
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
static void part_values(const struct part *p, const struct tmpl_vals *v, struct buf *scratch,
                        void (*emit)(void *, size_t, const char *, size_t), void *ctx)
{
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
    part_fields(p, v->rec, &first, &count);
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
            /* A NUL cannot cross exec; the value ends there, in argv and in sh -c alike. */
            emit(ctx, i, f->s, strnlen(f->s, f->len));
            continue;
        }
        apply_mod(p->mod, f, scratch);
        emit(ctx, i, scratch->data ? scratch->data : "", scratch->len);
    }
}

static void emit_quoted(void *ctx, size_t i, const char *s, size_t len)
{
    struct buf *out = ctx;

    if (i > 0)
        buf_addc(out, ' ');
    quote_append(out, s, len);
}

static void emit_unquoted(void *ctx, size_t i, const char *s, size_t len)
{
    struct buf *out = ctx;

    if (i > 0)
        buf_addc(out, ' ');
    buf_append(out, s, len);
}

/* -q: each word expanded with its values as they are, then quoted whole. */
struct qwords {
    struct buf *out;
    struct buf word;
};

static void qword_end(struct qwords *q)
{
    if (q->out->len > 0)
        buf_addc(q->out, ' ');
    quote_append(q->out, q->word.data ? q->word.data : "", q->word.len);
    buf_reset(&q->word);
}

/* Several values in one word: each after the first starts a word of its own. */
static void emit_qword(void *ctx, size_t i, const char *s, size_t len)
{
    struct qwords *q = ctx;

    if (i > 0)
        qword_end(q);
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

static int is_all_args(const struct part *p)
{
    return p->kind == P_ARG && p->pos == 0;
}

/* The parts [i, *end) form one word (or one run of blanks); returns whether it holds {}. */
static int word_span(const struct tmpl *t, size_t i, size_t *end)
{
    int all = is_all_args(&t->parts[i]);
    size_t j = i + 1;

    while (j < t->n && !t->parts[i].sep && !t->parts[j].sep && t->parts[j].word == t->parts[i].word)
        all |= is_all_args(&t->parts[j++]);
    *end = j;
    return all;
}

static void walk_parts(const struct tmpl *t, size_t i, size_t end, const struct tmpl_vals *v,
                       const struct tmpl_vals *each, const struct sink *k, struct buf *scratch)
{
    for (; i < end; i++) {
        const struct part *p = &t->parts[i];
        if (p->kind == P_LIT)
            k->lit(k->ctx, p->lit, p->len);
        else
            part_values(p, is_all_args(p) ? each : v, scratch, p->raw ? k->raw : k->val, k->ctx);
    }
}

/* Walk the template for one job; with -X a word holding {} comes once per argument. */
static void tmpl_walk(const struct tmpl *t, const struct tmpl_vals *v, const struct sink *k)
{
    struct buf scratch = {0};
    size_t end;

    for (size_t i = 0; i < t->n; i = end) {
        if (!word_span(t, i, &end) || !t->context || v->rec->n < 2) {
            walk_parts(t, i, end, v, v, k, &scratch);
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
            walk_parts(t, i, end, v, &each, k, &scratch);
        }
        if (t->quote_words)
            k->wend(k->ctx);
    }
    buf_free(&scratch);
}

static void sink_append(void *ctx, const char *s, size_t len)
{
    buf_append(ctx, s, len);
}

static void qword_lit(void *ctx, const char *s, size_t len)
{
    struct qwords *q = ctx;

    buf_append(&q->word, s, len);
}

static void qword_end_sink(void *ctx)
{
    qword_end(ctx);
}

static void sink_space(void *ctx)
{
    buf_addc(ctx, ' ');
}

void tmpl_expand_raw(const struct tmpl *t, const struct tmpl_vals *v, struct buf *out)
{
    const struct sink k = {sink_append, emit_unquoted, emit_unquoted, sink_space, NULL, out};

    tmpl_walk(t, v, &k);
}

void tmpl_expand_shell(const struct tmpl *t, const struct tmpl_vals *v, struct buf *out)
{
    const struct sink k = {sink_append, emit_quoted, emit_unquoted, sink_space, NULL, out};

    if (t->quote_words) { /* -q: every word quoted whole once its values are in */
        struct qwords q = {out, {0}};
        const struct sink qk = {qword_lit,      emit_qword,     emit_qword,
                                qword_end_sink, qword_end_sink, &q};
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

static void word_end(struct words *w)
{
    if (w->open) {
        buf_addc(w->strs, '\0');
        w->count++;
        w->open = 0;
    }
}

static void emit_raw(void *ctx, size_t i, const char *s, size_t len)
{
    struct words *w = ctx;

    if (i > 0)
        word_end(w);
    w->open = 1;
    buf_append(w->strs, s, len);
}

static void split_literal(struct words *w, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' || s[i] == '\t') {
            word_end(w);
            continue;
        }
        w->open = 1;
        buf_addc(w->strs, s[i]);
    }
}

static void split_literal_sink(void *ctx, const char *s, size_t len)
{
    split_literal(ctx, s, len);
}

/* -q: a literal is part of its word, blanks and all. */
static void word_lit_sink(void *ctx, const char *s, size_t len)
{
    struct words *w = ctx;

    w->open = 1;
    buf_append(w->strs, s, len);
}

static void word_end_sink(void *ctx)
{
    word_end(ctx);
}

int tmpl_expand_argv(const struct tmpl *t, const struct tmpl_vals *v, struct buf *strs,
                     char ***argv, size_t *argv_cap)
{
    struct words w = {.strs = strs};
    struct buf scratch = {0};

    if (t->path == NULL)
        return 0;
    buf_reset(strs);
    const struct sink k = {t->quote_words ? word_lit_sink : split_literal_sink,
                           emit_raw,
                           emit_raw,
                           word_end_sink,
                           word_end_sink,
                           &w};
    tmpl_walk(t, v, &k);
    word_end(&w);
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
    struct buf q = {0};
    size_t cost = 0, end;

    quote_append(&q, f->s, f->len);
    for (size_t i = 0; i < t->n; i = end) {
        int all = word_span(t, i, &end);
        for (size_t k = i; k < end; k++) {
            if (is_all_args(&t->parts[k]))
                cost += q.len + 1;
            else if (all && t->context) /* the word's other pieces; 20 holds any number */
                cost += t->parts[k].kind == P_LIT ? t->parts[k].len : 20;
        }
    }
    buf_free(&q);
    return cost;
}
