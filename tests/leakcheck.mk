# tests/leakcheck.mk -- `make leakcheck`, included by the Makefile.
#
# Runs the CLI tests with every cutover command under valgrind (memcheck,
# --leak-check=full; a definite or indirect leak or a memory error is an
# error, exit 99) through tests/valgrind-wrapper.sh, then reads valgrind's
# logs, one per process in $(BUILD)/leakcheck/: any non-empty log fails
# the target and is shown, even from a command whose failure a test
# expected.
#
# Under valgrind a command runs 20 to 50 times slower.  Tests that race
# processes or time them skip themselves with the NOT_VALGRIND prereq
# (lib.sh sets it unless CUTOVER_VALGRIND is set).  The scripts listed in
# LEAKCHECK_SKIP are not run at all: each has tests that wrap a command
# spending the whole Lua instruction budget in `timeout 20`, which
# valgrind cannot meet (t1002: loop, pcall loop, recursion; t2002: the
# sandbox traps).  Once those tests ask for NOT_VALGRIND, drop the
# scripts from the list.

LEAKCHECK_SKIP ?= t1002-bad-runbooks t2002-sign
LEAKCHECK_DIR = $(BUILD)/leakcheck
LEAKCHECK_TESTS = $(filter-out $(LEAKCHECK_SKIP:%=tests/cli/%.sh), \
	$(wildcard tests/cli/t*.sh))
LEAKCHECK_JOBS ?= 2

leakcheck: all
	@command -v valgrind >/dev/null || \
		{ echo "leakcheck: valgrind is not installed"; exit 1; }
	@rm -rf $(LEAKCHECK_DIR) && mkdir -p $(LEAKCHECK_DIR)
	@echo "leakcheck: not run under valgrind: $(LEAKCHECK_SKIP)"
	@CUTOVER=$(abspath tests/valgrind-wrapper.sh) \
	CUTOVER_REAL=$(abspath $(BIN)) CUTOVER_VALGRIND=1 \
	CUTOVER_VALGRIND_LOGS=$(abspath $(LEAKCHECK_DIR)) \
	prove -j$(LEAKCHECK_JOBS) $(LEAKCHECK_TESTS); status=$$?; \
	logs=$$(find $(LEAKCHECK_DIR) -name 'vg.*.log' -size +0c | sort); \
	for log in $$logs; do echo "--- $$log"; cat $$log; done; \
	n=$$(ls $(LEAKCHECK_DIR) | wc -l); \
	if test -n "$$logs"; then \
		echo "leakcheck: valgrind found errors in $$(echo $$logs | wc -w) of $$n processes"; \
		exit 1; \
	fi; \
	echo "leakcheck: $$n processes under valgrind, no leak, no memory error"; \
	exit $$status

.PHONY: leakcheck
