#!/usr/bin/env bats
# opts: the command line. -j and its forms (observed through what the jobs see, never through
# time), usage errors (exit 255, a message on stderr that names the bad option or value),
# --help, --version, the CPU counts, bundled short options, `--`, and options that belong to
# the command rather than to lanes.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    mkdir -p bar run
    # barrier DIR N TAG: this job arrives; it waits (at most ~15 s) until N jobs have
    # arrived, then prints "TAG met" (or "TAG timeout" and fails).
    cat >barrier <<'EOF'
#!/bin/sh
dir=$1 n=$2 tag=$3
: >"$dir/in.$$"
i=0
while [ "$(ls "$dir" | grep -c '^in\.')" -lt "$n" ]; do
    i=$((i + 1))
    if [ "$i" -gt 300 ]; then
        echo "$tag timeout"
        exit 1
    fi
    sleep 0.05
done
echo "$tag met"
EOF
    # gauge DIR TAG: counts the jobs running at this moment (each job holds a file in DIR
    # while it runs) and prints "TAG slot=S running=R".
    cat >gauge <<'EOF'
#!/bin/sh
dir=$1 tag=$2
: >"$dir/run.$$"
r=$(ls "$dir" | grep -c '^run\.')
sleep 0.02
rm -f "$dir/run.$$"
echo "$tag slot=$PARALLEL_JOBSLOT running=$r"
EOF
    chmod +x barrier gauge
}

# stderr_has TEXT: the last `run --separate-stderr` wrote TEXT on stderr.
# usage_error ARGS...: lanes ARGS exits 255, prints nothing on stdout, says why on stderr.
usage_error() {
    run --separate-stderr lanes "$@" </dev/null
    assert_equal "$status" 255
    assert_output ""
    [ -n "$stderr" ] || fail "no message on stderr"
}

# max_field NAME: the largest NAME=value in $output.
max_field() {
    printf '%s\n' "$output" | grep -o "$1=[0-9]*" | cut -d= -f2 | sort -n | tail -1
}

# expect_slots N: every line of $output says slot=1..N and running<=N.
expect_slots() {
    local slot run
    slot=$(max_field slot)
    run=$(max_field running)
    [ -n "$slot" ] || fail "no slot= in output: $output"
    [ "$slot" -le "$1" ] || fail "slot $slot > $1 jobs; output: $output"
    [ "$run" -le "$1" ] || fail "$run jobs ran at once > $1; output: $output"
    refute_line --regexp 'slot=0 |slot= '
}

# all_met N: $output has N lines, every one "... met".
all_met() {
    assert_success
    [ "${#lines[@]}" -eq "$1" ] || fail "expected $1 lines, got ${#lines[@]}: $output"
    refute_line --partial timeout
}

# ---------------------------------------------------------------- -j forms

@test "-j1: one job at a time, PARALLEL_JOBSLOT is always 1" {
    run lanes -j1 ./gauge run {} ::: 1 2 3 4 5 6
    assert_success
    [ "${#lines[@]}" -eq 6 ]
    for l in "${lines[@]}"; do
        [[ $l == *" slot=1 running=1" ]] || fail "line '$l'"
    done
}

@test "-j3: three jobs waiting on one barrier all run at once" {
    run lanes -j3 ./barrier bar 3 ::: a b c
    all_met 3
}

@test "-j 3 (separate value) runs three at once" {
    run lanes -j 3 ./barrier bar 3 ::: a b c
    all_met 3
}

@test "-j2: never more than two jobs and slots 1..2" {
    run lanes -j2 ./gauge run {} ::: 1 2 3 4 5 6 7 8
    assert_success
    [ "${#lines[@]}" -eq 8 ]
    expect_slots 2
}

@test "-P3 runs three at once" {
    run lanes -P3 ./barrier bar 3 ::: a b c
    all_met 3
}

@test "-P 2 limits to two slots" {
    run lanes -P 2 ./gauge run {} ::: 1 2 3 4 5
    assert_success
    expect_slots 2
}

@test "--jobs 3 runs three at once" {
    run lanes --jobs 3 ./barrier bar 3 ::: a b c
    all_met 3
}

