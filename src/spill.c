/* spill: the memory bound all held output shares, the buffers kept for the next jobs, the
 * parking pipes open at once, and the temporary files past the bound. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "spill.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define SPILL_PARKS 64                     /* parking pipes open at once (two descriptors each) */
#define SPILL_SPARES 8                     /* buffers kept for the next jobs */
#define SPILL_SPARE_MAX ((size_t)16 << 20) /* bytes they may come to */

struct spill {
    size_t limit;
    size_t held; /* bytes in memory across every obuf */
    char *dir;
    /* Buffers of jobs printed, kept for the jobs after them: fresh memory for every job
     * costs a page fault every 4 KiB, more than the copying. */
    struct buf spare[SPILL_SPARES];
    size_t nspare;
    size_t spare_bytes;
    size_t nparks;
    int in_memory;          /* a spill file could not be made: said once, and memory holds it all */
    const char *comp, *unz; /* --compress */
};

struct spill *spill_new(size_t mem_limit, const char *tmpdir)
{
    struct spill *sp = xcalloc(1, sizeof *sp);

    if (tmpdir == NULL || *tmpdir == '\0')
        tmpdir = getenv("TMPDIR");
    if (tmpdir == NULL || *tmpdir == '\0')
        tmpdir = "/tmp";
    sp->dir = xstrdup(tmpdir);
    sp->limit = mem_limit;
    return sp;
}

void spill_compress(struct spill *sp, const char *comp, const char *unz)
{
    sp->comp = comp;
    sp->unz = unz;
}

void spill_compressors(const struct spill *sp, const char **comp, const char **unz)
{
    *comp = sp->comp;
    *unz = sp->unz;
}

void spill_free(struct spill *sp)
{
    for (size_t i = 0; i < sp->nspare; i++)
        buf_free(&sp->spare[i]);
    free(sp->dir);
    free(sp);
}

const char *spill_dir(const struct spill *sp)
{
    return sp->dir;
}

int spill_fits(const struct spill *sp, size_t n)
{
    return sp->held + n <= sp->limit;
}

size_t spill_room(const struct spill *sp)
{
    return sp->limit > sp->held ? sp->limit - sp->held : 0;
}

void spill_hold(struct spill *sp, size_t n)
{
    sp->held += n;
}

void spill_drop(struct spill *sp, size_t n)
{
    sp->held -= n < sp->held ? n : sp->held;
}

/* The largest are worth keeping, within a bound that is never more than the memory output
 * may take. */
void spill_spare_put(struct spill *sp, struct buf *b)
{
    size_t bound = sp->limit < SPILL_SPARE_MAX ? sp->limit : SPILL_SPARE_MAX;
    size_t small = 0;

    for (size_t i = 1; i < sp->nspare; i++)
        if (sp->spare[i].cap < sp->spare[small].cap)
            small = i;
    if (sp->nspare == SPILL_SPARES && sp->spare[small].cap < b->cap) {
        sp->spare_bytes -= sp->spare[small].cap;
        buf_free(&sp->spare[small]);
        sp->spare[small] = sp->spare[--sp->nspare];
    }
    if (b->cap == 0 || sp->nspare == SPILL_SPARES || sp->spare_bytes + b->cap > bound) {
        buf_free(b);
        return;
    }
    sp->spare_bytes += b->cap;
    b->len = 0;
    sp->spare[sp->nspare++] = *b;
    *b = (struct buf){0};
}

void spill_spare_take(struct spill *sp, struct buf *b)
{
    size_t big = 0;

    if (sp->nspare == 0)
        return;
    for (size_t i = 1; i < sp->nspare; i++)
        if (sp->spare[i].cap > sp->spare[big].cap)
            big = i;
    *b = sp->spare[big];
    sp->spare_bytes -= b->cap;
    sp->spare[big] = sp->spare[--sp->nspare];
}

int spill_park_open(struct spill *sp, int park[2], int size)
{
    if (sp->nparks >= SPILL_PARKS || util_pipe(park, UTIL_NB_READ | UTIL_NB_WRITE, size) != 0) {
        park[0] = park[1] = -1;
        return -1;
    }
    sp->nparks++;
    return 0;
}

void spill_park_close(struct spill *sp, int park[2])
{
    if (park[0] < 0)
        return;
    close(park[0]);
    if (park[1] >= 0)
        close(park[1]);
    park[0] = park[1] = -1;
    sp->nparks--;
}

void spill_park_hand(struct spill *sp, int park[2])
{
    if (park[0] < 0)
        return;
    park[0] = park[1] = -1;
    sp->nparks--;
}

/* Past the bound, with no spill file to be had (descriptors or the disk ran out), output is
 * kept in memory all the same: a run that uses more memory than asked beats one that loses
 * a job's output. */
int spill_file(struct spill *sp)
{
    int fd = spill_tmpfile(sp, 0, NULL, NULL);

    if (fd >= 0)
        return fd;
    if (!sp->in_memory)
        util_warn("cannot spill output to %s: %s; holding it in memory", sp->dir, strerror(errno));
    sp->in_memory = 1;
    return -1;
}

int spill_tmpfile(const struct spill *sp, int keep, const char *suffix, char **name)
{
    int fd;

#ifdef O_TMPFILE
    if (!keep) {
        fd = open(sp->dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
            return fd;
    }
#endif
    struct buf path = {0};
    buf_adds(&path, sp->dir);
    buf_adds(&path, "/lanes.XXXXXX");
    buf_adds(&path, suffix ? suffix : "");
    fd = mkstemps(buf_cstr(&path), suffix ? (int)strlen(suffix) : 0);
    if (fd >= 0) {
        util_fd_flags(fd, 0);
        if (!keep)
            unlink(path.data);
    }
    if (keep && fd >= 0)
        *name = path.data;
    else
        buf_free(&path);
    return fd;
}
