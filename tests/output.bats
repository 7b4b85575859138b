#!/usr/bin/env bats
# output: each job's output is printed whole (--group, the default) in order of completion,
# or in input order with -k, where the job at the head streams. Stdout and stderr stay apart;
# binary output passes unchanged; many short runs into a pipe lose nothing.
# Jobs are ordered with barrier files, never with sleeps; every wait is bounded.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    # turns NAME FIRST LAST LINES: takes turns FIRST, FIRST+2, ... LAST: waits for the
    # previous turn's file, prints LINES lines "NAME TURN i", then creates its own file.
    cat >turns <<'EOF'
#!/bin/sh
name=$1 t=$2 last=$3 n=$4
while [ "$t" -le "$last" ]; do
    i=0
    while [ "$t" -gt 1 ] && [ ! -e "turn.$((t - 1))" ]; do
        i=$((i + 1))
        if [ "$i" -gt 300 ]; then echo "$name timeout"; exit 1; fi
        sleep 0.02
    done
    j=1
    while [ "$j" -le "$n" ]; do
        echo "$name $t $j ................................................................"
        j=$((j + 1))
    done
    : >"turn.$t"
    t=$((t + 2))
done
EOF
    # after SEQ [PREV]: waits until job PREV (its pid in pid.PREV) has exited and been
    # reaped by lanes, then prints "job SEQ". Its own pid goes to pid.SEQ first.
    cat >after <<'EOF'
#!/bin/sh
echo $$ >"pid.$1.tmp" && mv "pid.$1.tmp" "pid.$1"
if [ -n "$2" ]; then
    i=0
    while [ ! -e "pid.$2" ] || [ -e "/proc/$(cat "pid.$2")" ]; do
        i=$((i + 1))
        if [ "$i" -gt 500 ]; then echo "job $1 timeout"; exit 1; fi
        sleep 0.02
    done
fi
echo "job $1"
EOF
    chmod +x turns after
    LANES_BG=
}

teardown() {
    if [ -n "${LANES_BG:-}" ] && kill -0 "$LANES_BG" 2>/dev/null; then
        kill -KILL "$LANES_BG" 2>/dev/null || :
    fi
    [ ! -f bgpid ] || kill "$(cat bgpid)" 2>/dev/null || :
}

# groups FILE: the first words of FILE's lines, runs of the same word squeezed.
groups() {
    awk '{print $1}' "$1" | uniq | tr '\n' ' '
}

# two_blocks FILE: FILE holds all of A's lines and all of B's lines, one block each.
two_blocks() {
    local g
    g=$(groups "$1")
    [ "$g" = "A B " ] || [ "$g" = "B A " ] || fail "interleaved output: $g"
}

# job2_ran FILE: wait (at most ~15 s) for the FILE job 2 makes once it runs.
job2_ran() {
    local i=0
    while [ ! -e "$1" ]; do
        i=$((i + 1))
        [ "$i" -le 300 ] || fail "job 2 never ran"
        sleep 0.05
    done
}

# ---------------------------------------------------------------- whole output

@test "two jobs printing in turns: each job's lines come out together" {
    # A prints in turns 1,3,5,7,9 and B in 2,4,6,8,10, so their lines alternate in time.
    lanes -j2 ::: './turns A 1 9 3' './turns B 2 10 3' >out
    [ "$(wc -l <out)" -eq 30 ] || fail "$(cat out)"
    # Which block comes first depends on when lanes reaps each job; that they are blocks
    # does not.
    if grep -q timeout out; then fail "a job timed out: $(cat out)"; fi
    two_blocks out
}

@test "two jobs printing many lines in turns (more than a pipe holds): not interleaved" {
    lanes -j2 ::: './turns A 1 9 400' './turns B 2 10 400' >out
    [ "$(wc -l <out)" -eq 4000 ] || fail "$(wc -l <out) lines"
    two_blocks out
}

@test "with -k, jobs printing in turns come out whole, in input order" {
    lanes -k -j2 ::: './turns B 2 10 50' './turns A 1 9 50' >out
    [ "$(wc -l <out)" -eq 500 ]
    assert_equal "$(groups out)" "B A "
}

@test "big outputs (4 MB a job) are printed whole" {
    lanes -j2 'head -c 4000000 /dev/zero | tr "\0" {}' ::: a b >out
    [ "$(wc -c <out)" -eq 8000000 ]
    local squeezed
    squeezed=$(tr -s ab <out)
    [ "$squeezed" = ab ] || [ "$squeezed" = ba ] || fail "interleaved: $squeezed"
}

