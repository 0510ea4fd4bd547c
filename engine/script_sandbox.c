/*
 * The runbook script's sandbox: Lua's base, string, table, math and utf8
 * libraries without what reaches outside (files, printing), wrapped where
 * a call could escape the budget or the memory cap, plus csv() and
 * require.  script_setup builds a fresh state's globals.
 */
#include "script_int.h"

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
#include "evidence.h"
#include "i18n.h"
#include "infile.h"
#include "luasrc.h"
#include "label.h"
#include "model.h"
#include "region.h"
#include "strbuf.h"
#include "xalloc.h"
#include "watchdog.h"

#include "banned.h"

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
	if ((uint64_t)n > script_mem_left(s) / unit) {
		script_memory_message(s, &sb);
		snprintf(msg, sizeof(msg), "%s", sb.buf);
		strbuf_release(&sb);
		return script_raise_at(L, msg);
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

	if (!script_locate(s, L, 1, &file, &line))
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
		script_charge(L, (uint64_t)((lua_Unsigned)e - (lua_Unsigned)f) + 1);
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
	size_t left = script_mem_left(s);

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
int script_csv(lua_State *L)
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
	script_charge(L, len / 16 + 1);
	for (p = text; p < text + len; p++)
		if (*p == ',' || *p == ';' || *p == '\n' || *p == '\r')
			fields++;
	if (!csv_fits(s, len, fields))
		lua_gc(L, LUA_GCCOLLECT);   /* garbage may be what is in the way */
	if (!csv_fits(s, len, fields)) {
		script_memory_message(s, &sb);
		snprintf(msg, sizeof(msg), "%s", sb.buf);
		strbuf_release(&sb);
		return script_raise_at(L, msg);
	}

	box = lua_newuserdatauv(L, sizeof(*box), 0);
	memset(box, 0, sizeof(*box));
	lua_rawgetp(L, LUA_REGISTRYINDEX, &script_keys.csv_mt);
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
	lua_rawgetp(L, LUA_REGISTRYINDEX, &script_keys.loaded);
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
	script_c_account(s, m->len + strlen(m->name) + sizeof(*m));
	strbuf_release(&path);

	lua_pushvalue(L, 1);
	lua_pushlightuserdata(L, (void *)&script_keys.loaded);
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

/* Replaces lib[name] by fn, with the original as its upvalue. */
static void wrap(lua_State *L, int lib, const char *name, lua_CFunction fn)
{
	lua_getfield(L, lib, name);
	lua_pushcclosure(L, fn, 1);
	lua_setfield(L, lib, name);
}

/* Builds the sandbox; runs protected (anything here may run out of memory). */
int script_setup(lua_State *L)
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
	const void *const tables[] = { &script_keys.report_to, &script_keys.checks, &script_keys.loaded };
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
	luaL_setfuncs(L, script_declarations, 0);
	lua_pop(L, 1);

	/* Protected metatables: runbook code cannot read or replace them. */
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "selector");
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &script_keys.selector_mt);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "recurrence");
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &script_keys.recur_mt);
	/* csv()'s box: the one __gc here, C code that cannot loop. */
	lua_createtable(L, 0, 2);
	lua_pushcfunction(L, csv_box_gc);
	lua_setfield(L, -2, "__gc");
	lua_pushliteral(L, "csv");
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &script_keys.csv_mt);
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		lua_newtable(L);
		lua_rawsetp(L, LUA_REGISTRYINDEX, tables[i]);
	}
	return 0;
}
