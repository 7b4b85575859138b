# Makefile for lanes (GNU make).
#
#   make                   build src/lanes (runs autoreconf -fi && ./configure first if needed)
#   make check             build lanes and the unit tests (tests/unit/), then run the bats tests
#                          (tests/run); TESTS=tests/x.bats for some
#   make check SANITIZE=1  the same with AddressSanitizer and UndefinedBehaviorSanitizer
#   make sanitize          clean, then check with SANITIZE=1
#   make bench             build, then run tests/bench/run
#   make install           PREFIX=/usr/local (default), DESTDIR for staging; make uninstall
#                          (installs lanes, its man page, the link sem -> lanes, and the bash,
#                          zsh and fish completions)
#   make dist              lanes-VERSION.tar.gz: the files git tracks, and configure
#   make distcheck         dist, then build it out of tree, check, install and uninstall it;
#                          DISTCHECK_TESTS=tests/x.bats... runs only those tests there
#   make lint              clang-format (check only), cppcheck, clang-tidy if present, mandoc
#   make format            rewrite src/*.[ch] in place with clang-format (.clang-format)
#   make clean / distclean
#
# Out of tree: mkdir build && cd build && ../configure && make (configure writes a Makefile
# there that sets srcdir and includes this one).
#
# Variables: WERROR=1 turns warnings into errors (CI uses it); SANITIZE=1 as above; CC, CFLAGS,
# CPPFLAGS, LDFLAGS, LIBS come from config.mk (./configure) and may be overridden on the command
# line. Changing SANITIZE, WERROR or any flag rebuilds everything (see BUILD_STAMP).

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SUFFIXES:

# srcdir is the source tree: "." here, or what the Makefile of an out-of-tree build sets (see
# build.mk.in). top is the prefix of a source file's path, topdir the same for a command.
srcdir ?= .
top := $(if $(filter .,$(srcdir)),,$(srcdir)/)
topdir := $(or $(top),./)

