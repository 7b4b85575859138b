/* jobserver: the client (a jobserver named in MAKEFLAGS) and the server (lanes' own, for its
 * jobs) of GNU make's jobserver protocol. Forms read: --jobserver-auth=fifo:PATH (make 4.4),
 * --jobserver-auth=R,W and the older --jobserver-fds=R,W (pipe descriptors); the last one in
 * MAKEFLAGS wins. Forms written: R,W (the default: make 4.3 reads only that) or fifo:PATH. */
#include "jobserver.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

/* The byte a served token is, as make's. */
#define JOBSERVER_TOKEN '+'
/* Under this many open files (ulimit -n), lanes serves no jobserver. */
#define JOBSERVER_MIN_FILES 64
/* The most tokens lanes serves. A pipe holds 16 KiB or more where lanes runs, but one filled to
 * the brim may refuse a token given back (Linux frees its room a page at a time, not a byte),
 * and a blocked write would stop lanes: the pool stays far below. A larger -j serves none, as
 * make serves none for a -j without a bound. */
#define JOBSERVER_MAX_TOKENS 4096

struct jobserver {
    int rfd;         /* where lanes reads tokens: its own open of the pipe, O_NONBLOCK */
    int wfd;         /* where tokens go back */
    int shared_read; /* no own open could be had: rfd is shared, reads are bounded by a timer */
    int own_wfd;     /* wfd is lanes' own, closed at the end (not make's descriptor) */
    int serving;
    int ends[2];             /* serving a pipe: the ends the jobs inherit; else -1 */
    char *fifo;              /* (both removed by jobserver_free) */
    long tokens;             /* serving: the tokens put in, less those taken out */
    long debt;               /* serving: tokens to take out as they come free (-j FILE fell) */
    int gone;                /* a read failed mid-run: no more tokens are taken */
    unsigned long held[256]; /* tokens taken and not given back, by byte */
};

/* ---- MAKEFLAGS ---- */

/* The next word of MAKEFLAGS from *p (blanks between words; a backslash keeps the next byte in
 * the word), unescaped into w when w is not NULL; its raw text is [*start, *p). 0 at the end. */
static int jobserver_word(const char **p, const char **start, struct buf *w)
{
    const char *s = *p;

    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0')
        return 0;
    *start = s;
    if (w)
        buf_reset(w);
    for (; *s && *s != ' ' && *s != '\t'; s++) {
        if (*s == '\\' && s[1])
            s++;
        if (w)
            buf_addc(w, *s);
    }
    *p = s;
    return 1;
}

/* The jobserver's part of a word of MAKEFLAGS: what follows --jobserver-auth= or
 * --jobserver-fds=, or NULL. */
static const char *jobserver_auth_of(const char *word)
{
    static const char *const names[] = {"--jobserver-auth=", "--jobserver-fds="};

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strncmp(word, names[i], strlen(names[i])) == 0)
            return word + strlen(names[i]);
    return NULL;
}

/* The last jobserver named among the flags of MAKEFLAGS (the words before "--", after which
 * come variables) into auth: 1, or 0 when none is named. */
static int jobserver_find(const char *mf, struct buf *auth)
{
    struct buf w = {0};
    const char *start;
    int found = 0;

    while (mf && jobserver_word(&mf, &start, &w) && strcmp(buf_cstr(&w), "--") != 0) {
        const char *a = jobserver_auth_of(buf_cstr(&w));
        if (a) {
            buf_reset(auth);
            buf_adds(auth, a);
            found = 1;
        }
    }
    buf_free(&w);
    return found;
}

/* MAKEFLAGS for the jobs of a served jobserver: the user's flags without any -j or jobserver of
 * their own, then " -jSLOTS --jobserver-auth=AUTH" (as make 4.3 writes them), then the user's
 * variables. */
