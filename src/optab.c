/* optab: the table of long options; each spelling GNU parallel takes is a row of its own. */
#include "optab.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

const struct option optab_long[] = {
    {"jobs", required_argument, NULL, 'j'},
    {"max-procs", required_argument, NULL, 'P'},
    {"maxprocs", required_argument, NULL, 'P'},
    {"keep-order", no_argument, NULL, 'k'},
    {"keeporder", no_argument, NULL, 'k'},
    {"no-keep-order", no_argument, NULL, OPTAB_NO_KEEP_ORDER},
    {"nokeeporder", no_argument, NULL, OPTAB_NO_KEEP_ORDER},
    {"nok", no_argument, NULL, OPTAB_NO_KEEP_ORDER},
    {"no-k", no_argument, NULL, OPTAB_NO_KEEP_ORDER},
    {"group", no_argument, NULL, OPTAB_GROUP},
    {"arg-file", required_argument, NULL, 'a'},
    {"argfile", required_argument, NULL, 'a'},
    {"null", no_argument, NULL, '0'},
    {"delimiter", required_argument, NULL, 'd'},
    {"eof", optional_argument, NULL, 'e'},
    {"no-run-if-empty", no_argument, NULL, 'r'},
    {"norunifempty", no_argument, NULL, 'r'},
    {"link", no_argument, NULL, OPTAB_LINK},
    {"xapply", no_argument, NULL, OPTAB_LINK},
    {"trim", required_argument, NULL, OPTAB_TRIM},
    {"arg-sep", required_argument, NULL, OPTAB_ARG_SEP},
    {"argsep", required_argument, NULL, OPTAB_ARG_SEP},
    {"arg-file-sep", required_argument, NULL, OPTAB_ARG_FILE_SEP},
    {"argfilesep", required_argument, NULL, OPTAB_ARG_FILE_SEP},
    {"skip-first-line", no_argument, NULL, OPTAB_SKIP_FIRST},
    {"skipfirstline", no_argument, NULL, OPTAB_SKIP_FIRST},
    {"shuf", no_argument, NULL, OPTAB_SHUF},
    {"csv", no_argument, NULL, OPTAB_CSV},
    {"filter", required_argument, NULL, OPTAB_FILTER},
    {"colsep", required_argument, NULL, 'C'},
    {"col-sep", required_argument, NULL, 'C'},
    {"header", required_argument, NULL, OPTAB_HEADER},
    {"replace", optional_argument, NULL, 'i'},
    {"extensionreplace", required_argument, NULL, OPTAB_ER},
    {"er", required_argument, NULL, OPTAB_ER},
    {"basenamereplace", required_argument, NULL, OPTAB_BNR},
    {"bnr", required_argument, NULL, OPTAB_BNR},
    {"dirnamereplace", required_argument, NULL, OPTAB_DNR},
    {"dnr", required_argument, NULL, OPTAB_DNR},
    {"basenameextensionreplace", required_argument, NULL, OPTAB_BNER},
    {"bner", required_argument, NULL, OPTAB_BNER},
    {"seqreplace", required_argument, NULL, OPTAB_SEQR},
    {"slotreplace", required_argument, NULL, OPTAB_SLOTR},
    {"plus", no_argument, NULL, OPTAB_PLUS},
    {"quote", no_argument, NULL, 'q'},
    {"shell-quote", no_argument, NULL, OPTAB_SHELL_QUOTE},
    {"shellquote", no_argument, NULL, OPTAB_SHELL_QUOTE},
    {"rpl", required_argument, NULL, OPTAB_RPL},
    {"parens", required_argument, NULL, OPTAB_PARENS},
    {"sql", required_argument, NULL, OPTAB_NEVER},
    {"sqlmaster", required_argument, NULL, OPTAB_NEVER},
    {"sqlworker", required_argument, NULL, OPTAB_NEVER},
    {"sqlandworker", required_argument, NULL, OPTAB_NEVER},
    {"sql-master", required_argument, NULL, OPTAB_NEVER},
    {"sql-worker", required_argument, NULL, OPTAB_NEVER},
    {"sql-and-worker", required_argument, NULL, OPTAB_NEVER},
    {"rsync-opts", required_argument, NULL, OPTAB_RSYNC_OPTS},
    {"session", no_argument, NULL, OPTAB_NEVER},
    {"tmux", no_argument, NULL, OPTAB_NEVER},
    {"tmuxpane", no_argument, NULL, OPTAB_NEVER},
    {"embed", no_argument, NULL, OPTAB_NEVER},
    {"citation", no_argument, NULL, OPTAB_NEVER},
    {"will-cite", no_argument, NULL, OPTAB_NOTHING},
    {"willcite", no_argument, NULL, OPTAB_NOTHING},
    {"nn", no_argument, NULL, OPTAB_NOTHING},
    {"nonotice", no_argument, NULL, OPTAB_NOTHING},
    {"no-notice", no_argument, NULL, OPTAB_NOTHING},
    {"plain", no_argument, NULL, OPTAB_PLAIN},
    {"gnu", no_argument, NULL, OPTAB_GNU},
    {"tollef", no_argument, NULL, OPTAB_TOLLEF},
    {"profile", required_argument, NULL, 'J'},
    {"env", required_argument, NULL, OPTAB_ENV},
    {"max-args", required_argument, NULL, 'n'},
    {"maxargs", required_argument, NULL, 'n'},
    {"max-lines", optional_argument, NULL, 'l'},
    {"maxlines", optional_argument, NULL, 'l'},
    {"max-replace-args", required_argument, NULL, 'N'},
    {"maxreplaceargs", required_argument, NULL, 'N'},
    {"xargs", no_argument, NULL, OPTAB_XARGS},
    {"max-chars", required_argument, NULL, 's'},
    {"maxchars", required_argument, NULL, 's'},
    {"exit", no_argument, NULL, 'x'},
    {"show-limits", no_argument, NULL, OPTAB_SHOW_LIMITS},
    {"line-buffer", no_argument, NULL, OPTAB_LINE_BUFFER},
    {"line-buffered", no_argument, NULL, OPTAB_LINE_BUFFER},
    {"linebuffer", no_argument, NULL, OPTAB_LINE_BUFFER},
    {"linebuffered", no_argument, NULL, OPTAB_LINE_BUFFER},
    {"lb", no_argument, NULL, OPTAB_LINE_BUFFER},
    {"latest-line", no_argument, NULL, OPTAB_LATEST_LINE},
    {"ll", no_argument, NULL, OPTAB_LATEST_LINE},
    {"ungroup", no_argument, NULL, 'u'},
    {"tag", no_argument, NULL, OPTAB_TAG},
    {"tagstring", required_argument, NULL, OPTAB_TAGSTRING},
    {"tag-string", required_argument, NULL, OPTAB_TAGSTRING},
    {"ctag", no_argument, NULL, OPTAB_CTAG},
    {"ctagstring", required_argument, NULL, OPTAB_CTAGSTRING},
    {"ctag-string", required_argument, NULL, OPTAB_CTAGSTRING},
    {"color-failed", no_argument, NULL, OPTAB_COLOR_FAILED},
    {"colour-failed", no_argument, NULL, OPTAB_COLOR_FAILED},
    {"colorfailed", no_argument, NULL, OPTAB_COLOR_FAILED},
    {"colourfailed", no_argument, NULL, OPTAB_COLOR_FAILED},
    {"color-fail", no_argument, NULL, OPTAB_COLOR_FAILED},
    {"colour-fail", no_argument, NULL, OPTAB_COLOR_FAILED},
    {"colorfail", no_argument, NULL, OPTAB_COLOR_FAILED},
    {"colourfail", no_argument, NULL, OPTAB_COLOR_FAILED},
    {"cf", no_argument, NULL, OPTAB_COLOR_FAILED},
    {"color", optional_argument, NULL, OPTAB_COLOR},
    {"colour", optional_argument, NULL, OPTAB_COLOR},
    {"files", no_argument, NULL, OPTAB_FILES},
    {"output-as-files", no_argument, NULL, OPTAB_FILES},
    {"outputasfiles", no_argument, NULL, OPTAB_FILES},
    {"compress", no_argument, NULL, OPTAB_COMPRESS},
    {"compress-program", required_argument, NULL, OPTAB_COMPRESS_PROGRAM},
    {"decompress-program", required_argument, NULL, OPTAB_DECOMPRESS_PROGRAM},
    {"results", required_argument, NULL, OPTAB_RESULTS},
    {"result", required_argument, NULL, OPTAB_RESULTS},
    {"res", required_argument, NULL, OPTAB_RESULTS},
    {"joblog", required_argument, NULL, OPTAB_JOBLOG},
    {"jl", required_argument, NULL, OPTAB_JOBLOG},
    {"timeline", required_argument, NULL, OPTAB_TIMELINE},
    {"from-joblog", required_argument, NULL, OPTAB_FROM_JOBLOG},
    {"tmpl", required_argument, NULL, OPTAB_TMPL},
    {"template", required_argument, NULL, OPTAB_TMPL},
    {"tmpdir", required_argument, NULL, OPTAB_TMPDIR},
    {"tempdir", required_argument, NULL, OPTAB_TMPDIR},
    {"output-memory", required_argument, NULL, OPTAB_OUTPUT_MEMORY},
    {"halt", required_argument, NULL, OPTAB_HALT},
    {"halt-on-error", required_argument, NULL, OPTAB_HALT},
    {"timeout", required_argument, NULL, OPTAB_TIMEOUT},
    {"term-seq", required_argument, NULL, OPTAB_TERM_SEQ},
    {"termseq", required_argument, NULL, OPTAB_TERM_SEQ},
    {"retries", required_argument, NULL, OPTAB_RETRIES},
    {"delay", required_argument, NULL, OPTAB_DELAY},
    {"nice", required_argument, NULL, OPTAB_NICE},
    {"load", required_argument, NULL, OPTAB_LOAD},
    {"memfree", required_argument, NULL, OPTAB_MEMFREE},
    {"memsuspend", required_argument, NULL, OPTAB_MEMSUSPEND},
    {"limit", required_argument, NULL, OPTAB_LIMIT},
    {"noswap", no_argument, NULL, OPTAB_NOSWAP},
    {"resume", no_argument, NULL, OPTAB_RESUME},
    {"resume-failed", no_argument, NULL, OPTAB_RESUME_FAILED},
    {"resumefailed", no_argument, NULL, OPTAB_RESUME_FAILED},
    {"retry-failed", no_argument, NULL, OPTAB_RETRY_FAILED},
    {"retryfailed", no_argument, NULL, OPTAB_RETRY_FAILED},
    {"interactive", no_argument, NULL, 'p'},
    {"tty", no_argument, NULL, OPTAB_TTY},
    {"open-tty", no_argument, NULL, 'o'},
    {"bar", no_argument, NULL, OPTAB_BAR},
    {"eta", no_argument, NULL, OPTAB_ETA},
    {"progress", no_argument, NULL, OPTAB_PROGRESS},
    {"total-jobs", required_argument, NULL, OPTAB_TOTAL_JOBS},
    {"totaljobs", required_argument, NULL, OPTAB_TOTAL_JOBS},
    {"total", required_argument, NULL, OPTAB_TOTAL_JOBS},
    {"summary", no_argument, NULL, OPTAB_SUMMARY},
    {"no-summary", no_argument, NULL, OPTAB_NO_SUMMARY},
    {"dry-run", no_argument, NULL, OPTAB_DRY_RUN},
    {"dryrun", no_argument, NULL, OPTAB_DRY_RUN},
    {"verbose", no_argument, NULL, 't'},
    {"silent", no_argument, NULL, OPTAB_SILENT},
    {"version", no_argument, NULL, OPTAB_VERSION},
    {"minversion", required_argument, NULL, OPTAB_MINVERSION},
    {"help", no_argument, NULL, 'h'},
    {"shell-completion", required_argument, NULL, OPTAB_SHELL_COMPLETION},
    {"shellcompletion", required_argument, NULL, OPTAB_SHELL_COMPLETION},
    {"number-of-cores", no_argument, NULL, OPTAB_CORES},
    {"number-of-cpus", no_argument, NULL, OPTAB_CPUS},
    {"number-of-sockets", no_argument, NULL, OPTAB_SOCKETS},
    {"number-of-threads", no_argument, NULL, OPTAB_THREADS},
    {"max-line-length-allowed", no_argument, NULL, OPTAB_MAX_LINE},
    {"use-sockets-instead-of-threads", no_argument, NULL, OPTAB_USE_SOCKETS},
    {"usesocketsinsteadofthreads", no_argument, NULL, OPTAB_USE_SOCKETS},
    {"use-cores-instead-of-threads", no_argument, NULL, OPTAB_USE_CORES},
    {"usecoresinsteadofthreads", no_argument, NULL, OPTAB_USE_CORES},
    {"use-cpus-instead-of-cores", no_argument, NULL, OPTAB_USE_CPUS},
    {"usecpusinsteadofcores", no_argument, NULL, OPTAB_USE_CPUS},
    {"pipe", no_argument, NULL, OPTAB_PIPE},
    {"spreadstdin", no_argument, NULL, OPTAB_PIPE},
    {"block", required_argument, NULL, OPTAB_BLOCK},
    {"block-size", required_argument, NULL, OPTAB_BLOCK},
    {"blocksize", required_argument, NULL, OPTAB_BLOCK},
    {"recstart", required_argument, NULL, OPTAB_RECSTART},
    {"recend", required_argument, NULL, OPTAB_RECEND},
    {"rrs", no_argument, NULL, OPTAB_RRS},
    {"remove-rec-sep", no_argument, NULL, OPTAB_RRS},
    {"removerecsep", no_argument, NULL, OPTAB_RRS},
    {"pipe-part", no_argument, NULL, OPTAB_PIPE_PART},
    {"pipepart", no_argument, NULL, OPTAB_PIPE_PART},
    {"round-robin", no_argument, NULL, OPTAB_ROUND_ROBIN},
    {"roundrobin", no_argument, NULL, OPTAB_ROUND_ROBIN},
    {"round", no_argument, NULL, OPTAB_ROUND_ROBIN},
    {"cat", no_argument, NULL, OPTAB_CAT},
    {"fifo", no_argument, NULL, OPTAB_FIFO},
    {"tee", no_argument, NULL, OPTAB_TEE},
    {"group-by", required_argument, NULL, OPTAB_GROUP_BY},
    {"groupby", required_argument, NULL, OPTAB_GROUP_BY},
    {"block-timeout", required_argument, NULL, OPTAB_BLOCK_TIMEOUT},
    {"blocktimeout", required_argument, NULL, OPTAB_BLOCK_TIMEOUT},
    {"bt", required_argument, NULL, OPTAB_BLOCK_TIMEOUT},
    {"shard", required_argument, NULL, OPTAB_SHARD},
    {"bin", required_argument, NULL, OPTAB_BIN},
    {"regexp", no_argument, NULL, OPTAB_REGEXP},
    {"process-slot-var", required_argument, NULL, OPTAB_SLOT_VAR},
    {"workdir", required_argument, NULL, OPTAB_WORKDIR},
    {"work-dir", required_argument, NULL, OPTAB_WORKDIR},
    {"wd", required_argument, NULL, OPTAB_WORKDIR},
    {"semaphore", no_argument, NULL, OPTAB_SEMAPHORE},
    {"id", required_argument, NULL, OPTAB_SEM_ID},
    {"semaphorename", required_argument, NULL, OPTAB_SEM_ID},
    {"semaphore-name", required_argument, NULL, OPTAB_SEM_ID},
    {"semaphoretimeout", required_argument, NULL, OPTAB_SEM_TIMEOUT},
    {"semaphore-timeout", required_argument, NULL, OPTAB_SEM_TIMEOUT},
    {"st", required_argument, NULL, OPTAB_SEM_TIMEOUT},
    {"fg", no_argument, NULL, OPTAB_FG},
    {"bg", no_argument, NULL, OPTAB_BG},
    {"wait", no_argument, NULL, OPTAB_WAIT},
    {"jobserver-style", required_argument, NULL, OPTAB_JOBSERVER_STYLE},
    {"no-jobserver", no_argument, NULL, OPTAB_NO_JOBSERVER},
    {"sshlogin", required_argument, NULL, 'S'},
    {"sshloginfile", required_argument, NULL, OPTAB_SLF},
    {"slf", required_argument, NULL, OPTAB_SLF},
    {"ssh", required_argument, NULL, OPTAB_SSH},
    {"sshdelay", required_argument, NULL, OPTAB_SSHDELAY},
    {"ssh-delay", required_argument, NULL, OPTAB_SSHDELAY},
    {"controlmaster", no_argument, NULL, 'M'},
    {"control-master", no_argument, NULL, 'M'},
    {"no-controlmaster", no_argument, NULL, OPTAB_NO_CONTROLMASTER},
    {"no-control-master", no_argument, NULL, OPTAB_NO_CONTROLMASTER},
    {"no-ssh-worker", no_argument, NULL, OPTAB_NO_SSH_WORKER},
    {"filter-hosts", no_argument, NULL, OPTAB_FILTER_HOSTS},
    {"filterhosts", no_argument, NULL, OPTAB_FILTER_HOSTS},
    {"transferfile", required_argument, NULL, OPTAB_TRANSFERFILE},
    {"transfer-file", required_argument, NULL, OPTAB_TRANSFERFILE},
    {"tf", required_argument, NULL, OPTAB_TRANSFERFILE},
    {"transfer", no_argument, NULL, OPTAB_TRANSFER},
    {"return", required_argument, NULL, OPTAB_RETURN},
    {"cleanup", no_argument, NULL, OPTAB_CLEANUP},
    {"trc", required_argument, NULL, OPTAB_TRC},
    {"basefile", required_argument, NULL, OPTAB_BASEFILE},
    {"bf", required_argument, NULL, OPTAB_BASEFILE},
    {"onall", no_argument, NULL, OPTAB_ONALL},
    {"nonall", no_argument, NULL, OPTAB_NONALL},
    {"hostgroups", no_argument, NULL, OPTAB_HOSTGROUPS},
    {"hostgroup", no_argument, NULL, OPTAB_HOSTGROUPS},
    {"hostgrp", no_argument, NULL, OPTAB_HOSTGROUPS},
    {"hgrp", no_argument, NULL, OPTAB_HOSTGROUPS},
    {"record-env", no_argument, NULL, OPTAB_RECORD_ENV},
    {"recordenv", no_argument, NULL, OPTAB_RECORD_ENV},
    {NULL, 0, NULL, 0},
};

