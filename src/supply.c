/* supply: jobs from the input. A job is made only when a lane waits for it, so the input is
 * read no further ahead than the run needs. */
#include "supply.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "batch.h"
#include "block.h"
#include "feed.h"
#include "input.h"
#include "part.h"
#include "quote.h"
#include "shard.h"
#include "sshlogin.h"
#include "tee.h"
#include "tmpl.h"
#include "util.h"

/* What a job reads on its stdin, besides its record: a block (or a part's header), and a part
 * of a file. */
struct job_input {
    struct buf block;
    int fd;
    off_t start, end;
};

struct supply {
    const struct opts *o;
    struct batch *batch;  /* records, or */
    struct block *blocks; /* --pipe blocks, or */
    struct part *parts;   /* --pipe-part parts */
    struct part *whole;   /* --pipe-part --tee: the file every job reads */
    struct resume *resume;
    struct tee *tee;                /* --tee: stdin, for every job */
    struct job *again, *again_tail; /* jobs waiting to start again */
    unsigned long seq;
    unsigned long dealt; /* --round-robin: the job the last block went to */
    struct shard *shard; /* --shard, --bin: the lines of a block, dealt to shares[job - 1] */
    struct buf *shares;
    int may_block; /* --dry-run waits for input; a run polls for it */
    int ended;
    int waiting; /* the input has no whole record yet */
    /* jobs --resume skipped: the job log has them */
    unsigned long resumed;
};

static struct supply *supply_open(const struct opts *o, int may_block)
{
    struct supply *sup = xcalloc(1, sizeof *sup);

    sup->o = o;
    sup->may_block = may_block;
    if (o->pipe_part && o->tee && o->npart_files > 0)
        sup->whole = part_new(&o->part, o->part_files, o->npart_files);
    else if (o->pipe_part)
        sup->parts = part_new(&o->part, o->part_files, o->npart_files);
    else if (o->pipe)
        sup->blocks = block_new(&o->block, input_source_fd(o->input, 0));
    if (o->pipe && o->shard && !may_block) {
        sup->shard =
            shard_new(o->bin ? "bin" : "shard", o->shard, o->given.in.colsep, (size_t)o->jobs);
        sup->shares = xcalloc((size_t)o->jobs, sizeof *sup->shares);
    } else
        sup->batch = batch_new(&o->batch, o->tmpl, o->input);
    return sup;
}

struct supply *supply_new(const struct opts *o, struct resume *resume)
{
    struct supply *sup = supply_open(o, 0);

    sup->resume = resume;
    if (o->tee && !o->pipe_part) /* (--pipe-part --tee jobs read the file) */
        sup->tee = tee_new(0);
    return sup;
}

void supply_free(struct supply *sup)
{
    if (sup == NULL)
        return;
    if (sup->batch)
        batch_free(sup->batch);
    block_free(sup->blocks);
    if (sup->parts)
        part_free(sup->parts);
    if (sup->whole)
        part_free(sup->whole);
    tee_free(sup->tee);
    shard_free(sup->shard);
    for (long i = 0; sup->shares && i < sup->o->jobs; i++)
        buf_free(&sup->shares[i]);
    free(sup->shares);
    free(sup);
}

/* The next record; with --pipe, one empty value ({} is '' then, as in GNU parallel) and a
 * block; with --pipe-part, no value at all ({} is nothing) and a part. */
static enum input_status supply_next_input(struct supply *sup, struct rec *r, struct job_input *in)
{
    static struct field none = {"", 0};

    in->fd = -1;
    if (sup->shard) { /* -j jobs, their lines dealt as they run */
        *r = (struct rec){1, &none};
        buf_addc(&in->block, '\0');
        buf_reset(&in->block);
        return INPUT_REC;
    }
    if (sup->parts) {
        *r = (struct rec){0, NULL};
        return part_next(sup->parts, &in->block, &in->fd, &in->start, &in->end) ? INPUT_REC
                                                                                : INPUT_END;
    }
    if (sup->blocks == NULL)
        return batch_next(sup->batch, r, sup->may_block);
    *r = (struct rec){1, &none};
    return block_next(sup->blocks, &in->block, sup->may_block);
}

/* The next record and what goes with it, numbered: a --pipe block that holds no record
 * still takes a number, as in GNU parallel. */
static enum input_status supply_record(struct supply *sup, struct rec *r, struct job_input *in)
{
    enum input_status st = supply_next_input(sup, r, in);

    if (sup->blocks)
        sup->seq += block_skipped(sup->blocks);
    if (st == INPUT_REC)
        sup->seq++;
    return st;
}

/* A new job of record r; with --hostgroups each value loses its '@group', and the first's
 * groups pick the job's hosts. */
