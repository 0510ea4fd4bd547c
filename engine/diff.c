/*
 * Comparing two loaded runbooks.  The result owns copies of every string
 * it shows, so it outlives the books.  Invariants: an entry is listed only
 * when it differs; a CHANGED step has at least one field; values are
 * compared as the engine uses them (times resolved against each version's
 * T0 and offset, owners as the units selected from each version's
 * registry, tasks by key), so a moved T0 shows on every step it moves.
 */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "json.h"
#include "model.h"
#include "plan.h"
#include "units.h"
#include "xalloc.h"
#include "banned.h"

/* ---- building the result ---- */

static int same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static struct diff_entry *list_add(struct diff_list *l,
				   enum diff_change change, const char *id,
				   const char *title)
{
	struct diff_entry *e;

	XGROW(l->v, l->alloc, l->n + 1);
	e = &l->v[l->n++];
	memset(e, 0, sizeof(*e));
	e->change = change;
	e->id = xstrdup(id);
	e->title = xstrdup(title);
	return e;
}

static struct diff_field *add_field(struct diff_entry *e, const char *name,
				    const char *old_value,
				    const char *new_value)
{
	struct diff_field *f;

	XGROW(e->fields, e->alloc, e->nfields + 1);
	f = &e->fields[e->nfields++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->old_value = xstrdup(old_value);
	f->new_value = xstrdup(new_value);
	return f;
}

/* Adds the field when the values differ. */
static void compare(struct diff_entry *e, const char *name,
		    const char *old_value, const char *new_value)
{
	if (!same(old_value, new_value))
		add_field(e, name, old_value, new_value);
}

static void push(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

static int by_string(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* A sorted copy of the pointers (the strings are shared). */
static char **sorted(char *const *v, size_t n)
{
	char **c = xcalloc(n + 1, sizeof(*c));

	if (n)
		memcpy(c, v, n * sizeof(*c));
	qsort(c, n, sizeof(*c), by_string);
	return c;
}

/* The first position of s in the sorted v, or n when it is not there. */
static size_t position(char *const *v, size_t n, const char *s)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid], s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(v[lo], s) ? lo : n;
}

/*
 * Pushes, in the order of `from`, each string of `from` that `other` lacks,
 * once.  Sorted copies keep it O(n log n): a step's task keys number in
 * the thousands.
 */
static void only_in(char ***out, size_t *nout,
		    char *const *from, size_t nfrom, char *const *other,
		    size_t nother)
{
	char **sf = sorted(from, nfrom), **so = sorted(other, nother);
	char *pushed = xcalloc(nfrom + 1, 1);
	size_t i, k;

	for (i = 0; i < nfrom; i++) {
		if (position(so, nother, from[i]) < nother)
			continue;
		k = position(sf, nfrom, from[i]);
		if (pushed[k])
			continue;
		pushed[k] = 1;
		push(out, nout, from[i]);
	}
	free(pushed);
	free(sf);
	free(so);
}

/* Fills f's added (in b only) and removed (in a only); 1 if any. */
static int set_diff(struct diff_field *f, char *const *a, size_t na,
		    char *const *b, size_t nb)
{
	only_in(&f->added, &f->nadded, b, nb, a, na);
	only_in(&f->removed, &f->nremoved, a, na, b, nb);
	return f->nadded || f->nremoved;
}

static void free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void field_release(struct diff_field *f)
{
	free(f->name);
	free(f->old_value);
	free(f->new_value);
	free_strings(f->added, f->nadded);
	free_strings(f->removed, f->nremoved);
}

static void entry_release(struct diff_entry *e)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		field_release(&e->fields[i]);
	free(e->fields);
	free(e->id);
	free(e->old_id);
	free(e->title);
}

/* Drops the last field again (a set field that turned out equal). */
static void drop_last_field(struct diff_entry *e)
{
	field_release(&e->fields[--e->nfields]);
}

/* Adds a set-like field; keeps it only when the sets differ. */
static void compare_set(struct diff_entry *e, const char *name,
			const char *old_value, const char *new_value,
			char *const *a, size_t na, char *const *b, size_t nb)
{
	struct diff_field *f = add_field(e, name, old_value, new_value);

	if (!set_diff(f, a, na, b, nb) && same(old_value, new_value))
		drop_last_field(e);
}

