/* results: --results as GNU parallel writes it: a directory tree named by the values, files
 * named by a template, or one record a job in a .csv, .tsv or .json file. */
#include "results.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

/* A record bigger than this is written as it is built, to keep memory bounded. */
#define RESULTS_CHUNK (1 << 20)
#define RESULTS_NAME_MAX 255
/* Seq, Host, Starttime, JobRuntime, Send, Receive, Exitval, Signal: short numbers as text. */
#define RESULTS_NFACTS 8
#define RESULTS_FACT_LEN 256 /* a Host (-S login) can be long */

enum results_kind { RESULTS_TREE, RESULTS_CSV, RESULTS_TSV, RESULTS_JSON };

struct results {
    enum results_kind kind;
    char *arg;
    const struct tmpl *path; /* the caller's; NULL: the tree */
    int fd;                  /* csv, tsv, json: where the records go */
    int on_stdout;
    int header_done;
    int werr;           /* errno of a failed write of the record being built, or 0 */
    unsigned long lost; /* jobs whose record could not be written */
    long name_max;      /* tree: the longest directory name; 0 until known */
    char *const *names; /* --header: field i's name is names[i]; NULL: V1, 1/ ... */
    size_t nnames;
    size_t *order;    /* tree: the fields of a record in the order of their names */
    size_t norder;    /* how many fields order was made for */
    struct buf rec;   /* the record being built */
    struct buf where; /* tree, template: the job's directory or file */
    struct buf name;  /* one file of the job */
};

/* GNU parallel's stand-in for the values of a job that takes none (-N0). */
static const char results_noarg[] = "\0noarg";
static const struct field results_noarg_field = {results_noarg, sizeof results_noarg - 1};

static size_t results_nvals(const struct jobinfo *ji)
{
    return ji->args && ji->args->n ? ji->args->n : 1;
}

static const struct field *results_val(const struct jobinfo *ji, size_t i)
{
    return ji->args && ji->args->n ? &ji->args->f[i] : &results_noarg_field;
}

static enum results_kind results_kind(const char *arg)
{
    static const struct {
        const char *ext;
        enum results_kind kind;
    } exts[] = {{".csv", RESULTS_CSV}, {".tsv", RESULTS_TSV}, {".json", RESULTS_JSON}};
    size_t len = strlen(arg);

    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t n = strlen(exts[i].ext);
        if (len >= n && strcasecmp(arg + len - n, exts[i].ext) == 0)
            return exts[i].kind;
    }
    return RESULTS_TREE;
}

struct results *results_new(const char *arg, const struct tmpl *path, char *const *names,
                            size_t nnames)
{
    struct results *r = xcalloc(1, sizeof *r);

    r->kind = results_kind(arg);
    r->arg = xstrdup(arg);
    r->path = path;
    r->names = names;
    r->nnames = nnames;
    r->fd = -1;
    if (r->kind == RESULTS_TREE)
        return r; /* made by the first job: no jobs, no directory */
    if (strcmp(arg, "-.csv") == 0 || strcmp(arg, "-.tsv") == 0 || strcmp(arg, "-.json") == 0) {
        /* A copy, so the records still reach stdout when the caller sends fd 1 away. */
        r->fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
        if (r->fd < 0)
            util_die_errno("--results '%s': cannot use stdout", arg);
        r->on_stdout = 1;
        return r;
    }
    r->fd = open(arg, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (r->fd < 0)
        util_die_errno("cannot open results file '%s'", arg);
    return r;
}

int results_on_stdout(const struct results *r)
{
    return r->on_stdout;
}

void results_free(struct results *r)
{
    if (r == NULL)
        return;
    if (r->fd >= 0)
        close(r->fd);
    buf_free(&r->rec);
    buf_free(&r->where);
    buf_free(&r->name);
    free(r->order);
    free(r->arg);
    free(r);
}

/* Say which file failed, keeping errno for the caller. */
static int results_fail(const char *what, const char *name)
{
    int saved = errno;

    util_warn("--results: cannot %s '%s': %s", what, name, strerror(saved));
    errno = saved;
    return -1;
}

/* Write out the record so far. A failure sticks (werr) until the record is done, so the
 * steps that build it need not each check. */
static int results_flush(struct results *r)
{
    if (r->werr == 0 && util_write_all(r->fd, r->rec.data, r->rec.len) != 0)
        r->werr = errno;
    buf_reset(&r->rec);
    if (r->werr == 0)
        return 0;
    errno = r->werr;
    return -1;
}

/* Flush when the record has grown past RESULTS_CHUNK; for obuf_each. */
static int results_spill(struct results *r)
{
    return r->rec.len >= RESULTS_CHUNK ? results_flush(r) : 0;
}

/* ---- csv and tsv ---- */

/* Whether a field needs double quotes: GNU parallel quotes one holding a double quote,
 * the separator, a NUL or white space (space, \t \n \v \f \r). */
static int results_csv_scan(void *ctx, const char *p, size_t n)
{
    char sep = *(const char *)ctx;

    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '"' || c == sep || c == '\0' || c == ' ' || (c >= '\t' && c <= '\r'))
            return 1;
    }
    return 0;
}

