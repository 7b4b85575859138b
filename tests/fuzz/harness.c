/* harness: util_die made recoverable for the fuzz targets, and small input helpers. */
#include "harness.h"

#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <sanitizer/allocator_interface.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Allocations live during a harness_call, an open-addressing set of pointers filled by the
 * sanitizer allocator's hooks (which must not allocate themselves). */
#define TRACK_BITS 16
#define TRACK_SIZE ((size_t)1 << TRACK_BITS)
static const volatile void *track_set[TRACK_SIZE];
static size_t track_count;
static int track_on, track_overflow;
/* Only the thread that runs lanes: libFuzzer's own threads (its RSS watcher) are not ours. */
static pthread_t track_thread;

/* Descriptors already open when the call began, of the few above the lowest free one that
 * lanes could open: only the others are closed after util_die. */
#define FD_SPAN 16
static unsigned char fd_was_open[FD_SPAN];

/* Streams opened during a call: freeing a FILE that glibc still lists would corrupt it. */
#define MAX_STREAMS 64
static FILE *streams[MAX_STREAMS];
static size_t nstreams;

static jmp_buf die_jmp;
static int die_armed;

static size_t track_slot(const volatile void *p)
{
    return (size_t)(((uintptr_t)p >> 4) * UINT64_C(0x9e3779b97f4a7c15) >> (64 - TRACK_BITS));
}

static void track_malloc(const volatile void *p, size_t size)
{
    (void)size;
    if (!track_on || p == NULL || !pthread_equal(pthread_self(), track_thread))
        return;
    if (track_count >= TRACK_SIZE / 2) {
        track_overflow = 1;
        return;
    }
    size_t i = track_slot(p);
    while (track_set[i] != NULL)
        i = (i + 1) & (TRACK_SIZE - 1);
    track_set[i] = p;
    track_count++;
}

/* Linear probing deletes by shifting back the entries that probed past the hole. */
static void track_free(const volatile void *p)
{
    if (!track_on || p == NULL || track_count == 0 ||
        !pthread_equal(pthread_self(), track_thread))
        return;
    size_t i = track_slot(p);
    while (track_set[i] != p) {
        if (track_set[i] == NULL)
            return; /* allocated before the call */
        i = (i + 1) & (TRACK_SIZE - 1);
    }
    track_count--;
    for (size_t j = (i + 1) & (TRACK_SIZE - 1); track_set[j] != NULL;
         j = (j + 1) & (TRACK_SIZE - 1)) {
        size_t home = track_slot(track_set[j]);
        /* j's entry may move into the hole at i unless its home lies in (i, j]. */
        if (((j - home) & (TRACK_SIZE - 1)) >= ((j - i) & (TRACK_SIZE - 1))) {
            track_set[i] = track_set[j];
            i = j;
        }
    }
    track_set[i] = NULL;
}

static void track_reset(void)
{
    if (track_count != 0)
        memset((void *)track_set, 0, sizeof track_set);
    track_count = 0;
    track_overflow = 0;
    nstreams = 0;
}

/* After util_die: close what lanes opened, then free what it allocated. */
static void track_release(int fd_floor)
{
    while (nstreams > 0)
        fclose(streams[nstreams - 1]); /* the wrapper forgets it, the hook frees it */
    for (int fd = fd_floor; fd < fd_floor + FD_SPAN; fd++) { /* lanes opens a few at most */
        if (!fd_was_open[fd - fd_floor] && fcntl(fd, F_GETFD) != -1)
            close(fd);
    }
    track_on = 0;
    if (track_overflow) {
        fprintf(stderr, "harness: too many allocations to release after util_die\n");
        abort();
    }
    for (size_t i = 0; i < TRACK_SIZE && track_count > 0; i++) {
        if (track_set[i] != NULL) {
            /* Only a live block: an entry the hooks failed to drop is no bug of lanes'. */
            if (__sanitizer_get_ownership((const void *)(uintptr_t)track_set[i]))
                free((void *)(uintptr_t)track_set[i]);
            else
                fprintf(stderr, "harness: a tracked block was already freed\n");
            track_set[i] = NULL;
            track_count--;
        }
    }
}

