/* squeeze: --compress: a spill file written through a compression program, and read back
 * through its decompression program; both run under /bin/sh, one pair for each spill file. */
#ifndef LANES_SQUEEZE_H
#define LANES_SQUEEZE_H

#include <stddef.h>

struct squeeze;

/* Start the program comp writing into fd (a spill file); unz reads it back. Returns NULL
 * with errno when it cannot start. */
struct squeeze *squeeze_open(const char *comp, const char *unz, int fd);
/* Write n bytes into the compressor. Returns 0, or -1 with errno. */
int squeeze_write(struct squeeze *z, const char *p, size_t n);
/* Hand what the file decompresses to, in order, to fn (the compressor is finished first);
 * stops at and returns the first nonzero fn result, -1 with errno EIO when a program failed. */
int squeeze_each(struct squeeze *z, int fd, int (*fn)(void *ctx, const char *p, size_t n),
                 void *ctx);
/* End the compressor (if still running) and free z. */
void squeeze_free(struct squeeze *z);

/* The programs --compress uses when none is given: the first of GNU parallel's list on PATH
 * (into *comp and *unz, new strings), else cat. */
void squeeze_find(char **comp, char **unz);
/* Whether the first word of cmd is a program on PATH (or a path to one). */
int squeeze_runnable(const char *cmd);

#endif
