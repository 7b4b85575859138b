#!/usr/bin/env bats
# Differential tests (see compat_helper.bash): each case runs the same command line under GNU
# parallel and under lanes and compares stdout bytes and exit status exactly. Scope: several
# input sources (::: :::: -a, :::+ ::::+, --link, empty sources, -, --arg-sep), how values are
# cut and filtered (-d -0 -E -r --skip-first-line --trim --colsep --header --shuf),
# replacement strings beyond {} (positional, renamed, -q, --shell-quote), and many arguments
# a job (-N -n -L -l -X -m --xargs -s -x). Multi-job cases use -k so their order is fixed;
# every case was run twice under GNU parallel to check it is deterministic.
#
# Not here, because lanes differs on purpose: a ::: argument holding a newline, {%} under
# --dry-run, a single argument too long for the default -s (given -s or -x, lanes stops as GNU
# does), and bad values (-N -1, -s 0, ...) which GNU parallel accepts and lanes refuses.
#
# A case where lanes differs on purpose, as lanes(1) lists under COMPATIBILITY, goes through
# differs: it is skipped with the reason while lanes differs, and fails once lanes matches GNU
# parallel (then the case becomes a plain one and the entry in lanes(1) goes).

load test_helper
load compat_helper

setup() {
    compat_setup
    printf '%s\n' 1 2 >f12
    printf '%s\n' x y z >fxyz
    : >empty
    printf 'name,age\nann,3\nbob,4\n' >h.csv
}

# differs WHY ARGS...: compat ARGS must fail, for the reason WHY that lanes(1) lists.
differs() {
    local why=$1
    shift
    if compat "$@" 2>/dev/null; then
        fail "lanes now matches GNU parallel here: make this a plain case and drop from lanes(1): $why"
    fi
    skip "differs on purpose (lanes(1), COMPATIBILITY): $why"
}

# ---------------------------------------------------------------- several sources

@test "two ::: sources: the product" {
    compat -k echo ::: a b ::: 1 2
}

@test "three ::: sources: the last varies fastest" {
    compat -k echo ::: a b ::: 1 2 ::: X Y
}

@test "positional over three sources" {
    compat -k echo {3} {1} ::: a b ::: 1 2 ::: X Y
}

@test ":::: file then ::: list" {
    compat -k echo :::: f12 ::: a b
}

@test "::: list then :::: file" {
    compat -k echo ::: a b :::: f12
}

@test ":::: with two files" {
    compat -k echo :::: f12 fxyz
}

@test "-a repeated" {
    compat -k -a f12 -a fxyz echo
}

@test "-a mixed with :::" {
    compat -k -a f12 echo ::: p q
}

@test "--arg-file and -a with positional strings" {
    compat -k --arg-file f12 -a fxyz echo {2}{1}
}

@test ":::+ stops at the shorter second source" {
    compat -k echo ::: a b :::+ 1 2 3
}

@test ":::+ stops at the shorter first source" {
    compat -k echo ::: a b c :::+ 1 2
}

@test "::::+ links two files" {
    compat -k echo :::: f12 ::::+ fxyz
}

@test "::::+ links a file to a ::: list" {
    compat -k echo ::: a b ::::+ fxyz
}

@test ":::+ group then a product" {
    compat -k echo ::: a b c :::+ 1 2 ::: X Y
}

@test "a product around a :::+ group" {
    compat -k echo ::: a b ::: 1 2 :::+ X Y ::: p q
}

@test "--link wraps the shorter source" {
    compat -k --link echo ::: a b ::: 1 2 3
}

@test "--link over three sources" {
    compat -k --link echo ::: a b c ::: 1 2 ::: X Y Z W
}

@test "--xapply" {
    compat -k --xapply echo ::: a b c ::: 1 2 ::: X
}

@test "--xapply with a long middle source" {
    compat -k --xapply echo ::: a b ::: 1 2 3 4 ::: X
}

@test "--link over :::: files" {
    compat -k --link echo :::: f12 fxyz
}

