/* recsep: where records end in a run of bytes, for --pipe: after a recend that a recstart
 * follows (strings, or with --regexp regexes), or after every so many lines (-L). */
#ifndef LANES_RECSEP_H
#define LANES_RECSEP_H

#include <stddef.h>

#include "buf.h"

struct recsep_conf {
    const char *recstart, *recend; /* may hold NUL bytes: their lengths follow */
    size_t recstart_len, recend_len;
    unsigned long lines; /* -L: a record is so many lines; 0 for recstart and recend */
    int regexp;          /* --regexp: recstart and recend are PCRE2 regexes */
    int csv;             /* --csv: a record ends at a newline outside a quoted field */
};

/* One end of a record: the record's recend is d[sep..end), the next record starts at end with
 * its recstart d[end..next). */
struct recsep_cut {
    size_t sep, end, next;
};

struct recsep;

/* Exits 255 naming --recstart or --recend when a regex does not compile. */
struct recsep *recsep_new(const struct recsep_conf *c);
void recsep_free(struct recsep *r);
/* The first cut in d[0..n) that ends a record after from, and lies wholly in d[0..n); as in
 * GNU parallel, a string recend at the very start ends no record (a regex one does). 0 when there
 * is none, or (with more set, for a regex) when more bytes could still change it; 1 with *cut
 * filled. With scan (NULL for none) the search starts at *scan rather than from, and when it
 * finds nothing *scan says where a search of d[0..n) with more bytes after it may start again,
 * so that a record read in many pieces is searched once. */
int recsep_next(const struct recsep *r, const char *d, size_t n, size_t from, size_t *scan,
                int more, struct recsep_cut *cut);
/* Whether records are cut by --regexp's patterns (not by -L or --csv). */
int recsep_regex(const struct recsep *r);
/* --regexp: the length of the recstart that d[0..n) begins with; -1 for none, -2 when more bytes
 * (with more set) could still make one; 0 when not --regexp. */
long recsep_lead(const struct recsep *r, const char *d, size_t n, int more);
/* Where the last record ends whose cut lies wholly in d[0..limit), or 0. */
size_t recsep_last(const struct recsep *r, const char *d, size_t n, size_t limit);
/* d[0..n) onto out without the separators: every recend and recstart between records, a
 * recstart at the start and a recend at the end (--rrs). */
void recsep_strip(const struct recsep *r, const char *d, size_t n, struct buf *out);

#endif
