/*
 * spawnloop: the floor that lanes is measured against.
 *
 *   spawnloop [-j N] [-n COUNT] -- prog [args...]
 *
 * Starts prog COUNT times (default 1), at most N at a time (default 1): when N are running it
 * waits for any one to exit and starts the next. prog is looked up on PATH once, before the
 * loop, and every child is started with posix_spawn; children inherit stdin, stdout and stderr.
 * For a shell template pass the shell as prog: spawnloop -n 1000 -- /bin/sh -c 'true x;'
 *
 * Exit status: 0 if every child exited 0; 1 if any child failed or was killed; 2 on a usage
 * error or when a child could not be started (the children already running are waited for).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void usage(void)
{
    fputs("usage: spawnloop [-j N] [-n COUNT] -- prog [args...]\n", stderr);
    exit(2);
}

/* Parses a whole decimal number in [min, LONG_MAX]; exits with a usage message otherwise. */
static long parse_count(const char *what, const char *s, long min)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min) {
        fprintf(stderr, "spawnloop: bad %s: '%s'\n", what, s);
        usage();
    }
    return v;
}

/*
 * Returns a malloc'd path for prog: prog itself when it contains a slash, else the first
 * executable match on PATH (or a default PATH when it is unset). NULL if none is found.
 */
static char *resolve(const char *prog)
{
    const char *path = getenv("PATH");
    char *dirs, *dir, *save = NULL;

    if (strchr(prog, '/') != NULL)
        return strdup(prog);
    if (path == NULL)
        path = "/usr/local/bin:/usr/bin:/bin";
    dirs = strdup(path);
    if (dirs == NULL)
        return NULL;
    for (dir = strtok_r(dirs, ":", &save); dir != NULL; dir = strtok_r(NULL, ":", &save)) {
        size_t size = strlen(dir) + strlen(prog) + 2;
        char *buf = malloc(size);

        if (buf == NULL)
            break;
        snprintf(buf, size, "%s/%s", dir, prog);
        if (access(buf, X_OK) == 0) {
            free(dirs);
            return buf;
        }
        free(buf);
    }
    free(dirs);
    return NULL;
}

/* Waits for one child; returns 0 if it exited 0, 1 if it failed (or none was left to wait for). */
static int reap_one(void)
{
    int status;
    pid_t pid;

    do
        pid = waitpid(-1, &status, 0);
    while (pid < 0 && errno == EINTR);
    if (pid < 0)
        return 1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    long jobs = 1, count = 1, started = 0, running = 0;
    int opt, failed = 0, spawn_error = 0;
    char *path;

    while ((opt = getopt(argc, argv, "j:n:")) != -1) {
        switch (opt) {
        case 'j':
            jobs = parse_count("-j", optarg, 1);
            break;
        case 'n':
            count = parse_count("-n", optarg, 0);
            break;
        default:
            usage();
        }
    }
    if (optind >= argc)
        usage();
    path = resolve(argv[optind]);
    if (path == NULL) {
        fprintf(stderr, "spawnloop: %s: not found on PATH\n", argv[optind]);
        return 2;
    }

    while (started < count || running > 0) {
        if (started < count && running < jobs) {
            pid_t pid;
            int err = posix_spawn(&pid, path, NULL, NULL, argv + optind, environ);

            if (err != 0) {
                fprintf(stderr, "spawnloop: cannot start %s: %s\n", path, strerror(err));
                spawn_error = 1;
                count = started; /* start no more; wait for the running ones */
            } else {
                started++;
                running++;
            }
            continue;
        }
        if (reap_one() != 0)
            failed = 1;
        running--;
    }
    free(path);
    if (spawn_error)
        return 2;
    return failed;
}