# GNU parallel counts the + of a source after the command as if no -a file came before it.
@test ":::+ right after -a makes the product" {
    compat -k -a f12 echo :::+ a b
}

@test "::::+ right after -a makes the product" {
    compat -k -a f12 echo ::::+ fxyz
}

@test ":::+ after -a links the two sources before it" {
    compat -k -a f12 echo ::: p q :::+ a b
}

@test ":::+ after two -a files links the two -a sources" {
    compat -k -a f12 -a fxyz echo ::: p q :::+ a b
}

@test "::::+ after -a with two files" {
    printf '%s\n' A B >fAB
    compat -k -a f12 echo :::: fAB ::::+ fxyz f12
}

@test "empty last ::: source is one empty value" {
    compat -k echo ::: a b :::
}

@test "empty first ::: source is one empty value" {
    compat -k echo ::: ::: a b
}

@test "every ::: source empty: no job" {
    compat -k echo ::: :::
}

@test "empty :::: file among sources" {
    compat -k echo :::: empty ::: a b
}

@test "empty :::: file in the middle" {
    compat -k echo :::: f12 empty ::: a
}

@test "empty source among five" {
    compat -k echo ::: a ::: b ::: c ::: d :::
}

@test "empty :::+ source" {
    compat -k echo ::: a b :::+
}

@test "{2} of an empty second value" {
    compat -k echo '[{2}]' ::: a ::: ''
}

@test ":::: - is stdin, first" {
    compat_stdin f12 -k echo :::: - ::: a b
}

@test ":::: - is stdin, last" {
    compat_stdin f12 -k echo ::: a b :::: -
}

@test "-a - is stdin" {
    compat_stdin f12 -k -a - echo ::: x y
}

@test "-a file and -a -" {
    compat_stdin fxyz -k -a f12 -a - echo
}

@test "a ::: list ignores stdin" {
    compat_input $'s1\ns2\n' -k echo ::: a b
}

@test "--arg-sep" {
    compat -k --arg-sep ,, echo ,, a b ,, 1 2
}

@test "--arg-sep makes ::: plain text" {
    compat -k --arg-sep ,, echo ,, a b ::: 1 2
}

@test "--arg-sep with +" {
    compat -k --arg-sep ,, echo ,, a b ,,+ 1 2
}

@test "--arg-file-sep" {
    compat -k --arg-file-sep // echo // f12 ::: a
}

@test "--arg-file-sep with +" {
    compat -k --arg-file-sep // echo // fxyz //+ f12
}

@test ":::: file that does not exist: 255" {
    compat echo :::: nosuch
}

@test "-a file that does not exist: 255" {
    compat -a nosuch echo
}

@test "-N2 over a product" {
    compat -k -N2 echo ::: a b c ::: 1
}

# ---------------------------------------------------------------- delimiters

@test "-d ," {
    compat_input 'a,b,c' -k -d , echo
}

@test "-d , keeps the final newline in the last item" {
    compat_input $'a,b,\n' -k -d , echo '[{}]'
}

@test "-d , empty items" {
    compat_input 'a,,b' -k -d , echo '[{}]'
}

@test "-d '\\t'" {
    compat_input $'a\tb\tc' -k -d '\t' echo
}

@test "-d '\\0'" {
    printf 'a\0b\0c' >in0
    compat_stdin in0 -k -d '\0' echo
}

@test "-d '\\n'" {
    compat_input $'a\nb\n' -k -d '\n' echo
}

@test "-d '\\r'" {
    compat_input $'1\r2\r3' -k -d '\r' echo
}

@test "-d '\\\\' is two backslashes" {
    compat_input '1\2\\3\\\4' -k -d '\\' echo
}

@test "-d '\\a', '\\f' and '\\x41' are not escapes" {
    compat_input $'1\\a2\a3' -k -d '\a' echo
    compat_input $'1\\f2\f3' -k -d '\f' echo
    compat_input '1\x412A3' -k -d '\x41' echo
}

@test "-d '\\\\n' is a backslash and a newline" {
    compat_input $'1\\\n2\\n3\n4' -k -d '\\n' echo
}

