#!/usr/bin/env bats
# remote: jobs on other hosts over ssh (-S, --sshloginfile and the options of remote jobs),
# against real OpenSSH servers on 127.0.0.1 and 127.0.0.2 (tests/ssh_helper.bash), beside GNU
# parallel where it can run too (stdout and exit status: the login shell there may write to
# stderr). Bad input needs no server. Nothing here asserts a duration;
# waits are bounded loops on files and processes.

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
    if [ -f sshd3.pid ]; then # the server of the test that kills one
        kill -KILL "$(cat sshd3.pid)" 2>/dev/null || :
    fi
}

H1=127.0.0.1
H2=127.0.0.2

# ---------------------------------------------------------------- bad input

@test "a malformed login is a usage error naming -S/--sshlogin and the login" {
    local v
    for v in '' '0/host' '3x/host' '@host' 'user@' '-oProxyCommand=x' 'a/b' 'user:pw@host' ',' \
        '2/@grp/host' '@/host' '@g+/host' '@+g/host' '@g++h/host' '@g h/host' '@grp/'; do
        run --separate-stderr lanes -S "$v" echo ::: a
        [ "$status" = 255 ] || fail "-S '$v': status $status"
        [[ $stderr == *"-S/--sshlogin"* ]] || fail "-S '$v': stderr '$stderr'"
        assert_output ""
    done
}

@test "an unreadable --sshloginfile is a usage error naming it" {
    run --separate-stderr lanes --slf nosuchfile echo ::: a
    assert_failure 255
    [[ $stderr == *"--sshloginfile"*"nosuchfile"* ]] || fail "stderr: $stderr"
    assert_output ""
}

@test "a bad line in a --sshloginfile is a usage error naming the file and the line" {
    printf '# hosts\n\nhost1\n0/host2\n' >hosts
    run --separate-stderr lanes --slf hosts echo ::: a
    assert_failure 255
    [[ $stderr == *"'hosts' line 4"* ]] || fail "stderr: $stderr"
}

@test "--return, --transferfile, --basefile without a remote host are usage errors" {
    local o
    for o in --return --transferfile --tf --basefile --bf --trc; do
        run --separate-stderr lanes "$o" x echo ::: a
        [ "$status" = 255 ] || fail "$o: status $status"
        [[ $stderr == *"needs a remote host"* ]] || fail "$o: stderr '$stderr'"
        assert_output ""
    done
}

@test "bad values of --env, --sshdelay and --ssh are usage errors naming the option" {
    refuses --env 'a-b' '1x' ''
    refuses --sshdelay x -1
    refuses --ssh ''
}

@test "--onall and --nonall without hosts run on this machine, once for --nonall" {
    run --separate-stderr lanes --onall 'echo v{}' ::: a b
    assert_success
    assert_output $'va\nvb'
    run --separate-stderr lanes --tag --nonall echo hi
    assert_success
    assert_output $':\thi'
    run --separate-stderr lanes -q --nonall printf '[%s]' a '' b
    assert_output '[a][][b]'
    run --separate-stderr lanes --nonall 'exit 4'
    assert_failure 1 # one host failed
    run --separate-stderr lanes --onall --pipe cat
    assert_failure 255
    [[ $stderr == *"--onall"*"--pipe"* ]] || fail "stderr: $stderr"
    run --separate-stderr lanes --onall --pipe -S : cat
    assert_failure 255
    [[ $stderr == *"--onall"*"--pipe"* ]] || fail "stderr: $stderr"
}

@test "{sshlogin} and {host} are ':' without -S, and only --plus strings (as GNU parallel)" {
    run --separate-stderr lanes --plus echo {sshlogin} {host} {} ::: a
    assert_output ": : a"
    run --separate-stderr lanes echo {sshlogin} ::: a
    assert_output "{sshlogin} a"
}

# ---------------------------------------------------------------- running there