static void join(struct strbuf *out, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", v[i]);
}

/* ---- display forms of model values ---- */

static void time_text(struct strbuf *out, const struct time_expr *t,
		      const struct runbook *rb)
{
	strbuf_reset(out);
	if (t->kind != TIME_NONE)
		clock_format_local(out, clock_resolve(t, rb->t0,
						      rb->offset_minutes),
				   rb->offset_minutes);
}

static void selector_text(struct strbuf *out, const struct selector *sel)
{
	switch (sel->kind) {
	case SELECTOR_ALL:
		strbuf_adds(out, "all()");
		break;
	case SELECTOR_KINDS:
		strbuf_adds(out, "kinds { ");
		join(out, sel->values, sel->nvalues);
		strbuf_adds(out, " }");
		break;
	case SELECTOR_IDS:
		strbuf_adds(out, "units { ");
		join(out, sel->values, sel->nvalues);
		strbuf_adds(out, " }");
		break;
	case SELECTOR_EXCEPT:
		strbuf_adds(out, "except(");
		if (sel->base)
			selector_text(out, sel->base);
		strbuf_adds(out, ", { ");
		join(out, sel->values, sel->nvalues);
		strbuf_adds(out, " })");
		break;
	}
}

static void recurrence_text(struct strbuf *out, const struct recurrence *r,
			    const struct runbook *rb)
{
	struct strbuf t = STRBUF_INIT;

	strbuf_reset(out);
	if (!r)
		return;
	strbuf_addf(out, "daily before %02d:%02d from ",
		    r->before_minutes / 60, r->before_minutes % 60);
	time_text(&t, &r->from, rb);
	strbuf_addf(out, "%s to ", t.buf);
	time_text(&t, &r->to, rb);
	strbuf_adds(out, t.buf);
	strbuf_release(&t);
}

/* "name:type" or "name:type?" for each evidence field. */
static char **evidence_specs(const struct step *st)
{
	char **v = xcalloc(st->nevidence + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < st->nevidence; i++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s:%s%s", st->evidence[i].name,
			    model_evidence_type_name(st->evidence[i].type),
			    st->evidence[i].optional ? "?" : "");
		v[i] = strbuf_detach(&sb, NULL);
	}
	return v;
}

static const char *recipient_text(const struct step *st)
{
	if (st->report_to_is_function)
		return "function";
	return st->report_to;
}

/* The keys of one step's tasks, in plan order (pointers into the plan). */
static char **step_tasks(const struct plan *plan, size_t step, size_t *n)
{
	char **v = xcalloc(plan->n + 1, sizeof(*v));
	size_t i;

	*n = 0;
	for (i = 0; i < plan->n; i++)
		if (plan->tasks[i].step == step)
			v[(*n)++] = plan->tasks[i].key;
	return v;
}

/* The ids of the units a selector selects. */
static int selected(const struct selector *sel,
		    const struct unit_registry *units, char ***out, size_t *n,
		    struct err *err)
{
	size_t *idx = NULL, i;

	*out = NULL;
	*n = 0;
	if (plan_select(sel, units, &idx, n, err))
		return -1;
	*out = xcalloc(*n + 1, sizeof(**out));
	for (i = 0; i < *n; i++)
		(*out)[i] = units->units[idx[i]].id;
	free(idx);
	return 0;
}

/* ---- the runbook, sections, units ---- */

