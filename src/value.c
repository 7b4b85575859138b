/* value: option values -> numbers and bytes. Nothing here prints or exits: the caller names
 * the option in its message. */
#include "value.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

#include "util.h"

static const char digits[] = "0123456789";

/* Digit by digit rather than strtod: strtod also takes blanks, signs, exponents, hex, inf
 * and nan, and a long run of digits must clamp, not overflow. */
size_t value_decimal(const char *s, double *out)
{
    size_t whole = strspn(s, digits), frac = 0;
    double v = 0, scale = 1;

    for (size_t i = 0; i < whole; i++)
        v = v < VALUE_DECIMAL_MAX ? v * 10 + (s[i] - '0') : v;
    if (s[whole] == '.')
        frac = strspn(s + whole + 1, digits);
    for (size_t i = 0; i < frac; i++) {
        scale /= 10;
        v += (s[whole + 1 + i] - '0') * scale;
    }
    if (whole + frac == 0)
        return 0;
    *out = v < VALUE_DECIMAL_MAX ? v : VALUE_DECIMAL_MAX;
    return whole + (s[whole] == '.') + frac;
}

int value_count(const char *s, unsigned long long *out)
{
    size_t len = strspn(s, digits);
    unsigned long long v = 0;

    if (len == 0 || s[len] != '\0')
        return -1;
    for (size_t i = 0; i < len; i++)
        v = v < VALUE_COUNT_MAX ? v * 10 + (unsigned)(s[i] - '0') : v;
    *out = v < VALUE_COUNT_MAX ? v : VALUE_COUNT_MAX;
    return 0;
}

int value_count_unit(const char *s, unsigned long long *out)
{
    static const char units[] = "KMGTPEkmgtpe";
    double v;
    size_t n = value_decimal(s, &v);

    if (value_count(s, out) == 0)
        return 0;
    const char *u = n > 0 && s[n] ? strchr(units, s[n]) : NULL;
    int bin = u && (u < units + 6 || s[n + 1] == 'i' || s[n + 1] == 'I');
    if (u == NULL || s[n + 1 + (s[n + 1] == 'i' || s[n + 1] == 'I')] != '\0')
        return -1;
    for (size_t i = 0; i <= (size_t)(u - units) % 6 && v < (double)VALUE_COUNT_MAX; i++)
        v *= bin ? 1024 : 1000;
    if (v != (double)(unsigned long long)v && v < (double)VALUE_COUNT_MAX)
        return -1;
    *out = v < (double)VALUE_COUNT_MAX ? (unsigned long long)v : VALUE_COUNT_MAX;
    return 0;
}

int value_integer(const char *s, long long min, long long max, long long *out)
{
    int neg = *s == '-';
    unsigned long long v;

    if (value_count(s + neg, &v) != 0 || v >= VALUE_COUNT_MAX)
        return -1;
    long long n = neg ? -(long long)v : (long long)v;
    if (n < min || n > max)
        return -1;
    *out = n;
    return 0;
}

int value_duration(const char *s, double *out)
{
    static const char units[] = "smhd";
    static const double mult[] = {1, 60, 3600, 86400};
    double total = 0, v;
    const char *p = s;

    do {
        size_t n = value_decimal(p, &v);
        const char *u = n && p[n] ? strchr(units, p[n]) : NULL;
        if (n == 0 || (p[n] && !u))
            return -1;
        total += v * (u ? mult[u - units] : 1);
        p += n + (u != NULL);
    } while (*p);
    *out = total < VALUE_DURATION_MAX ? total : VALUE_DURATION_MAX;
    return 0;
}

int value_percent(const char *s, double *out)
{
    size_t n = value_decimal(s, out);

    return n > 0 && s[n] == '%' && s[n + 1] == '\0' ? 0 : -1;
}

int value_size(const char *s, unsigned long long *out)
{
    static const char units[] = "KMGTPkmgtp";
    double v;
    size_t n = value_decimal(s, &v);

    if (n == 0)
        return -1;
    const char *u = s[n] ? strchr(units, s[n]) : NULL;
    if (s[n] && (u == NULL || s[n + 1] != '\0'))
        return -1;
    for (size_t k = u ? (size_t)(u - units) : 0, i = 0; u && i <= k % 5; i++)
        v *= k < 5 ? 1024 : 1000;
    if (!(v >= 1 && v <= (double)VALUE_SIZE_MAX))
        return -1;
    *out = (unsigned long long)v;
    return 0;
}

