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
    /* Single-quoted pieces; a run of quotes goes inside double quotes between them. An
     * empty '' at either end is left out, as GNU parallel does. */
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        if (s[i] == '\'') {
            while (j < n && s[j] == '\'')
                j++;
            buf_addc(dst, '"');
            buf_append(dst, s + i, j - i);
            buf_addc(dst, '"');
        } else {
            while (j < n && s[j] != '\'')
                j++;
            buf_addc(dst, '\'');
            buf_append(dst, s + i, j - i);
            buf_addc(dst, '\'');
        }
        i = j;
    }
}