@test "-d octal escapes take up to three digits; '\\8' is 8" {
    compat_input 'aAb' -k -d '\101' echo
    compat_input $'a\x011b\x01c' -k -d '\0011' echo
    compat_input 'a8b\8c' -k -d '\8' echo
}

@test "-d applies to :::: files" {
    printf 'a:b:c' >colon
    compat -k --delimiter : echo :::: colon ::: 1
}

@test "-0" {
    printf 'a\0b c\0' >in0
    compat_stdin in0 -k -0 echo
}

@test "--null with an empty item" {
    printf 'a\0\0b\0' >in0
    compat_stdin in0 -k --null echo '[{}]'
}

@test "-0 keeps newlines inside items" {
    printf 'a b\0c\nd\0' >in0
    compat_stdin in0 -k -0 echo '[{}]'
}

@test "-0 last item without NUL" {
    printf 'a\0b' >in0
    compat_stdin in0 -k -0 echo '[{}]'
}

# ---------------------------------------------------------------- -E

@test "-E on stdin" {
    compat_input $'a\nb\nSTOP\nc\n' -k -E STOP echo
}

@test "--eof=" {
    compat_input $'a\nSTOP\nc\n' -k --eof=STOP echo
}

@test "--eof on a ::: list" {
    compat -k --eof b echo ::: a b c
}

@test "-E ends the first source of a product" {
    compat -k -E b echo ::: a b c ::: 1 2
}

@test "-E ends the second source of a product" {
    compat -k -E 2 echo ::: a b c ::: 1 2 3
}

@test "-E with -0" {
    printf 'a\0END\0b\0' >in0
    compat_stdin in0 -k -0 -E END echo
}

# ---------------------------------------------------------------- -r

@test "-r skips blank lines" {
    compat_input $'a\n\n  \nb\n\t\n' -k -r echo
}

@test "blank lines without -r" {
    compat_input $'a\n\n  \nb\n\t\n' -k echo '[{}]'
}

@test "--no-run-if-empty with a command" {
    compat_input $'a\n\n  \nb\n' -k --no-run-if-empty echo x
}

@test "-r on ::: values" {
    compat -k -r echo ::: a '' ' ' b
}

@test "-r on two sources" {
    compat -k -r echo ::: a '' b ::: 1 ' ' 2
}

@test "-r with -n2" {
    compat -k -r -n2 echo ::: a '' b c
}

@test "-r with -X" {
    compat -k -j1 -r -X echo ::: a ' ' b c
}

@test "-r with only blank input" {
    compat_input $'\n\n' -k -r echo x
}

@test "-r with -E" {
    compat -k -r -E x echo ::: '' a x b
}

# ---------------------------------------------------------------- --skip-first-line

@test "--skip-first-line on stdin" {
    compat_input $'h\na\nb\n' -k --skip-first-line echo
}

@test "--skip-first-line on ::: values" {
    compat -k --skip-first-line echo ::: h a b
}

@test "--skip-first-line only in the first source" {
    compat -k --skip-first-line echo ::: h a ::: x y
}

@test "--skip-first-line with two files" {
    compat -k --skip-first-line echo :::: f12 :::: fxyz
}

@test "--skip-first-line with -a" {
    compat -k --skip-first-line -a f12 echo
}

@test "--skip-first-line then -r" {
    compat -k --skip-first-line -r echo ::: '' a '' b
}

@test "--skip-first-line before --header" {
    compat -k --skip-first-line --header : echo {h} ::: h 1 2
}

@test "--skip-first-line --header over two sources" {
    compat -k --skip-first-line --header : echo '{h}-{1}-{a}-{b}' ::: h 1 2 ::: a b c
}

@test "--skip-first-line --header on stdin" {
    compat_input $'h\nx\n1\n2\n' -k --skip-first-line --header : echo '{x}' '{h}'
}

@test "--skip-first-line --header with --colsep" {
    compat -k --skip-first-line --header : --colsep , echo '{ann}' :::: h.csv
}

# ---------------------------------------------------------------- --trim

@test "--trim n" {
    compat --trim n echo '[{}]' ::: '  a  '
}

