#!/usr/bin/env bats
# More differential tests (see compat_helper.bash): option combinations the other compat suites
# cover thinly.  -k with -N, -X, --colsep, --header, --tag and --tagstring; the --plus strings;
# awkward values in direct and shell templates; -q and --shell-quote; -0 and -d with odd
# delimiters; -E, -r, --trim, --skip-first-line; the source separators; several :::: files and
# :::+ mixes; --link; -j forms; {##} {#} {%}; --retries with state in files; exit statuses;
# --halt; -n -N -L -l -m -X --xargs -s -x; --dry-run and -v of all these; --joblog columns.
# Every case is deterministic under GNU parallel (-k or -j1 where order matters).

load test_helper
load compat_helper
bats_require_minimum_version 1.5.0

setup() {
    compat_setup
    compat_wrap
}

# ---------------------------------------------------------------- -k with -N, -X, --colsep, --tag

@test "-k -N2 --tag" {
    compat -k -N2 --tag echo ::: a b c d e
}

@test "-k -X --tag" {
    compat -k -X --tag echo ::: a b c
}

@test "--tagstring with {#} and {.}" {
    compat -k --tagstring '{#}-{.}' echo ::: a.x b.y
}

@test "--colsep with --tag and with --tagstring {2}" {
    compat -k --colsep , --tag echo '{2}' ::: a,b c,d
    compat -k --colsep , --tagstring '{2}' echo '{1}' ::: a,b c,d
}

@test "-N2 --colsep: four columns from two records" {
    compat -k -N2 --colsep , echo '{1}' '{2}' '{3}' '{4}' ::: a,b c,d e,f
}

@test "--header : with --tag and with --tagstring {x}" {
    compat -k --header : --tag echo '{x}' ::: x 1 2
    compat -k --header : --tagstring '{x}' echo ::: x 1 2
}

@test "--header : with --colsep and -N2" {
    compat -k --header : --colsep , -N2 echo '{a}' '{b}' ::: a,b 1,2 3,4
}

@test "--header : with -X and with --link" {
    compat -k --header : -X echo '{x}' ::: x 1 2 3
    compat -k --header : --link echo '{x}' '{y}' ::: x 1 2 3 ::: y p
}

@test "--header : --tag over two sources" {
    compat -k --header : --tag echo ::: x 1 ::: y 2
}

@test "--tagstring {2} with -N2 and --tag" {
    compat -k -N2 --tag --tagstring '{2}' echo ::: a b c d
}

@test "--tagstring with {##} and positions" {
    compat -k --tagstring '{##}:{#}' echo ::: a b
    compat -k --tagstring '{1}/{2}' echo ::: a ::: b c
}

@test "--tag: two lines, empty and tab values" {
    compat -k --tag 'echo {}; echo second' ::: a b
    compat -k --tag echo ::: '' $'a\tb'
}

@test "--tag and --tagstring {} with quotes, \$, backquotes, globs and dashes" {
    compat -k --tag echo ::: "it's" 'a"b' 'x\y' '$HOME' '`id`' '*' -n ''
    compat -k --tagstring '{}' 'echo "{}"' ::: '$HOME' "a'b"
}

@test "--colsep with -n2, -X and -q" {
    compat -k --colsep , -n2 echo '{1}' '{2}' ::: a,b c,d e
    compat -k --colsep , -X echo ::: a,b c,d
    compat -k --colsep , -q echo '{1}' ::: 'a b,c'
}

# ---------------------------------------------------------------- --plus

@test "--plus: {+.} {..} {+..} {...} {/...} {+...} {+/}" {
    compat -k --plus echo '{+.}' '{..}' '{+..}' ::: a.tar.gz b.c noext .hidden a.b/c .x.y
    compat -k --plus echo '{...}' '{/...}' '{+...}' '{+/}' ::: d/a.b.c.d e.f
}

@test "--plus with --tag" {
    compat -k --plus --tag echo '{/..}' ::: dir/a.tar.gz
}

@test "--plus: {0#} and {0%} with -j1 pad to the width of the count" {
    compat -k -j1 --plus echo '{0#}' '{0%}' ::: a b c d e f g h i j k
}

