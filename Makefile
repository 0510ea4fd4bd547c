# cutover — build, test, demo, install.
#
#   make            build build/cutover
#   make test       unit tests (cmocka, TAP) and CLI tests (prove)
#   make demo       a rehearsal of the bundled Bắc Ninh runbook -> output/
#   make render-check   the demo's HTML printed to PDF by headless Chromium
#   make asan       the whole test suite under AddressSanitizer + UBSan
#   make po         re-extract po/cutover.pot, merge it into po/*.po
#   make install    PREFIX=/usr/local DESTDIR=
#
# Missing Debian packages are installed by scripts/install-deps.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
# Not a setting: the binary looks for its catalogues in ../share/locale
# from the folder it runs from (engine/i18n.c).
LOCALEDIR = $(PREFIX)/share/locale
DESTDIR ?=
BUILD ?= build
# The build folder by its path from here, even when given absolute
# (t0005 runs make install in the folder of the binary under test): the
# dependency files name their targets one way, and an object named the
# other way would miss its headers, or be rebuilt, and the binary relinked,
# under tests that run it.
override BUILD := $(patsubst $(CURDIR)/%,%,$(BUILD))
CC ?= cc

PKGS = lua5.4 yaml-0.1 sqlite3 libgit2 libsodium libcmark-gfm libcurl cmocka \
	libmicrohttpd

# Recursive on purpose: pkg-config is asked only after $(DEPS_STAMP) ran.
# cmark-gfm's extensions and libunistring ship no pkg-config file.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lcmark-gfm-extensions -lunistring

WARNINGS = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wvla -Wwrite-strings -Wpointer-arith
OPT ?= -O2 -g
SAN ?=
override CFLAGS += -std=c11 -D_GNU_SOURCE -pthread $(OPT) $(WARNINGS) $(SAN) -Iengine
override LDFLAGS += -pthread $(SAN)

ENGINE_SRCS = $(filter-out engine/main.c,$(wildcard engine/*.c)) \
	$(wildcard engine/web/*.c)
CMD_SRCS = $(wildcard engine/cmd/*.c)
ENGINE_OBJS = $(ENGINE_SRCS:engine/%.c=$(BUILD)/engine/%.o)
CMD_OBJS = $(CMD_SRCS:engine/cmd/%.c=$(BUILD)/engine/cmd/%.o)
MAIN_OBJ = $(BUILD)/engine/main.o
BIN = $(BUILD)/cutover

UNIT_TEST_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_TESTS = $(UNIT_TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

DEPS_STAMP = $(BUILD)/.deps-ok

# Message catalogues, compiled beside the binary (build/locale/), where
# the binary looks first: tests need no `make install`.
LINGUAS = vi
MO_FILES = $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/cutover.mo)

all: $(BIN) $(MO_FILES)

# install-deps asks dpkg for each package and installs only what is missing.
$(DEPS_STAMP): scripts/install-deps tests/web/package-lock.json
	@mkdir -p $(BUILD)
	@scripts/install-deps
	@touch $@

$(BUILD)/engine/%.o: engine/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

# The completion scripts are shell files (engine/cmd/completion.*),
# compiled in as C strings.
GEN = $(BUILD)/gen
$(GEN)/completion_scripts.h: engine/cmd/completion.bash engine/cmd/completion.zsh
	@mkdir -p $(dir $@)
	@for f in bash zsh; do \
		echo "static const char completion_$$f[] ="; \
		sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' \
			-e 's/$$/\\n"/' engine/cmd/completion.$$f; \
		printf "\t;\n"; \
	done >$@.tmp && mv $@.tmp $@
$(BUILD)/engine/cmd/completion.o: $(GEN)/completion_scripts.h
$(BUILD)/engine/cmd/completion.o: override CFLAGS += -I$(GEN)

$(BIN): $(MAIN_OBJ) $(CMD_OBJS) $(ENGINE_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

# Each unit test links the engine objects but main; the linker keeps
# what the test uses, so the archive spares tests of unrelated modules.
$(BUILD)/libcutover.a: $(ENGINE_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcutover.a | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LDFLAGS) $(BUILD)/libcutover.a $(PKG_LIBS) -lm

$(BUILD)/locale/%/LC_MESSAGES/cutover.mo: po/%.po | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# po/cutover.pot from the messages marked in engine/, merged into po/*.po.
po:
	scripts/update-po

unit-tests: $(UNIT_TESTS)

# Ends with how many CLI tests were skipped and why (scripts/test-skips);
# with CI set, a test whose prerequisite scripts/install-deps installs
# fails instead of skipping (tests/cli/lib.sh).
test: all unit-tests
	@rm -f $(BUILD)/test-skips; \
	CMOCKA_MESSAGE_OUTPUT=TAP prove --exec '' $(UNIT_TESTS) && \
	CUTOVER=$(abspath $(BIN)) CUTOVER_TEST_SKIPS=$(abspath $(BUILD))/test-skips \
		prove -j2 tests/cli/t*.sh; \
	status=$$?; scripts/test-skips $(BUILD)/test-skips; exit $$status

# The test suite again, under AddressSanitizer and UBSan, in its own tree;
# tests/lsan.supp names the leaks of Debian's libraries it does not count.
asan:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) BUILD=build/asan OPT='-O1 -g -fno-omit-frame-pointer' \
		SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' test

demo: all
	@scripts/demo $(abspath $(BIN))

# The demo's HTML reports printed to PDF by headless Chromium (skipped,
# with a message, when Chromium is not installed).
render-check: demo
	@scripts/render-check

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/vi/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/cutover
	install -m 644 docs/cutover.1 $(DESTDIR)$(MANDIR)/man1/cutover.1
	install -m 644 docs/cutover.vi.1 $(DESTDIR)$(MANDIR)/vi/man1/cutover.1
	install -m 644 docs/man/cutover-*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 docs/man/vi/cutover-*.1 $(DESTDIR)$(MANDIR)/vi/man1/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/vendor-completions
	$(BIN) completion bash \
		>$(DESTDIR)$(PREFIX)/share/bash-completion/completions/cutover
	$(BIN) completion zsh \
		>$(DESTDIR)$(PREFIX)/share/zsh/vendor-completions/_cutover
	for l in $(LINGUAS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/cutover.mo \
			$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/cutover.mo || exit 1; \
	done

clean:
	rm -rf build

.PHONY: all test unit-tests asan demo render-check install clean po
.SECONDARY:

-include $(ENGINE_OBJS:.o=.d) $(CMD_OBJS:.o=.d) $(MAIN_OBJ:.o=.d)

# Targets that live beside what they run: fuzzing, leak checks.
-include tests/fuzz/fuzz.mk tests/leakcheck.mk
