/* help: the --help text, made from the option table (optab.c): each line names an option's
 * codes, and its spellings come from the table, so a spelling added there shows here. The
 * sections are those of OPTIONS in lanes(1), in its order. */
#include "help.h"

#include <string.h>

#include "optab.h"

enum help_section {
    HELP_PROFILES,
    HELP_INPUT,
    HELP_TEMPLATE,
    HELP_SEVERAL,
    HELP_BLOCKS,
    HELP_OUTPUT,
    HELP_JOBS,
    HELP_REMOTE,
    HELP_REPORTS,
    HELP_INFO,
    HELP_SEMAPHORE,
    HELP_SECTIONS
};

static const char *const help_heading[HELP_SECTIONS] = {
    "Profiles and $PARALLEL (profile, then $PARALLEL, then the command line):",
    "Input (several sources make every combination, the last varying fastest):",
    "Template (replacement strings, and how the command is quoted):",
    "Several records a job:",
    "Blocks of standard input (each job reads one block on its stdin; {} is empty):",
    "Output:",
    "Job control:",
    "Remote hosts (ssh; the hosts need a POSIX sh, and rsync to move files):",
    "Progress and reports:",
    "Information:",
    "Semaphore (lanes --semaphore, or sem; any option here turns it on):",
};

/* One line of help: the options with these codes (their short letter and spellings from the
 * table, each squashed spelling such as --keeporder left to the list at the end), then arg; or
 * lead, as written, where the spellings take their values in different ways. text: a few words,
 * wrapped to the width under the first line (a '\n' is a blank like any other). */
struct help_entry {
    enum help_section section;
    int codes[4];
    const char *lead;
    const char *arg;
    const char *text;
};

#define HELP_COL 25   /* where the words start */
#define HELP_WIDTH 79 /* columns a line may take at most */