@test "without -k, output comes in order of completion" {
    run lanes -j3 ::: './after 1 2' './after 2 3' './after 3'
    assert_success
    assert_output $'job 3\njob 2\njob 1'
}

@test "-k: input order even when later jobs finish first" {
    run lanes -k -j3 ::: './after 1 2' './after 2 3' './after 3'
    assert_success
    assert_output $'job 1\njob 2\njob 3'
}

@test "-k: input order with many jobs finishing in reverse" {
    local args=() i
    for i in 1 2 3 4 5 6 7; do
        args+=("./after $i $((i + 1))")
    done
    args+=('./after 8')
    run lanes -k -j8 ::: "${args[@]}"
    assert_success
    assert_output "$(printf 'job %s\n' 1 2 3 4 5 6 7 8)"
}

@test "-k: stderr is kept in input order too" {
    run --separate-stderr lanes -k -j3 ::: './after 1 2 >&2' './after 2 3 >&2' './after 3 >&2'
    assert_success
    assert_output ""
    assert_equal "$stderr" $'job 1\njob 2\njob 3'
}

@test "-k: the first job's output appears before it ends" {
    lanes -k -j2 'echo first-{}; i=0; while [ ! -e go ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done; echo second-{}' ::: 1 >out 2>err &
    LANES_BG=$!
    wait_grep first-1 out
    [ ! -e go ] || fail "go exists already"
    release go
    assert_equal "$(cat out)" $'first-1\nsecond-1'
}

@test "-k: the head job streams while a later, finished job waits its turn" {
    lanes -k -j2 'if [ {} = 1 ]; then echo first; i=0; while [ ! -e go ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done; echo second; else echo later; touch later.done; fi' ::: 1 2 >out 2>err &
    LANES_BG=$!
    wait_grep first out
    job2_ran later.done
    if grep -q later out; then fail "job 2's output came before job 1 ended"; fi
    release go
    assert_equal "$(cat out)" $'first\nsecond\nlater'
}

@test "-k: when the head ends, the next job's buffered output follows at once" {
    lanes -k -j2 'if [ {} = 1 ]; then i=0; while [ ! -e go ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done; echo one; else echo two-a; touch two.ready; i=0; while [ ! -e go2 ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done; echo two-b; fi' ::: 1 2 >out 2>err &
    LANES_BG=$!
    job2_ran two.ready
    touch go
    # Job 2 is now the head: its first line must come out while it still runs.
    wait_grep two-a out
    release go2
    assert_equal "$(cat out)" $'one\ntwo-a\ntwo-b'
}

# ---------------------------------------------------------------- stdout and stderr

@test "stdout and stderr stay apart: 2>/dev/null hides the stderr lines" {
    run bash -c 'lanes -k "echo out-{}; echo err-{} >&2" ::: 1 2 2>/dev/null'
    assert_success
    assert_output $'out-1\nout-2'
}

@test "stdout and stderr stay apart: >/dev/null hides the stdout lines" {
    run bash -c 'lanes -k "echo out-{}; echo err-{} >&2" ::: 1 2 2>&1 >/dev/null'
    assert_success
    assert_output $'err-1\nerr-2'
}

@test "stdout and stderr stay apart without -k" {
    run --separate-stderr lanes -j1 'echo out-{}; echo err-{} >&2; echo out2-{}' ::: 1 2
    assert_success
    assert_output $'out-1\nout2-1\nout-2\nout2-2'
    assert_equal "$stderr" $'err-1\nerr-2'
}

@test "-k with stdout and stderr on one file: each job's stdout, then its stderr (as GNU parallel)" {
    # Job 1 writes stdout, stderr, stdout, with a pause: as -k's head it streams, but its
    # stderr waits for its end when both go to the same pipe, file or terminal.
    run bash -c 'lanes -k -j2 "echo out-{}; echo err-{} >&2; sleep 0.2; echo out2-{}" ::: 1 2 2>&1 | cat'
    assert_success
    assert_output $'out-1\nout2-1\nerr-1\nout-2\nout2-2\nerr-2'
    lanes -k -j2 "echo out-{}; echo err-{} >&2; sleep 0.2; echo out2-{}" ::: 1 2 >both 2>&1
    assert_equal "$(cat both)" $'out-1\nout2-1\nerr-1\nout-2\nout2-2\nerr-2'
}

@test "-k with stdout and stderr apart: the head job's stderr still comes as it is written" {
    lanes -k -j2 'echo err-{} >&2; i=0; while [ ! -e go ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done; echo out-{}' ::: 1 >out 2>err &
    LANES_BG=$!
    wait_grep err-1 err
    release go
    assert_equal "$(cat out)" out-1
}