@test "--plus: defaults, also a default holding \$" {
    compat -k --plus echo '{:-def}' ::: '' x
    compat -k --plus echo '{:-$HOME}' ::: ''
}

@test "--plus: prefix, suffix and replacement strings" {
    compat -k --plus echo '{#a}' '{##a*}' '{%c}' '{%%b*}' ::: abcabc
    compat -k --plus echo '{/b/X}' '{//b/X}' '{/#a/X}' '{/%c/X}' ::: abcabc
}

@test "--plus: case changes" {
    compat -k --plus echo '{^a}' '{^^a}' '{,A}' '{,,A}' ::: abc ABC
}

@test "--plus: positional forms, and with -N2" {
    compat -k --plus echo '{1:1}' '{2%.c}' ::: xyz ::: f.c
    compat -k --plus -N2 echo '{2/./_}' ::: a.b c.d
}

@test "--plus on UTF-8 paths" {
    printf '/x/é.tar.gz\n日本/語.txt\n' >u8
    compat_stdin u8 -k --plus echo '{..}' '{:1:2}'
}

# ---------------------------------------------------------------- quoting

@test "--dry-run: awkward values in a direct template" {
    compat --dry-run -k echo '{}' ::: '' "'" '""' '\' '$' '`' '!' '~x' '#a' 'a=b'
}

@test "--dry-run: awkward values in a shell template" {
    compat --dry-run -k 'echo {}' ::: '' "'" '\' '$' '`' '!' '~x' '#a'
}

@test "--dry-run: UTF-8 and a control byte" {
    compat --dry-run -k echo ::: 'é ü' '日本' $'a\x01b'
}

@test "values inside a word, twice in a word, in quotes" {
    compat -k echo pre-{}-post ::: "a'b" '$x' ''
    compat -k 'printf "%s|" {} {}; echo' ::: "a'b" '  sp  ' ''
    compat -k "echo '{}'" ::: "a'b" '$x'
    compat -k echo '{}{}' ::: "'" '$'
}

@test "5000 quotes and 5000 backslashes in a shell template" {
    local q b
    q=$(printf "%5000s" '' | tr ' ' "'")
    b=$(printf "%5000s" '' | tr ' ' '\\')
    compat -k 'echo {} | wc -c' ::: "$q" "$b"
}

@test "values that look like options or formats" {
    compat -k -- echo --version ::: -x
    compat -k printf '{}\n' ::: '%s' '%%' '\\'
}

@test "-q: printf and sh -c" {
    compat -q -k printf '%s|\n' ::: 'a b' "c'd" '$e' ''
    compat -q -k sh -c 'echo "[$1]"' _ ::: 'x y' "'"
}

@test "--shell-quote: quotes, \$, empty and UTF-8" {
    compat --shell-quote -k echo ::: "a'b" '$x' '' 'ü'
}

# ---------------------------------------------------------------- delimiters and input options

@test "-d | and -d . (characters a regex would treat specially)" {
    printf 'a|b|c||d|' >pipe
    printf 'a.b.c' >dot
    compat_stdin pipe -k -d '|' echo '[{}]'
    compat_stdin dot -k -d . echo '[{}]'
}

@test "-0 with -r and --dry-run" {
    printf 'a\0b\0\0c' >nul
    compat_stdin nul -k -0 -r echo '[{}]'
    compat_stdin nul -k -0 --dry-run echo
}

@test "-0: a newline inside a value, in a shell template, --dry-run and --tag" {
    printf 'a\nb\0c d\0' >nl0
    compat_stdin nl0 -k -0 'echo "[{}]"'
    compat_stdin nl0 -k -0 --dry-run echo
    compat_stdin nl0 -k -0 --tag echo x
}

@test "-0 -E" {
    printf 'a\0STOP\0b\0' >st0
    compat_stdin st0 -k -0 -E STOP echo
}

@test "-E with -n2, -X and {##}" {
    printf 'a b\nc\nEOF\nd\n' >e
    compat_stdin e -k -E EOF -n2 echo
    compat_stdin e -k -E EOF -X echo
    compat -k -E c echo '{##}' ::: a b c d
}

@test "--trim lr with -n2 and --colsep" {
    compat -k --trim lr -n2 echo '[{1}]' '[{2}]' ::: ' a ' ' b ' '  c'
    compat -k --trim lr --colsep , echo '[{1}]' '[{2}]' ::: ' a , b '
}