BIN  := src/lanes
MAN  := $(top)man/lanes.1
SRCS := $(sort $(wildcard $(top)src/*.c))
HDRS := $(sort $(wildcard $(top)src/*.h))
OBJS := $(patsubst $(top)src/%.c,src/%.o,$(SRCS))
DEPS := $(OBJS:.o=.d)
BUILD_STAMP := src/build-flags.stamp
# The completions: completion/gen writes each from its template and the option table.
COMPLETIONS := completion/lanes.bash completion/_lanes completion/lanes.fish
# lanes --shell-completion prints them: their bytes, built into lanes from this C file.
SCRIPTS_C := completion/scripts.c
SCRIPTS_O := completion/scripts.o

# Out of tree, the folders that the outputs go in.
ifneq ($(top),)
$(shell mkdir -p src tests/unit completion)
endif

# config.mk is needed by every goal except these; for them it is read only if it exists.
NOCONFIG_GOALS := clean distclean uninstall format
ifneq ($(filter-out $(NOCONFIG_GOALS),$(or $(MAKECMDGOALS),$(.DEFAULT_GOAL))),)
include config.mk
else ifneq ($(wildcard config.mk),)
include config.mk
endif

# Defaults for when config.mk is not read (clean, uninstall from a clean tree).
CC ?= cc
PREFIX ?= /usr/local
prefix ?= $(PREFIX)
exec_prefix ?= $(prefix)
bindir ?= $(exec_prefix)/bin
datarootdir ?= $(prefix)/share
datadir ?= $(datarootdir)
mandir ?= $(datarootdir)/man
bashcompdir ?= $(datadir)/bash-completion/completions
zshcompdir ?= $(datadir)/zsh/vendor-completions
fishcompdir ?= $(datadir)/fish/vendor_completions.d

WARNFLAGS := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wcast-qual -Wwrite-strings -Wvla -Wnull-dereference -Wimplicit-fallthrough
ifeq ($(WERROR),1)
WARNFLAGS += -Werror
endif

ifeq ($(SANITIZE),1)
OPTFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -O1 -g
else
OPTFLAGS := -O2 -g
endif

# What the C sources get: POSIX.1-2008 plus the glibc/BSD extras (_DEFAULT_SOURCE), never
# _GNU_SOURCE; LANES_VERSION is a string literal such as "0.1.0". No config.h.
LANES_CPPFLAGS := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DLANES_VERSION='"$(PACKAGE_VERSION)"'
ALL_CPPFLAGS = $(LANES_CPPFLAGS) $(CPPFLAGS)
ALL_CFLAGS = -std=c11 $(WARNFLAGS) $(OPTFLAGS) $(CFLAGS)

# BUILD_STAMP holds the compiler and flags of the last build; when they differ (SANITIZE=1 on or
# off, WERROR, CFLAGS=..., a new config.mk) it is rewritten, and everything that depends on it
# is rebuilt. It is only written when something is being built.
BUILD_FLAGS = $(CC) | $(ALL_CPPFLAGS) | $(ALL_CFLAGS) | $(LDFLAGS) | $(LIBS)
ifneq ($(BUILD_FLAGS),$(file <$(BUILD_STAMP)))
$(BUILD_STAMP): FORCE
endif

.PHONY: all check sanitize bench install uninstall clean distclean lint format dist distcheck FORCE

all: $(BIN) $(COMPLETIONS)

$(BIN): $(OBJS) $(SCRIPTS_O) $(BUILD_STAMP)
ifeq ($(SRCS),)
	$(error no C sources in src/: nothing to build)
endif
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(SCRIPTS_O) $(LIBS)

src/%.o: $(top)src/%.c $(BUILD_STAMP)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD_STAMP):
	$(file >$@,$(BUILD_FLAGS))

-include $(DEPS)

# Unit tests: tests/unit/NAME_test.c, linked with the objects it names here; tests/NAME.bats
# runs it. They are built with the flags of lanes itself (SANITIZE=1 too).
UNIT_BINS := tests/unit/value_test

tests/unit/value_test: $(top)tests/unit/value_test.c src/value.o src/util.o $(BUILD_STAMP)
	$(CC) $(ALL_CPPFLAGS) -I$(top)src $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< src/value.o src/util.o $(LIBS) -lm

# The completion scripts. gen is built with the compiler but without the flags of lanes (no
# sanitizer: it runs during the build, before make check decides on ASAN_OPTIONS), and so does
# not depend on BUILD_STAMP: the tests' make install, run beside each other with other flags,
# must not write it again while a test reads the scripts.
completion/gen: $(top)completion/gen.c $(top)src/optab.c $(top)src/optab.h
	$(CC) -std=c11 $(WARNFLAGS) -O2 -I$(top)src -o $@ $(top)completion/gen.c $(top)src/optab.c

completion/lanes.bash: $(top)completion/lanes.bash.in completion/gen
	completion/gen bash <$< >$@
completion/_lanes: $(top)completion/_lanes.in completion/gen
	completion/gen zsh <$< >$@
completion/lanes.fish: $(top)completion/lanes.fish.in completion/gen
	completion/gen fish <$< >$@

# Each script as an array of its bytes (od writes them in octal, sed makes C of them), named
# after its shell: complete_bash, complete_zsh, complete_fish (src/complete.h).
$(SCRIPTS_C): $(COMPLETIONS)
	{ echo '/* Made by make from $^: do not edit. */'; \
	echo '#include "complete.h"'; \
	for f in $^; do \
		case $$f in *.bash) n=bash ;; *.fish) n=fish ;; *) n=zsh ;; esac; \
		echo "const unsigned char complete_$$n[] = {"; \
		od -An -v -to1 $$f | sed 's/[0-7][0-7]*/0&,/g'; \
		echo "};"; \
		echo "const size_t complete_$${n}_size = sizeof complete_$$n;"; \
	done; } >$@

$(SCRIPTS_O): $(SCRIPTS_C) $(top)src/complete.h $(BUILD_STAMP)
	$(CC) $(ALL_CPPFLAGS) -I$(top)src $(ALL_CFLAGS) -c -o $@ $<

# Bootstrap: a clean clone has neither configure nor config.mk.
$(top)configure: $(top)configure.ac
	cd $(topdir) && autoreconf -fi

config.mk: $(top)configure $(top)config.mk.in
	if [ -f config.status ]; then ./config.status --recheck && ./config.status; \
	else $(topdir)configure; fi

# LeakSanitizer needs ptrace-like access that some containers deny; when it cannot run, leak
# checking is turned off (and said so) rather than failing every test. Prints 1 or 0.
define lsan_works
t=$$(mktemp -d) && printf 'int main(void) { return 0; }\n' >"$$t/p.c" && \
	$(CC) -fsanitize=address -o "$$t/p" "$$t/p.c" 2>/dev/null && \
	ASAN_OPTIONS=detect_leaks=1 "$$t/p" >/dev/null 2>&1 && echo 1 || echo 0; rm -rf "$$t"
