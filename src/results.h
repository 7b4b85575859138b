/* results: --results, each job's output and facts kept in files the way GNU parallel
 * keeps them: a directory tree, files named by a template, or one .csv/.tsv/.json file. */
#ifndef LANES_RESULTS_H
#define LANES_RESULTS_H

#include <stddef.h>

#include "jobinfo.h"
#include "tmpl.h"

struct results;

/* --results ARG. ARG ending in .csv, .tsv or .json (any case) is that file, created and
 * truncated now (exits 255 naming ARG when it cannot be); "-.csv", "-.tsv" and "-.json"
 * are stdout, as it is now (GNU parallel then sends no other output to stdout). The
 * header (csv, tsv) comes with the first record; the file stays empty when no job runs.
 * Any other ARG is a directory, made when the first job starts:
 * ARG/1/<value 1>/2/<value 2>/.../{seq,stdout,stderr}, values with \ tab NUL and /
 * written as \\ \t \0 \_ and cut to the longest file name the file system takes.
 * names (--header; NULL without): field i is named names[i] instead of i+1 in the tree,
 * the levels of a record sorted by name (as numbers, then as strings), and the csv and
 * tsv columns are named by them instead of V1..Vn; the caller keeps them.
 * path: tmpl_compile_text(ARG, conf), or NULL when ARG holds no replacement string; with
 * it, each job's files are named by its expansion: "E/" is a directory holding seq,
 * stdout and stderr, any other E is the stdout file, with E.err and E.seq beside it
 * (an expansion equal to ARG itself is the tree again). The caller keeps path: it must
 * outlive r, and the caller frees it. */
struct results *results_new(const char *arg, const struct tmpl *path, char *const *names,
                            size_t nnames);
/* Whether the records go to stdout ("-.csv", "-.tsv", "-.json"). */
int results_on_stdout(const struct results *r);
/* Before a job runs: make the directory its files will go to (tree and template forms).
 * Returns 0, or, when it cannot be made, 255 after a message naming the directory: the run
 * stops there, as GNU parallel's does. */
int results_start(struct results *r, const struct jobinfo *ji, size_t nsources);
/* Record a finished job. nsources: the fields of one input record, the input sources;
 * ji->args may hold several records (-N, -m, -X), each nested again under 1/ to
 * nsources/ in the tree. 0: the values are one record, numbered 1 to n (--colsep, where
 * each line may have its own number of columns). A job with no values (-N0) has the value
 * "\0noarg", as in GNU parallel. A record goes out in one write(2) unless it is over
 * 1 MiB. Returns 0, or -1 with errno after a message on stderr naming the file that
 * failed (the caller need not name it again). */
int results_write(struct results *r, const struct jobinfo *ji, size_t nsources);
/* Whether a job's record could not be written: the run then ends with status 255. */
int results_failed(const struct results *r);
void results_free(struct results *r);

#endif
