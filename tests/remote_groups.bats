#!/usr/bin/env bats
# remote_groups: host groups (-S @g/login, -S @g, --hostgroups), logins from stdin (-S -,
# --slf -), --env _ and --record-env, against real OpenSSH servers on 127.0.0.1 and 127.0.0.2
# (tests/ssh_helper.bash), beside GNU parallel where the result is deterministic (stdout and
# exit status). Bad input needs no server. PARALLEL_HOME is a temporary directory: the real
# ~/.parallel is never read or written.

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
    export PARALLEL_HOME=$BATS_TEST_TMPDIR/home
    mkdir -p "$PARALLEL_HOME"
    LANES_BG=
}

teardown() {
    kill_leftovers
}

H1=127.0.0.1
H2=127.0.0.2

# same_as_gnu ARGS...: lanes and GNU parallel print the same stdout and exit the same; the
# output is left in $output.
same_as_gnu() {
    run --separate-stderr parallel "$@"
    local theirs=$output st=$status
    run --separate-stderr lanes "$@"
    [ "$status" = "$st" ] || fail "status $status, GNU parallel's $st; stderr: $stderr"
    [ "$output" = "$theirs" ] || fail "stdout '$output', GNU parallel's '$theirs'"
}

# ---------------------------------------------------------------- bad input

@test "a bad group in a login or a --sshloginfile line is a usage error naming it" {
    local v
    for v in '2/@g/host' '@/host' '@g+/host' '@+g/host' '@g++h/host' '@g h/host'; do
        run --separate-stderr lanes -S "$v" echo ::: a
        [ "$status" = 255 ] || fail "-S '$v': status $status"
        [[ $stderr == *"-S/--sshlogin: bad login '$v'"* ]] || fail "-S '$v': stderr '$stderr'"
        assert_output ""
    done
    printf 'host1\n@g+/host2\n' >hosts
    run --separate-stderr lanes --slf hosts echo ::: a
    assert_failure 255
    [[ $stderr == *"--sshloginfile 'hosts' line 2"*group* ]] || fail "stderr: $stderr"
    assert_output ""
}

@test "-S @group with no host in it is a usage error naming the group (GNU: cannot run any jobs)" {
    run --separate-stderr lanes -S @g1/host1 -S @g3 echo ::: a
    assert_failure 255
    [[ $stderr == *"-S/--sshlogin '@g3': no host is in that group"* ]] || fail "stderr: $stderr"
    assert_output ""
    run --separate-stderr lanes -S @g3 echo ::: a
    assert_failure 255
    assert_output ""
}

@test "--env _ without a recorded environment is a usage error naming --env and the file" {
    run --separate-stderr lanes --env _ echo ::: a
    assert_failure 255
    [[ $stderr == *"--env _"*"$PARALLEL_HOME/ignored_vars"*"--record-env"* ]] || fail "stderr: $stderr"
    assert_output ""
    refuses --env 'a-b' '_x-'
}

@test "--record-env writes the environment's names to \$PARALLEL_HOME/ignored_vars and exits 0" {
    export RECORDED_HERE=1
    run --separate-stderr lanes --record-env
    assert_success
    assert_output ""
    grep -qx RECORDED_HERE "$PARALLEL_HOME/ignored_vars"
    grep -qx PATH "$PARALLEL_HOME/ignored_vars"
    ! grep -q = "$PARALLEL_HOME/ignored_vars"
    PARALLEL_HOME=$BATS_TEST_TMPDIR/new/dir run --separate-stderr lanes --recordenv
    assert_success
    [ -f "$BATS_TEST_TMPDIR/new/dir/ignored_vars" ]
    : >ro && chmod 0444 ro
    PARALLEL_HOME=$BATS_TEST_TMPDIR/ro run --separate-stderr lanes --record-env
    assert_failure 255
    [[ $stderr == *"--record-env"*"ignored_vars"* ]] || fail "stderr: $stderr"
}

@test "--env _ with a record runs locally as without it" {
    lanes --record-env
    run --separate-stderr lanes -k --env _ echo ::: a b
    assert_success
    assert_output $'a\nb'
}

# ---------------------------------------------------------------- host groups

@test "--hostgroups: a value's @group picks its hosts and is cut off (as GNU parallel)" {
    need_sshd
    need_parallel
    same_as_gnu -k --hgrp -S @g1/$H1 -S @g2/$H2 'echo {} $PARALLEL_SSHHOST' \
        ::: a@g1 b@g2 c@g2+g3 d@g1 e@g3+g1
    assert_output "a $H1
b $H2
c $H2
d $H1
e $H1"
}

