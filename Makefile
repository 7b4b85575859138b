# Makefile for lanes (GNU make).
#
#   make                   build src/lanes (runs autoreconf -fi && ./configure first if needed)
#   make check             build lanes and the unit tests (tests/unit/), then run the bats tests
#                          (tests/run); TESTS=tests/x.bats for some
#   make check SANITIZE=1  the same with AddressSanitizer and UndefinedBehaviorSanitizer
#   make sanitize          clean, then check with SANITIZE=1
#   make bench             build, then run tests/bench/run
#   make install           PREFIX=/usr/local (default), DESTDIR for staging; make uninstall
#                          (installs lanes, its man page, and the link sem -> lanes)
#   make lint              clang-format (check only), cppcheck, clang-tidy if present, mandoc
#   make format            rewrite src/*.[ch] in place with clang-format (.clang-format)
#   make clean / distclean
#
# Variables: WERROR=1 turns warnings into errors (CI uses it); SANITIZE=1 as above; CC, CFLAGS,
# CPPFLAGS, LDFLAGS, LIBS come from config.mk (./configure) and may be overridden on the command
# line. Changing SANITIZE, WERROR or any flag rebuilds everything (see BUILD_STAMP).

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SUFFIXES:

BIN  := src/lanes
MAN  := man/lanes.1
SRCS := $(sort $(wildcard src/*.c))
HDRS := $(sort $(wildcard src/*.h))
OBJS := $(SRCS:.c=.o)
DEPS := $(SRCS:.c=.d)
BUILD_STAMP := src/build-flags.stamp

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
mandir ?= $(datarootdir)/man

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

.PHONY: all check sanitize bench install uninstall clean distclean lint format FORCE

all: $(BIN)

$(BIN): $(OBJS) $(BUILD_STAMP)
ifeq ($(SRCS),)
	$(error no C sources in src/: nothing to build)
endif
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

src/%.o: src/%.c $(BUILD_STAMP)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD_STAMP):
	$(file >$@,$(BUILD_FLAGS))

-include $(DEPS)

# Unit tests: tests/unit/NAME_test.c, linked with the objects it names here; tests/NAME.bats
# runs it. They are built with the flags of lanes itself (SANITIZE=1 too).
UNIT_BINS := tests/unit/value_test

tests/unit/value_test: tests/unit/value_test.c src/value.o src/util.o $(BUILD_STAMP)
	$(CC) $(ALL_CPPFLAGS) -Isrc $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< src/value.o src/util.o $(LIBS) -lm

# Bootstrap: a clean clone has neither configure nor config.mk.
configure: configure.ac
	autoreconf -fi

config.mk: configure config.mk.in
	if [ -f config.status ]; then ./config.status --recheck && ./config.status; \
	else ./configure; fi

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
	tests/run $(TESTS)

sanitize:
	$(MAKE) clean
	$(MAKE) SANITIZE=1 check

bench: all
	CC='$(CC)' bash tests/bench/run

install: all
	install -d '$(DESTDIR)$(bindir)' '$(DESTDIR)$(mandir)/man1'
	install -m 755 $(BIN) '$(DESTDIR)$(bindir)/lanes'
	install -m 644 $(MAN) '$(DESTDIR)$(mandir)/man1/lanes.1'
	ln -sf lanes '$(DESTDIR)$(bindir)/sem'

# sem is a link to lanes, which runs in semaphore mode when called by that name. It is
# removed only when it is that link (a GNU parallel's sem in bindir stays).
uninstall:
	rm -f '$(DESTDIR)$(bindir)/lanes' '$(DESTDIR)$(mandir)/man1/lanes.1'
	if [ "$$(readlink '$(DESTDIR)$(bindir)/sem')" = lanes ]; then \
		rm -f '$(DESTDIR)$(bindir)/sem'; fi

CPPCHECK_FLAGS := --error-exitcode=1 --quiet --std=c11 --language=c \
	--enable=warning,style,performance,portability --inline-suppr \
	--library=posix --library=bsd --suppress=missingIncludeSystem \
	-I src -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DLANES_VERSION='"0"'
TIDY_CHECKS := -*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling

lint:
	clang-format --dry-run --Werror $(SRCS) $(HDRS)
	cppcheck $(CPPCHECK_FLAGS) $(SRCS)
	@if command -v clang-tidy >/dev/null 2>&1; then \
		echo 'clang-tidy -checks=$(TIDY_CHECKS) $(SRCS)'; \
		clang-tidy --quiet -checks='$(TIDY_CHECKS)' --warnings-as-errors='*' $(SRCS) \
			-- -std=c11 $(ALL_CPPFLAGS); \
	else echo 'lint: clang-tidy is not installed; skipped'; fi
	mandoc -T lint -W warning $(MAN)

format:
	clang-format -i $(SRCS) $(HDRS)

clean:
	rm -f $(BIN) src/*.o src/*.d $(BUILD_STAMP) $(UNIT_BINS)
	rm -rf tests/bench/build
	rm -rf $(FUZZ_BUILD)

distclean: clean
	rm -f config.mk config.log config.status configure configure~ aclocal.m4
	rm -rf autom4te.cache

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
FUZZ_DIR := tests/fuzz
FUZZ_BUILD := $(FUZZ_DIR)/build
FUZZ_SRCS := $(sort $(wildcard $(FUZZ_DIR)/fuzz_*.c))
FUZZ_BINS := $(patsubst $(FUZZ_DIR)/%.c,$(FUZZ_BUILD)/%,$(FUZZ_SRCS))
FUZZ_LIB_OBJS := $(patsubst src/%.c,$(FUZZ_BUILD)/obj/%.o,$(filter-out src/main.c,$(SRCS))) \
	$(FUZZ_BUILD)/obj/harness.o
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

$(FUZZ_BUILD)/obj/%.o: src/%.c $(FUZZ_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

# The harness's own bookkeeping is no coverage for the fuzzer to chase.
$(FUZZ_BUILD)/obj/harness.o: $(FUZZ_DIR)/harness.c $(FUZZ_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -I$(FUZZ_DIR) \
		$(subst fuzzer-no-link$(comma),,$(FUZZ_CFLAGS)) -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/obj/%.o: $(FUZZ_DIR)/%.c $(FUZZ_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -Isrc -I$(FUZZ_DIR) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/obj/fuzz_%.o $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_LDFLAGS) -o $@ $^ $(LIBS)

# Reached through the pattern rule above, they would count as intermediate and be removed.
.SECONDARY: $(FUZZ_LIB_OBJS) $(patsubst $(FUZZ_BUILD)/%,$(FUZZ_BUILD)/obj/%.o,$(FUZZ_BINS))

-include $(wildcard $(FUZZ_BUILD)/obj/*.d)
