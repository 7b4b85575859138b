/* setup: from the parsed options to a run that can start: the input sources (the -a files,
 * then the ::: lists and :::: files after the command), --pipe's blocks and parts, the
 * templates, the output mode, and the checks of options that only make sense together. Errors
 * follow optval.h: 0, or -1 after the usage message; setup_run returns an exit status. */
#include "setup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "optset.h"
#include "optval.h"
#include "squeeze.h"
#include "util.h"
#include "value.h"

/* 1 for ::: (or --arg-sep), 2 for :::: (or --arg-file-sep); +2 for the linked + forms. */
static int setup_sep_kind(const struct opts_given *g, const char *s)
{
    size_t a = strlen(g->arg_sep), f = strlen(g->arg_file_sep);

    if (strcmp(s, g->arg_sep) == 0)
        return 1;
    if (strcmp(s, g->arg_file_sep) == 0)
        return 2;
    if (strncmp(s, g->arg_sep, a) == 0 && strcmp(s + a, "+") == 0)
        return 3;
    if (strncmp(s, g->arg_file_sep, f) == 0 && strcmp(s + f, "+") == 0)
        return 4;
    return 0;
}

/* p, to be freed with the options. */
static void *setup_keep(struct opts_given *g, void *p)
{
    g->split = xreallocarray(g->split, g->nsplit + 1, sizeof *g->split);
    g->split[g->nsplit++] = p;
    return p;
}

/* With -d, a ::: list's values are cut at the delimiter too, as GNU parallel cuts them ("a:b"
 * with -d : is a and b; "a:" is a and an empty value). Returns the list to use, and its length
 * in *n: args itself when nothing is cut. */
static char **setup_split_args(struct opts_given *g, char **args, int *n)
{
    const char *d = g->in.delim;
    size_t dl = g->in.delim_len, count = 0;

    if (d == NULL || dl == 0 || memchr(d, '\0', dl) != NULL) /* (-0: no value holds a NUL) */
        return args;
    for (int i = 0; i < *n; i++)
        for (const char *p = args[i]; (p = strstr(p, d)) != NULL; p += dl)
            count++;
    if (count == 0)
        return args;
    char **out = setup_keep(g, xreallocarray(NULL, (size_t)*n + count, sizeof *out));
    size_t k = 0;
    for (int i = 0; i < *n; i++) {
        char *p = args[i], *q;
        for (; (q = strstr(p, d)) != NULL; p = q + dl)
            out[k++] = setup_keep(g, xstrndup(p, (size_t)(q - p)));
        out[k++] = p; /* (the last piece is the rest of argv's string) */
    }
    *n = (int)k;
    return out;
}

/* The words after the command, from argv[i]: ::: lists and :::: files, + for linked (a ::::
 * with no file after it adds nothing, as in GNU parallel). GNU parallel counts the + of the
 * k-th source after the command as if no -a file came first, so after -a files it links
 * source k of all (a -a file, or an earlier source): lanes does the same, to run the same
 * jobs. */
static void setup_sources(struct opts *o, int i)
{
    struct opts_given *g = &o->given;
    size_t k = 0; /* sources added here so far */

    while (i < g->argc) {
        int kind = setup_sep_kind(g, g->argv[i++]), first = i, n;
        while (i < g->argc && !setup_sep_kind(g, g->argv[i]))
            i++;
        int added = kind % 2 ? 1 : i - first; /* a ::: list is one source, each file one */
        n = i - first;
        if (kind % 2) {
            char **args = setup_split_args(g, g->argv + first, &n);
            input_add_args(o->input, args, n);
        }
        for (int f = first; kind % 2 == 0 && f < i; f++)
            optset_file(o, g->argv[f], 1);
        for (; added > 0; added--, k++)
            if (kind > 2)
                input_link(o->input, k);
    }
}

