/*
 * What every harness in tests/fuzz/ shares.  Each fuzz_NAME.c defines
 * LLVMFuzzerTestOneInput for one parser of the engine; it is linked
 * either with libFuzzer (clang -fsanitize=fuzzer: `make fuzz`) or with
 * replay.c, a main that feeds it the files of its corpus and regression
 * cases (`make fuzz-replay`, any compiler).
 *
 * A harness returns 0 for any input the parser accepts or refuses
 * cleanly, and calls fuzz_fail (abort) when the engine breaks one of its
 * promises: a refusal without a message, an accepted input that violates
 * the parser's contract, markup reaching HTML.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints "fuzz: WHAT" and the input's length to stderr, then aborts. */
void fuzz_fail(const char *what, size_t size) __attribute__((noreturn));

/* A NUL-terminated copy of the input; caller frees with free(). */
char *fuzz_text(const uint8_t *data, size_t size);

#endif
