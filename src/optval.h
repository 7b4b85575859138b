/* optval: an option's value parsed by value.c, or reported as a usage error that names the
 * option and quotes the value.
 *
 * The convention of the whole option layer (optval, optset, setup, opts): a step that can fail
 * returns 0, or -1 once it has printed its usage message (optval_fail does, and so do
 * halt_parse and term_parse); the first message is the only one, as every caller returns at
 * once. Only the entry points main calls turn -1 into an exit status. */
#ifndef LANES_OPTVAL_H
#define LANES_OPTVAL_H

#include <stddef.h>

/* Print "lanes: MESSAGE" and the hint to try --help, on stderr. Returns -1. */
int optval_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A whole number of at least min into *out; a huge one is VALUE_COUNT_MAX. opt names the
 * option in the message, as do the others'. */
int optval_count(const char *opt, const char *s, unsigned min, size_t *out);
/* As optval_count, with GNU parallel's units: 1k is 1000, 1K and 1ki 1024 (value_count_unit). */
int optval_count_unit(const char *opt, const char *s, unsigned min, size_t *out);
/* A size such as 64M or 1G (value_size). */
int optval_size(const char *opt, const char *s, size_t *out);
/* Seconds, or 2m, 1h ... (value_duration); a huge value is as good as never. */
int optval_duration(const char *opt, const char *s, double *out);
/* -d STR, unescaped into out (size bytes); its length into *len. */
int optval_delim(const char *s, char *out, size_t size, size_t *len);
/* --block (spelt --NAME) s: bytes; for --pipe-part (part) also 0 or -N, N parts a job slot,
 * stored as -N. s NULL is the default: 1M, or for --pipe-part 0 (ten parts a slot). */
int optval_block(const char *name, const char *s, int part, long long *out);
/* The job slots of a -j value (N, +N, -N, N% or 0, which is as many as the system allows); 0
 * when it leaves none; -1 when it is no such value. Prints nothing. */
long optval_jobs(const char *s);
/* As optval_jobs, with cpus CPUs instead of the CPU threads (--use-cores-instead-of-threads). */
long optval_jobs_of(const char *s, long cpus);
/* As optval_jobs for the value at the start of a line (a -j file's), ending at the first
 * blank; 0 also when it is no such value. */
long optval_jobs_line(const char *s);

#endif