/* --pipe-part: the -a and :::: files are cut, in order; ::: lists mean nothing there. */
static int setup_pipe_part(struct opts *o)
{
    struct opts_given *g = &o->given;
    const long *v = g->per_job;
    long long block;

    if (v[OPTS_PER_N] >= 0 || v[OPTS_PER_n] >= 0 || v[OPTS_PER_l] >= 0 || v[OPTS_PER_L] >= 0)
        return optval_fail("--pipe-part takes no -N, -n, -L or -l: a part ends at the first "
                           "record end --block bytes on");
    if (input_nsources(o->input) > 0)
        util_warn("--pipe-part cuts -a and :::: files: the ::: arguments are not used");
    if (g->nfiles == 0)
        util_warn("--pipe-part has no -a or :::: file to cut: nothing to run");
    if (optval_block(g->block_opt, g->block, 1, &block) != 0)
        return -1;
    /* --round-robin: one part a job slot, as in GNU parallel, whatever --block says. */
    o->part = (struct part_conf){.block = o->round_robin ? -1 : block,
                                 .jobs = o->jobs,
                                 .rec = o->block.rec,
                                 .header = g->header,
                                 .group_by = o->block.group_by,
                                 .colsep = o->block.colsep};
    o->round_robin = 0; /* (each job has its part: nothing to deal) */
    o->part_files = g->files;
    o->npart_files = g->nfiles;
    g->files = NULL;
    return 0;
}

/* The first option given that only --pipe takes. */
static const char *setup_pipe_only(const struct opts *o)
{
    if (o->pipe_cat)
        return o->pipe_cat == OPTS_FIFO ? "--fifo" : "--cat";
    return o->round_robin ? "--round-robin" : o->tee ? "--tee" : "--regexp";
}

/* --pipe-part --tee: every job reads all of the first file (from the file: each job may be
 * run again); the other sources make the jobs, as in GNU parallel, and without any there is
 * no job. */
static void setup_tee_part(struct opts *o)
{
    static char *none[1];
    struct opts_given *g = &o->given;

    if (g->nfiles == 0) {
        util_warn("--pipe-part has no -a or :::: file to cut: nothing to run");
        input_add_args(o->input, none, 0);
        return;
    }
    o->part_files = xreallocarray(NULL, 1, sizeof *o->part_files);
    o->part_files[0] = g->files[0];
    o->npart_files = 1;
    g->in.header = g->header && strcmp(g->header, "0") != 0; /* names the arguments' columns */
    if (input_nsources(o->input) == 0) {
        util_warn("--pipe-part --tee: no ::: or :::: arguments to make jobs of: nothing to run");
        input_add_args(o->input, none, 0);
    }
}

/* --tee: the arguments make the jobs, as without --pipe (with no command, each is the command),
 * and every job reads all of stdin; so they all run at once, and none is run again. */
static int setup_tee(struct opts *o, int has_cmd)
{
    struct opts_given *g = &o->given;

    if (o->round_robin || o->pipe_cat)
        return optval_fail("--tee gives all of its input to every job: it takes no "
                           "--round-robin, --cat or --fifo");
    if (o->pipe_part)
        setup_tee_part(o);
    else if (input_nsources(o->input) == 0 || input_reads_stdin(o->input))
        return optval_fail("--tee needs ::: (or :::: file) arguments for its jobs: stdin goes "
                           "to every one of them");
    if (o->retries > 1 && !o->pipe_part)
        return optval_fail("--tee jobs read stdin as it comes: --retries cannot run one again");
    o->pipe = 0; /* the jobs come from the arguments */
    g->tc.no_append = has_cmd;
    g->in.count = 1;
    input_configure(o->input, &g->in);
    o->total = input_total(o->input);
    if (o->total > (unsigned long)o->jobs && g->jobs_given)
        return optval_fail("--tee runs its %lu jobs at once: use -j %lu or more, or -j 0", o->total,
                           o->total);
    if (o->total > (unsigned long)o->jobs) /* as GNU parallel: as many slots as jobs */
        o->jobs = (long)o->total;
    return 0;
}

/* --pipe reads stdin, or one :::: or -a file, and needs a command; its --header is a count of
 * lines or a regex. */
