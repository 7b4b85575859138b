#!/usr/bin/env bats
# Differential tests for job control: every case runs the same command line under GNU parallel
# and under lanes (see compat_helper.bash) and compares stdout bytes and exit status exactly;
# some also compare the job log (Seq, Exitval, Signal, Command) or a file the jobs wrote.
# Scope: --halt in all its forms, --retries, --timeout (seconds and N%) and --term-seq, the
# job log with --resume, --resume-failed and --retry-failed, --delay, --nice, --load,
# --memfree, and -j FILE. Cases use -j1 or -k, or files the jobs wait on, so the outcome never
# depends on which job happens to finish first; no case asserts a duration.
#
# A case where lanes differs on purpose, as lanes(1) lists under COMPATIBILITY, goes through
# differs: it is skipped with the reason while lanes differs, and fails once lanes matches GNU
# parallel (then it becomes a plain case and the entry in lanes(1) goes).
#
# COMPAT_SELFCHECK=1 runs GNU parallel in place of lanes too: a case that fails then (the
# differs cases included) is not deterministic under GNU parallel itself.

load test_helper
load compat_helper

if [ -n "${COMPAT_SELFCHECK:-}" ]; then
    LANES=$(command -v "${COMPAT_PARALLEL:-parallel}")
fi

# differs WHY ARGS...: compat ARGS must fail, for the reason WHY that lanes(1) lists.
differs() {
    local why=$1
    shift
    if compat "$@" 2>/dev/null; then
        [ -n "${COMPAT_SELFCHECK:-}" ] ||
            fail "lanes now matches GNU parallel here: make this a plain case and drop from lanes(1): $why"
    elif [ -n "${COMPAT_SELFCHECK:-}" ]; then
        fail "GNU parallel differs from itself: $why"
    fi
    skip "differs on purpose (lanes(1), COMPATIBILITY): $why"
}

setup() {
    compat_setup
}

# compat_again ARGS...: like compat, in the work folders the last compat call left (no fresh
# copy), so a run can build on the files of the one before (a job log for --resume).
compat_again() {
    local base=$COMPAT_DIR/.compat name prog rc
    for name in parallel lanes; do
        prog=${COMPAT_PARALLEL:-parallel}
        [ "$name" = lanes ] && prog=${LANES:-lanes}
        [ -d "$base/work.$name" ] || fail "compat_again: no work folder (call compat first)"
        rc=0
        (
            cd "$base/work.$name" || exit 254
            exec timeout -k 5 "${COMPAT_TIMEOUT:-120}" "$prog" "$@" \
                </dev/null >"$base/$name.out" 2>"$base/$name.err"
        ) || rc=$?
        printf '%s\n' "$rc" >"$base/$name.rc"
    done
    local prc lrc
    prc=$(<"$base/parallel.rc")
    lrc=$(<"$base/lanes.rc")
    if [ "$prc" = "$lrc" ] && cmp -s "$base/parallel.out" "$base/lanes.out"; then
        return 0
    fi
    {
        printf 'command (again):'
        printf ' %q' "$@"
        printf '\nexit status: parallel=%s lanes=%s\n' "$prc" "$lrc"
        printf -- '--- diff of stdout (parallel vs lanes):\n'
        diff <(cat -A "$base/parallel.out") <(cat -A "$base/lanes.out") | head -n 20
        printf -- '--- stderr of lanes:\n'
        head -c 2000 "$base/lanes.err"
        printf -- '--- stderr of GNU parallel:\n'
        head -c 2000 "$base/parallel.err"
    } >&2
    return 1
}

