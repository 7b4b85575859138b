#!/usr/bin/env bats
# run: running jobs. Exit status (failed jobs counted, 101 past 100), commands that cannot
# start, jobs killed by signals, the job's stdin and environment, process groups, and lanes'
# own signals: SIGTERM ends every job (through SIGKILL for a job that ignores TERM), SIGHUP
# lets running jobs finish and starts no more, EPIPE on stdout ends the run.
# Every wait here is a bounded loop on a file or a process; nothing asserts a duration.

load test_helper
load jobs_helper
bats_require_minimum_version 1.5.0

# own_groups: every line of $lines starts "PID PGID": each job leads its own process group.
own_groups() {
    local l pid pgid
    for l in "${lines[@]}"; do
        read -r pid pgid _ <<<"$l"
        [ -n "$pid" ] && [ "$pid" = "$pgid" ] || fail "pid $pid in process group $pgid"
    done
}

# A job that records its pid (and its background child's) and then waits a long time.
# Written to a temporary name first, so that a pid file is always whole.
long_job='sleep 60 & echo $! >pids/{}.child.tmp; mv pids/{}.child.tmp pids/{}.child; echo $$ >pids/{}.tmp; mv pids/{}.tmp pids/{}; wait'

# ---------------------------------------------------------------- exit status

@test "all jobs succeed: exit 0" {
    run lanes true ::: a b c
    assert_success
}

@test "exit status is the number of failed jobs" {
    run lanes 'exit {}' ::: 0 1 0 2 3 0
    assert_equal "$status" 3
}

@test "a job that exits 255 counts as one failed job" {
    run lanes 'exit {}' ::: 255
    assert_equal "$status" 1
}

@test "a failed job's output is still printed" {
    run lanes 'echo out-{}; exit 1' ::: a
    assert_equal "$status" 1
    assert_output "out-a"
}

@test "100 failed jobs: exit 100" {
    run lanes false ::: $(seq 100)
    assert_equal "$status" 100
}

@test "101 failed jobs: exit 101" {
    run lanes false ::: $(seq 101)
    assert_equal "$status" 101
}

@test "more than 101 failed jobs: still exit 101" {
    run lanes false < <(seq 130)
    assert_equal "$status" 101
}

@test "101 failed among successes: exit 101" {
    run lanes 'test {} -gt 101' ::: $(seq 105)
    assert_equal "$status" 101
}

@test "a missing command is one failed job with the shell's 'not found' on stderr" {
    run --separate-stderr lanes no-such-command-for-lanes ::: a
    assert_equal "$status" 1
    assert_output ""
    [[ $stderr == *"no-such-command-for-lanes"*"not found"* ]] || fail "stderr: $stderr"
}

@test "a missing command in a shell template fails the same way" {
    run --separate-stderr lanes 'no-such-command-for-lanes {} | cat' ::: a b
    assert_equal "$status" 0 # the pipeline's status is cat's
    run --separate-stderr lanes 'no-such-command-for-lanes {}' ::: a b
    assert_equal "$status" 2
    [[ $stderr == *"not found"* ]] || fail "stderr: $stderr"
}

@test "a missing program given by path is a failed job with a reason" {
    run --separate-stderr lanes /no/such/dir/prog ::: a
    assert_equal "$status" 1
    [[ $stderr == *"/no/such/dir/prog"* ]] || fail "stderr: $stderr"
}

@test "a file that is not executable is a failed job with a reason" {
    printf 'echo hi\n' >notexec
    chmod 644 notexec
    run --separate-stderr lanes ./notexec ::: a
    assert_equal "$status" 1
    assert_output ""
    [[ $stderr == *"notexec"* ]] || fail "stderr: $stderr"
}

@test "a missing command among good ones: only it fails" {
    run --separate-stderr lanes -k ::: 'echo a' no-such-command-for-lanes 'echo b'
    assert_equal "$status" 1
    assert_output $'a\nb'
}

@test "a job killed by SIGKILL counts as failed" {
    run lanes 'kill -KILL $$' ::: a
    assert_equal "$status" 1
}

@test "jobs killed by SIGTERM and SIGSEGV count as failed, the others not" {
    run lanes -k 'case {} in t) kill -TERM $$;; s) kill -SEGV $$;; *) echo {};; esac' ::: t ok s
    assert_equal "$status" 2
    assert_output "ok"
}

# ---------------------------------------------------------------- the job's stdin

