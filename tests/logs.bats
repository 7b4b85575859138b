#!/usr/bin/env bats
# logs: --joblog (GNU parallel's tab-separated columns; +FILE appends) and --results (the
# directory tree, the template forms, .csv/.tsv/.json), checked on their own and against
# what GNU parallel writes for the same jobs, with Starttime and JobRuntime masked.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    unset PARALLEL PARALLEL_HOME
    export SHELL=/bin/bash
    MOUNTED=
}

teardown() {
    if [ -n "${MOUNTED:-}" ]; then
        umount "$MOUNTED" 2>/dev/null || umount -l "$MOUNTED" 2>/dev/null || :
    fi
}

HEADER=$'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand'

# both ARGS...: run GNU parallel in p/ and lanes in l/ with ARGS, stdin /dev/null; stdout to
# DIR/.stdout, stderr to DIR/.stderr, exit status to DIR/.rc. Shared fixture files are copied first.
both() {
    need_parallel
    local d prog
    for d in p l; do
        rm -rf "$d"
        mkdir "$d"
        [ ! -d fix ] || cp -a fix/. "$d/"
        prog=lanes
        [ "$d" = l ] || prog=parallel
        (
            cd "$d" || exit 1
            rc=0
            timeout -k 5 60 "$prog" "$@" </dev/null >.stdout 2>.stderr || rc=$?
            echo "$rc" >.rc
        )
    done
}

# mask_log FILE: the job log without Starttime and JobRuntime, header first, lines by Seq.
mask_log() {
    head -n 1 "$1" | cut -f1,2,5-
    tail -n +2 "$1" | cut -f1,2,5- | sort -n -k1,1 -s
}

# mask_res FILE: a .csv, .tsv or .json results file with Starttime and JobRuntime masked.
mask_res() {
    sed -E 's/^([0-9]+[,\t]:[,\t])[0-9]+\.[0-9]+([,\t])[0-9]+\.[0-9]+([,\t])/\1START\2RUNTIME\3/;
            s/"Starttime": [0-9]+\.[0-9]+, "JobRuntime": [0-9]+\.[0-9]+,/"Starttime": START, "JobRuntime": RUNTIME,/' "$1"
}

# same_tree DIR: p/DIR and l/DIR hold the same files with the same bytes.
same_tree() {
    [ -e "p/$1" ] || fail "GNU parallel wrote no $1"
    diff -r "p/$1" "l/$1" >&2 || fail "p/$1 and l/$1 differ: $(cd p && find "$1" | sort) // $(cd l && find "$1" | sort)"
}

# same_status: both programs exited alike.
same_status() {
    assert_equal "$(cat l/.rc)" "$(cat p/.rc)"
}

# ---------------------------------------------------------------- --joblog on its own

@test "--joblog: the header is GNU parallel's, every line has 9 tab-separated fields" {
    run lanes -k --joblog log 'echo {}' ::: a bb ccc
    assert_success
    assert_equal "$(head -n 1 log)" "$HEADER"
    [ "$(wc -l <log)" -eq 4 ]
    run awk -F '\t' 'NF != 9' log
    assert_output ""
}

@test "--joblog: field formats: Seq, Host ':', Starttime %.3f, JobRuntime %10.3f, Send 0, Receive bytes" {
    lanes -j1 --joblog log 'printf %s {}' ::: a bb ccc
    local n=0 seq host start rt send recv ev sig
    while IFS=$'\t' read -r seq host start rt send recv ev sig _; do
        [ "$seq" != Seq ] || continue
        n=$((n + 1))
        assert_equal "$seq" "$n"
        assert_equal "$host" :
        [[ "$start" =~ ^[0-9]+\.[0-9]{3}$ ]] || fail "Starttime: '$start'"
        [[ "$rt" =~ ^\ *[0-9]+\.[0-9]{3}$ ]] && [ "${#rt}" -eq 10 ] || fail "JobRuntime: '$rt'"
        assert_equal "$send" 0
        assert_equal "$recv" "$n"
        assert_equal "$ev" 0
        assert_equal "$sig" 0
    done <log
    [ "$n" -eq 3 ]
    assert_equal "$(cut -f9 log | tail -n +2)" $'printf %s a\nprintf %s bb\nprintf %s ccc'
}

@test "--joblog: Receive counts stdout bytes, not stderr" {
    lanes --joblog log 'head -c 1234 /dev/zero; head -c 99 /dev/zero >&2; : {}' ::: 1 >/dev/null 2>&1
    assert_equal "$(tail -n 1 log | cut -f6)" 1234
}