static int setup_pipe(struct opts *o, int cmd_end)
{
    struct opts_given *g = &o->given;
    const char *opt = o->pipe_part ? "pipe-part" : "pipe";
    long long size;

    if (cmd_end == g->cmd && !o->tee)
        return optval_fail("--%s needs a command to read the blocks", opt);
    if (g->in.shuffle || (o->progress & (OPTS_BAR | OPTS_ETA)))
        return optval_fail("--%s cannot know how many blocks there are, or shuffle them: it "
                           "takes no --bar, --eta or --shuf (as in GNU parallel)",
                           opt);
    struct recsep_conf *b = &o->block.rec;
    if (b->recend == NULL) { /* as GNU parallel: with only --recstart, a record ends anywhere */
        b->recend = b->recstart ? "" : "\n";
        b->recend_len = b->recstart ? 0 : 1;
    }
    if (b->recstart == NULL)
        b->recstart = "";
    if (o->tee)
        return setup_tee(o, cmd_end != g->cmd);
    if (o->pipe_part) {
        if (setup_pipe_part(o) != 0)
            return -1;
    } else {
        if (input_nsources(o->input) > 1 || input_nsources(o->input) != g->nfiles)
            return optval_fail("--pipe cuts one input into blocks: stdin, or one :::: or -a "
                               "file, no :::");
        if (optval_block(g->block_opt, g->block, 0, &size) != 0)
            return -1;
        o->block.size = (size_t)size;
    }
    o->block.header = g->header;
    o->block.skip_blank = g->in.skip_empty;
    g->header = NULL;               /* no column names */
    g->tc.no_append = !o->pipe_cat; /* with --cat and --fifo, {} is appended as usual */
    return 0;
}

/* --header: the column names (or with --header 0 the file names) go to the template as {name},
 * and to --results, where GNU parallel names field i by the i-th :::: or -a file instead, where
 * there is one. */
static void setup_header(struct opts *o)
{
    struct opts_given *g = &o->given;

    if (g->header == NULL)
        return;
    input_configure(o->input, &g->in);
    input_names(o->input, &g->tc.names, &g->tc.nnames);
    size_t n = g->tc.nnames > g->nfiles ? g->tc.nnames : g->nfiles;
    o->field_names = xreallocarray(NULL, n, sizeof *o->field_names);
    o->nfield_names = n;
    for (size_t i = 0; i < n; i++)
        o->field_names[i] = i < g->nfiles ? g->files[i] : g->tc.names[i];
}

/* Options that only --pipe takes, given without it (piped: --pipe was given; --tee has
 * since turned o->pipe off); --round-robin with what it cannot do. */
static int setup_pipe_check(const struct opts *o, int piped)
{
    if (!piped && (o->pipe_cat || o->block.rec.regexp || o->round_robin || o->tee))
        return optval_fail("%s is about --pipe's blocks: it needs --pipe", setup_pipe_only(o));
    if (o->round_robin && o->retries > 1)
        return optval_fail("--round-robin jobs read many blocks: --retries cannot run one again");
    if (o->round_robin && o->pipe_cat)
        return optval_fail("--round-robin gives a job many blocks: %s has one a job",
                           setup_pipe_only(o));
    return 0;
}

/* --shard, --bin: -j jobs read all the lines, dealt by key; -N means nothing there and a
 * header line is a line like the others, as in GNU parallel. */
static int setup_shard(struct opts *o, int piped)
{
    const char *opt = o->bin ? "--bin" : "--shard";

    if (o->shard == NULL)
        return 0;
    if (!piped || o->pipe_part)
        return optval_fail("%s deals the lines of --pipe's input: it needs --pipe, not "
                           "--pipe-part",
                           opt);
    if (o->tee || o->round_robin || o->pipe_cat || o->block.group_by)
        return optval_fail("%s deals lines to its jobs: it takes no --tee, --round-robin, --cat, "
                           "--fifo or --group-by",
                           opt);
    if (o->block.remove_sep || o->block.rec.regexp || o->block.rec.recstart_len ||
        o->block.rec.recend_len != 1 || o->block.rec.recend[0] != '\n')
        return optval_fail("%s deals lines: it takes no --recstart, --recend, --regexp or --rrs",
                           opt);
    if (o->retries > 1)
        return optval_fail("%s jobs read many lines: --retries cannot run one again", opt);
    if (o->given.jobs_arg && strcmp(o->given.jobs_arg, "0") == 0)
        return optval_fail("%s needs a number of job slots: not -j 0", opt);
    o->block.records = 0;
    o->block.header = NULL;
    return 0;
}

