/*
 * The runbook script: one sandboxed lua_State per loaded runbook.  This is
 * the only file of the engine that touches a lua_State.
 *
 * Invariants:
 * - Every byte Lua allocates goes through sandbox_alloc, which refuses to
 *   grow past the cap (Lua then raises "not enough memory"); nothing else
 *   here allocates through Lua's allocator.
 * - Every call into Lua (the chunk, report_to, check, and the C code that
 *   builds their argument tables) runs inside protected_call, with the
 *   message handler and a fresh instruction budget.  Outside it we only
 *   use API calls that cannot raise.
 * - The runbook being built is reachable from the script from the first
 *   declaration on, and every C allocation a declaration makes is stored
 *   into it at once: a Lua error may longjmp out of a declaration at any
 *   point and script_free still frees everything.
 * - A declaration error is recorded in s->decl (file, line, subject,
 *   field) before the declaration raises; the first one wins and it is
 *   the error the load reports, even if the runbook caught it with pcall.
 * - Functions the runbook gives as report_to or check live in registry
 *   tables keyed by step index + 1.
 */
#include "script.h"

#include <lauxlib.h>
#include <lua.h>
#include <limits.h>
#include <lualib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "csv.h"
#include "i18n.h"
#include "infile.h"
#include "model.h"
#include "strbuf.h"
#include "xalloc.h"
#include "watchdog.h"

#include "banned.h"

/*
 * CPU time runbook code may use in one command, all its calls together,
 * whatever the instruction count says.
 */
#define SCRIPT_CPU_SECONDS 10

#define HOOK_EVERY 1000
#define MAX_ID 64
#define MAX_EXCEPT_DEPTH 16

/* Registry keys: the addresses are unique, the values unused. */
static const char KEY_SELECTOR_MT = 's';
static const char KEY_RECUR_MT = 'r';
static const char KEY_REPORT_TO = 'p';
static const char KEY_CHECKS = 'c';
static const char KEY_LOADED = 'l';
static const char KEY_ROUTE = 'o';
static const char KEY_CSV_MT = 'v';

/* A file the runbook required: its name (as errors use it) and text. */
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

static struct script *script_of(lua_State *L)
{
	void *ud;

	lua_getallocf(L, &ud);
	return ud;
}

static void count_hook(lua_State *L, lua_Debug *ar);

/* What is left of the cap, for the Lua heap and C copies together. */
static size_t mem_left(const struct script *s)
{
	size_t used = s->mem_used + s->c_used;

	return used >= s->mem_cap ? 0 : s->mem_cap - used;
}

/* Counts n bytes a declaration copies into C (checked by c_memory_check). */
static void c_account(struct script *s, size_t n)
{
	/* And what malloc keeps beside each block. */
	s->c_used += n + 16;
}

/*
 * The capped allocator.  Shrinking and freeing always succeed (Lua
 * relies on that); growing fails softly at the cap, which Lua turns into
 * a memory error.  A memory error carries no location (Lua calls no
 * message handler for it), so crossing 7/8 of the cap also arms the
 * hook for the very next instruction, which collects garbage and, if
 * still past the mark, raises the error at the line that is running.
 * lua_sethook is safe to call from anywhere (lua.c calls it from a
 * signal handler); nothing else of Lua is touched here.
 */
static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct script *s = ud;
	void *p;

	if (!ptr)
		osize = 0; /* then osize encodes the object type */
	if (nsize == 0) {
		free(ptr);
		s->mem_used -= osize;
		return NULL;
	}
	if (nsize > osize) {
		if (nsize - osize > mem_left(s))
			return NULL;
		if (s->mem_used + (nsize - osize) > s->mem_soft && s->L &&
		    !s->pressure) {
			s->pressure = 1;
			lua_sethook(s->L, count_hook, LUA_MASKCOUNT, 1);
		}
	}
	p = realloc(ptr, nsize);
	if (!p)
		return NULL;
	s->mem_used = s->mem_used - osize + nsize;
	return p;
}

/* The name we own for a Lua source ("@name"), or NULL. */
static const char *known_name(const struct script *s, const char *source)
{
	size_t i;

	if (!source || source[0] != '@')
		return NULL;
	if (!strcmp(source + 1, s->file))
		return s->file;
	for (i = 0; i < s->nmods; i++)
		if (!strcmp(source + 1, s->mods[i].name))
			return s->mods[i].name;
	return NULL;
}

/* The innermost frame from `level` up that runs a line of our files. */
static int locate(struct script *s, lua_State *L, int level,
		  const char **file, int *line)
{
	lua_Debug ar;
	const char *name;

	for (; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0)
			continue;
		name = known_name(s, ar.source);
		if (name) {
			*file = name;
			*line = ar.currentline;
			return 0;
		}
	}
	return -1;
}

static void memory_message(const struct script *s, struct strbuf *sb)
{
	if (s->mem_cap % ((size_t)1 << 20) == 0)
		strbuf_addf(sb, _("not enough memory (runbook memory cap of %zu"
				  " MiB)"), s->mem_cap >> 20);
	else
		strbuf_addf(sb, _("not enough memory (runbook memory cap of %zu"
				  " bytes)"), s->mem_cap);
}

/* Raises msg located at the innermost line of our files. */
static int raise_at(lua_State *L, const char *msg)
{
	struct script *s = script_of(L);
	const char *file;
	int line;

	if (!locate(s, L, 0, &file, &line))
		lua_pushfstring(L, "%s:%d: %s", file, line, msg);
	else
		lua_pushstring(L, msg);
	return lua_error(L);
}

/*
 * Raises the memory error, at the line running, once the C copies and
 * the Lua heap together pass the cap (after collecting what Lua can).
 * Called where no C memory is held unrecorded: each declaration's start
 * and the count hook.
 */
static void c_memory_check(lua_State *L)
{
	struct script *s = script_of(L);
	struct strbuf sb = STRBUF_INIT;
	char msg[128];

	if (s->mem_used + s->c_used <= s->mem_cap && !s->over_memory)
		return;
	lua_gc(L, LUA_GCCOLLECT);
	if (s->mem_used + s->c_used <= s->mem_cap && !s->over_memory)
		return;
	s->over_memory = 1;
	memory_message(s, &sb);
	snprintf(msg, sizeof(msg), "%s", sb.buf);
	strbuf_release(&sb);
	raise_at(L, msg);
}

static const char budget_msg[] = N_("instruction budget exhausted (endless loop?)");

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

/*
 * Counts work against the instruction budgets: the call's, and the
 * command's, which every call adds to (a check run per imported row, a
 * report_to per unit: each within its own budget, all of them together
 * within the command's).
 */
static void charge(lua_State *L, uint64_t n)
{
	struct script *s = script_of(L);
	char msg[256];

	s->used = add_sat(s->used, n);
	s->command_used = add_sat(s->command_used, n);
	if (s->used > s->budget || s->exhausted) {
		s->exhausted = 1;
		raise_at(L, _(budget_msg));
	}
	if (s->command_used > s->command_budget) {
		s->exhausted = 1;
		snprintf(msg, sizeof(msg), _("instruction budget of the command"
					     " exhausted: runbook code ran more"
					     " than %llu instructions over its"
					     " calls"),
			 (unsigned long long)s->command_budget);
		raise_at(L, msg);
	}
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
	struct script *s = script_of(L);
	struct strbuf sb = STRBUF_INIT;
	const char *name;
	char msg[128];

	if (s->pressure) {
		s->pressure = 0;
		lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
		lua_gc(L, LUA_GCCOLLECT);
		if (s->mem_used + s->c_used <= s->mem_soft)
			return;
		memory_message(s, &sb);
		snprintf(msg, sizeof(msg), "%s", sb.buf);
		strbuf_release(&sb);
		s->over_memory = 1;
		raise_at(L, msg);
	}
	c_memory_check(L);
	if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
		name = known_name(s, ar->source);
		if (name) {
			s->seen_file = name;
			s->seen_line = ar->currentline;
			/* For the watchdog's message, if it comes to that. */
			watchdog_where(name, ar->currentline);
		}
	}
	charge(L, HOOK_EVERY);
}

/*
 * The message handler (lua.c's msghandler, without the traceback): makes
 * the error a string and remembers where it happened, for messages that
 * carry no "file:line:" of their own.
 */
static int msghandler(lua_State *L)
{
	struct script *s = script_of(L);

	if (locate(s, L, 1, &s->fault_file, &s->fault_line)) {
		s->fault_file = NULL;
		s->fault_line = 0;
	}
	if (lua_type(L, 1) == LUA_TSTRING)
		return 1;
	if (luaL_callmeta(L, 1, "__tostring") &&
	    lua_type(L, -1) == LUA_TSTRING)
		return 1;
	lua_pushfstring(L, _("(error object is a %s value)"),
			luaL_typename(L, 1));
	return 1;
}

/*
 * Splits "FILE:LINE: rest" when FILE is one of our files as Lua shows it
 * (luaO_chunkid shortens long names to "..." and their tail).
 */
static int split_location(const struct script *s, const char *msg,
			  const char **file, int *line, const char **rest)
{
	const char *p, *q;
	size_t flen, i, nlen;
	const char *name;
	long n;

	for (p = strchr(msg, ':'); p; p = strchr(p + 1, ':')) {
		q = p + 1;
		n = 0;
		while (*q >= '0' && *q <= '9' && n < 100000000)
			n = n * 10 + (*q++ - '0');
		if (q == p + 1 || *q != ':')
			continue;
		flen = (size_t)(p - msg);
		for (i = 0; i <= s->nmods; i++) {
			name = i == 0 ? s->file : s->mods[i - 1].name;
			nlen = strlen(name);
			if ((flen == nlen && !memcmp(msg, name, flen)) ||
			    (flen > 3 && !memcmp(msg, "...", 3) &&
			     nlen >= flen - 3 &&
			     !memcmp(msg + 3, name + nlen - (flen - 3),
				     flen - 3))) {
				*file = name;
				*line = (int)n;
				q++;
				while (*q == ' ')
					q++;
				*rest = q;
				return 0;
			}
		}
		return -1;
	}
	return -1;
}

