/*
 * cutover skip|fail|block|reopen TASK --reason TEXT: the state changes
 * that need a reason rather than evidence.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "cascade.h"
#include "i18n.h"
#include "signoff.h"
#include "banned.h"

static const char reopen_about[] = N_(
	"Reopens TASK: it becomes pending again; its history is kept. A done\n"
	"task that required it then rests on a reopened requirement: 'cutover\n"
	"status', 'next' and the reports say so. A go/no-go gate is reopened\n"
	"by the coordinator only.\n");

/* reopen --cascade: the task and what rests on it, in one transaction. */
static int reopen_cascade(struct cmd_ctx *ctx, struct signoff *req)
{
	struct cascade_result res;
	struct book *book = NULL;
	size_t i;

	if (cascade_reopen(ctx->store, &ctx->run, &book, req, &res,
			   &ctx->err)) {
		book_free(book);
		return EXIT_FAILED;
	}
	if (res.reopened)
		printf(_("reopened %s (event %lld)\n"), req->task_key,
		       (long long)res.seq);
	else
		printf(_("%s is open already\n"), req->task_key);
	for (i = 0; i < res.n; i++)
		printf(_("reopened %s, which rests on %s (event %lld)\n"),
		       res.keys[i], req->task_key, (long long)res.seqs[i]);
	cascade_result_release(&res);
	book_free(book);
	return EXIT_OK;
}

int cmd_transition(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct action *tr = action_by_command(argv[0]);
	struct signoff req;
	int cascade = 0, reopen = tr && !strcmp(tr->command, "reopen");
	const struct opt_spec opts[] = {
		CMD_OPT_BY(&req.by),
		{ OPT_VALUE, "reason", 0, &req.comment, N_("TEXT"),
		  N_("why"), OPT_REQUIRED, 0 },
		/* reopen's only: hidden from the others, refused below. */
		{ OPT_SWITCH, "cascade", 0, &cascade, NULL,
		  N_("also reopen every done task that rests on TASK, directly"
		     " or through another, in one transaction (TASK may be"
		     " open already); none is reopened when one is refused"),
		  reopen ? 0 : OPT_HIDDEN, 0 },
		CMD_OPT_TOKEN(ctx),
		{ OPT_ARG, N_("TASK"), 0, &req.task_key, NULL,
		  N_("the task's key, e.g. focal-point@dai-son"),
		  OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	struct cmd_spec spec = { NULL, opts, NULL };
	struct signoff_result res;
	struct book *book = NULL;
	struct strbuf said = STRBUF_INIT, about = STRBUF_INIT;
	int status = EXIT_FAILED, rc;

	if (!tr || !tr->help)
		return cmd_usage_fail(ctx, "BUG: no transition '%s'", argv[0]);
	/* The action table's paragraph, a line of its own in the help. */
	strbuf_addf(&about, "%s\n", _(tr->help));
	spec.name = tr->command;
	spec.about = reopen ? reopen_about : about.buf;
	memset(&req, 0, sizeof(req));
	req.action = tr->kind;
	rc = cmd_parse(ctx, &spec, argc, argv, &status);
	strbuf_release(&about);
	if (rc)
		return status;
	if (cascade && !reopen)
		return cmd_usage_fail(ctx, _("unknown option '%s'; see 'cutover"
					    " %s --help'"), "--cascade",
				      tr->command);
	if (!*req.comment)
		return cmd_usage_fail(ctx, _("%s needs a reason: --reason"
					    " TEXT"), tr->command);
	req.auth = &ctx->auth;
	if (cascade)
		return cmd_now(ctx, &req.at) || cmd_login(ctx) ? EXIT_FAILED :
			reopen_cascade(ctx, &req);
	signoff_result_init(&res);
	if (cmd_signoff(ctx, &book, &req, &res))
		goto done;
	action_ack(&said, req.task_key, req.action, &res, cmd_zone(ctx));
	printf("%s\n", said.buf);
	status = EXIT_OK;
done:
	strbuf_release(&said);
	signoff_result_release(&res);
	book_free(book);
	return status;
}