@test "--trim l" {
    compat --trim l echo '[{}]' ::: '  a  '
}

@test "--trim r" {
    compat --trim r echo '[{}]' ::: '  a  '
}

@test "--trim lr" {
    compat --trim lr echo '[{}]' ::: $' \t a b \t '
}

@test "--trim rl" {
    compat --trim rl echo '[{}]' ::: '  a  '
}

@test "--trim with a bad value: 255" {
    compat --trim x echo '[{}]' ::: '  a  '
}

@test "--trim over two sources" {
    compat -k --trim lr echo '[{1}][{2}]' ::: ' a ' ::: ' b '
}

@test "--trim lr with --colsep" {
    compat --trim lr --colsep , echo '[{1}][{2}]' ::: $' a ,\tb \t'
}

@test "--trim n with --colsep keeps the blanks" {
    compat --trim n --colsep , echo '[{1}][{2}]' ::: ' a , b '
}

@test "--trim l without replacement strings" {
    compat -k --trim l echo ::: '  a  '
}

# ---------------------------------------------------------------- --colsep

@test "--colsep on stdin" {
    compat_input $'a,b\nc,d\n' -k --colsep , echo '{2}:{1}'
}

@test "-C is --colsep" {
    compat_input $'a,b\nc,d\n' -k -C , echo '{2}'
}

@test "--colsep regex with a class" {
    compat --colsep '[,;]+' echo '{1}-{2}-{3}' ::: 'a,;b;c'
}

@test "--colsep '\\t'" {
    compat --colsep '\t' echo '{2}' ::: $'a\tb'
}

@test "--colsep '\\s+'" {
    compat --colsep '\s+' echo '{2}' ::: 'a   b'
}

@test "--colsep with a POSIX class and a non-capturing group" {
    compat -k --colsep '(?:[[:digit:]])' echo '{2}' ::: a1b c2d
}

@test "--colsep missing column" {
    compat -k --colsep , echo '[{2}]' ::: a,b,c d,e f
}

@test "--colsep {-1}" {
    compat -k --colsep , echo '{-1}' ::: a,b,c d,e f
}

@test "--colsep keeps trailing empty columns" {
    compat --colsep , echo ::: a,b,,
}

@test "--colsep columns across two sources" {
    compat -k --colsep , echo '{1}{3}' ::: a,b ::: c,d
}

@test "--colsep {4} across two sources" {
    compat -k --colsep , echo '{4}' ::: a,b ::: c,d
}

@test "--colsep on stdin linked to a ::: list" {
    compat_input $'a,b\nc,d\n' -k --colsep , echo '{3}{2}{1}' :::: - :::+ x y
}

@test "--colsep with --link" {
    compat -k --colsep , --link echo '{1}{2}{3}' ::: a,b c ::: x y z
}

@test "--colsep with -N2" {
    compat -k --colsep , -N2 echo '{1}{2}{3}{4}' ::: a,b c,d e,f
}

# ---------------------------------------------------------------- --header

@test "--header : with --colsep" {
    compat -k --header : --colsep , echo '{age}:{name}' :::: h.csv
}

@test "--header : with --colsep, no replacement string" {
    compat -k --header : --colsep , echo :::: h.csv
}

@test "--header : names ::: sources" {
    compat -k --header : echo '{x}-{y}' ::: x 1 2 ::: y a b
}

@test "--header : with positional strings too" {
    compat -k --header : echo '{1}{x}' ::: x 1 2
}

@test "--header : on stdin" {
    compat_input $'col\nv1\nv2\n' -k --header : echo '{col}'
}

@test "--header : with --colsep over two sources" {
    compat -k --header : --colsep , echo '{c}{b}{a}' ::: a,b 1,2 ::: c 3
}

@test "--header with a regex" {
    compat -k --header '.*' --colsep , echo '{name}' :::: h.csv
}

@test "--header : with a name that is a prefix of another" {
    compat -k --header : echo '{ab}{a}' ::: a 1 ::: ab 2
}