@test "--hostgroups: a host is in the group named as its login; a value without @ runs anywhere" {
    need_sshd
    need_parallel
    same_as_gnu -k --hostgroups -S $H1 -S 2/$H2 'echo {} $PARALLEL_SSHHOST' ::: a@$H2 b@$H1 c@$H2
    assert_output "a $H2
b $H1
c $H2"
    run --separate-stderr lanes -k --hgrp -S $H1,$H2 'echo {}' ::: x y@
    assert_success
    assert_output $'x\ny@'
}

@test "--hostgroups: the first value decides; every value loses its @group, --tag too" {
    need_sshd
    need_parallel
    same_as_gnu -k --tag --hgrp -S @g1/$H1 -S @g2/$H2 'echo {1} {2} $PARALLEL_SSHHOST' \
        ::: a@g2 ::: x@g1 y
    assert_output "a x	a x $H2
a y	a y $H2"
}

@test "--hostgroups: a group and N/ and a whole ssh command in one login" {
    need_sshd
    need_parallel
    same_as_gnu -k --hgrp -S @g1/2/$H1 -S "@g2+g3/ssh $H2" 'echo {} $PARALLEL_SSHLOGIN' \
        ::: a@g3 b@g1 c@g2
    assert_output "a ssh $H2
b $H1
c ssh $H2"
}

@test "--hostgroups: a group no host is in is added as a host, with a warning (as GNU parallel)" {
    need_sshd
    need_parallel
    same_as_gnu -k --hgrp -S @g1/$H1 'echo {} $PARALLEL_SSHHOST' ::: a@$H2 b@g1
    assert_output "a $H2
b $H1"
    [[ $stderr == *"no host is in group '$H2'"* ]] || fail "stderr: $stderr"
    run --separate-stderr lanes -k --hgrp -S @g1/$H1 'echo {}' ::: a@nosuch.invalid b@g1
    assert_failure 1
    assert_output "b"
    [[ $stderr == *"nosuch.invalid"* ]] || fail "stderr: $stderr"
}

@test "--hostgroups: \$PARALLEL_HOSTGROUPS and \$PARALLEL_ARGHOSTGROUPS there" {
    need_sshd
    run --separate-stderr lanes -k --hgrp -S @g1/$H1 -S $H2 \
        'echo {} $PARALLEL_HOSTGROUPS $PARALLEL_ARGHOSTGROUPS' ::: a@g1 b@$H2
    assert_success
    assert_output "a g1+$H1 g1
b $H2 $H2"
}

@test "without --hostgroups a value keeps its @; -S @group alone keeps that group's hosts" {
    need_sshd
    need_parallel
    same_as_gnu -k -S @g1/$H1 -S @g2/$H2 -S @g2 'echo {} $PARALLEL_SSHHOST' ::: a@g1 b
    assert_output "a@g1 $H2
b $H2"
    same_as_gnu -k -S @g1/$H1,@g2+g3/$H2 -S @g3 -S @g1 'echo {}' ::: a b
    assert_output $'a\nb'
}

@test "--sshloginfile lines with groups, and '@group' lines that keep only those hosts" {
    need_sshd
    need_parallel
    printf '# hosts\n@g1/%s\n@g2/1/%s\n@g2\n' $H1 $H2 >hosts
    same_as_gnu -k --slf hosts 'echo {} $PARALLEL_SSHHOST' ::: a b c
    assert_output "a $H2
b $H2
c $H2"
    printf '@g1/%s\n@g2/1/%s\n' $H1 $H2 >hosts
    same_as_gnu -k --hgrp --slf hosts 'echo {} $PARALLEL_SSHHOST' ::: a@g2 b@g1
    assert_output "a $H2
b $H1"
}

# ---------------------------------------------------------------- logins from stdin

@test "-S - and --slf - read the logins from stdin (as GNU parallel)" {
    need_sshd
    need_parallel
    local o
    for o in -S --slf; do
        printf '# c\n\n@g2/%s\n' $H2 >logins
        run --separate-stderr parallel -k --hgrp "$o" - 'echo {} $PARALLEL_SSHHOST' ::: a@g2 b <logins
        local theirs=$output
        run --separate-stderr lanes -k --hgrp "$o" - 'echo {} $PARALLEL_SSHHOST' ::: a@g2 b <logins
        assert_success
        assert_output "a $H2
b $H2"
        [ "$output" = "$theirs" ] || fail "$o -: GNU parallel printed '$theirs'"
    done
    run --separate-stderr lanes -k -S -,$H1 'echo {} $PARALLEL_SSHHOST' ::: a <<<"@g/$H1"
    assert_success
    assert_output "a $H1"
    run --separate-stderr lanes -S - echo ::: a <<<"0/$H1"
    assert_failure 255
    [[ $stderr == *"'-' line 1"* ]] || fail "stderr: $stderr"
}

