/*
 * cutover roster add|remove|import|list|gaps: the 24/7 duty roster of the
 * current run.
 *
 * A shift is checked against the run before anything is written, by the
 * rules of the duty module (duty_check_shift), which the web's roster
 * page follows too; `add` and every entry of `import` go through them.
 */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duty.h"
#include "evidence.h"
#include "i18n.h"
#include "json.h"
#include "rosterfile.h"
#include "signoff.h"
#include "term.h"
#include "units.h"
#include "xalloc.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover roster add --unit UNIT --role ROLE --person NAME\n"
	"                          [--phone PHONE] --from TIME --to TIME --by NAME\n"
	"                          [--token TOKEN]\n"
	"   or: cutover roster remove --by NAME --reason TEXT [--token TOKEN] SHIFT\n"
	"   or: cutover roster import --by NAME [--token TOKEN] FILE\n"
	"   or: cutover roster list [--unit UNIT] [--role ROLE] [--json]\n"
	"   or: cutover roster gaps [--unit UNIT] [--exit-code] [--json]\n"
	"\n"
	"The 24/7 duty roster of the current run. A roster step of the\n"
	"runbook asks each of its units to keep someone on duty in a role\n"
	"(e.g. truc-su-co) for the whole duty window; 'cutover sign' signs\n"
	"that step only when the unit's shifts for the role cover the window\n"
	"without a gap. A change (add, remove, import) takes a token of the\n"
	"shifts' unit or the coordinator's in a run started with\n"
	"--require-tokens. See 'cutover roster add --help', 'remove --help',\n"
	"'import --help', 'list --help' and 'gaps --help'.\n");

static const char add_about[] = N_(
	"Puts one person on duty for a unit and role. TIME is local time\n"
	"in the run's timezone, 'YYYY-MM-DD HH:MM', or relative to T0: 'T-2h',\n"
	"'T+1d 08:00'. A shift ends at TO: one that starts there leaves no gap.\n"
	"The same shift twice is recorded once.\n");

static const char remove_about[] = N_(
	"Takes shift SHIFT (its number in 'cutover roster list') off\n"
	"the roster; the ledger keeps both events. When the unit's shifts then\n"
	"leave a gap in the duty window, its signed desk is reopened, with an\n"
	"event saying why, in the same transaction.\n");

static const char import_about[] = N_(
	"Adds every shift of FILE, YAML (.yaml, .yml: a 'shifts' list\n"
	"of mappings) or CSV (.csv: columns unit, role, person, phone, from,\n"
	"to). Every shift is checked first; one bad value names FILE:LINE and\n"
	"the field, and nothing is recorded. Importing a file again adds only\n"
	"what is not on the roster yet.\n");

static const char list_about[] = N_(
	"Shows the shifts on the roster.\n"
	"\n"
	"--json: an object with run and shifts, an array of objects: id, unit,\n"
	"role, person, phone (null when none), from, to (RFC 3339 in the\n"
	"run's zone), added_by, added_at.\n");

static const char gaps_about[] = N_(
	"Shows, for every unit and role the run's roster steps ask for, the\n"
	"parts of the duty window that no shift covers.\n"
	"\n"
	"--json: an object with run, duty_window (from, to), covered and total\n"
	"(how many duties have no gap, out of how many), and duties, an array\n"
	"of objects: unit, unit_name, role, step, shifts (how many), covered\n"
	"(true or false) and gaps, an array of from, to (RFC 3339) and\n"
	"seconds.\n");

/* The rows the subcommands share. */
static const char word_unit[] = N_("UNIT");
static const char help_unit[] = N_("the unit (its id or its name)");
static const char word_role[] = N_("ROLE");
static const char help_role[] = N_("the duty role, as the unit's roster step"
				   " names it");

/* What every check of a shift needs: the run's registry and duties. */
struct roster {
	struct book *book;
	struct duty_roster duty;
};

static int roster_load(struct roster *r, struct cmd_ctx *ctx)
{
	memset(r, 0, sizeof(*r));
	if (signoff_load_book(ctx->store, &ctx->run, &r->book, &ctx->err) ||
	    duty_roster_load(&r->duty, ctx->store, &ctx->run, r->book,
			     &ctx->err))
		return -1;
	return 0;
}

static void roster_release(struct roster *r)
{
	duty_roster_release(&r->duty);
	book_free(r->book);
}

