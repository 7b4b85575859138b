#!/usr/bin/env bats
# Differential tests: every case runs the same command line under GNU parallel
# and under lanes (see compat_helper.bash) and compares stdout bytes and exit
# status exactly.  Scope: what the foundation implements (stdin lines, one :::
# list, one :::: file, -a/--arg-file; {} {.} {/} {//} {/.} {#} {%}; quoting;
# shell templates; -j forms; -k; --group; --dry-run; -t/--verbose; exit status).
# Multi-job cases use -k (or -j1, or sleeps far apart) so their order is fixed.

load test_helper
load compat_helper

setup() {
    compat_setup
}

# Path-like inputs used by the {.} {/} {//} {/.} cases.
paths_file() {
    printf '%s\n' a/b.c/d .hidden dir/ / a.b.c noext ./x.y 'a b/c d.e' \
        ../up.tar.gz /abs/p.q. x. . .. dir/.rc 'a//b.c' /usr/lib/ 'sp ace.txt' \
        'dir.d/file' >"$1"
}

# ---------------------------------------------------------------- inputs

@test "stdin lines are arguments" {
    compat_input $'a\nb\nc\n' -k echo
}

@test "one ::: list" {
    compat -k echo ::: a b c
}

@test "one :::: file" {
    printf '%s\n' one two three >in.txt
    compat -k echo :::: in.txt
}

@test "-a file" {
    printf '%s\n' one two three >in.txt
    compat -k -a in.txt echo
}

@test "--arg-file file" {
    printf '%s\n' x y >in.txt
    compat -k --arg-file in.txt echo got
}

@test "--arg-file=file" {
    printf '%s\n' x y >in.txt
    compat -k --arg-file=in.txt echo got
}

@test "-a file ignores stdin as input" {
    printf '%s\n' fromfile >in.txt
    compat_input $'fromstdin\n' -k -a in.txt echo
}

@test ":::: file with absolute path" {
    printf '%s\n' p q >in.txt
    compat -k echo :::: "$PWD/in.txt"
}

@test "empty stdin runs no jobs" {
    compat_input '' echo never
}

@test "empty ::: list runs no jobs" {
    compat echo never :::
}

@test "empty :::: file runs no jobs" {
    : >empty.txt
    compat echo never :::: empty.txt
}

@test "last stdin line without trailing newline" {
    compat_input $'a\nb\nlast' -k echo
}

@test ":::: file without trailing newline" {
    printf 'a\nlast' >in.txt
    compat -k echo :::: in.txt
}

@test "blank lines are empty arguments" {
    compat_input $'a\n\nb\n\n' -k printf '=%s=\\n'
}

@test "blank line with implicit append" {
    compat_input $'\n\n' -k echo x
}

@test "only a newline on stdin" {
    compat_input $'\n' -k printf '=%s=\\n'
}

@test "CRLF lines keep the CR" {
    compat_input $'a\r\nb c\r\n' -k printf '=%s=\\n'
}

@test "CRLF line in double-quoted template" {
    compat_input $'a\r\n' -k 'echo "[{}]"'
}