/* Append field text with each double quote doubled. */
static int results_csv_emit(void *ctx, const char *p, size_t n)
{
    struct results *r = ctx;
    const char *q;

    while ((q = memchr(p, '"', n)) != NULL) {
        buf_append(&r->rec, p, (size_t)(q - p) + 1);
        buf_addc(&r->rec, '"');
        n -= (size_t)(q - p) + 1;
        p = q + 1;
    }
    buf_append(&r->rec, p, n);
    return results_spill(r);
}

static char results_sep(const struct results *r)
{
    return r->kind == RESULTS_CSV ? ',' : '\t';
}

static void results_csv_field(struct results *r, const char *s, size_t n, int first)
{
    char sep = results_sep(r);
    int quote = results_csv_scan(&sep, s, n);

    if (!first)
        buf_addc(&r->rec, sep);
    if (quote)
        buf_addc(&r->rec, '"');
    results_csv_emit(r, s, n);
    if (quote)
        buf_addc(&r->rec, '"');
}

/* A field of job output, which may be large and partly in a file: scanned once to
 * decide the quoting, then copied. */
static int results_csv_obuf(struct results *r, const struct obuf *b)
{
    char sep = results_sep(r);
    int quote = b ? obuf_each(b, results_csv_scan, &sep) : 0;

    if (quote < 0)
        return -1;
    buf_addc(&r->rec, sep);
    if (quote)
        buf_addc(&r->rec, '"');
    if (b && obuf_each(b, results_csv_emit, r) != 0)
        return -1;
    if (quote)
        buf_addc(&r->rec, '"');
    return 0;
}

static void results_csv_header(struct results *r, size_t nvals)
{
    static const char *const names[] = {"Seq",     "Host",    "Starttime", "JobRuntime", "Send",
                                        "Receive", "Exitval", "Signal",    "Command"};
    char v[32];

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        results_csv_field(r, names[i], strlen(names[i]), i == 0);
    for (size_t i = 1; i <= nvals; i++) {
        const char *name = v;
        if (r->names) /* GNU parallel's columns take the header's names; one without is empty */
            name = i <= r->nnames ? r->names[i - 1] : "";
        else
            snprintf(v, sizeof v, "V%zu", i);
        results_csv_field(r, name, strlen(name), 0);
    }
    results_csv_field(r, "Stdout", 6, 0);
    results_csv_field(r, "Stderr", 6, 0);
    buf_addc(&r->rec, '\n');
}

/* The fields every format starts with, as text: Seq to Signal. */
static void results_facts(const struct jobinfo *ji, char f[RESULTS_NFACTS][RESULTS_FACT_LEN])
{
    snprintf(f[0], RESULTS_FACT_LEN, "%lu", ji->seq);
    snprintf(f[1], RESULTS_FACT_LEN, "%s", ji->host ? ji->host : ":");
    snprintf(f[2], RESULTS_FACT_LEN, "%.3f", ji->start);
    snprintf(f[3], RESULTS_FACT_LEN, "%.3f", ji->runtime);
    snprintf(f[4], RESULTS_FACT_LEN, "%llu", ji->send);
    snprintf(f[5], RESULTS_FACT_LEN, "%llu", ji->receive);
    snprintf(f[6], RESULTS_FACT_LEN, "%d", ji->exitval);
    snprintf(f[7], RESULTS_FACT_LEN, "%d", ji->signal);
}

