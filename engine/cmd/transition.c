/*
 * cutover skip|fail|block|reopen TASK --reason TEXT: the state changes
 * that need a reason rather than evidence.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "cascade.h"
#include "i18n.h"
#include "signoff.h"
#include "banned.h"

static const char usage_fmt[] = N_(
	"usage: cutover %s --by NAME --reason TEXT [--token TOKEN] TASK\n"
	"\n"
	"%s\n"
	"\n"
	"  --by NAME        who records it (required)\n"
	"  --reason TEXT    why (required)\n"
	"  --token TOKEN    a unit's token (default: $CUTOVER_TOKEN); a run\n"
	"                   started with --require-tokens needs one\n");

static const char reopen_usage[] = N_(
	"usage: cutover reopen --by NAME --reason TEXT [--cascade] [--token TOKEN]\n"
	"                      TASK\n"
	"\n"
	"Reopens TASK: it becomes pending again; its history is kept. A done\n"
	"task that required it then rests on a reopened requirement: 'cutover\n"
	"status', 'next' and the reports say so. A go/no-go gate is reopened\n"
	"by the coordinator only.\n"
	"\n"
	"  --by NAME        who records it (required)\n"
	"  --reason TEXT    why (required)\n"
	"  --cascade        also reopen every done task that rests on TASK,\n"
	"                   directly or through another, in one transaction\n"
	"                   (TASK may be open already); none is reopened when\n"
	"                   one is refused\n"
	"  --token TOKEN    a unit's token (default: $CUTOVER_TOKEN); a run\n"
	"                   started with --require-tokens needs one\n");

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
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "cascade", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "reason", required_argument, NULL, 'r' },
		{ "token", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	const struct action *tr = action_by_command(argv[0]);
	struct signoff req;
	struct signoff_result res;
	struct book *book = NULL;
	struct strbuf said = STRBUF_INIT;
	int c, cascade = 0, status = EXIT_FAILED;

	if (!tr || !tr->help)
		return cmd_usage_fail(ctx, "BUG: no transition '%s'", argv[0]);
	memset(&req, 0, sizeof(req));
	req.action = tr->kind;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			req.by = optarg;
			break;
		case 'C':
			if (strcmp(tr->command, "reopen"))
				return cmd_bad_option(ctx, '?', argv,
						      tr->command);
			cascade = 1;
			break;
		case 'h':
			if (!strcmp(tr->command, "reopen"))
				return cmd_help(_(reopen_usage));
			printf(_(usage_fmt), tr->command, _(tr->help));
			return EXIT_OK;
		case 'r':
			req.comment = optarg;
			break;
		case 'T':
			ctx->token = optarg;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, tr->command);
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_fail(ctx, _("%s takes one TASK; see 'cutover"
					    " %s --help'"), tr->command,
				      tr->command);
	if (!req.by || !*req.by)
		return cmd_usage_fail(ctx, "%s", _("say who records it with"
						 " --by NAME"));
	if (!req.comment || !*req.comment)
		return cmd_usage_fail(ctx, _("%s needs a reason: --reason"
					    " TEXT"), tr->command);
	req.task_key = argv[optind];
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