static const struct help_entry help_entries[] = {
    {HELP_PROFILES,
     {'J'},
     NULL,
     "NAME",
     "read options from $PARALLEL_HOME/NAME (~/.parallel/NAME),\n"
     "or from the file NAME when it starts with / or ./,\n"
     "instead of ~/.parallel/config and the other config files"},
    {HELP_PROFILES, {OPTAB_PLAIN}, NULL, NULL, "read no profile, config file or $PARALLEL"},
    {HELP_PROFILES,
     {0},
     "--shebang, --hashbang, --shebang-wrap",
     NULL,
     "first, on a script's #! line (lanes(1))"},

    {HELP_INPUT,
     {0},
     "::: ARGS...",
     NULL,
     "arguments from the command line (:::+ links to the previous)"},
    {HELP_INPUT,
     {0},
     ":::: FILE...",
     NULL,
     "arguments from FILE, one per line, - for stdin (::::+ links)"},
    {HELP_INPUT, {'a'}, NULL, "FILE", "as :::: FILE"},
    {HELP_INPUT, {OPTAB_LINK}, NULL, NULL, "take the sources side by side; shorter ones wrap"},
    {HELP_INPUT, {OPTAB_ARG_SEP}, NULL, "SEP", "use SEP instead of :::"},
    {HELP_INPUT, {OPTAB_ARG_FILE_SEP}, NULL, "SEP", "use SEP instead of ::::"},
    {HELP_INPUT, {'0'}, NULL, NULL, "items end with NUL instead of newline"},
    {HELP_INPUT, {'d'}, NULL, "C", "items end with C (escapes \\n \\t \\r \\NNN)"},
    {HELP_INPUT,
     {'E', 'e'},
     "-E STR, -e[STR], --eof[=STR]",
     NULL,
     "an item equal to STR ends its source (-e alone: none)"},
    {HELP_INPUT, {'r'}, NULL, NULL, "skip blank items"},
    {HELP_INPUT, {OPTAB_SKIP_FIRST}, NULL, NULL, "skip the first item of the first source"},
    {HELP_INPUT, {'C'}, NULL, "REGEX", "split items into columns {1} {2} ... at REGEX (PCRE2)"},
    {HELP_INPUT,
     {OPTAB_HEADER},
     NULL,
     ":",
     "the first item of each source names its columns: {name};\n"
     "--header 0: each :::: or -a file names its source: {file}"},
    {HELP_INPUT, {OPTAB_TRIM}, NULL, "n|l|r|lr|rl", "trim blanks from columns"},
    {HELP_INPUT,
     {OPTAB_CSV},
     NULL,
     NULL,
     "items are CSV records: quoted fields may hold the separator\n(--colsep, default ,) and "
     "newlines"},
    {HELP_INPUT, {OPTAB_SHUF}, NULL, NULL, "run the jobs in random order"},

    {HELP_TEMPLATE,
     {0},
     "{}  {.}  {/}  {//}  {/.}",
     NULL,
     "the item; without extension; basename; dirname;\nbasename without extension"},
    {HELP_TEMPLATE, {0}, "{#}  {%}", NULL, "the job's number; its slot"},
    {HELP_TEMPLATE, {0}, "{n} {-n} {n.} {n/} ...", NULL, "column or source n (-n: from the end)"},
    {HELP_TEMPLATE,
     {'I', 'i'},
     "-I STR, -i[STR], --replace[=STR]",
     NULL,
     "use STR for {} (-i alone: {})"},
    {HELP_TEMPLATE, {OPTAB_ER}, NULL, "STR", "use STR for {.}"},
    {HELP_TEMPLATE, {OPTAB_BNR}, NULL, "STR", "use STR for {/}"},
    {HELP_TEMPLATE, {OPTAB_DNR}, NULL, "STR", "use STR for {//}"},
    {HELP_TEMPLATE, {OPTAB_BNER}, NULL, "STR", "use STR for {/.}"},
    {HELP_TEMPLATE, {OPTAB_SEQR}, NULL, "STR", "use STR for {#}"},
    {HELP_TEMPLATE, {OPTAB_SLOTR}, NULL, "STR", "use STR for {%}"},
    {HELP_TEMPLATE,
     {OPTAB_PLUS},
     NULL,
     NULL,
     "more replacement strings: {..} {+/} {%suffix} {#prefix}\n"
     "{/re/str} {:pos:len} {##} {0#} ... (see lanes(1))"},
    {HELP_TEMPLATE, {'q'}, NULL, NULL, "quote the command words too"},
    {HELP_TEMPLATE,
     {OPTAB_SHELL_QUOTE},
     NULL,
     NULL,
     "print each command line shell-quoted; run nothing"},
    {HELP_TEMPLATE,
     {0},
     "{= perl =} {=n perl =}",
     NULL,
     "the value as the Perl code leaves $_ (one perl process\n"
     "for the run, only when a template needs it)"},
    {HELP_TEMPLATE, {OPTAB_RPL}, NULL, "'TAG perl'", "define TAG as a Perl replacement string"},
    {HELP_TEMPLATE, {OPTAB_PARENS}, NULL, "LR", "spell {= and =} as the halves of LR (e.g. ,,,,)"},
    {HELP_TEMPLATE,
     {OPTAB_TMPL},
     NULL,
     "FILE=NAME",
     "write FILE with its replacement strings replaced into NAME\nfor each job (--cleanup: removed "
     "after)"},
    {HELP_TEMPLATE,
     {OPTAB_FILTER},
     NULL,
     "EXPR",
     "run only the jobs for which Perl finds EXPR true"},

    {HELP_SEVERAL, {'N'}, NULL, "N", "N items a job, {1}..{N} are the items (-N0: none)"},
    {HELP_SEVERAL, {'n'}, NULL, "N", "at most N items a job"},
    {HELP_SEVERAL, {'L', 'l'}, "-L N, -l[N], --max-lines[=N]", NULL, "N input lines a job"},
    {HELP_SEVERAL, {'X'}, NULL, NULL, "as many as fit; a word holding {} repeats for each item"},
    {HELP_SEVERAL, {'m'}, NULL, NULL, "as many as fit, space-separated where {} stands"},
    {HELP_SEVERAL, {OPTAB_XARGS}, NULL, NULL, "as many as fit, not spread over the job slots"},
    {HELP_SEVERAL,
     {'s'},
     NULL,
     "N",
     "command lines of at most N characters (an item too long\nfor them alone ends the run, 255)"},
    {HELP_SEVERAL, {'x'}, NULL, NULL, "stop when one item alone is too long"},
    {HELP_SEVERAL, {OPTAB_SHOW_LIMITS}, NULL, NULL, "print the command-line limits, then run"},
    {HELP_SEVERAL,
     {0},
     "(N may take a unit: 1k is 1000, 1K and 1ki 1024, 1M 1048576, ...)",
     NULL,
     NULL},

    {HELP_BLOCKS,
     {OPTAB_PIPE},
     NULL,
     NULL,
     "cut stdin (or one :::: or -a file) into blocks of whole\nrecords"},
    {HELP_BLOCKS,
     {OPTAB_PIPE_PART},
     NULL,
     NULL,
     "cut the :::: and -a files in place into parts of at\n"
     "least --block bytes (default -10: ten parts a job slot;\n"
     "-N: N a slot); jobs read their part from the file"},
    {HELP_BLOCKS,
     {OPTAB_ROUND_ROBIN},
     NULL,
     NULL,
     "start -j jobs only, and give each block after block\n"
     "in turn (--pipe-part: one part a job slot)"},
    {HELP_BLOCKS,
     {OPTAB_FIFO},
     NULL,
     NULL,
     "as --cat, with a fifo that lanes writes the block into\nonce the job opens it"},
    {HELP_BLOCKS,
     {OPTAB_TEE},
     NULL,
     NULL,
     "all of stdin to every job; the ::: arguments make the jobs,\nwhich all run at once"},
    {HELP_BLOCKS,
     {OPTAB_CAT},
     NULL,
     NULL,
     "each block goes to a file of its own in --tmpdir, named\n"
     "by {} (appended when the command has no {})"},
    {HELP_BLOCKS,
     {OPTAB_BLOCK},
     NULL,
     "SIZE",
     "bytes a block at most, e.g. 10k or 1M (the default);\na longer record makes it grow"},
    {HELP_BLOCKS,
     {OPTAB_RECEND},
     NULL,
     "STR",
     "records end with STR (default \\n, or with --recstart\n"
     "alone, anything; escapes \\0 \\n \\t \\r \\\\ \\' \\\")"},
    {HELP_BLOCKS, {OPTAB_RECSTART}, NULL, "STR", "records start with STR (default: anything)"},
    {HELP_BLOCKS,
     {OPTAB_REGEXP},
     NULL,
     NULL,
     "--recstart and --recend are regexes (PCRE2, multiline)"},
    {HELP_BLOCKS, {OPTAB_RRS}, NULL, NULL, "take recend and recstart out of the blocks"},
    {HELP_BLOCKS, {0}, "-N N, -n N", NULL, "N records a block; -L N: a record is N lines"},
    {HELP_BLOCKS,
     {0},
     "--header N|:|REGEX",
     NULL,
     "the first N lines (: one), or what REGEX matches at\nthe start, begin every block"},
    {HELP_BLOCKS,
     {OPTAB_GROUP_BY},
     NULL,
     "VAL",
     "lines with the same key make one record: VAL is a column\n"
     "(number, or name in the first line), a perl expression\n"
     "on the line, or a column then an expression on it"},
    {HELP_BLOCKS,
     {OPTAB_BLOCK_TIMEOUT},
     NULL,
     "SECS",
     "a block read for SECS seconds goes as it is"},
    {HELP_BLOCKS,
     {OPTAB_SHARD},
     NULL,
     "VAL",
     "-j jobs; each line goes to the one a hash of its key\n"
     "picks (the key as --group-by's)"},
    {HELP_BLOCKS,
     {OPTAB_BIN},
     NULL,
     "VAL",
     "-j jobs; each line goes to job KEY modulo -j (0: the\n"
     "last), its key as --group-by's"},

    {HELP_OUTPUT,
     {OPTAB_GROUP},
     NULL,
     NULL,
     "print each job's output whole when it ends (default)"},
    {HELP_OUTPUT, {'k'}, NULL, NULL, "print outputs in input order"},
    {HELP_OUTPUT, {OPTAB_NO_KEEP_ORDER}, NULL, NULL, "undo an earlier -k (a profile's)"},
    {HELP_OUTPUT, {OPTAB_LINE_BUFFER}, NULL, NULL, "print whole lines as they come"},
    {HELP_OUTPUT, {OPTAB_LATEST_LINE}, NULL, NULL, "the same as --line-buffer"},
    {HELP_OUTPUT, {'u'}, NULL, NULL, "print output as it comes"},
    {HELP_OUTPUT, {OPTAB_TAG}, NULL, NULL, "start each line with the arguments and a tab"},
    {HELP_OUTPUT, {OPTAB_TAGSTRING}, NULL, "STR", "start each line with STR and a tab"},
    {HELP_OUTPUT, {OPTAB_COLOR}, NULL, NULL, "colour each job's lines, as GNU parallel"},
    {HELP_OUTPUT,
     {0},
     "--color=always|never|auto",
     NULL,
     "colour always (as --color), never (not even --ctag's\n"
     "or --cf's), or only on a terminal and without $NO_COLOR"},
    {HELP_OUTPUT, {OPTAB_CTAG}, NULL, NULL, "--tag and --color together"},
    {HELP_OUTPUT, {OPTAB_CTAGSTRING}, NULL, "STR", "--tagstring STR and --color together"},
    {HELP_OUTPUT, {OPTAB_COLOR_FAILED}, NULL, NULL, "a failed job's lines white on red"},
    {HELP_OUTPUT, {OPTAB_FILES}, NULL, NULL, "save each job's output to a file and print its name"},
    {HELP_OUTPUT,
     {OPTAB_RESULTS},
     NULL,
     "DIR|F.csv|F.tsv|F.json",
     "save outputs in a tree under DIR, or one record a job"},
    {HELP_OUTPUT,
     {OPTAB_JOBLOG},
     NULL,
     "[+]FILE",
     "a line per finished job, in GNU parallel's format"},
    {HELP_OUTPUT,
     {OPTAB_TMPDIR},
     NULL,
     "DIR",
     "where large outputs are held (default $TMPDIR, /tmp)"},
    {HELP_OUTPUT,
     {OPTAB_OUTPUT_MEMORY},
     NULL,
     "SIZE",
     "output held in memory before it goes to --tmpdir (32M)"},
    {HELP_OUTPUT, {OPTAB_COMPRESS}, NULL, NULL, "compress the output held in --tmpdir"},
    {HELP_OUTPUT, {OPTAB_COMPRESS_PROGRAM}, NULL, "PRG", "compress with PRG (implies --compress)"},
    {HELP_OUTPUT, {OPTAB_DECOMPRESS_PROGRAM}, NULL, "PRG", "read back with PRG (default PRG -dc)"},

    {HELP_JOBS,
     {'j', 'P'},
     NULL,
     "N",
     "job slots: N, +N or -N (added to the CPU threads), N%,\n"
     "0 for as many as possible, or a FILE holding the number\n"
     "(read again while running); default one per CPU thread"},
    {HELP_JOBS,
     {OPTAB_SLOT_VAR},
     NULL,
     "NAME",
     "set NAME in each job's environment to its slot - 1"},
    {HELP_JOBS,
     {OPTAB_HALT},
     NULL,
     "WHEN,WHY=N",
     "stop early: WHEN now or soon; WHY fail, success or done;\n"
     "N a count or N%; also 0, 1, 2, -1, -2"},
    {HELP_JOBS,
     {OPTAB_TIMEOUT},
     NULL,
     "SECS|N%",
     "end a job running longer (N% of the median runtime)"},
    {HELP_JOBS,
     {OPTAB_TERM_SEQ},
     NULL,
     "SIG,MS,...",
     "how a job is ended (default TERM,200,TERM,100,TERM,50,\nKILL,25)"},
    {HELP_JOBS, {OPTAB_RETRIES}, NULL, "N", "run a failing job up to N times (0: no end)"},
    {HELP_JOBS,
     {OPTAB_DELAY},
     NULL,
     "SECS[auto]",
     "wait this long between job starts (auto: 30% more after\na failure, 10% less after a "
     "success)"},
    {HELP_JOBS,
     {OPTAB_LIMIT},
     NULL,
     "CMD",
     "before each start run CMD: 0 start, 2 end the youngest job,\nelse wait (io N, load N, mem "
     "SIZE built in)"},
    {HELP_JOBS, {OPTAB_NOSWAP}, NULL, NULL, "start no job while the system swaps in and out"},
    {HELP_JOBS, {OPTAB_NICE}, NULL, "N", "run the jobs at this niceness"},
    {HELP_JOBS,
     {OPTAB_LOAD},
     NULL,
     "MAX",
     "start no job while the load average is MAX or more (or N%)"},
    {HELP_JOBS,
     {OPTAB_MEMFREE},
     NULL,
     "SIZE",
     "start no job with less memory free; end the youngest\nunder half"},
    {HELP_JOBS,
     {OPTAB_JOBSERVER_STYLE},
     NULL,
     "pipe|fifo",
     "the make jobserver lanes serves its jobs, when none is\n"
     "above it: --jobserver-auth=R,W (make 4.3) or fifo:PATH"},
    {HELP_JOBS,
     {OPTAB_NO_JOBSERVER},
     NULL,
     NULL,
     "neither join the jobserver in MAKEFLAGS nor serve one"},
    {HELP_JOBS, {OPTAB_RESUME}, NULL, NULL, "skip the jobs in the job log"},
    {HELP_JOBS,
     {OPTAB_RESUME_FAILED},
     NULL,
     NULL,
     "run the failed jobs of the log again, with this command"},
    {HELP_JOBS,
     {OPTAB_RETRY_FAILED},
     NULL,
     NULL,
     "run the failed jobs of the log again, with their logged\ncommand"},
    {HELP_JOBS, {'p'}, NULL, NULL, "ask on the terminal before each job"},
    {HELP_JOBS, {OPTAB_TTY, 'o'}, NULL, NULL, "jobs read the terminal (one at a time)"},
    {HELP_JOBS,
     {OPTAB_WORKDIR},
     NULL,
     "DIR",
     "run jobs in DIR, made when missing (replacement strings\n"
     "allowed; ... a fresh one under ~/.parallel/tmp a job)"},
    {HELP_JOBS, {OPTAB_DRY_RUN}, NULL, NULL, "print the commands instead of running them"},
    {HELP_JOBS, {'t'}, NULL, NULL, "print each command on stderr before running it"},
    {HELP_JOBS, {'v'}, NULL, NULL, "start each job's output with its command line"},
    {HELP_JOBS, {OPTAB_SILENT}, NULL, NULL, "cancels -v, wherever it stands"},

    {HELP_REMOTE,
     {'S'},
     NULL,
     "[N/]LOGIN[,...]",
     "run jobs on these hosts: [user@]host, a whole ssh command\n"
     "('ssh -p 2222 host'), or : for this machine; N slots there\n"
     "(default: -j, else the host's CPU count); .. reads\n"
     "~/.parallel/sshloginfile, - stdin; @g1+g2/LOGIN puts the\n"
     "host in groups, @g alone keeps only group g's hosts"},
    {HELP_REMOTE,
     {OPTAB_SLF},
     NULL,
     "FILE",
     "a login a line (# comments); read again when it changes;\n"
     "- is stdin"},
    {HELP_REMOTE, {OPTAB_SSH}, NULL, "CMD", "the ssh command (default ssh)"},
    {HELP_REMOTE,
     {OPTAB_RSYNC_OPTS},
     NULL,
     "OPTS",
     "rsync's options when files move (default -rlDzR)"},
    {HELP_REMOTE, {OPTAB_SSHDELAY}, NULL, "SECS", "wait this long between ssh starts"},
    {HELP_REMOTE, {'M'}, NULL, NULL, "one connection per host, reused by every job (the default)"},
    {HELP_REMOTE, {OPTAB_NO_CONTROLMASTER}, NULL, NULL, "a new ssh connection for every job"},
    {HELP_REMOTE, {OPTAB_FILTER_HOSTS}, NULL, NULL, "leave out the hosts that cannot be reached"},
    {HELP_REMOTE,
     {OPTAB_HOSTGROUPS},
     NULL,
     NULL,
     "an input value's @g1+g2 is cut off and picks its job's\n"
     "hosts (those in group g1 or g2)"},
    {HELP_REMOTE,
     {OPTAB_ENV},
     NULL,
     "VAR",
     "carry VAR's value to the remote jobs; _ carries all\n"
     "but the names in $PARALLEL_HOME/ignored_vars"},
    {HELP_REMOTE,
     {OPTAB_RECORD_ENV},
     NULL,
     NULL,
     "write the environment's names to ignored_vars and exit"},
    {HELP_REMOTE, {OPTAB_TRANSFERFILE}, NULL, "FILE", "send FILE (a template) before the job"},
    {HELP_REMOTE, {OPTAB_TRANSFER}, NULL, NULL, "the same as --transferfile {}"},
    {HELP_REMOTE, {OPTAB_RETURN}, NULL, "FILE", "fetch FILE (a template) back after the job"},
    {HELP_REMOTE,
     {OPTAB_CLEANUP},
     NULL,
     NULL,
     "remove the sent and fetched files there after the job"},
    {HELP_REMOTE, {OPTAB_TRC}, NULL, "FILE", "--transfer --return FILE --cleanup"},
    {HELP_REMOTE,
     {OPTAB_BASEFILE},
     NULL,
     "FILE",
     "send FILE to each host once, before its first job"},
    {HELP_REMOTE, {OPTAB_ONALL}, NULL, NULL, "run every job on every host (a run a host)"},
    {HELP_REMOTE,
     {OPTAB_NONALL},
     NULL,
     NULL,
     "run the command once on every host, with no argument"},

    {HELP_REPORTS,
     {OPTAB_BAR, OPTAB_ETA, OPTAB_PROGRESS},
     NULL,
     NULL,
     "show how the run goes, on stderr"},
    {HELP_REPORTS, {OPTAB_TOTAL_JOBS}, NULL, "N", "how many jobs to expect, for --bar and --eta"},
    {HELP_REPORTS,
     {OPTAB_SUMMARY, OPTAB_NO_SUMMARY},
     NULL,
     NULL,
     "list the failed jobs at the end, or do not (default:\nwhen stderr is a terminal)"},
    {HELP_REPORTS,
     {OPTAB_TIMELINE},
     NULL,
     "FILE",
     "at the end, an SVG picture of the run: a row a slot,\n"
     "a bar a job, coloured by how it ended"},
    {HELP_REPORTS,
     {OPTAB_FROM_JOBLOG},
     NULL,
     "LOG",
     "with --timeline FILE: draw from a --joblog, run nothing"},

    {HELP_INFO, {'h'}, NULL, NULL, "this text"},
    {HELP_INFO, {OPTAB_VERSION}, "--version, -V", NULL, "the version of lanes"},
    {HELP_INFO,
     {OPTAB_CORES, OPTAB_CPUS, OPTAB_SOCKETS, OPTAB_THREADS},
     NULL,
     NULL,
     "print a CPU count"},
    {HELP_INFO,
     {OPTAB_USE_CORES, OPTAB_USE_SOCKETS, OPTAB_USE_CPUS},
     NULL,
     NULL,
     "count CPUs as cores or sockets for -j N%, +N, -N and the\n"
     "default (--use-cpus-instead-of-cores: cores, as GNU's)"},
    {HELP_INFO, {OPTAB_MAX_LINE}, NULL, NULL, "the longest command line the system takes"},
    {HELP_INFO,
     {OPTAB_MINVERSION},
     NULL,
     "N",
     "print the GNU parallel release lanes follows (20221122), and\n"
     "exit 255 when it is older than N, else 0"},
    {HELP_INFO, {OPTAB_GNU}, NULL, NULL, "accepted and ignored (GNU parallel's default)"},
    {HELP_INFO,
     {OPTAB_TOLLEF},
     NULL,
     NULL,
     "refused unless --gnu is given too, as by GNU parallel"},
    {HELP_INFO, {OPTAB_NOTHING}, NULL, NULL, "accepted and ignored: lanes prints no notice"},
    {HELP_INFO, {OPTAB_NEVER}, NULL, NULL, "refused: not supported (lanes(1), COMPATIBILITY)"},

    {HELP_SEMAPHORE,
     {OPTAB_SEMAPHORE},
     NULL,
     NULL,
     "run one command line (the words after the options, joined)\n"
     "once one of the -j slots (default 1) of a semaphore is free"},
    {HELP_SEMAPHORE, {OPTAB_SEM_ID}, NULL, "NAME", "the semaphore (default: the terminal's name)"},
    {HELP_SEMAPHORE,
     {OPTAB_BG},
     NULL,
     NULL,
     "return once the command holds its slot (the default)"},
    {HELP_SEMAPHORE, {OPTAB_FG}, NULL, NULL, "wait for the command and exit with its status"},
    {HELP_SEMAPHORE,
     {OPTAB_WAIT},
     NULL,
     NULL,
     "wait until no command of the semaphore runs or waits"},
    {HELP_SEMAPHORE,
     {OPTAB_SEM_TIMEOUT},
     NULL,
     "SECS",
     "wait that long for a slot, then run anyway (SECS > 0) or\n"
     "give up with status 1 (SECS < 0)"},
};

