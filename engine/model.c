/*
 * The runbook model's few behaviours: evidence type names, step lookup,
 * and freeing.  Ownership: a struct runbook owns every string, array,
 * selector and recurrence it points to, and is itself heap-allocated, so
 * model_runbook_free releases the lot (the X_free convention).
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* Indexed by enum evidence_type; these are the names runbooks write. */
static const char *const evidence_type_names[] = {
	[EVIDENCE_TEXT] = "text",
	[EVIDENCE_PHONE] = "phone",
	[EVIDENCE_EMAIL] = "email",
	[EVIDENCE_URL] = "url",
	[EVIDENCE_INT] = "int",
	[EVIDENCE_MONEY] = "money",
	[EVIDENCE_DATE] = "date",
	[EVIDENCE_BOOL] = "bool",
	[EVIDENCE_FILE] = "file",
};

#define NTYPES (sizeof(evidence_type_names) / sizeof(evidence_type_names[0]))

const char *model_evidence_type_name(enum evidence_type type)
{
	/* Never NULL, so callers can put it straight into a message. */
	if ((unsigned)type >= NTYPES)
		return "unknown";
	return evidence_type_names[type];
}

int model_evidence_type_parse(const char *name, enum evidence_type *out)
{
	size_t i;

	if (!name)
		return -1;
	for (i = 0; i < NTYPES; i++) {
		if (!strcmp(name, evidence_type_names[i])) {
			*out = (enum evidence_type)i;
			return 0;
		}
	}
	return -1;
}

long model_find_step(const struct runbook *rb, const char *id)
{
	size_t i;

	if (!rb || !id)
		return -1;
	for (i = 0; i < rb->nsteps; i++)
		if (rb->steps[i].id && !strcmp(rb->steps[i].id, id))
			return (long)i;
	return -1;
}

static void free_strings(char **v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void model_selector_free(struct selector *sel)
{
	if (!sel)
		return;
	model_selector_free(sel->base);
	free_strings(sel->values, sel->nvalues);
	free(sel);
}

static void step_release(struct step *st)
{
	size_t i;

	free(st->id);
	free(st->title);
	free(st->details);
	free(st->directive);
	model_selector_free(st->owners);
	free(st->report_to);
	free(st->every);
	free_strings(st->requires, st->nrequires);
	if (st->evidence) {
		for (i = 0; i < st->nevidence; i++)
			free(st->evidence[i].name);
		free(st->evidence);
	}
	free(st->check_source);
	free(st->roster);
}

void model_runbook_free(struct runbook *rb)
{
	size_t i;

	if (!rb)
		return;
	free(rb->file);
	free(rb->id);
	free(rb->title);
	free(rb->directive);
	free(rb->units_path);
	free_strings(rb->items, rb->nitems);
	if (rb->reminders) {
		free(rb->reminders->at);
		free(rb->reminders);
	}
	if (rb->difficulties) {
		free_strings(rb->difficulties->systems,
			     rb->difficulties->nsystems);
		free_strings(rb->difficulties->severities,
			     rb->difficulties->nseverities);
		free(rb->difficulties);
	}
	if (rb->sections) {
		for (i = 0; i < rb->nsections; i++) {
			free(rb->sections[i].id);
			free(rb->sections[i].title);
		}
		free(rb->sections);
	}
	if (rb->steps) {
		for (i = 0; i < rb->nsteps; i++)
			step_release(&rb->steps[i]);
		free(rb->steps);
	}
	free(rb);
}