@test "--header 0 names sources by file name" {
    compat -k --header 0 echo '{f12}-{fxyz}' :::: f12 fxyz
}

@test "--header 0 reads no header line" {
    compat -k --header 0 echo :::: f12 fxyz
}

@test "--header 0: a ::: list takes no name and no number" {
    compat -k --header 0 echo '{f12}:{fxyz}' ::: a b :::: fxyz
}

@test "--header 0 names -a files, - included, but not the implied stdin" {
    compat_input $'1\n2\n' -k --header 0 echo '{-}'
    compat_input $'1\n2\n' -k --header 0 -a - -a f12 echo '{f12}{-}'
}

@test "--header 0 names take modifiers and work in --tagstring" {
    compat -k --header 0 --tagstring '{f12}' -a f12 echo '{f12.} {f12/} {f12//} {f12/.}'
}

# ---------------------------------------------------------------- --shuf

@test "--shuf with one job" {
    compat --shuf echo ::: a
}

@test "--shuf with no job" {
    compat --shuf echo :::
}

# ---------------------------------------------------------------- replacement strings

@test "positional with modifiers" {
    compat -k echo '{1.} {2/} {1//} {2/.} {-1} {-2}' ::: a/b.c ::: d/e.f
}

@test "a missing position expands to nothing" {
    compat -k echo '[{1}][{2}]' ::: a
}

@test "{3} of two sources" {
    compat -k echo '[{3}]' ::: a ::: b
}

@test "{10}" {
    compat echo {10} {1} ::: 1 ::: 2 ::: 3 ::: 4 ::: 5 ::: 6 ::: 7 ::: 8 ::: 9 ::: 10
}

@test "{01} and literal look-alikes" {
    compat echo '{01}' '{1..}' '{+1}' '{{1}}' ::: a
}

@test "-I" {
    compat -I ,, echo ,, '{}' ::: a
}

@test "--replace" {
    compat --replace ,, echo ,, ::: a
}

@test "--replace=" {
    compat --replace=,, echo x,,y ::: a
}

@test "-I unused: the argument is appended" {
    compat -I ,, echo '{}' ::: a
}

@test "-I {x}" {
    compat -I '{x}' echo '{x}' ::: a
}

@test "--er" {
    compat --er ,, echo ,, '{.}' ::: a.b
}

@test "--extensionreplace" {
    compat --extensionreplace ,, echo ,, ::: d/a.b
}

@test "--bnr" {
    compat --bnr ,, echo ,, ::: x/a.b
}

@test "--basenamereplace" {
    compat --basenamereplace ,, echo ,, '{/}' ::: x/a.b
}

@test "--dnr" {
    compat --dnr ,, echo ,, ::: x/a.b
}

@test "--dirnamereplace" {
    compat --dirnamereplace ,, echo ,, ::: x/y/a.b
}

@test "--bner" {
    compat --bner ,, echo ,, ::: x/a.b
}

@test "--basenameextensionreplace" {
    compat --basenameextensionreplace ,, echo ,, ::: x/a.b.c
}

@test "--seqreplace" {
    compat -k --seqreplace ,, echo ,, '{#}' ::: a b
}

@test "--slotreplace" {
    compat -k -j1 --slotreplace ,, echo ,, ::: a b
}

@test "-q" {
    compat -k -q printf '%s|' ::: 'a b' "c'd"
}

@test "--quote keeps a word with {} whole" {
    compat --quote printf '<%s>\n' '{} x' ::: 'a b'
}

@test "-q makes ; plain text" {
    compat -q echo 'a;b' ::: 1
}

@test "-q --dry-run" {
    compat -q --dry-run echo '$x' '{}' ::: 'a b'
}

@test "--shell-quote of ::: values" {
    compat -k --shell-quote ::: 'a b' "c'd" '$x' plain '' '~' '*' 'a"b' '!'
}

@test "--shell-quote of a command" {
    compat -k --shell-quote echo {2} {1} ::: 'a b' ::: 'c d'
}

@test "--shell-quote of stdin" {
    compat_input $'a b\nc\n' -k --shell-quote
}

