/* value: the numbers and escapes that options take, parsed without printing or exiting, so
 * that each can be tested and fuzzed alone. Numbers are plain decimals: no sign, exponent,
 * hex, blanks, inf or nan. A value past what lanes can use is clamped where a huge value has
 * a plain meaning (wait forever, no limit), and refused where it has none. */
#ifndef LANES_VALUE_H
#define LANES_VALUE_H

#include <stddef.h>

/* Counts (-n, -N, -L, -l, -s, --retries, --total-jobs) past this are taken as this: more
 * than any run reaches, so "no limit". */
#define VALUE_COUNT_MAX (1ULL << 40)
/* Seconds; a duration past this (about 31 years) is taken as this: as good as never. */
#define VALUE_DURATION_MAX 1e9
/* Decimals (--load, percentages) past this are taken as this. */
#define VALUE_DECIMAL_MAX 1e15
/* The largest size in bytes; a larger one is refused (no memory holds it). */
#define VALUE_SIZE_MAX (1ULL << 62)
/* value_jobs: as many job slots as the system allows (-j 0, or a count past any machine). */
#define VALUE_JOBS_ALL (-1L)

/* The decimal at the start of s: digits, then an optional fraction (1, 1.5, .5, 2.). Stores
 * it, clamped to VALUE_DECIMAL_MAX, and returns how many characters it took: 0 for none. */
size_t value_decimal(const char *s, double *out);
/* All of s a whole number of 0 or more, clamped to VALUE_COUNT_MAX. 0, or -1 for no number. */
int value_count(const char *s, unsigned long long *out);
/* As value_count, with an optional unit as GNU parallel takes on -n, -N, -L, -l and -s:
 * k m g t p e are powers of 1000; K M G T P E, and any of them followed by i or I (Ki, ki),
 * powers of 1024. With a unit the number may have a fraction (1.5k) if the result is whole. */
int value_count_unit(const char *s, unsigned long long *out);
/* All of s a whole number, maybe with a leading '-', from min to max. 0, or -1. */
int value_integer(const char *s, long long min, long long max, long long *out);
/* Seconds, with an optional unit s, m, h or d on each part: 1.5, 30s, 2m, 1m30s. Clamped to
 * VALUE_DURATION_MAX. 0, or -1. */
int value_duration(const char *s, double *out);
/* "N%", N a decimal. Stores N. 0, or -1. */
int value_percent(const char *s, double *out);
/* A size: a decimal, then maybe K M G T P (powers of 1024) or k m g t p (powers of 1000);
 * at least 1 byte and at most VALUE_SIZE_MAX. 0, or -1. */
int value_size(const char *s, unsigned long long *out);
/* A -j value relative to cpus CPU threads: N, +N, -N, N% or 0. Stores the job count, 0 when
 * it leaves no slot, or VALUE_JOBS_ALL. 0, or -1 for no job count at all. */
int value_jobs(const char *s, long cpus, long *out);
/* -d STR with GNU parallel's escapes \n \t \r, \NNN (octal) and \8 \9, into out (size bytes).
 * Stores its length in *len. 0; -1 when it is empty or does not fit; -2 when an octal
 * escape is more than a byte, with *bad at its digits in s. */
int value_delim(const char *s, char *out, size_t size, size_t *len, const char **bad);
/* --recstart and --recend escapes: \0 \n \t \r, and \\ \' \" for the character itself. In
 * place (the text only gets shorter); returns its length, as it may hold NUL bytes. */
size_t value_rec_unescape(char *s);
/* --tagstring's escapes, as GNU parallel reads them: a new string for the caller to free. */
char *value_tag_unescape(const char *s);

#endif
