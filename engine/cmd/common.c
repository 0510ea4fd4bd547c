/*
 * Helpers every command shares: usage errors, the clock, time display.
 */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "i18n.h"
#include "infile.h"
#include "names.h"
#include "pager.h"
#include "runs.h"
#include "signoff.h"
#include "store_step.h"
#include "xalloc.h"
#include "term.h"
#include "workspace.h"
#include "banned.h"

int cmd_usage_fail(struct cmd_ctx *ctx, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	fail_usage(&ctx->err, "%s", sb.buf);
	strbuf_release(&sb);
	return EXIT_USAGE;
}

/*
 * The progress of a module's long loop, one line per phase, on stderr
 * when it is a terminal; the line goes when the phase is done, so that
 * what the command prints next starts on a clean line.
 */
static void draw_progress(void *arg, const char *what, uint64_t done,
			  uint64_t total)
{
	struct cmd_ctx *ctx = arg;

	if (ctx->phase != what) {
		term_progress_end(&ctx->bar);
		term_progress_start(&ctx->bar, _(what), total);
		ctx->phase = what;
	}
	term_progress_update(&ctx->bar, done);
	if (total && done >= total)
		cmd_progress_end(ctx);
}

void cmd_progress_end(struct cmd_ctx *ctx)
{
	term_progress_end(&ctx->bar);
	ctx->phase = NULL;
}

int cmd_setup(struct cmd_ctx *ctx, enum cmd_needs needs)
{
	struct strbuf path = STRBUF_INIT;
	int rc;

	if (!(needs & NEEDS_STORE))
		return 0;
	if (workspace_find_db(ctx->db_override, &path, &ctx->err) ||
	    store_open(path.buf, 0, &ctx->store, &ctx->err)) {
		strbuf_release(&path);
		return -1;
	}
	strbuf_release(&path);
	ctx->progress.update = draw_progress;
	ctx->progress.arg = ctx;
	store_set_progress(ctx->store, &ctx->progress);
	if (needs != NEEDS_RUN)
		return 0;
	rc = store_find_run(ctx->store, ctx->run_name, &ctx->run, &ctx->err);
	return rc ? -1 : 0;
}

const char cmd_word_name[] = N_("NAME");
const char cmd_help_by[] = N_("the person acting, as the ledger records it");
const char cmd_word_token[] = N_("TOKEN");
const char cmd_help_token[] = N_("a token of the unit, or the coordinator's"
				 " (default: $CUTOVER_TOKEN)");
const char cmd_word_runbook[] = N_("RUNBOOK");
const char cmd_help_runbook[] = N_("the runbook's file");

/*
 * Who acts when --by was not given (git's user.name): $CUTOVER_BY, else
 * user.name of the workspace's configuration, said on stderr so that the
 * name recorded is never a surprise.  0, or -1 with a usage error when
 * there is none.
 */
static int default_by(struct cmd_ctx *ctx, void *dest)
{
	const char **by = dest;
	struct strbuf db = STRBUF_INIT;
	struct config config = CONFIG_INIT;
	struct err ignored = ERR_INIT;
	const char *from = "user.name";

	if (*by && **by)
		return 0;
	/* Outside a workspace there is no file; the command says so. */
	if (!workspace_find_db(ctx->db_override, &db, &ignored) &&
	    config_load(db.buf, &config, &ctx->err)) {
		strbuf_release(&db);
		config_release(&config);
		err_release(&ignored);
		return -1;
	}
	if (getenv("CUTOVER_BY") && *getenv("CUTOVER_BY"))
		from = "CUTOVER_BY";
	if (config.user_name) {
		ctx->default_by = config.user_name;
		config.user_name = NULL;
		*by = ctx->default_by;
		fprintf(stderr, _("cutover: acting as %s (%s)\n"), *by, from);
	}
	strbuf_release(&db);
	config_release(&config);
	err_release(&ignored);
	if (!*by)
		return fail_usage(&ctx->err, "%s", _("say who acts with --by"
				  " NAME, or once for all with 'cutover config"
				  " user.name NAME' (or $CUTOVER_BY)"));
	return 0;
}

/* The help of a converted command: usage, prose, options. */
static void print_spec_help(const struct cmd_spec *spec,
			    const struct opt_spec *opts)
{
	struct strbuf out = STRBUF_INIT;

	opt_usage(&out, spec->name, opts, 80);
	if (spec->about) {
		strbuf_addch(&out, '\n');
		strbuf_adds(&out, _(spec->about));
	}
	strbuf_addch(&out, '\n');
	opt_help(&out, opts);
	cmd_print(&out);
	strbuf_release(&out);
}

