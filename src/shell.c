/* shell: which shell runs the jobs: $PARALLEL_SHELL, else the shell lanes was called from (as
 * GNU parallel finds it), else $SHELL, else /bin/sh. */
#define _GNU_SOURCE
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "util.h"

/* The start of /proc/PID/WHAT into buf, NUL-terminated; -1 when it cannot be read. */
static int shell_proc_read(pid_t pid, const char *what, char *buf, size_t size)
{
    char path[64];

    snprintf(path, sizeof path, "/proc/%ld/%s", (long)pid, what);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    size_t n = fread(buf, 1, size - 1, f);
    fclose(f);
    buf[n] = '\0';
    return 0;
}

/* The (grand)parent process of pid, from /proc; 0 when unknown. */
static pid_t shell_ppid_of(pid_t pid)
{
    char buf[512];
    long ppid = 0;

    if (shell_proc_read(pid, "stat", buf, sizeof buf) != 0)
        return 0;
    const char *end = strrchr(buf, ')'); /* (the name in parentheses may hold anything) */
    if (end == NULL || sscanf(end + 1, " %*c %ld", &ppid) != 1)
        return 0;
    return (pid_t)ppid;
}

/* Whether process pid runs a shell, by the name it was started as (a login shell's starts
 * with -): 1 for a shell that takes sh's quoting, -1 for another kind (csh, fish, rc ...), 0
 * for no shell. Its name goes to name. */
static int shell_kind(pid_t pid, char *name, size_t size)
{
    static const char *const posix[] = {"sh",   "bash",  "dash", "ash",   "ksh",  "ksh93", "lksh",
                                        "mksh", "pdksh", "posh", "rbash", "yash", "zsh",   "rzsh"};
    static const char *const other[] = {"csh", "tcsh", "bsd-csh", "fish", "fizsh", "rc", "rush"};
    char buf[256];

    if (shell_proc_read(pid, "cmdline", buf, sizeof buf) != 0)
        return 0;
    const char *base = strrchr(buf, '/');
    base = base != NULL ? base + 1 : buf;
    base += *base == '-';
    snprintf(name, size, "%s", base);
    for (size_t i = 0; i < sizeof posix / sizeof posix[0]; i++)
        if (strcmp(base, posix[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (strcmp(base, other[i]) == 0)
            return -1;
    return 0;
}

/* The shell lanes was called from, as GNU parallel finds it: the nearest (grand)parent that
 * runs a shell, when that shell takes sh's quoting (the only quoting lanes writes). Its path,
 * new, or NULL (no such shell, or a csh or fish: then $SHELL decides, as before). */
static char *shell_of_parent(void)
{
    pid_t pid = getppid();
    char name[64], path[64], exe[4096];

    for (int depth = 0; pid > 1 && depth < 32; depth++, pid = shell_ppid_of(pid)) {
        int kind = shell_kind(pid, name, sizeof name);
        if (kind < 0)
            return NULL;
        if (kind == 0)
            continue;
        snprintf(path, sizeof path, "/proc/%ld/exe", (long)pid);
        ssize_t n = readlink(path, exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = '\0';
            if (access(exe, X_OK) == 0)
                return xstrdup(exe);
        }
        return NULL; /* (a shell whose program cannot be seen: leave it to $SHELL) */
    }
    return NULL;
}

char *shell_choose(void)
{
    const char *shell = getenv("PARALLEL_SHELL");
    char *parent = NULL;

    if (shell == NULL || *shell == '\0')
        shell = parent = shell_of_parent();
    if (shell == NULL || *shell == '\0')
        shell = getenv("SHELL");
    if (shell == NULL || *shell == '\0' || access(shell, X_OK) != 0)
        shell = "/bin/sh";
    char *s = xstrdup(shell);
    free(parent);
    return s;
}
