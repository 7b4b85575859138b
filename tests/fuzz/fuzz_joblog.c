/* fuzz_joblog: reading a job log back (joblog.c) for --resume, --resume-failed and
 * --retry-failed (resume.c).
 *
 * Input: a mode byte (which of the three), then the log file, header line and all. */
#include <stdlib.h>

#include "harness.h"
#include "job.h"
#include "joblog.h"
#include "opts.h"
#include "resume.h"

struct joblog_case {
    const char *path;
    int mode;
    unsigned long lines;
};

static void joblog_count(void *ctx, const struct joblog_entry *e)
{
    struct joblog_case *c = ctx;

    if (e->host == NULL || e->cmd == NULL)
        abort();
    c->lines++;
}

static void joblog_run(void *ctx)
{
    struct joblog_case *c = ctx;

    (void)joblog_read(c->path, joblog_count, c);
    struct resume *r = resume_load(c->path, c->mode);
    for (unsigned long seq = 0; seq < 64; seq++)
        (void)resume_skip(r, seq);
    (void)resume_skip(r, (unsigned long)-1);
    struct job *j;
    while ((j = resume_next_failed(r)) != NULL)
        job_free(j);
    resume_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int modes[] = {OPTS_RESUME, OPTS_RESUME_FAILED, OPTS_RETRY_FAILED};
    struct harness_in in = {data, size};
    struct joblog_case c = {0};

    c.mode = modes[harness_byte(&in) % 3];
    c.path = harness_file("joblog", in.d, in.n);
    harness_call(joblog_run, &c);
    return 0;
}
