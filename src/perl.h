/* perl: the one Perl process of a run whose templates hold {= perl =} expressions (or --rpl
 * strings, which become them). It is started only when a template holds one, evaluates each
 * expression as a sub compiled once, and talks over two pipes in frames of length-prefixed
 * strings, so values may hold any byte. */
#ifndef LANES_PERL_H
#define LANES_PERL_H

#include <stddef.h>

#include "buf.h"
#include "rec.h"

struct perl;

/* What an evaluation says besides its value. */
enum {
    PERL_SKIP = 1, /* skip() was called: the job does not run */
    PERL_UQ = 2
}; /* uq() was called: the value goes in unquoted */

/* The values of one job that an expression sees: $_ (val), seq(), slot(), total_jobs(),
 * $Global::max_jobs_running (slots) and @arg (rec: the job's arguments, $arg[1] the first). */
struct perl_job {
    const char *val;
    size_t len;
    unsigned long seq, slot, slots, total;
    const struct rec *rec;
    unsigned long completed; /* $Global::total_completed */
};

/* A bridge that has started nothing yet. */
struct perl *perl_new(void);
/* Register the expression (len bytes); name is what the user wrote, for messages. Returns
 * its id. Nothing is started. */
int perl_add(struct perl *p, const char *expr, size_t len, const char *name);
/* Start Perl if an expression is registered and compile those not yet compiled; an
 * expression Perl cannot compile ends lanes with 255, naming it. */
void perl_start(struct perl *p);
/* Evaluate expression id for one job: its value goes to out (appended); returns PERL_*
 * flags. An expression that dies ends lanes with 255. */
int perl_eval(struct perl *p, int id, const struct perl_job *j, struct buf *out);
/* Close the pipes and wait for Perl; frees p. */
void perl_free(struct perl *p);

#endif
