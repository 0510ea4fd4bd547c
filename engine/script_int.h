/*
 * What the runbook script's files share and nothing else sees: the
 * script itself, the registry keys, and the few functions one part calls
 * in another.  script.c holds the state and the protected calls (the
 * capped allocator, the instruction budget, errors); script_sandbox.c the
 * sandboxed libraries (base, csv, require) and the setup of a state;
 * script_decl.c the declarations a runbook makes while it loads;
 * script_call.c the calls after loading (report_to, route, check).
 * Together they are the only files of the engine that touch a lua_State.
 */
#ifndef SCRIPT_INT_H
#define SCRIPT_INT_H

#include <lauxlib.h>
#include <lua.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "script.h"
#include "strbuf.h"

/*
 * Registry keys: the addresses are unique, the values unused.  One
 * definition (script.c), so every file uses the same addresses.
 */
struct script_keys {
	char selector_mt;
	char recur_mt;
	char report_to;
	char checks;
	char loaded;
	char route;
	char csv_mt;
};
extern const struct script_keys script_keys;

struct module {
	char *name;
	char *text;
	size_t len;
};

struct script {
	lua_State *L;
	size_t mem_used;
	size_t mem_cap;
	size_t mem_soft;          /* 7/8 of the cap: past it, check at once */
	/*
	 * What declarations copied into C (the runbook's strings, lists,
	 * steps): it counts against the same cap as the Lua heap, checked
	 * at each declaration and by the count hook.
	 */
	size_t c_used;
	int pressure;             /* crossed mem_soft; the hook checks next */
	int over_memory;          /* the cap was hit: no pcall may go on */
	uint64_t budget;          /* for one call */
	uint64_t used;
	uint64_t command_budget;  /* for every call of the script together */
	uint64_t command_used;
	double cpu_spent;         /* CPU seconds of every call so far */
	int exhausted;            /* budget ran out during the current call */

	char *file;               /* the runbook's chunkname, without '@' */
	char *dir;                /* its folder with a final '/', or "" */
	char *text;               /* the runbook text, for check_source */
	size_t len;
	struct module *mods;
	size_t nmods, amods;
	script_read_fn read;      /* NULL once loaded: see script_load */
	void *read_ctx;
	int loaded;               /* the runbook ran; calls may follow */

	struct runbook *rb;
	const struct unit_registry *registry; /* for unit(id); may be NULL */
	size_t asections, asteps;
	int have_runbook;
	int runbook_line;
	struct err decl;          /* first declaration error */

	/*
	 * Where Lua was last seen running (the count hook), for memory
	 * errors, which reach us without a message handler; and where the
	 * message handler found the fault.  Both point at file or a module
	 * name, never at Lua memory.
	 */
	const char *seen_file;
	int seen_line;
	const char *fault_file;
	int fault_line;
};


static inline struct script *script_of(lua_State *L)
{
	void *ud;

	lua_getallocf(L, &ud);
	return ud;
}

/* ---- script.c: the state and protected calls ---- */

/* What is left of the cap, for the Lua heap and C copies together. */
size_t script_mem_left(const struct script *s);
/* Counts n bytes a declaration copies into C (see script_c_memory_check). */
void script_c_account(struct script *s, size_t n);
/* The name we own for a Lua source ("@name"), or NULL. */
const char *script_known_name(const struct script *s, const char *source);
/* The innermost frame from `level` up that runs a line of our files. */
int script_locate(struct script *s, lua_State *L, int level,
		  const char **file, int *line);
void script_memory_message(const struct script *s, struct strbuf *sb);
/* Raises msg located at the innermost line of our files. */
int script_raise_at(lua_State *L, const char *msg);
/* Raises the memory error once C copies and the Lua heap pass the cap. */
void script_c_memory_check(lua_State *L);
/* Counts n instructions' worth of work against the budgets. */
void script_charge(lua_State *L, uint64_t n);
/*
 * Calls the function under nargs arguments on the stack, protected, with
 * the message handler and a fresh budget: 0 with nres results, or -1 with
 * err set and nothing left on the stack.
 */
int script_protected_call(struct script *s, int nargs, int nres,
			  struct err *err);

/* ---- script_sandbox.c ---- */

/* Builds a fresh state's sandbox; runs protected. */
int script_setup(lua_State *L);
/* csv(text [, name]): a declaration too, so in script_declarations. */
int script_csv(lua_State *L);

/* ---- script_decl.c ---- */

/* The declaration functions, the runbook's globals. */
extern const luaL_Reg script_declarations[];

/* ---- script_call.c ---- */

/* Pushes a unit as the table report_to, check and unit(id) see. */
void script_push_unit(lua_State *L, const struct unit *u);

#endif
