/* opts: command line -> struct opts. Options come first (bundled short options allowed),
 * then the command words, then any ::: and :::: sources. */
#include "opts.h"

#include <err.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <libutil.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu.h"
#include "input.h"
#include "tmpl.h"
#include "util.h"

/* Output all jobs together may hold in memory before it spills to temporary files. */
#define OPTS_OUTPUT_MEMORY (32UL << 20)

#ifndef LANES_VERSION
#define LANES_VERSION "0.0.0"
#endif

enum {
    OPT_GROUP = 256,
    OPT_DRY_RUN,
    OPT_SILENT,
    OPT_VERSION,
    OPT_CORES,
    OPT_CPUS,
    OPT_SOCKETS,
    OPT_THREADS,
    OPT_MAX_LINE,
    OPT_PIPE,
    OPT_BLOCK,
    OPT_RECSTART,
    OPT_RECEND,
    OPT_RRS,
    OPT_CAT,
    OPT_FIFO,
    OPT_PIPE_PART,
    OPT_ROUND_ROBIN,
    OPT_TEE,
    OPT_REGEXP,
    OPT_PIPE_LATER,
    OPT_WORKDIR,
    OPT_LINK,
    OPT_TRIM,
    OPT_ARG_SEP,
    OPT_ARG_FILE_SEP,
    OPT_SKIP_FIRST,
    OPT_SHUF,
    OPT_HEADER,
    OPT_ER,
    OPT_BNR,
    OPT_DNR,
    OPT_BNER,
    OPT_SEQR,
    OPT_SLOTR,
    OPT_PLUS,
    OPT_SHELL_QUOTE,
    OPT_PERL,
    OPT_NEVER,
    OPT_NOTHING,
    OPT_XARGS,
    OPT_SHOW_LIMITS,
    OPT_LINE_BUFFER,
    OPT_TAG,
    OPT_TAGSTRING,
    OPT_CTAG,
    OPT_COLOR,
    OPT_FILES,
    OPT_RESULTS,
    OPT_JOBLOG,
    OPT_TMPDIR,
    OPT_OUTPUT_MEMORY,
    OPT_HALT,
    OPT_TIMEOUT,
    OPT_TERM_SEQ,
    OPT_RETRIES,
    OPT_DELAY,
    OPT_NICE,
    OPT_LOAD,
    OPT_MEMFREE,
    OPT_RESUME,
    OPT_RESUME_FAILED,
    OPT_RETRY_FAILED,
    OPT_TTY,
    OPT_BAR,
    OPT_ETA,
    OPT_PROGRESS,
    OPT_TOTAL_JOBS,
    OPT_SUMMARY,
    OPT_NO_SUMMARY,
};

