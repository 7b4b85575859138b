/* quote: shell quoting as GNU parallel quotes. */
#include "quote.h"

#include <string.h>

static int quote_safe(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '+' || c == '/';
}

static int quote_needed(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!quote_safe((unsigned char)s[i]))
            return 1;
    return 0;
}

void quote_append(struct buf *dst, const char *s, size_t n)
{
    if (n == 0) {
        buf_append(dst, "''", 2);
        return;
    }
    if (!quote_needed(s, n)) {
        buf_append(dst, s, n);
        return;
    }
    /* Single-quote it all, each ' becoming '"'"'; then drop an empty '' at either end. */
    size_t start = dst->len;
    buf_addc(dst, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'')
            buf_append(dst, "'\"'\"'", 5);
        else
            buf_addc(dst, s[i]);
    }
    buf_addc(dst, '\'');
    char *q = dst->data + start;
    size_t len = dst->len - start;
    if (len >= 2 && q[0] == '\'' && q[1] == '\'') {
        memmove(q, q + 2, len - 2);
        len -= 2;
    }
    if (len >= 2 && q[len - 1] == '\'' && q[len - 2] == '\'')
        len -= 2;
    dst->len = start + len;
}
