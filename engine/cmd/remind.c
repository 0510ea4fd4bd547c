/*
 * cutover remind: one message per unit listing what it has late or soon
 * due, by e-mail or through a hook, each delivery in the ledger.  Also
 * what `report daily --send` shares with it: the setup (the workspace's
 * configuration, the run's book, who may send) and the printing of the
 * outcomes.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "json.h"
#include "mail.h"
#include "notify.h"
#include "opt.h"
#include "signoff.h"
#include "workspace.h"
#include "banned.h"

static const char about[] = N_(
	"Sends each unit one message listing its open tasks that are late and,\n"
	"unless --late, due soon, with their deadlines and the link to its page\n"
	"of cutover serve (serve.base-url), to each of its addresses: those the\n"
	"workspace's config gives it ([unit \"ID\"] email), else the registry's\n"
	"email contacts and the e-mail in its own focal-point sign-off.  Each\n"
	"delivery is an event of the ledger; a unit is not reminded of the same\n"
	"thing twice within the runbook's reminders { period } (default 6h).  A\n"
	"refused address is reported and tried again at the next call.\n"
	"\n"
	"The mail server is $CUTOVER_SMTP_URL (smtp://HOST:PORT, STARTTLS when\n"
	"offered; smtps://HOST:PORT) or smtp.url in .cutover/config, the sender\n"
	"$CUTOVER_MAIL_FROM or mail.from; credentials from $CUTOVER_SMTP_USER\n"
	"and $CUTOVER_SMTP_PASSWORD or smtp.user and smtp.password.  With\n"
	"--exec, CMD gets each message on its standard input and CUTOVER_TO,\n"
	"CUTOVER_PHONE, CUTOVER_UNIT, CUTOVER_SUBJECT and more in its\n"
	"environment (docs/reminders.md).\n"
	"Exit status 1 when a unit could not be reached (but in a dry run).\n");

int cmd_notify_setup(struct cmd_ctx *ctx, struct notify_opts *opts,
		     struct config *config, struct book **book)
{
	struct strbuf db = STRBUF_INIT;
	int rc;

	*book = NULL;
	if (cmd_login(ctx))
		return -1;
	if (opts->channel != NOTIFY_DRY_RUN &&
	    auth_allow(&ctx->auth, &ctx->run, NULL, _("send messages"),
		       &ctx->err))
		return -1;
	rc = workspace_find_db(ctx->db_override, &db, &ctx->err);
	if (!rc)
		rc = config_load(db.buf, config, &ctx->err);
	strbuf_release(&db);
	if (rc || signoff_load_book(ctx->store, &ctx->run, book, &ctx->err))
		return -1;
	opts->config = config;
	return cmd_now(ctx, &opts->now);
}

static const char *status_word(enum notify_status s)
{
	switch (s) {
	case NOTIFY_SENT:
		return "sent";
	case NOTIFY_FAILED:
		return "failed";
	case NOTIFY_NO_ADDRESS:
		return "no-address";
	case NOTIFY_ALREADY:
		return "already-sent";
	case NOTIFY_NOT_YET:
		return "not-yet";
	default:
		return "composed";
	}
}

static void print_json(const struct cmd_ctx *ctx,
		       const struct notify_result *r)
{
	struct strbuf out = STRBUF_INIT, t = STRBUF_INIT;
	size_t i;

	strbuf_addch(&out, '[');
	for (i = 0; i < r->n; i++) {
		const struct notify_outcome *o = &r->o[i];

		strbuf_adds(&out, i ? ",\n{" : "{");
		json_key_string(&out, "status", status_word(o->status), 1);
		json_key_string(&out, "unit", o->unit_id, 0);
		json_key_string(&out, "name", o->unit_name, 0);
		json_key_string(&out, "to", o->to, 0);
		json_key_string(&out, "subject", o->subject, 0);
		json_key_int(&out, "late", (int64_t)o->late, 0);
		json_key_int(&out, "soon", (int64_t)o->soon, 0);
		if (o->seq)
			json_key_int(&out, "seq", o->seq, 0);
		if (o->error)
			json_key_string(&out, "error", o->error, 0);
		if (o->status == NOTIFY_NOT_YET) {
			strbuf_reset(&t);
			clock_format_rfc3339(&t, o->at, cmd_zone(ctx));
			json_key_string(&out, "at", t.buf, 0);
		}
		if (o->message)
			json_key_string(&out, "message", o->message, 0);
		strbuf_addch(&out, '}');
	}
	strbuf_adds(&out, "]\n");
	cmd_print(&out);
	strbuf_release(&out);
	strbuf_release(&t);
}

/* "Xã Đại Sơn <a@b>": who, cleaned for the terminal. */
static void who(struct strbuf *out, const struct notify_outcome *o)
{
	mail_clean_line(out, o->unit_name);
	if (*o->to)
		strbuf_addf(out, " <%s>", o->to);
}