static struct job *supply_job(const struct supply *sup, const struct rec *r)
{
    if (!sup->o->remote.hostgroups)
        return job_new(sup->seq, r);
    struct field *f = xcalloc(r->n + 1, sizeof *f);
    char *first = NULL;
    for (size_t i = 0; i < r->n; i++) {
        f[i] = r->f[i];
        char *groups = sshlogin_arg_groups(f[i].s, &f[i].len);
        if (i == 0)
            first = groups;
        else
            free(groups);
    }
    struct job *j = job_new(sup->seq, &(struct rec){r->n, f});
    free(f);
    j->hgrp = first;
    return j;
}

/* The next new job from the input, past those --resume skips. */
static enum input_status supply_next(struct supply *sup, struct job **j)
{
    struct rec r;
    struct job_input in = {0};

    for (;;) {
        enum input_status st = supply_record(sup, &r, &in);
        if (st != INPUT_REC) {
            buf_free(&in.block);
            return st;
        }
        if (sup->resume && resume_skip(sup->resume, sup->seq)) {
            sup->resumed++;
            continue;
        }
        *j = supply_job(sup, &r);
        (*j)->in = in.block;
        (*j)->in_total = in.block.len;
        (*j)->in_more = sup->o->round_robin || sup->shard;
        (*j)->tee = sup->tee;
        (*j)->part_fd = in.fd;
        (*j)->part_start = (*j)->part_off = in.start;
        (*j)->part_end = in.end;
        if (sup->whole)
            part_whole(sup->whole, &(*j)->part_fd, &(*j)->part_end);
        return st;
    }
}

struct job *supply_take(struct supply *sup, int *fresh)
{
    struct job *j = sup->again;

    *fresh = 0;
    if (j) {
        sup->again = j->rnext;
        if (sup->again == NULL)
            sup->again_tail = NULL;
        return j;
    }
    if (sup->ended || sup->waiting || (sup->shard && sup->seq >= (unsigned long)sup->o->jobs))
        return NULL;
    switch (supply_next(sup, &j)) {
    case INPUT_REC:
        *fresh = 1;
        return j;
    case INPUT_END:
        sup->ended = 1;
        break;
    case INPUT_WAIT:
        sup->waiting = 1;
        break;
    }
    return NULL;
}

void supply_again(struct supply *sup, struct job *j)
{
    j->rnext = NULL;
    if (sup->again_tail)
        sup->again_tail->rnext = j;
    else
        sup->again = j;
    sup->again_tail = j;
}

void supply_push_back(struct supply *sup, struct job *j)
{
    j->rnext = sup->again;
    sup->again = j;
    if (sup->again_tail == NULL)
        sup->again_tail = j;
}

void supply_end(struct supply *sup)
{
    sup->ended = 1;
}

int supply_more(const struct supply *sup)
{
    return sup->again != NULL || !sup->ended;
}

int supply_ended(const struct supply *sup)
{
    return sup->ended;
}

unsigned long supply_seq(const struct supply *sup)
{
    return sup->seq;
}

unsigned long supply_resumed(const struct supply *sup)
{
    return sup->resumed;
}

int supply_fd(const struct supply *sup)
{
    if (!sup->waiting)
        return -1;
    return sup->blocks ? block_fd(sup->blocks) : input_fd(sup->o->input);
}

void supply_read(struct supply *sup)
{
    sup->blocks ? block_read(sup->blocks) : input_read(sup->o->input);
    sup->waiting = 0;
}

int supply_due_ms(struct supply *sup)
{
    int ms = sup->waiting && sup->blocks ? block_due_ms(sup->blocks) : -1;

    if (ms == 0)
        sup->waiting = 0;
    return ms;
}

/* --round-robin: the running job with the lowest number after the one last dealt to (else the
 * lowest) that has written its block and waits for another. */
static struct job *supply_idle_after(struct job *const *jobs, size_t n, unsigned long after)
{
    struct job *next = NULL, *first = NULL;

    for (size_t i = 0; i < n; i++) {
        struct job *j = jobs[i];
        if (j->in_fd < 0 || !j->in_more || feed_pending(j))
            continue;
        if (j->seq > after && (next == NULL || j->seq < next->seq))
            next = j;
        if (first == NULL || j->seq < first->seq)
            first = j;
    }
    return next ? next : first;
}

/* --shard, --bin: once every job runs and has written all it was given, the next block's
 * lines go each to its job; a job that has ended or closed its stdin loses its share. */
