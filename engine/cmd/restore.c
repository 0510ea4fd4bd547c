/*
 * cutover restore: a new workspace, here, from a run published to a git
 * remote, checked against its signed checkpoints before it is used.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "restore.h"
#include "workspace.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover restore [--key FILE | --pubkey KEY] [--run NAME] REMOTE\n"
	"\n"
	"Builds a new workspace in this folder (.cutover/state.db, or --db)\n"
	"from a run that 'cutover publish' pushed to REMOTE, so that a\n"
	"standby machine takes the run over: the state, the tasks, the\n"
	"sign-offs and the attachments, as of the last publication.\n"
	"\n"
	"Nothing is used before it is checked: the checkpoint's signature by\n"
	"the province's key, every file against the checksums it signs, every\n"
	"segment of the ledger against its Merkle root and head, the hash\n"
	"chain, the tables against the events, and every earlier checkpoint\n"
	"of the ref as a prefix of this one. The run then goes on here, and\n"
	"'cutover publish' pushes to REMOTE, continuing its history.\n"
	"\n"
	"  --key FILE     the province's signing key, to go on publishing\n"
	"                 (default: as 'cutover key' finds it); its verifier\n"
	"                 key checks the checkpoints\n"
	"  --pubkey KEY   check with this verifier key (NAME+ID+KEY, or a file\n"
	"                 holding it) instead\n"
	"  --run NAME     the run to take over, when REMOTE publishes several\n");

int cmd_restore(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "key", required_argument, NULL, 'k' },
		{ "pubkey", required_argument, NULL, 'p' },
		{ "run", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *key_path = NULL, *pubkey = NULL;
	struct restore_opts o;
	struct restore_result r;
	struct note_key key = NOTE_KEY_INIT, verifier = NOTE_KEY_INIT;
	struct strbuf db = STRBUF_INIT, path = STRBUF_INIT;
	int c, status = EXIT_FAILED;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.run = ctx->run_name;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return cmd_help(_(usage));
		case 'k':
			key_path = optarg;
			break;
		case 'p':
			pubkey = optarg;
			break;
		case 'r':
			o.run = optarg;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "restore");
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_fail(ctx, "%s", _("restore takes one REMOTE;"
						 " see 'cutover restore"
						 " --help'"));
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
	o.remote = argv[optind];
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