/* Arguments read from a terminal are more often a forgotten ::: or pipe than meant: say so,
 * as GNU parallel does, when the terminal is also where the warning goes. */
static void setup_tty_warn(const struct opts *o)
{
    if (o->pipe || !isatty(STDERR_FILENO))
        return;
    for (size_t i = 0; i < input_nsources(o->input); i++) {
        int fd = input_source_fd(o->input, i);
        if (fd >= 0 && isatty(fd)) {
            util_warn("warning: the arguments are read from the terminal, one a line; "
                      "Ctrl-D ends them (did you mean :::, ::::, -a or a pipe?)");
            return;
        }
    }
}

/* --group-by: records are groups of lines, each behind a mark of its own (--pipe alone
 * unless --pipe-part is given, as in GNU parallel). */
static int setup_group_by(struct opts *o)
{
    struct block_conf *b = &o->block;

    if (b->group_by == NULL)
        return 0;
    if (b->remove_sep || b->rec.recstart || b->rec.recend)
        return optval_fail("--group-by makes the records: it takes no %s", b->remove_sep ? "--rrs"
                                                                           : b->rec.recstart
                                                                               ? "--recstart"
                                                                               : "--recend");
    b->colsep = o->given.in.colsep;
    if (o->pipe_part) /* the cuts are sought in the file: no marks */
        return 0;
    o->pipe = 1;
    groupby_mark(b->group_mark);
    b->rec.recstart = b->group_mark;
    b->rec.recstart_len = GROUPBY_MARK_LEN;
    b->rec.recend = "";
    b->rec.recend_len = 0;
    return 0;
}

/* The input: -a files in order, then the sources after the command; --pipe's blocks. */
static int setup_input(struct opts *o, int cmd_end)
{
    struct opts_given *g = &o->given;
    if (setup_group_by(o) != 0)
        return -1;
    int piped = o->pipe;

    for (size_t i = 0; i < g->nfiles_later; i++) /* the -a files, in order */
        if (!optset_cuts(o, i))
            input_add_file(o->input, g->files[i]);
    setup_sources(o, cmd_end);
    if ((piped && setup_pipe(o, cmd_end) != 0) || setup_pipe_check(o, piped) != 0 ||
        setup_shard(o, piped) != 0)
        return -1;
    input_default_stdin(o->input);
    setup_tty_warn(o);
    g->in.header_files = g->header && strcmp(g->header, "0") == 0;
    g->in.header = g->header && !g->in.header_files;
    if (g->in.colsep && g->in.trim == NULL) /* columns lose their blanks, as in GNU parallel */
        g->in.trim = "lr"; /* (--csv's too, with --colsep given: not with its default ',') */
    if (g->header && g->in.colsep == NULL &&
        !g->in.csv) { /* any --header, 0 too, splits at tabs (as GNU) */
        g->in.colsep = "\t";
        o->colsep = 1;
    }
    if (g->len_check && !o->batch.multi) {
        o->batch.multi = 1;
        o->batch.max_args = 1;
    }
    input_configure(o->input, &g->in);
    setup_header(o);
    return 0;
}

/* {##}, --halt N% and a bar with no --total-jobs need the number of jobs: read all input
 * first, to count them, as GNU parallel does. */
static void setup_total(struct opts *o)
{
    struct opts_given *g = &o->given;

    if (o->pipe || !(tmpl_needs_total(o->tmpl) || (o->halt.when != HALT_NEVER && o->halt.percent) ||
                     ((o->progress & (OPTS_BAR | OPTS_ETA)) && !o->total_jobs)))
        return;
    g->in.count = 1;
    input_configure(o->input, &g->in);
    unsigned long recs = input_total(o->input);
    size_t per = o->batch.multi && o->batch.max_args ? o->batch.max_args : 1;
    o->total = (recs + per - 1) / per;
}

/* -s within what lanes uses, as GNU parallel: the longest command line less 3000 bytes, halved
 * (room it keeps for wrapping a command); -s below that, when given, is that. */