static void take_decl_error(struct script *s, struct err *err)
{
	err_at(err, s->decl.file, s->decl.line, 0);
	err_about(err, s->decl.subject, s->decl.field);
	fail(err, "%s", s->decl.msg.buf);
	err_release(&s->decl);
}

/* Turns the error at the top of the stack into err. */
static void translate_error(struct script *s, int status, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *msg, *file, *rest;
	int line;

	if (err_is_set(&s->decl)) {
		take_decl_error(s, err);
		return;
	}
	if (status == LUA_ERRMEM) {
		memory_message(s, &sb);
		fail(err, "%s", sb.buf);
		strbuf_release(&sb);
		if (s->seen_file)
			err_at(err, s->seen_file, s->seen_line, 0);
		else
			err_at(err, s->file, 0, 0);
		return;
	}
	msg = lua_type(s->L, -1) == LUA_TSTRING ? lua_tostring(s->L, -1) : NULL;
	if (!msg)
		msg = _("unknown error");
	if (!split_location(s, msg, &file, &line, &rest)) {
		err_at(err, file, line, 0);
		fail(err, "%s", rest);
	} else {
		if (s->fault_file)
			err_at(err, s->fault_file, s->fault_line, 0);
		else
			err_at(err, s->file, 0, 0);
		fail(err, "%s", msg);
	}
}

/*
 * Calls the function below its nargs arguments with the message handler
 * and a fresh budget.  Returns 0 with nres results on the stack, or -1
 * with err set and nothing left on the stack.
 */
/* The process's CPU time in seconds (a busy machine does not add to it). */
static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int protected_call(struct script *s, int nargs, int nres,
			  struct err *err)
{
	lua_State *L = s->L;
	int base = lua_gettop(L) - nargs;
	double left, cpu0;
	int status;

	lua_pushcfunction(L, msghandler);
	lua_insert(L, base);
	s->used = 0;
	s->exhausted = 0;
	s->seen_file = NULL;
	s->seen_line = 0;
	s->fault_file = NULL;
	s->fault_line = 0;
	/*
	 * DESIGN: a runbook script never hangs the engine.  The watchdog
	 * allows what is left of the command's CPU time for runbook code
	 * (at least a second: the message says where it stopped).
	 */
	left = SCRIPT_CPU_SECONDS - s->cpu_spent;
	watchdog_arm(left <= 1 ? 1 : (unsigned)(left + 0.999), s->file);
	watchdog_where(s->file, 0);
	cpu0 = cpu_seconds();
	status = lua_pcall(L, nargs, nres, base);
	s->cpu_spent += cpu_seconds() - cpu0;
	watchdog_disarm();
	lua_remove(L, base);
	if (status == LUA_OK)
		return 0;
	translate_error(s, status, err);
	lua_pop(L, 1);
	return -1;
}

/* ---- the sandboxed base library ---- */

/* Errors no runbook code may catch: the budget, a declaration error. */
static int must_propagate(lua_State *L)
{
	struct script *s = script_of(L);

	return s->exhausted || s->over_memory || err_is_set(&s->decl);
}

/* The (false, message) a failed pcall returns, unless it must go on. */
static int caught(lua_State *L)
{
	if (must_propagate(L))
		return lua_error(L);
	lua_pushboolean(L, 0);
	lua_insert(L, -2);
	return 2;
}

static int sb_pcall(lua_State *L)
{
	int status;

	luaL_checkany(L, 1);
	status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
	if (status != LUA_OK)
		return caught(L);
	lua_pushboolean(L, 1);
	lua_insert(L, 1);
	return lua_gettop(L);
}

static int sb_xpcall(lua_State *L)
{
	int n = lua_gettop(L), status;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	/* f, h, args... -> h, f, args... */
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_replace(L, 1);
	lua_replace(L, 2);
	status = lua_pcall(L, n - 2, LUA_MULTRET, 1);
	if (status != LUA_OK)
		return caught(L);
	lua_pushboolean(L, 1);
	lua_replace(L, 1);
	return lua_gettop(L);
}

/*
 * Finalizers run with hooks off (lgc.c GCTM), so a __gc could loop
 * forever out of the budget's reach: metatables with __gc are refused.
 */
static int sb_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, _("__gc metamethods are not allowed in runbooks"));
		lua_pop(L, 1);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

static int sb_collectgarbage(lua_State *L)
{
	const char *opt = luaL_optstring(L, 1, "collect");
	int kb, b;

	if (!strcmp(opt, "collect")) {
		lua_gc(L, LUA_GCCOLLECT);
		lua_pushinteger(L, 0);
		return 1;
	}
	if (!strcmp(opt, "count")) {
		kb = lua_gc(L, LUA_GCCOUNT);
		b = lua_gc(L, LUA_GCCOUNTB);
		lua_pushnumber(L, (lua_Number)kb + (lua_Number)b / 1024);
		return 1;
	}
	return luaL_argerror(L, 1, _("only \"collect\" and \"count\" are allowed"));
}

/* load, for text only: a function reader could feed bytecode in pieces. */
static int sb_load(lua_State *L)
{
	size_t len;
	const char *text, *name;
	int status;

	if (lua_type(L, 1) != LUA_TSTRING) {
		lua_pushnil(L);
		lua_pushliteral(L, "load accepts only a string of Lua text");
		return 2;
	}
	text = lua_tolstring(L, 1, &len);
	name = luaL_optstring(L, 2, text);
	status = luaL_loadbufferx(L, text, len, name, "t");
	if (status != LUA_OK) {
		lua_pushnil(L);
		lua_insert(L, -2);
		return 2;
	}
	if (!lua_isnone(L, 4)) {
		lua_pushvalue(L, 4);
		if (!lua_setupvalue(L, -2, 1))
			lua_pop(L, 1);
	}
	return 1;
}

