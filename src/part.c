/* part: --pipe-part. A part starts where the last one ended; the next starts right after the
 * first recend+recstart that begins at least --block bytes further on (or there exactly, when
 * both are empty). That is GNU parallel's rule: a part holds at least --block bytes, and a
 * record longer than that is a part of its own. Each file is cut on its own, after its header. */
#define _GNU_SOURCE /* memmem */
#include "part.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <fcntl.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "header.h"
#include "partgroup.h"
#include "util.h"

#define PART_READ_SIZE (128 * 1024)

struct part {
    off_t block;
    char *sep; /* recend then recstart */
    size_t sep_len, recend_len;
    struct header *hdr;
    struct partgroup *group; /* --group-by */
    pcre2_code *re;          /* --regexp: ^(.*recend)recstart, over all that was read */
    pcre2_match_data *md;
    char *const *names;
    int *fds;
    off_t *sizes;
    size_t n, cur;    /* the files, and the one being cut */
    off_t pos;        /* where its next part starts; -1 before its header is read */
    struct buf head;  /* its header */
    struct buf chunk; /* bytes read while looking for a cut or the header */
};

static void part_open(struct part *p, size_t i)
{
    const char *name = p->names[i];
    struct stat st;

    /* stat first: opening a fifo would wait for a writer. */
    if (strcmp(name, "-") == 0 || stat(name, &st) != 0 ||
        (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)))
        util_die("--pipe-part: '%s' %s", name,
                 strcmp(name, "-") != 0 && errno == ENOENT
                     ? "does not exist"
                     : "is not a file lanes can seek in (a regular file or a block device)");
    if ((p->fds[i] = open(name, O_RDONLY | O_CLOEXEC)) < 0)
        util_die_errno("--pipe-part: cannot open '%s'", name);
    if ((p->sizes[i] = lseek(p->fds[i], 0, SEEK_END)) < 0) /* st_size is 0 for a device */
        util_die_errno("--pipe-part: cannot seek in '%s'", name);
}

/* --regexp: greedy, so the cut is the last recend+recstart of what was read, as GNU
 * parallel's. Exits 255 when the regexes do not compile. */
static void part_regex(struct part *p, const struct recsep_conf *r)
{
    struct buf pat = {0};
    int err;
    PCRE2_SIZE off;

    buf_adds(&pat, "^(.*(?:");
    buf_append(&pat, r->recend, r->recend_len);
    buf_adds(&pat, "))(?:");
    buf_append(&pat, r->recstart, r->recstart_len);
    buf_adds(&pat, ")");
    p->re = pcre2_compile((PCRE2_SPTR)pat.data, pat.len, PCRE2_DOTALL, &err, &off, NULL);
    buf_free(&pat);
    if (p->re == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        util_die("--recstart or --recend is not a valid regex: %s", (const char *)msg);
    }
    p->md = pcre2_match_data_create_from_pattern(p->re, NULL);
}

struct part *part_new(const struct part_conf *c, char *const files[], size_t n)
{
    struct part *p = xcalloc(1, sizeof *p);
    off_t total = 0;

    p->names = files;
    p->n = n;
    p->fds = xreallocarray(NULL, n ? n : 1, sizeof *p->fds);
    p->sizes = xreallocarray(NULL, n ? n : 1, sizeof *p->sizes);
    for (size_t i = 0; i < n; i++) {
        part_open(p, i);
        total += p->sizes[i];
    }
    /* 0 or -N: about N parts (10 for 0) a job slot, over all the files, headers and all. */
    off_t slots = c->jobs > 0 ? (off_t)c->jobs : 1, per_slot = c->block < 0 ? -c->block : 10;
    p->block = c->block > 0 ? (off_t)c->block : 1 + total / slots / per_slot;
    p->recend_len = c->rec.recend_len;
    p->sep_len = c->rec.recend_len + c->rec.recstart_len;
    p->sep = xmalloc(p->sep_len + 1);
    if (c->rec.recend_len) /* (none with --tee: a NULL is no source for memcpy) */
        memcpy(p->sep, c->rec.recend, c->rec.recend_len);
    if (c->rec.recstart_len)
        memcpy(p->sep + c->rec.recend_len, c->rec.recstart, c->rec.recstart_len);
    p->hdr = header_new(c->header);
    if (c->rec.regexp)
        part_regex(p, &c->rec);
    if (c->group_by)
        p->group = partgroup_new(c->group_by, c->colsep);
    p->pos = -1;
    return p;
}

