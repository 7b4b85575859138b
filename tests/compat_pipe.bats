#!/usr/bin/env bats
# Differential tests of --pipe (GNU parallel against lanes, see compat_helper.bash): stdin cut
# into blocks at record boundaries, each block on one job's stdin.  --block and its suffixes,
# inputs without a final newline, records longer than the block, --recend and --recstart
# (multi-byte, backslash escapes, NUL), --rrs, -N and -L, --header (a count, :, a regex), empty
# input, NUL bytes, jobs that fail, are killed or do not read their block, -j with and without
# -k, {} {#} {%}, and the job log.
#
# Most cases print each block on one line: SHOW (compat_helper.bash) prints "SEQ: BLOCK", the block
# through cat -A with its newlines turned into spaces, so "1$ 2$ " is the block "1\n2\n" and "1$ 2"
# the block "1\n2" (no final newline).  Input comes from a file (compat_stdin) or a string
# (compat_input).
#
# Every case is deterministic under GNU parallel: -k or -j1 wherever order would depend on
# timing, and every job reads its whole block unless the case is about one that does not (see
# there why those are safe).  Run this file with COMPAT_LANES_UNDER_TEST=parallel to compare
# GNU parallel with itself.

bats_require_minimum_version 1.5.0

load test_helper
load compat_helper

setup() {
    compat_setup_self
    compat_wrap
}

# ---------------------------------------------------------------- blocks and --block

@test "--pipe: a small input is one block, one job" {
    seq 10 >in
    compat_stdin in --pipe wc -l
}

@test "--spreadstdin is --pipe" {
    seq 10 >in
    compat_stdin in --spreadstdin -k "$SHOW"
}

@test "--block 6: blocks end at a newline, never inside a line" {
    seq 10 >in
    compat_stdin in --pipe --block 6 -k "$SHOW"
}

@test "--block 4: blocks that fill the size exactly" {
    seq 12 >in
    compat_stdin in --pipe --block 4 -k "$SHOW"
}

@test "--block-size is --block" {
    seq 10 >in
    compat_stdin in --pipe --block-size 5 -k "$SHOW"
}

@test "--block 1k is 1000 bytes, 1K is 1024" {
    seq 1000 >in
    compat_stdin in --pipe --block 1k -k wc -c
    compat_stdin in --pipe --block 1K -k wc -c
}

@test "the default block is 1M (1048576 bytes); --block 1m is 1000000, 2M holds it all" {
    seq 300000 >in
    compat_stdin in --pipe -k wc -c
    compat_stdin in --pipe --block 1m -k wc -c
    compat_stdin in --pipe --block 2M -k wc -c
}

@test "seq 100000 in --block 10k blocks, -j8 -k wc -l" {
    seq 100000 >in
    compat_stdin in --pipe --block 10k -j8 -k wc -l
}

@test "-j4 -k: many blocks, output in input order" {
    seq 3000 >in
    compat_stdin in --pipe --block 1k -j4 -k 'echo {#} $(cksum)'
}

@test "-j1 without -k: jobs one after the other" {
    seq 20 >in
    compat_stdin in --pipe --block 12 -j1 'echo "job {#}"; cat'
}

@test "-j4 without -k: the set of blocks (output sorted)" {
    seq 2000 >in
    pipe_stdin sort in --pipe --block 700 -j4 'read -r f; echo "$f $((1 + $(wc -l)))"'
}

# ---------------------------------------------------------------- no final newline

@test "input without a final newline: one block" {
    compat_input $'a\nb\nc' --pipe -k "$SHOW"
}

@test "no final newline: a tail shorter than the block joins it, one that fills it is cut off" {
    compat_input $'a\nb' --pipe --block 4 -k "$SHOW"
    compat_input $'a\nb' --pipe --block 3 -k "$SHOW"
}

