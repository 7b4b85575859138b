/* envrec: --record-env writes the names of the environment, --env _ carries the rest. */
#include "envrec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "optval.h"
#include "util.h"

extern char **environ;

/* $PARALLEL_HOME, else ~/.parallel; malloc'd. */
static char *envrec_dir(void)
{
    const char *ph = getenv("PARALLEL_HOME"), *home = getenv("HOME");
    struct buf b = {0};

    if (ph != NULL && *ph != '\0') {
        buf_adds(&b, ph);
    } else {
        buf_adds(&b, home && *home ? home : "/");
        buf_adds(&b, "/.parallel");
    }
    return buf_cstr(&b);
}

static char *envrec_path(void)
{
    char *dir = envrec_dir();
    struct buf b = {0};

    buf_adds(&b, dir);
    buf_adds(&b, "/ignored_vars");
    free(dir);
    return buf_cstr(&b);
}

int envrec_record(void)
{
    char *dir = envrec_dir(), *path = envrec_path();
    size_t bad;

    (void)util_mkdir_p(dir, &bad); /* a failure shows as the file's */
    FILE *f = fopen(path, "w");
    int err = errno;
    for (char **e = environ; f && *e; e++) {
        const char *eq = strchr(*e, '=');
        fprintf(f, "%.*s\n", (int)(eq ? (size_t)(eq - *e) : strlen(*e)), *e);
    }
    if (f && (ferror(f) | fclose(f)) != 0) {
        err = errno;
        f = NULL;
    }
    if (f == NULL)
        util_warn("--record-env: cannot write '%s': %s", path, strerror(err));
    free(dir);
    free(path);
    return f ? 0 : 255;
}

/* Whether the names list (a name a line) holds the len bytes of name. */
static int envrec_listed(const char *list, const char *name, size_t len)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, "\n");
        if (n == len && memcmp(p, name, len) == 0)
            return 1;
        p += n + (p[n] == '\n');
    }
    return 0;
}

int envrec_names(char ***names, size_t *n)
{
    char *path = envrec_path();
    struct buf list = {0};
    FILE *f = fopen(path, "r");

    *names = NULL;
    *n = 0;
    if (f == NULL || buf_read_stream(&list, f) != 0) {
        int err = errno;
        if (f)
            fclose(f);
        int r = optval_fail("--env _: cannot read '%s' (%s): run 'lanes --record-env' in a "
                            "clean environment first",
                            path, strerror(err));
        free(path);
        return r;
    }
    fclose(f);
    const char *text = list.len ? buf_cstr(&list) : "";
    for (char **e = environ; *e; e++) {
        const char *eq = strchr(*e, '=');
        size_t len = eq ? (size_t)(eq - *e) : strlen(*e);
        if (len == 0 || envrec_listed(text, *e, len))
            continue;
        *names = xreallocarray(*names, *n + 1, sizeof **names);
        (*names)[(*n)++] = xstrndup(*e, len);
    }
    buf_free(&list);
    free(path);
    return 0;
}