@test "--joblog: exit values, signals, a missing command" {
    run lanes -k --joblog log '{}' ::: 'exit 3' true 'kill -9 $$' 'nosuchcommand_lanes_x' 'kill -TERM $$'
    assert_failure 4
    assert_equal "$(tail -n +2 log | cut -f1,7,8 | sort -n)" $'1\t3\t0\n2\t0\t0\n3\t0\t9\n4\t127\t0\n5\t0\t15'
}

@test "--joblog FILE truncates an existing file" {
    printf 'old junk\n' >log
    lanes --joblog log true ::: 1
    assert_equal "$(head -n 1 log)" "$HEADER"
    [ "$(wc -l <log)" -eq 2 ]
}

@test "--joblog +FILE appends and writes no header" {
    lanes --joblog log true ::: 1
    lanes --joblog +log true ::: 2 3
    [ "$(wc -l <log)" -eq 4 ]
    assert_equal "$(grep -c '^Seq' log)" 1
    assert_equal "$(tail -n +2 log | cut -f9 | sort)" $'true 1\ntrue 2\ntrue 3'
    lanes --joblog +new true ::: 1
    [ "$(wc -l <new)" -eq 1 ]
    ! grep -q '^Seq' new
}

@test "--joblog that cannot be opened: exit 255 naming the file" {
    run --separate-stderr lanes --joblog "$BATS_TEST_TMPDIR/no/such/dir/log" echo ::: a
    assert_failure 255
    assert_output ""
    [[ "$stderr" == *"no/such/dir/log"* ]] || fail "$stderr"
}

@test "--joblog -: the log goes to stdout, after each job's output" {
    run lanes -k -j1 --joblog - 'echo {}' ::: a b
    assert_success
    [ "${#lines[@]}" -eq 5 ]
    assert_equal "${lines[0]}" "$HEADER"
    assert_equal "${lines[1]}" a
    [[ "${lines[2]}" == 1$'\t'*$'\t'"echo a" ]] || fail "${lines[2]}"
    assert_equal "${lines[3]}" b
}

@test "--joblog - without -k: the job's output comes before its log line (as GNU parallel)" {
    run lanes --joblog - 'echo {}' ::: a
    assert_equal "${lines[1]}" a
}

@test "--joblog with -k: lines in input order (GNU parallel logs as it prints)" {
    lanes -k -j2 --joblog log 'sleep {}' ::: 0.5 0
    assert_equal "$(tail -n +2 log | cut -f1 | tr '\n' ' ')" "1 2 "
}

@test "--joblog: a newline in the command is written as a NUL byte" {
    lanes --joblog log $'echo a\necho b' ::: 1 >/dev/null
    [ "$(wc -l <log)" -eq 2 ]
    tail -n 1 log | cut -f9 | od -c | grep -q 'a  \\0   e' || fail "$(tail -n 1 log | od -c)"
}

@test "--joblog and --output-memory: a job whose output is lost counts as failed" {
    mkdir -p mt
    if ! mount -t tmpfs -o size=2m tmpfs mt 2>/dev/null; then
        skip "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): test not run"
    fi
    MOUNTED=$PWD/mt
    run lanes -j1 --joblog log --output-memory 1M --tmpdir mt 'head -c 4000000 /dev/zero; : {}' ::: 1
    assert_failure 1
    [ "$(wc -l <log)" -eq 2 ]
    assert_equal "$(tail -n 1 log | cut -f1,6)" $'1\t4000000'
}

# ---------------------------------------------------------------- --joblog against GNU parallel

@test "--joblog as GNU parallel: exit codes, kill -9, kill -TERM, a tab, a missing command" {
    both -k --joblog log '{}' ::: 'exit 3' true 'kill -9 $$' $'echo a\tb' 'nosuchcommand_lanes_x' 'kill -TERM $$' 'echo out; echo err >&2'
    same_status
    assert_equal "$(head -n 1 l/log)" "$(head -n 1 p/log)"
    assert_equal "$(awk -F '\t' '{print NF}' l/log | sort | uniq -c)" "$(awk -F '\t' '{print NF}' p/log | sort | uniq -c)"
    assert_equal "$(mask_log l/log)" "$(mask_log p/log)"
}

@test "--joblog as GNU parallel: two sources, -N2, and --timeout" {
    both -k --joblog log 'echo {1} {2}' ::: a b ::: x y
    same_status
    assert_equal "$(mask_log l/log)" "$(mask_log p/log)"
    both -k -N2 --joblog log 'echo {1}-{2}' ::: a b c
    same_status
    assert_equal "$(mask_log l/log)" "$(mask_log p/log)"
    both -k --timeout 0.5 --joblog log 'sleep {}' ::: 0 5
    same_status
    assert_equal "$(mask_log l/log)" "$(mask_log p/log)"
}