@test "--skip-first-line with -X and a second source" {
    printf 'h\n1\n2\n' >f1
    compat -k --skip-first-line -X echo ::: h a b c
    compat -k --skip-first-line echo :::: f1 ::: p q
}

@test "--arg-sep and --arg-file-sep together, with +" {
    printf 'h\n1\n2\n' >f1
    printf 'H\nx\ny\n' >f2
    compat -k --arg-sep ,, echo ,, a b ,, c d
    compat -k --arg-sep ,, echo ,, a b ,,+ c d e
    compat -k --arg-file-sep // echo // f1 // f2
    compat -k --arg-sep ,, --arg-file-sep // echo ,, a b // f1 ::: x
}

# ---------------------------------------------------------------- sources

@test "three :::: files, and with --link" {
    printf '1\n2\n3\n' >g1
    printf 'a\nb\n' >g2
    printf 'X\nY\nZ\nW\n' >g3
    compat -k echo :::: g1 g2 g3
    compat -k --link echo :::: g1 g2 g3
}

@test "::::+ and :::+ mixed with a product" {
    printf '1\n2\n3\n' >g1
    printf 'a\nb\n' >g2
    compat -k echo :::: g1 ::::+ g2 ::: p q
    compat -k echo ::: p q :::: g1 :::+ A B C D
}

@test "--link with unequal lengths and --tag" {
    compat -k --link echo ::: a b c d e ::: 1 2 ::: x y z
    compat -k --link --tag echo ::: a b c ::: 1
}

# ---------------------------------------------------------------- -j, {#} {##} {%}

@test "-j-1 -N2 and -j50% -X with -k" {
    compat -k -j-1 -N2 echo ::: a b c d e
    compat -k -j50% -X echo ::: a b c d e f
}

@test "{#} {##} {%} with -j1 and -N2" {
    compat -k -j1 echo '{#}/{##}/{%}' ::: a b c
    compat -k -j1 -N2 echo '{#}/{##}/{%}' ::: a b c d e
}

@test "{##} over a product and on stdin" {
    printf '1\n2\n3\n' >g1
    compat -k echo '{##}' :::: g1 ::: a b
    compat_stdin g1 -k echo '{##}'
}

@test "{##} with -n2, -r and --header" {
    compat -k -n2 echo '{##}' ::: a b c d e
    compat -k -r echo '{##}' ::: a '' b
    compat -k --header : echo '{##}' ::: h a b
}

@test "{%} with --retries and -j1" {
    compat -k -j1 --retries 2 echo '{%}' ::: a
}

# ---------------------------------------------------------------- exit status, --retries, --halt

@test "exit statuses 0 1 2 255 with -j1" {
    compat -k -j1 'exit {}' ::: 0 1 2 255
}

@test "101 jobs each with its own status give 101" {
    compat -k -j1 'exit {}' ::: $(seq 1 101)
}

@test "jobs killed by HUP, QUIT, ABRT, TERM, KILL, INT" {
    compat -k -j1 'kill -{} $$' ::: 15 9 2
    compat -k -j1 'kill -{} $$' ::: 1 3 6
}

@test "--halt now,fail=1 on a job killed by SIGQUIT" {
    compat --halt now,fail=1 -j1 'kill -3 $$' ::: 1 2
}

@test "--halt soon,fail=1 after good jobs; exit 256 is 0" {
    compat -k -j1 --halt soon,fail=1 'exit {}' ::: 0 0 7 0
    compat -k -j1 --halt soon,fail=1 'exit 256' ::: 1
}

@test "--halt success=1 after a failure; --halt soon,done=2" {
    compat -k -j1 --halt soon,success=1 'echo {}; exit {}' ::: 3 0 1
    compat -k -j1 --halt soon,done=2 'echo {}; exit {}' ::: 0 4 5
}

@test "--retries 3: state in files, each job fails once" {
    compat -k -j1 --retries 3 'if [ -e st{} ]; then echo ok {}; else touch st{}; echo try {}; exit 1; fi' ::: a b
}

# ---------------------------------------------------------------- -n -N -L -l -m -X --xargs -s -x

