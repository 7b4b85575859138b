/* perl: the one Perl process of a run, for {= perl =} expressions and --rpl strings. lanes
 * writes frames to it and reads frames back; a frame is a 32-bit big-endian count of strings,
 * each a 32-bit big-endian length and its bytes. Requests: "c" EXPR (compile; the answer is
 * "" or "e" MESSAGE) and "v" ID $_ SEQ SLOT SLOTS TOTAL ARG... (evaluate; the answer is FLAGS
 * VALUE, FLAGS holding s for skip() and u for uq(), or "x" MESSAGE when it died). */
#include "perl.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

extern char **environ;

/* The program Perl runs. Expressions are compiled in package main, where the helpers live,
 * by a sub that sees no lexical of this program. */
static const char perl_program[] =
    "package main; no strict; no warnings;\n"
    "sub Q { my $s = $_[0]; return \"''\" if !defined $s || $s eq '';\n"
    "  return $s if $s !~ /[^-_.+a-zA-Z0-9\\/]/;\n"
    "  $s =~ s/'/'\"'\"'/g; $s = \"'$s'\"; $s =~ s/^''//; $s =~ s/''$//; $s }\n"
    "sub pQ { my $s = $_[0]; $s =~ s/[\\\\\\\"\\$\\@]/\\\\$&/g; $s }\n"
    "sub uq { $lanes::uq = 1; return }\n"
    "sub skip { $lanes::skip = 1; return }\n"
    "sub seq { $lanes::seq } sub slot { $lanes::slot } sub total_jobs { $lanes::total }\n"
    "sub hash { require B; B::hash(@_) }\n"
    "sub uniq { my %s; grep { !$s{$_}++ } @_ }\n"
    "sub lanes::t { require POSIX; POSIX::strftime($_[0], localtime(time())) }\n"
    "sub yyyy_mm_dd_hh_mm_ss { lanes::t('%Y-%m-%dT%H:%M:%S') }\n"
    "sub yyyy_mm_dd_hh_mm { lanes::t('%Y-%m-%dT%H:%M') }\n"
    "sub yyyy_mm_dd { lanes::t('%Y-%m-%d') } sub hh_mm_ss { lanes::t('%H:%M:%S') }\n"
    "sub hh_mm { lanes::t('%H:%M') } sub yyyymmddhhmmss { lanes::t('%Y%m%d%H%M%S') }\n"
    "sub yyyymmddhhmm { lanes::t('%Y%m%d%H%M') } sub yyyymmdd { lanes::t('%Y%m%d') }\n"
    "sub hhmmss { lanes::t('%H%M%S') } sub hhmm { lanes::t('%H%M') }\n"
    "use File::Basename qw(basename dirname);\n"
    "sub shell_quote { wantarray ? (map { Q($_) } @_) : join(' ', map { Q($_) } @_) }\n"
    "sub shell_quote_scalar { Q($_[0]) } sub perl_quote_scalar { pQ($_[0]) }\n"
    "sub make_regexp_ungreedy { my ($r, $u, $cls, $esc, $q) = ($_[0], '', 0, 0, 0);\n"
    "  for my $c (split //, $r) { if ($q) { $u .= '?' if $c ne '?'; $q = 0 } $u .= $c;\n"
    "    if ($esc) { $esc = 0; next } if ($c eq '\\\\') { $esc = 1; next }\n"
    "    if ($c eq '[') { $cls = 1; next } if ($cls) { $cls = 0 if $c eq ']'; next }\n"
    "    $q = 1 if $c =~ /[*}+]/ } $u .= '?' if $q; $u }\n"
    "$Global::JobQueue = bless {}, 'lanes::queue'; sub lanes::queue::total_jobs { $lanes::total }\n"
    "sub lanes::job::seq { $lanes::seq } sub lanes::job::slot { $lanes::slot }\n"
    "sub lanes::job::skip { $lanes::skip = 1; return }\n"
    "sub lanes::compile { eval('sub { my $job = shift; ' . $_[0] . \"\\n}\") }\n"
    "package lanes;\n"
    "open(IN, '<&=', 3) or die \"lanes: perl: fd 3: $!\\n\";\n"
    "open(OUT, '>&=', 4) or die \"lanes: perl: fd 4: $!\\n\";\n"
    "binmode IN; binmode OUT;\n"
    "sub rd { my $n = $_[0]; my $s = '';\n"
    "  while (length($s) < $n) { my $r = sysread(IN, $s, $n - length($s), length($s));\n"
    "    exit 0 if !$r } $s }\n"
    "sub get { my $h = rd(4); my @f;\n"
    "  for (1 .. unpack('N', $h)) { my $l = unpack('N', rd(4)); push @f, $l ? rd($l) : '' } @f }\n"
    "sub put { my $m = pack('N', scalar @_);\n"
    "  for my $v (@_) { my $b = $v; utf8::encode($b) if utf8::is_utf8($b);\n"
    "    $m .= pack('N', length $b) . $b }\n"
    "  my $o = 0; while ($o < length $m) {\n"
    "    my $w = syswrite(OUT, $m, length($m) - $o, $o); exit 1 if !defined $w; $o += $w } }\n"
    "my @subs; my $job = bless {}, 'lanes::job';\n"
    "while (1) { my @m = get(); my $op = shift @m;\n"
    "  if ($op eq 'c') { my $s = lanes::compile($m[0]);\n"
    "    if ($s) { push @subs, $s; put('') } else { my $e = $@; $e =~ s/\\s+\\z//; put('e', $e) }\n"
    "    next }\n"
    "  my ($id, $v, @a); ($id, $v, $seq, $slot, $Global::max_jobs_running, $total,\n"
    "    $Global::total_completed, @a) = @m;\n"
    "  local $_ = $v; @main::arg = (undef, @a); $skip = $uq = 0;\n"
    "  if (!eval { $subs[$id]->($job); 1 }) { my $e = $@; $e =~ s/\\s+\\z//; put('x', $e); next }\n"
    "  my $r = defined $_ ? \"$_\" : '';\n"
    "  put(($skip ? 's' : '') . ($uq ? 'u' : ''), $r) }\n";

