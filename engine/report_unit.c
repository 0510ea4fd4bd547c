/*
 * Reports about units: one unit's checklist (a GFM task list, section by
 * section, with the evidence it recorded) and the focal-point directory
 * (what each unit signed for the focal-point step).
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "i18n.h"
#include "store_report.h"
#include "xalloc.h"
#include "banned.h"

enum label {
	L_UNIT_TITLE, L_PROGRESS, L_NO_TASK, L_OPEN_REQ, L_BARS_TITLE,
	L_BARS_CAPTION, L_CONTACTS_TITLE, L_STEP, L_HAVE, L_NAME, L_POSITION,
	L_PHONE, L_EMAIL, L_SIGNED, L_MISSING, L_NO_MISSING, L_NOBODY,
	L_MORE_UNITS, L_RESTS_ON,
	L_COUNT
};

static const char *const labels[L_COUNT][2] = {
	[L_UNIT_TITLE] = { "Danh mục nhiệm vụ", "Checklist" },
	[L_PROGRESS] = { "Tiến độ", "Progress" },
	[L_NO_TASK] = { "Đơn vị không có nhiệm vụ nào trong lượt chạy này.",
			"The unit has no task in this run." },
	[L_OPEN_REQ] = { "điều kiện chưa đạt", "requirements open" },
	[L_BARS_TITLE] = { "Tiến độ của đơn vị theo phần",
			   "The unit's progress by section" },
	[L_BARS_CAPTION] = { "Tiến độ của đơn vị theo phần: hoàn thành, trễ"
			     " hạn và còn lại.", "The unit's progress by"
			     " section: done, late and remaining." },
	[L_CONTACTS_TITLE] = { "Danh bạ cán bộ đầu mối",
			       "Focal-point directory" },
	[L_STEP] = { "Theo bước", "From step" },
	[L_HAVE] = { "Đơn vị đã có cán bộ đầu mối", "Units with a focal point" },
	[L_NAME] = { "Họ và tên", "Name" },
	[L_POSITION] = { "Chức vụ", "Position" },
	[L_PHONE] = { "Điện thoại", "Phone" },
	[L_EMAIL] = { "Thư điện tử", "Email" },
	[L_SIGNED] = { "Ghi nhận lúc", "Recorded" },
	[L_MISSING] = { "Đơn vị chưa có cán bộ đầu mối",
			"Units without a focal point" },
	[L_NO_MISSING] = { "Mọi đơn vị đã có cán bộ đầu mối.",
			   "Every unit has a focal point." },
	[L_NOBODY] = { "Chưa đơn vị nào gửi thông tin cán bộ đầu mối.",
		       "No unit has sent its focal point yet." },
	[L_MORE_UNITS] = { "và %zu đơn vị khác.", "and %zu more units." },
	[L_RESTS_ON] = { "điều kiện bị mở lại",
			 "rests on reopened requirements" },
};

#define L(x) labels[x][lang]
#define C(x) report_label(x, lang)

/* A task's section is NULL when an upgrade removed its step. */
static int in_section(const struct store_task *t,
		      const struct store_report_section *c)
{
	return t->section_id && c->id && !strcmp(t->section_id, c->id);
}

/* "- Trạng thái: hoàn thành 29/05/2026 08:00, bởi X" and what follows. */
static int task_item(struct strbuf *md, struct store *st,
		     const struct store_run *run, const struct store_task *t,
		     instant_t now, enum report_lang lang, struct err *err)
{
	int skipped = t->state == TASK_SKIPPED;

	strbuf_addf(md, "- [%c] %s`%s` ", store_task_settled(t) ? 'x' : ' ',
		    skipped ? "~~" : "", t->key);
	report_escape(md, t->title);
	strbuf_addf(md, "%s\n  - %s: ", skipped ? "~~" : "", C(RL_DUE));
	report_when(md, t->due, run, lang);
	strbuf_addf(md, " · %s: ", C(RL_RECIPIENT));
	report_escape(md, t->recipient_name ? t->recipient_name :
		      t->recipient ? t->recipient : "–");
	strbuf_addf(md, "\n  - %s: ", C(RL_STATE));
	if (store_task_late(t, now) && t->state == TASK_PENDING)
		strbuf_addf(md, "**%s**", C(RL_LATE_LC));
	else
		strbuf_adds(md, report_state_label(t->state, lang));
	if (t->last_seq && t->state != TASK_PENDING) {
		strbuf_addf(md, " %s ", C(RL_AT_LC));
		report_when(md, t->state_at, run, lang);
		if (t->state_by) {
			strbuf_addf(md, ", %s ", C(RL_BY));
			report_escape(md, t->state_by);
		}
		if (t->state_auth)
			strbuf_addf(md, " (%s)", C(strncmp(t->state_auth,
				    "unit:", 5) ? RL_AUTH_COORDINATOR :
				    RL_AUTH_UNIT));
	}
	if (!store_task_settled(t) && t->open_requires)
		strbuf_addf(md, " (%d %s)", t->open_requires, L(L_OPEN_REQ));
	else if (t->state == TASK_DONE && t->open_requires)
		strbuf_addf(md, " (**%s**: %d)", L(L_RESTS_ON),
			    t->open_requires);
	strbuf_addch(md, '\n');
	if (t->state != TASK_PENDING &&
	    report_evidence_item(md, "  ", C(RL_EVIDENCE), st, run, t->step_id,
				 t->evidence, lang, err))
		return -1;
	if (t->state_comment && *t->state_comment &&
	    t->state != TASK_PENDING) {
		strbuf_addf(md, "  - %s: ", C(RL_COMMENT));
		report_escape(md, t->state_comment);
		strbuf_addch(md, '\n');
	}
	return 0;
}

