#!/usr/bin/env bats
# gnu_opts: options of GNU parallel that lanes takes since issue 15: --tmpl, --filter, --csv,
# --latest-line, --delay Nauto, --limit, --noswap and --retries with replacement strings; what
# each does (never how long it takes), the usage errors (exit 255, the option named), and the
# options still refused. The differential cases against GNU parallel are at the end; the --csv
# ones need Perl's Text::CSV for GNU parallel (Debian: libtext-csv-perl) and skip without it.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
}

# ---------------------------------------------------------------- --tmpl

@test "--tmpl writes a file per job from a template, named by a template too" {
    printf 'job {#} of {}\nhalf {= $_ /= 2 =}\n' >t.in
    run lanes -k --tmpl t.in=out.{} 'cat out.{}' ::: 4 8
    assert_success
    assert_output $'job 1 of 4\nhalf 2\njob 2 of 8\nhalf 4'
    [ -f out.4 ] && [ -f out.8 ] || fail "the files stay without --cleanup"
}

@test "--tmpl with --cleanup removes each file when its job is done; --template is the same" {
    printf '{1}-{2}\n' >a.in
    printf '[{%%}]\n' >b.in
    run lanes -j1 -k --cleanup --template a.in=x{#} --tmpl b.in=y{#} 'cat x{#} y{#}' ::: p q ::: r
    assert_success
    assert_output $'p-r\n[1]\nq-r\n[1]'
    run ls
    assert_output $'a.in\nb.in'
}

@test "--tmpl: several values of one replacement string run together, as in GNU parallel" {
    printf '{} {=$_ .= "!"=}\n' >t.in
    run lanes --tmpl t.in=o 'cat o; : {}' ::: 1 ::: a
    assert_output '1a 1!a!'
}

@test "--tmpl: the name is cut at its first '='; a file that cannot be written is warned of" {
    printf 'v={}\n' >t.in
    run lanes --tmpl t.in=a=b{} 'cat a=b{}' ::: 1
    assert_output 'v=1'
    run --separate-stderr lanes --tmpl t.in=nodir/x 'echo ran {}' ::: 1
    assert_success
    assert_output 'ran 1'
    stderr_has "nodir/x"
}

@test "--tmpl without FILE=NAME, or with a FILE that cannot be read, is a usage error" {
    printf 'x\n' >t.in
    refuses --tmpl t.in t.in= =x missing=x
}

# ---------------------------------------------------------------- --filter

@test "--filter runs only the jobs for which the Perl expression is true" {
    run lanes -k --filter '{1} < {2}+1' echo ::: 1 2 3 ::: 1 2 3
    assert_output "$(printf '%s\n' '1 1' '1 2' '1 3' '2 2' '2 3' '3 3')"
    [ "$status" = 3 ] || fail "the 3 filtered out count as failed: $status"
}

@test "--filter: values go in as they are; {#} counts the jobs filtered out too" {
    run lanes -k --filter '"{}" =~ /^b/' echo ::: a b1 c b2
    assert_output $'b1\nb2'
    [ "$status" = 2 ]
    run lanes -k --filter '{#} > 1' echo {#} ::: a b c
    assert_output $'2\n3'
}

@test "--filter: an expression that does not compile is false for every job" {
    run lanes --filter 'this is ( no perl' echo ::: a b
    assert_output ''
    [ "$status" = 2 ]
}

@test "--filter: no Perl starts without it" {
    run lanes --dry-run echo ::: a
    assert_output 'echo a'
}

# ---------------------------------------------------------------- --csv
# Cases from RFC 4180 and GNU parallel's man page, in our words.

@test "--csv: quoted fields keep the separator, doubled quotes and newlines" {
    printf '"1 big, 2 small","2""x4"" plank",12.34\n' >in.csv
    run lanes --csv echo {1} of {2} at {3} :::: in.csv
    assert_output '1 big, 2 small of 2"x4" plank at 12.34'
    printf '"first\nsecond";b\nc;d\n' >nl.csv
    run lanes -k --csv --colsep ';' echo '[{1}]' '[{2}]' :::: nl.csv
    assert_output $'[first\nsecond] [b]\n[c] [d]'
}

@test "--csv: empty fields, an empty record, a trailing separator, CRLF" {
    printf 'a,,c,\n\n"",x\r\n' >in.csv
    run lanes -k --csv echo 1={1} 2={2} 3={3} 4={4} :::: in.csv
    assert_output $'1=a 2= 3=c 4=\n1= 2= 3= 4=\n1= 2=x 3= 4='
}

@test "--csv: blanks stay unless --colsep is given; {} is the fields with blanks between" {
    printf ' a , b \n' >in.csv
    run lanes --csv echo '[{1}]' :::: in.csv
    assert_output '[ a ]'
    run lanes --csv --colsep , echo '[{1}]' :::: in.csv
    assert_output '[a]'
    run lanes --csv echo '[{}]' ::: 'x,"y z"'
    assert_output '[x y z]'
}

@test "--csv with --header : names the columns" {
    printf 'name,size\n"big, red",3\n' >in.csv
    run lanes --header : --csv echo {name}={size} :::: in.csv
    assert_output 'big, red=3'
}

@test "--csv: a record that is no CSV ends the run with 255" {
    local bad
    for bad in 'a,b"c' '"open,x' '"a"x,b' 'a, "b"'; do
        printf '%s\n' "$bad" >in.csv
        run --separate-stderr lanes --csv echo {1} :::: in.csv
        [ "$status" = 255 ] || fail "'$bad': status $status"
        stderr_has "--csv"
    done
}

@test "--csv --pipe: a block ends only where a record does" {
    printf '"a\nb",1\n"c\nd",2\n"e\nf",3\n' >in.csv
    run --separate-stderr lanes -k --pipe --csv --block 5 'echo "{#}: $(tr "\n" " ")"' <in.csv
    assert_output $'1: "a b",1 \n2: "c d",2 \n3: "e f",3 '
}

# ---------------------------------------------------------------- --ll

@test "--latest-line and --ll print each job's whole lines, as --line-buffer does" {
    run lanes -k --ll 'echo a{}; echo b{}' ::: 1 2
    assert_output $'a1\nb1\na2\nb2'
    run lanes -k --latest-line --tag 'echo {}' ::: x
    assert_output $'x\tx'
}

# ---------------------------------------------------------------- --delay Nauto

@test "--delay Nauto runs every job; a bad value names --delay" {
    run lanes -k --delay 0.001auto 'echo {}; exit {}' ::: 0 1 0
    assert_output $'0\n1\n0'
    [ "$status" = 1 ]
    run lanes --delay 1mauto --dry-run echo ::: a
    assert_output 'echo a'
    refuses --delay xauto auto 1sautoauto
}

# ---------------------------------------------------------------- --limit, --noswap

@test "--limit: exit 0 starts each job, and the command runs before each" {
    run lanes -j1 -k --limit 'echo asked >>asked' echo ::: a b c
    assert_output $'a\nb\nc'
    run wc -l <asked
    assert_output 3
}

@test "--limit: exit 1 starts nothing until the command says 0" {
    # the command says 0 only once the file 'go' is there; a job makes the next one's file
    touch go1
    run lanes -j3 -k --limit 'test -e go$(ls go* | wc -l)' 'touch go$(({#}+1)); echo {}' ::: a b c
    assert_success
    assert_output $'a\nb\nc'
}

@test "--limit: exit 2 ends the youngest job, which runs again" {
    cat >lim <<'EOF'
echo asked >>asked
[ "$(wc -l <asked)" = 3 ] && exit 2
exit 0
EOF
    # asked for the third job, with two running: the second is ended, and runs again
    run --separate-stderr timeout 60 lanes -j3 -k --limit 'sh lim' \
        'touch run.{}; sleep 1; rm run.{}; echo {}' ::: 1 2 3
    assert_success
    assert_output $'1\n2\n3'
    stderr_has "--limit"
}

@test "--limit load N, mem SIZE and io N are built in; --noswap runs the jobs" {
    run lanes -k --limit 'load 10000' echo ::: a b
    assert_output $'a\nb'
    run lanes -k --limit 'mem 1k' echo ::: a
    assert_output a
    run lanes -k --limit 'io 100' echo ::: a
    assert_output a
    run lanes -k --noswap echo ::: a b
    assert_output $'a\nb'
    refuses --limit '' 'io' 'io x' 'load -' 'mem lots'
}

# ---------------------------------------------------------------- --retries {//}

@test "--retries with a replacement string: each job's tries come from its values" {
    run lanes --retries {//} 'echo {/} >>log; exit {/}' ::: 1/1 2/2 3/3
    [ "$status" = 3 ]
    run sort log
    assert_output $'1\n2\n2\n3\n3\n3'
}

# ---------------------------------------------------------------- refused

@test "options of GNU parallel that lanes refuses name themselves and exit 255" {
    local o
    for o in --session \
        --sql-master=x --sql-worker=x --sql-and-worker=x; do
        run --separate-stderr lanes "$o" echo ::: a
        [ "$status" = 255 ] || fail "$o: status $status"
        stderr_has "${o%%=*}"
        stderr_has "COMPATIBILITY"
    done
}

# ---------------------------------------------------------------- against GNU parallel

# same ARGS...: stdout and exit status of GNU parallel and lanes are the same.
same() {
    local g l gs ls
    g=$(parallel "$@" 2>/dev/null) && gs=0 || gs=$?
    l=$(lanes "$@" 2>/dev/null) && ls=0 || ls=$?
    [ "$g" = "$l" ] || fail "stdout differs for $*: GNU '$g', lanes '$l'"
    [ "$gs" = "$ls" ] || fail "exit status differs for $*: GNU $gs, lanes $ls"
}

need_csv() {
    need_parallel
    perl -MText::CSV -e 1 2>/dev/null || skip "GNU parallel needs Perl's Text::CSV for --csv"
}

@test "differential: --tmpl and --filter" {
    need_parallel
    printf 'X {}:{#} {= $_ x= 2 =}\n' >t.in
    same -k -j1 --cleanup --tmpl t.in=f{} 'cat f{}; ls f*' ::: 1 2
    same -k -j1 --tmpl t.in=g{#} 'cat g{#}' ::: 1 2 ::: a b
    same -k --filter '{1} < {2}+1' echo ::: 1 2 3 ::: 1 2 3
    same -k --filter '"{}" eq "b"' echo ::: a b c
    same -k --filter '{#} % 2' echo ::: a b c d
}

@test "differential: --delay Nauto, --limit, --ll and --retries {//}" {
    need_parallel
    same -k --delay 0.01auto 'echo {}; exit {}' ::: 0 1 0
    same -k --limit true echo ::: a b
    same -k --limit 'load 10000' echo ::: a b
    same -k --ll 'echo a{}; echo b{}' ::: 1 2 >/dev/null || true # (GNU draws with escapes)
    same -k --retries {//} 'echo {/}; exit {/}' ::: 0/0 1/1 2/2
}

@test "differential: --csv (cases from GNU parallel's man page and RFC 4180)" {
    need_csv
    printf '"col1""x3""","new\nline col2","new2\nline col3",col 4\n' >a.csv
    same --csv echo {1}-{2}-{3}-{4} :::: a.csv
    printf '"1 big, 2 small","2""x4"" plank",12.34\n' >b.csv
    same --csv echo {1} of {2} at {3} :::: b.csv
    printf 'a;"b;c";d\n' >c.csv
    same --csv --colsep ';' echo {2} :::: c.csv
    printf 'a,b\n\nc,d\n' >d.csv
    same -k --csv echo {2} :::: d.csv
    same -k --csv echo {} :::: d.csv
    printf 'x,y\n1,2\n' >e.csv
    same --header : --csv echo {y} :::: e.csv
    printf ' a ; b \n' >f.csv
    same --csv --colsep ';' echo '[{1}]' '[{2}]' :::: f.csv
    same --csv echo '[{1}]' '[{2}]' :::: f.csv
    printf '"open,x\n' >g.csv
    same --csv echo {1} :::: g.csv
}

@test "differential: --csv --pipe passes whole records" {
    need_csv
    perl -e 'for $b (1..5) { print join(",", map {"\"$_\n$_\""} $b*100..$b*100+100), "\n" }' >in.csv
    g=$(parallel --pipe --csv -k --block 1k tail -n1 <in.csv 2>/dev/null)
    l=$(lanes --pipe --csv -k --block 1k tail -n1 <in.csv 2>/dev/null)
    [ "$g" = "$l" ] || fail "GNU '$g', lanes '$l'"
}
