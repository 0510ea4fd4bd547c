/*
 * The runbook's functions called after loading: report_to (recipients),
 * route, and check, each in a protected call with a fresh budget.
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

/* ---- calls after loading ---- */

void script_push_unit(lua_State *L, const struct unit *u)
{
	size_t i;

	lua_createtable(L, 0, 8);
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
	lua_createtable(L, 0, (int)u->nattrs);
	for (i = 0; i < u->nattrs; i++) {
		lua_pushstring(L, u->attrs[i].value);
		lua_setfield(L, -2, u->attrs[i].key);
	}
	lua_setfield(L, -2, "attributes");
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
		c->fn_file = script_known_name(c->s, ar.source);
		c->fn_line = ar.linedefined;
	}
}

static int call_recipient(lua_State *L)
{
	struct call *c = lua_touserdata(L, 1);

	lua_settop(L, 0);
	push_function(L, c);
	script_push_unit(L, c->unit);
	lua_call(L, 1, 1);
	return 1;
}

static void push_value(lua_State *L, const struct script_value *v)
{
	char *end;
	long long n;

	switch (v->type) {
	case EVIDENCE_MONEY:
		/* In the currency's minor units: cents, or whole dong. */
		if (!evidence_money_minor(v->value, &n))
			lua_pushinteger(L, (lua_Integer)n);
		else
			lua_pushstring(L, v->value);
		break;
	case EVIDENCE_INT:
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
	script_push_unit(L, c->unit);
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
	c.key = &script_keys.report_to;
	c.step = step;
	c.unit = unit;
	lua_pushcfunction(L, call_recipient);
	lua_pushlightuserdata(L, &c);
	if (script_protected_call(s, 1, 1, err) < 0) {
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
	lua_rawgetp(L, LUA_REGISTRYINDEX, &script_keys.route);
	script_push_unit(L, rc->unit);
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
	if (script_protected_call(s, 1, 1, err) < 0) {
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
		lua_rawgetp(L, LUA_REGISTRYINDEX, &script_keys.route);
		if (lua_getinfo(L, ">S", &ar))
			err_at(err, script_known_name(s, ar.source), ar.linedefined, 0);
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
	lua_rawgetp(L, LUA_REGISTRYINDEX, &script_keys.checks);
	i = lua_rawgeti(L, -1, (lua_Integer)step + 1) == LUA_TFUNCTION;
	lua_pop(L, 2);
	if (!i)
		return 0;
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.key = &script_keys.checks;
	c.step = step;
	c.unit = unit;
	c.task_key = task_key;
	c.values = values;
	c.nvalues = nvalues;
	lua_pushcfunction(L, call_check);
	lua_pushlightuserdata(L, &c);
	if (script_protected_call(s, 1, 2, err) < 0) {
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