int cmd_parse(struct cmd_ctx *ctx, const struct cmd_spec *spec, int argc,
	      char **argv, int *status)
{
	const struct opt_spec global[] = {
		{ OPT_VALUE, "db", 0, &ctx->db_override, N_("PATH"),
		  N_("the workspace database"), OPT_GLOBAL, 0 },
		{ OPT_VALUE, "run", 0, &ctx->run_name, N_("NAME"),
		  N_("the run to act on"), OPT_GLOBAL, 0 },
		{ OPT_SWITCH, "json", 0, &ctx->json, NULL,
		  N_("machine-readable output"), OPT_GLOBAL, 0 },
		{ OPT_VALUE, "color", 0, &ctx->color, N_("WHEN"),
		  N_("colour: auto (a terminal), always or never"),
		  OPT_GLOBAL, 0 },
		{ OPT_SWITCH, "no-pager", 0, &ctx->no_pager, NULL,
		  N_("never page the output"), OPT_GLOBAL, 0 },
	};
	size_t n = opt_count(spec->opts), i;
	struct opt_spec *all = xcalloc(n + sizeof(global) / sizeof(global[0]) + 1,
				       sizeof(*all)), *by = NULL;
	int rc;

	memcpy(all, spec->opts, n * sizeof(*all));
	for (i = 0; i < sizeof(global) / sizeof(global[0]); i++)
		all[n + i] = global[i];
	/* --by may come from $CUTOVER_BY or user.name: checked below. */
	for (i = 0; i < n; i++)
		if (all[i].kind == OPT_VALUE && !strcmp(all[i].name, "by") &&
		    (all[i].flags & OPT_REQUIRED)) {
			by = &all[i];
			by->flags &= ~OPT_REQUIRED;
		}
	rc = opt_parse(all, spec->name, argc, argv, &ctx->err);
	if (!rc && by && default_by(ctx, by->dest)) {
		*status = EXIT_USAGE;
		free(all);
		return 1;
	}
	if (rc == OPT_HELP) {
		print_spec_help(spec, all);
		*status = EXIT_OK;
	} else if (rc) {
		*status = EXIT_USAGE;
	} else if (cmd_output_setup(ctx)) {
		*status = EXIT_USAGE;
		rc = 1;
	} else if (cmd_setup(ctx, ctx->needs)) {
		*status = EXIT_FAILED;
		rc = 1;
	}
	free(all);
	return rc != 0;
}

/* The terminal's width when stdout went to a pager started on it. */
static size_t paged_columns;

int cmd_output_setup(struct cmd_ctx *ctx)
{
	enum term_color_mode mode;
	size_t columns = cmd_columns();

	if (ctx->color) {
		if (term_parse_color_mode(ctx->color, &mode))
			return cmd_usage_fail(ctx, _("--color takes auto,"
						     " always or never, not"
						     " '%s'"), ctx->color);
		term_set_color_mode(mode);
	}
	if (ctx->pager && !ctx->no_pager && pager_start()) {
		term_set_paged(1);
		/* The pager shows lines on that terminal: cut them to it. */
		paged_columns = columns;
	}
	return 0;
}

int cmd_help(const char *usage)
{
	fputs(usage, stdout);
	return EXIT_OK;
}

int cmd_login(struct cmd_ctx *ctx)
{
	const char *token = ctx->token ? ctx->token : getenv("CUTOVER_TOKEN");

	auth_release(&ctx->auth);
	return auth_login(ctx->store, &ctx->run, token, &ctx->auth, &ctx->err);
}

const struct clock_zone *cmd_zone(const struct cmd_ctx *ctx)
{
	/* Kept for the process: commands run one at a time. */
	static struct clock_zone *vn;

	if (ctx->run.id && ctx->run.zone)
		return ctx->run.zone;
	if (!vn)
		vn = clock_zone_fixed(7 * 60);
	return vn;
}

int cmd_now(struct cmd_ctx *ctx, instant_t *now)
{
	return clock_now(cmd_zone(ctx), now, &ctx->err);
}

int cmd_read_file(struct cmd_ctx *ctx, const char *path, size_t max,
		  struct strbuf *out)
{
	/*
	 * DESIGN: a unit can act for itself only.  With a unit's token the
	 * files it names are the ones it handed in, in the working folder;
	 * the coordinator (or no token) may name any file.
	 */
	if (ctx->auth.unit_id)
		return infile_read_inside("", path, max, out, &ctx->err);
	return infile_read(path, max, out, &ctx->err);
}

