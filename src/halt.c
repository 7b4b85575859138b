/* halt: --halt policy. */
#include "halt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "value.h"

static int halt_bad(const char *s)
{
    util_warn("--halt '%s': use never, or now/soon with fail=N, success=N or done=N "
              "(N a count or a percentage), or 0, 1, 2, -1, -2",
              s);
    return -1;
}

/* "N" or "N%" with N at least 1 (a percentage at most 100); a huge count is VALUE_COUNT_MAX,
 * more jobs than any run has. Returns 0, or -1 after the message. */
static int halt_amount(struct halt *h, const char *s, const char *whole)
{
    size_t len = strspn(s, "0123456789");
    unsigned long long n = 0;

    h->percent = s[len] == '%' && s[len + 1] == '\0';
    if (len == 0 || (s[len] != '\0' && !h->percent))
        return halt_bad(whole);
    for (size_t i = 0; i < len; i++)
        n = n < VALUE_COUNT_MAX ? n * 10 + (unsigned)(s[i] - '0') : n;
    if (n < 1 || (h->percent && n > 100))
        return halt_bad(whole);
    h->count = (unsigned long)(n < VALUE_COUNT_MAX ? n : VALUE_COUNT_MAX);
    return 0;
}

/* 1 for one of the old forms, 0 for none, -1 for a bad one (after the message). */
static int halt_old_form(struct halt *h, const char *s)
{
    static const struct {
        const char *text;
        enum halt_when when;
        enum halt_why why;
    } old[] = {{"0", HALT_NEVER, HALT_FAIL},    {"never", HALT_NEVER, HALT_FAIL},
               {"1", HALT_SOON, HALT_FAIL},     {"2", HALT_NOW, HALT_FAIL},
               {"-1", HALT_SOON, HALT_SUCCESS}, {"-2", HALT_NOW, HALT_SUCCESS}};

    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++) {
        if (strcmp(s, old[i].text) == 0) {
            *h = (struct halt){.when = old[i].when, .why = old[i].why, .count = 1};
            return 1;
        }
    }
    size_t len = strlen(s);
    if (len > 1 && s[len - 1] == '%' && strspn(s, "0123456789") == len - 1) {
        *h = (struct halt){.when = HALT_SOON, .why = HALT_FAIL};
        return halt_amount(h, s, s) == 0 ? 1 : -1;
    }
    return 0;
}

int halt_parse(struct halt *h, const char *s)
{
    int old = halt_old_form(h, s);

    if (old)
        return old > 0 ? 0 : -1;
    const char *comma = strchr(s, ',');
    if (comma == NULL)
        return halt_bad(s);
    size_t wlen = (size_t)(comma - s);
    *h = (struct halt){0};
    if (wlen == 5 && strncmp(s, "never", 5) == 0)
        h->when = HALT_NEVER;
    else if (wlen == 3 && strncmp(s, "now", 3) == 0)
        h->when = HALT_NOW;
    else if (wlen == 4 && strncmp(s, "soon", 4) == 0)
        h->when = HALT_SOON;
    else
        return halt_bad(s);
    const char *why = comma + 1;
    if (strncmp(why, "fail=", 5) == 0)
        h->why = HALT_FAIL;
    else if (strncmp(why, "success=", 8) == 0)
        h->why = HALT_SUCCESS;
    else if (strncmp(why, "done=", 5) == 0)
        h->why = HALT_DONE;
    else
        return halt_bad(s);
    return halt_amount(h, strchr(why, '=') + 1, s);
}

int halt_check(struct halt *h, int failed, int exitval, unsigned long failures,
               unsigned long successes, unsigned long total)
{
    if (h->when == HALT_NEVER || h->triggered)
        return 0;
    if ((h->why == HALT_FAIL && !failed) || (h->why == HALT_SUCCESS && failed))
        return 0;
    unsigned long n = h->why == HALT_FAIL      ? failures
                      : h->why == HALT_SUCCESS ? successes
                                               : failures + successes;
    if (h->percent ? total == 0 || n * 100 < h->count * total : n < h->count)
        return 0;
    h->triggered = 1;
    /* One job was enough: its own status tells the caller what went wrong. */
    h->status = !h->percent && h->count == 1 ? exitval : -1;
    if (h->percent && h->why == HALT_FAIL) /* the share failed then: later failures of soon's */
        h->status = (int)((failures * 100 + total - 1) / total); /* jobs do not count */
    return 1;
}

int halt_status(const struct halt *h, unsigned long failures, unsigned long total)
{
    if (h->triggered && h->status >= 0)
        return h->status;
    if (h->when != HALT_NEVER && h->why == HALT_SUCCESS && h->triggered)
        return 0;
    if (h->when != HALT_NEVER && h->percent) /* the share that failed, rounded up */
        return total ? (int)((failures * 100 + total - 1) / total) : 0;
    return failures > 100 ? 101 : (int)failures;
}

int halt_counts(const struct halt *h, int failed)
{
    return h->when != HALT_NEVER && !(h->why == HALT_FAIL && !failed) &&
           !(h->why == HALT_SUCCESS && failed);
}

void halt_tell(const struct halt *h, int failed, const char *cmd, unsigned long running)
{
    if (!halt_counts(h, failed))
        return;
    util_warn("This job %s:", h->why == HALT_DONE ? "finished" : failed ? "failed" : "succeeded");
    fprintf(stderr, "%s\n", cmd ? cmd : "");
    if (h->triggered && h->when == HALT_SOON && running > 0)
        util_warn("Starting no more jobs. Waiting for %lu jobs to finish.", running);
}
