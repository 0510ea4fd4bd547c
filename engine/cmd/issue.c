/*
 * cutover issue add|list|resolve: the difficulties log (vướng mắc).  A
 * unit raises a difficulty about one of the systems the runbook's
 * difficulties { } declares, with one of its severities; the runbook's
 * route names who receives it (D1.7, D5.2, D6.5); the coordinator lists
 * them, compiles them for the survey delegation (D6.6) and marks them
 * resolved.  The run's own runbook (kept in the store) is the authority
 * on systems, severities, units and routes.
 */
#include "cmd.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "difficulty.h"
#include "i18n.h"
#include "json.h"
#include "report.h"
#include "signoff.h"
#include "term.h"
#include "xalloc.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover issue add --unit UNIT --system SYSTEM --severity SEVERITY\n"
	"                         --by NAME [--token TOKEN] TEXT...\n"
	"   or: cutover issue list [--unit UNIT] [--to RECIPIENT] [--open]\n"
	"                          [--format text|md] [--lang vi|en] [--json]\n"
	"   or: cutover issue resolve --by NAME --resolution TEXT [--token TOKEN] N\n"
	"\n"
	"The difficulties log of the current run. In a run that requires\n"
	"tokens, a difficulty is raised with a token of UNIT and resolved\n"
	"with a token of one of its recipients, or the coordinator's. See\n"
	"'cutover issue add --help', 'list --help' and 'resolve --help'.\n");

static const char add_about[] = N_(
	"Records a difficulty that UNIT met with SYSTEM. TEXT is the rest of\n"
	"the arguments joined by spaces (put -- before a TEXT that starts\n"
	"with '-'). The system and the severity must be ones the runbook's\n"
	"difficulties { } declares; its route names the recipients.\n");

static const char list_about[] = N_(
	"Shows the difficulties; --json gives everything about them,\n"
	"--format md their compilation as a document, by system and then by\n"
	"severity, most severe first, in the runbook's language (--lang).\n"
	"\n"
	"--json: an object: run, and difficulties, an array of objects:\n"
	"number, unit, unit_name, system, severity, state (open or\n"
	"resolved), text, raised_by, raised_at (RFC 3339), recipients (an\n"
	"array of {id, name}), resolved_by, resolved_at, resolution (null\n"
	"while open).\n");

static const char resolve_about[] = N_(
	"Records how difficulty N was resolved; resolving it again records\n"
	"nothing and says who resolved it.\n");

/* The unit's name in the run's registry, or the id when it has none. */
static const char *name_of(const struct book *book, const char *id)
{
	const struct unit *u = units_find(book->units, id);

	return u ? u->name : id;
}

static int issue_add(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct store_issue is;
	struct opt_list words = OPT_LIST_INIT;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "unit", 0, &is.unit_id, N_("UNIT"),
		  N_("the unit that raises it"), OPT_REQUIRED, 0 },
		{ OPT_VALUE, "system", 0, &is.system, N_("SYSTEM"),
		  N_("the system concerned"), OPT_REQUIRED, 0 },
		{ OPT_VALUE, "severity", 0, &is.severity, N_("SEVERITY"),
		  N_("how severe it is"), OPT_REQUIRED, 0 },
		CMD_OPT_BY(&is.raised_by),
		CMD_OPT_TOKEN(ctx),
		{ OPT_ARGS, N_("TEXT"), 0, &words, NULL,
		  N_("what happened, in words"), OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "issue add", opts, add_about };
	struct strbuf text = STRBUF_INIT, line = STRBUF_INIT;
	struct book *book = NULL;
	const char *unit;
	char *unit_id = NULL;
	size_t i;
	int status = EXIT_FAILED;

	memset(&is, 0, sizeof(is));
	if (cmd_parse(ctx, &spec, argc, argv, &status)) {
		opt_list_release(&words);
		return status;
	}
	status = EXIT_FAILED;
	if (difficulty_blank(is.raised_by))
		return cmd_usage_fail(ctx, "%s", _("say who records it with"
						 " --by NAME"));
	for (i = 0; i < words.n; i++)
		strbuf_addf(&text, "%s%s", text.len ? " " : "", words.v[i]);
	opt_list_release(&words);
	if (difficulty_blank(text.buf)) {
		strbuf_release(&text);
		return cmd_usage_fail(ctx, "%s", _("say what the difficulty"
						 " is: TEXT is missing or"
						 " blank"));
	}
	is.text = text.buf;
	unit = is.unit_id;
	if (cmd_resolve_option(ctx, STORE_NAMES_UNITS, &unit, &unit_id))
		goto done;
	is.unit_id = unit_id;
	if (cmd_now(ctx, &is.raised_at) ||
	    signoff_load_book(ctx->store, &ctx->run, &book, &ctx->err) ||
	    cmd_login(ctx) ||
	    difficulty_raise(ctx->store, &ctx->run, book, &ctx->auth, &is,
			     &ctx->err))
		goto done;
	/* DESIGN: acknowledged only after the transaction committed. */
	for (i = 0; i < is.nrecipients; i++)
		strbuf_addf(&line, "%s%s", i ? ", " : "",
			    name_of(book, is.recipients[i]));
	if (is.nrecipients)
		printf(_("difficulty #%lld recorded for %s; sent to: %s\n"),
		       (long long)is.number, is.unit_id, line.buf);
	else
		printf(_("difficulty #%lld recorded for %s; the runbook's route"
			 " names no recipient\n"), (long long)is.number,
		       is.unit_id);
	status = EXIT_OK;
