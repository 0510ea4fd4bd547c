/*
 * cutover national add|fetch|list: the provinces the national office
 * follows, fetched over git and verified before anything is merged.
 */
#include "cmd.h"

#include <getopt.h>
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
	"publish) in a workspace of its own (cutover init).\n"
	"\n"
	"'add' records a province: PROVINCE (lower-case letters, digits and\n"
	"'-'), the git REMOTE it publishes to, and PUBKEY, the verifier key\n"
	"it signs with (NAME+ID+KEY, as 'cutover key show' prints it, or a\n"
	"file holding it).\n"
	"\n"
	"'fetch' fetches every province (or one) and verifies each published\n"
	"run before it is accepted: the checkpoint's signature by PUBKEY,\n"
	"every file against the checksums it signs, the ledger's segments\n"
	"against its Merkle root and head, the hash chain, the tables against\n"
	"the events, the history of checkpoints, and that the ledger only grew\n"
	"since the checkpoint accepted before. A rewrite, a bad signature, a\n"
	"stale (replayed) checkpoint or a tampered file is said per province\n"
	"and never merged: what was accepted before stays. Exits 1 when\n"
	"anything was refused.\n"
	"\n"
	"'list' shows each province, its accepted checkpoint and the last\n"
	"refusal. 'cutover report national' writes the report of them all.\n");

/*
 * The subcommands take no option but --help: 0 with optind at the first
 * argument, EXIT_OK after the help, or a usage error.
 */
static int options(int argc, char **argv, struct cmd_ctx *ctx, int *done)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*done = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help(_(usage));
		return cmd_bad_option(ctx, c, argv, "national");
	}
	*done = 0;
	return 0;
}

static int national_add_cmd(int argc, char **argv, struct cmd_ctx *ctx)
{
	instant_t now;
	int done, rc = options(argc, argv, ctx, &done);

	if (done)
		return rc;
	argc -= optind - 1;
	argv += optind - 1;
	if (argc != 4)
		return cmd_usage_fail(ctx, "%s", _("national add takes"
						 " PROVINCE REMOTE PUBKEY; see"
						 " 'cutover national --help'"));
	if (cmd_now(ctx, &now) ||
	    national_add(ctx->store, argv[1], argv[2], argv[3], now,
			 &ctx->err))
		return EXIT_FAILED;
	printf(_("added province '%s' (%s)\n"), argv[1], argv[2]);
	return EXIT_OK;
}

static int national_fetch_cmd(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct national_result r;
	size_t i, accepted = 0;
	instant_t now;
	int done, rc = options(argc, argv, ctx, &done);

	if (done)
		return rc;
	argc -= optind - 1;
	argv += optind - 1;
	if (argc > 2)
		return cmd_usage_fail(ctx, "%s", _("national fetch takes at"
						 " most one PROVINCE; see"
						 " 'cutover national --help'"));
	if (cmd_now(ctx, &now) ||
	    national_fetch(ctx->store, argc == 2 ? argv[1] : NULL, now, &r,
			   &ctx->err))
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
	printf(_("fetched: %zu runs verified, %zu refused\n"), accepted,
	       r.refused);
	i = r.refused;
	national_result_release(&r);
	return i ? EXIT_FAILED : EXIT_OK;
}

static int national_list_cmd(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct store_province *p = NULL;
	struct store_province_log *l = NULL;
	struct strbuf out = STRBUF_INIT;
	size_t np = 0, nl = 0, i, j, first = 1;
	int status = EXIT_FAILED, done, rc = options(argc, argv, ctx, &done);

	if (done)
		return rc;
	if (optind != argc)
		return cmd_usage_fail(ctx, "%s", _("national list takes no"
						 " argument"));
	if (store_provinces(ctx->store, &p, &np, &ctx->err) ||
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

	return cmd_dispatch(ctx, "national", _(usage), subs,
			    sizeof(subs) / sizeof(subs[0]), argc, argv);
}