static const struct option long_opts[] = {
    {"jobs", required_argument, NULL, 'j'},
    {"max-procs", required_argument, NULL, 'P'},
    {"maxprocs", required_argument, NULL, 'P'},
    {"keep-order", no_argument, NULL, 'k'},
    {"keeporder", no_argument, NULL, 'k'},
    {"group", no_argument, NULL, OPT_GROUP},
    {"arg-file", required_argument, NULL, 'a'},
    {"argfile", required_argument, NULL, 'a'},
    {"null", no_argument, NULL, '0'},
    {"delimiter", required_argument, NULL, 'd'},
    {"eof", required_argument, NULL, 'E'},
    {"no-run-if-empty", no_argument, NULL, 'r'},
    {"norunifempty", no_argument, NULL, 'r'},
    {"link", no_argument, NULL, OPT_LINK},
    {"xapply", no_argument, NULL, OPT_LINK},
    {"trim", required_argument, NULL, OPT_TRIM},
    {"arg-sep", required_argument, NULL, OPT_ARG_SEP},
    {"argsep", required_argument, NULL, OPT_ARG_SEP},
    {"arg-file-sep", required_argument, NULL, OPT_ARG_FILE_SEP},
    {"argfilesep", required_argument, NULL, OPT_ARG_FILE_SEP},
    {"skip-first-line", no_argument, NULL, OPT_SKIP_FIRST},
    {"skipfirstline", no_argument, NULL, OPT_SKIP_FIRST},
    {"shuf", no_argument, NULL, OPT_SHUF},
    {"colsep", required_argument, NULL, 'C'},
    {"col-sep", required_argument, NULL, 'C'},
    {"header", required_argument, NULL, OPT_HEADER},
    {"replace", required_argument, NULL, 'I'},
    {"extensionreplace", required_argument, NULL, OPT_ER},
    {"er", required_argument, NULL, OPT_ER},
    {"basenamereplace", required_argument, NULL, OPT_BNR},
    {"bnr", required_argument, NULL, OPT_BNR},
    {"dirnamereplace", required_argument, NULL, OPT_DNR},
    {"dnr", required_argument, NULL, OPT_DNR},
    {"basenameextensionreplace", required_argument, NULL, OPT_BNER},
    {"bner", required_argument, NULL, OPT_BNER},
    {"seqreplace", required_argument, NULL, OPT_SEQR},
    {"slotreplace", required_argument, NULL, OPT_SLOTR},
    {"plus", no_argument, NULL, OPT_PLUS},
    {"quote", no_argument, NULL, 'q'},
    {"shell-quote", no_argument, NULL, OPT_SHELL_QUOTE},
    {"shellquote", no_argument, NULL, OPT_SHELL_QUOTE},
    {"rpl", required_argument, NULL, OPT_PERL},
    {"parens", required_argument, NULL, OPT_PERL},
    {"sql", required_argument, NULL, OPT_NEVER},
    {"sqlmaster", required_argument, NULL, OPT_NEVER},
    {"sqlworker", required_argument, NULL, OPT_NEVER},
    {"sqlandworker", required_argument, NULL, OPT_NEVER},
    {"tmux", no_argument, NULL, OPT_NEVER},
    {"tmuxpane", no_argument, NULL, OPT_NEVER},
    {"embed", no_argument, NULL, OPT_NEVER},
    {"citation", no_argument, NULL, OPT_NEVER},
    {"will-cite", no_argument, NULL, OPT_NOTHING},
    {"willcite", no_argument, NULL, OPT_NOTHING},
    {"nn", no_argument, NULL, OPT_NOTHING},
    {"nonotice", no_argument, NULL, OPT_NOTHING},
    {"no-notice", no_argument, NULL, OPT_NOTHING},
    {"plain", no_argument, NULL, OPT_NOTHING},
    {"env", required_argument, NULL, OPT_NOTHING},
    {"max-args", required_argument, NULL, 'n'},
    {"maxargs", required_argument, NULL, 'n'},
    {"max-lines", optional_argument, NULL, 'l'},
    {"maxlines", optional_argument, NULL, 'l'},
    {"max-replace-args", required_argument, NULL, 'N'},
    {"maxreplaceargs", required_argument, NULL, 'N'},
    {"xargs", no_argument, NULL, OPT_XARGS},
    {"max-chars", required_argument, NULL, 's'},
    {"maxchars", required_argument, NULL, 's'},
    {"exit", no_argument, NULL, 'x'},
    {"show-limits", no_argument, NULL, OPT_SHOW_LIMITS},
    {"line-buffer", no_argument, NULL, OPT_LINE_BUFFER},
    {"line-buffered", no_argument, NULL, OPT_LINE_BUFFER},
    {"linebuffer", no_argument, NULL, OPT_LINE_BUFFER},
    {"linebuffered", no_argument, NULL, OPT_LINE_BUFFER},
    {"lb", no_argument, NULL, OPT_LINE_BUFFER},
    {"ungroup", no_argument, NULL, 'u'},
    {"tag", no_argument, NULL, OPT_TAG},
    {"tagstring", required_argument, NULL, OPT_TAGSTRING},
    {"tag-string", required_argument, NULL, OPT_TAGSTRING},
    {"ctag", no_argument, NULL, OPT_CTAG},
    {"color", no_argument, NULL, OPT_COLOR},
    {"colour", no_argument, NULL, OPT_COLOR},
    {"files", no_argument, NULL, OPT_FILES},
    {"output-as-files", no_argument, NULL, OPT_FILES},
    {"outputasfiles", no_argument, NULL, OPT_FILES},
    {"results", required_argument, NULL, OPT_RESULTS},
    {"result", required_argument, NULL, OPT_RESULTS},
    {"res", required_argument, NULL, OPT_RESULTS},
    {"joblog", required_argument, NULL, OPT_JOBLOG},
    {"jl", required_argument, NULL, OPT_JOBLOG},
    {"tmpdir", required_argument, NULL, OPT_TMPDIR},
    {"tempdir", required_argument, NULL, OPT_TMPDIR},
    {"output-memory", required_argument, NULL, OPT_OUTPUT_MEMORY},
    {"halt", required_argument, NULL, OPT_HALT},
    {"halt-on-error", required_argument, NULL, OPT_HALT},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"term-seq", required_argument, NULL, OPT_TERM_SEQ},
    {"termseq", required_argument, NULL, OPT_TERM_SEQ},
    {"retries", required_argument, NULL, OPT_RETRIES},
    {"delay", required_argument, NULL, OPT_DELAY},
    {"nice", required_argument, NULL, OPT_NICE},
    {"load", required_argument, NULL, OPT_LOAD},
    {"memfree", required_argument, NULL, OPT_MEMFREE},
    {"resume", no_argument, NULL, OPT_RESUME},
    {"resume-failed", no_argument, NULL, OPT_RESUME_FAILED},
    {"resumefailed", no_argument, NULL, OPT_RESUME_FAILED},
    {"retry-failed", no_argument, NULL, OPT_RETRY_FAILED},
    {"retryfailed", no_argument, NULL, OPT_RETRY_FAILED},
    {"interactive", no_argument, NULL, 'p'},
    {"tty", no_argument, NULL, OPT_TTY},
    {"open-tty", no_argument, NULL, 'o'},
    {"bar", no_argument, NULL, OPT_BAR},
    {"eta", no_argument, NULL, OPT_ETA},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"total-jobs", required_argument, NULL, OPT_TOTAL_JOBS},
    {"totaljobs", required_argument, NULL, OPT_TOTAL_JOBS},
    {"total", required_argument, NULL, OPT_TOTAL_JOBS},
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"no-summary", no_argument, NULL, OPT_NO_SUMMARY},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"dryrun", no_argument, NULL, OPT_DRY_RUN},
    {"verbose", no_argument, NULL, 't'},
    {"silent", no_argument, NULL, OPT_SILENT},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, 'h'},
    {"number-of-cores", no_argument, NULL, OPT_CORES},
    {"number-of-cpus", no_argument, NULL, OPT_CPUS},
    {"number-of-sockets", no_argument, NULL, OPT_SOCKETS},
    {"number-of-threads", no_argument, NULL, OPT_THREADS},
    {"max-line-length-allowed", no_argument, NULL, OPT_MAX_LINE},
    {"pipe", no_argument, NULL, OPT_PIPE},
    {"spreadstdin", no_argument, NULL, OPT_PIPE},
    {"block", required_argument, NULL, OPT_BLOCK},
    {"block-size", required_argument, NULL, OPT_BLOCK},
    {"blocksize", required_argument, NULL, OPT_BLOCK},
    {"recstart", required_argument, NULL, OPT_RECSTART},
    {"recend", required_argument, NULL, OPT_RECEND},
    {"rrs", no_argument, NULL, OPT_RRS},
    {"remove-rec-sep", no_argument, NULL, OPT_RRS},
    {"removerecsep", no_argument, NULL, OPT_RRS},
    {"pipe-part", no_argument, NULL, OPT_PIPE_PART},
    {"pipepart", no_argument, NULL, OPT_PIPE_PART},
    {"round-robin", no_argument, NULL, OPT_ROUND_ROBIN},
    {"roundrobin", no_argument, NULL, OPT_ROUND_ROBIN},
    {"cat", no_argument, NULL, OPT_CAT},
    {"fifo", no_argument, NULL, OPT_FIFO},
    {"tee", no_argument, NULL, OPT_TEE},
    {"group-by", required_argument, NULL, OPT_PIPE_LATER},
    {"groupby", required_argument, NULL, OPT_PIPE_LATER},
    {"shard", required_argument, NULL, OPT_PIPE_LATER},
    {"bin", required_argument, NULL, OPT_PIPE_LATER},
    {"regexp", no_argument, NULL, OPT_REGEXP},
    {"workdir", required_argument, NULL, OPT_WORKDIR},
    {"work-dir", required_argument, NULL, OPT_WORKDIR},
    {"wd", required_argument, NULL, OPT_WORKDIR},
    {NULL, 0, NULL, 0},
};

/* What parsing gathers before the input and the template can be built. */
struct parse {
    char delim[64]; /* -d, unescaped */
    unsigned modes; /* 1 << OUT_* for each output mode option given */
    int tag;        /* --tag or --ctag */
    int show_limits;
    int len_check; /* -s or -x: check every command line's length, one argument or many */
    const char *tagstring;
    struct input_conf in;
    struct tmpl_conf tc;
    const char *arg_sep;
    const char *arg_file_sep;
    const char *header;
    long per_job[4]; /* the values of -N, -n, -l, -L in that order; -1: not given */
    int silent;      /* --silent: no -v, wherever it stands (-t stays) */
    char **files;    /* the :::: and -a files, in order */
    size_t nfiles;
    size_t nfiles_later; /* the -a files among them, not yet opened */
    int jobs_given;      /* -j: with --tee, too few slots are an error, not raised */
    const char *block;   /* --block, as given, and its spelling */
    const char *block_opt;
    int plain_multi; /* -m or --xargs: -L does not repeat a word holding {} */
};

enum { PER_N, PER_n, PER_l, PER_L };

/* A :::: or -a file. --pipe-part only reads its name (it must not open a fifo): -a files are
 * opened after all options are read, in the order given. */
static void parse_add_file(struct parse *p, struct opts *o, char *path, int now)
{
    if (now && !o->pipe_part)
        input_add_file(o->input, path);
    p->nfiles_later += !now;
    p->files = xreallocarray(p->files, p->nfiles + 1, sizeof *p->files);
    p->files[p->nfiles++] = path;
}

