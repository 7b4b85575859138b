# compat_helper.bash: differential machinery for tests/compat.bats.
#
# Each helper runs one command line under GNU parallel and then under lanes,
# from two fresh copies of the current directory (so cases that create files
# do not see each other's files), with the same stdin, and compares stdout
# bytes and exit status exactly.  Stderr is captured to its own file: it is
# never compared, only shown when a case fails.
#
#   compat ARGS...               stdin is /dev/null
#   compat_stdin FILE ARGS...    stdin is FILE (a path relative to the test dir)
#   compat_input STRING ARGS...  stdin is STRING, written with printf '%s'
#   compat_status ARGS...        like compat, but compares the exit status only
#                                (for usage errors: GNU parallel prints its usage
#                                text and citation notice on stdout there)
#
# Programs: $COMPAT_PARALLEL (default: parallel) and $LANES (default: lanes,
# found on PATH).  $COMPAT_TIMEOUT bounds each run (seconds, default 120).

# Fallback for a test_helper.bash that does not define need_parallel.
if ! declare -F need_parallel >/dev/null; then
    need_parallel() {
        command -v "${COMPAT_PARALLEL:-parallel}" >/dev/null 2>&1 ||
            skip "GNU parallel is not installed (needed for differential tests)"
    }
fi

# compat_setup: call from setup().  Skips without GNU parallel, moves into a
# per-test temporary directory and fixes the environment both programs see.
compat_setup() {
    need_parallel
    if [[ -z "${BATS_TEST_TMPDIR:-}" ]]; then
        BATS_TEST_TMPDIR=$(mktemp -d "${BATS_RUN_TMPDIR:-${TMPDIR:-/tmp}}/compat.XXXXXX")
    fi
    COMPAT_DIR=$BATS_TEST_TMPDIR
    mkdir -p "$COMPAT_DIR/.compat"
    cd "$COMPAT_DIR" || return 1
    # GNU parallel reads options from $PARALLEL and quotes for the shell named
    # by $SHELL; make both fixed so the two runs see the same world.
    unset PARALLEL PARALLEL_HOME
    export SHELL=/bin/bash
    export LC_ALL=C.UTF-8 2>/dev/null || export LC_ALL=C
    mkdir -p "$HOME/.parallel" 2>/dev/null && touch "$HOME/.parallel/will-cite" 2>/dev/null
    return 0
}

# compat_setup_self: compat_setup for a file that can also compare GNU parallel with itself:
# run it with COMPAT_LANES_UNDER_TEST=parallel and $LANES is GNU parallel.
compat_setup_self() {
    compat_setup || return 1
    LANES=${COMPAT_LANES_UNDER_TEST:-$LANES}
}

# The job log columns that do not depend on time: Seq Host Send Receive Exitval Signal Command.
JOBLOG='cut -f1,2,5- jl'

# For --pipe and --pipe-part: one line per job, its sequence number, then what it read on stdin
# through cat -A with its newlines turned into spaces, so "1$ 2$ " is "1\n2\n" and "1$ 2" is
# "1\n2" (no final newline).
SHOW='echo "{#}: $(cat -A | tr "\n" " ")"'

# _compat_run NAME PROGRAM STDIN ARGS...: run PROGRAM ARGS... in a fresh copy
# of the test directory; leaves .compat/NAME.{out,err,rc}.
_compat_run() {
    local name=$1 prog=$2 in=$3
    shift 3
    local base=$COMPAT_DIR/.compat
    local work=$base/work.$name
    rm -rf "$work"
    mkdir -p "$work"
    # Copy the fixture files the test made (everything but our own folder).
    local f
    for f in "$COMPAT_DIR"/* "$COMPAT_DIR"/.[!.]* "$COMPAT_DIR"/..?*; do
        [[ -e "$f" || -L "$f" ]] || continue
        [[ "${f##*/}" == .compat ]] && continue
        cp -a "$f" "$work/"
    done
    local rc=0
    (
        cd "$work" || exit 254
        exec timeout -k 5 "${COMPAT_TIMEOUT:-120}" "$prog" "$@" \
            <"$in" >"$base/$name.out" 2>"$base/$name.err"
    ) || rc=$?
    printf '%s\n' "$rc" >"$base/$name.rc"
}

# _compat_show FILE: print a file for a failure report, visibly (cat -A),
# bounded in size.
_compat_show() {
    local lines
    lines=$(wc -l <"$1")
    if ((lines > 60)); then
        head -n 30 "$1" | cat -A
        printf '... (%d lines, %d bytes in all) ...\n' "$lines" "$(wc -c <"$1")"
        tail -n 10 "$1" | cat -A
    else
        cat -A "$1"
    fi
}

