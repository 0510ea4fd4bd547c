/*
 * cutover verify: recompute the ledger's hash chain.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>

#include "banned.h"

static const char usage[] =
	"usage: cutover verify\n"
	"\n"
	"Checks the database (SQLite integrity_check), recomputes the hash\n"
	"chain of the whole ledger from the first event, and recomputes every\n"
	"task's state from its events. Prints the number of events and the\n"
	"head hash when all holds; exits 1 naming the first event or task\n"
	"that does not match otherwise.\n";

int cmd_verify(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char head[SEAL_HEX_LEN + 1];
	int64_t count, tasks;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help(usage);
		return cmd_bad_option(ctx, c, argv, "verify");
	}
	if (optind != argc)
		return cmd_usage_fail(ctx, "verify takes no arguments");
	rc = store_integrity(ctx->store, &ctx->err);
	if (!rc)
		rc = store_verify_chain(ctx->store, &count, head, &ctx->err);
	if (!rc)
		rc = store_verify_states(ctx->store, &tasks, &ctx->err);
	if (rc)
		return EXIT_FAILED;
	printf("ledger ok: %lld events, %lld task states, head %s\n",
	       (long long)count, (long long)tasks, head);
	return EXIT_OK;
}