/* One string a line: together they are longer than C promises a single literal may be. */
static const char *const usage_text[] = {
    "Usage: lanes [options] [command [arguments]] < list_of_arguments\n",
    "       lanes [options] [command [arguments]] (::: arguments | :::: argfile)...\n",
    "\n",
    "Runs command once per input item, many at a time, and prints each job's output\n",
    "whole. The command's replacement strings take the item; without any, ' {}' is\n",
    "appended. Arguments are shell-quoted, so input is data, never code.\n",
    "\n",
    "Inputs (several sources combine as a cartesian product, the last varying fastest):\n",
    "  ::: ARGS...            arguments from the command line (:::+ links to the previous)\n",
    "  :::: FILE..., -a FILE, --arg-file FILE\n",
    "                         arguments from FILE, one per line, - for stdin (::::+ links)\n",
    "  --link, --xapply       take the sources side by side; shorter ones wrap\n",
    "  --arg-sep SEP          use SEP instead of :::\n",
    "  --arg-file-sep SEP     use SEP instead of ::::\n",
    "  -0, --null             items end with NUL instead of newline\n",
    "  -d, --delimiter C      items end with C (escapes \\n \\t \\r \\NNN)\n",
    "  -E, --eof STR          an item equal to STR ends its source\n",
    "  -r, --no-run-if-empty  skip blank items\n",
    "  --skip-first-line      skip the first item of the first source\n",
    "  -C, --colsep REGEX     split items into columns {1} {2} ... at REGEX (PCRE2)\n",
    "  --header :             the first item of each source names its columns: {name}\n",
    "  --header 0             each :::: or -a file names its source: {file}\n",
    "  --trim n|l|r|lr|rl     trim blanks from columns\n",
    "  --shuf                 run the jobs in random order\n",
    "\n",
    "Replacement strings:\n",
    "  {}  the item          {.}  without extension   {/}  basename\n",
    "  {//} dirname          {/.} basename without extension\n",
    "  {#} job number        {%}  job slot\n",
    "  {n} {-n} {n.} {n/} {n//} {n/.}   column or source n (-n: from the end)\n",
    "  -I STR, --replace STR  use STR for {}; likewise for {.} {/} {//} {/.} {#} {%}:\n",
    "                         --er/--extensionreplace, --bnr/--basenamereplace,\n",
    "                         --dnr/--dirnamereplace, --bner/--basenameextensionreplace,\n",
    "                         --seqreplace, --slotreplace\n",
    "  --plus                 more replacement strings: {..} {+/} {%suffix} {#prefix}\n",
    "                         {/re/str} {:pos:len} {##} {0#} ... (see lanes(1))\n",
    "  -q, --quote            quote the command words too\n",
    "  --shell-quote          print each command line shell-quoted; run nothing\n",
    "\n",
    "Several items a job:\n",
    "  -N N, --max-replace-args N  N items a job, {1}..{N} are the items (-N0: none)\n",
    "  -n N, --max-args N     at most N items a job\n",
    "  -L N, -l N, --max-lines N   N input lines a job\n",
    "  -X                     as many as fit; a word holding {} repeats for each item\n",
    "  -m                     as many as fit, space-separated where {} stands\n",
    "  --xargs                as many as fit, not spread over the job slots\n",
    "  -s N, --max-chars N    command lines of at most N characters\n",
    "  -x, --exit             stop when one item alone is too long\n",
    "  --show-limits          print the command-line limits, then run\n",
    "\n",
    "Blocks of stdin (each job reads one block on its stdin; {} is empty):\n",
    "  --pipe, --spreadstdin  cut stdin (or one :::: or -a file) into blocks of whole\n",
    "                         records\n",
    "  --pipe-part, --pipepart  cut the :::: and -a files in place into parts of at\n",
    "                         least --block bytes (default -10: ten parts a job slot;\n",
    "                         -N: N a slot); jobs read their part from the file\n",
    "  --round-robin, --roundrobin  start -j jobs only, and give each block after block\n",
    "                         in turn (--pipe-part: one part a job slot)\n",
    "  --fifo                 as --cat, with a fifo that lanes writes the block into\n",
    "                         once the job opens it\n",
    "  --tee                  all of stdin to every job; the ::: arguments make the jobs,\n",
    "                         which all run at once\n",
    "  --cat                  each block goes to a file of its own in --tmpdir, named\n",
    "                         by {} (appended when the command has no {})\n",
    "  --block, --block-size, --blocksize SIZE\n",
    "                         bytes a block at most, e.g. 10k or 1M (the default);\n",
    "                         a longer record makes it grow\n",
    "  --recend STR           records end with STR (default \\n, or with --recstart\n",
    "                         alone, anything; escapes \\0 \\n \\t \\r \\\\ \\' \\\")\n",
    "  --recstart STR         records start with STR (default: anything)\n",
    "  --regexp               --recstart and --recend are regexes (PCRE2, multiline)\n",
    "  --rrs, --remove-rec-sep, --removerecsep\n",
    "                         take recend and recstart out of the blocks\n",
    "  -N N, -n N             N records a block; -L N: a record is N lines\n",
    "  --header N|:|REGEX     the first N lines (: one), or what REGEX matches at\n",
    "                         the start, begin every block\n",
    "\n",
    "Running:\n",
    "  -j, -P, --jobs, --max-procs N\n",
    "                         job slots: N, +N or -N (added to the CPU threads), N%,\n",
    "                         0 for as many as possible, or a FILE holding the number\n",
    "                         (read again while running); default one per CPU thread\n",
    "  --halt, --halt-on-error WHEN,WHY=N\n",
    "                         stop early: WHEN now or soon; WHY fail, success or done;\n",
    "                         N a count or N%; also 0, 1, 2, -1, -2\n",
    "  --timeout SECS|N%      end a job running longer (N% of the median runtime)\n",
    "  --term-seq SIG,MS,...  how a job is ended (default TERM,200,TERM,100,TERM,50,KILL,25)\n",
    "  --retries N            run a failing job up to N times\n",
    "  --delay SECS           wait this long between job starts\n",
    "  --nice N               run the jobs at this niceness\n",
    "  --load MAX             start no job while the load average is MAX or more (or N%)\n",
    "  --memfree SIZE         start no job with less memory free; end the youngest under half\n",
    "  --joblog [+]FILE       a line per finished job, in GNU parallel's format\n",
    "  --resume               skip the jobs in the job log\n",
    "  --resume-failed        run the failed jobs of the log again, with this command\n",
    "  --retry-failed         run the failed jobs of the log again, with their logged command\n",
    "  -p, --interactive      ask on the terminal before each job\n",
    "  --workdir DIR, --wd DIR\n",
    "                         run jobs in DIR, made when missing (replacement strings\n",
    "                         allowed; ... a fresh one under ~/.parallel/tmp a job)\n",
    "  --tty, -o, --open-tty  jobs read the terminal (one at a time)\n",
    "  --dry-run              print the commands instead of running them\n",
    "  -t, --verbose          print each command on stderr before running it\n",
    "  -v                     start each job's output with its command line\n",
    "  --silent               cancels -v, wherever it stands\n",
    "\n",
    "Output:\n",
    "  --group                print each job's output whole when it ends (default)\n",
    "  -k, --keep-order       print outputs in input order\n",
    "  --line-buffer, --lb    print whole lines as they come\n",
    "  -u, --ungroup          print output as it comes\n",
    "  --tag, --tagstring STR start each line with the arguments, or with STR\n",
    "  --ctag, --color, --colour  colour each job's lines (--ctag also tags them)\n",
    "  --files, --output-as-files, --outputasfiles\n",
    "                         save each job's output to a file and print its name\n",
    "  --results, --res DIR|F.csv|F.tsv|F.json\n",
    "                         save outputs in a tree under DIR, or one record a job\n",
    "  --tmpdir, --tempdir DIR  where large outputs are held (default $TMPDIR, /tmp)\n",
    "  --output-memory SIZE   output held in memory before it goes to --tmpdir (32M)\n",
    "  --bar, --eta, --progress  show how the run goes, on stderr\n",
    "  --total-jobs N         how many jobs to expect, for --bar and --eta\n",
    "  --summary, --no-summary   list the failed jobs at the end (default: when stderr\n",
    "                         is a terminal)\n",
    "\n",
    "Information:\n",
    "  --number-of-cores, --number-of-cpus, --number-of-sockets, --number-of-threads\n",
    "  --max-line-length-allowed   the longest command line the system takes\n",
    "  --version, -h, --help\n",
    "  --will-cite, --no-notice, --plain, --env VAR\n",
    "                         accepted and ignored: lanes prints no notice and reads no\n",
    "                         profile, and jobs inherit the whole environment\n",
    "  GNU parallel's other spellings of these options are taken too:\n",
    "                         --maxprocs --keeporder --argfile --norunifempty --argsep\n",
    "                         --argfilesep --skipfirstline --col-sep --shellquote --willcite\n",
    "                         --nn --nonotice --maxargs --maxlines --maxreplaceargs\n",
    "                         --maxchars --line-buffered --linebuffer --linebuffered\n",
    "                         --tag-string --result --jl --termseq --resumefailed\n",
    "                         --retryfailed --totaljobs --dryrun --work-dir\n",
    "\n",
    "Exit status: 0 when every job succeeded, 1-100 the number of failed jobs, 101 for\n",
    "more than 100, 255 for an error of lanes itself. See lanes(1).\n",
    NULL,
};

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
        /* Two pipes a job, and room for lanes' own files and parking pipes (spill.c). */
        n = ((long)rl.rlim_cur - 32 - 128) / 2;
    }
    if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (long)rl.rlim_cur / 2 < n)
        n = (long)rl.rlim_cur / 2;
    return n > 0 ? n : 1;
}

