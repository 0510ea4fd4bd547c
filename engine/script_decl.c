/*
 * The declarations a runbook makes while it loads (runbook, section,
 * step, labels, ...): each checks its table and copies it into the
 * runbook being built, recording the first error in s->decl.
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

#define MAX_ID 64
#define MAX_EXCEPT_DEPTH 16

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
	script_c_memory_check(L);
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	if (script_locate(d->s, L, 1, &d->file, &d->line)) {
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
	script_c_account(d->s, len + 1);
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

	if (clock_parse_expr(text, d->s->rb->locale.dates, out, &e) < 0)
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
 * The length of the list at the top of the stack: a plain table (no
 * metatable) with entries 1..n only.  0, or -1 after decl_fail.
 */
static int list_length(struct decl *d, const char *field, size_t *len)
{
	lua_State *L = d->L;
	int t = lua_gettop(L);
	size_t count = 0;

	if (lua_type(L, t) != LUA_TTABLE || lua_getmetatable(L, t)) {
		if (lua_gettop(L) > t)
			lua_settop(L, t);
		return decl_fail(d, field, _("expected a list of strings, got %s"),
				 lua_type(L, t) == LUA_TTABLE ? "a special value" :
				 luaL_typename(L, t));
	}
	*len = lua_rawlen(L, t);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		count++;
		lua_pop(L, 1);
	}
	if (count != *len)
		return decl_fail(d, field,
				 _("expected a list of strings, got a table with named or missing entries"));
	return 0;
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
	size_t len, i;

	if (list_length(d, field, &len) < 0)
		return -1;
	if (nonempty && len == 0)
		return decl_fail(d, field, _("the list is empty"));
	script_c_account(d->s, (len ? len : 1) * sizeof(**out));
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

/* Appends the pair (key, value) to a where { } selector's values. */
static void where_add(struct decl *d, struct selector *sel, const char *key,
		      const char *value, size_t *alloc)
{
	script_c_account(d->s, strlen(key) + strlen(value) + 2 + 2 * sizeof(char *));
	XGROW(sel->values, *alloc, sel->nvalues + 2);
	sel->values[sel->nvalues++] = xstrdup(key);
	sel->values[sel->nvalues++] = xstrdup(value);
}

/*
 * where { attribute = "value", other = { "a", "b" } } at the top of the
 * stack: units whose attributes (or kind, code, parent, police) match.
 */
