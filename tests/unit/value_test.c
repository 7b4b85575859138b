/* value_test: the value parsers of src/value.c on their own: good values, the edges (zero,
 * the largest value, where clamping starts) and every kind of bad value. Prints each failed
 * check and a summary line; exits 1 when any check failed. Built by make (tests/unit/), run
 * by tests/value.bats. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

static int checks, failures;

/* One check: what was tested, and whether it held. */
static void check(int ok, const char *what, const char *input)
{
    checks++;
    if (!ok) {
        failures++;
        printf("FAIL %s: '%s'\n", what, input);
    }
}

/* value_decimal: len characters taken and, when len > 0, the value want. */
static void decimal(const char *s, size_t len, double want)
{
    double v = -1;
    size_t n = value_decimal(s, &v);

    check(n == len && (len == 0 || fabs(v - want) < 1e-9), "value_decimal", s);
}

/* A parser that returns 0 or -1 and stores an unsigned long long. */
static void count(const char *s, int ret, unsigned long long want)
{
    unsigned long long v = 0;
    int r = value_count(s, &v);

    check(r == ret && (r != 0 || v == want), "value_count", s);
}

static void count_unit(const char *s, int ret, unsigned long long want)
{
    unsigned long long v = 0;
    int r = value_count_unit(s, &v);

    check(r == ret && (r != 0 || v == want), "value_count_unit", s);
}

static void size(const char *s, int ret, unsigned long long want)
{
    unsigned long long v = 0;
    int r = value_size(s, &v);

    check(r == ret && (r != 0 || v == want), "value_size", s);
}

static void integer(const char *s, long long min, long long max, int ret, long long want)
{
    long long v = 0;
    int r = value_integer(s, min, max, &v);

    check(r == ret && (r != 0 || v == want), "value_integer", s);
}

static void duration(const char *s, int ret, double want)
{
    double v = -1;
    int r = value_duration(s, &v);

    check(r == ret && (r != 0 || fabs(v - want) < 1e-9), "value_duration", s);
}

static void percent(const char *s, int ret, double want)
{
    double v = -1;
    int r = value_percent(s, &v);

    check(r == ret && (r != 0 || fabs(v - want) < 1e-9), "value_percent", s);
}

/* value_jobs with 8 CPU threads. */
static void jobs(const char *s, int ret, long want)
{
    long v = -2;
    int r = value_jobs(s, 8, &v);

    check(r == ret && (r != 0 || v == want), "value_jobs (8 threads)", s);
}

/* value_delim into 8 bytes: ret, and the bytes want (len of them) when it is 0. */
static void delim(const char *s, int ret, const char *want, size_t len)
{
    char out[8];
    size_t n = 99;
    const char *bad = NULL;
    int r = value_delim(s, out, sizeof out, &n, &bad);

    check(r == ret && (r != 0 || (n == len && memcmp(out, want, len) == 0)), "value_delim", s);
    if (r == -2) /* the message quotes the digits of the bad escape */
        check(bad != NULL && strncmp(bad, want, strlen(want)) == 0, "value_delim's bad", s);
}

static void rec_unescape(const char *s, const char *want, size_t len)
{
    char buf[64];

    snprintf(buf, sizeof buf, "%s", s);
    size_t n = value_rec_unescape(buf);
    check(n == len && memcmp(buf, want, len) == 0, "value_rec_unescape", s);
}

static void tag_unescape(const char *s, const char *want)
{
    char *t = value_tag_unescape(s);

    check(strcmp(t, want) == 0, "value_tag_unescape", s);
    free(t);
}

static void test_decimal(void)
{
    decimal("1", 1, 1);
    decimal("1.5", 3, 1.5);
    decimal(".5", 2, 0.5);
    decimal("2.", 2, 2);
    decimal("0", 1, 0);
    decimal("12x", 2, 12); /* it takes the start: the caller looks at the rest */
    decimal("1e5", 1, 1);
    decimal("99999999999999999999999999", 26, VALUE_DECIMAL_MAX);
    decimal("", 0, 0);
    decimal(".", 0, 0);
    decimal("-1", 0, 0);
    decimal("+1", 0, 0);
    decimal(" 1", 0, 0);
    decimal("inf", 0, 0);
    decimal("nan", 0, 0);
    decimal("0x10", 1, 0);
}

