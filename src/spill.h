/* spill: what the held output of all jobs shares: one bound on the memory it takes (lanes'
 * buffers and the kernel's, in the pipes output is parked in), the buffers of jobs printed,
 * kept for the next, and past the bound temporary files that are unlinked at once, so even a
 * killed lanes leaves none behind. */
#ifndef LANES_SPILL_H
#define LANES_SPILL_H

#include <stddef.h>

#include "buf.h"

struct spill;

/* mem_limit: bytes of output all jobs together may hold in memory; tmpdir: where spill
 * files go (NULL: $TMPDIR, else /tmp). */
struct spill *spill_new(size_t mem_limit, const char *tmpdir);
/* --compress: spill files are written through comp and read back through unz (NULL: not
 * compressed); the strings must outlive sp. */
void spill_compress(struct spill *sp, const char *comp, const char *unz);
/* The programs spill_compress gave: *comp NULL when spill files are not compressed. */
void spill_compressors(const struct spill *sp, const char **comp, const char **unz);
void spill_free(struct spill *sp);
const char *spill_dir(const struct spill *sp);

/* Whether n more bytes stay within the bound. */
int spill_fits(const struct spill *sp, size_t n);
/* Bytes that may still be held before the bound. */
size_t spill_room(const struct spill *sp);
/* n more bytes are held in memory, or n fewer. */
void spill_hold(struct spill *sp, size_t n);
void spill_drop(struct spill *sp, size_t n);

/* Give b, which has no memory yet, the largest buffer kept, if any is. */
void spill_spare_take(struct spill *sp, struct buf *b);
/* Keep b's memory for a later job, or free it; b is left empty. */
void spill_spare_put(struct spill *sp, struct buf *b);

/* Open a pipe of size bytes, non-blocking at both ends, to park output in, while fewer than
 * the bound on them are open. Returns 0, or -1 with both ends -1. */
int spill_park_open(struct spill *sp, int park[2], int size);
/* Close a parking pipe spill_park_open gave (either end may be -1 already). */
void spill_park_close(struct spill *sp, int park[2]);
/* The parking pipe's reading end goes to another owner, who closes it; its writing end is
 * closed already. */
void spill_park_hand(struct spill *sp, int park[2]);

/* An unlinked file for output past the bound. Returns the fd, or -1 when none can be made
 * (said once: the caller then holds its output in memory). */
int spill_file(struct spill *sp);
/* Create a temporary file in the spill directory: unlinked (O_TMPFILE where the system has
 * it), or, with keep, named lanes.XXXXXX with suffix (NULL: none) and left for the user
 * (--files). Returns the fd or -1 with errno; *name (when keep) gets the path, to be freed. */
int spill_tmpfile(const struct spill *sp, int keep, const char *suffix, char **name);

#endif
