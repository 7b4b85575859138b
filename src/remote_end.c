/* remote_end: a remote job that lanes ends (--timeout, --halt, --memfree, a signal) is ended
 * on its host too. Killing its local ssh is not enough: through a control master the session
 * stays with the master's connection, and sshd tells a session without a terminal nothing when
 * its channel closes. So lanes asks the host, through the master, to signal every process group
 * whose command line holds the job's tag (a session's login shell, or a worker's), TERM, then
 * KILL a second later, with ps(1) and kill(1) there. These ssh calls run in the background;
 * the end of the run waits for them (a while) before the masters go. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "remote_parts.h"
#include "sig.h"
#include "util.h"

extern char **environ;

#define REMOTE_END_WAIT 5 /* seconds the end of the run waits for these calls */

int remote_spawn_sh(const char *cmd, const int fds[3], pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, dfl;
    int rc;

    sigemptyset(&none);
    sig_changed(&dfl);
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    rc = posix_spawnattr_setpgroup(&attr, 0);
    if (rc == 0)
        rc = posix_spawnattr_setsigmask(&attr, &none);
    if (rc == 0)
        rc = posix_spawnattr_setsigdefault(&attr, &dfl);
    if (rc == 0)
        rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                                 POSIX_SPAWN_SETSIGDEF);
    for (int i = 0; i < 3 && rc == 0; i++)
        rc =
            fds ? posix_spawn_file_actions_adddup2(&fa, fds[i], i)
                : posix_spawn_file_actions_addopen(&fa, i, "/dev/null", i ? O_WRONLY : O_RDONLY, 0);
    if (rc == 0) {
        static char sh[] = "sh", dash_c[] = "-c";
        char *argv[] = {sh, dash_c, (char *)(uintptr_t)cmd, NULL};
        rc = posix_spawn(pid, "/bin/sh", &fa, &attr, argv, environ);
    }
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    return rc;
}

void remote_job_tag(const struct remote *r, const struct job *j, char *tag, size_t size)
{
    snprintf(tag, size, "lanes-job-%s-%lu-%d", r->tag, j->seq, j->tries);
}

/* The command there: the tag is given in two halves, so that no command line of this call
 * holds it whole (it would signal itself); ps's lines are searched through the environment. */
static void remote_end_script(const char *tag, struct buf *b)
{
    size_t half = strlen(tag) / 2;
    struct buf a = {0};

    buf_append(&a, tag, half);
    buf_adds(b, "_a=");
    remote_q(b, buf_cstr(&a));
    buf_adds(b, "; _b=");
    remote_q(b, tag + half);
    buf_adds(b, "; _lanes_g() { ps -A -o pgid= -o args= | _lanes_t=\"$_a$_b\" awk "
                "'index($0, ENVIRON[\"_lanes_t\"]) { print $1 }' | sort -u; }; "
                "for _g in $(_lanes_g); do kill -TERM -- -\"$_g\"; done 2>/dev/null; sleep 1; "
                "for _g in $(_lanes_g); do kill -KILL -- -\"$_g\"; done 2>/dev/null; :");
    buf_free(&a);
}

void remote_end(struct remote *r, const struct remote_host *h, const char *tag)
{
    struct buf script = {0}, cmd = {0};
    pid_t pid;

    if (h == NULL || h->login.local || h->gone || !h->sock[0])
        return;
    remote_end_script(tag, &script);
    remote_ssh_cmd(r, h, &cmd, buf_cstr(&script));
    if (remote_spawn_sh(buf_cstr(&cmd), NULL, &pid) == 0) {
        r->enders = xreallocarray(r->enders, r->nenders + 1, sizeof *r->enders);
        r->enders[r->nenders++] = pid;
    }
    buf_free(&script);
    buf_free(&cmd);
}

int remote_end_reaped(struct remote *r, pid_t pid)
{
    for (size_t i = 0; r && i < r->nenders; i++)
        if (r->enders[i] == pid) {
            r->enders[i] = r->enders[--r->nenders];
            return 1;
        }
    return 0;
}

void remote_end_wait(struct remote *r)
{
    double until = util_now() + REMOTE_END_WAIT;
    struct timespec tick = {0, 20 * 1000 * 1000};

    while (r->nenders > 0) {
        pid_t pid = waitpid(r->enders[r->nenders - 1], NULL, WNOHANG);
        if (pid != 0) { /* (or gone already: -1) */
            r->nenders--;
            continue;
        }
        if (util_now() > until) {
            kill(-r->enders[r->nenders - 1], SIGKILL);
            continue;
        }
        nanosleep(&tick, NULL);
    }
    free(r->enders);
    r->enders = NULL;
}