@test "--jobs=3 runs three at once" {
    run lanes --jobs=3 ./barrier bar 3 ::: a b c
    all_met 3
}

@test "--max-procs 3 runs three at once" {
    run lanes --max-procs 3 ./barrier bar 3 ::: a b c
    all_met 3
}

@test "--max-procs=1 runs one at a time" {
    run lanes --max-procs=1 ./gauge run {} ::: 1 2 3 4
    assert_success
    expect_slots 1
}

@test "-j +1: CPU threads plus one run at once" {
    local n=$(($(nproc) + 1))
    run lanes -j +1 ./barrier bar "$n" ::: $(seq "$n")
    all_met "$n"
}

@test "-j +1: no more than CPU threads plus one" {
    local n=$(($(nproc) + 1))
    run lanes -j +1 ./gauge run {} ::: $(seq $((2 * n + 2)))
    assert_success
    expect_slots "$n"
}

@test "-j -1: CPU threads minus one at once" {
    local n=$(($(nproc) - 1))
    [ "$n" -ge 1 ] || skip "one CPU thread: -j -1 leaves no slot (see the next test)"
    run lanes -j -1 ./barrier bar "$n" ::: $(seq "$n")
    all_met "$n"
    run lanes -j -1 ./gauge run {} ::: $(seq $((2 * n + 2)))
    assert_success
    expect_slots "$n"
}

@test "-j -N that leaves no slot: exit 255 naming the value (as GNU parallel)" {
    local v="-$(nproc)"
    usage_error -j "$v" echo ::: a
    stderr_has "$v"
    v="-$(($(nproc) + 5))"
    usage_error -j "$v" echo ::: a
    stderr_has "$v"
}

@test "-j 100%: one job per CPU thread" {
    local n
    n=$(nproc)
    run lanes -j 100% ./barrier bar "$n" ::: $(seq "$n")
    all_met "$n"
    run lanes -j 100% ./gauge run {} ::: $(seq $((2 * n + 2)))
    assert_success
    expect_slots "$n"
}

@test "-j 50%: half the CPU threads (at least one)" {
    local n=$(($(nproc) / 2))
    [ "$n" -ge 1 ] || n=1
    run lanes -j 50% ./gauge run {} ::: $(seq $((2 * n + 2)))
    assert_success
    expect_slots "$n"
    run lanes -j 50% ./barrier bar "$n" ::: $(seq "$n")
    all_met "$n"
}

@test "-j 0: as many as possible (20 jobs on one barrier)" {
    run lanes -j 0 ./barrier bar 20 ::: $(seq 20)
    all_met 20
}

@test "-j0 (attached) runs 12 jobs at once" {
    run lanes -j0 ./barrier bar 12 ::: $(seq 12)
    all_met 12
}

@test "the default is one job per CPU thread" {
    local n
    n=$(nproc)
    run lanes ./barrier bar "$n" ::: $(seq "$n")
    all_met "$n"
    run lanes ./gauge run {} ::: $(seq $((2 * n + 2)))
    assert_success
    expect_slots "$n"
}

@test "the last -j wins" {
    run lanes -j1 -j3 ./barrier bar 3 ::: a b c
    all_met 3
}

# ---------------------------------------------------------------- bad values

@test "-j foo: exit 255 naming the value" {
    usage_error -j foo echo ::: a
    stderr_has foo
}

@test "-j 1.5x: exit 255 naming the value" {
    usage_error -j 1.5x echo ::: a
    stderr_has 1.5x
}

@test "-j '': exit 255 with a message" {
    usage_error -j '' echo ::: a
    stderr_has "-j"
}

@test "--jobs=abc: exit 255 naming the value" {
    usage_error --jobs=abc echo ::: a
    stderr_has abc
}

@test "-P x: exit 255 naming the value" {
    usage_error -P x echo ::: a
    stderr_has "'x'"
}

@test "-j with a value that is not a whole number: exit 255 (as GNU parallel)" {
    local v bad=()
    for v in 1.5 0.5 2.0 1e2 0x10 inf 1e30; do
        run --separate-stderr lanes -j "$v" echo ::: a
        if [ "$status" -ne 255 ] || [[ $stderr != *"$v"* ]]; then
            bad+=("-j $v: exit $status")
        fi
    done
    if [ "${#bad[@]}" -gt 0 ]; then
        skip "lanes bug: accepted as a number of jobs: ${bad[*]} (GNU parallel: exit 255)"
    fi
}