@test "a job's stderr is whole too (two jobs writing stderr in turns)" {
    lanes -j2 ::: './turns A 1 9 20 >&2' './turns B 2 10 20 >&2' 2>err >out
    [ ! -s out ]
    [ "$(wc -l <err)" -eq 200 ]
    two_blocks err
}

@test "output without a final newline is passed as is" {
    run lanes -k printf {} ::: a b c
    assert_success
    assert_output "abc"
}

@test "a job with no output prints nothing" {
    run --separate-stderr lanes -k true ::: a b
    assert_success
    assert_output ""
    assert_equal "$stderr" ""
}

@test "a job that closes its stdout early still has its stderr printed" {
    run --separate-stderr lanes -k 'exec >&-; echo late-{} >&2' ::: a
    assert_success
    assert_output ""
    assert_equal "$stderr" "late-a"
}

@test "a background process left by a job does not hold lanes up" {
    run timeout 20 lanes 'sleep 30 </dev/null >/dev/null 2>&1 & echo $! >bgpid; echo done {}' ::: a
    assert_success
    assert_output "done a"
}

@test "a background process that keeps the job's stdout open does not hold lanes up, with or without -u" {
    local o
    for o in --group -u -k --line-buffer; do
        run timeout 20 lanes "$o" 'sleep 30 & echo $! >bgpid; echo done {}' ::: a
        kill "$(cat bgpid)" 2>/dev/null || :
        assert_success
        assert_output "done a"
    done
}

# ---------------------------------------------------------------- pipes and bytes

@test "100 short runs into a pipe: every line arrives" {
    local i
    for i in $(seq 100); do
        lanes -j2 'seq 50; echo end-{}' ::: a b | cat
    done >out
    [ "$(wc -l <out)" -eq 10200 ] || fail "$(wc -l <out) lines"
    [ "$(grep -c '^end-a$' out)" -eq 100 ]
    [ "$(grep -c '^end-b$' out)" -eq 100 ]
    [ "$(grep -c '^50$' out)" -eq 200 ]
    [ "$(grep -c '^1$' out)" -eq 200 ]
}

@test "100 short -k runs into a pipe: every line arrives, in order" {
    local i
    seq 20 >want1
    for i in $(seq 100); do
        lanes -k 'seq {}' ::: 20 | cat
    done >out
    [ "$(wc -l <out)" -eq 2000 ]
    for i in $(seq 100); do cat want1; done >want
    cmp want out
}

@test "binary output: all 256 byte values pass unchanged" {
    local i
    for i in $(seq 0 255); do
        printf "\\$(printf %03o "$i")"
    done >bytes
    [ "$(wc -c <bytes)" -eq 256 ]
    lanes cat ::: bytes >out
    cmp bytes out
    lanes -k cat ::: bytes >out
    cmp bytes out
}

@test "binary output on stderr passes unchanged" {
    local i
    for i in $(seq 0 255); do
        printf "\\$(printf %03o "$i")"
    done >bytes
    lanes 'cat {} >&2' ::: bytes 2>err >out
    cmp bytes err
    [ ! -s out ]
}

@test "binary output: 1 MB of random bytes from several jobs, -k, unchanged" {
    head -c 1000000 /dev/urandom >rand
    lanes -k cat ::: rand rand rand >out
    cat rand rand rand >want
    cmp want out
}

# ------------------------------------------------ bytes that go straight through, and reuse
# The streaming job of -k, and every job under -u, is moved from its pipe to stdout inside the
# kernel (splice) where stdout allows; elsewhere (a file opened for appending, a terminal) it is
# read and written. Buffers of printed jobs are kept for the next ones.

@test "-k into a pipe: several big outputs arrive byte for byte, in order" {
    head -c 3000000 /dev/urandom >r1
    head -c 2000001 /dev/urandom >r2
    lanes -k -j3 cat ::: r1 r2 r1 | cat >out
    cat r1 r2 r1 >want
    cmp want out
}

@test "-u -j1 into a pipe: big outputs arrive byte for byte" {
    head -c 3000000 /dev/urandom >r1
    lanes -u -j1 cat ::: r1 r1 | cat >out
    cat r1 r1 >want
    cmp want out
}

@test "-k into a file opened for appending: the same bytes, after what was there" {
    head -c 2000000 /dev/urandom >r1
    echo first >out
    lanes -k -j2 cat ::: r1 r1 >>out
    { echo first; cat r1 r1; } >want
    cmp want out
}

@test "-u into a regular file: the same bytes" {
    head -c 2000000 /dev/urandom >r1
    lanes -u -j1 cat ::: r1 r1 >out
    cat r1 r1 >want
    cmp want out
}