/* string.rep("", 2^62) loops in C without a single Lua instruction. */
static int sb_rep(lua_State *L)
{
	struct script *s = script_of(L);
	struct strbuf sb = STRBUF_INIT;
	size_t l, lsep, unit;
	lua_Integer n;
	char msg[128];

	luaL_checklstring(L, 1, &l);
	n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (n <= 0 || l + lsep == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	unit = l + lsep;
	if ((uint64_t)n > mem_left(s) / unit) {
		memory_message(s, &sb);
		snprintf(msg, sizeof(msg), "%s", sb.buf);
		strbuf_release(&sb);
		return raise_at(L, msg);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/*
 * The pattern functions can run long inside one instruction (a pattern
 * that backtracks), out of the count hook's sight: before each, where it
 * is called from is told to the watchdog, whose message then names the
 * line.  gmatch matches in the iterator it returns, wrapped the same way.
 */
static void tell_watchdog(lua_State *L)
{
	struct script *s = script_of(L);
	const char *file;
	int line;

	if (!locate(s, L, 1, &file, &line))
		watchdog_where(file, line);
}

static int sb_pattern(lua_State *L)
{
	tell_watchdog(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

static int sb_gmatch(lua_State *L)
{
	tell_watchdog(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	lua_pushcclosure(L, sb_pattern, 1);
	return 1;
}

/* table.move over an empty range of a huge span also loops in C. */
static int sb_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2);
	lua_Integer e = luaL_checkinteger(L, 3);

	if (e >= f)
		charge(L, (uint64_t)((lua_Unsigned)e - (lua_Unsigned)f) + 1);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* ---- csv(text [, name]) ---- */

/*
 * What one parsed field costs at the least, in C (a pointer and a malloc
 * chunk) and again in Lua (a string and a table slot).  csv() refuses,
 * as a memory error, a text whose fields could not fit in what is left
 * of the cap, before the C reader allocates anything: the C side then
 * stays within a small multiple of the cap as well.
 */
#define CSV_FIELD_COST 32

/* Whether `fields` fields parsed from len bytes fit in what is left. */
static int csv_fits(const struct script *s, size_t len, size_t fields)
{
	size_t left = mem_left(s);

	return fields <= left / CSV_FIELD_COST &&
	       len <= left - fields * CSV_FIELD_COST;
}

/* The C table lives in a userdata, so a memory error frees it by GC. */
static int csv_box_gc(lua_State *L)
{
	csv_free(lua_touserdata(L, 1));
	return 0;
}

/* Pushes t as { name =, columns = { ... }, rows = { {line =, fields =} } }. */
static void push_csv(lua_State *L, const char *name, const struct csv_table *t)
{
	size_t i, j;

	lua_createtable(L, 0, 3);
	lua_pushstring(L, name);
	lua_setfield(L, -2, "name");
	lua_createtable(L, (int)t->ncols, 0);
	for (i = 0; i < t->ncols; i++) {
		lua_pushstring(L, t->header[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "columns");
	lua_createtable(L, t->nrows > INT_MAX ? INT_MAX : (int)t->nrows, 0);
	for (i = 0; i < t->nrows; i++) {
		lua_createtable(L, 0, 2);
		lua_pushinteger(L, t->rows[i].line);
		lua_setfield(L, -2, "line");
		lua_createtable(L, 0, (int)t->ncols);
		for (j = 0; j < t->ncols; j++) {
			lua_pushstring(L, t->rows[i].fields[j]);
			lua_setfield(L, -2, t->header[j]);
		}
		lua_setfield(L, -2, "fields");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "rows");
}

/*
 * csv(text [, name]) or csv(file) with an evidence file table {name=,
 * text=}: the table push_csv builds, or nil and "NAME:LINE:COL: message"
 * for malformed text (never raised: a check turns it into a finding).
 * Raises only what any code raises: bad arguments, the memory cap, the
 * instruction budget.
 */
static int sb_csv(lua_State *L)
{
	struct script *s = script_of(L);
	struct csv_table *box;
	struct err e = ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	const char *text, *name, *p;
	size_t len, fields = 1;
	char msg[512];

	if (lua_type(L, 1) == LUA_TTABLE) {
		lua_settop(L, 1);
		lua_getfield(L, 1, "text");
		lua_getfield(L, 1, "name");
		name = luaL_optstring(L, 3, "csv");
		if (lua_type(L, 2) != LUA_TSTRING) {
			lua_pushnil(L);
			lua_pushfstring(L, "%s: no text attached", name);
			return 2;
		}
		text = lua_tolstring(L, 2, &len);
	} else {
		text = luaL_checklstring(L, 1, &len);
		name = luaL_optstring(L, 2, "csv");
	}
	/* C work without Lua instructions: charged to the budget, too. */
	charge(L, len / 16 + 1);
	for (p = text; p < text + len; p++)
		if (*p == ',' || *p == ';' || *p == '\n' || *p == '\r')
			fields++;
	if (!csv_fits(s, len, fields))
		lua_gc(L, LUA_GCCOLLECT);   /* garbage may be what is in the way */
	if (!csv_fits(s, len, fields)) {
		memory_message(s, &sb);
		snprintf(msg, sizeof(msg), "%s", sb.buf);
		strbuf_release(&sb);
		return raise_at(L, msg);
	}

	box = lua_newuserdatauv(L, sizeof(*box), 0);
	memset(box, 0, sizeof(*box));
	lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_CSV_MT);
	lua_setmetatable(L, -2);
	/* No Lua call that could raise while e holds C memory. */
	if (csv_parse_english(name, text, len, box, &e) < 0) {
		err_format(&e, &sb);
		err_release(&e);
		snprintf(msg, sizeof(msg), "%s", sb.buf);
		strbuf_release(&sb);
		lua_pushnil(L);
		lua_pushstring(L, msg);
		return 2;
	}
	err_release(&e);
	push_csv(L, name, box);
	csv_free(box);          /* at once, rather than at the next cycle */
	return 1;
}

/* ---- require ---- */

static int valid_module_name(const char *name)
{
	const char *p;

	if (!*name || name[0] == '/' || strstr(name, ".."))
		return 0;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
		      *p == '/' || *p == '-'))
			return 0;
	return 1;
}

static int sb_require(lua_State *L)
{
	struct script *s = script_of(L);
	const char *name = luaL_checkstring(L, 1);
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct err e = ERR_INIT;
	struct module *m;
	char msg[512];
	size_t i;
	int status;

	if (strlen(name) > 200 || !valid_module_name(name))
		return luaL_error(L, _("require: bad module name '%s' (letters, digits, '_', '-', '.' and '/' only; no '..', no absolute path)"),
				  name);
	lua_settop(L, 1);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_LOADED);
	lua_pushvalue(L, 1);
	switch (lua_rawget(L, 2)) {
	case LUA_TNIL:
		break;
	case LUA_TLIGHTUSERDATA:
		return luaL_error(L, _("require: '%s' requires itself (a loop)"), name);
	default:
		return 1;
	}
	lua_pop(L, 1);
	if (s->loaded)
		return luaL_error(L, _("require: modules are loaded with the runbook,"
				  " not by check or route functions ('%s')"), name);
	if (!s->read)
		return luaL_error(L, _("require: no files can be read here ('%s')"), name);

	/*
	 * C allocations until the module is recorded in s->mods: no Lua
	 * call that could raise in between.
	 */
	for (i = 0; name[i]; i++)
		strbuf_addch(&path, name[i] == '.' ? '/' : name[i]);
	if (strstr(path.buf, "//") || path.buf[path.len - 1] == '/') {
		snprintf(msg, sizeof(msg), "require: bad module name '%s'", name);
		strbuf_release(&path);
		return luaL_error(L, "%s", msg);
	}
	strbuf_adds(&path, ".lua");
	if (s->read(s->read_ctx, path.buf, &text, &e) < 0) {
		snprintf(msg, sizeof(msg), "require '%s': %s", name,
			 err_is_set(&e) ? e.msg.buf : "cannot read it");
		err_release(&e);
		strbuf_release(&path);
		strbuf_release(&text);
		return luaL_error(L, "%s", msg);
	}
	err_release(&e);
	XGROW(s->mods, s->amods, s->nmods + 1);
	m = &s->mods[s->nmods++];
	m->name = xmalloc(strlen(s->dir) + path.len + 1);
	memcpy(m->name, s->dir, strlen(s->dir));
	memcpy(m->name + strlen(s->dir), path.buf, path.len + 1);
	m->len = text.len;
	m->text = strbuf_detach(&text, NULL);
	c_account(s, m->len + strlen(m->name) + sizeof(*m));
	strbuf_release(&path);

	lua_pushvalue(L, 1);
	lua_pushlightuserdata(L, (void *)&KEY_LOADED);
	lua_rawset(L, 2);
	lua_pushfstring(L, "@%s", m->name);
	status = luaL_loadbufferx(L, m->text, m->len, lua_tostring(L, -1), "t");
	if (status != LUA_OK)
		return lua_error(L);
	lua_call(L, 0, 1);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, 1);
	lua_pushvalue(L, -2);
	lua_rawset(L, 2);
	return 1;
}

/* ---- declarations ---- */

/* One declaration call being checked: where it is and what it is. */
struct decl {
	lua_State *L;
	struct script *s;
	const char *file;
	int line;
	char subject[96];
};

static void decl_begin(struct decl *d, lua_State *L, const char *what)
{
	d->L = L;
	d->s = script_of(L);
	/* DESIGN: what a runbook declares counts against its memory cap. */
	c_memory_check(L);
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	if (locate(d->s, L, 1, &d->file, &d->line)) {
		d->file = d->s->file;
		d->line = 0;
	}
	snprintf(d->subject, sizeof(d->subject), "%s", what);
}

/* Records the first declaration error; returns -1 (raise_decl next). */
static int decl_fail(struct decl *d, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int decl_fail(struct decl *d, const char *field, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (err_is_set(&d->s->decl))
		return -1;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	fail(&d->s->decl, "%s", sb.buf);
	strbuf_release(&sb);
	err_at(&d->s->decl, d->file, d->line, 0);
	err_about(&d->s->decl, d->subject, field);
	return -1;
}

static int raise_decl(lua_State *L)
{
	lua_pushliteral(L, "declaration error");
	return lua_error(L);
}

static int valid_id(const char *p, size_t len)
{
	size_t i;

	if (len == 0 || len > MAX_ID)
		return 0;
	if (!((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= '0' && p[0] <= '9')))
		return 0;
	for (i = 1; i < len; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		      (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
			return 0;
	return 1;
}

/* Edit distance, capped, for "did you mean" on unknown fields. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, cur, tmp;
	size_t row[32];

	if (la >= 31 || lb >= 31)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			cur = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < cur)
				cur = row[j] + 1;
			if (row[j - 1] + 1 < cur)
				cur = row[j - 1] + 1;
			row[j] = cur;
			prev = tmp;
		}
	}
	return row[lb];
}

/* Every key of the table at idx must be one of known (a NULL-ended list). */
static int check_fields(struct decl *d, int idx, const char *const *known,
			const char *what)
{
	lua_State *L = d->L;
	const char *key, *best;
	size_t i, dist, bestd;

	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			return decl_fail(d, NULL,
					 _("%s: unexpected %s key (write name = value)"),
					 what, luaL_typename(L, -2));
		key = lua_tostring(L, -2);
		for (i = 0; known[i]; i++)
			if (!strcmp(key, known[i]))
				break;
		if (!known[i]) {
			best = NULL;
			bestd = 3;
			for (i = 0; known[i]; i++) {
				dist = distance(key, known[i]);
				if (dist < bestd) {
					bestd = dist;
					best = known[i];
				}
			}
			if (best)
				return decl_fail(d, key,
						 _("unknown field '%.64s' (did you mean '%s'?)"),
						 key, best);
			return decl_fail(d, key, _("unknown field '%.64s'"), key);
		}
		lua_pop(L, 1);
	}
	return 0;
}

/* Pushes field name of the table at idx, raw (no metamethods run). */
static int get_field(lua_State *L, int idx, const char *name)
{
	lua_pushstring(L, name);
	return lua_rawget(L, idx < 0 ? idx - 1 : idx);
}

/* The string at the top of the stack, as a fresh copy in *out. */
static int take_string(struct decl *d, const char *field, char **out)
{
	size_t len;
	const char *p;

	if (lua_type(d->L, -1) != LUA_TSTRING)
		return decl_fail(d, field, _("expected a string, got %s"),
				 luaL_typename(d->L, -1));
	p = lua_tolstring(d->L, -1, &len);
	if (strlen(p) != len)
		return decl_fail(d, field, _("the string contains a NUL byte"));
	c_account(d->s, len + 1);
	*out = xstrdup(p);
	return 0;
}

/* Reads an optional (or required) string field into *out. */
static int opt_string(struct decl *d, int idx, const char *field,
		      int required, char **out)
{
	int rc = 0;

	if (get_field(d->L, idx, field) == LUA_TNIL) {
		if (required)
			rc = decl_fail(d, field, _("missing (it is required)"));
	} else {
		rc = take_string(d, field, out);
	}
	lua_pop(d->L, 1);
	return rc;
}

/*
 * Names the declaration by its id when it has a valid one, so that even
 * the errors found before the id is read (unknown fields) say which.
 */
static void peek_subject(struct decl *d, const char *what)
{
	size_t len;
	const char *id;

	if (get_field(d->L, 1, "id") == LUA_TSTRING) {
		id = lua_tolstring(d->L, -1, &len);
		if (valid_id(id, len))
			snprintf(d->subject, sizeof(d->subject), "%s '%s'",
				 what, id);
	}
	lua_pop(d->L, 1);
}

static int check_id(struct decl *d, const char *field, const char *id)
{
	if (!valid_id(id, strlen(id)))
		return decl_fail(d, field,
				 _("invalid id '%.80s' (lowercase letters, digits and '-', starting with a letter or digit, at most %d bytes)"),
				 id, MAX_ID);
	return 0;
}

static int parse_time(struct decl *d, const char *field, const char *text,
		      struct time_expr *out)
{
	struct err e = ERR_INIT;
	int rc = 0;

	if (clock_parse_expr(text, out, &e) < 0)
		rc = decl_fail(d, field, "%s", e.msg.buf);
	err_release(&e);
	return rc;
}

/* An optional time expression field; kind stays TIME_NONE when absent. */
static int opt_time(struct decl *d, int idx, const char *field,
		    struct time_expr *out)
{
	lua_State *L = d->L;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (get_field(L, idx, field) != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TSTRING)
			rc = decl_fail(d, field,
				       _("expected a time expression (string), got %s"),
				       luaL_typename(L, -1));
		else
			rc = parse_time(d, field, lua_tostring(L, -1), out);
	}
	lua_pop(L, 1);
	return rc;
}

/*
 * Reads the list of strings at the top of the stack into *out and *n (set
 * before filling, so a failure midway leaks nothing).  ids: each must be
 * a valid id.  nonempty: at least one.
 */
static int take_list(struct decl *d, const char *field, char ***out,
		     size_t *n, int ids, int nonempty)
{
	lua_State *L = d->L;
	int t = lua_gettop(L);
	size_t len, count = 0, i;

	if (lua_type(L, t) != LUA_TTABLE || lua_getmetatable(L, t)) {
		if (lua_gettop(L) > t)
			lua_settop(L, t);
		return decl_fail(d, field, _("expected a list of strings, got %s"),
				 lua_type(L, t) == LUA_TTABLE ? "a special value" :
				 luaL_typename(L, t));
	}
	len = lua_rawlen(L, t);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		count++;
		lua_pop(L, 1);
	}
	if (count != len)
		return decl_fail(d, field,
				 _("expected a list of strings, got a table with named or missing entries"));
	if (nonempty && len == 0)
		return decl_fail(d, field, _("the list is empty"));
	c_account(d->s, (len ? len : 1) * sizeof(**out));
	*out = xcalloc(len ? len : 1, sizeof(**out));
	*n = len;
	for (i = 0; i < len; i++) {
		if (lua_rawgeti(L, t, (lua_Integer)i + 1) != LUA_TSTRING)
			return decl_fail(d, field,
					 _("element %zu: expected a string, got %s"),
					 i + 1, luaL_typename(L, -1));
		if (take_string(d, field, &(*out)[i]) < 0)
			return -1;
		lua_pop(L, 1);
		if (ids && check_id(d, field, (*out)[i]) < 0)
			return -1;
	}
	return 0;
}

static int is_tagged(lua_State *L, int idx, const void *key)
{
	int same;

	if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx))
		return 0;
	lua_rawgetp(L, LUA_REGISTRYINDEX, key);
	same = lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	return same;
}