@test "-L2 -X, -l1 -X and -N3 --dry-run on stdin" {
    printf 'X\nY\nZ\nW\n' >g3
    compat_stdin g3 -k -L2 -X echo
    compat_stdin g3 -k -l1 -X echo 'x{}y'
    compat_stdin g3 -k -N3 --dry-run echo
}

@test "-X -n2 x{}y and -X -N2" {
    compat -k -X -n2 echo 'x{}y' ::: a b c d e
    compat -k -X -N2 echo 'x{1}y{2}' ::: a b c d e
}

@test "-s 20 with --xargs and -X p{}" {
    compat -k -s 20 --xargs echo ::: aaaa bbbb cccc dddd eeee
    compat -k -s 20 -X echo 'p{}' ::: aaaa bbbb cccc dddd eeee
}

@test "-s with -x" {
    compat -k -s 20 -x -n2 echo ::: a b c
    compat -k -s 10 -x echo ::: aaaaaaaaaaaaaaaaaa
}

# ---------------------------------------------------------------- --dry-run and -v

@test "-v with quotes, -X and -N2" {
    compat -k -v echo ::: "a'b" '$x' ''
    compat -k -v -X echo ::: "a'b" 'c d'
    compat -k -v -N2 echo '{2}{1}' ::: a b c
}

@test "--dry-run with -N2 and --colsep" {
    compat -k --dry-run -N2 echo '{2}{1}' ::: a b c
    compat -k --dry-run --colsep , echo '{2}' '{1}' ::: 'a,b c' "x',y"
}

@test "--dry-run with -X and -L2" {
    compat -k --dry-run -X echo 'a{}b' ::: "q'r" 's t'
    compat -k --dry-run -L2 echo ::: a b c
}

@test "--dry-run with -E and --plus" {
    compat -k --dry-run -E c echo ::: a b c d
    compat -k --dry-run --plus echo '{..}' ::: "a'b.tar.gz"
}

@test "--dry-run with --halt" {
    compat -k --dry-run --halt now,fail=1 false ::: a b
}

@test "--dry-run --tag: each line starts with the tag" {
    compat -k --dry-run --tag echo ::: a b
    compat --dry-run --tag -X -j1 echo ::: a b
    compat --dry-run --tag -v echo ::: a
}

@test "--dry-run --tagstring: each line starts with the expanded tag" {
    compat -k --dry-run --tagstring X echo ::: a b
    compat -k --dry-run --tagstring '{#}-{}' echo ::: 'a b'
}

@test "--dry-run -u --tag: the lines are tagged; --shell-quote -u --tag: not" {
    compat --dry-run --tag -u echo ::: a
    compat --shell-quote --tag -u echo ::: a
}

# ---------------------------------------------------------------- --joblog

@test "--joblog: exit statuses 0 1 101 255 and SIGTERM" {
    compat_post "$JOBLOG" -k -j1 --joblog jl 'exit {}' ::: 0 1 101 255
    compat_post "$JOBLOG" -k -j1 --joblog jl 'kill -15 $$' ::: a
}

@test "--joblog: the Command column of quoted values and -q" {
    compat_post "$JOBLOG" -k -j1 --joblog jl echo ::: "a'b" '$x' 'c d'
    compat_post "$JOBLOG" -k -j1 --joblog jl -q echo ::: 'a b'
}

@test "--joblog with --retries and with --tag" {
    compat_post "$JOBLOG" -k -j1 --joblog jl --retries 2 'echo x; exit 2' ::: a
    compat_post "$JOBLOG" -k -j1 --joblog jl --tag echo ::: a
}

# ---------------------------------------------------------------- -X and the tag

@test "-X --tag and -m --tag with -j1: the tag is every argument" {
    compat -k -j1 -X --tag echo ::: a b c
    compat -k -j1 -m --tag echo ::: a 'b c'
}

@test "-X --tagstring x{}y: the word is repeated for each argument, as in the command" {
    compat -k -j1 -X --tagstring 'x{}y' echo ::: a b
    compat -k -j1 -X --tagstring 'x{}y' echo ::: 'a b' c
    compat -k -j1 -X --dry-run --tagstring 'x{}y' echo ::: a b
}