# compat_joblog [FILE [FIELDS [raw]]]: the job logs the last runs wrote agree in FIELDS
# (default Seq, Exitval, Signal). The lines are compared sorted by Seq (stable), header first,
# as the order in which jobs end is not what most cases are about; raw: in the order written.
compat_joblog() {
    local file=${1:-log} fields=${2:-1,7,8} base=$COMPAT_DIR/.compat name
    local order=(sort -s -n -k 1)
    [ "${3:-}" != raw ] || order=(cat)
    for name in parallel lanes; do
        [ -f "$base/work.$name/$file" ] || fail "$name wrote no job log $file"
        {
            head -n 1 "$base/work.$name/$file" | cut -f "$fields"
            tail -n +2 "$base/work.$name/$file" | cut -f "$fields" | "${order[@]}"
        } >"$base/$name.log"
    done
    cmp -s "$base/parallel.log" "$base/lanes.log" && return 0
    {
        printf 'job log %s (fields %s) differs (parallel vs lanes):\n' "$file" "$fields"
        diff "$base/parallel.log" "$base/lanes.log" | head -n 20
    } >&2
    return 1
}

# compat_file FILE: both runs left FILE with the same bytes (or both left none).
compat_file() {
    local base=$COMPAT_DIR/.compat
    local p=$base/work.parallel/$1 l=$base/work.lanes/$1
    if [ ! -e "$p" ] && [ ! -e "$l" ]; then
        return 0
    fi
    [ -e "$p" ] || fail "only lanes wrote $1"
    [ -e "$l" ] || fail "only GNU parallel wrote $1"
    cmp -s "$p" "$l" && return 0
    {
        printf '%s differs (parallel vs lanes):\n' "$1"
        diff <(cat -A "$p") <(cat -A "$l") | head -n 20
    } >&2
    return 1
}

# The usual job for --halt cases: print the argument, exit with it.
job='echo {}; exit {}'

# ---------------------------------------------------------------- --halt: counts

@test "--halt now,fail=1: stops at the first failure, exits with its status" {
    compat -j1 -k --halt now,fail=1 "$job" ::: 0 0 3 0 0
}

@test "--halt soon,fail=1: stops at the first failure, exits with its status" {
    compat -j1 -k --halt soon,fail=1 "$job" ::: 0 0 3 0 0
}

@test "--halt now,fail=2: stops at the second failure, exits 2" {
    compat -j1 -k --halt now,fail=2 "$job" ::: 0 2 3 4 0
}

@test "--halt soon,fail=2: stops at the second failure, exits 2" {
    compat -j1 -k --halt soon,fail=2 "$job" ::: 0 2 3 4 0
}

@test "--halt now,fail=3 never reached: every job runs, exit is the failure count" {
    compat -j1 -k --halt now,fail=3 "$job" ::: 4 0 5 0
}

@test "--halt now,success=1: stops at the first success, exits 0" {
    compat -j1 -k --halt now,success=1 "$job" ::: 1 2 0 4 0
}

@test "--halt soon,success=2: stops at the second success, exits 0" {
    compat -j1 -k --halt soon,success=2 "$job" ::: 1 0 2 0 4 0
}

@test "--halt now,success=2 never reached: exit is the failure count" {
    compat -j1 -k --halt now,success=2 "$job" ::: 1 2 0 3
}

@test "--halt soon,success=1 never reached: exit is the failure count" {
    compat -j1 -k --halt soon,success=1 "$job" ::: 4 5 6
}

@test "--halt now,done=3: stops after three jobs, exits with the failures among them" {
    compat -j1 -k --halt now,done=3 "$job" ::: 1 0 2 0 4 0
}

@test "--halt now,done=1 after a failing job: exits with its status" {
    compat -j1 -k --halt now,done=1 "$job" ::: 7 8
}

@test "--halt soon,done=1 after a good job: exits 0" {
    compat -j1 -k --halt soon,done=1 "$job" ::: 0 5
}

@test "--halt now,done=2: exits with the failures among the two" {
    compat -j1 -k --halt now,done=2 "$job" ::: 7 8 0
}

@test "--halt soon,fail=2 over 151 jobs stops early" {
    compat -j1 -k --halt soon,fail=2 "$job" ::: $(seq 0 150)
}

@test "--halt now,fail=120 with 150 failures: exit 101" {
    compat -j1 -k --halt now,fail=120 'exit {}' ::: $(seq 0 150)
}

