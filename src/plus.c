/* plus: the --plus operations on one argument, as GNU parallel 20221122 defines them.
 * GNU parallel does each regex form as a Perl substitution with the user's regex pasted into a
 * larger pattern, so we paste it the same way and let PCRE2 compile the result: quirks such as
 * a top-level "|" escaping the "^" anchor, or a group in {#re} taking the place of the rest,
 * carry over. Values are bytes; case changes touch ASCII letters only, as Perl's uc and lc do
 * on byte strings. */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "plus.h"

#include <limits.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum plus_kind {
    K_NOEXT,   /* {..} {...} {/..} {/...}: drop the last n extensions */
    K_EXT,     /* {+.} {+..} {+...}: keep only the last n extensions */
    K_DIR,     /* {+/}: what comes before the last slash */
    K_DEFAULT, /* {:-str} */
    K_SUBSTR,  /* {:num} {:pos:len} */
    K_REGEX,   /* the forms that substitute matches of a regex */
};

/* What a match of a regex form is replaced with. */
enum plus_repl { R_TEXT, R_GROUP, R_UPPER, R_LOWER };

struct plus_op {
    enum plus_kind kind;
    int n;        /* K_NOEXT, K_EXT: how many extensions */
    int base;     /* K_NOEXT: take the basename first */
    size_t from;  /* K_SUBSTR */
    size_t count; /* K_SUBSTR: SIZE_MAX for the rest */
    char *text;   /* K_DEFAULT, and R_TEXT's replacement */
    size_t textlen;
    pcre2_code *re;
    pcre2_match_data *md; /* reused by every match: lanes expands one job at a time */
    enum plus_repl repl;
    int global;
    char *word; /* "{...}" for messages */
};

/* The regex forms, in the order GNU parallel tries them (its longer rules first, so "%%re"
 * wins over "%" with the regex "%re"). The pattern is before + re + after, with re's * and +
 * made lazy first where lazy is set; slash forms read "re/str" and put str for each match. */
static const struct plus_form {
    const char *prefix;
    const char *forbid;       /* characters re may not contain */
    const char *forbid_first; /* characters re may not start with */
    const char *before;
    const char *after;
    int slash;
    int lazy;
    int global;
    enum plus_repl repl;
} plus_forms[] = {
    {"/", "#%/", "", "", "", 1, 0, 0, R_TEXT},  {"//", "", "", "", "", 1, 0, 1, R_TEXT},
    {"/#", "", "", "^", "", 1, 0, 1, R_TEXT},   {"/%", "", "", "", "$", 1, 0, 1, R_TEXT},
    {"##", "", "#", "^", "", 0, 0, 0, R_TEXT},  {"#", "", "#", "^", "(.*)", 0, 1, 0, R_GROUP},
    {"%%", "", "", "", "$", 0, 0, 0, R_TEXT},   {"^^", "", "", "(", ")", 0, 0, 1, R_UPPER},
    {",,", "", "", "(", ")", 0, 0, 1, R_LOWER}, {"%", "", "", "(.*)", "$", 0, 1, 0, R_GROUP},
    {"^", "", "", "^(", ")", 0, 0, 0, R_UPPER}, {",", "", "", "^(", ")", 0, 0, 0, R_LOWER},
};

static const struct {
    const char *name;
    enum plus_kind kind;
    int n;
    int base;
} plus_names[] = {
    {"..", K_NOEXT, 2, 0}, {"...", K_NOEXT, 3, 0}, {"/..", K_NOEXT, 2, 1}, {"/...", K_NOEXT, 3, 1},
    {"+/", K_DIR, 0, 0},   {"+.", K_EXT, 1, 0},    {"+..", K_EXT, 2, 0},   {"+...", K_EXT, 3, 0},
};

static struct plus_op *plus_new(enum plus_kind kind, const char *inner, size_t len)
{
    struct plus_op *op = xcalloc(1, sizeof *op);

    op->kind = kind;
    op->word = xmalloc(len + 3);
    op->word[0] = '{';
    memcpy(op->word + 1, inner, len);
    memcpy(op->word + 1 + len, "}", 2);
    return op;
}

static int plus_has(const char *set, char c)
{
    return memchr(set, c, strlen(set)) != NULL;
}