/* A spelling that is another spelling of the same option without its dashes (keeporder for
 * keep-order): GNU parallel takes those, and the list at the end names them. */
static int help_squashed(const struct option *op)
{
    const struct option *first = optab_long;

    while (first->val != op->val)
        first++;
    if (first == op || strchr(op->name, '-') != NULL) /* the first spelling is the option's */
        return 0;
    for (const struct option *o = optab_long; o->name; o++) {
        if (o->val != op->val || strchr(o->name, '-') == NULL)
            continue;
        const char *a = o->name, *b = op->name;
        while (*a && (*a == *b || *a == '-'))
            b += *a++ == *b;
        if (*a == '\0' && *b == '\0')
            return 1;
    }
    return 0;
}

/* The short option of code, or 0. */
static int help_letter(int code)
{
    const char *p = code > 0 && code < 256 ? strchr(OPTAB_SHORT, code) : NULL;

    return p && code != '+' && code != ':' ? code : 0;
}

/* Put s on the line of *col, or on a new one indented by two when it would pass the width. */
static void help_word(FILE *f, const char *s, int *col)
{
    int len = (int)strlen(s);

    if (*col > 2 && *col + len + 2 > HELP_WIDTH) {
        fputs(",\n   ", f);
        *col = 3;
    } else if (*col > 2) {
        fputs(", ", f);
        *col += 2;
    }
    fputs(s, f);
    *col += len;
}

