/* joblog: --joblog, one tab-separated line per finished job in GNU parallel's format, and
 * reading such a log back for --resume, --resume-failed and --retry-failed. */
#ifndef LANES_JOBLOG_H
#define LANES_JOBLOG_H

#include "jobinfo.h"

struct joblog;

/* --joblog ARG: FILE is truncated and gets the header line; "-" is stdout (with the
 * header); "+FILE" appends and, as in GNU parallel, never writes a header. Exits 255
 * naming the file when it cannot be opened or the header cannot be written. */
struct joblog *joblog_open(const char *arg);
/* --joblog ARG with --resume, --resume-failed or --retry-failed: a leading '+' is ignored;
 * a log that exists and is not empty is appended to without a header, any other is
 * opened as joblog_open opens it. */
struct joblog *joblog_open_resume(const char *arg);
/* One line for a finished job, written with one write(2) so that a killed lanes never
 * leaves half a line. Exitval and Signal are ji->exitval and ji->signal as they are (GNU
 * parallel writes 0 and the signal for a killed job, -1 and the signal for one it killed
 * at --timeout). A newline in the command is written as a NUL byte, to keep one job to a
 * line. Returns 0, or -1 with errno after a message that names the job and the file. */
int joblog_write(struct joblog *jl, const struct jobinfo *ji);
/* Whether a line could not be written: the run then ends with status 255. */
int joblog_failed(const struct joblog *jl);
void joblog_close(struct joblog *jl);

struct joblog_entry {
    unsigned long seq;
    const char *host;
    double start, runtime;
    unsigned long long send, receive;
    int exitval, signal;
    const char *cmd; /* NUL bytes turned back into newlines */
};

/* Read the log at path (a leading '+' is ignored), calling fn for each job line; the
 * strings in *e last only for the call. The first line is skipped unread, as GNU parallel
 * skips it (it is the header when lanes or parallel wrote the log), and a torn last line
 * with no newline is ignored. Returns 0, also when the file does not exist (no calls), or
 * -1 with errno when it cannot be read. Exits 255 naming the file and the line when a
 * line is not a job log line. */
int joblog_read(const char *path, void (*fn)(void *ctx, const struct joblog_entry *e), void *ctx);

#endif
