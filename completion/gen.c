/* gen: writes lanes' shell completions from the option table (src/optab.c), the table the option
 * parser reads, so that a completion offers every option lanes takes and none that it refuses.
 *
 *   completion/gen bash|zsh|fish < TEMPLATE > SCRIPT
 *
 * copies TEMPLATE (completion/lanes.bash.in, ...: the shell's own logic) and writes, where a line
 * reads @OPTIONS@, the options in that shell's terms: each name, whether it takes a value (and,
 * for an optional one, when the next word is it: optab_next_value decides), and what completes
 * the value. Only gen_kinds below is written by hand: an option missing there still completes,
 * and its value is left to the user. */
#include <stdio.h>
#include <string.h>

#include "optab.h"

/* How an option takes its value. */
enum gen_mode {
    GEN_NONE,     /* no value */
    GEN_REQUIRED, /* attached or the next word */
    GEN_NUMBER,   /* optional: attached, or the next word when that is a number (-l) */
    GEN_WORD,     /* optional: attached, or the next word unless it starts with - (-i, -e) */
    GEN_ATTACHED, /* optional: attached only */
};
static const char *const gen_mode_names[] = {"none", "req", "num", "word", "attached"};

/* What completes an option's value, by the option's code; every other value is free text.
 * "list:" is followed by the fixed set of values, separated by spaces. */
static const struct {
    int code;
    const char *kind;
} gen_kinds[] = {
    {'a', "file"},
    {'J', "file"},
    {OPTAB_JOBLOG, "file"},
    {OPTAB_SLF, "file"},
    {OPTAB_BASEFILE, "file"},
    {OPTAB_TRANSFERFILE, "file"},
    {OPTAB_RETURN, "file"},
    {OPTAB_TRC, "file"},
    {OPTAB_TMPDIR, "dir"},
    {OPTAB_WORKDIR, "dir"},
    {OPTAB_RESULTS, "results"},
    {'S', "host"},
    {OPTAB_SSH, "command"},
    {OPTAB_ENV, "var"},
    {OPTAB_HALT, "list:never now,fail=1 soon,fail=1 now,success=1 soon,success=1 now,done=1 "
                 "soon,done=1 now,fail=50% soon,fail=50% 0 1 2 -1 -2"},
    {OPTAB_TRIM, "list:n l r lr rl"},
    {OPTAB_JOBSERVER_STYLE, "list:pipe fifo"},
    {OPTAB_SHELL_COMPLETION, "list:bash zsh fish auto"},
    {OPTAB_COMPRESS_PROGRAM, "command"},
    {OPTAB_DECOMPRESS_PROGRAM, "command"},
    {OPTAB_SLOT_VAR, "var"},
};

/* One option as a completion sees it: "--name" or "-c". */
struct gen_opt {
    char word[64];
    enum gen_mode mode;
    const char *kind;
};

/* Options in the table that lanes refuses (--sql, --group-by, ...): never offered. */
static int gen_refused(int code)
{
    return code == OPTAB_NEVER || code == OPTAB_PIPE_LATER;
}

static const char *gen_kind(int code)
{
    for (size_t i = 0; i < sizeof gen_kinds / sizeof gen_kinds[0]; i++)
        if (gen_kinds[i].code == code)
            return gen_kinds[i].kind;
    return "";
}

/* An optional value: when does the next word count as it? optab_next_value answers. */
static enum gen_mode gen_optional(int code)
{
    if (optab_next_value(code, NULL, "x"))
        return GEN_WORD;
    if (optab_next_value(code, NULL, "1"))
        return GEN_NUMBER;
    return GEN_ATTACHED;
}

/* The nth option (long ones first, then the short ones of OPTAB_SHORT); 0 past the last. */
static int gen_option(size_t n, struct gen_opt *o)
{
    size_t i;
    const char *s;

    for (i = 0; optab_long[i].name; i++) {
        if (gen_refused(optab_long[i].val) || n-- != 0)
            continue;
        snprintf(o->word, sizeof o->word, "--%s", optab_long[i].name);
        o->mode = optab_long[i].has_arg == no_argument         ? GEN_NONE
                  : optab_long[i].has_arg == required_argument ? GEN_REQUIRED
                                                               : gen_optional(optab_long[i].val);
        o->kind = gen_kind(optab_long[i].val);
        return 1;
    }
    for (s = OPTAB_SHORT; *s; s++) {
        if (*s == '+' || *s == ':' || n-- != 0)
            continue;
        snprintf(o->word, sizeof o->word, "-%c", *s);
        o->mode = s[1] != ':' ? GEN_NONE : s[2] != ':' ? GEN_REQUIRED : gen_optional(*s);
        o->kind = gen_kind(*s);
        return 1;
    }
    return 0;
}