static void test_count(void)
{
    count("0", 0, 0);
    count("42", 0, 42);
    count("007", 0, 7);
    count("1099511627775", 0, VALUE_COUNT_MAX - 1);
    count("1099511627776", 0, VALUE_COUNT_MAX);
    count("99999999999999999999999999999", 0, VALUE_COUNT_MAX);
    count("", -1, 0);
    count("-1", -1, 0);
    count("+1", -1, 0);
    count(" 1", -1, 0);
    count("1 ", -1, 0);
    count("1.5", -1, 0);
    count("1e3", -1, 0);
    count("0x10", -1, 0);
    count("ten", -1, 0);
}

static void test_count_unit(void)
{
    count_unit("42", 0, 42);
    count_unit("0", 0, 0);
    count_unit("1k", 0, 1000);
    count_unit("1K", 0, 1024);
    count_unit("1ki", 0, 1024);
    count_unit("1Ki", 0, 1024);
    count_unit("1KI", 0, 1024);
    count_unit("1.5k", 0, 1500);
    count_unit("2m", 0, 2000000);
    count_unit("2M", 0, 2097152);
    count_unit("0k", 0, 0);
    count_unit("1g", 0, 1000000000);
    count_unit("1e", 0, VALUE_COUNT_MAX);
    count_unit("5P", 0, VALUE_COUNT_MAX);
    count_unit("1.0001k", -1, 0);
    count_unit("1.5", -1, 0);
    count_unit("k", -1, 0);
    count_unit("1kk", -1, 0);
    count_unit("1k2", -1, 0);
    count_unit("1x", -1, 0);
    count_unit("1ii", -1, 0);
    count_unit("-1k", -1, 0);
    count_unit("", -1, 0);
}

static void test_integer(void)
{
    integer("5", -20, 19, 0, 5);
    integer("-5", -20, 19, 0, -5);
    integer("-20", -20, 19, 0, -20);
    integer("19", -20, 19, 0, 19);
    integer("0", -20, 19, 0, 0);
    integer("-0", -20, 19, 0, 0);
    integer("20", -20, 19, -1, 0);
    integer("-21", -20, 19, -1, 0);
    integer("1099511627776", 0, 1LL << 50, -1, 0); /* past a count: no integer */
    integer("", -20, 19, -1, 0);
    integer("-", -20, 19, -1, 0);
    integer("--1", -20, 19, -1, 0);
    integer("+1", -20, 19, -1, 0);
    integer("1.0", -20, 19, -1, 0);
    integer(" 1", -20, 19, -1, 0);
}

static void test_duration(void)
{
    duration("0", 0, 0);
    duration("1.5", 0, 1.5);
    duration("30s", 0, 30);
    duration("2m", 0, 120);
    duration("1h", 0, 3600);
    duration("1d", 0, 86400);
    duration("1m30s", 0, 90);
    duration("1d1h1m1s", 0, 90061);
    duration(".5m", 0, 30);
    duration("1s2", 0, 3); /* a last part without a unit is seconds */
    duration("99999999999d", 0, VALUE_DURATION_MAX);
    duration("", -1, 0);
    duration("s", -1, 0);
    duration("1x", -1, 0);
    duration("1ms", -1, 0);
    duration("1 s", -1, 0);
    duration("-1", -1, 0);
    duration("1e9", -1, 0);
    duration("inf", -1, 0);
    duration("nan", -1, 0);
}

static void test_percent(void)
{
    percent("50%", 0, 50);
    percent("0%", 0, 0);
    percent("0.5%", 0, 0.5);
    percent("250%", 0, 250);
    percent("%", -1, 0);
    percent("50", -1, 0);
    percent("50%%", -1, 0);
    percent("50% ", -1, 0);
    percent("5 %", -1, 0);
    percent("-5%", -1, 0);
    percent("", -1, 0);
}