endef

# The tests run without the outer make's MAKEFLAGS: lanes speaks the jobserver protocol and
# must not pick up the jobserver of the make that runs the tests. ASAN_OPTIONS and
# UBSAN_OPTIONS from the environment win over the defaults set here.
check: all $(UNIT_BINS)
	@set -e; \
	if [ '$(SANITIZE)' = 1 ]; then \
		if [ -z "$${ASAN_OPTIONS+set}" ]; then \
			leaks=$$($(lsan_works)); \
			[ "$$leaks" = 1 ] || echo "check: LeakSanitizer cannot run here; leak checks are off"; \
			ASAN_OPTIONS="abort_on_error=1:detect_leaks=$$leaks"; \
		fi; \
		UBSAN_OPTIONS="$${UBSAN_OPTIONS-print_stacktrace=1:halt_on_error=1:abort_on_error=1}"; \
		export ASAN_OPTIONS UBSAN_OPTIONS; \
		echo "check: ASAN_OPTIONS=$$ASAN_OPTIONS UBSAN_OPTIONS=$$UBSAN_OPTIONS"; \
	fi; \
	unset MAKEFLAGS MFLAGS MAKELEVEL; \
	LANES_BUILD='$(CURDIR)' $(top)tests/run $(foreach t,$(TESTS),$(if $(filter %.bats,$(t)),$(if $(wildcard $(t)),$(t),$(top)$(t)),$(t)))

sanitize:
	$(MAKE) clean
	$(MAKE) SANITIZE=1 check

bench: all
	CC='$(CC)' bash $(top)tests/bench/run

# The completions go where each shell looks: bashcompdir (configure asks bash-completion's
# pkg-config file when its prefix is ours), zshcompdir and fishcompdir. Each also completes sem.
install: all
	install -d '$(DESTDIR)$(bindir)' '$(DESTDIR)$(mandir)/man1' '$(DESTDIR)$(bashcompdir)' \
		'$(DESTDIR)$(zshcompdir)' '$(DESTDIR)$(fishcompdir)'
	install -m 755 $(BIN) '$(DESTDIR)$(bindir)/lanes'
	install -m 644 $(MAN) '$(DESTDIR)$(mandir)/man1/lanes.1'
	ln -sf lanes '$(DESTDIR)$(bindir)/sem'
	ln -sf lanes.1 '$(DESTDIR)$(mandir)/man1/sem.1'
	install -m 644 completion/lanes.bash '$(DESTDIR)$(bashcompdir)/lanes'
	ln -sf lanes '$(DESTDIR)$(bashcompdir)/sem'
	install -m 644 completion/_lanes '$(DESTDIR)$(zshcompdir)/_lanes'
	install -m 644 completion/lanes.fish '$(DESTDIR)$(fishcompdir)/lanes.fish'
	ln -sf lanes.fish '$(DESTDIR)$(fishcompdir)/sem.fish'

# sem is a link to lanes, which runs in semaphore mode when called by that name. It and its
# man page and completions are removed only when they are those links (a GNU parallel's sem in
# bindir stays).
uninstall_link = if [ "$$(readlink '$(DESTDIR)$(1)')" = '$(2)' ]; then rm -f '$(DESTDIR)$(1)'; fi
uninstall:
	rm -f '$(DESTDIR)$(bindir)/lanes' '$(DESTDIR)$(mandir)/man1/lanes.1' \
		'$(DESTDIR)$(bashcompdir)/lanes' '$(DESTDIR)$(zshcompdir)/_lanes' \
		'$(DESTDIR)$(fishcompdir)/lanes.fish'
	$(call uninstall_link,$(bindir)/sem,lanes)
	$(call uninstall_link,$(mandir)/man1/sem.1,lanes.1)
	$(call uninstall_link,$(bashcompdir)/sem,lanes)
	$(call uninstall_link,$(fishcompdir)/sem.fish,lanes.fish)

CPPCHECK_FLAGS := --error-exitcode=1 --quiet --std=c11 --language=c \
	--enable=warning,style,performance,portability --inline-suppr \
	--library=posix --library=bsd --suppress=missingIncludeSystem \
	-I src -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DLANES_VERSION='"0"'
TIDY_CHECKS := -*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling

