/* tmpl_parts: what a compiled template is made of, shared by the two halves of the tmpl
 * module only: tmpl.c compiles templates into parts, tmpl_expand.c expands them per job. No
 * other module includes it. */
#ifndef LANES_TMPL_PARTS_H
#define LANES_TMPL_PARTS_H

#include <stddef.h>

#include "plus.h"
#include "tmpl.h"

struct perl;

enum part_kind { P_LIT, P_ARG, P_SEQ, P_SLOT, P_TOTAL, P_SSHLOGIN, P_HOST, P_HGRP, P_AGRP, P_PERL };
/* --plus {uniq} and {choose_k}: a job whose arguments fail the check is skipped. */
enum part_check { C_NONE, C_UNIQ, C_CHOOSE };
enum part_mod { M_NONE, M_NOEXT, M_BASE, M_DIR, M_BASENOEXT, M_PAD };

struct part {
    enum part_kind kind;
    enum part_mod mod;
    long pos; /* P_ARG: 0 for every field, n for field n, -n for the n-th from the end */
    int raw;  /* a value used as the command itself: no quoting */
    int word; /* the command word the part belongs to (-q: argv words; else blank-separated) */
    int sep;  /* literal blanks between words */
    struct plus_op *op; /* --plus operation applied to each value */
    enum part_check check;
    struct perl *perl; /* P_PERL: the expression perl_id of this bridge */
    int perl_id;
    int total; /* P_PERL: it may call total_jobs() */
    char *lit;
    size_t len;
};

struct tmpl {
    struct part *parts;
    size_t n, cap;
    char *path; /* program for direct exec, or NULL: run under a shell */
    int quote_words;
    int cur_word; /* while compiling */
    int guard;    /* the program is echo/true/false, whose PATH twin reads --help */
    int context;  /* -X: a word holding {} is repeated for each argument */
};

/* tmpl_perl.c: a {= perl =} expression or an --rpl tag at s, as a P_PERL part; an --rpl
 * tag only when it is at least native bytes long. Returns its length, or 0. */
size_t tmpl_match_perl(const char *s, const struct tmpl_conf *c, struct part *p, size_t native);

#endif
