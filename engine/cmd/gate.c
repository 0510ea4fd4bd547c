/*
 * cutover gate decide|list: the go/no-go decisions of the current run.
 * The rules are gate.h's and signoff's; this file parses and prints.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	"A go/no-go gate (a step with gate = true) is decided, never signed,\n"
	"skipped or failed. 'decide' records the coordinator's decision on\n"
	"the gate's TASK:\n"
	"  --go                 go: the tasks that require the gate may start;\n"
	"  --conditions TEXT    go with conditions, the conditions recorded;\n"
	"  --no-go              no-go, with --reason: what requires the gate\n"
	"                       keeps waiting, and the runbook's fallback path\n"
	"                       for the gate (its steps with fallback = GATE)\n"
	"                       becomes active.\n"
	"A go takes the evidence the step declares and passes its check, as a\n"
	"sign-off does, and is refused while a task the gate requires is not\n"
	"done (--force goes past them, and the event says so). A gate decided\n"
	"no-go can be decided again; a go is reopened first ('cutover reopen').\n"
	"Every decision stays in the ledger.\n"
	"\n"
	"'list' shows each gate, its decision in force, what waits on it, its\n"
	"fallback path, and the history of its decisions.\n"
	"\n"
	"  --by NAME       who decides (required)\n"
	"  --reason TEXT   --no-go: why (required)\n"
	"  --evidence FIELD=VALUE, --attach [FIELD=]FILE\n"
	"                  a go's evidence, as for 'cutover sign'\n"
	"  --comment TEXT  a comment kept with the decision\n"
	"  --force         go although tasks the gate requires are open\n"
	"  --token TOKEN   the coordinator's token (default: $CUTOVER_TOKEN);\n"
	"                  a run started with --require-tokens needs it\n");

static int gate_decide(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "attach", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ "comment", required_argument, NULL, 'm' },
		{ "conditions", required_argument, NULL, 'c' },
		{ "evidence", required_argument, NULL, 'e' },
		{ "force", no_argument, NULL, 'f' },
		{ "go", no_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ "no-go", no_argument, NULL, 'n' },
		{ "reason", required_argument, NULL, 'r' },
		{ "token", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL, *comment = NULL, *conditions = NULL;
	enum gate_outcome outcome = GATE_GO;
	struct signoff req;
	struct signoff_result res;
	struct book *book = NULL;
	size_t alloc_ev = 0, alloc_at = 0;
	int c, chosen = 0, status = EXIT_FAILED;

	memset(&req, 0, sizeof(req));
	signoff_result_init(&res);
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			XGROW(req.attach, alloc_at, req.nattach + 1);
			req.attach[req.nattach++] = optarg;
			break;
		case 'b':
			req.by = optarg;
			break;
		case 'c':
			conditions = optarg;
			outcome = GATE_CONDITIONS;
			chosen++;
			break;
		case 'e':
			XGROW(req.evidence, alloc_ev, req.nevidence + 1);
			req.evidence[req.nevidence++] = optarg;
			break;
		case 'f':
			req.force = 1;
			break;
		case 'g':
			outcome = GATE_GO;
			chosen++;
			break;
		case 'h':
			free(req.attach);
			free(req.evidence);
			return cmd_help(_(usage));
		case 'm':
			comment = optarg;
			break;
		case 'n':
			outcome = GATE_NO_GO;
			chosen++;
			break;
		case 'r':
			reason = optarg;
			break;
		case 'T':
			ctx->token = optarg;
			break;
		default:
			status = cmd_bad_option(ctx, c, argv, "gate");
			goto done;
		}
	}
	if (optind + 1 != argc) {
		status = cmd_usage_fail(ctx, "%s", _("gate decide takes one"
					" TASK; see 'cutover gate --help'"));
		goto done;
	}
	if (chosen != 1) {
		status = cmd_usage_fail(ctx, "%s", _("gate decide takes one of"
					" --go, --conditions TEXT or --no-go"));
		goto done;
	}
	if (!req.by || !*req.by) {
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
	req.task_key = argv[optind];
	req.action = gate_outcome_action(outcome);
	req.decision = gate_outcome_name(outcome);
	req.decision_text = outcome == GATE_NO_GO ? reason : conditions;
	req.comment = outcome == GATE_NO_GO ? reason : comment;
	req.auth = &ctx->auth;
	if (cmd_now(ctx, &req.at) || cmd_login(ctx))
		goto done;
	if (signoff_apply(ctx->store, &ctx->run, &book, &req, &res,
			  &ctx->err)) {
		if (res.findings.len) {
			struct strbuf line = STRBUF_INIT;

			err_format(&ctx->err, &line);
			fprintf(stderr, "cutover: %s\n", line.buf);
			cmd_print_findings(&res.findings, stderr);
			strbuf_release(&line);
			err_reset(&ctx->err);
		}
		goto done;
	}
	/* DESIGN: acknowledged only after the transaction committed. */
	if (!res.recorded)
		printf(_("%s is decided %s already; nothing recorded\n"),
		       req.task_key, gate_outcome_words(req.decision));
	else
		printf(_("decided %s for %s (event %lld)%s\n"),
		       gate_outcome_words(req.decision), req.task_key,
		       (long long)res.seq, res.forced ?
		       _(", forced past what it requires") : "");
	status = EXIT_OK;
done:
	signoff_result_release(&res);
	book_free(book);
	free(req.attach);
	free(req.evidence);
	return status;
}

static void decision_json(struct strbuf *out, struct cmd_ctx *ctx,
			  const struct store_decision *d, int first)
{
	struct strbuf at = STRBUF_INIT;

	clock_format_rfc3339(&at, d->at, cmd_offset(ctx));
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
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_task_filter gates;
	struct store_task *t = NULL;
	struct store_decision *d = NULL;
	struct strbuf out = STRBUF_INIT;
	size_t nt = 0, nd = 0, i, j;
	int c, status = EXIT_FAILED;
	instant_t now;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help(_(usage));
		return cmd_bad_option(ctx, c, argv, "gate");
	}
	if (optind != argc)
		return cmd_usage_fail(ctx, "%s", _("gate list takes no"
						 " arguments"));
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
			json_key_string(&out, "state", t[i].state, 0);
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
		strbuf_addf(&out, "%s  [%s]", t[i].key,
			    walk_state_name(t[i].state));
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
					    walk_state_name("reopened"),
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