/* Converts the owner selector at the top of the stack into *slot. */
static int take_selector(struct decl *d, const char *field,
			 struct selector **slot, int depth)
{
	lua_State *L = d->L;
	int t = lua_gettop(L);
	struct selector *sel;
	const char *kind;
	int rc;

	if (depth > MAX_EXCEPT_DEPTH)
		return decl_fail(d, field, _("except() nested too deeply"));
	c_account(d->s, sizeof(*sel) + sizeof(char *));
	sel = xcalloc(1, sizeof(*sel));
	*slot = sel;
	sel->kind = SELECTOR_IDS;
	if (lua_type(L, t) == LUA_TSTRING) {
		sel->values = xcalloc(1, sizeof(char *));
		sel->nvalues = 1;
		if (take_string(d, field, &sel->values[0]) < 0)
			return -1;
		return check_id(d, field, sel->values[0]);
	}
	if (lua_type(L, t) == LUA_TTABLE && !is_tagged(L, t, &KEY_SELECTOR_MT)) {
		if (lua_getmetatable(L, t))
			return decl_fail(d, field,
					 _("expected a unit id, a list of ids, kinds { }, units { }, all() or except(), got a special table"));
		return take_list(d, field, &sel->values, &sel->nvalues, 1, 1);
	}
	if (lua_type(L, t) != LUA_TTABLE)
		return decl_fail(d, field,
				 _("expected a unit id, a list of ids, kinds { }, units { }, all() or except(), got %s"),
				 luaL_typename(L, t));
	/* The table is the runbook's to edit: trust none of its fields. */
	if (get_field(L, t, "kind") != LUA_TSTRING)
		return decl_fail(d, field, _("a selector was altered"));
	kind = lua_tostring(L, -1);
	lua_pop(L, 1); /* the string stays alive in the tagged table */
	if (!strcmp(kind, "all")) {
		sel->kind = SELECTOR_ALL;
		return 0;
	}
	get_field(L, t, "arg");
	if (!strcmp(kind, "kinds")) {
		sel->kind = SELECTOR_KINDS;
		if (lua_type(L, -1) == LUA_TSTRING) {
			sel->values = xcalloc(1, sizeof(char *));
			sel->nvalues = 1;
			if (take_string(d, field, &sel->values[0]) < 0)
				return -1;
			return check_id(d, field, sel->values[0]);
		}
		rc = take_list(d, field, &sel->values, &sel->nvalues, 1, 1);
	} else if (!strcmp(kind, "units")) {
		rc = take_list(d, field, &sel->values, &sel->nvalues, 1, 1);
	} else {
		sel->kind = SELECTOR_EXCEPT;
		if (lua_type(L, -1) == LUA_TSTRING) {
			sel->values = xcalloc(1, sizeof(char *));
			sel->nvalues = 1;
			if (take_string(d, field, &sel->values[0]) < 0 ||
			    check_id(d, field, sel->values[0]) < 0)
				return -1;
		} else if (lua_isnil(L, -1)) {
			return decl_fail(d, field,
					 _("except(SELECTOR, { ids }) needs the ids to leave out"));
		} else if (take_list(d, field, &sel->values, &sel->nvalues,
				     1, 0) < 0) {
			return -1;
		}
		lua_pop(L, 1);
		if (get_field(L, t, "base") == LUA_TNIL)
			return decl_fail(d, field,
					 _("except(SELECTOR, { ids }) needs a selector first"));
		rc = take_selector(d, field, &sel->base, depth + 1);
	}
	lua_settop(L, t);
	return rc;
}

static int take_recurrence(struct decl *d, struct recurrence **slot)
{
	static const char *const known[] = { "before", "from", "to", NULL };
	struct err e = ERR_INIT;
	lua_State *L = d->L;
	int t = lua_gettop(L), a, rc = 0;
	struct recurrence *r;

	if (!is_tagged(L, t, &KEY_RECUR_MT))
		return decl_fail(d, "every",
				 _("expected daily { before = \"HH:MM\", from = ..., to = ... }, got %s"),
				 luaL_typename(L, t));
	get_field(L, t, "arg");
	a = lua_gettop(L);
	if (lua_type(L, a) != LUA_TTABLE)
		return decl_fail(d, "every", _("daily expects a table { before = ..., to = ... }"));
	if (check_fields(d, a, known, "daily { }") < 0)
		return -1;
	c_account(d->s, sizeof(*r));
	r = xcalloc(1, sizeof(*r));
	*slot = r;
	if (get_field(L, a, "before") != LUA_TSTRING)
		return decl_fail(d, "every",
				 _("daily { }: before is required (a local time \"HH:MM\"), got %s"),
				 luaL_typename(L, -1));
	if (clock_parse_time_of_day(lua_tostring(L, -1), &r->before_minutes,
				    &e) < 0)
		rc = decl_fail(d, "every", _("daily { }: before: %s"), e.msg.buf);
	err_release(&e);
	if (rc < 0)
		return -1;
	lua_pop(L, 1);
	if (opt_time(d, a, "from", &r->from) < 0 ||
	    opt_time(d, a, "to", &r->to) < 0)
		return -1;
	if (r->from.kind == TIME_NONE)
		r->from.kind = TIME_RELATIVE; /* "T" */
	if (r->to.kind == TIME_NONE)
		return decl_fail(d, "every",
				 _("daily { }: to is required (the last instant covered)"));
	lua_settop(L, t);
	return 0;
}

