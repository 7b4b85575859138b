/* sshlogin: the hosts of a run as the user named them. A login is what -S and each line of a
 * --sshloginfile hold: [N/][sshcommand [options]] [user@]host, or ':' for this machine. This
 * module only parses logins and login files; remote.c runs jobs on them. */
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
};

struct sshlogins {
    struct sshlogin *v;
    size_t n, cap;
};

/* Parse one login (len bytes of s) into *l. Returns 0, or -1 with *why set to what is wrong
 * (nothing is allocated then). */
int sshlogin_parse(const char *s, size_t len, struct sshlogin *l, const char **why);

/* -S VALUE: logins separated by commas or newlines (',,' and '\,' are a comma in a login);
 * '..' reads ~/.parallel/sshloginfile. Returns 0, or -1 after a usage message naming the
 * value. */
int sshlogin_add_arg(struct sshlogins *ls, const char *arg);

/* --slf FILE: a login a line; '#' comments and blank lines are skipped; '..' is
 * ~/.parallel/sshloginfile; a file not found here is looked for in ~/.parallel. With
 * quiet, a bad file leaves ls as it is and returns -1 without a message (a reread while
 * running); otherwise -1 comes after a usage message naming the file. */
int sshlogin_add_file(struct sshlogins *ls, const char *path, int quiet);

/* The path --slf PATH reads ('..' and the ~/.parallel fallback resolved); malloc'd. */
char *sshlogin_file_path(const char *path);

/* Whether a and b name the same login (text and slots). */
int sshlogin_same(const struct sshlogin *a, const struct sshlogin *b);

void sshlogin_free(struct sshlogin *l);
void sshlogins_free(struct sshlogins *ls);

#endif
