#!/usr/bin/env bats
# modes: the output modes besides the default whole-job output: --line-buffer (whole lines
# from all jobs, never half lines), -u (as it comes), --tag, --tagstring, --ctag/--color
# (lanes' palette is its own: only the structure is checked), --files.
# Jobs are ordered with barrier files where order matters; every wait is bounded.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    LANES_BG=
    ESC=$'\033'
}

teardown() {
    touch "$BATS_TEST_TMPDIR/go" "$BATS_TEST_TMPDIR/go2" 2>/dev/null || :
    if [ -n "${LANES_BG:-}" ] && kill -0 "$LANES_BG" 2>/dev/null; then
        kill -KILL "$LANES_BG" 2>/dev/null || :
    fi
}

# The shell text of a wait for FILE (at most ~20 s) inside a job.
wait_for() {
    printf 'i=0; while [ ! -e %s ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done' "$1"
}

# The shell text, inside a job, of a wait (at most ~40 s) until the process whose pid is in
# PIDFILE has exited and been reaped.
after_exit() {
    printf '%s; while kill -0 "$(cat %s)" 2>/dev/null && [ $i -lt 800 ]; do sleep 0.05; i=$((i + 1)); done' "$(wait_for "$1")" "$1"
}

# A job that writes each of its 5 lines in three pieces, 0.1 s apart.
SLOW='for i in 1 2 3 4 5; do printf "{}-a$i "; sleep 0.1; printf "{}-b$i "; sleep 0.1; printf "{}-c$i\n"; done'

# whole_slow_lines FILE: every line of FILE is one whole line of one SLOW job.
whole_slow_lines() {
    local bad
    bad=$(grep -Ev '^([A-Z])-a([1-5]) \1-b\2 \1-c\2$' "$1") || :
    [ -z "$bad" ] || fail "mixed or broken lines: $(printf '%s' "$bad" | cat -A)"
}

# ---------------------------------------------------------------- --group

@test "--group is the default: same bytes with and without it" {
    lanes -k -j3 'echo {}; echo err{} >&2; printf x' ::: 1 2 3 >a 2>ea
    lanes --group -k -j3 'echo {}; echo err{} >&2; printf x' ::: 1 2 3 >b 2>eb
    cmp a b
    cmp ea eb
}

@test "--group: jobs writing half lines slowly still come out one job at a time" {
    lanes --group -j3 "$SLOW" ::: X Y Z >out
    [ "$(wc -l <out)" -eq 15 ]
    whole_slow_lines out
    [ "$(awk '{print substr($1, 1, 1)}' out | uniq | wc -l)" -eq 3 ] || fail "$(cat out)"
}

# ---------------------------------------------------------------- --line-buffer

@test "--lb: three jobs writing half lines slowly: only whole lines, never mixed" {
    lanes --lb -j3 "$SLOW" ::: X Y Z >out
    [ "$(wc -l <out)" -eq 15 ] || fail "$(cat -A out)"
    whole_slow_lines out
    # Each job's own lines keep their order.
    local j
    for j in X Y Z; do
        assert_equal "$(grep "^$j-" out | cut -c4)" "$(printf '%s\n' 1 2 3 4 5)"
    done
}

@test "--line-buffer (long name) is --lb" {
    lanes --line-buffer -j3 "$SLOW" ::: X Y Z >out
    [ "$(wc -l <out)" -eq 15 ]
    whole_slow_lines out
}

@test "--lb -k: whole lines, in input order" {
    run lanes --lb -k -j3 "$SLOW" ::: X Y Z
    assert_success
    local want='' j i
    for j in X Y Z; do
        for i in 1 2 3 4 5; do
            want+="$j-a$i $j-b$i $j-c$i"$'\n'
        done
    done
    assert_output "${want%$'\n'}"
}

@test "--lb: half lines on stderr are never mixed either" {
    lanes --lb -j3 "( $SLOW ) >&2" ::: X Y Z 2>err >out
    [ ! -s out ]
    [ "$(wc -l <err)" -eq 15 ]
    whole_slow_lines err
}