static void setup_limits(struct opts *o)
{
    size_t max = batch_max_command(), usable = max > 3000 ? (max - 3000) / 2 : max / 2;

    if (o->batch.max_chars > usable)
        util_warn("-s %zu is more than lanes uses; using %zu", o->batch.max_chars, usable);
    if (o->batch.max_chars == 0 || o->batch.max_chars > usable)
        o->batch.max_chars = usable;
    usable = o->batch.max_chars;
    o->batch.jobs = o->jobs;
    if (o->given.show_limits)
        printf("Maximal size of command: %zu\nMaximal usable size of command: %zu\n\n"
               "Execution will continue now, and it will try to read its input\n"
               "and run commands; if this is not what you wanted to happen, please\n"
               "press CTRL-D or CTRL-C\n",
               max, usable);
    fflush(stdout);
}

/* --color=never: no colour at all (--color, --ctag, --colour-failed); --color=auto: colour
 * each job's lines, and those of --ctag and --colour-failed, only when stdout is a terminal
 * and NO_COLOR is unset or empty (no-color.org). GNU parallel's plain --color, --ctag and
 * --colour-failed colour wherever the output goes, as there. */
static void setup_color(struct opts *o)
{
    const char *no_color = getenv("NO_COLOR");
    int auto_on = isatty(STDOUT_FILENO) && (no_color == NULL || *no_color == '\0');

    if (o->given.color_when == OPTS_COLOR_NEVER ||
        (o->given.color_when == OPTS_COLOR_AUTO && !auto_on))
        o->out.color = o->out.color_failed = 0;
    else if (o->given.color_when == OPTS_COLOR_AUTO)
        o->out.color = 1;
}

/* The output mode: --files wins, as in GNU parallel; --group, -u and --lb exclude each other. */
static int setup_mode(struct opts *o)
{
    static const char *const names[] = {"--group", "--line-buffer", "--ungroup", "--files"};
    unsigned modes = o->given.modes, grouping = modes & ~(1u << OUT_FILES);

    if (grouping & (grouping - 1))
        return optval_fail("%s cannot be combined with %s", names[__builtin_ctz(grouping)],
                           names[__builtin_ctz(grouping & (grouping - 1))]);
    o->out.mode = (modes & (1u << OUT_FILES)) ? OUT_FILES
                  : grouping                  ? (enum out_mode)__builtin_ctz(grouping)
                                              : OUT_GROUP;
    setup_color(o);
    if (o->out.mode == OUT_UNGROUP) /* -u prints as output comes: no tags, colours or order */
        o->out.color = o->out.keep_order = 0;
    /* --colour-failed: a job's output waits for its end, which tells its colour; as GNU
     * parallel, it does nothing with -u, --line-buffer and --files. */
    if (o->out.mode != OUT_GROUP)
        o->out.color_failed = 0;
    o->out.hold |= o->out.color_failed;
    return 0;
}

/* Options that only make sense together. */
/* --compress: the programs, found as GNU parallel finds them when none is given; one that is
 * not on PATH is refused before any job runs. Without --compress, --decompress-program does
 * nothing, as in GNU parallel. */
static int setup_compress(struct opts *o)
{
    struct out_conf *c = &o->out;

    if (!o->given.compress) {
        c->compress = c->decompress = NULL;
        return 0;
    }
    if (c->compress == NULL) {
        squeeze_find(&o->given.zfound[0], &o->given.zfound[1]);
        c->compress = o->given.zfound[0];
        c->decompress = c->decompress ? c->decompress : o->given.zfound[1];
    } else if (c->decompress == NULL) {
        size_t n = strlen(c->compress) + 5;
        o->given.zfound[1] = xmalloc(n);
        snprintf(o->given.zfound[1], n, "%s -dc", c->compress);
        c->decompress = o->given.zfound[1];
    }
    if (!squeeze_runnable(c->compress))
        return optval_fail("--compress-program: '%s' is not a program on PATH", c->compress);
    if (!squeeze_runnable(c->decompress))
        return optval_fail("--decompress-program: '%s' is not a program on PATH", c->decompress);
    return 0;
}