/* Read the decimal digits at s, saturating at SIZE_MAX; returns how many there were. */
static size_t plus_digits(const char *s, size_t n, size_t *val)
{
    size_t i = 0;

    *val = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        size_t d = (size_t)(s[i] - '0');
        *val = *val > (SIZE_MAX - d) / 10 ? SIZE_MAX : *val * 10 + d;
    }
    return i;
}

/* Read GNU parallel's "n" or "-n" before an operation, and the blanks it allows after it;
 * returns how many bytes that took, 0 when there is none. */
static size_t plus_position(const char *s, size_t n, long *pos)
{
    size_t neg = n > 0 && s[0] == '-';
    size_t v;
    size_t i = neg + plus_digits(s + neg, n - neg, &v);

    if (i == neg)
        return 0;
    if (v > LONG_MAX)
        v = LONG_MAX;
    if (v == 0)
        *pos = i == 1 ? 0 : LONG_MIN; /* only a bare "0" means every argument */
    else
        *pos = neg ? -(long)v : (long)v;
    while (i < n && s[i] != '\0' && strchr(" \t\n\r\f\v", s[i]))
        i++;
    return i;
}

static struct plus_op *plus_parse_name(const char *inner, size_t len, const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof plus_names / sizeof plus_names[0]; i++) {
        if (strlen(plus_names[i].name) != n || memcmp(s, plus_names[i].name, n) != 0)
            continue;
        struct plus_op *op = plus_new(plus_names[i].kind, inner, len);
        op->n = plus_names[i].n;
        op->base = plus_names[i].base;
        return op;
    }
    return NULL;
}

/* {:-str}, {:num} and {:pos:len}; numbers are plain digits, as GNU parallel reads them. */
static struct plus_op *plus_parse_colon(const char *inner, size_t len, const char *s, size_t n)
{
    size_t from, count;

    if (n < 2 || s[0] != ':')
        return NULL;
    if (s[1] == '-') {
        if (n == 2)
            return NULL;
        struct plus_op *op = plus_new(K_DEFAULT, inner, len);
        op->text = xstrndup(s + 2, n - 2);
        op->textlen = n - 2;
        return op;
    }
    size_t d = plus_digits(s + 1, n - 1, &from);
    count = SIZE_MAX;
    if (d == 0)
        return NULL;
    if (1 + d < n) {
        size_t d2 = plus_digits(s + 2 + d, n - 2 - d, &count);
        if (s[1 + d] != ':' || d2 == 0 || 2 + d + d2 != n)
            return NULL;
    }
    struct plus_op *op = plus_new(K_SUBSTR, inner, len);
    op->from = from;
    op->count = count;
    return op;
}

/* Copy re to out with each * and + made lazy, as GNU parallel does for {#re} and {%re}: not
 * inside [...], not after a backslash, and not where a ? already follows. */
static void plus_lazy(struct buf *out, const char *re, size_t len)
{
    int in_class = 0, escaped = 0, quantifier = 0;

    for (size_t i = 0; i < len; i++) {
        char c = re[i];
        if (quantifier && c != '?')
            buf_addc(out, '?');
        quantifier = 0;
        buf_addc(out, c);
        if (escaped)
            escaped = 0;
        else if (c == '\\')
            escaped = 1;
        else if (c == '[')
            in_class = 1;
        else if (in_class)
            in_class = c != ']';
        else
            quantifier = c == '*' || c == '+';
    }
    if (quantifier)
        buf_addc(out, '?');
}

/* Find where the regex of form f ends in s (after the prefix), and for slash forms where the
 * replacement starts; returns 0 when s is not that form. */
static int plus_form_split(const struct plus_form *f, const char *s, size_t n, size_t *relen)
{
    size_t plen = strlen(f->prefix);

    if (n < plen || memcmp(s, f->prefix, plen) != 0)
        return 0;
    s += plen;
    n -= plen;
    *relen = n;
    if (f->slash) {
        /* The regex is the shortest non-empty text before a slash. */
        const char *slash = n > 1 ? memchr(s + 1, '/', n - 1) : NULL;
        if (slash == NULL)
            return 0;
        *relen = (size_t)(slash - s);
    }
    if (*relen == 0 || plus_has(f->forbid_first, s[0]))
        return 0;
    for (size_t i = 0; i < *relen; i++)
        if (plus_has(f->forbid, s[i]))
            return 0;
    return 1;
}

