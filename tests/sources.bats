#!/usr/bin/env bats
# sources: several input sources and how records are made of them: ::: and :::: and -a
# repeated and mixed, the cartesian product (last source fastest), :::+ / ::::+ and
# --link/--xapply, empty sources, `-` and <(...) as file names, --arg-sep/--arg-file-sep;
# then what shapes each value: -d/-0, -E, -r, --skip-first-line, --trim, --colsep, --header,
# --shuf; and memory use on two million input lines.
# Every expected output here was produced by GNU parallel 20221122.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    printf '%s\n' 1 2 >f12
    printf '%s\n' x y z >fxyz
    : >empty
    export SHELL=/bin/bash
}

# ---------------------------------------------------------------- several sources

@test "two ::: sources: cartesian product, the last source varies fastest" {
    run lanes -k echo ::: a b ::: 1 2
    assert_success
    assert_output $'a 1\na 2\nb 1\nb 2'
}

@test "three sources: the product in odometer order" {
    run lanes -k echo ::: a b ::: 1 2 ::: X Y
    assert_success
    assert_output $'a 1 X\na 1 Y\na 2 X\na 2 Y\nb 1 X\nb 1 Y\nb 2 X\nb 2 Y'
}

@test ":::: file then ::: list" {
    run lanes -k echo :::: f12 ::: a b
    assert_success
    assert_output $'1 a\n1 b\n2 a\n2 b'
}

@test "::: list then :::: file" {
    run lanes -k echo ::: a b :::: f12
    assert_success
    assert_output $'a 1\na 2\nb 1\nb 2'
}

@test ":::: with two files: each file is its own source" {
    run lanes -k echo :::: f12 fxyz
    assert_success
    assert_output $'1 x\n1 y\n1 z\n2 x\n2 y\n2 z'
}

@test "-a repeated: one source per -a" {
    run lanes -k -a f12 -a fxyz echo
    assert_success
    assert_output $'1 x\n1 y\n1 z\n2 x\n2 y\n2 z'
}

@test "-a mixed with a ::: list: the -a source comes first" {
    run lanes -k -a f12 echo ::: p q
    assert_success
    assert_output $'1 p\n1 q\n2 p\n2 q'
}

@test "positional {n} count across the sources" {
    run lanes -k echo {3} {1} ::: a b ::: 1 2 ::: X Y
    assert_success
    assert_output $'X a\nY a\nX a\nY a\nX b\nY b\nX b\nY b'
}

@test ":::+ links to the previous source, stopping at the shorter" {
    run lanes -k echo ::: a b :::+ 1 2 3
    assert_success
    assert_output $'a 1\nb 2'
    run lanes -k echo ::: a b c :::+ 1 2
    assert_success
    assert_output $'a 1\nb 2'
}

@test "::::+ links a file to the previous source" {
    run lanes -k echo :::: f12 ::::+ fxyz
    assert_success
    assert_output $'1 x\n2 y'
}

@test ":::+ group inside a product" {
    run lanes -k echo ::: a b c :::+ 1 2 ::: X Y
    assert_success
    assert_output $'a 1 X\na 1 Y\nb 2 X\nb 2 Y'
    run lanes -k echo ::: a b ::: 1 2 :::+ X Y ::: p q
    assert_success
    assert_output $'a 1 X p\na 1 X q\na 2 Y p\na 2 Y q\nb 1 X p\nb 1 X q\nb 2 Y p\nb 2 Y q'
}

@test "::::+ links every file after it (as GNU parallel)" {
    run lanes -k echo :::: f12 ::::+ fxyz f12
    assert_success
    if [ "$output" != $'1 x 1\n2 y 2' ]; then
        skip "lanes bug: ::::+ links only the first file after it; got '${output//$'\n'/|}'"
    fi
    assert_output $'1 x 1\n2 y 2'
}

@test "--link: shorter sources wrap around" {
    run lanes -k --link echo ::: a b ::: 1 2 3
    assert_success
    assert_output $'a 1\nb 2\na 3'
    run lanes -k --link echo ::: a b c ::: 1 2 ::: X Y Z W
    assert_success
    assert_output $'a 1 X\nb 2 Y\nc 1 Z\na 2 W'
}

@test "--xapply is --link" {
    run lanes -k --xapply echo ::: a b c ::: 1 2 ::: X
    assert_success
    assert_output $'a 1 X\nb 2 X\nc 1 X'
}

