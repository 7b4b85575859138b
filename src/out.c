/* out: output of jobs, grouped per job, in order of completion or of input. */
#include "out.h"

#include <stdlib.h>

#include "util.h"

struct out {
    int keep_order;
    struct job *head; /* -k: the oldest job not yet printed; it streams */
    struct job *tail;
};

struct out *out_new(int keep_order)
{
    struct out *o = xcalloc(1, sizeof *o);

    o->keep_order = keep_order;
    return o;
}

void out_free(struct out *o)
{
    while (o->head) {
        struct job *j = o->head;
        o->head = j->next;
        job_free(j);
    }
    free(o);
}

void out_add(struct out *o, struct job *j)
{
    if (!o->keep_order)
        return;
    if (o->tail)
        o->tail->next = j;
    else
        o->head = j;
    o->tail = j;
}

/* Write what the job has buffered and empty its buffers. */
static int out_flush(struct job *j)
{
    for (int s = JOB_STDOUT; s <= JOB_STDERR; s++) {
        if (util_write_all(s == JOB_STDOUT ? 1 : 2, j->out[s].data, j->out[s].len) != 0)
            return -1;
        buf_free(&j->out[s]);
    }
    return 0;
}

int out_data(struct out *o, struct job *j, int stream, const char *p, size_t n)
{
    if (o->keep_order && j == o->head)
        return util_write_all(stream == JOB_STDOUT ? 1 : 2, p, n);
    buf_append(&j->out[stream], p, n);
    return 0;
}

int out_done(struct out *o, struct job *j)
{
    int rc = 0;

    if (!o->keep_order) {
        rc = out_flush(j);
        job_free(j);
        return rc;
    }
    /* Print every finished job at the head; the next one then streams from here on. */
    while (o->head && job_done(o->head) && rc == 0) {
        struct job *h = o->head;
        rc = out_flush(h);
        o->head = h->next;
        if (o->head == NULL)
            o->tail = NULL;
        job_free(h);
        if (o->head && rc == 0)
            rc = out_flush(o->head);
    }
    return rc;
}
