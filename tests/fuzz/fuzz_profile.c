/* fuzz_profile: profile_split, which splits $PARALLEL and profile lines into words. It must
 * not crash on any input, and words it gives back, each written in double quotes with \ before
 * " and \, separated by a blank, must split into the same words again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* w's words, each quoted, into a new string (its length into *len). */
static char *quote_all(const struct profile_words *w, size_t *len)
{
    size_t cap = 1;

    for (size_t i = 0; i < w->n; i++)
        cap += 2 * strlen(w->w[i]) + 3;
    char *s = malloc(cap), *p = s;
    if (s == NULL)
        abort();
    for (size_t i = 0; i < w->n; i++) {
        *p++ = '"';
        for (const char *c = w->w[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                *p++ = '\\';
            *p++ = *c;
        }
        *p++ = '"';
        *p++ = ' ';
    }
    *len = (size_t)(p - s);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct profile_words a = {0}, b = {0};

    if (profile_split((const char *)data, size, &a) == 0) {
        size_t len;
        char *again = quote_all(&a, &len);
        if (profile_split(again, len, &b) != 0 || b.n != a.n)
            abort();
        for (size_t i = 0; i < a.n; i++)
            if (strcmp(a.w[i], b.w[i]) != 0)
                abort();
        free(again);
    }
    profile_words_free(&a);
    profile_words_free(&b);
    return 0;
}