@test "--halt=now,fail=1 (the = form)" {
    compat -j1 -k --halt=now,fail=1 "$job" ::: 0 6 0
}

@test "--halt-on-error soon,fail=1 (the old name)" {
    compat -j1 -k --halt-on-error soon,fail=1 "$job" ::: 0 6 0
}

# ---------------------------------------------------------------- --halt: the old forms

@test "--halt 0: never halts" {
    compat -j1 -k --halt 0 "$job" ::: 0 4 0 5 0 0
}

@test "--halt never: never halts" {
    compat -j1 -k --halt never "$job" ::: 0 4 0 5 0 0
}

@test "--halt 1: soon,fail=1" {
    compat -j1 -k --halt 1 "$job" ::: 0 4 0 5 0 0
}

@test "--halt 2: now,fail=1" {
    compat -j1 -k --halt 2 "$job" ::: 0 4 0 5 0 0
}

@test "--halt -1: soon,success=1" {
    compat -j1 -k --halt -1 "$job" ::: 4 5 0 3
}

@test "--halt -2: now,success=1" {
    compat -j1 -k --halt -2 "$job" ::: 4 5 0 3
}

# ---------------------------------------------------------------- --halt: percentages

@test "--halt now,fail=90% never reached: exit is the percentage failed" {
    compat -j1 -k --halt now,fail=90% "$job" ::: 1 2 0 3
}

@test "--halt 100% (soon,fail=100%) with every job failing" {
    compat -j1 -k --halt 100% "$job" ::: 1 2
}

@test "--halt now,fail=20%: stops once 20% of all jobs failed" {
    compat -j1 -k --halt now,fail=20% "$job" ::: 0 0 0 0 1 2 3 4 5 6
}

@test "--halt 10%: stops after the first failure of six jobs" {
    compat -j1 -k --halt 10% "$job" ::: 0 4 0 5 0 0
}

@test "--halt 50% never reached: exit is the failed percentage rounded up" {
    compat -j1 -k --halt 50% "$job" ::: 0 4 0 5 0 0
}

@test "--halt soon,success=50%: stops at the third success of six, exits 0" {
    compat -j1 -k --halt soon,success=50% "$job" ::: 1 0 2 0 4 0
}

@test "--halt now,success=90% never reached: exit is the failed percentage" {
    compat -j1 -k --halt now,success=90% "$job" ::: 1 2 0 3
}

@test "--halt now,done=50%: stops after half the jobs, exits the failed percentage" {
    compat -j1 -k --halt now,done=50% "$job" ::: 1 0 2 0 4 0
}

# Jobs 1 and 2 fail at once; 3 and 4 would run long: the halt ends them.
halt_half='case {} in 1|2) echo {}; exit 1;; *) sleep 30; echo {};; esac'

@test "--halt now,fail=50% with all jobs started: exit is the failed share of all jobs" {
    compat -k -j10 --joblog log --halt now,fail=50% "$halt_half" ::: 1 2 3 4
    compat_joblog
}

@test "--halt now,done=50% with all jobs started: exit is the failed percentage" {
    compat -k -j10 --joblog log --halt now,done=50% "$halt_half" ::: 1 2 3 4
    compat_joblog
}

# ---------------------------------------------------------------- --halt: jobs killed by signals

@test "--halt now,fail=1 on a job killed by SIGKILL: exit 128+9" {
    compat -j1 -k --halt now,fail=1 'echo {}; kill -{} $$' ::: 0 9 0
}

@test "--halt soon,fail=1 on a job killed by SIGTERM: exit 128+15" {
    compat -j1 -k --halt soon,fail=1 'echo {}; kill -{} $$' ::: 0 15 0
}

@test "--halt now,done=1 on a job killed by SIGKILL: exit 128+9" {
    compat -j1 -k --halt now,done=1 'echo {}; kill -{} $$' ::: 9
}

