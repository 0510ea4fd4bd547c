/*
 * cutover witness: cosign a province's published checkpoints, each
 * after checking it against the last one cosigned for its origin.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "witness.h"
#include "banned.h"

static const char about[] = N_(
	"Cosigns the checkpoints a province published to REMOTE, as a\n"
	"witness (the national office, or another province): for each\n"
	"published run, the checkpoint must be signed by PUBKEY (the\n"
	"province's verifier key, NAME+ID+KEY, or a file holding it), its\n"
	"segments must be the events it signs, and it must be consistent\n"
	"with the last checkpoint this workspace cosigned for that run (a\n"
	"consistency proof from that size to this one, checked against both\n"
	"roots); a smaller or inconsistent one is refused, never cosigned.\n"
	"\n"
	"The cosignature (c2sp.org/tlog-cosignature, Ed25519) is made with\n"
	"this workspace's key and pushed back to REMOTE on\n"
	"refs/heads/cutover-witness/WITNESS/RUNBOOK/RUN, where the province's\n"
	"'cutover publish --witness KEY' finds it and carries it in its next\n"
	"publication and report. The province needs the witness's key as\n"
	"'cutover key show --witness' prints it. Exits 1 when anything was\n"
	"refused.\n");

int cmd_witness(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *key_path = NULL, *remote = NULL, *pubkey = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "key", 0, &key_path, N_("FILE"),
		  N_("the witness's key (see 'cutover key')"), 0, 0 },
		{ OPT_ARG, N_("REMOTE"), 0, &remote, NULL,
		  N_("the git URL the province publishes to"), OPT_REQUIRED,
		  0 },
		{ OPT_ARG, N_("PUBKEY"), 0, &pubkey, NULL,
		  N_("the province's verifier key, or a file holding it"),
		  OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "witness", opts, about };
	struct witness_opts o;
	struct witness_result r;
	struct note_key key = NOTE_KEY_INIT, province = NOTE_KEY_INIT;
	struct strbuf path = STRBUF_INIT;
	size_t i;
	int status = EXIT_FAILED;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	if (keys_path(key_path, &path, &ctx->err) ||
	    keys_load(path.buf, &key, &ctx->err) ||
	    keys_verifier(pubkey, &province, &ctx->err) ||
	    cmd_now(ctx, &o.now))
		goto done;
	o.key = &key;
	o.province = &province;
	o.remote = remote;
	if (witness_run(ctx->store, &o, &r, &ctx->err))
		goto done;
	for (i = 0; i < r.n; i++) {
		const struct witness_outcome *w = &r.o[i];

		if (w->problem)
			fprintf(stderr, _("cutover: %s: refused: %s\n"),
				w->ref, w->problem);
		else if (w->cosigned)
			printf(P_("%s: cosigned %lld event\n",
				  "%s: cosigned %lld events\n",
				  (unsigned long)w->size), w->ref,
			       (long long)w->size);
		else
			printf(P_("%s: cosigned already (%lld event)\n",
				  "%s: cosigned already (%lld events)\n",
				  (unsigned long)w->size), w->ref,
			       (long long)w->size);
	}
	status = r.refused ? EXIT_FAILED : EXIT_OK;
done:
	witness_result_release(&r);
	note_key_release(&key);
	note_key_release(&province);
	strbuf_release(&path);
	return status;
}