@test "--joblog as GNU parallel: +FILE appends to GNU parallel's own log" {
    both --joblog log true ::: 1
    cp p/log fix.log
    both --joblog +log echo ::: 2
    assert_equal "$(mask_log l/log)" "$(mask_log p/log)"
    mkdir -p fix
    cp fix.log fix/log
    both --joblog +log echo ::: 2 3
    assert_equal "$(mask_log l/log)" "$(mask_log p/log)"
    [ "$(wc -l <l/log)" -eq 4 ]
}

@test "--joblog as GNU parallel: a newline in the command" {
    both --joblog log $'echo a\necho b' ::: 1
    assert_equal "$(mask_log l/log | od -c)" "$(mask_log p/log | od -c)"
}

# ---------------------------------------------------------------- --results tree

@test "--results DIR: DIR/1/value/2/value/{seq,stdout,stderr}" {
    lanes -k --results out 'echo o{1}{2}; echo e{1} >&2' ::: a b ::: x y >/dev/null 2>&1
    local v w n=0
    for v in a b; do
        for w in x y; do
            n=$((n + 1))
            assert_equal "$(cat "out/1/$v/2/$w/stdout")" "o$v$w"
            assert_equal "$(cat "out/1/$v/2/$w/stderr")" "e$v"
            assert_equal "$(cat "out/1/$v/2/$w/seq")" "$n"
        done
    done
    [ "$(find out -type f | wc -l)" -eq 12 ]
}

@test "--results DIR: 5 MB of output with --output-memory 1M lands whole in the file" {
    head -c 5000000 /dev/urandom >rand
    lanes -j2 --output-memory 1M --results out 'cat rand; echo {} >&2' ::: a b >/dev/null 2>&1
    cmp rand out/1/a/stdout
    cmp rand out/1/b/stdout
    assert_equal "$(cat out/1/b/stderr)" b
}

@test "--results DIR with -k and big output: files and order intact" {
    lanes -k -j3 --output-memory 1M --results out 'seq {} 300000' ::: 1 2 3 >/dev/null
    local i
    for i in 1 2 3; do
        cmp <(seq "$i" 300000) "out/1/$i/stdout"
    done
}

@test "--results DIR prints nothing on stdout (as GNU parallel)" {
    run --separate-stderr lanes -k --results out 'echo {}' ::: a b
    assert_output ""
}

@test "--results into a directory that cannot be made: the run stops before any job, status 255" {
    : >file
    run --separate-stderr lanes --results file/sub 'touch ran{}' ::: a b
    assert_failure 255 # GNU parallel dies with the errno (17) as its status: lanes(1)
    assert_output ""
    assert_equal "$stderr" "lanes: --results 'file/sub': cannot make directory 'file': File exists"
    [ ! -e rana ] && [ ! -e ranb ]
    mkdir fix
    : >fix/file
    both --results file/sub 'touch ran{}' ::: a b
    assert_equal "$(cat l/.rc) $(cat p/.rc)" "255 17"
    [ ! -s l/.stdout ] && [ ! -s p/.stdout ]
    [ ! -e l/rana ] && [ ! -e p/rana ]
}

@test "--results as GNU parallel: a later job's directory cannot be made: it and later jobs never run" {
    mkdir -p fix/out/1
    : >fix/out/1/b
    both -j1 --results out 'touch ran{}' ::: a b c
    assert_equal "$(cat l/.rc) $(cat p/.rc)" "255 17"
    assert_equal "$(cat l/.stderr)" "lanes: --results 'out': cannot make directory 'out/1/b': File exists"
    assert_equal "$(cd l && ls ran*)" "$(cd p && ls ran*)"
    assert_equal "$(cd l && ls ran*)" rana
}

@test "--results as GNU parallel: a template's directory that cannot be made: status 255" {
    mkdir fix
    : >fix/file
    both --results 'file/{}/' 'touch ran{}' ::: a
    same_status
    assert_equal "$(cat l/.rc)" 255
    assert_equal "$(cat l/.stderr)" "lanes: --results 'file/{}/': cannot make directory 'file': File exists"
    both --results 'file/{}' 'touch ran{}' ::: a
    assert_equal "$(cat l/.rc) $(cat p/.rc)" "255 17"
    [ ! -e l/rana ] && [ ! -e p/rana ]
}

