/* term: --term-seq parsing, and the terminal of -p. */
#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util.h"

static const struct {
    const char *name;
    int sig;
} term_names[] = {
    {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"KILL", SIGKILL},
    {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
    {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"ABRT", SIGABRT}, {"PIPE", SIGPIPE},
};

void term_default(struct term_seq *t)
{
    static const struct term_step def[] = {
        {SIGTERM, 200}, {SIGTERM, 100}, {SIGTERM, 50}, {SIGKILL, 25}};

    memcpy(t->step, def, sizeof def);
    t->n = sizeof def / sizeof def[0];
}

int term_signal(const char *name)
{
    if (strncasecmp(name, "SIG", 3) == 0)
        name += 3;
    for (size_t i = 0; i < sizeof term_names / sizeof term_names[0]; i++)
        if (strcasecmp(name, term_names[i].name) == 0)
            return term_names[i].sig;
    const char *err;
    long long n = strtonum(name, 1, 64, &err);
    return err ? -1 : (int)n;
}

int term_parse(struct term_seq *t, const char *s)
{
    char tok[32];
    int want_sig = 1;

    t->n = 0;
    for (const char *p = s; *p; p += *p == ',') {
        size_t len = strcspn(p, ",");
        if (len == 0 || len >= sizeof tok) {
            util_warn("--term-seq '%s': expected SIGNAL,MS,SIGNAL,MS,...", s);
            return -1;
        }
        memcpy(tok, p, len);
        tok[len] = '\0';
        p += len;
        const char *err = NULL;
        if (want_sig && t->n == sizeof t->step / sizeof t->step[0]) {
            util_warn("--term-seq '%s': at most %zu signals", s, t->n);
            return -1;
        }
        if (want_sig && (t->step[t->n].sig = term_signal(tok)) < 0) {
            util_warn("--term-seq '%s': '%s' is not a signal", s, tok);
            return -1;
        }
        if (!want_sig && strspn(tok, "0123456789") != len) /* strtonum takes blanks, signs */
            err = "not digits";
        else if (!want_sig)
            t->step[t->n++].ms = (int)strtonum(tok, 0, 3600000, &err);
        if (err) {
            util_warn("--term-seq '%s': '%s' is not a number of milliseconds", s, tok);
            return -1;
        }
        want_sig = !want_sig;
    }
    if (!want_sig) /* a last signal without a wait */
        t->step[t->n++].ms = 25;
    if (t->n == 0) {
        util_warn("--term-seq '%s': no signal given", s);
        return -1;
    }
    return 0;
}

FILE *term_tty_open(void)
{
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "r+");
    if (f == NULL) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return f;
}
