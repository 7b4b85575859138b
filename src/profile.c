/* profile: profiles, config files, $PARALLEL and $PARALLEL_HOME (profile.h says the order).
 * What it reads becomes words of the command line that opts_parse reads; whether a value is
 * good is for opts_parse to say, as it says for the command line's own. */
#include "profile.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "optab.h"
#include "optval.h"
#include "util.h"

/* Where one source of words stops: its words before end are its own, and its name. */
struct profile_mark {
    size_t end;
    const char *name;
};

/* Words from one place (the profiles, or the environment), and which source each came from. */
struct profile_src {
    struct profile_words words;
    struct profile_words names; /* the sources' names, owned */
    struct profile_mark *marks;
    size_t nmarks;
};

/* What getopt finds in words: where the options end, and the options this file reads. */
struct profile_scan {
    int end;          /* the first word after the options (past a "--") */
    int nopts;        /* the words before end that are options or values, not a "--" */
    int plain;        /* --plain */
    const char **jay; /* the values of -J, --profile */
    size_t njay;
    int bad; /* ':' a value is missing, '?' an unknown option; at word bad_at */
    int bad_at;
    int bad_opt; /* getopt's optopt */
};

/* The words of one part of the command line to be, [program, words..., NULL] (n words after
 * the program), and what getopt finds in them. */
struct profile_part {
    char **w;
    int n;
    struct profile_scan sc;
};

static void profile_words_add(struct profile_words *w, char *s)
{
    w->w = xreallocarray(w->w, w->n + 1, sizeof *w->w);
    w->w[w->n++] = s;
}

void profile_words_free(struct profile_words *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->w[i]);
    free(w->w);
    *w = (struct profile_words){0};
}

static int profile_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The quoted part of s that starts at s[*i], the quote q, appended to word (at *n); *i is
 * moved past the closing quote. Returns -1 when there is none. */
static int profile_quoted(const char *s, size_t len, size_t *i, char q, char *word, size_t *n)
{
    size_t j = *i + 1;

    for (; j < len && s[j] != q; j++) {
        if (s[j] == '\\' && j + 1 < len) {
            if (q == '\'') /* kept: only \' is not the end */
                word[(*n)++] = s[j];
            j++;
        }
        word[(*n)++] = s[j];
    }
    if (j >= len)
        return -1;
    *i = j + 1;
    return 0;
}

int profile_split(const char *s, size_t len, struct profile_words *w)
{
    char *word = xmalloc(len + 1);
    size_t i = 0, n = 0, first = w->n;
    int in_word = 0;

    while (i < len) {
        if (profile_blank(s[i])) {
            if (in_word)
                profile_words_add(w, xstrndup(word, n));
            in_word = 0, n = 0, i++;
            continue;
        }
        in_word = 1;
        if ((s[i] == '"' || s[i] == '\'') && profile_quoted(s, len, &i, s[i], word, &n) == 0)
            continue;
        if (s[i] == '"' || s[i] == '\'' || (s[i] == '\\' && i + 1 >= len))
            goto unclosed;
        i += s[i] == '\\';
        word[n++] = s[i++];
    }
    if (in_word)
        profile_words_add(w, xstrndup(word, n));
    free(word);
    return 0;
unclosed:
    free(word);
    while (w->n > first)
        free(w->w[--w->n]);
    return -1;
}

/* The options in words[0..n) (words[0] is the program's name), as opts_parse will find them.
 * Returns 0, or -1 with sc->bad_* saying what getopt could not take. */
static int profile_scan(int n, char **words, struct profile_scan *sc)
{
    int c, last = 1;

    *sc = (struct profile_scan){.end = 1};
    opterr = 0;
    optind = 0; /* glibc starts afresh */
    while ((c = getopt_long(n, words, OPTAB_SHORT, optab_long, NULL)) != -1) {
        if (c == ':' || c == '?') {
            sc->bad = c;
            sc->bad_at = optind - 1 < n ? optind - 1 : n - 1;
            sc->bad_opt = optopt;
            return -1;
        }
        if (optab_next_value(c, optarg, optind < n ? words[optind] : NULL))
            optind++;
        if (c == 'J') {
            sc->jay = xreallocarray(sc->jay, sc->njay + 1, sizeof *sc->jay);
            sc->jay[sc->njay++] = optarg;
        }
        sc->plain |= c == OPTAB_PLAIN;
        last = optind;
    }
    sc->end = optind;
    sc->nopts = optind - 1 - (optind == last + 1 && strcmp(words[last], "--") == 0);
    return 0;
}