static const struct store_report_unit *find_unit(
	const struct store_report_unit *u, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(u[i].id, id))
			return &u[i];
	return NULL;
}

int report_unit(struct store *st, const struct store_run *run,
		instant_t now, const char *unit_id, enum report_lang lang,
		struct render_doc *doc, struct err *err)
{
	struct store_report_unit *units = NULL;
	struct store_report_section *sections = NULL;
	struct store_task *tasks = NULL;
	struct chart_bar *bars = NULL;
	size_t nunits = 0, nsections = 0, ntasks = 0, nbars = 0, i, j;
	struct store_task_filter filter;
	const struct store_report_unit *u;
	struct strbuf *md = &doc->md, heading = STRBUF_INIT;
	struct strbuf svg = STRBUF_INIT;
	int64_t done = 0, late = 0, blocked = 0;
	const char *legend[3];
	int ret = -1;

	memset(&filter, 0, sizeof(filter));
	filter.unit_id = unit_id;
	filter.now = now;
	if (store_report_units(st, run->id, &units, &nunits, err))
		return -1;
	u = find_unit(units, nunits, unit_id);
	if (!u) {
		fail(err, _("no unit '%s' in run '%s'"), unit_id, run->name);
		goto done;
	}
	if (store_tasks(st, run->id, &filter, &tasks, &ntasks, err) ||
	    store_report_sections(st, run->id, &sections, &nsections, err))
		goto done;
	for (i = 0; i < ntasks; i++) {
		done += store_task_settled(&tasks[i]);
		late += store_task_late(&tasks[i], now);
		blocked += task_state_stopped(tasks[i].state);
	}
	strbuf_addf(&heading, "%s: %s", L(L_UNIT_TITLE), u->name);
	report_head(doc, heading.buf, run, lang);
	strbuf_addf(md, "- %s: ", C(RL_UNIT));
	report_escape(md, u->name);
	strbuf_adds(md, " (");
	report_escape(md, u->id);
	strbuf_adds(md, ")\n");
	report_time_line(md, C(RL_NOW), now, run, lang);
	if (report_run_lines(md, st, run, lang, err))
		goto done;
	if (!ntasks) {
		strbuf_addf(md, "\n%s\n", L(L_NO_TASK));
		ret = 0;
		goto done;
	}
	strbuf_addf(md, "- %s: %s %lld/%zu (", L(L_PROGRESS), C(RL_DONE_LC),
		    (long long)done, ntasks);
	report_percent(md, done, (int64_t)ntasks);
	strbuf_addf(md, "), %s %lld, %s %lld\n", C(RL_LATE_LC),
		    (long long)late, C(RL_BLOCKED_LC), (long long)blocked);