static void jobserver_export(const char *auth, long slots)
{
    const char *mf = getenv("MAKEFLAGS"), *start, *p = mf ? mf : "";
    struct buf out = {0}, w = {0};

    while (jobserver_word(&p, &start, &w)) {
        const char *word = buf_cstr(&w);
        if (strcmp(word, "--") == 0) {
            p = start;
            break;
        }
        if (jobserver_auth_of(word) || strncmp(word, "-j", 2) == 0 ||
            strncmp(word, "--jobs", 6) == 0)
            continue;
        if (out.len)
            buf_addc(&out, ' ');
        buf_append(&out, start, (size_t)(p - start));
    }
    char flags[64];
    snprintf(flags, sizeof flags, " -j%ld --jobserver-auth=", slots);
    buf_adds(&out, flags);
    buf_adds(&out, auth);
    if (*p) {
        buf_addc(&out, ' ');
        buf_adds(&out, p);
    }
    if (setenv("MAKEFLAGS", buf_cstr(&out), 1) != 0)
        util_die_errno("cannot set MAKEFLAGS for the jobs");
    buf_free(&out);
    buf_free(&w);
}

/* ---- reading tokens ---- */

/* The read end opened anew, O_NONBLOCK and close-on-exec: a description of lanes' own, so the
 * flags of the one make and the other clients share stay as they are. Linux opens a pipe anew
 * through /proc/self/fd. Elsewhere (the BSDs have no /proc/self/fd, and their /dev/fd/N shares
 * the description) this fails, and lanes reads the shared descriptor, blocking as make expects,
 * only when poll says a token is there and under a timer (jobserver_read_shared). */
static void jobserver_own_read(struct jobserver *js, int fd)
{
    char path[64];

    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    js->rfd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (js->rfd >= 0)
        return;
    js->rfd = fd;
    js->shared_read = 1;
}

static void jobserver_alarm(int sig)
{
    (void)sig; /* only to end a read with EINTR */
}

/* A read of one token from a shared blocking descriptor that never waits long: tried only when
 * poll finds a byte there, and ended by SIGALRM (every 10 ms, without SA_RESTART) when another
 * client took that byte first. */
static ssize_t jobserver_read_shared(int fd, unsigned char *c)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    struct sigaction sa, old;
    struct itimerval t = {{0, 10000}, {0, 10000}}, off = {{0, 0}, {0, 0}};

    if (poll(&p, 1, 0) != 1 || !(p.revents & POLLIN)) {
        errno = EAGAIN;
        return -1;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = jobserver_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, &old);
    setitimer(ITIMER_REAL, &t, NULL);
    ssize_t n = read(fd, c, 1);
    int e = errno;
    setitimer(ITIMER_REAL, &off, NULL);
    sigaction(SIGALRM, &old, NULL);
    errno = e == EINTR ? EAGAIN : e;
    return n;
}

static ssize_t jobserver_read(struct jobserver *js, unsigned char *c)
{
    ssize_t n;

    do
        n = js->shared_read ? jobserver_read_shared(js->rfd, c) : read(js->rfd, c, 1);
    while (n < 0 && errno == EINTR);
    return n;
}

/* ---- client ---- */

/* The descriptors of R,W: a pipe, R open for reading and W for writing. */
static const char *jobserver_check_fds(int r, int w)
{
    struct stat sr, sw;
    int fr = fcntl(r, F_GETFL), fw = fcntl(w, F_GETFL);

    if (fr < 0 || fw < 0)
        return "its descriptors are not open (a make rule that runs lanes without '+' or "
               "$(MAKE) closes them)";
    if (fstat(r, &sr) != 0 || fstat(w, &sw) != 0 || !S_ISFIFO(sr.st_mode) ||
        sr.st_ino != sw.st_ino || sr.st_dev != sw.st_dev)
        return "its descriptors are not the two ends of one pipe (a make rule that runs lanes "
               "without '+' or $(MAKE) closes them)";
    if ((fr & O_ACCMODE) == O_WRONLY || (fw & O_ACCMODE) == O_RDONLY)
        return "its descriptors are open the wrong way round";
    return NULL;
}