@test "--lb: a whole line comes out while its job still runs" {
    lanes --lb -j2 "echo line-{}; $(wait_for go); echo end-{}" ::: 1 >out 2>err &
    LANES_BG=$!
    wait_grep '^line-1$' out
    release go
    assert_equal "$(cat out)" $'line-1\nend-1'
}

@test "--lb: a half line is held until its newline comes" {
    lanes --lb "printf half-{}; : >ready; $(wait_for go); echo -rest" ::: 1 >out 2>err &
    LANES_BG=$!
    wait_file ready
    sleep 0.3
    [ ! -s out ] || fail "half a line was printed: $(cat -A out)"
    release go
    assert_equal "$(cat out)" "half-1-rest"
}

@test "--lb: one job's whole line is not held up by another job's half line" {
    lanes --lb -j2 '{}' ::: "printf half; : >ready; $(wait_for go); echo -done" "$(wait_for ready); echo whole; : >printed; $(wait_for go2)" >out 2>err &
    LANES_BG=$!
    wait_file printed
    wait_grep '^whole$' out
    release go go2
    assert_equal "$(cat out)" $'whole\nhalf-done'
}

@test "--lb: a last line without newline is printed when the job ends" {
    run lanes --lb -k 'printf "{}a\n{}b"' ::: 1 2
    assert_success
    assert_output $'1a\n1b2a\n2b'
}

@test "--lb -k: the head job streams lines; a later job's lines wait for their turn" {
    lanes --lb -k -j2 '{}' ::: "echo one; $(wait_for two.done); $(wait_for go); echo one-b" "echo two; : >two.done" >out 2>err &
    LANES_BG=$!
    wait_file two.done
    wait_grep '^one$' out
    sleep 0.2
    if grep -q two out; then fail "job 2 printed before job 1 ended: $(cat out)"; fi
    release go
    assert_equal "$(cat out)" $'one\none-b\ntwo'
}

@test "--lb --tag: a line written in pieces gets one tag" {
    run lanes --lb --tag -j3 "$SLOW" ::: X Y Z
    assert_success
    [ "${#lines[@]}" -eq 15 ]
    local l
    for l in "${lines[@]}"; do
        [[ "$l" =~ ^([XYZ])$'\t'([XYZ])-a([1-5])\ ([XYZ])-b([1-5])\ ([XYZ])-c([1-5])$ ]] || fail "bad line: $l"
        [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] && [ "${BASH_REMATCH[2]}" = "${BASH_REMATCH[4]}" ] || fail "bad line: $l"
    done
}

@test "--lb: 4 jobs x 20000 lines: every line whole, none lost" {
    lanes --lb -j4 'seq 20000 | sed "s/^/{}:/"' ::: a b c d >out
    [ "$(wc -l <out)" -eq 80000 ]
    run grep -cvE '^[abcd]:[0-9]+$' out
    assert_output 0
    local j
    for j in a b c d; do
        assert_equal "$(grep "^$j:" out | cut -d: -f2 | md5sum)" "$(seq 20000 | md5sum)"
    done
}

# ---------------------------------------------------------------- --ungroup

@test "-u and --ungroup: output comes as it is written, half lines too" {
    local o
    for o in -u --ungroup; do
        rm -f go
        lanes "$o" "printf half-{}; $(wait_for go); echo -rest" ::: 1 >out 2>err &
        LANES_BG=$!
        local i=0
        until [ "$(cat out 2>/dev/null)" = half-1 ]; do
            i=$((i + 1))
            [ "$i" -le 400 ] || fail "$o: half line never printed: $(cat -A out)"
            sleep 0.05
        done
        release go
        assert_equal "$(cat out)" half-1-rest
    done
}

@test "-u -j1: the jobs' output in their order, bytes unchanged" {
    run lanes -u -j1 'printf "{}a\n{}b"' ::: 1 2 3
    assert_success
    assert_output $'1a\n1b2a\n2b3a\n3b'
}

# The shell text of a wait (at most ~20 s) until ./out holds a line TEXT.
wait_out() {
    printf 'i=0; while ! grep -qx %s out && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done' "$1"
}

@test "-u: two jobs' outputs interleave as written" {
    # Each job waits until lanes has printed the other's line.
    lanes -u -j2 '{}' ::: "echo a1; $(wait_out b1); echo a2" "$(wait_out a1); echo b1" >out 2>err
    assert_equal "$(cat out)" $'a1\nb1\na2'
}

