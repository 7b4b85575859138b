#!/usr/bin/env bats
# make install / make uninstall into a staging DESTDIR. These reuse the built src/lanes:
# `make -o src/lanes` never rebuilds it, whatever SANITIZE or flags the tests run with.

load test_helper

setup() {
    [ -x "$LANES" ] || skip "src/lanes is not built (run make)"
    [ -f "$LANES_BUILD/config.mk" ] || skip "config.mk missing (run make)"
    [ -f "$LANES_ROOT/man/lanes.1" ] || skip "man/lanes.1 is not written yet"
    STAGE="$BATS_TEST_TMPDIR/stage"
}

# make_in_tree TARGET [VAR=value ...]: run make in the source tree without rebuilding lanes.
make_in_tree() {
    run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        make -C "$LANES_BUILD" --no-print-directory -o src/lanes "$@"
}

@test "make install puts lanes and its man page under DESTDIR and PREFIX" {
    make_in_tree install DESTDIR="$STAGE" PREFIX=/usr
    assert_success
    assert [ -x "$STAGE/usr/bin/lanes" ]
    assert [ -f "$STAGE/usr/share/man/man1/lanes.1" ]
    assert_equal "$(stat -c %a "$STAGE/usr/bin/lanes")" 755
    assert_equal "$(stat -c %a "$STAGE/usr/share/man/man1/lanes.1")" 644
    cmp "$LANES" "$STAGE/usr/bin/lanes"
    cmp "$LANES_ROOT/man/lanes.1" "$STAGE/usr/share/man/man1/lanes.1"
    assert_equal "$(readlink "$STAGE/usr/share/man/man1/sem.1")" lanes.1
}

@test "make install puts the completions where bash, zsh and fish look, for lanes and sem" {
    make_in_tree install DESTDIR="$STAGE" PREFIX=/usr
    assert_success
    local bashdir zshdir=$STAGE/usr/share/zsh/vendor-completions
    local fishdir=$STAGE/usr/share/fish/vendor_completions.d
    bashdir=$STAGE$(make -C "$LANES_BUILD" --no-print-directory -s -f Makefile -f - PREFIX=/usr \
        print-bashcompdir <<<'print-bashcompdir: ; @echo $(bashcompdir)')
    [[ $bashdir == */bash-completion/completions ]] || fail "bash: $bashdir"
    cmp "$LANES_BUILD/completion/lanes.bash" "$bashdir/lanes"
    assert_equal "$(readlink "$bashdir/sem")" lanes
    cmp "$LANES_BUILD/completion/_lanes" "$zshdir/_lanes"
    cmp "$LANES_BUILD/completion/lanes.fish" "$fishdir/lanes.fish"
    assert_equal "$(readlink "$fishdir/sem.fish")" lanes.fish
    assert_equal "$(stat -c %a "$zshdir/_lanes")" 644
}

@test "configure: the bash completions go where bash-completion's pkg-config file says, for its prefix" {
    command -v pkg-config >/dev/null && pkg-config --exists bash-completion ||
        skip "bash-completion's pkg-config file is not installed"
    local dir
    dir=$(pkg-config --variable=completionsdir bash-completion)
    cd "$BATS_TEST_TMPDIR"
    run "$LANES_ROOT/configure" --prefix="$(pkg-config --variable=prefix bash-completion)"
    assert_success
    # configure wrote a Makefile here (an out-of-tree build): ask it.
    run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s -f Makefile -f - \
        print <<<'print: ; @echo $(bashcompdir)'
    assert_output "$dir"
    run "$LANES_ROOT/configure" --prefix=/opt/x
    assert_line 'configure: bash completions go in ${datadir}/bash-completion/completions'
}

@test "the installed lanes runs: --version prints the package version" {
    make_in_tree install DESTDIR="$STAGE" PREFIX=/usr
    assert_success
    version=$(sed -n 's/^PACKAGE_VERSION = //p' "$LANES_BUILD/config.mk")
    run "$STAGE/usr/bin/lanes" --version
    assert_success
    assert_output --partial "$version"
}

@test "make install defaults PREFIX to /usr/local" {
    grep -qx 'PREFIX ?= /usr/local' "$LANES_BUILD/config.mk" ||
        skip "configured with another --prefix"
    make_in_tree install DESTDIR="$STAGE"
    assert_success
    assert [ -x "$STAGE/usr/local/bin/lanes" ]
    assert [ -f "$STAGE/usr/local/share/man/man1/lanes.1" ]
}

@test "make uninstall removes what make install put there" {
    make_in_tree install DESTDIR="$STAGE" PREFIX=/opt/lanes
    assert_success
    assert [ -x "$STAGE/opt/lanes/bin/lanes" ]
    make_in_tree uninstall DESTDIR="$STAGE" PREFIX=/opt/lanes
    assert_success
    assert [ ! -e "$STAGE/opt/lanes/bin/lanes" ]
    assert [ ! -e "$STAGE/opt/lanes/share/man/man1/lanes.1" ]
    run find "$STAGE" ! -type d
    assert_output ""
}

@test "one version: configure.ac's is lanes --version's, debian/changelog's and the tarball's" {
    local v deb
    v=$(sed -n 's/^AC_INIT(\[lanes\],\[\([^]]*\)\].*/\1/p' "$LANES_ROOT/configure.ac")
    [ -n "$v" ] || fail "no version in configure.ac's AC_INIT"
    run lanes --version
    assert_output "lanes $v"
    deb=$(sed -n '1s/^lanes (\([^)]*\)).*/\1/p' "$LANES_ROOT/debian/changelog")
    assert_equal "$deb" "$v"
    git -C "$LANES_ROOT" rev-parse --git-dir >/dev/null 2>&1 ||
        skip "not a git checkout: make dist cannot run here (a release tarball)"
    cd "$BATS_TEST_TMPDIR"
    "$LANES_ROOT/configure" >/dev/null
    run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory dist
    assert_success
    assert_line "make dist: lanes-$v.tar.gz"
    run tar -tzf "lanes-$v.tar.gz"
    assert_line "lanes-$v/configure"
    assert_line "lanes-$v/configure.ac"
    assert_line "lanes-$v/debian/changelog"
    assert_line "lanes-$v/completion/gen.c"
    refute_line --regexp '\.o$|/src/lanes$|/config\.mk$'
}
