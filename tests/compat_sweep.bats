#!/usr/bin/env bats
# A second differential sweep (GNU parallel against lanes), in areas the other compat suites
# touch lightly: many failing or killed jobs and their exit status, job log columns after
# retries and halts, --resume and --retry-failed on a log a first run wrote, output modes
# with stdout and stderr mixed in one job, odd outputs (no final newline, empty, CR), and
# replacement strings in unusual places of a template.
#
# Cases that need more than one command line go through compat_sh: SCRIPT runs under bash
# in each program's work folder, with $P the program, and its stdout and exit status are
# compared. Inside SCRIPT, `jl FILE` prints the deterministic columns of a job log (Seq,
# Host, Send, Receive, Exitval, Signal, Command), lines sorted by Seq.
#
# Every case is deterministic under GNU parallel: run this file with
# COMPAT_LANES_UNDER_TEST=parallel to compare GNU parallel with itself.

bats_require_minimum_version 1.5.0

load test_helper
load compat_helper

setup() {
    compat_setup_self
    local name path
    mkdir -p "$COMPAT_DIR/.compat/sh"
    for name in parallel lanes; do
        path=$(command -v parallel)
        [ "$name" = parallel ] || path=$(command -v "$LANES")
        {
            printf '#!/bin/bash\nP=%q\n' "$path"
            printf 'jl() { head -n 1 "$1" | cut -f1,2,5-; tail -n +2 "$1" | cut -f1,2,5- | sort -n -s -k1,1; }\n'
            printf 'eval "$1"\n'
        } >"$COMPAT_DIR/.compat/sh/$name"
        chmod +x "$COMPAT_DIR/.compat/sh/$name"
    done
}

# compat_sh SCRIPT: SCRIPT under bash, $P being GNU parallel, then lanes (see the top).
compat_sh() {
    COMPAT_PARALLEL=$COMPAT_DIR/.compat/sh/parallel LANES=$COMPAT_DIR/.compat/sh/lanes compat "$1"
}

# ---------------------------------------------------------------- exit statuses and failures

@test "100 failing jobs with -j8 exit 100" {
    compat -j8 'exit 3' ::: $(seq 100)
}

@test "101 failing jobs among successes exit 101" {
    compat -j8 '[ $(({} % 2)) = 0 ]' ::: $(seq 202)
}

@test "99 failures and one success exit 99" {
    compat -j4 '[ {} = 50 ]' ::: $(seq 100)
}

@test "100 jobs killed by SIGTERM count as 100 failures" {
    compat -j8 'kill -TERM $$' ::: $(seq 100)
}

@test "101 jobs killed by SIGKILL exit 101" {
    compat -j8 'kill -KILL $$' ::: $(seq 101)
}

@test "exit 255 in jobs counts one failure each" {
    compat -k 'echo {}; exit 255' ::: a b c
}

@test "exit 255 with --halt now,fail=1 exits 255" {
    compat -k -j1 --halt now,fail=1 'echo {}; exit 255' ::: a b
}

@test "jobs killed by SIGTERM with -k print what they wrote before" {
    compat -k -j2 'echo before-{}; kill -TERM $$; echo after' ::: a b c
}

@test "jobs killed by SIGKILL without -k, -j1" {
    compat -j1 'echo {}; kill -KILL $$' ::: a b
}

@test "--joblog columns of jobs killed by TERM and KILL" {
    compat_sh '$P -k -j1 --joblog log "echo {}; kill -{} \$\$" ::: TERM KILL 0; echo rc=$?; jl log'
}

@test "--joblog columns of a command not found and exit 255" {
    compat_sh '$P -k -j1 --joblog log {} ::: nosuchcmd_sweep_zz "exit 255" "echo ok"; echo rc=$?; jl log'
}

@test "a script without execute permission exits 126 and counts one failure" {
    printf '#!/bin/sh\necho hi\n' >s.sh
    compat_sh '$P -k -j1 --joblog log ./s.sh ::: a; echo rc=$?; jl log'
}

@test "commands not found: 3 failures" {
    compat -k nosuchcmd_sweep_zz ::: a b c
}

@test "--retries: a job that fails once then succeeds leaves one log line" {
    compat_sh '$P -k -j1 --retries 2 --joblog log "if [ -e st{} ]; then echo ok {}; else touch st{}; echo try {}; exit 5; fi" ::: a b; echo rc=$?; jl log'
}

@test "--retries: a job that is killed once then succeeds" {
    compat_sh '$P -k -j1 --retries 2 --joblog log "if [ -e st{} ]; then echo ok {}; else touch st{}; kill -TERM \$\$; fi" ::: a; echo rc=$?; jl log'
}

@test "--retries: a job failing every time is one failure" {
    compat_sh '$P -k -j1 --retries 3 --joblog log "echo n{}; exit 4" ::: a b; echo rc=$?; jl log'
}