/* GNU parallel writes the header with the first record, with as many V columns as that
 * job has values; later jobs with more or fewer values do not change it. */
static int results_table(struct results *r, const struct jobinfo *ji)
{
    char f[RESULTS_NFACTS][RESULTS_FACT_LEN];
    const char *cmd = ji->cmd ? ji->cmd : "";

    if (!r->header_done)
        results_csv_header(r, results_nvals(ji));
    r->header_done = 1;
    results_facts(ji, f);
    for (int i = 0; i < RESULTS_NFACTS; i++)
        results_csv_field(r, f[i], strlen(f[i]), i == 0);
    results_csv_field(r, cmd, strlen(cmd), 0);
    for (size_t i = 0; i < results_nvals(ji); i++)
        results_csv_field(r, results_val(ji, i)->s, results_val(ji, i)->len, 0);
    if (results_csv_obuf(r, ji->out) != 0 || results_csv_obuf(r, ji->err) != 0)
        return -1;
    buf_addc(&r->rec, '\n');
    return results_flush(r);
}

/* ---- json ---- */

/* Append text escaped as GNU parallel escapes it: backslash, double quote, and the
 * control characters as \u00XX; every other byte as it is. */
static int results_json_emit(void *ctx, const char *p, size_t n)
{
    struct results *r = ctx;
    size_t run = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_append(&r->rec, p + run, i - run);
        run = i + 1;
        if (c == '"' || c == '\\') {
            buf_addc(&r->rec, '\\');
            buf_addc(&r->rec, (char)c);
        } else {
            char u[8];
            snprintf(u, sizeof u, "\\u%04x", c);
            buf_adds(&r->rec, u);
        }
    }
    buf_append(&r->rec, p + run, n - run);
    return results_spill(r);
}

static void results_json_str(struct results *r, const char *s, size_t n)
{
    buf_addc(&r->rec, '"');
    results_json_emit(r, s, n);
    buf_addc(&r->rec, '"');
}

static int results_json(struct results *r, const struct jobinfo *ji)
{
    char f[RESULTS_NFACTS][RESULTS_FACT_LEN];
    const char *cmd = ji->cmd ? ji->cmd : "";

    results_facts(ji, f);
    buf_adds(&r->rec, "{ \"Seq\": ");
    buf_adds(&r->rec, f[0]);
    buf_adds(&r->rec, ", \"Host\": ");
    results_json_str(r, f[1], strlen(f[1]));
    static const char *const keys[] = {"Starttime", "JobRuntime", "Send",
                                       "Receive",   "Exitval",    "Signal"};
    for (int i = 0; i < RESULTS_NFACTS - 2; i++) {
        buf_adds(&r->rec, ", \"");
        buf_adds(&r->rec, keys[i]);
        buf_adds(&r->rec, "\": ");
        buf_adds(&r->rec, f[i + 2]);
    }
    buf_adds(&r->rec, ", \"Command\": ");
    results_json_str(r, cmd, strlen(cmd));
    buf_adds(&r->rec, ", \"V\": [ ");
    for (size_t i = 0; i < results_nvals(ji); i++) {
        if (i > 0)
            buf_addc(&r->rec, ',');
        results_json_str(r, results_val(ji, i)->s, results_val(ji, i)->len);
    }
    buf_adds(&r->rec, " ], \"Stdout\": \"");
    if (ji->out && obuf_each(ji->out, results_json_emit, r) != 0)
        return -1;
    buf_adds(&r->rec, "\", \"Stderr\": \"");
    if (ji->err && obuf_each(ji->err, results_json_emit, r) != 0)
        return -1;
    buf_adds(&r->rec, "\" }\n");
    return results_flush(r);
}

/* ---- the tree and the template ---- */