static int valid_field_name(const char *p)
{
	size_t i;

	for (i = 0; p[i]; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		      (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
			return 0;
	return i > 0 && i <= MAX_ID;
}

static int cmp_evidence(const void *a, const void *b)
{
	const struct evidence_field *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int take_evidence(struct decl *d, struct step *st)
{
	lua_State *L = d->L;
	int t = lua_gettop(L);
	size_t count = 0, len;
	struct evidence_field *f;
	const char *name, *type;
	char base[32];

	if (lua_type(L, t) != LUA_TTABLE)
		return decl_fail(d, "evidence",
				 _("expected a table { field = \"type\" }, got %s"),
				 luaL_typename(L, t));
	lua_pushnil(L);
	while (lua_next(L, t)) {
		count++;
		lua_pop(L, 1);
	}
	c_account(d->s, (count ? count : 1) * sizeof(*st->evidence));
	st->evidence = xcalloc(count ? count : 1, sizeof(*st->evidence));
	lua_pushnil(L);
	while (lua_next(L, t)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			return decl_fail(d, "evidence",
					 _("expected field = \"type\", got a %s key"),
					 luaL_typename(L, -2));
		name = lua_tostring(L, -2);
		if (!valid_field_name(name))
			return decl_fail(d, "evidence",
					 _("bad field name '%.80s' (lowercase letters, digits and '_')"),
					 name);
		if (!strcmp(name, "waiver"))
			return decl_fail(d, "evidence",
					 _("'waiver' is reserved for the waivers officers record"));
		if (lua_type(L, -1) != LUA_TSTRING)
			return decl_fail(d, "evidence",
					 _("'%s': expected a type name, got %s"),
					 name, luaL_typename(L, -1));
		type = lua_tolstring(L, -1, &len);
		f = &st->evidence[st->nevidence++];
		c_account(d->s, strlen(name) + 1);
		f->name = xstrdup(name);
		f->optional = len > 0 && type[len - 1] == '?';
		len -= (size_t)f->optional;
		if (len >= sizeof(base))
			len = 0; /* longer than any type name: unknown */
		memcpy(base, type, len);
		base[len] = '\0';
		if (model_evidence_type_parse(base, &f->type) < 0)
			return decl_fail(d, "evidence",
					 _("'%s': unknown type '%.40s' (text, phone, email, url, int, money, date, bool or file, with '?' when optional)"),
					 name, type);
		lua_pop(L, 1);
	}
	qsort(st->evidence, st->nevidence, sizeof(*st->evidence), cmp_evidence);
	return 0;
}

/* Text of lines first..last (1-based) of text, or NULL. */
static char *cut_lines(const char *text, size_t len, int first, int last)
{
	const char *p = text, *end = text + len, *start, *nl;
	int line = 1;

	if (first <= 0) /* a main chunk: the whole text */
		return xstrndup(text, len);
	while (line < first && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
		line++;
	}
	start = p;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl) {
			p = end;
			break;
		}
		if (line == last) {
			p = nl;
			break;
		}
		p = nl + 1;
		line++;
	}
	return xstrndup(start, (size_t)(p - start));
}

/* The source text of the function at the top of the stack (kept there). */
static char *function_source(struct script *s, lua_State *L)
{
	lua_Debug ar;
	const char *name;
	size_t i;

	lua_pushvalue(L, -1);
	if (!lua_getinfo(L, ">S", &ar) || ar.what[0] == 'C')
		return NULL;
	name = known_name(s, ar.source);
	if (name == s->file)
		return cut_lines(s->text, s->len, ar.linedefined,
				 ar.lastlinedefined);
	for (i = 0; name && i < s->nmods; i++)
		if (name == s->mods[i].name)
			return cut_lines(s->mods[i].text, s->mods[i].len,
					 ar.linedefined, ar.lastlinedefined);
	if (ar.source[0] != '@' && ar.source[0] != '=')
		return cut_lines(ar.source, strlen(ar.source), ar.linedefined,
				 ar.lastlinedefined); /* load()ed text */
	return NULL;
}

static void keep_function(lua_State *L, const void *key, size_t step)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, key);
	lua_pushvalue(L, -2);
	lua_rawseti(L, -2, (lua_Integer)step + 1);
	lua_pop(L, 1);
}

static int decl_runbook(lua_State *L)
{
	static const char *const known[] = {
		"id", "title", "directive", "t0", "timezone", "units",
		"duty_window", "items", NULL
	};
	struct decl d;
	struct runbook *rb;
	struct err e = ERR_INIT;
	char *t0 = NULL, *tz = NULL;
	size_t i, j;
	int rc = 0;

	decl_begin(&d, L, "runbook");
	rb = d.s->rb;
	if (d.s->have_runbook) {
		decl_fail(&d, NULL, _("runbook declared twice (first at line %d)"),
			  d.s->runbook_line);
		return raise_decl(L);
	}
	d.s->have_runbook = 1;
	d.s->runbook_line = d.line;
	rb->line = d.line;
	peek_subject(&d, "runbook");
	if (check_fields(&d, 1, known, "runbook { }") < 0 ||
	    opt_string(&d, 1, "id", 1, &rb->id) < 0 ||
	    check_id(&d, "id", rb->id) < 0)
		return raise_decl(L);
	snprintf(d.subject, sizeof(d.subject), "runbook '%s'", rb->id);
	if (opt_string(&d, 1, "title", 1, &rb->title) < 0 ||
	    opt_string(&d, 1, "directive", 0, &rb->directive) < 0 ||
	    opt_string(&d, 1, "units", 1, &rb->units_path) < 0)
		return raise_decl(L);
	/* DESIGN: nothing is read from outside the runbook's folder. */
	if (infile_check_name(rb->units_path, d.s->dir, &e) < 0) {
		decl_fail(&d, "units", "%s", e.msg.buf);
		err_release(&e);
		return raise_decl(L);
	}

	/* t0 and timezone are C strings only here: no Lua call in between. */
	get_field(L, 1, "timezone");
	if (!lua_isnil(L, -1) && take_string(&d, "timezone", &tz) < 0)
		return raise_decl(L);
	lua_pop(L, 1);
	rb->offset_minutes = 420;
	if (tz && clock_parse_offset(tz, &rb->offset_minutes, &e) < 0)
		rc = decl_fail(&d, "timezone", "%s", e.msg.buf);
	free(tz);
	err_release(&e);
	if (rc < 0)
		return raise_decl(L);
	if (opt_string(&d, 1, "t0", 1, &t0) < 0)
		return raise_decl(L);
	if (clock_parse_local(t0, rb->offset_minutes, &rb->t0, &e) < 0)
		rc = decl_fail(&d, "t0", "%s", e.msg.buf);
	free(t0);
	err_release(&e);
	if (rc < 0)
		return raise_decl(L);

	if (get_field(L, 1, "duty_window") != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TTABLE || lua_rawlen(L, -1) != 2)
			rc = decl_fail(&d, "duty_window",
				       _("expected { FROM, TO } (two time expressions)"));
		for (i = 0; rc == 0 && i < 2; i++) {
			if (lua_rawgeti(L, -1, (lua_Integer)i + 1) != LUA_TSTRING)
				rc = decl_fail(&d, "duty_window",
					       _("expected a time expression (string), got %s"),
					       luaL_typename(L, -1));
			else
				rc = parse_time(&d, "duty_window",
						lua_tostring(L, -1),
						i ? &rb->duty_to : &rb->duty_from);
			lua_pop(L, 1);
		}
		if (rc < 0)
			return raise_decl(L);
		rb->has_duty_window = 1;
	}
	lua_pop(L, 1);

	if (get_field(L, 1, "items") != LUA_TNIL) {
		if (take_list(&d, "items", &rb->items, &rb->nitems, 0, 1) < 0)
			return raise_decl(L);
		for (i = 0; i < rb->nitems; i++) {
			if (!rb->items[i][0])
				rc = decl_fail(&d, "items", _("element %zu is empty"),
					       i + 1);
			for (j = 0; rc == 0 && j < i; j++)
				if (!strcmp(rb->items[i], rb->items[j]))
					rc = decl_fail(&d, "items",
						       _("item '%.80s' listed twice"),
						       rb->items[i]);
			if (rc < 0)
				return raise_decl(L);
		}
	}
	lua_pop(L, 1);
	return 0;
}

static int take_ids(struct decl *d, const char *field, char ***out, size_t *n)
{
	size_t i, j;

	if (take_list(d, field, out, n, 1, 1) < 0)
		return -1;
	for (i = 0; i < *n; i++)
		for (j = 0; j < i; j++)
			if (!strcmp((*out)[i], (*out)[j]))
				return decl_fail(d, field, _("'%s' listed twice"),
						 (*out)[i]);
	return 0;
}

/*
 * difficulties { systems = {...}, severities = {...}, route = fn }: what
 * `cutover issue add` accepts and where each difficulty is sent.
 */
static int decl_difficulties(lua_State *L)
{
	static const char *const known[] = {
		"systems", "severities", "route", NULL
	};
	struct decl d;
	struct difficulties *df;
	int type;

	decl_begin(&d, L, "difficulties");
	snprintf(d.subject, sizeof(d.subject), "difficulties");
	if (!d.s->have_runbook) {
		decl_fail(&d, NULL, _("runbook { } must come first"));
		return raise_decl(L);
	}
	if (d.s->rb->difficulties) {
		decl_fail(&d, NULL, _("difficulties declared twice (first at line %d)"),
			  d.s->rb->difficulties->line);
		return raise_decl(L);
	}
	if (check_fields(&d, 1, known, "difficulties { }") < 0)
		return raise_decl(L);
	c_account(d.s, sizeof(*df));
	df = xcalloc(1, sizeof(*df));
	df->line = d.line;
	d.s->rb->difficulties = df;
	if (get_field(L, 1, "systems") == LUA_TNIL) {
		decl_fail(&d, "systems", _("missing (it is required)"));
		return raise_decl(L);
	}
	if (take_ids(&d, "systems", &df->systems, &df->nsystems) < 0)
		return raise_decl(L);
	lua_settop(L, 1);
	if (get_field(L, 1, "severities") == LUA_TNIL) {
		decl_fail(&d, "severities", _("missing (it is required)"));
		return raise_decl(L);
	}
	if (take_ids(&d, "severities", &df->severities, &df->nseverities) < 0)
		return raise_decl(L);
	lua_settop(L, 1);
	type = get_field(L, 1, "route");
	if (type == LUA_TFUNCTION) {
		df->has_route = 1;
		lua_rawsetp(L, LUA_REGISTRYINDEX, &KEY_ROUTE);
	} else if (type != LUA_TNIL) {
		decl_fail(&d, "route", _("expected a function, got %s"),
			  luaL_typename(L, -1));
		return raise_decl(L);
	}
	lua_settop(L, 1);
	return 0;
}

/* An optional duration field ("2h", "30m"); *out untouched when absent. */
static int opt_duration(struct decl *d, int idx, const char *field,
			int64_t *out)
{
	struct err e = ERR_INIT;
	lua_State *L = d->L;
	int rc = 0;

	if (get_field(L, idx, field) != LUA_TNIL) {
		if (lua_type(L, -1) != LUA_TSTRING)
			rc = decl_fail(d, field,
				       _("expected a duration such as \"2h\" (string), got %s"),
				       luaL_typename(L, -1));
		else if (clock_parse_duration(lua_tostring(L, -1), out, &e) < 0)
			rc = decl_fail(d, field, "%s", e.msg.buf);
	}
	err_release(&e);
	lua_pop(L, 1);
	return rc;
}

