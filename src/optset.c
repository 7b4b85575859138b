/* optset: the option handlers. Each group of options has one function, a switch on the
 * option's code; what a group cannot check alone (another option may come later) waits for
 * optset_finish or setup_run. */
#include "optset.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu.h"
#include "optab.h"
#include "optplace.h"
#include "optrun.h"
#include "optval.h"
#include "util.h"
#include "value.h"

/* A group's answer for an option of another group. */
#define NOT_MINE 1

int optset_cuts(const struct opts *o, size_t i)
{
    return o->pipe_part && (!o->tee || i == 0);
}

void optset_file(struct opts *o, char *path, int now)
{
    struct opts_given *g = &o->given;

    if (now && !optset_cuts(o, g->nfiles))
        input_add_file(o->input, path);
    g->nfiles_later += !now;
    g->files = xreallocarray(g->files, g->nfiles + 1, sizeof *g->files);
    g->files[g->nfiles++] = path;
}

/* -j VALUE, or -j FILE holding the value (read again while running). */
static int optset_jobs(struct opts *o, const char *s)
{
    long n = optval_jobs(s);

    if (n < 0 && access(s, R_OK) == 0) {
        o->jobs_file = s;
        FILE *f = fopen(s, "r");
        char line[64] = "";
        if (f == NULL || fgets(line, sizeof line, f) == NULL)
            line[0] = '\0';
        if (f)
            fclose(f);
        if ((n = optval_jobs_line(line)) <= 0)
            return optval_fail("-j/--jobs file '%s' does not hold a number of jobs", s);
    } else if (n < 0) {
        return optval_fail("invalid number of jobs for -j/--jobs: '%s'", s);
    } else if (n == 0) {
        return optval_fail("-j/--jobs '%s' leaves no job slot: cannot run any jobs", s);
    }
    o->jobs = n;
    o->given.jobs_given = 1;
    o->given.jobs_arg = o->jobs_file ? NULL : s;
    return 0;
}

/* The job slots again, when --use-*-instead-of-* counts CPUs other than as threads: -j's value
 * (or the default, 100%) with that count. As GNU parallel, --use-cpus-instead-of-cores (which
 * counts cores) wins over sockets, and sockets over cores, wherever each stands. */
static int optset_jobs_finish(struct opts *o)
{
    unsigned u = o->given.use_cpus;
    long cpus = u & 4 ? cpu_cores() : u & 1 ? cpu_sockets() : u & 2 ? cpu_cores() : 0;
    const char *arg = o->given.jobs_given ? o->given.jobs_arg : "100%";

    if (cpus <= 0 || arg == NULL)
        return 0;
    long n = optval_jobs_of(arg, cpus);
    if (n <= 0)
        return optval_fail("-j/--jobs '%s' leaves no job slot with %ld CPUs: cannot run any jobs",
                           arg, cpus);
    o->jobs = n;
    return 0;
}

/* Options that shape the input. */
static int optset_input(struct opts *o, int c, char *arg)
{
    struct opts_given *g = &o->given;

    switch (c) {
    case 'a':
        optset_file(o, arg, 0);
        break;
    case '0':
        g->in.delim = "";
        g->in.delim_len = 1; /* the NUL */
        break;
    case 'd':
        g->in.delim = g->delim;
        return optval_delim(arg, g->delim, sizeof g->delim, &g->in.delim_len);
    case 'E': /* an empty one is no end-of-file string, as for GNU parallel */
    case 'e': /* -e, --eof: the same, with the value optional */
        g->in.eof = arg != NULL && *arg != '\0' ? arg : NULL;
        break;
    case 'r':
        g->in.skip_empty = 1;
        break;
    case OPTAB_LINK:
        g->in.link_all = 1;
        break;
    case OPTAB_TRIM:
        g->in.trim = arg;
        break;
    case OPTAB_ARG_SEP:
        g->arg_sep = arg;
        break;
    case OPTAB_ARG_FILE_SEP:
        g->arg_file_sep = arg;
        break;
    case OPTAB_SKIP_FIRST:
        g->in.skip_first = 1;
        break;
    case OPTAB_SHUF:
        g->in.shuffle = 1;
        break;
    case 'C':
        g->in.colsep = arg;
        o->colsep = 1;
        break;
    case OPTAB_HEADER:
        g->header = arg;
        break;
    case OPTAB_CSV: /* (the separator is --colsep's, or ',') */
        g->in.csv = o->block.rec.csv = 1;
        o->colsep = 1;
        break;
    default:
        return NOT_MINE;
    }
    return 0;
}