@test "no final newline: the unterminated tail after full blocks" {
    compat_input $'1\n2\n3\n4\n5' --pipe --block 4 -k "$SHOW"
}

@test "one unterminated record longer than the block" {
    compat_input 'xxxxxxxxxxxx' --pipe --block 5 -k "$SHOW"
}

# ---------------------------------------------------------------- records longer than --block

@test "a line longer than --block is one block; short lines follow" {
    compat_input $'aaaaaaaaaa\nb\nc\n' --pipe --block 4 -k "$SHOW"
}

@test "a line longer than --block at the end of the input" {
    compat_input $'a\nb\ncccccccccc\n' --pipe --block 4 -k "$SHOW"
}

@test "a grown block size stays grown for the blocks after the long line" {
    compat_input $'aaaaaaaaaa\nb\nc\nd\ne\nf\ng\n' --pipe --block 4 -k "$SHOW"
}

@test "-N1 with lines much longer than --block" {
    { head -c 3000 /dev/zero | tr '\0' x; echo; echo y; head -c 5000 /dev/zero | tr '\0' z; echo; } >in
    compat_stdin in --pipe --block 100 -N1 -k wc -c
}

# ---------------------------------------------------------------- --recend, --recstart, --rrs

@test "--recend ';' with --block" {
    compat_input 'a;bb;c;dd;' --pipe --recend ';' --block 4 -k "$SHOW"
}

@test "--recend '||' (two bytes) with --block" {
    compat_input 'a||bb||c||dd||e' --pipe --recend '||' --block 6 -k "$SHOW"
}

@test "--recend '||' with -N2" {
    compat_input 'a||b|c||d||e||f' --pipe --recend '||' -N2 -k "$SHOW"
}

@test "--recstart '>' -N1: FASTA-like records" {
    compat_input $'>s1\nACGT\n>s2\nGG\n>s3\nT\n' --pipe --recstart '>' -N1 -k "$SHOW"
}

@test "--recstart '>' with --block: two records a block" {
    compat_input $'>s1\nAC\n>s2\nAC\n>s3\nAC\n>s4\nAC\n>s5\nAC\n' --pipe --recstart '>' --block 16 -k "$SHOW"
}

@test "--recstart and --recend both: a boundary needs the two together" {
    compat_input $'>a\nx>y\n>b\nz\n' --pipe --recend '\n' --recstart '>' -N1 -k "$SHOW"
}

@test "--recstart '@@' (two bytes) -N1" {
    compat_input '@@a@b@@c@@@d' --pipe --recstart '@@' -N1 -k "$SHOW"
}

@test "--rrs with --recend ';' removes the separators" {
    compat_input 'a;b;c;d;e;' --pipe --recend ';' --rrs --block 4 -k "$SHOW"
}

@test "--remove-rec-sep with --recstart '>' -N1" {
    compat_input $'>a\nx\n>b\ny\n' --pipe --recstart '>' --remove-rec-sep -N1 -k "$SHOW"
}

@test "--rrs with --recend and --recstart: separators inside the block go too" {
    compat_input $'>a\nx\n>b\ny\n>c\nz\n' --pipe --recend '\n' --recstart '>' --rrs -N2 -k "$SHOW"
}

@test "--rrs with the default --recend removes the newlines" {
    seq 5 >in
    compat_stdin in --pipe --rrs -N2 -k 'cat; echo'
}

@test "--recend '\\r\\n': backslash escapes in the separator" {
    compat_input $'a\r\nb\r\nc\r\n' --pipe --recend '\r\n' -N1 -k "$SHOW"
}

@test "--recend '\\0': NUL-terminated records" {
    printf 'one\0two\0three\0' >in
    compat_stdin in --pipe --recend '\0' -N2 -k "$SHOW"
}

# ---------------------------------------------------------------- -N and -L

@test "-N1: one line a job, with {#}" {
    seq 3 >in
    compat_stdin in --pipe -N1 -k 'echo "{#}: $(cat)"'
}

