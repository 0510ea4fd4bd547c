/*
 * cutover national add|fetch|list: the provinces the national office
 * follows, fetched over git and verified before anything is merged.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "national.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover national add PROVINCE REMOTE PUBKEY\n"
	"   or: cutover national fetch [PROVINCE]\n"
	"   or: cutover [--json] national list\n"
	"\n"
	"The national office follows the provinces' published runs (cutover\n"
	"publish) in a workspace of its own (cutover init): 'add' records a\n"
	"province, 'fetch' verifies what each publishes before it is\n"
	"accepted, 'list' shows what was accepted and refused, and 'cutover\n"
	"report national' writes the report of them all.\n");

static const char about_add[] = N_(
	"Records a province: PROVINCE (lower-case letters, digits and '-'),\n"
	"the git REMOTE it publishes to, and PUBKEY, the verifier key it signs\n"
	"with (NAME+ID+KEY, as 'cutover key show' prints it, or a file holding\n"
	"it).\n");

static const char about_fetch[] = N_(
	"Fetches every province (or one) and verifies each published run\n"
	"before it is accepted: the checkpoint's signature by the province's\n"
	"key, every file against the checksums it signs, the ledger's\n"
	"segments against its Merkle root and head, the hash chain, the tables\n"
	"against the events, the history of checkpoints, and that the ledger\n"
	"only grew since the checkpoint accepted before. A rewrite, a bad\n"
	"signature, a stale (replayed) checkpoint or a tampered file is said\n"
	"per province and never merged: what was accepted before stays.\n"
	"Exits 1 when anything was refused.\n");

static const char about_list[] = N_(
	"Lists each province, its remote, the checkpoint accepted of each run\n"
	"it publishes, and the last refusal.\n"
	"\n"
	"--json: an array of objects, one per province and published run:\n"
	"province, remote, ref, origin, commit (the commit accepted, or null),\n"
	"events (the checkpoint's size), root (its Merkle root), signed_at (Unix\n"
	"seconds) and problem (the last refusal, or null).\n");

static int national_add_cmd(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *id = NULL, *remote = NULL, *pubkey = NULL;
	const struct opt_spec opts[] = {
		{ OPT_ARG, N_("PROVINCE"), 0, &id, NULL,
		  N_("the province's name here"), OPT_REQUIRED, 0 },
		{ OPT_ARG, N_("REMOTE"), 0, &remote, NULL,
		  N_("the git URL it publishes to"), OPT_REQUIRED, 0 },
		{ OPT_ARG, N_("PUBKEY"), 0, &pubkey, NULL,
		  N_("its verifier key, or a file holding it"), OPT_REQUIRED,
		  0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "national add", opts, about_add };
	instant_t now;
	int status;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (cmd_now(ctx, &now) ||
	    national_add(ctx->store, id, remote, pubkey, now, &ctx->err))
		return EXIT_FAILED;
	printf(_("added province '%s' (%s)\n"), id, remote);
	return EXIT_OK;
}

static int national_fetch_cmd(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *only = NULL;
	const struct opt_spec opts[] = {
		{ OPT_ARG, N_("PROVINCE"), 0, &only, NULL,
		  N_("only this province (default: all)"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "national fetch", opts, about_fetch };
	struct national_result r;
	size_t i, accepted = 0;
	instant_t now;
	int status;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (cmd_now(ctx, &now) ||
	    national_fetch(ctx->store, only, now, &r, &ctx->err))
		return EXIT_FAILED;
	for (i = 0; i < r.n; i++) {
		const struct national_outcome *o = &r.o[i];
		const char *ref = *o->ref ? o->ref : "-";

		if (o->problem)
			fprintf(stderr, _("cutover: %s %s: refused: %s\n"),
				o->province, ref, o->problem);
		else if (o->accepted)
			printf(P_("%s %s: accepted, %lld event\n",
				  "%s %s: accepted, %lld events\n",
				  (unsigned long)o->size), o->province, ref,
			       (long long)o->size);
		else
			printf(P_("%s %s: nothing new (%lld event)\n",
				  "%s %s: nothing new (%lld events)\n",
				  (unsigned long)o->size), o->province, ref,
			       (long long)o->size);
		accepted += !o->problem;
	}
	printf(P_("fetched: %zu run verified, %zu refused\n",
		  "fetched: %zu runs verified, %zu refused\n",
		  (unsigned long)accepted), accepted, r.refused);
	i = r.refused;
	national_result_release(&r);
	return i ? EXIT_FAILED : EXIT_OK;
}

static int national_list_cmd(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct opt_spec opts[] = { CMD_OPT_END };
	const struct cmd_spec spec = { "national list", opts, about_list };
	struct store_province *p = NULL;
	struct store_province_log *l = NULL;
	struct strbuf out = STRBUF_INIT;
	size_t np = 0, nl = 0, i, j, first = 1;
	int status;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	if (store_local_open(ctx->store, 0, &ctx->err) ||
	    store_provinces(ctx->store, &p, &np, &ctx->err) ||
	    store_province_logs(ctx->store, NULL, &l, &nl, &ctx->err))
		goto done;
	if (ctx->json)
		strbuf_addch(&out, '[');
	for (i = 0; i < np; i++) {
		size_t shown = 0;

		if (!ctx->json)
			strbuf_addf(&out, "%s  %s\n", p[i].id, p[i].remote);
		for (j = 0; j < nl; j++) {
			if (strcmp(l[j].province, p[i].id))
				continue;
			shown++;
			if (ctx->json) {
				strbuf_adds(&out, first ? "{" : ",{");
				first = 0;
				json_key_string(&out, "province", p[i].id, 1);
				json_key_string(&out, "remote", p[i].remote,
						0);
				json_key_string(&out, "ref", l[j].ref, 0);
				json_key_string(&out, "origin", l[j].origin,
						0);
				json_key_string(&out, "commit", l[j].commit_id,
						0);
				json_key_int(&out, "events", l[j].size, 0);
				json_key_string(&out, "root", l[j].root, 0);
				json_key_int(&out, "signed_at",
					     l[j].signed_at, 0);
				json_key_string(&out, "problem",
						l[j].problem, 0);
				strbuf_addch(&out, '}');
				continue;
			}
			strbuf_addf(&out, "  %s: ", *l[j].ref ? l[j].ref :
				    "-");
			if (l[j].commit_id) {
				strbuf_addf(&out, P_("%lld event signed at ",
						     "%lld events signed at ",
						     (unsigned long)l[j].size),
					    (long long)l[j].size);
				cmd_time(&out, ctx, l[j].signed_at);
			} else {
				strbuf_adds(&out, _("nothing accepted"));
			}
			if (l[j].problem)
				strbuf_addf(&out, _("; refused at the last"
						     " fetch: %s"),
					    l[j].problem);
			strbuf_addch(&out, '\n');
		}
		if (!ctx->json && !shown)
			strbuf_addf(&out, "  %s\n", _("not fetched yet"));
	}
	if (ctx->json)
		strbuf_adds(&out, "]\n");
	cmd_print(&out);
	status = EXIT_OK;
done:
	store_provinces_free(p, np);
	store_province_logs_free(l, nl);
	strbuf_release(&out);
	return status;
}

int cmd_national(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct cmd_sub subs[] = {
		{ "add", national_add_cmd },
		{ "fetch", national_fetch_cmd },
		{ "list", national_list_cmd },
	};

	struct strbuf help = STRBUF_INIT;
	int status;

	/* The usage, then what each subcommand does (as its --help says). */
	strbuf_adds(&help, _(usage));
	strbuf_addf(&help, "\n%s:\n%s", "add", _(about_add));
	strbuf_addf(&help, "\n%s:\n%s", "fetch", _(about_fetch));
	strbuf_addf(&help, "\n%s:\n%s", "list", _(about_list));
	status = cmd_dispatch(ctx, "national", help.buf, subs,
			      sizeof(subs) / sizeof(subs[0]), argc, argv);
	strbuf_release(&help);
	return status;
}
