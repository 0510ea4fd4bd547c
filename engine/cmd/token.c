/*
 * cutover token issue|list|revoke: the unit tokens of the current run.
 * A token is shown once, when issued; the store keeps only its hash.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "json.h"
#include "signoff.h"
#include "store_web.h"
#include "workspace.h"
#include "banned.h"

/* How long a one-time login link waits to be used (said in usage). */
#define LINK_SECONDS (7 * 24 * 3600)

static const char usage[] = N_(
	"usage: cutover token issue [--by NAME] [--token TOKEN] [--link [--base-url URL]]\n"
	"                           (UNIT | --coordinator | --reviewer NAME)\n"
	"   or: cutover token list [--unit UNIT] [--json]\n"
	"   or: cutover token revoke --by NAME [--reason TEXT] [--token TOKEN] ID\n"
	"\n"
	"Tokens prove who acts. In a run started with --require-tokens, a\n"
	"unit's action (sign, skip, fail, block, reopen, issue, roster,\n"
	"import) is accepted only with a valid token of that unit, or with the\n"
	"coordinator's token, and is then recorded as entered by the\n"
	"coordinator on the unit's behalf. In any run, a token that is given\n"
	"is checked, and every event records whether it was authenticated.\n"
	"See 'cutover token issue --help', 'list --help', 'revoke --help'.\n");

static const char issue_about[] = N_(
	"Prints a new token for UNIT (or a coordinator's token) on standard\n"
	"output, once: only a hash of its secret is kept, so it cannot be\n"
	"shown again. In a run that requires tokens, issuing needs the\n"
	"coordinator's token; 'cutover start --require-tokens' prints the\n"
	"first one. A reviewer's token (--reviewer NAME) approves versions of\n"
	"the runbook as NAME ('cutover approve') and does nothing else.\n"
	"\n"
	"With --link it also prints a link that logs the unit in to\n"
	"'cutover serve' once, without typing the token: send it to the\n"
	"unit's officer (it works once, for 7 days, while the token is\n"
	"valid).\n");

static const char list_about[] = N_(
	"Shows the tokens (never their secrets): id, unit, who issued them\n"
	"when, and whether they were revoked.\n"
	"\n"
	"--json: an array of the tokens, each an object: id, unit (null for a\n"
	"coordinator's or a reviewer's), coordinator (true or false), reviewer\n"
	"(a name, or null), issued_by, issued_at (RFC 3339), revoked (true or\n"
	"false); a revoked one adds revoked_by, revoked_at and reason.\n");

static const char revoke_about[] = N_(
	"Makes token ID invalid from now on; revoking it again records\n"
	"nothing. A unit's token may revoke the unit's own tokens.\n");

