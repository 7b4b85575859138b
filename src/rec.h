/* rec: one input record, the values a job's replacement strings draw from. */
#ifndef LANES_REC_H
#define LANES_REC_H

#include <stddef.h>

struct field {
    const char *s; /* NUL-terminated; len excludes the NUL */
    size_t len;
};

/* A record holds one field per input source (or per column with --colsep). */
struct rec {
    size_t n;
    struct field *f;
};

#endif
