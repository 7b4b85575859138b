/* tmplfile: --tmpl FILE=NAME: before each job, FILE's contents with their replacement strings
 * replaced are saved as NAME, itself with its replacement strings replaced. */
#ifndef LANES_TMPLFILE_H
#define LANES_TMPLFILE_H

#include <stddef.h>

#include "buf.h"
#include "tmpl.h"

struct tmplfile;

/* defs: the --tmpl values, FILE=NAME each, cut at the first '='. FILE is read now; a value
 * without '=' or a FILE that cannot be read exits 255 naming --tmpl. */
struct tmplfile *tmplfile_new(const char *const defs[], size_t n, const struct tmpl_conf *tc);
void tmplfile_free(struct tmplfile *t);
/* Write one job's files. With made non-NULL, each name written is appended to it, ending
 * with a NUL (for --cleanup). A file that cannot be written is warned of, and the job runs all
 * the same, as under GNU parallel. */
void tmplfile_write(const struct tmplfile *t, const struct tmpl_vals *v, struct buf *made);

#endif