/* The usage message for what profile_scan could not take in words, from src. */
static int profile_scan_fail(const struct profile_scan *sc, char **words,
                             const struct profile_src *src)
{
    const char *name = src->nmarks > 0 ? src->marks[src->nmarks - 1].name : "?";
    const char *w = words[sc->bad_at];

    for (size_t i = src->nmarks; i-- > 0;)
        if ((size_t)sc->bad_at <= src->marks[i].end) /* (words[0] is the program) */
            name = src->marks[i].name;
    if (sc->bad == ':')
        return optval_fail("%s: option '%s' needs a value", name, w);
    char why[300];
    optab_refused(w, sc->bad_opt, why, sizeof why);
    return optval_fail("%s: %s", name, why);
}

static char *profile_join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = xmalloc(la + lb + 1);

    memcpy(s, a, la);
    memcpy(s + la, b, lb + 1);
    return s;
}

/* The user's home directory (owned), or NULL. */
static char *profile_home(void)
{
    const char *home = getenv("HOME");
    struct passwd pw, *found = NULL;
    char buf[4096];

    if (home != NULL && *home != '\0')
        return xstrdup(home);
    if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &found) != 0 || found == NULL)
        return NULL;
    return xstrdup(pw.pw_dir);
}

/* Add dir to dirs (taking it) when it is a directory not there yet; free it otherwise. */
static void profile_dir_add(struct profile_words *dirs, char *dir)
{
    struct stat st;
    int seen = 0;

    for (size_t i = 0; i < dirs->n; i++)
        seen |= strcmp(dirs->w[i], dir) == 0;
    if (!seen && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        profile_words_add(dirs, dir);
    else
        free(dir);
}

static int profile_isdir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p path, its parents as mkdir -p makes them, itself 0700. Returns 0, or the errno
 * that stopped it. */
static int profile_mkdir(char *path)
{
    size_t bad = 0, len = strlen(path);

    while (len > 1 && path[len - 1] == '/')
        path[--len] = '\0';
    char *slash = strrchr(path, '/');
    if (slash != NULL && slash != path) {
        *slash = '\0';
        int rc = util_mkdir_p(path, &bad), e = errno;
        *slash = '/';
        if (rc != 0)
            return e;
    }
    if (mkdir(path, 0700) == 0)
        return 0;
    int e = errno;
    return profile_isdir(path) ? 0 : e;
}

/* Make $PARALLEL_HOME when it is missing (a warning when it cannot be made), or without it
 * ~/.parallel (quietly: nothing is lost when it cannot be). */
static void profile_make_home(const char *home)
{
    const char *ph = getenv("PARALLEL_HOME");

    if (ph != NULL && *ph != '\0') {
        char *path = xstrdup(ph);
        int e = profile_mkdir(path);
        if (e != 0)
            util_warn("$PARALLEL_HOME (%s) does not exist and cannot be made: %s", ph, strerror(e));
        free(path);
    } else if (home != NULL) { /* private, as the semaphores in it are */
        char *path = profile_join(home, "/.parallel");
        (void)mkdir(path, 0700);
        free(path);
    }
}

/* The configuration directories that exist, in the order profile.h gives. */
static void profile_dirs(struct profile_words *dirs, const char *home)
{
    const char *ph = getenv("PARALLEL_HOME"), *xh = getenv("XDG_CONFIG_HOME");
    const char *xd = getenv("XDG_CONFIG_DIRS");

    if (ph != NULL && *ph != '\0')
        profile_dir_add(dirs, xstrdup(ph));
    if (xh != NULL && *xh != '\0')
        profile_dir_add(dirs, profile_join(xh, "/parallel"));
    while (xd != NULL && *xd != '\0') {
        size_t len = strcspn(xd, ":");
        if (len > 0) {
            char *d = xstrndup(xd, len);
            profile_dir_add(dirs, profile_join(d, "/parallel"));
            free(d);
        }
        xd += len + (xd[len] == ':');
    }
    if (home != NULL)
        profile_dir_add(dirs, profile_join(home, "/.parallel"));
}

/* The words of src so far came from the source named a b c. */
static void profile_mark(struct profile_src *src, const char *a, const char *b, const char *c)
{
    char *ab = profile_join(a, b), *name = profile_join(ab, c);

    free(ab);
    profile_words_add(&src->names, name);
    src->marks = xreallocarray(src->marks, src->nmarks + 1, sizeof *src->marks);
    src->marks[src->nmarks++] = (struct profile_mark){src->words.n, name};
}

/* The words of profile file path into src, a line at a time; a line whose first non-blank is
 * # is a comment. Returns 0; 1 when there is no such file and optional says that is fine (a
 * config file that is there but cannot be opened is then only warned about: the run goes on,
 * as GNU parallel's, which skips it without a word); -1 after a usage message. */
static int profile_file(struct profile_src *src, const char *path, int optional)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    int r = 0;

    struct stat st;
    if (f == NULL && optional && (errno == ENOENT || errno == ENOTDIR))
        return 1;
    if (f == NULL && optional) { /* (a directory that cannot be searched hides whether) */
        int e = errno;
        if (stat(path, &st) == 0)
            util_warn("warning: cannot read the config file '%s': %s; its options are not used",
                      path, strerror(e));
        return 1;
    }
    if (f == NULL)
        return optval_fail("cannot read the profile '%s': %s", path, strerror(errno));
    while (r == 0 && (len = getline(&line, &cap, f)) >= 0) {
        size_t skip = 0, n = (size_t)len - (len > 0 && line[len - 1] == '\n');
        lineno++;
        while (skip < n && profile_blank(line[skip]))
            skip++;
        if (skip < n && line[skip] != '#' && profile_split(line, n, &src->words) != 0)
            r = optval_fail("profile '%s', line %zu: a quote is not closed (or a \\ ends it)", path,
                            lineno);
    }
    if (r == 0 && ferror(f))
        r = optval_fail("cannot read the profile '%s': %s", path, strerror(errno));
    free(line);
    fclose(f);
    if (r == 0)
        profile_mark(src, "profile '", path, "'");
    return r;
}

