/* squeeze: --compress for spill files. The compressor runs while the file is written and is
 * finished before the file is read; the decompressor runs for each reading. A program that
 * fails makes the reading fail (EIO), so output is never silently lost. */
#include "squeeze.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

extern char **environ;

struct squeeze {
    const char *comp, *unz;
    int wfd; /* the compressor's stdin, or -1 once it is finished */
    pid_t pid;
    int failed;
};

/* Wait for pid; whether it exited 0. One that lanes' reaper took first counts as done. */
static int squeeze_wait(pid_t pid)
{
    int st;

    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return errno == ECHILD;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Run cmd under /bin/sh with in and out as its stdin and stdout, and the signals lanes
 * changed back at their defaults. Returns its pid, or -1 with errno. */
static pid_t squeeze_spawn(const char *cmd, int in, int out)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, all;
    pid_t pid = -1;

    sigemptyset(&none);
    sigfillset(&all);
    if (posix_spawn_file_actions_init(&fa) != 0)
        return -1;
    int err = posix_spawn_file_actions_adddup2(&fa, in, 0);
    if (!err)
        err = posix_spawn_file_actions_adddup2(&fa, out, 1);
    if (!err)
        err = posix_spawnattr_init(&attr);
    if (!err) {
        char sh[] = "/bin/sh", dash_c[] = "-c";
        char *argv[] = {sh, dash_c, (char *)(uintptr_t)cmd, NULL};
        posix_spawnattr_setsigmask(&attr, &none);
        posix_spawnattr_setsigdefault(&attr, &all);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
        err = posix_spawn(&pid, sh, &fa, &attr, argv, environ);
        posix_spawnattr_destroy(&attr);
    }
    posix_spawn_file_actions_destroy(&fa);
    if (err) {
        errno = err;
        return -1;
    }
    return pid;
}

struct squeeze *squeeze_open(const char *comp, const char *unz, int fd)
{
    int p[2];

    if (util_pipe(p, 0, 0) != 0)
        return NULL;
    pid_t pid = squeeze_spawn(comp, p[0], fd);
    int e = errno;
    close(p[0]);
    if (pid < 0) {
        close(p[1]);
        errno = e;
        return NULL;
    }
    struct squeeze *z = xcalloc(1, sizeof *z);
    *z = (struct squeeze){comp, unz, p[1], pid, 0};
    return z;
}

int squeeze_write(struct squeeze *z, const char *p, size_t n)
{
    return util_write_all(z->wfd, p, n);
}

/* The compressor done: its file is whole. */
static void squeeze_finish(struct squeeze *z)
{
    if (z->wfd < 0)
        return;
    close(z->wfd);
    z->wfd = -1;
    z->failed |= !squeeze_wait(z->pid);
    if (z->failed)
        util_warn("--compress-program '%s' failed: its output cannot be read back", z->comp);
}

int squeeze_each(struct squeeze *z, int fd, int (*fn)(void *ctx, const char *p, size_t n),
                 void *ctx)
{
    char chunk[65536];
    int p[2], rc = 0;
    ssize_t r;

    squeeze_finish(z);
    if (z->failed || lseek(fd, 0, SEEK_SET) < 0 || util_pipe(p, 0, 0) != 0)
        return errno = EIO, -1;
    pid_t pid = squeeze_spawn(z->unz, fd, p[1]);
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        return errno = EIO, -1;
    }
    while (rc == 0 && ((r = read(p[0], chunk, sizeof chunk)) > 0 || (r < 0 && errno == EINTR)))
        if (r > 0)
            rc = fn(ctx, chunk, (size_t)r);
    close(p[0]); /* (a reader that stopped early: the decompressor ends on SIGPIPE) */
    int ok = squeeze_wait(pid);
    if (rc == 0 && !ok) {
        util_warn("--decompress-program '%s' failed", z->unz);
        return errno = EIO, -1;
    }
    return rc;
}

void squeeze_free(struct squeeze *z)
{
    if (z == NULL)
        return;
    squeeze_finish(z);
    free(z);
}

void squeeze_find(char **comp, char **unz)
{
    static const char *const progs[] = {"pzstd", "lbzip2", "pbzip2", "zstd", "pixz", "lz4",
                                        "pigz",  "lzop",   "plzip",  "lzip", "gzip", "lrz",
                                        "pxz",   "bzip2",  "lzma",   "xz",   "clzip"};

    for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
        char *path = util_path_lookup(progs[i]);
        if (path == NULL)
            continue;
        free(path);
        size_t n = strlen(progs[i]) + 8;
        *comp = xmalloc(n);
        *unz = xmalloc(n);
        snprintf(*comp, n, "%s -c -1", progs[i]);
        snprintf(*unz, n, "%s -dc", progs[i]);
        return;
    }
    *comp = xstrdup("cat");
    *unz = xstrdup("cat");
}

int squeeze_runnable(const char *cmd)
{
    size_t skip = strspn(cmd, " \t"), len = strcspn(cmd + skip, " \t\n;|&");
    char *word = xstrndup(cmd + skip, len);
    char *path = len ? util_path_lookup(word) : NULL;

    free(word);
    free(path);
    return path != NULL;
}