@test "jobs run on both hosts; output and exit status as GNU parallel's" {
    need_sshd
    need_parallel
    run --separate-stderr lanes -k -S $H1,$H2 echo ::: a b c d e f
    assert_success
    local ours=$output
    run --separate-stderr parallel -k -S $H1,$H2 echo ::: a b c d e f
    assert_output "$ours"
    run --separate-stderr lanes -S $H1,$H2 'exit {}' ::: 0 3 0 4
    [ "$status" = 2 ] || fail "status $status"
    run --separate-stderr parallel -S $H1,$H2 'exit {}' ::: 0 3 0 4
    [ "$status" = 2 ] || fail "GNU parallel: status $status"
}

@test "{sshlogin} and {host} name where each job ran; each host gets jobs" {
    need_sshd
    run --separate-stderr lanes --plus -S "1/$H1,1/ssh root@$H2" 'echo {host}; echo {sshlogin} >&2' ::: 1 2 3 4
    assert_success
    [[ $stderr == *"ssh root@$H2"* ]] || fail "{sshlogin}: $stderr"
    [[ $output == *"$H1"* && $output == *"$H2"* ]] || fail "output: $output"
    [[ $output != *"root@"* && $output != *"ssh "* ]] || fail "{host} has more than the host: $output"
}

@test "--timeline under -S: a band of rows for each host, a bar for each job" {
    need_sshd
    run lanes -S "1/$H1,1/$H2" --timeline t.svg 'echo {}' ::: 1 2 3 4
    assert_success
    if command -v xmllint >/dev/null; then
        xmllint --noout t.svg || fail "not well-formed"
    fi
    assert_equal "$(grep -c '<rect class="job ok"' t.svg)" 4
    grep -q "<text class=\"host\"[^>]*>$H1</text>" t.svg || fail "$(grep 'class="host"' t.svg)"
    grep -q "<text class=\"host\"[^>]*>$H2</text>" t.svg || fail "$(grep 'class="host"' t.svg)"
}

