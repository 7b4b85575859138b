#!/usr/bin/env bats
# Limits and exhaustion: descriptors (ulimit -n), processes (ulimit -u), a full --tmpdir
# (ulimit -f with SIGXFSZ ignored, so writes past the limit fail with EFBIG), job logs and
# --results that cannot be written or read; and what a job inherits from lanes (the terminal
# of -p, signals ignored when lanes started). Whatever runs out, every job's output arrives
# whole or the job is named and counted as failed: nothing is lost without a word.

bats_require_minimum_version 1.5.0

load test_helper

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
}

teardown() {
    kill_leftovers
}

# expect_lines N: the file out holds the lines 1..N, each once, in any order.
expect_lines() {
    local want
    want=$(seq "$1")
    assert_equal "$(sort -n out)" "$want"
}

# fd_run LIMIT LANES-ARGS...: lanes under ulimit -n LIMIT, stdout to out, stderr to err;
# status in $status.
fd_run() {
    local limit=$1
    shift
    status=0
    (
        ulimit -n "$limit" || exit 99
        exec lanes "$@"
    ) >out 2>err || status=$?
}

# ---------------------------------------------------------------- descriptors

@test "ulimit -n 16, -j100: every job's output arrives whole (--group)" {
    fd_run 16 -j100 'echo {}' ::: $(seq 60)
    assert_equal "$status" 0
    expect_lines 60
}

@test "ulimit -n 16, -j100: every job's output arrives whole (-k)" {
    fd_run 16 -k -j100 'echo {}' ::: $(seq 60)
    assert_equal "$status" 0
    assert_equal "$(cat out)" "$(seq 60)"
}

@test "ulimit -n 16, -j100: every job's output arrives whole (--line-buffer)" {
    fd_run 16 --line-buffer -j100 'echo {}' ::: $(seq 60)
    assert_equal "$status" 0
    expect_lines 60
}

@test "ulimit -n 16, -j100: every job's output arrives whole (-u)" {
    fd_run 16 -u -j100 'echo {}' ::: $(seq 60)
    assert_equal "$status" 0
    expect_lines 60
}

@test "ulimit -n 16, -j100: every --files file is whole" {
    fd_run 16 --files --tmpdir . -j100 'echo {}' ::: $(seq 60)
    assert_equal "$status" 0
    assert_equal "$(wc -l <out)" 60
    assert_equal "$(xargs cat <out | sort -n)" "$(seq 60)"
}

@test "ulimit -n 16, -j100: every --results record is whole" {
    fd_run 16 --results res -j100 'echo {}' ::: $(seq 60)
    assert_equal "$status" 0
    assert_equal "$(cat res/1/*/stdout | sort -n)" "$(seq 60)"
}

@test "ulimit -n 14, -k -j8: no double free, every line in order" {
    fd_run 14 -k -j8 'sleep 0.1; echo {}' ::: $(seq 12)
    assert_equal "$status" 0
    assert_equal "$(cat out)" "$(seq 12)"
}

@test "ulimit -n 20, -k -j200 spilling to --tmpdir: every job's output arrives whole" {
    fd_run 20 -k -j200 --tmpdir . --output-memory 1k 'head -c 5000 /dev/zero | tr "\0" x; echo {}' ::: $(seq 100)
    assert_equal "$status" 0
    assert_equal "$(wc -c <out)" "$((100 * 5000 + $(seq 100 | wc -c)))"
    assert_equal "$(grep -c '^x\{5000\}[0-9]*$' out)" 100
    assert_equal "$(sed 's/^x*//' out)" "$(seq 100)"
    assert_equal "$(ls lanes.* 2>/dev/null)" ""
}

# ---------------------------------------------------------------- processes