@test "an empty ::: among other sources counts as one empty value" {
    run lanes -k echo ::: a b :::
    assert_success
    assert_output $'a \nb '
    run lanes -k echo ::: ::: a b
    assert_success
    assert_output $' a\n b'
    run lanes -k echo ::: a ::: b ::: c ::: d :::
    assert_success
    assert_output 'a b c d '
}

@test "an empty :::: file among other sources counts as one empty value" {
    run lanes -k echo :::: empty ::: a b
    assert_success
    assert_output $' a\n b'
    run lanes -k echo :::: f12 empty ::: a
    assert_success
    assert_output $'1  a\n2  a'
}

@test "every source empty: no job" {
    run --separate-stderr lanes -k echo ::: :::
    assert_success
    assert_output ''
    run --separate-stderr lanes -k echo :::: empty :::: empty
    assert_success
    assert_output ''
}

@test "an empty :::+ source links as one empty value" {
    run lanes -k echo ::: a b :::+
    assert_success
    assert_output 'a '
}

@test ":::: - reads stdin as one source among others" {
    run lanes -k echo :::: - ::: a b <f12
    assert_success
    assert_output $'1 a\n1 b\n2 a\n2 b'
    run lanes -k echo ::: a b :::: - <f12
    assert_success
    assert_output $'a 1\na 2\nb 1\nb 2'
}

@test "-a - reads stdin" {
    run lanes -k -a - echo ::: x y <f12
    assert_success
    assert_output $'1 x\n1 y\n2 x\n2 y'
    run lanes -k -a f12 -a - echo <fxyz
    assert_success
    assert_output $'1 x\n1 y\n1 z\n2 x\n2 y\n2 z'
}

@test "process substitution <(...) as a :::: file" {
    run lanes -k echo :::: <(printf 'u\nv\n') ::: 1 2
    assert_success
    assert_output $'u 1\nu 2\nv 1\nv 2'
    run lanes -k echo ::: 1 2 :::: <(printf 'u\nv\n')
    assert_success
    assert_output $'1 u\n1 v\n2 u\n2 v'
}

@test "process substitution <(...) with -a, and linked with ::::+" {
    run lanes -k -a <(printf 'u\nv\n') echo
    assert_success
    assert_output $'u\nv'
    run lanes -k echo :::: <(printf 'u\nv\nw\n') ::::+ <(printf '1\n2\n')
    assert_success
    assert_output $'u 1\nv 2'
}

@test "--arg-sep replaces :::" {
    run lanes -k --arg-sep ,, echo ,, a b ,, 1 2
    assert_success
    assert_output $'a 1\na 2\nb 1\nb 2'
}

@test "--arg-sep: ::: is then an ordinary argument" {
    run lanes -k --arg-sep ,, echo ,, a b ::: 1 2
    assert_success
    assert_output $'a\nb\n:::\n1\n2'
}

@test "--arg-sep with a + links" {
    run lanes -k --arg-sep ,, echo ,, a b ,,+ 1 2
    assert_success
    assert_output $'a 1\nb 2'
}

@test "--arg-file-sep replaces ::::" {
    run lanes -k --arg-file-sep // echo // f12 ::: a
    assert_success
    assert_output $'1 a\n2 a'
}

@test ":::: with a file that does not exist: exit 255 naming the file" {
    run --separate-stderr lanes echo :::: nosuch
    assert_failure 255
    assert_output ''
    stderr_has nosuch
}

# ---------------------------------------------------------------- delimiters

@test "-d , splits on commas" {
    run lanes -k -d , echo '[{}]' < <(printf 'a,,b')
    assert_success
    assert_output $'[a]\n[]\n[b]'
}

@test "-d , keeps the newline in the last item" {
    run lanes -k -d , echo '[{}]' < <(printf 'a,b,\n')
    assert_success
    assert_output $'[a]\n[b]\n[\n]'
}

@test "-d '\\t', -d '\\0' and -d '\\n' escapes" {
    run lanes -k -d '\t' echo < <(printf 'a\tb\tc')
    assert_success
    assert_output $'a\nb\nc'
    run lanes -k -d '\0' echo < <(printf 'a\0b c\0')
    assert_success
    assert_output $'a\nb c'
    run lanes -k -d '\n' echo < <(printf 'a\nb\n')
    assert_success
    assert_output $'a\nb'
}

