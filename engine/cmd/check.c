/*
 * cutover check RUNBOOK: load, validate and summarise a runbook.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "xalloc.h"
#include "banned.h"

static const char about[] = N_(
	"Loads the runbook in its sandbox with its unit registry, expands it\n"
	"into tasks and prints a summary: sections, steps, units, tasks, and\n"
	"per directive item the steps that mirror it; its language and\n"
	"locale, and the labels it lacks in each of its languages. Fails when\n"
	"the runbook declares directive items and one of them has no step.\n");

static size_t steps_of_item(const struct runbook *rb, const char *item,
			    struct strbuf *ids)
{
	size_t i, n = 0;

	for (i = 0; i < rb->nsteps; i++)
		if (rb->steps[i].directive &&
		    !strcmp(rb->steps[i].directive, item)) {
			if (ids)
				strbuf_addf(ids, "%s%s", n ? ", " : "",
					    rb->steps[i].id);
			n++;
		}
	return n;
}

/* A label the runbook lacks: what would show its id instead. */
struct missing {
	const char *lang;
	enum label_kind kind;
	const char *id;
	const char *step;         /* LABEL_FIELD: the step asking for it */
};

struct missing_list {
	struct missing *v;
	size_t n, alloc;
};

static void want(struct missing_list *m, const struct labels *l,
		 const char *lang, enum label_kind kind, const char *id,
		 const char *step)
{
	struct strbuf key = STRBUF_INIT;
	size_t i;
	int have;

	if (kind == LABEL_FIELD) {
		strbuf_addf(&key, "%s/%s", step, id);
		have = labels_exact(l, kind, key.buf, lang) ||
			labels_exact(l, kind, id, lang);
		strbuf_release(&key);
	} else {
		have = labels_exact(l, kind, id, lang) != NULL;
	}
	if (have)
		return;
	/* The same id is said once per language. */
	for (i = 0; i < m->n; i++)
		if (m->v[i].kind == kind && !strcmp(m->v[i].id, id) &&
		    !strcmp(m->v[i].lang, lang))
			return;
	XGROW(m->v, m->alloc, m->n + 1);
	m->v[m->n].lang = lang;
	m->v[m->n].kind = kind;
	m->v[m->n].id = id;
	m->v[m->n++].step = step;
}

/*
 * The labels the runbook lacks in its own language and in every other
 * language it gives some in: each would show its id to a reader.  A
 * label given in another language only is found by label_get, but not
 * here: a reader of this language would read another's words.
 */
static void missing_labels(const struct book *book, struct missing_list *m)
{
	const struct runbook *rb = book->rb;
	const struct labels *l = rb->labels;
	const char *langs[8], *lang, *id, *text;
	enum label_kind kind;
	size_t nlangs = 0, i, j, k;

	langs[nlangs++] = rb->locale.lang;
	for (i = 0; i < labels_count(l); i++) {
		labels_at(l, i, &kind, &id, &lang, &text);
		for (j = 0; j < nlangs && strcmp(langs[j], lang); j++)
			;
		if (j == nlangs && nlangs < sizeof(langs) / sizeof(*langs))
			langs[nlangs++] = lang;
	}
	for (k = 0; k < nlangs; k++) {
		lang = langs[k];
		for (i = 0; i < rb->nitems; i++)
			want(m, l, lang, LABEL_ITEM, rb->items[i], NULL);
		for (i = 0; i < rb->nsteps; i++) {
			if (rb->steps[i].roster)
				want(m, l, lang, LABEL_ROLE,
				     rb->steps[i].roster, NULL);
			for (j = 0; j < rb->steps[i].nevidence; j++)
				want(m, l, lang, LABEL_FIELD,
				     rb->steps[i].evidence[j].name,
				     rb->steps[i].id);
		}
		for (i = 0; rb->difficulties &&
		     i < rb->difficulties->nsystems; i++)
			want(m, l, lang, LABEL_SYSTEM,
			     rb->difficulties->systems[i], NULL);
		for (i = 0; rb->difficulties &&
		     i < rb->difficulties->nseverities; i++)
			want(m, l, lang, LABEL_SEVERITY,
			     rb->difficulties->severities[i], NULL);
		for (i = 0; i < book->units->n; i++)
			want(m, l, lang, LABEL_KIND, book->units->units[i].kind,
			     NULL);
	}
}