/* Options that respell or add replacement strings, and quote the command. */
static int optset_template(struct opts *o, int c, const char *arg)
{
    struct tmpl_conf *tc = &o->given.tc;

    switch (c) {
    case 'I':
        tc->sp.arg = arg;
        break;
    case 'i': /* -i, --replace: -I with the value optional, {} without one */
        tc->sp.arg = arg != NULL && *arg != '\0' ? arg : "{}";
        break;
    case OPTAB_ER:
        tc->sp.noext = arg;
        break;
    case OPTAB_BNR:
        tc->sp.base = arg;
        break;
    case OPTAB_DNR:
        tc->sp.dir = arg;
        break;
    case OPTAB_BNER:
        tc->sp.basenoext = arg;
        break;
    case OPTAB_SEQR:
        tc->sp.seq = arg;
        break;
    case OPTAB_SLOTR:
        tc->sp.slot = arg;
        break;
    case OPTAB_PLUS:
        tc->plus = 1;
        break;
    case OPTAB_RPL: /* "TAG perl expression": tmpl_rpl_new reads them */
        o->given.rpl = xreallocarray(o->given.rpl, o->given.nrpl + 1, sizeof *o->given.rpl);
        o->given.rpl[o->given.nrpl++] = arg;
        break;
    case OPTAB_PARENS:
        o->given.parens = arg;
        break;
    case OPTAB_TMPL: /* FILE=NAME: tmplfile_new reads them */
        o->given.tmpls = xreallocarray(o->given.tmpls, o->given.ntmpls + 1, sizeof *o->given.tmpls);
        o->given.tmpls[o->given.ntmpls++] = arg;
        break;
    case OPTAB_FILTER:
        o->given.filter = arg;
        break;
    case 'q':
        tc->quote_words = 1;
        break;
    default:
        return NOT_MINE;
    }
    return 0;
}

/* -N, -n, -L N: records a job (or a block), which of them wins is for optset_finish. */
static int optset_per_job(struct opts *o, int c, const char *arg)
{
    struct opts_given *g = &o->given;
    size_t n;

    if (optval_count_unit(c == 'N' ? "-N" : c == 'n' ? "-n" : "-L", arg, 0, &n) != 0)
        return -1;
    g->per_job[c == 'N' ? OPTS_PER_N : c == 'n' ? OPTS_PER_n : OPTS_PER_L] = (long)n;
    g->tc.context |= c == 'N'; /* -N repeats a word holding {} as -X does (-L: at the end) */
    g->in.join_blank |= c == 'L';
    return 0;
}

/* --color, GNU parallel's (colour each job's lines), or --color=WHEN as grep and ls take it,
 * with their other words for WHEN; what auto and never do is for setup_output. */
static int optset_color(struct opts *o, const char *arg)
{
    static const char *const words[][4] = {{"always", "yes", "force", NULL},
                                           {"never", "no", "none", NULL},
                                           {"auto", "tty", "if-tty", NULL}};

    if (arg == NULL) {
        o->out.color = 1;
        return 0;
    }
    for (int w = 0; w < 3; w++)
        for (int i = 0; words[w][i]; i++)
            if (strcmp(arg, words[w][i]) == 0) {
                o->given.color_when = OPTS_COLOR_ALWAYS + w;
                o->out.color |= w == 0;
                return 0;
            }
    return optval_fail("--color takes always, never or auto, not '%s'", arg);
}