@test "a job's stdin is /dev/null" {
    run lanes readlink /proc/self/fd/{} ::: 0
    assert_success
    assert_output "/dev/null"
}

@test "a job's stdin is empty while lanes reads its input from stdin" {
    run lanes -k 'cat; echo {}' < <(printf 'a\nb\nc\n')
    assert_success
    assert_output $'a\nb\nc'
}

@test "a job does not read lanes' stdin when the input is a ::: list" {
    run lanes -k 'cat; echo {}' ::: a <<<"secret"
    assert_success
    assert_output "a"
}

# ---------------------------------------------------------------- --workdir

@test "--wd DIR: jobs run in DIR, made when missing, nested too" {
    run lanes -k --wd a/b 'pwd; echo {}' ::: x y
    assert_success
    assert_output "$PWD/a/b
x
$PWD/a/b
y"
}

@test "--workdir with replacement strings: a directory a job" {
    run lanes -k --workdir 'd-{}' pwd ::: x y
    assert_success
    assert_output "$PWD/d-x
$PWD/d-y"
}

@test "--wd .: the directory lanes runs in" {
    run lanes --wd . pwd ::: x
    assert_output "$PWD"
}

@test "--wd ...: a fresh directory a job under ~/.parallel/tmp, named for host, pid and job" {
    mkdir home
    run env HOME="$PWD/home" lanes -k --wd ... 'pwd; ls -A; mkdir -p a/b; touch a/b/{}; ln -s / up' ::: x y
    assert_success
    [[ ${lines[0]} =~ ^$PWD/home/\.parallel/tmp/.+-[0-9]+-1$ ]] || fail "$output"
    [[ ${lines[1]} =~ ^$PWD/home/\.parallel/tmp/.+-[0-9]+-2$ ]] || fail "$output"
    assert_equal "${#lines[@]}" 2 # each empty when its job starts
}

@test "--wd ...: each job's directory is removed when the job ends, all it holds with it" {
    mkdir home
    run env HOME="$PWD/home" lanes -k --wd ... 'pwd; mkdir -p a/b; touch a/b/{}; ln -s "$OLDPWD" up; exit {}' ::: 0 3
    assert_failure 1
    assert_equal "${#lines[@]}" 2
    [ ! -e "${lines[0]}" ] && [ ! -e "${lines[1]}" ] || fail "left behind: $(ls -R home)"
    assert_equal "$(ls -A home/.parallel/tmp)" ""
    [ -d home ] || fail "the link up was followed"
}

@test "--wd: \$OLDPWD in the job is the directory lanes started in, as after a cd" {
    mkdir w
    run env OLDPWD=/nowhere lanes -k --wd w 'echo $OLDPWD' ::: a
    assert_output "$PWD a"
    run env OLDPWD=/nowhere lanes --wd ... 'echo $OLDPWD' ::: a
    assert_output "$PWD a"
}

@test "--wd: a relative command, --results and the job log stay relative to where lanes runs" {
    mkdir w
    printf '#!/bin/sh\necho script "$1"\n' >w/s.sh
    chmod +x w/s.sh
    run lanes -k --wd w --joblog log --results res ./s.sh ::: a
    assert_success
    [ -f log ] && [ -f res/1/a/stdout ] || fail "$(ls -R)"
    assert_equal "$(cat res/1/a/stdout)" "script a"
}

@test "--wd: -v and the job log show the command without the directory" {
    run lanes -v --wd w --joblog log pwd ::: a
    assert_success
    assert_output "pwd a
$PWD/w"
    assert_equal "$(tail -n 1 log | cut -f9)" "pwd a"
}

@test "--wd that cannot be made: exit 255, a message naming it, no job runs" {
    : >afile
    run --separate-stderr lanes --wd afile 'touch ran.{}' ::: a b
    assert_equal "$status" 255
    assert_equal "$stderr" "lanes: --workdir: cannot make directory 'afile': File exists"
    run --separate-stderr lanes --wd afile/sub 'touch ran.{}' ::: a b
    assert_equal "$status" 255
    [[ $stderr == *"'afile/sub'"* || $stderr == *"'afile'"* ]] || fail "$stderr"
    [ ! -e ran.a ] && [ ! -e afile/ran.a ] && [ ! -e ran.b ]
}

