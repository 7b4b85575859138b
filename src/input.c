/* input: input sources read one record at a time, so the first jobs start before input
 * ends and memory stays flat however long the input is. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

#define INPUT_READ_SIZE 65536

struct source {
    char **args; /* ::: list, or NULL for a file */
    int nargs;
    int next;
    int fd;
    const char *name;
    struct buf data; /* bytes read and not yet handed out start at data.data + start */
    size_t start;
    int eof;
};

struct input {
    struct source *src;
    size_t n;
    char delim;
    struct field field;
};

struct input *input_new(void)
{
    struct input *in = xcalloc(1, sizeof *in);

    in->delim = '\n';
    return in;
}

void input_free(struct input *in)
{
    for (size_t i = 0; i < in->n; i++) {
        if (in->src[i].fd > 0)
            close(in->src[i].fd);
        buf_free(&in->src[i].data);
    }
    free(in->src);
    free(in);
}

static struct source *input_push(struct input *in)
{
    in->src = xreallocarray(in->src, in->n + 1, sizeof *in->src);
    struct source *s = &in->src[in->n++];
    *s = (struct source){.fd = -1};
    return s;
}

void input_add_args(struct input *in, char **args, int n)
{
    struct source *s = input_push(in);

    s->args = args;
    s->nargs = n;
}

void input_add_file(struct input *in, const char *path)
{
    int fd = 0;

    if (strcmp(path, "-") != 0) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            util_die_errno("cannot open input file '%s'", path);
    }
    struct source *s = input_push(in);
    s->fd = fd;
    s->name = path;
}

void input_default_stdin(struct input *in)
{
    if (in->n == 0)
        input_add_file(in, "-");
}

void input_set_delim(struct input *in, char delim)
{
    in->delim = delim;
}

int input_fd(const struct input *in)
{
    return in->n ? in->src[0].fd : -1;
}

static void source_read(struct source *s)
{
    if (s->start > 0) {
        memmove(s->data.data, s->data.data + s->start, s->data.len - s->start);
        s->data.len -= s->start;
        s->start = 0;
    }
    buf_reserve(&s->data, INPUT_READ_SIZE);
    ssize_t n = read(s->fd, s->data.data + s->data.len, s->data.cap - s->data.len - 1);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        util_die_errno("cannot read input file '%s'", s->name);
    }
    if (n == 0)
        s->eof = 1;
    s->data.len += (size_t)n;
}

void input_read(struct input *in)
{
    source_read(&in->src[0]);
}

/* The next delimited record of a file source. */
static enum input_status source_next_line(struct source *s, char delim, struct field *f,
                                          int may_block)
{
    for (;;) {
        char *p = s->data.data + s->start;
        size_t avail = s->data.len - s->start;
        char *end = avail ? memchr(p, delim, avail) : NULL;
        if (end || (s->eof && avail > 0)) {
            size_t len = end ? (size_t)(end - p) : avail;
            p[len] = '\0'; /* buf keeps a spare byte past len for this */
            s->start += len + (end != NULL);
            *f = (struct field){p, len};
            return INPUT_REC;
        }
        if (s->eof)
            return INPUT_END;
        if (!may_block)
            return INPUT_WAIT;
        source_read(s);
    }
}

enum input_status input_next(struct input *in, struct rec *r, int may_block)
{
    struct source *s = &in->src[0];
    enum input_status st;

    if (s->args) {
        if (s->next >= s->nargs)
            return INPUT_END;
        const char *a = s->args[s->next++];
        in->field = (struct field){a, strlen(a)};
        st = INPUT_REC;
    } else {
        st = source_next_line(s, in->delim, &in->field, may_block);
    }
    r->n = 1;
    r->f = &in->field;
    return st;
}
