/*
 * The table of actions (action.h).
 */
#include "action.h"

#include <stddef.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "banned.h"

static const struct action actions[] = {
	{ "sign", "done", N_("signed %s (event %lld)"),
	  N_("would sign %s"), NC_("action", "Sign off"), NULL },
	{ "skip", "skipped", N_("skipped %s (event %lld)"),
	  N_("would skip %s"), NC_("action", "Skip"),
	  N_("Marks TASK skipped: it does not apply. Counted as settled.") },
	{ "fail", "failed", N_("marked %s failed (event %lld)"),
	  N_("would mark %s failed"), NC_("action", "Mark failed"),
	  N_("Marks TASK failed: it was attempted and did not succeed.") },
	{ "block", "blocked", N_("marked %s blocked (event %lld)"),
	  N_("would mark %s blocked"), NC_("action", "Mark blocked"),
	  N_("Marks TASK blocked: it cannot go on until something else is fixed.") },
	{ "reopen", "reopened", N_("reopened %s (event %lld)"),
	  N_("would reopen %s"), NC_("action", "Reopen"),
	  N_("Reopens TASK: it becomes pending again; its history is kept.") },
	{ "comment", "comment", N_("comment added to %s (event %lld)"),
	  N_("would add a comment to %s"), NC_("action", "Add a comment"),
	  NULL },
};

#define NACTIONS (sizeof(actions) / sizeof(actions[0]))

const struct action *action_by_command(const char *command)
{
	size_t i;

	for (i = 0; command && i < NACTIONS; i++)
		if (!strcmp(actions[i].command, command))
			return &actions[i];
	return NULL;
}

const struct action *action_by_kind(const char *kind)
{
	size_t i;

	for (i = 0; kind && i < NACTIONS; i++)
		if (!strcmp(actions[i].kind, kind))
			return &actions[i];
	return NULL;
}

const char *action_state_name(const char *state)
{
	static const char *const names[] = {
		NC_("task state", "pending"), NC_("task state", "done"),
		NC_("task state", "skipped"), NC_("task state", "failed"),
		NC_("task state", "blocked"), NC_("task state", "reopened"),
		NC_("task state", "comment"),
	};
	size_t i;

	/* What else the ledger records: a run's, a roster's, a log's events. */
	static const char *const events[] = {
		NC_("event", "start"), NC_("event", "upgrade"),
		NC_("event", "archived"), NC_("event", "shift-added"),
		NC_("event", "shift-removed"), NC_("event", "issue-raised"),
		NC_("event", "issue-resolved"), NC_("event", "token-issued"),
		NC_("event", "token-revoked"), NC_("event", "link-issued"),
		NC_("event", "session-opened"), NC_("event", "session-closed"),
	};

	/* The names are the states themselves, in English. */
	for (i = 0; state && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i], state))
			return C_("task state", names[i]);
	for (i = 0; state && i < sizeof(events) / sizeof(events[0]); i++)
		if (!strcmp(events[i], state))
			return C_("event", events[i]);
	return state ? state : "?";
}

const char *action_task_state_name(enum task_state state)
{
	return action_state_name(task_state_name(state));
}

void action_ack(struct strbuf *out, const char *task, const char *kind,
		const struct signoff_result *res,
		const struct clock_zone *zone)
{
	const struct action *a = action_by_kind(kind);
	struct strbuf when = STRBUF_INIT;

	if (!res->recorded && !strcmp(kind, "done")) {
		clock_format_local(&when, res->previous_at, zone);
		strbuf_addf(out, _("%s is already done (signed by %s at %s);"
				   " nothing recorded"), task,
			    res->previous_by ? res->previous_by : "?",
			    when.buf);
	} else if (!res->recorded) {
		strbuf_addf(out, _("%s is already %s; nothing recorded"), task,
			    action_task_state_name(res->previous_state));
	} else if (!strcmp(kind, "done") && res->waived) {
		strbuf_addf(out, _("signed %s with a waiver (event %lld)"), task,
			    (long long)res->seq);
	} else if (a) {
		strbuf_addf(out, _(a->done), task, (long long)res->seq);
	} else {
		strbuf_addf(out, "%s %s (event %lld)", kind, task,
			    (long long)res->seq);
	}
	strbuf_release(&when);
}

void action_would(struct strbuf *out, const char *task, const char *kind)
{
	const struct action *a = action_by_kind(kind);

	strbuf_addf(out, a ? _(a->would) : "%s", task);
}