static int token_issue(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *by = NULL, *unit_id = NULL, *reviewer = NULL;
	const char *base = NULL;
	int link = 0, coordinator = 0;
	char *unit_owned = NULL;
	const struct opt_spec opts[] = {
		{ OPT_SWITCH, "coordinator", 0, &coordinator, NULL,
		  N_("a token that may act for every unit"), 0, 0 },
		{ OPT_VALUE, "reviewer", 0, &reviewer, cmd_word_name,
		  N_("a token that approves versions as NAME"), 0, 0 },
		{ OPT_SWITCH, "link", 0, &link, NULL,
		  N_("also a one-time login link for the web"), 0, 0 },
		{ OPT_VALUE, "base-url", 0, &base, N_("URL"),
		  N_("the web's address for the link (default: the"
		     " workspace's serve.base-url, $CUTOVER_BASE_URL, else"
		     " http://127.0.0.1:8080)"), 0, 0 },
		{ OPT_VALUE, "by", 0, &by, cmd_word_name,
		  N_("who issues it (default: $USER)"), 0, 0 },
		CMD_OPT_TOKEN(ctx),
		{ OPT_ARG, N_("UNIT"), 0, &unit_id, NULL,
		  N_("the unit the token acts for (not with --coordinator or"
		     " --reviewer)"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "token issue", opts, issue_about };
	struct config conf = CONFIG_INIT;
	char code[SEAL_SECRET_LEN + 1], hash[SEAL_HEX_LEN + 1];
	const struct unit *unit = NULL;
	struct strbuf token = STRBUF_INIT, id = STRBUF_INIT;
	struct book *book = NULL;
	int status = EXIT_FAILED;
	instant_t now;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (!by)
		by = getenv("USER");
	if ((coordinator && reviewer) ||
	    (coordinator || reviewer ? unit_id != NULL : unit_id == NULL))
		return cmd_usage_fail(ctx, "%s", _("token issue takes one"
						 " UNIT, or --coordinator, or"
						 " --reviewer NAME; see"
						 " 'cutover token --help'"));
	if (link && !base) {
		/* serve.base-url, or $CUTOVER_BASE_URL: where serve is. */
		struct strbuf db = STRBUF_INIT;

		if (workspace_find_db(ctx->db_override, &db, &ctx->err) ||
		    config_load(db.buf, &conf, &ctx->err)) {
			strbuf_release(&db);
			config_release(&conf);
			return EXIT_FAILED;
		}
		base = conf.base_url;
		strbuf_release(&db);
	}
	if (!base || !*base)
		base = "http://127.0.0.1:8080";
	if (strncmp(base, "http://", 7) && strncmp(base, "https://", 8)) {
		cmd_usage_fail(ctx, _("--base-url takes an http:// or https://"
				      " URL, not '%s'"), base);
		config_release(&conf);
		return EXIT_USAGE;
	}
	if (reviewer && !*reviewer) {
		config_release(&conf);
		return cmd_usage_fail(ctx, "%s", _("--reviewer needs the"
						 " reviewer's name"));
	}
	/* A reviewer's token approves versions; it opens no web page. */
	if (link && reviewer) {
		config_release(&conf);
		return cmd_usage_fail(ctx, "%s", _("--link is for a unit's or"
						 " the coordinator's token"));
	}
	if (!by || !*by)
		by = "coordinator";
	if (cmd_now(ctx, &now) || cmd_login(ctx) ||
	    auth_allow(&ctx->auth, &ctx->run, NULL,
		       /* TRANSLATORS: what only a coordinator may do */
		       _("issue tokens"), &ctx->err))
		goto done;
	if (unit_id) {
		/* The unit by its id or its name, as people say it. */
		if (cmd_resolve_option(ctx, STORE_NAMES_UNITS, &unit_id,
				       &unit_owned) ||
		    signoff_load_book(ctx->store, &ctx->run, &book, &ctx->err))
			goto done;
		unit = units_find(book->units, unit_id);
		if (!unit) {
			fail(&ctx->err, _("no unit '%s' in the registry of"
					  " run '%s'"), unit_id, ctx->run.name);
			goto done;
		}
	}
	if (store_begin(ctx->store, &ctx->err))
		goto done;
	seal_random_secret(code);
	seal_content(code, strlen(code), hash);
	/*
	 * A link is stored by its hash, as the token, in one transaction,
	 * with an event of its own (store_web.h).
	 */
	if (auth_issue(ctx->store, &ctx->run, unit_id, reviewer, by, now,
		       &token, &id, &ctx->err) ||
	    (link && store_web_add_link(ctx->store, &ctx->run, hash, id.buf,
					unit_id, by, now, now + LINK_SECONDS,
					&ctx->err)) ||
	    store_commit(ctx->store, &ctx->err)) {
		store_rollback(ctx->store);
		goto done;
	}
	/* DESIGN: acknowledged only after the transaction committed. */
	if (unit)
		fprintf(stderr, _("issued token %s for %s (%s); it is shown"
				  " only now:\n"), id.buf, unit->id, unit->name);
	else if (reviewer)
		fprintf(stderr, _("issued reviewer token %s for %s; it is"
				  " shown only now:\n"), id.buf, reviewer);
	else
		fprintf(stderr, _("issued coordinator token %s; it is shown"
				  " only now:\n"), id.buf);
	printf("%s\n", token.buf);
	if (link) {
		fprintf(stderr, "%s\n", _("and a link that logs in once, for 7"
					  " days:"));
		printf("%s%sl/%s\n", base, base[strlen(base) - 1] == '/' ?
		       "" : "/", code);
	}
	status = EXIT_OK;
done:
	config_release(&conf);
	seal_wipe(code, sizeof(code));
	free(unit_owned);
	seal_wipe(token.buf, token.len);
	strbuf_release(&token);
	strbuf_release(&id);
	book_free(book);
	return status;
}

static void list_json(struct strbuf *out, struct cmd_ctx *ctx,
		      const struct store_token *t, size_t n)
{
	size_t i;

	strbuf_addch(out, '[');
	for (i = 0; i < n; i++) {
		strbuf_adds(out, i ? ",{" : "{");
		json_key_string(out, "id", t[i].id, 1);
		json_key_string(out, "unit", t[i].unit_id, 0);
		json_key(out, "coordinator", 0);
		strbuf_adds(out, t[i].unit_id || t[i].reviewer ? "false" :
			    "true");
		json_key_string(out, "reviewer", t[i].reviewer, 0);
		json_key_string(out, "issued_by", t[i].issued_by, 0);
		json_key(out, "issued_at", 0);
		strbuf_addch(out, '"');
		clock_format_rfc3339(out, t[i].issued_at, cmd_zone(ctx));
		strbuf_addch(out, '"');
		json_key(out, "revoked", 0);
		strbuf_adds(out, t[i].revoked ? "true" : "false");
		if (t[i].revoked) {
			json_key_string(out, "revoked_by", t[i].revoked_by, 0);
			json_key(out, "revoked_at", 0);
			strbuf_addch(out, '"');
			clock_format_rfc3339(out, t[i].revoked_at,
					     cmd_zone(ctx));
			strbuf_addch(out, '"');
			json_key_string(out, "reason", t[i].revoke_reason, 0);
		}
		strbuf_addch(out, '}');
	}
	strbuf_adds(out, "]\n");
}

static void list_text(struct strbuf *out, struct cmd_ctx *ctx,
		      const struct store_token *t, size_t n)
{
	size_t i;

	if (!n) {
		strbuf_adds(out, _("no tokens\n"));
		return;
	}
	/* Headings padded by characters, as the cells are. */
	cmd_cell(out, C_("heading", "ID"), 12);
	strbuf_adds(out, "  ");
	cmd_cell(out, C_("heading", "UNIT"), 24);
	strbuf_adds(out, "  ");
	cmd_cell(out, C_("heading", "ISSUED"), 31);
	strbuf_adds(out, "  ");
	strbuf_adds(out, C_("heading", "STATE"));
	strbuf_addch(out, '\n');
	for (i = 0; i < n; i++) {
		strbuf_addf(out, "%-12s  ", t[i].id);
		if (t[i].reviewer) {
			struct strbuf who = STRBUF_INIT;

			strbuf_addf(&who, _("(reviewer %s)"), t[i].reviewer);
			cmd_cell(out, who.buf, 24);
			strbuf_release(&who);
		} else {
			cmd_cell(out, t[i].unit_id ? t[i].unit_id :
				 _("(coordinator)"), 24);
		}
		strbuf_adds(out, "  ");
		cmd_time(out, ctx, t[i].issued_at);
		strbuf_adds(out, " ");
		cmd_cell(out, t[i].issued_by, 14);
		strbuf_adds(out, "  ");
		if (t[i].revoked) {
			struct strbuf when = STRBUF_INIT;

			cmd_time(&when, ctx, t[i].revoked_at);
			strbuf_addf(out, _("revoked %s by %s"), when.buf,
				    t[i].revoked_by);
			strbuf_release(&when);
		} else {
			strbuf_adds(out, _("valid"));
		}
		strbuf_addch(out, '\n');
	}
}

static int token_list(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *unit_id = NULL;
	char *unit_owned = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "unit", 0, &unit_id, N_("UNIT"),
		  N_("only the tokens of UNIT"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "token list", opts, list_about };
	struct store_token *t = NULL;
	struct strbuf out = STRBUF_INIT;
	size_t n = 0, i, kept = 0;
	int status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (cmd_resolve_option(ctx, STORE_NAMES_UNITS, &unit_id, &unit_owned))
		return EXIT_FAILED;
	if (store_tokens(ctx->store, ctx->run.id, NULL, &t, &n, &ctx->err)) {
		free(unit_owned);
		return EXIT_FAILED;
	}
	for (i = 0; i < n; i++) {
		if (unit_id && (!t[i].unit_id || strcmp(t[i].unit_id, unit_id)))
			continue;
		if (kept != i) {
			struct store_token tmp = t[kept];

			t[kept] = t[i];
			t[i] = tmp;
		}
		kept++;
	}
	if (ctx->json)
		list_json(&out, ctx, t, kept);
	else
		list_text(&out, ctx, t, kept);
	cmd_print(&out);
	strbuf_release(&out);
	store_tokens_free(t, n);
	free(unit_owned);
	return EXIT_OK;
}

static int token_revoke(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *by = NULL, *reason = NULL, *token_id = NULL;
	const struct opt_spec opts[] = {
		CMD_OPT_BY(&by),
		{ OPT_VALUE, "reason", 0, &reason, N_("TEXT"),
		  N_("why"), 0, 0 },
		CMD_OPT_TOKEN(ctx),
		{ OPT_ARG, N_("ID"), 0, &token_id, NULL,
		  N_("the token's id, as 'cutover token list' shows it"),
		  OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "token revoke", opts, revoke_about };
	struct store_token *t = NULL;
	size_t n = 0;
	instant_t now;
	int rc, status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (cmd_now(ctx, &now) || cmd_login(ctx) ||
	    store_tokens(ctx->store, ctx->run.id, token_id, &t, &n,
			 &ctx->err))
		goto done;
	if (!n) {
		fail(&ctx->err, _("no token '%s' in run '%s'; see 'cutover"
				  " token list'"), token_id, ctx->run.name);
		goto done;
	}
	/* A unit may revoke its own; only the coordinator any other. */
	if (auth_allow(&ctx->auth, &ctx->run, t->unit_id,
		       /* TRANSLATORS: what only a coordinator may do */
		       _("revoke tokens"), &ctx->err) ||
	    store_begin(ctx->store, &ctx->err))
		goto done;
	rc = store_revoke_token(ctx->store, &ctx->run, token_id, by, now,
				reason, &ctx->err);
	if (rc || store_commit(ctx->store, &ctx->err)) {
		store_rollback(ctx->store);
		if (rc == 1) {
			printf(_("token %s was revoked already by %s;"
				 " nothing recorded\n"), t->id,
			       t->revoked_by);
			status = EXIT_OK;
		}
		goto done;
	}
	printf(_("revoked token %s (%s)\n"), t->id,
	       t->unit_id ? t->unit_id : t->reviewer ? t->reviewer :
	       _("coordinator"));
	status = EXIT_OK;
done:
	store_tokens_free(t, n);
	return status;
}

int cmd_token(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct cmd_sub subs[] = {
		{ "issue", token_issue },
		{ "list", token_list },
		{ "revoke", token_revoke },
	};

	return cmd_dispatch(ctx, "token", _(usage), subs,
			    sizeof(subs) / sizeof(subs[0]), argc, argv);
}
