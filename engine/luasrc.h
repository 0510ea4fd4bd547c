/*
 * What a runbook's source text says that Lua's run does not keep: the
 * order in which a table constructor wrote its keys.  A Lua table has no
 * order, so `evidence = { name = "text", phone = "phone" }` reaches the
 * engine in hash order; the officer must be asked in the order the author
 * wrote.  This is a lexer of Lua's tokens (names, strings, long brackets,
 * comments), not a parser: it reads one constructor written in place and
 * says "not found" for anything else (a table built elsewhere, a call
 * through a variable), and the caller falls back to an order of its own.
 * Pure text in, no Lua state: safe on any input (fuzzed).
 */
#ifndef LUASRC_H
#define LUASRC_H

#include <stddef.h>

/*
 * In text (len bytes), the declaration call that starts on line `line`
 * (1-based), e.g. `step {`, must open its table on that line or the next
 * ones, after nothing but names, dots and a parenthesis.  In that table,
 * the field `field` written as `field = { ... }` is a constructor whose
 * keys (`key = value` and `["key"] = value`, at its top level) are
 * returned in the order written, in *keys (caller frees each and the
 * array, also when *n is 0).  Returns 0 when the constructor was found,
 * 1 when not (nothing allocated).
 */
int luasrc_table_keys(const char *text, size_t len, int line,
		      const char *field, char ***keys, size_t *n);

#endif