/* Whole numbers only, as GNU parallel. */
int value_jobs(const char *s, long cpus, long *out)
{
    const char *num = s + (*s == '+' || *s == '-');
    size_t len = strspn(num, digits);
    int pct = num[len] == '%' && num[len + 1] == '\0';
    long n;

    if (len == 0 || (num[len] != '\0' && !pct) || (pct && num != s))
        return -1;
    if (len > 9) { /* more than any machine can run: as many as possible */
        *out = *s == '-' ? 0 : VALUE_JOBS_ALL;
        return 0;
    }
    long v = 0;
    for (size_t i = 0; i < len; i++)
        v = v * 10 + (num[i] - '0');
    if (pct)
        n = v == 0 ? 0 : cpus * v / 100 > 0 ? cpus * v / 100 : 1;
    else if (*s == '+')
        n = cpus + v;
    else if (*s == '-')
        n = cpus - v;
    else
        n = v == 0 ? LONG_MAX : v;
    *out = n == LONG_MAX ? VALUE_JOBS_ALL : n > 0 ? n : 0;
    return 0;
}

/* The escape of -d that starts at p, just past a backslash: stores the byte in *out and
 * returns how many characters it took, 0 when p starts no escape (the backslash is then a
 * byte of its own, so '\\' is two backslashes, as in GNU parallel), or -1 for an octal
 * escape past a byte. */
static int delim_escape(const char *p, char *out)
{
    static const char esc[] = "n\nt\tr\r";
    const char *e = *p ? strchr(esc, *p) : NULL;
    int k = 0, v = 0;

    if (e && (e - esc) % 2 == 0) {
        *out = e[1];
        return 1;
    }
    if (*p == '8' || *p == '9') {
        *out = *p;
        return 1;
    }
    for (; k < 3 && p[k] >= '0' && p[k] <= '7'; k++)
        v = v * 8 + (p[k] - '0');
    if (v > 0377)
        return -1;
    *out = (char)v;
    return k;
}

int value_delim(const char *s, char *out, size_t size, size_t *len, const char **bad)
{
    size_t n = 0;

    for (const char *p = s; *p && n < size; n++) {
        int used = *p == '\\' ? delim_escape(p + 1, &out[n]) : 0;
        if (used < 0) {
            *bad = p + 1;
            return -2;
        }
        if (used == 0)
            out[n] = *p;
        p += 1 + used;
    }
    *len = n;
    return n == 0 || n >= size ? -1 : 0;
}

size_t value_rec_unescape(char *s)
{
    static const char from[] = "0ntr\\'\"", to[] = {'\0', '\n', '\t', '\r', '\\', '\'', '"'};
    char *w = s;

    for (const char *r = s; *r; r++) {
        const char *e = r[0] == '\\' && r[1] ? strchr(from, r[1]) : NULL;
        *w++ = e ? to[e - from] : *r;
        r += e != NULL;
    }
    return (size_t)(w - s);
}

/* Rewrites each backslash and 1 to n digits (n is 1 or 3) of t, as Perl reads them in a string:
 * the leading octal digits make one character (past 255, its UTF-8 bytes), the others stay;
 * a backslash before 8 or 9 goes. A NUL is left as written, as a C string cannot hold it. */
static void tag_octal_pass(char *t, size_t n)
{
    char *w = t;
    for (const char *r = t; *r;) {
        size_t d = 0, oct = 0;
        unsigned v = 0;
        while (r[0] == '\\' && d < n && isdigit((unsigned char)r[1 + d]))
            d++;
        while (oct < d && r[1 + oct] <= '7')
            v = v * 8 + (unsigned)(r[1 + oct++] - '0');
        if (d < n || (oct > 0 && v == 0)) {
            *w++ = *r++;
            continue;
        }
        if (oct > 0 && v > 255) {
            *w++ = (char)(0xc0 | (v >> 6));
            *w++ = (char)(0x80 | (v & 0x3f));
        } else if (oct > 0)
            *w++ = (char)v;
        memmove(w, r + 1 + oct, d - oct);
        w += d - oct;
        r += 1 + d;
    }
    *w = '\0';
}

/* Each escape kind is a pass over the whole text, as GNU parallel does: \t, \n and \r, then
 * a backslash and 3 digits, then a backslash and 1 digit (octal). */
char *value_tag_unescape(const char *s)
{
    static const char from[] = "tnr", to[] = "\t\n\r";
    char *t = xstrdup(s);

    for (size_t i = 0; i < sizeof from - 1; i++) {
        char *w = t;
        for (const char *r = t; *r; r++) {
            int esc = r[0] == '\\' && r[1] == from[i];
            *w++ = esc ? to[i] : *r;
            r += esc;
        }
        *w = '\0';
    }
    tag_octal_pass(t, 3);
    tag_octal_pass(t, 1);
    return t;
}
