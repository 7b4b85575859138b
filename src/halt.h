/* halt: --halt, when a run stops early, and the exit status that tells why. */
#ifndef LANES_HALT_H
#define LANES_HALT_H

enum halt_when { HALT_NEVER, HALT_SOON, HALT_NOW };
enum halt_why { HALT_FAIL, HALT_SUCCESS, HALT_DONE };

struct halt {
    enum halt_when when;
    enum halt_why why;
    unsigned long count; /* jobs, or percent when percent is set */
    int percent;
    int triggered;
    int status; /* the exit status decided when it triggered */
};

/* Parse a --halt value: never, now/soon with fail=, success=, done= (N or N%), or the old
 * numeric forms 0, 1, 2, -1, -2 and 1-99%. Returns 0, or -1 after a message naming --halt. */
int halt_parse(struct halt *h, const char *s);
/* Count a finished job; returns 1 when the run must halt now. total: jobs in all when known,
 * else 0 (percent conditions then wait for it). */
int halt_check(struct halt *h, int failed, int exitval, unsigned long failures,
               unsigned long successes, unsigned long total);
/* Whether --halt counts a job that ended so (and so halt_tell tells of it). */
int halt_counts(const struct halt *h, int failed);
/* Tell on stderr, as GNU parallel does, of a finished job (its command line cmd) that --halt
 * counts and, once the run starts no more jobs, how many running jobs it waits for. */
void halt_tell(const struct halt *h, int failed, const char *cmd, unsigned long running);
/* The exit status of a run: as GNU parallel, failures counted (101 for more than 100), the
 * status of the job that halted it with a count of 1, the failed percentage with fail=N%,
 * 0 with success. */
int halt_status(const struct halt *h, unsigned long failures, unsigned long total);

#endif
