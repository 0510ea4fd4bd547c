/*
 * cutover close RUN --by NAME: ends a run.  The rule is runs.h's.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "runs.h"
#include "banned.h"

static const char about[] = N_(
	"Closes run RUN (a rehearsal or the live run): a 'close' event, after\n"
	"which the run takes no event more (no sign-off, roster change,\n"
	"difficulty or upgrade); its reports and 'cutover verify' go on\n"
	"working. A runbook has one open live run at a time: 'cutover start\n"
	"--live' is refused until the one before is closed. Closing a closed\n"
	"run records nothing. Only the coordinator closes a run (in a run\n"
	"that requires tokens, with the coordinator's token).\n");

int cmd_close(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *name = NULL, *by = NULL, *reason = NULL;
	const struct opt_spec opts[] = {
		CMD_OPT_BY(&by),
		{ OPT_VALUE, "reason", 0, &reason, N_("TEXT"),
		  N_("why it is closed, kept with the event"), 0, 0 },
		CMD_OPT_TOKEN(ctx),
		{ OPT_ARG, N_("RUN"), 0, &name, NULL,
		  N_("the run's name, as 'cutover status' shows it"),
		  OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "close", opts, about };
	struct strbuf when = STRBUF_INIT;
	instant_t now;
	int64_t seq = 0;
	int rc, status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (!*by)
		return cmd_usage_fail(ctx, "%s", _("say who closes the run"
						 " with --by NAME"));
	store_run_release(&ctx->run);
	if (store_find_run(ctx->store, name, &ctx->run, &ctx->err) ||
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