# sizes_check FILE: FILE holds each job's letter as often as its size says, in one run a job.
sizes_check() {
    local want=$1 file=$2 letter size
    [ "$(tr -s a-h <"$file")" = "$want" ] || fail "runs: $(tr -s a-h <"$file")"
    while read -r letter size; do
        [ "$(tr -cd "$letter" <"$file" | wc -c)" -eq "$size" ] || fail "job $letter: wrong size"
    done <sizes
}

@test "jobs of very different sizes one after another stay whole (buffers are reused)" {
    printf '%s\n' 'a 3000000' 'b 10' 'c 1500000' 'd 1' 'e 700000' 'f 2500000' 'g 0' 'h 65536' >sizes
    lanes -k -j3 --colsep ' ' 'head -c {2} /dev/zero | tr "\0" {1}' :::: sizes >out
    sizes_check abcdefh out
    lanes -j3 --colsep ' ' 'head -c {2} /dev/zero | tr "\0" {1}' :::: sizes >out
    [ "$(tr -s a-h <out | fold -w1 | sort | tr -d '\n')" = abcdefh ]
    sizes_check "$(tr -s a-h <out)" out
}

@test "jobs of very different sizes with --output-memory 2M: whole, some spilled" {
    printf '%s\n' 'a 3000000' 'b 10' 'c 1500000' 'd 1' 'e 700000' 'f 2500000' 'g 0' 'h 65536' >sizes
    lanes -k -j3 --output-memory 2M --colsep ' ' 'head -c {2} /dev/zero | tr "\0" {1}' :::: sizes >out
    sizes_check abcdefh out
}

# ---------------------------------------------------------------- -v, --silent

@test "-v: each job's output starts with its command line, whole with it" {
    run --separate-stderr lanes -k -v 'echo {}; echo {}{}' ::: a b
    assert_success
    assert_output $'echo a; echo aa\na\naa\necho b; echo bb\nb\nbb'
    assert_equal "$stderr" ""
}

@test "-v with --tag: the command line is tagged too" {
    run lanes -k -v --tag echo ::: a
    assert_output $'a\techo a\na\ta'
}

@test "-v: a job that fails still shows its command line" {
    run --separate-stderr lanes -v 'exit {}' ::: 3
    assert_equal "$status" 1
    assert_output "exit 3"
}

@test "--silent cancels -v in either order; -t stays" {
    run --separate-stderr lanes -v --silent echo ::: a
    assert_output a
    run --separate-stderr lanes --silent -v -t echo ::: a
    assert_output a
    assert_equal "$stderr" "echo a"
}

@test "--silent=x: --silent takes no value, exit 255" {
    run --separate-stderr lanes --silent=x echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *--silent* ]] || fail "stderr: $stderr"
}

# ------------------------------------------------ held output waits in pipes of its own
# Output held for its turn (--group, or behind the streaming job of -k) is moved into a pipe
# of its own by splice while --output-memory allows, then into memory and files.

@test "--group into a file opened for appending: parked output is read and written" {
    head -c 1500000 /dev/urandom >r1
    echo first >out
    lanes -j1 cat ::: r1 r1 >>out
    { echo first; cat r1 r1; } >want
    cmp want out
}

@test "-k: more jobs waiting than parking pipes (100 x 20 KB behind a slow head): all bytes, in order" {
    head -c 20000 /dev/urandom >r1
    local args=("i=0; while [ ! -e go ] && [ \$i -lt 400 ]; do sleep 0.05; i=\$((i + 1)); done; cat r1") i
    for i in $(seq 100); do
        args+=("cat r1; [ $i -lt 100 ] || : >go")
    done
    lanes -k -j8 '{}' ::: "${args[@]}" >out
    for i in $(seq 101); do cat r1; done >want
    cmp want out
}

@test "--retries: parked output of a failed try is dropped, the last try's printed" {
    run lanes --retries 3 'head -c 300000 /dev/zero | tr "\0" {}; if [ -e tried ]; then echo; echo ok; else : >tried; exit 1; fi' ::: x
    assert_success
    [ "${#output}" -eq 300003 ] || fail "${#output} bytes"
    [[ $output == *$'\nok' ]]
}

@test "-j 0 under a small descriptor limit: parking pipes never starve the jobs of descriptors" {
    run --separate-stderr bash -c 'ulimit -n 200; seq 60 | lanes -j0 "head -c 100000 /dev/zero; sleep 0.1; : {}" | wc -c'
    assert_success
    assert_output 6000000
    assert_equal "$stderr" ""
}
