/*
 * The walk through a run.  Its position is a task key, never an index
 * alone: the list of open tasks changes under it (an action settles a
 * task, another coordinator signs one), and the walk must stay on the
 * task the coordinator was looking at, or move to the one after it.
 */
#include "walk.h"

#include "action.h"

#include <stdlib.h>
#include <string.h>

#include "gate.h"
#include "i18n.h"
#include "names.h"
#include "store_report.h"
#include "store_step.h"
#include "term.h"
#include "xalloc.h"
#include "banned.h"

/* (due, key): the order of store_tasks. */
static int before(instant_t due, const char *key, const struct store_task *t)
{
	if (due != t->due)
		return due < t->due ? -1 : 1;
	return strcmp(key, t->key);
}

/* The first open task not before the current one (binary search). */
static void find_pos(struct walk *w)
{
	size_t lo = 0, hi = w->nopen, mid;

	if (!w->has_cur) {
		w->pos = 0;
		return;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (before(w->cur.due, w->cur.key, &w->open[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	w->pos = lo;
}

static int in_list(const struct walk *w)
{
	return w->has_cur && w->pos < w->nopen &&
	       !strcmp(w->open[w->pos].key, w->cur.key);
}

/* Makes `key` current, read fresh from the store. */
static int set_current(struct walk *w, const char *key, struct err *err)
{
	struct store_task t;
	int rc;

	rc = store_task(w->st, w->run->id, key, &t, err);
	if (rc)
		return rc;
	if (w->has_cur)
		store_task_release(&w->cur);
	w->cur = t;
	w->has_cur = 1;
	find_pos(w);
	return 0;
}

static void drop_current(struct walk *w)
{
	if (w->has_cur)
		store_task_release(&w->cur);
	w->has_cur = 0;
	w->pos = 0;
}

static int load_open(struct walk *w, struct err *err)
{
	struct store_task_filter filter;

	store_tasks_free(w->open, w->nopen);
	w->open = NULL;
	w->nopen = 0;
	memset(&filter, 0, sizeof(filter));
	filter.open_only = 1;
	filter.unit_id = w->unit_id;
	filter.section_id = w->section_id;
	return store_tasks(w->st, w->run->id, &filter, &w->open, &w->nopen,
			   err);
}

int walk_refresh(struct walk *w, struct err *err)
{
	char *key;
	int rc;

	if (load_open(w, err))
		return -1;
	if (!w->has_cur)
		return w->nopen ? set_current(w, w->open[0].key, err) : 0;
	key = xstrdup(w->cur.key);
	rc = set_current(w, key, err);
	free(key);
	if (rc == STORE_NOTFOUND) {
		/* Archived by an upgrade meanwhile: start again at the top. */
		err_reset(err);
		drop_current(w);
		return w->nopen ? set_current(w, w->open[0].key, err) : 0;
	}
	return rc;
}

int walk_init(struct walk *w, struct store *st, const struct store_run *run,
	      const char *key, struct err *err)
{
	memset(w, 0, sizeof(*w));
	w->st = st;
	w->run = run;
	if (signoff_load_book(st, run, &w->book, err) || load_open(w, err))
		return -1;
	if (key)
		return set_current(w, key, err);
	return w->nopen ? set_current(w, w->open[0].key, err) : 0;
}

void walk_release(struct walk *w)
{
	book_free(w->book);
	store_tasks_free(w->open, w->nopen);
	drop_current(w);
	free(w->unit_id);
	free(w->section_id);
	memset(w, 0, sizeof(*w));
}

int walk_move(struct walk *w, int delta, struct err *err)
{
	size_t target;

	if (!w->nopen)
		return 1;
	if (delta > 0) {
		target = !w->has_cur ? 0 : in_list(w) ? w->pos + 1 : w->pos;
		if (target >= w->nopen)
			return 1;
	} else {
		if (!w->pos)
			return 1;
		target = w->pos - 1;
	}
	return set_current(w, w->open[target].key, err);
}

int walk_goto(struct walk *w, const char *key, struct err *err)
{
	return set_current(w, key, err);
}

int walk_filter(struct walk *w, enum walk_filter_kind kind, const char *id,
		struct err *err)
{
	struct suggest_name *c = NULL;
	struct strbuf where = STRBUF_INIT;
	size_t n = 0, alloc = 0, nunits;
	long i;

	if (!*id) {
		free(w->unit_id);
		free(w->section_id);
		w->unit_id = w->section_id = NULL;
		goto load;
	}
	if (kind != WALK_SECTION)
		names_of_units(w->book->units, &c, &n, &alloc);
	nunits = n;
	if (kind != WALK_UNIT)
		names_of_sections(w->book->rb, &c, &n, &alloc);
	strbuf_addf(&where, _("run '%s'"), w->run->name);
	i = names_resolve(kind == WALK_UNIT ? NAMES_UNIT :
			  kind == WALK_SECTION ? NAMES_SECTION :
			  NAMES_UNIT_OR_SECTION, id, c, n, where.buf, err);
	strbuf_release(&where);
	if (i < 0) {
		free(c);
		return STORE_NOTFOUND;
	}
	if ((size_t)i < nunits) {
		free(w->unit_id);
		w->unit_id = xstrdup(c[i].id);
	} else {
		free(w->section_id);
		w->section_id = xstrdup(c[i].id);
	}
	free(c);
load:
	if (load_open(w, err))
		return -1;
	drop_current(w);
	return w->nopen ? set_current(w, w->open[0].key, err) : 0;
}

size_t walk_place(const struct walk *w)
{
	return in_list(w) ? w->pos + 1 : 0;
}

const struct step *walk_step(const struct walk *w)
{
	long s;

	if (!w->has_cur)
		return NULL;
	s = model_find_step(w->book->rb, w->cur.step_id);
	return s < 0 ? NULL : &w->book->rb->steps[s];
}

/* An action that gives the task a state of its own (not a reopening). */
static int moves_on(const char *action)
{
	enum task_state to;

	return !task_state_parse(action, &to) && to != TASK_PENDING;
}

int walk_apply(struct walk *w, struct signoff *req,
	       struct signoff_result *res, struct err *err)
{
	int rc;

	if (!w->has_cur)
		return fail(err, "%s", _("no task to act on"));
	req->task_key = w->cur.key;
	if (signoff_apply(w->st, w->run, &w->book, req, res, err))
		return -1;
	req->task_key = NULL;   /* cur.key is about to be read again */
	if (walk_refresh(w, err))
		return -1;
	if (!res->recorded || !moves_on(req->action) || !w->nopen)
		return 0;
	/* Past the last open task, back to the first: the most urgent. */
	rc = walk_move(w, 1, err);
	if (rc == 1)
		rc = set_current(w, w->open[0].key, err);
	return rc;
}

/* ---- what the terminal shows ------------------------------------------- */

const char *walk_state_name(enum task_state state)
{
	return action_task_state_name(state);
}

/* Each type's name and what a value of it looks like. */
static const struct {
	const char *name;
	const char *hint;
} types[] = {
	[EVIDENCE_TEXT] = { N_("text"), N_("any text") },
	[EVIDENCE_PHONE] = { N_("phone"),
			     N_("a Vietnamese number, e.g. 0912 345 678") },
	[EVIDENCE_EMAIL] = { N_("email"), N_("e.g. name@example.vn") },
	[EVIDENCE_URL] = { N_("web address"),
			   N_("starting with http:// or https://") },
	[EVIDENCE_INT] = { N_("number"), N_("a whole number, e.g. 42") },
	[EVIDENCE_MONEY] = { N_("amount"), N_("in dong, e.g. 1.500.000") },
	[EVIDENCE_DATE] = { N_("date"), N_("YYYY-MM-DD or DD/MM/YYYY") },
	[EVIDENCE_BOOL] = { N_("yes/no"), N_("yes or no (có/không)") },
	[EVIDENCE_FILE] = { N_("file"), N_("the path of the file to attach") },
};

const char *walk_type_name(enum evidence_type type)
{
	return _(types[type].name);
}

const char *walk_type_hint(enum evidence_type type)
{
	return _(types[type].hint);
}

const char *walk_mode_name(const char *mode)
{
	return !strcmp(mode, "live") ? _("live") : _("rehearsal");
}

static void relative(struct strbuf *out, instant_t t, instant_t t0)
{
	label_from_t0(out, t, t0, i18n_lang());
}

/* An evidence field as the console shows it: its label. */
static const char *field_label(const struct walk *w, const struct step *step,
			       const char *name)
{
	return label_field(w->run->labels, step ? step->id : NULL, name,
			   i18n_lang());
}

static void rule(struct strbuf *out, const struct walk_view *v)
{
	size_t i, n = v->width > 100 ? 100 : v->width;

	term_style(out, v->color, TERM_DIM);
	for (i = 0; i < n; i++)
		strbuf_adds(out, "─");
	term_style(out, v->color, TERM_RESET);
	strbuf_addch(out, '\n');
}

static void header(struct walk *w, const struct walk_view *v,
		   struct strbuf *out)
{
	struct strbuf now = STRBUF_INIT, rel = STRBUF_INIT, line = STRBUF_INIT;
	size_t place = walk_place(w);

	clock_format_local(&now, v->now, w->run->zone);
	relative(&rel, v->now, w->run->t0);
	/* Where the walk is first: the time in words may wrap. */
	if (place)
		strbuf_addf(&line, _("open task %zu of %zu"), place, w->nopen);
	else
		strbuf_addf(&line, P_("%zu open task", "%zu open tasks",
				      w->nopen), w->nopen);
	strbuf_adds(&line, " · ");
	strbuf_addf(&line, _("run %s (%s) · now %s, %s"), w->run->name,
		    walk_mode_name(w->run->mode), now.buf, rel.buf);
	if (w->unit_id || w->section_id) {
		strbuf_adds(&line, " · ");
		strbuf_addf(&line, _("filter: %s%s%s"),
			    w->unit_id ? w->unit_id : "",
			    w->unit_id && w->section_id ? ", " : "",
			    w->section_id ? w->section_id : "");
	}
	term_wrap(out, line.buf, 0, 2, v->width);
	strbuf_addch(out, '\n');
	strbuf_release(&now);
	strbuf_release(&rel);
	strbuf_release(&line);
}

/* The colour a state is shown in. */
static enum term_style state_style(const struct store_task *t, instant_t now)
{
	if (task_state_settled(t->state))
		return TERM_GREEN;
	if (task_state_stopped(t->state) ||
	    t->due < now)
		return TERM_RED;
	if (t->due - now < 3600)
		return TERM_YELLOW;
	return TERM_CYAN;
}

/* "  Label      value", labels padded to the widest, value wrapped. */
static void field(struct strbuf *out, const struct walk_view *v,
		  size_t label_width, const char *label, const char *value)
{
	strbuf_adds(out, "  ");
	term_style(out, v->color, TERM_DIM);
	term_pad(out, label, label_width);
	term_style(out, v->color, TERM_RESET);
	strbuf_adds(out, "  ");
	term_wrap(out, value, label_width + 4, label_width + 4, v->width);
	strbuf_addch(out, '\n');
}

void walk_field_order(const struct step *step, size_t *order)
{
	size_t i, j, f;

	/* evidence[] is sorted by name; insertion by declared place. */
	for (i = 0; i < step->nevidence; i++) {
		f = i;
		for (j = i; j > 0 && step->evidence[order[j - 1]].declared >
		     step->evidence[f].declared; j--)
			order[j] = order[j - 1];
		order[j] = f;
	}
}

/* "name (text), email (email, optional)", in the order step asks. */
static void evidence_list(struct strbuf *out, const struct walk *w,
			  const struct step *step)
{
	const struct evidence_field *f;
	size_t *order, i;

	if (!step || !step->nevidence) {
		strbuf_adds(out, _("none"));
		return;
	}
	order = xcalloc(step->nevidence, sizeof(*order));
	walk_field_order(step, order);
	for (i = 0; i < step->nevidence; i++) {
		f = &step->evidence[order[i]];
		strbuf_addf(out, "%s%s (%s%s)", i ? ", " : "",
			    field_label(w, step, f->name),
			    walk_type_name(f->type),
			    f->optional ? _(", optional") : "");
	}
	free(order);
}

static void named(struct strbuf *out, const char *name, const char *id)
{
	if (name && strcmp(name, id))
		strbuf_addf(out, "%s (%s)", name, id);
	else
		strbuf_adds(out, id);
}

/* A gate's decision in force, or what deciding it does. */
static int gate_state(struct walk *w, const struct store_task *t,
		      struct strbuf *out, struct err *err)
{
	struct store_decision *d;
	size_t n, i;

	if (store_decisions(w->st, w->run->id, &d, &n, err))
		return -1;
	for (i = 0; i < n; i++) {
		if (!d[i].current || !d[i].outcome ||
		    strcmp(d[i].task_key, t->key))
			continue;
		strbuf_addf(out, _("decided %s by %s, "),
			    gate_outcome_words(d[i].outcome), d[i].by);
		clock_format_local(out, d[i].at, w->run->zone);
		if (d[i].text)
			strbuf_addf(out, ": %s", d[i].text);
	}
	if (!out->len)
		strbuf_adds(out, _("a go/no-go decision (d: go, go with"
				   " conditions or no-go): what follows waits"
				   " on a go"));
	store_decisions_free(d, n);
	return 0;
}

int walk_card(struct walk *w, const struct walk_view *v, struct strbuf *out,
	      struct err *err)
{
	static const char *const labels[] = {
		N_("Directive"), N_("Owner"), N_("Report to"), N_("Due"),
		N_("Evidence"), N_("Waiting on"), N_("Gate"), N_("Last"),
		N_("Start"), N_("Rests on"), N_("Fallback"),
	};
	const struct store_task *t = &w->cur;
	const struct step *step = walk_step(w);
	struct strbuf val = STRBUF_INIT;
	size_t lw = 0, i, n;
	int late;

	header(w, v, out);
	rule(out, v);
	if (!w->has_cur) {
		strbuf_adds(out, w->unit_id || w->section_id ?
			    _("No open task under this filter.\n") :
			    _("No open task: every task is done or skipped.\n"));
		rule(out, v);
		return 0;
	}
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		n = term_text_width(_(labels[i]), strlen(_(labels[i])));
		if (n > lw)
			lw = n;
	}
	term_style(out, v->color, TERM_BOLD);
	strbuf_adds(out, t->key);
	term_style(out, v->color, TERM_RESET);
	strbuf_adds(out, "  ");
	term_style(out, v->color, state_style(t, v->now));
	strbuf_addf(out, "[%s]", walk_state_name(t->state));
	term_style(out, v->color, TERM_RESET);
	strbuf_addch(out, '\n');
	term_style(out, v->color, TERM_BOLD);
	term_wrap(out, t->title ? t->title : "", 0, 0, v->width);
	term_style(out, v->color, TERM_RESET);
	strbuf_addch(out, '\n');

	if (t->directive)
		label_item(&val, w->run->labels, t->directive, i18n_lang());
	else
		strbuf_addch(&val, '-');
	strbuf_addf(&val, " · %s", t->section_title ? t->section_title : "-");
	field(out, v, lw, labels_find(w->run->labels, LABEL_TERM,
				      LABEL_TERM_SOURCE, i18n_lang()) ?
	      labels_find(w->run->labels, LABEL_TERM, LABEL_TERM_SOURCE,
			  i18n_lang()) : _(labels[0]), val.buf);
	strbuf_reset(&val);
	named(&val, t->unit_name, t->unit_id);
	field(out, v, lw, _(labels[1]), val.buf);
	strbuf_reset(&val);
	if (t->recipient)
		named(&val, t->recipient_name, t->recipient);
	else
		strbuf_adds(&val, "-");
	field(out, v, lw, _(labels[2]), val.buf);

	if (t->has_start) {
		strbuf_reset(&val);
		clock_format_local(&val, t->start, w->run->zone);
		if (!store_task_settled(t) && v->now < t->start) {
			struct strbuf left = STRBUF_INIT;

			clock_format_duration(&left, t->start - v->now);
			strbuf_adds(&val, " · ");
			term_style(&val, v->color, TERM_YELLOW);
			strbuf_addf(&val, _("not before: starts in %s"),
				    left.buf);
			term_style(&val, v->color, TERM_RESET);
			strbuf_release(&left);
		}
		field(out, v, lw, _(labels[8]), val.buf);
	}
	strbuf_reset(&val);
	clock_format_local(&val, t->due, w->run->zone);
	/* Where the clocks change, which of a repeated hour. */
	if (clock_zone_has_dst(w->run->zone))
		strbuf_addf(&val, " %s", clock_zone_abbrev(w->run->zone,
							   t->due));
	strbuf_adds(&val, " · ");
	late = store_task_late(t, v->now);
	if (!store_task_settled(t)) {
		term_style(&val, v->color, late ? TERM_RED :
			   t->due - v->now < 3600 ? TERM_YELLOW : TERM_GREEN);
		label_duration(&val, late ? v->now - t->due : t->due - v->now,
			       late ? LABEL_LATE : LABEL_LEFT, i18n_lang());
		term_style(&val, v->color, TERM_RESET);
	} else {
		relative(&val, t->due, w->run->t0);
	}
	field(out, v, lw, _(labels[3]), val.buf);

	strbuf_reset(&val);
	evidence_list(&val, w, step);
	field(out, v, lw, _(labels[4]), val.buf);

	if (t->open_requires) {
		strbuf_reset(&val);
		if (store_open_requirements(w->st, t->id, 5, &val, err)) {
			strbuf_release(&val);
			return -1;
		}
		if (t->open_requires > 5)
			strbuf_addf(&val, _(" and %d more"),
				    t->open_requires - 5);
		/* Done on the strength of what is open again. */
		if (t->state == TASK_DONE)
			strbuf_adds(&val, _(" (open again: it rests on them)"));
		field(out, v, lw, _(labels[t->state != TASK_DONE ? 5 : 9]),
		      val.buf);
	}
	if (t->gate) {
		strbuf_reset(&val);
		if (gate_state(w, t, &val, err)) {
			strbuf_release(&val);
			return -1;
		}
		field(out, v, lw, _(labels[6]), val.buf);
	}
	if (t->fallback) {
		strbuf_reset(&val);
		strbuf_addf(&val, _("applies after a no-go of gate '%s'"),
			    t->fallback);
		field(out, v, lw, _(labels[10]), val.buf);
	}
	if (t->last_seq) {
		strbuf_reset(&val);
		strbuf_addf(&val, "%s, %s ", walk_state_name(t->state),
			    t->state_by ? t->state_by : "?");
		clock_format_local(&val, t->state_at, w->run->zone);
		if (t->state_comment)
			strbuf_addf(&val, ": %s", t->state_comment);
		field(out, v, lw, _(labels[7]), val.buf);
	}
	rule(out, v);
	strbuf_release(&val);
	return 0;
}

/* "  label: value; label: value" of an event's evidence (JSON). */
static int history_evidence(const struct walk *w, const struct step *step,
			    const char *json, struct strbuf *out,
			    struct err *err)
{
	struct store_report_field *f;
	size_t n, i;

	if (store_report_evidence(w->st, json, &f, &n, err))
		return -1;
	for (i = 0; i < n; i++) {
		const char *v = f[i].value ? f[i].value : "";

		/* A yes/no field keeps "true"/"false"; people read words. */
		if (f[i].type == STORE_FIELD_TEXT && !strcmp(v, "true"))
			v = C_("evidence value", "yes");
		else if (f[i].type == STORE_FIELD_TEXT && !strcmp(v, "false"))
			v = C_("evidence value", "no");
		strbuf_addf(out, "%s%s: %s", i ? "; " : "  ",
			    f[i].type == STORE_FIELD_WAIVER ? _("waiver") :
			    field_label(w, step, f[i].key), v);
	}
	store_report_fields_free(f, n);
	return 0;
}

int walk_details(struct walk *w, const struct walk_view *v,
		 struct strbuf *out, struct err *err)
{
	const struct step *step = walk_step(w);
	struct store_history *h;
	size_t n, i;

	if (!w->has_cur)
		return 0;
	term_style(out, v->color, TERM_BOLD);
	strbuf_addf(out, "%s\n", w->cur.key);
	term_style(out, v->color, TERM_RESET);
	if (step && step->details) {
		term_wrap(out, step->details, 0, 0, v->width);
		strbuf_addch(out, '\n');
	}
	strbuf_addch(out, '\n');
	if (step && step->nevidence) {
		size_t *order = xcalloc(step->nevidence, sizeof(*order));

		strbuf_addf(out, "%s\n", _("Evidence asked at sign-off:"));
		walk_field_order(step, order);
		for (i = 0; i < step->nevidence; i++) {
			const struct evidence_field *f =
				&step->evidence[order[i]];

			strbuf_addf(out, "  %s (%s%s): %s\n",
				    field_label(w, step, f->name),
				    walk_type_name(f->type),
				    f->optional ? _(", optional") : "",
				    walk_type_hint(f->type));
		}
		free(order);
		if (step->check_source)
			strbuf_addf(out, "  %s\n", _("The runbook's check"
				    " runs on them before anything is"
				    " recorded."));
	}
	if (step && step->roster)
		strbuf_addf(out, _("Signed when the unit's '%s' duty roster"
				   " covers the duty window.\n"),
			    label_get(w->run->labels, LABEL_ROLE, step->roster,
				      i18n_lang()));
	if (store_task_history(w->st, w->run->id, w->cur.key, &h, &n, err))
		return -1;
	strbuf_addf(out, "\n%s\n", n ? _("History:") : _("History: none yet."));
	for (i = 0; i < n; i++) {
		strbuf_adds(out, "  ");
		clock_format_local(out, h[i].at, w->run->zone);
		strbuf_addf(out, "  #%lld  %s, %s", (long long)h[i].seq,
			    action_state_name(h[i].kind), h[i].actor);
		if (h[i].comment)
			strbuf_addf(out, ": %s", h[i].comment);
		if (h[i].evidence && history_evidence(w, step, h[i].evidence,
						      out, err)) {
			store_history_free(h, n);
			return -1;
		}
		strbuf_addch(out, '\n');
	}
	store_history_free(h, n);
	return 0;
}
