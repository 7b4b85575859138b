/* opts: command line -> struct opts. Options come first (bundled short options allowed),
 * then the command words, then any ::: and :::: sources. */
#include "opts.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cpu.h"
#include "input.h"
#include "tmpl.h"
#include "util.h"

#ifndef LANES_VERSION
#define LANES_VERSION "0.0.0"
#endif

enum {
    OPT_GROUP = 256,
    OPT_DRY_RUN,
    OPT_VERSION,
    OPT_CORES,
    OPT_CPUS,
    OPT_SOCKETS,
    OPT_THREADS,
};

static const struct option long_opts[] = {
    {"jobs", required_argument, NULL, 'j'},
    {"max-procs", required_argument, NULL, 'P'},
    {"keep-order", no_argument, NULL, 'k'},
    {"group", no_argument, NULL, OPT_GROUP},
    {"arg-file", required_argument, NULL, 'a'},
    {"null", no_argument, NULL, '0'},
    {"delimiter", required_argument, NULL, 'd'},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"verbose", no_argument, NULL, 't'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, 'h'},
    {"number-of-cores", no_argument, NULL, OPT_CORES},
    {"number-of-cpus", no_argument, NULL, OPT_CPUS},
    {"number-of-sockets", no_argument, NULL, OPT_SOCKETS},
    {"number-of-threads", no_argument, NULL, OPT_THREADS},
    {NULL, 0, NULL, 0},
};

static const char usage_text[] =
    "Usage: lanes [options] [command [arguments]] < list_of_arguments\n"
    "       lanes [options] [command [arguments]] (::: arguments | :::: argfile)\n"
    "\n"
    "Runs command once per input item, many at a time, and prints each job's output\n"
    "whole. The command's replacement strings take the item; without any, ' {}' is\n"
    "appended.\n"
    "\n"
    "Inputs:\n"
    "  ::: ARGS...            arguments from the command line\n"
    "  :::: FILE, -a FILE, --arg-file FILE\n"
    "                         arguments from FILE, one per line (- for stdin)\n"
    "  -0, --null             items end with NUL instead of newline\n"
    "  -d, --delimiter C      items end with C (\\n, \\t, \\0 and \\\\ escapes)\n"
    "\n"
    "Replacement strings:\n"
    "  {}  the item          {.}  without extension   {/}  basename\n"
    "  {//} dirname          {/.} basename without extension\n"
    "  {#} job number        {%}  job slot            {n} {n.} {n/} {n//} {n/.} field n\n"
    "\n"
    "Running:\n"
    "  -j, -P, --jobs N       job slots: N, +N or -N (added to the CPU threads), N%,\n"
    "                         0 for as many as possible; default one per CPU thread\n"
    "  --dry-run              print the commands instead of running them\n"
    "  -t, --verbose          print each command on stderr before running it\n"
    "\n"
    "Output:\n"
    "  --group                print each job's output whole when it ends (default)\n"
    "  -k, --keep-order       print outputs in input order\n"
    "\n"
    "Information:\n"
    "  --number-of-cores, --number-of-cpus, --number-of-sockets, --number-of-threads\n"
    "  --version, -h, --help\n"
    "\n"
    "Exit status: 0 when every job succeeded, 1-100 the number of failed jobs, 101 for\n"
    "more than 100, 255 for an error of lanes itself. See lanes(1).\n";

static void usage_error(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void usage_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vwarnx(fmt, ap);
    va_end(ap);
    fputs("Try 'lanes --help' for more information.\n", stderr);
    exit(LANES_EXIT_ERROR);
}

static void print_number(long n) __attribute__((noreturn));

static void print_number(long n)
{
    printf("%ld\n", n);
    exit(0);
}

/* As many jobs as file descriptors and the process limit allow (-j 0). */
static long jobs_max(void)
{
    struct rlimit rl;
    long n = 1024;

    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        if (rl.rlim_cur < rl.rlim_max) {
            rl.rlim_cur = rl.rlim_max < 65536 ? rl.rlim_max : 65536;
            setrlimit(RLIMIT_NOFILE, &rl);
            getrlimit(RLIMIT_NOFILE, &rl);
        }
        /* Two pipes a job, and some room for lanes' own files. */
        n = ((long)rl.rlim_cur - 32) / 2;
    }
    if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (long)rl.rlim_cur / 2 < n)
        n = (long)rl.rlim_cur / 2;
    return n > 0 ? n : 1;
}

