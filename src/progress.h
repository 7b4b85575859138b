/* progress: --bar, --eta and --progress. On a terminal, one line redrawn in place; elsewhere
 * (a file, a pipe, a cron mail), a plain line now and then, without control characters.
 *
 * The caller owns the clock and the counts: every call gets a fresh progress_state, and
 * st->elapsed is the only time this module looks at. In the event loop:
 *   progress_update() when a job starts or ends, and after every wake-up of poll;
 *   progress_timeout() to bound poll's timeout, so a due redraw is not missed;
 *   progress_clear() before writing job output to a terminal the line is drawn on;
 *   progress_end() once, when the run is over. */
#ifndef LANES_PROGRESS_H
#define LANES_PROGRESS_H

enum { PROGRESS_BAR = 1, PROGRESS_ETA = 2, PROGRESS_PROGRESS = 4 };

/* done counts every finished job, the failed ones too; running = started - done. total: jobs
 * in all, from --total-jobs or once the input has ended; 0 while unknown. */
struct progress_state {
    unsigned long started, done, failed, running;
    unsigned long total;
    double elapsed;     /* seconds since the run began */
    double runtime_sum; /* seconds the done jobs ran, together */
    long slots;         /* job slots */
};

struct progress;

/* modes: a mix of the flags above; fd: where to draw (lanes passes 2). When fd is a terminal,
 * a live line redrawn in place (carriage return, no newline until the end) that never mixes
 * into stdout; when it is not, plain lines only: one when at least 5 seconds (or a tenth of
 * the time so far, whichever is longer) have passed and the counts have changed, and one at
 * the end. */
struct progress *progress_new(int modes, int fd);
/* Called whenever a job starts or ends; redraws when due (at most ~10 times a second). */
void progress_update(struct progress *p, const struct progress_state *st);
/* Milliseconds until the next redraw is due (so the event loop can wake for it), or -1. */
int progress_timeout(const struct progress *p, const struct progress_state *st);
/* Before lanes prints a job's output to a terminal it shares with the progress line: clear the
 * line so output never lands inside it. */
void progress_clear(struct progress *p);
/* The final line, then newline. */
void progress_end(struct progress *p, const struct progress_state *st);
void progress_free(struct progress *p);

#endif
