/* tmpl: compile the command template into literal text and replacement strings, and decide
 * once whether jobs can be exec'd without a shell (tmpl_expand.c expands it per job). */
#include "tmpl.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plus.h"
#include "quote.h"
#include "util.h"

#include "tmpl_parts.h"

static void tmpl_add_part(struct tmpl *t, struct part p)
{
    p.word = t->cur_word;
    if (t->parts == NULL || t->n == t->cap) { /* doubling: many parts compile in linear time */
        t->cap = t->cap ? 2 * t->cap : 8;
        t->parts = xreallocarray(t->parts, t->cap, sizeof *t->parts);
    }
    t->parts[t->n++] = p;
}

static void tmpl_add_lit_run(struct tmpl *t, const char *s, size_t len, int sep)
{
    struct part *last = t->n > 0 ? &t->parts[t->n - 1] : NULL;

    if (last && last->kind == P_LIT && last->word == t->cur_word && last->sep == sep) {
        last->lit = xreallocarray(last->lit, last->len + len + 1, 1);
        memcpy(last->lit + last->len, s, len);
        last->len += len;
        last->lit[last->len] = '\0';
        return;
    }
    tmpl_add_part(t, (struct part){.kind = P_LIT, .lit = xstrndup(s, len), .len = len, .sep = sep});
}

/* Literal text, cut at blanks into words (for -X and for direct exec); with -q the word is
 * the command-line word itself. */
static void tmpl_add_lit(struct tmpl *t, const char *s, size_t len)
{
    if (t->quote_words) {
        if (len > 0)
            tmpl_add_lit_run(t, s, len, 0);
        return;
    }
    while (len > 0) {
        int sep = *s == ' ' || *s == '\t';
        size_t n = 0;
        while (n < len && (s[n] == ' ' || s[n] == '\t') == sep)
            n++;
        if (sep)
            t->cur_word++;
        tmpl_add_lit_run(t, s, n, sep);
        s += n;
        len -= n;
    }
}

/* Match a positional {n}, {-n}, {n.}, {n/}, {n//}, {n/.} at s; returns its length. Blanks
 * may follow the number, as GNU parallel allows: {1 }, {1<newline>} and {1 .} are {1}, {1.}. */
static size_t tmpl_match_positional(const char *s, struct part *p)
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
    end += strspn(end, " \t\n\r\f\v");
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
static size_t tmpl_match_spelled(const char *s, const struct tmpl_spelling *sp, struct part *p)
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
static size_t tmpl_match_name(const char *s, const struct tmpl_conf *c, struct part *p)
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

/* --plus: {slot}, {0%}, {sshlogin}, {host}, {hgrp}, {agrp} and the operations of the plus
 * module. */
static size_t tmpl_match_plus(const char *s, const struct tmpl_conf *c, struct part *p)
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
    if (strncmp(s, "{sshlogin}", 10) == 0 || strncmp(s, "{host}", 6) == 0) {
        *p = (struct part){.kind = s[1] == 's' ? P_SSHLOGIN : P_HOST};
        return inner + 2;
    }
    if (strncmp(s, "{hgrp}", 6) == 0 || strncmp(s, "{agrp}", 6) == 0) {
        *p = (struct part){.kind = s[1] == 'h' ? P_HGRP : P_AGRP};
        return inner + 2;
    }
    if (strncmp(s, "{uniq}", 6) == 0 || strncmp(s, "{choose_k}", 10) == 0) {
        *p = (struct part){.kind = P_ARG, .check = s[1] == 'u' ? C_UNIQ : C_CHOOSE};
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
static size_t tmpl_match_any(const char *s, const struct tmpl_conf *c, struct part *p)
{
    struct part q;
    size_t len = tmpl_match_spelled(s, c ? &c->sp : NULL, p), n;

    /* Positional forms derive from {}; with -I they are plain text, as in GNU parallel. */
    if ((c == NULL || c->sp.arg == NULL) && (n = tmpl_match_positional(s, &q)) > len) {
        len = n;
        *p = q;
    }
    if ((n = tmpl_match_name(s, c, &q)) > len) {
        len = n;
        *p = q;
    }
    if (len == 0 && c && c->plus)
        len = tmpl_match_plus(s, c, p);
    /* {= perl =} always; an --rpl tag where it is at least as long as lanes' own match. */
    if ((n = tmpl_match_perl(s, c, &q, len)) > 0) {
        len = n;
        *p = q;
    }
    return len;
}

/* Split src into parts; returns whether any replacement string was found. */
static int tmpl_parse(struct tmpl *t, const char *src, const struct tmpl_conf *c)
{
    int found = 0;
    const char *lit = src;

    for (const char *s = src; *s;) {
        struct part p;
        size_t len = tmpl_match_any(s, c, &p);
        if (len == 0) {
            s++;
            continue;
        }
        tmpl_add_lit(t, lit, (size_t)(s - lit));
        tmpl_add_part(t, p);
        found = 1;
        s += len;
        lit = s;
    }
    tmpl_add_lit(t, lit, strlen(lit));
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
static int tmpl_shell_word(const char *w)
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

static int tmpl_exported_function(const char *name)
{
    size_t len = strlen(name);
    extern char **environ;

    for (char **e = environ; *e; e++)
        if (strncmp(*e, "BASH_FUNC_", 10) == 0 && strncmp(*e + 10, name, len) == 0 &&
            (*e)[10 + len] == '%')
            return 1;
    return 0;
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
    for (size_t k = 0; k < t->n; k++)
        if (t->parts[k].kind == P_PERL) /* uq() puts text for the shell in */
            return;
    /* The first word must be literal through and through. */
    if (i + 1 < t->n && !t->parts[i + 1].sep && t->parts[i + 1].word == t->parts[i].word)
        return;
    const char *name = t->parts[i].lit;
    if (!tmpl_shell_word(name) && !tmpl_exported_function(name))
        t->path = util_path_lookup(name);
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
        if (t->parts[i].kind == P_ARG || t->parts[i].kind == P_PERL) {
            raw = 1;
            break;
        }
    }
    for (size_t i = 0; i < t->n && raw; i++)
        t->parts[i].raw =
            t->parts[i].raw || t->parts[i].kind == P_ARG || t->parts[i].kind == P_PERL;
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
            tmpl_add_part(t, (struct part){.kind = P_LIT, .lit = xstrdup(""), .len = 0});
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
            tmpl_add_lit(t, " ", 1);
        tmpl_add_part(t, (struct part){.kind = P_ARG, .mod = M_NONE, .raw = nwords == 0});
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
    tmpl_add_lit(t, s, strlen(s));
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
        if (t->parts[i].kind == P_TOTAL || t->parts[i].total ||
            (t->parts[i].kind == P_SEQ && t->parts[i].mod == M_PAD))
            return 1;
    return 0;
}

const char *tmpl_direct_path(const struct tmpl *t)
{
    return t->path;
}
