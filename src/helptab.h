/* helptab: the lines of lanes --help, by section (help.c prints them). */
#ifndef LANES_HELPTAB_H
#define LANES_HELPTAB_H

#include <stddef.h>

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

extern const char *const help_heading[HELP_SECTIONS];
extern const struct help_entry help_entries[];
extern const size_t help_nentries;

#endif
