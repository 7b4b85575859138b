/* pass: bytes from a job's pipe to lanes' own stdout, moved inside the kernel where the
 * system can (Linux splice), so output nobody needs to look at is never copied through lanes. */
#ifndef LANES_PASS_H
#define LANES_PASS_H

#include <sys/types.h>

/* Move up to n bytes from the pipe from (non-blocking) to to, never waiting. Returns the bytes
 * moved, 0 at end of file, or -1 with errno: EAGAIN when the pipe holds nothing now or to is
 * full, ENOTSUP when this pair of descriptors cannot be spliced (read and write instead), else
 * what writing to to failed with. */
ssize_t pass_move(int from, int to, size_t n);
/* Up to n bytes of file from, at *off (which moves on), into pipe to, without blocking on to:
 * by splice(2) on Linux, else pread and write. Returns bytes moved, or -1 with errno (EAGAIN
 * when to is full). */
ssize_t pass_range(int from, off_t *off, int to, size_t n);

#endif