/* The profile NAME of -J: a path when it starts with / or ./, else NAME in every
 * configuration directory that has it. */
static int profile_named(struct profile_src *src, const char *name,
                         const struct profile_words *dirs)
{
    int found = 0;

    if (*name == '\0')
        return optval_fail("-J/--profile takes the name of a profile, not ''");
    if (name[0] == '/' || strncmp(name, "./", 2) == 0)
        return profile_file(src, name, 0) < 0 ? -1 : 0;
    for (size_t i = 0; i < dirs->n; i++) {
        char *dir = profile_join(dirs->w[i], "/"), *path = profile_join(dir, name);
        int r = profile_file(src, path, 1);
        free(dir);
        free(path);
        if (r < 0)
            return -1;
        found |= r == 0;
    }
    if (!found)
        return optval_fail("-J/--profile '%s': no such profile in %s", name,
                           dirs->n > 0 ? dirs->w[0] : "~/.parallel (which cannot be made)");
    return 0;
}

/* The profiles: those -J names, or without any the config files. */
static int profile_profiles(struct profile_src *src, const struct profile_scan *cmd,
                            const char *home)
{
    struct profile_words dirs = {0};
    int r = 0;

    profile_dirs(&dirs, home);
    if (cmd->njay > 0) {
        for (size_t i = 0; r == 0 && i < cmd->njay; i++)
            r = profile_named(src, cmd->jay[i], &dirs);
    } else {
        r = profile_file(src, "/etc/parallel/config", 1) < 0 ? -1 : 0;
        for (size_t i = 0; r == 0 && i < dirs.n; i++) {
            char *path = profile_join(dirs.w[i], "/config");
            r = profile_file(src, path, 1) < 0 ? -1 : 0;
            free(path);
        }
        if (r == 0 && home != NULL) {
            char *path = profile_join(home, "/.parallelrc");
            r = profile_file(src, path, 1) < 0 ? -1 : 0;
            free(path);
        }
    }
    profile_words_free(&dirs);
    return r;
}

