# Shared setup for every tests/*.bats file: `load test_helper` at the top of the file.
#
# - loads bats-support and bats-assert (Debian packages bats-support, bats-assert);
# - puts the freshly built src/ first on PATH, so `lanes` is the binary under test;
# - LANES is that binary's path, LANES_ROOT the top of the source tree, LANES_BUILD the top of
#   the build tree (the same, but in an out-of-tree build: make check sets it);
# - makes ~/.parallel/will-cite exist so GNU parallel never asks for a citation;
# - need_parallel: skips the test, with a note, when GNU parallel is not installed;
# - bounded waits on files and processes (wait_file, wait_grep, wait_gone, reap_lanes ...) and
#   kill_leftovers for teardown;
# - make_args: the ./args script that shows the arguments a job got.

# Top-level code here runs again for every test, so it forks as little as it can: the libraries'
# files are sourced directly (their load.bash forks a dirname for each), and ~/.parallel is
# only made when it is missing. That saves about 25 ms a test.
for lib in bats-support bats-assert; do
    if [ ! -f "/usr/lib/bats/$lib/load.bash" ]; then
        echo "test_helper: /usr/lib/bats/$lib/load.bash missing (apt-get install $lib)" >&2
        return 1
    fi
    if [ -d "/usr/lib/bats/$lib/src" ]; then
        for f in "/usr/lib/bats/$lib/src"/*.bash; do
            source "$f"
        done
    else
        load "/usr/lib/bats/$lib/load.bash"
    fi
done
unset lib f

# Options from the environment would change every run (tests/compat_env.bats sets its own).
unset PARALLEL PARALLEL_CSH

LANES_ROOT=${BATS_TEST_DIRNAME%/tests}
LANES_BUILD=${LANES_BUILD:-$LANES_ROOT}
LANES="$LANES_BUILD/src/lanes"
PATH="$LANES_BUILD/src:$PATH"
export LANES_ROOT LANES_BUILD LANES PATH

if [ ! -f "$HOME/.parallel/will-cite" ]; then
    mkdir -p "$HOME/.parallel" 2>/dev/null || :
    touch "$HOME/.parallel/will-cite" 2>/dev/null || :
fi

# need_parallel: skip this test unless GNU parallel (not moreutils' parallel) is on PATH. The
# answer is kept for the whole bats run: `parallel --version` costs a Perl start-up.
need_parallel() {
    local mark="${BATS_RUN_TMPDIR:-}/gnu-parallel" state
    if [ -n "${BATS_RUN_TMPDIR:-}" ] && [ -f "$mark" ]; then
        state=$(<"$mark")
    elif ! command -v parallel >/dev/null 2>&1; then
        state=missing
    elif parallel --version 2>/dev/null </dev/null | grep -q '^GNU parallel'; then
        state=gnu
    else
        state=other
    fi
    # Written whole under another name and renamed, so a test running beside this one
    # (tests/run -j) never reads a half-written answer.
    if [ -n "${BATS_RUN_TMPDIR:-}" ]; then
        printf '%s\n' "$state" >"$mark.$BASHPID" && mv -f "$mark.$BASHPID" "$mark"
    fi
    case $state in
    gnu) ;;
    missing) skip "GNU parallel is not installed (apt-get install parallel)" ;;
    *) skip "parallel on PATH is not GNU parallel (apt-get install parallel)" ;;
    esac
}

# ---- waiting, bounded: tests order events with files and processes, never with sleeps alone.
# LANES_BG holds the pid of a lanes started in the background (`lanes ... & LANES_BG=$!`).

# alive PID: the process exists and is not a zombie.
alive() {
    local st
    st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [ -n "$st" ] && [[ $st != Z* ]]
}

# wait_file FILE...: wait (at most ~20 s) until every FILE exists.
wait_file() {
    local i=0 f
    for f in "$@"; do
        while [ ! -e "$f" ]; do
            i=$((i + 1))
            [ "$i" -le 400 ] || fail "timed out waiting for $f"
            sleep 0.05
        done
    done
}

# wait_grep PATTERN FILE: wait (at most ~20 s) until FILE has a line matching PATTERN.
wait_grep() {
    local i=0
    until grep -q -- "$1" "$2" 2>/dev/null; do
        i=$((i + 1))
        [ "$i" -le 400 ] || fail "timed out waiting for '$1' in $2: $(cat -A "$2" 2>&1 | head -c 500)"
        sleep 0.05
    done
}

# wait_gone PID: wait (at most ~20 s) until PID is gone or a zombie; fails otherwise.
wait_gone() {
    local i=0
    while alive "$1"; do
        i=$((i + 1))
        [ "$i" -le 400 ] || fail "process $1 is still alive"
        sleep 0.05
    done
}

# wait_not_pending PID SIGNUM: wait (at most ~6 s) until signal SIGNUM is no longer pending
# for PID, i.e. its handler has run.
wait_not_pending() {
    local i=0 bit=$((1 << ($2 - 1))) shd sig
    while :; do
        shd=$(awk '$1 == "ShdPnd:" {print $2}' "/proc/$1/status" 2>/dev/null) || return 0
        sig=$(awk '$1 == "SigPnd:" {print $2}' "/proc/$1/status" 2>/dev/null) || return 0
        [ -n "$shd" ] || return 0
        if (((0x$shd | 0x$sig) & bit)); then
            i=$((i + 1))
            [ "$i" -le 300 ] || fail "signal $2 still pending for $1"
            sleep 0.02
        else
            return 0
        fi
    done
}

# reap_lanes: wait for the background lanes (bounded), set $status to its exit status.
reap_lanes() {
    wait_gone "$LANES_BG"
    status=0
    wait "$LANES_BG" || status=$?
    LANES_BG=
}

# release FILE...: create the FILEs the jobs of the background lanes wait for, then wait for
# that lanes, which must exit 0.
release() {
    touch "$@"
    wait "$LANES_BG"
    LANES_BG=
}

# kill_leftovers: for teardown. A lanes, or a job that wrote its pid to pids/NAME, left running
# by a failed test must not outlive it.
kill_leftovers() {
    if [ -n "${LANES_BG:-}" ] && kill -0 "$LANES_BG" 2>/dev/null; then
        kill -KILL "$LANES_BG" 2>/dev/null || :
    fi
    local f
    for f in pids/*; do
        [ -f "$f" ] || continue
        kill -KILL "$(cat "$f")" 2>/dev/null || :
    done
}

# refuses OPT VALUE...: for each VALUE, `lanes OPT VALUE echo ::: a` runs nothing, prints nothing
# and exits 255 with a message that names OPT. (The file needs bats_require_minimum_version 1.5.0.)
refuses() {
    local opt=$1 v
    shift
    for v in "$@"; do
        run --separate-stderr lanes "$opt" "$v" echo ::: a
        [ "$status" = 255 ] || fail "$opt '$v': status $status"
        [[ $stderr == *"$opt"* ]] || fail "$opt '$v': stderr '$stderr'"
        assert_output ""
    done
}

# make_args: ./args, which prints each argument in brackets, then " n=COUNT".
make_args() {
    printf '#!/bin/sh\nprintf "[%%s]" "$@"; echo " n=$#"\n' >args
    chmod +x args
}

# stderr_has TEXT: after run --separate-stderr, stderr holds TEXT.
stderr_has() {
    [[ $stderr == *"$1"* ]] || fail "stderr does not contain '$1'; stderr was: $stderr"
}
