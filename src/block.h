/* block: --pipe: a stream cut into blocks of whole records, each the stdin of one job. */
#ifndef LANES_BLOCK_H
#define LANES_BLOCK_H

#include <stddef.h>

#include "buf.h"
#include "groupby.h"
#include "input.h"
#include "recsep.h"

struct block_conf {
    size_t size;            /* --block: bytes a block at most, unless one record is longer */
    struct recsep_conf rec; /* where records end */
    unsigned long records;  /* -N: records a block; 0 for as many as fit in size */
    int remove_sep;         /* --rrs: blocks lose their recstart and recend */
    const char *header;     /* --header: a count of lines, ':' for one, or a regex; or NULL */
    const char *group_by;   /* --group-by, or NULL; its lines split at colsep (NULL: tabs) */
    const char *colsep;
    char group_mark[GROUPBY_MARK_LEN + 1]; /* --group-by: the recstart before each group */
    double timeout; /* --blocktimeout seconds: a block read for so long goes as it is; 0 none */
    int skip_blank; /* -r: a block of blanks alone runs no job and takes no number */
};

struct block;

/* Blocks of what fd gives (lanes keeps fd open). */
struct block *block_new(const struct block_conf *c, int fd);
void block_free(struct block *b);
/* The next block into *out (the header first, when there is one); returns as input_next. */
enum input_status block_next(struct block *b, struct buf *out, int may_block);
int block_fd(const struct block *b);
/* How many blocks --rrs left empty since the last call: GNU parallel gives each a number
 * ({#}) but runs no job for it. */
unsigned long block_skipped(struct block *b);
/* --blocktimeout: ms until the block being read is due to go as it is, or -1. */
int block_due_ms(struct block *b);
/* One read(2), after block_next returned INPUT_WAIT and block_fd became readable. */
void block_read(struct block *b);

#endif