/* -j N, +N, -N, N% or 0, relative to the CPU threads. */
static long parse_jobs(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    long cpus = cpu_threads(), n;

    if (end == s || errno || (*end && strcmp(end, "%") != 0) || v != v)
        usage_error("invalid number of jobs for -j/--jobs: '%s'", s);
    if (*end == '%')
        n = (long)(cpus * v / 100);
    else if (*s == '+' || *s == '-')
        n = cpus + (long)v;
    else if (v == 0)
        return jobs_max();
    else
        n = (long)v;
    if (v < 0 && *s != '-')
        usage_error("invalid number of jobs for -j/--jobs: '%s'", s);
    return n < 1 ? 1 : n;
}

/* -d C with C-style escapes for the characters one cannot type. */
static char parse_delim(const char *s)
{
    static const char esc[] = "n\nt\t0\0\\\\r\ra\af\fv\v";

    if (s[0] != '\0' && s[1] == '\0')
        return s[0];
    if (s[0] == '\\' && s[1] != '\0' && s[2] == '\0')
        for (size_t i = 0; i + 1 < sizeof esc; i += 2)
            if (esc[i] == s[1])
                return esc[i + 1];
    usage_error("-d/--delimiter takes one character, not '%s'", s);
}

static int is_sep(const char *s)
{
    return strcmp(s, ":::") == 0 || strcmp(s, "::::") == 0;
}

/* The words after the command: ::: lists and :::: files. */
static void parse_sources(struct opts *o, int argc, char **argv, int i)
{
    while (i < argc) {
        const char *sep = argv[i++];
        int first = i;
        while (i < argc && !is_sep(argv[i]))
            i++;
        if (strcmp(sep, ":::") == 0) {
            input_add_args(o->input, argv + first, i - first);
            continue;
        }
        if (first == i)
            usage_error("%s needs a file name", sep);
        for (int k = first; k < i; k++)
            input_add_file(o->input, argv[k]);
    }
}

static void parse_option(struct opts *o, int c, int argc, char **argv)
{
    switch (c) {
    case 'j':
    case 'P':
        o->jobs = parse_jobs(optarg);
        break;
    case 'k':
        o->keep_order = 1;
        break;
    case OPT_GROUP:
        break;
    case 'a':
        input_add_file(o->input, optarg);
        break;
    case '0':
        input_set_delim(o->input, '\0');
        break;
    case 'd':
        input_set_delim(o->input, parse_delim(optarg));
        break;
    case OPT_DRY_RUN:
        o->dry_run = 1;
        break;
    case 't':
        o->verbose = 1;
        break;
    case 'h':
        fputs(usage_text, stdout);
        exit(0);
    case OPT_VERSION:
        printf("lanes %s\n", LANES_VERSION);
        exit(0);
    case OPT_CORES:
    case OPT_CPUS:
        print_number(cpu_cores());
    case OPT_SOCKETS:
        print_number(cpu_sockets());
    case OPT_THREADS:
        print_number(cpu_threads());
    case ':':
        usage_error("option '%s' needs a value", argv[optind - 1]);
    default:
        if (optopt && optopt < 256) {
            char opt[3] = {'-', (char)optopt, '\0'};
            usage_error("unknown option '%s'", opt);
        }
        usage_error("unknown option '%s'", optind - 1 < argc ? argv[optind - 1] : "?");
    }
}

void opts_parse(struct opts *o, int argc, char **argv)
{
    int c;

    *o = (struct opts){.jobs = cpu_threads(), .input = input_new()};
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:j:P:ka:0d:th", long_opts, NULL)) != -1)
        parse_option(o, c, argc, argv);
    int cmd_end = optind;
    while (cmd_end < argc && !is_sep(argv[cmd_end]))
        cmd_end++;
    parse_sources(o, argc, argv, cmd_end);
    input_default_stdin(o->input);
    o->tmpl = tmpl_compile(argv + optind, cmd_end - optind, NULL);
}

void opts_free(struct opts *o)
{
    input_free(o->input);
    tmpl_free(o->tmpl);
}