@test "--sql is refused" {
    compat --sql x echo ::: a
}

# ---------------------------------------------------------------- -N -n -L -l

@test "-N2" {
    compat -k -N2 echo ::: a b c d e
}

@test "-N2 with {1}-{2}" {
    compat -k -N2 echo {1}-{2} ::: a b c d e
}

@test "-N0" {
    compat -k -N0 echo x ::: a b c
}

@test "-N0 with {}" {
    compat -k -N0 echo '{}' x ::: a b c
}

@test "-N3 {-1}" {
    compat -k -N3 echo {-1} ::: a b c d
}

@test "-N2 on stdin" {
    compat_input $'a\nb\nc\n' -k -N2 echo '{2}{1}'
}

@test "-n2" {
    compat -k -n2 echo ::: a b c d e
}

@test "--max-args 3" {
    compat -k --max-args 3 echo ::: a b c d e
}

@test "--max-args=3 {2}" {
    compat -k --max-args=3 echo {2} ::: a b c d e
}

@test "-n2 {2}-{1}" {
    compat -k -n2 echo {2}-{1} ::: a b c
}

@test "-n2 pre{}post" {
    compat -k -n2 echo 'pre{}post' ::: a b c d
}

@test "-n0" {
    compat -k -n0 echo x ::: a b
}

@test "-L2" {
    compat -k -L2 echo ::: a b c d e
}

@test "-l2" {
    compat -k -l2 echo ::: a b c d e
}

@test "--max-lines 2 (value as the next word)" {
    compat -k --max-lines 2 echo ::: a b c d e
}

@test "-l 2 (value as the next word)" {
    compat -k -l 2 echo ::: a b c d e
}

@test "--max-lines=2" {
    compat -k --max-lines=2 echo ::: a b c d e
}

@test "-L0" {
    compat -k -L0 echo ::: a b c
}

@test "-L2 on stdin lines with blanks" {
    compat_input $'a b\nc d\ne\n' -k -L2 echo
}

# ---------------------------------------------------------------- -X -m --xargs -s -x

@test "-j3 -X 10 args: 4,4,2" {
    compat -k -j3 -X echo ::: 1 2 3 4 5 6 7 8 9 10
}

@test "-j3 -m 10 args: 4,4,2" {
    compat -k -j3 -m echo ::: 1 2 3 4 5 6 7 8 9 10
}

@test "-j3 -X on stdin" {
    compat_input "$(seq 10)" -k -j3 -X echo
}

@test "-j3 -X --dry-run on stdin" {
    compat_input "$(seq 10)" -k -j3 -X --dry-run echo
}

@test "-j4 -X 10 args" {
    compat -k -j4 -X echo ::: 1 2 3 4 5 6 7 8 9 10
}

@test "-j1 -X 10 args" {
    compat -k -j1 -X echo ::: 1 2 3 4 5 6 7 8 9 10
}

@test "-j5 -m 2 args" {
    compat -k -j5 -m echo ::: a b
}

@test "-j3 --xargs does not spread" {
    compat -k -j3 --xargs echo ::: 1 2 3 4 5 6 7 8 9 10
}

@test "-X pre{}post" {
    compat -k -j3 -X echo pre{}post ::: 1 2 3 4 5 6 7 8 9 10
}

@test "-m pre{}post" {
    compat -k -j2 -m echo pre{}post ::: 1 2 3 4 5
}

@test "-X a{}b{}c" {
    compat -k -j1 -X echo 'a{}b{}c' ::: 1 2 3
}

@test "-X {} -{}-" {
    compat -k -j1 -X echo '{}' '-{}-' ::: 1 2 3
}

@test "-X p{.} and {#}" {
    compat -k -j1 -X echo 'p{.}' '{#}' ::: a.x b.y
}

@test "-m p{/}" {
    compat -k -j1 -m echo 'p{/}' ::: d/a.x e/b.y
}

@test "-X {#}{} x{}y{.}" {
    compat -k -j2 -X echo '{#}{}' x{}y{.} ::: a.1 b.2 c.3
}