@test "--results tree as GNU parallel: values with / \\ tab space, empty, leading dot" {
    both -j1 --results out 'printf "[%s]" {}; echo e >&2; exit 2' ::: a/b 'c\d' $'t\tt' ' ' '' .hid 'x y'
    same_status
    same_tree out
}

@test "--results tree as GNU parallel: two and three sources" {
    both -j1 --results out 'echo {1}{2}{3}' ::: a b ::: 1 2 ::: z
    same_status
    same_tree out
}

@test "--results tree as GNU parallel: --header : names the levels" {
    both -j1 --header : --results foo 'echo {a} {b}' ::: a I II ::: b III IIII
    same_status
    same_tree foo
}

@test "--results tree as GNU parallel: --header levels sorted by name, as numbers then as strings" {
    both -j1 --header : --results out 'echo {}' ::: z 1 ::: a 2 ::: 10 x ::: 9 y ::: 1a q ::: ' 2' w ::: 0x5 e
    same_status
    same_tree out
    [ -d l/out/0x5/e/a/2/z/1/1a/q/' 2'/w/9/y/10/x ]
}

@test "--results tree as GNU parallel: --header names with / space and dot are not escaped" {
    both -j1 --header : --results out 'echo {}' ::: a/b x ::: 'c d' y ::: . z
    same_status
    same_tree out
    [ -f 'l/out/z/a/b/x/c d/y/stdout' ]
}

@test "--results tree as GNU parallel: --header --colsep, the header line from a file or stdin" {
    mkdir fix
    printf 'b,a\n1,2\n3,4\n' >fix/f.csv
    # GNU parallel names the fields of a :::: file by the file's name, as far as it goes
    both -j1 --header : --colsep , --results out 'echo {a}' :::: f.csv
    same_status
    same_tree out
    [ -f l/out/a/4/f.csv/3/stdout ]
    both -j1 --header : --results out 'echo {}' ::: n3 v3 :::: f.csv
    same_tree out
    local prog
    for prog in parallel lanes; do
        mkdir -p "${prog:0:1}"
        (cd "${prog:0:1}" && rm -rf out && "$prog" -j1 --header : --colsep , --results out 'echo {a}' <../fix/f.csv >/dev/null)
    done
    same_tree out
    [ -f l/out/a/2/b/1/stdout ]
}

@test "--results x.csv as GNU parallel: --header names the value columns" {
    both -j1 --header : --results o.csv 'echo {}' ::: z 1 ::: a 2
    assert_equal "$(head -n 1 l/o.csv)" "$(head -n 1 p/o.csv)"
    assert_equal "$(head -n 1 l/o.csv)" "Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,z,a,Stdout,Stderr"
}

@test "--results tree as GNU parallel: a second run into the same DIR overwrites" {
    mkdir fix
    both -j1 --results out 'echo {}' ::: a b
    cp -a p/out fix/
    both -j1 --results out 'echo new{}; echo e >&2' ::: a
    same_tree out
    assert_equal "$(cat l/out/1/a/stdout)" newa
}

@test "--results tree as GNU parallel: exit codes, signals, no output, binary output" {
    both -j1 --results out '{}' ::: 'exit 7' 'kill -9 $$' true 'printf "\0\1\377"' 'printf "no newline"'
    same_status
    same_tree out
}

# ---------------------------------------------------------------- --results templates

@test "--results with a replacement string: E is the stdout file, E.err and E.seq beside it" {
    lanes -j1 --results 'r_{1}_{2}' 'echo o{1}{2}; echo e{1} >&2' ::: a b ::: x >/dev/null 2>&1
    assert_equal "$(cat r_a_x)" oax
    assert_equal "$(cat r_a_x.err)" ea
    assert_equal "$(cat r_a_x.seq)" 1
    assert_equal "$(cat r_b_x.seq)" 2
}

@test "--results with a replacement string ending in /: a directory with seq, stdout, stderr" {
    lanes -j1 --results 'd/{1}/{#}/' 'echo o{1}; echo e{1} >&2' ::: a b >/dev/null 2>&1
    assert_equal "$(cat d/a/1/stdout)" oa
    assert_equal "$(cat d/a/1/stderr)" ea
    assert_equal "$(cat d/b/2/seq)" 2
}

@test "--results templates as GNU parallel: file form and directory form" {
    both -j1 --results 'r_{1}_{2}' 'echo o{1}{2}; echo e{1} >&2' ::: a b ::: x y
    same_status
    local f
    for f in r_a_x r_a_y r_b_x r_b_y; do
        cmp "p/$f" "l/$f" && cmp "p/$f.err" "l/$f.err" && cmp "p/$f.seq" "l/$f.seq" || fail "$f differs"
    done
    both -j1 --results 'd/{1}/{2}/' 'echo o{1}{2}; exit 1' ::: a b ::: x y
    same_status
    same_tree d
}

