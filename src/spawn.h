/* spawn: start a job's process as posix_spawn does (on Linux by clone, CLONE_VM|CLONE_VFORK, on
 * a stack made once; elsewhere posix_spawn itself), in its own process group, its stdout and
 * stderr on pipes, stdin from /dev/null (the terminal with --tty; a pipe lanes writes with
 * --pipe, --pipe-part and --tee), and the job's environment. */
#ifndef LANES_SPAWN_H
#define LANES_SPAWN_H

#include "job.h"

struct spawner;

/* stdin_path: what jobs read (/dev/null, or /dev/tty for --tty: /dev/null when there is no
 * terminal to open, so that jobs still run, as GNU parallel's do); jobs: how many run at
 * once, to size their pipes; slot_var: --process-slot-var's name, or NULL (jobs then get it
 * set to their slot minus one). Call after sig_init: the jobs get back the default of each
 * signal lanes changed. */
struct spawner *spawn_new(const char *stdin_path, long jobs, const char *slot_var);
void spawn_free(struct spawner *sp);

/* Start j running path with argv, or, with path NULL, the shell with j->cmd.
 * Returns 0, or an errno value when the job could not start (j->pid stays 0). */
int spawn_job(struct spawner *sp, struct job *j, const char *path, char *const argv[]);
/* Start j as spawn_job does (its process group, pipes, stdin, signals), but its process, a
 * fork of lanes, runs fn(arg) instead of a program and exits with what fn returns (with
 * lanes' environment: fn runs no program that would need the job's). */
int spawn_job_fn(struct spawner *sp, struct job *j, int (*fn)(void *), void *arg);

/* $PARALLEL_ENV, as GNU parallel (and its env_parallel) use it: shell code, or the name of a
 * file or fifo holding it, that runs before each job's command (which then always runs under
 * the shell); \001 in it stands for a newline. A new string, or NULL when it is unset or
 * empty; exits 255 when the file cannot be read. Jobs do not get the variable itself. */
char *spawn_penv(void);
/* Append to out the code penv, a newline and cmd, as the shell gets them (under zsh, cmd
 * through eval, so that aliases the code defines work). */
struct buf;
void spawn_penv_wrap(struct buf *out, const char *penv, const char *shell, const char *cmd);

/* The shell jobs run under (shell_choose's, kept by the spawner). */
const char *spawn_shell(const struct spawner *sp);

#endif