@test "--retries: the failure count follows the last try" {
    compat_sh '$P -k -j1 --retries 2 "n=\$(cat c{} 2>/dev/null || echo 0); echo \$((n + 1)) >c{}; [ \$n -ge {} ]" ::: 0 1 2 3; echo rc=$?; cat c0 c1 c2 c3'
}

@test "--halt now,fail=1 --joblog: the log ends with the failing job" {
    compat_sh '$P -k -j1 --halt now,fail=1 --joblog log "echo {}; exit {}" ::: 0 6 0; echo rc=$?; jl log'
}

@test "--halt soon,fail=2 on killed jobs exits as the second" {
    compat -k -j1 --halt soon,fail=2 'echo {}; kill -{} $$' ::: 0 TERM 0 KILL 0
}

@test "--halt now,success=1 after failures and a signal" {
    compat_sh '$P -k -j1 --halt now,success=1 --joblog log "echo {}; kill -{} \$\$" ::: TERM KILL 0 0; echo rc=$?; jl log'
}

@test "--halt now,done=2 with a command not found" {
    compat -k -j1 --halt now,done=2 '{}' ::: 'echo a' nosuchcmd_sweep_zz 'echo c'
}

@test "--halt soon,fail=1 with --retries retries before halting" {
    compat_sh '$P -k -j1 --halt soon,fail=1 --retries 2 --joblog log "echo {}; exit {}" ::: 0 3 0; echo rc=$?; jl log'
}

@test "--halt now,fail=1 with exit 101 from a job" {
    compat -k -j1 --halt now,fail=1 'exit {}' ::: 0 101 0
}

# ---------------------------------------------------------------- --resume, --resume-failed, --retry-failed

@test "--resume after a run killed by --halt soon" {
    compat_sh 'for i in 1 2; do $P -k -j1 --joblog log --resume --halt soon,fail=1 "echo {}; [ {} != c ] || [ -e again ]" ::: a b c d; echo rc=$?; touch again; done; jl log'
}

@test "--resume-failed with --retries" {
    compat_sh 'for i in 1 2; do $P -k -j1 --joblog log --resume-failed --retries 2 "echo {}-\$(ls | grep -c t); touch t{}\$RANDOM; [ -e ok ]" ::: a b; echo rc=$?; touch ok; done; jl log | cut -f1,5,6'
}

@test "--resume-failed: the exit status counts only the rerun jobs" {
    compat_sh '$P -k -j1 --joblog log "exit {}" ::: 0 1 2 0 3; echo rc=$?; $P -k -j1 --joblog log --resume-failed "exit \$(({} % 2))" ::: 0 1 2 0 3; echo rc=$?; jl log'
}

@test "--resume with fewer arguments than the log has" {
    compat_sh '$P -k -j1 --joblog log "echo {}" ::: a b c d; $P -k -j1 --joblog log --resume "echo again {}" ::: a b; echo rc=$?; jl log'
}

@test "--retry-failed reruns a job killed by a signal with the logged command" {
    compat_sh '$P -k -j1 --joblog log "echo {}; [ -e ok ] || kill -TERM \$\$" ::: a b; echo rc=$?; touch ok; $P -k -j1 --joblog log --retry-failed; echo rc=$?; jl log'
}

@test "--retry-failed with quotes in the logged command" {
    compat_sh '$P -k -j1 --joblog log "echo {}; [ -e ok ]" ::: "a b" "c'"'"'d"; echo rc=$?; touch ok; $P -k -j1 --joblog log --retry-failed; echo rc=$?; jl log'
}

@test "--resume twice in a row runs nothing the second time" {
    compat_sh 'for i in 1 2 3; do $P -k -j1 --joblog log --resume "echo {}; exit 1" ::: a b; echo rc=$?; done; jl log'
}

@test "--resume-failed on a log of a command not found" {
    compat_sh '$P -k -j1 --joblog log {} ::: nosuchcmd_sweep_zz "echo x"; echo rc=$?; $P -k -j1 --joblog log --resume-failed "echo again {}" ::: 1 2; echo rc=$?; jl log'
}

# ---------------------------------------------------------------- output modes

one_job='echo o1; echo e1 >&2; printf o2; printf e2 >&2; echo; echo o3'

@test "--group -j1: stdout of a job that mixes stdout and stderr" {
    compat -j1 --group "$one_job; echo {}" ::: a b
}

@test "-k --lb: stdout of a job that mixes stdout and stderr" {
    compat -k --lb "$one_job; echo {}" ::: a b
}

@test "-u -j1: stdout of a job that mixes stdout and stderr" {
    compat -u -j1 "$one_job; echo {}" ::: a b
}

@test "--group -j1: stderr of a job that mixes stdout and stderr" {
    compat_sh '$P -j1 --group "'"$one_job"'; echo {} >&2" ::: a b 2>&1 >/dev/null'
}

@test "-k --lb: stderr of a job that mixes stdout and stderr" {
    compat_sh '$P -k --lb "'"$one_job"'; echo {} >&2" ::: a b 2>&1 >/dev/null'
}

