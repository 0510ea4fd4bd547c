/*
 * cutover close RUN --by NAME: ends a run.  The rule is runs.h's.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "runs.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover close --by NAME [--reason TEXT] [--token TOKEN] RUN\n"
	"\n"
	"Closes run RUN (a rehearsal or the live run): a 'close' event, after\n"
	"which the run takes no event more (no sign-off, roster change,\n"
	"difficulty or upgrade); its reports and 'cutover verify' go on\n"
	"working. A runbook has one open live run at a time: 'cutover start\n"
	"--live' is refused until the one before is closed. Closing a closed\n"
	"run records nothing.\n"
	"\n"
	"  --by NAME       who closes it (required)\n"
	"  --reason TEXT   why, kept with the event\n"
	"  --token TOKEN   the coordinator's token (default: $CUTOVER_TOKEN);\n"
	"                  a run started with --require-tokens needs it\n");

int cmd_close(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "reason", required_argument, NULL, 'r' },
		{ "token", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	const char *by = NULL, *reason = NULL;
	struct strbuf when = STRBUF_INIT;
	instant_t now;
	int64_t seq = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			by = optarg;
			break;
		case 'h':
			return cmd_help(_(usage));
		case 'r':
			reason = optarg;
			break;
		case 'T':
			ctx->token = optarg;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "close");
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_fail(ctx, "%s", _("close takes one RUN; see"
						 " 'cutover close --help'"));
	if (!by || !*by)
		return cmd_usage_fail(ctx, "%s", _("say who closes the run"
						 " with --by NAME"));
	store_run_release(&ctx->run);
	if (store_find_run(ctx->store, argv[optind], &ctx->run, &ctx->err) ||
	    cmd_now(ctx, &now) || cmd_login(ctx))
		return EXIT_FAILED;
	rc = runs_close(ctx->store, &ctx->run, &ctx->auth, by, now, reason,
			&seq, &ctx->err);
	if (rc < 0)
		return EXIT_FAILED;
	if (rc == 1) {
		cmd_time(&when, ctx, ctx->run.closed_at);
		printf(_("run '%s' was closed already (event %lld, by %s at"
			 " %s); nothing recorded\n"), ctx->run.name,
		       (long long)ctx->run.closed_seq,
		       ctx->run.closed_by ? ctx->run.closed_by : "?",
		       when.buf);
		strbuf_release(&when);
		return EXIT_OK;
	}
	printf(_("closed run '%s' (event %lld)\n"), ctx->run.name,
	       (long long)seq);
	return EXIT_OK;
}
