#!/usr/bin/env bats
# remote_worker: jobs on a remote lane run through that lane's worker, one shell there that reads
# a job a line (src/remote_worker.c), not an ssh session each. Every byte a job writes and its
# exit status are as with a session of its own; a worker in doubt is ended and the next job
# starts a new one; nothing is left running on either side. Against the real OpenSSH servers
# of tests/ssh_helper.bash. Nothing here asserts a duration; waits are bounded loops.

load test_helper
load ssh_helper
bats_require_minimum_version 1.5.0

setup_file() {
    ssh_cluster_start
}

teardown_file() {
    ssh_cluster_stop
}

setup() {
    cd "$BATS_TEST_TMPDIR" || return 1
    export TMPDIR=$BATS_TEST_TMPDIR # the control sockets' directory lands here
    LANES_BG=
}

teardown() {
    kill_leftovers
}

H1=127.0.0.1
H2=127.0.0.2

# pids_gone FILE: none of the pids in FILE (one a line) is left (bounded wait).
pids_gone() {
    local p
    for p in $(sort -u "$1"); do
        wait_gone "$p"
    done
}

# worker_ssh: the pids of this test's workers' ssh processes (their control path is under this
# test's directory; their command holds the worker's marker).
worker_ssh() {
    pgrep -f -- "ControlPath=$BATS_TEST_TMPDIR/lanes-ssh.* -- .*_lanes_m=lanes-end-"
}

@test "many jobs on few slots: every line of stdout and stderr exact, in order with -k" {
    need_sshd
    run --separate-stderr lanes -k -S 1/$H1,1/$H2 'echo out {} $PARALLEL_SEQ; echo err {} >&2' \
        ::: $(seq 300)
    assert_success
    assert_output "$(for i in $(seq 300); do echo "out $i $i"; done)"
    assert_equal "$stderr" "$(for i in $(seq 300); do echo "err $i"; done)"
}

@test "the jobs of a slot share its worker (one shell there); --no-ssh-worker: a session each" {
    need_sshd
    run --separate-stderr lanes -k -S 1/$H1 'echo $$; exit {}' ::: 0 3 255 0
    assert_failure 2
    assert_equal "$(sort -u <<<"$output" | wc -l)" 1
    assert_equal "$(wc -l <<<"$output")" 4
    run --separate-stderr lanes --no-ssh-worker -k -S 1/$H1 'echo $$; exit {}' ::: 0 3 255 0
    assert_failure 2
    assert_equal "$(sort -u <<<"$output" | wc -l)" 4
}

@test "output without a final newline, and an empty one, are kept exact" {
    need_sshd
    run --separate-stderr lanes -k -S 1/$H1 'printf %s {}; printf "e%s" {} >&2' ::: a '' b
    assert_success
    assert_output "ab"
    assert_equal "$stderr" "eaeeb"
}

@test "binary output with NUL bytes (and the marker's first byte, \\036) is kept exact" {
    need_sshd
    printf 'a\0b\036c\n\0\036' >want
    lanes -k -S 1/$H1 "printf 'a\\0b\\036c\\n\\0\\036'; printf '\\036\\0' >&2" ::: 1 2 >out 2>err
    cat want want >want2
    cmp want2 out
    printf '\036\0\036\0' >want_err
    cmp want_err err
}

@test "several MB on stdout and stderr at once: all of both, no deadlock" {
    need_sshd
    lanes -S 1/$H1 'head -c 5000000 /dev/zero | tr "\0" o & head -c {} /dev/zero | tr "\0" e >&2; wait' \
        ::: 4000000 >out 2>err
    assert_equal "$(wc -c <out)" 5000000
    assert_equal "$(wc -c <err)" 4000000
    assert_equal "$(tr -d o <out | wc -c)" 0
    assert_equal "$(tr -d e <err | wc -c)" 0
}

@test "what a job leaves in the background writes into that job's output, not the next one's" {
    need_sshd
    run --separate-stderr lanes -k -S 1/$H1 '(sleep 0.5; echo late {}; echo elate {} >&2) & echo early {}' \
        ::: 1 2 3
    assert_success
    assert_output "early 1
late 1
early 2
late 2
early 3
late 3"
    assert_equal "$stderr" "elate 1
elate 2
elate 3"
}

@test "a job's own exit 255 is its status, not a failed ssh; the worker goes on" {
    need_sshd
    run --separate-stderr lanes --joblog log -k -S 1/$H1 'echo $$ {}; exit {}' ::: 255 0
    assert_failure 1
    [[ $stderr != *"failed"* ]] || fail "stderr: $stderr"
    assert_equal "$(cut -f 7 log | tail -n +2 | sort | tr '\n' ' ')" "0 255 "
    assert_equal "$(cut -d ' ' -f 1 <<<"$output" | sort -u | wc -l)" 1
}

@test "commands and values with newlines and quotes: as on this machine" {
    need_sshd
    cmd=$'printf "[%s]\\n" {} "it\'s" \'a "b"\'\necho "two\nlines" \\\n  $((1 + 2))'
    lanes -k "$cmd" ::: "x'y" $'p\nq' '$HOME' '\n' >want
    lanes -k -S 1/$H1 "$cmd" ::: "x'y" $'p\nq' '$HOME' '\n' >out
    cmp want out
    assert_equal "$(grep -c 'two' out)" 4
}

@test "--env: variables with newlines and a bash function through the worker" {
    need_sshd
    [[ $(getent passwd "$(id -un)" | cut -d: -f7) == */bash ]] || skip "the login shell is not bash"
    export V=$'one\ntwo'
    f() {
        echo "f: $1"
        echo "line two"
    }
    export -f f
    run --separate-stderr lanes -k --env V --env f -S 1/$H1 'f {}; echo "$V"' ::: a b
    assert_success
    assert_output "f: a
line two
one
two
f: b
line two
one
two"
}