@test "-m --tagstring x{}y: the word is not repeated" {
    compat -k -j1 -m --tagstring 'x{}y' echo ::: a b
}

@test "-X --tagstring over two sources, -N2 x{}y" {
    compat -k -j1 -X --tagstring 'x{}y' echo ::: a ::: b c
    compat -k -j1 -N2 --tagstring 'x{}y' echo ::: a b c
}

@test "-X --results out/x{}y and -N2 --results out/p{}q" {
    compat_post 'find out -type f | LC_ALL=C sort' -k -j1 -X --results 'out/x{}y' echo ::: a b
    compat_post 'find out -type f | LC_ALL=C sort' -k -j1 -N2 --results 'out/p{}q' echo ::: a b c
}

# ---------------------------------------------------------------- more combinations

@test "-X --tag with --colsep, and -X --tagstring with --header" {
    compat -k -j1 -X --tag --colsep , echo ::: a,b c,d
    compat -k -j1 -X --tagstring 'x{}y' --colsep , echo ::: a,b c,d
    compat -k -j1 -X --tagstring 'x{h}y' --header : echo ::: h a b
}

@test "-X --wd w{}: the directory from the arguments" {
    compat_post 'ls -d w*' -k -j1 -X --wd 'w{}x' 'basename "$PWD"' ::: a b
}

@test "--shell-quote with -N2, --colsep and a tag" {
    compat --shell-quote -k -N2 echo ::: a "b'c" d
    compat --shell-quote -k --colsep , echo '{2}' ::: 'a,b c'
    compat --shell-quote -k --tagstring T echo ::: a
}

@test "empty values with --xargs -r, -X and -n3" {
    compat -k -j1 -r --xargs echo ::: '' ''
    compat -k -j1 -X echo '[{}]' ::: '' a ''
    compat -k -j1 -n3 echo '[{}]' ::: '' ''
}

@test "-N3 short of arguments; -N2 -X; -X -L2" {
    compat -k -j1 -N3 echo '[{1}]' '[{2}]' '[{3}]' ::: a b
    compat -k -j1 -N2 -X echo ::: a b c
    compat -k -j1 -X -L2 echo ::: a b c d e
}

@test "positional modifiers and negative positions" {
    compat -k echo '{1//}' '{2/.}' '{-1.}' ::: a/b.c ::: d/e.f
    compat -k --plus echo '{1..}' '{2+/}' '{1+.}' ::: a/b.c.d ::: x/y.z
    compat -k --plus -N2 echo '{-1:1}' ::: abc def
}

@test "--plus: odd but valid forms" {
    compat -k --plus -j1 echo '{%%}' ::: a
    compat -k --plus echo '{//a}' '{/a}' '{/a/}' '{:}' '{:10}' '{:2:100}' ::: banana
    compat -k --plus echo '{%a}' '{/[an]+/_}' '{//(a)(n)/$2$1}' ::: banana
}

@test "--plus {0##} is the number of jobs" {
    compat -k --plus echo '{##}' '{0##}' ::: a b
    compat -k --plus echo '{0##}' ::: a b c
}

@test "no command: the values are the command lines" {
    printf 'echo 1\necho 2\n' >cmds
    compat -k ::: 'echo a' 'echo b; echo c'
    compat -k --dry-run ::: 'echo a' "echo 'b c'"
    compat -k -N2 ::: echo a echo b
    compat -k ::: echo ::: a b
    compat_stdin cmds -k
}

@test "blank and empty command words" {
    compat -k '' ::: a
    compat -k ' ' ::: 'echo a'
}

@test "bundled and attached short options" {
    printf 'a,b' >comma
    compat -kvj1 echo ::: a b
    compat -kC, echo '{2}' ::: a,b
    compat_stdin comma -kd, echo
    compat -k -E= echo ::: a = b
}

@test "-0 and -d with -a, --colsep and -L2" {
    printf 'a,b\0c,d\0' >cn
    printf 'a b\0c\0d e\0' >z3
    printf 'a b,c,d e,' >c3
    compat -k -0 -a cn echo
    compat_stdin z3 -k -0 -L2 echo
    compat_stdin c3 -k -d , -L2 echo
    compat_stdin c3 -k -d , --colsep ' ' echo '{2}'
}

