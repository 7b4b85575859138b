#!/usr/bin/env bats
# report: what lanes says about a run on stderr. --bar, --eta and --progress (plain lines when
# stderr is a file, one line redrawn with carriage returns on a terminal), --total-jobs, and the
# account of failed jobs at the end (--summary, --no-summary, on by default on a terminal).
# None of it touches stdout. A terminal is given by script(1); nothing asserts a duration.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
}

# run_err ARGS...: run lanes with ARGS; $status, $output (stdout) and $err (stderr, whole: bats'
# --separate-stderr drops leading blanks), trailing newlines cut as $(...) cuts them.
run_err() {
    status=0
    output=$(lanes "$@" 2>err) || status=$?
    err=$(<err)
}

# on_tty CMD: run the shell command CMD with stdin, stdout and stderr on a pseudo-terminal;
# $output is what the terminal got, carriage returns shown as \r.
on_tty() {
    command -v script >/dev/null || skip "script(1) is not installed (apt-get install bsdutils)"
    run script -qec "$1" /dev/null
    output=${output//$'\r'/'\r'}
}

# ---------------------------------------------------------------- --bar, --eta, --progress

@test "--bar into a file: one line at the end, with the jobs done of all" {
    run_err -k --bar echo ::: a b c
    assert_success
    assert_output $'a\nb\nc'
    [[ $err =~ ^100%\ 3/3\ done,\ elapsed\ [0-9]+s$ ]] || fail "stderr: $err"
}

@test "--bar counts the failed jobs, and the exit status is still theirs" {
    run_err --bar 'exit {}' ::: 0 1 2
    assert_equal "$status" 2
    [[ $err =~ ^100%\ 3/3\ done,\ 2\ failed,\ elapsed\ [0-9]+s$ ]] || fail "stderr: $err"
}

@test "--bar reads all of stdin first, so the total is known" {
    run_err --bar true < <(seq 5)
    assert_success
    [[ $err =~ ^100%\ 5/5\ done, ]] || fail "stderr: $err"
}

@test "--total-jobs sets the total the bar counts against" {
    run_err --bar --total-jobs 6 true < <(seq 3)
    assert_success
    [[ $err =~ ^\ 50%\ 3/6\ done, ]] || fail "stderr: $err"
    run_err --bar --total 4 true < <(seq 3)
    [[ $err =~ ^\ 75%\ 3/4\ done, ]] || fail "stderr: $err"
}

@test "--total-jobs: a value that is no count is a usage error" {
    local v
    for v in 0 -1 x 1.5 ''; do
        run_err --total-jobs "$v" true ::: 1
        assert_equal "$status" 255
        [[ $err == *"--total-jobs"* ]] || fail "no option named for '$v': $err"
    done
    run_err --total-jobs
    assert_equal "$status" 255
    [[ $err == *"--total-jobs"* ]] || fail "no option named: $err"
}

@test "--progress: the header, then the counts of the one computer" {
    run_err -j2 --progress true ::: 1 2 3
    assert_success
    assert_output ''
    local want=$'\nComputers / CPU cores / Max jobs to run\n1:local / [0-9]+ / 2\n\nComputer:jobs running/jobs completed/%of started jobs/Average seconds to complete\nlocal:0/3/100%/[0-9.]+s$'
    [[ $err =~ ^$want ]] || fail "stderr: $err"
}

@test "--eta: seconds left, jobs left and the average, before the counts" {
    run_err -j1 --eta true ::: 1 2
    assert_success
    [[ $err == *$'\nComputer:jobs running/jobs completed/%of started jobs/Average seconds to complete\n'* ]] ||
        fail "no header: $err"
    [[ ${err##*$'\n'} =~ ^ETA:\ 0s\ Left:\ 0\ AVG:\ [0-9.]+s\ \ local:0/2/100%/[0-9.]+s$ ]] ||
        fail "last line: ${err##*$'\n'}"
}

@test "--bar --eta: one line holds both" {
    run_err --bar --eta true ::: 1
    [[ ${err##*$'\n'} =~ ^ETA:.*local:0/1/100%.*\ \ 100%\ 1/1\ done ]] || fail "$err"
}

@test "--bar, --eta, --progress leave stdout as GNU parallel leaves it" {
    need_parallel
    local o
    for o in --bar --eta --progress; do
        run_err -k -j2 "$o" echo ::: a b c
        local mine=$output
        run --separate-stderr parallel -k -j2 "$o" echo ::: a b c
        assert_equal "$mine" "$output"
    done
}

@test "--bar on a terminal: redrawn with carriage returns, no escape sequences, ends with a newline" {
    on_tty "lanes -k -j1 --bar 'echo out{}' ::: 1 2"
    assert_success
    [[ $output != *$'\033'* ]] || fail "an escape sequence: $output"
    [[ $output == *'\r100% ['*'] 2/2 done, elapsed '*'s\r' ]] || fail "no final bar: $output"
    # Job output starts on a line of its own: the bar is cleared before it.
    [[ $output =~ (^|\\r|$'\n')out1\\r$'\n' && $output =~ (\\r|$'\n')out2\\r$'\n' ]] ||
        fail "output mixed with the bar: $output"
}

@test "--bar on a narrow terminal fits in it" {
    on_tty "stty cols 30; lanes --bar true ::: 1 2 3"
    assert_success
    local last=${output##*'\r'}
    last=${output%'\r'}
    last=${last##*'\r'}
    [ "${#last}" -le 29 ] || fail "wider than the terminal: '$last'"
    [[ $last == '100% 3/3 done, elapsed '*s ]] || fail "last: '$last'"
}

# ---------------------------------------------------------------- --summary

@test "--summary: each failed job with how it ended, its command and its last stderr lines" {
    run_err -j1 --summary 'echo err{} >&2; exit {}' ::: 0 1 2 # -j1: they fail in this order
    assert_equal "$status" 2
    assert_equal "$err" "err0
err1
err2
lanes: 2 of 3 jobs failed
  job 2: exit 1: echo err1 >&2; exit 1
    | err1
  job 3: exit 2: echo err2 >&2; exit 2
    | err2"
}

@test "--summary: nothing when every job succeeds" {
    run_err --summary true ::: 1 2
    assert_success
    assert_equal "$err" ""
}

@test "--summary: a job killed by a signal, and one that timed out" {
    run_err -k --summary 'kill -TERM $$' ::: 1
    assert_equal "$status" 1
    assert_equal "$err" $'lanes: 1 of 1 job failed\n  job 1: killed by SIGTERM: kill -TERM $$ 1'
    run_err --summary --timeout 0.2 'sleep 30' ::: 1
    assert_equal "$status" 1
    [[ $err == *$'\nlanes: 1 of 1 job failed\n'* ]] || fail "$err"
    assert_equal "${err##*$'\n'}" "  job 1: timed out, killed by SIGTERM: sleep 30 1"
}

@test "--summary: a run --halt stopped says which inputs never ran" {
    # The total is known (--eta reads all the input first): the count of jobs never started.
    run_err -j1 --summary --eta --halt now,fail=1 'exit {}' ::: 0 1 2 3
    assert_equal "$status" 1
    [[ $err == *$'lanes: 1 of 2 jobs failed\n  job 2: exit 1: exit 1\n'* ]] || fail "$err"
    assert_equal "${err##*$'\n'}" "lanes: the run was stopped: 2 jobs never started"
    # Input not read to its end: what was made last, and that what follows it never ran.
    run_err -j1 --summary --halt now,fail=1 'exit {}' ::: 0 1 2 3
    assert_equal "$status" 1
    assert_equal "${err##*$'\n'}" "lanes: the run was stopped: input after job 2, if any, was not run"
    # --halt on success: no job failed, and the account still says what did not run.
    run_err -j1 --summary --eta --halt now,success=1 'exit {}' ::: 0 1 2
    assert_success
    assert_equal "${err##*$'\n'}" "lanes: the run was stopped: 2 jobs never started"
    [[ $err != *"jobs failed"* ]] || fail "$err"
    # A run that was not stopped says nothing of the kind.
    run_err -j1 --summary --halt soon,fail=2 'exit {}' ::: 0 0 1
    [[ $err != *"was stopped"* ]] || fail "$err"
}

@test "--summary: the last three stderr lines, escape sequences and control characters gone" {
    run_err --summary 'printf "1\n2\n\033[31mred\033[m\n\tx\by\n" >&2; exit {}' ::: 3
    assert_equal "$status" 1
    local tail
    tail=$(printf '%s\n' "$err" | grep '^    | ')
    assert_equal "$tail" $'    | 2\n    | red\n    | x?y'
}

@test "--summary: a long command is shortened to one line" {
    local long
    long=$(printf 'x%.0s' $(seq 150))
    run_err --summary "exit 1 # $long" ::: 1
    local line=${err##*$'\n'}
    [[ $line == '  job 1: exit 1: exit 1 # xxx'*'...' ]] || fail "line: $line"
    [ "${#line}" -le 100 ] || fail "${#line} columns: $line"
}

@test "--summary: the first ten failed jobs are listed, the rest counted" {
    run_err -j1 --summary 'exit {}' ::: $(seq 1 13) # -j1: they fail in this order
    assert_equal "$status" 13
    local line
    mapfile -t line <err
    assert_equal "${line[0]}" "lanes: 13 of 13 jobs failed"
    assert_equal "${line[10]}" "  job 10: exit 10: exit 10"
    assert_equal "${line[11]}" "  and 3 more failed jobs not listed"
    assert_equal "${#line[@]}" 12
}

@test "--summary is off by default when stderr is no terminal, and --no-summary turns it off" {
    run_err 'exit {}' ::: 1
    assert_equal "$status" 1
    assert_equal "$err" ""
    run_err --summary --no-summary 'exit {}' ::: 1
    assert_equal "$err" ""
}

@test "on a terminal the summary is on by default, and --no-summary turns it off" {
    on_tty "lanes -k 'echo e{} >&2; exit {}' ::: 0 1"
    assert_equal "$output" 'e0\r
e1\r
lanes: 1 of 2 jobs failed\r
  job 2: exit 1: echo e1 >&2; exit 1\r
    | e1\r'
    on_tty "lanes -k --no-summary 'echo e{} >&2; exit {}' ::: 0 1"
    assert_equal "$output" 'e0\r
e1\r'
}