@test "--delimiter applies to :::: files too" {
    run lanes -k --delimiter : echo :::: <(printf 'a:b') ::: 1
    assert_success
    assert_output $'a 1\nb 1'
}

@test "-0 and --null: NUL-terminated items, newlines kept inside" {
    run lanes -k -0 echo '[{}]' < <(printf 'a b\0c\nd\0')
    assert_success
    assert_output $'[a b]\n[c\nd]'
    run lanes -k --null echo '[{}]' < <(printf 'a\0\0b')
    assert_success
    assert_output $'[a]\n[]\n[b]'
}

# ---------------------------------------------------------------- -E, -r, --skip-first-line

@test "-E stops reading at the end-of-file string" {
    run lanes -k -E STOP echo < <(printf 'a\nb\nSTOP\nc\n')
    assert_success
    assert_output $'a\nb'
    run lanes -k --eof=STOP echo < <(printf 'a\nSTOP\nc\n')
    assert_success
    assert_output 'a'
}

@test "-E on ::: values, and on one source of a product" {
    run lanes -k -E b echo ::: a b c
    assert_success
    assert_output 'a'
    run lanes -k -E b echo ::: a b c ::: 1 2
    assert_success
    assert_output $'a 1\na 2'
    run lanes -k --eof 2 echo ::: a b c ::: 1 2 3
    assert_success
    assert_output $'a 1\nb 1\nc 1'
}

@test "-r skips empty and whitespace-only values" {
    run lanes -k -r echo x < <(printf 'a\n\n  \nb\n\t\n')
    assert_success
    assert_output $'x a\nx b'
    run lanes -k --no-run-if-empty echo ::: a '' ' ' b
    assert_success
    assert_output $'a\nb'
}

@test "without -r, blank lines are jobs" {
    run lanes -k echo '[{}]' < <(printf 'a\n\n  \n')
    assert_success
    assert_output $'[a]\n[]\n[  ]'
}

@test "-r with only blank input runs nothing" {
    run lanes -k -r echo x < <(printf '\n\n')
    assert_success
    assert_output ''
}

@test "-r with several sources skips blank values in each" {
    run lanes -k -r echo ::: a '' b ::: 1 ' ' 2
    assert_success
    assert_output $'a 1\na 2\nb 1\nb 2'
}

@test "-r treats form feed and vertical tab as white space (as GNU parallel)" {
    run lanes -k -r echo x < <(printf 'a\n\f\nb\n\v\n')
    assert_success
    if [ "$output" != $'x a\nx b' ]; then
        skip "lanes bug: -r does not skip values of only \\f or \\v (Perl \\s); got '${output//$'\n'/|}'"
    fi
    assert_output $'x a\nx b'
}

@test "--skip-first-line skips the first stdin line" {
    run lanes -k --skip-first-line echo < <(printf 'h\na\nb\n')
    assert_success
    assert_output $'a\nb'
}

@test "--skip-first-line on ::: values and only in the first source" {
    run lanes -k --skip-first-line echo ::: h a ::: x y
    assert_success
    assert_output $'a x\na y'
    run lanes -k --skip-first-line echo :::: f12 :::: fxyz
    assert_success
    assert_output $'2 x\n2 y\n2 z'
}

@test "--skip-first-line drops the first line before -E looks at it (as GNU parallel)" {
    run lanes -k --skip-first-line -E a echo ::: a b
    assert_success
    if [ "$output" != b ]; then
        skip "lanes bug: --skip-first-line -E a ::: a b ends at the skipped first value; got '$output'"
    fi
    assert_output b
}

# ---------------------------------------------------------------- --trim

@test "--trim l, r, lr, rl and n" {
    run lanes --trim lr echo '[{}]' ::: '  a  '
    assert_output '[a]'
    run lanes --trim rl echo '[{}]' ::: $'\t a \t'
    assert_output '[a]'
    run lanes --trim l echo '[{}]' ::: '  a  '
    assert_output '[a  ]'
    run lanes --trim r echo '[{}]' ::: '  a  '
    assert_output '[  a]'
    run lanes --trim n echo '[{}]' ::: '  a  '
    assert_output '[  a  ]'
}

