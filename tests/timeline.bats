#!/usr/bin/env bats
# timeline: --timeline FILE, the SVG picture of a run (a row a slot, a bar a job, coloured by
# how it ended), also when the run is stopped early, and --from-joblog, the same picture drawn
# from a job log afterwards. Each picture must be well-formed XML (xmllint, from libxml2-utils)
# and hold the bars, classes and colours the run calls for. Nothing here asserts a duration;
# waits are bounded loops on files.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    LANES_BG=
}

teardown() {
    kill_leftovers
}

# well_formed FILE: xmllint finds FILE well-formed XML (skips without xmllint).
well_formed() {
    command -v xmllint >/dev/null || skip "xmllint not installed (apt-get install libxml2-utils)"
    run xmllint --noout "$1"
    assert_success
    assert_output ""
}

# bars FILE CLASS: how many single-job bars of that class FILE holds.
bars() {
    grep -o "<rect class=\"job $2\"" "$1" | wc -l
}

# legend FILE CLASS: the count the legend gives for CLASS.
legend() {
    grep -o "<text class=\"count $2\"[^<]*" "$1" | sed 's/.*: //'
}

@test "--timeline: a well-formed SVG with a bar per job, a row per slot, and a legend" {
    run lanes -j2 --timeline t.svg 'echo {}' ::: a b c d e
    assert_success
    well_formed t.svg
    head -n 2 t.svg | grep -q '<svg xmlns="http://www.w3.org/2000/svg"' || fail "$(head -n 2 t.svg)"
    grep -q 'data-jobs="5"' t.svg || fail "data-jobs: $(grep -o 'data-[a-z]*="[0-9]*"' t.svg)"
    assert_equal "$(bars t.svg ok)" 5
    assert_equal "$(grep -c 'fill="#4c9a6a"><title>' t.svg)" 5
    assert_equal "$(legend t.svg ok)" 5
    assert_equal "$(legend t.svg fail)" 0
    # a row for each slot that ran a job, labelled
    n=$(grep -o '>slot [0-9]*<' t.svg | sort -u | wc -l)
    [ "$n" -ge 1 ] && [ "$n" -le 2 ] || fail "rows: $(grep -o '>slot [0-9]*<' t.svg)"
}

@test "--timeline: the hover title gives the sequence number, the command and the runtime" {
    run lanes -j1 --timeline t.svg 'echo {}' ::: alpha beta
    assert_success
    well_formed t.svg
    grep -q '<title>#1, slot 1: echo alpha$' t.svg || fail "$(grep '<title>#' t.svg)"
    grep -q '<title>#2, slot 1: echo beta$' t.svg || fail "$(grep '<title>#' t.svg)"
    assert_equal "$(grep -c '^succeeded; exit 0; ran [0-9]*\.[0-9]* s</title>' t.svg)" 2
}

@test "--timeline: a failed job is red, with its exit status" {
    run lanes -j2 --timeline t.svg 'exit {}' ::: 0 3 0
    assert_equal "$status" 1
    well_formed t.svg
    assert_equal "$(bars t.svg fail)" 1
    assert_equal "$(bars t.svg ok)" 2
    grep -q '<rect class="job fail"[^>]*fill="#d9473f"><title>#2, slot [0-9]*: exit 3$' t.svg ||
        fail "$(grep -A1 'class="job fail"' t.svg)"
    grep -q '^failed; exit 3; ran' t.svg || fail "$(grep -A1 'class="job fail"' t.svg)"
    assert_equal "$(legend t.svg fail)" 1
    grep -q '1 not successful' t.svg || fail "$(grep 'font-size="13"' t.svg)"
}

@test "--timeline: a job killed by a signal is purple and names the signal" {
    run lanes --timeline t.svg 'kill -KILL $$' ::: 1
    assert_equal "$status" 1
    well_formed t.svg
    assert_equal "$(bars t.svg signal)" 1
    grep -q 'class="job signal"[^>]*fill="#8e44ad"' t.svg || fail "$(grep 'class="job' t.svg)"
    grep -q '^killed by a signal; SIGKILL; ran' t.svg || fail "$(grep -A1 'class="job' t.svg)"
    assert_equal "$(legend t.svg signal)" 1
}

@test "--timeline: a job --timeout ended is orange and marked with a dashed edge" {
    run lanes --timeout 2 --timeline t.svg 'sleep {}' ::: 30 0
    assert_equal "$status" 1
    well_formed t.svg
    assert_equal "$(bars t.svg timeout)" 1
    grep -q 'class="job timeout"[^>]*fill="#e08e0b" stroke="#000" stroke-dasharray' t.svg ||
        fail "$(grep 'class="job' t.svg)"
    grep -q '^timed out; timed out; ran' t.svg || fail "$(grep -A1 'class="job' t.svg)"
    assert_equal "$(bars t.svg ok)" 1
}