@test "-N3: the last job gets the rest" {
    seq 10 >in
    compat_stdin in --pipe -N3 -k "$SHOW"
}

@test "-N3 ignores a small --block" {
    seq 10 >in
    compat_stdin in --pipe -N3 --block 2 -k "$SHOW"
}

@test "-N0 is the same as no -N: blocks by --block" {
    seq 5 >in
    compat_stdin in --pipe -N0 --block 4 -k "$SHOW"
}

@test "-N1 on input without a final newline" {
    compat_input $'a\nb\nc' --pipe -N1 -k "$SHOW"
}

@test "-N2 with NUL bytes in the lines" {
    printf 'a\0b\nc\0d\n\0\n' >in
    compat_stdin in --pipe -N2 -k "$SHOW"
}

@test "-L2: whole 2-line records to a block, the odd line alone" {
    seq 5 >in
    compat_stdin in --pipe -L2 -k "$SHOW"
}

@test "-L2 with --block 10" {
    seq 10 >in
    compat_stdin in --pipe -L2 --block 10 -k "$SHOW"
}

@test "-L3 -N2: six lines a job" {
    seq 14 >in
    compat_stdin in --pipe -L3 -N2 -k "$SHOW"
}

# ---------------------------------------------------------------- --header

@test "--header 1 with --block: the header before every block, not counted in it" {
    seq 6 >in
    compat_stdin in --pipe --header 1 --block 4 -k "$SHOW"
}

@test "--header : -N2" {
    compat_input $'id\n1\n2\n3\n' --pipe --header : -N2 -k "$SHOW"
}

@test "--header 2 -N1" {
    compat_input $'h1\nh2\na\nb\n' --pipe --header 2 -N1 -k "$SHOW"
}

@test "--header '.*\\n' (a regex) -N2" {
    compat_input $'name,n\nx,1\ny,2\nz,3\n' --pipe --header '.*\n' -N2 -k "$SHOW"
}

@test "--header '(.*\\n){2}' -N2" {
    compat_input $'h1\nh2\na\nb\nc\n' --pipe --header '(.*\n){2}' -N2 -k "$SHOW"
}

@test "--header with a regex that matches nothing: no header" {
    seq 5 >in
    compat_stdin in --pipe --header 'zz.*\n' -N2 -k "$SHOW"
}

@test "--header with only the header in the input: no job, exit 0" {
    compat_input $'id\n' --pipe --header : -k 'echo ran; cat'
}

@test "--header 3 with fewer lines than that: no header, the lines are data" {
    compat_input $'h\nx\n' --pipe --header 3 -k "$SHOW"
}

@test "--header : -N1 with a last record without newline" {
    compat_input $'id,v\n1,a\n2,b' --pipe --header : -N1 -k "$SHOW"
}

# ---------------------------------------------------------------- empty input, exit status

@test "empty input: no job, exit 0" {
    : >in
    compat_stdin in --pipe -k 'echo ran; cat'
    compat_stdin in --pipe --block 1 --header : -k 'echo ran; cat'
}

# grep -q stops at its first match, but only once it has the matching line's newline, which is
# the end of a one-line block: nothing is left to write to it (see head -n1 below).
@test "-N1 'grep -q 3' on 5 lines: 4 failures, exit 4" {
    seq 5 >in
    compat_stdin in --pipe -N1 -k 'grep -q 3'
}

@test "failing jobs print their block, exit counts them" {
    seq 6 >in
    compat_stdin in --pipe -N2 -k 'cat; exit {#}'
}

# The job log of such a job says Exitval 143 or, when the job died before its block was all
# written, Signal 13: a race, but a failure either way, so the exit status is certain.
@test "jobs that kill themselves count as failures" {
    seq 3 >in
    compat_stdin in --pipe -N1 -k 'kill -TERM $$'
}

# ---------------------------------------------------------------- jobs that do not read it all