/* what: the rest of a refusal that starts with "roster ", translated. */
static int need(struct cmd_ctx *ctx, const char *value, const char *what)
{
	if (value && *value)
		return 0;
	cmd_usage_fail(ctx, _("roster %s; see 'cutover roster --help'"), what);
	return -1;
}

/* ---- add ---- */

static int roster_add(int argc, char **argv, struct cmd_ctx *ctx)
{
	char *raw[ROSTERFILE_NFIELDS] = { NULL };
	const char *by = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "unit", 0, &raw[ROSTERFILE_UNIT], word_unit,
		  help_unit, OPT_REQUIRED, 0 },
		{ OPT_VALUE, "role", 0, &raw[ROSTERFILE_ROLE], word_role,
		  help_role, OPT_REQUIRED, 0 },
		{ OPT_VALUE, "person", 0, &raw[ROSTERFILE_PERSON],
		  cmd_word_name, N_("who is on duty"), OPT_REQUIRED, 0 },
		{ OPT_VALUE, "phone", 0, &raw[ROSTERFILE_PHONE], N_("PHONE"),
		  N_("the number to call during the shift"), 0, 0 },
		{ OPT_VALUE, "from", 0, &raw[ROSTERFILE_FROM], N_("TIME"),
		  N_("when the shift starts"), OPT_REQUIRED, 0 },
		{ OPT_VALUE, "to", 0, &raw[ROSTERFILE_TO], N_("TIME"),
		  N_("when the shift ends"), OPT_REQUIRED, 0 },
		CMD_OPT_BY(&by),
		CMD_OPT_TOKEN(ctx),
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "roster add", opts, add_about };
	struct roster r;
	struct store_shift sh;
	struct strbuf out = STRBUF_INIT;
	instant_t now;
	const char *unit;
	char *unit_id = NULL;
	int bad, rc, status = EXIT_FAILED;

	memset(&r, 0, sizeof(r));
	memset(&sh, 0, sizeof(sh));
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	/* TRANSLATORS: each completes "roster %s; see ..." */
	if (need(ctx, raw[ROSTERFILE_UNIT], _("add needs --unit UNIT")) ||
	    need(ctx, raw[ROSTERFILE_ROLE], _("add needs --role ROLE")) ||
	    need(ctx, raw[ROSTERFILE_PERSON], _("add needs --person NAME")) ||
	    need(ctx, raw[ROSTERFILE_FROM], _("add needs --from TIME")) ||
	    need(ctx, raw[ROSTERFILE_TO], _("add needs --to TIME")) ||
	    need(ctx, by, _("add: say who records the shift with --by NAME")))
		return EXIT_USAGE;
	unit = raw[ROSTERFILE_UNIT];
	if (cmd_now(ctx, &now) ||
	    cmd_resolve_option(ctx, STORE_NAMES_UNITS, &unit, &unit_id) ||
	    roster_load(&r, ctx))
		goto done;
	raw[ROSTERFILE_UNIT] = unit_id;
	if (duty_check_shift(&r.duty, raw, &sh, &bad, &ctx->err)) {
		err_prefix(&ctx->err, "--%s", rosterfile_field_name(bad));
		goto done;
	}
	if (cmd_login(ctx))
		goto done;
	rc = duty_add(ctx->store, &ctx->run, &ctx->auth, &sh, by, now,
		      &ctx->err);
	if (rc < 0)
		goto done;
	if (rc == 1) {
		printf(_("already on the roster (shift %lld); nothing"
			 " recorded\n"), (long long)sh.id);
	} else {
		duty_describe(&out, &sh, cmd_zone(ctx),
			      cmd_label(ctx, LABEL_ROLE, sh.role));
		printf(_("added shift %lld: %s\n"), (long long)sh.id, out.buf);
	}
	status = EXIT_OK;
done:
	free(unit_id);
	strbuf_release(&out);
	duty_shift_release(&sh);
	roster_release(&r);
	return status;
}

/* ---- remove ---- */