@test "--wd: a later job's directory that cannot be made ends the run there; running jobs are ended" {
    : >d-b
    run --separate-stderr lanes -k -j1 --wd 'd-{}' 'touch ../ran.{}' ::: a b c
    assert_equal "$status" 255
    [[ $stderr == *"cannot make directory 'd-b'"* ]] || fail "$stderr"
    [ -e ran.a ] && [ ! -e ran.b ] && [ ! -e ran.c ] || fail "$(ls)"
}

@test "--wd that cannot be made while another job runs: that job is ended, none is left behind" {
    : >d-b
    run --separate-stderr timeout 30 lanes -j2 --wd 'd-{}' 'echo $$ >../pids/{}.tmp; mv ../pids/{}.tmp ../pids/{}; sleep 60' ::: a b
    assert_equal "$status" 255
    [[ $stderr == *"cannot make directory 'd-b'"* ]] || fail "$stderr"
    if [ -f pids/a ]; then
        wait_gone "$(cat pids/a)"
    fi
}

@test "--wd with an empty value: exit 255 naming --workdir" {
    run --separate-stderr lanes --wd '' pwd ::: a
    assert_equal "$status" 255
    [[ $stderr == *--workdir* ]] || fail "$stderr"
}

# ---------------------------------------------------------------- environment

@test "PARALLEL_SEQ and LANES_SEQ are the job number" {
    run lanes -k 'echo {} $PARALLEL_SEQ $LANES_SEQ' ::: a b c
    assert_success
    assert_output $'a 1 1\nb 2 2\nc 3 3'
}

@test "PARALLEL_JOBSLOT and LANES_SLOT are the slot, 1 with -j1" {
    run lanes -k -j1 'echo {} $PARALLEL_JOBSLOT $LANES_SLOT' ::: a b c
    assert_success
    assert_output $'a 1 1\nb 1 1\nc 1 1'
}

@test "PARALLEL_JOBSLOT and LANES_SLOT agree and stay within -j2" {
    run lanes -k -j2 'echo $PARALLEL_JOBSLOT $LANES_SLOT {#}' ::: a b c d e f
    assert_success
    for l in "${lines[@]}"; do
        [[ $l == "1 1 "* || $l == "2 2 "* ]] || fail "line '$l'"
    done
}

@test "lanes sets its variables even when they are already in the environment" {
    PARALLEL_SEQ=99 LANES_SEQ=98 PARALLEL_JOBSLOT=97 LANES_SLOT=96 PARALLEL_PID=1 \
        run lanes -j1 'echo {} $PARALLEL_SEQ $LANES_SEQ $PARALLEL_JOBSLOT $LANES_SLOT $PARALLEL_PID' ::: a
    assert_success
    assert_output --regexp '^a 1 1 1 1 [0-9]+$'
    refute_output --regexp ' 1$'
}

@test "the environment of lanes reaches the job" {
    LANES_TEST_VAR='x y' run lanes 'echo "$LANES_TEST_VAR" {}' ::: a
    assert_success
    assert_output 'x y a'
}

@test "PARALLEL_PID is the pid of lanes (the job's parent)" {
    run lanes 'echo $PARALLEL_PID $PPID {#}' ::: a
    assert_success
    local a b
    read -r a b _ <<<"$output"
    [ -n "$a" ] && [ "$a" = "$b" ] || fail "PARALLEL_PID=$a, parent=$b"
}

@test "PARALLEL_PID equals \$! of a backgrounded lanes" {
    lanes 'echo $PARALLEL_PID {#}' ::: a >out 2>err &
    LANES_BG=$!
    local pid=$LANES_BG
    reap_lanes
    assert_equal "$status" 0
    assert_equal "$(cat out)" "$pid 1"
}

# ---------------------------------------------------------------- process groups

@test "each job runs in its own process group" {
    run lanes -k 'echo $$ $(ps -o pgid= -p $$) {}' ::: a b c
    assert_success
    [ "${#lines[@]}" -eq 3 ]
    own_groups
}

@test "a job's process group is not lanes' process group" {
    run lanes 'echo $(ps -o pgid= -p $$) $(ps -o pgid= -p $PARALLEL_PID) {#}' ::: a
    assert_success
    local job lanes_pg
    read -r job lanes_pg _ <<<"$output"
    [ -n "$job" ] && [ -n "$lanes_pg" ] && [ "$job" != "$lanes_pg" ] ||
        fail "job group '$job', lanes group '$lanes_pg'"
}