static void diff_runbook(struct diff *d, const struct runbook *a,
			 const struct runbook *b)
{
	struct diff_entry *e = &d->runbook;
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;

	compare(e, "id", a->id, b->id);
	compare(e, "title", a->title, b->title);
	compare(e, "directive", a->directive, b->directive);
	clock_format_local(&x, a->t0, a->offset_minutes);
	clock_format_local(&y, b->t0, b->offset_minutes);
	compare(e, "t0", x.buf, y.buf);
	strbuf_reset(&x);
	strbuf_reset(&y);
	clock_format_offset(&x, a->offset_minutes);
	clock_format_offset(&y, b->offset_minutes);
	compare(e, "timezone", x.buf, y.buf);
	compare(e, "units", a->units_path, b->units_path);
	strbuf_reset(&x);
	strbuf_reset(&y);
	if (a->has_duty_window) {
		struct strbuf t = STRBUF_INIT;

		time_text(&t, &a->duty_from, a);
		strbuf_addf(&x, "%s to ", t.buf);
		time_text(&t, &a->duty_to, a);
		strbuf_adds(&x, t.buf);
		strbuf_release(&t);
	}
	if (b->has_duty_window) {
		struct strbuf t = STRBUF_INIT;

		time_text(&t, &b->duty_from, b);
		strbuf_addf(&y, "%s to ", t.buf);
		time_text(&t, &b->duty_to, b);
		strbuf_adds(&y, t.buf);
		strbuf_release(&t);
	}
	compare(e, "duty_window", a->has_duty_window ? x.buf : NULL,
		b->has_duty_window ? y.buf : NULL);
	strbuf_reset(&x);
	strbuf_reset(&y);
	join(&x, a->items, a->nitems);
	join(&y, b->items, b->nitems);
	compare_set(e, "items", x.buf, y.buf, a->items, a->nitems, b->items,
		    b->nitems);
	strbuf_release(&x);
	strbuf_release(&y);
}

static long find_section(const struct runbook *rb, const char *id)
{
	size_t i;

	for (i = 0; i < rb->nsections; i++)
		if (!strcmp(rb->sections[i].id, id))
			return (long)i;
	return -1;
}

/*
 * Pairs what was removed with what was added under the same title: a
 * new id for the same thing.  Removed entries come first in the list.
 */
static void pair_renames(struct diff_list *l, size_t from)
{
	size_t i, j;

	for (i = from; i < l->n; i++) {
		if (l->v[i].change != DIFF_REMOVED)
			continue;
		for (j = from; j < l->n; j++) {
			struct diff_entry *add = &l->v[j];

			if (add->change != DIFF_ADDED ||
			    !same(add->title, l->v[i].title))
				continue;
			add->change = DIFF_RENAMED;
			add->old_id = l->v[i].id;
			l->v[i].id = NULL;
			entry_release(&l->v[i]);
			memmove(&l->v[i], &l->v[i + 1],
				(l->n - i - 1) * sizeof(l->v[0]));
			l->n--;
			i--;
			break;
		}
	}
}

static void diff_sections(struct diff *d, const struct runbook *a,
			  const struct runbook *b)
{
	size_t i;

	for (i = 0; i < a->nsections; i++)
		if (find_section(b, a->sections[i].id) < 0)
			list_add(&d->sections, DIFF_REMOVED, a->sections[i].id,
				 a->sections[i].title);
	for (i = 0; i < b->nsections; i++) {
		long k = find_section(a, b->sections[i].id);
		struct diff_entry *e;

		if (k < 0) {
			list_add(&d->sections, DIFF_ADDED, b->sections[i].id,
				 b->sections[i].title);
			continue;
		}
		if (same(a->sections[k].title, b->sections[i].title))
			continue;
		e = list_add(&d->sections, DIFF_RENAMED, b->sections[i].id,
			     b->sections[i].title);
		add_field(e, "title", a->sections[k].title,
			  b->sections[i].title);
	}
	pair_renames(&d->sections, 0);
}

static void contacts_text(struct strbuf *out, const struct unit *u)
{
	size_t i;

	for (i = 0; i < u->ncontacts; i++)
		strbuf_addf(out, "%s%s=%s", i ? ", " : "", u->contacts[i].key,
			    u->contacts[i].value);
}

/* The fields of a unit that differ, name excepted. */
static void unit_fields(struct diff_entry *e, const struct unit *a,
			const struct unit *b)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;

	compare(e, "kind", a->kind, b->kind);
	compare(e, "code", a->code, b->code);
	compare(e, "parent", a->parent, b->parent);
	compare(e, "police", a->police, b->police);
	contacts_text(&x, a);
	contacts_text(&y, b);
	compare(e, "contacts", x.buf, y.buf);
	strbuf_release(&x);
	strbuf_release(&y);
}