/*
 * reminders { at = { "HH:MM", ... }, every = "1h", from = T, to = T,
 * within = "2h", period = "6h", daily_report = true }: when `cutover
 * serve` runs the reminders, and what counts as soon due and as the
 * same reminder for every call.
 */
static int decl_reminders(lua_State *L)
{
	static const char *const known[] = {
		"at", "every", "from", "to", "within", "period",
		"daily_report", NULL
	};
	struct decl d;
	struct reminders *r;
	struct err e = ERR_INIT;
	char **times = NULL;
	size_t ntimes = 0, i;
	int rc = 0, type;

	decl_begin(&d, L, "reminders");
	snprintf(d.subject, sizeof(d.subject), "reminders");
	if (!d.s->have_runbook) {
		decl_fail(&d, NULL, _("runbook { } must come first"));
		return raise_decl(L);
	}
	if (d.s->rb->reminders) {
		decl_fail(&d, NULL, _("reminders declared twice (first at line %d)"),
			  d.s->rb->reminders->line);
		return raise_decl(L);
	}
	if (check_fields(&d, 1, known, "reminders { }") < 0)
		return raise_decl(L);
	r = xcalloc(1, sizeof(*r));
	r->line = d.line;
	r->within = REMINDERS_WITHIN;
	r->period = REMINDERS_PERIOD;
	d.s->rb->reminders = r;
	if (get_field(L, 1, "at") != LUA_TNIL) {
		if (take_list(&d, "at", &times, &ntimes, 0, 1) < 0)
			rc = -1;
		r->at = xcalloc(ntimes + 1, sizeof(*r->at));
		for (i = 0; !rc && i < ntimes; i++) {
			if (clock_parse_time_of_day(times[i], &r->at[i], &e) < 0)
				rc = decl_fail(&d, "at", "%s", e.msg.buf);
			r->nat++;
		}
		for (i = 0; i < ntimes; i++)
			free(times ? times[i] : NULL);
		free(times);
		err_release(&e);
		if (rc < 0)
			return raise_decl(L);
	}
	lua_settop(L, 1);
	if (opt_duration(&d, 1, "every", &r->every) < 0 ||
	    opt_duration(&d, 1, "within", &r->within) < 0 ||
	    opt_duration(&d, 1, "period", &r->period) < 0 ||
	    opt_time(&d, 1, "from", &r->from) < 0 ||
	    opt_time(&d, 1, "to", &r->to) < 0)
		return raise_decl(L);
	type = get_field(L, 1, "daily_report");
	if (type == LUA_TBOOLEAN)
		r->daily_report = lua_toboolean(L, -1);
	else if (type != LUA_TNIL) {
		decl_fail(&d, "daily_report", _("expected a boolean, got %s"),
			  luaL_typename(L, -1));
		return raise_decl(L);
	}
	lua_settop(L, 1);
	if (!r->nat && !r->every) {
		decl_fail(&d, NULL, _("say when: at = { \"HH:MM\", ... }, every = \"1h\", or both"));
		return raise_decl(L);
	}
	return 0;
}

static int decl_section(lua_State *L)
{
	static const char *const known[] = { "id", "title", NULL };
	struct decl d;
	struct runbook *rb;
	struct section *sec;
	size_t i, grown;

	decl_begin(&d, L, "section");
	peek_subject(&d, "section");
	rb = d.s->rb;
	if (!d.s->have_runbook) {
		decl_fail(&d, NULL, _("runbook { } must come first"));
		return raise_decl(L);
	}
	if (check_fields(&d, 1, known, "section { }") < 0)
		return raise_decl(L);
	grown = d.s->asections;
	XGROW(rb->sections, d.s->asections, rb->nsections + 1);
	c_account(d.s, (d.s->asections - grown) * sizeof(*rb->sections));
	sec = &rb->sections[rb->nsections++];
	memset(sec, 0, sizeof(*sec));
	sec->line = d.line;
	if (opt_string(&d, 1, "id", 1, &sec->id) < 0 ||
	    check_id(&d, "id", sec->id) < 0)
		return raise_decl(L);
	snprintf(d.subject, sizeof(d.subject), "section '%s'", sec->id);
	for (i = 0; i + 1 < rb->nsections; i++)
		if (!strcmp(rb->sections[i].id, sec->id)) {
			decl_fail(&d, "id",
				  _("duplicate section id '%s' (first at line %d)"),
				  sec->id, rb->sections[i].line);
			return raise_decl(L);
		}
	if (opt_string(&d, 1, "title", 1, &sec->title) < 0)
		return raise_decl(L);
	return 0;
}

static int step_fields(struct decl *d, struct step *st, size_t index)
{
	lua_State *L = d->L;
	struct script *s = d->s;
	struct runbook *rb = s->rb;
	size_t i;
	int type;

	if (opt_string(d, 1, "title", 1, &st->title) < 0 ||
	    opt_string(d, 1, "details", 0, &st->details) < 0 ||
	    opt_string(d, 1, "directive", 0, &st->directive) < 0)
		return -1;
	if (st->directive && rb->nitems) {
		for (i = 0; i < rb->nitems; i++)
			if (!strcmp(rb->items[i], st->directive))
				break;
		if (i == rb->nitems)
			return decl_fail(d, "directive",
					 _("'%.80s' is not one of the runbook's items"),
					 st->directive);
	}

	if (get_field(L, 1, "owners") == LUA_TNIL)
		return decl_fail(d, "owners", _("missing (it is required)"));
	if (take_selector(d, "owners", &st->owners, 0) < 0)
		return -1;
	lua_settop(L, 1);

	type = get_field(L, 1, "report_to");
	if (type == LUA_TFUNCTION) {
		st->report_to_is_function = 1;
		keep_function(L, &KEY_REPORT_TO, index);
	} else if (type == LUA_TSTRING) {
		if (take_string(d, "report_to", &st->report_to) < 0 ||
		    check_id(d, "report_to", st->report_to) < 0)
			return -1;
	} else if (type != LUA_TNIL) {
		return decl_fail(d, "report_to",
				 _("expected a unit id or a function, got %s"),
				 luaL_typename(L, -1));
	}
	lua_settop(L, 1);

	if (opt_time(d, 1, "start", &st->start) < 0 ||
	    opt_time(d, 1, "due", &st->due) < 0)
		return -1;
	if (get_field(L, 1, "every") != LUA_TNIL) {
		if (take_recurrence(d, &st->every) < 0)
			return -1;
		if (st->due.kind != TIME_NONE)
			return decl_fail(d, "due",
					 _("a recurring step takes its deadlines from every; remove due"));
	} else if (st->due.kind == TIME_NONE) {
		return decl_fail(d, "due", _("missing (required unless every is given)"));
	}
	lua_settop(L, 1);

	if (get_field(L, 1, "requires") != LUA_TNIL &&
	    take_list(d, "requires", &st->requires, &st->nrequires, 1, 0) < 0)
		return -1;
	lua_settop(L, 1);

	type = get_field(L, 1, "gate");
	if (type == LUA_TBOOLEAN)
		st->gate = lua_toboolean(L, -1);
	else if (type != LUA_TNIL)
		return decl_fail(d, "gate", _("expected a boolean, got %s"),
				 luaL_typename(L, -1));
	lua_settop(L, 1);

	if (get_field(L, 1, "evidence") != LUA_TNIL &&
	    take_evidence(d, st) < 0)
		return -1;
	lua_settop(L, 1);

	if (opt_string(d, 1, "roster", 0, &st->roster) < 0 ||
	    (st->roster && check_id(d, "roster", st->roster) < 0))
		return -1;
	if (st->roster && !rb->has_duty_window)
		return decl_fail(d, "roster",
				 _("a roster step needs the runbook's duty_window"));

	type = get_field(L, 1, "check");
	if (type == LUA_TFUNCTION) {
		keep_function(L, &KEY_CHECKS, index);
		st->check_source = function_source(s, L);
		if (st->check_source)
			c_account(s, strlen(st->check_source) + 1);
	} else if (type != LUA_TNIL) {
		return decl_fail(d, "check", _("expected a function, got %s"),
				 luaL_typename(L, -1));
	}
	lua_settop(L, 1);
	return 0;
}

static int decl_step(lua_State *L)
{
	static const char *const known[] = {
		"id", "title", "details", "directive", "owners", "report_to",
		"start", "due", "every", "requires", "gate", "evidence",
		"check", "roster", NULL
	};
	struct decl d;
	struct runbook *rb;
	struct step *st;
	size_t i, index, grown;

	decl_begin(&d, L, "step");
	peek_subject(&d, "step");
	rb = d.s->rb;
	if (!d.s->have_runbook) {
		decl_fail(&d, NULL, _("runbook { } must come first"));
		return raise_decl(L);
	}
	if (!rb->nsections) {
		decl_fail(&d, NULL, _("a step must follow a section { }"));
		return raise_decl(L);
	}
	if (check_fields(&d, 1, known, "step { }") < 0)
		return raise_decl(L);
	grown = d.s->asteps;
	XGROW(rb->steps, d.s->asteps, rb->nsteps + 1);
	c_account(d.s, (d.s->asteps - grown) * sizeof(*rb->steps));
	index = rb->nsteps++;
	st = &rb->steps[index];
	memset(st, 0, sizeof(*st));
	st->line = d.line;
	st->section = rb->nsections - 1;
	if (opt_string(&d, 1, "id", 1, &st->id) < 0 ||
	    check_id(&d, "id", st->id) < 0)
		return raise_decl(L);
	snprintf(d.subject, sizeof(d.subject), "step '%s'", st->id);
	for (i = 0; i < index; i++)
		if (!strcmp(rb->steps[i].id, st->id)) {
			decl_fail(&d, "id",
				  _("duplicate step id '%s' (first at line %d)"),
				  st->id, rb->steps[i].line);
			return raise_decl(L);
		}
	if (step_fields(&d, st, index) < 0)
		return raise_decl(L);
	return 0;
}

