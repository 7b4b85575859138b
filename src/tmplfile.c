/* tmplfile: --tmpl's files, written for each job from templates compiled once. */
#include "tmplfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

struct tmplfile_one {
    struct tmpl *text; /* FILE's contents */
    struct tmpl *name; /* NAME */
};

struct tmplfile {
    struct tmplfile_one *f;
    size_t n;
};

/* s as a template, or as fixed text when it holds no replacement string. */
static struct tmpl *tmplfile_compile(const char *s, const struct tmpl_conf *tc)
{
    struct tmpl *t = tmpl_compile_text(s, tc);

    return t ? t : tmpl_compile_fixed(s);
}

static char *tmplfile_read(const char *path)
{
    FILE *f = fopen(path, "r");
    struct buf b = {0};

    if (f == NULL || buf_read_stream(&b, f) != 0)
        util_die("--tmpl: cannot read the template '%s': %s", path, strerror(errno));
    fclose(f);
    if (b.len > 0 && memchr(b.data, '\0', b.len) != NULL)
        util_die("--tmpl: the template '%s' holds a NUL byte", path);
    return buf_cstr(&b);
}

struct tmplfile *tmplfile_new(const char *const defs[], size_t n, const struct tmpl_conf *tc)
{
    struct tmplfile *t = xcalloc(1, sizeof *t);

    t->f = xcalloc(n ? n : 1, sizeof *t->f);
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(defs[i], '=');
        if (eq == NULL || eq == defs[i] || eq[1] == '\0')
            util_die("--tmpl takes FILE=NAME (e.g. my.tmpl={#}.conf), not '%s'", defs[i]);
        char *path = xstrndup(defs[i], (size_t)(eq - defs[i]));
        char *text = tmplfile_read(path);
        t->f[t->n].text = tmplfile_compile(text, tc);
        t->f[t->n++].name = tmplfile_compile(eq + 1, tc);
        free(text);
        free(path);
    }
    return t;
}

void tmplfile_free(struct tmplfile *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n; i++) {
        tmpl_free(t->f[i].text);
        tmpl_free(t->f[i].name);
    }
    free(t->f);
    free(t);
}

/* Write len bytes of data into path, made anew; errno on failure. */
static int tmplfile_save(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

    if (fd < 0)
        return errno;
    int err = util_write_all(fd, data, len) != 0 ? errno : 0;
    if (close(fd) != 0 && err == 0)
        err = errno;
    return err;
}

void tmplfile_write(const struct tmplfile *t, const struct tmpl_vals *v, struct buf *made)
{
    struct buf name = {0}, text = {0};

    for (size_t i = 0; t && i < t->n; i++) {
        buf_reset(&name);
        buf_reset(&text);
        tmpl_expand_joined(t->f[i].name, v, &name);
        tmpl_expand_joined(t->f[i].text, v, &text);
        int err = tmplfile_save(buf_cstr(&name), text.data, text.len);
        if (err)
            util_warn("--tmpl: cannot write '%s': %s", buf_cstr(&name), strerror(err));
        else if (made)
            buf_append(made, name.data, name.len + 1); /* with its NUL */
    }
    buf_free(&name);
    buf_free(&text);
}