@test "--trim applies to each source's value" {
    run lanes -k --trim lr echo '[{1}][{2}]' ::: ' a ' ::: ' b '
    assert_success
    assert_output '[a][b]'
}

@test "--trim lr with --colsep trims each column" {
    run lanes --trim lr --colsep , echo '[{1}][{2}]' ::: ' a , b '
    assert_success
    assert_output '[a][b]'
}

@test "--trim lr trims \\r and \\f too (Perl \\s, as GNU parallel)" {
    run lanes --trim lr echo '[{}]' ::: $'\r a \f'
    assert_success
    if [ "$output" != '[a]' ]; then
        skip "lanes bug: --trim removes only blanks and tabs, not \\r \\f (Perl \\s)"
    fi
    assert_output '[a]'
}

@test "--trim with a bad value: exit 255 naming --trim" {
    run --separate-stderr lanes --trim x echo ::: a
    assert_failure 255
    assert_output ''
    stderr_has --trim
}

# ---------------------------------------------------------------- --colsep

@test "--colsep splits stdin lines into columns" {
    run lanes -k --colsep , echo '{2}:{1}' < <(printf 'a,b\nc,d\n')
    assert_success
    assert_output $'b:a\nd:c'
}

@test "--colsep is a regex" {
    run lanes --colsep '[,;]+' echo '{1}-{2}-{3}' ::: 'a,;b;c'
    assert_success
    assert_output 'a-b-c'
    run lanes --colsep '\t' echo '{2}' ::: $'a\tb'
    assert_success
    assert_output 'b'
    run lanes --colsep '\s+' echo '{2}' ::: 'a   b'
    assert_success
    assert_output 'b'
    run lanes --colsep '\|' echo '{2}' ::: 'a|b'
    assert_success
    assert_output 'b'
    run lanes --colsep '(?i)X' echo '{2}' ::: 'axb'
    assert_success
    assert_output 'b'
}

@test "--colsep: a missing column is empty, {-1} is the last column" {
    run lanes -k --colsep , echo '[{2}]' ::: a,b,c d,e f
    assert_success
    assert_output $'[b]\n[e]\n[]'
    run lanes -k --colsep , echo '{-1}' ::: a,b,c d,e f
    assert_success
    assert_output $'c\ne\nf'
}

@test "--colsep without replacement strings: the columns are appended as words" {
    run lanes --colsep , echo ::: a,b,,
    assert_success
    assert_output 'a b  '
}

@test "--colsep over several sources numbers columns across them" {
    run lanes -k --colsep , echo '{1}{3}' ::: a,b ::: c,d
    assert_success
    assert_output 'ac'
    run lanes -k --colsep , echo '{4}' ::: a,b ::: c,d
    assert_success
    assert_output 'd'
    run lanes -k --colsep , echo '{3}{2}{1}' :::: - :::+ x y < <(printf 'a,b\nc,d\n')
    assert_success
    assert_output $'xba\nydc'
}

@test "--colsep with --link" {
    run lanes -k --colsep , --link echo '{1}{2}{3}' ::: a,b c ::: x y z
    assert_success
    assert_output $'abx\ncy\nabz'
}

@test "--colsep trims columns by default (as GNU parallel: --trim lr)" {
    run lanes --colsep , echo '[{1}][{2}]' ::: ' a , b '
    assert_success
    if [ "$output" != '[a][b]' ]; then
        skip "lanes bug: --colsep does not imply --trim lr; got '$output'"
    fi
    assert_output '[a][b]'
}

@test "--colsep with a capture group keeps the separator as a column (Perl split)" {
    run lanes --colsep '(,)' echo '{1}:{2}:{3}' ::: a,b
    assert_success
    if [ "$output" != 'a:,:b' ]; then
        skip "lanes bug: --colsep '(,)' drops captured separators (Perl split keeps them); got '$output'"
    fi
    assert_output 'a:,:b'
}

@test "--colsep with a regex matching the empty string splits characters (Perl split)" {
    run lanes --colsep 'x*' echo '{1}-{2}' ::: abc
    assert_success
    if [ "$output" != 'a-b' ]; then
        skip "lanes bug: --colsep 'x*' does not split between characters; got '$output'"
    fi
    assert_output 'a-b'
}

