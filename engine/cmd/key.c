/*
 * cutover key generate|show: the Ed25519 key a province signs its
 * checkpoints with (and a witness its cosignatures), in a file of its
 * own outside the workspace database.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover key generate [--key FILE] NAME\n"
	"   or: cutover key show [--key FILE] [--witness]\n"
	"\n"
	"The signing key of a province (or of a witness): an Ed25519 key\n"
	"kept in a file of its own, outside the workspace database, that only\n"
	"its owner may read (mode 0600), in the signed note format\n"
	"(PRIVATE+KEY+NAME+ID+KEY) that other tools read too.\n");

static const char about_generate[] = N_(
	"Makes a new key named NAME (the province, e.g. bac-ninh; no space,\n"
	"no '+') in FILE, readable by its owner only, and writes its verifier\n"
	"key (NAME+ID+KEY) to FILE.pub and to the standard output. It never\n"
	"replaces a key. A machine that takes a run over (cutover restore)\n"
	"needs a copy of the same FILE to go on publishing.\n");

static const char about_show[] = N_(
	"Prints the verifier key (NAME+ID+KEY) that others check the\n"
	"signatures with: the national office (cutover national add), a\n"
	"standby (cutover restore --pubkey), anyone with a checkpoint (cutover\n"
	"verify --checkpoint --pubkey). A key file that others may read is\n"
	"refused.\n");

static const char help_key[] = N_("the key file (default: $CUTOVER_KEY, else"
				  " ~/.config/cutover/signing.key)");

static int key_generate(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *given = NULL, *name = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "key", 0, &given, N_("FILE"), help_key, 0, 0 },
		{ OPT_ARG, N_("NAME"), 0, &name, NULL,
		  N_("the key's name: the province"), OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "key generate", opts, about_generate };
	struct strbuf path = STRBUF_INIT, pub = STRBUF_INIT;
	struct note_key key;
	int status;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (keys_path(given, &path, &ctx->err) ||
	    keys_generate(path.buf, name, &key, &ctx->err)) {
		strbuf_release(&path);
		return EXIT_FAILED;
	}
	note_key_format_public(&pub, &key, NOTE_ED25519);
	fprintf(stderr, _("wrote key '%s' to %s (only you may read it) and"
			  " its verifier key to %s.pub:\n"), key.name,
		path.buf, path.buf);
	printf("%s\n", pub.buf);
	note_key_release(&key);
	strbuf_release(&path);
	strbuf_release(&pub);
	return EXIT_OK;
}

static int key_show(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *given = NULL;
	int witness = 0, status;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "key", 0, &given, N_("FILE"), help_key, 0, 0 },
		{ OPT_SWITCH, "witness", 0, &witness, NULL,
		  N_("the key as a witness's, for cosignatures (signature"
		     " type 0x04 of c2sp.org/tlog-cosignature)"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "key show", opts, about_show };
	struct strbuf path = STRBUF_INIT, pub = STRBUF_INIT;
	struct note_key key;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (keys_path(given, &path, &ctx->err) ||
	    keys_load(path.buf, &key, &ctx->err)) {
		strbuf_release(&path);
		return EXIT_FAILED;
	}
	note_key_format_public(&pub, &key, witness ? NOTE_COSIGNATURE :
			       NOTE_ED25519);
	printf("%s\n", pub.buf);
	note_key_release(&key);
	strbuf_release(&path);
	strbuf_release(&pub);
	return EXIT_OK;
}

int cmd_key(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct cmd_sub subs[] = {
		{ "generate", key_generate },
		{ "show", key_show },
	};

	struct strbuf help = STRBUF_INIT;
	int status;

	/* The usage, then what each subcommand does (as its --help says). */
	strbuf_adds(&help, _(usage));
	strbuf_addf(&help, "\n%s:\n%s", "generate", _(about_generate));
	strbuf_addf(&help, "\n%s:\n%s", "show", _(about_show));
	status = cmd_dispatch(ctx, "key", help.buf, subs,
			      sizeof(subs) / sizeof(subs[0]), argc, argv);
	strbuf_release(&help);
	return status;
}
