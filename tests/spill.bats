#!/usr/bin/env bats
# spill: job output is held in memory up to --output-memory (all jobs together), then in
# unlinked temporary files in --tmpdir ($TMPDIR, else /tmp), so memory stays small however
# much the jobs print, a killed lanes leaves no file behind, and a spill that fails says
# which job lost output and fails that job. Also: EPIPE, many short runs into a pipe, jobs
# that die mid-write, late input, binary data and a line longer than 4 GiB.
# Every wait is bounded; no test asserts a duration.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    mkdir -p sp
    LANES_BG=
    MOUNTED=
}

teardown() {
    touch "$BATS_TEST_TMPDIR/go" 2>/dev/null || :
    if [ -n "${LANES_BG:-}" ] && kill -0 "$LANES_BG" 2>/dev/null; then
        kill -KILL "$LANES_BG" 2>/dev/null || :
    fi
    # Jobs left behind by a killed lanes: each wrote its pid to pid.SEQ. Only a process that
    # still runs in this test's directory is one of them (the pid may have been reused).
    local f p here
    here=$(cd "$BATS_TEST_TMPDIR" && pwd -P)
    for f in "$BATS_TEST_TMPDIR"/pid.*; do
        [ -f "$f" ] || continue
        p=$(cat "$f" 2>/dev/null) || continue
        [[ "$p" =~ ^[0-9]+$ ]] || continue
        [ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$here" ] || continue
        kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null || :
    done
    if [ -n "${MOUNTED:-}" ]; then
        umount "$MOUNTED" 2>/dev/null || umount -l "$MOUNTED" 2>/dev/null || :
    fi
}

# KB: kilobytes of the peak RSS /usr/bin/time wrote to FILE.
rss_kb() {
    tail -n 1 "$1"
}

# Under AddressSanitizer (make check SANITIZE=1) the peak RSS is mostly the sanitizer's own
# shadow memory and quarantine: the bound says nothing about lanes there.
skip_rss_if_sanitized() {
    [ -z "${ASAN_OPTIONS+set}" ] || skip "peak RSS is not lanes' own under AddressSanitizer (every byte was checked)"
}

# rss_below KB [NOTE]: the peak RSS /usr/bin/time wrote to ./rss is under KB kilobytes; the
# failure names it, then NOTE.
rss_below() {
    local kb
    kb=$(rss_kb rss)
    skip_rss_if_sanitized
    [ "$kb" -lt "$1" ] || fail "peak RSS ${kb} KB${2:+ $2}"
}

need_time() {
    [ -x /usr/bin/time ] || skip "/usr/bin/time is missing (apt-get install time)"
}

# mount_tmpfs DIR SIZE: a small tmpfs on DIR, or skip with a visible note.
mount_tmpfs() {
    mkdir -p "$1"
    if ! mount -t tmpfs -o "size=$2" tmpfs "$1" 2>/dev/null; then
        skip "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): spill-failure test not run"
    fi
    MOUNTED=$1
}

# finish_bg: let the held jobs go, wait for the lanes in the background, forget its jobs.
finish_bg() {
    release go
    rm -f pid.*
}

# spill_links PID DIR: the deleted files under DIR that process PID holds open.
spill_links() {
    local fd t
    for fd in /proc/"$1"/fd/*; do
        t=$(readlink "$fd" 2>/dev/null) || continue
        case $t in
        "$2"/*" (deleted)") printf '%s\n' "$t" ;;
        esac
    done
}

# wait_spill PID DIR N: wait (at most ~20 s) until PID holds N deleted files in DIR.
wait_spill() {
    local i=0
    until [ "$(spill_links "$1" "$2" | wc -l)" -ge "$3" ]; do
        i=$((i + 1))
        [ "$i" -le 400 ] || fail "lanes never held $3 spill files in $2: $(ls -l /proc/"$1"/fd 2>&1)"
        sleep 0.05
    done
}

# A job body: write BYTES bytes, say so in ready.SEQ, then wait for ./go (at most ~20 s).
# Its pid goes to pid.SEQ first so that teardown can end it.
held_job() {
    printf 'echo $$ >pid.{}; head -c %s /dev/zero; : >ready.{}; i=0; while [ ! -e go ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done' "$1"
}

# ---------------------------------------------------------------- memory stays small

@test "-k -j0: 6 jobs x 300 MB stream through: every byte, peak RSS < 64 MB" {
    need_time
    run bash -c '/usr/bin/time -f %M -o rss lanes -j0 -k "head -c 300000000 /dev/zero; true" ::: 1 2 3 4 5 6 | wc -c'
    assert_success
    assert_output 1800000000
    rss_below 65536
}

@test "grouped (no -k) -j0: 6 jobs x 100 MB: byte count exact, peak RSS < 64 MB" {
    need_time
    run bash -c '/usr/bin/time -f %M -o rss lanes -j0 --tmpdir sp "head -c 100000000 /dev/zero; true" ::: 1 2 3 4 5 6 | wc -c'
    assert_success
    assert_output 600000000
    rss_below 65536
    run ls -A sp
    assert_output ""
}

@test "--output-memory 4M: 6 grouped jobs x 20 MB keep RSS well under the default bound" {
    need_time
    run bash -c '/usr/bin/time -f %M -o rss lanes -j0 --output-memory 4M --tmpdir sp "head -c 20000000 /dev/zero; true" ::: 1 2 3 4 5 6 | wc -c'
    assert_success
    assert_output 120000000
    rss_below 32768 "with --output-memory 4M"
}

# ---------------------------------------------------------------- every byte

@test "--output-memory 1M, 30 jobs of ~1 MB each, -k: md5 equals the expected concatenation" {
    local i args=()
    for i in $(seq 30); do
        args+=("$((i * 1000))")
    done
    for i in "${args[@]}"; do seq "$i" 200000; done | md5sum >want
    lanes -k -j8 --output-memory 1M --tmpdir sp 'seq {} 200000' ::: "${args[@]}" | md5sum >got
    assert_equal "$(cat got)" "$(cat want)"
    run ls -A sp
    assert_output ""
}

@test "--output-memory 1M, -k, jobs finishing in reverse order: md5 exact" {
    # Later jobs are shorter, so they finish first and wait, spilled, for their turn.
    local i args=()
    for i in $(seq 12); do
        args+=("$((13 - i))")
    done
    for i in "${args[@]}"; do yes "line $i" | head -n $((i * 40000)); done | md5sum >want
    lanes -k -j12 --output-memory 1M --tmpdir sp 'yes "line {}" | head -n $(({} * 40000))' ::: "${args[@]}" | md5sum >got
    assert_equal "$(cat got)" "$(cat want)"
}

@test "--output-memory 1M without -k: every job's output whole and complete" {
    lanes -j6 --output-memory 1M --tmpdir sp 'yes {} | head -n 1000000' ::: a b c d e f >out
    [ "$(wc -c <out)" -eq 12000000 ] || fail "$(wc -c <out) bytes"
    # Each job's lines form one block: squeezing repeats leaves one line per job.
    run bash -c 'uniq out | sort | tr -d "\n"'
    assert_output abcdef
    [ "$(uniq out | wc -l)" -eq 6 ]
}

@test "--output-memory 64K: random binary data from 4 jobs, spilled, passes unchanged" {
    head -c 3000000 /dev/urandom >rand
    lanes -j4 --output-memory 64K --tmpdir sp cat ::: rand rand rand rand >out
    cat rand rand rand rand >want
    cmp want out
    lanes -k -j4 --output-memory 64K --tmpdir sp cat ::: rand rand rand rand >out
    cmp want out
}

@test "--output-memory 1M: spilled stderr is whole and complete too" {
    lanes -j3 --output-memory 1M --tmpdir sp 'yes {} | head -n 1000000 >&2' ::: a b c 2>err >out
    [ ! -s out ]
    [ "$(wc -c <err)" -eq 6000000 ]
    [ "$(uniq err | wc -l)" -eq 3 ]
}

@test "--output-memory rejects 0 and non-sizes (exit 255)" {
    run lanes --output-memory 0 echo ::: a
    assert_failure 255
    run lanes --output-memory lots echo ::: a
    assert_failure 255
    run lanes --output-memory 2M echo ::: a
    assert_success
    assert_output a
}

@test "--tmpdir that is not a directory: exit 255" {
    run lanes --tmpdir "$BATS_TEST_TMPDIR/nonexistent" echo ::: a
    assert_failure 255
    : >plainfile
    run lanes --tmpdir plainfile echo ::: a
    assert_failure 255
}

# ---------------------------------------------------------------- where spills go

@test "spill files live, unlinked, in --tmpdir while the job runs" {
    lanes -j2 --output-memory 1M --tmpdir "$PWD/sp" "$(held_job 3000000)" ::: 1 2 >out 2>err &
    LANES_BG=$!
    wait_file ready.1
    wait_file ready.2
    wait_spill "$LANES_BG" "$PWD/sp" 2
    run ls -A sp
    assert_output ""
    finish_bg
    [ "$(wc -c <out)" -eq 6000000 ]
}

@test "--output-memory 1k is 1000 bytes, 1.5k 1500 (k m g are powers of 1000, as in GNU parallel)" {
    local size bytes
    for size in 1k:1010 1.5k:1600; do
        bytes=${size#*:}
        rm -f ready.1 go
        lanes -j1 --output-memory "${size%:*}" --tmpdir "$PWD/sp" "$(held_job "$bytes")" ::: 1 >out 2>err &
        LANES_BG=$!
        wait_file ready.1
        wait_spill "$LANES_BG" "$PWD/sp" 1
        finish_bg
        [ "$(wc -c <out)" -eq "$bytes" ]
    done
}

@test "spill files go to \$TMPDIR without --tmpdir" {
    TMPDIR="$PWD/sp" lanes -j1 --output-memory 1M "$(held_job 3000000)" ::: 1 >out 2>err &
    LANES_BG=$!
    wait_file ready.1
    wait_spill "$LANES_BG" "$PWD/sp" 1
    finish_bg
    [ "$(wc -c <out)" -eq 3000000 ]
    run ls -A sp
    assert_output ""
}

@test "spill files go to /tmp without --tmpdir and \$TMPDIR" {
    [ -d /tmp ] && [ -w /tmp ] || skip "/tmp is not writable"
    env -u TMPDIR lanes -j1 --output-memory 1M "$(held_job 3000000)" ::: 1 >out 2>err &
    LANES_BG=$!
    wait_file ready.1
    wait_spill "$LANES_BG" /tmp 1
    finish_bg
    [ "$(wc -c <out)" -eq 3000000 ]
}

@test "--tmpdir beats \$TMPDIR" {
    mkdir -p other
    TMPDIR="$PWD/other" lanes -j1 --output-memory 1M --tmpdir "$PWD/sp" "$(held_job 3000000)" ::: 1 >out 2>err &
    LANES_BG=$!
    wait_file ready.1
    wait_spill "$LANES_BG" "$PWD/sp" 1
    [ -z "$(spill_links "$LANES_BG" "$PWD/other")" ] || fail "spilled to \$TMPDIR"
    finish_bg
}

@test "small output under --output-memory opens no spill file" {
    lanes -j2 --tmpdir "$PWD/sp" "$(held_job 1000)" ::: 1 2 >out 2>err &
    LANES_BG=$!
    wait_file ready.1
    wait_file ready.2
    sleep 0.2
    [ -z "$(spill_links "$LANES_BG" "$PWD/sp")" ] || fail "spilled 2 KB: $(spill_links "$LANES_BG" "$PWD/sp")"
    finish_bg
    [ "$(wc -c <out)" -eq 2000 ]
}

@test "SIGKILL of lanes while jobs are spilling leaves --tmpdir empty" {
    lanes -j3 --output-memory 1M --tmpdir "$PWD/sp" "$(held_job 3000000)" ::: 1 2 3 >out 2>err &
    LANES_BG=$!
    wait_file ready.1
    wait_file ready.2
    wait_file ready.3
    wait_spill "$LANES_BG" "$PWD/sp" 2
    kill -KILL "$LANES_BG"
    wait "$LANES_BG" || :
    LANES_BG=
    run ls -A sp
    assert_success
    assert_output ""
}

@test "SIGKILL of lanes -k while later jobs are spilling leaves --tmpdir empty" {
    lanes -k -j3 --output-memory 1M --tmpdir "$PWD/sp" "$(held_job 3000000)" ::: 1 2 3 >out 2>err &
    LANES_BG=$!
    wait_file ready.2
    wait_file ready.3
    wait_spill "$LANES_BG" "$PWD/sp" 1
    kill -KILL "$LANES_BG"
    wait "$LANES_BG" || :
    LANES_BG=
    run ls -A sp
    assert_output ""
}

@test "a finished run leaves --tmpdir empty (spilled, -k and not)" {
    lanes -j4 --output-memory 1M --tmpdir sp 'head -c 2000000 /dev/zero; : {}' ::: 1 2 3 4 >/dev/null
    lanes -k -j4 --output-memory 1M --tmpdir sp 'head -c 2000000 /dev/zero; : {}' ::: 1 2 3 4 >/dev/null
    run ls -A sp
    assert_output ""
}

# ---------------------------------------------------------------- a spill that fails

@test "a full --tmpdir (2 MB tmpfs): lanes names the job, says output was lost, fails it" {
    mount_tmpfs "$PWD/mt" 2m
    run --separate-stderr lanes -j1 --output-memory 1M --tmpdir "$PWD/mt" 'head -c 4000000 /dev/zero; : {}' ::: 1
    [ "$status" -ne 0 ] || fail "exit status 0 after losing output"
    assert_equal "$status" 1
    [[ "$stderr" == *"job 1"* ]] || fail "stderr does not name the job: $stderr"
    [[ "$stderr" == *"output lost"* ]] || fail "stderr does not say output was lost: $stderr"
    [[ "$stderr" == *"$PWD/mt"* ]] || fail "stderr does not name the directory: $stderr"
    [ "$(printf '%s' "$output" | wc -c)" -lt 4000000 ]
}

@test "a full --tmpdir: only the job that lost output fails; later jobs print normally" {
    mount_tmpfs "$PWD/mt" 2m
    run --separate-stderr lanes -j1 --output-memory 1M --tmpdir "$PWD/mt" '{}' ::: 'head -c 4000000 /dev/zero | tr "\0" x; echo' 'echo after'
    assert_equal "$status" 1
    [[ "$stderr" == *"job 1"*"output lost"* ]] || fail "$stderr"
    [[ "$stderr" != *"job 2"* ]] || fail "job 2 blamed: $stderr"
    [[ "$output" == *after ]] || fail "job 2's output missing"
}

@test "a full --tmpdir with -k: a waiting job that cannot spill is named and failed" {
    mount_tmpfs "$PWD/mt" 2m
    # Job 1 (the head, streaming) waits until job 2 has written all of its 4 MB, which
    # lanes must hold for it: more than memory and the tmpfs take.
    run --separate-stderr lanes -k -j2 --output-memory 1M --tmpdir "$PWD/mt" '{}' ::: \
        'i=0; while [ ! -e done2 ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done; echo one' \
        'head -c 4000000 /dev/zero; : >done2'
    assert_equal "$status" 1
    [[ "$stderr" == *"job 2"*"output lost"* ]] || fail "$stderr"
    [[ "$stderr" != *"job 1"* ]] || fail "job 1 blamed: $stderr"
    [ "$(printf '%s' "$output" | head -n 1)" = one ] || fail "job 1's output: $(printf '%s' "$output" | head -c 100 | od -c | head -3)"
    run ls -A mt
    assert_output ""
}

@test "a full --tmpdir: every job that lost output counts in the exit status" {
    mount_tmpfs "$PWD/mt" 2m
    run --separate-stderr lanes -j1 --output-memory 1M --tmpdir "$PWD/mt" 'head -c 4000000 /dev/zero; exit {}' ::: 0 0 0
    assert_equal "$status" 3
    [ "$(grep -c 'output lost' <<<"$stderr")" -eq 3 ] || fail "$stderr"
}

@test "a full --tmpdir: the job log gives a job that lost output exit value 255, and --retry-failed runs it again" {
    mount_tmpfs "$PWD/mt" 2m
    run --separate-stderr lanes -j1 --joblog log --output-memory 1M --tmpdir "$PWD/mt" {} ::: 'head -c 4000000 /dev/zero | tr "\0" x' 'echo small'
    assert_equal "$status" 1
    assert_equal "$(awk -F'\t' 'NR > 1 {print $1, $7}' log)" $'1 255\n2 0'
    # Run again with room enough: job 1 runs once more, and now succeeds.
    run --separate-stderr lanes --retry-failed --joblog log
    assert_success
    [ "${#output}" -eq 4000000 ] || fail "job 1 printed ${#output} bytes"
    assert_equal "$(awk -F'\t' 'NR > 1 {print $1, $7}' log | tail -n 1)" "1 0"
    assert_equal "$(awk -F'\t' 'NR > 1' log | wc -l)" 3
}

@test "a full --tmpdir: the failure summary says the output was lost" {
    mount_tmpfs "$PWD/mt" 2m
    run --separate-stderr lanes -j1 --summary --output-memory 1M --tmpdir "$PWD/mt" 'head -c 4000000 /dev/zero; : {}' ::: 1
    assert_equal "$status" 1
    [[ $stderr == *$'lanes: 1 of 1 job failed\n  job 1: exit 255, output lost: head -c 4000000 /dev/zero; : 1'* ]] ||
        fail "$stderr"
}

# ---------------------------------------------------------------- EPIPE

@test "EPIPE: lanes -k 'seq 100000' ::: 1 2 3 | head -1 prints 1, lanes dies of SIGPIPE (141)" {
    run bash -c 'timeout 20 lanes -k "seq 100000; : {}" ::: 1 2 3 | head -1; echo "status ${PIPESTATUS[0]}"'
    assert_output $'1\nstatus 141'
}

@test "EPIPE without -k: prints 1 and exits 141" {
    run bash -c 'timeout 20 lanes "seq 100000; : {}" ::: 1 2 3 | head -1; echo "status ${PIPESTATUS[0]}"'
    assert_output $'1\nstatus 141'
}

@test "EPIPE with --lb and with -u: exits 141" {
    run bash -c 'timeout 20 lanes --lb "seq 100000; : {}" ::: 1 2 3 | head -1; echo "status ${PIPESTATUS[0]}"'
    assert_output $'1\nstatus 141'
    run bash -c 'timeout 20 lanes -u -j1 "seq 100000; : {}" ::: 1 2 3 | head -1; echo "status ${PIPESTATUS[0]}"'
    assert_output $'1\nstatus 141'
}

@test "EPIPE while a job writes forever: lanes ends, and so does the job" {
    run bash -c 'timeout 20 lanes -k "echo \$\$ >pid.{}; exec yes {}" ::: 1 | head -1; echo "status ${PIPESTATUS[0]}"'
    assert_output $'1\nstatus 141'
    local p i=0
    p=$(cat pid.1)
    while kill -0 "$p" 2>/dev/null; do
        i=$((i + 1))
        [ "$i" -le 200 ] || fail "job $p still runs after lanes ended"
        sleep 0.05
    done
    rm -f pid.1
}

@test "EPIPE on a spilled -k run leaves --tmpdir empty" {
    run bash -c 'timeout 20 lanes -k -j4 --output-memory 1M --tmpdir sp "seq 1000000; : {}" ::: 1 2 3 4 | head -1; echo "status ${PIPESTATUS[0]}"'
    assert_output $'1\nstatus 141'
    run ls -A sp
    assert_output ""
}

# ---------------------------------------------------------------- many runs into a pipe

@test "100 runs of lanes -j4 'seq 50' ::: \$(seq 20) | wc -l: 1000 lines every time" {
    local i n bad=
    for i in $(seq 100); do
        n=$(lanes -j4 'seq 50; : {}' ::: $(seq 20) | wc -l)
        [ "$n" -eq 1000 ] || bad+=" run $i: $n"
    done
    [ -z "$bad" ] || fail "lines lost:$bad"
}

# ---------------------------------------------------------------- jobs that end mid-write

@test "a job killed mid-line: its partial output is printed, the job fails" {
    run lanes 'printf partial-{}; kill -9 $$' ::: a
    assert_failure 1
    assert_output partial-a
}

@test "a job killed after 300000 bytes: exactly those bytes, in every mode" {
    local m
    for m in --group -k --lb -u; do
        run bash -c "lanes $m 'head -c 300000 /dev/zero; kill -9 \$\$; : {}' ::: a | wc -c"
        assert_output 300000
    done
}

@test "a job killed mid-line between whole jobs: -k keeps order, --lb prints its half line" {
    run lanes -k -j3 '{}' ::: 'echo one' 'printf half; kill -9 $$' 'echo three'
    assert_failure 1
    assert_output $'one\nhalfthree'
    run lanes -k --lb -j3 '{}' ::: 'echo one' 'printf half; kill -9 $$' 'echo three'
    assert_failure 1
    assert_output $'one\nhalfthree'
}

@test "a job that closes its stdout mid-stream and writes stderr later" {
    run --separate-stderr lanes -k 'head -c 1000 /dev/zero | tr "\0" a; exec >&-; sleep 0.2; echo tail-{} >&2' ::: 1
    assert_success
    assert_equal "${#output}" 1000
    assert_equal "$stderr" tail-1
}

# ---------------------------------------------------------------- late input

@test "input arriving late: (echo 1; sleep 1; echo 2) | lanes echo prints both" {
    run bash -c '(echo 1; sleep 1; echo 2) | lanes echo'
    assert_success
    assert_output $'1\n2'
}

@test "input arriving late with -k and --lb" {
    run bash -c '(echo 1; sleep 0.5; echo 2; sleep 0.5; echo 3) | lanes -k echo'
    assert_output $'1\n2\n3'
    run bash -c '(echo 1; sleep 0.5; echo 2) | lanes --lb -k echo'
    assert_output $'1\n2'
}

@test "input arriving late: the first job runs before the input ends" {
    # The writer waits for the first job's mark before sending the second line.
    run bash -c 'i=0; { echo 1; while [ ! -e mark.1 ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done; [ -e mark.1 ] || : >no-mark; echo 2; } | lanes -k "touch mark.{}; echo {}"'
    assert_success
    assert_output $'1\n2'
    [ ! -e no-mark ] || fail "job 1 did not run until the input ended"
}

# ---------------------------------------------------------------- binary data

@test "NUL bytes pass unchanged: group, -k, --lb, -u" {
    printf 'a\0b\0\n\0\0c\n\0' >nul
    cat nul nul >want
    local m
    # Two jobs at a time where output stays whole per job; one at a time for --lb and -u,
    # whose lines (or bytes) from two jobs may interleave.
    for m in '--group -j2' '-k -j2' '--lb -j1' '-u -j1' '--lb -k -j2'; do
        lanes $m cat ::: nul nul >out
        cmp want out || fail "mode $m changed the bytes"
    done
}

@test "NUL bytes with --tag: each line tagged, the bytes kept" {
    printf 'a\0b\n\0c\n' >nul
    lanes -k --tag cat ::: nul >out
    printf 'nul\ta\0b\nnul\t\0c\n' >want
    cmp want out
}

@test "a 2 MB line of random bytes without newlines passes whole with --lb" {
    head -c 2000000 /dev/urandom | tr -d '\n' >blob
    lanes --lb -j2 --output-memory 1M --tmpdir sp cat ::: blob blob >out
    cat blob blob >want
    cmp want out
}

# ---------------------------------------------------------------- more than 4 GiB in one line

@test "(slow) a 4 GiB+ line with -k streams through: 4294967400 bytes" {
    run bash -c 'lanes -k "head -c 4294967400 /dev/zero; : {}" ::: 1 | wc -c'
    assert_success
    assert_output 4294967400
}

@test "(slow) a 4 GiB+ line without -k spills to disk and passes: 4294967400 bytes" {
    local avail
    avail=$(df -Pk /tmp | awk 'NR == 2 { print $4 }')
    if [ -z "$avail" ] || [ "$avail" -lt $((6 * 1024 * 1024)) ]; then
        skip "less than 6 GB free in /tmp (${avail:-?} KB): the 4 GiB spill test is not run"
    fi
    run bash -c 'lanes --tmpdir /tmp "head -c 4294967400 /dev/zero; : {}" ::: 1 | wc -c'
    assert_success
    assert_output 4294967400
}