/* Options that put several records on one command line. */
static int optset_batch(struct opts *o, int c, const char *arg)
{
    struct opts_given *g = &o->given;
    struct batch_conf *b = &o->batch;
    size_t n = 1;

    switch (c) {
    case 'N':
    case 'n':
    case 'L':
        return optset_per_job(o, c, arg);
    case 'l': /* -l[N]: the value is optional and 0 means 1 */
        if (arg && optval_count_unit("-l", arg, 0, &n) != 0)
            return -1;
        g->per_job[OPTS_PER_l] = n > 0 ? (long)n : 1;
        g->in.join_blank = 1; /* (and, as in GNU parallel, {} takes the lines as -m does) */
        break;
    case 'X':
        g->tc.context = 1;
        b->multi = b->spread = 1;
        break;
    case 'm':
        b->multi = b->spread = 1;
        g->plain_multi = 1;
        break;
    case OPTAB_XARGS:
        b->multi = 1;
        g->plain_multi = 1;
        break;
    case 's': /* a record too long for it alone stops the run, as in GNU parallel */
        g->len_check = 1;
        b->exit_too_long = 1;
        return optval_count_unit("-s/--max-chars", arg, 1, &b->max_chars);
    case 'x':
        b->exit_too_long = 1;
        g->len_check = 1;
        break;
    case OPTAB_SHOW_LIMITS:
        g->show_limits = 1;
        break;
    default:
        return NOT_MINE;
    }
    return 0;
}

/* --pipe and the options that say how its blocks are cut. */
static int optset_pipe(struct opts *o, int c, char *arg, const char *name)
{
    long long size;

    switch (c) {
    case OPTAB_PIPE:
        o->pipe = 1;
        break;
    case OPTAB_BLOCK: /* a size, or 0 or -N for --pipe-part: which one counts is known later */
        o->given.block = arg;
        o->given.block_opt = name;
        return optval_block(name, arg, 1, &size);
    case OPTAB_PIPE_PART:
        o->pipe = o->pipe_part = 1;
        break;
    case OPTAB_ROUND_ROBIN:
        o->round_robin = 1;
        break;
    case OPTAB_TEE:
        o->tee = 1;
        break;
    case OPTAB_RECSTART:
        o->block.rec.recstart_len = value_rec_unescape(arg);
        o->block.rec.recstart = arg;
        break;
    case OPTAB_RECEND:
        o->block.rec.recend_len = value_rec_unescape(arg);
        o->block.rec.recend = arg;
        break;
    case OPTAB_RRS:
        o->block.remove_sep = 1;
        break;
    case OPTAB_GROUP_BY:
        o->block.group_by = arg;
        break;
    case OPTAB_SHARD:
    case OPTAB_BIN:
        o->shard = arg;
        o->bin = c == OPTAB_BIN;
        break;
    case OPTAB_BLOCK_TIMEOUT: /* whole seconds, as GNU parallel counts them */
        if (optval_duration("--blocktimeout", arg, &o->block.timeout) != 0)
            return -1;
        o->block.timeout = (double)(long long)o->block.timeout;
        if (o->block.timeout < 1)
            return optval_fail("--blocktimeout must be at least 1 second, not '%s'", arg);
        break;
    case OPTAB_CAT:
        o->pipe_cat = OPTS_CAT;
        break;
    case OPTAB_FIFO:
        o->pipe_cat = OPTS_FIFO;
        break;
    case OPTAB_REGEXP:
        o->block.rec.regexp = 1;
        break;
    default:
        return NOT_MINE;
    }
    return 0;
}

/* --tmpdir DIR: one lanes can make files in. */
static int optset_tmpdir(struct opts *o, const char *s)
{
    struct stat st;

    if (stat(s, &st) != 0 || !S_ISDIR(st.st_mode) || access(s, W_OK | X_OK) != 0)
        return optval_fail("--tmpdir '%s' is not a writable directory", s);
    o->out.tmpdir = s;
    return 0;
}