lint:
	clang-format --dry-run --Werror $(SRCS) $(HDRS) $(top)completion/gen.c
	cppcheck $(CPPCHECK_FLAGS) $(SRCS) $(top)completion/gen.c
	@if command -v clang-tidy >/dev/null 2>&1; then \
		echo 'clang-tidy -checks=$(TIDY_CHECKS) $(SRCS)'; \
		clang-tidy --quiet -checks='$(TIDY_CHECKS)' --warnings-as-errors='*' $(SRCS) \
			-- -std=c11 $(ALL_CPPFLAGS); \
	else echo 'lint: clang-tidy is not installed; skipped'; fi
	mandoc -T lint -W warning $(MAN)

format:
	clang-format -i $(SRCS) $(HDRS) $(top)completion/gen.c

clean:
	rm -f $(BIN) src/*.o src/*.d $(BUILD_STAMP) $(UNIT_BINS) completion/gen $(COMPLETIONS) \
		$(SCRIPTS_C) $(SCRIPTS_O)
	rm -rf tests/bench/build
	rm -rf $(FUZZ_BUILD)

# What configure wrote. configure itself (and what autoreconf leaves) only goes in a git
# checkout, where make writes it again: in a release tarball it is part of the source. Out of
# tree the build folder is left empty.
distclean: clean
	rm -f config.mk config.log config.status
	if [ -e $(topdir).git ]; then \
		cd $(topdir) && rm -f configure configure~ aclocal.m4 && rm -rf autom4te.cache; fi
ifneq ($(top),)
	rm -f Makefile
	rmdir src tests/unit tests completion 2>/dev/null || :
endif

# make dist: lanes-VERSION.tar.gz holds the files git tracks (as they are in the working tree)
# and configure, made by autoreconf here so that the tarball needs only a shell, make and a C
# compiler. Each file keeps its time, so configure stays newer than configure.ac there.
DIST_NAME := lanes-$(PACKAGE_VERSION)
DIST_TARBALL := $(DIST_NAME).tar.gz

dist: $(top)configure
	@git -C $(topdir) rev-parse --git-dir >/dev/null 2>&1 || \
		{ echo 'make dist: needs a git checkout (it packs the files git tracks)' >&2; exit 1; }
	rm -rf $(DIST_NAME) $(DIST_TARBALL)
	mkdir $(DIST_NAME)
	git -C $(topdir) ls-files -z | (cd $(topdir) && xargs -0 cp -p --parents -t $(CURDIR)/$(DIST_NAME))
	cp -p $(top)configure $(DIST_NAME)/
	tar --sort=name --owner=0 --group=0 --numeric-owner -czf $(DIST_TARBALL) $(DIST_NAME)
	rm -rf $(DIST_NAME)
	@echo "make dist: $(DIST_TARBALL)"

# make distcheck: unpacks the tarball, builds it out of tree (build/ in it) with -Werror, runs
# make check there (DISTCHECK_TESTS, when set, names the tests to run), installs into a DESTDIR,
# runs the installed lanes, uninstalls, and fails when a file is left installed, when distclean
# leaves anything in build/, or when the build wrote into the source tree.
DISTCHECK_TESTS ?=
distcheck: dist
	@set -e; \
	d=$$(mktemp -d "$${TMPDIR:-/tmp}/lanes-distcheck.XXXXXX"); \
	trap 'chmod -R u+w "$$d"; rm -rf "$$d"' EXIT; \
	tar -xzf $(DIST_TARBALL) -C "$$d"; \
	src="$$d/$(DIST_NAME)" inst="$$d/inst"; \
	(cd "$$src" && find . | sort) >"$$d/before"; \
	chmod -R a-w "$$src"; chmod u+w "$$src"; mkdir "$$src/build"; chmod u-w "$$src"; \
	cd "$$src/build"; \
	echo "distcheck: ../configure && make in $$src/build"; \
	../configure --prefix=/usr/local; \
	$(MAKE) WERROR=1; \
	$(MAKE) check TESTS='$(DISTCHECK_TESTS)'; \
	$(MAKE) install DESTDIR="$$inst"; \
	bin=$$(find "$$inst" -path '*/bin/lanes' -type f); \
	if [ -z "$$bin" ]; then echo "distcheck: make install put no bin/lanes" >&2; exit 1; fi; \
	"$$bin" --version | grep -qx 'lanes $(PACKAGE_VERSION)'; \
	"$${bin%lanes}sem" --version >/dev/null; \
	$(MAKE) uninstall DESTDIR="$$inst"; \
	left=$$(find "$$inst" ! -type d); \
	if [ -n "$$left" ]; then echo "distcheck: left installed: $$left" >&2; exit 1; fi; \
	$(MAKE) distclean; \
	left=$$(find . -mindepth 1); \
	if [ -n "$$left" ]; then echo "distcheck: left by distclean: $$left" >&2; exit 1; fi; \
	cd "$$d"; chmod u+w "$$src"; rmdir "$$src/build"; \
	(cd "$$src" && find . | sort) >"$$d/after"; \
	if ! cmp -s "$$d/before" "$$d/after"; then \
		echo "distcheck: the build wrote into the source tree:" >&2; \
		diff "$$d/before" "$$d/after" >&2 || :; exit 1; fi; \
	echo "distcheck: $(DIST_TARBALL) is ready"