static int supply_deal_lines(struct supply *sup, struct job *const *jobs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (jobs[i]->in_fd >= 0 && feed_pending(jobs[i]))
            return 0;
    struct buf block = {0};
    enum input_status st = block_next(sup->blocks, &block, 0);
    sup->waiting = st == INPUT_WAIT;
    sup->ended = st == INPUT_END;
    if (st == INPUT_REC)
        shard_split(sup->shard, block.data, block.len, sup->shares);
    buf_free(&block);
    for (size_t i = 0; i < n; i++) {
        struct job *j = jobs[i];
        struct buf *share = &sup->shares[j->seq - 1];
        if (j->in_fd < 0 || share->len == 0)
            continue;
        buf_reset(&j->in);
        buf_append(&j->in, share->data, share->len);
        j->in_off = 0;
        j->in_total += share->len;
        feed_write(j);
    }
    for (long i = 0; i < sup->o->jobs; i++)
        buf_reset(&sup->shares[i]);
    return st == INPUT_REC;
}

void supply_deal(struct supply *sup, struct job *const *jobs, size_t n, int winding_down)
{
    struct job *j;

    while (sup->shard && !sup->ended && !sup->waiting && !winding_down &&
           sup->seq >= (unsigned long)sup->o->jobs && supply_deal_lines(sup, jobs, n))
        ;
    while (!sup->shard && !sup->ended && !sup->waiting && !winding_down &&
           (j = supply_idle_after(jobs, n, sup->dealt)) != NULL) {
        enum input_status st = block_next(sup->blocks, &j->in, 0);
        (void)block_skipped(sup->blocks);
        if (st == INPUT_WAIT)
            sup->waiting = 1;
        if (st == INPUT_END)
            sup->ended = 1;
        if (st != INPUT_REC)
            break;
        j->in_off = 0;
        j->in_total += j->in.len;
        sup->dealt = j->seq;
        feed_write(j);
    }
    if (!sup->ended && !winding_down)
        return;
    for (size_t i = 0; i < n; i++) {
        jobs[i]->in_more = 0;
        if (!feed_pending(jobs[i]))
            feed_close(jobs[i]);
    }
}

/* --tee: stdin is read only once every job runs (so that none misses its start), and only
 * while some job still takes it; what every job has written is forgotten first. */
int supply_tee_fd(struct supply *sup, struct job *const *jobs, size_t n)
{
    if (sup->tee == NULL || sup->seq < sup->o->total || sup->again)
        return -1;
    off_t low = tee_end(sup->tee);
    int open = 0;
    for (size_t i = 0; i < n; i++) {
        if (jobs[i]->in_fd >= 0 && jobs[i]->tee_pos < low)
            low = jobs[i]->tee_pos;
        open |= jobs[i]->in_fd >= 0;
    }
    tee_drop(sup->tee, low);
    return open && tee_wants(sup->tee) ? tee_fd(sup->tee) : -1;
}

void supply_tee_read(struct supply *sup, struct job *const *jobs, size_t n)
{
    tee_read(sup->tee);
    for (size_t i = 0; i < n; i++)
        feed_write(jobs[i]);
}

/* One line of --dry-run: the --tag and a tab, then the command, quoted for --shell-quote. */
static void supply_dry_line(const struct opts *o, const struct rec *r, unsigned long seq,
                            struct buf *cmd, struct buf *line, int *skip)
{
    struct tmpl_vals v = {.skip = skip,
                          .rec = r,
                          .seq = seq,
                          .slot = (seq - 1) % (unsigned long)o->jobs + 1,
                          .slots = (unsigned long)o->jobs,
                          .total = o->total};
    buf_reset(cmd);
    tmpl_expand_shell(o->tmpl, &v, cmd);
    buf_reset(line);
    if (o->tag) {
        tmpl_expand_raw(o->tag, &v, line);
        buf_addc(line, '\t');
    }
    if (o->shell_quote)
        quote_append(line, cmd->data, cmd->len);
    else
        buf_append(line, cmd->data, cmd->len);
    buf_addc(line, '\n');
}

int supply_dry_run(const struct opts *o)
{
    struct buf cmd = {0}, line = {0};
    struct supply *sup = supply_open(o, 1);
    struct job_input in = {0};
    struct rec r;
    unsigned long skipped = 0;

    while (supply_record(sup, &r, &in) == INPUT_REC) {
        int skip = 0;
        supply_dry_line(o, &r, sup->seq, &cmd, &line, &skip);
        skipped += (unsigned long)skip; /* shown all the same, and counted as failed, as in GNU */
        if (fwrite(line.data, 1, line.len, stdout) != line.len)
            break;
    }
    buf_free(&in.block);
    buf_free(&cmd);
    buf_free(&line);
    supply_free(sup);
    if (fflush(stdout) != 0 && errno != EPIPE)
        util_die_errno("cannot write output");
    return skipped > 100 ? 101 : (int)skipped;
}