@test "a direct-exec job is in its own process group too" {
    printf '#!/bin/sh\necho $$ $(ps -o pgid= -p $$) "$1"\n' >pg
    chmod +x pg
    run lanes -k ./pg ::: a b
    assert_success
    own_groups
}

# ---------------------------------------------------------------- SIGTERM, SIGINT

@test "SIGTERM: lanes exits 255 and no job process remains" {
    lanes -j3 "$long_job" ::: 1 2 3 4 5 >out 2>err &
    LANES_BG=$!
    wait_file pids/1 pids/2 pids/3
    kill -TERM "$LANES_BG"
    reap_lanes
    assert_equal "$status" 255
    local n p
    for n in 1 2 3; do
        for p in "$(cat pids/$n)" "$(cat pids/$n.child)"; do
            wait_gone "$p"
        done
    done
    [ ! -e pids/4 ] && [ ! -e pids/5 ] || fail "jobs started after SIGTERM"
}

@test "SIGINT: lanes exits 255 and no job process remains" {
    # A background job of a non-interactive shell starts with SIGINT ignored (and a shell
    # cannot undo that); perl puts it back to the default before it runs lanes.
    command -v perl >/dev/null || skip "perl is needed to start lanes with SIGINT not ignored"
    perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' lanes -j2 "$long_job" ::: 1 2 3 >out 2>err &
    LANES_BG=$!
    wait_file pids/1 pids/2
    kill -INT "$LANES_BG"
    reap_lanes
    assert_equal "$status" 255
    local n p
    for n in 1 2; do
        for p in "$(cat pids/$n)" "$(cat pids/$n.child)"; do
            wait_gone "$p"
        done
    done
    [ ! -e pids/3 ]
}

@test "SIGTERM: a job that ignores TERM is still ended (KILL step)" {
    lanes -j2 'trap "" TERM; echo $$ >pids/{}.tmp; mv pids/{}.tmp pids/{}; i=0; while [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done' ::: 1 2 >out 2>err &
    LANES_BG=$!
    wait_file pids/1 pids/2
    kill -TERM "$LANES_BG"
    reap_lanes
    assert_equal "$status" 255
    wait_gone "$(cat pids/1)"
    wait_gone "$(cat pids/2)"
}

@test "SIGTERM: output a job printed before the signal is not lost with -k" {
    lanes -k -j1 'echo before-{}; echo $$ >pids/{}.tmp; mv pids/{}.tmp pids/{}; sleep 60' ::: 1 >out 2>err &
    LANES_BG=$!
    wait_file pids/1
    # -k streams the head job: its line is out before it ends.
    local i=0
    while ! grep -q before-1 out; do
        i=$((i + 1))
        [ "$i" -le 300 ] || fail "the line never came"
        sleep 0.05
    done
    kill -TERM "$LANES_BG"
    reap_lanes
    assert_equal "$status" 255
    assert_equal "$(cat out)" "before-1"
}

@test "SIGTERM while lanes' stdout is stalled: lanes still ends the jobs and exits 255" {
    mkfifo fifo
    lanes -k 'echo $$ >pids/1.tmp; mv pids/1.tmp pids/1; exec yes' ::: y >fifo 2>err &
    LANES_BG=$!
    local rfd
    exec {rfd}<fifo # a reader that never reads (not fd 3: that one is bats')
    wait_file pids/1
    # Give lanes the chance to fill the pipe and block in write (seen in wchan); go on
    # after a while either way, since a lanes that polls its stdout never blocks there.
    local i=0
    while [[ $(cat /proc/$LANES_BG/wchan 2>/dev/null) != *pipe_write* ]] && [ "$i" -lt 100 ]; do
        sleep 0.02
        i=$((i + 1))
    done
    kill -TERM "$LANES_BG"
    i=0
    while alive "$LANES_BG" && [ "$i" -lt 100 ]; do
        sleep 0.05
        i=$((i + 1))
    done
    local stuck=0
    alive "$LANES_BG" && stuck=1
    exec {rfd}<&- # let a stuck lanes go (EPIPE)
    reap_lanes
    if [ "$stuck" = 1 ]; then
        fail "SIGTERM was not acted on while stdout was stalled (lanes and its job 'yes' kept running until the reader went away)"
    fi
    assert_equal "$status" 255
    wait_gone "$(cat pids/1)"
}

