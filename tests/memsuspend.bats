#!/usr/bin/env bats
# --memsuspend SIZE: jobs stopped (SIGSTOP) while memory is short and continued as it comes
# back. The memory lanes sees is set through $LANES_MEMINFO, a file lanes reads in place of
# /proc/meminfo (the one it reads for --memfree too). Jobs append to ./log; counts come from
# there and from the state of their processes, never from durations.

load test_helper
load jobs_helper
bats_require_minimum_version 1.5.0

# mem KB: the memory lanes sees from now on (MemAvailable).
mem() {
    printf 'MemTotal: 99999999 kB\nMemAvailable: %s kB\n' "$1" >mi.new && mv -f mi.new mi
}

# The job: logs its start and pid, waits for ./go, then logs run, works a little, logs end.
JOB='echo start {} $$ >>log; echo $$ >pids/{}; while [ ! -e go ]; do sleep 0.05; done
echo run {} >>log; sleep 0.2; echo end {} >>log'

# stopped N: wait (at most ~20 s) until N of the jobs that logged their start are stopped (T).
stopped() {
    local i=0 n
    while :; do
        n=0
        for p in $(awk '/^start/ {print $3}' log); do
            [[ $(ps -o stat= -p "$p" 2>/dev/null) == T* ]] && n=$((n + 1))
        done
        [ "$n" = "$1" ] && return 0
        i=$((i + 1))
        [ "$i" -le 400 ] || fail "$n jobs stopped, not $1: $(ps -o pid=,stat= -p "$(awk '/^start/ {print $3}' log | paste -sd,)")"
        sleep 0.05
    done
}

# most_running: the most jobs that ran at once, from the run/end lines of ./log.
most_running() {
    awk '/^run/ {n++; if (n > m) m = n} /^end/ {n--} END {print m + 0}' log
}

# three_started LANES-OPTION...: lanes -j3 --memsuspend 1M runs $JOB for 1 2 3 in the
# background, with memory enough, until all three have started.
three_started() {
    export LANES_MEMINFO=$PWD/mi
    mem 100000000
    lanes -j3 --memsuspend 1M "$@" "$JOB" ::: 1 2 3 >out 2>err &
    LANES_BG=$!
    wait_grep 'start 3' log
}

@test "--memsuspend: memory short from the start: one job at a time, and every job runs" {
    export LANES_MEMINFO=$PWD/mi
    mem 1000
    touch go
    run lanes -j4 --memsuspend 1M "$JOB" ::: 1 2 3 4 5 6
    assert_success
    [ "$(grep -c '^end' log)" = 6 ]
    [ "$(most_running)" = 1 ] || fail "$(cat log)"
    # and a start only after the job before it ended
    run awk '/^start/ {n++; if (n > m) m = n} /^end/ {n--} END {print m}' log
    assert_output 1
}

@test "--memsuspend: under SIZE the newest jobs stop; they go on one at a time, oldest first" {
    export LANES_MEMINFO=$PWD/mi
    mem 100000000
    lanes -j3 --memsuspend 1M "$JOB" ::: 1 2 3 4 >out 2>err &
    LANES_BG=$!
    wait_grep 'start 3' log
    mem 100
    stopped 2
    [[ $(ps -o stat= -p "$(cat pids/1)") != T* ]] || fail "the oldest job was stopped"
    release go
    run grep -v '^start' log
    assert_output $'run 1\nend 1\nrun 2\nend 2\nrun 3\nend 3\nrun 4\nend 4'
    [ "$(most_running)" = 1 ]
}

@test "--memsuspend: stopped jobs are continued when memory comes back" {
    three_started
    mem 100
    stopped 2
    mem 100000000
    stopped 0
    release go
    [ "$(grep -c '^end' log)" = 3 ]
}

@test "--memsuspend: under 2*SIZE (not under SIZE) jobs stop one by one until one runs" {
    three_started
    mem 1500 # 1.5M: under 2M
    stopped 2
    release go
    [ "$(most_running)" = 1 ]
}

@test "--memsuspend: --timeout ends a stopped job (it is continued after the signal)" {
    export LANES_MEMINFO=$PWD/mi
    mem 100000000
    lanes -j2 --timeout 3 --memsuspend 1M "$JOB" ::: 1 2 >out 2>err &
    LANES_BG=$!
    wait_grep 'start 2' log
    mem 100
    stopped 1
    reap_lanes
    [ "$status" = 2 ]
    grep -q 'job 1 timed out' err
    grep -q 'job 2 timed out' err
    ! alive "$(cat pids/1)"
    ! alive "$(cat pids/2)"
}

@test "--memsuspend: SIGINT ends the running and the stopped jobs" {
    command -v perl >/dev/null || skip "perl is needed to start lanes with SIGINT not ignored"
    export LANES_MEMINFO=$PWD/mi
    mem 100000000
    perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' \
        lanes -j3 --memsuspend 1M "$JOB" ::: 1 2 3 >out 2>err &
    LANES_BG=$!
    wait_grep 'start 3' log
    mem 100
    stopped 2
    kill -INT "$LANES_BG"
    reap_lanes
    [ "$status" = 255 ]
    local p
    for p in 1 2 3; do ! alive "$(cat pids/$p)" || fail "job $p lives on"; done
    ! grep -q '^end' log
}

@test "--memsuspend: --halt now,fail=1 ends the stopped jobs too" {
    export LANES_MEMINFO=$PWD/mi
    mem 100000000
    lanes -j3 --halt now,fail=1 --memsuspend 1M \
        "if [ {} = 1 ]; then echo \$\$ >pids/1; echo start 1 \$\$ >>log; while [ ! -e go ]; do sleep 0.05; done; exit 3; fi; $JOB" ::: 1 2 3 >out 2>err &
    LANES_BG=$!
    wait_grep 'start 3' log
    wait_grep 'start 1' log
    mem 100
    stopped 2
    touch go
    reap_lanes
    [ "$status" = 3 ]
    local p
    for p in 2 3; do ! alive "$(cat pids/$p)" || fail "job $p lives on"; done
}

@test "--memsuspend: memory enough: jobs run side by side as without it" {
    three_started
    release go
    [ "$(grep -c '^end' log)" = 3 ]
    # and on this machine, without $LANES_MEMINFO, with a small SIZE
    unset LANES_MEMINFO
    run lanes -k --memsuspend 1k echo ::: a b c
    assert_success
    assert_output $'a\nb\nc'
}

@test "--memsuspend: bad sizes are usage errors naming the option (255)" {
    refuses --memsuspend 12Q x -1 '' 1kk 0x10
    run --separate-stderr lanes --memsuspend
    [ "$status" = 255 ]
    stderr_has "--memsuspend"
}
