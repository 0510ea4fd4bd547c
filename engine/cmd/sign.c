/*
 * cutover sign TASK: sign a task off with its evidence.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "i18n.h"
#include "signoff.h"
#include "xalloc.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover sign --by NAME [--evidence FIELD=VALUE]...\n"
	"                    [--attach [FIELD=]FILE]... [--comment TEXT] [--force]\n"
	"                    [--waive REASON] [--token TOKEN] TASK\n"
	"\n"
	"Signs off TASK (a key as 'cutover plan' or 'status' shows it, e.g.\n"
	"focal-point@dai-son) for its unit. The evidence fields the step\n"
	"declares are typed and checked, then the step's check runs; nothing\n"
	"is recorded unless all of it holds. Signing a task that is already\n"
	"done records nothing and says so. A roster step (see 'cutover roster')\n"
	"is signed only when the unit's shifts cover the duty window. A task\n"
	"with a start (its card and 'cutover plan' show it) is not signed\n"
	"before it.\n"
	"\n"
	"When the check finds problems (each names the row and the rule), the\n"
	"sign-off is refused; --waive REASON records it anyway, with the\n"
	"findings and the reason kept in the ledger for the reviewers.\n"
	"\n"
	"  --by NAME                 the person signing (required)\n"
	"  --evidence FIELD=VALUE    an evidence value; repeat for each field\n"
	"  --attach [FIELD=]FILE     a file for a 'file' field\n"
	"  --comment TEXT            a comment kept with the sign-off\n"
	"  --force                   sign although required tasks are open or\n"
	"                            the start is ahead (the coordinator only:\n"
	"                            never with a unit's token; the event\n"
	"                            says it)\n"
	"  --waive REASON            accept the check's findings, saying why\n"
	"                            in 3 words at least (the coordinator\n"
	"                            only, as --force)\n"
	"  --token TOKEN             a token of the task's unit, or the\n"
	"                            coordinator's (default: $CUTOVER_TOKEN);\n"
	"                            a run started with --require-tokens\n"
	"                            needs one\n");

int cmd_sign(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "attach", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ "comment", required_argument, NULL, 'c' },
		{ "evidence", required_argument, NULL, 'e' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "token", required_argument, NULL, 'T' },
		{ "waive", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct signoff req;
	struct signoff_result res;
	struct book *book = NULL;
	size_t alloc_ev = 0, alloc_at = 0;
	struct strbuf when = STRBUF_INIT;
	int c, status = EXIT_FAILED;

	memset(&req, 0, sizeof(req));
	signoff_result_init(&res);
	req.action = "done";
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
			req.comment = optarg;
			break;
		case 'e':
			XGROW(req.evidence, alloc_ev, req.nevidence + 1);
			req.evidence[req.nevidence++] = optarg;
			break;
		case 'f':
			req.force = 1;
			break;
		case 'T':
			ctx->token = optarg;
			break;
		case 'w':
			req.waiver = optarg;
			break;
		case 'h':
			free(req.attach);
			free(req.evidence);
			return cmd_help(_(usage));
		default:
			status = cmd_bad_option(ctx, c, argv, "sign");
			goto done;
		}
	}
	if (optind + 1 != argc) {
		status = cmd_usage_fail(ctx, "%s", _("sign takes one TASK;"
					" see 'cutover sign --help'"));
		goto done;
	}
	if (!req.by || !*req.by) {
		status = cmd_usage_fail(ctx, "%s", _("say who signs with"
					" --by NAME"));
		goto done;
	}
	if (req.waiver && !*req.waiver) {
		status = cmd_usage_fail(ctx, "%s", _("--waive needs the"
					" reason the findings are accepted"));
		goto done;
	}
	req.task_key = argv[optind];
	req.auth = &ctx->auth;
	if (cmd_signoff(ctx, &book, &req, &res))
		goto done;
	/* DESIGN: acknowledged only after the transaction committed. */
	action_ack(&when, req.task_key, req.action, &res, cmd_zone(ctx));
	if (res.recorded && res.waived)
		printf(_("%s; findings recorded:\n"), when.buf);
	else
		printf("%s\n", when.buf);
	if (res.recorded && res.waived)
		cmd_print_findings(&res.findings, stdout);
	status = EXIT_OK;
done:
	strbuf_release(&when);
	signoff_result_release(&res);
	book_free(book);
	free(req.attach);
	free(req.evidence);
	return status;
}