int optab_info(int c)
{
    return c == 'h' || c == OPTAB_VERSION || c == OPTAB_CORES || c == OPTAB_CPUS ||
           c == OPTAB_SOCKETS || c == OPTAB_THREADS || c == OPTAB_MAX_LINE ||
           c == OPTAB_MINVERSION || c == OPTAB_RECORD_ENV || c == OPTAB_SHELL_COMPLETION;
}

int optab_next_value(int c, const char *arg, const char *next)
{
    if (arg != NULL || next == NULL)
        return 0;
    if (c == 'l')
        return next[0] != '\0' && strspn(next, "0123456789") == strlen(next);
    return (c == 'i' || c == 'e') && next[0] != '-';
}

/* Edit distance between a (n bytes) and b, as Levenshtein's, capped at OPTAB_FAR. */
#define OPTAB_FAR 99
static int optab_distance(const char *a, size_t n, const char *b)
{
    size_t m = strlen(b);
    int row[64];

    if (n >= sizeof row / sizeof row[0] || m >= sizeof row / sizeof row[0])
        return OPTAB_FAR;
    for (size_t j = 0; j <= m; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            best = up + 1 < best ? up + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

/* The long options that start with name (n bytes), each code once, as "--a, --b, ..." into
 * buf; returns how many codes. */
static int optab_prefixed(const char *name, size_t n, char *buf, size_t size)
{
    int codes[8], ncodes = 0;
    size_t len = 0;

    buf[0] = '\0';
    for (const struct option *op = optab_long; op->name; op++) {
        int seen = 0;
        if (strncmp(op->name, name, n) != 0)
            continue;
        for (int i = 0; i < ncodes; i++)
            seen |= codes[i] == op->val;
        if (seen)
            continue;
        if (ncodes == (int)(sizeof codes / sizeof codes[0]))
            return ncodes + 1;
        codes[ncodes++] = op->val;
        if (len < size)
            len +=
                (size_t)snprintf(buf + len, size - len, "%s--%s", ncodes > 1 ? ", " : "", op->name);
    }
    return ncodes;
}

static void optab_explain(const char *word, char *buf, size_t size)
{
    const char *name = word + strspn(word, "-");
    size_t n = strcspn(name, "=");
    const struct option *best = NULL;
    int best_d = OPTAB_FAR;
    char list[160];

    for (const struct option *op = optab_long; op->name; op++) {
        if (strlen(op->name) == n && strncmp(op->name, name, n) == 0) {
            snprintf(buf, size, "takes no value");
            return;
        }
    }
    int prefixed = optab_prefixed(name, n, list, sizeof list);
    if (n > 0 && prefixed > 1) {
        snprintf(buf, size, "is ambiguous (%s%s)", list, prefixed > 8 ? ", ..." : "");
        return;
    }
    if (name[n] == '=' && prefixed == 1) { /* a unique prefix of an option without a value */
        snprintf(buf, size, "takes no value");
        return;
    }
    for (const struct option *op = optab_long; op->name; op++) {
        int d = optab_distance(name, n, op->name);
        if (d < best_d) {
            best_d = d;
            best = op;
        }
    }
    /* a slip of a key or two; more for a longer name, but never most of it */
    if (best && best_d <= (n < 6 ? 1 : n < 12 ? 2 : 3))
        snprintf(buf, size, "is unknown; did you mean --%s?", best->name);
    else
        snprintf(buf, size, "is unknown");
}

void optab_refused(const char *word, int bad, char *buf, size_t size)
{
    /* getopt sets optopt for a short option, and for a long one given a value it does not
     * take (--keep-order=2: 'k'); then the word is that long option with its '=' */
    int is_long = strncmp(word, "--", 2) == 0 && (bad == 0 || bad >= 256 || strchr(word, '='));
    char why[200];

    if (!is_long) {
        snprintf(buf, size, "unknown option '-%c'", bad > 0 && bad < 256 ? bad : '?');
        return;
    }
    optab_explain(word, why, sizeof why);
    snprintf(buf, size, "option '%.*s' %s", (int)strcspn(word, "="), word, why);
}
