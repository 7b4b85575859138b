#!/usr/bin/env bats
# --compress, --compress-program, --decompress-program: output past --output-memory goes to
# spill files through the compressor and comes back through the decompressor, byte for byte;
# against GNU parallel too (compat_helper.bash), and every bad input.

load test_helper
load compat_helper
bats_require_minimum_version 1.5.0

setup() {
    compat_setup
    # A compressor that says it ran: gzip with a line in a log.
    cat >zlog <<'SH'
#!/bin/sh
echo "zlog $*" >>"$ZLOG"
exec gzip "$@"
SH
    chmod +x zlog
    export ZLOG=$PWD/zlog.txt
}

@test "--compress-program: spilled output goes through it and back, unchanged" {
    run lanes -j1 --output-memory 1k --compress-program "$PWD/zlog" 'seq {}; seq {} >&2' ::: 3000 5
    assert_success
    assert_equal "$output" "$(seq 3000; seq 3000; seq 5; seq 5)"
    grep -q '^zlog $' zlog.txt || fail "no compressor ran: $(cat zlog.txt 2>&1)"
    grep -q '^zlog -dc$' zlog.txt || fail "no decompressor ran: $(cat zlog.txt)"
}

@test "--decompress-program is used to read back" {
    cat >unz <<'SH'
#!/bin/sh
echo unz >>"$ZLOG"
exec gzip -dc
SH
    chmod +x unz
    run lanes -j1 --output-memory 1k --compress-program gzip --decompress-program "$PWD/unz" seq ::: 3000
    assert_success
    assert_equal "$output" "$(seq 3000)"
    grep -qx unz zlog.txt || fail "the decompressor did not run"
}

@test "--compress finds a program of GNU parallel's list; output unchanged with -k too" {
    run lanes -k --compress --output-memory 1k seq ::: 2000 3 4000
    assert_success
    assert_equal "$output" "$(seq 2000; seq 3; seq 4000)"
}

@test "output that fits in memory never starts the compressor" {
    run lanes --compress-program "$PWD/zlog" echo ::: a b
    assert_success
    [ ! -e zlog.txt ] || fail "the compressor ran: $(cat zlog.txt)"
}

@test "a compressor that fails loses no output silently" {
    # Whether the job's writes or the reading back meet the failure first, it is said, and
    # the exit status is not 0 (1: a job lost output; 255: the output could not be read back).
    run --separate-stderr lanes --output-memory 1k --compress-program false seq ::: 3000
    [ "$status" -eq 1 ] || [ "$status" -eq 255 ] || fail "status $status"
    [[ $stderr == *"output lost"* || $stderr == *"compress-program 'false' failed"* ]] ||
        fail "stderr: $stderr"
}

@test "a program not on PATH is a usage error naming the option" {
    run --separate-stderr lanes --compress-program no-such-zip echo ::: a
    assert_failure 255
    assert_output ''
    [[ $stderr == *--compress-program* ]] || fail "stderr: $stderr"
    run --separate-stderr lanes --compress --decompress-program no-such-unzip echo ::: a
    assert_failure 255
    [[ $stderr == *--decompress-program* ]] || fail "stderr: $stderr"
    run --separate-stderr lanes --compress-program
    assert_failure 255
    [[ $stderr == *compress-program* ]] || fail "stderr: $stderr"
}

@test "--decompress-program alone does nothing, as in GNU parallel" {
    run lanes --decompress-program no-such-unzip echo ::: a
    assert_success
    assert_output a
}

@test "--compress and --compress-program as GNU parallel" {
    compat -k --compress 'seq {}; seq {} >&2' ::: 3000 10
    compat -j1 --compress-program gzip 'seq {}' ::: 3000 10
    compat -k --compress-program 'gzip -1' --decompress-program 'gzip -dc' seq ::: 5000
    compat -k --decompress-program cat echo ::: a b
}