/* The lead of an entry: its codes' letters and spellings, then its value. Returns its column. */
static int help_lead(FILE *f, const struct help_entry *e)
{
    int col = 2;
    char name[64];

    fputs("  ", f);
    if (e->lead) {
        fputs(e->lead, f);
        return col + (int)strlen(e->lead);
    }
    for (size_t i = 0; i < sizeof e->codes / sizeof e->codes[0] && e->codes[i]; i++) {
        if (help_letter(e->codes[i])) {
            snprintf(name, sizeof name, "-%c", e->codes[i]);
            help_word(f, name, &col);
        }
        for (const struct option *op = optab_long; op->name; op++)
            if (op->val == e->codes[i] && !help_squashed(op)) {
                snprintf(name, sizeof name, "--%s", op->name);
                help_word(f, name, &col);
            }
    }
    if (e->arg) {
        fprintf(f, " %s", e->arg);
        col += 1 + (int)strlen(e->arg);
    }
    return col;
}

static void help_entry_print(FILE *f, const struct help_entry *e)
{
    int col = help_lead(f, e);

    if (e->text == NULL) {
        fputc('\n', f);
        return;
    }
    if (col + 2 > HELP_COL)
        fprintf(f, "\n%*s", HELP_COL, "");
    else
        fprintf(f, "%*s", HELP_COL - col, "");
    col = HELP_COL;
    /* word by word, a line ending where the next word would pass the width */
    for (const char *p = e->text + strspn(e->text, " \n"); *p; p += strspn(p, " \n")) {
        int n = (int)strcspn(p, " \n");
        if (col > HELP_COL && col + 1 + n > HELP_WIDTH) {
            fprintf(f, "\n%*s", HELP_COL, "");
            col = HELP_COL;
        } else if (col > HELP_COL) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, (size_t)n, f);
        col += n;
        p += n;
    }
    fputc('\n', f);
}