# ---------------------------------------------------------------- --env _

@test "--env _ carries what is not in ignored_vars: variables and functions (as GNU parallel)" {
    need_sshd
    need_parallel
    export OLD_VAR=recorded
    lanes --record-env
    export OLD_VAR=changed NEW_VAR='a b $x "y"'
    f() { echo "in f: $1"; }
    export -f f
    same_as_gnu -k --env _ -S $H1 'echo "[$NEW_VAR][${OLD_VAR-unset}]"; f {}' ::: a
    assert_output "[a b \$x \"y\"][unset]
in f: a"
    run --separate-stderr lanes -k --env _ -S $H1 'echo $PARALLEL_SEQ {}' ::: a b
    assert_output $'1 a\n2 b'
}

@test "--onall with --hostgroups: every value on every host, values untouched (as GNU parallel)" {
    need_sshd
    need_parallel
    same_as_gnu --onall -k --hgrp -S @g1/$H1 -S @g2/$H2 'echo {}' ::: a@g1 b
    assert_output $'a@g1\nb\na@g1\nb'
}

@test "--hostgroups: a group whose hosts are all gone: its jobs run on any host, with a warning" {
    need_sshd
    run --separate-stderr lanes -k --hgrp --filter-hosts -S @g1/127.0.0.3 -S $H1 \
        'echo {} $PARALLEL_SSHHOST' ::: a@g1 b
    assert_success
    assert_output "a $H1
b $H1"
    [[ $stderr == *"--filter-hosts: dropping '127.0.0.3'"* ]] || fail "stderr: $stderr"
    [[ $stderr == *"no host of 'g1' can be reached: job 1 runs on any host"* ]] || fail "stderr: $stderr"
}

# ---------------------------------------------------------------- waiting aside

# A job that finishes only once the flag file exists (up to 5 s): a1 says whether it saw it.
# b1 makes the flag: it must start while a1 holds the only slot of group a.
AB_CMD='case {} in a1) i=0; while [ ! -e flag ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; [ -e flag ] && echo a1 saw the flag || echo a1 waited in vain; exit ${A1_EXIT:-0};; b1) touch flag; sleep ${B1_SLEEP:-0}; echo b1 {#};; *) echo {} {#};; esac'

@test "--hostgroups: a job whose hosts are busy waits aside; later jobs start elsewhere (as GNU parallel)" {
    need_sshd
    need_parallel
    same_as_gnu -k --hgrp --wd "$PWD" -S @a/1/$H1 -S @b/1/$H2 "$AB_CMD" ::: a1@a a2@a a3@a b1@b b2@b
    assert_success
    assert_output "a1 saw the flag
a2 2
a3 3
b1 4
b2 5"
    rm -f flag
    run --separate-stderr lanes --hgrp --wd "$PWD" -S @a/1/$H1 -S @b/1/$H2 "$AB_CMD" ::: a1@a a2@a b1@b
    assert_success
    [ "${lines[0]}" = "b1 3" ] || fail "b1 did not go first: $output"
    [ "${lines[1]}" = "a1 saw the flag" ] || fail "output: $output"
}

@test "--hostgroups: jobs waiting aside are not started once --halt stops the run; -k prints the rest" {
    need_sshd
    local h
    for h in soon now; do
        rm -f flag
        run --separate-stderr env A1_EXIT=1 B1_SLEEP=0.5 lanes -k --halt $h,fail=1 --hgrp --wd "$PWD" \
            --env A1_EXIT --env B1_SLEEP --joblog log -S @a/1/$H1 -S @b/1/$H2 "$AB_CMD" ::: a1@a a2@a b1@b
        assert_failure 1
        if [ $h = soon ]; then # GNU parallel 20221122 loses b1's output here
            assert_output "a1 saw the flag
b1 3"
        else
            assert_output "a1 saw the flag"
        fi
        ! grep -q 'a2' log || fail "--halt $h: a2 ran: $(cat log)"
    done
}

@test "--hostgroups: a job that fits nowhere yet still runs after the input has ended" {
    need_sshd
    run --separate-stderr lanes -k --hgrp -S @a/1/$H1 -S @b/2/$H2 'sleep 0.2; echo {} $PARALLEL_SSHHOST' \
        ::: a1@a a2@a a3@a b1@b
    assert_success
    assert_output "a1 $H1
a2 $H1
a3 $H1
b1 $H2"
}

