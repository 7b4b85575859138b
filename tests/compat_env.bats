#!/usr/bin/env bats
# Options from outside the command line, against GNU parallel (see compat_helper.bash): the
# config files, -J/--profile, --plain, $PARALLEL and how it is split, $PARALLEL_HOME and the
# other configuration directories. Each test has a HOME of its own: the real ~/.parallel is
# never read or written.

load test_helper
load compat_helper
bats_require_minimum_version 1.5.0

setup() {
    compat_setup
    compat_wrap
    export HOME=$COMPAT_DIR/.compat/home
    mkdir -p "$HOME/.parallel"
    touch "$HOME/.parallel/will-cite"
    unset PARALLEL_CSH XDG_CONFIG_HOME XDG_CONFIG_DIRS
    CONF=$HOME/.parallel
}

# ---------------------------------------------------------------- config files and profiles

@test "~/.parallel/config is read by default" {
    echo --tag >"$CONF/config"
    compat -k echo ::: a b # (-k: two jobs may end in either order)
}

@test "config: comment lines, several words a line, a value on the next line" {
    printf '# a comment\n  # another\n-k --tagstring\nT{}\n' >"$CONF/config"
    compat echo ::: a b
}

@test "--plain reads neither the config file nor \$PARALLEL" {
    echo --tag >"$CONF/config"
    PARALLEL=-v compat --plain echo ::: a
}

@test "-J name, -J ./file, -J /abs/file: a profile replaces the config file" {
    echo -v >"$CONF/config"
    echo --tag >"$CONF/tagged"
    echo --tag >./local
    compat -J tagged echo ::: named
    compat -J ./local echo ::: local
    compat -J "$PWD/local" echo ::: abs
}

@test "several -J: read in order, the later value wins" {
    printf -- '-k --tagstring A\n' >"$CONF/pa"
    printf -- '--tagstring B\n' >"$CONF/pb"
    compat -J pa -J pb echo ::: x y
    compat -J pb -J pa echo ::: x y
}

@test "a profile's words after its options go in front of the command" {
    printf -- '-k\necho\nfrom-profile\n' >"$CONF/pre"
    compat -J pre echo ::: a b
    PARALLEL='-k echo from-env' compat -J pre echo ::: a b
}

@test "profile, then \$PARALLEL, then the command line: a later value wins" {
    echo '-k --tagstring P' >"$CONF/config"
    compat echo ::: a
    PARALLEL='--tagstring E' compat echo ::: a
    PARALLEL='--tagstring E' compat --tagstring C echo ::: a
}

@test "\$PARALLEL_HOME: its config and ~/.parallel/config are both read" {
    mkdir -p ph
    echo --tag >"$CONF/config"
    echo -v >ph/config
    PARALLEL_HOME=$PWD/ph compat -k echo ::: a
}

@test "\$PARALLEL_HOME: -J name is read from it" {
    mkdir -p ph
    echo --tag >ph/prof
    PARALLEL_HOME=$PWD/ph compat -J prof echo ::: a
}

@test "\$XDG_CONFIG_HOME/parallel/config is read" {
    mkdir -p xdg/parallel
    echo --tag >xdg/parallel/config
    XDG_CONFIG_HOME=$PWD/xdg compat echo ::: a
}

# ---------------------------------------------------------------- $PARALLEL and its splitting

@test "\$PARALLEL starting with a blank" {
    PARALLEL=' -v' compat echo ::: 'space in envvar OK'
}

@test "\$PARALLEL: quotes and backslashes split as GNU parallel splits them" {
    PARALLEL="--tagstring 'x  y'" compat echo ::: a
    PARALLEL='--tagstring "a \"b\" c"' compat echo ::: a
    PARALLEL='--tagstring a\ \ b' compat echo ::: a
    PARALLEL="--tagstring 'a\\b'" compat echo ::: a
    PARALLEL="--tagstring 'it\\'s'" compat echo ::: a
    PARALLEL="--tagstring x'y z'\"w\"" compat echo ::: a
    PARALLEL="-k --tagstring ''" compat echo ::: a
    PARALLEL=$'-k\t--tag\n-v ' compat echo ::: a
}

@test "\$PARALLEL: bundled options, -l with its value as the next word, --" {
    PARALLEL='-kv' compat echo ::: a b
    PARALLEL='-k -l 2' compat echo ::: a b c
    PARALLEL='-k -- echo pre' compat echo ::: a b
    PARALLEL='-k' compat -- echo ::: a
}

@test "\$PARALLEL with --pipe --tee and ::: commands" {
    seq 100000 >in
    PARALLEL='-k --tee --pipe --tag' compat_stdin in 'echo {%};LC_ALL=C wc' ::: 1 2 ::: a b
}

@test "\$PARALLEL_HOME that does not exist is made, private, with its parents" {
    PARALLEL_HOME=$PWD/made/home/ run lanes echo ::: OK
    assert_success
    assert_output OK
    [ -d made/home ]
    assert_equal "$(stat -c %a made/home)" 700
}

@test "\$PARALLEL_HOME that cannot be made: a warning, and the run goes on" {
    touch afile
    PARALLEL_HOME=$PWD/afile/x run --separate-stderr lanes -k echo ::: should warn
    assert_success
    assert_output $'should\nwarn'
    [[ $stderr == *PARALLEL_HOME* ]] || fail "no warning: $stderr"
}

@test "~/.parallel is made when missing" {
    rm -rf "$HOME/.parallel"
    run lanes echo ::: a
    assert_success
    [ -d "$HOME/.parallel" ]
    assert_equal "$(stat -c %a "$HOME/.parallel")" 700
}