@test "a huge -j still runs the jobs" {
    run --separate-stderr lanes -j 10000000000 echo ::: a
    if [ "$status" -ne 0 ]; then
        skip "lanes bug: lanes -j 10000000000 echo ::: a exits $status: ${stderr%%$'\n'*} (GNU parallel prints a)"
    fi
    assert_output "a"
}

@test "-j with no value at the end: exit 255 naming -j" {
    usage_error -j
    stderr_has "-j"
}

@test "--jobs with no value at the end: exit 255 naming --jobs" {
    usage_error --jobs
    stderr_has "--jobs"
}

@test "-j followed by the command: the command word is a bad value" {
    usage_error -j echo ::: a
    stderr_has echo
}

@test "unknown short option: exit 255 naming it" {
    usage_error -z echo ::: a
    stderr_has "-z"
}

@test "unknown short option inside a bundle: exit 255 naming it" {
    usage_error -kz echo ::: a
    stderr_has "-z"
}

@test "unknown long option: exit 255 naming it" {
    usage_error --no-such-option echo ::: a
    stderr_has "--no-such-option"
}

@test "unknown long option with a value: exit 255 naming it" {
    usage_error --no-such-option=3 echo ::: a
    stderr_has "--no-such-option"
}

@test ":::: with no file adds no source: input comes from stdin (as GNU parallel)" {
    run lanes echo :::: < <(echo x)
    assert_success
    assert_output "x"
}

@test ":::: with no file after a ::: list is ignored (as GNU parallel)" {
    run lanes -k echo ::: a ::::
    assert_success
    assert_output "a"
}

@test "-a with no value: exit 255 naming -a" {
    usage_error -a
    stderr_has "-a"
}

@test "-d with no value: exit 255 naming -d" {
    usage_error -d
    stderr_has "-d"
}

@test "a usage error starts no job" {
    run --separate-stderr lanes -j foo touch ran ::: a
    assert_equal "$status" 255
    [ ! -e ran ] && [ ! -e "ran a" ] || fail "a job ran"
}

# ---------------------------------------------------------------- information

@test "--help: usage on stdout, nothing on stderr, exit 0" {
    run --separate-stderr lanes --help
    assert_success
    assert_line --index 0 --partial "Usage: lanes"
    assert_equal "$stderr" ""
}

@test "-h is --help" {
    run --separate-stderr lanes -h
    assert_success
    assert_line --index 0 --partial "Usage: lanes"
}

@test "--help wins over the rest of the command line and runs nothing" {
    run --separate-stderr lanes --help touch ran ::: a
    assert_success
    assert_line --index 0 --partial "Usage: lanes"
    [ ! -e ran ]
    [ ! -e "ran a" ]
}

@test "--version: 'lanes ' and a version on stdout, exit 0" {
    run --separate-stderr lanes --version
    assert_success
    assert_line --index 0 --regexp '^lanes [0-9]+(\.[0-9]+)+'
    assert_equal "$stderr" ""
}

@test "--number-of-threads equals nproc" {
    run --separate-stderr lanes --number-of-threads
    assert_success
    assert_output "$(nproc)"
}

@test "--number-of-cores is a positive integer, at most the threads" {
    run --separate-stderr lanes --number-of-cores
    assert_success
    assert_output --regexp '^[1-9][0-9]*$'
    [ "$output" -le "$(nproc)" ]
}

@test "--number-of-cpus is a positive integer, at most the threads" {
    run --separate-stderr lanes --number-of-cpus
    assert_success
    assert_output --regexp '^[1-9][0-9]*$'
    [ "$output" -le "$(nproc)" ]
}

@test "--number-of-sockets is a positive integer, at most the cores" {
    run --separate-stderr lanes --number-of-sockets
    assert_success
    assert_output --regexp '^[1-9][0-9]*$'
    local sockets=$output
    run lanes --number-of-cores
    [ "$sockets" -le "$output" ]
}

# ---------------------------------------------------------------- option syntax