/* -j N, +N, -N, N% or 0, relative to the CPU threads. Whole numbers only, as GNU parallel;
 * -1 for a value that is no job count at all, 0 for one that leaves no slot. */
static long jobs_value(const char *s)
{
    const char *digits = s + (*s == '+' || *s == '-');
    size_t len = strspn(digits, "0123456789");
    int pct = digits[len] == '%' && digits[len + 1] == '\0';
    long cpus = cpu_threads(), n;

    if (len == 0 || (digits[len] != '\0' && !pct) || (pct && digits != s))
        return -1;
    if (len > 9) /* more than any machine can run: as many as possible */
        return *s == '-' ? 0 : jobs_max();
    long v = strtol(digits, NULL, 10);
    if (pct)
        n = v == 0 ? 0 : cpus * v / 100 > 0 ? cpus * v / 100 : 1;
    else if (*s == '+')
        n = cpus + v;
    else if (*s == '-')
        n = cpus - v;
    else if (v == 0)
        return jobs_max();
    else
        n = v;
    return n < 1 ? 0 : n;
}

long opts_jobs_value(const char *s)
{
    char buf[64];
    size_t len = strcspn(s, " \t\r\n");

    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    long n = jobs_value(buf);
    return n < 0 ? 0 : n;
}

/* -j VALUE, or -j FILE holding the value (read again while running). */
static long parse_jobs(struct opts *o, const char *s)
{
    long n = jobs_value(s);

    if (n < 0 && access(s, R_OK) == 0) {
        o->jobs_file = s;
        FILE *f = fopen(s, "r");
        char line[64] = "";
        if (f == NULL || fgets(line, sizeof line, f) == NULL)
            line[0] = '\0';
        if (f)
            fclose(f);
        if ((n = opts_jobs_value(line)) > 0)
            return n;
        usage_error("-j/--jobs file '%s' does not hold a number of jobs", s);
    }
    if (n < 0)
        usage_error("invalid number of jobs for -j/--jobs: '%s'", s);
    if (n == 0)
        usage_error("-j/--jobs '%s' leaves no job slot: cannot run any jobs", s);
    return n;
}

/* The escape of -d that starts at p, just past a backslash, as GNU parallel reads them: \n \t
 * \r, \NNN (one to three octal digits) and \8 \9 (the digit itself). Stores the byte in *out
 * and returns how many characters it took: 0 when p starts no escape, and the backslash is
 * then a byte of its own (so '\\' is two backslashes, as in GNU parallel). */
static size_t delim_escape(const char *p, char *out, const char *arg)
{
    static const char esc[] = "n\nt\tr\r";
    const char *e = *p ? strchr(esc, *p) : NULL;
    size_t k = 0;
    int v = 0;

    if (e && (e - esc) % 2 == 0) {
        *out = e[1];
        return 1;
    }
    if (*p == '8' || *p == '9') {
        *out = *p;
        return 1;
    }
    for (; k < 3 && p[k] >= '0' && p[k] <= '7'; k++)
        v = v * 8 + (p[k] - '0');
    if (v > 0377)
        usage_error("-d/--delimiter '%s': the octal escape '\\%.3s' is more than a byte", arg, p);
    *out = (char)v;
    return k;
}

/* -d STR with the escapes of delim_escape() for the bytes one cannot type; the result goes to
 * out. Returns its length. */
static size_t parse_delim(const char *s, char *out, size_t size)
{
    size_t n = 0;

    for (const char *p = s; *p && n < size; n++) {
        size_t used = *p == '\\' ? delim_escape(p + 1, &out[n], s) : 0;
        if (used == 0)
            out[n] = *p;
        p += 1 + used;
    }
    if (n == 0 || n >= size)
        usage_error("-d/--delimiter takes a string of 1 to %zu bytes, not '%s'", size - 1, s);
    return n;
}

/* 1 for ::: (or --arg-sep), 2 for :::: (or --arg-file-sep); +2 for the linked + forms. */
static int sep_kind(const struct parse *p, const char *s)
{
    size_t a = strlen(p->arg_sep), f = strlen(p->arg_file_sep);

    if (strcmp(s, p->arg_sep) == 0)
        return 1;
    if (strcmp(s, p->arg_file_sep) == 0)
        return 2;
    if (strncmp(s, p->arg_sep, a) == 0 && strcmp(s + a, "+") == 0)
        return 3;
    if (strncmp(s, p->arg_file_sep, f) == 0 && strcmp(s + f, "+") == 0)
        return 4;
    return 0;
}

/* The words after the command: ::: lists and :::: files, + for linked (a :::: with no file
 * after it adds nothing, as in GNU parallel). GNU parallel counts the + of the k-th source after
 * the command as if no -a file came first, so after -a files it links source k of all (a -a
 * file, or an earlier source): lanes does the same, to run the same jobs. */
static void parse_sources(struct opts *o, struct parse *p, int argc, char **argv, int i)
{
    size_t k = 0; /* sources added here so far */

    while (i < argc) {
        int kind = sep_kind(p, argv[i++]), first = i;
        while (i < argc && !sep_kind(p, argv[i]))
            i++;
        int added = kind % 2 ? 1 : i - first; /* a ::: list is one source, each file one */
        if (kind % 2)
            input_add_args(o->input, argv + first, i - first);
        for (int f = first; kind % 2 == 0 && f < i; f++)
            parse_add_file(p, o, argv[f], 1);
        for (; added > 0; added--, k++)
            if (kind > 2)
                input_link(o->input, k);
    }
}

static void refuse(const char *opt, const char *instead) __attribute__((noreturn));

static void refuse(const char *opt, const char *instead)
{
    usage_error("%s%s is not supported by lanes; %s", opt[0] == '-' ? "" : "--", opt, instead);
}

/* Options that shape the input and the template. Returns 0 when c is none of them. */
static int parse_input_option(struct parse *p, struct opts *o, int c)
{
    switch (c) {
    case 'a':
        parse_add_file(p, o, optarg, 0);
        break;
    case '0':
        p->in.delim = "";
        p->in.delim_len = 1; /* the NUL */
        break;
    case 'd':
        p->in.delim_len = parse_delim(optarg, p->delim, sizeof p->delim);
        p->in.delim = p->delim;
        break;
    case 'E':
        p->in.eof = optarg;
        break;
    case 'r':
        p->in.skip_empty = 1;
        break;
    case OPT_LINK:
        p->in.link_all = 1;
        break;
    case OPT_TRIM:
        p->in.trim = optarg;
        break;
    case OPT_ARG_SEP:
        p->arg_sep = optarg;
        break;
    case OPT_ARG_FILE_SEP:
        p->arg_file_sep = optarg;
        break;
    case OPT_SKIP_FIRST:
        p->in.skip_first = 1;
        break;
    case OPT_SHUF:
        p->in.shuffle = 1;
        break;
    case 'C':
        p->in.colsep = optarg;
        o->colsep = 1;
        break;
    case OPT_HEADER:
        p->header = optarg;
        break;
    default:
        return 0;
    }
    return 1;
}

