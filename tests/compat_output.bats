#!/usr/bin/env bats
# Differential tests of the output engine: each case runs the same command line under GNU
# parallel and under lanes (compat_helper.bash) and compares stdout bytes and exit status.
# Scope: --tag, --tagstring, --lb with -k, -u with -j1, --files (names through xargs cat),
# --results (the files cat'ed afterwards), --joblog (the deterministic columns), -k order
# with mixed sleeps, stdout/stderr separation, binary output, --ctag structure.
#
# Some cases post-process what each program did, through wrappers in .compat/bin that run
# the real program and then:
#   compat_pipe CMD ARGS...    pipe the program's stdout through CMD (exit status: the program's)
#   compat_post CMD ARGS...    run CMD afterwards in the same directory (its output follows)
#   compat_quiet CMD ARGS...   drop the program's stdout, then run CMD as compat_post does
#   compat_stderr ARGS...      compare the program's stderr instead of its stdout
#
# Every case is deterministic under GNU parallel: run this file with
# COMPAT_LANES_UNDER_TEST=parallel to compare GNU parallel with itself.

load test_helper
load compat_helper

setup() {
    compat_setup_self
    compat_wrap
    # bin: all 256 byte values, twice, and a line without newline at the end.
    local i
    for i in $(seq 0 255); do printf "\\$(printf %03o "$i")"; done >bin
    cat bin bin >bin2 && mv bin2 bin
    printf 'tail' >>bin
    tr -d '\r' <bin >bin-nocr
}

# --files: cat each file named on stdout (then remove it).
FILES_CAT='xargs -r sh -c '\''for f; do printf "<%s>\n" "${f##*.}"; cat "$f"; rm -f "$f"; done'\'' sh'
# --results DIR: every file under DIR, sorted, with its name and bytes.
results_cat() {
    printf 'find %q -type f | LC_ALL=C sort | while IFS= read -r f; do printf "== %%s\\n" "$f"; cat "$f"; done' "$1"
}
# --joblog FILE: the columns that do not depend on time (Seq Host Send Receive Exitval
# Signal Command), lines by Seq.
joblog_cut() {
    printf 'head -n 1 %q | cut -f1,2,5-; tail -n +2 %q | cut -f1,2,5- | sort -n -s -k1,1' "$1" "$1"
}
# --ctag/--color: lanes' palette is its own; mask the colour numbers.
MASK_COLOR='sed -E "s/\x1b\[48;5;[0-9]+;38;5;[0-9]+m/<C>/g"'

# The shell text of a wait for FILE (at most ~20 s) inside a job.
wait_for() {
    printf 'i=0; while [ ! -e %s ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done' "$1"
}

# ---------------------------------------------------------------- --tag

@test "--tag: one source" {
    compat -k --tag echo ::: a b c
}

@test "--tag: stdout lines tagged (stderr too, not compared)" {
    compat -k --tag 'echo {}; echo e{} >&2' ::: a b
}

@test "--tag: a last line without newline" {
    compat -k --tag 'printf "{}a\n{}b"' ::: 1 2 3
}

@test "--tag: empty lines" {
    compat -k --tag 'printf "x\n\ny\n\n"' ::: 1
}

@test "--tag: two sources" {
    compat -k --tag echo ::: a b ::: x y
}

@test "--tag: -N2" {
    compat -k --tag -N2 echo ::: a b c d
}

@test "--tag: --colsep" {
    compat -k --tag --colsep , echo ::: a,b c,d
}

@test "--tag: values with spaces, quotes and \$" {
    compat -k --tag echo ::: 'a b' "q'uote" '$HOME'
}

@test "--tag: a job with no output" {
    compat -k --tag true ::: 1 2
}

@test "--tag: a carriage return starts a tagged piece too" {
    compat -k --tag 'printf "x\ry\n"' ::: 1
}

# ---------------------------------------------------------------- --tagstring

@test "--tagstring: fixed text" {
    compat -k --tagstring T echo ::: a b
}

@test "--tagstring: {1} and {2}" {
    compat -k --tagstring '{1}-{2}' 'echo {1}{2}' ::: a b ::: x y
}

@test "--tagstring: {#} and {%} with -j1" {
    compat -j1 --tagstring '{#}:{%}' echo ::: a b c
}

