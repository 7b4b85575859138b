/* optplace: the options of where and how a job gets its place to run: -S, --sshloginfile and
 * the options of jobs on remote hosts (remote.h), and semaphore mode (sem.h). Errors follow
 * optval.h. */
#include "optplace.h"

#include <stdlib.h>

#include "optab.h"
#include "optval.h"
#include "sshlogin.h"
#include "util.h"
#include "value.h"

/* A group's answer for an option of another group. */
#define NOT_MINE OPTPLACE_NOT_MINE

/* --st SECS: a duration, negative to give up after it. */
static int optset_sem_timeout(struct opts *o, const char *s, const char *name)
{
    double d;

    if (value_duration(s + (s[0] == '-'), &d) != 0)
        return optval_fail("--%s takes seconds (negative: give up after them), not '%s'", name, s);
    o->sem.timeout = s[0] == '-' ? -d : d;
    return 0;
}

/* The options of semaphore mode; each one also turns it on, as in GNU parallel. */
static int optset_sem(struct opts *o, int c, const char *arg, const char *name)
{
    switch (c) {
    case OPTAB_SEMAPHORE:
        break;
    case OPTAB_SEM_ID:
        if (*arg == '\0')
            return optval_fail("--%s takes the name of a semaphore, not ''", name);
        o->sem.id = arg;
        break;
    case OPTAB_SEM_TIMEOUT:
        if (optset_sem_timeout(o, arg, name) != 0)
            return -1;
        break;
    case OPTAB_FG:
        o->sem.fg = 1;
        break;
    case OPTAB_BG:
        o->sem.bg = 1;
        break;
    case OPTAB_WAIT:
        o->sem.wait = 1;
        break;
    default:
        return NOT_MINE;
    }
    o->sem.on = 1;
    return 0;
}

/* Append s to the list *v of *n strings. */
static void optset_push(char ***v, size_t *n, char *s)
{
    *v = xreallocarray(*v, *n + 1, sizeof **v);
    (*v)[(*n)++] = s;
}

/* -S, --sshloginfile and the options of jobs on remote hosts (remote.h). */
static int optset_remote(struct opts *o, int c, char *arg)
{
    static char braces[] = "{}"; /* --transfer and --trc send {} */
    struct remote_conf *rc = &o->remote;

    switch (c) {
    case 'S':
        return sshlogin_add_arg(&rc->logins, arg);
    case OPTAB_SLF:
        optset_push(&rc->slf, &rc->nslf, arg);
        return sshlogin_add_file(&rc->logins, arg, 0);
    case OPTAB_SSH:
        rc->ssh = arg;
        break;
    case OPTAB_RSYNC_OPTS:
        rc->rsync_opts = arg;
        break;
    case OPTAB_SSHDELAY:
        return optval_duration("--sshdelay", arg, &rc->sshdelay);
    case 'M': /* reusing connections is the default */
        rc->no_reuse = 0;
        break;
    case OPTAB_NO_CONTROLMASTER:
        rc->no_reuse = 1;
        break;
    case OPTAB_NO_SSH_WORKER:
        rc->no_worker = 1;
        break;
    case OPTAB_FILTER_HOSTS:
        rc->filter_hosts = 1;
        break;
    case OPTAB_HOSTGROUPS:
        rc->hostgroups = 1;
        break;
    case OPTAB_ENV:
        optset_push(&rc->env, &rc->nenv, arg);
        break;
    case OPTAB_TRANSFER: /* GNU parallel's --transfer is --transferfile {} */
        optset_push(&rc->transfer, &rc->ntransfer, braces);
        break;
    case OPTAB_TRANSFERFILE:
        optset_push(&rc->transfer, &rc->ntransfer, arg);
        break;
    case OPTAB_TRC:
        optset_push(&rc->transfer, &rc->ntransfer, braces);
        optset_push(&rc->ret, &rc->nret, arg);
        rc->cleanup = 1;
        break;
    case OPTAB_RETURN:
        optset_push(&rc->ret, &rc->nret, arg);
        break;
    case OPTAB_CLEANUP:
        rc->cleanup = 1;
        break;
    case OPTAB_BASEFILE:
        optset_push(&rc->base, &rc->nbase, arg);
        break;
    case OPTAB_ONALL:
    case OPTAB_NONALL:
        rc->onall = c == OPTAB_ONALL ? 1 : 2;
        break;
    default:
        return NOT_MINE;
    }
    return 0;
}

int optplace_apply(struct opts *o, int c, char *arg, const char *name)
{
    int r = optset_sem(o, c, arg, name);

    return r == NOT_MINE ? optset_remote(o, c, arg) : r;
}