static void diff_units(struct diff *d, const struct unit_registry *a,
		       const struct unit_registry *b)
{
	size_t i, j;

	for (i = 0; i < a->n; i++)
		if (!units_find(b, a->units[i].id))
			list_add(&d->units, DIFF_REMOVED, a->units[i].id,
				 a->units[i].name);
	for (i = 0; i < b->n; i++) {
		const struct unit *old = units_find(a, b->units[i].id);
		struct diff_entry *e;

		if (!old) {
			list_add(&d->units, DIFF_ADDED, b->units[i].id,
				 b->units[i].name);
			continue;
		}
		e = list_add(&d->units, DIFF_CHANGED, b->units[i].id,
			     b->units[i].name);
		if (!same(old->name, b->units[i].name)) {
			e->change = DIFF_RENAMED;
			add_field(e, "name", old->name, b->units[i].name);
		}
		unit_fields(e, old, &b->units[i]);
		if (!e->nfields)
			entry_release(&d->units.v[--d->units.n]);
	}
	pair_renames(&d->units, 0);
	/* A unit under a new id: say what else changed with it. */
	for (i = 0; i < d->units.n; i++) {
		struct diff_entry *e = &d->units.v[i];

		if (e->change != DIFF_RENAMED || !e->old_id)
			continue;
		for (j = 0; j < b->n; j++)
			if (!strcmp(b->units[j].id, e->id))
				unit_fields(e, units_find(a, e->old_id),
					    &b->units[j]);
	}
}

/* ---- steps ---- */

static size_t count_tasks(const struct plan *plan, size_t step)
{
	size_t i, n = 0;

	for (i = 0; i < plan->n; i++)
		n += plan->tasks[i].step == step;
	return n;
}

/* Tasks of both versions whose recipient differs (report_to functions). */
static size_t rerouted(const struct book *a, size_t sa, const struct book *b,
		       size_t sb)
{
	size_t i, n = 0;

	for (i = 0; i < b->plan->n; i++) {
		const struct plan_task *t = &b->plan->tasks[i];
		long k;

		if (t->step != sb)
			continue;
		k = plan_find(a->plan, t->key);
		if (k >= 0 && a->plan->tasks[k].step == sa &&
		    !same(a->plan->tasks[k].recipient, t->recipient))
			n++;
	}
	return n;
}

static int diff_step(struct diff_entry *e, const struct book *ba, size_t sa,
		     const struct book *bb, size_t sb, int tasks,
		     struct err *err)
{
	const struct runbook *a = ba->rb, *b = bb->rb;
	const struct step *x = &a->steps[sa], *y = &b->steps[sb];
	struct strbuf p = STRBUF_INIT, q = STRBUF_INIT;
	char **ua = NULL, **ub = NULL, **ta, **tb, **ea, **eb;
	size_t nua = 0, nub = 0, nta, ntb;
	int ret = -1;

	compare(e, "title", x->title, y->title);
	compare(e, "section", a->sections[x->section].id,
		b->sections[y->section].id);
	compare(e, "directive", x->directive, y->directive);
	compare(e, "details", x->details, y->details);
	time_text(&p, &x->start, a);
	time_text(&q, &y->start, b);
	compare(e, "start", p.len ? p.buf : NULL, q.len ? q.buf : NULL);
	time_text(&p, &x->due, a);
	time_text(&q, &y->due, b);
	compare(e, "due", p.len ? p.buf : NULL, q.len ? q.buf : NULL);

	strbuf_reset(&p);
	strbuf_reset(&q);
	selector_text(&p, x->owners);
	selector_text(&q, y->owners);
	if (selected(x->owners, ba->units, &ua, &nua, err) ||
	    selected(y->owners, bb->units, &ub, &nub, err))
		goto done;
	compare_set(e, "owners", p.buf, q.buf, ua, nua, ub, nub);

	if (tasks) {
		ta = step_tasks(ba->plan, sa, &nta);
		tb = step_tasks(bb->plan, sb, &ntb);
		strbuf_reset(&p);
		strbuf_reset(&q);
		strbuf_addf(&p, "%zu", nta);
		strbuf_addf(&q, "%zu", ntb);
		compare_set(e, "tasks", p.buf, q.buf, ta, nta, tb, ntb);
		free(ta);
		free(tb);
	}