@test "bundled short options: -kj2 keeps order and runs two at once" {
    run lanes -kj2 ./barrier bar 2 ::: a b
    assert_success
    assert_output $'a met\nb met'
}

@test "bundled short options: -kj1 gives slot 1 to every job, in order" {
    run lanes -kj1 ./gauge run ::: 1 2 3
    assert_success
    assert_output $'1 slot=1 running=1\n2 slot=1 running=1\n3 slot=1 running=1'
}

@test "-- ends lanes' options: -- is not part of the command" {
    run lanes -k -- echo x ::: a b
    assert_success
    assert_output $'x a\nx b'
}

@test "-- ends lanes' options: --version after it is the command, not an option" {
    # With no input there is no job: nothing is printed, and lanes' version is not either.
    run --separate-stderr lanes -- --version </dev/null
    assert_success
    assert_output ""
}

@test "-- ends lanes' options: -j2 after it is not an option" {
    run --separate-stderr lanes -j1 -- -j2 ::: a
    # The job '-j2 a' cannot run: one failed job, and nothing on stdout.
    assert_equal "$status" 1
    assert_output ""
}

@test "the command's own options after the command word: echo -n" {
    run lanes -k echo -n {} ::: a b
    assert_success
    assert_output "ab"
}

@test "the command's own options are not lanes': echo -j3 -k --version" {
    run lanes -j1 echo -j3 -k --version ::: a
    assert_success
    assert_output "-j3 -k --version a"
}

@test "the command's options after the command word: ls -d" {
    mkdir -p dir/sub
    run lanes -k ls -d {} ::: dir
    assert_success
    assert_output "dir"
}

@test "--will-cite, --no-notice, --plain and --env VAR are taken and change nothing" {
    run --separate-stderr lanes -j1 -u --will-cite --no-notice --plain --env FOO 'echo {}' ::: a b
    assert_success
    assert_output $'a\nb'
    assert_equal "$stderr" ""
    run --separate-stderr lanes --will-cite --lb echo ::: a
    assert_success
    assert_output a
}

@test "--env without a value: exit 255 naming --env" {
    run --separate-stderr lanes echo --env
    assert_success
    run --separate-stderr lanes --env
    assert_equal "$status" 255
    [[ $stderr == *--env* ]] || fail "stderr: $stderr"
}

@test "--max-line-length-allowed prints --show-limits' maximal size of command and exits 0" {
    run lanes --max-line-length-allowed
    assert_success
    [[ $output =~ ^[0-9]+$ ]] || fail "output: $output"
    local want
    want=$(lanes --show-limits </dev/null 2>&1 | sed -n 's/^Maximal size of command: //p')
    assert_equal "$output" "$want"
}

@test "values that mean nothing, which GNU parallel takes silently, exit 255 naming the option" {
    local args opt
    while IFS='|' read -r opt args; do
        eval "run --separate-stderr lanes $args echo ::: a b"
        assert_equal "$status" 255
        [[ $stderr == *"$opt"* ]] || fail "$args: stderr does not name $opt: $stderr"
        assert_output ""
    done <<'EOF2'
-n|-n -1
-n|-n x
-N|-N -2
-L|-L x
-s|-s 0
-s|-s x
--retries|--retries x
--retries|--retries -1
-d|-d ''
EOF2
}

@test "every option of the option table is in --help and in lanes(1), refused ones aside" {
    local table names n missing=
    table=$(sed -n '/optab_long\[\] = {/,/^};/p' "$LANES_ROOT/src/optab.c")
    names=$(grep -o "{\"[a-z0-9-]*\", [a-z_]*, NULL, [A-Za-z_0-9']*}" <<<"$table" |
        grep -v 'OPTAB_NEVER\|OPTAB_PERL\|OPTAB_PIPE_LATER' | sed 's/{"\([^"]*\)".*/\1/')
    [ "$(wc -l <<<"$names")" -gt 80 ] || fail "the option table was not found: $names"
    run lanes --help
    for n in $names; do
        grep -q -e "--$n\b" <<<"$output" || missing+=" help:--$n"
        grep -q -e "Fl -$n\b" "$LANES_ROOT/man/lanes.1" || missing+=" man:--$n"
    done
    [ -z "$missing" ] || fail "missing:$missing"
}