done:
	difficulty_recipients_free(&is);
	free(unit_id);
	strbuf_release(&text);
	strbuf_release(&line);
	book_free(book);
	return status;
}

static void json_time(struct strbuf *out, struct cmd_ctx *ctx,
		      const char *key, int present, instant_t t)
{
	json_key(out, key, 0);
	if (!present) {
		strbuf_adds(out, "null");
		return;
	}
	strbuf_addch(out, '"');
	clock_format_rfc3339(out, t, cmd_zone(ctx));
	strbuf_addch(out, '"');
}

static void list_json(struct strbuf *out, struct cmd_ctx *ctx,
		      const struct book *book, const struct store_issue *is,
		      size_t n)
{
	size_t i, j;

	strbuf_addch(out, '{');
	json_key_string(out, "run", ctx->run.name, 1);
	json_key(out, "difficulties", 0);
	strbuf_addch(out, '[');
	for (i = 0; i < n; i++, is++) {
		strbuf_adds(out, i ? ",{" : "{");
		json_key_int(out, "number", is->number, 1);
		json_key_string(out, "unit", is->unit_id, 0);
		json_key_string(out, "unit_name", name_of(book, is->unit_id),
				0);
		json_key_string(out, "system", is->system, 0);
		json_key_string(out, "severity", is->severity, 0);
		json_key_string(out, "state", is->resolved ? "resolved" :
				"open", 0);
		json_key_string(out, "text", is->text, 0);
		json_key_string(out, "raised_by", is->raised_by, 0);
		json_time(out, ctx, "raised_at", 1, is->raised_at);
		json_key(out, "recipients", 0);
		strbuf_addch(out, '[');
		for (j = 0; j < is->nrecipients; j++) {
			strbuf_adds(out, j ? ",{" : "{");
			json_key_string(out, "id", is->recipients[j], 1);
			json_key_string(out, "name",
					name_of(book, is->recipients[j]), 0);
			strbuf_addch(out, '}');
		}
		strbuf_addch(out, ']');
		json_key_string(out, "resolved_by", is->resolved_by, 0);
		json_time(out, ctx, "resolved_at", is->resolved,
			  is->resolved_at);
		json_key_string(out, "resolution", is->resolution, 0);
		strbuf_addch(out, '}');
	}
	strbuf_adds(out, "]}\n");
}

/* A column of the text table and the gap after it. */
static void cell(struct strbuf *out, const char *s, size_t width)
{
	cmd_cell(out, s, width);
	strbuf_adds(out, "  ");
}

/* The columns of the table, at least as wide as their heading. */
enum {
	COL_UNIT, COL_SYSTEM, COL_SEVERITY, COL_STATE, COL_RAISED, COL_TEXT,
	NCOLS
};