static int roster_remove(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *by = NULL, *reason = NULL, *shift = NULL;
	const struct opt_spec opts[] = {
		CMD_OPT_BY(&by),
		{ OPT_VALUE, "reason", 0, &reason, N_("TEXT"),
		  N_("why the shift is removed"), OPT_REQUIRED, 0 },
		CMD_OPT_TOKEN(ctx),
		{ OPT_ARG, N_("SHIFT"), 0, &shift, NULL,
		  N_("the shift's number in 'cutover roster list'"),
		  OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "roster remove", opts, remove_about };
	struct store_shift removed;
	struct strbuf out = STRBUF_INIT, reopened = STRBUF_INIT;
	instant_t now;
	int64_t id;
	int status;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (cmd_parse_number(shift, &id))
		return cmd_usage_fail(ctx, _("'%s' is not a shift number; see"
					    " 'cutover roster list'"),
				      shift);
	/* TRANSLATORS: each completes "roster %s; see ..." */
	if (need(ctx, by, _("remove: say who removes the shift with --by"
			    " NAME")) ||
	    need(ctx, reason, _("remove needs --reason TEXT")))
		return EXIT_USAGE;
	if (cmd_now(ctx, &now) || cmd_login(ctx) ||
	    duty_remove(ctx->store, &ctx->run, &ctx->auth, id, by, now, reason,
			&removed, &reopened, &ctx->err))
		return EXIT_FAILED;
	duty_describe(&out, &removed, cmd_zone(ctx),
		      cmd_label(ctx, LABEL_ROLE, removed.role));
	printf(_("removed shift %lld: %s\n"), (long long)id, out.buf);
	if (reopened.len)
		printf(_("reopened %s: the '%s' roster of %s no longer covers"
			 " the duty window\n"), reopened.buf,
		       cmd_label(ctx, LABEL_ROLE, removed.role),
		       removed.unit_id);
	strbuf_release(&out);
	strbuf_release(&reopened);
	duty_shift_release(&removed);
	return EXIT_OK;
}

/* ---- import ---- */

static int roster_import(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *by = NULL, *file = NULL;
	const struct opt_spec opts[] = {
		CMD_OPT_BY(&by),
		CMD_OPT_TOKEN(ctx),
		{ OPT_ARG, N_("FILE"), 0, &file, NULL,
		  N_("the shifts, YAML or CSV"), OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "roster import", opts, import_about };
	struct rosterfile *rf = NULL;
	struct store_shift *shifts = NULL;
	struct strbuf text = STRBUF_INIT;
	struct roster r;
	size_t i, nshifts = 0, added = 0, already = 0;
	instant_t now;
	int bad, rc, status = EXIT_FAILED;

	memset(&r, 0, sizeof(r));
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	/* TRANSLATORS: completes "roster %s; see ..." */
	if (need(ctx, by, _("import: say who records the shifts with --by"
			    " NAME")))
		return EXIT_USAGE;
	if (cmd_now(ctx, &now) || cmd_login(ctx) ||
	    cmd_read_file(ctx, file, ROSTERFILE_MAX_BYTES, &text) ||
	    rosterfile_parse(file, text.buf, text.len, &rf,
			     &ctx->err) ||
	    roster_load(&r, ctx))
		goto done;
	/* DESIGN: a malformed file changes nothing: check all, then write. */
	shifts = xcalloc(rf->n, sizeof(*shifts));
	nshifts = rf->n;
	for (i = 0; i < rf->n; i++) {
		const struct rosterfile_entry *e = &rf->entries[i];

		if (duty_check_shift(&r.duty, e->value, &shifts[i], &bad,
				     &ctx->err) ||
		    (bad = ROSTERFILE_UNIT,
		     auth_allow(&ctx->auth, &ctx->run, shifts[i].unit_id,
				_("change a roster"), &ctx->err))) {
			err_at(&ctx->err, rf->file, e->value_line[bad], 0);
			err_about(&ctx->err, NULL, rosterfile_field_name(bad));
			goto done;
		}
	}
	if (store_begin(ctx->store, &ctx->err))
		goto done;
	for (i = 0; i < rf->n; i++) {
		rc = store_add_shift(ctx->store, &ctx->run, &shifts[i], by,
				     now, &ctx->err);
		if (rc < 0) {
			err_at(&ctx->err, rf->file, rf->entries[i].line, 0);
			store_rollback(ctx->store);
			goto done;
		}
		if (rc)
			already++;
		else
			added++;
	}
	if (store_commit(ctx->store, &ctx->err)) {
		store_rollback(ctx->store);
		goto done;
	}
	printf(_("imported %s: %zu added, %zu already on the roster\n"),
	       rf->file, added, already);
	status = EXIT_OK;
done:
	/* Zeroed or filled: duty_check_shift leaves nothing half-made. */
	for (i = 0; i < nshifts; i++)
		duty_shift_release(&shifts[i]);
	free(shifts);
	rosterfile_free(rf);
	roster_release(&r);
	strbuf_release(&text);
	return status;
}

/* ---- list ---- */

/* Columns s takes on a terminal, as cmd_cell will pad it; 0 for NULL. */
static size_t text_width(const char *s)
{
	return s ? term_text_width(s, strlen(s)) : 0;
}

static size_t widest(size_t w, const char *s, size_t cap)
{
	size_t n = text_width(s);

	if (n > w)
		w = n;
	return w > cap ? cap : w;
}

/* 1 when d[i]'s role came earlier in d. */
static int seen_role(const struct store_duty *d, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (!strcmp(d[j].role, d[i].role))
			return 1;
	return 0;
}

/* A --unit or --role filter must name a duty of the run. */
static int check_filter(struct cmd_ctx *ctx, const char *unit,
			const char *role)
{
	struct store_duty *d = NULL;
	struct strbuf roles = STRBUF_INIT;
	size_t n = 0, i;
	int rc = 0;

	if (!unit && !role)
		return 0;
	if (store_duties(ctx->store, ctx->run.id, unit, &d, &n, &ctx->err))
		return -1;
	if (unit && !n) {
		rc = fail(&ctx->err, _("unit '%s' owns no roster step in run"
				       " '%s'"), unit, ctx->run.name);
	} else if (role) {
		for (i = 0; i < n; i++)
			if (!strcmp(d[i].role, role))
				break;
		if (i == n) {
			for (i = 0; i < n; i++)
				if (!seen_role(d, i))
					strbuf_addf(&roles, "%s%s",
						    roles.len ? ", " : "",
						    d[i].role);
			if (unit)
				rc = fail(&ctx->err, _("no roster step of %s"
						       " asks for role '%s';"
						       " the roles: %s"),
					  unit, role, roles.len ? roles.buf :
					  _("none"));
			else
				rc = fail(&ctx->err, _("no roster step asks"
						       " for role '%s'; the"
						       " roles: %s"), role,
					  roles.len ? roles.buf : _("none"));
		}
	}
	strbuf_release(&roles);
	store_duties_free(d, n);
	return rc;
}

static void instant_json(struct strbuf *out, const struct cmd_ctx *ctx,
			 const char *key, instant_t t, int first)
{
	struct strbuf sb = STRBUF_INIT;

	clock_format_rfc3339(&sb, t, cmd_zone(ctx));
	json_key_string(out, key, sb.buf, first);
	strbuf_release(&sb);
}

static void list_json(struct strbuf *out, const struct cmd_ctx *ctx,
		      const struct store_shift *sh, size_t n)
{
	size_t i;

	strbuf_addch(out, '{');
	json_key_string(out, "run", ctx->run.name, 1);
	json_key(out, "shifts", 0);
	strbuf_addch(out, '[');
	for (i = 0; i < n; i++) {
		strbuf_adds(out, i ? ",{" : "{");
		json_key_int(out, "id", sh[i].id, 1);
		json_key_string(out, "unit", sh[i].unit_id, 0);
		json_key_string(out, "role", sh[i].role, 0);
		json_key_string(out, "person", sh[i].person, 0);
		json_key_string(out, "phone", sh[i].phone, 0);
		instant_json(out, ctx, "from", sh[i].from, 0);
		instant_json(out, ctx, "to", sh[i].to, 0);
		json_key_string(out, "added_by", sh[i].added_by, 0);
		instant_json(out, ctx, "added_at", sh[i].added_at, 0);
		strbuf_addch(out, '}');
	}
	strbuf_adds(out, "]}\n");
}

static void list_text(struct strbuf *out, const struct cmd_ctx *ctx,
		      const struct store_shift *sh, size_t n)
{
	/* TRANSLATORS: the headings of 'cutover roster list' */
	const char *hu = C_("heading", "unit"), *hr = C_("heading", "role");
	const char *hp = C_("heading", "person"), *hn = C_("heading", "phone");
	size_t wu = text_width(hu), wr = text_width(hr), wp = text_width(hp);
	size_t wn = text_width(hn), i;

	for (i = 0; i < n; i++) {
		wu = widest(wu, sh[i].unit_id, 24);
		wr = widest(wr, cmd_label(ctx, LABEL_ROLE, sh[i].role), 28);
		wp = widest(wp, sh[i].person, 28);
		wn = widest(wn, sh[i].phone, 12);
	}
	strbuf_adds(out, "   id  ");
	cmd_cell(out, hu, wu);
	strbuf_adds(out, "  ");
	cmd_cell(out, hr, wr);
	strbuf_adds(out, "  ");
	cmd_cell(out, hp, wp);
	strbuf_adds(out, "  ");
	cmd_cell(out, hn, wn);
	strbuf_adds(out, "  ");
	cmd_cell(out, C_("heading", "from"), 16);
	strbuf_addf(out, "  %s\n", C_("heading", "to"));
	for (i = 0; i < n; i++) {
		strbuf_addf(out, "%5lld  ", (long long)sh[i].id);
		cmd_cell(out, sh[i].unit_id, wu);
		strbuf_adds(out, "  ");
		cmd_cell(out, cmd_label(ctx, LABEL_ROLE, sh[i].role), wr);
		strbuf_adds(out, "  ");
		cmd_cell(out, sh[i].person, wp);
		strbuf_adds(out, "  ");
		cmd_cell(out, sh[i].phone ? sh[i].phone : "-", wn);
		strbuf_adds(out, "  ");
		cmd_time(out, ctx, sh[i].from);
		strbuf_adds(out, "  ");
		cmd_time(out, ctx, sh[i].to);
		strbuf_addch(out, '\n');
	}
}

static int roster_list(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *unit = NULL, *role = NULL;
	char *unit_id = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "unit", 0, &unit, word_unit, help_unit, 0, 0 },
		{ OPT_VALUE, "role", 0, &role, word_role, help_role, 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "roster list", opts, list_about };
	struct store_shift *shifts = NULL;
	struct strbuf out = STRBUF_INIT;
	size_t n = 0;
	int status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	if (cmd_resolve_option(ctx, STORE_NAMES_UNITS, &unit, &unit_id) ||
	    check_filter(ctx, unit, role) ||
	    store_shifts(ctx->store, ctx->run.id, unit, role, &shifts, &n,
			 &ctx->err))
		goto done;
	if (ctx->json)
		list_json(&out, ctx, shifts, n);
	else if (n)
		list_text(&out, ctx, shifts, n);
	else
		strbuf_adds(&out, unit || role ? _("no shift on the roster"
						   " matches\n") :
			    _("no shift on the roster\n"));
	cmd_print(&out);
	status = EXIT_OK;
done:
	free(unit_id);
	strbuf_release(&out);
	store_shifts_free(shifts, n);
	return status;
}

/* ---- gaps ---- */

static void gaps_json(struct strbuf *out, const struct cmd_ctx *ctx,
		      const struct duty_status *d, size_t n, size_t covered)
{
	size_t i, j;

	strbuf_addch(out, '{');
	json_key_string(out, "run", ctx->run.name, 1);
	json_key(out, "duty_window", 0);
	strbuf_addch(out, '{');
	instant_json(out, ctx, "from", ctx->run.duty_from, 1);
	instant_json(out, ctx, "to", ctx->run.duty_to, 0);
	strbuf_addch(out, '}');
	json_key_int(out, "covered", (int64_t)covered, 0);
	json_key_int(out, "total", (int64_t)n, 0);
	json_key(out, "duties", 0);
	strbuf_addch(out, '[');
	for (i = 0; i < n; i++) {
		strbuf_adds(out, i ? ",{" : "{");
		json_key_string(out, "unit", d[i].duty.unit_id, 1);
		json_key_string(out, "unit_name", d[i].duty.unit_name, 0);
		json_key_string(out, "role", d[i].duty.role, 0);
		json_key_string(out, "step", d[i].duty.step_id, 0);
		json_key_int(out, "shifts", (int64_t)d[i].nshifts, 0);
		json_key(out, "covered", 0);
		strbuf_adds(out, d[i].ngaps ? "false" : "true");
		json_key(out, "gaps", 0);
		strbuf_addch(out, '[');
		for (j = 0; j < d[i].ngaps; j++) {
			strbuf_adds(out, j ? ",{" : "{");
			instant_json(out, ctx, "from", d[i].gaps[j].from, 1);
			instant_json(out, ctx, "to", d[i].gaps[j].to, 0);
			json_key_int(out, "seconds",
				     d[i].gaps[j].to - d[i].gaps[j].from, 0);
			strbuf_addch(out, '}');
		}
		strbuf_adds(out, "]}");
	}
	strbuf_adds(out, "]}\n");
}

static void gaps_text(struct strbuf *out, const struct cmd_ctx *ctx,
		      const struct duty_status *d, size_t n, size_t covered)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	struct strbuf zone = STRBUF_INIT, span = STRBUF_INIT;
	size_t wu = 4, wr = 4, i, j;
	int64_t open;

	for (i = 0; i < n; i++) {
		wu = widest(wu, d[i].duty.unit_id, 28);
		wr = widest(wr, cmd_label(ctx, LABEL_ROLE, d[i].duty.role),
			    28);
	}
	cmd_time(&from, ctx, ctx->run.duty_from);
	cmd_time(&to, ctx, ctx->run.duty_to);
	strbuf_adds(&zone, clock_zone_name(cmd_zone(ctx)));
	strbuf_addf(out, _("duty window %s to %s (%s)\n\n"), from.buf, to.buf,
		    zone.buf);
	for (i = 0; i < n; i++) {
		cmd_cell(out, d[i].duty.unit_id, wu);
		strbuf_adds(out, "  ");
		cmd_cell(out, cmd_label(ctx, LABEL_ROLE, d[i].duty.role), wr);
		strbuf_adds(out, "  ");
		if (!d[i].ngaps) {
			strbuf_addf(out, P_("covered by %zu shift\n",
					    "covered by %zu shifts\n",
					    d[i].nshifts), d[i].nshifts);
			continue;
		}
		strbuf_reset(&span);
		for (open = 0, j = 0; j < d[i].ngaps; j++)
			open += d[i].gaps[j].to - d[i].gaps[j].from;
		cmd_duration(&span, open, LABEL_SPAN);
		if (d[i].nshifts)
			strbuf_addf(out, P_("%zu gap, %s uncovered\n",
					    "%zu gaps, %s uncovered\n",
					    d[i].ngaps), d[i].ngaps, span.buf);
		else
			strbuf_addf(out, _("no shift, %s uncovered\n"),
				    span.buf);
		for (j = 0; j < d[i].ngaps; j++) {
			strbuf_reset(&from);
			strbuf_reset(&to);
			cmd_time(&from, ctx, d[i].gaps[j].from);
			cmd_time(&to, ctx, d[i].gaps[j].to);
			strbuf_addf(out, _("    no one on duty from %s to %s\n"),
				    from.buf, to.buf);
		}
	}
	if (!n)
		strbuf_adds(out, _("no roster step in this run\n"));
	strbuf_addf(out, P_("\n%zu of %zu duty covered\n",
			    "\n%zu of %zu duties covered\n", n), covered, n);
	strbuf_release(&from);
	strbuf_release(&to);
	strbuf_release(&zone);
	strbuf_release(&span);
}