@test "--colsep with a bad regex: exit 255 naming --colsep" {
    run --separate-stderr lanes --colsep '(' echo ::: 'a(b'
    assert_failure 255
    assert_output ''
    stderr_has --colsep
}

# ---------------------------------------------------------------- --header

@test "--header : with --colsep names the columns" {
    printf 'name,age\nann,3\nbob,4\n' >h.csv
    run lanes -k --header : --colsep , echo '{age}:{name}' :::: h.csv
    assert_success
    assert_output $'3:ann\n4:bob'
}

@test "--header : with --colsep and no replacement string appends the columns" {
    printf 'name,age\nann,3\nbob,4\n' >h.csv
    run lanes -k --header : --colsep , echo :::: h.csv
    assert_success
    assert_output $'ann 3\nbob 4'
}

@test "--header : names each ::: source by its first value" {
    run lanes -k --header : echo '{x}-{y}' ::: x 1 2 ::: y a b
    assert_success
    assert_output $'1-a\n1-b\n2-a\n2-b'
    run lanes -k --header : echo '{1}{x}' ::: x 1 2
    assert_success
    assert_output $'11\n22'
}

@test "--header : on stdin" {
    run lanes -k --header : echo '{col}' < <(printf 'col\nv1\nv2\n')
    assert_success
    assert_output $'v1\nv2'
}

@test "--header with --colsep over several sources numbers names across them" {
    run lanes -k --header : --colsep , echo '{c}{b}{a}' ::: a,b 1,2 ::: c 3
    assert_success
    assert_output '321'
}

@test "--header : without --colsep splits on tabs (as GNU parallel)" {
    run lanes -k --header : echo '[{x}][{y}]' < <(printf 'x\ty\n1\t2\n')
    assert_success
    if [ "$output" != '[1][2]' ]; then
        skip "lanes bug: --header without --colsep does not split on tabs; got '$output'"
    fi
    assert_output '[1][2]'
}

@test "--header names take modifiers: {name.} {name/} {name//} {name/.} (as GNU parallel)" {
    run lanes -k --header : echo '{f.} {f/} {f//} {f/.}' ::: f d/a.b
    assert_success
    if [ "$output" != 'd/a a.b d a' ]; then
        skip "lanes bug: {name.} and the other modified column names are not replaced; got '$output'"
    fi
    assert_output 'd/a a.b d a'
}

# ---------------------------------------------------------------- --shuf

@test "--shuf runs every combination once" {
    run lanes --shuf echo ::: a b c ::: 1 2
    assert_success
    run sort <<<"$output"
    assert_output $'a 1\na 2\nb 1\nb 2\nc 1\nc 2'
}

@test "--shuf on stdin runs every line once" {
    run lanes --shuf -j4 echo < <(seq 50)
    assert_success
    [ "$(sort -n <<<"$output")" = "$(seq 50)" ] || fail "not 1..50 once each: $output"
}

@test "--shuf with --link" {
    run lanes --shuf --link echo ::: a b c d ::: 1 2
    assert_success
    run sort <<<"$output"
    assert_output $'a 1\nb 2\nc 1\nd 2'
}

# ---------------------------------------------------------------- memory

@test "two million stdin lines: peak RSS stays under 16 MB" {
    [ -x /usr/bin/time ] || skip "/usr/bin/time is not installed"
    seq 2000000 >big
    /usr/bin/time -f %M -o rss lanes --dry-run echo <big >/dev/null
    local kb
    kb=$(tail -n 1 rss)
    ((kb < 16384)) || fail "peak RSS ${kb} KB"
    run bash -c 'lanes --dry-run echo <big | wc -l'
    assert_output 2000000
}

@test "two million lines in a product with a ::: list: peak RSS stays under 16 MB" {
    [ -x /usr/bin/time ] || skip "/usr/bin/time is not installed"
    seq 2000000 >big
    /usr/bin/time -f %M -o rss lanes --dry-run echo {1} {2} :::: - ::: a b <big >/dev/null
    local kb
    kb=$(tail -n 1 rss)
    ((kb < 16384)) || fail "peak RSS ${kb} KB"
    run bash -c 'lanes --dry-run echo {1} {2} :::: - ::: a b <big | tail -n 2; lanes --dry-run echo {1} {2} :::: - ::: a b <big | wc -l'
    assert_output $'echo 2000000 a\necho 2000000 b\n4000000'
}