	if (!same(recipient_text(x), recipient_text(y))) {
		add_field(e, "recipient", recipient_text(x),
			  recipient_text(y));
	} else if (x->report_to_is_function && tasks) {
		size_t n = rerouted(ba, sa, bb, sb);

		if (n) {
			strbuf_reset(&q);
			strbuf_addf(&q, "function (%zu task%s routed"
				    " differently)", n, n == 1 ? "" : "s");
			add_field(e, "recipient", "function", q.buf);
		}
	}

	recurrence_text(&p, x->every, a);
	recurrence_text(&q, y->every, b);
	compare(e, "every", p.len ? p.buf : NULL, q.len ? q.buf : NULL);

	strbuf_reset(&p);
	strbuf_reset(&q);
	join(&p, x->requires, x->nrequires);
	join(&q, y->requires, y->nrequires);
	compare_set(e, "requires", p.buf, q.buf, x->requires, x->nrequires,
		    y->requires, y->nrequires);

	compare(e, "gate", x->gate ? "yes" : "no", y->gate ? "yes" : "no");

	ea = evidence_specs(x);
	eb = evidence_specs(y);
	strbuf_reset(&p);
	strbuf_reset(&q);
	join(&p, ea, x->nevidence);
	join(&q, eb, y->nevidence);
	compare_set(e, "evidence", p.buf, q.buf, ea, x->nevidence, eb,
		    y->nevidence);
	free_strings(ea, x->nevidence);
	free_strings(eb, y->nevidence);

	compare(e, "check", x->check_source, y->check_source);
	ret = 0;
done:
	free(ua);
	free(ub);
	strbuf_release(&p);
	strbuf_release(&q);
	return ret;
}

static int diff_steps(struct diff *d, const struct book *ba,
		      const struct book *bb, int tasks, struct err *err)
{
	const struct runbook *a = ba->rb, *b = bb->rb;
	size_t i;

	for (i = 0; i < a->nsteps; i++)
		if (model_find_step(b, a->steps[i].id) < 0)
			list_add(&d->steps, DIFF_REMOVED, a->steps[i].id,
				 a->steps[i].title)->ntasks =
				tasks ? count_tasks(ba->plan, i) : 0;
	for (i = 0; i < b->nsteps; i++) {
		long k = model_find_step(a, b->steps[i].id);
		struct diff_entry *e;

		if (k < 0) {
			list_add(&d->steps, DIFF_ADDED, b->steps[i].id,
				 b->steps[i].title)->ntasks =
				tasks ? count_tasks(bb->plan, i) : 0;
			continue;
		}
		e = list_add(&d->steps, DIFF_CHANGED, b->steps[i].id,
			     b->steps[i].title);
		if (diff_step(e, ba, (size_t)k, bb, i, tasks, err))
			return -1;
		if (!e->nfields)
			entry_release(&d->steps.v[--d->steps.n]);
	}
	return 0;
}

static void count_task_keys(struct diff *d, const struct plan *a,
			    const struct plan *b)
{
	size_t i;

	d->tasks_old = a->n;
	d->tasks_new = b->n;
	for (i = 0; i < b->n; i++)
		d->tasks_added += plan_find(a, b->tasks[i].key) < 0;
	for (i = 0; i < a->n; i++)
		d->tasks_removed += plan_find(b, a->tasks[i].key) < 0;
}

static int diff_with(struct book *old_book, struct book *new_book,
		     int tasks, struct diff **out, struct err *err)
{
	struct diff *d;

	*out = NULL;
	if (tasks && (book_expand(old_book, err) || book_expand(new_book, err)))
		return -1;
	d = xcalloc(1, sizeof(*d));
	diff_runbook(d, old_book->rb, new_book->rb);
	diff_sections(d, old_book->rb, new_book->rb);
	diff_units(d, old_book->units, new_book->units);
	if (diff_steps(d, old_book, new_book, tasks, err)) {
		diff_free(d);
		return -1;
	}
	if (tasks)
		count_task_keys(d, old_book->plan, new_book->plan);
	*out = d;
	return 0;
}

int diff_books(struct book *old_book, struct book *new_book,
	       struct diff **out, struct err *err)
{
	return diff_with(old_book, new_book, 1, out, err);
}

int diff_books_defs(struct book *old_book, struct book *new_book,
		    struct diff **out, struct err *err)
{
	return diff_with(old_book, new_book, 0, out, err);
}

