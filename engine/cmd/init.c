/*
 * cutover init: create the workspace database.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>

#include "workspace.h"
#include "banned.h"

static const char usage[] =
	"usage: cutover [--db PATH] init\n"
	"\n"
	"Creates the workspace database, .cutover/state.db in the current\n"
	"folder (or PATH). Running it again on an existing workspace is safe.\n";

int cmd_init(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf path = STRBUF_INIT;
	int c, existed;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help(usage);
		return cmd_bad_option(ctx, c, argv, "init");
	}
	if (optind != argc)
		return cmd_usage_fail(ctx, "init takes no arguments");
	if (workspace_prepare_db(ctx->db_override, &path, &ctx->err)) {
		strbuf_release(&path);
		return EXIT_FAILED;
	}
	existed = workspace_file_exists(path.buf);
	if (store_open(path.buf, 1, &ctx->store, &ctx->err)) {
		strbuf_release(&path);
		return EXIT_FAILED;
	}
	printf("%s cutover workspace in %s\n",
	       existed ? "Reinitialized existing" : "Initialized empty",
	       path.buf);
	strbuf_release(&path);
	return EXIT_OK;
}