# ---------------------------------------------------------------- --halt with jobs running

# Job 1 fails once job 2 runs; job 2 prints nothing before it would be killed.
halt_two='case {} in 1) while [ ! -e s.2 ]; do sleep 0.02; done; echo one; exit 3;; 2) touch s.2; sleep 1; echo two;; *) echo {};; esac'

@test "--halt soon,fail=1 with -j2: the running job finishes and is logged, no new job" {
    compat -j2 --joblog log --halt soon,fail=1 "$halt_two" ::: 1 2 3 4
    compat_joblog
}

@test "--halt now,fail=1 with -j2: the running job is killed and not logged" {
    compat -j2 --joblog log --halt now,fail=1 "${halt_two/sleep 1/sleep 30}" ::: 1 2 3 4
    compat_joblog
}

@test "--halt now,fail=1: what the killed job printed is not output" {
    compat -j2 --halt now,fail=1 'case {} in 1) while [ ! -e s.2 ]; do sleep 0.02; done; echo one; exit 3;; 2) echo two-start; touch s.2; sleep 30;; esac' ::: 1 2
}

# Job a heads the -k order and streams; b fails while a runs.
halt_head='if [ {} = a ]; then echo a-out; touch s.a; sleep 30; else while [ ! -e s.a ]; do sleep 0.02; done; echo b-out; exit 3; fi'

@test "--halt now,fail=1 with -k: nothing of the failed job is printed or logged" {
    compat -k -j2 --joblog log --halt now,fail=1 "$halt_head" ::: a b || :
    compat_joblog
    [ "$(cat "$COMPAT_DIR/.compat/lanes.rc")" = 3 ] || fail "lanes exit status $(cat "$COMPAT_DIR/.compat/lanes.rc")"
    ! grep b-out "$COMPAT_DIR/.compat/lanes.out" || fail "b-out printed"
}

@test "differs: --halt now,fail=1 with -k: the killed head job's output so far stays printed" {
    differs "--halt now with -k: the head job streams, so what it printed before it was killed stays printed (lanes: 'a-out', parallel: nothing)" \
        -k -j2 --halt now,fail=1 "$halt_head" ::: a b
}

@test "--halt now,fail=1 on a timed-out job: exit 255" {
    compat -j1 -k --joblog log --halt now,fail=1 --timeout 0.5 'echo {}; sleep {}' ::: 0 30 0
    compat_joblog
}

@test "--halt soon,fail=2 with --timeout: timed-out jobs are failures" {
    compat -j1 -k --joblog log --halt soon,fail=2 --timeout 0.5 'echo {}; sleep {}' ::: 0 30 30 0
    compat_joblog
}

# ---------------------------------------------------------------- --halt: bad values

@test "--halt bogus: exit 255" {
    compat_status --halt bogus echo ::: a
}

@test "--halt soon,fail=x: exit 255" {
    compat_status --halt soon,fail=x echo ::: a
}

@test "--halt now (no condition): exit 255" {
    compat_status --halt now echo ::: a
}

@test "--halt later,fail=1: exit 255" {
    compat_status --halt later,fail=1 echo ::: a
}

@test "--halt never,fail=1 is accepted as never" {
    compat -j1 -k --halt never,fail=1 "$job" ::: 0 4
}

# ---------------------------------------------------------------- --retries

counter='n=$(cat c.{} 2>/dev/null || echo 0); n=$((n + 1)); echo $n >c.{}'

@test "--retries 3: a job that succeeds on its second try prints only that try" {
    compat -j1 -k --joblog log --retries 3 "$counter; echo try\$n-{}; [ \$n -ge 2 ]" ::: a b
    compat_joblog
}

@test "--retries 3: a job that always fails runs three times, prints once, is logged once" {
    compat -j1 -k --joblog log --retries 3 "$counter; echo try\$n-{}; exit 1" ::: a
    compat_joblog
    compat_file c.a
}