int diff_is_empty(const struct diff *d)
{
	return !d->runbook.nfields && !d->sections.n && !d->units.n &&
		!d->steps.n && !d->tasks_added && !d->tasks_removed;
}

/* ---- output ---- */

static const char *const change_names[] = {
	"added", "removed", "changed", "renamed"
};

static const char change_marks[] = "+-~~";

/* Long or multi-line values (details, check source) are not repeated. */
static int is_long(const char *s)
{
	return s && (strchr(s, '\n') || strlen(s) > 160);
}

static void list_text(struct strbuf *out, char *const *v, size_t n,
		      char mark)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(out, " %c%s", mark, v[i]);
}

static void field_text(struct strbuf *out, const struct diff_field *f)
{
	strbuf_addf(out, "    %s:", f->name);
	if (!strcmp(f->name, "tasks")) {
		strbuf_addf(out, " %s -> %s (+%zu -%zu)\n", f->old_value,
			    f->new_value, f->nadded, f->nremoved);
		return;
	}
	if (same(f->old_value, f->new_value))
		; /* the same selector or list selects other members */
	else if (is_long(f->old_value) || is_long(f->new_value))
		strbuf_addf(out, " %s", !f->old_value ? _("added") :
			    !f->new_value ? _("removed") : _("changed"));
	else
		strbuf_addf(out, " %s -> %s",
			    f->old_value ? f->old_value : _("(none)"),
			    f->new_value ? f->new_value : _("(none)"));
	if (f->nadded || f->nremoved) {
		if (!same(f->old_value, f->new_value))
			strbuf_adds(out, ";");
		list_text(out, f->added, f->nadded, '+');
		list_text(out, f->removed, f->nremoved, '-');
	}
	strbuf_addch(out, '\n');
}

static void entries_text(struct strbuf *out, const char *what,
			 const struct diff_list *l, int show_tasks)
{
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		const struct diff_entry *e = &l->v[i];

		strbuf_addf(out, "%c %s %s", change_marks[e->change], what,
			    e->id);
		if (e->old_id)
			strbuf_addf(out, _(" (was %s)"), e->old_id);
		strbuf_addf(out, " \"%s\"", e->title ? e->title : "");
		if (show_tasks && (e->change == DIFF_ADDED ||
				   e->change == DIFF_REMOVED))
			strbuf_addf(out, P_(" (%zu task)", " (%zu tasks)",
					    e->ntasks), e->ntasks);
		if (e->change == DIFF_RENAMED && !e->old_id)
			strbuf_addf(out, " %s", _("renamed"));
		strbuf_addch(out, '\n');
		for (j = 0; j < e->nfields; j++)
			field_text(out, &e->fields[j]);
	}
}

void diff_format_text(const struct diff *d, struct strbuf *out)
{
	size_t j;

	if (d->runbook.nfields) {
		strbuf_adds(out, "~ runbook\n");
		for (j = 0; j < d->runbook.nfields; j++)
			field_text(out, &d->runbook.fields[j]);
	}
	entries_text(out, "section", &d->sections, 0);
	entries_text(out, "unit", &d->units, 0);
	entries_text(out, "step", &d->steps, 1);
}

static size_t count(const struct diff_list *l, enum diff_change change)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->v[i].change == change;
	return n;
}

void diff_format_stat(const struct diff *d, struct strbuf *out)
{
	/* TRANSLATORS: the lines of 'cutover diff --stat', aligned */
	strbuf_addf(out, P_("runbook:  %zu field changed\n",
			    "runbook:  %zu fields changed\n",
			    d->runbook.nfields), d->runbook.nfields);
	strbuf_addf(out, _("sections: %zu added, %zu removed, %zu renamed\n"),
		    count(&d->sections, DIFF_ADDED),
		    count(&d->sections, DIFF_REMOVED),
		    count(&d->sections, DIFF_RENAMED));
	strbuf_addf(out, _("units:    %zu added, %zu removed, %zu renamed,"
			   " %zu changed\n"), count(&d->units, DIFF_ADDED),
		    count(&d->units, DIFF_REMOVED),
		    count(&d->units, DIFF_RENAMED),
		    count(&d->units, DIFF_CHANGED));
	strbuf_addf(out, _("steps:    %zu added, %zu removed, %zu changed\n"),
		    count(&d->steps, DIFF_ADDED),
		    count(&d->steps, DIFF_REMOVED),
		    count(&d->steps, DIFF_CHANGED));
	strbuf_addf(out, _("tasks:    %zu -> %zu (+%zu -%zu)\n"), d->tasks_old,
		    d->tasks_new, d->tasks_added, d->tasks_removed);
}