@test "--timeline: each try of a job --retries runs again is a bar" {
    run lanes --retries 3 --timeline t.svg 'exit 2' ::: x
    assert_equal "$status" 1
    well_formed t.svg
    assert_equal "$(bars t.svg fail)" 3
    assert_equal "$(grep -c '<title>#1, slot' t.svg)" 3
}

@test "--timeline: written when SIGTERM stops the run; the jobs lanes ended are marked" {
    mkdir pids
    lanes -j2 --timeline t.svg 'echo $$ >pids/{}; exec sleep 30' ::: a b c &
    LANES_BG=$!
    wait_file pids/a pids/b
    kill -TERM "$LANES_BG"
    reap_lanes
    assert_equal "$status" 255
    well_formed t.svg
    assert_equal "$(bars t.svg ended)" 2
    grep -q 'class="job ended"[^>]*fill="#6b7378" stroke="#000"' t.svg || fail "$(grep 'class="job' t.svg)"
    assert_equal "$(legend t.svg ended)" 2
    grep -q 'data-jobs="2"' t.svg || fail "job c never started, yet: $(grep -o 'data-jobs="[0-9]*"' t.svg)"
}

@test "--timeline: written when --halt now stops the run" {
    mkdir pids
    run lanes -j2 --halt now,fail=1 --timeline t.svg \
        'if [ {} = slow ]; then echo $$ >pids/slow; exec sleep 30; fi; while [ ! -e pids/slow ]; do sleep 0.02; done; exit 4' ::: slow fail later
    assert_equal "$status" 4
    well_formed t.svg
    assert_equal "$(bars t.svg fail)" 1
    assert_equal "$(bars t.svg ended)" 1
    assert_equal "$(grep -c '<title>#3' t.svg)" 0
}

@test "--timeline: commands with markup, quotes, control bytes and invalid UTF-8 stay well-formed" {
    run lanes --timeline t.svg echo ::: '<a href="x">&amp;</a>' $'\x01\xff\xfe caf\xc3\xa9' "it's"
    assert_success
    well_formed t.svg
    grep -q '&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;' t.svg || fail "$(grep '<title>#' t.svg)"
    grep -q "caf$(printf '\xc3\xa9')" t.svg || fail "valid UTF-8 is kept: $(grep '<title>#' t.svg)"
}

@test "--timeline with --joblog: both written; --from-joblog draws the same jobs afterwards" {
    run lanes -j3 --joblog run.log --timeline live.svg 'exit {}' ::: 0 0 5 0 7 0
    assert_equal "$status" 2
    run --separate-stderr lanes --timeline again.svg --from-joblog run.log
    assert_success
    assert_output ""
    well_formed again.svg
    for f in live.svg again.svg; do
        grep -q 'data-jobs="6"' "$f" || fail "$f: $(grep -o 'data-jobs="[0-9]*"' "$f")"
        assert_equal "$(bars "$f" ok)" 4
        assert_equal "$(bars "$f" fail)" 2
    done
    grep -q '^failed; exit 7; ran' again.svg || fail "$(grep -A1 'class="job fail"' again.svg)"
    # no more rows than the run had slots: a row is reused once its job ended
    n=$(grep -o '>slot [0-9]*<' again.svg | wc -l)
    [ "$n" -ge 1 ] && [ "$n" -le 3 ] || fail "rows: $n"
}

@test "--from-joblog: a log of GNU parallel's form with two hosts draws a band per host" {
    printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n' >h.log
    printf '%s\t%s\t%s\t%s\t0\t0\t%s\t%s\t%s\n' \
        1 'ssh one' 1000.000 2.000 0 0 'echo 1' \
        2 'ssh one' 1000.500 1.000 0 0 'echo 2' \
        3 two 1000.000 1.000 -1 15 'sleep 9' \
        4 two 1001.000 0.500 1 0 'false' \
        5 : 1000.000 0.100 0 0 'echo here' >>h.log
    run lanes --timeline h.svg --from-joblog h.log
    assert_success
    well_formed h.svg
    grep -q 'data-hosts="3"' h.svg || fail "$(grep -o 'data-[a-z]*="[0-9]*"' h.svg)"
    assert_equal "$(grep -c '<text class="host"' h.svg)" 3
    grep -q '<text class="host"[^>]*>ssh one</text>' h.svg || fail "$(grep 'class="host"' h.svg)"
    grep -q '<text class="host"[^>]*>this machine</text>' h.svg || fail "$(grep 'class="host"' h.svg)"
    # ssh one ran two jobs at once: two rows; two ran them one after the other: one row
    assert_equal "$(grep -c '>slot [0-9]*<' h.svg)" 4
    grep -q '<title>#1 on ssh one, slot 1: echo 1' h.svg || fail "$(grep '<title>#' h.svg)"
    grep -q '<title>#2 on ssh one, slot 2: echo 2' h.svg || fail "$(grep '<title>#' h.svg)"
    assert_equal "$(bars h.svg timeout)" 1
    assert_equal "$(bars h.svg fail)" 1
    assert_equal "$(bars h.svg ok)" 3
}

