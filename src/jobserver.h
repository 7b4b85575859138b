/* jobserver: GNU make's jobserver protocol, so that nested runs (lanes in make, make in lanes,
 * lanes in lanes) share one pool of job slots. A pipe or fifo holds one byte, a token, for each
 * free slot but one: every process in the tree holds one implicit slot, and reads a token
 * before each further job it runs at once, writing the same byte back when that job ends.
 * lanes joins the jobserver named in MAKEFLAGS as a client; with none there, it serves one of
 * its own to its jobs. The pool (pool.c) is its only user. */
#ifndef LANES_JOBSERVER_H
#define LANES_JOBSERVER_H

/* --jobserver-style: what a served jobserver is. */
enum { JOBSERVER_PIPE, JOBSERVER_FIFO };

/* The options that steer it. */
struct jobserver_conf {
    int style; /* JOBSERVER_PIPE (--jobserver-auth=R,W; make 4.3 reads it) or JOBSERVER_FIFO */
    int off;   /* --no-jobserver: neither join nor serve; MAKEFLAGS passes on untouched */
    const char *tmpdir; /* where a served fifo's directory goes (--tmpdir), or NULL: $TMPDIR */
};

/* jobserver_take: no token is free now (poll jobserver_fd, or wait for a job to end). */
#define JOBSERVER_WAIT (-1)
/* jobserver_take: the jobserver failed mid-run (said once); go on without tokens. */
#define JOBSERVER_GONE (-2)

struct jobserver;

/* The jobserver for a run of up to slots jobs at once: the one MAKEFLAGS names, joined; else,
 * when slots > 1 and lanes may serve (ulimit -n is not under 64), a new one holding slots - 1
 * tokens, named to the jobs in
 * MAKEFLAGS (set here, in lanes' environment, before the spawner copies it; the user's other
 * flags are kept). NULL: none (off, or one slot and nothing to join). A jobserver that cannot
 * be used is a warning naming the problem, and lanes runs with its own -j. */
struct jobserver *jobserver_open(const struct jobserver_conf *c, long slots);
/* A token, read without waiting and without changing the flags of a descriptor shared with
 * other processes: its byte (0-255), JOBSERVER_WAIT or JOBSERVER_GONE. */
int jobserver_take(struct jobserver *js);
/* The token taken as byte goes back. */
void jobserver_give(struct jobserver *js, int byte);
/* Serving: the run has slots job slots now (-j FILE changed): tokens are added, or taken out
 * of the pool, at once where they are free, else as lanes' jobs give them back. A jobserver
 * lanes joined is not its to change. */
void jobserver_resize(struct jobserver *js, long slots);
/* A descriptor that polls readable when a token may be free. */
int jobserver_fd(const struct jobserver *js);
/* Gives back every token still held; a server counts its tokens home (a shortfall is a warning:
 * a client killed while holding some), and removes its fifo and its directory. */
void jobserver_free(struct jobserver *js);

#endif