static int parse_template_option(struct parse *p, int c)
{
    struct tmpl_spelling *sp = &p->tc.sp;

    switch (c) {
    case 'I':
        sp->arg = optarg;
        break;
    case OPT_ER:
        sp->noext = optarg;
        break;
    case OPT_BNR:
        sp->base = optarg;
        break;
    case OPT_DNR:
        sp->dir = optarg;
        break;
    case OPT_BNER:
        sp->basenoext = optarg;
        break;
    case OPT_SEQR:
        sp->seq = optarg;
        break;
    case OPT_SLOTR:
        sp->slot = optarg;
        break;
    case OPT_PLUS:
        p->tc.plus = 1;
        break;
    case 'q':
        p->tc.quote_words = 1;
        break;
    default:
        return 0;
    }
    return 1;
}

static size_t parse_count(const char *opt, const char *s, long long min)
{
    const char *err;
    long long n = strtonum(s, min, 1LL << 40, &err);

    if (err)
        usage_error("%s takes a whole number of at least %lld, not '%s'", opt, min, s);
    return (size_t)n;
}

/* Records a job, when -N, -n, -l and -L are given together: GNU parallel's precedence decides,
 * not their order: -N, then -n unless 0, then -l, then -L. A value of 0 inserts no argument. */
static void parse_per_job(const struct parse *p, struct opts *o)
{
    const long *v = p->per_job;
    long n = v[PER_N] >= 0   ? v[PER_N]
             : v[PER_n] > 0  ? v[PER_n]
             : v[PER_l] > 0  ? v[PER_l]
             : v[PER_L] >= 0 ? v[PER_L]
                             : v[PER_n];

    if (o->pipe) { /* records a block, and lines a record */
        o->block.records = v[PER_N] > 0   ? (unsigned long)v[PER_N]
                           : v[PER_n] > 0 ? (unsigned long)v[PER_n]
                                          : 0;
        o->block.rec.lines = v[PER_L] > 0 ? (unsigned long)v[PER_L] : 0;
        return;
    }
    if (n < 0)
        return;
    o->batch.multi = 1;
    o->batch.insert_none = n == 0;
    o->batch.max_args = n > 0 ? (size_t)n : 1;
}

static size_t parse_size(const char *opt, const char *s);

/* --block: bytes; with --pipe-part also 0 (the default, -10) or -N (N parts a job slot). */
static long long parse_block(const struct parse *p, int part)
{
    char opt[32];

    if (p->block == NULL)
        return part ? 0 : 1 << 20;
    snprintf(opt, sizeof opt, "--%s", p->block_opt);
    if (!part && (strcmp(p->block, "0") == 0 || p->block[0] == '-'))
        usage_error("%s '%s': --pipe takes a size of 1 byte or more (0 and -N are --pipe-part's)",
                    opt, p->block);
    if (strcmp(p->block, "0") == 0)
        return 0;
    if (p->block[0] == '-')
        return -(long long)parse_size(opt, p->block + 1);
    return (long long)parse_size(opt, p->block);
}

/* --pipe-part: the -a and :::: files are cut, in order; ::: lists mean nothing there. */
static void parse_pipe_part(struct parse *p, struct opts *o)
{
    const long *v = p->per_job;

    if (v[PER_N] >= 0 || v[PER_n] >= 0 || v[PER_l] >= 0 || v[PER_L] >= 0)
        usage_error("--pipe-part takes no -N, -n, -L or -l: a part ends at the first record end "
                    "--block bytes on");
    if (o->block.rec.regexp)
        usage_error("--pipe-part takes no --regexp: its --recstart and --recend are strings");
    if (input_nsources(o->input) > 0)
        util_warn("--pipe-part cuts -a and :::: files: the ::: arguments are not used");
    if (p->nfiles == 0)
        util_warn("--pipe-part has no -a or :::: file to cut: nothing to run");
    /* --round-robin: one part a job slot, as in GNU parallel, whatever --block says. */
    o->part = (struct part_conf){o->round_robin ? -1 : parse_block(p, 1), o->jobs, o->block.rec,
                                 p->header};
    o->round_robin = 0; /* (each job has its part: nothing to deal) */
    o->part_files = p->files;
    o->npart_files = p->nfiles;
    p->files = NULL;
}

/* The first option given that only --pipe takes. */
static const char *parse_pipe_only(const struct opts *o)
{
    if (o->pipe_cat)
        return o->pipe_cat == OPTS_FIFO ? "--fifo" : "--cat";
    return o->round_robin ? "--round-robin" : o->tee ? "--tee" : "--regexp";
}

/* --tee: the arguments make the jobs, as without --pipe, and every job reads all of stdin; so
 * they all run at once, and none is run again. */
static void parse_tee(struct parse *p, struct opts *o)
{
    if (o->pipe_part || o->round_robin || o->pipe_cat)
        usage_error("--tee gives all of stdin to every job: it takes no --pipe-part, "
                    "--round-robin, --cat or --fifo");
    if (input_nsources(o->input) == 0 || input_reads_stdin(o->input))
        usage_error("--tee needs ::: (or :::: file) arguments for its jobs: stdin goes to "
                    "every one of them");
    if (o->retries > 1)
        usage_error("--tee jobs read stdin as it comes: --retries cannot run one again");
    o->pipe = 0; /* the jobs come from the arguments */
    p->tc.no_append = 1;
    p->in.count = 1;
    input_configure(o->input, &p->in);
    o->total = input_total(o->input);
    if (o->total > (unsigned long)o->jobs && p->jobs_given)
        usage_error("--tee runs its %lu jobs at once: use -j %lu or more, or -j 0", o->total,
                    o->total);
    if (o->total > (unsigned long)o->jobs) /* as GNU parallel: as many slots as jobs */
        o->jobs = (long)o->total;
}

/* --pipe reads stdin, or one :::: or -a file, and needs a command; its --header is a count of
 * lines or a regex. */
static void parse_pipe(struct parse *p, struct opts *o, int cmd_end)
{
    if (cmd_end == optind)
        usage_error("--%s needs a command to read the blocks", o->pipe_part ? "pipe-part" : "pipe");
    if (p->in.shuffle || (o->progress & (OPTS_BAR | OPTS_ETA)))
        usage_error("--%s cannot know how many blocks there are, or shuffle them: it takes no "
                    "--bar, --eta or --shuf (as in GNU parallel)",
                    o->pipe_part ? "pipe-part" : "pipe");
    struct recsep_conf *b = &o->block.rec;
    if (b->recend == NULL) { /* as GNU parallel: with only --recstart, a record ends anywhere */
        b->recend = b->recstart ? "" : "\n";
        b->recend_len = b->recstart ? 0 : 1;
    }
    if (b->recstart == NULL)
        b->recstart = "";
    if (o->tee) {
        parse_tee(p, o);
        return;
    }
    if (o->pipe_part) {
        parse_pipe_part(p, o);
    } else {
        if (input_nsources(o->input) > 1 || input_nsources(o->input) != p->nfiles)
            usage_error("--pipe cuts one input into blocks: stdin, or one :::: or -a file, no :::");
        o->block.size = (size_t)parse_block(p, 0);
    }
    o->block.header = p->header;
    p->header = NULL;               /* no column names */
    p->tc.no_append = !o->pipe_cat; /* with --cat and --fifo, {} is appended as usual */
}