int cmd_simulated_live(const struct cmd_ctx *ctx)
{
	return ctx->run.id && ctx->run.mode && !strcmp(ctx->run.mode, "live") &&
	       clock_simulated();
}

int cmd_view_now(struct cmd_ctx *ctx, instant_t *now)
{
	struct strbuf when = STRBUF_INIT;

	if (cmd_now(ctx, now))
		return -1;
	if (!cmd_simulated_live(ctx))
		return 0;
	/*
	 * A live run seen at a time of the user's choosing: a what-if view,
	 * said first, so that nobody takes it for the run as it stands.
	 */
	cmd_time(&when, ctx, *now);
	fprintf(ctx->json ? stderr : stdout,
		_("simulated clock: %s (CUTOVER_NOW), not the system clock's;"
		  " run '%s' is live and records only the system clock's time\n"),
		when.buf, ctx->run.name);
	strbuf_release(&when);
	return 0;
}

void cmd_time(struct strbuf *out, const struct cmd_ctx *ctx, instant_t t)
{
	clock_format_local(out, t, cmd_zone(ctx));
}

int cmd_check_lang(struct cmd_ctx *ctx, const char *arg)
{
	if (!strcmp(arg, "vi") || !strcmp(arg, "en"))
		return 0;
	return cmd_usage_fail(ctx, _("--lang takes vi or en, not '%s'"), arg);
}

const char *cmd_lang(void)
{
	return i18n_lang();
}

const char *cmd_label(const struct cmd_ctx *ctx, enum label_kind kind,
		      const char *id)
{
	return label_get(ctx->run.labels, kind, id, i18n_lang());
}

void cmd_print(const struct strbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, stdout);
}

void cmd_cell(struct strbuf *out, const char *s, size_t width)
{
	size_t len = strlen(s), cols = term_text_width(s, len), i, next, w;

	if (cols <= width) {
		strbuf_add(out, s, len);
		for (; cols < width; cols++)
			strbuf_addch(out, ' ');
		return;
	}
	/* Cut on a character boundary, leaving a column for the mark. */
	for (i = 0, w = 0; i < len; i = next) {
		size_t cw;

		for (next = i + 1; next < len &&
		     ((unsigned char)s[next] & 0xC0) == 0x80; next++)
			;
		cw = term_text_width(s + i, next - i);
		if (w + cw + 1 > width)
			break;
		strbuf_add(out, s + i, next - i);
		w += cw;
	}
	strbuf_adds(out, "…");
	for (w++; w < width; w++)
		strbuf_addch(out, ' ');
}

size_t cmd_columns(void)
{
	if (paged_columns)
		return paged_columns;
	/* A file or a pipe keeps what a terminal would have to cut. */
	if (!term_is_tty(STDOUT_FILENO) && !getenv("COLUMNS"))
		return 0;
	return (size_t)term_width(STDOUT_FILENO);
}

int cmd_color(void)
{
	return term_color(STDOUT_FILENO);
}

void cmd_bar(struct strbuf *out, int color, int64_t done, int64_t total,
	     size_t width)
{
	size_t filled = total > 0 ? (size_t)(done * (int64_t)width / total) : 0,
		i;

	term_style(out, color, TERM_GREEN);
	for (i = 0; i < filled; i++)
		strbuf_adds(out, "█");
	term_style(out, color, TERM_RESET);
	term_style(out, color, TERM_DIM);
	for (; i < width; i++)
		strbuf_adds(out, "░");
	term_style(out, color, TERM_RESET);
	if (total > 0)
		strbuf_addf(out, " %3d%%", (int)(done * 100 / total));
	else
		strbuf_adds(out, "    –");
}

void cmd_count(struct strbuf *out, int color, enum term_style style,
	       int64_t n, int width)
{
	if (n)
		term_style(out, color, style);
	strbuf_addf(out, "%*lld", width, (long long)n);
	if (n)
		term_style(out, color, TERM_RESET);
}

void cmd_t0_distance(struct strbuf *out, instant_t now, instant_t t0,
		     int color)
{
	struct strbuf gap = STRBUF_INIT;

	label_duration(&gap, now < t0 ? t0 - now : now - t0, LABEL_SPAN,
		       i18n_lang());
	term_style(out, color, TERM_BOLD);
	strbuf_addf(out, now < t0 ? _("%s to T0") : _("T0 passed %s ago"),
		    gap.buf);
	term_style(out, color, TERM_RESET);
	strbuf_release(&gap);
}

void cmd_duration(struct strbuf *out, int64_t seconds, enum label_span span)
{
	label_duration(out, seconds, span, i18n_lang());
}

