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
#include <stdint.h>
#include <libutil.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu.h"
#include "input.h"
#include "tmpl.h"
#include "util.h"
#include "value.h"

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
    int status; /* LANES_EXIT_ERROR once a usage error is reported: parsing stops */
    int argc;   /* the command line, for opts_setup */
    char **argv;
    int cmd;         /* where the command starts in argv */
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

/* Reports a usage error, the first one only, and stops the parse: every caller returns at
 * once, and the loops check p->status. */
static void parse_fail(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void parse_fail(struct parse *p, const char *fmt, ...)
{
    va_list ap;

    if (p->status)
        return;
    va_start(ap, fmt);
    vwarnx(fmt, ap);
    va_end(ap);
    fputs("Try 'lanes --help' for more information.\n", stderr);
    p->status = LANES_EXIT_ERROR;
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

/* -j N, +N, -N, N% or 0: -1 for a value that is no job count, 0 for one that leaves no slot. */
static long jobs_value(const char *s)
{
    long n;

    if (value_jobs(s, cpu_threads(), &n) != 0)
        return -1;
    return n == VALUE_JOBS_ALL ? jobs_max() : n;
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
static long parse_jobs(struct parse *p, struct opts *o, const char *s)
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
        parse_fail(p, "-j/--jobs file '%s' does not hold a number of jobs", s);
    } else if (n < 0) {
        parse_fail(p, "invalid number of jobs for -j/--jobs: '%s'", s);
    } else if (n == 0) {
        parse_fail(p, "-j/--jobs '%s' leaves no job slot: cannot run any jobs", s);
    }
    return n > 0 ? n : 1;
}

/* -d STR: the result goes to out. Returns its length. */
static size_t parse_delim(struct parse *p, const char *s, char *out, size_t size)
{
    const char *bad = NULL;
    size_t n = 0;
    int r = value_delim(s, out, size, &n, &bad);

    if (r == -2)
        parse_fail(p, "-d/--delimiter '%s': the octal escape '\\%.3s' is more than a byte", s, bad);
    else if (r < 0)
        parse_fail(p, "-d/--delimiter takes a string of 1 to %zu bytes, not '%s'", size - 1, s);
    return r == 0 ? n : 0;
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

static void refuse(struct parse *p, const char *opt, const char *instead)
{
    parse_fail(p, "%s%s is not supported by lanes; %s", opt[0] == '-' ? "" : "--", opt, instead);
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
        p->in.delim_len = parse_delim(p, optarg, p->delim, sizeof p->delim);
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

/* A count of at least min; a huge one is VALUE_COUNT_MAX, more than any run reaches. */
static size_t parse_count(struct parse *p, const char *opt, const char *s, unsigned min)
{
    unsigned long long n;

    if (value_count(s, &n) != 0 || n < min) {
        parse_fail(p, "%s takes a whole number of at least %u, not '%s'", opt, min, s);
        return min;
    }
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

static size_t parse_size(struct parse *p, const char *opt, const char *s);

/* --block: bytes; with --pipe-part also 0 (the default, -10) or -N (N parts a job slot). */
static long long parse_block(struct parse *p, int part)
{
    char opt[32];

    if (p->block == NULL)
        return part ? 0 : 1 << 20;
    snprintf(opt, sizeof opt, "--%s", p->block_opt);
    if (!part && (strcmp(p->block, "0") == 0 || p->block[0] == '-'))
        parse_fail(p, "%s '%s': --pipe takes a size of 1 byte or more (0 and -N are --pipe-part's)",
                   opt, p->block);
    if (strcmp(p->block, "0") == 0)
        return 0;
    if (p->block[0] == '-')
        return -(long long)parse_size(p, opt, p->block + 1);
    return (long long)parse_size(p, opt, p->block);
}

/* --pipe-part: the -a and :::: files are cut, in order; ::: lists mean nothing there. */
static void parse_pipe_part(struct parse *p, struct opts *o)
{
    const long *v = p->per_job;

    if (v[PER_N] >= 0 || v[PER_n] >= 0 || v[PER_l] >= 0 || v[PER_L] >= 0) {
        parse_fail(p, "--pipe-part takes no -N, -n, -L or -l: a part ends at the first "
                      "record end --block bytes on");
        return;
    }
    if (o->block.rec.regexp) {
        parse_fail(p, "--pipe-part takes no --regexp: its --recstart and --recend are "
                      "strings");
        return;
    }
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
    if (o->pipe_part || o->round_robin || o->pipe_cat) {
        parse_fail(p, "--tee gives all of stdin to every job: it takes no --pipe-part, "
                      "--round-robin, --cat or --fifo");
        return;
    }
    if (input_nsources(o->input) == 0 || input_reads_stdin(o->input)) {
        parse_fail(p, "--tee needs ::: (or :::: file) arguments for its jobs: stdin goes "
                      "to every one of them");
        return;
    }
    if (o->retries > 1) {
        parse_fail(p, "--tee jobs read stdin as it comes: --retries cannot run one again");
        return;
    }
    o->pipe = 0; /* the jobs come from the arguments */
    p->tc.no_append = 1;
    p->in.count = 1;
    input_configure(o->input, &p->in);
    o->total = input_total(o->input);
    if (o->total > (unsigned long)o->jobs && p->jobs_given) {
        parse_fail(p, "--tee runs its %lu jobs at once: use -j %lu or more, or -j 0", o->total,
                   o->total);
        return;
    }
    if (o->total > (unsigned long)o->jobs) /* as GNU parallel: as many slots as jobs */
        o->jobs = (long)o->total;
}

/* --pipe reads stdin, or one :::: or -a file, and needs a command; its --header is a count of
 * lines or a regex. */
static void parse_pipe(struct parse *p, struct opts *o, int cmd_end)
{
    if (cmd_end == p->cmd) {
        parse_fail(p, "--%s needs a command to read the blocks",
                   o->pipe_part ? "pipe-part" : "pipe");
        return;
    }
    if (p->in.shuffle || (o->progress & (OPTS_BAR | OPTS_ETA))) {
        parse_fail(p,
                   "--%s cannot know how many blocks there are, or shuffle them: it takes no "
                   "--bar, --eta or --shuf (as in GNU parallel)",
                   o->pipe_part ? "pipe-part" : "pipe");
        return;
    }
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
        if (input_nsources(o->input) > 1 || input_nsources(o->input) != p->nfiles) {
            parse_fail(p, "--pipe cuts one input into blocks: stdin, or one :::: or -a "
                          "file, no :::");
            return;
        }
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
                              : PER_L] = (long)parse_count(p,
                                                           c == 'N'   ? "-N"
                                                           : c == 'n' ? "-n"
                                                                      : "-L",
                                                           optarg, 0);
        p->tc.context |= c == 'N'; /* -N repeats a word holding {} as -X does (-L: below) */
        p->in.join_blank |= c == 'L';
        break;
    case 'l': /* -l[N]: the value is optional and 0 means 1 */
        p->per_job[PER_l] = optarg ? (long)parse_count(p, "-l", optarg, 0) : 1;
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
        b->max_chars = parse_count(p, "-s/--max-chars", optarg, 1);
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

/* A size as GNU parallel reads one (value_size). */
static size_t parse_size(struct parse *p, const char *opt, const char *s)
{
    unsigned long long v;

    if (value_size(s, &v) != 0) {
        parse_fail(p, "%s takes a size like 64M or 1G, not '%s'", opt, s);
        return 1;
    }
    return (size_t)v;
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
        o->block.rec.recstart_len = value_rec_unescape(optarg);
        o->block.rec.recstart = optarg;
        break;
    case OPT_RECEND:
        o->block.rec.recend_len = value_rec_unescape(optarg);
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

static void parse_dir(struct parse *p, const char *opt, const char *s)
{
    struct stat st;

    if (stat(s, &st) != 0 || !S_ISDIR(st.st_mode) || access(s, W_OK | X_OK) != 0)
        parse_fail(p, "%s '%s' is not a writable directory", opt, s);
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
        parse_dir(p, "--tmpdir", optarg);
        oc->tmpdir = optarg;
        break;
    case OPT_OUTPUT_MEMORY:
        oc->mem_limit = parse_size(p, "--output-memory", optarg);
        break;
    default:
        return 0;
    }
    return 1;
}

/* Seconds (value_duration); a huge value is as good as never. */
static double parse_duration(struct parse *p, const char *opt, const char *s)
{
    double v;

    if (value_duration(s, &v) != 0) {
        parse_fail(p, "%s takes seconds (or 2m, 1h ...), not '%s'", opt, s);
        return 0;
    }
    return v;
}

/* --timeout SECS, or N% of the median runtime. 0: no timeout. */
static void parse_timeout(struct parse *p, struct opts *o, const char *s)
{
    o->timeout_pct = s[0] && s[strlen(s) - 1] == '%';
    if (!o->timeout_pct)
        o->timeout = parse_duration(p, "--timeout", s);
    else if (value_percent(s, &o->timeout) != 0 || o->timeout <= 0)
        parse_fail(p, "--timeout takes seconds or a percentage, not '%s'", s);
}

/* --load MAX or N% of the CPU threads. */
static void parse_load(struct parse *p, struct opts *o, const char *s)
{
    size_t len = strlen(s);
    int pct = len > 0 && s[len - 1] == '%';
    double v = 0;
    int ok = pct ? value_percent(s, &v) == 0 : len > 0 && value_decimal(s, &v) == len;

    o->gate.load_max = pct ? v * (double)cpu_threads() / 100 : v;
    if (!ok || o->gate.load_max <= 0)
        parse_fail(p, "--load takes a load average or a percentage, not '%s'", s);
}

/* --nice N: applied by opts_setup, not while parsing. */
static void parse_nice(struct parse *p, struct opts *o, const char *s)
{
    long long n;

    if (value_integer(s, -1000, 1000, &n) != 0) {
        parse_fail(p, "--nice takes a niceness from -20 to 19, not '%s'", s);
        return;
    }
    o->nice = n < -20  ? -20
              : n > 19 ? 19
                       : (int)n; /* as nice(1), out of range is the nearest end */
    o->nice_given = 1;
}

/* Options that steer a run: when it stops, how jobs end, when they start. */
static int parse_run_option(struct parse *p, struct opts *o, int c)
{
    switch (c) {
    case OPT_HALT:
        if (halt_parse(&o->halt, optarg) != 0)
            p->status = LANES_EXIT_ERROR;
        break;
    case OPT_TIMEOUT:
        parse_timeout(p, o, optarg);
        break;
    case OPT_TERM_SEQ:
        if (term_parse(&o->term, optarg) != 0)
            p->status = LANES_EXIT_ERROR;
        break;
    case OPT_RETRIES:
        o->retries = parse_count(p, "--retries", optarg, 0);
        break;
    case OPT_DELAY:
        o->gate.delay = parse_duration(p, "--delay", optarg);
        break;
    case OPT_NICE:
        parse_nice(p, o, optarg);
        break;
    case OPT_LOAD:
        parse_load(p, o, optarg);
        break;
    case OPT_MEMFREE:
        o->gate.memfree = parse_size(p, "--memfree", optarg);
        break;
    default:
        return 0;
    }
    return 1;
}

/* Options for resuming a run, asking before each job, and seeing a run. */
static int parse_watch_option(struct parse *p, struct opts *o, int c)
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
        o->total_jobs = parse_count(p, "--total-jobs", optarg, 1);
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

static int info_option(int c)
{
    return c == 'h' || c == OPT_VERSION || c == OPT_CORES || c == OPT_CPUS || c == OPT_SOCKETS ||
           c == OPT_THREADS || c == OPT_MAX_LINE;
}

int opts_info(const struct opts *o)
{
    switch (o->info) {
    case 'h':
        for (size_t i = 0; usage_text[i]; i++)
            fputs(usage_text[i], stdout);
        break;
    case OPT_VERSION:
        printf("lanes %s\n", LANES_VERSION);
        break;
    case OPT_CORES:
    case OPT_CPUS:
        printf("%ld\n", cpu_cores());
        break;
    case OPT_SOCKETS:
        printf("%ld\n", cpu_sockets());
        break;
    case OPT_THREADS:
        printf("%ld\n", cpu_threads());
        break;
    default:
        printf("%ld\n", (long)batch_max_command());
        break;
    }
    return 0;
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
        parse_output_option(p, o, c) || parse_run_option(p, o, c) || parse_watch_option(p, o, c) ||
        parse_pipe_option(p, o, c, name))
        return;
    if (info_option(c)) {
        o->info = c;
        return;
    }
    switch (c) {
    case 'j':
    case 'P':
        o->jobs = parse_jobs(p, o, optarg);
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
        refuse(p, "--rpl/--parens",
               "replacement strings run no Perl; use the --plus forms "
               "({/re/str}, {%suffix}, {:pos:len}, ...) instead");
        break;
    case OPT_NEVER:
        refuse(p, name, "see COMPATIBILITY in lanes(1)");
        break;
    case OPT_PIPE_LATER:
        parse_fail(p,
                   "--%s is not supported by lanes yet; --pipe and --pipe-part with --block, "
                   "--recstart, --recend, --regexp, --rrs, -N, -L, --header, --cat, --fifo, "
                   "--round-robin and --tee are",
                   name);
        break;
    case OPT_NOTHING:
        break;
    case OPT_WORKDIR:
#ifndef HAVE_SPAWN_CHDIR
        parse_fail(p, "--workdir: this system cannot start a job in another directory");
#endif
        if (*optarg == '\0')
            parse_fail(p, "--workdir takes a directory, not ''");
        o->workdir = strcmp(optarg, ".") == 0 ? NULL : optarg; /* .: where lanes runs */
        break;
    case ':':
        parse_fail(p, "option '%s' needs a value", argv[optind - 1]);
        break;
    default:
        if (optopt && optopt < 256)
            parse_fail(p, "unknown option '-%c'", optopt);
        else
            parse_fail(p, "unknown option '%s'", optind - 1 < argc ? argv[optind - 1] : "?");
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
static void parse_mode(struct parse *p, struct opts *o)
{
    static const char *const names[] = {"--group", "--line-buffer", "--ungroup", "--files"};
    unsigned grouping = p->modes & ~(1u << OUT_FILES);

    if (grouping & (grouping - 1)) {
        int a = __builtin_ctz(grouping), b = __builtin_ctz(grouping & (grouping - 1));
        {
            parse_fail(p, "%s cannot be combined with %s", names[a], names[b]);
            return;
        }
    }
    o->out.mode = (p->modes & (1u << OUT_FILES)) ? OUT_FILES
                  : grouping                     ? (enum out_mode)__builtin_ctz(grouping)
                                                 : OUT_GROUP;
    if (o->out.mode == OUT_UNGROUP) /* -u prints as output comes: no tags, colours or order */
        o->out.color = o->out.keep_order = 0;
}

/* Options that only make sense together. */
static void parse_check(struct parse *p, struct opts *o)
{
    if (o->resume && o->joblog == NULL)
        parse_fail(p, "%s needs --joblog FILE",
                   o->resume == OPTS_RESUME          ? "--resume"
                   : o->resume == OPTS_RESUME_FAILED ? "--resume-failed"
                                                     : "--retry-failed");
    if (o->tty) { /* one job owns the terminal at a time, and talks to it directly */
        o->jobs = 1;
        o->out.mode = OUT_UNGROUP;
    }
    if (o->retries > 1) /* only the last try's output is shown: hold it until the end */
        o->out.hold = 1;
}

int opts_parse(struct opts *o, int argc, char **argv)
{
    struct parse *p = xcalloc(1, sizeof *p);
    int c, li = 0;

    *p = (struct parse){.arg_sep = ":::",
                        .arg_file_sep = "::::",
                        .per_job = {-1, -1, -1, -1},
                        .argc = argc,
                        .argv = argv};
    *o = (struct opts){.jobs = cpu_threads(), .input = input_new(), .parse = p};
    o->out.mem_limit = OPTS_OUTPUT_MEMORY;
    o->summary = -1;
    term_default(&o->term);
    opterr = 0;
    optind = 0; /* glibc starts afresh, so a second parse (a fuzzer's) reads its own argv */
    while (!p->status && !o->info &&
           (c = getopt_long(argc, argv, "+:j:P:ka:0d:E:rC:I:qtvhN:n:L:l::Xms:xupo", long_opts,
                            &li)) != -1)
        parse_option(p, o, c, argc, argv, long_opts[li].name);
    if (p->status || o->info)
        return p->status ? p->status : OPTS_INFO;
    p->cmd = optind;
    parse_per_job(p, o);
    /* -L repeats a word holding {} as -X does, unless -m or --xargs is given, wherever. */
    p->tc.context |= p->per_job[PER_L] >= 0 && !p->plain_multi;
    if (p->silent)
        o->show_cmd = 0;
    return 0;
}

/* The input: -a files in order, then the sources after the command; --pipe's blocks. */
static void setup_input(struct parse *p, struct opts *o, int cmd_end)
{
    for (size_t i = 0; i < p->nfiles_later && !o->pipe_part; i++) /* the -a files, in order */
        input_add_file(o->input, p->files[i]);
    parse_sources(o, p, p->argc, p->argv, cmd_end);
    if (o->pipe)
        parse_pipe(p, o, cmd_end);
    else if (o->pipe_cat || o->block.rec.regexp || o->round_robin || o->tee)
        parse_fail(p, "%s is about --pipe's blocks: it needs --pipe", parse_pipe_only(o));
    if (o->round_robin && o->retries > 1)
        parse_fail(p, "--round-robin jobs read many blocks: --retries cannot run one again");
    if (o->round_robin && o->pipe_cat)
        parse_fail(p, "--round-robin gives a job many blocks: %s has one a job",
                   parse_pipe_only(o));
    if (p->status)
        return;
    input_default_stdin(o->input);
    p->in.header_files = p->header && strcmp(p->header, "0") == 0;
    p->in.header = p->header && !p->in.header_files;
    if (p->in.colsep && p->in.trim == NULL) /* columns lose their blanks, as in GNU parallel */
        p->in.trim = "lr";
    if (p->header && p->in.colsep == NULL) { /* any --header, 0 too, splits at tabs (as GNU) */
        p->in.colsep = "\t";
        o->colsep = 1;
    }
    if (p->len_check && !o->batch.multi) {
        o->batch.multi = 1;
        o->batch.max_args = 1;
    }
    input_configure(o->input, &p->in);
    parse_header(p, o);
}

/* {##}, --halt N% and a bar with no --total-jobs need the number of jobs: read all input
 * first, to count them, as GNU parallel does. */
static void setup_total(struct parse *p, struct opts *o)
{
    if (o->pipe || !(tmpl_needs_total(o->tmpl) || (o->halt.when != HALT_NEVER && o->halt.percent) ||
                     ((o->progress & (OPTS_BAR | OPTS_ETA)) && !o->total_jobs)))
        return;
    p->in.count = 1;
    input_configure(o->input, &p->in);
    unsigned long recs = input_total(o->input);
    size_t per = o->batch.multi && o->batch.max_args ? o->batch.max_args : 1;
    o->total = (recs + per - 1) / per;
}

/* The templates: the command, the tag, --results and --workdir. */
static void setup_templates(struct parse *p, struct opts *o)
{
    if (p->tagstring) {
        char *tag = value_tag_unescape(p->tagstring);
        o->tag = tmpl_compile_text(tag, &p->tc);
        if (o->tag == NULL) /* a fixed tag: a template that expands to itself */
            o->tag = tmpl_compile_fixed(tag);
        free(tag);
    }
    if (o->results)
        o->results_path = tmpl_compile_text(o->results, &p->tc);
    if (o->workdir && strcmp(o->workdir, "...") != 0)
        o->workdir_tmpl = tmpl_compile_text(o->workdir, &p->tc);
}

int opts_setup(struct opts *o)
{
    struct parse *p = o->parse;
    int cmd_end = p->cmd;

    if (o->nice_given) {
        errno = 0;
        if (nice(o->nice) == -1 && errno != 0)
            util_warn("--nice %d: %s", o->nice, strerror(errno));
    }
    while (cmd_end < p->argc && !sep_kind(p, p->argv[cmd_end]))
        cmd_end++;
    setup_input(p, o, cmd_end);
    if (p->status)
        return p->status;
    o->tmpl = tmpl_compile(p->argv + p->cmd, cmd_end - p->cmd, &p->tc);
    setup_total(p, o);
    parse_limits(p, o);
    o->out.keep_order = o->keep_order;
    parse_mode(p, o);
    if (o->out.mode == OUT_UNGROUP && !o->dry_run) /* -u: no tag, but --dry-run's lines have it */
        p->tagstring = NULL;
    else if (p->tagstring == NULL && p->tag) /* --tagstring wins over --tag, in any order */
        p->tagstring = "{}";
    o->shell_quote &= !o->dry_run; /* --dry-run shows the command as it would run */
    parse_check(p, o);
    if (p->status)
        return p->status;
    setup_templates(p, o);
    return 0;
}

void opts_free(struct opts *o)
{
    if (o->parse)
        free(o->parse->files);
    free(o->parse);
    free(o->part_files);
    input_free(o->input);
    tmpl_free(o->tmpl);
    tmpl_free(o->tag);
    tmpl_free(o->results_path);
    tmpl_free(o->workdir_tmpl);
    free(o->field_names);
}
