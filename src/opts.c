/* opts: the entry points of the option layer: opts_parse runs getopt_long over the option
 * table (optab) and hands each option to its handler (optset); opts_info answers --help,
 * --version and --number-of-*; opts_free frees what parsing and setup_run made. Options come
 * first (bundled short options allowed), then the command words, then any ::: and :::: sources,
 * which setup_run reads. */
#include "opts.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complete.h"
#include "cpu.h"
#include "envrec.h"
#include "help.h"
#include "optab.h"
#include "optset.h"
#include "optval.h"
#include "util.h"
#include "value.h"

/* Output all jobs together may hold in memory before it spills to temporary files. */
#define OPTS_OUTPUT_MEMORY (32UL << 20)

#ifndef LANES_VERSION
#define LANES_VERSION "0.0.0"
#endif
/* The release of GNU parallel whose behaviour lanes follows: what --minversion answers. */
#define LANES_GNU_VERSION 20221122ULL

long opts_jobs_value(const char *s)
{
    return optval_jobs_line(s);
}

int opts_info(const struct opts *o)
{
    switch (o->info) {
    case 'h':
        help_print(stdout);
        break;
    case OPTAB_VERSION:
        printf("lanes %s\n", LANES_VERSION);
        break;
    case OPTAB_CORES:
    case OPTAB_CPUS:
        printf("%ld\n", cpu_cores());
        break;
    case OPTAB_SOCKETS:
        printf("%ld\n", cpu_sockets());
        break;
    case OPTAB_THREADS:
        printf("%ld\n", cpu_threads());
        break;
    case OPTAB_RECORD_ENV:
        return envrec_record();
    case OPTAB_SHELL_COMPLETION:
        return complete_print(o->shell_completion);
    case OPTAB_MINVERSION: /* as GNU parallel: its version, and 255 when older than asked */
        printf("%llu\n", LANES_GNU_VERSION);
        return o->minversion > LANES_GNU_VERSION ? LANES_EXIT_ERROR : 0;
    default:
        printf("%ld\n", (long)batch_max_command());
        break;
    }
    return 0;
}

/* The defaults, where they are not zero. */
static void opts_init(struct opts *o, int argc, char **argv)
{
    *o = (struct opts){.jobs = cpu_threads(), .input = input_new(), .summary = -1};
    o->out.mem_limit = OPTS_OUTPUT_MEMORY;
    o->sem.on = argc > 0 && sem_called_as(argv[0]);
    term_default(&o->term);
    o->given = (struct opts_given){.arg_sep = ":::",
                                   .arg_file_sep = "::::",
                                   .per_job = {-1, -1, -1, -1},
                                   .argc = argc,
                                   .argv = argv};
}

/* c is what getopt_long returned; name is the long option's name, when it is a long one. What
 * getopt knows (a missing value, an unknown option) is reported here, the rest by optset. */
static int opts_option(struct opts *o, int c, int argc, char **argv, const char *name)
{
    if (c == 'V') /* -V is --version, as in GNU parallel */
        c = OPTAB_VERSION;
    if (optab_next_value(c, optarg, optind < argc ? argv[optind] : NULL))
        optarg = argv[optind++];
    if (c == OPTAB_MINVERSION && value_count(optarg, &o->minversion) != 0)
        return optval_fail("--minversion takes a release of GNU parallel such as 20170422, "
                           "not '%s'",
                           optarg);
    if (c == OPTAB_SHELL_COMPLETION && !complete_known(optarg))
        return optval_fail("--%s takes bash, zsh, fish or auto, not '%s'", name, optarg);
    if (c == OPTAB_SHELL_COMPLETION)
        o->shell_completion = optarg;
    if (optab_info(c)) {
        o->info = c;
        return 0;
    }
    if (c == ':')
        return optval_fail("option '%s' needs a value", argv[optind - 1]);
    if (c != '?')
        return optset_apply(o, c, optarg, name);
    char why[300];
    optab_refused(optind - 1 < argc ? argv[optind - 1] : "?", optopt, why, sizeof why);
    return optval_fail("%s", why);
}

/* --from-joblog draws a picture and runs nothing: it needs --timeline, and no command. */
static int opts_timeline_check(const struct opts *o, int argc)
{
    if (o->timeline_from && o->timeline == NULL)
        return optval_fail("--from-joblog needs --timeline FILE, the picture it draws");
    if (o->timeline_from && (optind < argc || o->given.nfiles))
        return optval_fail("--from-joblog draws the jobs of a log and runs nothing: give no "
                           "command or input");
    return 0;
}

int opts_parse(struct opts *o, int argc, char **argv)
{
    int c, li = 0;

    opts_init(o, argc, argv);
    opterr = 0;
    optind = 0; /* glibc starts afresh, so a second parse (a fuzzer's) reads its own argv */
    while (!o->info && (c = getopt_long(argc, argv, OPTAB_SHORT, optab_long, &li)) != -1)
        if (opts_option(o, c, argc, argv, optab_long[li].name) != 0)
            return LANES_EXIT_ERROR;
    if (o->info)
        return OPTS_INFO;
    o->given.cmd = optind;
    if (opts_timeline_check(o, argc) != 0)
        return LANES_EXIT_ERROR;
    return optset_finish(o) != 0 ? LANES_EXIT_ERROR : 0;
}

void opts_free(struct opts *o)
{
    for (size_t i = 0; i < o->given.nsplit; i++)
        free(o->given.split[i]);
    free(o->given.split);
    free(o->given.files);
    free(o->part_files);
    input_free(o->input);
    tmpl_free(o->tmpl);
    tmpl_free(o->tag);
    tmpl_free(o->results_path);
    tmpl_free(o->workdir_tmpl);
    tmplfile_free(o->tmplfile);
    tmpl_free(o->filter);
    tmpl_free(o->retries_tmpl);
    free(o->given.tmpls);
    tmpl_rpl_free(o->given.tc.rpl); /* (Perl, if it ran, ends here) */
    free(o->given.rpl);
    free(o->given.zfound[0]);
    free(o->given.zfound[1]);
    remote_conf_free(&o->remote);
    free(o->field_names);
}