/* Options that put several records on one command line. */
static int parse_batch_option(struct parse *p, struct opts *o, int c)
{
    struct batch_conf *b = &o->batch;

    switch (c) {
    case 'N':
    case 'n':
    case 'L':
        p->per_job[c == 'N'   ? PER_N
                   : c == 'n' ? PER_n
                              : PER_L] = (long)parse_count(c == 'N'   ? "-N"
                                                           : c == 'n' ? "-n"
                                                                      : "-L",
                                                           optarg, 0);
        p->tc.context |= c == 'N'; /* -N repeats a word holding {} as -X does (-L: below) */
        p->in.join_blank |= c == 'L';
        break;
    case 'l': /* -l[N]: the value is optional and 0 means 1 */
        p->per_job[PER_l] = optarg ? (long)parse_count("-l", optarg, 0) : 1;
        if (p->per_job[PER_l] == 0)
            p->per_job[PER_l] = 1;
        p->in.join_blank = 1; /* (and, as in GNU parallel, {} takes the lines as -m does) */
        break;
    case 'X':
        p->tc.context = 1;
        b->multi = b->spread = 1;
        break;
    case 'm':
        b->multi = b->spread = 1;
        p->plain_multi = 1;
        break;
    case OPT_XARGS:
        b->multi = 1;
        p->plain_multi = 1;
        break;
    case 's':
        b->max_chars = parse_count("-s/--max-chars", optarg, 1);
        p->len_check = 1;
        break;
    case 'x':
        b->exit_too_long = 1;
        p->len_check = 1;
        break;
    case OPT_SHOW_LIMITS:
        p->show_limits = 1;
        break;
    default:
        return 0;
    }
    return 1;
}

/* A size as GNU parallel reads one: a number, a fraction allowed, then maybe K M G T P
 * (powers of 1024) or k m g t p (powers of 1000). */
static size_t parse_size(const char *opt, const char *s)
{
    static const char units[] = "KMGTPkmgtp";
    const char *rest = s;
    double v = -1;

    if (*s >= '0' && *s <= '9') {
        char *end;
        v = strtod(s, &end);
        rest = end;
    }
    const char *u = *rest ? strchr(units, *rest) : NULL;
    if (u && rest[1] == '\0') {
        size_t k = (size_t)(u - units);
        for (size_t i = 0; i <= k % 5; i++)
            v *= k < 5 ? 1024 : 1000;
    } else if (*rest) {
        v = -1;
    }
    if (!(v >= 1 && v <= (double)(SIZE_MAX / 2)))
        usage_error("%s takes a size like 64M or 1G, not '%s'", opt, s);
    return (size_t)v;
}

/* --recstart and --recend with GNU parallel's escapes: \0 \n \t \r, and \\ \' \" for the
 * character itself. In place (the text only gets shorter); returns its length, as it may
 * hold NUL bytes. */
static size_t rec_unescape(char *s)
{
    static const char from[] = "0ntr\\'\"", to[] = {'\0', '\n', '\t', '\r', '\\', '\'', '"'};
    char *w = s;

    for (const char *r = s; *r; r++) {
        const char *e = r[0] == '\\' && r[1] ? strchr(from, r[1]) : NULL;
        *w++ = e ? to[e - from] : *r;
        r += e != NULL;
    }
    return (size_t)(w - s);
}

/* --pipe and the options that say how its blocks are cut. */
static int parse_pipe_option(struct parse *p, struct opts *o, int c, const char *name)
{
    switch (c) {
    case OPT_PIPE:
        o->pipe = 1;
        break;
    case OPT_BLOCK: /* a size, or 0 or -N for --pipe-part: which one counts is known later */
        p->block = optarg;
        p->block_opt = name;
        (void)parse_block(p, 1);
        break;
    case OPT_PIPE_PART:
        o->pipe = o->pipe_part = 1;
        break;
    case OPT_ROUND_ROBIN:
        o->round_robin = 1;
        break;
    case OPT_TEE:
        o->tee = 1;
        break;
    case OPT_RECSTART:
        o->block.rec.recstart_len = rec_unescape(optarg);
        o->block.rec.recstart = optarg;
        break;
    case OPT_RECEND:
        o->block.rec.recend_len = rec_unescape(optarg);
        o->block.rec.recend = optarg;
        break;
    case OPT_RRS:
        o->block.remove_sep = 1;
        break;
    case OPT_CAT:
        o->pipe_cat = OPTS_CAT;
        break;
    case OPT_FIFO:
        o->pipe_cat = OPTS_FIFO;
        break;
    case OPT_REGEXP:
        o->block.rec.regexp = 1;
        break;
    default:
        return 0;
    }
    return 1;
}

static void parse_dir(const char *opt, const char *s)
{
    struct stat st;

    if (stat(s, &st) != 0 || !S_ISDIR(st.st_mode) || access(s, W_OK | X_OK) != 0)
        usage_error("%s '%s' is not a writable directory", opt, s);
}

/* Options that choose how output is handed back. */
static int parse_output_option(struct parse *p, struct opts *o, int c)
{
    struct out_conf *oc = &o->out;

    switch (c) {
    case OPT_LINE_BUFFER:
        p->modes |= 1 << OUT_LINE;
        break;
    case 'u':
        p->modes |= 1 << OUT_UNGROUP;
        break;
    case OPT_TAG:
        p->tag = 1;
        break;
    case OPT_TAGSTRING: /* an empty one is no tag, as for GNU parallel */
        p->tagstring = *optarg != '\0' ? optarg : NULL;
        break;
    case OPT_CTAG:
        p->tag = 1;
        oc->color = 1;
        break;
    case OPT_COLOR:
        oc->color = 1;
        break;
    case OPT_FILES:
        p->modes |= 1 << OUT_FILES;
        break;
    case OPT_RESULTS:
        o->results = optarg;
        oc->hold = oc->quiet = 1; /* the output goes to the results, not to stdout */
        break;
    case OPT_JOBLOG:
        o->joblog = optarg;
        break;
    case OPT_TMPDIR:
        parse_dir("--tmpdir", optarg);
        oc->tmpdir = optarg;
        break;
    case OPT_OUTPUT_MEMORY:
        oc->mem_limit = parse_size("--output-memory", optarg);
        break;
    default:
        return 0;
    }
    return 1;
}

/* Seconds, with an optional unit: 1.5, 30s, 2m, 1h, 1d (and combinations like 1m30s). */
static double parse_duration(const char *opt, const char *s)
{
    double total = 0;
    const char *p = s;

    do {
        char *end;
        double v = strtod(p, &end);
        if (end == p || v < 0 || v != v)
            usage_error("%s takes seconds (or 2m, 1h ...), not '%s'", opt, s);
        const char *units = "smhd";
        static const double mult[] = {1, 60, 3600, 86400};
        const char *u = *end ? strchr(units, *end) : NULL;
        total += v * (u ? mult[u - units] : 1);
        p = end + (u != NULL);
        if (*end && !u)
            usage_error("%s takes seconds (or 2m, 1h ...), not '%s'", opt, s);
    } while (*p);
    return total;
}

