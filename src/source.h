/* source: one input source of input (private to input.c and source.c): a ::: list or a file,
 * what was read of it and not yet handed out, and its values when read whole. */
#ifndef LANES_SOURCE_H
#define LANES_SOURCE_H

#include <stddef.h>

#include "buf.h"
#include "input.h"
#include "rec.h"

struct source {
    char **args; /* ::: list, or NULL for a file */
    int nargs;
    int next;
    int fd;
    const char *name;
    struct buf data; /* bytes read and not yet handed out start at data.data + start */
    size_t start;
    /* From start: the pending value has vlen bytes, and its raw rest starts at raw (-L joins
     * lines by dropping delimiters); no delimiter starts before seen. */
    size_t vlen, raw, seen;
    int nul_warned;
    int eof;
    int linked;        /* side by side with the previous source */
    int ended;         /* -E seen */
    int values_read;   /* values taken so far, for --skip-first-line and --header */
    int implied;       /* stdin for want of any source: it has no name for --header 0 */
    struct buf joined; /* -L: ::: values run together (a value ending in a blank goes on); for
                        * a file, a value whose NUL bytes were spelled out */
    struct buf store;  /* every value, when read whole: NUL-terminated, one after another */
    size_t *off;
    size_t nvals;
};

void source_free(struct source *s);
/* Read more of a file source; at its end, eof is set. A read error is fatal, naming the file. */
void source_read(struct source *s);
/* The next raw value: a ::: word (run together with the next while -L says it goes on), or a
 * delimited value of a file. */
enum input_status source_raw(struct source *s, const struct input_conf *c, struct field *f,
                             int may_block);
/* Keep f as the next value of a source read whole; cap is the room for offsets so far. */
void source_push(struct source *s, const struct field *f, size_t *cap);
/* Value idx (modulo their number) of a source read whole. */
struct field source_at(const struct source *s, size_t idx);

#endif
