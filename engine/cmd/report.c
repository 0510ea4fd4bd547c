/*
 * cutover report KIND: write a report of the current run, Markdown or a
 * standalone HTML page, to -o FILE or under output/, and print the path.
 */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "i18n.h"
#include "national.h"
#include "notify.h"
#include "render.h"
#include "report.h"
#include "banned.h"

static const char about[] = N_(
	"Writes a report of the current run and prints its path: Markdown, or\n"
	"a standalone HTML page rendered from it (inline CSS, charts drawn as\n"
	"SVG, prints on A4 with a page per major section). KIND is one of:\n"
	"\n"
	"  readiness      for those who decide on T0: a first page that\n"
	"                 decides (ready for T0 or not, the gate, the units not\n"
	"                 ready, blocked tasks, severe difficulties, waivers,\n"
	"                 the duty), then the details, then an appendix with the\n"
	"                 identifiers and the ledger head\n"
	"  daily          the daily report: the same first page, the day in\n"
	"                 figures, the reports overdue or late and the\n"
	"                 difficulties raised that day, by recipient; the\n"
	"                 reports sent on time in an appendix\n"
	"  unit UNIT      one unit's checklist with deadlines, recipients and\n"
	"                 the evidence recorded\n"
	"  contacts       the directory of contacts from the signed evidence\n"
	"  national       in the national office's workspace: every province\n"
	"                 side by side from what 'cutover national fetch'\n"
	"                 verified: readiness per directive item, the units\n"
	"                 not ready, open difficulties by system, each\n"
	"                 province's checkpoint and its age, what was refused\n"
	"\n"
	"--date, --recipient and --send are for the daily report, --step for\n"
	"the contacts. --send sends each recipient its section by e-mail, once\n"
	"the last of its reports of the day is due, and once only (as cutover\n"
	"remind sends: the same server, sender and addresses, each delivery in\n"
	"the ledger); it writes no file. In a run started with\n"
	"--require-tokens it needs the coordinator's token.\n");

static int write_file(const char *path, const struct strbuf *text,
		      struct err *err)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return fail(err, _("cannot write '%s': %s"), path,
			    strerror(errno));
	if (fwrite(text->buf, 1, text->len, f) != text->len || fflush(f) ||
	    ferror(f)) {
		fclose(f);
		return fail(err, _("cannot write '%s': %s"), path,
			    strerror(errno));
	}
	if (fclose(f))
		return fail(err, _("cannot write '%s': %s"), path,
			    strerror(errno));
	return 0;
}

/* Appends s with what a file name should not hold made '-'. */
static void add_file_part(struct strbuf *out, const char *s)
{
	for (; *s; s++)
		strbuf_addch(out, (*s >= 'a' && *s <= 'z') ||
			     (*s >= 'A' && *s <= 'Z') ||
			     (*s >= '0' && *s <= '9') || *s == '.' ||
			     *s == '_' || *s == '-' ? *s : '-');
}

/*
 * --date: a local date alone, "2026-05-30", or "30/05/2026" as the
 * runbook's date_order reads it.
 */
static int parse_day(struct cmd_ctx *ctx, const char *text, instant_t *day)
{
	struct time_expr e;
	struct err quiet = ERR_INIT;
	enum clock_date_order order = ctx->run.locale.dates;
	int rc = strchr(text, ':') ? -1 :
		clock_parse_expr(text, order, &e, &quiet);

	err_release(&quiet);
	if (rc || e.kind != TIME_ABSOLUTE)
		return cmd_usage_fail(ctx, order == CLOCK_DATES_DMY ?
				      _("--date takes YYYY-MM-DD or"
					" DD/MM/YYYY, not '%s'") :
				      order == CLOCK_DATES_MDY ?
				      _("--date takes YYYY-MM-DD or"
					" MM/DD/YYYY, not '%s'") :
				      _("--date takes YYYY-MM-DD, not '%s'"),
				      text);
	*day = clock_resolve(&e, ctx->run.t0, cmd_zone(ctx));
	return 0;
}

/* report daily --send: each recipient its section, as remind sends. */
static int send_daily(struct cmd_ctx *ctx, enum report_lang lang,
		      instant_t day, const char *recipient, const char *by,
		      const char *exec_cmd, int dry_run)
{
	struct notify_opts o;
	struct notify_result r = NOTIFY_RESULT_INIT;
	struct config config = CONFIG_INIT;
	struct book *book = NULL;
	int status = EXIT_FAILED;

	memset(&o, 0, sizeof(o));
	o.actor = by;
	o.lang = lang;
	o.day = day;
	o.recipient = recipient;
	o.exec_cmd = exec_cmd;
	o.channel = dry_run ? NOTIFY_DRY_RUN : exec_cmd ? NOTIFY_EXEC :
		NOTIFY_SMTP;
	o.dry_run_exec = dry_run && exec_cmd;
	if (!*by) {
		status = cmd_usage_fail(ctx, "%s", _("--by takes a name"));
		goto done;
	}
	if (cmd_notify_setup(ctx, &o, &config, &book))
		goto done;
	if (notify_daily(ctx->store, &ctx->run, book, &o, &r, &ctx->err)) {
		cmd_notify_print(ctx, &r, 0);
		goto done;
	}
	status = cmd_notify_print(ctx, &r, 0);
done:
	notify_result_release(&r);
	config_release(&config);
	book_free(book);
	return status;
}

