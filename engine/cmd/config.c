/*
 * cutover config: the workspace's configuration (.cutover/config), read
 * and written as `git config -f` would: who acts when --by is not given,
 * the mail server, the units' addresses, serve's address.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "json.h"
#include "vcs.h"
#include "workspace.h"
#include "banned.h"

static const char about[] = N_(
	"Reads or changes the workspace's configuration, the file .cutover/config\n"
	"beside its database, in git's format (git config -f edits it too).\n"
	"`config NAME` prints a variable's value (exit 1 when it is not set),\n"
	"`config NAME VALUE` sets it, --add adds a value to a unit's email or\n"
	"phone, --unset removes it, --list prints them all (smtp.password's\n"
	"value is never printed). The variables:\n"
	"\n"
	"  user.name              who acts when a command is given no --by\n"
	"                         ($CUTOVER_BY wins over it)\n"
	"  smtp.url, smtp.user, smtp.password, smtp.ca-file, mail.from\n"
	"                         the mail server of remind and report --send\n"
	"  serve.base-url         the address units reach cutover serve at\n"
	"  unit.ID.email, unit.ID.phone\n"
	"                         a unit's addresses as known tonight\n"
	"\n"
	"A file that holds smtp.password is made readable by its owner only.\n"
	"\n"
	"--json: --list prints one object, each variable's name to its value;\n"
	"NAME prints an array of its values.\n");

enum config_mode { MODE_GET, MODE_LIST, MODE_UNSET, MODE_ADD };

static int print_list(struct cmd_ctx *ctx, const char *db, const char *only)
{
	struct vcs_config_entry *e;
	struct strbuf out = STRBUF_INIT;
	size_t n, i, shown = 0;

	if (config_list(db, &e, &n, &ctx->err))
		return EXIT_FAILED;
	if (ctx->json)
		strbuf_addch(&out, only ? '[' : '{');
	for (i = 0; i < n; i++) {
		if (only && strcmp(e[i].name, only))
			continue;
		if (ctx->json && only) {
			strbuf_adds(&out, shown ? "," : "");
			json_string(&out, e[i].value);
		} else if (ctx->json) {
			json_key_string(&out, e[i].name, e[i].value, !shown);
		} else if (only) {
			strbuf_addf(&out, "%s\n", e[i].value);
		} else {
			strbuf_addf(&out, "%s=%s\n", e[i].name, e[i].value);
		}
		shown++;
	}
	if (ctx->json)
		strbuf_adds(&out, only ? "]\n" : "}\n");
	vcs_config_free(e, n);
	if (only && !shown) {
		strbuf_release(&out);
		return EXIT_FAILED;   /* unset, as git config says it */
	}
	cmd_print(&out);
	strbuf_release(&out);
	return EXIT_OK;
}

int cmd_config(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *name = NULL, *value = NULL;
	int mode = MODE_GET, status;
	const struct opt_spec opts[] = {
		{ OPT_SWITCH, "list", 'l', &mode, NULL,
		  N_("print every variable of the file"), 0, MODE_LIST },
		{ OPT_SWITCH, "add", 0, &mode, NULL,
		  N_("add VALUE to a unit's email or phone"), 0, MODE_ADD },
		{ OPT_SWITCH, "unset", 0, &mode, NULL,
		  N_("remove NAME (every value of it)"), 0, MODE_UNSET },
		{ OPT_ARG, N_("NAME"), 0, &name, NULL,
		  N_("a variable, section.key (unit.ID.email)"), 0, 0 },
		{ OPT_ARG, N_("VALUE"), 0, &value, NULL,
		  N_("its new value"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "config", opts, about };
	struct strbuf db = STRBUF_INIT;
	enum vcs_config_change change;
	int rc;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (mode == MODE_LIST ? name != NULL :
	    mode == MODE_UNSET ? !name || value :
	    mode == MODE_ADD ? !name || !value : !name)
		return cmd_usage_fail(ctx, "%s", _("config takes NAME [VALUE],"
						 " --add NAME VALUE, --unset"
						 " NAME or --list; see"
						 " 'cutover config --help'"));
	if (workspace_find_db(ctx->db_override, &db, &ctx->err)) {
		strbuf_release(&db);
		return EXIT_FAILED;
	}
	if (mode == MODE_LIST || (mode == MODE_GET && !value)) {
		status = print_list(ctx, db.buf, name);
		strbuf_release(&db);
		return status;
	}
	change = mode == MODE_ADD ? VCS_CONFIG_ADD :
		 mode == MODE_UNSET ? VCS_CONFIG_UNSET : VCS_CONFIG_SET;
	rc = config_write(db.buf, name, value, change, &ctx->err);
	strbuf_release(&db);
	if (rc == VCS_NOCHANGE) {
		fprintf(stderr, _("cutover: '%s' was not set; nothing"
				  " changed\n"), name);
		return EXIT_FAILED;
	}
	return rc ? (ctx->err.usage ? EXIT_USAGE : EXIT_FAILED) : EXIT_OK;
}
