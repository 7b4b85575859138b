/* complete: lanes --shell-completion SHELL: the completion script of lanes for that shell, as
 * completion/ holds it (make writes completion/scripts.c, the bytes of each, from there). */
#ifndef LANES_COMPLETE_H
#define LANES_COMPLETE_H

#include <stddef.h>

/* The scripts, from completion/scripts.c. */
extern const unsigned char complete_bash[], complete_zsh[], complete_fish[];
extern const size_t complete_bash_size, complete_zsh_size, complete_fish_size;

/* Whether lanes has a script for name (bash, zsh, fish) or can pick one (auto). */
int complete_known(const char *name);
/* Print the script for name to stdout; auto picks the shell that would run the jobs, as GNU
 * parallel does. Returns 0, or 255 once it has said why not (a shell with no script, a failed
 * write). */
int complete_print(const char *name);

#endif