@test "--tagstring: {/} {.} {//}" {
    compat -k --tagstring '{/}:{.}:{//}' 'echo {}' ::: d/f.txt e/g.c
}

@test "--tagstring after --tag wins" {
    compat -k --tag --tagstring X echo ::: a
}

@test "--tagstring before --tag still wins" {
    compat -k --tagstring X --tag echo ::: a
}

@test "--tagstring with --lb -k and lines in pieces" {
    compat -k --tagstring '<{}>' --lb 'printf "a\nb"; sleep 0.1; printf "c\nd"' ::: 1 2
}

# ---------------------------------------------------------------- --lb with -k

@test "--lb -k: lines written in pieces" {
    compat -k --lb 'printf "a{}\nb"; sleep 0.1; printf "c\nd{}\n"' ::: 1 2 3
}

@test "--lb -k: many lines" {
    compat -k --lb 'seq 3000; : {}' ::: 1 2
}

@test "--lb -k --tag: last lines without newline" {
    compat -k --lb --tag 'printf "{}a\n{}b"' ::: 1 2 3
}

@test "--lb -k: NUL bytes" {
    compat -k --lb 'printf "\0{}a\n{}\0b"' ::: 1 2
}

@test "--lb -k: exit status" {
    compat -k --lb 'echo {}; exit {}' ::: 1 2 0
}

@test "--lb -k -j1: lines without newline" {
    compat -k --lb -j1 'printf "{}a\n{}b"' ::: 1 2 3
}

@test "--lb -k: a job killed mid-line" {
    compat -k --lb '{}' ::: 'echo one' 'printf half; kill -9 $$' 'echo three'
}

@test "--lb -k: stdout and stderr lines in pieces (stdout compared)" {
    compat -k --lb 'printf "{}a\n{}b"; echo e{} >&2; printf "\n"' ::: 1 2
}

# ---------------------------------------------------------------- -u with -j1

@test "-u -j1: lines without newline run together" {
    compat -u -j1 'printf "a\nb"; printf "c\nd"' ::: 1 2
}

@test "-u -j1: exit status and stderr apart" {
    compat -u -j1 'echo {}; echo e{} >&2; exit {}' ::: 0 1 2
}

@test "-u -j1: many lines" {
    compat -u -j1 'seq 5000; : {}' ::: 1 2
}

@test "-u -j1: --tag is ignored" {
    compat -u -j1 --tag echo ::: a b
}

@test "-u -j1: --color is ignored" {
    compat -u -j1 --color echo ::: a b
}

@test "-u: -k is ignored" {
    compat -u -k -j2 '{}' ::: "$(wait_for two.done); sleep 0.5; echo one" "echo two; : >two.done"
}

# ---------------------------------------------------------------- --files | xargs cat

@test "--files | xargs cat: -k" {
    compat_pipe "$FILES_CAT" -k --files 'echo {}' ::: a b c
}

@test "--files | xargs cat: binary, stderr not in the file" {
    compat_pipe "$FILES_CAT" -k --files 'printf "{}\0x"; echo e >&2' ::: 1 2
}

@test "--files | xargs cat: exit status, empty files" {
    compat_pipe "$FILES_CAT" -k --files 'exit {}' ::: 0 1 2
}

@test "--files | xargs cat: -j1" {
    compat_pipe "$FILES_CAT" -j1 --files 'echo {}' ::: a b
}

@test "--files | xargs cat: big output" {
    compat_pipe "$FILES_CAT" -k --files 'head -c 3000000 /dev/zero | tr "\0" {}' ::: a b
}

@test "--files | xargs cat: --tmpdir" {
    mkdir t
    compat_pipe "$FILES_CAT" -k --files --tmpdir t 'seq {}' ::: 3 2
}

@test "--files | xargs cat: all byte values" {
    compat_pipe "$FILES_CAT" -k --files cat ::: bin bin
}

@test "--files --tag: the tag before the name" {
    mkdir t
    compat_pipe 'sed "s/\t.*/\t/"' -k --files --tag --tmpdir t 'echo {}' ::: a b
}

# ---------------------------------------------------------------- --results, files cat'ed