@test "-s with UTF-8, quoting and --xargs -x at the edge" {
    compat -k -j1 -m -s 25 echo 'é{}' ::: ääää öööö üüüü
    compat -k -j1 -X -s 40 echo ::: 'a b' "c'd" 'e$f' 'g h' 'i j'
    compat -k -j1 --xargs -s 14 echo ::: a b c d e f g
    compat -k -j1 --xargs -s 13 -x echo ::: abcdefgh
    compat -k -j1 -s 12 -x echo ::: abcdefgh
}

@test "SIGSEGV, SIGPIPE, SIGUSR1; --halt on SIGSEGV" {
    compat -k -j1 'kill -{} $$' ::: 11 13 10
    compat -k -j1 --halt now,fail=1 'kill -11 $$' ::: a
}

@test "--halt with exit 101, a missing command, -X" {
    compat -k -j1 --halt soon,done=1 'exit 101' ::: a
    compat -k -j1 --halt now,fail=1 nosuchcmd_lanes_zz ::: a b
    compat -k -j1 --halt now,fail=1 -X 'exit 4' ::: a b
}

@test "a script without execute permission; --retries of a missing command" {
    printf '#!/bin/sh\necho hi\n' >s.sh
    compat -k -j1 ./s.sh ::: a
    compat -k -j1 --halt now,fail=1 ./s.sh ::: a
    compat -k -j1 --retries 3 nosuchcmd_lanes_zz ::: a
}

@test "-X and -N with --halt and --retries" {
    compat -k -j1 -X --halt now,fail=1 'echo {}; exit 2' ::: a b c
    compat -k -j1 -n1 --retries 2 -X 'echo {}; exit 1' ::: a b
}

@test "--joblog: -N2, --colsep, a missing command, --halt, a tab, -v" {
    compat_post "$JOBLOG" -k -j1 --joblog jl -N2 echo '{2}' ::: a b c
    compat_post "$JOBLOG" -k -j1 --joblog jl --colsep , echo '{2}' ::: a,b
    compat_post "$JOBLOG" -k -j1 --joblog jl nosuchcmd_lanes_zz ::: a
    compat_post "$JOBLOG" -k -j1 --joblog jl --halt now,fail=1 'exit {}' ::: 0 3 0
    compat_post "$JOBLOG" -k -j1 --joblog jl echo ::: $'a\tb'
    compat_post "$JOBLOG" -k -j1 --joblog jl -v echo ::: a
}

# ---------------------------------------------------------------- option values

@test "--tagstring '': no tag; with --tag the arguments are the tag" {
    compat -k --tagstring '' echo ::: a b
    compat -k --tag --tagstring '' echo ::: a
    compat -k --tagstring X --tagstring '' --lb echo ::: a
    compat -k --tagstring '' --dry-run echo ::: a
}

# Values that mean nothing (-n -1, -n x, -s 0, --retries x, -d '' ...) GNU parallel takes
# silently; lanes refuses them with 255 on purpose (lanes(1), COMPATIBILITY), as args.bats,
# opts.bats and input.bats test.

# --dry-run with --files or --results prints the command lines, on purpose (lanes(1),
# COMPATIBILITY): GNU parallel prints a file name a job there, or nothing.
@test "--dry-run with --files and with --results: the command lines, and no files" {
    run --separate-stderr "$LANES" -k -j1 --files --tmpdir . --dry-run echo ::: a b
    assert_output $'echo a\necho b'
    run --separate-stderr "$LANES" -k --dry-run --results r echo ::: a
    assert_output 'echo a'
    [ ! -e r ] || fail "--dry-run made r"
}

@test "--dry-run --tag with -q, --lb, --colsep, --header, -N2 and --link" {
    compat -k --dry-run -q --tag echo ::: 'a b'
    compat -k --dry-run --lb --tag echo ::: a
    compat -k --dry-run --colsep , --tagstring '{2}' echo ::: a,b
    compat -k --dry-run --header : --tagstring '{h}' echo ::: h a
    compat -k --dry-run --tag -N2 echo ::: a b c
    compat -k --dry-run --tag --link echo ::: a b ::: 1
    compat -k --shell-quote --tag -N2 echo ::: a b
}