static void test_size(void)
{
    size("1", 0, 1);
    size("1K", 0, 1024);
    size("1k", 0, 1000);
    size("1M", 0, 1ULL << 20);
    size("1m", 0, 1000000);
    size("1G", 0, 1ULL << 30);
    size("1g", 0, 1000000000);
    size("1T", 0, 1ULL << 40);
    size("1t", 0, 1000000000000ULL);
    size("1P", 0, 1ULL << 50);
    size("1p", 0, 1000000000000000ULL);
    size("1.5K", 0, 1536);
    size("0.001K", 0, 1); /* 1.024 bytes: whole bytes only */
    size("4096P", 0, VALUE_SIZE_MAX);
    size("4097P", -1, 0);
    size("0", -1, 0);
    size("0.5", -1, 0);
    size("", -1, 0);
    size("K", -1, 0);
    size("1KB", -1, 0);
    size("1X", -1, 0);
    size("1 K", -1, 0);
    size("-1", -1, 0);
    size("1e3", -1, 0);
}

static void test_jobs(void)
{
    jobs("4", 0, 4);
    jobs("1", 0, 1);
    jobs("+2", 0, 10);
    jobs("-2", 0, 6);
    jobs("+0", 0, 8);
    jobs("-0", 0, 8);
    jobs("-8", 0, 0);
    jobs("-9", 0, 0);
    jobs("50%", 0, 4);
    jobs("200%", 0, 16);
    jobs("1%", 0, 1); /* a share of the threads is at least one slot */
    jobs("0%", 0, 0);
    jobs("0", 0, VALUE_JOBS_ALL);
    jobs("999999999", 0, 999999999);
    jobs("9999999999", 0, VALUE_JOBS_ALL);
    jobs("+9999999999", 0, VALUE_JOBS_ALL);
    jobs("-9999999999", 0, 0);
    jobs("", -1, 0);
    jobs("+", -1, 0);
    jobs("-", -1, 0);
    jobs("%", -1, 0);
    jobs("x", -1, 0);
    jobs("4x", -1, 0);
    jobs("4.5", -1, 0);
    jobs(" 4", -1, 0);
    jobs("4 ", -1, 0);
    jobs("+50%", -1, 0);
    jobs("-50%", -1, 0);
    jobs("50%x", -1, 0);
}

static void test_delim(void)
{
    delim(",", 0, ",", 1);
    delim("ab", 0, "ab", 2);
    delim("\\n", 0, "\n", 1);
    delim("\\t", 0, "\t", 1);
    delim("\\r", 0, "\r", 1);
    delim("\\101", 0, "A", 1);
    delim("\\0", 0, "", 1); /* the NUL byte */
    delim("\\377", 0, "\377", 1);
    delim("\\1234", 0, "S4", 2); /* three octal digits at most */
    delim("\\8", 0, "8", 1);
    delim("\\9", 0, "9", 1);
    delim("\\\\", 0, "\\\\", 2); /* a backslash that starts no escape is a byte */
    delim("\\x", 0, "\\x", 2);
    delim("1234567", 0, "1234567", 7);
    delim("12345678", -1, "", 0); /* no room for it in 8 bytes */
    delim("", -1, "", 0);
    delim("\\400", -2, "400", 0);
    delim("a\\777", -2, "777", 0);
}

static void test_rec_unescape(void)
{
    rec_unescape("abc", "abc", 3);
    rec_unescape("a\\nb", "a\nb", 3);
    rec_unescape("\\t\\r", "\t\r", 2);
    rec_unescape("\\0x", "\0x", 2);
    rec_unescape("\\\\", "\\", 1);
    rec_unescape("\\'\\\"", "'\"", 2);
    rec_unescape("\\x", "\\x", 2);
    rec_unescape("a\\", "a\\", 2);
    rec_unescape("", "", 0);
}

static void test_tag_unescape(void)
{
    tag_unescape("{}", "{}");
    tag_unescape("{}\\t", "{}\t");
    tag_unescape("\\n\\r", "\n\r");
    tag_unescape("\\101", "A");
    tag_unescape("\\1", "\1");
    tag_unescape("\\8", "8");
    tag_unescape("\\400", "\xc4\x80"); /* past a byte: its UTF-8 */
    tag_unescape("\\0", "\\0");        /* a NUL cannot be in the string: left as written */
    tag_unescape("\\x", "\\x");
    tag_unescape("", "");
}

int main(void)
{
    test_decimal();
    test_count();
    test_count_unit();
    test_integer();
    test_duration();
    test_percent();
    test_size();
    test_jobs();
    test_delim();
    test_rec_unescape();
    test_tag_unescape();
    printf("value_test: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