/* Options that steer a run: when it stops, how jobs end, when they start. */
static int parse_run_option(struct opts *o, int c)
{
    switch (c) {
    case OPT_HALT:
        halt_parse(&o->halt, optarg);
        break;
    case OPT_TIMEOUT:
        o->timeout_pct = optarg[0] && optarg[strlen(optarg) - 1] == '%';
        if (o->timeout_pct) {
            char *end;
            o->timeout = strtod(optarg, &end);
            if (end == optarg || *end != '%' || o->timeout <= 0)
                usage_error("--timeout takes seconds or a percentage, not '%s'", optarg);
        } else {
            o->timeout = parse_duration("--timeout", optarg); /* 0: no timeout */
        }
        break;
    case OPT_TERM_SEQ:
        term_parse(&o->term, optarg);
        break;
    case OPT_RETRIES:
        o->retries = parse_count("--retries", optarg, 0);
        break;
    case OPT_DELAY:
        o->gate.delay = parse_duration("--delay", optarg);
        break;
    case OPT_NICE: {
        const char *err;
        long long n = strtonum(optarg, -1000, 1000, &err);
        if (err)
            usage_error("--nice takes a niceness from -20 to 19, not '%s'", optarg);
        n = n < -20 ? -20 : n > 19 ? 19 : n; /* as nice(1), out of range is the nearest end */
        errno = 0;
        if (nice((int)n) == -1 && errno != 0)
            util_warn("--nice %lld: %s", n, strerror(errno));
        break;
    }
    case OPT_LOAD: {
        char *end;
        o->gate.load_max = strtod(optarg, &end);
        if (*end == '%')
            o->gate.load_max = o->gate.load_max * (double)cpu_threads() / 100, end++;
        if (end == optarg || *end || o->gate.load_max <= 0)
            usage_error("--load takes a load average or a percentage, not '%s'", optarg);
        break;
    }
    case OPT_MEMFREE:
        o->gate.memfree = parse_size("--memfree", optarg);
        break;
    default:
        return 0;
    }
    return 1;
}

/* Options for resuming a run, asking before each job, and seeing a run. */
static int parse_watch_option(struct opts *o, int c)
{
    switch (c) {
    case OPT_RESUME:
        o->resume = OPTS_RESUME;
        break;
    case OPT_RESUME_FAILED:
        o->resume = OPTS_RESUME_FAILED;
        break;
    case OPT_RETRY_FAILED:
        o->resume = OPTS_RETRY_FAILED;
        break;
    case 'p':
        o->interactive = 1;
        break;
    case OPT_TTY:
    case 'o':
        o->tty = 1;
        break;
    case OPT_BAR:
        o->progress |= OPTS_BAR;
        break;
    case OPT_ETA:
        o->progress |= OPTS_ETA;
        break;
    case OPT_PROGRESS:
        o->progress |= OPTS_PROGRESS;
        break;
    case OPT_TOTAL_JOBS:
        o->total_jobs = parse_count("--total-jobs", optarg, 1);
        break;
    case OPT_SUMMARY:
    case OPT_NO_SUMMARY:
        o->summary = c == OPT_SUMMARY;
        break;
    default:
        return 0;
    }
    return 1;
}

static void parse_info_option(int c)
{
    switch (c) {
    case 'h':
        for (size_t i = 0; usage_text[i]; i++)
            fputs(usage_text[i], stdout);
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
    case OPT_MAX_LINE:
        print_number((long)batch_max_command());
    default:
        return;
    }
}

/* c is the option getopt_long found; name is its long name, when it is a long one. */
static void parse_option(struct parse *p, struct opts *o, int c, int argc, char **argv,
                         const char *name)
{
    /* -l takes its value attached (-l2), or as the next word when that is a number. */
    if (c == 'l' && optarg == NULL && optind < argc && argv[optind][0] &&
        strspn(argv[optind], "0123456789") == strlen(argv[optind]))
        optarg = argv[optind++];
    if (parse_input_option(p, o, c) || parse_template_option(p, c) || parse_batch_option(p, o, c) ||
        parse_output_option(p, o, c) || parse_run_option(o, c) || parse_watch_option(o, c) ||
        parse_pipe_option(p, o, c, name))
        return;
    parse_info_option(c);
    switch (c) {
    case 'j':
    case 'P':
        o->jobs = parse_jobs(o, optarg);
        p->jobs_given = 1;
        break;
    case 'k':
        o->keep_order = 1;
        break;
    case OPT_GROUP:
        p->modes |= 1 << OUT_GROUP;
        break;
    case OPT_DRY_RUN:
        o->dry_run = 1;
        break;
    case OPT_SHELL_QUOTE:
        o->shell_quote = 1;
        break;
    case 't':
        o->verbose = 1;
        break;
    case 'v':
        o->show_cmd = 1;
        break;
    case OPT_SILENT:
        p->silent = 1;
        break;
    case OPT_PERL:
        refuse("--rpl/--parens", "replacement strings run no Perl; use the --plus forms "
                                 "({/re/str}, {%suffix}, {:pos:len}, ...) instead");
    case OPT_NEVER:
        refuse(name, "see COMPATIBILITY in lanes(1)");
    case OPT_PIPE_LATER:
        usage_error("--%s is not supported by lanes yet; --pipe and --pipe-part with --block, "
                    "--recstart, --recend, --regexp, --rrs, -N, -L, --header, --cat, --fifo, "
                    "--round-robin and --tee are",
                    name);
    case OPT_NOTHING:
        break;
    case OPT_WORKDIR:
#ifndef HAVE_SPAWN_CHDIR
        usage_error("--workdir: this system cannot start a job in another directory");
#endif
        if (*optarg == '\0')
            usage_error("--workdir takes a directory, not ''");
        o->workdir = strcmp(optarg, ".") == 0 ? NULL : optarg; /* .: where lanes runs */
        break;
    case ':':
        usage_error("option '%s' needs a value", argv[optind - 1]);
    default:
        if (optopt && optopt < 256)
            usage_error("unknown option '-%c'", optopt);
        usage_error("unknown option '%s'", optind - 1 < argc ? argv[optind - 1] : "?");
    }
}

/* --header: the column names (or with --header 0 the file names) go to the template as {name},
 * and to --results, where GNU parallel names field i by the i-th :::: or -a file instead, where
 * there is one. */
static void parse_header(struct parse *p, struct opts *o)
{
    if (p->header == NULL)
        return;
    input_configure(o->input, &p->in);
    input_names(o->input, &p->tc.names, &p->tc.nnames);
    size_t n = p->tc.nnames > p->nfiles ? p->tc.nnames : p->nfiles;
    o->field_names = xreallocarray(NULL, n, sizeof *o->field_names);
    o->nfield_names = n;
    for (size_t i = 0; i < n; i++)
        o->field_names[i] = i < p->nfiles ? p->files[i] : p->tc.names[i];
}

/* -s within what the system takes; by default half of it, as GNU parallel does. */
static void parse_limits(struct parse *p, struct opts *o)
{
    size_t max = batch_max_command(), usable = max / 2;

    if (o->batch.max_chars == 0)
        o->batch.max_chars = usable;
    if (o->batch.max_chars > max) {
        util_warn("-s %zu is more than the system takes; using %zu", o->batch.max_chars, max);
        o->batch.max_chars = max;
    }
    o->batch.jobs = o->jobs;
    if (p->show_limits)
        printf("Maximal size of command: %zu\nMaximal usable size of command: %zu\n\n"
               "Execution will continue now, and it will try to read its input\n"
               "and run commands; if this is not what you wanted to happen, please\n"
               "press CTRL-D or CTRL-C\n",
               max, usable);
    fflush(stdout);
}