int cmd_notify_print(struct cmd_ctx *ctx, const struct notify_result *r,
		     int64_t period)
{
	struct strbuf out = STRBUF_INIT, line = STRBUF_INIT;
	size_t count[NOTIFY_COMPOSED + 1] = { 0 }, i;
	int unreached = 0;

	if (ctx->json) {
		print_json(ctx, r);
	}
	for (i = 0; i < r->n; i++) {
		const struct notify_outcome *o = &r->o[i];

		count[o->status]++;
		/* A dry run's unit without an address (its body shown) is
		 * a warning: nobody was to be reached. */
		unreached |= o->status == NOTIFY_FAILED ||
			(o->status == NOTIFY_NO_ADDRESS && !o->body);
		if (ctx->json)
			continue;
		strbuf_reset(&line);
		who(&line, o);
		switch (o->status) {
		case NOTIFY_SENT:
			strbuf_addf(&out, _("sent to %s (event %lld)\n"),
				    line.buf, (long long)o->seq);
			break;
		case NOTIFY_FAILED:
			strbuf_addf(&out, _("NOT SENT to %s: %s; it will be"
					    " tried again at the next call\n"),
				    line.buf, o->error);
			break;
		case NOTIFY_NO_ADDRESS:
			strbuf_addf(&out, _("NO ADDRESS for %s (%s): give it"
					    " one in the workspace's config,"
					    " [unit \"%s\"] email = ...\n"),
				    line.buf, o->unit_id, o->unit_id);
			if (o->body) {
				strbuf_addf(&out, "Subject: ");
				mail_clean_line(&out, o->subject);
				strbuf_addf(&out, "\n\n%s\n", o->body);
			}
			break;
		case NOTIFY_ALREADY:
			if (period) {
				struct strbuf p = STRBUF_INIT;

				cmd_duration(&p, period, LABEL_SPAN);
				strbuf_addf(&out, _("already sent to %s within"
						    " the last %s\n"),
					    line.buf, p.buf);
				strbuf_release(&p);
			} else {
				strbuf_addf(&out, _("already sent to %s\n"),
					    line.buf);
			}
			break;
		case NOTIFY_NOT_YET: {
			struct strbuf t = STRBUF_INIT;

			cmd_time(&t, ctx, o->at);
			strbuf_addf(&out, _("not yet for %s: its reports are"
					    " due until %s\n"), line.buf,
				    t.buf);
			strbuf_release(&t);
			break;
		}
		case NOTIFY_COMPOSED:
			/* Readable: the message itself is in --json. */
			strbuf_addf(&out, _("--- message to %s ---\n"),
				    line.buf);
			strbuf_addf(&out, "Subject: ");
			mail_clean_line(&out, o->subject);
			strbuf_addf(&out, "\n\n%s\n", o->body);
			break;
		}
	}
	if (!ctx->json) {
		strbuf_addf(&out, _("messages: %zu sent, %zu not sent, %zu"
				    " without an address, %zu already sent,"
				    " %zu not yet due, %zu composed\n"),
			    count[NOTIFY_SENT], count[NOTIFY_FAILED],
			    count[NOTIFY_NO_ADDRESS], count[NOTIFY_ALREADY],
			    count[NOTIFY_NOT_YET], count[NOTIFY_COMPOSED]);
		cmd_print(&out);
	}
	strbuf_release(&out);
	strbuf_release(&line);
	return unreached ? EXIT_FAILED : EXIT_OK;
}