/* The longest name a directory of the tree may have, found once in ARG itself. */
static size_t results_name_max(struct results *r)
{
    if (r->name_max == 0) {
        size_t bad;
        util_mkdir_p(r->arg, &bad); /* a failure shows when the job's directory is made */
        r->name_max = pathconf(r->arg, _PC_NAME_MAX);
        if (r->name_max <= 0)
            r->name_max = RESULTS_NAME_MAX;
    }
    return (size_t)r->name_max;
}

static const char *results_escape(char c)
{
    switch (c) {
    case '\\':
        return "\\\\";
    case '\t':
        return "\\t";
    case '\0':
        return "\\0";
    case '/':
        return "\\_";
    default:
        return NULL;
    }
}

/* A value as one directory name: \ tab NUL and / as \\ \t \0 \_, then cut to max
 * bytes (GNU parallel cuts after escaping, even inside an escape). */
static void results_dirname(struct buf *w, const struct field *f, size_t max)
{
    size_t start = w->len;

    for (size_t i = 0; i < f->len; i++) {
        const char *esc = results_escape(f->s[i]);
        if (esc)
            buf_append(w, esc, 2);
        else
            buf_addc(w, f->s[i]);
    }
    if (w->len - start > max)
        w->len = start + max;
}

/* Field k's name in the tree: its --header name, else its number (into num). */
static const char *results_level(const struct results *r, size_t k, char num[32])
{
    if (r->names && k < r->nnames)
        return r->names[k];
    snprintf(num, 32, "%zu", k + 1);
    return num;
}

/* The number Perl reads at the start of s: blanks, then a decimal number; 0 when there is
 * none (Perl takes no hexadecimal there). */
static double results_num(const char *s)
{
    const char *p = s + strspn(s, " \t\n\v\f\r");

    p += *p == '+' || *p == '-';
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        return 0;
    return strtod(s, NULL);
}

/* GNU parallel's order of the levels: by the names as numbers, then as strings. */
static int results_level_cmp(const struct results *r, size_t a, size_t b)
{
    char na[32], nb[32];
    const char *sa = results_level(r, a, na), *sb = results_level(r, b, nb);
    double x = results_num(sa), y = results_num(sb);

    if (x != y && !isnan(x) && !isnan(y)) /* NaN is equal to all, as with Perl's <=> */
        return x < y ? -1 : 1;
    return strcmp(sa, sb);
}

/* The n fields of a record in the order of their levels, kept for the next job: the
 * names never change. A stable insertion sort, as n is the number of sources. */
static const size_t *results_order(struct results *r, size_t n)
{
    if (r->norder == n)
        return r->order;
    r->order = xreallocarray(r->order, n, sizeof *r->order);
    r->norder = n;
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        for (; k > 0 && results_level_cmp(r, r->order[k - 1], i) > 0; k--)
            r->order[k] = r->order[k - 1];
        r->order[k] = i;
    }
    return r->order;
}

/* ARG/<name 1>/<value>/<name 2>/<value>/.../ : each record of the job nests its fields
 * again, named 1 to nsources or by --header; with nsources 0 the values are one record. */
static void results_tree(struct results *r, const struct jobinfo *ji, size_t nsources)
{
    size_t max = results_name_max(r), n = results_nvals(ji);
    size_t per = nsources ? nsources : n;
    char num[32];

    buf_reset(&r->where);
    buf_adds(&r->where, r->arg);
    for (size_t rec = 0; rec < n; rec += per) {
        size_t cnt = n - rec < per ? n - rec : per;
        const size_t *order = results_order(r, cnt);
        for (size_t k = 0; k < cnt; k++) {
            buf_addc(&r->where, '/');
            buf_adds(&r->where, results_level(r, order[k], num));
            buf_addc(&r->where, '/');
            results_dirname(&r->where, results_val(ji, rec + order[k]), max);
        }
    }
    buf_addc(&r->where, '/');
}

