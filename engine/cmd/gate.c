/*
 * cutover gate decide|list: the go/no-go decisions of the current run.
 * The rules are gate.h's and signoff's; this file parses and prints.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "gate.h"
#include "i18n.h"
#include "json.h"
#include "signoff.h"
#include "walk.h"
#include "xalloc.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover gate decide (--go | --conditions TEXT | --no-go --reason TEXT)\n"
	"                           --by NAME [--evidence FIELD=VALUE]...\n"
	"                           [--attach [FIELD=]FILE]... [--comment TEXT]\n"
	"                           [--force] [--token TOKEN] TASK\n"
	"   or: cutover [--json] gate list\n"
	"\n"
	"The go/no-go gates of the run: 'decide' records the coordinator's\n"
	"decision on a gate's task, 'list' shows each gate with its decision\n"
	"in force and their history. See 'cutover gate decide --help'.\n");

static const char decide_about[] = N_(
	"A go/no-go gate (a step with gate = true) is decided, never signed,\n"
	"skipped or failed. This records the coordinator's decision on the\n"
	"gate's TASK: go, and the tasks that require the gate may start; go\n"
	"with conditions, the conditions recorded; or no-go, with the reason:\n"
	"what requires the gate keeps waiting, and the runbook's fallback path\n"
	"for the gate (its steps declared with fallback = GATE) becomes\n"
	"active. A go takes the evidence the step declares and passes its\n"
	"check, as a sign-off does, and is refused while a task the gate\n"
	"requires is not done (--force goes past them, and the event says\n"
	"so). A gate decided no-go can be decided again; a go is reopened first\n"
	"('cutover reopen'). Every decision stays in the ledger.\n");

static const char list_about[] = N_(
	"Shows each gate of the run: its state, what it still requires, and\n"
	"the history of its decisions and reopenings, the one in force marked\n"
	"'*'; under a no-go in force, what waits on it and its fallback path.\n"
	"\n"
	"--json: an array of the gates, each an object: task, state,\n"
	"open_requires (how many tasks it still requires), and history (its\n"
	"decisions and reopenings, each {event, task, kind, decision, text,\n"
	"by, at, auth, current}; the no-go in force adds waiting,\n"
	"fallback_tasks and fallback_settled).\n");

static int gate_decide(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *task = NULL, *by = NULL, *reason = NULL, *comment = NULL;
	const char *conditions = NULL;
	struct opt_list evidence = OPT_LIST_INIT, attach = OPT_LIST_INIT;
	int choice = 0, force = 0;
	const struct opt_spec opts[] = {
		{ OPT_SWITCH, "go", 0, &choice, NULL,
		  N_("go: what requires the gate may start"), 0, 1 },
		{ OPT_SWITCH, "no-go", 0, &choice, NULL,
		  N_("no-go (with --reason): the fallback path starts"), 0, 2 },
		{ OPT_VALUE, "conditions", 0, &conditions, N_("TEXT"),
		  N_("go with conditions, the conditions as text"), 0, 0 },
		{ OPT_VALUE, "reason", 0, &reason, N_("TEXT"),
		  N_("why no-go (required with --no-go)"), 0, 0 },
		CMD_OPT_BY(&by),
		{ OPT_LIST, "evidence", 0, &evidence, N_("FIELD=VALUE"),
		  N_("a go's evidence value, as for sign; repeat for each"),
		  0, 0 },
		{ OPT_LIST, "attach", 0, &attach, N_("[FIELD=]FILE"),
		  N_("a go's file evidence, as for sign"), 0, 0 },
		{ OPT_VALUE, "comment", 0, &comment, N_("TEXT"),
		  N_("a comment kept with a go"), 0, 0 },
		{ OPT_SWITCH, "force", 0, &force, NULL,
		  N_("go although tasks the gate requires are open"), 0, 0 },
		CMD_OPT_TOKEN(ctx),
		{ OPT_ARG, N_("TASK"), 0, &task, NULL,
		  N_("the gate's task, e.g. go-no-go@ttpvhcc"), OPT_REQUIRED,
		  0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "gate decide", opts, decide_about };
	enum gate_outcome outcome = GATE_GO;
	struct signoff req;
	struct signoff_result res;
	struct book *book = NULL;
	int status = EXIT_FAILED;

	memset(&req, 0, sizeof(req));
	signoff_result_init(&res);
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		goto done;
	status = EXIT_FAILED;
	if ((choice != 0) + (conditions != NULL) != 1) {
		status = cmd_usage_fail(ctx, "%s", _("gate decide takes one of"
					" --go, --conditions TEXT or --no-go"));
		goto done;
	}
	outcome = conditions ? GATE_CONDITIONS : choice == 2 ? GATE_NO_GO :
		GATE_GO;
	if (!*by) {
		status = cmd_usage_fail(ctx, "%s", _("say who decides with"
					" --by NAME"));
		goto done;
	}
	if (outcome == GATE_CONDITIONS && !*conditions) {
		status = cmd_usage_fail(ctx, "%s", _("--conditions needs the"
					" conditions, as text"));
		goto done;
	}
	if (outcome == GATE_NO_GO && (!reason || !*reason)) {
		status = cmd_usage_fail(ctx, "%s", _("a no-go says why:"
					" --reason TEXT"));
		goto done;
	}
	if (outcome != GATE_NO_GO && reason) {
		status = cmd_usage_fail(ctx, "%s", _("--reason goes with"
					" --no-go; a go takes --comment"));
		goto done;
	}
	if (outcome == GATE_NO_GO && comment) {
		status = cmd_usage_fail(ctx, "%s", _("a no-go's words are its"
					" --reason"));
		goto done;
	}
	req.task_key = task;
	req.by = by;
	req.action = gate_outcome_action(outcome);
	req.decision = gate_outcome_name(outcome);
	req.decision_text = outcome == GATE_NO_GO ? reason : conditions;
	req.comment = outcome == GATE_NO_GO ? reason : comment;
	req.evidence = (char **)evidence.v;
	req.nevidence = evidence.n;
	req.attach = (char **)attach.v;
	req.nattach = attach.n;
	req.force = force;
	req.auth = &ctx->auth;
	if (cmd_signoff(ctx, &book, &req, &res))
		goto done;
	/* DESIGN: acknowledged only after the transaction committed. */
	if (!res.recorded)
		printf(_("%s is decided %s already; nothing recorded\n"),
		       req.task_key, gate_outcome_words(req.decision));
	else if (res.forced)
		printf(_("decided %s for %s (event %lld), forced past what it"
			 " requires\n"), gate_outcome_words(req.decision),
		       req.task_key, (long long)res.seq);
	else
		printf(_("decided %s for %s (event %lld)\n"),
		       gate_outcome_words(req.decision), req.task_key,
		       (long long)res.seq);
	status = EXIT_OK;
