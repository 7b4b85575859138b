/* optab: the option table: each long option with GNU parallel's other spellings, the short
 * options, and the code each one gives the handlers (optset.c). What an option does is not
 * here: only its names and whether it takes a value. */
#ifndef LANES_OPTAB_H
#define LANES_OPTAB_H

#include <getopt.h>
#include <stddef.h>

/* The codes of the options that have no letter; an option with one has its letter as code. */
enum optab_code {
    OPTAB_GROUP = 256,
    OPTAB_DRY_RUN,
    OPTAB_SILENT,
    OPTAB_VERSION,
    OPTAB_CORES,
    OPTAB_CPUS,
    OPTAB_SOCKETS,
    OPTAB_THREADS,
    OPTAB_MAX_LINE,
    OPTAB_PIPE,
    OPTAB_BLOCK,
    OPTAB_RECSTART,
    OPTAB_RECEND,
    OPTAB_RRS,
    OPTAB_CAT,
    OPTAB_FIFO,
    OPTAB_PIPE_PART,
    OPTAB_ROUND_ROBIN,
    OPTAB_TEE,
    OPTAB_REGEXP,
    OPTAB_PIPE_LATER,
    OPTAB_GROUP_BY,
    OPTAB_BLOCK_TIMEOUT,
    OPTAB_SHARD,
    OPTAB_BIN,
    OPTAB_WORKDIR,
    OPTAB_LINK,
    OPTAB_TRIM,
    OPTAB_ARG_SEP,
    OPTAB_ARG_FILE_SEP,
    OPTAB_SKIP_FIRST,
    OPTAB_SHUF,
    OPTAB_HEADER,
    OPTAB_ER,
    OPTAB_BNR,
    OPTAB_DNR,
    OPTAB_BNER,
    OPTAB_SEQR,
    OPTAB_SLOTR,
    OPTAB_PLUS,
    OPTAB_SHELL_QUOTE,
    OPTAB_RPL,
    OPTAB_COMPRESS,
    OPTAB_COMPRESS_PROGRAM,
    OPTAB_DECOMPRESS_PROGRAM,
    OPTAB_SLOT_VAR,
    OPTAB_PARENS,
    OPTAB_NEVER,
    OPTAB_NOTHING,
    OPTAB_XARGS,
    OPTAB_SHOW_LIMITS,
    OPTAB_LINE_BUFFER,
    OPTAB_TAG,
    OPTAB_TAGSTRING,
    OPTAB_CTAG,
    OPTAB_COLOR,
    OPTAB_FILES,
    OPTAB_RESULTS,
    OPTAB_JOBLOG,
    OPTAB_TMPDIR,
    OPTAB_OUTPUT_MEMORY,
    OPTAB_HALT,
    OPTAB_TIMEOUT,
    OPTAB_TERM_SEQ,
    OPTAB_RETRIES,
    OPTAB_DELAY,
    OPTAB_NICE,
    OPTAB_LOAD,
    OPTAB_MEMFREE,
    OPTAB_RESUME,
    OPTAB_RESUME_FAILED,
    OPTAB_RETRY_FAILED,
    OPTAB_TTY,
    OPTAB_BAR,
    OPTAB_ETA,
    OPTAB_PROGRESS,
    OPTAB_TOTAL_JOBS,
    OPTAB_SUMMARY,
    OPTAB_NO_SUMMARY,
    OPTAB_SEMAPHORE,
    OPTAB_SEM_ID,
    OPTAB_SEM_TIMEOUT,
    OPTAB_FG,
    OPTAB_BG,
    OPTAB_WAIT,
    OPTAB_JOBSERVER_STYLE,
    OPTAB_NO_JOBSERVER,
    OPTAB_SLF,
    OPTAB_SSH,
    OPTAB_RSYNC_OPTS,
    OPTAB_SSHDELAY,
    OPTAB_NO_CONTROLMASTER,
    OPTAB_NO_SSH_WORKER,
    OPTAB_FILTER_HOSTS,
    OPTAB_ENV,
    OPTAB_TRANSFERFILE,
    OPTAB_TRANSFER,
    OPTAB_RETURN,
    OPTAB_CLEANUP,
    OPTAB_TRC,
    OPTAB_BASEFILE,
    OPTAB_ONALL,
    OPTAB_NONALL,
    OPTAB_HOSTGROUPS,
    OPTAB_MEMSUSPEND,
    OPTAB_SHELL_COMPLETION,
    OPTAB_RECORD_ENV,
    OPTAB_PLAIN,
    OPTAB_GNU,
    OPTAB_TOLLEF,
    OPTAB_CTAGSTRING,
    OPTAB_COLOR_FAILED,
    OPTAB_MINVERSION,
    OPTAB_USE_SOCKETS,
    OPTAB_USE_CORES,
    OPTAB_USE_CPUS,
    OPTAB_NO_KEEP_ORDER,
    OPTAB_TIMELINE,
    OPTAB_FROM_JOBLOG,
    OPTAB_TMPL,
    OPTAB_LATEST_LINE,
    OPTAB_CSV,
    OPTAB_LIMIT,
    OPTAB_NOSWAP,
    OPTAB_FILTER,
};

/* The short options: '+' stops at the first word that is no option (the command), ':' has
 * getopt_long return ':' for a missing value; -l's value is optional. */
#define OPTAB_SHORT "+:j:P:ka:0d:E:e::rC:I:i::qtvhN:n:L:l::Xms:xupoS:MJ:V"

/* Every long option, ending with a zeroed entry. */
extern const struct option optab_long[];

/* 1 when next (the word after option c, given with arg) is c's value. An option whose value
 * is optional takes it attached (-l2, -iSTR, --eof=STR), or, as GNU parallel's option parser
 * does, as the next word: for -l when that is a number, for -i/--replace and -e/--eof when it
 * does not start with '-' (so `-i echo` takes "echo" as the replacement string). */
int optab_next_value(int c, const char *arg, const char *next);

/* The usage message, into buf, for an option getopt_long refused ('?'): word is the argument
 * it stood in, bad the optopt getopt set. "unknown option '-Z'" for a short one; for a long
 * one "option '--NAME' " and what is wrong: "is ambiguous (--colsep, --color, ...)", "takes
 * no value", or "is unknown" with "; did you mean --joblog?" when an option is spelt within a
 * few edits of it. */
void optab_refused(const char *word, int bad, char *buf, size_t size);

/* 1 when option c only asks for information (--help, --version, --number-of-*,
 * --shell-completion): nothing runs. */
int optab_info(int c);

#endif