	/* Sections in runbook order, each with the unit's tasks by due. */
	bars = xcalloc(nsections ? nsections : 1, sizeof(*bars));
	for (i = 0; i < nsections; i++) {
		struct chart_bar *b = &bars[nbars];

		b->label = sections[i].title;
		for (j = 0; j < ntasks; j++) {
			if (!in_section(&tasks[j], &sections[i]))
				continue;
			b->total++;
			b->done += store_task_settled(&tasks[j]);
			b->late += store_task_late(&tasks[j], now);
		}
		nbars += b->total > 0;
	}
	legend[0] = C(RL_DONE);
	legend[1] = C(RL_LATE);
	legend[2] = C(RL_CHART_REST);
	chart_bars(&svg, L(L_BARS_TITLE), bars, nbars, legend);
	render_doc_figure(doc, svg.buf, L(L_BARS_CAPTION));
	if (report_decisions(md, st, run, unit_id, lang, err))
		goto done;
	for (i = 0; i < nsections; i++) {
		int any = 0;

		for (j = 0; j < ntasks; j++) {
			if (!in_section(&tasks[j], &sections[i]))
				continue;
			if (!any) {
				strbuf_adds(md, "\n## ");
				report_escape(md, sections[i].title);
				strbuf_adds(md, "\n\n");
			}
			any = 1;
			if (task_item(md, st, run, &tasks[j], now, lang, err))
				goto done;
		}
	}
	ret = 0;
done:
	strbuf_release(&heading);
	strbuf_release(&svg);
	free(bars);
	store_report_units_free(units, nunits);
	store_report_sections_free(sections, nsections);
	store_tasks_free(tasks, ntasks);
	return ret;
}

/* The value of field key, escaped, or "–". */
static void field_cell(struct strbuf *md, const struct store_report_field *f,
		       size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(f[i].key, key) && f[i].value && *f[i].value) {
			report_escape(md, f[i].value);
			return;
		}
	strbuf_adds(md, "–");
}

/* 1 when the run has a live task of step_id, 0 when not, -1. */
static int has_step(struct store *st, const struct store_run *run,
		    const char *step_id, struct err *err)
{
	struct store_task_filter f;
	int64_t n;

	memset(&f, 0, sizeof(f));
	f.step_id = step_id;
	if (store_count_tasks(st, run->id, &f, &n, err))
		return -1;
	return n > 0;
}

/* The step that holds the focal points: given, focal-point, or found. */
static int contacts_step(struct store *st, const struct store_run *run,
			 const char *step_id, char **out, struct err *err)
{
	static const char *const keys[] = { "name", "phone" };
	int rc = has_step(st, run, step_id ? step_id : "focal-point", err);

	if (rc < 0)
		return -1;
	if (rc) {
		*out = xstrdup(step_id ? step_id : "focal-point");
		return 0;
	}
	if (step_id)
		return fail(err, _("no step '%s' in run '%s'"), step_id,
			    run->name);
	rc = store_report_find_step(st, run->id, keys, 2, out, err);
	if (rc == STORE_NOTFOUND)
		return fail(err, _("no step 'focal-point' in run '%s', and no"
				   " step has evidence with a name and a phone;"
				   " say which with --step"), run->name);
	return rc;
}

/* One unit's row of the directory, from what it signed. */
static int contact_row(struct strbuf *md, struct store *st,
		       const struct store_run *run,
		       const struct store_task *signed_for,
		       enum report_lang lang, struct err *err)
{
	struct store_report_field *f;
	size_t nf;

	if (store_report_evidence(st, signed_for->evidence, &f, &nf, err))
		return -1;
	strbuf_adds(md, "| ");
	report_escape(md, signed_for->unit_name ? signed_for->unit_name :
		      signed_for->unit_id);
	strbuf_adds(md, " | ");
	field_cell(md, f, nf, "name");
	strbuf_adds(md, " | ");
	field_cell(md, f, nf, "position");
	strbuf_adds(md, " | ");
	field_cell(md, f, nf, "phone");
	strbuf_adds(md, " | ");
	field_cell(md, f, nf, "email");
	strbuf_adds(md, " | ");
	report_when(md, signed_for->state_at, run, lang);
	strbuf_adds(md, " |\n");
	store_report_fields_free(f, nf);
	return 0;
}

/* A unit without a focal point: its first task of the step, as it stands. */
static void missing_row(struct strbuf *md, const struct store_run *run,
			const struct store_task *t, instant_t now,
			enum report_lang lang)
{
	strbuf_adds(md, "| ");
	report_escape(md, t->unit_name ? t->unit_name : t->unit_id);
	strbuf_adds(md, " | ");
	report_when(md, t->due, run, lang);
	strbuf_adds(md, " | ");
	report_task_state(md, t, now, lang);
	strbuf_adds(md, " |\n");
}

/*
 * The step's tasks one at a time, unit by unit in registry order: a
 * national run's directory holds one unit's tasks at a time, not every
 * task of the run.  A unit's row is its latest done task; a unit
 * without one is missing, shown by its first task.
 */