struct perl_expr {
    char *code;
    char *name;
};

struct perl {
    struct perl_expr *e;
    size_t n, compiled;
    pid_t pid;
    int to, from; /* our ends of the pipes */
    struct buf msg;
};

struct perl *perl_new(void)
{
    struct perl *p = xcalloc(1, sizeof *p);

    p->to = p->from = -1;
    return p;
}

int perl_add(struct perl *p, const char *expr, size_t len, const char *name)
{
    p->e = xreallocarray(p->e, p->n + 1, sizeof *p->e);
    p->e[p->n] = (struct perl_expr){xstrndup(expr, len), xstrdup(name)};
    return (int)p->n++;
}

/* A descriptor moved above the ones the child is given (3 and 4), close-on-exec. */
static int perl_high_fd(int fd)
{
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 10);

    if (high < 0)
        util_die_errno("cannot start perl: fcntl");
    close(fd);
    return high;
}

static void perl_spawn(struct perl *p)
{
    int to[2], from[2], err;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, all;
    char arg0[] = "perl", dash_e[] = "-e";
    char *argv[] = {arg0, dash_e, (char *)(uintptr_t)perl_program, NULL};

    if (util_pipe(to, 0, 0) != 0 || util_pipe(from, 0, 0) != 0)
        util_die_errno("cannot start perl: pipe");
    to[0] = perl_high_fd(to[0]);
    from[1] = perl_high_fd(from[1]);
    sigemptyset(&none);
    sigfillset(&all);
    if (posix_spawn_file_actions_init(&fa) != 0 ||
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, to[0], 3) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, from[1], 4) != 0 ||
        posix_spawnattr_init(&attr) != 0 || posix_spawnattr_setsigmask(&attr, &none) != 0 ||
        posix_spawnattr_setsigdefault(&attr, &all) != 0 ||
        posix_spawnattr_setpgroup(&attr, 0) != 0 || /* Ctrl-C is lanes' to handle, not Perl's */
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                            POSIX_SPAWN_SETPGROUP) != 0)
        util_die("cannot start perl: posix_spawn attributes");
    err = posix_spawnp(&p->pid, "perl", &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (err != 0)
        util_die("cannot start perl for {= perl =} replacement strings: %s", strerror(err));
    close(to[0]);
    close(from[1]);
    p->to = to[1];
    p->from = from[0];
}

static void perl_put_u32(struct buf *b, size_t v)
{
    unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};

    buf_append(b, (const char *)c, 4);
}

static void perl_put_str(struct buf *b, const char *s, size_t len)
{
    perl_put_u32(b, len);
    buf_append(b, s, len);
}

