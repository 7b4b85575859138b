/* limit: the start conditions that ask the system or the user's command: --limit CMD (with
 * GNU parallel's predefined "io N", "load N" and "mem N") and --noswap. */
#ifndef LANES_LIMIT_H
#define LANES_LIMIT_H

/* What --limit's command said, by its exit status: start a job (0), start none now (1, or
 * any other status), end the youngest job (2). */
enum limit_answer { LIMIT_GO, LIMIT_WAIT, LIMIT_KILL };

struct limit;

/* cmd: --limit's value, a command or "io N", or NULL; noswap: --noswap. */
struct limit *limit_new(const char *cmd, int noswap);
void limit_free(struct limit *l);
/* What --limit's value names: a command (LIMIT_CMD), or a predefined test with its number
 * into *max: "io N" (percent of the time the busiest disk is busy), "load N" and "mem SIZE"
 * (which are --load and --memfree); -1 for a predefined one with a bad number. */
enum { LIMIT_CMD, LIMIT_IO, LIMIT_LOAD, LIMIT_MEM };
int limit_kind(const char *cmd, double *max);
/* Ask: the command is run (under /bin/sh, its output where lanes' goes, as GNU parallel runs
 * it), or the predefined test made; with --noswap, LIMIT_WAIT while the system swaps both in
 * and out. */
enum limit_answer limit_ask(struct limit *l);

#endif