int report_contacts(struct store *st, const struct store_run *run,
		    instant_t now, const char *step_id, enum report_lang lang,
		    struct render_doc *doc, struct err *err)
{
	struct store_task_cursor *c = NULL;
	struct store_task t, first, best, any;
	struct store_task_filter f;
	struct strbuf *md = &doc->md, rows = STRBUF_INIT,
		missing = STRBUF_INIT;
	size_t owners = 0, have = 0, nmissing = 0;
	int has_first = 0, has_best = 0, has_any = 0, rc;
	char *step = NULL;
	int ret = -1;

	if (contacts_step(st, run, step_id, &step, err))
		return -1;
	memset(&f, 0, sizeof(f));
	f.step_id = step;
	f.now = now;
	f.by_unit = 1;
	f.no_requires = 1;
	if (store_task_cursor_open(st, run->id, &f, &c, err))
		goto done;
	for (;;) {
		rc = store_task_cursor_next(c, &t, err);
		if (rc < 0)
			goto done;
		/* A unit's tasks end: its row, or its place among the missing. */
		if (has_first && (!rc || strcmp(t.unit_id, first.unit_id))) {
			owners++;
			if (has_best) {
				have++;
				if (contact_row(&rows, st, run, &best, lang,
						err))
					goto done;
			} else if (nmissing++ < REPORT_MAX_ROWS) {
				missing_row(&missing, run, &first, now, lang);
			}
			if (has_best)
				store_task_release(&best);
			if (has_any)
				store_task_release(&first);
			else
				any = first;
			has_any = 1;
			has_first = has_best = 0;
		}
		if (!rc)
			break;
		if (t.state == TASK_DONE && (!has_best ||
		    t.state_at >= best.state_at)) {
			if (has_best)
				store_task_release(&best);
			best = t;
			has_best = 1;
			if (!has_first) {
				/* The unit's first task, kept apart from best. */
				memset(&first, 0, sizeof(first));
				first.key = xstrdup(t.key);
				first.unit_id = xstrdup(t.unit_id);
				first.unit_name = xstrdup(t.unit_name);
				first.title = xstrdup(t.title);
				first.directive = xstrdup(t.directive);
				first.state = t.state;
				first.due = t.due;
				has_first = 1;
			}
			continue;
		}
		if (!has_first) {
			first = t;
			has_first = 1;
		} else {
			store_task_release(&t);
		}
	}

	report_head(doc, L(L_CONTACTS_TITLE), run, lang);
	strbuf_addf(md, "- %s: `%s` ", L(L_STEP), step);
	if (has_any) {
		report_escape(md, any.title);
		if (any.directive) {
			strbuf_adds(md, " (");
			report_item(md, run, any.directive, lang);
			strbuf_adds(md, ")");
		}
	}
	strbuf_addch(md, '\n');
	report_time_line(md, C(RL_NOW), now, run, lang);
	if (report_run_lines(md, st, run, lang, err))
		goto done;
	strbuf_addf(md, "- %s: %zu/%zu\n\n", L(L_HAVE), have, owners);
	if (!have)
		strbuf_addf(md, "%s\n", L(L_NOBODY));
	else
		strbuf_addf(md, "| %s | %s | %s | %s | %s | %s |\n"
			    "| --- | --- | --- | --- | --- | --- |\n",
			    C(RL_UNIT), L(L_NAME), L(L_POSITION), L(L_PHONE),
			    L(L_EMAIL), L(L_SIGNED));
	strbuf_add(md, rows.buf, rows.len);

	render_doc_break(doc);
	strbuf_addf(md, "\n## %s\n\n", L(L_MISSING));
	if (have == owners)
		strbuf_addf(md, "%s\n", L(L_NO_MISSING));
	else
		strbuf_addf(md, "| %s | %s | %s |\n| --- | --- | --- |\n",
			    C(RL_UNIT), C(RL_DUE), C(RL_STATE));
	strbuf_add(md, missing.buf, missing.len);
	report_cap_note(md, L(L_MORE_UNITS), nmissing, REPORT_MAX_ROWS);
	ret = 0;
done:
	store_task_cursor_close(c);
	if (has_first)
		store_task_release(&first);
	if (has_best)
		store_task_release(&best);
	if (has_any)
		store_task_release(&any);
	strbuf_release(&rows);
	strbuf_release(&missing);
	free(step);
	return ret;
}