@test "--results DIR: the tree, cat'ed (stdout of the run not compared)" {
    compat_quiet "$(results_cat out)" -k --results out 'echo o{}; echo e{} >&2' ::: a b
}

@test "--results DIR: two sources, exit status" {
    compat_quiet "$(results_cat out)" -j1 --results out 'echo {1}{2}; exit 1' ::: a b ::: x y
}

@test "--results TEMPLATE: file form" {
    compat_quiet "$(results_cat .)" -j1 --results 'r_{}' echo ::: a b
}

@test "--results TEMPLATE/: directory form, binary output" {
    compat_quiet "$(results_cat d)" -j1 --results 'd/{}/' 'printf "\0{}"' ::: a b
}

@test "--results DIR: odd values" {
    compat_quiet "$(results_cat out)" -j1 --results out 'printf "[%s]" {}' ::: a/b 'c\d' $'t\tt' ' ' .hid
}

@test "--results DIR: stdout of the run" {
    compat -k --results out 'echo {}' ::: a b
}

@test "--results x.csv: stdout of the run" {
    compat -k --results x.csv 'echo {}' ::: a b
}

@test "--results -.csv: records on stdout, times masked" {
    compat_pipe 'cut -d, -f1,2,5-' -j1 --results -.csv 'echo {}' ::: a b
}

@test "--results x.tsv: the file, times masked" {
    compat_quiet 'cut -f1,2,5- x.tsv' -j1 --results x.tsv 'echo {}; exit {}' ::: 0 1
}

@test "--results x.csv -k: records in input order" {
    compat_quiet 'cut -d, -f1 x.csv' -k -j2 --results x.csv 'sleep {}; echo {}' ::: 0.5 0
}

# ---------------------------------------------------------------- --joblog, deterministic columns

@test "--joblog: exit codes and a signal" {
    compat_post "$(joblog_cut jl)" -k --joblog jl '{}' ::: 'exit 3' true 'kill -9 $$'
}

@test "--joblog: Receive counts stdout bytes" {
    compat_post "$(joblog_cut jl)" -j1 --joblog jl 'echo {}; echo err >&2' ::: a 'b c'
}

@test "--joblog: a missing command" {
    compat_post "$(joblog_cut jl)" -k --joblog jl nosuchcommand_lanes_x ::: 1
}

@test "--joblog: a tab in the command" {
    compat_post "$(joblog_cut jl)" -k --joblog jl $'echo a\tb' ::: 1
}

@test "--joblog +FILE appends to an existing log" {
    printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n1\t:\t1.000\t     0.001\t0\t0\t0\t0\told\n' >jl
    compat_post "$(joblog_cut jl)" -k --joblog +jl echo ::: a b
}

@test "--joblog -: -k -j1, log lines after each job's output" {
    compat_pipe 'cut -f1,2,5-' -k -j1 --joblog - echo ::: a b
}

@test "--joblog -: the log line after the job's output" {
    compat_pipe 'cut -f1,2,5-' --joblog - echo ::: a
}

@test "--joblog -k: lines in input order" {
    compat_post 'cut -f1 jl' -k -j2 --joblog jl 'sleep {}' ::: 0.5 0
}

# ---------------------------------------------------------------- -k order with mixed sleeps

@test "-k: mixed sleeps" {
    compat -k 'sleep {}; echo {}' ::: 0.3 0.1 0.2 0
}

@test "-k -j4: mixed sleeps, stderr too" {
    compat -k -j4 'sleep {}; echo {}; echo e{} >&2' ::: 0.2 0 0.1 0.05
}

@test "-k -j0: mixed sleeps, several lines" {
    compat -k -j0 'sleep 0.0{}; seq {}' ::: 5 1 4 2 3
}

@test "-k --tag: mixed sleeps" {
    compat -k --tag 'sleep {}; echo x' ::: 0.2 0 0.1
}

@test "-k -j2: mixed sleeps, no newlines" {
    compat -k -j2 'sleep {}; printf {}' ::: 0.2 0.1 0
}

# ---------------------------------------------------------------- stdout and stderr

@test "stdout only on stdout (-k)" {
    compat -k 'echo out{}; echo err{} >&2' ::: 1 2
}