# GNU parallel refuses a job whose expanded command is over ~63 KB here
# ("Command line too long", exit 255), so the 100 KB lines are used through
# short replacement strings and the content checks use 50 KB lines.
@test "100 KB line read whole (one job, {#})" {
    { head -c 100000 /dev/zero | tr '\0' 'x'; printf '\nshort\n'; } >long.txt
    compat_stdin long.txt -k echo {#}
}

@test "100 KB path line with {/} and {/.}" {
    { printf 'dir/'; head -c 100000 /dev/zero | tr '\0' 'y'; printf '/base.ext\n'; } >long.txt
    compat_stdin long.txt -k echo {/} {/.}
}

@test "30 KB line from stdin used twice" {
    { head -c 30000 /dev/zero | tr '\0' 'x'; echo; } >long.txt
    compat_stdin long.txt -k 'printf %s {} | wc -c; printf %s {} | md5sum'
}

@test "50 KB line of words echoed back" {
    { seq 1 9000 | tr '\n' ' '; echo; } >long.txt
    compat_stdin long.txt -k echo
}

@test "2000 lines with -k" {
    seq 2000 >in.txt
    compat_stdin in.txt -k -j4 echo
}

@test "2000 lines from a :::: file with -k" {
    seq 2000 | sed 's/^/line /' >in.txt
    compat -k -j3 echo :::: in.txt
}

@test "binary bytes without NUL or newline" {
    printf '\001\002\003\t\v\f\r\033 !"#$%%&'"'"'()*+,-./:;<=>?@[\\]^_`{|}~\177\200\201\376\377\n' >bin.txt
    printf '\377\376\200 tail\n' >>bin.txt
    compat_stdin bin.txt -k printf '%s\\n' {}
}

@test "binary bytes in --dry-run" {
    printf '\001\002\t\033"$`\\\177\200\377\n' >bin.txt
    compat_stdin bin.txt -k --dry-run echo
}

@test "many short lines from -a with {#}" {
    seq 500 | sed 's/$/ x/' >in.txt
    compat -k -a in.txt echo {#}:{}
}

# ---------------------------------------------------------------- replacement strings

@test "{} replaced" {
    compat -k echo 'x{}y' ::: a b
}

@test "{} used several times" {
    compat -k echo {} {} '{}{}' ::: a 'b c'
}

@test "{.} removes extension" {
    paths_file p.txt
    compat -k printf '=%s=\\n' {.} :::: p.txt
}

@test "{/} basename" {
    paths_file p.txt
    compat -k printf '=%s=\\n' {/} :::: p.txt
}

@test "{//} dirname" {
    paths_file p.txt
    compat -k printf '=%s=\\n' {//} :::: p.txt
}

@test "{/.} basename without extension" {
    paths_file p.txt
    compat -k printf '=%s=\\n' {/.} :::: p.txt
}

@test "all path replacement strings in one template" {
    paths_file p.txt
    compat -k 'printf "<%s|%s|%s|%s|%s>\n" {} {.} {/} {//} {/.}' :::: p.txt
}

@test "path replacement strings from ::: with empty arg" {
    compat -k 'printf "<%s|%s|%s|%s>\\n" {.} {/} {//} {/.}' ::: '' 'f.o.o' 'd/' '/x'
}

@test "{#} sequence numbers" {
    compat -k -j2 echo {#} {} ::: a b c d e
}

@test "{#} alone suppresses implicit {}" {
    compat -k echo {#} ::: a b c
}

@test "{%} slot with -j1" {
    compat -j1 echo {%} {} ::: a b c
}

@test "{%} alone with -j1" {
    compat -j1 echo slot{%} ::: a b
}

@test "implicit {} appended when template has none" {
    compat -k echo prefix ::: a 'b c'
}

@test "implicit append quotes the argument" {
    compat -k printf '=%s=\\n' ::: 'a b' "it's" '$HOME'
}

@test "braces that are not replacement strings" {
    compat -k echo '{x}' '{ }' '{}}' '{{}' ::: a
}

@test "replacement string inside single-quoted template" {
    compat -k "echo '[{}]'" ::: 'a b' '' plain '$x'
}

@test "replacement string inside double-quoted template" {
    compat -k 'echo "[{}]"' ::: 'a b' '' plain '$x' "a'b"
}

@test "{.} and {/.} on stdin lines" {
    compat_input $'dir/file.tar.gz\nREADME\n' -k echo {.} {/.}
}

# ---------------------------------------------------------------- quoting of arguments

@test "argument with spaces stays one word" {
    compat -k printf '=%s=\\n' {} ::: 'a b' '  lead' 'trail  ' 'a   b'
}

@test "argument with single and double quotes" {
    compat -k printf '=%s=\\n' {} ::: "it's" '"dq"' "'" "''" "'a'" "a'" '"' "mix'\"ed"
}

@test "command substitution in argument is data" {
    compat -k printf '=%s=\\n' {} ::: '$(echo pwned)' '`echo pwned`' '${HOME}' '$HOME'
}

@test "semicolons and operators in argument are data" {
    compat -k printf '=%s=\\n' {} ::: 'x;echo pwned' 'a && b' 'a || b' 'a | b' '&' '<>' '(x)'
}

@test "glob characters not expanded" {
    touch f1 f2 f3
    compat -k printf '=%s=\\n' {} ::: '*' 'f*' '?1' '[f]2' '~' '~root'
}

@test "redirection in argument creates no file" {
    compat -k 'printf "[%s]\n" {}; ls' ::: '>made' '2>also'
}

@test "backslashes in argument" {
    compat -k printf '=%s=\\n' {} ::: 'back\slash' '\\' '\' 'a\nb' '\t'
}

@test "tab in argument" {
    compat -k printf '=%s=\\n' {} ::: $'a\tb' $'\t' $'\tx\t'
}

@test "empty string argument" {
    compat -k printf '=%s=\\n' {} ::: '' x ''
}

@test "leading dashes in argument" {
    compat -k printf '=%s=\\n' {} ::: -n -e --help - -- '-x y'
}

@test "echo with dash arguments" {
    compat -k echo ::: -n -e -E --
}

@test "unicode arguments" {
    compat -k printf '=%s=\\n' {} ::: 'héllo' '日本語' 'emoji 🎉' 'Ωmega.tär.gz'
}

@test "very long argument from :::" {
    local a
    a=$(head -c 25000 /dev/zero | tr '\0' 'y')
    compat -k 'printf %s {} | wc -c; printf %s {} | md5sum' ::: "$a" "z$a"
}

@test "other punctuation in arguments" {
    compat -k printf '=%s=\\n' {} ::: '#hash' '!bang' '%pct' 'a=b' 'x:y' '@at' '^c' '+plus' 'a,b' '{}' '.' 'a/b_c-d.e'
}

@test "arguments from stdin with shell metacharacters" {
    printf '%s\n' '$(id)' "a'b" 'x;y' '*' '\' 'a  b' '"q"' >in.txt
    compat_stdin in.txt -k printf '=%s=\\n'
}

@test "--dry-run shows GNU quoting" {
    compat -k --dry-run echo {} ::: 'a b' "it's" '$(date)' 'x;y' '*' 'back\slash' \
        $'tab\there' '' -n 'héllo' 'a"b' '~user' 'a=b' '+plus' 'x:y' "'" "''" "'a'" "a'" '-_./+azAZ09'
}

@test "--dry-run quoting of runs of single quotes" {
    compat -k --dry-run echo ::: "''" "'''" "a''b" "''a" "b''"
}

@test "--dry-run quoting of control characters" {
    compat -k --dry-run echo ::: $'ctl\001x' $'\033[0m' $'cr\r' $'\177'
}

# ---------------------------------------------------------------- templates

@test "plain command with argument" {
    compat -k expr {} + 1 ::: 1 2 41
}

@test "command words joined with single spaces" {
    compat -k echo 'a  b' ::: x
}

@test "backslash in a command word is processed by the shell" {
    compat -k printf '%s\n' ::: a b
}

@test "glob in a command word is expanded by the shell" {
    touch f1 f2
    compat -k echo 'f*' {} ::: x
}

@test "redirection and ; as separate command words" {
    compat -j1 echo {} '>>' log ';' cat log ::: a b
}

@test "double quotes in a command word are re-parsed" {
    compat -k echo '"a   b"' {} ::: x
}

@test "assignment as first command word" {
    compat -k COMPAT_V={} printenv COMPAT_V ::: a 'b c'
}

@test "tilde in a command word is expanded by the shell" {
    compat -k echo '~root' {} ::: a
}

@test "# in a command word starts a comment" {
    compat -k echo {} '#' comment ::: a b
}

@test "replacement string as the command name" {
    compat -k '{} hi' ::: echo
}

@test "shell builtins and keywords as the command" {
    compat -k type -t ::: cd if printf
}

@test "relative path to a script as the command" {
    printf '#!/bin/sh\necho "script:$1:$#"\n' >script.sh
    chmod +x script.sh
    compat -k ./script.sh ::: a 'b c'
}

@test "script without execute permission fails" {
    printf '#!/bin/sh\necho never\n' >noexec.sh
    chmod -x noexec.sh
    compat -k ./noexec.sh ::: a b
}

@test "stderr of jobs does not reach stdout" {
    compat -k 'echo out {}; echo err {} >&2; echo out2 {}' ::: a b
}

@test "command word with shell metacharacter is shell syntax" {
    compat -k printf -- '%s|' ::: a b
}

@test "template with pipe" {
    compat -k 'echo {} | tr a-z A-Z' ::: abc def
}

@test "template with semicolon" {
    compat -k 'echo {}; echo done' ::: a b
}

@test "template with && and ||" {
    compat -k 'test {} = b && echo yes-{} || echo no-{}' ::: a b
}

@test "template redirecting into a file then cat" {
    compat -k 'echo {} >{}.out && cat {}.out' ::: one two
}

@test "files created by jobs are visible afterwards" {
    compat -k 'echo {} >{.}.txt; ls *.txt' ::: a.x
}

@test "template reads an exported variable" {
    export COMPAT_FOO='foo bar'
    compat -k 'echo "$COMPAT_FOO" {}' ::: a
}

@test "variable as separate command word" {
    export COMPAT_FOO=value
    compat -k echo '$COMPAT_FOO' ::: a
}

@test "template with subshell" {
    compat -k '(echo {}; echo x) | wc -l' ::: a b
}

@test "template with arithmetic on {#}" {
    compat -k 'echo $(( {#} * 10 )) {}' ::: a b c
}

@test "template with for loop" {
    compat -k 'for i in 1 2; do echo {}$i; done' ::: a b
}

@test "template with here-string" {
    compat -k 'cat <<< {}' ::: 'a b' c
}

@test "template sets a variable for a child" {
    compat -k 'X={} sh -c "echo \$X"' ::: 'a b' c
}

@test "template with quoted text around {}" {
    compat -k "echo \"x {} y\" 'lit {}'" ::: 'a b'
}

@test "exported bash function as command" {
    compat_fn() { echo "fn:$1:$#"; }
    export -f compat_fn
    compat -k compat_fn ::: a 'b c'
}

@test "exported bash function with {} and extra arguments" {
    compat_fn2() { printf '<%s>' "$@"; echo; }
    export -f compat_fn2
    compat -k compat_fn2 first {} last ::: 'x y' z
}

@test "exported function in a shell template" {
    compat_up() { tr a-z A-Z <<<"$1"; }
    export -f compat_up
    compat -k 'compat_up {} | rev' ::: abc
}

# ---------------------------------------------------------------- -j forms

@test "-j1" {
    compat -j1 echo ::: a b c
}

@test "-j2 with -k" {
    compat -j2 -k echo ::: a b c d
}

@test "-j 4 with a space" {
    compat -j 4 -k echo ::: a b c d e f
}

@test "-j +0" {
    compat -j +0 -k echo ::: a b c
}

@test "-j +2" {
    compat -j +2 -k echo ::: a b c
}

@test "-j -1" {
    compat -j -1 -k echo ::: a b c
}

@test "-j 50%" {
    compat -j 50% -k echo ::: a b c
}

@test "-j 200%" {
    compat -j 200% -k echo ::: a b c
}

@test "-j 0" {
    compat -j 0 -k echo ::: a b c
}

@test "-j more than jobs" {
    compat -j 100 -k echo ::: a b
}

@test "-P 3" {
    compat -P 3 -k echo ::: a b c
}

@test "--jobs 3" {
    compat --jobs 3 -k echo ::: a b c
}

@test "--jobs=2" {
    compat --jobs=2 -k echo ::: a b c
}

@test "-kj2 bundled short options" {
    compat -kj2 echo ::: a b c
}

@test "-j+0 attached" {
    compat -j+0 -k echo ::: a b
}

@test "-j-1 attached" {
    compat -j-1 -k echo ::: a b
}

@test "-P2 attached" {
    compat -P2 -k echo ::: a b
}

@test "--jobs=50%" {
    compat --jobs=50% -k echo ::: a b
}

@test "-j1 keeps input order without -k" {
    compat -j1 'sleep 0.{}; echo {}' ::: 3 1 2
}

@test "-j -1000 cannot run any jobs" {
    compat -j -1000 echo ::: a
}

# ---------------------------------------------------------------- ordering and grouping

@test "-k keeps order when later jobs finish first" {
    compat -j4 -k 'sleep 0.{}; echo {}' ::: 6 4 2 0
}

@test "--keep-order" {
    compat -j3 --keep-order 'sleep 0.{}; echo {}' ::: 5 3 0
}

@test "without -k output comes in completion order" {
    compat -j3 'sleep {}; echo {}' ::: 2 1 0
}

@test "--group keeps each job's output whole" {
    compat -j2 --group 'echo {}-1; sleep {}; echo {}-2' ::: 1.2 0.1
}

@test "--group with -k and multi-line output" {
    compat -j3 --group -k 'seq 3 | sed s/^/{}:/' ::: a b c
}

@test "job output without trailing newline" {
    compat -k printf '%s' ::: a b c
}

@test "large job output kept whole with -k" {
    compat -j2 -k 'seq 1 20000 | sed s/^/{}/' ::: a b
}

# ---------------------------------------------------------------- dry-run and verbose

@test "--dry-run prints commands" {
    compat -k --dry-run echo {} ::: a b
}

@test "--dry-run with implicit append from stdin" {
    compat_input $'x y\nz\n' -k --dry-run printf '%s\n'
}

@test "--dry-run with shell template" {
    compat -k --dry-run 'echo {} | wc -c; echo "{.}"' ::: a.b 'c d.e'
}

@test "--dry-run with {#} and {%}" {
    compat -j1 --dry-run echo {#} {%} {} ::: a b
}

@test "--dry-run of failing command exits 0" {
    compat -k --dry-run false ::: a b
}

@test "-t writes job output only to stdout" {
    compat -t -k echo ::: a b
}

@test "--verbose writes job output only to stdout" {
    compat --verbose -k echo ::: a b
}

@test "-t with --dry-run" {
    compat -t --dry-run -k echo ::: a b
}

# ---------------------------------------------------------------- exit status

@test "all jobs succeed gives 0" {
    compat -k true ::: a b c
}

@test "one job exiting 3 counts as one failure" {
    compat sh -c "'exit 3'" {} ::: a
}

@test "exit status is the count of failed jobs" {
    compat -k 'exit {}' ::: 0 1 2 3
}

@test "5 failing jobs give 5" {
    compat -k false ::: 1 2 3 4 5
}

@test "job exit 255 counts as one failure" {
    compat -k 'exit 255; : {}' ::: a
}

@test "100 failing jobs give 100" {
    seq 100 >in.txt
    compat_stdin in.txt false
}

@test "101 failing jobs give 101" {
    seq 101 >in.txt
    compat_stdin in.txt false
}

@test "150 failing jobs give 101" {
    seq 150 >in.txt
    compat_stdin in.txt -j4 false
}

@test "failing jobs still print output" {
    compat -k 'echo out-{}; test {} != b' ::: a b c
}

@test "nonexistent command" {
    compat compat-no-such-command-xyz ::: a
}

@test "nonexistent command for three jobs" {
    compat -k compat-no-such-command-xyz ::: a b c
}

@test "job killed by SIGKILL" {
    compat -k 'echo {}; kill -9 $$' ::: a b
}

@test "job killed by SIGTERM" {
    compat -k 'kill -TERM $$; : {}' ::: a
}

@test "job killed by SIGINT" {
    compat -k 'kill -INT $$; : {}' ::: a b
}

# ---------------------------------------------------------------- usage errors

@test "unknown long option exits 255" {
    compat_status --no-such-option echo ::: a
}

@test "-j foo exits 255" {
    compat_status -j foo echo ::: a
}

@test "-j 0.5 exits 255" {
    compat_status -j 0.5 echo ::: a
}

@test "-j 2.0 exits 255" {
    compat_status -j 2.0 echo ::: a
}

@test "-a nonexistent file exits 255" {
    compat -a /nonexistent/compat-input echo
}

@test ":::: nonexistent file exits 255" {
    compat echo :::: /nonexistent/compat-input
}

@test "-j with no value exits 255" {
    compat_status -j
}

# ---------------------------------------------------------------- job environment

@test "PARALLEL_SEQ in jobs" {
    compat -k -j3 'echo $PARALLEL_SEQ {}' ::: a b c d
}

@test "PARALLEL_SEQ equals {#}" {
    compat -k -j2 'test "$PARALLEL_SEQ" = {#} && echo ok {#}' ::: a b c
}

@test "PARALLEL_JOBSLOT with -j1" {
    compat -j1 'echo $PARALLEL_JOBSLOT {}' ::: a b c
}

@test "PARALLEL_JOBSLOT equals {%} with -j1" {
    compat -j1 'test "$PARALLEL_JOBSLOT" = {%} && echo ok' ::: a b
}

@test "job stdin is empty when input comes from stdin" {
    compat_input $'a\nb\n' -k -j1 'wc -c; : {}'
}

@test "job stdin is empty with ::: input" {
    compat_input $'data on stdin\n' -k -j1 'wc -c; : {}' ::: a b
}

@test "job stdin is empty with -a input" {
    printf '%s\n' a b >in.txt
    compat_input $'data on stdin\n' -k -j1 -a in.txt 'cat; echo {}'
}

@test "job stdin is empty with :::: input" {
    printf '%s\n' a >in.txt
    compat_input $'data on stdin\n' -k 'cat; echo {}' :::: in.txt
}

# ---------------------------------------------------------------- options and --

@test "command with its own option -n" {
    compat -k echo -n {} ::: a b
}

@test "command with options that look like ours" {
    compat -j1 echo -k -j3 {} ::: a
}

@test "-- ends options" {
    compat -k -- echo ::: a b
}

@test "-- after the command is passed to it" {
    compat -k echo -- ::: a
}

@test "-- then command with --" {
    compat -k -- echo -- {} ::: a
}

@test "option-like words after ::: are arguments" {
    compat -k echo ::: -k -j --dry-run
}

@test "option-like lines from stdin are arguments" {
    compat_input $'-k\n--jobs\n-j1\n' -k printf '=%s=\\n'
}

@test "printf with its format and --" {
    compat -k printf -- '%s-%s\n' {} {} ::: a b
}
