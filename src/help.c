/* help: the --help text, made from the option table (optab.c): each line names an option's
 * codes, and its spellings come from the table, so a spelling added there shows here. The
 * sections are those of OPTIONS in lanes(1), in its order. */
#include "help.h"

#include <string.h>

#include "helptab.h"
#include "optab.h"

#define HELP_COL 25   /* where the words start */
#define HELP_WIDTH 79 /* columns a line may take at most */

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
        for (size_t i = 0; i < help_nentries; i++)
            if (help_entries[i].section == (enum help_section)s)
                help_entry_print(f, &help_entries[i]);
        if (s == HELP_INFO)
            help_squashed_list(f);
    }
    fputs("\nExit status: 0 when every job succeeded, 1-100 the number of failed jobs,\n"
          "101 for more than 100, 255 for an error of lanes itself. See lanes(1).\n",
          f);
}