static int take_where(struct decl *d, const char *field, struct selector *sel)
{
	lua_State *L = d->L;
	int t = lua_gettop(L);
	size_t alloc = 0, i, len;
	const char *key;

	if (lua_type(L, t) != LUA_TTABLE || lua_getmetatable(L, t)) {
		lua_settop(L, t);
		return decl_fail(d, field, _("where { attribute = \"value\" }"
					     " expects a table"));
	}
	lua_pushnil(L);
	while (lua_next(L, t)) {
		if (lua_type(L, -2) != LUA_TSTRING ||
		    !units_valid_attribute(lua_tostring(L, -2)))
			return decl_fail(d, field, _("where { }: expected"
						     " attribute = \"value\","
						     " with an attribute name of"
						     " letters a-z, digits, '_'"
						     " and '-'"));
		key = lua_tostring(L, -2);
		if (lua_type(L, -1) == LUA_TSTRING) {
			where_add(d, sel, key, lua_tostring(L, -1), &alloc);
		} else if (lua_type(L, -1) == LUA_TTABLE) {
			len = lua_rawlen(L, -1);
			if (!len)
				return decl_fail(d, field, _("where { }: '%.40s':"
							     " the list is"
							     " empty"), key);
			for (i = 0; i < len; i++) {
				if (lua_rawgeti(L, -1, (lua_Integer)i + 1) !=
				    LUA_TSTRING)
					return decl_fail(d, field,
							 _("where { }: '%.40s':"
							   " expected strings"),
							 key);
				where_add(d, sel, key, lua_tostring(L, -1),
					  &alloc);
				lua_pop(L, 1);
			}
		} else {
			return decl_fail(d, field, _("where { }: '%.40s':"
						     " expected a string or a"
						     " list of strings, got %s"),
					 key, luaL_typename(L, -1));
		}
		lua_pop(L, 1);
	}
	if (!sel->nvalues)
		return decl_fail(d, field, _("where { } names no attribute"));
	return 0;
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
	script_c_account(d->s, sizeof(*sel) + sizeof(char *));
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
	if (lua_type(L, t) == LUA_TTABLE && !is_tagged(L, t, &script_keys.selector_mt)) {
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
	} else if (!strcmp(kind, "where")) {
		sel->kind = SELECTOR_WHERE;
		rc = take_where(d, field, sel);
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

	if (!is_tagged(L, t, &script_keys.recur_mt))
		return decl_fail(d, "every",
				 _("expected daily { before = \"HH:MM\", from = ..., to = ... }, got %s"),
				 luaL_typename(L, t));
	get_field(L, t, "arg");
	a = lua_gettop(L);
	if (lua_type(L, a) != LUA_TTABLE)
		return decl_fail(d, "every", _("daily expects a table { before = ..., to = ... }"));
	if (check_fields(d, a, known, "daily { }") < 0)
		return -1;
	script_c_account(d->s, sizeof(*r));
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

/*
 * A label at the top of the stack: a string, in the runbook's language,
 * or a table of them by language ({ vi = "...", en = "..." }).  Adds it
 * to the runbook's labels as (kind, id); what = the field, for errors.
 */
static int take_label(struct decl *d, const char *field, enum label_kind kind,
		      const char *id)
{
	lua_State *L = d->L;
	int t = lua_gettop(L);
	struct labels *labels = d->s->rb->labels;
	const char *lang, *text;
	size_t len;

	if (lua_type(L, t) == LUA_TSTRING) {
		text = lua_tolstring(L, t, &len);
		if (!len || strlen(text) != len)
			return decl_fail(d, field, _("'%.80s': a label must be"
						     " a non-empty string"), id);
		script_c_account(d->s, sizeof(void *) * 4 + strlen(id) + len + 8);
		if (labels_add(labels, kind, id, labels_lang(labels), text))
			return decl_fail(d, field, _("'%.80s': labelled twice"
						     " in '%s'"), id,
					 labels_lang(labels));
		return 0;
	}
	if (lua_type(L, t) != LUA_TTABLE || lua_getmetatable(L, t)) {
		lua_settop(L, t);
		return decl_fail(d, field, _("'%.80s': expected a label (a string,"
					     " or { vi = \"...\", en = \"...\" }),"
					     " got %s"), id, luaL_typename(L, t));
	}
	lua_pushnil(L);
	while (lua_next(L, t)) {
		if (lua_type(L, -2) != LUA_TSTRING ||
		    !label_valid_lang(lua_tostring(L, -2)))
			return decl_fail(d, field, _("'%.80s': a label's"
						     " languages are ISO 639"
						     " codes like vi or en"),
					 id);
		lang = lua_tostring(L, -2);
		if (lua_type(L, -1) != LUA_TSTRING)
			return decl_fail(d, field, _("'%.80s': the label in '%s'"
						     " must be a string, got %s"),
					 id, lang, luaL_typename(L, -1));
		text = lua_tolstring(L, -1, &len);
		if (!len || strlen(text) != len)
			return decl_fail(d, field, _("'%.80s': a label must be"
						     " a non-empty string"), id);
		script_c_account(d->s, sizeof(void *) * 4 + strlen(id) + len + 8);
		if (labels_add(labels, kind, id, lang, text))
			return decl_fail(d, field, _("'%.80s': labelled twice"
						     " in '%s'"), id, lang);
		lua_pop(L, 1);
	}
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

/*
 * The order the fields are written in, from the declaration's text (a
 * Lua table keeps none): when the step writes its evidence table in
 * place, fields are asked in that order; when the text says something
 * else (a table built elsewhere), by name.
 */
static void declared_order(struct decl *d, struct step *st)
{
	const struct script *s = d->s;
	const char *text = NULL;
	char **keys;
	size_t len = 0, nkeys, i, j;
	int exact;

	for (i = 0; i < st->nevidence; i++)
		st->evidence[i].declared = i;
	if (d->file == s->file) {
		text = s->text;
		len = s->len;
	}
	for (i = 0; !text && i < s->nmods; i++)
		if (d->file == s->mods[i].name) {
			text = s->mods[i].text;
			len = s->mods[i].len;
		}
	if (!text || luasrc_table_keys(text, len, d->line, "evidence", &keys,
				       &nkeys))
		return;
	exact = nkeys == st->nevidence;
	for (i = 0; exact && i < st->nevidence; i++) {
		for (j = 0; j < nkeys; j++)
			if (!strcmp(keys[j], st->evidence[i].name))
				break;
		exact = j < nkeys;
		st->evidence[i].declared = j;
	}
	if (!exact)
		for (i = 0; i < st->nevidence; i++)
			st->evidence[i].declared = i;
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
}

/* Sets f's type from "type" or "type?"; 0 or -1. */
static int evidence_type(struct decl *d, struct evidence_field *f,
			 const char *type, size_t len)
{
	char base[32];

	f->optional = len > 0 && type[len - 1] == '?';
	len -= (size_t)f->optional;
	if (len >= sizeof(base))
		len = 0; /* longer than any type name: unknown */
	memcpy(base, type, len);
	base[len] = '\0';
	if (model_evidence_type_parse(base, &f->type) < 0)
		return decl_fail(d, "evidence",
				 _("'%s': unknown type '%.40s' (text, phone, email, url, int, money, date, bool or file, with '?' when optional)"),
				 f->name, type);
	return 0;
}

/*
 * A field declared as a table: { type = "money", label = ..., negative
 * = true, optional = true }, at the top of the stack.
 */
static int evidence_table(struct decl *d, struct step *st,
			  struct evidence_field *f)
{
	static const char *const known[] = {
		"type", "label", "negative", "optional", NULL
	};
	lua_State *L = d->L;
	int t = lua_gettop(L), type;
	struct strbuf key = STRBUF_INIT;
	const char *name;
	size_t len;
	int rc;

	if (lua_getmetatable(L, t)) {
		lua_settop(L, t);
		return decl_fail(d, "evidence", _("'%s': expected a type name or"
						  " { type = ..., label = ... },"
						  " got a special table"),
				 f->name);
	}
	if (check_fields(d, t, known, "evidence") < 0)
		return -1;
	if (get_field(L, t, "type") != LUA_TSTRING)
		return decl_fail(d, "evidence", _("'%s': type is required (a"
						  " type name)"), f->name);
	name = lua_tolstring(L, -1, &len);
	if (evidence_type(d, f, name, len) < 0)
		return -1;
	lua_settop(L, t);
	type = get_field(L, t, "optional");
	if (type == LUA_TBOOLEAN)
		f->optional |= lua_toboolean(L, -1);
	else if (type != LUA_TNIL)
		return decl_fail(d, "evidence", _("'%s': optional: expected a"
						  " boolean, got %s"), f->name,
				 luaL_typename(L, -1));
	lua_settop(L, t);
	type = get_field(L, t, "negative");
	if (type == LUA_TBOOLEAN && f->type == EVIDENCE_MONEY)
		f->negative = lua_toboolean(L, -1);
	else if (type == LUA_TBOOLEAN)
		return decl_fail(d, "evidence", _("'%s': negative is for money"),
				 f->name);
	else if (type != LUA_TNIL)
		return decl_fail(d, "evidence", _("'%s': negative: expected a"
						  " boolean, got %s"), f->name,
				 luaL_typename(L, -1));
	lua_settop(L, t);
	if (get_field(L, t, "label") != LUA_TNIL) {
		strbuf_addf(&key, "%s/%s", st->id, f->name);
		rc = take_label(d, "evidence", LABEL_FIELD, key.buf);
		strbuf_release(&key);
		if (rc < 0)
			return -1;
	}
	lua_settop(L, t);
	return 0;
}

static int take_evidence(struct decl *d, struct step *st)
{
	lua_State *L = d->L;
	int t = lua_gettop(L);
	size_t count = 0, len;
	struct evidence_field *f;
	const char *name, *type;

	if (lua_type(L, t) != LUA_TTABLE)
		return decl_fail(d, "evidence",
				 _("expected a table { field = \"type\" }, got %s"),
				 luaL_typename(L, t));
	lua_pushnil(L);
	while (lua_next(L, t)) {
		count++;
		lua_pop(L, 1);
	}
	script_c_account(d->s, (count ? count : 1) * sizeof(*st->evidence));
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
		f = &st->evidence[st->nevidence++];
		script_c_account(d->s, strlen(name) + 1);
		f->name = xstrdup(name);
		if (lua_type(L, -1) == LUA_TTABLE) {
			if (evidence_table(d, st, f) < 0)
				return -1;
			lua_pop(L, 1);
			continue;
		}
		if (lua_type(L, -1) != LUA_TSTRING)
			return decl_fail(d, "evidence",
					 _("'%s': expected a type name, got %s"),
					 name, luaL_typename(L, -1));
		type = lua_tolstring(L, -1, &len);
		if (evidence_type(d, f, type, len) < 0)
			return -1;
		lua_pop(L, 1);
	}
	qsort(st->evidence, st->nevidence, sizeof(*st->evidence), cmp_evidence);
	declared_order(d, st);
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
	name = script_known_name(s, ar.source);
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

/* An optional short code field (lang, region, ...) into buf; 0 or -1. */
static int opt_code(struct decl *d, const char *field, char *buf,
		    size_t size, int *given)
{
	char *v = NULL;
	int rc = 0;

	*given = 0;
	if (opt_string(d, 1, field, 0, &v) < 0)
		return -1;
	if (v) {
		*given = 1;
		if (strlen(v) >= size)
			rc = decl_fail(d, field, _("'%.40s' is not a code this"
						   " field takes"), v);
		else
			memcpy(buf, v, strlen(v) + 1);
	}
	free(v);
	return rc;
}

/*
 * lang, region, currency and date_order of runbook { }: what a runbook
 * that declares none of them is read as, Bắc Ninh's, stays the default.
 */
static int take_locale(struct decl *d, struct runbook *rb)
{
	static const struct runbook_locale defaults = RUNBOOK_LOCALE_DEFAULT;
	const struct region *region;
	char order[8] = "", known[64];
	int has_lang, has_region, has_currency, has_order;

	rb->locale = defaults;
	if (opt_code(d, "region", rb->locale.region, sizeof(rb->locale.region),
		     &has_region) < 0 ||
	    opt_code(d, "lang", rb->locale.lang, sizeof(rb->locale.lang),
		     &has_lang) < 0 ||
	    opt_code(d, "currency", rb->locale.currency,
		     sizeof(rb->locale.currency), &has_currency) < 0 ||
	    opt_code(d, "date_order", order, sizeof(order), &has_order) < 0)
		return -1;
	region = region_find(rb->locale.region);
	if (!region) {
		region_list(known, sizeof(known), 0);
		return decl_fail(d, "region", _("unknown region '%s' (known:"
						" %s)"), rb->locale.region, known);
	}
	if (!has_lang)
		memcpy(rb->locale.lang, region->lang, strlen(region->lang) + 1);
	if (!label_known_lang(rb->locale.lang))
		return decl_fail(d, "lang", _("'%s': reports are written in vi"
					      " or en"), rb->locale.lang);
	if (!has_currency)
		memcpy(rb->locale.currency, region->currency,
		       strlen(region->currency) + 1);
	if (!region_currency(rb->locale.currency)) {
		region_list(known, sizeof(known), 1);
		return decl_fail(d, "currency", _("unknown currency '%s'"
						  " (known: %s)"),
				 rb->locale.currency, known);
	}
	/*
	 * A runbook that says where it is for says how it writes dates too;
	 * until it does, only YYYY-MM-DD is read.
	 */
	if (!has_order)
		rb->locale.dates = has_region ? CLOCK_DATES_ISO :
			CLOCK_DATES_DMY;
	else if (!strcmp(order, "iso"))
		rb->locale.dates = CLOCK_DATES_ISO;
	else if (!strcmp(order, "dmy"))
		rb->locale.dates = CLOCK_DATES_DMY;
	else if (!strcmp(order, "mdy"))
		rb->locale.dates = CLOCK_DATES_MDY;
	else
		return decl_fail(d, "date_order", _("'%s': expected iso, dmy or"
						    " mdy"), order);
	return 0;
}

/*
 * items = { "D1.1", { id = "D1.2", title = LABEL }, ... }: the source
 * document's item ids, each with its title when given.
 */
static int take_items(struct decl *d, struct runbook *rb)
{
	static const char *const known[] = { "id", "title", NULL };
	lua_State *L = d->L;
	int t = lua_gettop(L), type;
	size_t len, i, j;

	if (list_length(d, "items", &len) < 0)
		return -1;
	if (!len)
		return decl_fail(d, "items", _("the list is empty"));
	script_c_account(d->s, len * sizeof(*rb->items));
	rb->items = xcalloc(len, sizeof(*rb->items));
	for (i = 0; i < len; i++) {
		type = lua_rawgeti(L, t, (lua_Integer)i + 1);
		if (type == LUA_TTABLE) {
			int e = lua_gettop(L);

			if (check_fields(d, e, known, "items") < 0)
				return -1;
			if (get_field(L, e, "id") != LUA_TSTRING)
				return decl_fail(d, "items", _("element %zu:"
						 " id is required"), i + 1);
			if (take_string(d, "items", &rb->items[i]) < 0)
				return -1;
			rb->nitems = i + 1;
			lua_settop(L, e);
			if (get_field(L, e, "title") != LUA_TNIL &&
			    take_label(d, "items", LABEL_ITEM,
				       rb->items[i]) < 0)
				return -1;
		} else if (type == LUA_TSTRING) {
			if (take_string(d, "items", &rb->items[i]) < 0)
				return -1;
			rb->nitems = i + 1;
		} else {
			return decl_fail(d, "items",
					 _("element %zu: expected a string, got %s"),
					 i + 1, luaL_typename(L, -1));
		}
		lua_settop(L, t);
		if (!rb->items[i][0])
			return decl_fail(d, "items", _("element %zu is empty"),
					 i + 1);
		for (j = 0; j < i; j++)
			if (!strcmp(rb->items[i], rb->items[j]))
				return decl_fail(d, "items",
						 _("item '%.80s' listed twice"),
						 rb->items[i]);
	}
	return 0;
}

static int decl_runbook(lua_State *L)
{
	static const char *const known[] = {
		"id", "title", "directive", "t0", "timezone", "units",
		"duty_window", "items", "lang", "region", "currency",
		"date_order", NULL
	};
	struct decl d;
	struct runbook *rb;
	struct err e = ERR_INIT;
	char *t0 = NULL, *tz = NULL;
	size_t i;
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
	    opt_string(&d, 1, "units", 1, &rb->units_path) < 0 ||
	    take_locale(&d, rb) < 0)
		return raise_decl(L);
	/* DESIGN: nothing is read from outside the runbook's folder. */
	if (infile_check_name(rb->units_path, d.s->dir, &e) < 0) {
		decl_fail(&d, "units", "%s", e.msg.buf);
		err_release(&e);
		return raise_decl(L);
	}
	labels_free(rb->labels);
	rb->labels = labels_new(rb->locale.lang);

	/* t0 and timezone are C strings only here: no Lua call in between. */
	get_field(L, 1, "timezone");
	if (!lua_isnil(L, -1) && take_string(&d, "timezone", &tz) < 0)
		return raise_decl(L);
	lua_pop(L, 1);
	clock_zone_free(rb->zone);
	rb->zone = NULL;
	if (clock_zone_load(tz ? tz : "+07:00", &rb->zone, &e) < 0)
		rc = decl_fail(&d, "timezone", "%s", e.msg.buf);
	free(tz);
	err_release(&e);
	if (rc < 0)
		return raise_decl(L);
	if (opt_string(&d, 1, "t0", 1, &t0) < 0)
		return raise_decl(L);
	if (clock_parse_local(t0, rb->zone, &rb->t0, &e) < 0)
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

	if (get_field(L, 1, "items") != LUA_TNIL && take_items(&d, rb) < 0)
		return raise_decl(L);
	lua_settop(L, 1);
	return 0;
}

/*
 * labels { roles = { ROLE = LABEL }, systems = ..., severities = ...,
 * fields = ..., kinds = ..., items = ..., terms = { source = ..., item =
 * ... } }: what people read in place of the runbook's ids.  May come
 * more than once (a shared module may declare some); a label given twice
 * is an error.  A label for an id the runbook does not use is no error
 * (a shared module labels more than one runbook uses): cutover check
 * lists them.
 */
static int decl_labels(lua_State *L)
{
	static const struct {
		const char *field;
		enum label_kind kind;
	} groups[] = {
		{ "roles", LABEL_ROLE }, { "systems", LABEL_SYSTEM },
		{ "severities", LABEL_SEVERITY }, { "fields", LABEL_FIELD },
		{ "kinds", LABEL_KIND }, { "items", LABEL_ITEM },
		{ "terms", LABEL_TERM },
	};
	static const char *const known[] = {
		"roles", "systems", "severities", "fields", "kinds", "items",
		"terms", NULL
	};
	struct decl d;
	size_t i;
	int g;

	decl_begin(&d, L, "labels");
	if (!d.s->have_runbook) {
		decl_fail(&d, NULL, _("runbook { } must come first"));
		return raise_decl(L);
	}
	if (check_fields(&d, 1, known, "labels { }") < 0)
		return raise_decl(L);
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		lua_settop(L, 1);
		if (get_field(L, 1, groups[i].field) == LUA_TNIL)
			continue;
		g = lua_gettop(L);
		if (lua_type(L, g) != LUA_TTABLE || lua_getmetatable(L, g)) {
			lua_settop(L, g);
			decl_fail(&d, groups[i].field,
				  _("expected a table { id = label }, got %s"),
				  luaL_typename(L, g));
			return raise_decl(L);
		}
		lua_pushnil(L);
		while (lua_next(L, g)) {
			const char *id;

			if (lua_type(L, -2) != LUA_TSTRING) {
				decl_fail(&d, groups[i].field,
					  _("expected id = label, got a %s key"),
					  luaL_typename(L, -2));
				return raise_decl(L);
			}
			id = lua_tostring(L, -2);
			if (groups[i].kind == LABEL_TERM &&
			    strcmp(id, LABEL_TERM_SOURCE) &&
			    strcmp(id, LABEL_TERM_ITEM)) {
				decl_fail(&d, groups[i].field,
					  _("unknown term '%.40s' (source or"
					    " item)"), id);
				return raise_decl(L);
			}
			if (take_label(&d, groups[i].field, groups[i].kind,
				       id) < 0)
				return raise_decl(L);
			lua_pop(L, 1);
		}
	}
	lua_settop(L, 1);
	return 0;
}

/*
 * A list of ids at the top of the stack, each a string or { id = "x",
 * label = LABEL } (the label then goes to the runbook's labels as kind).
 */
static int take_ids(struct decl *d, const char *field, enum label_kind kind,
		    char ***out, size_t *n)
{
	static const char *const known[] = { "id", "label", NULL };
	lua_State *L = d->L;
	int t = lua_gettop(L), type;
	size_t i, j, len;

	if (list_length(d, field, &len) < 0)
		return -1;
	if (!len)
		return decl_fail(d, field, _("the list is empty"));
	script_c_account(d->s, len * sizeof(**out));
	*out = xcalloc(len, sizeof(**out));
	for (i = 0; i < len; i++) {
		type = lua_rawgeti(L, t, (lua_Integer)i + 1);
		if (type == LUA_TTABLE) {
			int e = lua_gettop(L);

			if (check_fields(d, e, known, field) < 0)
				return -1;
			if (get_field(L, e, "id") != LUA_TSTRING)
				return decl_fail(d, field, _("element %zu:"
						 " id is required"), i + 1);
			if (take_string(d, field, &(*out)[i]) < 0)
				return -1;
			*n = i + 1;
			if (check_id(d, field, (*out)[i]) < 0)
				return -1;
			lua_settop(L, e);
			if (get_field(L, e, "label") != LUA_TNIL &&
			    take_label(d, field, kind, (*out)[i]) < 0)
				return -1;
		} else if (type == LUA_TSTRING) {
			if (take_string(d, field, &(*out)[i]) < 0)
				return -1;
			*n = i + 1;
			if (check_id(d, field, (*out)[i]) < 0)
				return -1;
		} else {
			return decl_fail(d, field,
					 _("element %zu: expected a string, got %s"),
					 i + 1, luaL_typename(L, -1));
		}
		lua_settop(L, t);
		for (j = 0; j < i; j++)
			if (!strcmp((*out)[i], (*out)[j]))
				return decl_fail(d, field, _("'%s' listed twice"),
						 (*out)[i]);
	}
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
	script_c_account(d.s, sizeof(*df));
	df = xcalloc(1, sizeof(*df));
	df->line = d.line;
	d.s->rb->difficulties = df;
	if (get_field(L, 1, "systems") == LUA_TNIL) {
		decl_fail(&d, "systems", _("missing (it is required)"));
		return raise_decl(L);
	}
	if (take_ids(&d, "systems", LABEL_SYSTEM, &df->systems,
		     &df->nsystems) < 0)
		return raise_decl(L);
	lua_settop(L, 1);
	if (get_field(L, 1, "severities") == LUA_TNIL) {
		decl_fail(&d, "severities", _("missing (it is required)"));
		return raise_decl(L);
	}
	if (take_ids(&d, "severities", LABEL_SEVERITY, &df->severities,
		     &df->nseverities) < 0)
		return raise_decl(L);
	lua_settop(L, 1);
	type = get_field(L, 1, "route");
	if (type == LUA_TFUNCTION) {
		df->has_route = 1;
		lua_rawsetp(L, LUA_REGISTRYINDEX, &script_keys.route);
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
	script_c_account(d.s, (d.s->asections - grown) * sizeof(*rb->sections));
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
		keep_function(L, &script_keys.report_to, index);
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

	if (opt_string(d, 1, "fallback", 0, &st->fallback) < 0 ||
	    (st->fallback && check_id(d, "fallback", st->fallback) < 0))
		return -1;
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
		keep_function(L, &script_keys.checks, index);
		st->check_source = function_source(s, L);
		if (st->check_source)
			script_c_account(s, strlen(st->check_source) + 1);
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
		"start", "due", "every", "requires", "gate", "fallback",
		"evidence", "check", "roster", NULL
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
	script_c_account(d.s, (d.s->asteps - grown) * sizeof(*rb->steps));
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
	return new_tagged(L, &script_keys.selector_mt, "kinds", 1, 0);
}

static int decl_units(lua_State *L)
{
	luaL_checkany(L, 1);
	return new_tagged(L, &script_keys.selector_mt, "units", 1, 0);
}

static int decl_where(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	return new_tagged(L, &script_keys.selector_mt, "where", 1, 0);
}

static int decl_all(lua_State *L)
{
	return new_tagged(L, &script_keys.selector_mt, "all", 0, 0);
}

static int decl_except(lua_State *L)
{
	luaL_checkany(L, 1);
	luaL_checkany(L, 2);
	return new_tagged(L, &script_keys.selector_mt, "except", 2, 1);
}


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
		script_push_unit(L, u);
	return 1;
}

/*
 * registry(): every unit of the registry, in its order, as check and
 * route functions see a unit; for a check that compares what a unit
 * sent with the list of units (a survey's two communes, a directory).
 */
static int list_registry(lua_State *L)
{
	struct script *s = script_of(L);
	size_t i;

	if (!s->registry)
		return luaL_error(L, _("registry() is for check and route"
				       " functions: the registry is read"
				       " after the runbook"));
	lua_createtable(L, (int)(s->registry->n < INT_MAX ?
				 s->registry->n : 0), 0);
	for (i = 0; i < s->registry->n; i++) {
		script_push_unit(L, &s->registry->units[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

static int decl_daily(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	return new_tagged(L, &script_keys.recur_mt, "daily", 1, 0);
}

const luaL_Reg script_declarations[] = {
	{ "runbook", decl_runbook },
	{ "section", decl_section },
	{ "step", decl_step },
	{ "kinds", decl_kinds },
	{ "units", decl_units },
	{ "all", decl_all },
	{ "except", decl_except },
	{ "where", decl_where },
	{ "labels", decl_labels },
	{ "registry", list_registry },
	{ "daily", decl_daily },
	{ "difficulties", decl_difficulties },
	{ "reminders", decl_reminders },
	{ "unit", lookup_unit },
	{ "csv", script_csv },
	{ NULL, NULL }
};
