#!/usr/bin/env bats
# pipe_shard: --shard and --bin: -j jobs, each line dealt to the job its key picks (a hash of
# the key, or the key's number modulo -j); the key as --group-by's. Bad values. No test asserts
# a duration. tests/compat_pipe_shard.bats compares --bin with GNU parallel.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
}

@test "--bin COLUMN: job KEY modulo -j, 0 the last; every job runs, empty or not" {
    run lanes -k --pipe --bin 1 -j4 'echo job {#}; cat' < <(seq 6)
    assert_success
    assert_output $'job 1\n1\n5\njob 2\n2\n6\njob 3\n3\njob 4\n4'
    run lanes -k --pipe --bin 1 -j3 'echo job {#}; cat' < <(echo 2)
    assert_success
    assert_output $'job 1\njob 2\n2\njob 3'
}

@test "--bin: the key's number as Perl reads it; an expression on the column" {
    run lanes -k --pipe --bin 1 -j4 'echo {#}; cat' < <(printf 'a\n3x\n-1\n2.9\n 6\n')
    assert_success
    assert_output $'1\n2\n2.9\n 6\n3\n3x\n-1\n4\na'
    run lanes -k --pipe --colsep , --bin '2 $_ *= 2' -j3 'echo {#}; cat' < <(printf 'a,1\nb,2\nc,3\n')
    assert_success
    assert_output $'1\nb,2\n2\na,1\n3\nc,3'
}

@test "--bin NAME: the first line names the columns and goes to no job" {
    run lanes -k --pipe --colsep '\t' --bin n -j2 'echo {#}; cat' < <(printf 'v\tn\na\t1\nb\t2\nc\t3\n')
    assert_success
    assert_output $'1\na\t1\nc\t3\n2\nb\t2'
    run --separate-stderr lanes --pipe --bin zz -j2 cat < <(printf 'v\tn\n')
    assert_failure 255
    [[ $stderr == *"--bin"*"zz"* ]]
}

@test "--shard: lines with the same key go to the same job, and no line is lost" {
    seq 100000 | awk '{print $1 % 7 "\t" $1}' >in
    run lanes --pipe --block 100k --shard 1 -j3 'cut -f1 | sort -u | tr "\n" " "; echo' <in
    assert_success
    [ "${#lines[@]}" = 3 ]
    # every key in one job only
    [ "$(printf '%s\n' "${lines[@]}" | tr ' ' '\n' | grep -c .)" = 7 ]
    run lanes --pipe --block 100k --shard 1 -j3 cat <in
    assert_success
    [ "$(sort <<<"$output" | md5sum)" = "$(sort in | md5sum)" ]
}

@test "--shard with an expression: keys equal after it share a job" {
    run lanes --pipe --shard '1 $_ = lc' -j4 'sort | tr "\n" " "; echo' < <(printf 'A\na\nB\nb\nC\nc\n')
    assert_success
    [ "$(printf '%s\n' "${lines[@]}" | grep -c .)" -le 3 ]
    for k in a b c; do
        grep -qx "$(tr a-z A-Z <<<$k) $k " <<<"$output" || fail "$k: $output"
    done
}

@test "--shard, --bin: empty input still runs every job; -N means nothing there" {
    run lanes -k --pipe --shard 1 -j2 'echo {#}; wc -l' </dev/null
    assert_success
    assert_output $'1\n0\n2\n0'
    run lanes -k --pipe --bin 1 -j2 -N1 'echo {#}; cat' < <(seq 3)
    assert_success
    assert_output $'1\n1\n3\n2\n2'
}

@test "--shard, --bin: bad values and what they do not take exit 255 naming the option" {
    local args
    for args in "--shard 1 cat" "--pipe --shard 0 cat" "--pipe --bin -2 cat" \
        "--pipe --bin 1 --tee cat ::: a" "--pipe --shard 1 --round-robin cat" \
        "--pipe --bin 1 --group-by 1 cat" "--pipe --bin 1 -j0 cat" "--pipe --shard 1 --recend , cat" \
        "--pipe --bin 1 --retries 2 cat" "--pipe --bin 1+ cat" "--pipe-part --bin 1 cat :::: /dev/null"; do
        # shellcheck disable=SC2086
        run --separate-stderr lanes $args </dev/null
        [ "$status" = 255 ] || fail "$args: status $status"
        [[ $stderr == *--shard* || $stderr == *--bin* ]] || fail "$args: $stderr"
    done
}