@test "--tag: stderr is tagged too" {
    compat_sh '$P -k --tag "echo o{}; echo e{} >&2; printf x >&2" ::: a b 2>&1 >/dev/null'
}

@test "outputs without a final newline, -k" {
    compat -k 'printf {}' ::: a b c
}

@test "--lb: outputs without a final newline" {
    compat -k --lb 'printf "x\ny{}"' ::: a b
}

@test "--tag: outputs without a final newline" {
    compat -k --tag 'printf "x\ny{}"' ::: a b
}

@test "-u: outputs without a final newline" {
    compat -j1 -u 'printf "x{}"' ::: a b
}

@test "--tag: empty outputs print nothing" {
    compat -k --tag 'true' ::: a b
}

@test "--tag: a job printing only a newline" {
    compat -k --tag 'echo' ::: a b
}

@test "--tag: a CR ends a tagged piece, as a newline does" {
    compat -k --tag 'printf "a\rb\r\nc\r"' ::: x y
}

@test "--lb --tag: CR characters" {
    compat -k --lb --tag 'printf "a\r\nb\rc\n"' ::: x
}

@test "--tag with multi-line output and an empty line" {
    compat -k --tag 'printf "1\n\n3\n"' ::: a 'b c'
}

@test "-u --tag with multi-line output" {
    compat -j1 -u --tag 'printf "1\n2\n"' ::: a b
}

@test "--tagstring with {%} {#} and -j1" {
    compat -k -j1 --tagstring '{%}:{#}' 'printf "x\ny\n"' ::: a b
}

@test "--tagstring with {1} {.} and two inputs" {
    compat -k --tagstring '{1}|{.}|{2}' echo ::: a.x b.y ::: c.z
}

@test "--tagstring with {/} {//} {/.}" {
    compat -k --tagstring '{/}+{//}+{/.}' echo ::: d/e/f.g h.i
}

@test "--results with odd values: spaces, a star, a leading dash" {
    compat_sh '$P -k --results out "echo {}" ::: "a b" "*" "-x" "é"; echo rc=$?; find out -type f | LC_ALL=C sort | while IFS= read -r f; do echo "== $f"; cat "$f"; done'
}

@test "--results with an empty value" {
    compat_sh '$P -k --results out "echo [{}]" ::: "" x; echo rc=$?; find out -type f | LC_ALL=C sort | while IFS= read -r f; do echo "== $f"; cat "$f"; done'
}

# ---------------------------------------------------------------- templates in unusual places

@test "{} inside double quotes in a shell template" {
    compat -k 'echo "{}"' ::: 'a  b' '$x' '*' 'c"d'
}

@test "{} inside single quotes in a shell template" {
    compat -k "echo '{}'" ::: "a'b" 'c  d' '$y'
}

@test "{} in the middle of a word" {
    compat -k echo 'x{}y' ::: a 'b c' "d'e"
}

@test "several {} in one word" {
    compat -k echo '{}{}-{}' ::: a 'b c'
}

@test "{} as the command itself" {
    compat -k '{}' ::: 'echo a' 'echo b; echo c'
}

@test "no command: the arguments are the commands, with failures" {
    compat -k ::: 'echo a' false 'exit 3' 'echo "b  c"'
}

@test "-q with a pipe sign and a dollar" {
    compat -k -q echo '{}' '|' '$HOME' '`id`' ::: a
}

@test "-q with {} in the middle of a word" {
    compat -k -q echo 'x{}y' ::: 'a b' "c'd"
}

@test "--shell-quote with no command" {
    compat -k --shell-quote ::: 'a b' '$x' '"'
}

@test "{.} and {} inside double quotes" {
    compat -k 'echo "{}" "{.}"' ::: 'a b.c' 'd.e f'
}

@test "a template of two lines" {
    compat -k $'echo {}\necho {}-2' ::: a b
}

@test "-I with the string inside quotes" {
    compat -k -I ,, 'echo ",,"' ::: 'a  b'
}

@test "{} inside \$(...) in the template" {
    compat -k 'echo $(echo {} | tr a-z A-Z)' ::: 'ab cd' ef
}

# ---------------------------------------------------------------- --tagstring escapes, option aliases

@test "--tagstring: \\t \\n \\r and octal escapes in the text, not in the values" {
    compat -k --tagstring '{}\t<\n\r\101\1234\12\8\\t\q>' echo ::: '\t' a
}

@test "--linebuffer, --keeporder and --tag-string are aliases" {
    compat -j1 --linebuffer --keeporder --tag-string '{#}' 'printf "x\ny"' ::: a b
}

@test "--dryrun, --shellquote, --maxargs and --jl are aliases" {
    compat_sh '$P -k --dryrun --maxargs 2 echo ::: a b c; $P --shellquote echo ::: "a b"; $P -j1 --jl log true ::: a; echo rc=$?; jl log'
}