@test "hostile arguments reach the remote job as data, as with GNU parallel" {
    need_sshd
    need_parallel
    local args=('$(touch pwned)' '; touch pwned2' "it's" '"q" `touch pwned3`' 'a
b' '*' '\n' '$HOME')
    run --separate-stderr lanes -k -S $H1 echo ::: "${args[@]}"
    assert_success
    local ours=$output
    run --separate-stderr parallel -k -S $H1 echo ::: "${args[@]}"
    assert_output "$ours"
    [ ! -e pwned ] && [ ! -e ~/pwned ] && [ ! -e ~/pwned2 ] && [ ! -e ~/pwned3 ]
    [[ $ours == *'$(touch pwned)'* ]] || fail "output: $ours"
}

@test "per-host slot counts are honoured exactly" {
    need_sshd
    mkdir run
    # Each job counts the jobs of its host running beside it, after it has started.
    run --separate-stderr lanes --plus -S "1/$H1,2/$H2" \
        "touch $PWD/run/{host}.{#}; sleep 0.3; ls $PWD/run | grep -c '^{host}\.' >>$PWD/max.{host}; rm $PWD/run/{host}.{#}" \
        ::: $(seq 12)
    assert_success
    [ "$(sort -n max.$H1 | tail -1)" -le 1 ] || fail "$H1 ran $(sort -n max.$H1 | tail -1) at once"
    [ "$(sort -n max.$H2 | tail -1)" -le 2 ] || fail "$H2 ran $(sort -n max.$H2 | tail -1) at once"
    [ "$(cat max.$H1 max.$H2 | wc -l)" = 12 ]
}

@test "without N/ or -j, a host's slots are its CPU count, asked once" {
    need_sshd
    local cpus
    cpus=$(nproc)
    # The first jobs all start at once, one a slot: the highest slot is the count.
    run --separate-stderr lanes -S $H1 'echo $PARALLEL_JOBSLOT; sleep 0.5; : {}' ::: $(seq $((cpus + 1)))
    assert_success
    [ "$(sort -n <<<"$output" | tail -1)" = "$cpus" ] || fail "slots used: $output"
}

@test "-j N% with hosts counts each host's CPUs" {
    need_sshd
    local cpus most
    cpus=$(nproc)
    most=$((cpus / 2 > 0 ? cpus / 2 : 1))
    run --separate-stderr lanes -j 50% -S $H1 'echo $PARALLEL_JOBSLOT; sleep 0.2; : {}' ::: $(seq $((cpus + 2)))
    assert_success
    [ "$(sort -n <<<"$output" | tail -1)" -le "$most" ] || fail "slots used: $output"
}

@test "{%} numbers the slots of the whole run; the job log names each job's host" {
    need_sshd
    run --separate-stderr lanes -S "1/$H1,1/$H2" --joblog log 'echo $PARALLEL_SEQ {%}' ::: a b c d
    assert_success
    local l
    for l in "${lines[@]}"; do
        [[ $l =~ ^[1-4]\ [12]$ ]] || fail "line '$l'"
    done
    [ "$(awk -F'\t' 'NR > 1 {print $2}' log | sort -u | tr '\n' ' ')" = "$H1 $H2 " ] ||
        fail "hosts in the log: $(cat log)"
}

@test "':' runs jobs on this machine beside remote hosts" {
    need_sshd
    run --separate-stderr lanes --plus -k -S ":,$H1" 'echo {} {sshlogin}' ::: a b c d
    assert_success
    [[ $output == *" :"* && $output == *" $H1"* ]] || fail "output: $output"
}

@test "a whole ssh command as login, and --ssh" {
    need_sshd
    run --separate-stderr lanes -S "ssh -p $SSH_PORT $H2" --plus 'echo {host}' ::: a
    assert_output "$H2"
    printf '#!/bin/sh\necho via-myssh >>%s/used\nexec ssh "$@"\n' "$PWD" >myssh
    chmod +x myssh
    run --separate-stderr lanes --ssh "$PWD/myssh" -S $H1 echo ::: a
    assert_output "a"
    [ -s used ] || fail "--ssh was not used"
}

@test "--env carries a variable's value; lanes' variables are set there" {
    need_sshd
    export FOO='a b $x "y"' UNSET_HERE=
    unset UNSET_HERE
    run --separate-stderr lanes --env FOO --env UNSET_HERE -S $H1 'echo "[$FOO][${UNSET_HERE-unset}] $PARALLEL_SEQ $PARALLEL_SSHLOGIN" {}' ::: x
    assert_output "[a b \$x \"y\"][unset] 1 $H1 x"
}

@test "--env NAME of an exported bash function defines it there, as GNU parallel" {
    need_sshd
    need_parallel
    # stdout is the contract: the remote login shell may say things on stderr of its own
    run --separate-stderr bash -c 'f() { echo "in f: $1"; }; export -f f; lanes --env f -k -S '$H1' f ::: "a b" c'
    assert_success
    local ours=$output
    run --separate-stderr bash -c 'f() { echo "in f: $1"; }; export -f f; parallel --env f -k -S '$H1' f ::: "a b" c'
    assert_output "$ours"
    assert_output "in f: a b
in f: c"
}

@test "--workdir DIR is made there; '.' is this directory; '...' is fresh and removed" {
    need_sshd
    run --separate-stderr lanes --wd "$PWD/wd/{}" -S $H1 pwd ::: x
    assert_output "$PWD/wd/x"
    run --separate-stderr lanes --wd . -S $H1 pwd ::: x
    assert_output "$PWD"
    run --separate-stderr lanes --wd ... -S $H1 'pwd; touch made' ::: x
    assert_success
    [[ $output == "$HOME/.parallel/tmp/"* ]] || fail "output: $output"
    [ ! -e "$output" ] || fail "$output is left there"
}

@test "':' with --workdir: DIR and '.' as locally, '...' a fresh one under ~ removed after" {
    mkdir sub
    cd sub
    run --separate-stderr lanes -S : --wd . 'pwd; echo $PARALLEL_SSHLOGIN' ::: a
    assert_output "$PWD
: a"
    run --separate-stderr lanes -S : --wd 'w{}' pwd ::: a
    assert_output "$PWD/wa"
    run --separate-stderr lanes -S : --wd ... pwd ::: a
    [[ $output == "$HOME/.parallel/tmp/"* ]] || fail "output: $output"
    [ ! -e "$output" ] || fail "$output is left"
}

@test "--transferfile, --return and --cleanup move the files through rsync" {
    need_sshd
    command -v rsync >/dev/null || skip "rsync is not installed"
    mkdir -p sub
    echo one >in1
    echo two >sub/in2
    run --separate-stderr lanes -S $H1 --wd "$PWD/there" --tf {} --return {}.out --cleanup \
        'cat {} >{}.out; echo done >>{}.out' ::: in1 sub/in2
    assert_success
    [ "$(cat in1.out)" = "one
done" ] && [ "$(cat sub/in2.out)" = "two
done" ] || fail "returned: $(cat in1.out sub/in2.out)"
    [ ! -e there/in1 ] && [ ! -e there/in1.out ] && [ ! -e there/sub ] ||
        fail "left there: $(find there)"
}

@test "--rsync-opts and \$PARALLEL_RSYNC_OPTS are rsync's options when files move" {
    need_sshd
    command -v rsync >/dev/null || skip "rsync is not installed"
    echo one >in1
    # rsync refuses an option it does not know: the transfer fails, so the option was passed
    run --separate-stderr lanes -S $H1 --wd "$PWD/there" --rsync-opts '-rlDzR --no-such-opt' \
        --tf {} 'cat {}' ::: in1
    assert_failure
    [[ $stderr == *"no-such-opt"* ]] || fail "stderr: $stderr"
    PARALLEL_RSYNC_OPTS='-rlDzR --no-such-opt' run --separate-stderr lanes -S $H1 \
        --wd "$PWD/there" --tf {} 'cat {}' ::: in1
    assert_failure
    # -R is what keeps a relative path under --wd; the option wins over the variable
    PARALLEL_RSYNC_OPTS='--no-such-opt' run --separate-stderr lanes -S $H1 --wd "$PWD/there" \
        --rsync-opts -rlDzR --tf {} 'cat {}' ::: in1
    assert_success
    assert_output one
}

@test "--trc is --transfer --return --cleanup, for any file name" {
    need_sshd
    command -v rsync >/dev/null || skip "rsync is not installed"
    local f="a b'c \$(x).txt"
    echo x >"$f"
    run --separate-stderr lanes -S $H2 --wd "$PWD/there" --trc {}.b 'cp {} {}.b' ::: "$f"
    assert_success
    [ "$(cat "$f.b")" = x ] && [ ! -e "there/$f" ] && [ ! -e "there/$f.b" ] || fail "$(find .)"
}

@test "--basefile is sent once before the jobs, and removed at the end with --cleanup" {
    need_sshd
    command -v rsync >/dev/null || skip "rsync is not installed"
    echo base >"$BATS_TEST_TMPDIR/base.txt"
    # An absolute path lands at the same path there: the test sees it in place.
    run --separate-stderr lanes -S $H1 --bf "$PWD/base.txt" "cat $PWD/base.txt; : {}" ::: 1 2
    assert_output "base
base"
    rm base.txt
    echo base2 >base.txt
    run --separate-stderr lanes -S $H1 --bf "$PWD/base.txt" --cleanup "cat $PWD/base.txt; : {}" ::: 1
    assert_output "base2"
    [ ! -e base.txt ] || fail "--cleanup left the base file"
}

@test "--sshloginfile: comments, blank lines, N/, several files add up, and .." {
    need_sshd
    printf '# the cluster\n\n1/%s\n' $H1 >hosts1
    printf '  1/%s  \n' $H2 >hosts2
    run --separate-stderr lanes --plus --slf hosts1 --slf hosts2 'echo {host}' ::: 1 2 3 4 5 6
    assert_success
    [[ $output == *"$H1"* && $output == *"$H2"* ]] || fail "output: $output"
    mkdir -p home/.parallel
    printf '%s\n' $H2 >home/.parallel/sshloginfile
    HOME=$PWD/home run --separate-stderr lanes --plus --slf .. 'echo {host}' ::: 1
    assert_output "$H2"
    HOME=$PWD/home run --separate-stderr lanes --plus -S .. 'echo {host}' ::: 1
    assert_output "$H2"
}

@test "a --sshloginfile changed during the run: removed hosts get no more jobs, new ones do" {
    need_sshd
    printf '1/%s\n' $H1 >hosts
    lanes --plus --slf hosts -k \
        "echo {} {host}; [ {} != 1 ] || while [ ! -e $PWD/go ]; do sleep 0.1; done" \
        ::: 1 2 3 >out 2>err &
    LANES_BG=$!
    wait_grep "^1 " out 2>/dev/null || :
    sleep 1.1 # a new mtime, even where it counts whole seconds
    printf '1/%s\n' $H2 >hosts.new
    mv hosts.new hosts
    touch go
    reap_lanes
    [ "$status" = 0 ] || fail "status $status: $(cat err)"
    [ "$(cat out)" = "1 $H1
2 $H2
3 $H2" ] || fail "output: $(cat out)"
}

@test "--nonall runs the command once on each host; --tag names the host (as GNU parallel)" {
    need_sshd
    need_parallel
    local args
    for args in "--nonall -k --tag -S $H1,$H2 echo hi {}" "--nonall -k -S $H1,$H2 echo hi"; do
        run --separate-stderr lanes $args
        assert_success
        local ours=$output
        run --separate-stderr parallel $args
        assert_output "$ours"
    done
    [[ $ours == "hi
hi" ]] || fail "output: $ours"
    run --separate-stderr lanes --nonall -S $H1,$H2 'exit 3'
    [ "$status" = 2 ] || fail "status $status"
    run --separate-stderr parallel --nonall -S $H1,$H2 'exit 3'
    [ "$status" = 2 ] || fail "GNU parallel: status $status"
}

@test "--onall runs every job on every host: ::: lists, stdin, replacement strings (as GNU parallel)" {
    need_sshd
    need_parallel
    run --separate-stderr lanes --onall -k --tag -S "$H1,2/$H2" 'echo {1}{2} {.} {#}' ::: a.b c ::: 1 2
    assert_success
    local ours=$output
    run --separate-stderr parallel --onall -k --tag -S "$H1,2/$H2" 'echo {1}{2} {.} {#}' ::: a.b c ::: 1 2
    assert_output "$ours"
    [ "${#lines[@]}" = 8 ] && [[ ${lines[0]} == "$H1	a.b1 "* ]] || fail "output: $ours"
    run bash -c "printf 'x\ny\n' | lanes --onall -k -S $H1,$H2 echo"
    assert_output "x
y
x
y"
    run --separate-stderr lanes --onall -S $H1,$H2 'exit {}' ::: 0 1 2
    [ "$status" = 2 ] || fail "status $status"
}

# ---------------------------------------------------------------- failures

# start_sshd4: a server of its own on 127.0.0.4 (the cluster's stay up for the other tests);
# its pid in sshd3.pid, which teardown kills.
start_sshd4() {
    local i=0
    sed "s/@ADDR@/127.0.0.4/" "$SSH_DIR/sshd_config.in" >sshd3
    /usr/sbin/sshd -D -f sshd3 -E sshd3.log &
    echo $! >sshd3.pid
    until (exec 3<>"/dev/tcp/127.0.0.4/$SSH_PORT") 2>/dev/null; do
        i=$((i + 1))
        [ "$i" -le 200 ] || fail "sshd on 127.0.0.4 did not start"
        sleep 0.05
    done
}

# kill_sshd4: that server and its sessions go: the connections to it break.
kill_sshd4() {
    local pid child
    pid=$(cat sshd3.pid)
    for child in $(pgrep -P "$pid"); do kill -KILL "$child"; done
    kill -KILL "$pid"
}

# wait_started HOST: a job has touched started.HOST.* (bounded).
wait_started() {
    local i=0
    until ls "started.$1".* >/dev/null 2>&1; do
        i=$((i + 1))
        [ "$i" -le 300 ] || fail "no job started on $1: $(cat err)"
        sleep 0.05
    done
}

@test "a host that refuses connections: its jobs fail, named, counted as GNU parallel counts" {
    need_sshd
    need_parallel
    run --separate-stderr lanes -S 127.0.0.3 echo ::: a b
    [ "$status" = 2 ] || fail "status $status"
    [[ $stderr == *"127.0.0.3"* ]] || fail "stderr: $stderr"
    run --separate-stderr parallel -S 127.0.0.3 echo ::: a b
    [ "$status" = 2 ] || fail "GNU parallel: status $status"
}

@test "an unknown host (a name that does not resolve): exit 255 before any job, naming it" {
    need_sshd
    run --separate-stderr lanes -S "$H1,nosuchhost.invalid" "touch $PWD/ran" ::: a
    assert_failure 255
    [[ $stderr == *"unknown host"*"'nosuchhost.invalid'"* ]] || fail "stderr: $stderr"
    [ ! -e ran ] || fail "a job ran"
    run --separate-stderr lanes --filter-hosts -S "$H1,nosuchhost.invalid" echo ::: a
    assert_output "a"
    [[ $stderr == *"nosuchhost.invalid"* ]] || fail "stderr: $stderr"
}

@test "--filter-hosts drops a host that cannot be reached, with a warning naming it" {
    need_sshd
    run --separate-stderr lanes --filter-hosts -S "127.0.0.3,$H1" -k echo ::: a b
    assert_success
    assert_output "a
b"
    [[ $stderr == *"127.0.0.3"* ]] || fail "stderr: $stderr"
    run --separate-stderr lanes --filter-hosts -S 127.0.0.3 echo ::: a
    assert_failure 255
    [[ $stderr == *"no host"* ]] || fail "stderr: $stderr"
}

@test "a host without rsync where files must go: exit 255 before any job, naming it" {
    need_sshd
    # This ssh hides rsync from the question lanes asks each host.
    cat >norsync <<'EOF'
#!/bin/bash
last=${!#}
[[ $last == *rsync* ]] && set -- "${@:1:$#-1}" "PATH=/nonexistent; $last"
exec ssh "$@"
EOF
    chmod +x norsync
    echo x >f
    run --separate-stderr lanes --ssh "$PWD/norsync" -S $H1 --tf {} "touch $PWD/ran; cat" ::: f
    assert_failure 255
    [[ $stderr == *"rsync"*"'$H1'"* ]] || fail "stderr: $stderr"
    [ ! -e ran ] || fail "a job ran"
    no_remote_left "$BATS_TEST_TMPDIR/lanes-ssh"
}

@test "--retries: a job run again goes to a host it has not failed on, as with GNU parallel" {
    need_sshd
    need_parallel
    local cmd="[ {host} = $H2 ] || exit 1; echo {} on {host}"
    run --separate-stderr lanes --plus --retries 2 -k -S "1/$H1,1/$H2" "$cmd" ::: a b c d
    assert_success
    local ours=$output
    run --separate-stderr parallel --plus --retries 2 -k -S "1/$H1,1/$H2" "$cmd" ::: a b c d
    assert_output "$ours"
    assert_output "a on $H2
b on $H2
c on $H2
d on $H2"
}

@test "a job's own exit 255 is its status, not a failed ssh" {
    need_sshd
    run --separate-stderr lanes -S $H1 'exit 255' ::: a
    assert_failure 1
    [[ $stderr != *"failed"* ]] || fail "stderr: $stderr"
}

@test "a host killed in the middle of a run: with --retries its jobs run elsewhere, status 0" {
    need_sshd
    start_sshd4
    lanes --plus --retries 3 -k -S "1/$H1,1/127.0.0.4" \
        "touch $PWD/started.{host}.{#}; while [ ! -e $PWD/go ]; do sleep 0.1; done; echo {}" \
        ::: 1 2 3 4 >out 2>err &
    LANES_BG=$!
    wait_started 127.0.0.4
    kill_sshd4
    touch go
    reap_lanes
    [ "$status" = 0 ] || fail "status $status: $(cat err)"
    assert_equal "$(cat out)" "1
2
3
4"
    grep -q "127.0.0.4" err || fail "no message names the host: $(cat err)"
}

@test "a host that stays dead is tried again with back-off, then dropped; none left: 255" {
    need_sshd
    start_sshd4
    lanes --plus -S 1/127.0.0.4 \
        "touch $PWD/started.{host}.{#}; while [ ! -e $PWD/go ]; do sleep 0.1; done; echo {}" \
        ::: 1 2 >out 2>err &
    LANES_BG=$!
    wait_started 127.0.0.4
    kill_sshd4
    touch go
    reap_lanes
    [ "$status" = 255 ] || fail "status $status: $(cat err)"
    grep -q "'127.0.0.4' cannot be reached: no jobs go there for 1 s" err || fail "$(cat err)"
    grep -q "'127.0.0.4' cannot be reached: no jobs go there for 2 s" err || fail "$(cat err)"
    grep -q "'127.0.0.4' cannot be reached (3 tries)" err || fail "$(cat err)"
    grep -q "no host is left" err || fail "$(cat err)"
    [ -z "$(ls -d "$BATS_TEST_TMPDIR"/lanes-ssh.* 2>/dev/null)" ] || fail "socket dir left"
}

@test "a job waiting for a paused host's group is started when the back-off ends, with nothing else running" {
    need_sshd
    start_sshd4
    lanes --plus --hostgroups -S @a/1/127.0.0.4 -S @b/1/$H1 \
        "touch $PWD/started.{host}.{#}; while [ ! -e $PWD/go ]; do sleep 0.1; done; echo {}" \
        ::: x1@a x2@a >out 2>err &
    LANES_BG=$!
    wait_started 127.0.0.4
    kill_sshd4
    touch go
    reap_lanes
    [ "$status" = 1 ] || fail "status $status: $(cat err)"
    assert_equal "$(cat out)" "x2"
    grep -q "'127.0.0.4' cannot be reached (3 tries)" err || fail "$(cat err)"
    grep -q "no host of 'a' can be reached: job 2 runs on any host" err || fail "$(cat err)"
}

@test "--timeout ends the remote job: nothing is left running there" {
    need_sshd
    run --separate-stderr lanes -S $H1 --timeout 1 'sleep 7131{}' ::: 7
    assert_failure 1
    no_remote_left "sleep 71317"
}

@test "SIGTERM to lanes ends the remote jobs: nothing is left running there" {
    need_sshd
    lanes -S $H1 "touch $PWD/up; sleep 7132{}" ::: 8 2>err &
    LANES_BG=$!
    wait_file up
    kill -TERM "$LANES_BG"
    reap_lanes
    [ "$status" = 255 ] || fail "status $status"
    no_remote_left "sleep 71328"
}

@test "SIGINT (Ctrl-C) ends the remote jobs: nothing is left running there" {
    need_sshd
    command -v perl >/dev/null || skip "perl is needed to start lanes with SIGINT not ignored"
    # A background job starts with SIGINT ignored; perl puts it back to the default.
    perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' \
        lanes -S $H1,$H2 "touch $PWD/up.{}; sleep 7133{}" ::: 8 9 2>err &
    LANES_BG=$!
    wait_file up.8 up.9
    kill -INT "$LANES_BG"
    reap_lanes
    [ "$status" = 255 ] || fail "status $status"
    no_remote_left "sleep 71338"
    no_remote_left "sleep 71339"
}

# ---------------------------------------------------------------- connections

@test "connections are reused through a private socket directory, removed at the end" {
    need_sshd
    run --separate-stderr lanes -S $H1,$H2 "echo {}; ls -d $BATS_TEST_TMPDIR/lanes-ssh.*/h* >&2" ::: a b
    assert_success
    [[ $stderr == *"lanes-ssh."*"/h0"* ]] || fail "no control socket: $stderr"
    # The directory is gone, and so are the masters that lived in it.
    [ -z "$(ls -d "$BATS_TEST_TMPDIR"/lanes-ssh.* 2>/dev/null)" ] || fail "socket dir left"
    no_remote_left "$BATS_TEST_TMPDIR/lanes-ssh"
}

@test "-M is accepted; --no-controlmaster runs every job on a connection of its own" {
    need_sshd
    run --separate-stderr lanes -M -k -S $H1 echo ::: a b
    assert_output "a
b"
    run --separate-stderr lanes --no-controlmaster -k -S $H1 echo ::: a b
    assert_output "a
b"
}

@test "--sshdelay is accepted and the jobs all run" {
    need_sshd
    run --separate-stderr lanes --sshdelay 0.1 -k -S $H1 echo ::: a b
    assert_output "a
b"
}
