/*
 * The runbook script: a sandboxed Lua 5.4 state that runs a runbook file
 * once to collect its declarations into the model (model.h), and keeps
 * the state alive to call the functions the runbook defines (report_to,
 * check).  The only module that touches a lua_State.
 *
 * The sandbox: a capped allocator (returns NULL at the cap, so Lua raises
 * "not enough memory"), an instruction budget per call (lua_sethook with
 * LUA_MASKCOUNT), only the base, string, table, math and utf8 libraries,
 * no dofile/loadfile, `load` for text only, no io/os/package/debug;
 * `require` reads only files of the runbook's own folder, through the
 * caller's reader.  Every error reads "FILE:LINE: message".
 *
 * Helpers for check functions besides unit(id): csv(text [, name]), or
 * csv(file) with an evidence file table, parses CSV (csv.h) and returns
 *
 *   { name = "accounts.csv", columns = { "username", ... },
 *     rows = { { line = 2, fields = { username = "nguyenvana", ... } }, ... } }
 *
 * (line: where the record starts in the file), or nil and
 * "NAME:LINE:COL: message" for malformed text, so that a check can make
 * it a finding; only a bad argument, the memory cap and the budget raise.
 *
 * The language is documented in docs/runbook-language.md.
 */
#ifndef SCRIPT_H
#define SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "model.h"
#include "strbuf.h"
#include "units.h"

struct script;

/*
 * The sandbox's limits.  The memory cap covers the Lua heap and what the
 * declarations copy into C; the instruction budgets hold for one call
 * (the load, one check, one report_to) and for all the calls a command
 * makes of the script together (a check per imported row, report_to per
 * unit); CPU time of runbook code is watched over the whole command too.
 */
struct script_limits {
	size_t memory_bytes;      /* cap on the Lua heap and C copies */
	uint64_t instructions;    /* budget for one load or one call */
	uint64_t command_instructions; /* for every call together; 0: the
				   * default, SCRIPT_COMMAND_INSTRUCTIONS */
};

#define SCRIPT_COMMAND_INSTRUCTIONS 1000000000u
#define SCRIPT_LIMITS_DEFAULT { (size_t)64 << 20, 200000000u, \
				SCRIPT_COMMAND_INSTRUCTIONS }

/*
 * Reads a file that the runbook asks for, `relpath` relative to the
 * runbook's folder (`require "lib/x"` asks for "lib/x.lua").  Appends the
 * content to out; returns 0, or -1 with err set.
 */
typedef int (*script_read_fn)(void *ctx, const char *relpath,
			      struct strbuf *out, struct err *err);

/*
 * Runs the runbook text (len bytes; binary chunks refused) named
 * `chunkname` (e.g. "runbooks/bn.lua", used in every error) and collects
 * its declarations.  `limits` may be NULL for the defaults; `read` may be
 * NULL, in which case `require` fails.  `read` and `read_ctx` are used
 * only during this call: later calls (check, report_to, route) see the
 * modules the load required and cannot require new ones.  Returns 0 and
 * a script the caller frees with script_free, or -1 with err set (file
 * and line of the offending declaration, subject "step 'ID'", field
 * name).
 */
int script_load(const char *chunkname, const char *text, size_t len,
		const struct script_limits *limits, script_read_fn read,
		void *read_ctx, struct script **out, struct err *err);

/* The runbook the script declared; owned by the script. */
const struct runbook *script_runbook(const struct script *s);

/*
 * Calls step `step`'s report_to function with the unit as a table
 * {id, name, kind, code, parent, police, contacts}.  Sets *out to the
 * unit id it returns (caller frees), or NULL when it returns nil.  A
 * static report_to is returned as is.  Returns 0, or -1 with err set
 * (a runtime error, a non-string result, the budget).
 */
int script_recipient(struct script *s, size_t step, const struct unit *unit,
		     char **out, struct err *err);

/* One evidence value as a check function sees it. */
struct script_value {
	const char *name;
	enum evidence_type type;
	const char *value;        /* normalised text form; NULL when absent */
	const char *file_text;    /* EVIDENCE_FILE: the attached content */
	size_t file_len;
};

/*
 * Runs step `step`'s check function as check(evidence, ctx): evidence is
 * a table by field name (int and money as integers, bool as booleans,
 * file as {name=, size=, text=}), ctx is {unit = <unit table>,
 * task = task_key, step = step id}.  The check returns true to accept,
 * or nil/false plus a reason string or a list of reason strings.
 * Returns 0 when accepted (or the step has no check), 1 when refused with
 * one finding per line appended to findings, -1 on error (runtime error,
 * budget, memory) with err set.
 */
int script_check(struct script *s, size_t step, const struct unit *unit,
		 const char *task_key, const struct script_value *values,
		 size_t nvalues, struct strbuf *findings, struct err *err);

/*
 * Lets check and route functions look units up with unit(id).  The
 * registry must outlive the script's calls.
 */
void script_set_registry(struct script *s, const struct unit_registry *reg);

/*
 * Calls the runbook's difficulties route(unit, system, severity) and sets
 * *ids to the distinct unit ids it returns (a list, one id, or nil; the
 * caller frees each and the array).  No route declared: no recipients.
 * Returns 0, or -1 with err set (runtime error, an id not in the registry).
 */
int script_route(struct script *s, const struct unit *unit,
		 const char *system, const char *severity, char ***ids,
		 size_t *n, struct err *err);

/* Frees the script and its runbook; NULL is allowed. */
void script_free(struct script *s);

#endif