@test "--retries 2: only the last try's output is printed" {
    compat -j1 -k --retries 2 'echo {} >>tries; cat tries; exit 1' ::: a b
    compat_file tries
}

@test "--retries 1 is one try" {
    compat -j1 -k --retries 1 'echo {} >>tries; cat tries; exit 1' ::: a b
}

@test "--retries: the tries of a job come before the next job with -j1" {
    compat -j1 -k --joblog log --retries 3 'echo {} >>tries; [ {} = b ]' ::: a b c
    compat_file tries
    compat_joblog
}

@test "--retries with --halt now,fail=1: the run stops after the last try" {
    compat -j1 --retries 2 --halt now,fail=1 'echo {} >>tries; cat tries; exit 1' ::: a b
}

@test "--retries with --halt soon,fail=1: a job that recovers is no failure" {
    compat -j1 -k --retries 3 --halt soon,fail=1 "echo {} >>tries; n=\$(grep -c {} tries); echo {}\$n; [ {} = a ] || [ \$n -ge 2 ]" ::: a b c
    compat_file tries
}

@test "--retries with --timeout: a job that times out is tried again" {
    compat -j1 -k --joblog log --retries 2 --timeout 0.5 'echo {} >>tries; cat tries; sleep {}' ::: 0 30 0
    compat_joblog
}

# ---------------------------------------------------------------- --timeout, --term-seq

@test "--timeout 1: the slow job is killed (Exitval -1, Signal 15), exit 1" {
    compat -k -j2 --joblog log --timeout 1 'echo {}; sleep {}; echo done{}' ::: 0.1 30 0.2
    compat_joblog
}

@test "--timeout: every timed-out job counts as a failure" {
    compat -j3 -k --joblog log --timeout 1 'echo {}; sleep {}' ::: 30 30 0
    compat_joblog
}

@test "--timeout: a job that ignores TERM is killed by the KILL step (Signal 9)" {
    compat -k -j1 --joblog log --timeout 0.5 'trap "" TERM; echo {}; sleep 30; echo {}-done' ::: a
    compat_joblog
}

@test "--timeout with --term-seq KILL,25: Signal 9" {
    compat -k -j2 --joblog log --timeout 0.5 --term-seq KILL,25 'echo {}; sleep 30; echo {}-done' ::: a b
    compat_joblog
}

@test "--timeout with --term-seq INT,200,KILL,25: Signal 2" {
    compat -k -j2 --joblog log --timeout 0.5 --term-seq INT,200,KILL,25 'echo {}; sleep 30; echo {}-done' ::: a b
    compat_joblog
}

@test "--timeout 1000%: the job far slower than the median is killed" {
    compat -j1 -k --joblog log --timeout 1000% 'echo {}; sleep {}' ::: 0.1 0.1 0.1 0.1 30 0.1
    compat_joblog
}

@test "--timeout 300%: applies from the first finished job" {
    compat -j1 -k --joblog log --timeout 300% 'echo {}; sleep {}; echo done-{}' ::: 0.1 3 0.1
    compat_joblog
}

@test "--timeout 2m (with a unit): nothing times out" {
    compat -k --joblog log --timeout 2m 'echo {}' ::: a b
    compat_joblog
}

@test "--timeout -1: exit 255" {
    compat_status --timeout -1 echo ::: a
}

@test "--timeout x: exit 255" {
    compat_status --timeout x echo ::: a
}

@test "--timeout x%: exit 255" {
    compat_status --timeout x% echo ::: a
}

@test "--timeout 0 means no timeout" {
    compat -k --timeout 0 echo ::: a
}

# ---------------------------------------------------------------- --resume, --resume-failed, --retry-failed

@test "--joblog with -k: lines in output order" {
    # Job 1 ends only once job 2 has been reaped (its /proc entry is gone).
    compat -k -j2 --joblog log 'if [ {} = 1 ]; then while [ ! -e pid.2 ]; do sleep 0.02; done; p=$(cat pid.2); i=0; while [ -e /proc/$p ] && [ $i -lt 400 ]; do sleep 0.02; i=$((i + 1)); done; else echo $$ >pid.2.tmp; mv pid.2.tmp pid.2; fi; echo {}' ::: 1 2
    compat_joblog log 1,7,8 raw
}