static void perl_put_num(struct buf *b, unsigned long v)
{
    char num[32];
    int n = snprintf(num, sizeof num, "%lu", v);

    perl_put_str(b, num, (size_t)n);
}

/* Read exactly len bytes; a Perl that went away ends lanes. */
static void perl_read(struct perl *p, void *dst, size_t len)
{
    char *d = dst;

    while (len > 0) {
        ssize_t r = read(p->from, d, len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            util_die("perl ended while evaluating {= perl =} expressions%s%s", r < 0 ? ": " : "",
                     r < 0 ? strerror(errno) : "");
        d += r;
        len -= (size_t)r;
    }
}

static size_t perl_get_u32(struct perl *p)
{
    unsigned char c[4];

    perl_read(p, c, 4);
    return (size_t)c[0] << 24 | (size_t)c[1] << 16 | (size_t)c[2] << 8 | c[3];
}

/* Send the frame being built (msg, after its count) and read the two strings of the answer:
 * the first into flags (at most size - 1 bytes kept), the second appended to out. */
static void perl_call(struct perl *p, size_t count, char *flags, size_t size, struct buf *out)
{
    unsigned char c[4] = {(unsigned char)(count >> 24), (unsigned char)(count >> 16),
                          (unsigned char)(count >> 8), (unsigned char)count};

    memcpy(p->msg.data, c, 4);
    if (util_write_all(p->to, p->msg.data, p->msg.len) != 0)
        util_die_errno("cannot write to perl");
    size_t n = perl_get_u32(p);
    flags[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t len = perl_get_u32(p);
        if (i == 0) {
            char skip[256];
            size_t keep = len < size ? len : size - 1;
            perl_read(p, flags, keep);
            flags[keep] = '\0';
            for (size_t left = len - keep; left > 0;) {
                size_t k = left < sizeof skip ? left : sizeof skip;
                perl_read(p, skip, k);
                left -= k;
            }
            continue;
        }
        buf_reserve(out, len);
        perl_read(p, out->data + out->len, len);
        out->len += len;
        out->data[out->len] = '\0';
    }
}

/* The start of a frame: room for the count, then the operation. */
static void perl_begin(struct perl *p, const char *op)
{
    buf_reset(&p->msg);
    buf_append(&p->msg, "\0\0\0\0", 4);
    perl_put_str(&p->msg, op, strlen(op));
}

void perl_start(struct perl *p)
{
    char flags[8];
    struct buf why = {0};

    if (p == NULL || p->compiled == p->n)
        return;
    if (p->pid == 0)
        perl_spawn(p);
    for (; p->compiled < p->n; p->compiled++) {
        const struct perl_expr *e = &p->e[p->compiled];
        perl_begin(p, "c");
        perl_put_str(&p->msg, e->code, strlen(e->code));
        buf_reset(&why);
        perl_call(p, 2, flags, sizeof flags, &why);
        if (flags[0] == 'e')
            util_die("cannot use the perl expression %s: %s", e->name, buf_cstr(&why));
    }
    buf_free(&why);
}

int perl_eval(struct perl *p, int id, const struct perl_job *j, struct buf *out)
{
    char flags[8];
    size_t nargs = j->rec ? j->rec->n : 0;

    perl_start(p);
    perl_begin(p, "v");
    perl_put_num(&p->msg, (unsigned long)id);
    perl_put_str(&p->msg, j->val, j->len);
    perl_put_num(&p->msg, j->seq);
    perl_put_num(&p->msg, j->slot);
    perl_put_num(&p->msg, j->slots);
    perl_put_num(&p->msg, j->total);
    perl_put_num(&p->msg, j->completed);
    for (size_t i = 0; i < nargs; i++)
        perl_put_str(&p->msg, j->rec->f[i].s, j->rec->f[i].len);
    size_t at = out->len;
    perl_call(p, 8 + nargs, flags, sizeof flags, out);
    if (flags[0] == 'x')
        util_die("the perl expression %s died: %s", p->e[id].name, buf_cstr(out) + at);
    return (strchr(flags, 's') ? PERL_SKIP : 0) | (strchr(flags, 'u') ? PERL_UQ : 0);
}

void perl_free(struct perl *p)
{
    if (p == NULL)
        return;
    if (p->pid > 0) {
        close(p->to);
        close(p->from);
        while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    for (size_t i = 0; i < p->n; i++) {
        free(p->e[i].code);
        free(p->e[i].name);
    }
    free(p->e);
    buf_free(&p->msg);
    free(p);
}