# GNU parallel runs each --pipe job under a small perl program that writes the block to the job
# (its first byte, then the rest); if the job has exited before all is written, that program
# dies of SIGPIPE and the job counts as failed (job log: Exitval 0, Signal 13).  A job that
# exits without reading a block bigger than a pipe (64 KiB) fails for certain; with a small
# block it is a race (seen: 3 runs in 30 of `true` on a 21-byte block), so no case has that.
@test "'true' on one block of 589 KB: one failure" {
    seq 100000 >in
    compat_stdin in --pipe -k true
}

@test "'head -c2' on ten blocks of 200 KB: output, and ten failures" {
    seq 300000 >in
    compat_stdin in --pipe --block 200k -k 'head -c2; echo'
}

# head -n1 needs the first line's newline, so it reads until after the block's last write:
# nothing is left to write when it exits (blocks small enough to be written at once).
@test "head -n1 on small blocks: the first lines, exit 0" {
    seq 20 >in
    compat_stdin in --pipe --block 8 -k 'head -n1'
}

# ---------------------------------------------------------------- replacement strings, job log

@test "{} is the empty string (quoted for the shell), no {} is appended" {
    seq 2 >in
    compat_stdin in --pipe -N1 -k 'cat >/dev/null; printf "[%s]" {} x{}y "{}" {#}; echo'
    compat_stdin in --pipe -N1 -k cat '>/dev/null;' echo hi
}

@test "{#} and {%} with -j1" {
    seq 6 >in
    compat_stdin in --pipe --block 4 -j1 'echo "{#} {%}: $(cat | tr "\n" " ")"'
}

@test "--joblog: Send counts the header and the block, Receive the output" {
    seq 7 >in
    post_stdin "$JOBLOG" in --pipe --header 1 -N2 -j1 --joblog jl 'cat; exit $(({#} % 2))'
}

# ---------------------------------------------------------------- other inputs, --cat

@test "--cat: {} names a file holding the block; stdin is empty" {
    seq 7 >in
    compat_stdin in --pipe --cat -N3 -k 'echo "{#}: $(cat {} | tr "\n" " ")|$(cat)|"'
}

@test "--cat: without {}, the file's name is appended" {
    seq 5 >in
    compat_stdin in --pipe --cat -N2 -k wc -l '<'
}

@test "--cat: the files are gone when the run ends" {
    seq 5 >in
    post_stdin 'ls' in --pipe --cat -N2 -k --tmpdir . 'cat {} >/dev/null'
}

# ---------------------------------------------------------------- --regexp

@test "--regexp: --recend and --recstart are regexes" {
    printf 'a1\nb22\n\n\nc3x>>d4yye5\n' >in
    compat_stdin in --pipe --regexp --recend '[0-9]' -N1 -k "$SHOW"
    compat_stdin in --pipe --regexp --recend '(x|yy)' -N2 -k "$SHOW"
    compat_stdin in --pipe --regexp --recstart '[a-z]' --recend '\n' --block 5 -k "$SHOW"
    compat_stdin in --pipe --regexp --recstart '>+' --recend '\n' -N1 -k "$SHOW"
}

@test "--regexp: only the first --block bytes are matched, so \\n+ may end inside a run" {
    printf 'a1\nb22\n\n\nc3x>>d4yye5\n' >in
    compat_stdin in --pipe --regexp --recend '\n+' --block 5 -k "$SHOW"
    compat_stdin in --pipe --regexp --recend '^' --recstart c --block 5 -k "$SHOW"
}

@test "--regexp --rrs: the matches are taken out; a block left empty keeps its number, runs no job" {
    printf 'a1\nb22\n\n\nc3x>>d4yye5\n' >in
    compat_stdin in --pipe --regexp --rrs --recend '\n+' --block 8 -k "$SHOW"
    compat_stdin in --pipe --regexp --rrs --recend '[0-9]' -N1 -k "$SHOW"
    compat_stdin in --pipe --regexp --rrs --recend '\n' -N1 -k "$SHOW"
}