static pcre2_code *plus_compile(struct buf *pattern, const char *word)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)buf_cstr(pattern), pattern->len, 0, &err, &off, NULL);

    if (re == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        util_die("bad regex in %s: %s", word, (const char *)msg);
    }
    return re;
}

static struct plus_op *plus_parse_regex(const char *inner, size_t len, const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof plus_forms / sizeof plus_forms[0]; i++) {
        const struct plus_form *f = &plus_forms[i];
        size_t relen;
        if (!plus_form_split(f, s, n, &relen))
            continue;
        const char *re = s + strlen(f->prefix);
        struct plus_op *op = plus_new(K_REGEX, inner, len);
        struct buf pattern = {0};
        buf_adds(&pattern, REGEX_PREFIX);
        buf_adds(&pattern, f->before);
        if (f->lazy)
            plus_lazy(&pattern, re, relen);
        else
            buf_append(&pattern, re, relen);
        buf_adds(&pattern, f->after);
        op->re = plus_compile(&pattern, op->word);
        buf_free(&pattern);
        op->md = pcre2_match_data_create_from_pattern(op->re, NULL);
        if (op->md == NULL)
            util_die("out of memory");
        op->repl = f->repl;
        op->global = f->global;
        /* The replacement is literal: GNU parallel interpolates it as a Perl variable. */
        size_t skip = f->slash ? relen + 1 : relen;
        op->text = xstrndup(re + skip, (size_t)(s + n - re) - skip);
        op->textlen = (size_t)(s + n - re) - skip;
        return op;
    }
    return NULL;
}

struct plus_op *plus_parse(const char *inner, size_t len, long *pos)
{
    *pos = 0;
    /* No GNU parallel rule reaches across a closing brace. */
    if (memchr(inner, '}', len) != NULL)
        return NULL;
    size_t skip = plus_position(inner, len, pos);
    const char *s = inner + skip;
    size_t n = len - skip;
    struct plus_op *op = plus_parse_regex(inner, len, s, n);

    if (op == NULL)
        op = plus_parse_colon(inner, len, s, n);
    if (op == NULL)
        op = plus_parse_name(inner, len, s, n);
    if (op == NULL)
        *pos = 0;
    return op;
}

/* The path forms work as GNU parallel's Perl substitutions do, down to values holding a
 * newline (from -0 or -d), where Perl's "." stops: hence the line arithmetic below. */

/* Offset of the n-th dot from the end with no slash after it, or len when there is none. */
static size_t plus_nth_dot(const char *s, size_t len, int n)
{
    for (size_t i = len; i-- > 0 && s[i] != '/';)
        if (s[i] == '.' && --n == 0)
            return i;
    return len;
}

static size_t plus_line_start(const char *s, size_t i)
{
    while (i > 0 && s[i - 1] != '\n')
        i--;
    return i;
}

/* Find what Perl's s:.*c:: removes: from the start of the first line holding a c to the last
 * c on that line. Returns 0 when there is no c. */
static int plus_upto(const char *s, size_t len, char c, size_t *from, size_t *to)
{
    const char *first = memchr(s, c, len);

    if (first == NULL)
        return 0;
    *from = plus_line_start(s, (size_t)(first - s));
    *to = (size_t)(first - s) + 1;
    for (size_t i = *to; i < len && s[i] != '\n'; i++)
        if (s[i] == c)
            *to = i + 1;
    return 1;
}

static void plus_append_without(struct buf *out, const char *s, size_t len, size_t from, size_t to)
{
    buf_append(out, s, from);
    buf_append(out, s + to, len - to);
}

/* {..} {...} {/..} {/...}: with the basename first for the slash forms. */
static void plus_noext(const struct plus_op *op, const char *s, size_t len, struct buf *out)
{
    size_t at = out->len, from, to;

    buf_reserve(out, len);
    if (op->base && plus_upto(s, len, '/', &from, &to))
        plus_append_without(out, s, len, from, to);
    else
        buf_append(out, s, len);
    out->len = at + plus_nth_dot(out->data + at, out->len - at, op->n);
}