enum kind { K_READINESS, K_DAILY, K_UNIT, K_CONTACTS, K_NATIONAL };

/*
 * A live run's report made at a simulated clock says so on its first
 * line, before the title: it is a what-if, not the run as it stands.
 */
static void simulated_first(const struct cmd_ctx *ctx, instant_t now,
			    enum report_lang lang, struct strbuf *md)
{
	struct strbuf head = STRBUF_INIT, when = STRBUF_INIT;

	if (lang == REPORT_EN) {
		clock_format_local(&when, now, cmd_zone(ctx));
		strbuf_addf(&head, "> **Simulated clock (CUTOVER_NOW): as of %s,"
			    " not the system clock's time.** The live run's"
			    " ledger records only the system clock's time.\n\n",
			    when.buf);
	} else {
		clock_format_dmy(&when, now, cmd_zone(ctx));
		strbuf_addf(&head, "> **Đồng hồ mô phỏng (CUTOVER_NOW): tính đến"
			    " %s, không phải giờ của đồng hồ hệ thống.** Sổ cái"
			    " của lượt chạy thật chỉ ghi giờ của đồng hồ hệ"
			    " thống.\n\n", when.buf);
	}
	strbuf_add(&head, md->buf, md->len);
	strbuf_release(md);
	*md = head;
	strbuf_release(&when);
}