/* bash: a function that answers, for an option word, MODE:KIND (lanes.bash.in reads it). */
static void gen_bash(FILE *f)
{
    struct gen_opt o;

    fputs("_lanes_options='", f);
    for (size_t n = 0; gen_option(n, &o); n++)
        fprintf(f, "%s%s", n ? " " : "", o.word);
    fputs("'\n\n# _lanes_arg WORD: REPLY=MODE:KIND for the option WORD (none: when it is none)\n"
          "_lanes_arg() {\n    case $1 in\n",
          f);
    for (size_t n = 0; gen_option(n, &o); n++)
        if (o.mode != GEN_NONE)
            fprintf(f, "    %s) REPLY='%s:%s' ;;\n", o.word, gen_mode_names[o.mode], o.kind);
    fputs("    *) REPLY=none: ;;\n    esac\n}\n", f);
}

/* How zsh and fish complete a value of each kind but list: ("" and free text: nothing). */
static const struct {
    const char *kind, *zsh, *fish;
} gen_actions[] = {
    {"file", "_files", " -r -F"},
    {"results", "_files -g \"*.(csv|tsv|json)\"", " -r -F"},
    {"dir", "_files -/", " -x -a '(__fish_complete_directories (commandline -ct))'"},
    {"host", "_hosts", " -x -a '(__fish_print_hostnames)'"},
    {"command", "_command_names -e", " -x -a '(__fish_complete_command)'"},
    {"var", "_parameters", " -x -a '(set -n)'"},
};

/* The index of kind's row in gen_actions, or -1. */
static int gen_action(const char *kind)
{
    for (size_t i = 0; i < sizeof gen_actions / sizeof gen_actions[0]; i++)
        if (strcmp(gen_actions[i].kind, kind) == 0)
            return (int)i;
    return -1;
}

/* zsh: the action that completes a value of this kind. */
static void gen_zsh_action(FILE *f, const char *kind)
{
    int a = gen_action(kind);

    if (strncmp(kind, "list:", 5) == 0)
        fprintf(f, "(%s)", kind + 5);
    else if (a >= 0)
        fputs(gen_actions[a].zsh, f);
}

/* zsh: one _arguments spec an option; '*' because lanes takes an option more than once. */
static void gen_zsh(FILE *f)
{
    struct gen_opt o;

    fputs("local -a _lanes_specs\n_lanes_specs=(\n", f);
    for (size_t n = 0; gen_option(n, &o); n++) {
        int lng = o.word[1] == '-';
        fprintf(f, "    '*%s", o.word);
        if (o.mode == GEN_REQUIRED)
            fputs(lng ? "=:value:" : "+:value:", f);
        else if (o.mode != GEN_NONE)
            fputs(lng ? "=-::value:" : "-::value:", f);
        if (o.mode != GEN_NONE)
            gen_zsh_action(f, o.kind);
        fputs("'\n", f);
    }
    fputs(")\n", f);
}

/* fish: what follows -l NAME or -s C for an option of this mode and kind. */
static void gen_fish_value(FILE *f, const struct gen_opt *o)
{
    int a = gen_action(o->kind);

    if (o->mode != GEN_REQUIRED)
        return;
    if (strncmp(o->kind, "list:", 5) == 0)
        fprintf(f, " -x -a '%s'", o->kind + 5);
    else if (a >= 0)
        fputs(gen_actions[a].fish, f);
    else
        fputs(" -x", f);
}

/* fish: the lists the word walk in lanes.fish.in reads, then a complete line an option. */
static void gen_fish(FILE *f)
{
    static const enum gen_mode modes[] = {GEN_REQUIRED, GEN_NUMBER, GEN_WORD};
    struct gen_opt o;

    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        fprintf(f, "set -g __lanes_%s_long", gen_mode_names[modes[m]]);
        for (size_t n = 0; gen_option(n, &o); n++)
            if (o.mode == modes[m] && o.word[1] == '-')
                fprintf(f, " %s", o.word + 2);
        fprintf(f, "\nset -g __lanes_%s_short '", gen_mode_names[modes[m]]);
        for (size_t n = 0; gen_option(n, &o); n++)
            if (o.mode == modes[m] && o.word[1] != '-')
                fputc(o.word[1], f);
        fputs("'\n", f);
    }
    for (size_t n = 0; gen_option(n, &o); n++) {
        fprintf(f, "complete -c lanes -c sem -n __lanes_at_options %s %s",
                o.word[1] == '-' ? "-l" : "-s", o.word + (o.word[1] == '-' ? 2 : 1));
        gen_fish_value(f, &o);
        fputc('\n', f);
    }
}

int main(int argc, char **argv)
{
    char line[4096];
    void (*emit)(FILE *) = NULL;

    if (argc == 2 && strcmp(argv[1], "bash") == 0)
        emit = gen_bash;
    else if (argc == 2 && strcmp(argv[1], "zsh") == 0)
        emit = gen_zsh;
    else if (argc == 2 && strcmp(argv[1], "fish") == 0)
        emit = gen_fish;
    if (emit == NULL) {
        fputs("usage: gen bash|zsh|fish < TEMPLATE > SCRIPT\n", stderr);
        return 2;
    }
    while (fgets(line, sizeof line, stdin))
        if (strcmp(line, "@OPTIONS@\n") == 0)
            emit(stdout);
        else
            fputs(line, stdout);
    return ferror(stdin) || fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
}
