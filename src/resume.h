/* resume: what an earlier run's job log says was done (--resume, --resume-failed,
 * --retry-failed). */
#ifndef LANES_RESUME_H
#define LANES_RESUME_H

struct job;
struct resume;

/* Read the job log at path for mode (OPTS_RESUME, OPTS_RESUME_FAILED, OPTS_RETRY_FAILED);
 * a log that does not exist yet means nothing was done. Exits 255 when it cannot be read. */
struct resume *resume_load(const char *path, int mode);
void resume_free(struct resume *r);
/* Whether job seq is not to run again: logged (--resume) or logged as a success
 * (--resume-failed). */
int resume_skip(const struct resume *r, unsigned long seq);
/* --retry-failed: the next job whose every logged run failed, with its logged command and
 * number; NULL when there are no more. */
struct job *resume_next_failed(struct resume *r);

#endif