/* The words of environment variable name into src. */
static int profile_env(struct profile_src *src, const char *name)
{
    const char *v = getenv(name);

    if (v == NULL || *v == '\0')
        return 0;
    if (profile_split(v, strlen(v), &src->words) != 0)
        return optval_fail("$%s: a quote is not closed (or a \\ ends it): '%s'", name, v);
    profile_mark(src, "$", name, "");
    return 0;
}

static void profile_src_free(struct profile_src *src)
{
    profile_words_free(&src->words);
    profile_words_free(&src->names);
    free(src->marks);
}

/* [program, words of src..., NULL], for getopt. */
static char **profile_scan_words(char *prog, const struct profile_src *src)
{
    char **w = xcalloc(src->words.n + 2, sizeof *w);

    w[0] = prog;
    if (src->words.n > 0)
        memcpy(w + 1, src->words.w, src->words.n * sizeof *w);
    return w;
}

/* Scan part, the words of src (label says where they come from, for the warnings). */
static int profile_scan_src(struct profile_part *part, const struct profile_src *src,
                            const char *label)
{
    if (profile_scan(part->n + 1, part->w, &part->sc) != 0)
        return profile_scan_fail(&part->sc, part->w, src);
    if (part->sc.njay > 0)
        util_warn("warning: -J/--profile in %s is not read: profiles are named on the "
                  "command line",
                  label);
    if (part->sc.plain)
        util_warn("warning: --plain in %s does nothing: give it on the command line", label);
    return 0;
}

/* Copy n words of from to to at *at. */
static void profile_put(char **to, size_t *at, char *const *from, int n)
{
    for (int i = 0; i < n; i++)
        to[(*at)++] = from[i];
}

/* p's command line from the three parts (profiles, environment, command line): the program,
 * the options of each part in that order, a "--" when needed, then their other words. */
static void profile_assemble(struct profile *p, const struct profile_part part[3])
{
    static char dashdash[] = "--";
    int dd = part[2].sc.end - 1 > part[2].sc.nopts; /* the command line's own "--" */
    size_t at = 0, n = 3;

    for (int i = 0; i < 3; i++) {
        n += (size_t)part[i].n;
        dd |= i < 2 && part[i].sc.end <= part[i].n; /* words that are no options */
    }
    p->made = xcalloc(n, sizeof *p->made);
    p->made[at++] = part[2].w[0];
    for (int i = 0; i < 3; i++)
        profile_put(p->made, &at, part[i].w + 1, part[i].sc.nopts);
    if (dd)
        p->made[at++] = dashdash;
    for (int i = 0; i < 3; i++)
        profile_put(p->made, &at, part[i].w + part[i].sc.end, part[i].n + 1 - part[i].sc.end);
    p->argc = (int)at;
    p->argv = p->made;
}

/* The profiles' and the environment's words, scanned into part[0] and part[1]. Returns 0, 1
 * when there are none, or -1 after a usage message. */
static int profile_parts(struct profile_part part[2], struct profile_src src[2],
                         const struct profile_scan *cmd, char *prog)
{
    char *home = profile_home();
    int r;

    profile_make_home(home);
    r = cmd->plain ? 0 : profile_profiles(&src[0], cmd, home);
    free(home);
    if (cmd->plain) {
        if (cmd->njay > 0)
            util_warn("warning: -J/--profile is not read with --plain");
        return 1;
    }
    if (r == 0 && ((r = profile_env(&src[1], "PARALLEL")) == 0))
        r = profile_env(&src[1], "PARALLEL_CSH");
    if (r != 0)
        return -1;
    if (src[0].words.n == 0 && src[1].words.n == 0)
        return 1;
    for (int i = 0; i < 2; i++) {
        part[i].w = profile_scan_words(prog, &src[i]);
        part[i].n = (int)src[i].words.n;
        if (profile_scan_src(&part[i], &src[i], i == 0 ? "a profile" : "$PARALLEL") != 0)
            return -1;
    }
    return 0;
}