static int roster_gaps(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *unit = NULL;
	struct duty_status *duties = NULL;
	struct strbuf out = STRBUF_INIT;
	size_t n = 0, i, covered = 0;
	int exit_code = 0, status = EXIT_FAILED;
	char *unit_id = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "unit", 0, &unit, word_unit, help_unit, 0, 0 },
		{ OPT_SWITCH, "exit-code", 0, &exit_code, NULL,
		  N_("exit 1 when any gap remains"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "roster gaps", opts, gaps_about };

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	if (!ctx->run.has_duty_window) {
		fail(&ctx->err, _("run '%s' has no duty window"),
		     ctx->run.name);
		return EXIT_FAILED;
	}
	if (cmd_resolve_option(ctx, STORE_NAMES_UNITS, &unit, &unit_id) ||
	    check_filter(ctx, unit, NULL) ||
	    duty_coverage(ctx->store, &ctx->run, unit, NULL, &duties, &n,
			  &ctx->err))
		goto done;
	for (i = 0; i < n; i++)
		if (!duties[i].ngaps)
			covered++;
	if (ctx->json)
		gaps_json(&out, ctx, duties, n, covered);
	else
		gaps_text(&out, ctx, duties, n, covered);
	cmd_print(&out);
	/* Like 'git diff --exit-code': 1 without an error line. */
	status = exit_code && covered < n ? EXIT_FAILED : EXIT_OK;
done:
	free(unit_id);
	strbuf_release(&out);
	duty_status_free(duties, n);
	return status;
}

/* ---- the subcommands ---- */

static const struct cmd_sub subcommands[] = {
	{ "add", roster_add },
	{ "gaps", roster_gaps },
	{ "import", roster_import },
	{ "list", roster_list },
	{ "remove", roster_remove },
};

int cmd_roster(int argc, char **argv, struct cmd_ctx *ctx)
{
	return cmd_dispatch(ctx, "roster", _(usage), subcommands,
			    sizeof(subcommands) / sizeof(subcommands[0]), argc,
			    argv);
}
