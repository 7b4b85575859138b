/* tee: --pipe --tee: all of stdin to every job. What has been read is kept until every job
 * has written it, up to a bound: the slowest job sets the pace. */
#ifndef LANES_TEE_H
#define LANES_TEE_H

#include <stddef.h>
#include <sys/types.h>

struct tee;

struct tee *tee_new(int fd);
void tee_free(struct tee *t);
int tee_fd(const struct tee *t);
/* Whether it has room to read more, and has not reached the end of the input. */
int tee_wants(const struct tee *t);
/* One read(2), when tee_fd is readable. */
void tee_read(struct tee *t);
/* Whether the end of the input has been read. */
int tee_eof(const struct tee *t);
/* How far into the input it has read. */
off_t tee_end(const struct tee *t);
/* The bytes kept from input position pos on; *len of them. */
const char *tee_at(const struct tee *t, off_t pos, size_t *len);
/* Forget what comes before input position pos: every job has written it. */
void tee_drop(struct tee *t, off_t pos);

#endif
