/* optval: option values that value.c parses, and the one way a bad one is reported. */
#include "optval.h"

#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "cpu.h"
#include "value.h"

int optval_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vwarnx(fmt, ap);
    va_end(ap);
    fputs("Try 'lanes --help' for more information.\n", stderr);
    return -1;
}

int optval_count(const char *opt, const char *s, unsigned min, size_t *out)
{
    unsigned long long n;

    if (value_count(s, &n) != 0 || n < min)
        return optval_fail("%s takes a whole number of at least %u, not '%s'", opt, min, s);
    *out = (size_t)n;
    return 0;
}

int optval_count_unit(const char *opt, const char *s, unsigned min, size_t *out)
{
    unsigned long long n;

    if (value_count_unit(s, &n) != 0 || n < min)
        return optval_fail("%s takes a whole number of at least %u (or 1k, 2K, 3Mi ...), not '%s'",
                           opt, min, s);
    *out = (size_t)n;
    return 0;
}

int optval_size(const char *opt, const char *s, size_t *out)
{
    unsigned long long v;

    if (value_size(s, &v) != 0)
        return optval_fail("%s takes a size like 64M or 1G, not '%s'", opt, s);
    *out = (size_t)v;
    return 0;
}

int optval_duration(const char *opt, const char *s, double *out)
{
    if (value_duration(s, out) != 0)
        return optval_fail("%s takes seconds (or 2m, 1h ...), not '%s'", opt, s);
    return 0;
}

int optval_delim(const char *s, char *out, size_t size, size_t *len)
{
    const char *bad = NULL;
    int r = value_delim(s, out, size, len, &bad);

    if (r == -2)
        return optval_fail("-d/--delimiter '%s': the octal escape '\\%.3s' is more than a byte", s,
                           bad);
    if (r < 0)
        return optval_fail("-d/--delimiter takes a string of 1 to %zu bytes, not '%s'", size - 1,
                           s);
    return 0;
}

int optval_block(const char *name, const char *s, int part, long long *out)
{
    char opt[32];
    size_t v = 0;

    *out = part ? 0 : 1 << 20;
    if (s == NULL || (part && strcmp(s, "0") == 0))
        return 0;
    snprintf(opt, sizeof opt, "--%s", name);
    if (!part && (strcmp(s, "0") == 0 || s[0] == '-'))
        return optval_fail(
            "%s '%s': --pipe takes a size of 1 byte or more (0 and -N are --pipe-part's)", opt, s);
    if (optval_size(opt, s + (s[0] == '-'), &v) != 0)
        return -1;
    *out = s[0] == '-' ? -(long long)v : (long long)v;
    return 0;
}

/* As many jobs as file descriptors and the process limit allow (-j 0). */
static long optval_jobs_max(void)
{
    struct rlimit rl;
    long n = 1024;

    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        if (rl.rlim_cur < rl.rlim_max) {
            rl.rlim_cur = rl.rlim_max < 65536 ? rl.rlim_max : 65536;
            setrlimit(RLIMIT_NOFILE, &rl);
            getrlimit(RLIMIT_NOFILE, &rl);
        }
        /* Two pipes a job, and room for lanes' own files and parking pipes (spill.c). */
        n = ((long)rl.rlim_cur - 32 - 128) / 2;
    }
    if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (long)rl.rlim_cur / 2 < n)
        n = (long)rl.rlim_cur / 2;
    return n > 0 ? n : 1;
}

long optval_jobs(const char *s)
{
    return optval_jobs_of(s, cpu_threads());
}

long optval_jobs_of(const char *s, long cpus)
{
    long n;

    if (value_jobs(s, cpus, &n) != 0)
        return -1;
    return n == VALUE_JOBS_ALL ? optval_jobs_max() : n;
}

long optval_jobs_line(const char *s)
{
    char buf[64];
    size_t len = strcspn(s, " \t\r\n");

    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    long n = optval_jobs(buf);
    return n < 0 ? 0 : n;
}