static void strings_json(struct strbuf *out, char *const *v, size_t n)
{
	size_t i;

	strbuf_addch(out, '[');
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addch(out, ',');
		json_string(out, v[i]);
	}
	strbuf_addch(out, ']');
}

static void fields_json(struct strbuf *out, const struct diff_entry *e)
{
	size_t i;

	strbuf_addch(out, '[');
	for (i = 0; i < e->nfields; i++) {
		const struct diff_field *f = &e->fields[i];

		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		json_key_string(out, "field", f->name, 1);
		json_key_string(out, "old", f->old_value, 0);
		json_key_string(out, "new", f->new_value, 0);
		if (f->nadded || f->nremoved) {
			json_key(out, "added", 0);
			strings_json(out, f->added, f->nadded);
			json_key(out, "removed", 0);
			strings_json(out, f->removed, f->nremoved);
		}
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
}

static void list_json(struct strbuf *out, const char *key,
		      const struct diff_list *l, int show_tasks)
{
	size_t i;

	json_key(out, key, 0);
	strbuf_addch(out, '[');
	for (i = 0; i < l->n; i++) {
		const struct diff_entry *e = &l->v[i];

		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '{');
		json_key_string(out, "change", change_names[e->change], 1);
		json_key_string(out, "id", e->id, 0);
		if (e->old_id)
			json_key_string(out, "old_id", e->old_id, 0);
		json_key_string(out, "title", e->title, 0);
		if (show_tasks && (e->change == DIFF_ADDED ||
				   e->change == DIFF_REMOVED))
			json_key_int(out, "tasks", (int64_t)e->ntasks, 0);
		json_key(out, "fields", 0);
		fields_json(out, e);
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
}

static void stat_json(struct strbuf *out, const char *key,
		      const struct diff_list *l)
{
	json_key(out, key, 0);
	strbuf_addch(out, '{');
	json_key_int(out, "added", (int64_t)count(l, DIFF_ADDED), 1);
	json_key_int(out, "removed", (int64_t)count(l, DIFF_REMOVED), 0);
	json_key_int(out, "renamed", (int64_t)count(l, DIFF_RENAMED), 0);
	json_key_int(out, "changed", (int64_t)count(l, DIFF_CHANGED), 0);
	strbuf_addch(out, '}');
}

void diff_format_json(const struct diff *d, struct strbuf *out)
{
	json_key(out, "equal", 0);
	strbuf_adds(out, diff_is_empty(d) ? "true" : "false");
	json_key(out, "stat", 0);
	strbuf_addch(out, '{');
	json_key_int(out, "runbook", (int64_t)d->runbook.nfields, 1);
	stat_json(out, "sections", &d->sections);
	stat_json(out, "units", &d->units);
	stat_json(out, "steps", &d->steps);
	json_key(out, "tasks", 0);
	strbuf_addch(out, '{');
	json_key_int(out, "old", (int64_t)d->tasks_old, 1);
	json_key_int(out, "new", (int64_t)d->tasks_new, 0);
	json_key_int(out, "added", (int64_t)d->tasks_added, 0);
	json_key_int(out, "removed", (int64_t)d->tasks_removed, 0);
	strbuf_adds(out, "}}");
	json_key(out, "runbook", 0);
	fields_json(out, &d->runbook);
	list_json(out, "sections", &d->sections, 0);
	list_json(out, "units", &d->units, 0);
	list_json(out, "steps", &d->steps, 1);
}

static void list_release(struct diff_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		entry_release(&l->v[i]);
	free(l->v);
}

void diff_free(struct diff *d)
{
	if (!d)
		return;
	entry_release(&d->runbook);
	list_release(&d->sections);
	list_release(&d->units);
	list_release(&d->steps);
	free(d);
}