/* The output mode: --files wins, as in GNU parallel; --group, -u and --lb exclude each other. */
static void parse_mode(const struct parse *p, struct opts *o)
{
    static const char *const names[] = {"--group", "--line-buffer", "--ungroup", "--files"};
    unsigned grouping = p->modes & ~(1u << OUT_FILES);

    if (grouping & (grouping - 1)) {
        int a = __builtin_ctz(grouping), b = __builtin_ctz(grouping & (grouping - 1));
        usage_error("%s cannot be combined with %s", names[a], names[b]);
    }
    o->out.mode = (p->modes & (1u << OUT_FILES)) ? OUT_FILES
                  : grouping                     ? (enum out_mode)__builtin_ctz(grouping)
                                                 : OUT_GROUP;
    if (o->out.mode == OUT_UNGROUP) /* -u prints as output comes: no tags, colours or order */
        o->out.color = o->out.keep_order = 0;
}

/* Options that only make sense together. */
static void parse_check(struct opts *o)
{
    if (o->resume && o->joblog == NULL)
        usage_error("%s needs --joblog FILE", o->resume == OPTS_RESUME          ? "--resume"
                                              : o->resume == OPTS_RESUME_FAILED ? "--resume-failed"
                                                                                : "--retry-failed");
    if (o->tty) { /* one job owns the terminal at a time, and talks to it directly */
        o->jobs = 1;
        o->out.mode = OUT_UNGROUP;
    }
    if (o->retries > 1) /* only the last try's output is shown: hold it until the end */
        o->out.hold = 1;
}

/* Rewrites each backslash and 1 to n digits (n is 1 or 3) of t, as Perl reads them in a string:
 * the leading octal digits make one character (past 255, its UTF-8 bytes), the others stay;
 * a backslash before 8 or 9 goes. A NUL is left as written, as a C string cannot hold it. */
static void tag_octal_pass(char *t, size_t n)
{
    char *w = t;
    for (const char *r = t; *r;) {
        size_t d = 0, oct = 0;
        unsigned v = 0;
        while (r[0] == '\\' && d < n && isdigit((unsigned char)r[1 + d]))
            d++;
        while (oct < d && r[1 + oct] <= '7')
            v = v * 8 + (unsigned)(r[1 + oct++] - '0');
        if (d < n || (oct > 0 && v == 0)) {
            *w++ = *r++;
            continue;
        }
        if (oct > 0 && v > 255) {
            *w++ = (char)(0xc0 | (v >> 6));
            *w++ = (char)(0x80 | (v & 0x3f));
        } else if (oct > 0)
            *w++ = (char)v;
        memmove(w, r + 1 + oct, d - oct);
        w += d - oct;
        r += 1 + d;
    }
    *w = '\0';
}

/* The text of --tagstring with GNU parallel's escapes, each a pass over the whole text:
 * \t, \n and \r, then a backslash and 3 digits, then a backslash and 1 digit (octal). */
static char *tag_unescape(const char *s)
{
    static const char from[] = "tnr", to[] = "\t\n\r";
    char *t = xstrdup(s);

    for (size_t i = 0; i < sizeof from - 1; i++) {
        char *w = t;
        for (const char *r = t; *r; r++) {
            int esc = r[0] == '\\' && r[1] == from[i];
            *w++ = esc ? to[i] : *r;
            r += esc;
        }
        *w = '\0';
    }
    tag_octal_pass(t, 3);
    tag_octal_pass(t, 1);
    return t;
}

void opts_parse(struct opts *o, int argc, char **argv)
{
    struct parse p = {.arg_sep = ":::", .arg_file_sep = "::::", .per_job = {-1, -1, -1, -1}};
    int c, li = 0;

    *o = (struct opts){.jobs = cpu_threads(), .input = input_new()};
    o->out.mem_limit = OPTS_OUTPUT_MEMORY;
    o->summary = -1;
    term_default(&o->term);
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:j:P:ka:0d:E:rC:I:qtvhN:n:L:l::Xms:xupo", long_opts,
                            &li)) != -1)
        parse_option(&p, o, c, argc, argv, long_opts[li].name);
    parse_per_job(&p, o);
    /* -L repeats a word holding {} as -X does, unless -m or --xargs is given, wherever. */
    p.tc.context |= p.per_job[PER_L] >= 0 && !p.plain_multi;
    if (p.silent)
        o->show_cmd = 0;
    int cmd_end = optind;
    while (cmd_end < argc && !sep_kind(&p, argv[cmd_end]))
        cmd_end++;
    for (size_t i = 0; i < p.nfiles_later && !o->pipe_part; i++) /* the -a files, in order */
        input_add_file(o->input, p.files[i]);
    parse_sources(o, &p, argc, argv, cmd_end);
    if (o->pipe)
        parse_pipe(&p, o, cmd_end);
    else if (o->pipe_cat || o->block.rec.regexp || o->round_robin || o->tee)
        usage_error("%s is about --pipe's blocks: it needs --pipe", parse_pipe_only(o));
    if (o->round_robin && o->retries > 1)
        usage_error("--round-robin jobs read many blocks: --retries cannot run one again");
    if (o->round_robin && o->pipe_cat)
        usage_error("--round-robin gives a job many blocks: %s has one a job", parse_pipe_only(o));
    input_default_stdin(o->input);
    p.in.header_files = p.header && strcmp(p.header, "0") == 0;
    p.in.header = p.header && !p.in.header_files;
    if (p.in.colsep && p.in.trim == NULL) /* columns lose their blanks, as in GNU parallel */
        p.in.trim = "lr";
    if (p.header && p.in.colsep == NULL) { /* any --header, 0 too, splits at tabs (as GNU) */
        p.in.colsep = "\t";
        o->colsep = 1;
    }
    if (p.len_check && !o->batch.multi) {
        o->batch.multi = 1;
        o->batch.max_args = 1;
    }
    input_configure(o->input, &p.in);
    parse_header(&p, o);
    free(p.files);
    o->tmpl = tmpl_compile(argv + optind, cmd_end - optind, &p.tc);
    /* {##}, --halt N% and a bar with no --total-jobs need the number of jobs: read all input
     * first, to count them, as GNU parallel does. */
    if (!o->pipe && (tmpl_needs_total(o->tmpl) || (o->halt.when != HALT_NEVER && o->halt.percent) ||
                     ((o->progress & (OPTS_BAR | OPTS_ETA)) && !o->total_jobs))) {
        p.in.count = 1;
        input_configure(o->input, &p.in);
        unsigned long recs = input_total(o->input);
        size_t per = o->batch.multi && o->batch.max_args ? o->batch.max_args : 1;
        o->total = (recs + per - 1) / per;
    }
    parse_limits(&p, o);
    o->out.keep_order = o->keep_order;
    parse_mode(&p, o);
    if (o->out.mode == OUT_UNGROUP && !o->dry_run) /* -u: no tag, but --dry-run's lines have it */
        p.tagstring = NULL;
    else if (p.tagstring == NULL && p.tag) /* --tagstring wins over --tag, in any order */
        p.tagstring = "{}";
    o->shell_quote &= !o->dry_run; /* --dry-run shows the command as it would run */
    parse_check(o);
    if (p.tagstring) {
        char *tag = tag_unescape(p.tagstring);
        o->tag = tmpl_compile_text(tag, &p.tc);
        if (o->tag == NULL) /* a fixed tag: a template that expands to itself */
            o->tag = tmpl_compile_fixed(tag);
        free(tag);
    }
    if (o->results)
        o->results_path = tmpl_compile_text(o->results, &p.tc);
    if (o->workdir && strcmp(o->workdir, "...") != 0)
        o->workdir_tmpl = tmpl_compile_text(o->workdir, &p.tc);
}

void opts_free(struct opts *o)
{
    free(o->part_files);
    input_free(o->input);
    tmpl_free(o->tmpl);
    tmpl_free(o->tag);
    tmpl_free(o->results_path);
    tmpl_free(o->workdir_tmpl);
    free(o->field_names);
}