done:
	signoff_result_release(&res);
	book_free(book);
	opt_list_release(&evidence);
	opt_list_release(&attach);
	return status;
}

static void decision_json(struct strbuf *out, struct cmd_ctx *ctx,
			  const struct store_decision *d, int first)
{
	struct strbuf at = STRBUF_INIT;

	clock_format_rfc3339(&at, d->at, cmd_zone(ctx));
	if (!first)
		strbuf_addch(out, ',');
	strbuf_addch(out, '{');
	json_key_int(out, "event", d->seq, 1);
	json_key_string(out, "task", d->task_key, 0);
	json_key_string(out, "kind", d->kind, 0);
	json_key_string(out, "decision", d->outcome, 0);
	json_key_string(out, "text", d->text, 0);
	json_key_string(out, "by", d->by, 0);
	json_key_string(out, "at", at.buf, 0);
	json_key_string(out, "auth", d->auth, 0);
	json_key(out, "current", 0);
	strbuf_adds(out, d->current ? "true" : "false");
	if (d->current && d->outcome && !strcmp(d->outcome, "no-go")) {
		json_key_int(out, "waiting", d->held, 0);
		json_key_int(out, "fallback_tasks", d->fallback, 0);
		json_key_int(out, "fallback_settled", d->fallback_done, 0);
	}
	strbuf_addch(out, '}');
	strbuf_release(&at);
}