static int in_list(char *const *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], id))
			return 1;
	return 0;
}

/* 1 when the book uses (kind, id): a label for it is read somewhere. */
static int used(const struct book *book, enum label_kind kind,
		const char *id)
{
	const struct runbook *rb = book->rb;
	const struct difficulties *df = rb->difficulties;
	size_t i, j;

	switch (kind) {
	case LABEL_ROLE:
	case LABEL_FIELD:
		/* "STEP/FIELD" was declared with the field itself. */
		if (kind == LABEL_FIELD && strchr(id, '/'))
			return 1;
		for (i = 0; i < rb->nsteps; i++) {
			if (kind == LABEL_ROLE && rb->steps[i].roster &&
			    !strcmp(rb->steps[i].roster, id))
				return 1;
			for (j = 0; kind == LABEL_FIELD &&
			     j < rb->steps[i].nevidence; j++)
				if (!strcmp(rb->steps[i].evidence[j].name, id))
					return 1;
		}
		return 0;
	case LABEL_SYSTEM:
		return df && in_list(df->systems, df->nsystems, id);
	case LABEL_SEVERITY:
		return df && in_list(df->severities, df->nseverities, id);
	case LABEL_ITEM:
		return in_list(rb->items, rb->nitems, id);
	case LABEL_KIND:
		for (i = 0; i < book->units->n; i++)
			if (!strcmp(book->units->units[i].kind, id))
				return 1;
		return 0;
	default:
		return 1;
	}
}

/*
 * The labels of ids the runbook does not use (a misspelt role leaves the
 * real one unlabelled), once each: "labels of nothing: role 'x'".
 */
static void unused_labels(struct strbuf *out, const struct book *book,
			  int as_json)
{
	const struct labels *l = book->rb->labels;
	enum label_kind kind, prev_kind = LABEL_NKINDS;
	const char *id, *lang, *text, *prev = NULL;
	size_t i, n = 0;

	for (i = 0; i < labels_count(l); i++) {
		labels_at(l, i, &kind, &id, &lang, &text);
		/* Sorted by kind and id: one entry per id and language. */
		if (prev && kind == prev_kind && !strcmp(prev, id))
			continue;
		prev = id;
		prev_kind = kind;
		if (used(book, kind, id))
			continue;
		if (as_json) {
			strbuf_adds(out, n ? ",{" : "{");
			json_key_string(out, "kind", label_kind_name(kind), 1);
			json_key_string(out, "id", id, 0);
			strbuf_addch(out, '}');
		} else {
			strbuf_addf(out, n ? ", %s '%s'" : _("labels of nothing"
				    " the runbook uses: %s '%s'"),
				    label_kind_name(kind), id);
		}
		n++;
	}
	if (n && !as_json)
		strbuf_addch(out, '\n');
}

/*
 * "labels missing in en:" and a line per kind: "  role: truc-su-co,
 * truc-ho-tro", in the order found.
 */
static void missing_text(struct strbuf *out, const struct missing_list *m)
{
	size_t i, j;
	int kind, any;

	for (i = 0; i < m->n; i++) {
		for (j = 0; j < i && strcmp(m->v[j].lang, m->v[i].lang); j++)
			;
		if (j < i)
			continue;
		strbuf_addf(out, _("labels missing in %s:\n"), m->v[i].lang);
		for (kind = 0; kind < LABEL_NKINDS; kind++) {
			any = 0;
			for (j = i; j < m->n; j++) {
				if (strcmp(m->v[j].lang, m->v[i].lang) ||
				    (int)m->v[j].kind != kind)
					continue;
				strbuf_addf(out, any ? ", %s" : "  %s: %s",
					    any ? m->v[j].id :
					    label_kind_name(m->v[j].kind),
					    m->v[j].id);
				any = 1;
			}
			if (any)
				strbuf_addch(out, '\n');
		}
	}
}

static void count_kinds(const struct unit_registry *units,
			const struct labels *labels, struct strbuf *out,
			int as_json)
{
	size_t i, j, n;
	int first = 1;

	for (i = 0; i < units->n; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(units->units[j].kind, units->units[i].kind))
				break;
		if (j < i)
			continue;
		for (n = 0, j = i; j < units->n; j++)
			n += !strcmp(units->units[j].kind, units->units[i].kind);
		if (as_json)
			json_key_int(out, units->units[i].kind, (int64_t)n,
				     first);
		else
			strbuf_addf(out, "%s%s %zu", first ? "" : ", ",
				    label_get(labels, LABEL_KIND,
					      units->units[i].kind, cmd_lang()),
				    n);
		first = 0;
	}
}

