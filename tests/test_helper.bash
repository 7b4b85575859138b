# Shared setup for every tests/*.bats file: `load test_helper` at the top of the file.
#
# - loads bats-support and bats-assert (Debian packages bats-support, bats-assert);
# - puts the freshly built src/ first on PATH, so `lanes` is the binary under test;
# - LANES is that binary's path, LANES_ROOT the top of the source tree;
# - makes ~/.parallel/will-cite exist so GNU parallel never asks for a citation;
# - need_parallel: skips the test, with a note, when GNU parallel is not installed.

for lib in bats-support bats-assert; do
    if [ ! -f "/usr/lib/bats/$lib/load.bash" ]; then
        echo "test_helper: /usr/lib/bats/$lib/load.bash missing (apt-get install $lib)" >&2
        return 1
    fi
    load "/usr/lib/bats/$lib/load.bash"
done
unset lib

LANES_ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
LANES="$LANES_ROOT/src/lanes"
PATH="$LANES_ROOT/src:$PATH"
export LANES_ROOT LANES PATH

mkdir -p "$HOME/.parallel" 2>/dev/null || :
touch "$HOME/.parallel/will-cite" 2>/dev/null || :

# need_parallel: skip this test unless GNU parallel (not moreutils' parallel) is on PATH. The
# answer is kept for the whole bats run: `parallel --version` costs a Perl start-up.
need_parallel() {
    local mark="${BATS_RUN_TMPDIR:-}/gnu-parallel" state
    if [ -n "${BATS_RUN_TMPDIR:-}" ] && [ -f "$mark" ]; then
        state=$(<"$mark")
    elif ! command -v parallel >/dev/null 2>&1; then
        state=missing
    elif parallel --version 2>/dev/null </dev/null | grep -q '^GNU parallel'; then
        state=gnu
    else
        state=other
    fi
    # Written whole under another name and renamed, so a test running beside this one
    # (tests/run -j) never reads a half-written answer.
    if [ -n "${BATS_RUN_TMPDIR:-}" ]; then
        printf '%s\n' "$state" >"$mark.$BASHPID" && mv -f "$mark.$BASHPID" "$mark"
    fi
    case $state in
    gnu) ;;
    missing) skip "GNU parallel is not installed (apt-get install parallel)" ;;
    *) skip "parallel on PATH is not GNU parallel (apt-get install parallel)" ;;
    esac
}
