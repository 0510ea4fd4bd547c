/*
 * Gate decisions: which actions a gate's task takes, and how a decision
 * is written in the ledger.
 */
#include "gate.h"

#include <string.h>

#include "i18n.h"
#include "json.h"
#include "banned.h"

static const char *const names[] = {
	[GATE_GO] = "go",
	[GATE_NO_GO] = "no-go",
	[GATE_CONDITIONS] = "go-with-conditions",
};

const char *gate_outcome_name(enum gate_outcome outcome)
{
	return names[outcome];
}

const char *gate_outcome_words(const char *name)
{
	if (!name)
		return "";
	if (!strcmp(name, "no-go"))
		return _("no-go");
	if (!strcmp(name, "go-with-conditions"))
		return _("go with conditions");
	return _("go");
}

int gate_outcome_parse(const char *name, enum gate_outcome *out)
{
	size_t i;

	for (i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i], name)) {
			*out = (enum gate_outcome)i;
			return 0;
		}
	return -1;
}

const char *gate_outcome_action(enum gate_outcome outcome)
{
	return outcome == GATE_NO_GO ? "failed" : "done";
}

int gate_allow(const struct store_task *task, const char *action,
	       const char *decision, const struct auth *a,
	       const struct store_run *run, struct err *err)
{
	enum gate_outcome outcome;

	if (!task->gate) {
		if (decision)
			return fail(err, _("task '%s' is not a go/no-go gate;"
					   " sign it instead"), task->key);
		return 0;
	}
	if (!strcmp(action, "skipped"))
		return fail(err, _("task '%s' is a go/no-go gate: it cannot"
				   " be skipped; decide it with 'cutover gate"
				   " decide %s --no-go --reason TEXT' if it does"
				   " not go"), task->key, task->key);
	if (!strcmp(action, "reopened"))
		return auth_allow(a, run, NULL,
				  /* TRANSLATORS: completes "requires a token to" */
				  _("reopen a go/no-go gate"), err);
	if (strcmp(action, "done") && strcmp(action, "failed"))
		return 0;
	if (!decision || gate_outcome_parse(decision, &outcome) ||
	    strcmp(gate_outcome_action(outcome), action))
		return fail(err, _("task '%s' is a go/no-go gate: decide it"
				   " with 'cutover gate decide %s --go|--no-go"
				   "|--conditions TEXT'"), task->key,
			    task->key);
	/* DESIGN: the coordinator decides go/no-go. */
	return auth_allow(a, run, NULL,
			  /* TRANSLATORS: completes "requires a token to" */
			  _("decide a go/no-go gate"), err);
}

void gate_decision_json(enum gate_outcome outcome, const char *text,
			struct strbuf *out)
{
	json_key(out, "gate-decision", 1);
	strbuf_addch(out, '{');
	json_key_string(out, "outcome", gate_outcome_name(outcome), 1);
	if (text && outcome == GATE_CONDITIONS)
		json_key_string(out, "conditions", text, 0);
	else if (text && outcome == GATE_NO_GO)
		json_key_string(out, "reason", text, 0);
	strbuf_addch(out, '}');
}