int cmd_parse_time(const struct store_run *run, const char *text,
		   instant_t *out, struct err *err)
{
	return runs_parse_time(run, text, out, err);
}

int cmd_parse_lang(struct cmd_ctx *ctx, const char *arg,
		   enum report_lang *out)
{
	if (!strcmp(arg, "vi"))
		*out = REPORT_VI;
	else if (!strcmp(arg, "en"))
		*out = REPORT_EN;
	else
		return cmd_usage_fail(ctx, _("--lang takes vi or en, not '%s'"),
				      arg);
	return 0;
}

int cmd_parse_number(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

int cmd_dispatch(struct cmd_ctx *ctx, const char *name, const char *usage,
		 const struct cmd_sub *subs, size_t n, int argc, char **argv)
{
	struct strbuf names = STRBUF_INIT;
	size_t i;

	/* TRANSLATORS: joins the last two subcommands: "list or remove" */
	for (i = 0; i < n; i++)
		strbuf_addf(&names, "%s%s", i ? (i + 1 < n ? ", " : _(" or ")) :
			    "", subs[i].name);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		strbuf_release(&names);
		return cmd_help(usage);
	}
	for (i = 0; argc >= 2 && i < n; i++) {
		if (strcmp(argv[1], subs[i].name))
			continue;
		strbuf_release(&names);
		/* argv[1] becomes the subcommand's argv[0]. */
		return subs[i].fn(argc - 1, argv + 1, ctx);
	}
	if (argc < 2)
		cmd_usage_fail(ctx, _("%s needs a subcommand: %s; see 'cutover"
				      " %s --help'"), name, names.buf, name);
	else if (strchr("aeiou", name[0]))
		cmd_usage_fail(ctx, _("'%s' is not an %s subcommand (%s); see"
				      " 'cutover %s --help'"), argv[1], name,
			       names.buf, name);
	else
		cmd_usage_fail(ctx, _("'%s' is not a %s subcommand (%s); see"
				      " 'cutover %s --help'"), argv[1], name,
			       names.buf, name);
	strbuf_release(&names);
	return EXIT_USAGE;
}

size_t cmd_key_width(const struct store_task *t, size_t n)
{
	size_t w = 12, i, len;

	for (i = 0; i < n; i++) {
		len = term_text_width(t[i].key, strlen(t[i].key));
		if (len > w)
			w = len;
	}
	return w < 44 ? w : 44;
}

void cmd_add_findings(struct strbuf *out, const struct strbuf *findings)
{
	const char *p, *nl;

	for (p = findings ? findings->buf : ""; *p; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		strbuf_addf(out, "  - %.*s\n", (int)(nl - p), p);
	}
}

void cmd_print_findings(const struct strbuf *findings, FILE *out)
{
	struct strbuf text = STRBUF_INIT;

	cmd_add_findings(&text, findings);
	fputs(text.buf, out);
	strbuf_release(&text);
}

int cmd_signoff(struct cmd_ctx *ctx, struct book **book,
		struct signoff *req, struct signoff_result *res)
{
	struct strbuf line = STRBUF_INIT;

	if (cmd_now(ctx, &req->at) || cmd_login(ctx) ||
	    cmd_task_key(ctx, req->task_key, &ctx->task_key))
		return -1;
	req->task_key = ctx->task_key;
	if (!signoff_apply(ctx->store, &ctx->run, book, req, res,
			   &ctx->err))
		return 0;
	if (res->findings.len) {
		err_format(&ctx->err, &line);
		fprintf(stderr, "cutover: %s\n", line.buf);
		cmd_print_findings(&res->findings, stderr);
		strbuf_release(&line);
		err_reset(&ctx->err);
	}
	return -1;
}

int cmd_resolve(struct cmd_ctx *ctx, enum store_names what,
		const char *typed, char **id)
{
	struct store_name *list = NULL;
	struct suggest_name *c;
	struct strbuf where = STRBUF_INIT;
	size_t n = 0, i;
	long found;

	*id = NULL;
	if (store_name_list(ctx->store, ctx->run.id, what, &list, &n,
			    &ctx->err))
		return -1;
	c = xcalloc(n ? n : 1, sizeof(*c));
	for (i = 0; i < n; i++) {
		c[i].id = list[i].id;
		c[i].name = list[i].name;
	}
	strbuf_addf(&where, _("run '%s'"), ctx->run.name);
	found = names_resolve(what == STORE_NAMES_UNITS ? NAMES_UNIT :
			      what == STORE_NAMES_SECTIONS ? NAMES_SECTION :
			      NAMES_STEP, typed, c, n, where.buf, &ctx->err);
	if (found >= 0)
		*id = xstrdup(c[found].id);
	strbuf_release(&where);
	free(c);
	store_name_list_free(list, n);
	return found < 0 ? -1 : 0;
}

