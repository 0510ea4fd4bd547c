/*
 * cutover sign TASK: sign a task off with its evidence.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "i18n.h"
#include "signoff.h"
#include "banned.h"

static const char about[] = N_(
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
	"--force and --waive are the coordinator's only: never with a unit's\n"
	"token; the event says so.\n");

int cmd_sign(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct signoff req;
	struct opt_list evidence = OPT_LIST_INIT, attach = OPT_LIST_INIT;
	const struct opt_spec opts[] = {
		CMD_OPT_BY(&req.by),
		{ OPT_LIST, "evidence", 0, &evidence, N_("FIELD=VALUE"),
		  N_("an evidence value; repeat for each field"), 0, 0 },
		{ OPT_LIST, "attach", 0, &attach, N_("[FIELD=]FILE"),
		  N_("a file for a 'file' field"), 0, 0 },
		{ OPT_VALUE, "comment", 0, &req.comment, N_("TEXT"),
		  N_("a comment kept with the sign-off"), 0, 0 },
		{ OPT_SWITCH, "force", 0, &req.force, NULL,
		  N_("sign although required tasks are open or the start is"
		     " ahead"), 0, 0 },
		{ OPT_VALUE, "waive", 0, &req.waiver, N_("REASON"),
		  N_("accept the check's findings, saying why in 3 words at"
		     " least"), 0, 0 },
		CMD_OPT_TOKEN(ctx),
		{ OPT_ARG, N_("TASK"), 0, &req.task_key, NULL,
		  N_("the task's key, e.g. focal-point@dai-son"),
		  OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "sign", opts, about };
	struct signoff_result res;
	struct book *book = NULL;
	struct strbuf when = STRBUF_INIT;
	int status = EXIT_FAILED;

	memset(&req, 0, sizeof(req));
	signoff_result_init(&res);
	req.action = "done";
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		goto done;
	status = EXIT_FAILED;
	req.evidence = (char **)evidence.v;
	req.nevidence = evidence.n;
	req.attach = (char **)attach.v;
	req.nattach = attach.n;
	if (req.waiver && !*req.waiver) {
		status = cmd_usage_fail(ctx, "%s", _("--waive needs the"
					" reason the findings are accepted"));
		goto done;
	}
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
	opt_list_release(&evidence);
	opt_list_release(&attach);
	return status;
}