# _compat STDIN MODE ARGS...: MODE is "all" (stdout and status) or "status".
_compat() {
    local in=$1 mode=$2
    shift 2
    local par=${COMPAT_PARALLEL:-parallel} lan=${LANES:-lanes}
    local base=$COMPAT_DIR/.compat
    local prc lrc
    _compat_run parallel "$par" "$in" "$@"
    prc=$(<"$base/parallel.rc")
    # GNU parallel itself hangs now and then on a loaded machine (seen in CI: --pipe --bin on an
    # empty input, killed at the timeout, where it takes a second alone): one more try tells
    # its hang from what it does.
    if [[ "$prc" == 124 || "$prc" == 137 ]]; then
        _compat_run parallel "$par" "$in" "$@"
        prc=$(<"$base/parallel.rc")
    fi
    _compat_run lanes "$lan" "$in" "$@"
    lrc=$(<"$base/lanes.rc")
    local bad=0
    [[ "$prc" == "$lrc" ]] || bad=1
    if [[ "$mode" == all ]] && ! cmp -s "$base/parallel.out" "$base/lanes.out"; then
        bad=1
    fi
    ((bad)) || return 0
    {
        printf 'command:'
        printf ' %q' "$@"
        printf '\n'
        [[ "$in" == /dev/null ]] || printf 'stdin: %s (%d bytes)\n' "$in" "$(wc -c <"$in")"
        printf 'exit status: parallel=%s lanes=%s\n' "$prc" "$lrc"
        if [[ "$mode" == all ]]; then
            printf -- '--- stdout of GNU parallel (cat -A):\n'
            _compat_show "$base/parallel.out"
            printf -- '--- stdout of lanes (cat -A):\n'
            _compat_show "$base/lanes.out"
            printf -- '--- diff (parallel vs lanes):\n'
            diff <(cat -A "$base/parallel.out") <(cat -A "$base/lanes.out") | head -n 20
        fi
        printf -- '--- stderr of lanes (not compared):\n'
        head -c 2000 "$base/lanes.err"
        printf -- '--- stderr of GNU parallel (not compared):\n'
        head -c 2000 "$base/parallel.err"
    } >&2
    return 1
}

compat() {
    _compat /dev/null all "$@"
}

compat_status() {
    _compat /dev/null status "$@"
}

compat_stdin() {
    local in=$1
    shift
    [[ "$in" == /* ]] || in=$COMPAT_DIR/$in
    [[ -r "$in" ]] || { echo "compat_stdin: cannot read $in" >&2; return 1; }
    _compat "$in" all "$@"
}

compat_input() {
    local in=$COMPAT_DIR/.compat/stdin
    printf '%s' "$1" >"$in"
    shift
    _compat "$in" all "$@"
}

# compat_wrap: wrappers in $WRAP for GNU parallel and for $LANES that run the program and then
# post-process the run, for the commands below (setup calls it after compat_setup):
#   compat_pipe CMD ARGS...    the program's stdout through CMD (exit status: the program's)
#   compat_post CMD ARGS...    CMD run afterwards in the same directory (its output follows)
#   compat_quiet CMD ARGS...   the program's stdout dropped, then CMD as compat_post runs it
#   pipe_stdin, post_stdin CMD FILE ARGS...   compat_pipe and compat_post with FILE on stdin
#   compat_stderr ARGS...      the program's stderr compared instead of its stdout
compat_wrap() {
    WRAP=$COMPAT_DIR/.compat/bin
    mkdir -p "$WRAP"
    local name path
    for name in parallel lanes; do
        if [ "$name" = lanes ]; then path=$(command -v "$LANES"); else path=$(command -v parallel); fi
        cat >"$WRAP/$name" <<EOF
#!/bin/bash
if [ -n "\${COMPAT_SWAP:-}" ]; then
    "$path" "\$@" 2>&1 >/dev/null
    rc=\$?
elif [ -n "\${COMPAT_QUIET:-}" ]; then
    "$path" "\$@" >/dev/null
    rc=\$?
elif [ -n "\${COMPAT_PIPE:-}" ]; then
    "$path" "\$@" | eval "\$COMPAT_PIPE"
    rc=\${PIPESTATUS[0]}
else
    "$path" "\$@"
    rc=\$?
fi
[ -z "\${COMPAT_POST:-}" ] || eval "\$COMPAT_POST"
exit \$rc
EOF
        chmod +x "$WRAP/$name"
    done
}

compat_pipe() {
    local cmd=$1
    shift
    COMPAT_PIPE=$cmd COMPAT_PARALLEL=$WRAP/parallel LANES=$WRAP/lanes compat "$@"
}

compat_post() {
    local cmd=$1
    shift
    COMPAT_POST=$cmd COMPAT_PARALLEL=$WRAP/parallel LANES=$WRAP/lanes compat "$@"
}

# pipe_stdin CMD FILE ARGS...: compat_pipe with FILE on stdin.
pipe_stdin() {
    local cmd=$1 in=$2
    shift 2
    COMPAT_PIPE=$cmd COMPAT_PARALLEL=$WRAP/parallel LANES=$WRAP/lanes compat_stdin "$in" "$@"
}

# post_stdin CMD FILE ARGS...: compat_post with FILE on stdin.
post_stdin() {
    local cmd=$1 in=$2
    shift 2
    COMPAT_POST=$cmd COMPAT_PARALLEL=$WRAP/parallel LANES=$WRAP/lanes compat_stdin "$in" "$@"
}

# compat_quiet CMD ARGS...: the program's own stdout is dropped, CMD's output compared.
compat_quiet() {
    local cmd=$1
    shift
    COMPAT_QUIET=1 COMPAT_POST=$cmd COMPAT_PARALLEL=$WRAP/parallel LANES=$WRAP/lanes compat "$@"
}

compat_stderr() {
    COMPAT_SWAP=1 COMPAT_PARALLEL=$WRAP/parallel LANES=$WRAP/lanes compat "$@"
}