@test "-u: stdout and stderr stay apart" {
    run --separate-stderr lanes -u -j1 'echo out-{}; echo err-{} >&2' ::: 1 2
    assert_success
    assert_output $'out-1\nout-2'
    assert_equal "$stderr" $'err-1\nerr-2'
}

@test "-u: --tag is ignored, as GNU parallel documents" {
    run lanes -u -j1 --tag 'echo {}' ::: a b
    assert_output $'a\nb'
}

@test "-u: -k is ignored (output comes as it is written)" {
    lanes -u -k -j2 '{}' ::: "$(wait_out two); echo one" "echo two" >out 2>err
    run cat out
    assert_output $'two\none'
}

@test "--group, --lb and -u exclude each other (exit 255, as GNU parallel)" {
    run lanes -u --group echo ::: a
    assert_failure 255
    run lanes --lb --group echo ::: a
    assert_failure 255
    run lanes -u --lb echo ::: a
    assert_failure 255
}

# ---------------------------------------------------------------- --tag, --tagstring

@test "--tag: every stdout and stderr line starts with the argument and a tab" {
    run --separate-stderr lanes -k --tag 'echo a{}; echo b{}; echo e{} >&2' ::: 1 2
    assert_success
    assert_output $'1\ta1\n1\tb1\n2\ta2\n2\tb2'
    assert_equal "$stderr" $'1\te1\n2\te2'
}

@test "--tag: empty lines are tagged, a job with no output prints nothing" {
    run lanes -k --tag '{}' ::: 'printf "\n\nx\n"' true
    assert_success
    assert_output $'printf "\\n\\nx\\n"\t\nprintf "\\n\\nx\\n"\t\nprintf "\\n\\nx\\n"\tx'
}

@test "--tag: a last line without newline is tagged and left open" {
    run lanes -k --tag 'printf "a\nb"' ::: 1 2
    assert_output $'1\ta\n1\tb2\ta\n2\tb'
}

@test "--tag with two sources: the tag is the values joined by a space" {
    run lanes -k --tag echo ::: a b ::: x
    assert_output $'a x\ta x\nb x\tb x'
}

@test "--tag in grouped (no -k) mode tags each job's lines" {
    lanes -j3 --tag 'seq 3; : {}' ::: a b c >out
    [ "$(wc -l <out)" -eq 9 ]
    run grep -cvE '^[abc]'$'\t''[1-3]$' out
    assert_output 0
    local j
    for j in a b c; do
        assert_equal "$(grep "^$j"$'\t' out | cut -f2 | tr -d '\n')" 123
    done
}

@test "--tag: a tagged line with \\r gets the tag after the \\r too, as GNU parallel" {
    run lanes -k --tag 'printf "x\ry\n"' ::: 1
    assert_output $'1\tx\r1\ty'
}

@test "--tagstring: a fixed string" {
    run lanes -k --tagstring 'T:' 'echo {}' ::: a b
    assert_output $'T:\ta\nT:\tb'
}

@test "--tagstring with {1} {2} and text around them" {
    run lanes -k --tagstring '<{1}|{2}>' 'echo {1}{2}' ::: a b ::: x y
    assert_output $'<a|x>\tax\n<a|y>\tay\n<b|x>\tbx\n<b|y>\tby'
}

@test "--tagstring {#} is the job number, {%} a job slot" {
    run lanes -k -j2 --tagstring '{#}/{%}/{}' 'echo v; : {}' ::: a b c d e
    assert_success
    [ "${#lines[@]}" -eq 5 ]
    local n=1 l tab=$'\t'
    for l in "${lines[@]}"; do
        [[ "$l" =~ ^$n/([12])/[a-e]${tab}v$ ]] || fail "line $n: $l"
        n=$((n + 1))
    done
    run lanes -j1 --tagstring '{#}-{%}' 'echo {}' ::: a b c
    assert_output $'1-1\ta\n2-1\tb\n3-1\tc'
}

@test "--tagstring with {.} {/} {//}" {
    run lanes -k --tagstring '{/}|{.}|{//}' true ::: dir/file.txt
    assert_output ''
    run lanes -k --tagstring '{/}|{.}|{//}' 'echo x; : {}' ::: dir/file.txt
    assert_output $'file.txt|dir/file|dir\tx'
}