@test "--results templates as GNU parallel: {#} {.} {/} in the path" {
    both -j1 --results 'out/{#}-{/.}/' 'echo {}' ::: dir/f1.txt dir/f2.c
    same_tree out
}

# ---------------------------------------------------------------- --results .csv .tsv .json

@test "--results x.csv: header, one record a job, fields quoted as GNU parallel" {
    lanes -j1 --results o.csv 'echo o{}; echo e{} >&2' ::: a 'b,c' >/dev/null 2>&1
    assert_equal "$(head -n 1 o.csv)" "Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,V1,Stdout,Stderr"
    run mask_res o.csv
    assert_line --index 1 '1,:,START,RUNTIME,0,3,0,0,"echo oa; echo ea >&2",a,"oa'
}

@test "--results as GNU parallel: .csv with quotes, commas, newlines, tabs, exit codes, signals" {
    both -j1 --results o.csv '{}' ::: 'printf "a,b\"c\n\td"' 'printf "\x01\x7f\xc3\xa9"' 'kill -9 $$' true 'echo x >&2; exit 5' 'printf "a\r\nb"'
    same_status
    assert_equal "$(mask_res l/o.csv)" "$(mask_res p/o.csv)"
}

@test "--results as GNU parallel: .tsv" {
    both -j1 --results o.tsv '{}' ::: 'printf "a,b\"c\n\td"' 'printf "\x01\x7f\xc3\xa9"' 'echo x >&2; exit 5' 'printf "\0nul"'
    same_status
    assert_equal "$(mask_res l/o.tsv)" "$(mask_res p/o.tsv)"
}

@test "--results as GNU parallel: .json with control bytes, quotes, backslashes, NUL" {
    both -j1 --results o.json '{}' ::: 'printf "a,b\"c\n\td\\\\"' 'printf "\x01\x7f\xc3\xa9\x1f"' 'kill -9 $$' true 'echo x >&2; exit 5' 'printf "\0nul"'
    same_status
    assert_equal "$(mask_res l/o.json)" "$(mask_res p/o.json)"
}

@test "--results as GNU parallel: .csv with two sources and -N2" {
    both -j1 --results o.csv 'echo {1} {2}' ::: a b ::: 'x y' z
    assert_equal "$(mask_res l/o.csv)" "$(mask_res p/o.csv)"
    both -j1 -N2 --results o.csv 'echo {1} {2}' ::: a b c
    assert_equal "$(mask_res l/o.csv)" "$(mask_res p/o.csv)"
}

@test "--results as GNU parallel: .CSV (upper case) and an empty run" {
    both -j1 --results o.CSV 'echo {}' ::: a
    assert_equal "$(mask_res l/o.CSV)" "$(mask_res p/o.CSV)"
    both --results e.csv 'echo {}' :::
    [ -e l/e.csv ] && [ ! -s l/e.csv ] || fail "e.csv: $(ls -l l)"
    cmp p/e.csv l/e.csv
}

@test "--results x.csv with -k: records in input order (as GNU parallel)" {
    lanes -k -j2 --results o.csv 'sleep {}' ::: 0.5 0 >/dev/null
    assert_equal "$(tail -n +2 o.csv | cut -d, -f1 | tr '\n' ' ')" "1 2 "
}

@test "--results x.csv prints no job output on stdout (as GNU parallel)" {
    run --separate-stderr lanes -j1 --results o.csv 'echo {}' ::: a
    assert_output ""
}

@test "--results -.csv: the records on stdout, nothing else (as GNU parallel)" {
    both -j1 --results -.csv 'echo {}' ::: a b
    assert_equal "$(mask_res l/.stdout)" "$(mask_res p/.stdout)"
}

@test "--results x.json that cannot be created: exit 255 naming it" {
    run --separate-stderr lanes --results "$BATS_TEST_TMPDIR/no/such/x.json" echo ::: a
    assert_failure 255
    [[ "$stderr" == *"no/such/x.json"* ]] || fail "$stderr"
}

@test "--results and --joblog together agree on each job" {
    run lanes -j1 --joblog log --results o.tsv 'printf %s {}; exit {}' ::: 0 1 2
    assert_failure 2
    assert_equal "$(tail -n +2 log | cut -f1,5-8)" "$(tail -n +2 o.tsv | cut -f1,5-8)"
}