void part_free(struct part *p)
{
    for (size_t i = 0; i < p->n; i++)
        close(p->fds[i]);
    free(p->fds);
    free(p->sizes);
    free(p->sep);
    header_free(p->hdr);
    partgroup_free(p->group);
    pcre2_code_free(p->re);
    pcre2_match_data_free(p->md);
    buf_free(&p->head);
    buf_free(&p->chunk);
    free(p);
}

/* Bytes of the current file from off onto the end of chunk; 0 at its end. */
static size_t part_read(struct part *p, off_t off)
{
    buf_reserve(&p->chunk, PART_READ_SIZE);
    ssize_t r;
    while ((r = pread(p->fds[p->cur], p->chunk.data + p->chunk.len, PART_READ_SIZE, off)) < 0)
        if (errno != EINTR)
            util_die_errno("--pipe-part: cannot read '%s'", p->names[p->cur]);
    p->chunk.len += (size_t)r;
    return (size_t)r;
}

/* --group-by a named column: the first file's first line names the columns (a line of its
 * --header, or of its data without one, as in GNU parallel). */
static void part_names(struct part *p)
{
    const char *nl = NULL;

    while (!(p->chunk.len && (nl = memchr(p->chunk.data, '\n', p->chunk.len))) &&
           part_read(p, (off_t)p->chunk.len) > 0)
        ;
    partgroup_names(p->group, p->chunk.data, nl ? (size_t)(nl - p->chunk.data) + 1 : p->chunk.len,
                    p->head.len == 0);
}

/* The current file's header, read from its start. */
static void part_header(struct part *p)
{
    size_t len;

    buf_reset(&p->chunk);
    while (!header_find(p->hdr, p->chunk.data, p->chunk.len,
                        (off_t)p->chunk.len >= p->sizes[p->cur], &len))
        if (part_read(p, (off_t)p->chunk.len) == 0)
            break;
    buf_reset(&p->head);
    buf_append(&p->head, p->chunk.data, len);
    p->pos = (off_t)len;
    if (p->group && p->cur == 0 && partgroup_named(p->group))
        part_names(p);
}

/* --regexp: where the last recend+recstart in what is read from from on ends its recend,
 * reading on until there is one; the file's size if none. */
static off_t part_find_re(struct part *p, off_t from)
{
    off_t size = p->sizes[p->cur], at = from;
    size_t got;

    buf_reset(&p->chunk);
    while (at < size && (got = part_read(p, at)) > 0) {
        at += (off_t)got;
        if (pcre2_match(p->re, (PCRE2_SPTR)p->chunk.data, p->chunk.len, 0, 0, p->md, NULL) > 0)
            return from + (off_t)pcre2_get_ovector_pointer(p->md)[3];
    }
    return size;
}

/* Where the first recend+recstart at or after from ends its recend; the file's size if none. */
static off_t part_find(struct part *p, off_t from)
{
    off_t size = p->sizes[p->cur], at = from;

    if (p->re)
        return part_find_re(p, from);
    if (p->sep_len == 0)
        return from;
    buf_reset(&p->chunk);
    while (at < size) {
        size_t got = part_read(p, at);
        const char *q = memmem(p->chunk.data, p->chunk.len, p->sep, p->sep_len);
        if (q)
            return from + (off_t)(q - p->chunk.data) + (off_t)p->recend_len;
        if (got == 0)
            break;
        at += (off_t)got;
        /* Keep the bytes a separator split between two reads could start in. */
        size_t keep = p->chunk.len < p->sep_len - 1 ? p->chunk.len : p->sep_len - 1;
        memmove(p->chunk.data, p->chunk.data + p->chunk.len - keep, keep);
        from = at - (off_t)keep;
        p->chunk.len = keep;
    }
    return size;
}

int part_next(struct part *p, struct buf *head, int *fd, off_t *start, off_t *end)
{
    while (p->cur < p->n) {
        if (p->pos < 0)
            part_header(p);
        off_t size = p->sizes[p->cur];
        if (p->pos >= size) { /* this file is done: the next one */
            p->cur++;
            p->pos = -1;
            continue;
        }
        *start = p->pos;
        if (p->group)
            *end =
                partgroup_end(p->group, p->fds[p->cur], p->names[p->cur], size, p->pos, p->block);
        else
            *end = p->pos + p->block >= size ? size : part_find(p, p->pos + p->block);
        *fd = p->fds[p->cur];
        buf_reset(head);
        buf_append(head, p->head.data, p->head.len);
        p->pos = *end;
        return 1;
    }
    return 0;
}

void part_whole(const struct part *p, int *fd, off_t *size)
{
    *fd = p->fds[0];
    *size = p->sizes[0];
}
