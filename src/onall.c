/* onall: --onall and --nonall, by starting lanes again as the outer run: its jobs are the hosts
 * (one input value a host: the login, and the login with its slot count), each running
 *     lanes -S LOGIN <the other options> <command> <input>
 * through $LANES_ONALL_CMD, so that no replacement string of the user's command is expanded by
 * the outer run. --tag tags each line with the login, as GNU parallel does; the exit status is
 * the number of hosts whose run failed. */
#include "onall.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "optab.h"
#include "optval.h"
#include "quote.h"
#include "sshlogin.h"
#include "util.h"

/* Options the outer run takes for itself, or that name the hosts: not passed to each host's.
 * (--timeline draws the outer run: a bar a host, where each host's run would draw over the
 * others' in the one file. Every value runs on every host: --hostgroups picks none, as in GNU
 * parallel.) */
static int onall_outer_only(int c)
{
    return c == 'S' || c == OPTAB_SLF || c == OPTAB_ONALL || c == OPTAB_NONALL || c == OPTAB_TAG ||
           c == OPTAB_TAGSTRING || c == OPTAB_TIMELINE || c == OPTAB_HOSTGROUPS;
}

/* The words of the options the host runs keep, quoted, into b: each option's words are the
 * argv span getopt_long moved over. */
static void onall_options(const struct opts *o, struct buf *b)
{
    const struct opts_given *g = &o->given;
    int prev = 1, c;

    optind = 0; /* glibc: start over, and read the option table afresh */
    opterr = 0;
    while ((c = getopt_long(g->cmd, g->argv, OPTAB_SHORT, optab_long, NULL)) != -1) {
        int keep = !onall_outer_only(c);
        for (; prev < optind; prev++) {
            if (!keep)
                continue;
            buf_addc(b, ' ');
            quote_append(b, g->argv[prev], strlen(g->argv[prev]));
        }
    }
    optind = 0;
}

/* Whether the command line names its input (::: lists, :::: or -a files); else it is stdin. */
static int onall_has_input(const struct opts *o)
{
    const struct opts_given *g = &o->given;

    if (g->nfiles > 0)
        return 1;
    for (int i = g->cmd; i < g->argc; i++)
        if (strncmp(g->argv[i], g->arg_sep, strlen(g->arg_sep)) == 0)
            return 1;
    return 0;
}

/* stdin, read whole into an unlinked file each host's run reads through /dev/fd/N (a fresh
 * open, at its start, for each); returns N. */
static int onall_save_stdin(void)
{
    char path[] = "/tmp/lanes-onall.XXXXXX";
    const char *tmp = getenv("TMPDIR");
    struct buf p = {0};
    char chunk[65536];
    ssize_t n;

    buf_adds(&p, tmp && *tmp ? tmp : "/tmp");
    buf_adds(&p, strrchr(path, '/'));
    int fd = mkstemp(buf_cstr(&p));
    if (fd < 0)
        util_die_errno("--onall: cannot save stdin in %s", buf_cstr(&p));
    unlink(buf_cstr(&p));
    buf_free(&p);
    while ((n = read(0, chunk, sizeof chunk)) > 0)
        if (util_write_all(fd, chunk, (size_t)n) != 0)
            util_die_errno("--onall: cannot save stdin");
    if (n < 0)
        util_die_errno("--onall: cannot read stdin");
    return fd;
}

/* The command each host's run is: lanes -S "$1" <options> <command> <input>. */
static char *onall_inner(const struct opts *o, const char *self)
{
    const struct opts_given *g = &o->given;
    struct buf b = {0};

    buf_adds(&b, "exec ");
    quote_append(&b, self, strlen(self));
    buf_adds(&b, " -S \"$1\"");
    onall_options(o, &b);
    buf_adds(&b, " -j1"); /* one job at a time on each host, in order, as in GNU parallel */
    if (o->remote.onall == 2)
        buf_adds(&b, " -N0"); /* --nonall: the command once, with no argument */
    for (int i = g->cmd; i < g->argc; i++) {
        buf_addc(&b, ' ');
        quote_append(&b, g->argv[i], strlen(g->argv[i]));
    }
    if (o->remote.onall == 2) {
        buf_addc(&b, ' ');
        quote_append(&b, g->arg_sep, strlen(g->arg_sep));
        buf_adds(&b, " 1");
    } else if (!onall_has_input(o)) {
        char fd[32];
        int saved = onall_save_stdin(); /* stays open for the runs to come: no leak */
        snprintf(fd, sizeof fd, " /dev/fd/%d", saved);
        buf_addc(&b, ' ');
        quote_append(&b, g->arg_file_sep, strlen(g->arg_file_sep));
        buf_adds(&b, fd);
    }
    return buf_cstr(&b);
}

/* A login as -S takes it back: with its slot count. */
static char *onall_spec(const struct sshlogin *l)
{
    struct buf b = {0};

    if (l->slots) {
        char num[32];
        snprintf(num, sizeof num, "%ld/", l->slots);
        buf_adds(&b, num);
    }
    buf_adds(&b, l->text);
    return buf_cstr(&b);
}

int onall_run(const struct opts *o)
{
    static char arg_j[] = "-j", arg_k[] = "-k", arg_tag[] = "--tagstring", tag[] = "{1}",
                sep[] = ":::", link[] = ":::+", cmd[] = "sh -c \"$LANES_ONALL_CMD\" lanes {2}",
                arg_timeline[] = "--timeline";
    static struct sshlogins here; /* no -S or --slf: this machine, ':', as in GNU parallel */
    const struct sshlogins *ls = &o->remote.logins;
    char self[PATH_MAX], jobs[32];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

    if (ls->n == 0) {
        if (sshlogin_add_arg(&here, ":") != 0)
            return LANES_EXIT_ERROR;
        ls = &here;
    }
    if (o->pipe || o->pipe_part) {
        optval_fail("--onall and --nonall do not take --pipe or --pipe-part");
        return LANES_EXIT_ERROR;
    }
    if (n <= 0)
        util_die_errno("--onall: cannot find the lanes program to start again");
    self[n] = '\0';
    char *inner = onall_inner(o, self);
    if (setenv("LANES_ONALL_CMD", inner, 1) != 0)
        util_die_errno("--onall");
    free(inner);
    snprintf(jobs, sizeof jobs, "%zu", ls->n);
    char **argv = xcalloc(2 * ls->n + 14, sizeof *argv);
    char *timeline = o->timeline ? xstrdup(o->timeline) : NULL; /* (execv's argv is not const) */
    size_t a = 0;
    argv[a++] = self;
    argv[a++] = arg_j;
    argv[a++] = jobs;
    if (o->keep_order)
        argv[a++] = arg_k;
    if (o->given.tag || o->given.tagstring) {
        argv[a++] = arg_tag;
        argv[a++] = tag;
    }
    if (timeline) {
        argv[a++] = arg_timeline;
        argv[a++] = timeline;
    }
    argv[a++] = cmd;
    argv[a++] = sep;
    for (size_t i = 0; i < ls->n; i++)
        argv[a++] = ls->v[i].text;
    argv[a++] = link;
    for (size_t i = 0; i < ls->n; i++)
        argv[a++] = onall_spec(&ls->v[i]);
    fflush(NULL);
    execv(self, argv);
    util_warn("--onall: cannot start %s: %s", self, strerror(errno));
    free(timeline);
    return LANES_EXIT_ERROR;
}
