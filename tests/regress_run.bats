#!/usr/bin/env bats
# Regressions of the run itself (the scheduler and out), each named for the bug it was.

load test_helper

setup() {
    cd "$BATS_TEST_TMPDIR"
}

@test "a -k job queued again after EMFILE is printed once (was a double free)" {
    run bash -c 'ulimit -n 14; lanes -k -j8 "sleep 0.1; echo {}" ::: $(seq 12)'
    assert_success
    assert_output --partial "$(seq 12)"
    refute_output --partial "double free"
    [ "$(grep -cvx 'lanes: .*' <<<"$output")" -eq 12 ]
}

@test "-k spilling under a low ulimit -n: every job printed once, whole, in order (was a use after free)" {
    run bash -c 'ulimit -n 20; lanes -k -j200 --tmpdir . --output-memory 1k \
        "head -c 5000 /dev/zero | tr \"\\0\" x; echo" ::: $(seq 100) 2>err'
    assert_success
    x=$(head -c 5000 /dev/zero | tr '\0' x)
    assert_equal "$output" "$(for n in $(seq 100); do echo "$x$n"; done)"
    ! grep -q 'AddressSanitizer\|double free\|output lost' err
}

@test "output held past --output-memory stays in memory when no spill file can be made" {
    # The spill directory vanishes under the run: every spill file lanes tries to make fails,
    # whatever the timing (a low ulimit -n fails only while enough jobs run at once).
    mkdir gone
    run bash -c 'lanes -j3 --output-memory 1k --tmpdir gone \
        "rm -rf gone; : {}; head -c 3000 /dev/zero | tr \"\\0\" y; echo" ::: $(seq 12) 2>err | sort | uniq -c'
    assert_success
    assert_output "$(printf '%7d %s' 12 "$(head -c 3000 /dev/zero | tr '\0' y)")"
    grep -q "^lanes: cannot spill output to gone: No such file or directory; holding it in memory$" err
    [ "$(grep -c 'holding it in memory' err)" -eq 1 ]
}

@test "-j 999999999 with one job takes no more memory than -j 1" {
    [ -x /usr/bin/time ] || skip "/usr/bin/time is not installed"
    /usr/bin/time -f %M -o rss lanes -j 999999999 echo ::: a >out
    assert_equal "$(cat out)" a
    [ "$(cat rss)" -lt 20000 ] # kilobytes; it took a gigabyte
}

@test "-j 999999999 runs every job at once and numbers the slots from 1" {
    run lanes -k -j 999999999 'echo {%}' ::: a b c
    assert_success
    assert_output "$(printf '1\n2\n3')"
}

# A reader that holds stdout open and never reads: lanes' writes would block for good.
stalled_stdout() {
    mkfifo ff
    sleep 60 <ff &
    echo $! >pids/reader
}

teardown() {
    kill_leftovers
}

@test "a stalled stdout reader does not stop --timeout, and SIGTERM still ends lanes with its summary" {
    mkdir pids
    stalled_stdout
    for mode in -u -k --group --line-buffer; do
        lanes $mode --summary --timeout 1 'seq 1000000000; : {}' ::: x >ff 2>"err$mode" &
        LANES_BG=$!
        wait_grep "job 1 timed out" "err$mode"
        kill -TERM "$LANES_BG"
        reap_lanes
        [ "$status" -eq 255 ]
        grep -q "^lanes: 1 of 1 job failed" "err$mode" || fail "$mode: no summary: $(cat "err$mode")"
    done
}

@test "a stalled stdout reader does not stop the loop: a job that ends is reaped, in every output mode" {
    mkdir pids
    local rfd pid i
    for mode in --group -k -u --line-buffer; do
        rm -f ff pids/*
        mkfifo ff
        lanes $mode -j2 'if [ {} = 1 ]; then seq 300000; else echo $$ >pids/2.tmp; mv pids/2.tmp pids/2; sleep 0.5; fi' ::: 1 2 >ff &
        LANES_BG=$!
        exec {rfd}<ff # a reader that reads nothing yet: job 1 prints more than a pipe holds
        wait_file pids/2
        pid=$(cat pids/2) i=0
        while ps -p "$pid" >/dev/null; do # a zombie until lanes reaps it
            i=$((i + 1))
            [ "$i" -le 400 ] || fail "$mode: job 2 ended but was not reaped while stdout was stalled"
            sleep 0.05
        done
        assert_equal "$(cat <&"$rfd" | cksum)" "$(seq 300000 | cksum)"
        exec {rfd}<&-
        reap_lanes
        assert_equal "$status" 0
    done
}

@test "--joblog - with a slow reader: each job's log line follows its output" {
    run bash -c 'lanes -j3 --joblog - "seq {}00000" ::: 1 2 3 4 | (sleep 1; cat)'
    assert_success
    # Every log line (it holds a tab) comes right after the last line of its own job's output.
    awk -F'\t' 'NR > 1 && NF > 1 { if (prev != $1 "00000") { print "line " NR ": " $0 " after " prev; bad = 1 } n++ }
                 { prev = $0 } END { exit bad || n != 4 }' <<<"$output"
}

@test "SIGINT while printing to a stalled stdout: lanes ends, and the failure summary is still printed" {
    mkdir pids
    stalled_stdout
    # A background job of a script starts with SIGINT ignored; perl gives it back.
    perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' lanes -j1 --summary \
        'touch started; seq 100000; exit 3; : {}' ::: a b >ff 2>err &
    LANES_BG=$!
    wait_file started
    i=0
    until [ -z "$(pgrep -P "$LANES_BG")" ]; do # job 1 ended: lanes is stuck printing it
        i=$((i + 1))
        [ "$i" -le 400 ] || fail "the jobs did not end"
        sleep 0.05
    done
    kill -INT "$LANES_BG"
    reap_lanes
    [ "$status" -eq 255 ]
    grep -q "^lanes: 1 of 1 job failed" err || fail "no summary: $(cat err)"
}

@test "--resume: a huge Seq in the job log is one entry, not an array that size (was 128 GiB, or a hang)" {
    printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n' >log
    printf '%s\t:\t1.0\t1.0\t0\t0\t0\t0\techo\n' 18446744073709551615 99999999999 >>log
    printf '2\t:\t1.0\t1.0\t0\t0\t0\t0\techo b\n' >>log
    run timeout 20 lanes -k --resume --joblog log echo ::: a b c
    assert_success
    assert_output "$(printf 'a\nc')"
}

@test "--retry-failed: a job logged failed many times runs once, with its latest command" {
    printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n' >log
    for i in $(seq 3000); do
        printf '%s\t:\t1.0\t1.0\t0\t0\t1\t0\techo try%s\n' $((i % 2 + 1)) "$i" >>log
    done
    run timeout 60 lanes -k --retry-failed --joblog log
    assert_success
    assert_output "$(printf 'try2999\ntry3000')"
}