/* fifo:PATH: lanes opens the fifo for reading (not blocking) and for writing, both its own. */
static const char *jobserver_join_fifo(struct jobserver *js, const char *path)
{
    struct stat st;

    js->own_wfd = 1;
    if ((js->rfd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0 ||
        (js->wfd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
        return strerror(errno);
    if (fstat(js->rfd, &st) != 0 || !S_ISFIFO(st.st_mode))
        return "it is not a fifo";
    return NULL;
}

/* R,W: lanes reads its own open of R, and writes tokens back to W. */
static const char *jobserver_join_fds(struct jobserver *js, const char *auth)
{
    char *end;
    long r = strtol(auth, &end, 10), w = -1;

    if (end != auth && *end == ',')
        w = strtol(end + 1, &end, 10);
    if (r < 0 || w < 0 || *end != '\0' || r > INT_MAX || w > INT_MAX)
        return "it is neither fifo:PATH nor two descriptors R,W";
    const char *why = jobserver_check_fds((int)r, (int)w);
    if (why == NULL) {
        jobserver_own_read(js, (int)r);
        js->wfd = (int)w;
    }
    return why;
}

/* Joins the jobserver auth names; NULL after a warning when it cannot be used. */
static struct jobserver *jobserver_join(const char *auth, long slots)
{
    struct jobserver *js = xcalloc(1, sizeof *js);

    js->rfd = js->wfd = js->ends[0] = js->ends[1] = -1;
    const char *why = strncmp(auth, "fifo:", 5) == 0 ? jobserver_join_fifo(js, auth + 5)
                                                     : jobserver_join_fds(js, auth);
    if (why == NULL)
        return js;
    util_warn("cannot use the jobserver in MAKEFLAGS (--jobserver-auth=%s): %s; running -j %ld "
              "on its own",
              auth, why, slots);
    if (js->rfd >= 0)
        close(js->rfd);
    if (js->own_wfd && js->wfd >= 0)
        close(js->wfd);
    free(js);
    return NULL;
}

/* ---- server ---- */

/* n tokens into the pipe or fifo through fd (not blocking; lanes' own): how many fit. */
static long jobserver_fill(int fd, long n)
{
    unsigned char buf[512];
    long put = 0;

    memset(buf, JOBSERVER_TOKEN, sizeof buf);
    while (put < n) {
        size_t len = n - put < (long)sizeof buf ? (size_t)(n - put) : sizeof buf;
        ssize_t k = write(fd, buf, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        put += k;
    }
    return put;
}

/* A pipe whose ends the jobs inherit (so they are not close-on-exec), kept blocking for them
 * as make's is: it is filled before anyone else holds it, while only lanes does. */
static const char *jobserver_serve_pipe(struct jobserver *js, long slots, struct buf *auth)
{
    char s[64];

    if (pipe(js->ends) != 0)
        return strerror(errno);
    int fl = fcntl(js->ends[1], F_GETFL);
    fcntl(js->ends[1], F_SETFL, fl | O_NONBLOCK);
    js->tokens = jobserver_fill(js->ends[1], slots - 1);
    fcntl(js->ends[1], F_SETFL, fl);
    js->wfd = js->ends[1];
    jobserver_own_read(js, js->ends[0]);
    snprintf(s, sizeof s, "%d,%d", js->ends[0], js->ends[1]);
    buf_adds(auth, s);
    return NULL;
}

/* The user's private directory in tmpdir, lanes-UID (mode 0700, made once and kept, as
 * ~/.parallel is), into dir: one that is not a directory of the user's own, closed to others,
 * is refused. */
static int jobserver_private_dir(const char *tmpdir, struct buf *dir)
{
    struct stat st;
    char name[64];

    snprintf(name, sizeof name, "/lanes-%ld", (long)getuid());
    buf_adds(dir, tmpdir);
    buf_adds(dir, name);
    if (mkdir(buf_cstr(dir), 0700) != 0 && errno != EEXIST)
        return -1;
    if (lstat(dir->data, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077) != 0) {
        errno = EACCES;
        return -1;
    }
    return 0;
}

/* A fifo of a name no other file has, mode 0600, in the user's private directory: a temporary
 * file's name, the file removed and the fifo made in its place (mkfifo fails if another took
 * the name meanwhile). The directory stays for the next run, so a SIGKILL leaves only the
 * fifo. */
static int jobserver_mkfifo(const char *tmpdir, char **fifo)
{
    struct buf dir = {0};

    if (jobserver_private_dir(tmpdir, &dir) != 0) {
        int err = errno;
        buf_free(&dir);
        errno = err;
        return -1;
    }
    for (int tries = 0; tries < 100; tries++) {
        struct buf path = {0};
        buf_adds(&path, dir.data);
        buf_adds(&path, "/jobserver.XXXXXX");
        int fd = mkstemp(buf_cstr(&path));
        if (fd < 0) {
            buf_free(&path);
            return -1;
        }
        close(fd);
        unlink(path.data);
        if (mkfifo(path.data, 0600) == 0) {
            *fifo = buf_cstr(&path);
            buf_free(&dir);
            return 0;
        }
        int err = errno;
        buf_free(&path);
        if (err != EEXIST) {
            buf_free(&dir);
            errno = err;
            return -1;
        }
    }
    buf_free(&dir);
    errno = EEXIST;
    return -1;
}

/* The fifo; lanes holds both ends, close-on-exec: the jobs open it by its path. */
static const char *jobserver_serve_fifo(struct jobserver *js, long slots, const char *tmpdir,
                                        struct buf *auth)
{
    if (jobserver_mkfifo(tmpdir, &js->fifo) != 0 ||
        (js->rfd = open(js->fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0 ||
        (js->wfd = open(js->fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
        return strerror(errno);
    js->own_wfd = 1;
    js->tokens = jobserver_fill(js->wfd, slots - 1);
    buf_adds(auth, "fifo:");
    buf_adds(auth, js->fifo);
    return NULL;
}

/* A served jobserver costs three descriptors (the pipe's ends and lanes' own open): where
 * the limit is tight (ulimit -n), they are left to the jobs' pipes. */
static int jobserver_files_tight(void)
{
    struct rlimit rl;

    return getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
           rl.rlim_cur < JOBSERVER_MIN_FILES;
}

static struct jobserver *jobserver_serve(const struct jobserver_conf *c, long slots)
{
    if (slots - 1 > JOBSERVER_MAX_TOKENS || jobserver_files_tight())
        return NULL;

    struct jobserver *js = xcalloc(1, sizeof *js);
    struct buf auth = {0};
    const char *tmpdir = c->tmpdir ? c->tmpdir : getenv("TMPDIR");

    js->serving = 1;
    js->rfd = js->wfd = js->ends[0] = js->ends[1] = -1;
    const char *why =
        c->style == JOBSERVER_FIFO
            ? jobserver_serve_fifo(js, slots, tmpdir && *tmpdir ? tmpdir : "/tmp", &auth)
            : jobserver_serve_pipe(js, slots, &auth);
    if (why == NULL && js->tokens < slots - 1)
        util_warn("the jobserver for jobs holds %ld tokens, not %ld: no more fit", js->tokens,
                  slots - 1);
    if (why == NULL)
        jobserver_export(buf_cstr(&auth), js->tokens + 1);
    buf_free(&auth);
    if (why == NULL)
        return js;
    util_warn("cannot make a jobserver for jobs: %s; they see MAKEFLAGS as lanes got it", why);
    jobserver_free(js);
    return NULL;
}

/* ---- the interface ---- */

struct jobserver *jobserver_open(const struct jobserver_conf *c, long slots)
{
    struct buf auth = {0};
    struct jobserver *js = NULL;

    if (c->off || slots <= 1)
        return NULL;
    if (jobserver_find(getenv("MAKEFLAGS"), &auth))
        js = jobserver_join(buf_cstr(&auth), slots);
    buf_free(&auth);
    return js ? js : jobserver_serve(c, slots);
}

int jobserver_take(struct jobserver *js)
{
    unsigned char c;

    if (js->gone)
        return JOBSERVER_GONE;
    ssize_t n = jobserver_read(js, &c);
    if (n == 1) {
        js->held[c]++;
        return c;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return JOBSERVER_WAIT;
    /* No writer is left (lanes holds one: it cannot be), or the read failed. */
    util_warn("cannot read a token from the jobserver: %s; running on without it",
              n == 0 ? "it is closed" : strerror(errno));
    js->gone = 1;
    return JOBSERVER_GONE;
}

void jobserver_give(struct jobserver *js, int byte)
{
    unsigned char c = (unsigned char)byte;

    if (byte < 0 || js->held[c] == 0) /* never write a token lanes did not take */
        return;
    js->held[c]--;
    if (js->debt > 0) { /* a slot fewer: this token leaves the pool */
        js->debt--;
        js->tokens--;
        return;
    }
    while (write(js->wfd, &c, 1) < 0) {
        if (errno == EINTR)
            continue;
        util_warn("cannot give a token back to the jobserver: %s", strerror(errno));
        break;
    }
}

/* Serving: n more tokens, written while poll finds room (the pipe's ends are shared and
 * blocking; a pipe that polls writable takes a write of 512 bytes). */
static void jobserver_add(struct jobserver *js, long n)
{
    struct pollfd p = {.fd = js->wfd, .events = POLLOUT};

    while (n > 0 && poll(&p, 1, 0) == 1 && (p.revents & POLLOUT)) {
        long put = jobserver_fill(js->wfd, n < 512 ? n : 512);
        if (put <= 0)
            break;
        js->tokens += put;
        n -= put;
    }
}

void jobserver_resize(struct jobserver *js, long slots)
{
    unsigned char c;
    long have = js->tokens - js->debt;
    long want = slots - 1 < JOBSERVER_MAX_TOKENS ? slots - 1 : JOBSERVER_MAX_TOKENS;

    if (!js->serving || js->gone || want == have)
        return;
    if (want > have) {
        long cancel = want - have < js->debt ? want - have : js->debt;
        js->debt -= cancel;
        jobserver_add(js, want - have - cancel);
        return;
    }
    js->debt += have - want; /* taken out now where free, else as they come back */
    while (js->debt > 0 && jobserver_read(js, &c) == 1) {
        js->debt--;
        js->tokens--;
    }
}

int jobserver_fd(const struct jobserver *js)
{
    return js->gone ? -1 : js->rfd;
}

/* Serving: the tokens that came home, counted by taking them all (the run is over). */
static void jobserver_count_home(struct jobserver *js)
{
    unsigned char c;
    long home = 0;

    while (jobserver_read(js, &c) == 1)
        home++;
    if (home < js->tokens)
        util_warn("%ld of the jobserver's %ld tokens were not given back (a job that held them "
                  "was killed?)",
                  js->tokens - home, js->tokens);
}

void jobserver_free(struct jobserver *js)
{
    if (js == NULL)
        return;
    for (int b = 0; b < 256; b++)
        while (js->held[b])
            jobserver_give(js, b);
    if (js->serving && js->rfd >= 0 && !js->gone)
        jobserver_count_home(js);
    if (js->rfd >= 0 && !(js->shared_read && !js->serving))
        close(js->rfd);
    if (js->own_wfd && js->wfd >= 0)
        close(js->wfd);
    for (int i = 0; i < 2; i++)
        if (js->ends[i] >= 0 && js->ends[i] != js->rfd)
            close(js->ends[i]);
    if (js->fifo)
        unlink(js->fifo);
    free(js->fifo);
    free(js);
}