# Fuzzing (tests/fuzz/, see README.md): every tests/fuzz/fuzz_NAME.c is a libFuzzer target
# linked with the lanes sources but src/main.c. They are built with clang into tests/fuzz/build/,
# apart from the objects of the normal build, so the two never mix.
#
#   make fuzz-build                   build them
#   make fuzz [FUZZ_SECONDS=60]       build, then run each that long (FUZZ_TARGETS=NAME... for some)
FUZZ_CC ?= clang
comma := ,
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FUZZ_DIR := $(top)tests/fuzz
FUZZ_BUILD := tests/fuzz/build
FUZZ_SRCS := $(sort $(wildcard $(FUZZ_DIR)/fuzz_*.c))
FUZZ_BINS := $(patsubst $(FUZZ_DIR)/%.c,$(FUZZ_BUILD)/%,$(FUZZ_SRCS))
FUZZ_LIB_OBJS := $(patsubst $(top)src/%.c,$(FUZZ_BUILD)/obj/%.o,$(filter-out $(top)src/main.c,$(SRCS))) \
	$(FUZZ_BUILD)/obj/harness.o $(FUZZ_BUILD)/obj/scripts.o
FUZZ_CFLAGS := -std=c11 $(filter-out -Wmissing-prototypes,$(WARNFLAGS)) -g -O1 \
	-fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined -DBLOCK_READ_SIZE=512 -DINPUT_READ_SIZE=512 \
	-DFUZZ_REGEX_LIMITS
# harness.c stands in for util_die (and tracks streams) through the linker's --wrap.
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined \
	-Wl,--wrap=util_die,--wrap=util_die_errno,--wrap=fopen,--wrap=fdopen,--wrap=fclose
FUZZ_STAMP := $(FUZZ_BUILD)/flags.stamp
FUZZ_FLAGS = $(FUZZ_CC) | $(ALL_CPPFLAGS) | $(FUZZ_CFLAGS) | $(FUZZ_LDFLAGS) | $(LIBS)
ifneq ($(FUZZ_FLAGS),$(file <$(FUZZ_STAMP)))
$(FUZZ_STAMP): FORCE
endif

.PHONY: fuzz fuzz-build

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	FUZZ_SECONDS='$(FUZZ_SECONDS)' bash $(FUZZ_DIR)/run $(FUZZ_TARGETS)

$(FUZZ_STAMP):
	$(shell mkdir -p $(@D))$(file >$@,$(FUZZ_FLAGS))

$(FUZZ_BUILD)/obj/%.o: $(top)src/%.c $(FUZZ_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

# The harness's own bookkeeping is no coverage for the fuzzer to chase.
$(FUZZ_BUILD)/obj/harness.o: $(FUZZ_DIR)/harness.c $(FUZZ_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -I$(FUZZ_DIR) \
		$(subst fuzzer-no-link$(comma),,$(FUZZ_CFLAGS)) -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/obj/scripts.o: $(SCRIPTS_C) $(FUZZ_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -I$(top)src $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/obj/%.o: $(FUZZ_DIR)/%.c $(FUZZ_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -I$(top)src -I$(FUZZ_DIR) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/obj/fuzz_%.o $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_LDFLAGS) -o $@ $^ $(LIBS)

# Reached through the pattern rule above, they would count as intermediate and be removed.
.SECONDARY: $(FUZZ_LIB_OBJS) $(patsubst $(FUZZ_BUILD)/%,$(FUZZ_BUILD)/obj/%.o,$(FUZZ_BINS))

-include $(wildcard $(FUZZ_BUILD)/obj/*.d)