@test "EPIPE: the job that was writing is ended too" {
    run --separate-stderr bash -c 'timeout 20 lanes -k "echo \$\$ >pids/1.tmp; mv pids/1.tmp pids/1; exec yes" ::: y | head -1'
    assert_output "y"
    wait_file pids/1
    wait_gone "$(cat pids/1)"
}

# ---------------------------------------------------------------- SIGHUP

@test "SIGHUP: running jobs finish, no new job starts" {
    lanes -k -j2 'touch started.{}; i=0; while [ ! -e go ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done; echo done-{}' ::: 1 2 3 4 >out 2>err &
    LANES_BG=$!
    wait_file started.1 started.2
    kill -HUP "$LANES_BG"
    # Release the jobs only once lanes has taken the signal (it is no longer pending).
    wait_not_pending "$LANES_BG" 1
    touch go
    reap_lanes
    assert_equal "$status" 0
    assert_equal "$(cat out)" $'done-1\ndone-2'
    [ ! -e started.3 ] && [ ! -e started.4 ] || fail "a job started after SIGHUP"
}

# ---------------------------------------------------------------- EPIPE

@test "EPIPE: lanes -k yes | head -1 ends and prints y" {
    run --separate-stderr bash -c 'timeout 20 lanes -k yes ::: y | head -1; echo "status=${PIPESTATUS[0]}"'
    assert_line --index 0 "y"
    refute_line "status=124"
    assert_equal "$stderr" ""
}

@test "EPIPE: a finite job into a closed pipe ends quietly" {
    run --separate-stderr bash -c 'timeout 20 lanes -k "seq {#}00000" ::: a b | head -2; echo "status=${PIPESTATUS[0]}"'
    assert_line --index 0 "1"
    assert_line --index 1 "2"
    refute_line "status=124"
    assert_equal "$stderr" ""
}

@test "EPIPE without -k: finite outputs into head end the run" {
    run --separate-stderr bash -c 'timeout 20 lanes "seq {#}0000" ::: a b c d | head -1; echo "status=${PIPESTATUS[0]}"'
    assert_line --index 0 "1"
    refute_line "status=124"
}

@test "PARALLEL_TMP: a new scratch file name in TMPDIR for each job, not made" {
    mkdir td
    TMPDIR=$PWD/td PARALLEL_TMP=inherited run lanes -k -j1 'echo $PARALLEL_TMP' ::: a b c
    assert_success
    assert_equal "${#lines[@]}" 3
    local l
    for l in "${lines[@]}"; do
        [[ $l =~ ^$PWD/td/par[A-Za-z0-9]{5}\ [abc]$ ]] || fail "not a scratch name: $l"
    done
    [ "${lines[0]% *}" != "${lines[1]% *}" ] || fail "the same name twice: ${lines[*]}"
    [ -z "$(ls td)" ] || fail "files were made: $(ls td)"
}

@test "OLDPWD is where lanes started, and PWD with --workdir where the job runs (as GNU parallel)" {
    mkdir -p sub
    OLDPWD=/etc run lanes 'echo $OLDPWD' ::: a
    assert_output "$PWD a"
    run lanes --wd sub 'pwd; echo $OLDPWD; echo $PWD' ::: a
    assert_output "$PWD/sub"$'\n'"$PWD"$'\n'"$PWD/sub a"
    ln -s sub link
    run lanes --wd link 'pwd' ::: b
    assert_output "$PWD/link"
}

@test "jobs run under the shell lanes was called from, before \$SHELL (as GNU parallel)" {
    # Under cron, systemd or docker SHELL is /bin/sh: an exported bash function still works.
    run env -i PATH="$PATH" SHELL=/bin/sh HOME="$HOME" bash -c \
        'f() { echo "hi $1"; }; export -f f; "$0" f ::: a' "$LANES"
    assert_success
    assert_output "hi a"
    # Called from sh, with SHELL=/bin/bash: the jobs run under sh.
    run env -i PATH="$PATH" SHELL=/bin/bash HOME="$HOME" sh -c '"$0" "readlink /proc/\$\$/exe; true" ::: a' "$LANES"
    assert_success
    assert_output "$(readlink -f /bin/sh)"
    # PARALLEL_SHELL still wins.
    PARALLEL_SHELL=/bin/sh run bash -c '"$0" "readlink /proc/\$\$/exe; true" ::: a' "$LANES"
    assert_output "$(readlink -f /bin/sh)"
}
