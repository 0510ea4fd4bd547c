/*
 * cutover init: create the workspace database.
 */
#include "cmd.h"

#include <stdio.h>

#include "i18n.h"
#include "workspace.h"
#include "banned.h"

static const char about[] = N_(
	"Creates the workspace database, .cutover/state.db in the current\n"
	"folder (or the file --db PATH names). Running it again on an\n"
	"existing workspace is safe.\n");

int cmd_init(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct opt_spec opts[] = { CMD_OPT_END };
	const struct cmd_spec spec = { "init", opts, about };
	struct strbuf path = STRBUF_INIT;
	int existed, status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
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