@test "-X {1}" {
    compat -k -j2 -X echo p{1} ::: a b c d
}

@test "-X over two sources" {
    compat -k -j2 -X echo {} ::: a b ::: 1 2
}

@test "-m over a file and a list" {
    compat -k -j1 -m echo :::: f12 ::: a b
}

@test "-X --dry-run quotes each argument" {
    compat -k -j2 -X --dry-run echo ::: 'a b' "c'd" e f
}

@test "-m --dry-run x{}" {
    compat -k -j2 -m --dry-run echo 'x{}' ::: 'a b' "c'd" e f
}

@test "-j3 -X -n3" {
    compat -k -j3 -X -n3 echo ::: 1 2 3 4 5 6 7 8 9 10
}

@test "-j3 -m -n4" {
    compat -k -j3 -m -n4 echo ::: 1 2 3 4 5 6 7 8 9 10
}

@test "-j2 -X -N2" {
    compat -k -j2 -X -N2 echo ::: 1 2 3 4 5
}

@test "-j4 -X -s 30 on stdin" {
    compat_input "$(seq 30)" -k -j4 -X -s 30 echo
}

@test "-j4 -m -s 30 on stdin" {
    compat_input "$(seq 30)" -k -j4 -m -s 30 echo
}

@test "-j4 --xargs -s 30 on stdin" {
    compat_input "$(seq 30)" -k -j4 --xargs -s 30 echo
}

@test "-j4 -X -n 5 on stdin" {
    compat_input "$(seq 30)" -k -j4 -X -n 5 echo
}

@test "-X -s 20" {
    compat -k -j1 -X -s 20 echo ::: 1 2 3 4 5 6 7 8 9 10
}

@test "-m -s 15 counts quoting" {
    compat -k -j1 -m -s 15 --dry-run echo ::: aaa 'b b' "c'c" d
}

@test "--xargs --max-chars=15" {
    compat -k -j1 --max-chars=15 --xargs echo ::: aaa bbb ccc ddd
}

@test "-X -s 25 x{}y" {
    compat -k -j1 -X -s 25 --dry-run echo 'x{}y' ::: aaa 'b b' "c'c" d
}

@test "-m -s 30 x{}y" {
    compat -k -j1 -m -s 30 echo 'x{}y' ::: aaa 'b b' "c'c" d
}

@test "-X -x -s 12: everything fits" {
    compat -k -j1 -X -x -s 12 echo ::: aaa bbb ccc
}

@test "-X -x too long: 255" {
    compat -k -j1 -X -x -s 10 echo ::: aaaaa bbb
}

@test "-m --exit too long: 255" {
    compat -k -j1 -m --exit -s 8 echo ::: aaa bbb
}

@test "-X with no input" {
    compat -k -j2 -X echo :::
}

# ---------------------------------------------------------------- cases lanes once got wrong

@test "::::+ links every file after it" {
    compat -k echo :::: f12 ::::+ fxyz f12
}

@test "a trailing :::: with no file" {
    compat -k echo ::: a ::::
}

@test "-d takes a string" {
    compat_input '1ab2ab3' -k -d ab echo
}

@test "-d octal escape" {
    compat_input $'a\tb' -k -d '\011' echo
}

@test "-r skips \\f and \\v values" {
    compat_input $'a\n\f\nb\n\v\n' -k -r echo x
}

@test "--skip-first-line before -E" {
    compat -k --skip-first-line -E a echo ::: a b
}

@test "--trim trims Perl \\s" {
    compat --trim lr echo '[{}]' ::: $'\r a \f'
}

@test "--colsep implies --trim lr" {
    compat --colsep , echo '[{1}][{2}]' ::: ' a , b '
}

@test "--colsep without replacement strings trims too" {
    compat --colsep , echo ::: ' a , b '
}

@test "--colsep capture groups are columns" {
    compat --colsep '(,)' echo '{1}:{2}:{3}' ::: a,b
}

@test "--colsep that matches the empty string" {
    compat --colsep '' echo '{2}' ::: abc
}