int cmd_report(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const char *const kinds[] = { "readiness", "daily", "unit",
					     "contacts", "national" };
	enum report_lang lang = REPORT_VI;
	const char *output = NULL, *format = "md", *date = NULL;
	const char *lang_given = NULL;
	const char *recipient = NULL, *step = NULL, *unit = NULL;
	char *unit_id = NULL, *recipient_id = NULL;
	struct render_doc doc = RENDER_DOC_INIT;
	struct national_view view;
	struct clock_zone *national_zone = NULL;
	struct strbuf path = STRBUF_INIT, html = STRBUF_INIT;
	const char *by = "cutover", *exec_cmd = NULL, *kind = NULL;
	int rc, status = EXIT_FAILED, send = 0, dry_run = 0;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "lang", 0, &lang_given, N_("vi|en"),
		  N_("language (default: the runbook's)"), 0, 0 },
		{ OPT_VALUE, "format", 0, &format, N_("md|html"),
		  N_("Markdown (default) or HTML"), 0, 0 },
		{ OPT_VALUE, "output", 'o', &output, N_("FILE"),
		  N_("where to write (default output/KIND-RUN-DATE.md or"
		     " .html, and KIND-RUN-DATE.LANG.md in a language other"
		     " than the runbook's)"), 0, 0 },
		{ OPT_VALUE, "date", 0, &date, N_("DATE"),
		  N_("daily: the day, YYYY-MM-DD (or DD/MM/YYYY, MM/DD/YYYY as"
		     " the runbook's date_order says; default today, by the"
		     " run's clock)"), 0, 0 },
		{ OPT_VALUE, "recipient", 0, &recipient, N_("UNIT"),
		  N_("daily: only what goes to UNIT"), 0, 0 },
		{ OPT_SWITCH, "send", 0, &send, NULL,
		  N_("daily: send each recipient its section by e-mail"
		     " (above); writes no file"), 0, 0 },
		{ OPT_SWITCH, "dry-run", 0, &dry_run, NULL,
		  N_("with --send: print the messages instead"), 0, 0 },
		{ OPT_VALUE, "exec", 0, &exec_cmd, N_("CMD"),
		  N_("with --send: hand each message to CMD, as cutover"
		     " remind --exec does"), 0, 0 },
		{ OPT_VALUE, "by", 0, &by, cmd_word_name,
		  N_("with --send: who sends (default: cutover)"), 0, 0 },
		CMD_OPT_TOKEN(ctx),
		{ OPT_VALUE, "step", 0, &step, N_("STEP"),
		  N_("contacts: the step whose evidence holds the focal points"
		     " (default focal-point)"), 0, 0 },
		{ OPT_ARG, N_("KIND"), 0, &kind, NULL,
		  N_("readiness, daily, unit, contacts or national"),
		  OPT_REQUIRED, 0 },
		{ OPT_ARG, N_("UNIT"), 0, &unit, NULL,
		  N_("unit: the unit whose checklist it is"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "report", opts, about };
	size_t k;
	instant_t now, day;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	if (strcmp(format, "md") && strcmp(format, "html"))
		return cmd_usage_fail(ctx, _("--format takes md or html, not"
					    " '%s'"), format);
	if (lang_given && cmd_check_lang(ctx, lang_given))
		return EXIT_USAGE;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (!strcmp(kind, kinds[k]))
			break;
	if (k == sizeof(kinds) / sizeof(kinds[0]))
		return cmd_usage_fail(ctx, _("unknown report '%s'; see"
					    " 'cutover report --help'"), kind);
	if (k == K_UNIT && !unit)
		return cmd_usage_fail(ctx, "%s", _("report unit takes"
						 " one UNIT; see 'cutover"
						 " report --help'"));
	if (k != K_UNIT && unit)
		return cmd_usage_fail(ctx, _("report %s takes no argument"
					    " '%s'"), kinds[k], unit);
	if ((date || recipient) && k != K_DAILY)
		return cmd_usage_fail(ctx, _("%s is for the daily report"),
				      date ? "--date" : "--recipient");
	if ((send || dry_run || exec_cmd) && k != K_DAILY)
		return cmd_usage_fail(ctx, "%s", _("--send, --dry-run and"
						 " --exec are for the daily"
						 " report"));
	if ((dry_run || exec_cmd) && !send)
		return cmd_usage_fail(ctx, "%s", _("--dry-run and --exec go"
						 " with --send"));
	if (send && output)
		return cmd_usage_fail(ctx, "%s", _("--send writes no file:"
						 " leave out -o"));
	if (step && k != K_CONTACTS)
		return cmd_usage_fail(ctx, "%s", _("--step is for the"
						 " contacts report"));
	memset(&view, 0, sizeof(view));
	/* The national office's workspace may have no run of its own. */
	if (k != K_NATIONAL &&
	    (store_find_run(ctx->store, ctx->run_name, &ctx->run, &ctx->err) ||
	     cmd_resolve_option(ctx, STORE_NAMES_UNITS, &unit, &unit_id) ||
	     cmd_resolve_option(ctx, STORE_NAMES_UNITS, &recipient,
				&recipient_id)))
		goto done;
	/* DESIGN: reports speak the runbook's language unless told. */
	lang = report_lang_of(lang_given ? lang_given :
			      k == K_NATIONAL ? "vi" : ctx->run.locale.lang);
	if (cmd_now(ctx, &now))
		goto done;
	day = clock_local_midnight(now, cmd_zone(ctx));
	if (date && (rc = parse_day(ctx, date, &day)))
		return rc;

	if (send) {
		status = send_daily(ctx, lang, day, recipient, by, exec_cmd,
				    dry_run);
		goto done;
	}
	switch ((enum kind)k) {
	case K_READINESS:
		rc = report_readiness(ctx->store, &ctx->run, now, lang, &doc,
				      &ctx->err);
		break;
	case K_DAILY:
		rc = report_daily(ctx->store, &ctx->run, now, day, recipient,
				  lang, &doc, &ctx->err);
		break;
	case K_UNIT:
		rc = report_unit(ctx->store, &ctx->run, now, unit, lang, &doc,
				 &ctx->err);
		break;
	case K_CONTACTS:
		rc = report_contacts(ctx->store, &ctx->run, now, step, lang,
				     &doc, &ctx->err);
		break;
	default:
		rc = national_open(ctx->store, &view, &ctx->err);
		if (!rc) {
			national_zone = clock_zone_fixed(view.offset);
			rc = report_national(view.p, view.n, now, view.offset,
					     lang, &doc, &ctx->err);
		}
		break;
	}
	if (rc) {
		status = ctx->err.usage ? EXIT_USAGE : EXIT_FAILED;
		goto done;
	}
	if (cmd_simulated_live(ctx))
		simulated_first(ctx, now, lang, &doc.md);

	if (output) {
		strbuf_adds(&path, output);
	} else {
		if (mkdir("output", 0777) && errno != EEXIST) {
			fail(&ctx->err, _("cannot create '%s': %s"), "output",
			     strerror(errno));
			goto done;
		}
		strbuf_addf(&path, "output/%s-", kinds[k]);
		if (unit || recipient) {
			add_file_part(&path, unit ? unit : recipient);
			strbuf_addch(&path, '-');
		}
		if (k != K_NATIONAL) {
			add_file_part(&path, ctx->run.name);
			strbuf_addch(&path, '-');
		}
		clock_format_date(&path, k == K_DAILY ? day : now,
				  k == K_NATIONAL ? national_zone :
				  cmd_zone(ctx));
		/* Beside the runbook's own: the language says which is which. */
		if (k != K_NATIONAL &&
		    strcmp(report_lang_code(lang), ctx->run.locale.lang))
			strbuf_addf(&path, ".%s", report_lang_code(lang));
		strbuf_addf(&path, ".%s", format);
	}
	if (!strcmp(format, "html")) {
		if (render_html_page(&doc, &html, &ctx->err) ||
		    write_file(path.buf, &html, &ctx->err))
			goto done;
	} else if (write_file(path.buf, &doc.md, &ctx->err)) {
		goto done;
	}
	printf("%s\n", path.buf);
	status = EXIT_OK;
done:
	national_view_release(&view);
	clock_zone_free(national_zone);
	free(unit_id);
	free(recipient_id);
	render_doc_release(&doc);
	strbuf_release(&html);
	strbuf_release(&path);
	return status;
}