static int lowest_free_fd(void)
{
    int fd = dup(0);
    if (fd < 0) {
        perror("harness: dup");
        abort();
    }
    close(fd);
    for (int i = 0; i < FD_SPAN; i++)
        fd_was_open[i] = fcntl(fd + i, F_GETFD) != -1;
    return fd;
}

int harness_call(void (*fn)(void *ctx), void *ctx)
{
    static int hooked;
    if (!hooked) {
        hooked = __sanitizer_install_malloc_and_free_hooks(track_malloc, track_free);
        if (!hooked) {
            fprintf(stderr, "harness: cannot install the allocator hooks\n");
            abort();
        }
    }
    /* Volatile: read again after longjmp. */
    volatile int fd_floor = lowest_free_fd();
    track_reset();
    track_thread = pthread_self();
    track_on = 1;
    die_armed = 1;
    if (setjmp(die_jmp) != 0) {
        die_armed = 0;
        track_release(fd_floor);
        return -1;
    }
    fn(ctx);
    die_armed = 0;
    track_on = 0;
    return 0;
}

static void harness_die(void) __attribute__((noreturn));

static void harness_die(void)
{
    if (!die_armed) {
        fprintf(stderr, "harness: util_die outside harness_call\n");
        abort();
    }
    longjmp(die_jmp, 1);
}

/* The wrapped names exist only for the linker's --wrap. */
void __wrap_util_die(const char *fmt, ...) __attribute__((noreturn));
void __wrap_util_die_errno(const char *fmt, ...) __attribute__((noreturn));
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__wrap_fdopen(int fd, const char *mode);
FILE *__real_fopen(const char *path, const char *mode);
FILE *__real_fdopen(int fd, const char *mode);

void __wrap_util_die(const char *fmt, ...)
{
    (void)fmt;
    harness_die();
}

void __wrap_util_die_errno(const char *fmt, ...)
{
    (void)fmt;
    harness_die();
}

static FILE *stream_note(FILE *f)
{
    if (f != NULL && die_armed && nstreams < MAX_STREAMS)
        streams[nstreams++] = f;
    return f;
}

static void stream_forget(FILE *f)
{
    for (size_t i = 0; i < nstreams; i++) {
        if (streams[i] == f) {
            streams[i] = streams[--nstreams];
            return;
        }
    }
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
    return stream_note(__real_fopen(path, mode));
}

FILE *__wrap_fdopen(int fd, const char *mode)
{
    return stream_note(__real_fdopen(fd, mode));
}

int __wrap_fclose(FILE *f);
int __real_fclose(FILE *f);

int __wrap_fclose(FILE *f)
{
    stream_forget(f);
    return __real_fclose(f);
}

unsigned harness_byte(struct harness_in *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->d++;
}

char *harness_take(struct harness_in *in, size_t max, size_t *len)
{
    size_t n = in->n < max ? in->n : max;
    char *s = malloc(n + 1);
    if (s == NULL)
        abort();
    memcpy(s, in->d, n);
    s[n] = '\0';
    in->d += n;
    in->n -= n;
    if (len != NULL)
        *len = n;
    return s;
}

char *harness_str(struct harness_in *in, uint8_t sep, size_t *len)
{
    const uint8_t *end = memchr(in->d, sep, in->n);
    size_t n = end ? (size_t)(end - in->d) : in->n;
    char *s = harness_take(in, n, len);
    if (end != NULL) {
        in->d++;
        in->n--;
    }
    return s;
}

static char dir[PATH_MAX];

/* The directory holds only the harness's own files. */
static void dir_clear(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[PATH_MAX];

    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    }
    if (d != NULL)
        closedir(d);
    rmdir(dir);
}

static void dir_remove(void)
{
    if (dir[0] != '\0')
        dir_clear();
}

const char *harness_dir(void)
{
    if (dir[0] == '\0') {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/lanes-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (mkdtemp(dir) == NULL) {
            perror("harness: mkdtemp");
            abort();
        }
        atexit(dir_remove);
    }
    return dir;
}

const char *harness_file(const char *name, const void *d, size_t n)
{
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", harness_dir(), name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || (n > 0 && write(fd, d, n) != (ssize_t)n) || close(fd) != 0) {
        perror("harness: write a temp file");
        abort();
    }
    return path;
}
