/* sshlogin: the hosts of a run as the user named them. A login is what -S and each line of a
 * --sshloginfile hold: [@group[+group...]/][N/][sshcommand [options]] [user@]host, or ':' for
 * this machine; '@group' alone keeps only the hosts of that group. A host is always in the group
 * named as the login itself. This module only parses logins, login files and the host groups
 * of input values (--hostgroups); remote.c runs jobs on them. */
#ifndef LANES_SSHLOGIN_H
#define LANES_SSHLOGIN_H

#include <stddef.h>

struct sshlogin {
    char *text;    /* the login without N/: {sshlogin}, the job log's Host, --tag with --onall */
    char *ssh;     /* the login's own ssh command and options, or NULL for --ssh's */
    char *dest;    /* [user@]host, the last word, handed to ssh */
    char *host;    /* the host alone: {host} */
    long slots;    /* N/, or 0: ask the host (or -j) */
    int local;     /* ':': this machine, no ssh */
    int from_file; /* read from a --sshloginfile (read again when it changes) */
    char *groups;  /* @g1+g2/: the groups it is in besides its own name, or NULL */
};

struct sshlogins {
    struct sshlogin *v;
    size_t n, cap;
    char **only; /* '@g1+g2' alone: only the hosts of these groups run jobs */
    size_t nonly;
};

/* Parse one login (len bytes of s) into *l. Returns 0, or -1 with *why set to what is wrong
 * (nothing is allocated then). */
int sshlogin_parse(const char *s, size_t len, struct sshlogin *l, const char **why);

/* Parse one login into ls: a host, or a group that alone is to be used ('@group'). Returns
 * 0, or -1 with *why set. */
int sshlogin_parse_into(struct sshlogins *ls, const char *s, size_t len, const char **why);

/* -S VALUE: logins separated by commas or newlines (',,' and '\,' are a comma in a login);
 * '..' reads ~/.parallel/sshloginfile and '-' stdin. Returns 0, or -1 after a usage message naming
 * the value. */
int sshlogin_add_arg(struct sshlogins *ls, const char *arg);

/* --slf FILE: a login a line; '#' comments and blank lines are skipped; '..' is
 * ~/.parallel/sshloginfile; '-' is stdin (read to its end, never again); a file not found here is
 * looked for in ~/.parallel. With quiet, a bad file leaves ls as it is and returns -1 without a
 * message (a reread while running); otherwise -1 comes after a usage message naming the file. */
int sshlogin_add_file(struct sshlogins *ls, const char *path, int quiet);

/* The path --slf PATH reads ('..' and the ~/.parallel fallback resolved); malloc'd. */
char *sshlogin_file_path(const char *path);

/* Whether a and b name the same login (text and slots). */
int sshlogin_same(const struct sshlogin *a, const struct sshlogin *b);

/* A copy of login l into *to. */
void sshlogin_copy(struct sshlogin *to, const struct sshlogin *l);

/* Whether login l is in one of groups (names joined by '+'): one of its @groups, or its own
 * name (the login as given, with or without N/). */
int sshlogin_in_groups(const struct sshlogin *l, const char *groups);

/* '@group' alone: the logins in none of those groups are taken out of ls. */
void sshlogins_keep_only(struct sshlogins *ls);

/* --hostgroups: an input value 'value@g1+g2' (the first '@' with something after it, of the
 * *len bytes of s) loses its '@...': *len is shortened to what is left. Returns the groups,
 * malloc'd, or NULL when it has none. */
char *sshlogin_arg_groups(const char *s, size_t *len);

void sshlogin_free(struct sshlogin *l);
void sshlogins_free(struct sshlogins *ls);

#endif