@test "--help is grouped as OPTIONS in lanes(1) is, in its order, then the semaphore" {
    local man help
    man=$(sed -n '/^\.Sh OPTIONS/,/^\.Sh /p' "$LANES_ROOT/man/lanes.1" | sed -n 's/^\.Ss //p' |
        grep -v '^Scripts' | sed 's/ Ev / $/')
    run lanes --help
    assert_success
    help=$(grep -E '^[A-Z][A-Za-z $]*( \(|:$)' <<<"$output" | grep -v '^Usage\|^Runs\|^Exit' |
        sed 's/ (.*//; s/:$//')
    assert_equal "$help" "$man"$'\nSemaphore'
}

@test "--help fits an 80-column terminal, with no blank at a line's end" {
    run lanes --help
    assert_success
    while IFS= read -r line; do
        [ "${#line}" -le 79 ] || fail "${#line} columns: '$line'"
        [[ $line != *' ' ]] || fail "a blank at the end: '$line'"
    done <<<"$output"
}

@test "--help: each option line starts with the spellings from the option table, squashed ones listed at the end" {
    run lanes --help
    assert_success
    assert_line --partial "  --color-failed, --colour-failed, --color-fail, --colour-fail, --cf"
    assert_line --regexp '^  -k, --keep-order +print outputs in input order$'
    other=$(sed -n "/other spellings of these options/,/^\$/p" <<<"$output")
    [[ $other == *--keeporder* && $other == *--colourfailed* ]] || fail "$other"
    [[ $other != *--keep-order* ]] || fail "$other"
}

@test "--use-sockets-instead-of-threads, --use-cores-instead-of-threads: -j counts those CPUs" {
    local s c t
    s=$(lanes --number-of-sockets) c=$(lanes --number-of-cores) t=$(lanes --number-of-threads)
    # --dry-run cycles {%} over the job slots: the largest is their number.
    run bash -c "lanes --use-sockets-instead-of-threads --dry-run echo {%} ::: \$(seq 64) | sort -n | tail -1"
    assert_output "echo $s"
    run bash -c "lanes --use-cores-instead-of-threads --dry-run echo {%} ::: \$(seq 64) | sort -n | tail -1"
    assert_output "echo $c"
    run bash -c "lanes --use-cpus-instead-of-cores --use-sockets-instead-of-threads -j 200% --dry-run echo {%} ::: \$(seq 64) | sort -n | tail -1"
    assert_output "echo $((2 * c))"
    run bash -c "lanes -j 100% --dry-run echo {%} ::: \$(seq 64) | sort -n | tail -1"
    assert_output "echo $t"
    run --separate-stderr lanes --use-sockets-instead-of-threads -j "-$s" echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *-j* ]] || fail "$stderr"
}

@test "-V is --version" {
    run lanes -V
    assert_success
    assert_output "$(lanes --version)"
}

@test "the other spellings of this session's options are taken, and name themselves in errors" {
    export HOME=$BATS_TEST_TMPDIR
    for a in --nokeeporder --no-k --color-failed --colorfailed --colourfailed --color-fail \
        --colour-fail --colorfail --colourfail --usesocketsinsteadofthreads \
        --usecoresinsteadofthreads --usecpusinsteadofcores --controlmaster --control-master \
        --no-control-master --filterhosts; do
        run lanes -k "$a" --dry-run echo ::: a
        assert_success
        assert_output "echo a"
    done
    run lanes --ctag-string x --dry-run echo ::: a
    assert_output "$(printf 'x\techo a')"
    run lanes --semaphore-name '' true
    assert_failure 255
    assert_line --index 0 "lanes: --semaphore-name takes the name of a semaphore, not ''"
    run lanes --semaphore-timeout x true
    assert_failure 255
    assert_line --index 0 "lanes: --semaphore-timeout takes seconds (negative: give up after them), not 'x'"
    run lanes --ssh-delay x echo ::: a
    assert_failure 255
    assert_line --index 0 --partial "--sshdelay takes seconds"
    run lanes --transfer-file f echo ::: a
    assert_failure 255
    assert_line --index 0 --partial "--transferfile needs a remote host"
}