/* Options that choose how output is handed back. */
static int optset_output(struct opts *o, int c, const char *arg)
{
    struct opts_given *g = &o->given;
    struct out_conf *oc = &o->out;

    switch (c) {
    case OPTAB_LINE_BUFFER:
    case OPTAB_LATEST_LINE: /* (lines as they come: no line redrawn in place, see lanes(1)) */
        g->modes |= 1 << OUT_LINE;
        break;
    case 'u':
        g->modes |= 1 << OUT_UNGROUP;
        break;
    case OPTAB_TAG:
        g->tag = 1;
        break;
    case OPTAB_TAGSTRING: /* an empty one is no tag, as for GNU parallel */
        g->tagstring = *arg != '\0' ? arg : NULL;
        break;
    case OPTAB_CTAGSTRING: /* --tagstring and --color */
        g->tagstring = *arg != '\0' ? arg : NULL;
        oc->color = 1;
        break;
    case OPTAB_COLOR_FAILED:
        oc->color_failed = 1;
        break;
    case OPTAB_CTAG:
        g->tag = 1;
        oc->color = 1;
        break;
    case OPTAB_COLOR:
        return optset_color(o, arg);
    case OPTAB_FILES:
        g->modes |= 1 << OUT_FILES;
        break;
    case OPTAB_RESULTS:
        o->results = arg;
        oc->hold = oc->quiet = 1; /* the output goes to the results, not to stdout */
        break;
    case OPTAB_JOBLOG:
        o->joblog = arg;
        break;
    case OPTAB_TMPDIR:
        return optset_tmpdir(o, arg);
    case OPTAB_OUTPUT_MEMORY:
        return optval_size("--output-memory", arg, &oc->mem_limit);
    default:
        return NOT_MINE;
    }
    return 0;
}

/* An option lanes knows of and does not take: opt spelt as given, and what to do instead. */
static int optset_refuse(const char *opt, const char *instead)
{
    return optval_fail("%s%s is not supported by lanes; %s", opt[0] == '-' ? "" : "--", opt,
                       instead);
}

/* --workdir DIR; . is where lanes runs, so no change at all. */
static int optset_workdir(struct opts *o, const char *arg)
{
    o->remote.workdir = *arg ? arg : NULL; /* as given: '.' means something else there */
#ifndef HAVE_SPAWN_CHDIR
    (void)o;
    (void)arg;
    return optval_fail("--workdir: this system cannot start a job in another directory");
#else
    if (*arg == '\0')
        return optval_fail("--workdir takes a directory, not ''");
    o->workdir = strcmp(arg, ".") == 0 ? NULL : arg;
    return 0;
#endif
}

/* The options of no group: -j, -k, what a run prints, and the ones refused or ignored. */
static int optset_other(struct opts *o, int c, const char *arg, const char *name)
{
    switch (c) {
    case 'j':
    case 'P':
        return optset_jobs(o, arg);
    case 'k':
        o->keep_order = 1;
        break;
    case OPTAB_NO_KEEP_ORDER: /* (undoes a -k given before, in a profile say) */
        o->keep_order = 0;
        break;
    case OPTAB_GROUP:
        o->given.modes |= 1 << OUT_GROUP;
        break;
    case OPTAB_DRY_RUN:
        o->dry_run = 1;
        break;
    case OPTAB_SHELL_QUOTE:
        o->shell_quote = 1;
        break;
    case 't':
        o->verbose = 1;
        break;
    case 'v':
        o->show_cmd = 1;
        break;
    case OPTAB_SILENT:
        o->given.silent = 1;
        break;
    case OPTAB_NEVER:
        return optset_refuse(name, "see COMPATIBILITY in lanes(1)");
    case OPTAB_PIPE_LATER:
        return optval_fail(
            "--%s is not supported by lanes yet; --pipe and --pipe-part with --block, "
            "--recstart, --recend, --regexp, --rrs, -N, -L, --header, --cat, --fifo, "
            "--round-robin and --tee are",
            name);
    case OPTAB_GNU:
        o->given.gnu = 1;
        break;
    case OPTAB_USE_SOCKETS:
    case OPTAB_USE_CORES:
    case OPTAB_USE_CPUS:
        o->given.use_cpus |= 1u << (c - OPTAB_USE_SOCKETS);
        break;
    case OPTAB_TOLLEF:
        o->given.tollef = 1;
        break;
    case OPTAB_NOTHING:
    case OPTAB_PLAIN: /* (-J and --plain: profile.c read them) */
    case 'J':
        break;
    case OPTAB_WORKDIR:
        return optset_workdir(o, arg);
    case OPTAB_COMPRESS:
        o->given.compress = 1;
        break;
    case OPTAB_COMPRESS_PROGRAM: /* (setup_compress checks the programs) */
        o->given.compress = 1;
        o->out.compress = arg;
        break;
    case OPTAB_DECOMPRESS_PROGRAM:
        o->out.decompress = arg;
        break;
    case OPTAB_SLOT_VAR: /* a name the environment can hold */
        if (*arg == '\0' || strchr(arg, '=') != NULL)
            return optval_fail("--process-slot-var: '%s' is not a variable name", arg);
        o->slot_var = arg;
        break;
    default:
        return NOT_MINE;
    }
    return 0;
}

