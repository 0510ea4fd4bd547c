/*
 * cutover restore: a new workspace, here, from a run published to a git
 * remote, checked against its signed checkpoints before it is used.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "restore.h"
#include "workspace.h"
#include "banned.h"

static const char about[] = N_(
	"Builds a new workspace in this folder (.cutover/state.db, or --db)\n"
	"from a run that 'cutover publish' pushed to REMOTE, so that a\n"
	"standby machine takes the run over: the state, the tasks, the\n"
	"sign-offs and the attachments, as of the last publication. With\n"
	"several runs published there, --run names the one to take over.\n"
	"\n"
	"Nothing is used before it is checked: the checkpoint's signature by\n"
	"the province's key, every file against the checksums it signs, every\n"
	"segment of the ledger against its Merkle root and head, the hash\n"
	"chain, the tables and the run's definition against the events, and\n"
	"every earlier checkpoint of the ref as a prefix of this one. The run\n"
	"then goes on here, and 'cutover publish' pushes to REMOTE,\n"
	"continuing its history (remembered in .cutover/state.local.db).\n");

int cmd_restore(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *key_path = NULL, *pubkey = NULL, *remote = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "key", 0, &key_path, N_("FILE"),
		  N_("the province's signing key, to go on publishing; its"
		     " verifier key checks the checkpoints"), 0, 0 },
		{ OPT_VALUE, "pubkey", 0, &pubkey, N_("KEY"),
		  N_("check with this verifier key (NAME+ID+KEY, or a file"
		     " holding it) instead"), 0, 0 },
		{ OPT_ARG, N_("REMOTE"), 0, &remote, NULL,
		  N_("the git URL the run was published to"), OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "restore", opts, about };
	struct restore_opts o;
	struct restore_result r;
	struct note_key key = NOTE_KEY_INIT, verifier = NOTE_KEY_INIT;
	struct strbuf db = STRBUF_INIT, path = STRBUF_INIT;
	int status = EXIT_FAILED;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	o.run = ctx->run_name;
	if (key_path && pubkey)
		return cmd_usage_fail(ctx, "%s", _("--key and --pubkey are"
						 " alternatives"));
	if (pubkey) {
		if (keys_verifier(pubkey, &verifier, &ctx->err)) {
			err_prefix(&ctx->err, "--pubkey");
			goto done;
		}
	} else {
		if (keys_path(key_path, &path, &ctx->err) ||
		    keys_load(path.buf, &key, &ctx->err)) {
			err_prefix(&ctx->err, "%s", _("give the province's"
						      " verifier key with"
						      " --pubkey, or its key"
						      " with --key"));
			goto done;
		}
		note_key_public(&key, NOTE_ED25519, &verifier);
	}
	o.remote = remote;
	o.verifier = &verifier;
	if (workspace_prepare_db(ctx->db_override, &db, &ctx->err) ||
	    cmd_now(ctx, &o.now))
		goto done;
	o.db_path = db.buf;
	if (restore_workspace(&o, &r, &ctx->err))
		goto done;
	printf(P_("restored run '%s' from %s: %lld event, commit %.12s\n",
		  "restored run '%s' from %s: %lld events, commit %.12s\n",
		  (unsigned long)r.events), r.run, o.remote,
	       (long long)r.events, r.commit);
	printf(P_("%lld published checkpoint checked, the first to the"
		  " last\n", "%lld published checkpoints checked, the first"
		  " to the last\n", (unsigned long)r.checkpoints),
	       (long long)r.checkpoints);
	printf(_("the run goes on in %s; 'cutover publish' pushes to %s\n"),
	       db.buf, o.remote);
	status = EXIT_OK;
done:
	restore_result_release(&r);
	note_key_release(&key);
	note_key_release(&verifier);
	strbuf_release(&db);
	strbuf_release(&path);
	return status;
}