@test "--tag, --line-buffer and -u: as on this machine" {
    need_sshd
    for mode in "--tag -k" "--line-buffer -k" "-u -j1" "--tagstring {}:{#} -k"; do
        # shellcheck disable=SC2086
        lanes $mode -S 1/$H1 'echo out {}; echo err {} >&2; printf x{}' ::: a b c >out 2>err
        # shellcheck disable=SC2086
        lanes $mode -j1 'echo out {}; echo err {} >&2; printf x{}' ::: a b c >want 2>want_err
        cmp want out || fail "$mode: stdout $(cat out)"
        cmp want_err err || fail "$mode: stderr $(cat err)"
    done
}

@test "--timeout ends a job; the next job on that slot runs on a new worker; nothing is left" {
    need_sshd
    run --separate-stderr lanes -k -S 1/$H1 --timeout 1 \
        "echo \$\$ >>$PWD/shells; echo start {}; [ {} = 0 ] || sleep 7141{}; echo end {}" ::: 5 0 0
    assert_failure 1
    assert_output "start 5
start 0
end 0
start 0
end 0"
    [[ $stderr == *"timed out"* ]] || fail "stderr: $stderr"
    no_remote_left "sleep 71415"
    assert_equal "$(sort -u shells | wc -l)" 2
    pids_gone shells
}

# timed_out_mid_run [ARGS...]: job 1 (sleep 71511) times out on one host while 40 short jobs
# keep the run going (a second each, up to 20 s, until the check is done); the timed-out job
# must be gone there while lanes runs.
timed_out_mid_run() {
    rm -f checked
    lanes "$@" -S 1/$H1 -S 1/$H2 --timeout 2 \
        "if [ {} = 1 ]; then sleep 7151{}; else [ -e $PWD/checked ] || sleep 1; fi" ::: $(seq 41) \
        >out 2>err &
    LANES_BG=$!
    wait_grep 'timed out' err
    no_remote_left "sleep 71511"
    alive "$LANES_BG" || fail "lanes ended before the check: $(cat err)"
    touch checked
    reap_lanes
    assert_equal "$status" 1
}

@test "--timeout mid-run: the job ends there at once, not when the run ends (worker and session)" {
    need_sshd
    timed_out_mid_run
    timed_out_mid_run --no-ssh-worker
}

@test "at the end every worker is closed: no shell is left there, no ssh here" {
    need_sshd
    run --separate-stderr lanes -S 2/$H1,2/$H2 "echo \$\$ >>$PWD/shells; : {}" ::: $(seq 20)
    assert_success
    pids_gone shells
    [ -z "$(worker_ssh)" ] || fail "a worker's ssh is left: $(worker_ssh)"
    [ -z "$(ls -d "$BATS_TEST_TMPDIR"/lanes-ssh.* 2>/dev/null)" ] || fail "socket dir left"
}

@test "SIGINT: the jobs end there, and so do the workers" {
    need_sshd
    command -v perl >/dev/null || skip "perl is needed to start lanes with SIGINT not ignored"
    perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' \
        lanes -S 1/$H1,1/$H2 "echo \$\$ >>$PWD/shells; touch $PWD/up.{}; sleep 7142{}" ::: 8 9 2>err &
    LANES_BG=$!
    wait_file up.8 up.9
    kill -INT "$LANES_BG"
    reap_lanes
    [ "$status" = 255 ] || fail "status $status"
    no_remote_left "sleep 71428"
    no_remote_left "sleep 71429"
    pids_gone shells
    [ -z "$(worker_ssh)" ] || fail "a worker's ssh is left: $(worker_ssh)"
}

# kill_worker: wait for a job to have started (started.*), then kill this test's worker ssh.
kill_worker() {
    local i=0 pids
    wait_file started
    pids=$(worker_ssh)
    [ -n "$pids" ] || fail "no worker ssh found"
    # shellcheck disable=SC2086
    kill -KILL $pids
}

@test "a worker's ssh killed mid-job: the job fails, naming the host; --retries runs it again" {
    need_sshd
    lanes -S 1/$H1 "touch $PWD/started; while [ ! -e $PWD/go.{} ]; do sleep 0.1; done; echo {}" \
        ::: a >out 2>err &
    LANES_BG=$!
    kill_worker
    reap_lanes
    touch go.a
    [ "$status" = 1 ] || fail "status $status: $(cat err)"
    grep -q "ssh to '$H1' failed" err || fail "stderr: $(cat err)"
    [ ! -s out ] || fail "stdout: $(cat out)"
    rm -f started
    lanes --retries 2 -S 1/$H1 \
        "echo \$\$ >>$PWD/shells; touch $PWD/started; while [ ! -e $PWD/go.{} ]; do sleep 0.1; done; echo {}" \
        ::: b >out 2>err &
    LANES_BG=$!
    kill_worker
    touch go.b
    reap_lanes
    [ "$status" = 0 ] || fail "status $status: $(cat err)"
    assert_equal "$(cat out)" "b"
    assert_equal "$(sort -u shells | wc -l)" 2
    pids_gone shells
    [ -z "$(worker_ssh)" ] || fail "a worker's ssh is left: $(worker_ssh)"
}

@test "--no-ssh-worker is in --help" {
    run lanes --help
    assert_success
    [[ $output == *"--no-ssh-worker"* ]] || fail "no --no-ssh-worker in --help"
}

@test "--no-ssh-worker with a value is a usage error naming it" {
    run --separate-stderr lanes --no-ssh-worker=1 -S $H1 true ::: a
    assert_equal "$status" 255
    assert_output ""
    [[ $stderr == *"'--no-ssh-worker' takes no value"* ]] || fail "stderr: $stderr"
}
