/* tmpl: the command template, compiled once and expanded per job. */
#ifndef LANES_TMPL_H
#define LANES_TMPL_H

#include "buf.h"
#include "rec.h"

struct tmpl;
struct tmpl_rpl;

/* How replacement strings are spelled; NULL keeps GNU parallel's default. */
struct tmpl_spelling {
    const char *arg;       /* {}   -I */
    const char *noext;     /* {.}  --er */
    const char *base;      /* {/}  --bnr */
    const char *dir;       /* {//} --dnr */
    const char *basenoext; /* {/.} --bner */
    const char *seq;       /* {#}  --seqreplace */
    const char *slot;      /* {%}  --slotreplace */
};

struct tmpl_conf {
    struct tmpl_spelling sp;
    char **names; /* --header column names, {name} for field i+1 */
    size_t nnames;
    int quote_words;      /* -q: each command word is quoted whole after its replacements */
    int plus;             /* --plus replacement strings */
    int context;          /* -X: a word holding {} is repeated for each argument */
    int no_append;        /* --pipe: nothing is appended to a template without {} */
    struct tmpl_rpl *rpl; /* {= perl =}, --parens and --rpl; NULL: none of them */
};

/* Values of one job. */
struct tmpl_vals {
    const struct rec *rec;
    unsigned long seq;
    unsigned long slot;
    unsigned long slots;  /* job slots in all, for {0%} */
    unsigned long total;  /* jobs in all, for {##} and {0#} */
    unsigned long done;   /* jobs completed before it started: Perl's total_completed */
    const char *sshlogin; /* --plus {sshlogin}: the -S login it runs on; NULL: ':' */
    const char *host;     /* --plus {host}: that login's host; NULL: ':' */
    const char *hgrp;     /* --plus {hgrp}: --hostgroups: the host's groups; NULL: none */
    const char *agrp;     /* --plus {agrp}: --hostgroups: the job's groups; NULL: none */
    int *skip;            /* set to 1 when skip() or {uniq}/{choose_k} say the job must not
                           * run; NULL: not asked */
};

/* The replacement strings that run Perl: the --rpl definitions ("TAG perl expression") and
 * the --parens string (NULL: {==}). Exits 255 on a bad one. Perl starts only when a
 * template compiled with them holds one (tmpl_rpl_start, or the first expansion). */
struct tmpl_rpl *tmpl_rpl_new(const char *const defs[], size_t n, const char *parens);
/* Start Perl for the templates compiled so far, if they need it: an expression Perl cannot
 * compile ends lanes with 255 here, before any job runs. */
void tmpl_rpl_start(struct tmpl_rpl *r);
void tmpl_rpl_free(struct tmpl_rpl *r);
/* --filter: whether Perl finds code (len bytes, its replacement strings replaced) true. Code
 * that does not compile or dies is false, as in GNU parallel. Starts Perl on first use. */
int tmpl_rpl_true(struct tmpl_rpl *r, const char *code, size_t len);

/* Compile words (the command words joined with spaces, as GNU parallel does); appends
 * " {}" when the template holds no replacement string. */
struct tmpl *tmpl_compile(char *const words[], int nwords, const struct tmpl_conf *conf);
void tmpl_free(struct tmpl *t);

/* Append the shell command line of one job, every value shell-quoted. */
void tmpl_expand_shell(const struct tmpl *t, const struct tmpl_vals *v, struct buf *out);

/* When the template needs no shell, build argv for direct exec: the strings go into
 * strs, NUL-separated, and argv (NULL-terminated, pointing into strs) into *argv.
 * Returns 0 when the job must run under a shell instead. */
int tmpl_expand_argv(const struct tmpl *t, const struct tmpl_vals *v, struct buf *strs,
                     char ***argv, size_t *argv_cap);

/* A template for a path or a tag (--results DIR, --tagstring): NULL when s holds no
 * replacement string (nothing is appended). */
struct tmpl *tmpl_compile_text(const char *s, const struct tmpl_conf *conf);
/* A template of fixed text that expands to s. */
struct tmpl *tmpl_compile_fixed(const char *s);
/* Append the expansion with values as they are, unquoted. */
void tmpl_expand_raw(const struct tmpl *t, const struct tmpl_vals *v, struct buf *out);
/* As tmpl_expand_raw, with a replacement string's values run together (--tmpl: "{}" of 1 and
 * a is 1a, as in GNU parallel). */
void tmpl_expand_joined(const struct tmpl *t, const struct tmpl_vals *v, struct buf *out);

/* What one more argument f adds to a job's command line of several (-X, -m): its value as
 * each replacement string writes it, quoted, with the blanks between; 20 bytes stand for any
 * other replacement string in a -X word. */
size_t tmpl_arg_cost(const struct tmpl *t, const struct field *f);

/* Whether the template needs the number of jobs in all ({##}, {0#}). */
int tmpl_needs_total(const struct tmpl *t);

/* The resolved path of the program for direct exec, or NULL when the template needs a
 * shell. */
const char *tmpl_direct_path(const struct tmpl *t);

#endif
