/* harness: what the lanes fuzz targets share. Lanes reports bad input by util_die, which
 * exits; under a fuzzer that would end the run, so the targets are linked with
 * -Wl,--wrap=util_die (and util_die_errno, fopen, fdopen, fclose): a call that dies returns to the
 * harness instead, with everything it allocated freed and every file it opened closed. */
#ifndef LANES_FUZZ_HARNESS_H
#define LANES_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* The entry points libFuzzer calls. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Run fn(ctx). Returns 0, or -1 when lanes gave up on the input with util_die; then every
 * allocation made and every descriptor and stream opened during the call is released. fn
 * must own all it touches: nothing allocated before the call may be freed by lanes in it. */
int harness_call(void (*fn)(void *ctx), void *ctx);

/* A fuzz input read front to back; reading past its end gives zeros and empty strings. */
struct harness_in {
    const uint8_t *d;
    size_t n;
};

unsigned harness_byte(struct harness_in *in);
/* The bytes up to the next sep (dropped) or the end, as a malloc'ed NUL-terminated copy
 * (which may hold NUL bytes itself); its length into *len when len is not NULL. */
char *harness_str(struct harness_in *in, uint8_t sep, size_t *len);
/* At most max bytes, as harness_str. */
char *harness_take(struct harness_in *in, size_t max, size_t *len);

/* Write n bytes to the file name in the harness's own temp directory (made on first use,
 * removed at exit) and return its path, valid until the next harness_file call. */
const char *harness_file(const char *name, const void *d, size_t n);
/* The harness's temp directory. */
const char *harness_dir(void);

#endif