@test "--tagstring with stderr and -k" {
    run --separate-stderr lanes -k --tagstring '[{}]' 'echo o{}; echo e{} >&2' ::: 1 2
    assert_output $'[1]\to1\n[2]\to2'
    assert_equal "$stderr" $'[1]\te1\n[2]\te2'
}

@test "--tagstring wins over --tag whatever their order (as GNU parallel)" {
    run lanes -k --tag --tagstring X echo ::: a
    assert_output $'X\ta'
    run lanes -k --tagstring X --tag echo ::: a
    assert_output $'X\ta'
}

# ---------------------------------------------------------------- --color, --ctag

# color_lines FILE: each line is ESC[48;5;N;38;5;Mm ESC[K TEXT ESC[m; prints the TEXTs.
color_lines() {
    local l n=0
    while IFS= read -r l; do
        n=$((n + 1))
        [[ "$l" =~ ^$ESC\[48\;5\;([0-9]+)\;38\;5\;([0-9]+)m$ESC\[K(.*)$ESC\[m$ ]] ||
            fail "line $n is not one coloured line: $(printf '%s' "$l" | cat -A)"
        [ "${BASH_REMATCH[1]}" -le 255 ] && [ "${BASH_REMATCH[2]}" -le 255 ] || fail "colour out of range: $l"
        printf '%s\n' "${BASH_REMATCH[3]}"
    done <"$1"
}

# color_of LINE: the colour prefix of a line.
color_of() {
    printf '%s' "${1%%${ESC}\[K*}"
}

@test "--color: every line is ESC[48;5;N;38;5;Mm ESC[K text ESC[m" {
    lanes -k --color 'printf "a{}\n\nb{}\n"' ::: 1 2 >out
    run color_lines out
    assert_success
    assert_output $'a1\n\nb1\na2\n\nb2'
}

@test "--colour is --color" {
    lanes -k --colour 'echo {}' ::: 1 >out
    run color_lines out
    assert_output 1
}

@test "--color: all lines of a job share a colour; consecutive jobs differ" {
    lanes -k --color 'seq 3; : {}' ::: 1 2 3 >out
    mapfile -t l <out
    [ "${#l[@]}" -eq 9 ]
    local c1 c2 c3
    c1=$(color_of "${l[0]}") c2=$(color_of "${l[3]}") c3=$(color_of "${l[6]}")
    [ "$(color_of "${l[1]}")" = "$c1" ] && [ "$(color_of "${l[2]}")" = "$c1" ] || fail "job 1 changes colour"
    [ "$(color_of "${l[4]}")" = "$c2" ] && [ "$(color_of "${l[5]}")" = "$c2" ] || fail "job 2 changes colour"
    [ "$c1" != "$c2" ] && [ "$c2" != "$c3" ] && [ "$c1" != "$c3" ] || fail "jobs 1-3 share colours"
}

@test "--color: stderr lines are coloured too" {
    lanes -k --color 'echo e{} >&2' ::: 1 2 2>err >out
    [ ! -s out ]
    run color_lines err
    assert_success
    assert_output $'e1\ne2'
}

@test "--ctag: each line coloured and tagged" {
    lanes -k --ctag 'echo a{}; echo b{}' ::: 1 2 >out
    run color_lines out
    assert_success
    assert_output $'1\ta1\n1\tb1\n2\ta2\n2\tb2'
}

@test "--ctag with --lb and -k: whole coloured lines in order" {
    lanes --lb -k -j3 --ctag "$SLOW" ::: X Y >out
    run color_lines out
    assert_success
    [ "${#lines[@]}" -eq 10 ]
    [[ "${lines[0]}" == $'X\tX-a1 X-b1 X-c1' ]] || fail "${lines[0]}"
    [[ "${lines[9]}" == $'Y\tY-a5 Y-b5 Y-c5' ]] || fail "${lines[9]}"
}

@test "--color --tagstring: the string is the tag" {
    lanes -k --color --tagstring 'T{}' 'echo a{}' ::: 1 >out
    run color_lines out
    assert_output $'T1\ta1'
}

@test "--ctag --tagstring X: X is the coloured tag (as GNU parallel)" {
    lanes -k --tagstring X --ctag 'echo a{}' ::: 1 >out
    run color_lines out
    assert_output $'X\ta1'
}

@test "--color: a last line without newline still ends with ESC[m and a newline" {
    lanes -k --color 'printf x{}' ::: 1 2 >out
    run color_lines out
    assert_success
    assert_output $'x1\nx2'
}

# ---------------------------------------------------------------- --files

@test "--files: one name a line; each file holds its job's stdout; stderr stays on stderr" {
    mkdir d
    run --separate-stderr lanes -k --files --tmpdir d 'echo out-{}; echo err-{} >&2' ::: 1 2 3
    assert_success
    [ "${#lines[@]}" -eq 3 ]
    assert_equal "$stderr" $'err-1\nerr-2\nerr-3'
    local i=1 f
    for f in "${lines[@]}"; do
        [[ "$f" == d/* ]] || fail "not in d: $f"
        [ -f "$f" ] || fail "missing: $f"
        assert_equal "$(cat "$f")" "out-$i"
        i=$((i + 1))
    done
}

@test "--files -k: names in input order even when later jobs finish first" {
    mkdir d
    run lanes -k -j3 --files --tmpdir d '{}' ::: "$(wait_for three.done); echo 1" "$(wait_for three.done); echo 2" "echo 3; : >three.done"
    assert_success
    [ "${#lines[@]}" -eq 3 ]
    assert_equal "$(cat "${lines[0]}" "${lines[1]}" "${lines[2]}")" $'1\n2\n3'
}

@test "--files without -k: every job's file is listed, in order of completion" {
    mkdir d
    # Job 1 goes on only once job 2 has exited and lanes has reaped it (kill -0 fails).
    run lanes -j3 --files --tmpdir d '{}' ::: "$(after_exit three.pid); echo 1" 'echo 3; echo $$ >three.tmp; mv three.tmp three.pid'
    assert_success
    [ "${#lines[@]}" -eq 2 ]
    assert_equal "$(cat "${lines[0]}")" 3
    assert_equal "$(cat "${lines[1]}")" 1
}

@test "--output-as-files and --outputasfiles are --files" {
    mkdir d
    local o f
    for o in --output-as-files --outputasfiles; do
        f=$(lanes $o --tmpdir d echo ::: x)
        assert_equal "$(cat "$f")" x
    done
}

@test "--files: the files stay after lanes ends; \$TMPDIR is used without --tmpdir" {
    mkdir d
    run env TMPDIR="$PWD/d" lanes -k --files echo ::: a b
    assert_success
    [[ "${lines[0]}" == "$PWD/d/"* ]] || fail "not in \$TMPDIR: ${lines[0]}"
    [ "$(ls -A d | wc -l)" -eq 2 ]
    assert_equal "$(cat "${lines[0]}")" a
}

@test "--files: a job with no output gets an empty file; exit status is the jobs'" {
    mkdir d
    run --separate-stderr lanes -k --files --tmpdir d 'exit {}' ::: 0 3
    assert_failure 1
    [ "${#lines[@]}" -eq 2 ]
    [ -f "${lines[0]}" ] && [ ! -s "${lines[0]}" ]
    [ -f "${lines[1]}" ] && [ ! -s "${lines[1]}" ]
}

@test "--files: 20 MB of binary output goes whole to the file" {
    mkdir d
    head -c 20000000 /dev/urandom >rand
    run lanes --files --tmpdir d --output-memory 1M cat ::: rand
    assert_success
    cmp rand "$output"
}

@test "--files --tag: the tag comes before the file name (as GNU parallel)" {
    mkdir d
    run lanes -k --files --tag --tmpdir d echo ::: a
    [[ "$output" == $'a\td/'* ]] || fail "$output"
}

@test "--files wins over --lb whatever their order (as GNU parallel)" {
    mkdir d
    run lanes -k --lb --files --tmpdir d 'echo {}' ::: a
    [[ "$output" == d/* ]] || fail "$output"
    run lanes -k --files --lb --tmpdir d 'echo {}' ::: a
    [[ "$output" == d/* ]] || fail "$output"
}