@test "--resume: a second run with more input runs only the new jobs" {
    compat -k -j1 --joblog log 'echo run-{}; [ {} != b ] && [ {} != d ]' ::: a b c d e
    compat_again -k -j1 --joblog log --resume 'echo run-{}' ::: a b c d e f g
    compat_joblog log 1,7,8,9
}

@test "--resume-failed: the failed jobs run again with the current command" {
    compat -k -j1 --joblog log 'echo run-{}; [ {} != b ] && [ {} != d ]' ::: a b c d e
    compat_again -k -j1 --joblog log --resume-failed 'echo again-{}' ::: a b c d e f
    compat_joblog log 1,7,8,9
    compat_again -k -j1 --joblog log --resume-failed 'echo again2-{}' ::: a b c d e f
    compat_joblog log 1,7,8,9
}

@test "--retry-failed: the failed jobs run again with the logged command" {
    compat -k -j1 --joblog log 'echo run-{}; test -e ok-{}' ::: a b c d
    touch .compat/work.parallel/ok-b .compat/work.lanes/ok-b
    compat_again -k -j1 --joblog log --retry-failed 'echo never-{}' ::: x
    compat_again -k -j1 --joblog log --retry-failed
    compat_joblog log 1,7,8,9
}

@test "--retry-failed when every job succeeded runs nothing" {
    compat -k -j1 --joblog log 'echo {}' ::: a b
    compat_again -k -j1 --joblog log --retry-failed 'echo never-{}' ::: x y z
    compat_joblog log 1,7,8,9
}

@test "--resume with a missing job log runs everything and writes the log" {
    compat -k -j1 --joblog log --resume 'echo run-{}' ::: a b
    compat_joblog log 1,7,8,9
}

@test "--resume with an empty job log runs everything" {
    : >log
    compat -k -j1 --joblog log --resume 'echo run-{}' ::: a b
    compat_joblog log 1,7,8,9
}

joblog_fixture() {
    {
        printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n'
        printf '3\t:\t0\t0\t0\t0\t0\t0\techo x\n'
        printf '5\t:\t0\t0\t0\t0\t1\t0\techo y\n'
    } >"$1"
}

@test "--resume with a log that has gaps skips exactly the logged jobs" {
    joblog_fixture log
    compat -k -j1 --joblog log --resume 'echo run-{}' ::: a b c d e f
    compat_joblog log 1,7,8,9
}

@test "--resume-failed with a log that has gaps runs the failed and the unlogged jobs" {
    joblog_fixture log
    compat -k -j1 --joblog log --resume-failed 'echo run-{}' ::: a b c d e f
    compat_joblog log 1,7,8,9
}

@test "--joblog +log --resume appends" {
    joblog_fixture log
    compat -k -j1 --joblog +log --resume 'echo run-{}' ::: a b c d e f g
    compat_joblog log 1,7,8,9
}

@test "--resume-failed: a job logged as failed and then as good is not run again" {
    {
        printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n'
        printf '2\t:\t0\t0\t0\t0\t1\t0\techo x\n2\t:\t0\t0\t0\t0\t0\t0\techo y\n'
        printf '3\t:\t0\t0\t0\t0\t0\t0\techo x\n3\t:\t0\t0\t0\t0\t1\t0\techo y3\n'
        printf '4\t:\t0\t0\t0\t0\t0\t9\techo z\n'
    } >log
    cp log log2
    compat -k -j1 --joblog log --resume-failed 'echo rf-{}' ::: a b c d e
    compat_again -k -j1 --joblog log2 --retry-failed 'echo rf-{}' ::: a b c d e
}