/* {+/} {+.} {+..} {+...}; where there is nothing to keep, GNU parallel empties the last line
 * (Perl's s:.*$::), which is the whole value unless it holds a newline. */
static void plus_rest(const struct plus_op *op, const char *s, size_t len, struct buf *out)
{
    size_t from, to, i = len;

    if (op->kind == K_DIR) {
        while (i > 0 && s[i - 1] != '/')
            i--;
        if (i > 0) {
            buf_append(out, s, i - 1);
            return;
        }
    } else if (op->n == 1) {
        /* {+.} is what follows the last dot, even one in a directory name. */
        if (plus_upto(s, len, '.', &from, &to)) {
            plus_append_without(out, s, len, from, to);
            return;
        }
    } else if ((i = plus_nth_dot(s, len, op->n)) < len) {
        plus_append_without(out, s, len, plus_line_start(s, i), i + 1);
        return;
    }
    to = len > 0 && s[len - 1] == '\n' ? len - 1 : len;
    plus_append_without(out, s, len, plus_line_start(s, to), to);
}

/* Append s, with ASCII letters changed to upper or lower case as repl says. */
static void plus_append_case(struct buf *out, const char *s, size_t len, enum plus_repl repl)
{
    size_t at = out->len;

    buf_append(out, s, len);
    for (size_t i = at; i < out->len; i++) {
        char c = out->data[i];
        if (repl == R_UPPER && c >= 'a' && c <= 'z')
            out->data[i] = (char)(c - 'a' + 'A');
        else if (repl == R_LOWER && c >= 'A' && c <= 'Z')
            out->data[i] = (char)(c - 'A' + 'a');
    }
}

static void plus_replacement(const struct plus_op *op, const char *val, struct buf *out)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(op->md);

    if (op->repl == R_TEXT)
        buf_append(out, op->text, op->textlen);
    else if (pcre2_get_ovector_count(op->md) > 1 && ov[2] != PCRE2_UNSET)
        plus_append_case(out, val + ov[2], ov[3] - ov[2], op->repl);
}

/* Substitute the first match, or every match the way Perl's s///g finds them: after an empty
 * match the next one may not be empty at the same place. */
static void plus_subst(const struct plus_op *op, const char *val, size_t len, struct buf *out)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(op->md);
    size_t at = 0, done = 0;
    uint32_t flags = 0;

    while (at <= len) {
        int rc = pcre2_match(op->re, (PCRE2_SPTR)val, len, at, flags, op->md, NULL);
        if (rc == PCRE2_ERROR_NOMATCH && flags != 0) {
            at++;
            flags = 0;
            continue;
        }
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(rc, msg, sizeof msg);
            util_die("cannot match %s against \"%.*s\": %s", op->word, (int)len, val,
                     (const char *)msg);
        }
        buf_append(out, val + done, ov[0] - done);
        plus_replacement(op, val, out);
        done = at = ov[1];
        if (!op->global)
            break;
        flags = ov[0] == ov[1] ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    }
    buf_append(out, val + done, len - done);
}

void plus_apply(const struct plus_op *op, const char *val, size_t len, struct buf *out)
{
    switch (op->kind) {
    case K_DEFAULT:
        /* Perl's ||= also takes "0" as empty. */
        if (len == 0 || (len == 1 && val[0] == '0'))
            buf_append(out, op->text, op->textlen);
        else
            buf_append(out, val, len);
        break;
    case K_SUBSTR: {
        size_t from = op->from < len ? op->from : len;
        buf_append(out, val + from, op->count < len - from ? op->count : len - from);
        break;
    }
    case K_REGEX:
        plus_subst(op, val, len, out);
        break;
    case K_NOEXT:
        plus_noext(op, val, len, out);
        break;
    default:
        plus_rest(op, val, len, out);
        break;
    }
}

void plus_free(struct plus_op *op)
{
    if (op == NULL)
        return;
    pcre2_match_data_free(op->md);
    pcre2_code_free(op->re);
    free(op->text);
    free(op->word);
    free(op);
}