# ---------------------------------------------------------------- --round-robin

@test "--round-robin: -j jobs, each given block after block, in turn" {
    seq 7 >in
    compat_stdin in --pipe --round-robin -j3 -N1 -k "$SHOW"
    compat_stdin in --pipe --roundrobin -j2 -N2 -k "$SHOW"
}

@test "--round-robin: fewer blocks than job slots, fewer jobs; empty input, none" {
    seq 2 >in
    compat_stdin in --pipe --round-robin -j4 -N1 -k "$SHOW"
    : >empty
    compat_stdin empty --pipe --round-robin -j4 -k 'echo ran'
}

@test "--round-robin: every line reaches one job (sums), exit counts failed jobs" {
    seq 100000 >in
    pipe_stdin 'awk "{ s += \$2 } END { print NR, s }"' in --pipe --round-robin -j3 --block 10k 'echo {#} $(wc -l)'
    compat_stdin in --pipe --round-robin -j3 --block 10k 'cat >/dev/null; exit {#}'
}

# ---------------------------------------------------------------- with other options

@test "--pipe with --tag, --tagstring, -v, --lb, --files and --results" {
    seq 30000 >in
    compat_stdin in --pipe --block 20k -k --tag 'wc -l'
    compat_stdin in --pipe --block 20k -k --tagstring 'x{#}' 'wc -l'
    compat_stdin in --pipe --block 20k -k -v 'wc -l'
    compat_stdin in --pipe --block 20k -k --lb 'wc -l'
    post_stdin 'cat rr/1/*/stdout' in --pipe --block 20k -k --results rr 'wc -l'
}

@test "--pipe with --bar, --eta or --shuf: exit 255" {
    seq 3 >in
    compat_stdin in --pipe --bar cat
    compat_stdin in --pipe --eta cat
    compat_stdin in --pipe --shuf cat
}

@test "--pipe with --halt now,fail=1 and -j1" {
    seq 30000 >in
    compat_stdin in --pipe --block 20k -j1 -k --halt now,fail=1 'wc -l; exit $(({#} == 3))'
}

# ---------------------------------------------------------------- --tee

@test "--tee: every job reads all of stdin; the arguments make the jobs" {
    seq 5 >in
    compat_stdin in --pipe --tee -k 'echo {}: $(grep -c {})' ::: 1 2 5
    seq 100000 >big
    compat_stdin big --pipe --tee -k --tag 'wc -l' ::: x y z
    compat_stdin big --pipe --tee -k --tag 'wc -c' ::: x :::: in
}

@test "--regexp: a recstart is looked for past the last one, so '.*, Start' cuts at line starts (par_pipe_regexp)" {
    printf 'A2, Start, 5\nA2, 00100, 5\nA2, Start, 7\nA2, 00100, 7\nA2, Start, 7\nA2, 00200, 8\n' >gen
    (echo Garbage; cat gen) >garbage
    local re
    for re in 'A\d+, Start' '.*, Start' '[A-Z]\d+, Start'; do
        compat_stdin gen --pipe --regexp -k --recstart "$re" -N1 'echo Record;cat'
        compat_stdin garbage --pipe --regexp -k --recstart "$re" -N1 'echo Record;cat'
    done
}

@test "--regexp -N: a head before the first recstart is a block alone, whatever -N (par_slow_pipe_regexp)" {
    seq 54000 80000 >nums
    compat_stdin nums -N1000 --regexp --pipe --recstart 4 --recend 5 -k wc
    printf 'x\nab\ncd\nab\nab\n' >heads
    compat_stdin heads -N2 --regexp --pipe --recstart a -k "$SHOW"
    compat_stdin heads -N2 --regexp --pipe --recend 'd\n' -k "$SHOW"
    compat_stdin heads -N2 --pipe --recstart a -k "$SHOW"
    printf 'ab\ncd\nab\nab\n' >starts
    compat_stdin starts -N2 --regexp --pipe --recstart a -k "$SHOW"
}