static int setup_check(struct opts *o)
{
    if (setup_compress(o) != 0)
        return -1;
    if (remote_conf_check(&o->remote) != 0)
        return -1;
    if (o->resume && o->joblog == NULL)
        return optval_fail("%s needs --joblog FILE", o->resume == OPTS_RESUME ? "--resume"
                                                     : o->resume == OPTS_RESUME_FAILED
                                                         ? "--resume-failed"
                                                         : "--retry-failed");
    if (o->tty) { /* one job owns the terminal at a time, and talks to it directly */
        o->jobs = 1;
        o->out.mode = OUT_UNGROUP;
    }
    /* Only the last try's output is shown: hold it until the end (-u prints every try's). With
     * --wd ..., as in GNU parallel, the output comes once the job's directory is gone. */
    if ((o->retries > 1 || (o->workdir && strcmp(o->workdir, "...") == 0)) &&
        o->out.mode != OUT_UNGROUP)
        o->out.hold = 1;
    return 0;
}

/* The templates but the command's: the tag, --results and --workdir. */
static void setup_templates(struct opts *o)
{
    struct opts_given *g = &o->given;

    if (g->tagstring) {
        char *tag = value_tag_unescape(g->tagstring);
        o->tag = tmpl_compile_text(tag, &g->tc);
        if (o->tag == NULL) /* a fixed tag: a template that expands to itself */
            o->tag = tmpl_compile_fixed(tag);
        free(tag);
    }
    if (o->results)
        o->results_path = tmpl_compile_text(o->results, &g->tc);
    if (o->workdir && strcmp(o->workdir, "...") != 0)
        o->workdir_tmpl = tmpl_compile_text(o->workdir, &g->tc);
    if (g->retries)
        o->retries_tmpl = tmpl_compile_text(g->retries, &g->tc);
    if (g->ntmpls)
        o->tmplfile = tmplfile_new(g->tmpls, g->ntmpls, &g->tc);
    if (g->filter && (o->filter = tmpl_compile_text(g->filter, &g->tc)) == NULL)
        o->filter = tmpl_compile_fixed(g->filter);
}

/* The command, then how its output is shown; 0, or -1 after the usage message. */
static int setup_command(struct opts *o, int cmd_end)
{
    struct opts_given *g = &o->given;

    g->tc.rpl = tmpl_rpl_new(g->rpl, g->nrpl, g->parens);
    if (o->batch.insert_none && g->tc.quote_words && cmd_end > g->cmd)
        g->tc.no_append = 1; /* -q -N0: no empty '' word after the command, as in GNU parallel */
    o->tmpl = tmpl_compile(g->argv + g->cmd, cmd_end - g->cmd, &g->tc);
    setup_total(o);
    setup_limits(o);
    o->out.keep_order = o->keep_order;
    if (setup_mode(o) != 0)
        return -1;
    if (o->out.mode == OUT_UNGROUP && !o->dry_run) /* -u: no tag, but --dry-run's lines have it */
        g->tagstring = NULL;
    else if (g->tagstring == NULL && g->tag) /* --tagstring wins over --tag, in any order */
        g->tagstring = "{}";
    o->shell_quote &= !o->dry_run; /* --dry-run shows the command as it would run */
    if (setup_check(o) != 0)
        return -1;
    setup_templates(o);
    tmpl_rpl_start(g->tc.rpl); /* Perl, only if a template needs it: bad Perl stops us here */
    return 0;
}

int setup_run(struct opts *o)
{
    const struct opts_given *g = &o->given;
    int cmd_end = g->cmd;

    if (o->nice_given) {
        errno = 0;
        if (nice(o->nice) == -1 && errno != 0)
            util_warn("--nice %d: %s", o->nice, strerror(errno));
    }
    while (cmd_end < g->argc && !setup_sep_kind(g, g->argv[cmd_end]))
        cmd_end++;
    /* A separator that ends the command line with nothing after it and no source before it
     * (lanes echo :::) is dropped, as GNU parallel drops it: the input is stdin (or -a). */
    if (cmd_end == g->argc - 1)
        o->given.argc--;
    if (setup_input(o, cmd_end) != 0 || setup_command(o, cmd_end) != 0)
        return LANES_EXIT_ERROR;
    return 0;
}

size_t setup_nsources(const struct opts *o)
{
    return o->batch.multi || o->colsep ? 0 : input_nsources(o->input);
}
