#!/usr/bin/env bats
# Differential tests for behaviours GNU parallel's own test suite showed lanes lacking: --onall
# and --nonall with no host, --retries 0, --wd on this machine, what --halt says, the
# completed-jobs count in Perl, and --eta's layout. Each case runs under GNU parallel and under
# lanes (compat_helper.bash) and compares stdout bytes and exit status; cases that look at
# stderr compare only the lines whose text GNU parallel fixes. No case asserts a duration.

load test_helper
load compat_helper

setup() {
    compat_setup
    compat_wrap
}

@test "compat: --onall and --nonall with no host run on this machine" {
    compat --onall 'echo v{}' ::: a b
    compat -k --tag --onall echo ::: a b
    compat --tag --nonall echo hi
    compat -q --nonall perl -le 'print scalar @ARGV' a b ''
    compat --nonall 'exit 3'
    compat --onall 'echo {}; exit {}' ::: 1 2
}

@test "compat: -N0 and -n0 append a blank but no argument; with -q not even that" {
    compat -q -N0 printf '[%s]' a b '' ::: 1
    compat -v -N0 echo a ::: 1 2
    compat -v -n0 echo a ::: 1
    compat -q -v -N0 echo a ::: 1 2
}