/* Write one file of the job: text s, or the bytes of b. */
static int results_file(struct results *r, const char *suffix, const char *s, const struct obuf *b)
{
    struct buf *name = &r->name;

    buf_reset(name);
    buf_append(name, r->where.data, r->where.len);
    buf_adds(name, suffix);
    int fd = open(buf_cstr(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return results_fail("write", name->data);
    int rc = b ? obuf_write(b, fd) : s ? util_write_all(fd, s, strlen(s)) : 0;
    int e = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    errno = e;
    return rc == 0 ? 0 : results_fail("write", name->data);
}

/* Where the job's files go, into r->where: a tree, a template's directory ("E/"), or a
 * template's stdout file. */
enum results_form { RESULTS_IN_TREE, RESULTS_IN_DIR, RESULTS_IN_FILE };

static enum results_form results_where(struct results *r, const struct jobinfo *ji, size_t nsources)
{
    buf_reset(&r->where);
    if (r->path) {
        struct rec none = {0};
        struct tmpl_vals v = {.rec = ji->args ? ji->args : &none, .seq = ji->seq, .slot = ji->slot};
        tmpl_expand_raw(r->path, &v, &r->where);
    }
    /* An expansion equal to ARG is taken as ARG with no replacement string. */
    if (r->path == NULL || strcmp(buf_cstr(&r->where), r->arg) == 0) {
        results_tree(r, ji, nsources);
        return RESULTS_IN_TREE;
    }
    return r->where.len > 0 && r->where.data[r->where.len - 1] == '/' ? RESULTS_IN_DIR
                                                                      : RESULTS_IN_FILE;
}

/* Make the directory that holds the job's files: where itself, or for a file the part of
 * where up to its last slash. Returns 0, or -1 with errno and *bad as util_mkdir_p. */
static int results_makedir(struct results *r, enum results_form form, size_t *bad)
{
    char *w = buf_cstr(&r->where);
    char *slash = form != RESULTS_IN_FILE ? NULL : strrchr(w, '/');
    int rc;

    if (slash)
        *slash = '\0';
    rc = form != RESULTS_IN_FILE || slash ? util_mkdir_p(w, bad) : 0;
    if (slash)
        *slash = '/';
    return rc;
}

int results_start(struct results *r, const struct jobinfo *ji, size_t nsources)
{
    size_t bad = 0;

    if (r->kind != RESULTS_TREE)
        return 0;
    enum results_form form = results_where(r, ji, nsources);
    if (results_makedir(r, form, &bad) == 0)
        return 0;
    /* GNU parallel stops there too, but by Perl's die, with errno as its exit status, which
     * reads as a count of failed jobs: lanes says 255, an error of its own. */
    util_warn("--results '%s': cannot make directory '%.*s': %s", r->arg, (int)bad, r->where.data,
              strerror(errno));
    return LANES_EXIT_ERROR;
}

static int results_files(struct results *r, const struct jobinfo *ji, size_t nsources)
{
    enum results_form form = results_where(r, ji, nsources);
    int dir = form != RESULTS_IN_FILE;
    size_t bad = 0;
    char seq[32];

    if (results_makedir(r, form, &bad) != 0) /* made at the start, and removed since */
        return results_fail("make directory", buf_cstr(&r->where));
    snprintf(seq, sizeof seq, "%lu", ji->seq);
    if (results_file(r, dir ? "seq" : ".seq", seq, NULL) != 0)
        return -1;
    if (results_file(r, dir ? "stdout" : "", NULL, ji->out) != 0)
        return -1;
    return results_file(r, dir ? "stderr" : ".err", NULL, ji->err);
}

static int results_record(struct results *r, const struct jobinfo *ji, size_t nsources)
{
    int rc;

    r->werr = 0;
    buf_reset(&r->rec);
    switch (r->kind) {
    case RESULTS_CSV:
    case RESULTS_TSV:
        rc = results_table(r, ji);
        break;
    case RESULTS_JSON:
        rc = results_json(r, ji);
        break;
    default:
        return results_files(r, ji, nsources);
    }
    buf_reset(&r->rec);
    return rc == 0 ? 0 : results_fail("write results file", r->on_stdout ? "-" : r->arg);
}

int results_write(struct results *r, const struct jobinfo *ji, size_t nsources)
{
    if (results_record(r, ji, nsources) == 0)
        return 0;
    r->lost++;
    return -1;
}

int results_failed(const struct results *r)
{
    return r->lost > 0;
}