@test "--header without --colsep splits on tabs" {
    compat_input $'x\ty\n1\t2\n' -k --header : echo '[{x}][{y}]'
}

@test "--header names with modifiers" {
    compat -k --header : echo '{f.} {f/} {f//} {f/.}' ::: f d/a.b
}

@test "--header drops a CR at the end of the header line" {
    compat_input $'x\r\n1\r\n' -k --header : echo '[{x}]'
}

@test "differs: -I renames {} and GNU's {n} with it" {
    differs "-I ,, echo ,, {1} {2.}: GNU leaves {1} literal but still expands {2.} to b (its {n.} comes from {.})" \
        -k -I ,, echo ,, {1} {2.} ::: a ::: b.c
}

@test "{-n} past the first argument" {
    compat -k echo '[{-3}][{-4}][{-5}]' ::: a ::: b
}

@test "{0}" {
    compat -k echo '{0}' ::: a b
}

@test "-q with several fields" {
    compat -k -q printf '[%s]\n' ::: 'a b' ::: c
}

@test "-q with -n2" {
    compat -k -n2 -q printf '[%s]\n' ::: 'a b' c d
}

@test "-q with -X" {
    compat -k -j2 -X -q printf '<%s>' 'x{}' ::: 'a b' c d
}

@test "-q with -m over two sources" {
    compat -k -j2 -m -q printf '[%s]' ::: 'a b' c ::: 1 2
}

@test "--shell-quote --dry-run" {
    compat --shell-quote --dry-run echo ::: 'a b'
}

@test "-l without a value" {
    compat -k -l echo ::: a b c
}

@test "-l0 is -l1" {
    compat -k -l0 echo ::: a b c
}

@test "-L joins a line ending in a blank to the next" {
    compat_input $'a \nb\nc\nd\n' -k -L2 echo
}

@test "-N implies context replace" {
    compat_input $'a\nb\nc\nd\n' -k -N2 echo 'pre{}post'
}

@test "-L implies context replace" {
    compat_input $'a\nb\nc\nd\n' -k -L2 echo 'pre{}post'
}

@test "-n wins over -L whatever the order" {
    compat -k -n1 -L2 echo ::: a b c
}

@test "-N wins over -n whatever the order" {
    compat -k -N1 -n2 echo ::: a b c
}

@test "-x without -X checks the line length" {
    compat -k -j1 -x -s 10 echo ::: aaaaa bbb
}

@test "differs: -X -s with {#}" {
    differs "-X -s 40 with {#} packs 4 args in one line; GNU counts {#} per argument and packs 3" \
        -k -j1 -X -s 40 --dry-run echo 'x{}y' '{#}' ::: aaa 'b b' "c'c" d
}

@test "-d cuts ::: values at the delimiter too" {
    compat -k -d " " echo ::: "1 done" "x y"
    compat -k -d : echo ::: 'a:b:' c
    compat -k -d , echo ::: 'a,b' ::: 'x,y'
    compat -k -d , --link echo ::: 'a,b' ::: 'x,y,z'
    compat -k -d , echo ::: a,b :::+ x,y
    compat -k -d '\n' echo ::: "$(printf 'a\nb')"
    compat -k -d '\r\n' echo ::: "$(printf 'a\r\nb')" x
    compat -k -d , -E b echo ::: 'a,b,c'
    compat -k -d , echo ::: ','
    compat -k -0 echo ::: a b
}

@test "-E with -L: a line equal to the end-of-file string ends the input even after a line that goes on" {
    compat_input $'a \nb\nEND\nc\n' -k -L 2 -E END echo
    compat_input $'a \nEND\nc\nd\n' -k -L 1 -E END echo
    compat_input $'a\nb \nEND \nc\n' -k -L 1 -E END echo
    compat_input $'a\nb \nEND\nc\n' -k -L 1 -E END echo
    compat_input $'x END\nEND\ny\n' -k -l -E END echo
    compat_input $'a \nEND' -k -L 1 -E END echo
    compat -k -L 1 -E END echo ::: 'a ' END c
    compat -k -L 1 -E END echo ::: 'a ' 'b ' END c
}
