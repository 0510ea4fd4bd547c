/*
 * cutover init: create the workspace database.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>

#include "i18n.h"
#include "workspace.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover [--db PATH] init\n"
	"\n"
	"Creates the workspace database, .cutover/state.db in the current\n"
	"folder (or PATH). Running it again on an existing workspace is safe.\n");

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
			return cmd_help(_(usage));
		return cmd_bad_option(ctx, c, argv, "init");
	}
	if (optind != argc)
		return cmd_usage_fail(ctx, "%s", _("init takes no arguments"));
	if (workspace_prepare_db(ctx->db_override, &path, &ctx->err)) {
		strbuf_release(&path);
		return EXIT_FAILED;
	}
	existed = workspace_file_exists(path.buf);
	if (store_open(path.buf, 1, &ctx->store, &ctx->err)) {
		strbuf_release(&path);
		return EXIT_FAILED;
	}
	printf(existed ? _("Reinitialized existing cutover workspace in %s\n") :
	       _("Initialized empty cutover workspace in %s\n"), path.buf);
	strbuf_release(&path);
	return EXIT_OK;
}
