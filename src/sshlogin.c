/* sshlogin: parsing logins ([N/][sshcommand [options]] [user@]host, or ':') and the files
 * that list them (--sshloginfile). Nothing here connects anywhere: remote.c does. */
#include "sshlogin.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "optval.h"
#include "util.h"

/* Leading and trailing blanks are no part of a login. */
static void sshlogin_trim(const char **s, size_t *len)
{
    while (*len > 0 && isspace((unsigned char)**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && isspace((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

/* N/ in front: the slot count; '/' alone (as in //usr/bin/ssh host) gives none. Returns the
 * bytes it takes, or -1 when N is no positive count. */
static long sshlogin_slots(const char *s, size_t len, long *slots)
{
    size_t i = 0;

    while (i < len && isdigit((unsigned char)s[i]))
        i++;
    *slots = 0;
    if (i == len || s[i] != '/')
        return 0;
    if (i == 0)
        return 1;
    char num[24];
    if (i >= sizeof num)
        return -1;
    memcpy(num, s, i);
    num[i] = '\0';
    *slots = strtol(num, NULL, 10);
    return *slots > 0 ? (long)i + 1 : -1;
}

/* What is wrong with dest as [user@]host, or NULL. */
static const char *sshlogin_bad_dest(const char *dest)
{
    const char *at = strrchr(dest, '@');
    const char *host = at ? at + 1 : dest;

    if (*dest == '-')
        return "a host cannot start with '-'";
    if (at == dest)
        return "no user before '@'";
    if (*host == '\0')
        return "no host";
    if (strpbrk(host, "/@'\"\\$`;&|<>(){}*?") != NULL)
        return "not a host name";
    if (at && memchr(dest, ':', (size_t)(at - dest)) != NULL)
        return "passwords in logins are not supported (use ssh keys)";
    return NULL;
}

/* A login without its groups: [N/][sshcommand [options]] [user@]host, or ':'. */
static int sshlogin_host(const char *s, size_t len, struct sshlogin *l, const char **why)
{
    *l = (struct sshlogin){0};
    long skip = sshlogin_slots(s, len, &l->slots);
    if (skip < 0) {
        *why = "the slot count before '/' must be a number above 0";
        return -1;
    }
    s += skip;
    len -= (size_t)skip;
    sshlogin_trim(&s, &len);
    if (len > 0 && *s == '@') {
        *why = "host groups go first: @group/N/host";
        return -1;
    }
    if (len == 0 || memchr(s, '\0', len)) {
        *why = "no host";
        return -1;
    }
    char *text = xstrndup(s, len);
    char *last = text + len;
    while (last > text && !isspace((unsigned char)last[-1]))
        last--;
    if (strcmp(text, ":") == 0) {
        l->local = 1;
    } else if ((*why = sshlogin_bad_dest(last)) != NULL) {
        free(text);
        return -1;
    }
    l->text = text;
    l->dest = xstrdup(last);
    const char *at = strrchr(last, '@');
    l->host = xstrdup(at ? at + 1 : last);
    if (last > text) { /* a whole ssh command: everything before the last word */
        char *end = last;
        while (end > text && isspace((unsigned char)end[-1]))
            end--;
        l->ssh = xstrndup(text, (size_t)(end - text));
    }
    return 0;
}

/* '@g1+g2/' in front: the groups, malloc'd into *groups (NULL when there are none). Returns the
 * bytes it takes, or -1 when a group's name is empty or holds a blank. */
static long sshlogin_groups(const char *s, size_t len, char **groups)
{
    size_t g = 1;

    *groups = NULL;
    if (len == 0 || *s != '@')
        return 0;
    while (g < len && s[g] != '/')
        g++;
    if (g == 1 || s[1] == '+' || s[g - 1] == '+')
        return -1;
    for (size_t i = 1; i < g; i++)
        if (isspace((unsigned char)s[i]) || (s[i] == '+' && s[i + 1] == '+'))
            return -1;
    *groups = xstrndup(s + 1, g - 1);
    return (long)(g < len ? g + 1 : g);
}

int sshlogin_parse(const char *s, size_t len, struct sshlogin *l, const char **why)
{
    char *groups;

    sshlogin_trim(&s, &len);
    long skip = sshlogin_groups(s, len, &groups);
    if (skip < 0) {
        *why = "a host group's name cannot be empty or hold blanks";
        return -1;
    }
    if (sshlogin_host(s + skip, len - (size_t)skip, l, why) != 0) {
        free(groups);
        return -1;
    }
    l->groups = groups;
    return 0;
}

static void sshlogin_push(struct sshlogins *ls, const struct sshlogin *l)
{
    if (ls->n == ls->cap) {
        ls->cap = ls->cap ? 2 * ls->cap : 8;
        ls->v = xreallocarray(ls->v, ls->cap, sizeof *ls->v);
    }
    ls->v[ls->n++] = *l;
}

int sshlogin_parse_into(struct sshlogins *ls, const char *s, size_t len, const char **why)
{
    struct sshlogin l;
    char *groups;

    sshlogin_trim(&s, &len);
    long skip = sshlogin_groups(s, len, &groups);
    if (skip >= 0 && groups && (size_t)skip == len) { /* '@group' alone */
        ls->only = xreallocarray(ls->only, ls->nonly + 1, sizeof *ls->only);
        ls->only[ls->nonly++] = groups;
        return 0;
    }
    free(groups);
    if (sshlogin_parse(s, len, &l, why) != 0)
        return -1;
    sshlogin_push(ls, &l);
    return 0;
}

char *sshlogin_file_path(const char *path)
{
    const char *home = getenv("HOME");
    struct buf b = {0};

    if (home == NULL || *home == '\0')
        home = "/";
    if (strcmp(path, "-") == 0)
        return xstrdup(path);
    if (strcmp(path, ".") == 0) /* the system's, as GNU parallel's */
        return xstrdup("/etc/parallel/sshloginfile");
    if (strcmp(path, "..") == 0 || (access(path, F_OK) != 0 && strchr(path, '/') == NULL)) {
        buf_adds(&b, home);
        buf_adds(&b, "/.parallel/");
        buf_adds(&b, strcmp(path, "..") == 0 ? "sshloginfile" : path);
        if (strcmp(path, "..") == 0 || access(buf_cstr(&b), F_OK) == 0)
            return buf_cstr(&b);
        buf_free(&b);
    }
    return xstrdup(path);
}

/* One line of a login file: skipped when blank or a comment. */
static int sshlogin_line(struct sshlogins *ls, const char *line, size_t len, int from_file,
                         const char **why)
{
    size_t n = ls->n;

    sshlogin_trim(&line, &len);
    if (len == 0 || line[0] == '#')
        return 0;
    if (sshlogin_parse_into(ls, line, len, why) != 0)
        return -1;
    if (ls->n > n)
        ls->v[n].from_file = from_file;
    return 0;
}

int sshlogin_add_file(struct sshlogins *ls, const char *path, int quiet)
{
    char *real = sshlogin_file_path(path), *line = NULL;
    size_t cap = 0, start = ls->n, start_only = ls->nonly;
    unsigned long lineno = 0;
    const char *why = NULL;
    ssize_t n;
    int in = strcmp(path, "-") == 0; /* stdin: read once, its logins never read again */
    FILE *f = in ? stdin : fopen(real, "r");

    if (f == NULL) {
        int err = errno;
        free(real);
        return quiet ? -1
                     : optval_fail("--sshloginfile: cannot read '%s': %s", path, strerror(err));
    }
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (sshlogin_line(ls, line, (size_t)n, !in, &why) != 0)
            break;
    }
    int bad = why != NULL || ferror(f);
    if (!in)
        fclose(f);
    free(line);
    free(real);
    if (!bad)
        return 0;
    while (ls->n > start) /* a bad file adds nothing */
        sshlogin_free(&ls->v[--ls->n]);
    while (ls->nonly > start_only)
        free(ls->only[--ls->nonly]);
    if (quiet)
        return -1;
    if (why == NULL)
        return optval_fail("--sshloginfile: cannot read '%s'", path);
    return optval_fail("--sshloginfile '%s' line %lu: bad login: %s", path, lineno, why);
}

/* The next login of an -S value from *s: up to a comma or newline; ',,' and '\,' are a
 * comma. Returns it malloc'd, or NULL at the end. */
static char *sshlogin_next(const char **s)
{
    struct buf b = {0};
    const char *p = *s;

    if (*p == '\0')
        return NULL;
    for (; *p && *p != '\n'; p++) {
        if ((p[0] == ',' && p[1] == ',') || (p[0] == '\\' && p[1] == ',')) {
            buf_addc(&b, ',');
            p++;
        } else if (*p == ',') {
            break;
        } else {
            buf_addc(&b, *p);
        }
    }
    *s = *p ? p + 1 : p;
    return buf_cstr(&b);
}

int sshlogin_add_arg(struct sshlogins *ls, const char *arg)
{
    const char *p = arg, *why;
    char *one;

    if (*arg == '\0')
        return optval_fail("-S/--sshlogin takes a login, not ''");
    while ((one = sshlogin_next(&p)) != NULL) {
        const char *t = one;
        size_t len = strlen(one);
        sshlogin_trim(&t, &len);
        if ((len == 2 && strncmp(t, "..", 2) == 0) || (len == 1 && *t == '-')) {
            const char *file = *t == '-' ? "-" : "..";
            free(one);
            size_t from = ls->n;
            if (sshlogin_add_file(ls, file, 0) != 0)
                return -1;
            while (from < ls->n) /* part of -S: not read again */
                ls->v[from++].from_file = 0;
            continue;
        }
        if (len == 0 && *p != '\0') { /* an empty place between separators */
            free(one);
            continue;
        }
        if (sshlogin_parse_into(ls, one, strlen(one), &why) != 0) {
            int r = optval_fail("-S/--sshlogin: bad login '%s': %s", one, why);
            free(one);
            return r;
        }
        free(one);
    }
    return 0;
}

int sshlogin_same(const struct sshlogin *a, const struct sshlogin *b)
{
    return a->slots == b->slots && strcmp(a->text, b->text) == 0;
}

void sshlogin_copy(struct sshlogin *to, const struct sshlogin *l)
{
    *to = *l;
    to->text = xstrdup(l->text);
    to->ssh = l->ssh ? xstrdup(l->ssh) : NULL;
    to->dest = xstrdup(l->dest);
    to->host = xstrdup(l->host);
    to->groups = l->groups ? xstrdup(l->groups) : NULL;
}

/* Whether the len bytes of name name a group login l is in. */
static int sshlogin_group_is(const struct sshlogin *l, const char *name, size_t len)
{
    char num[24];

    if (strlen(l->text) == len && memcmp(l->text, name, len) == 0)
        return 1;
    int k = l->slots ? snprintf(num, sizeof num, "%ld/", l->slots) : 0;
    if (k > 0 && (size_t)k < len && memcmp(name, num, (size_t)k) == 0 &&
        strlen(l->text) == len - (size_t)k && memcmp(l->text, name + k, len - (size_t)k) == 0)
        return 1;
    for (const char *g = l->groups; g && *g;) {
        size_t n = strcspn(g, "+");
        if (n == len && memcmp(g, name, len) == 0)
            return 1;
        g += n + (g[n] == '+');
    }
    return 0;
}

int sshlogin_in_groups(const struct sshlogin *l, const char *groups)
{
    for (const char *g = groups; *g;) {
        size_t n = strcspn(g, "+");
        if (n > 0 && sshlogin_group_is(l, g, n))
            return 1;
        g += n + (g[n] == '+');
    }
    return 0;
}

void sshlogins_keep_only(struct sshlogins *ls)
{
    size_t k = 0;

    if (ls->nonly == 0)
        return;
    for (size_t i = 0; i < ls->n; i++) {
        int in = 0;
        for (size_t g = 0; g < ls->nonly && !in; g++)
            in = sshlogin_in_groups(&ls->v[i], ls->only[g]);
        if (in)
            ls->v[k++] = ls->v[i];
        else
            sshlogin_free(&ls->v[i]);
    }
    ls->n = k;
}

char *sshlogin_arg_groups(const char *s, size_t *len)
{
    const char *at = memchr(s, '@', *len);

    if (at == NULL || at + 1 == s + *len)
        return NULL;
    char *groups = xstrndup(at + 1, (size_t)(s + *len - at - 1));
    *len = (size_t)(at - s);
    return groups;
}

void sshlogin_free(struct sshlogin *l)
{
    free(l->text);
    free(l->groups);
    free(l->ssh);
    free(l->dest);
    free(l->host);
    *l = (struct sshlogin){0};
}

void sshlogins_free(struct sshlogins *ls)
{
    for (size_t i = 0; i < ls->n; i++)
        sshlogin_free(&ls->v[i]);
    for (size_t i = 0; i < ls->nonly; i++)
        free(ls->only[i]);
    free(ls->only);
    free(ls->v);
    *ls = (struct sshlogins){0};
}