/* What a no-go in force holds and what it set going. */
static void no_go_lines(struct strbuf *out, const struct store_decision *d)
{
	strbuf_adds(out, "    ");
	strbuf_addf(out, P_("%lld task waits on it", "%lld tasks wait on it",
			    (unsigned long)d->held), (long long)d->held);
	strbuf_adds(out, "; ");
	strbuf_addf(out, P_("its fallback path: %lld task, %lld done or"
			    " skipped", "its fallback path: %lld tasks, %lld"
			    " done or skipped", (unsigned long)d->fallback),
		    (long long)d->fallback, (long long)d->fallback_done);
	strbuf_addch(out, '\n');
}

static int gate_list(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct opt_spec opts[] = { CMD_OPT_END };
	const struct cmd_spec spec = { "gate list", opts, list_about };
	struct store_task_filter gates;
	struct store_task *t = NULL;
	struct store_decision *d = NULL;
	struct strbuf out = STRBUF_INIT;
	size_t nt = 0, nd = 0, i, j;
	int status = EXIT_FAILED;
	instant_t now;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	memset(&gates, 0, sizeof(gates));
	gates.gates = 1;
	if (cmd_now(ctx, &now))
		return EXIT_FAILED;
	gates.now = now;
	if (store_tasks(ctx->store, ctx->run.id, &gates, &t, &nt, &ctx->err) ||
	    store_decisions(ctx->store, ctx->run.id, &d, &nd, &ctx->err))
		goto done;
	if (ctx->json) {
		strbuf_addch(&out, '[');
		for (i = 0; i < nt; i++) {
			int first = 1;

			if (i)
				strbuf_addch(&out, ',');
			strbuf_addch(&out, '{');
			json_key_string(&out, "task", t[i].key, 1);
			json_key_string(&out, "state",
				task_state_name(t[i].state), 0);
			json_key_int(&out, "open_requires", t[i].open_requires,
				     0);
			json_key(&out, "history", 0);
			strbuf_addch(&out, '[');
			for (j = 0; j < nd; j++)
				if (!strcmp(d[j].task_key, t[i].key)) {
					decision_json(&out, ctx, &d[j], first);
					first = 0;
				}
			strbuf_adds(&out, "]}");
		}
		strbuf_adds(&out, "]\n");
		cmd_print(&out);
		status = EXIT_OK;
		goto done;
	}
	if (!nt)
		strbuf_adds(&out, _("the runbook has no go/no-go gate\n"));
	for (i = 0; i < nt; i++) {
		const char *said = walk_state_name(t[i].state);

		/* A decision in force is said as the decision. */
		for (j = 0; j < nd; j++)
			if (d[j].current && d[j].outcome &&
			    !strcmp(d[j].task_key, t[i].key))
				said = gate_outcome_words(d[j].outcome);
		strbuf_addf(&out, "%s  [%s]", t[i].key, said);
		if (t[i].open_requires)
			strbuf_addf(&out, P_("  %d requirement open",
					     "  %d requirements open",
					     (unsigned long)t[i].open_requires),
				    t[i].open_requires);
		strbuf_addch(&out, '\n');
		for (j = 0; j < nd; j++) {
			if (strcmp(d[j].task_key, t[i].key))
				continue;
			strbuf_addf(&out, "  %s #%lld  ", d[j].current ? "*" :
				    " ", (long long)d[j].seq);
			cmd_time(&out, ctx, d[j].at);
			if (d[j].outcome)
				strbuf_addf(&out, "  %s, %s",
					    gate_outcome_words(d[j].outcome),
					    d[j].by);
			else
				strbuf_addf(&out, "  %s, %s",
					    action_state_name("reopened"),
					    d[j].by);
			if (d[j].text)
				strbuf_addf(&out, ": %s", d[j].text);
			strbuf_addch(&out, '\n');
			if (d[j].current && d[j].outcome &&
			    !strcmp(d[j].outcome, "no-go"))
				no_go_lines(&out, &d[j]);
		}
	}
	cmd_print(&out);
	status = EXIT_OK;
done:
	strbuf_release(&out);
	store_tasks_free(t, nt);
	store_decisions_free(d, nd);
	return status;
}

int cmd_gate(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct cmd_sub subs[] = {
		{ "decide", gate_decide },
		{ "list", gate_list },
	};

	return cmd_dispatch(ctx, "gate", _(usage), subs,
			    sizeof(subs) / sizeof(subs[0]), argc, argv);
}