static const struct {
	const char *heading;
	size_t width;
} columns[NCOLS] = {
	/* TRANSLATORS: the headings of 'cutover issue list' */
	{ NC_("heading", "unit"), 20 },
	{ NC_("heading", "system"), 16 },
	{ NC_("heading", "severity"), 10 },
	{ NC_("heading", "state"), 8 },
	{ NC_("heading", "raised"), 16 },
	{ NC_("heading", "text"), 36 },
};

static void list_text(struct strbuf *out, struct cmd_ctx *ctx,
		      const struct store_issue *is, size_t n)
{
	struct strbuf when = STRBUF_INIT;
	size_t i, j, w[NCOLS];

	strbuf_adds(out, "   #  ");
	for (i = 0; i < NCOLS; i++) {
		const char *h = C_("heading", columns[i].heading);

		w[i] = term_text_width(h, strlen(h));
		if (w[i] < columns[i].width)
			w[i] = columns[i].width;
		cell(out, h, w[i]);
	}
	strbuf_addf(out, "%s\n", C_("heading", "sent to"));
	for (i = 0; i < n; i++, is++) {
		strbuf_addf(out, "%4lld  ", (long long)is->number);
		cell(out, is->unit_id, w[COL_UNIT]);
		cell(out, cmd_label(ctx, LABEL_SYSTEM, is->system),
		     w[COL_SYSTEM]);
		cell(out, cmd_label(ctx, LABEL_SEVERITY, is->severity),
		     w[COL_SEVERITY]);
		cell(out, is->resolved ? C_("difficulty", "resolved") :
		     C_("difficulty", "open"), w[COL_STATE]);
		strbuf_reset(&when);
		cmd_time(&when, ctx, is->raised_at);
		cell(out, when.buf, w[COL_RAISED]);
		cell(out, is->text, w[COL_TEXT]);
		if (!is->nrecipients)
			strbuf_addch(out, '-');
		for (j = 0; j < is->nrecipients; j++)
			strbuf_addf(out, "%s%s", j ? ", " : "",
				    is->recipients[j]);
		strbuf_addch(out, '\n');
	}
	strbuf_release(&when);
}

static int issue_list(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct store_issue_filter filter;
	const char *format = NULL, *lang_given = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "unit", 0, &filter.unit_id, N_("UNIT"),
		  N_("only those raised by UNIT"), 0, 0 },
		{ OPT_VALUE, "to", 0, &filter.recipient, N_("RECIPIENT"),
		  N_("only those routed to RECIPIENT"), 0, 0 },
		{ OPT_SWITCH, "open", 0, &filter.open_only, NULL,
		  N_("only those not resolved"), 0, 0 },
		{ OPT_VALUE, "format", 0, &format, "text|md",
		  N_("a table (default) or Markdown"), 0, 0 },
		{ OPT_VALUE, "lang", 0, &lang_given, "vi|en",
		  N_("with --format md: the document's language (default: the"
		     " runbook's)"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "issue list", opts, list_about };
	struct store_issue *issues = NULL;
	struct strbuf out = STRBUF_INIT;
	struct book *book = NULL;
	struct render_doc doc = RENDER_DOC_INIT;
	enum report_lang lang;
	char *unit_id = NULL, *recipient_id = NULL;
	size_t n = 0;
	int status = EXIT_FAILED;
	instant_t now;

	memset(&filter, 0, sizeof(filter));
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (!format)
		format = "text";
	if (strcmp(format, "text") && strcmp(format, "md"))
		return cmd_usage_fail(ctx, _("--format takes text or md, not"
					    " '%s'"), format);
	if (lang_given && cmd_check_lang(ctx, lang_given))
		return EXIT_USAGE;
	if (ctx->json && !strcmp(format, "md"))
		return cmd_usage_fail(ctx, "%s", _("--json and --format md do"
						 " not go together"));
	if (lang_given && strcmp(format, "md"))
		return cmd_usage_fail(ctx, "%s", _("--lang is for --format md:"
						 " the table speaks the"
						 " console's language"));
	if (cmd_now(ctx, &now) ||
	    signoff_load_book(ctx->store, &ctx->run, &book, &ctx->err) ||
	    cmd_resolve_option(ctx, STORE_NAMES_UNITS, &filter.unit_id,
			       &unit_id) ||
	    cmd_resolve_option(ctx, STORE_NAMES_UNITS, &filter.recipient,
			       &recipient_id) ||
	    store_issues(ctx->store, ctx->run.id, &filter, &issues, &n,
			 &ctx->err))
		goto done;
	if (!strcmp(format, "md")) {
		/* DESIGN: documents speak the runbook's language unless told. */
		lang = report_lang_of(lang_given ? lang_given :
				      ctx->run.locale.lang);
		if (report_difficulties(ctx->store, &ctx->run, book, now,
					&filter, lang, &doc, &ctx->err))
			goto done;
		cmd_print(&doc.md);
		status = EXIT_OK;
		goto done;
	}
	if (ctx->json)
		list_json(&out, ctx, book, issues, n);
	else if (!n && (filter.unit_id || filter.recipient || filter.open_only))
		strbuf_adds(&out, _("no difficulty matches\n"));
	else if (!n)
		strbuf_adds(&out, _("no difficulty recorded\n"));
	else
		list_text(&out, ctx, issues, n);
	cmd_print(&out);
	status = EXIT_OK;
done:
	free(unit_id);
	free(recipient_id);
	strbuf_release(&out);
	render_doc_release(&doc);
	store_issues_free(issues, n);
	book_free(book);
	return status;
}