/* Selector and recurrence values: tagged tables checked by step { }. */
static int new_tagged(lua_State *L, const void *key, const char *kind,
		      int arg, int base)
{
	lua_createtable(L, 0, 3);
	lua_pushstring(L, kind);
	lua_setfield(L, -2, "kind");
	if (arg) {
		lua_pushvalue(L, arg);
		lua_setfield(L, -2, "arg");
	}
	if (base) {
		lua_pushvalue(L, base);
		lua_setfield(L, -2, "base");
	}
	lua_rawgetp(L, LUA_REGISTRYINDEX, key);
	lua_setmetatable(L, -2);
	return 1;
}

static int decl_kinds(lua_State *L)
{
	luaL_checkany(L, 1);
	return new_tagged(L, &KEY_SELECTOR_MT, "kinds", 1, 0);
}

static int decl_units(lua_State *L)
{
	luaL_checkany(L, 1);
	return new_tagged(L, &KEY_SELECTOR_MT, "units", 1, 0);
}

static int decl_all(lua_State *L)
{
	return new_tagged(L, &KEY_SELECTOR_MT, "all", 0, 0);
}

static int decl_except(lua_State *L)
{
	luaL_checkany(L, 1);
	luaL_checkany(L, 2);
	return new_tagged(L, &KEY_SELECTOR_MT, "except", 2, 1);
}

static void push_unit(lua_State *L, const struct unit *u);

/* unit(id): a unit of the registry as check and route functions see it. */
static int lookup_unit(lua_State *L)
{
	struct script *s = script_of(L);
	const char *id = luaL_checkstring(L, 1);
	const struct unit *u;

	if (!s->registry)
		return luaL_error(L, _("unit() is for check and route functions:"
				  " the registry is read after the runbook"));
	u = units_find(s->registry, id);
	if (!u)
		lua_pushnil(L);
	else
		push_unit(L, u);
	return 1;
}

static int decl_daily(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	return new_tagged(L, &KEY_RECUR_MT, "daily", 1, 0);
}

static const luaL_Reg declarations[] = {
	{ "runbook", decl_runbook },
	{ "section", decl_section },
	{ "step", decl_step },
	{ "kinds", decl_kinds },
	{ "units", decl_units },
	{ "all", decl_all },
	{ "except", decl_except },
	{ "daily", decl_daily },
	{ "difficulties", decl_difficulties },
	{ "reminders", decl_reminders },
	{ "unit", lookup_unit },
	{ "csv", sb_csv },
	{ NULL, NULL }
};

/* Replaces lib[name] by fn, with the original as its upvalue. */
static void wrap(lua_State *L, int lib, const char *name, lua_CFunction fn)
{
	lua_getfield(L, lib, name);
	lua_pushcclosure(L, fn, 1);
	lua_setfield(L, lib, name);
}

/* Builds the sandbox; runs protected (anything here may run out of memory). */
static int setup(lua_State *L)
{
	static const luaL_Reg libs[] = {
		{ LUA_GNAME, luaopen_base },
		{ LUA_STRLIBNAME, luaopen_string },
		{ LUA_TABLIBNAME, luaopen_table },
		{ LUA_MATHLIBNAME, luaopen_math },
		{ LUA_UTF8LIBNAME, luaopen_utf8 },
		{ NULL, NULL }
	};
	static const char *const removed[] = {
		"dofile", "loadfile", "print", NULL
	};
	const luaL_Reg *lib;
	const void *const tables[] = { &KEY_REPORT_TO, &KEY_CHECKS, &KEY_LOADED };
	size_t i;
	int g;

	for (lib = libs; lib->func; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}
	lua_pushglobaltable(L);
	g = lua_gettop(L);
	for (i = 0; removed[i]; i++) {
		lua_pushnil(L);
		lua_setfield(L, g, removed[i]);
	}
	lua_pushcfunction(L, sb_load);
	lua_setfield(L, g, "load");
	lua_pushcfunction(L, sb_pcall);
	lua_setfield(L, g, "pcall");
	lua_pushcfunction(L, sb_xpcall);
	lua_setfield(L, g, "xpcall");
	lua_pushcfunction(L, sb_collectgarbage);
	lua_setfield(L, g, "collectgarbage");
	lua_pushcfunction(L, sb_require);
	lua_setfield(L, g, "require");
	wrap(L, g, "setmetatable", sb_setmetatable);
	lua_getfield(L, g, LUA_STRLIBNAME);
	wrap(L, lua_gettop(L), "rep", sb_rep);
	wrap(L, lua_gettop(L), "find", sb_pattern);
	wrap(L, lua_gettop(L), "match", sb_pattern);
	wrap(L, lua_gettop(L), "gsub", sb_pattern);
	wrap(L, lua_gettop(L), "gmatch", sb_gmatch);
	lua_pop(L, 1);
	lua_getfield(L, g, LUA_TABLIBNAME);
	wrap(L, lua_gettop(L), "move", sb_move);
	lua_pop(L, 1);
	lua_pushglobaltable(L);
	luaL_setfuncs(L, declarations, 0);
	lua_pop(L, 1);

	/* Protected metatables: runbook code cannot read or replace them. */
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "selector");
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &KEY_SELECTOR_MT);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "recurrence");
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &KEY_RECUR_MT);
	/* csv()'s box: the one __gc here, C code that cannot loop. */
	lua_createtable(L, 0, 2);
	lua_pushcfunction(L, csv_box_gc);
	lua_setfield(L, -2, "__gc");
	lua_pushliteral(L, "csv");
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &KEY_CSV_MT);
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		lua_newtable(L);
		lua_rawsetp(L, LUA_REGISTRYINDEX, tables[i]);
	}
	return 0;
}

int script_load(const char *chunkname, const char *text, size_t len,
		const struct script_limits *limits, script_read_fn read,
		void *read_ctx, struct script **out, struct err *err)
{
	static const struct script_limits defaults = SCRIPT_LIMITS_DEFAULT;
	struct script *s;
	const char *slash;
	char *at;
	int status;

	*out = NULL;
	if (!limits)
		limits = &defaults;
	s = xcalloc(1, sizeof(*s));
	err_init(&s->decl);
	s->mem_cap = limits->memory_bytes;
	s->mem_soft = s->mem_cap - s->mem_cap / 8;
	s->budget = limits->instructions;
	s->command_budget = limits->command_instructions ?
		limits->command_instructions : SCRIPT_COMMAND_INSTRUCTIONS;
	if (s->command_budget < s->budget)
		s->command_budget = s->budget;
	s->file = xstrdup(chunkname);
	slash = strrchr(chunkname, '/');
	s->dir = xstrndup(chunkname, slash ? (size_t)(slash - chunkname) + 1 : 0);
	s->text = xstrndup(text, len);
	s->len = len;
	s->read = read;
	s->read_ctx = read_ctx;
	s->rb = xcalloc(1, sizeof(*s->rb));
	s->rb->file = xstrdup(chunkname);
	s->rb->offset_minutes = 420;

	s->L = lua_newstate(sandbox_alloc, s);
	if (!s->L) {
		err_at(err, chunkname, 0, 0);
		fail(err, _("cannot create the Lua state (memory cap too small?)"));
		goto fail;
	}
	lua_sethook(s->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
	lua_pushcfunction(s->L, setup);
	if (protected_call(s, 0, 0, err) < 0)
		goto fail;

	at = xmalloc(strlen(chunkname) + 2);
	at[0] = '@';
	memcpy(at + 1, chunkname, strlen(chunkname) + 1);
	status = luaL_loadbufferx(s->L, text, len, at, "t");
	free(at);
	if (status != LUA_OK) {
		translate_error(s, status, err);
		lua_pop(s->L, 1);
		goto fail;
	}
	if (protected_call(s, 0, 0, err) < 0)
		goto fail;
	if (err_is_set(&s->decl)) {
		take_decl_error(s, err); /* caught by the runbook itself */
		goto fail;
	}
	if (!s->have_runbook) {
		err_at(err, chunkname, 0, 0);
		fail(err, _("no runbook { } declaration"));
		goto fail;
	}
	lua_gc(s->L, LUA_GCCOLLECT);
	/*
	 * The reader's context belongs to the caller's load (book.c keeps it
	 * on its stack): a require after this point must not reach it.
	 */
	s->loaded = 1;
	s->read = NULL;
	s->read_ctx = NULL;
	*out = s;
	return 0;
fail:
	script_free(s);
	return -1;
}

const struct runbook *script_runbook(const struct script *s)
{
	return s ? s->rb : NULL;
}

/* ---- calls after loading ---- */

static void push_unit(lua_State *L, const struct unit *u)
{
	size_t i;

	lua_createtable(L, 0, 7);
	lua_pushstring(L, u->id);
	lua_setfield(L, -2, "id");
	lua_pushstring(L, u->name);
	lua_setfield(L, -2, "name");
	lua_pushstring(L, u->kind);
	lua_setfield(L, -2, "kind");
	lua_pushstring(L, u->code);
	lua_setfield(L, -2, "code");
	lua_pushstring(L, u->parent);
	lua_setfield(L, -2, "parent");
	lua_pushstring(L, u->police);
	lua_setfield(L, -2, "police");
	lua_createtable(L, 0, (int)u->ncontacts);
	for (i = 0; i < u->ncontacts; i++) {
		lua_pushstring(L, u->contacts[i].value);
		lua_setfield(L, -2, u->contacts[i].key);
	}
	lua_setfield(L, -2, "contacts");
}

/* What a call into a stored function needs; passed as a light userdata. */
struct call {
	struct script *s;
	const void *key;
	size_t step;
	const struct unit *unit;
	const char *task_key;
	const struct script_value *values;
	size_t nvalues;
	const char *fn_file;      /* where the function is defined */
	int fn_line;
};

static void push_function(lua_State *L, struct call *c)
{
	lua_Debug ar;

	lua_rawgetp(L, LUA_REGISTRYINDEX, c->key);
	lua_rawgeti(L, -1, (lua_Integer)c->step + 1);
	lua_remove(L, -2);
	lua_pushvalue(L, -1);
	if (lua_getinfo(L, ">S", &ar)) {
		c->fn_file = known_name(c->s, ar.source);
		c->fn_line = ar.linedefined;
	}
}

static int call_recipient(lua_State *L)
{
	struct call *c = lua_touserdata(L, 1);

	lua_settop(L, 0);
	push_function(L, c);
	push_unit(L, c->unit);
	lua_call(L, 1, 1);
	return 1;
}

static void push_value(lua_State *L, const struct script_value *v)
{
	char *end;
	long long n;

	switch (v->type) {
	case EVIDENCE_INT:
	case EVIDENCE_MONEY:
		n = strtoll(v->value, &end, 10);
		if (end != v->value && !*end)
			lua_pushinteger(L, (lua_Integer)n);
		else
			lua_pushstring(L, v->value);
		break;
	case EVIDENCE_BOOL:
		if (!strcmp(v->value, "true"))
			lua_pushboolean(L, 1);
		else if (!strcmp(v->value, "false"))
			lua_pushboolean(L, 0);
		else
			lua_pushstring(L, v->value);
		break;
	case EVIDENCE_FILE:
		lua_createtable(L, 0, 3);
		lua_pushstring(L, v->value);
		lua_setfield(L, -2, "name");
		lua_pushinteger(L, (lua_Integer)v->file_len);
		lua_setfield(L, -2, "size");
		if (v->file_text) {
			lua_pushlstring(L, v->file_text, v->file_len);
			lua_setfield(L, -2, "text");
		}
		break;
	default:
		lua_pushstring(L, v->value);
		break;
	}
}

static int call_check(lua_State *L)
{
	struct call *c = lua_touserdata(L, 1);
	size_t i;

	lua_settop(L, 0);
	push_function(L, c);
	lua_createtable(L, 0, (int)c->nvalues);
	for (i = 0; i < c->nvalues; i++) {
		if (!c->values[i].value || !c->values[i].name)
			continue;
		push_value(L, &c->values[i]);
		lua_setfield(L, -2, c->values[i].name);
	}
	lua_createtable(L, 0, 3);
	push_unit(L, c->unit);
	lua_setfield(L, -2, "unit");
	lua_pushstring(L, c->task_key);
	lua_setfield(L, -2, "task");
	lua_pushstring(L, c->s->rb->steps[c->step].id);
	lua_setfield(L, -2, "step");
	lua_call(L, 2, 2);
	return 2;
}

static void about_step(struct script *s, size_t step, const char *field,
		       struct err *err)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "step '%s'", s->rb->steps[step].id);
	err_about(err, sb.buf, field);
	strbuf_release(&sb);
}