int optset_apply(struct opts *o, int c, char *arg, const char *name)
{
    int r = optset_input(o, c, arg);

    if (r == NOT_MINE)
        r = optset_template(o, c, arg);
    if (r == NOT_MINE)
        r = optset_batch(o, c, arg);
    if (r == NOT_MINE)
        r = optset_output(o, c, arg);
    if (r == NOT_MINE)
        r = optrun_apply(o, c, arg);
    if (r == NOT_MINE)
        r = optset_pipe(o, c, arg, name);
    if (r == NOT_MINE)
        r = optset_other(o, c, arg, name);
    if (r == NOT_MINE)
        r = optplace_apply(o, c, arg, name);
    if (r == NOT_MINE) /* (a code optab has and no group takes: a bug, not the user's) */
        r = optval_fail("option code %d has no handler", c);
    return r;
}

/* Records a job, when -N, -n, -l and -L are given together: GNU parallel's precedence decides,
 * not their order: -N, then -n unless 0, then -l, then -L. A value of 0 inserts no argument. */
static void optset_per_job_finish(struct opts *o)
{
    const long *v = o->given.per_job;
    long n = v[OPTS_PER_N] >= 0   ? v[OPTS_PER_N]
             : v[OPTS_PER_n] > 0  ? v[OPTS_PER_n]
             : v[OPTS_PER_l] > 0  ? v[OPTS_PER_l]
             : v[OPTS_PER_L] >= 0 ? v[OPTS_PER_L]
                                  : v[OPTS_PER_n];

    if (o->pipe || o->block.group_by) { /* records a block, and lines a record */
        o->block.records = v[OPTS_PER_N] > 0   ? (unsigned long)v[OPTS_PER_N]
                           : v[OPTS_PER_n] > 0 ? (unsigned long)v[OPTS_PER_n]
                                               : 0;
        /* -l is -L there, as in GNU parallel */
        o->block.rec.lines = v[OPTS_PER_L] > 0   ? (unsigned long)v[OPTS_PER_L]
                             : v[OPTS_PER_l] > 0 ? (unsigned long)v[OPTS_PER_l]
                                                 : 0;
        return;
    }
    if (n < 0)
        return;
    o->batch.multi = 1;
    o->batch.insert_none = n == 0;
    o->batch.max_args = n > 0 ? (size_t)n : 1;
}

int optset_finish(struct opts *o)
{
    if (o->given.tollef && !o->given.gnu) { /* as GNU parallel, which retired it, in two lines */
        util_warn("--tollef is retired");
        util_warn("remove --tollef, or add --gnu to override it");
        return -1;
    }
    optset_per_job_finish(o);
    if (optset_jobs_finish(o) != 0)
        return -1;
    /* -L repeats a word holding {} as -X does, unless -m or --xargs is given, wherever. */
    o->given.tc.context |= o->given.per_job[OPTS_PER_L] >= 0 && !o->given.plain_multi;
    if (o->given.silent)
        o->show_cmd = 0;
    o->sem.jobs = o->given.jobs_given ? o->jobs : 1; /* a semaphore is a mutex by default */
    o->sem.inputs = o->given.files;
    o->sem.ninputs = o->given.nfiles;
    o->jobserver.tmpdir = o->out.tmpdir; /* a served fifo goes there too */
    if (o->remote.hostgroups && o->remote.logins.n == 0 && o->remote.logins.nonly == 0 &&
        sshlogin_add_arg(&o->remote.logins, ":") != 0) /* as GNU parallel: this machine */
        return -1;
    if (o->remote.logins.n) { /* remote.c handles --workdir and --sshdelay on every host */
        o->workdir = NULL;
        if (o->remote.sshdelay > o->gate.delay)
            o->gate.delay = o->remote.sshdelay;
    }
    return 0;
}