@test "--regexp -N: a record holds its recstart, then its recend; they never overlap" {
    printf 'aaaab' >a4
    printf 'aba\naaa\n\naaa' >aba
    printf 'baba\n\n\n\naaaaab' >baba
    local n f
    for f in a4 aba baba; do
        for n in 1 2 3; do
            compat_stdin "$f" -N$n --regexp --pipe --recstart a --recend a -k "$SHOW"
        done
    done
}

@test "--rrs takes recend and recstart out as Perl's s///g: every match, and a recend before a last newline" {
    printf 'qba\nzz\nb\n' >tail
    compat_stdin tail --pipe --rrs --recend b --recstart 'a\n' -k "$SHOW"
    printf 'baaab' >as
    compat_stdin as --pipe --regexp --rrs --recstart a -k "$SHOW"
    printf 'a\n\n\nab\nb\n\n\n\nba\n' >nl
    compat_stdin nl --pipe --regexp --rrs --recstart '\n' -k "$SHOW"
    compat_stdin nl --pipe --regexp --rrs --recstart 'b*' --recend 'a?' -k "$SHOW"
}

@test "-l N with --pipe is -L N: a last record of fewer lines goes alone (par_pipe_record_size_in_lines)" {
    seq 10 >ten
    compat_stdin ten -k --pipe -l 4 'cat; echo end'
    compat_stdin ten -k --pipe -l 4 -N3 'wc -l'
    compat_stdin ten -k --pipe -l 3 --block 10 'wc -l'
    compat_stdin ten -k --pipe -l 'wc -l'
}

@test "-r with --pipe skips blocks of blanks (GNU's par_test_r_with_pipe)" {
    echo >nl
    compat_stdin nl -j2 -N1 --pipe cat
    compat_stdin nl -r -j2 -N1 --pipe cat
    printf '\n\n \na\n\t\n' >blanks
    compat_stdin blanks -r -k -N1 --pipe 'echo {#}; cat'
}

@test "--tee with no command: the arguments are the commands" {
    seq 10 >in
    compat_stdin in -k --pipe --tee ::: wc md5sum
    seq 100000 >big
    compat_stdin big -k --tee --pipe ::: wc head tail 'sleep 0.2'
    compat_stdin in -k --pipe --tee --tag ::: 'wc -l' 'echo {%}; tail -n 1'
}

@test "--tee: -j below the number of jobs is an error; empty input" {
    seq 5 >in
    compat_stdin in --pipe --tee -j1 'wc -l' ::: a b c
    : >empty
    compat_stdin empty --pipe --tee -k 'echo {}; wc -l' ::: a b
}

# ---------------------------------------------------------------- found by random inputs

@test "--rrs takes out a recend at the very start of a block too" {
    printf 'a\n\nbcd\n\n\nef\n' >in
    compat_stdin in --pipe -N1 --rrs -k "$SHOW"
    compat_stdin in --pipe --block 4 --rrs -k "$SHOW"
}

@test "--rrs with --header: a block that --rrs empties still runs with the header" {
    printf 'head;x\n\n' >in
    compat_stdin in --pipe --block 3 --rrs --header 1 -k "$SHOW"
}

# ---------------------------------------------------------------- --fifo

@test "--fifo: {} names a fifo the block is written into" {
    seq 7 >in
    compat_stdin in --pipe --fifo -N3 -k 'echo "{#}: $(cat -A {} | tr "\n" " ")"'
    compat_stdin in --pipe --fifo --block 4 -k 'wc -l < {}'
    compat --pipe-part -a in --fifo --block 4 -k 'echo "{#}: $(cat -A {} | tr "\n" " ")"'
}