int script_recipient(struct script *s, size_t step, const struct unit *unit,
		     char **out, struct err *err)
{
	struct call c;
	lua_State *L;

	*out = NULL;
	if (!s || step >= s->rb->nsteps)
		return fail(err, _("no step %zu in the runbook"), step);
	if (!s->rb->steps[step].report_to_is_function) {
		*out = xstrdup(s->rb->steps[step].report_to);
		return 0;
	}
	L = s->L;
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.key = &KEY_REPORT_TO;
	c.step = step;
	c.unit = unit;
	lua_pushcfunction(L, call_recipient);
	lua_pushlightuserdata(L, &c);
	if (protected_call(s, 1, 1, err) < 0) {
		about_step(s, step, "report_to", err);
		return -1;
	}
	if (lua_type(L, -1) == LUA_TSTRING) {
		*out = xstrdup(lua_tostring(L, -1));
	} else if (!lua_isnil(L, -1)) {
		err_at(err, c.fn_file ? c.fn_file : s->file, c.fn_line, 0);
		about_step(s, step, "report_to", err);
		fail(err, _("report_to must return a unit id (string) or nil, got %s"),
		     luaL_typename(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	lua_pop(L, 1);
	return 0;
}

void script_set_registry(struct script *s, const struct unit_registry *reg)
{
	s->registry = reg;
}

struct route_call {
	const struct unit *unit;
	const char *system;
	const char *severity;
};

static int call_route(lua_State *L)
{
	struct route_call *rc = lua_touserdata(L, 1);

	lua_settop(L, 0);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_ROUTE);
	push_unit(L, rc->unit);
	lua_pushstring(L, rc->system);
	lua_pushstring(L, rc->severity);
	lua_call(L, 3, 1);
	return 1;
}

static int take_route_id(struct script *s, lua_State *L, char ***ids,
			 size_t *n, struct err *err)
{
	const char *id;
	size_t i;

	if (lua_type(L, -1) != LUA_TSTRING)
		return fail(err, _("route must return unit ids, got %s"),
			    luaL_typename(L, -1));
	id = lua_tostring(L, -1);
	if (s->registry && !units_find(s->registry, id))
		return fail(err, _("route returned '%.80s', which is not a unit"
			    " of the registry"), id);
	for (i = 0; i < *n; i++)
		if (!strcmp((*ids)[i], id))
			return 0;
	*ids = xrealloc(*ids, (*n + 1) * sizeof(**ids));
	(*ids)[(*n)++] = xstrdup(id);
	return 0;
}

int script_route(struct script *s, const struct unit *unit,
		 const char *system, const char *severity, char ***ids,
		 size_t *n, struct err *err)
{
	struct route_call rc = { unit, system, severity };
	lua_State *L = s->L;
	lua_Debug ar;
	size_t i, len;
	int ret = 0;

	*ids = NULL;
	*n = 0;
	if (!s->rb->difficulties || !s->rb->difficulties->has_route)
		return 0;
	lua_pushcfunction(L, call_route);
	lua_pushlightuserdata(L, &rc);
	if (protected_call(s, 1, 1, err) < 0) {
		err_about(err, "difficulties", "route");
		return -1;
	}
	if (lua_type(L, -1) == LUA_TTABLE) {
		len = lua_rawlen(L, -1);
		for (i = 1; ret == 0 && i <= len; i++) {
			lua_rawgeti(L, -1, (lua_Integer)i);
			ret = take_route_id(s, L, ids, n, err);
			lua_pop(L, 1);
		}
	} else if (!lua_isnil(L, -1)) {
		ret = take_route_id(s, L, ids, n, err);
	}
	lua_pop(L, 1);
	if (ret < 0) {
		lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_ROUTE);
		if (lua_getinfo(L, ">S", &ar))
			err_at(err, known_name(s, ar.source), ar.linedefined, 0);
		err_about(err, "difficulties", "route");
		for (i = 0; i < *n; i++)
			free((*ids)[i]);
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return ret;
}

/* Appends a reason as one finding line (a reason never spans lines). */
static void add_finding(struct strbuf *findings, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		strbuf_addch(findings, p[i] == '\n' || p[i] == '\r' ? ' ' : p[i]);
	strbuf_addch(findings, '\n');
}

int script_check(struct script *s, size_t step, const struct unit *unit,
		 const char *task_key, const struct script_value *values,
		 size_t nvalues, struct strbuf *findings, struct err *err)
{
	struct call c;
	lua_State *L;
	const char *p;
	size_t len, n, i;
	int ok = 1;

	if (!s || step >= s->rb->nsteps)
		return fail(err, _("no step %zu in the runbook"), step);
	L = s->L;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &KEY_CHECKS);
	i = lua_rawgeti(L, -1, (lua_Integer)step + 1) == LUA_TFUNCTION;
	lua_pop(L, 2);
	if (!i)
		return 0;
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.key = &KEY_CHECKS;
	c.step = step;
	c.unit = unit;
	c.task_key = task_key;
	c.values = values;
	c.nvalues = nvalues;
	lua_pushcfunction(L, call_check);
	lua_pushlightuserdata(L, &c);
	if (protected_call(s, 1, 2, err) < 0) {
		about_step(s, step, "check", err);
		return -1;
	}
	/* Only API calls that cannot raise from here on. */
	if (lua_type(L, -2) == LUA_TBOOLEAN && lua_toboolean(L, -2)) {
		lua_pop(L, 2);
		return 0;
	}
	if (lua_toboolean(L, -2)) {
		ok = 0;
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		p = lua_tolstring(L, -1, &len);
		add_finding(findings, p, len);
	} else if (lua_isnil(L, -1)) {
		add_finding(findings, "check failed", strlen("check failed"));
	} else if (lua_type(L, -1) == LUA_TTABLE) {
		n = lua_rawlen(L, -1);
		for (i = 1; ok && i <= n; i++) {
			ok = lua_rawgeti(L, -1, (lua_Integer)i) == LUA_TSTRING;
			lua_pop(L, 1);
		}
		for (i = 1; ok && i <= n; i++) {
			lua_rawgeti(L, -1, (lua_Integer)i);
			p = lua_tolstring(L, -1, &len);
			add_finding(findings, p, len);
			lua_pop(L, 1);
		}
		if (ok && n == 0)
			add_finding(findings, "check failed",
				    strlen("check failed"));
	} else {
		ok = 0;
	}
	lua_pop(L, 2);
	if (!ok) {
		err_at(err, c.fn_file ? c.fn_file : s->file, c.fn_line, 0);
		about_step(s, step, "check", err);
		fail(err, _("check must return true, or nil and a reason"));
		return -1;
	}
	return 1;
}

void script_free(struct script *s)
{
	size_t i;

	if (!s)
		return;
	if (s->L)
		lua_close(s->L);
	model_runbook_free(s->rb);
	for (i = 0; i < s->nmods; i++) {
		free(s->mods[i].name);
		free(s->mods[i].text);
	}
	free(s->mods);
	err_release(&s->decl);
	free(s->file);
	free(s->dir);
	free(s->text);
	free(s);
}
