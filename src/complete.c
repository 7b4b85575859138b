/* complete: the completion scripts built into lanes, printed by --shell-completion. */
#include "complete.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"
#include "util.h"

static const struct {
    const char *name;
    const unsigned char *bytes;
    const size_t *size;
} complete_scripts[] = {
    {"bash", complete_bash, &complete_bash_size},
    {"zsh", complete_zsh, &complete_zsh_size},
    {"fish", complete_fish, &complete_fish_size},
};

/* The script for a shell's name (bash) or path (/usr/bin/bash), or -1. */
static int complete_find(const char *shell)
{
    const char *base = strrchr(shell, '/');

    base = base != NULL ? base + 1 : shell;
    for (size_t i = 0; i < sizeof complete_scripts / sizeof complete_scripts[0]; i++)
        if (strcmp(base, complete_scripts[i].name) == 0)
            return (int)i;
    return -1;
}

int complete_known(const char *name)
{
    return strcmp(name, "auto") == 0 || (strchr(name, '/') == NULL && complete_find(name) >= 0);
}

int complete_print(const char *name)
{
    char *shell = strcmp(name, "auto") == 0 ? shell_choose() : xstrdup(name);
    int i = complete_find(shell);

    if (i < 0) {
        util_warn("--shell-completion auto: no completion for the shell '%s' (bash, zsh or fish "
                  "have one)",
                  shell);
        free(shell);
        return LANES_EXIT_ERROR;
    }
    free(shell);
    if (fwrite(complete_scripts[i].bytes, 1, *complete_scripts[i].size, stdout) !=
            *complete_scripts[i].size ||
        fflush(stdout) != 0) {
        util_warn("--shell-completion: cannot write the script: %s", strerror(errno));
        return LANES_EXIT_ERROR;
    }
    return 0;
}
