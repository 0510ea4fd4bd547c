/*
 * Names as people type them (names.h).
 */
#include "names.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

static void not_found(enum names_kind kind, const char *typed,
		      const char *where, const struct suggest *near,
		      struct err *err)
{
	struct strbuf hint = STRBUF_INIT, msg = STRBUF_INIT;

	switch (kind) {
	case NAMES_UNIT:
		strbuf_addf(&msg, _("no unit '%s' in %s"), typed, where);
		break;
	case NAMES_SECTION:
		strbuf_addf(&msg, _("no section '%s' in %s"), typed, where);
		break;
	case NAMES_STEP:
		strbuf_addf(&msg, _("no step '%s' in %s"), typed, where);
		break;
	case NAMES_UNIT_OR_SECTION:
		strbuf_addf(&msg, _("no unit or section '%s' in %s"), typed,
			    where);
		break;
	}
	suggest_format(near, &hint);
	if (hint.len)
		fail(err, "%s; %s", msg.buf, hint.buf);
	else
		fail(err, "%s", msg.buf);
	strbuf_release(&hint);
	strbuf_release(&msg);
}

static void ambiguous(enum names_kind kind, const char *typed,
		      const char *where, const struct suggest_name *c,
		      const size_t *m, size_t nm, struct err *err)
{
	struct strbuf list = STRBUF_INIT;
	size_t i;

	for (i = 0; i < nm; i++) {
		strbuf_addf(&list, "%s%s", i ? ", " : "", c[m[i]].id);
		if (c[m[i]].name)
			strbuf_addf(&list, " (%s)", c[m[i]].name);
	}
	switch (kind) {
	case NAMES_UNIT:
		fail(err, _("'%s' names several units in %s: %s"), typed,
		     where, list.buf);
		break;
	case NAMES_SECTION:
		fail(err, _("'%s' names several sections in %s: %s"), typed,
		     where, list.buf);
		break;
	case NAMES_STEP:
		fail(err, _("'%s' names several steps in %s: %s"), typed,
		     where, list.buf);
		break;
	case NAMES_UNIT_OR_SECTION:
		fail(err, _("'%s' names several units or sections in %s: %s"),
		     typed, where, list.buf);
		break;
	}
	strbuf_release(&list);
}

long names_resolve(enum names_kind kind, const char *typed,
		   const struct suggest_name *c, size_t n, const char *where,
		   struct err *err)
{
	struct suggest near;
	size_t *m = NULL, nm = 0;
	long i;

	suggest_init(&near, typed);
	i = suggest_resolve(typed, c, n, &m, &nm, &near);
	if (i == SUGGEST_AMBIGUOUS)
		ambiguous(kind, typed, where, c, m, nm, err);
	else if (i < 0)
		not_found(kind, typed, where, &near, err);
	free(m);
	suggest_release(&near);
	return i < 0 ? -1 : i;
}

static void add(struct suggest_name **c, size_t *n, size_t *alloc,
		const char *id, const char *name)
{
	XGROW(*c, *alloc, *n + 1);
	(*c)[*n].id = id;
	(*c)[*n].name = name;
	(*n)++;
}

void names_of_units(const struct unit_registry *reg, struct suggest_name **c,
		    size_t *n, size_t *alloc)
{
	size_t i;

	for (i = 0; reg && i < reg->n; i++)
		add(c, n, alloc, reg->units[i].id, reg->units[i].name);
}

void names_of_sections(const struct runbook *rb, struct suggest_name **c,
		       size_t *n, size_t *alloc)
{
	size_t i;

	for (i = 0; i < rb->nsections; i++)
		add(c, n, alloc, rb->sections[i].id, rb->sections[i].title);
}

void names_of_steps(const struct runbook *rb, struct suggest_name **c,
		    size_t *n, size_t *alloc)
{
	size_t i;

	for (i = 0; i < rb->nsteps; i++)
		add(c, n, alloc, rb->steps[i].id, rb->steps[i].title);
}