# ---------------------------------------------------------------- group strings

@test "--plus {hgrp} and {agrp}: the host's groups and the job's, nothing without --hostgroups (as GNU parallel)" {
    need_sshd
    need_parallel
    # (GNU parallel's order of several groups changes from run to run: they are compared sorted)
    same_as_gnu -k --plus --hgrp -S @g1/$H1 -S $H2 \
        'printf "<%s>" {} {agrp} $(echo {hgrp} | tr + "\n" | sort); echo' ::: a@g1 b@$H2
    assert_output "<a><g1><$H1><g1>
<b><$H2><$H2>"
    run --separate-stderr lanes -k --plus --hgrp -S @g1/$H1 -S $H2 'echo {} {agrp} {hgrp}' ::: a b@g1
    assert_output "a g1+$H1+$H2 g1+$H1
b g1 g1+$H1"
}

@test "--plus {hgrp} and {agrp}: nothing at all without --hostgroups (as GNU parallel)" {
    need_sshd
    need_parallel
    same_as_gnu -k --plus -S @g1/$H1 'printf "<%s>" {} {agrp} {hgrp} x; echo' ::: a@g1 b
    assert_output "<a@g1><x>
<b><x>"
    same_as_gnu -k --plus 'printf "<%s>" {agrp} {hgrp} x; echo' ::: a
    assert_output "<x>"
}

@test "--hostgroups: jobs on this machine (:) get the group variables and strings (as GNU parallel)" {
    need_parallel
    same_as_gnu -k --plus --hgrp -S @g1/: \
        'echo {} {agrp} [$PARALLEL_ARGHOSTGROUPS] [$PARALLEL_SSHHOST] $(echo {hgrp} $PARALLEL_HOSTGROUPS | tr "+ " "\n\n" | sort)' \
        ::: a@g1 b@:
    assert_output "a g1 [g1] [:] : : g1 g1
b : [:] [:] : : g1 g1"
    run --separate-stderr lanes -k --plus --hgrp -S @g1/: 'echo {} {hgrp} $PARALLEL_HOSTGROUPS' ::: a@g1
    assert_output "a g1+: g1+:"
}

@test "--hostgroups: a host's groups hold its login with N/ and without" {
    need_sshd
    run --separate-stderr lanes -k --hgrp -S 2/$H1 'echo {} $PARALLEL_HOSTGROUPS' ::: a@2/$H1 b@$H1
    assert_success
    assert_output "a 2/$H1+$H1
b 2/$H1+$H1"
}

@test "--hostgroups without -S: this machine runs the jobs, a group named is added as a host (as GNU parallel)" {
    need_sshd
    need_parallel
    local o
    for o in --hostgroups --hgrp --hostgroup --hostgrp; do
        same_as_gnu -k "$o" 'echo {} $PARALLEL_SSHHOST' ::: a@$H1 b@: c
        assert_success
        assert_output "a $H1
b :
c :"
    done
    same_as_gnu -k --hgrp 'echo {}' ::: a@nosuch.invalid b
    assert_failure 1
    assert_output "b"
}

# ---------------------------------------------------------------- --slf read again

@test "--slf read again: a host whose line changes takes its new slot count" {
    need_sshd
    printf '1/%s\n' $H1 >hosts
    run --separate-stderr lanes -k --slf hosts 'case {} in 1) printf "3/%s\n" '$H1' >'"$PWD"'/hosts; echo 1;; *) touch '"$PWD"'/r{}; i=0; until [ -e '"$PWD"'/r2 ] && [ -e '"$PWD"'/r3 ] && [ -e '"$PWD"'/r4 ] || [ $i -ge 100 ]; do sleep 0.05; i=$((i+1)); done; [ $i -lt 100 ] && echo {} together || echo {} alone;; esac' ::: 1 2 3 4
    assert_success
    assert_output "1
2 together
3 together
4 together"
}

@test "--slf read again: a host whose line changes takes its new groups" {
    need_sshd
    printf '@g1/1/%s\n' $H1 >hosts
    run --separate-stderr lanes -k --hgrp --slf hosts 'case {} in 1) printf "@g2/1/%s\n" '$H1' >'"$PWD"'/hosts; echo 1;; *) echo {} $PARALLEL_SSHHOST $PARALLEL_HOSTGROUPS;; esac' ::: 1@g1 2@g2
    assert_success
    assert_output "1
2 $H1 g2+1/$H1+$H1"
    [[ $stderr != *"adding it as a host"* ]] || fail "stderr: $stderr"
}