/* The squashed spellings, wrapped under the heading. */
static void help_squashed_list(FILE *f)
{
    int col = HELP_WIDTH;

    fputs("  GNU parallel's other spellings of these options are taken too:", f);
    for (const struct option *op = optab_long; op->name; op++) {
        if (!help_squashed(op) || op->val == OPTAB_NEVER || op->val == OPTAB_PIPE_LATER)
            continue; /* (a refused option is named once, where it is refused) */
        int len = (int)strlen(op->name) + 3;
        if (col + len > HELP_WIDTH) {
            fprintf(f, "\n%*s", HELP_COL - 1, "");
            col = HELP_COL - 1;
        }
        fprintf(f, " --%s", op->name);
        col += len;
    }
    fputc('\n', f);
}

void help_print(FILE *f)
{
    fputs("Usage: lanes [options] [command [arguments]] < list_of_arguments\n"
          "       lanes [options] [command [arguments]] (::: arguments | :::: argfile)...\n"
          "\n"
          "Runs command once per input item, many at a time, and prints each job's output\n"
          "whole. The command's replacement strings take the item; without any, ' {}' is\n"
          "appended. Arguments are shell-quoted, so input is data, never code.\n",
          f);
    for (int s = 0; s < HELP_SECTIONS; s++) {
        fprintf(f, "\n%s\n", help_heading[s]);
        for (size_t i = 0; i < sizeof help_entries / sizeof help_entries[0]; i++)
            if (help_entries[i].section == (enum help_section)s)
                help_entry_print(f, &help_entries[i]);
        if (s == HELP_INFO)
            help_squashed_list(f);
    }
    fputs("\nExit status: 0 when every job succeeded, 1-100 the number of failed jobs,\n"
          "101 for more than 100, 255 for an error of lanes itself. See lanes(1).\n",
          f);
}
