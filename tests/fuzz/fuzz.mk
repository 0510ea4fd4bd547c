# tests/fuzz/fuzz.mk -- fuzzing, included by the Makefile.
#
#   make fuzz [FUZZ_SECONDS=30] [FUZZ_HARNESSES='csv time']
#	Builds each harness tests/fuzz/fuzz_NAME.c with clang and libFuzzer,
#	AddressSanitizer and UBSan, against the engine compiled the same way
#	(all in build/fuzz/), and runs each for FUZZ_SECONDS seconds from its
#	seeds (tests/fuzz/corpus/NAME) and kept crashes
#	(tests/fuzz/regressions/NAME).  What it learns stays in
#	build/fuzz/corpus/NAME; a crash is written to build/fuzz/crashes/NAME/
#	and makes the target fail once every harness has run.  Keep each
#	crash, minimised (build/fuzz/fuzz_NAME -minimize_crash=1
#	-runs=10000 FILE), in tests/fuzz/regressions/NAME/.
#
#   make fuzz-replay
#	Builds the same harnesses with $(CC) and tests/fuzz/replay.c in place
#	of libFuzzer, against the objects of $(BUILD), and runs each over its
#	seeds and kept crashes: the regression cases of every compiler.  Under
#	the sanitizers: make fuzz-replay BUILD=build/asan OPT='-O1 -g'
#	SAN='-fsanitize=address,undefined -fno-sanitize-recover=all'.

FUZZ_HARNESSES ?= script units yaml csv time escape mail sanitize luasrc tzif \
	web note pubrow
FUZZ_SECONDS ?= 30
FUZZ_CC ?= clang
FUZZ_DIR = build/fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
	$(FUZZ_SAN) -Iengine -Itests/fuzz
# libFuzzer's own limits: an input that runs 5 s is a hang (kept as a
# timeout-* file, where the runbook watchdog, at 10 s of CPU, would end
# the process without saying which input), beyond 2 GB of memory a crash.
FUZZ_RUN_FLAGS = -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
# A runbook can spend its whole instruction budget on costly calls
# (string.rep of megabytes): slow by design, stopped by the watchdog in the
# CLI.  The script harness runs in fork mode and goes on past such inputs;
# they are kept and listed, and fail nothing.  A crash still stops it.
FUZZ_FLAGS_script = -fork=1 -ignore_timeouts=1
# Seeds beyond tests/fuzz/corpus/NAME: the test data the parser already
# reads elsewhere (folders; other files in them are just more inputs).
FUZZ_SEEDS_script = tests/data/cli tests/data/script tests/data/roster \
	tests/data/issue tests/data/load
FUZZ_SEEDS_units = tests/data/units tests/data/cli/units tests/data/roster
FUZZ_SEEDS_yaml = tests/data/units tests/data/roster
FUZZ_SEEDS_csv = tests/data/roster runbooks/samples
FUZZ_SEEDS_luasrc = runbooks tests/data/cli tests/data/script
# The web harness runs a server in threads of its own and writes to a
# workspace: one input at a time, in one process.
FUZZ_FLAGS_web = -timeout=40
FUZZ_ENGINE_OBJS = $(ENGINE_SRCS:engine/%.c=$(FUZZ_DIR)/engine/%.o)
FUZZ_HARNESS_SRCS = tests/fuzz/fuzz_util.c tests/fuzz/fuzz.h
FUZZ_REPLAY_DIR = $(BUILD)/fuzz-replay

$(FUZZ_DIR)/engine/%.o: engine/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) \
		-MMD -MP -c -o $@ $<

$(FUZZ_DIR)/libcutover.a: $(FUZZ_ENGINE_OBJS)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HARNESS_SRCS) \
		$(FUZZ_DIR)/libcutover.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(WARNINGS) -fsanitize=fuzzer $(PKG_CFLAGS) \
		-o $@ $< tests/fuzz/fuzz_util.c $(FUZZ_DIR)/libcutover.a \
		$(PKG_LIBS) -lm

# The folders harness $(1) starts from: its seeds, the data it reads
# elsewhere, its kept crashes (when there are any).
fuzz_inputs = tests/fuzz/corpus/$(1) $(wildcard $(FUZZ_SEEDS_$(1)) \
	tests/fuzz/regressions/$(1))

# One harness's run, as a piece of shell that sets status=1 on a crash.
define fuzz_run
mkdir -p $(FUZZ_DIR)/corpus/$(1) $(FUZZ_DIR)/crashes/$(1); \
echo "fuzz: $(1) for $(FUZZ_SECONDS) s (log: $(FUZZ_DIR)/$(1).log)"; \
if $(FUZZ_DIR)/fuzz_$(1) $(FUZZ_RUN_FLAGS) $(FUZZ_FLAGS_$(1)) \
	$(if $(wildcard tests/fuzz/$(1).dict),-dict=tests/fuzz/$(1).dict) \
	-max_total_time=$(FUZZ_SECONDS) \
	-artifact_prefix=$(FUZZ_DIR)/crashes/$(1)/ \
	$(FUZZ_DIR)/corpus/$(1) $(call fuzz_inputs,$(1)) \
	>$(FUZZ_DIR)/$(1).log 2>&1; then \
	grep -E '^#[0-9]+' $(FUZZ_DIR)/$(1).log | tail -1 | \
		sed 's/^/fuzz: $(1): /'; \
	slow=$$(ls $(FUZZ_DIR)/crashes/$(1) | grep -c '^timeout-'); \
	test "$$slow" = 0 || echo "fuzz: $(1): $$slow slow inputs (over 5 s)" \
		"kept in $(FUZZ_DIR)/crashes/$(1)/"; \
else \
	status=1; \
	grep -E -A30 '^==[0-9]+==|^fuzz: |^SUMMARY|^ALARM|^cutover: ' \
		$(FUZZ_DIR)/$(1).log | head -60; \
	echo "fuzz: $(1): FOUND A CRASH, see $(FUZZ_DIR)/crashes/$(1)/"; \
fi;
endef

fuzz: $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/fuzz_%)
	@status=0; \
	$(foreach h,$(FUZZ_HARNESSES),$(call fuzz_run,$(h))) \
	exit $$status

$(FUZZ_REPLAY_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HARNESS_SRCS) \
		tests/fuzz/replay.c $(BUILD)/libcutover.a | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/fuzz -o $@ $< \
		tests/fuzz/fuzz_util.c tests/fuzz/replay.c $(LDFLAGS) \
		$(BUILD)/libcutover.a $(PKG_LIBS) -lm

fuzz-replay: $(FUZZ_HARNESSES:%=$(FUZZ_REPLAY_DIR)/fuzz_%)
	@set -e; $(foreach h,$(FUZZ_HARNESSES), \
		$(FUZZ_REPLAY_DIR)/fuzz_$(h) $(call fuzz_inputs,$(h));)

.PHONY: fuzz fuzz-replay

-include $(FUZZ_ENGINE_OBJS:.o=.d)