/* Says who resolved difficulty `number`, when it was resolved already. */
static int print_resolved(struct cmd_ctx *ctx, int64_t number)
{
	struct store_issue_filter filter;
	struct store_issue *is = NULL;
	struct strbuf when = STRBUF_INIT;
	size_t n = 0;

	memset(&filter, 0, sizeof(filter));
	filter.number = number;
	if (store_issues(ctx->store, ctx->run.id, &filter, &is, &n,
			 &ctx->err))
		return -1;
	if (n == 1)
		cmd_time(&when, ctx, is->resolved_at);
	printf(_("difficulty #%lld was resolved by %s at %s; nothing"
		 " recorded\n"), (long long)number, n == 1 && is->resolved_by ?
	       is->resolved_by : "?", n == 1 ? when.buf : "?");
	strbuf_release(&when);
	store_issues_free(is, n);
	return 0;
}

static int issue_resolve(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *by = NULL, *resolution = NULL, *which = NULL;
	const struct opt_spec opts[] = {
		CMD_OPT_BY(&by),
		{ OPT_VALUE, "resolution", 0, &resolution, N_("TEXT"),
		  N_("what was done"), OPT_REQUIRED, 0 },
		CMD_OPT_TOKEN(ctx),
		{ OPT_ARG, "N", 0, &which, NULL,
		  N_("the difficulty's number, as 'cutover issue list' shows"
		     " it"), OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "issue resolve", opts, resolve_about };
	int64_t number;
	instant_t now;
	int rc, status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (cmd_parse_number(which, &number))
		return cmd_usage_fail(ctx, _("'%s' is not a difficulty"
					    " number"), which);
	if (difficulty_blank(by))
		return cmd_usage_fail(ctx, "%s", _("say who resolved it with"
						 " --by NAME"));
	if (difficulty_blank(resolution))
		return cmd_usage_fail(ctx, "%s", _("say how it was resolved"
						 " with --resolution TEXT"));
	if (cmd_now(ctx, &now) || cmd_login(ctx))
		return EXIT_FAILED;
	rc = difficulty_resolve(ctx->store, &ctx->run, &ctx->auth, number, by,
				now, resolution, &ctx->err);
	if (rc) {
		if (rc != 1)
			return EXIT_FAILED;
		return print_resolved(ctx, number) ? EXIT_FAILED : EXIT_OK;
	}
	printf(_("difficulty #%lld resolved by %s\n"), (long long)number, by);
	return EXIT_OK;
}

int cmd_issue(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct cmd_sub subs[] = {
		{ "add", issue_add },
		{ "list", issue_list },
		{ "resolve", issue_resolve },
	};

	return cmd_dispatch(ctx, "issue", _(usage), subs,
			    sizeof(subs) / sizeof(subs[0]), argc, argv);
}
