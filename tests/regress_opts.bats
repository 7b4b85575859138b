#!/usr/bin/env bats
# Regressions of option parsing: values that were taken and misread (issue 11, item 4).

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR"
}

teardown() {
    kill_leftovers
}

@test "bad values: --timeout 1e10, inf, nan, hex or blanks exit 255, not time the job out" {
    refuses --timeout 1e10 inf nan -1 0x10 ' 5' 1e400 '' 5x 1m5x inf% nan% 1e10% -5% 0% ' 5%'
}

@test "bad values: --delay inf, nan, exponents, hex and negatives exit 255" {
    refuses --delay inf nan 1e10 -1 0x10 ' 1' ''
}

@test "bad values: --load inf, nan, exponents, hex, negatives and 0 exit 255" {
    refuses --load inf nan 1e400 0x10 -1 0 ' 1' inf% nan% 1e3% ''
}

@test "bad values: sizes with exponents, hex, inf, blanks or past 4E exit 255" {
    refuses --memfree 1e3 0x10 inf nan ' 1k' 99999P -1k 0 1kk ''
    refuses --output-memory 1e3 0x1p4 inf ' 1M'
    run --separate-stderr lanes --pipe --block 1e3 cat
    [ "$status" = 255 ]
    [[ $stderr == *"--block"*"'1e3'"* ]]
}

@test "bad values: counts with blanks, signs, exponents or hex exit 255" {
    local opt
    for opt in -n -N -L -s --retries --total-jobs; do
        refuses "$opt" ' 3' +3 -1 1e3 0x10 nan ''
    done
}

@test "bad values: --halt and --term-seq numbers with signs or blanks exit 255" {
    refuses --halt now,fail=+5 'now,fail= 5' now,fail=0x5 now,fail=5x 101% 0% soon,done=0
    refuses --term-seq TERM,+5 'TERM, 5' TERM,1e3 TERM,-1
}

@test "bad values: --nice and -j with blanks, exponents, inf or nan exit 255" {
    refuses --nice ' 5' 1e3 nan 99999
    refuses -j 1e3 inf nan ' 2' 0x10 2.5 ''
}

@test "--timeout past what a deadline holds never times the job out" {
    run --separate-stderr lanes --timeout 99999999999 echo ok ::: x
    assert_success
    assert_output "ok x"
    [ -z "$stderr" ]
}

@test "--timeout 1000000000000000000000000% of the median never times a job out" {
    run --separate-stderr lanes -j1 --timeout 1000000000000000000000000% echo ok ::: a b c
    assert_success
    assert_output $'ok a\nok b\nok c'
    [ -z "$stderr" ]
}

@test "--delay 3000000 waits before the second job instead of starting it at once" {
    lanes -j2 --delay 3000000 touch ::: first second &
    LANES_BG=$!
    wait_file first
    sleep 1
    [ ! -e second ]
}

@test "huge counts mean no limit: -n, --retries, --total-jobs and --halt clamp, not fail" {
    run --separate-stderr lanes -n 99999999999999999999999 echo ::: a b c
    assert_success
    assert_output "a b c"
    run --separate-stderr lanes --retries 99999999999999999999 --halt now,fail=99999999999999999999 \
        --total-jobs 99999999999999999999 echo ::: a
    assert_success
    assert_output "a"
}

@test "plain decimals still work: --timeout 1.5, 1m30s, .5; --load 50%; sizes 1.5k" {
    run lanes --timeout 1m30s --delay .01 --load 10000% --memfree 1.5k --output-memory 2M \
        echo ::: a
    assert_success
    assert_output "a"
    run lanes --timeout 50% echo ::: a
    assert_success
}