# as_nobody CMD: run CMD under bash as the user nobody, with lanes copied where nobody can run
# it (L is its path there) and the current directory writable by nobody. Skips when that
# cannot be had.
as_nobody() {
    [ "$(id -u)" = 0 ] || skip "needs root to run as nobody (ulimit -u counts the user's processes)"
    id nobody >/dev/null 2>&1 || skip "no user nobody"
    local bin=$BATS_TEST_TMPDIR/bin
    mkdir -p "$bin" && cp "$LANES" "$bin/lanes" && chmod 0755 "$bin" "$bin/lanes"
    chmod 0777 "$BATS_TEST_TMPDIR"
    chmod o+x "$BATS_RUN_TMPDIR" "$BATS_RUN_TMPDIR"/* 2>/dev/null || :
    local d=$BATS_TEST_TMPDIR
    while [ "$d" != / ]; do
        chmod o+x "$d" 2>/dev/null || :
        d=$(dirname "$d")
    done
    if command -v setpriv >/dev/null 2>&1; then
        setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups \
            env L="$bin/lanes" bash -c "$1"
    elif command -v su >/dev/null 2>&1; then
        su -s /bin/bash nobody -c "L='$bin/lanes'; $1"
    else
        skip "neither setpriv nor su to drop privileges"
    fi
}

@test "ulimit -u: lanes waits for a process slot, every job runs and prints" {
    local others
    others=$(ps -u nobody -o pid= | wc -l)
    # nobody's other processes, the sh, lanes, and room for about two jobs at a time.
    run --separate-stderr as_nobody "ulimit -u $((others + 4)) && exec \$L -k -j20 'echo {}' ::: \$(seq 30)"
    assert_equal "$status" 0
    assert_output "$(seq 30)"
}

# ---------------------------------------------------------------- a full --tmpdir

# full_run LANES-ARGS...: lanes with files limited to 2 blocks (writes past it fail with
# EFBIG), spilling past 1k to --tmpdir .; each job prints 5000 of its letter and a newline.
# Job a ends only after b and c have printed, so that under -k theirs is held, not streamed.
# stdout goes through a pipe, out of the limit's reach, to out; stderr to err.
full_run() {
    (
        trap '' XFSZ
        ulimit -f 2 || exit 99
        exec lanes "$@" --output-memory 1k --tmpdir . -j3 'head -c 5000 /dev/zero | tr "\0" {}; echo
            if [ {} = a ]; then
                i=0
                until [ -e printed.b ] && [ -e printed.c ] || [ $i -gt 400 ]; do
                    sleep 0.05; i=$((i + 1))
                done
                sleep 0.2
            fi
            : >printed.{}' ::: a b c 2>err
    ) | cat >out
    status=${PIPESTATUS[0]}
}

@test "full --tmpdir (--group): each job whose output was lost is named and failed" {
    full_run
    assert_equal "$status" 3
    for j in 1 2 3; do
        grep -q "job $j: output lost" err || fail "job $j not named: $(cat err)"
    done
}

@test "full --tmpdir (-k): the jobs whose output was lost are named and failed" {
    full_run -k
    # Job 1 heads the order and streams straight through: its output is whole.
    assert_equal "$(head -n 1 out)" "$(head -c 5000 /dev/zero | tr '\0' a)"
    local lost
    lost=$(grep -c 'output lost' err)
    assert_equal "$status" "$lost"
    [ "$lost" -ge 1 ] || fail "nothing said lost: $(cat err)"
}

@test "full --tmpdir (--line-buffer): each job whose output was lost is named and failed" {
    full_run --line-buffer
    local lost
    lost=$(grep -c 'output lost' err)
    assert_equal "$status" "$lost"
    [ "$lost" -ge 1 ] || fail "nothing said lost: $(cat err)"
}

@test "full --tmpdir (-u): nothing is held, all output arrives" {
    full_run -u
    assert_equal "$status" 0
    assert_equal "$(wc -c <out)" 15003
}

@test "full --tmpdir (--files): a file cut short is not printed as a result" {
    full_run --files
    assert_equal "$status" 3
    for j in 1 2 3; do
        grep -q "job $j: output lost" err || fail "job $j not named: $(cat err)"
    done
    assert_equal "$(cat out)" ""
}

@test "full --tmpdir (--results): each job whose output was lost is named and failed" {
    full_run --results res
    assert_equal "$status" 3
    for j in 1 2 3; do
        grep -q "job $j: output lost" err || fail "job $j not named: $(cat err)"
    done
}

# ---------------------------------------------------------------- --joblog

@test "--joblog that is a directory: exit 255, named" {
    mkdir d
    run --separate-stderr lanes --joblog d 'touch ran' ::: a
    assert_equal "$status" 255
    assert_equal "$stderr" "lanes: cannot write to --joblog 'd': Is a directory"
    [ ! -e ran ]
}

@test "--joblog in a missing directory: exit 255, named" {
    run --separate-stderr lanes --joblog no/log 'touch ran' ::: a
    assert_equal "$status" 255
    assert_equal "$stderr" "lanes: cannot write to --joblog 'no/log': No such file or directory"
    [ ! -e ran ]
}

@test "--joblog read-only, as a user who cannot write it: exit 255, named" {
    : >ro
    chmod 0444 ro
    run --separate-stderr as_nobody "exec \$L --joblog ro echo ::: a"
    assert_equal "$status" 255
    assert_equal "$stderr" "lanes: cannot write to --joblog 'ro': Permission denied"
}

@test "--resume with a job log that is a directory: exit 255, named" {
    mkdir d
    run --separate-stderr lanes --resume --joblog d 'touch ran' ::: a
    assert_equal "$status" 255
    assert_equal "$stderr" "lanes: cannot read the job log 'd': Is a directory"
    [ ! -e ran ]
}

@test "--resume with a job log that cannot be read: exit 255, named" {
    printf 'header\n' >log
    chmod 0200 log
    run --separate-stderr as_nobody "exec \$L --resume --joblog log echo ::: a"
    assert_equal "$status" 255
    assert_equal "$stderr" "lanes: cannot read the job log 'log': Permission denied"
}

@test "--resume with a garbled job log: exit 255, the line named" {
    printf 'header\nnot a job log line\n' >log
    run --separate-stderr lanes --resume --joblog log 'touch ran' ::: a
    assert_equal "$status" 255
    assert_equal "$stderr" "lanes: --joblog 'log' line 2 is not a job log line: 'not a job log line'"
    [ ! -e ran ]
}

@test "a --joblog line that cannot be written: named, exit 255, and --resume runs only that job again" {
    # 1024 bytes hold the header and some 15 lines: the later lines cannot be written.
    (
        trap '' XFSZ
        ulimit -f 1 || exit 99
        exec lanes -j1 --joblog log 'echo {} >>ran' ::: $(seq 30) 2>&1 >/dev/null
    ) | cat >err
    assert_equal "${PIPESTATUS[0]}" 255
    grep -q "^lanes: cannot write job 30 to --joblog 'log': File too large$" err || fail "$(cat err)"
    local logged
    logged=$(tail -n +2 log | wc -l) # whole lines: a line cut short has no newline
    # Another run with --resume runs the jobs not logged, and only those.
    : >ran
    run lanes -j1 --resume --joblog log 'echo {} >>ran' ::: $(seq 30)
    assert_success
    assert_equal "$(cat ran)" "$(seq $((logged + 1)) 30)"
    assert_equal "$(awk 'NR > 1 {print $1}' log)" "$(seq 30)"
}

@test "a --results record that cannot be written: named, exit 255" {
    (
        trap '' XFSZ
        ulimit -f 1 || exit 99
        exec lanes -j1 --results r.csv 'echo {}' ::: $(seq 100) 2>&1 >/dev/null
    ) | cat >err
    assert_equal "${PIPESTATUS[0]}" 255
    grep -q "^lanes: --results: cannot write results file 'r.csv': File too large$" err || fail "$(cat err)"
}

# ---------------------------------------------------------------- --results

@test "--results under a regular file: exit 255 with a message, not an errno" {
    : >file
    run --separate-stderr lanes --results file/x 'touch ran' ::: a
    assert_equal "$status" 255
    assert_equal "$stderr" "lanes: --results 'file/x': cannot make directory 'file': File exists"
    [ ! -e ran ]
}

# ---------------------------------------------------------------- what a job inherits

@test "-p: a job does not inherit the terminal lanes asks on" {
    command -v script >/dev/null 2>&1 || skip "script (bsdutils) is needed to give lanes a terminal"
    script -qec true /dev/null </dev/null >/dev/null 2>&1 || skip "script cannot make a terminal here"
    printf 'y\n' | timeout 30 script -qec "tty >ttyname; lanes -p 'readlink /proc/\$\$/fd/* >fds; echo {} >/dev/null' ::: a" /dev/null >/dev/null
    [ -s fds ] || fail "the job did not run"
    local tty
    tty=$(cat ttyname)
    [[ $tty == /dev/* ]] || skip "no terminal under script: $tty"
    ! grep -qx -e /dev/tty -e "$tty" fds || fail "the job has the terminal open: $(cat fds)"
}

@test "SIGINT and SIGQUIT ignored when lanes started stay ignored in its jobs" {
    run bash -c "trap '' INT QUIT; lanes 'kill -INT \$\$; kill -QUIT \$\$; echo survived {}' ::: a"
    assert_success
    assert_output "survived a"
}

@test "signals lanes itself caught are back to their defaults in a job" {
    local ign
    ign=$(awk '$1 == "SigIgn:" {print $2}' /proc/self/status)
    ((0x$ign & 2)) && skip "SIGINT is ignored here already (it stays so for lanes and its jobs)"
    run lanes 'kill -INT $$; echo survived {}' ::: a
    assert_equal "$status" 1
    assert_output ""
}