@test "--resume-failed reruns jobs killed by a signal" {
    compat -k -j1 --joblog log 'echo {}; kill -{} $$' ::: 0 9 15
    compat_again -k -j1 --joblog log --resume-failed 'echo again-{}' ::: 0 9 15
    compat_joblog log 1,7,8,9
}

@test "--resume after --halt now,fail=1 runs the jobs that never started" {
    compat -k -j1 --joblog log --halt now,fail=1 "$job" ::: 0 3 0 0
    compat_again -k -j1 --joblog log --resume "$job" ::: 0 3 0 0
    compat_joblog log 1,7,8,9
}

@test "--resume-failed after --timeout reruns the timed-out job" {
    compat -k -j1 --joblog log --timeout 0.5 'echo {}; sleep {}' ::: 0 30 0
    compat_again -k -j1 --joblog log --resume-failed 'echo {}' ::: 0 30 0
    compat_joblog log 1,7,8,9
}

# ---------------------------------------------------------------- --delay, --nice, --load, --memfree

@test "--delay 0.05: jobs run in order" {
    compat -j1 --delay 0.05 echo ::: a b c
}

@test "--delay 0.05s with -k and -j2" {
    compat -k -j2 --delay 0.05s echo ::: a b c d
}

@test "--delay 0: no delay" {
    compat -k --delay 0 echo ::: a b c
}

@test "--nice 5: the job runs at niceness 5" {
    compat -k -j1 --nice 5 'echo {} $(cut -d" " -f19 /proc/self/stat)' ::: a b
}

@test "--nice 19" {
    compat -k -j1 --nice 19 'echo {} $(cut -d" " -f19 /proc/self/stat)' ::: a
}

@test "--nice 20 is taken as 19" {
    compat -k -j1 --nice 20 'echo {} $(cut -d" " -f19 /proc/self/stat)' ::: a
}

@test "--nice x: exit 255" {
    compat_status --nice x echo ::: a
}

@test "--load 100: jobs run" {
    compat -k --load 100 echo ::: a b c
}

@test "--load 1000%: jobs run (a load of 10 a CPU: never reached here)" {
    compat -k --load 1000% echo ::: a b c
}

@test "--load x: exit 255" {
    compat_status --load x echo ::: a
}

@test "--memfree 1k: jobs run" {
    compat -k --memfree 1k echo ::: a b c
}

@test "--memfree 1M: jobs run" {
    compat -k -j1 --memfree 1M echo ::: a b c
}

# ---------------------------------------------------------------- -j FILE

@test "-j FILE holding 1: one slot" {
    echo 1 >jf
    compat -k -j jf 'echo {} $PARALLEL_JOBSLOT' ::: a b c
}

@test "-j FILE holding 3" {
    echo 3 >jf
    compat -k -j jf echo ::: a b c d e
}

@test "-j FILE holding 50%" {
    echo 50% >jf
    compat -k -j jf echo ::: a b c
}

@test "-j FILE holding +0" {
    echo +0 >jf
    compat -k -j jf echo ::: a b c
}

@test "-j FILE holding no number: exit 255" {
    echo x >jf
    compat_status -j jf echo ::: a
}

@test "-j FILE that is empty: exit 255" {
    : >jf
    compat_status -j jf echo ::: a
}

@test "-j with a name that is neither a number nor a file: exit 255" {
    compat_status -j no-such-jobs-file echo ::: a
}

# ---------------------------------------------------------------- --workdir

@test "--wd DIR: made when missing, the jobs run there" {
    compat -k --wd a/b 'basename "$PWD"; echo {}' ::: x y
}

@test "--workdir with {}: a directory a job" {
    compat -k --workdir 'd{}' 'basename "$PWD"' ::: x y
}

@test "--wd . and -v --wd" {
    compat --wd . 'echo {}' ::: a
    compat -v --wd w 'basename "$PWD"' ::: a
}

@test "--wd: a file in the way: exit 255, nothing printed" {
    : >afile
    compat --wd afile 'echo {}' ::: a b
    compat --wd afile/sub 'echo {}' ::: a b
}