@test "stderr compared: -k keeps stderr in input order" {
    compat_stderr -k -j3 'sleep 0.{}; echo out{}; echo err{} >&2' ::: 3 1 2
}

@test "stderr compared: --tag tags stderr" {
    compat_stderr -k --tag 'echo e{} >&2' ::: a b
}

@test "stderr compared: --lb -k, half lines" {
    compat_stderr -k --lb 'printf "e{}\nx" >&2' ::: 1 2
}

@test "a job that closes stdout and writes stderr" {
    compat -k 'exec >&-; echo e >&2; : {}' ::: 1
}

# ---------------------------------------------------------------- binary

@test "binary: NUL and high bytes" {
    compat -k 'printf "\0\1\2\377{}"' ::: a b
}

@test "binary: all byte values, -k" {
    compat -k cat ::: bin bin
}

@test "binary: all byte values but \\r, --tag" {
    compat -k --tag cat ::: bin-nocr
}

@test "binary: all byte values, --tag (\\r included)" {
    compat -k --tag cat ::: bin
}

@test "binary: all byte values, --lb -k" {
    compat -k --lb cat ::: bin bin
}

@test "binary: all byte values, -u -j1" {
    compat -u -j1 cat ::: bin bin
}

# ---------------------------------------------------------------- --ctag / --color structure

@test "--ctag: structure with colours masked" {
    compat_pipe "$MASK_COLOR" -k --ctag 'echo a{}; echo b{}' ::: 1 2
}

@test "--color --lb -k: structure with colours masked" {
    compat_pipe "$MASK_COLOR" -k --color --lb 'printf "a{}\nb"; sleep 0.1; printf "c\n"' ::: 1 2
}

@test "--color --tagstring: structure with colours masked" {
    compat_pipe "$MASK_COLOR" -k --color --tagstring 'T{}' 'echo a{}' ::: 1 2
}

@test "--color: a last line without newline" {
    compat_pipe "$MASK_COLOR" -k --color 'printf x{}' ::: 1 2
}

@test "--ctag --tagstring X: X is the tag" {
    compat_pipe "$MASK_COLOR" -k --tagstring X --ctag 'echo a{}' ::: 1
}

# ---------------------------------------------------------------- mode options that exclude each other

@test "-u --group: usage error" {
    compat_status -u --group echo ::: a
}

@test "--lb -u: usage error" {
    compat_status --lb -u echo ::: a
}

# ---------------------------------------------------------------- -v and --silent

@test "-v: each job's output starts with its command line" {
    compat -k -v echo ::: a b
}

@test "-v with --tag, --tagstring and --lb: the command line is output like any other" {
    compat -k -v --tag echo ::: a b
    compat -k -v --tagstring 'X{}' 'echo {}; echo two' ::: a b
    compat -v --lb echo ::: a
}

@test "-v -u, -v -q, -v with a shell template" {
    compat -v -u echo ::: a
    compat -v -q echo 'a b' ::: c
    compat -k -v 'echo {} | cat' ::: 'a b' "c'd"
}

@test "-v with failing jobs and with -X" {
    compat -k -v -j2 'echo {}; exit {}' ::: 0 1 2
    compat -k -v -X echo ::: a b c d
}

@test "-v --retries: the command line of the last try only" {
    compat -v --retries 2 'echo try; exit 1' ::: a
}

@test "-v --dry-run: the command line once" {
    compat -k -v --dry-run echo ::: a b
}

@test "-v -t: the command on stdout and on stderr" {
    compat -v -t echo ::: a
    compat_stderr -v -t echo ::: a
}

@test "--silent cancels -v before or after it, but not -t" {
    compat -v --silent echo ::: a
    compat --silent -v echo ::: a
    compat_stderr -t --silent echo ::: a
    compat_stderr --silent -t echo ::: a
    compat -v -t --silent echo ::: a
}

@test "-v: the command line goes into --results, --files and the joblog's Receive" {
    compat_quiet "$(results_cat out)" -k -v --results out 'echo o{}' ::: a b
    compat_pipe "$FILES_CAT" -k -v --files 'echo {}' ::: a b
    compat_post "$(joblog_cut jl)" -j1 -v --joblog jl 'echo {}' ::: a bc
}
