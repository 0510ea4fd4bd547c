/*
 * The difficulties log's rules (difficulty.h).
 */
#include "difficulty.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "i18n.h"
#include "banned.h"

int difficulty_blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/*
 * A system or severity the runbook declares; else fails with refusal, a
 * format of the value and the valid ones.
 */
static int check_declared(const char *refusal, char *const *list, size_t n,
			  const char *value, struct err *err)
{
	struct strbuf valid = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		if (value && !strcmp(list[i], value))
			return 0;
	for (i = 0; i < n; i++)
		strbuf_addf(&valid, "%s%s", i ? ", " : "", list[i]);
	fail(err, refusal, value ? value : "", valid.buf);
	strbuf_release(&valid);
	return -1;
}

void difficulty_recipients_free(struct store_issue *is)
{
	size_t i;

	for (i = 0; i < is->nrecipients; i++)
		free(is->recipients[i]);
	free(is->recipients);
	is->recipients = NULL;
	is->nrecipients = 0;
}

int difficulty_raise(struct store *st, const struct store_run *run,
		     const struct book *book, const struct auth *a,
		     struct store_issue *is, struct err *err)
{
	const struct difficulties *df = book->rb->difficulties;
	const struct unit *unit;

	if (!df) {
		fail(err, _("runbook '%s' declares no difficulties { }: the log"
			    " needs its systems and severities"),
		     book->rb->id);
		err_at(err, book->rb->file, 0, 0);
		return -1;
	}
	unit = units_find(book->units, is->unit_id);
	if (!unit)
		return fail(err, _("no unit '%s' in the registry of run '%s'"),
			    is->unit_id, run->name);
	if (auth_allow(a, run, is->unit_id,
		       /* TRANSLATORS: completes "requires a token to" */
		       _("raise a difficulty"), err) ||
	    check_declared(_("system '%s' is not declared by the runbook;"
			     " use one of: %s"), df->systems, df->nsystems,
			   is->system, err) ||
	    check_declared(_("severity '%s' is not declared by the runbook;"
			     " use one of: %s"), df->severities,
			   df->nseverities, is->severity, err))
		return -1;
	/* DESIGN: a typed value has bounds, whatever door it came through. */
	if (field_check("text", is->text, FIELD_TEXT_MAX, FIELD_LINES, err))
		return -1;
	if (script_route(book->script, unit, is->system, is->severity,
			 &is->recipients, &is->nrecipients, err))
		return -1;
	/* DESIGN: every write is one BEGIN IMMEDIATE transaction. */
	if (store_begin(st, err))
		return -1;
	if (store_add_issue(st, run, is, err) || store_commit(st, err)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* A unit's token resolves what was routed to its unit; else the coordinator's. */
static int may_resolve(struct store *st, const struct store_run *run,
		       const struct auth *a, int64_t number, struct err *err)
{
	struct store_issue_filter filter = { 0 };
	struct store_issue *is = NULL;
	const char *unit = NULL;
	size_t n = 0, i;
	int rc;

	if (a->unit_id) {
		filter.number = number;
		if (store_issues(st, run->id, &filter, &is, &n, err))
			return -1;
		for (i = 0; n && i < is->nrecipients; i++)
			if (!strcmp(is->recipients[i], a->unit_id))
				unit = a->unit_id;
	}
	rc = auth_allow(a, run, unit,
			/* TRANSLATORS: completes "requires a token to" */
			_("resolve a difficulty not routed to its unit"), err);
	store_issues_free(is, n);
	return rc;
}

int difficulty_resolve(struct store *st, const struct store_run *run,
		       const struct auth *a, int64_t number, const char *by,
		       instant_t at, const char *resolution, struct err *err)
{
	int rc;

	if (may_resolve(st, run, a, number, err) || store_begin(st, err))
		return -1;
	rc = store_resolve_issue(st, run, number, by, at, resolution, err);
	if (rc == 0 && store_commit(st, err))
		rc = -1;
	if (rc)
		store_rollback(st);
	return rc;
}
