/*
 * The runbook script: one sandboxed lua_State per loaded runbook.  This
 * file holds the state and the protected calls; the sandboxed libraries,
 * the declarations and the calls after loading are in script_sandbox.c,
 * script_decl.c and script_call.c (script_int.h).
 *
 * Invariants (of the four files):
 * - Every byte Lua allocates goes through sandbox_alloc, which refuses to
 *   grow past the cap (Lua then raises "not enough memory"); nothing else
 *   here allocates through Lua's allocator.
 * - Every call into Lua (the chunk, report_to, check, and the C code that
 *   builds their argument tables) runs inside script_protected_call, with the
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

/*
 * CPU time runbook code may use in one command, all its calls together,
 * whatever the instruction count says.
 */
#define SCRIPT_CPU_SECONDS 10

#define HOOK_EVERY 1000

const struct script_keys script_keys = {
	's', 'r', 'p', 'c', 'l', 'o', 'v',
};

static void count_hook(lua_State *L, lua_Debug *ar);

/* What is left of the cap, for the Lua heap and C copies together. */
size_t script_mem_left(const struct script *s)
{
	size_t used = s->mem_used + s->c_used;

	return used >= s->mem_cap ? 0 : s->mem_cap - used;
}

/* Counts n bytes a declaration copies into C (checked by script_c_memory_check). */
void script_c_account(struct script *s, size_t n)
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
		if (nsize - osize > script_mem_left(s))
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
const char *script_known_name(const struct script *s, const char *source)
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
int script_locate(struct script *s, lua_State *L, int level,
		  const char **file, int *line)
{
	lua_Debug ar;
	const char *name;

	for (; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0)
			continue;
		name = script_known_name(s, ar.source);
		if (name) {
			*file = name;
			*line = ar.currentline;
			return 0;
		}
	}
	return -1;
}

void script_memory_message(const struct script *s, struct strbuf *sb)
{
	if (s->mem_cap % ((size_t)1 << 20) == 0)
		strbuf_addf(sb, _("not enough memory (runbook memory cap of %zu"
				  " MiB)"), s->mem_cap >> 20);
	else
		strbuf_addf(sb, _("not enough memory (runbook memory cap of %zu"
				  " bytes)"), s->mem_cap);
}

/* Raises msg located at the innermost line of our files. */
int script_raise_at(lua_State *L, const char *msg)
{
	struct script *s = script_of(L);
	const char *file;
	int line;

	if (!script_locate(s, L, 0, &file, &line))
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
void script_c_memory_check(lua_State *L)
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
	script_memory_message(s, &sb);
	snprintf(msg, sizeof(msg), "%s", sb.buf);
	strbuf_release(&sb);
	script_raise_at(L, msg);
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
void script_charge(lua_State *L, uint64_t n)
{
	struct script *s = script_of(L);
	char msg[256];

	s->used = add_sat(s->used, n);
	s->command_used = add_sat(s->command_used, n);
	if (s->used > s->budget || s->exhausted) {
		s->exhausted = 1;
		script_raise_at(L, _(budget_msg));
	}
	if (s->command_used > s->command_budget) {
		s->exhausted = 1;
		snprintf(msg, sizeof(msg), _("instruction budget of the command"
					     " exhausted: runbook code ran more"
					     " than %llu instructions over its"
					     " calls"),
			 (unsigned long long)s->command_budget);
		script_raise_at(L, msg);
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
		script_memory_message(s, &sb);
		snprintf(msg, sizeof(msg), "%s", sb.buf);
		strbuf_release(&sb);
		s->over_memory = 1;
		script_raise_at(L, msg);
	}
	script_c_memory_check(L);
	if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
		name = script_known_name(s, ar->source);
		if (name) {
			s->seen_file = name;
			s->seen_line = ar->currentline;
			/* For the watchdog's message, if it comes to that. */
			watchdog_where(name, ar->currentline);
		}
	}
	script_charge(L, HOOK_EVERY);
}

/*
 * The message handler (lua.c's msghandler, without the traceback): makes
 * the error a string and remembers where it happened, for messages that
 * carry no "file:line:" of their own.
 */
static int msghandler(lua_State *L)
{
	struct script *s = script_of(L);

	if (script_locate(s, L, 1, &s->fault_file, &s->fault_line)) {
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
		script_memory_message(s, &sb);
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

int script_protected_call(struct script *s, int nargs, int nres,
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
	{
		static const struct runbook_locale vn = RUNBOOK_LOCALE_DEFAULT;

		s->rb->locale = vn;
	}
	s->rb->zone = clock_zone_fixed(7 * 60);
	s->rb->labels = labels_new(s->rb->locale.lang);

	s->L = lua_newstate(sandbox_alloc, s);
	if (!s->L) {
		err_at(err, chunkname, 0, 0);
		fail(err, _("cannot create the Lua state (memory cap too small?)"));
		goto fail;
	}
	lua_sethook(s->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
	lua_pushcfunction(s->L, script_setup);
	if (script_protected_call(s, 0, 0, err) < 0)
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
	if (script_protected_call(s, 0, 0, err) < 0)
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
