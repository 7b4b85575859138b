/* part: --pipe-part: files cut into parts at record ends, as GNU parallel cuts them, reading
 * only around each cut; jobs then read their part straight from the file. */
#ifndef LANES_PART_H
#define LANES_PART_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "recsep.h"

struct part_conf {
    long long block; /* --block: bytes a part at least; -N: N parts a job slot; 0: -10 */
    long jobs;
    struct recsep_conf rec; /* only recstart and recend (strings) count */
    const char *header;     /* --header, or NULL */
    const char *group_by;   /* --group-by, or NULL; its lines split at colsep (NULL: tabs) */
    const char *colsep;
};

struct part;

/* Opens the files; exits 255 naming one that cannot be opened or is not a regular file or a
 * block device (a pipe, a fifo, a directory, '-'). */
struct part *part_new(const struct part_conf *c, char *const files[], size_t n);
void part_free(struct part *p);
/* The next part: its file's header into *head, and its bytes [*start, *end) of file *fd.
 * Returns 0 when there are no more. Exits 255 when a file cannot be read. */
int part_next(struct part *p, struct buf *head, int *fd, off_t *start, off_t *end);
/* --tee: the first file, all of it, to every job. */
void part_whole(const struct part *p, int *fd, off_t *size);

#endif
