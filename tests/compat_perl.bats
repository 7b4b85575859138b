#!/usr/bin/env bats
# Differential tests (see compat_helper.bash) for the replacement strings that run Perl:
# {= perl =}, {=N perl =}, @arg, the helper functions, skip(), uq(), --rpl (with groups and
# positions, and the definitions man parallel gives), --parens, --plus {uniq} and {choose_k}.
# Same stdout and exit status as GNU parallel; every case is deterministic there (-k, -j1).

load test_helper
load compat_helper
bats_require_minimum_version 1.5.0

setup() {
    compat_setup
}

@test "{= =} as man parallel shows it" {
    compat -k echo {} + 1 is {= '$_++' =} ::: 1 2 3
    compat -k echo job {#} of {= '$_=total_jobs()' =} ::: a b c
}

@test "{= =} with Q() and a csh-free shell" {
    compat -k echo {= '$_="mkdir ".Q($_)' =} ::: '12" dir' "a'b" plain ''
}

@test "{=N =} and negative positions" {
    compat -k echo '{=2 s/c/C/ =}' '{=-1 $_=uc =}' '{=1 $_.="!" =}' ::: a b ::: c d
}

@test "@arg, seq() and total_jobs() with several sources" {
    compat -k -j1 echo '{= $_="@arg" =}' '{=1 $_=seq()."/".total_jobs() =}' ::: a b ::: c d
}

@test "uq() and a value holding shell syntax" {
    compat -k echo '{= $_.=";echo uq"; uq() =}' ::: a b
    compat -k echo '{= $_.=";echo quoted" =}' ::: a '$(id)' "x'y"
}

@test "skip(): output, exit status and --dry-run" {
    compat -k echo {#} {= 'skip() if /b/' =} ::: a b c
    compat -k echo {= 'skip()' =} ::: a b c
    compat -k --tag echo {= 'skip() if /a/' =} ::: a b c
    compat --dry-run -k echo {= 'skip() if /b/' =} ::: a b c
}

@test "a skipped job in the job log" {
    compat_post "$JOBLOG" -k --joblog jl echo {= 'skip() if /b/' =} ::: a b c
}

@test "--plus {uniq} and {choose_k}" {
    compat --plus -k echo {uniq} ::: A B C ::: A B C
    compat --plus -k echo {choose_k} ::: A B C D ::: A B C D ::: A B C D
    compat --plus -k -N3 echo {uniq} ::: A B A C D E
}

@test "--rpl: man parallel's examples" {
    compat -k --rpl '{odd} $_ = seq() % 2 ? "odd" : "even"' echo {odd} ::: a b c
    compat -k --rpl '{#0} $_ = seq() - 1' echo {#0} ::: a b
    compat -k --rpl '{:} s:(\.[^/]+)*$::' echo {:} ::: a.tar.gz b
    compat -k --rpl '{%(.*?)} s/$$1//' echo {%.tar.gz} ::: my.tar.gz
    compat -k --rpl '{:%(.+?)} s:$$1(\.[^/]+)*$::' echo {:%_file} ::: my_file.tar.gz
    compat -k -n3 --rpl '{/:%(.*?)} s:.*/(.*)$$1(\.[^/]+)*$:$1:' \
        echo job {#}: {2} {2.} {3/:%_1} ::: a/b.c c/d.e f/g_1.h.i
    compat -k --rpl '{/(.+?)/(.*?)} s/$$1/$$2/;' \
        echo {/replacethis/withthis} {/b/C} ::: a_replacethis_b
    compat -k --rpl '{(.*?)/(.*?)} $_="$$2$_$$1"' echo {swap/these} ::: -middle-
}

@test "--rpl: positional use and a leading number" {
    compat -k --rpl '{U} $_=uc' echo {U} {2U} {-1U} ::: a b ::: c
    compat -k -j1 -X --rpl '{first} 1 $_=uc' echo {first} {} ::: a b c
    compat -k --rpl '{.} s/a/A/' echo {.} ::: a.b
}

@test "--parens" {
    compat -k --parens ,,,, echo foo is ,,s/I/O/g,, ::: FII
    compat -k --parens '[[]]' echo '[[$_=uc]]' '{= not perl =}' ::: a
}

@test "{= =} in --tagstring" {
    compat -k --tagstring '{= $_=uc =}' echo ::: a b
}

@test "a Perl syntax error: exit 255, nothing run" {
    compat_status -k echo '{= $_ = ( =}' ::: a
}

@test "GNU parallel's functions that expressions use: ::dirname, ::shell_quote, the job queue" {
    compat --rpl '%' --rpl '%D $_=::shell_quote(::dirname($_));' --rpl '%B s:.*/::;s:\.[^/.]+$::;' \
        'echo {}=%;echo %D={//};echo %B={/.}' ::: 'a b/c.d/e.f'
    compat -k 'echo {= $::G++ > 1 and ($_=$Global::JobQueue->total_jobs()) =}' ::: 1 2 3 4
    compat -k --rpl '{%(.+?)} $nongreedy=::make_regexp_ungreedy($$1); s/(.*)$nongreedy$/$1/;' \
        echo '{%.z.*z}' ::: foo.z.z.z
}

@test "{=name perl =} with --header, and -N0's one empty value" {
    compat -k --header : echo '{=h2 $_=uc =}' '{=h1 $_.="!" =}' ::: h1 a b ::: h2 c
    compat -k -N0 echo '{= $_="x" =}' ::: 1 2
}