int cmd_resolve_option(struct cmd_ctx *ctx, enum store_names what,
		       const char **typed, char **owned)
{
	*owned = NULL;
	if (!*typed)
		return 0;
	if (cmd_resolve(ctx, what, *typed, owned))
		return -1;
	*typed = *owned;
	return 0;
}

int cmd_task_key(struct cmd_ctx *ctx, const char *typed, char **key)
{
	struct store_name *list = NULL;
	struct suggest_name *c;
	struct suggest near;
	struct strbuf unit = STRBUF_INIT, out = STRBUF_INIT;
	const char *at = typed ? strchr(typed, '@') : NULL, *occ;
	size_t n = 0, i, *m = NULL, nm = 0;
	long found;
	int rc = 0;

	free(*key);
	*key = typed ? xstrdup(typed) : NULL;
	if (!at)
		return 0;
	occ = at + 1 + strcspn(at + 1, "#");
	strbuf_add(&unit, at + 1, (size_t)(occ - at - 1));
	if (store_name_list(ctx->store, ctx->run.id, STORE_NAMES_UNITS, &list,
			    &n, &ctx->err)) {
		strbuf_release(&unit);
		return -1;
	}
	c = xcalloc(n ? n : 1, sizeof(*c));
	for (i = 0; i < n; i++) {
		c[i].id = list[i].id;
		c[i].name = list[i].name;
	}
	suggest_init(&near, unit.buf);
	found = suggest_resolve(unit.buf, c, n, &m, &nm, &near);
	if (found >= 0) {
		strbuf_add(&out, typed, (size_t)(at + 1 - typed));
		strbuf_adds(&out, c[found].id);
		strbuf_adds(&out, occ);
		free(*key);
		*key = strbuf_detach(&out, NULL);
	} else if (found == SUGGEST_AMBIGUOUS) {
		struct strbuf where = STRBUF_INIT;

		/* names_resolve says it as everywhere else. */
		strbuf_addf(&where, _("run '%s'"), ctx->run.name);
		names_resolve(NAMES_UNIT, unit.buf, c, n, where.buf,
			      &ctx->err);
		strbuf_release(&where);
		rc = -1;
	}
	/* No unit by that name: the store's "no task" names the keys near. */
	free(m);
	suggest_release(&near);
	free(c);
	store_name_list_free(list, n);
	strbuf_release(&unit);
	strbuf_release(&out);
	return rc;
}

/* The length of the term_style sequence at p (ESC [ ... m), or 0. */
static size_t style_length(const char *p, const char *end)
{
	const char *q;

	if (p + 1 >= end || p[0] != '\033' || p[1] != '[')
		return 0;
	for (q = p + 2; q < end && ((*q >= '0' && *q <= '9') || *q == ';');
	     q++)
		;
	return q < end && *q == 'm' ? (size_t)(q + 1 - p) : 0;
}

/* The columns a line takes, its style sequences left out. */
static size_t line_width(const char *p, const char *end)
{
	size_t w = 0, len;

	while (p < end) {
		if ((len = style_length(p, end))) {
			p += len;
			continue;
		}
		for (len = 1; p + len < end &&
		     ((unsigned char)p[len] & 0xC0) == 0x80; len++)
			;
		w += term_text_width(p, len);
		p += len;
	}
	return w;
}

void cmd_fit(struct strbuf *text, size_t columns)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = text->buf, *end = text->buf + text->len, *eol;
	size_t len, w, cw;
	int cut;

	if (!columns)
		return;
	for (; p < end; p = eol < end ? eol + 1 : end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if (line_width(p, eol) <= columns) {
			strbuf_add(&out, p, (size_t)(eol - p));
		} else {
			for (w = 0, cut = 0; p < eol; p += len) {
				if ((len = style_length(p, eol))) {
					strbuf_add(&out, p, len);
					continue;
				}
				for (len = 1; p + len < eol &&
				     ((unsigned char)p[len] & 0xC0) == 0x80;
				     len++)
					;
				cw = term_text_width(p, len);
				if (!cut && w + cw + 1 > columns) {
					strbuf_adds(&out, "…");
					cut = 1;
				}
				if (cut)
					continue;
				strbuf_add(&out, p, len);
				w += cw;
			}
		}
		if (eol < end)
			strbuf_addch(&out, '\n');
	}
	strbuf_reset(text);
	strbuf_add(text, out.buf, out.len);
	strbuf_release(&out);
}