# ---------------------------------------------------------------- what GNU parallel ignores silently

@test "a -J profile that does not exist is a usage error naming it" {
    run --separate-stderr lanes -J nosuch echo ::: a
    assert_equal "$status" 255
    assert_output ""
    [[ $stderr == *"-J"*nosuch* ]] || fail "$stderr"
    run --separate-stderr lanes -J ./nosuch echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *./nosuch* ]] || fail "$stderr"
}

@test "a quote not closed in \$PARALLEL or a profile is a usage error naming it" {
    PARALLEL="-k 'echo" run --separate-stderr lanes echo ::: a
    assert_equal "$status" 255
    assert_output ""
    [[ $stderr == *'$PARALLEL'* ]] || fail "$stderr"
    PARALLEL='-k \' run --separate-stderr lanes echo ::: a
    assert_equal "$status" 255
    printf -- '-k\n--tagstring "x\n' >"$CONF/config"
    run --separate-stderr lanes echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *"$CONF/config"*"line 2"* ]] || fail "$stderr"
}

@test "an unknown option or a missing value in \$PARALLEL or a profile names where it is" {
    PARALLEL='-k --no-such-option' run --separate-stderr lanes echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *'$PARALLEL'*--no-such-option* ]] || fail "$stderr"
    PARALLEL='-k -j' run --separate-stderr lanes echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *'$PARALLEL'*-j* ]] || fail "$stderr"
    echo --bogus >"$CONF/p"
    run --separate-stderr lanes -J p echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *"$CONF/p"*--bogus* ]] || fail "$stderr"
    PARALLEL='-j x' run --separate-stderr lanes echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *-j*x* ]] || fail "$stderr"
}

@test "-J and --plain in \$PARALLEL do nothing, and a warning says so" {
    echo --tag >"$CONF/p"
    PARALLEL='-J p --plain' run --separate-stderr lanes echo ::: a
    assert_success
    assert_output a
    [[ $stderr == *-J*PARALLEL* && $stderr == *--plain* ]] || fail "$stderr"
    compat_status echo ::: a
    PARALLEL='-J p' compat echo ::: a
}

@test "--plain with -J: the profile is not read, and a warning says so" {
    echo --tag >"$CONF/p"
    run --separate-stderr lanes --plain -J p echo ::: a
    assert_success
    assert_output a
    [[ $stderr == *-J* ]] || fail "$stderr"
}

@test "a bad command line is reported as before, profiles or not" {
    echo -k >"$CONF/config"
    run --separate-stderr lanes --no-such-option echo ::: a
    assert_equal "$status" 255
    [[ $stderr == *--no-such-option* ]] || fail "$stderr"
}

@test "sem reads \$PARALLEL too" {
    PARALLEL='--id envtest' run lanes --semaphore --fg echo ok
    assert_success
    assert_output ok
}

@test "a config file that cannot be opened: a warning naming it, and the run goes on" {
    # A socket is there (stat sees it) but cannot be opened, even by root.
    python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
        "$CONF/config" || skip "cannot make a socket"
    run --separate-stderr lanes echo ::: a
    assert_success
    assert_output a
    [[ $stderr == *"$CONF/config"* ]] || fail "$stderr"
}

@test "a HOME that cannot be read: no config, no warning" {
    if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
        skip "needs root and setpriv to run as another user"
    fi
    chmod 700 "$HOME"
    run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
        env HOME="$HOME" "$LANES" echo ::: a
    assert_success
    assert_output a
    assert_equal "$stderr" ""
}

# ---------------------------------------------------------------- $PARALLEL_ENV

@test "\$PARALLEL_ENV: code run before each job, from the variable, a file or a fifo" {
    PARALLEL_ENV="v='OK as variable'" compat {} '$v' ::: echo
    echo "v='OK as file'" >envfile
    PARALLEL_ENV=$PWD/envfile compat {} '$v' ::: echo
    PARALLEL_ENV=$'f() { echo f$1; }\001g=2' compat -k 'f {}; echo $g' ::: a b
}

@test "\$PARALLEL_ENV from a fifo" {
    mkfifo fifo
    (echo "v='OK as fifo'" >fifo &) 2>/dev/null
    PARALLEL_ENV=$PWD/fifo run lanes {} '$v' ::: echo
    assert_success
    assert_output 'OK as fifo'
}

@test "\$PARALLEL_ENV: not in -v or --dry-run, not in the job's environment; sem uses it too" {
    PARALLEL_ENV="v=1" compat -v echo '$v' ::: a
    PARALLEL_ENV="v=1" compat --dry-run echo '$v' ::: a
    PARALLEL_ENV="x=1" compat printenv PARALLEL_ENV ::: a
    PARALLEL_ENV="v=sem" run lanes --semaphore --fg --id penv 'echo $v; printenv PARALLEL_ENV'
    assert_equal "$status" 1
    assert_output sem
}

@test "--no-keep-order undoes a -k from the config file" {
    echo -k >"$CONF/config"
    compat_pipe sort -j4 --no-keep-order 'sleep 0.{}; echo {}' ::: 3 2 1
    # Job 3 ends only once job 1 is reaped (its pid gone, not a zombie), and so printed: without
    # -k its output comes second, whatever the timing.
    run lanes -j4 --nok 'if [ {} = 3 ]; then
            while [ ! -s one ] || kill -0 "$(cat one)" 2>/dev/null; do sleep 0.01; done
        fi
        echo {}; [ {} = 3 ] || echo $$ >one' ::: 3 1
    assert_output $'1\n3'
    rm -f one
    compat -j4 'sleep 0.{}; echo {}' ::: 3 1
}
