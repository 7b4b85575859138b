/* record: each of the four is optional; a run without any costs a NULL check a job. */
#include "record.h"

#include <stdlib.h>
#include <unistd.h>

#include "jobinfo.h"
#include "joblog.h"
#include "setup.h"
#include "summary.h"
#include "timeline.h"
#include "util.h"

struct record {
    const struct opts *o;
    struct joblog *joblog;
    struct results *results;
    struct summary *summary;
    struct timeline *timeline;
    int timeline_failed; /* the picture could not be written */
};

struct record *record_new(const struct opts *o)
{
    struct record *r = xcalloc(1, sizeof *r);

    r->o = o;
    if (o->joblog)
        r->joblog = o->resume ? joblog_open_resume(o->joblog) : joblog_open(o->joblog);
    if (o->results)
        r->results = results_new(o->results, o->results_path, o->field_names, o->nfield_names);
    if (o->summary == 1 || (o->summary < 0 && isatty(2)))
        r->summary = summary_new(OPTS_SUMMARY_JOBS);
    if (o->timeline)
        r->timeline = timeline_new(o->timeline);
    return r;
}

void record_free(struct record *r)
{
    if (r->joblog)
        joblog_close(r->joblog);
    if (r->results)
        results_free(r->results);
    if (r->summary)
        summary_free(r->summary);
    timeline_free(r->timeline);
    free(r);
}

struct results *record_results(const struct record *r)
{
    return r->results;
}

int record_logs(const struct record *r)
{
    return r->joblog || r->results;
}

/* --timeline: every job that ran, or could not start, is drawn, each retry too; ended: lanes
 * ended it to stop the run or to make room (--memfree). Not a job that never started because
 * the run was stopping, or that waits for the system to allow another process. */
void record_ended(struct record *r, const struct job *j, int stopping)
{
    struct jobinfo ji;
    int ended = (stopping || j->requeue) && j->kill_step >= 0 && !j->timed_out;

    if (r->timeline == NULL || (j->pid == 0 && (j->requeue || stopping)))
        return;
    job_info(j, &ji);
    timeline_add(r->timeline, &ji, ended);
}

void record_counted(struct record *r, const struct job *j)
{
    struct jobinfo ji;

    if (r->summary == NULL)
        return;
    job_info(j, &ji);
    summary_add(r->summary, &ji);
}

/* In output order (input order with -k); they name what failed themselves. */
void record_printed(struct record *r, const struct job *j, int stopping)
{
    struct jobinfo ji;

    if (!j->reaped || stopping)
        return;
    job_info(j, &ji);
    if (r->joblog)
        joblog_write(r->joblog, &ji);
    if (r->results)
        results_write(r->results, &ji, setup_nsources(r->o));
}

void record_unrun(struct record *r, unsigned long unrun, int known)
{
    if (r->summary)
        summary_unrun(r->summary, unrun, known);
}

void record_report(struct record *r)
{
    if (r->summary)
        summary_print(r->summary, 2);
    if (r->timeline && timeline_write(r->timeline) != 0)
        r->timeline_failed = 1;
}

int record_failed(const struct record *r)
{
    return (r->joblog && joblog_failed(r->joblog)) || (r->results && results_failed(r->results)) ||
           r->timeline_failed;
}
