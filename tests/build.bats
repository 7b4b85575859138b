#!/usr/bin/env bats
# make install / make uninstall into a staging DESTDIR. These reuse the built src/lanes:
# `make -o src/lanes` never rebuilds it, whatever SANITIZE or flags the tests run with.

load test_helper

setup() {
    [ -x "$LANES" ] || skip "src/lanes is not built (run make)"
    [ -f "$LANES_ROOT/config.mk" ] || skip "config.mk missing (run make)"
    [ -f "$LANES_ROOT/man/lanes.1" ] || skip "man/lanes.1 is not written yet"
    STAGE="$BATS_TEST_TMPDIR/stage"
}

# make_in_tree TARGET [VAR=value ...]: run make in the source tree without rebuilding lanes.
make_in_tree() {
    run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        make -C "$LANES_ROOT" --no-print-directory -o src/lanes "$@"
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
}

@test "the installed lanes runs: --version prints the package version" {
    make_in_tree install DESTDIR="$STAGE" PREFIX=/usr
    assert_success
    version=$(sed -n 's/^PACKAGE_VERSION = //p' "$LANES_ROOT/config.mk")
    run "$STAGE/usr/bin/lanes" --version
    assert_success
    assert_output --partial "$version"
}

@test "make install defaults PREFIX to /usr/local" {
    grep -qx 'PREFIX ?= /usr/local' "$LANES_ROOT/config.mk" ||
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
    run find "$STAGE" -type f
    assert_output ""
}