int cmd_remind(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct notify_opts o;
	const char *within = NULL, *lang = "vi";
	char *unit_id = NULL;
	int dry_run = 0, status = EXIT_FAILED;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "unit", 0, &o.unit_id, N_("UNIT"),
		  N_("only this unit"), 0, 0 },
		{ OPT_SWITCH, "late", 0, &o.late_only, NULL,
		  N_("only what is late"), 0, 1 },
		{ OPT_VALUE, "due-within", 0, &within, N_("DURATION"),
		  N_("soon due: within DURATION, e.g. 2h (default: the"
		     " runbook's reminders { within }, else 2h)"), 0, 0 },
		{ OPT_SWITCH, "dry-run", 0, &dry_run, NULL,
		  N_("print the messages; send and record nothing"), 0, 1 },
		{ OPT_VALUE, "exec", 0, &o.exec_cmd, N_("CMD"),
		  N_("hand each message to CMD (sh -c) instead of the mail"
		     " server"), 0, 0 },
		{ OPT_VALUE, "lang", 0, &lang, "vi|en",
		  N_("the messages' language (default vi)"), 0, 0 },
		{ OPT_VALUE, "by", 0, &o.actor, cmd_word_name,
		  N_("who sends, as the ledger records it (default: cutover)"),
		  0, 0 },
		CMD_OPT_TOKEN(ctx),
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "remind", opts, about };
	struct notify_result r = NOTIFY_RESULT_INIT;
	struct config config = CONFIG_INIT;
	struct book *book = NULL;

	memset(&o, 0, sizeof(o));
	o.actor = "cutover";
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	if (cmd_parse_lang(ctx, lang, &o.lang))
		return EXIT_USAGE;
	if (o.late_only && within)
		return cmd_usage_fail(ctx, "%s", _("--late and --due-within"
						 " exclude each other"));
	if (!*o.actor)
		return cmd_usage_fail(ctx, "%s", _("--by takes a name"));
	if (within && clock_parse_duration(within, &o.within, &ctx->err)) {
		err_prefix(&ctx->err, "--due-within");
		ctx->err.usage = 1;
		return EXIT_USAGE;
	}
	o.channel = dry_run ? NOTIFY_DRY_RUN : o.exec_cmd ? NOTIFY_EXEC :
		NOTIFY_SMTP;
	o.dry_run_exec = dry_run && o.exec_cmd;
	if (cmd_resolve_option(ctx, STORE_NAMES_UNITS, &o.unit_id, &unit_id) ||
	    cmd_notify_setup(ctx, &o, &config, &book))
		goto done;
	if (!within)
		o.within = book->rb->reminders ? book->rb->reminders->within :
			REMINDERS_WITHIN;
	o.period = book->rb->reminders ? book->rb->reminders->period :
		REMINDERS_PERIOD;
	if (notify_remind(ctx->store, &ctx->run, book, &o, &r, &ctx->err)) {
		/* What was sent before the failure is said all the same. */
		cmd_notify_print(ctx, &r, o.period);
		if (ctx->err.usage)
			status = EXIT_USAGE;
		goto done;
	}
	if (!r.n && !ctx->json) {
		struct strbuf t = STRBUF_INIT;

		cmd_time(&t, ctx, o.now);
		printf(o.late_only ? _("nothing is late at %s\n") :
		       _("nothing is late or due soon at %s\n"), t.buf);
		strbuf_release(&t);
		status = EXIT_OK;
		goto done;
	}
	status = cmd_notify_print(ctx, &r, o.period);
done:
	free(unit_id);
	notify_result_release(&r);
	config_release(&config);
	book_free(book);
	return status;
}
