/*
 * cutover key generate|show: the Ed25519 key a province signs its
 * checkpoints with (and a witness its cosignatures), in a file of its
 * own outside the workspace database.
 */
#include "cmd.h"

#include <getopt.h>
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
	"its owner may read (mode 0600). The file holds the key in the signed\n"
	"note format (PRIVATE+KEY+NAME+ID+KEY), which other tools read too.\n"
	"\n"
	"'generate' makes a new key named NAME (the province, e.g. bac-ninh;\n"
	"no space, no '+') in FILE, and writes its verifier key to FILE.pub.\n"
	"It never replaces a key. A machine that takes a run over (cutover\n"
	"restore) needs a copy of the same FILE to go on publishing.\n"
	"\n"
	"'show' prints the verifier key (NAME+ID+KEY) that others check the\n"
	"signatures with: the national office (cutover national add), a\n"
	"standby (cutover restore --pubkey), anyone with a checkpoint (cutover\n"
	"verify --checkpoint --pubkey).\n"
	"\n"
	"  --key FILE   the key file (default: $CUTOVER_KEY, else\n"
	"               $XDG_CONFIG_HOME/cutover/signing.key, else\n"
	"               ~/.config/cutover/signing.key)\n"
	"  --witness    show: the key as a witness's, for cosignatures\n"
	"               (signature type 0x04 of c2sp.org/tlog-cosignature)\n");

static int parse(int argc, char **argv, struct cmd_ctx *ctx,
		 const char **key, int *witness)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "key", required_argument, NULL, 'k' },
		{ "witness", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cmd_help(_(usage));
			return -1;
		case 'k':
			*key = optarg;
			break;
		case 'w':
			if (!witness)
				return cmd_bad_option(ctx, '?', argv, "key");
			*witness = 1;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "key");
		}
	}
	return 0;
}

static int key_generate(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *given = NULL;
	struct strbuf path = STRBUF_INIT, pub = STRBUF_INIT;
	struct note_key key;
	int rc = parse(argc, argv, ctx, &given, NULL);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (optind + 1 != argc)
		return cmd_usage_fail(ctx, "%s", _("key generate takes one"
						 " NAME; see 'cutover key"
						 " --help'"));
	if (keys_path(given, &path, &ctx->err) ||
	    keys_generate(path.buf, argv[optind], &key, &ctx->err)) {
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
	struct strbuf path = STRBUF_INIT, pub = STRBUF_INIT;
	struct note_key key;
	int witness = 0, rc = parse(argc, argv, ctx, &given, &witness);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (optind != argc)
		return cmd_usage_fail(ctx, "%s", _("key show takes no"
						 " argument; see 'cutover key"
						 " --help'"));
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

	return cmd_dispatch(ctx, "key", _(usage), subs,
			    sizeof(subs) / sizeof(subs[0]), argc, argv);
}
