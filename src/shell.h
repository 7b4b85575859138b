/* shell: which shell runs the jobs. */
#ifndef LANES_SHELL_H
#define LANES_SHELL_H

/* $PARALLEL_SHELL; else the shell lanes was called from (its nearest parent that runs one, as
 * GNU parallel finds it), when that takes sh's quoting; else $SHELL; else /bin/sh. A new
 * string. */
char *shell_choose(void);

#endif
