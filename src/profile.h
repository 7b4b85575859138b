/* profile: the options a run takes from outside its command line, read as GNU parallel reads
 * them. The profiles come first (-J NAME for each -J on the command line; without one, the
 * config files: /etc/parallel/config, config in each configuration directory, ~/.parallelrc),
 * then $PARALLEL (and $PARALLEL_CSH), then the command line; a later value wins. Each of the
 * three is split into its options and the words after them: the options are parsed in that
 * order, and the other words go in front of the command (a profile holding "nice" runs every
 * command under nice). --plain on the command line reads neither profiles nor $PARALLEL.
 *
 * The configuration directories, those that exist, in order: $PARALLEL_HOME,
 * $XDG_CONFIG_HOME/parallel, each of $XDG_CONFIG_DIRS/parallel, ~/.parallel. $PARALLEL_HOME
 * is made when it is missing (a warning when it cannot be); without it, ~/.parallel is. */
#ifndef LANES_PROFILE_H
#define LANES_PROFILE_H

#include <stddef.h>

/* Words split from one string, each allocated. */
struct profile_words {
    char **w;
    size_t n;
};

/* The command line opts_parse reads. */
struct profile {
    int argc;
    char **argv;                /* the one main got, or a new array (owned) */
    struct profile_words words; /* the words read from profiles and environment */
    char **made;                /* the new array, or NULL */
    char **shebang;             /* the command line a #! line made, or NULL */
};

/* The command line argc, argv with the profiles' and $PARALLEL's words put in, into p. First,
 * GNU parallel's #! forms are unfolded: the kernel runs `#!/usr/bin/lanes --shebang OPTS` as
 * lanes "--shebang OPTS" SCRIPT [ARGS]; that becomes lanes --skip-first-line -a SCRIPT OPTS
 * [ARGS] (--hashbang alike), and `--shebang-wrap OPTS` becomes lanes OPTS SCRIPT ::: ARGS
 * (:::: ARGS, files to cut, when OPTS hold --pipe; stdin without ARGS). Returns
 * 0; or -1 after a usage message that names the profile or variable at fault (unreadable, a
 * quote not closed, an unknown option, an option without its value). A bad command line is
 * left for opts_parse to report: p is then argc, argv unchanged. profile_free frees p, on
 * either return. */
int profile_read(struct profile *p, int argc, char **argv);
void profile_free(struct profile *p);

/* Append the words of s (len bytes) to w, split as Perl's Text::ParseWords::shellwords splits
 * (GNU parallel splits $PARALLEL and each profile line so): at runs of blanks; \c is c; "..."
 * holds blanks and takes \c as c; '...' holds everything, a backslash included, and \' does
 * not end it. No $ or glob expansion. Returns 0, or -1 when a quote is not closed or the
 * string ends in a lone backslash (GNU parallel then drops the whole string, silently). */
int profile_split(const char *s, size_t len, struct profile_words *w);
void profile_words_free(struct profile_words *w);

#endif