/* Whether word is one of the options of --pipe in words[0..n). */
static int profile_has_pipe(char *const *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w[i], "--pipe") == 0 || strcmp(w[i], "--spreadstdin") == 0 ||
            strcmp(w[i], "--pipe-part") == 0 || strcmp(w[i], "--pipepart") == 0)
            return 1;
    return 0;
}

/* GNU parallel's #! forms (profile.h): *argc, *argv unfolded, the new array in p->shebang and
 * its words in p->words. Returns 0, or -1 after a usage message. */
static int profile_shebang(struct profile *p, int *argc, char ***argv)
{
    static char skip[] = "--skip-first-line", dash_a[] = "-a", sep[] = ":::", fsep[] = "::::";
    char **av = *argv;
    const char *w = *argc > 1 ? av[1] : "";
    int wrap = strncmp(w, "--shebang-wrap", 14) == 0 || strncmp(w, "--shebangwrap", 13) == 0;
    int plain = !wrap && (strncmp(w, "--shebang", 9) == 0 || strncmp(w, "--hashbang", 10) == 0);
    size_t first = p->words.n, at = 0;

    if (!wrap && !plain)
        return 0;
    if (*argc < 3)
        return optval_fail("%s: lanes runs as the #! line of a script, which it needs", av[1]);
    w += strcspn(w, " \t"); /* the options after the first word */
    if (profile_split(w, strlen(w), &p->words) != 0)
        return optval_fail("%s: a quote is not closed", av[1]);
    size_t nw = p->words.n - first;
    p->shebang = xcalloc((size_t)*argc + nw + 4, sizeof *p->shebang);
    p->shebang[at++] = av[0];
    if (plain) { /* the script holds the arguments, after its #! line */
        p->shebang[at++] = skip;
        p->shebang[at++] = dash_a;
        p->shebang[at++] = av[*argc - 1];
    }
    for (size_t i = 0; i < nw; i++)
        p->shebang[at++] = p->words.w[first + i];
    for (int i = 2; i < *argc - plain; i++) {
        if (wrap && i == 3) /* the script, then its arguments as a source */
            p->shebang[at++] = profile_has_pipe(p->words.w + first, nw) ? fsep : sep;
        p->shebang[at++] = av[i];
    }
    *argc = (int)at;
    *argv = p->shebang;
    return 0;
}

int profile_read(struct profile *p, int argc, char **argv)
{
    struct profile_part part[3] = {0};
    struct profile_src src[2] = {0};
    int r = 0;

    *p = (struct profile){.argc = argc, .argv = argv};
    if (profile_shebang(p, &argc, &argv) != 0)
        return -1;
    p->argc = argc;
    p->argv = argv;
    part[2] = (struct profile_part){.w = argv, .n = argc - 1};
    if (argc < 1 || profile_scan(argc, argv, &part[2].sc) != 0) {
        free(part[2].sc.jay); /* (opts_parse reports what is wrong with the command line) */
        return 0;
    }
    r = profile_parts(part, src, &part[2].sc, argv[0]);
    if (r == 0)
        profile_assemble(p, part);
    for (int i = 0; i < 2; i++) { /* the words now belong to p */
        for (size_t j = 0; j < src[i].words.n; j++)
            profile_words_add(&p->words, src[i].words.w[j]);
        src[i].words.n = 0;
        profile_src_free(&src[i]);
    }
    for (int i = 0; i < 3; i++) {
        free(part[i].sc.jay);
        if (i < 2)
            free(part[i].w);
    }
    return r < 0 ? -1 : 0;
}

void profile_free(struct profile *p)
{
    profile_words_free(&p->words);
    free(p->made);
    free(p->shebang);
    *p = (struct profile){0};
}