@test "--from-joblog: 100,000 jobs are merged into a few thousand shapes, failures still shown" {
    awk 'BEGIN {
        print "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand"
        for (i = 1; i <= 100000; i++) {
            slot = i % 4
            t = 1000 + int((i - 1) / 4) * 0.002
            ex = (i >= 50000 && i < 50040) ? 1 : 0
            printf "%d\t:\t%.3f\t%.3f\t0\t0\t%d\t0\ttrue %d\n", i, t, 0.002, ex, i
        }
    }' >big.log
    run lanes --timeline big.svg --from-joblog big.log
    assert_success
    well_formed big.svg
    grep -q 'data-jobs="100000"' big.svg || fail "$(grep -o 'data-jobs="[0-9]*"' big.svg)"
    shapes=$(grep -c '^<rect class="\(job\|merged\) ' big.svg)
    [ "$shapes" -le 5000 ] || fail "$shapes shapes"
    [ "$(grep -c '^<rect class="merged fail"' big.svg)" -ge 1 ] || fail "the failures are not shown"
    [ "$(grep -c '^<rect class="merged ok"' big.svg)" -ge 100 ] || fail "$(head -c 2000 big.svg)"
    assert_equal "$(legend big.svg fail)" 40
    assert_equal "$(legend big.svg ok)" 99960
    [ "$(stat -c %s big.svg)" -le 2000000 ] || fail "$(stat -c %s big.svg) bytes"
}

@test "--timeline with --onall: one picture, a bar for each host's run" {
    run lanes --onall -S :,1/: --timeline t.svg echo ::: a b
    assert_success
    well_formed t.svg
    grep -q 'data-jobs="2"' t.svg || fail "$(grep -o 'data-jobs="[0-9]*"' t.svg)"
    assert_equal "$(bars t.svg ok)" 2
    grep -q "<title>#2, slot [0-9]*: .* lanes '1/:'$" t.svg || fail "$(grep '<title>#' t.svg)"
}

# ---------------------------------------------------------------- bad input

@test "--timeline in a directory that does not exist: exit 255 naming it, no job runs" {
    run --separate-stderr lanes --timeline nodir/t.svg 'touch ran' ::: a
    assert_equal "$status" 255
    [[ $stderr == *"--timeline 'nodir/t.svg'"* ]] || fail "stderr: $stderr"
    [ ! -e ran ] || fail "a job ran"
}

@test "--timeline without a value: exit 255 naming the option" {
    run --separate-stderr lanes --timeline
    assert_equal "$status" 255
    [[ $stderr == *"--timeline"* ]] || fail "stderr: $stderr"
}

@test "--from-joblog without --timeline, or with a command: exit 255 naming it" {
    printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n' >l.log
    run --separate-stderr lanes --from-joblog l.log
    assert_equal "$status" 255
    [[ $stderr == *"--from-joblog needs --timeline"* ]] || fail "stderr: $stderr"
    run --separate-stderr lanes --timeline t.svg --from-joblog l.log echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *"--from-joblog"* ]] || fail "stderr: $stderr"
    assert_output ""
    run --separate-stderr lanes --timeline t.svg --from-joblog l.log -a l.log
    assert_equal "$status" 255
}

@test "--from-joblog with a log that is missing or not a job log: exit 255 naming it" {
    run --separate-stderr lanes --timeline t.svg --from-joblog missing.log
    assert_equal "$status" 255
    [[ $stderr == *"--from-joblog 'missing.log'"* ]] || fail "stderr: $stderr"
    printf 'header\nthis is not a job log line\n' >bad.log
    run --separate-stderr lanes --timeline t.svg --from-joblog bad.log
    assert_equal "$status" 255
    [[ $stderr == *"bad.log"* ]] || fail "stderr: $stderr"
}

@test "--from-joblog: an empty log (header only) draws an empty picture" {
    printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n' >e.log
    run lanes --timeline e.svg --from-joblog e.log
    assert_success
    well_formed e.svg
    grep -q 'data-jobs="0"' e.svg || fail "$(grep -o 'data-jobs="[0-9]*"' e.svg)"
}