/* "  heading: Label (id), Label (id)" */
static void labelled_ids(struct strbuf *out, const char *heading,
			 const struct labels *labels, enum label_kind kind,
			 char *const *ids, size_t n)
{
	size_t i;

	strbuf_addf(out, "  %s:", heading);
	for (i = 0; i < n; i++)
		strbuf_addf(out, " %s (%s)%s",
			    label_get(labels, kind, ids[i], cmd_lang()), ids[i],
			    i + 1 < n ? "," : "\n");
}

static void print_text(const struct book *book)
{
	const struct runbook *rb = book->rb;
	struct strbuf out = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	size_t i, gates = 0;

	for (i = 0; i < rb->nsteps; i++)
		gates += rb->steps[i].gate ? 1 : 0;
	strbuf_addf(&out, _("runbook %s: %s\n"), rb->id, rb->title);
	if (rb->directive)
		strbuf_addf(&out, _("directive: %s\n"), rb->directive);
	strbuf_addf(&out, _("language %s, region %s, currency %s, dates %s,"
			    " zone %s\n"), rb->locale.lang, rb->locale.region,
		    rb->locale.currency,
		    rb->locale.dates == CLOCK_DATES_DMY ? "DD/MM/YYYY" :
		    rb->locale.dates == CLOCK_DATES_MDY ? "MM/DD/YYYY" :
		    "YYYY-MM-DD", clock_zone_name(rb->zone));
	clock_format_local(&a, rb->t0, rb->zone);
	clock_format_offset(&b, clock_zone_offset(rb->zone, rb->t0));
	if (!clock_zone_is_fixed(rb->zone))
		strbuf_addf(&b, " %s", clock_zone_name(rb->zone));
	strbuf_addf(&out, _("T0: %s %s\n"), a.buf, b.buf);
	strbuf_reset(&a);
	count_kinds(book->units, rb->labels, &a, 0);
	strbuf_addf(&out, _("units: %zu (%s)\n"), book->units->n, a.buf);
	strbuf_addf(&out, _("sections: %zu, steps: %zu, gates: %zu, tasks:"
			    " %zu\n"), rb->nsections, rb->nsteps, gates,
		    book->plan->n);
	if (rb->has_duty_window) {
		strbuf_reset(&a);
		strbuf_reset(&b);
		clock_format_local(&a, clock_resolve(&rb->duty_from, rb->t0,
						     rb->zone),
				   rb->zone);
		clock_format_local(&b, clock_resolve(&rb->duty_to, rb->t0,
						     rb->zone),
				   rb->zone);
		strbuf_addf(&out, _("duty window: %s to %s\n"), a.buf, b.buf);
	}
	for (i = 0; i < rb->nsteps; i++)
		if (rb->steps[i].roster)
			strbuf_addf(&out, _("roster: %s (%s, step %s)\n"),
				    label_get(rb->labels, LABEL_ROLE,
					      rb->steps[i].roster, cmd_lang()),
				    rb->steps[i].roster, rb->steps[i].id);
	if (rb->difficulties) {
		const struct difficulties *df = rb->difficulties;

		strbuf_addf(&out, df->has_route ?
			    _("difficulties: %zu systems, %zu severities,"
			      " routed\n") :
			    _("difficulties: %zu systems, %zu severities, no"
			      " route\n"), df->nsystems, df->nseverities);
		labelled_ids(&out, _("systems"), rb->labels, LABEL_SYSTEM,
			     df->systems, df->nsystems);
		labelled_ids(&out, _("severities"), rb->labels, LABEL_SEVERITY,
			     df->severities, df->nseverities);
	}
	if (rb->nitems) {
		strbuf_addf(&out, _("directive items: %zu\n"), rb->nitems);
		for (i = 0; i < rb->nitems; i++) {
			struct strbuf ids = STRBUF_INIT;

			const char *title = labels_find(rb->labels, LABEL_ITEM,
							rb->items[i],
							cmd_lang());

			if (!steps_of_item(rb, rb->items[i], &ids))
				strbuf_adds(&ids, _("(no step)"));
			strbuf_addf(&out, "  %-6s %s%s%s\n", rb->items[i],
				    title ? title : "", title ? ": " : "",
				    ids.buf);
			strbuf_release(&ids);
		}
	}
	{
		struct missing_list m = { NULL, 0, 0 };

		missing_labels(book, &m);
		missing_text(&out, &m);
		unused_labels(&out, book, 0);
		free(m.v);
	}
	cmd_print(&out);
	strbuf_release(&out);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void print_json(const struct book *book)
{
	const struct runbook *rb = book->rb;
	struct strbuf out = STRBUF_INIT, t0 = STRBUF_INIT;
	size_t i;

	clock_format_rfc3339(&t0, rb->t0, rb->zone);
	strbuf_addch(&out, '{');
	json_key_string(&out, "id", rb->id, 1);
	json_key_string(&out, "title", rb->title, 0);
	json_key_string(&out, "directive", rb->directive, 0);
	json_key_string(&out, "t0", t0.buf, 0);
	json_key_string(&out, "timezone", clock_zone_name(rb->zone), 0);
	json_key_string(&out, "lang", rb->locale.lang, 0);
	json_key_string(&out, "region", rb->locale.region, 0);
	json_key_string(&out, "currency", rb->locale.currency, 0);
	json_key_string(&out, "date_order",
			model_date_order_name(rb->locale.dates), 0);
	json_key_int(&out, "units", (int64_t)book->units->n, 0);
	json_key(&out, "unit_kinds", 0);
	strbuf_addch(&out, '{');
	count_kinds(book->units, NULL, &out, 1);
	strbuf_addch(&out, '}');
	json_key_int(&out, "sections", (int64_t)rb->nsections, 0);
	json_key_int(&out, "steps", (int64_t)rb->nsteps, 0);
	json_key_int(&out, "tasks", (int64_t)book->plan->n, 0);
	json_key(&out, "items", 0);
	strbuf_addch(&out, '{');
	for (i = 0; i < rb->nitems; i++) {
		size_t j, n = 0;

		json_key(&out, rb->items[i], i == 0);
		strbuf_addch(&out, '[');
		for (j = 0; j < rb->nsteps; j++)
			if (rb->steps[j].directive &&
			    !strcmp(rb->steps[j].directive, rb->items[i])) {
				if (n++)
					strbuf_addch(&out, ',');
				json_string(&out, rb->steps[j].id);
			}
		strbuf_addch(&out, ']');
	}
	strbuf_addch(&out, '}');
	{
		struct missing_list m = { NULL, 0, 0 };

		missing_labels(book, &m);
		json_key(&out, "labels_missing", 0);
		strbuf_addch(&out, '[');
		for (i = 0; i < m.n; i++) {
			strbuf_adds(&out, i ? ",{" : "{");
			json_key_string(&out, "lang", m.v[i].lang, 1);
			json_key_string(&out, "kind",
					label_kind_name(m.v[i].kind), 0);
			json_key_string(&out, "id", m.v[i].id, 0);
			strbuf_addch(&out, '}');
		}
		strbuf_addch(&out, ']');
		free(m.v);
		json_key(&out, "labels_unused", 0);
		strbuf_addch(&out, '[');
		unused_labels(&out, book, 1);
		strbuf_addch(&out, ']');
	}
	strbuf_adds(&out, "}\n");
	cmd_print(&out);
	strbuf_release(&out);
	strbuf_release(&t0);
}

int cmd_check(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *runbook = NULL;
	const struct opt_spec opts[] = {
		CMD_OPT_RUNBOOK(&runbook),
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "check", opts, about };
	struct book *book = NULL;
	const struct runbook *rb;
	size_t i;
	int status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (book_load_path(runbook, &book, &ctx->err) ||
	    book_expand(book, &ctx->err))
		goto done;
	if (ctx->json)
		print_json(book);
	else
		print_text(book);
	rb = book->rb;
	for (i = 0; i < rb->nitems; i++)
		if (!steps_of_item(rb, rb->items[i], NULL)) {
			err_at(&ctx->err, rb->file, 0, 0);
			fail(&ctx->err, _("directive item '%s' has no step"),
			     rb->items[i]);
			goto done;
		}
	if (!ctx->json)
		printf("%s\n", _("ok"));
	status = EXIT_OK;
done:
	book_free(book);
	return status;
}
