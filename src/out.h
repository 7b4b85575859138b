/* out: hands each job's output to stdout and stderr in the mode asked for: whole when the
 * job ends (--group), in input order with the oldest job streaming (-k), whole lines as they
 * come (--line-buffer), as it comes (-u), or in files (--files); with --tag and colour. */
#ifndef LANES_OUT_H
#define LANES_OUT_H

#include <stddef.h>
#include <sys/types.h>

#include "job.h"

enum out_mode { OUT_GROUP, OUT_LINE, OUT_UNGROUP, OUT_FILES };

struct out_conf {
    enum out_mode mode;
    int keep_order;
    int color;        /* --color, --ctag: each line in the job's colour */
    int color_failed; /* --colour-failed: a failed job's lines white on red (needs hold) */
    int hold;         /* keep every byte until the job is done (--results needs them) */
    int quiet;        /* print no job output (--results, as GNU parallel) */
    size_t mem_limit; /* bytes of output held in memory before spilling to files */
    const char *tmpdir;
    const char *compress;   /* --compress: the program spill files go through, or NULL */
    const char *decompress; /* and the one that reads them back */
};

struct out;

struct out *out_new(const struct out_conf *c);
void out_free(struct out *o);

/* Call fn(ctx) before writing to a terminal that a progress line shares. */
void out_on_write(struct out *o, void (*fn)(void *ctx), void *ctx);
/* Print no more job output from now on (a run that stops). */
void out_quiet(struct out *o);
/* Call fn(ctx, j) for each job as its turn to be printed comes, in output order, after its
 * output and while it still holds it. */
void out_on_print(struct out *o, void (*fn)(void *ctx, struct job *j), void *ctx);
/* Call fn(ctx, j) when out is done with a job: out never frees a job, it borrows each one
 * from out_add (or out_done) until this call, and holds no reference to it afterwards. */
void out_on_done(struct out *o, void (*fn)(void *ctx, struct job *j), void *ctx);
/* A job has started (or failed to start): it takes its place in the output order, once
 * however often it is started. Returns 0, or -1 with errno when its --files file cannot be
 * made. */
int out_add(struct out *o, struct job *j);
/* -k: j takes its place in the output order now, though it starts later (--hostgroups: it
 * waits aside while later jobs start); out_add keeps that place. */
void out_place(struct out *o, struct job *j);
/* -k: j, placed, will never start (the run winds down): it gives up its place, and what
 * waited behind it follows. Returns as out_done. */
int out_drop(struct out *o, struct job *j);
/* A temporary file in --tmpdir that stays until it is removed; its name goes to *name. */
int out_tmpfile(struct out *o, char **name);
/* Output of a running job. Returns 0, or -1 with errno when writing stdout/stderr failed. */
int out_data(struct out *o, struct job *j, int stream, const char *p, size_t n);
/* Move what the job wrote on stream straight from the pipe from to stdout, when its bytes
 * may go out untouched. Returns as read(2), the bytes counted as out_data counts them; -1 with
 * errno ENOTSUP when they must be read and handed to out_data instead, EAGAIN when the pipe
 * holds nothing now, else the error that writing stdout failed with. */
ssize_t out_pass(struct out *o, struct job *j, int stream, int from);
/* A job that ended while output waits: hand its stream's pipe, with the bytes it holds now,
 * to the queue of what waits for stdout (stall), which closes it, instead of copying them.
 * Returns the bytes handed; -1 with errno ENOTSUP when they must be read instead. */
ssize_t out_hand(struct out *o, struct job *j, int stream, int from);
/* Hold what the job wrote on stream by moving it from the pipe from into a pipe of its own,
 * when its bytes are held untouched until its turn. Returns as out_pass. */
ssize_t out_park(struct out *o, struct job *j, int stream, int from);
/* Forget what a failed try of a job printed nowhere yet (--retries runs it again). */
void out_discard(struct out *o, struct job *j);
/* The job is done: print what may now be printed, handing each job printed to the
 * out_on_print callback. Returns as out_data. */
int out_done(struct out *o, struct job *j);

#endif
