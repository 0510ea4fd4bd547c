/*
 * cutover check RUNBOOK: load, validate and summarise a runbook.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover [--json] check RUNBOOK\n"
	"\n"
	"Loads the runbook in its sandbox with its unit registry, expands it\n"
	"into tasks and prints a summary: sections, steps, units, tasks, and\n"
	"per directive item the steps that mirror it. Fails when the runbook\n"
	"declares directive items and one of them has no step.\n");

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

static void count_kinds(const struct unit_registry *units, struct strbuf *out,
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
				    units->units[i].kind, n);
		first = 0;
	}
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
	clock_format_local(&a, rb->t0, rb->offset_minutes);
	clock_format_offset(&b, rb->offset_minutes);
	strbuf_addf(&out, _("T0: %s %s\n"), a.buf, b.buf);
	strbuf_reset(&a);
	count_kinds(book->units, &a, 0);
	strbuf_addf(&out, _("units: %zu (%s)\n"), book->units->n, a.buf);
	strbuf_addf(&out, _("sections: %zu, steps: %zu, gates: %zu, tasks:"
			    " %zu\n"), rb->nsections, rb->nsteps, gates,
		    book->plan->n);
	if (rb->has_duty_window) {
		strbuf_reset(&a);
		strbuf_reset(&b);
		clock_format_local(&a, clock_resolve(&rb->duty_from, rb->t0,
						     rb->offset_minutes),
				   rb->offset_minutes);
		clock_format_local(&b, clock_resolve(&rb->duty_to, rb->t0,
						     rb->offset_minutes),
				   rb->offset_minutes);
		strbuf_addf(&out, _("duty window: %s to %s\n"), a.buf, b.buf);
	}
	for (i = 0; i < rb->nsteps; i++)
		if (rb->steps[i].roster)
			strbuf_addf(&out, _("roster: %s (step %s)\n"),
				    rb->steps[i].roster, rb->steps[i].id);
	if (rb->difficulties)
		strbuf_addf(&out, rb->difficulties->has_route ?
			    _("difficulties: %zu systems, %zu severities,"
			      " routed\n") :
			    _("difficulties: %zu systems, %zu severities, no"
			      " route\n"), rb->difficulties->nsystems,
			    rb->difficulties->nseverities);
	if (rb->nitems) {
		strbuf_addf(&out, _("directive items: %zu\n"), rb->nitems);
		for (i = 0; i < rb->nitems; i++) {
			struct strbuf ids = STRBUF_INIT;

			if (steps_of_item(rb, rb->items[i], &ids))
				strbuf_addf(&out, "  %-6s %s\n", rb->items[i],
					    ids.buf);
			else
				strbuf_addf(&out, "  %-6s %s\n", rb->items[i],
					    _("(no step)"));
			strbuf_release(&ids);
		}
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

	clock_format_rfc3339(&t0, rb->t0, rb->offset_minutes);
	strbuf_addch(&out, '{');
	json_key_string(&out, "id", rb->id, 1);
	json_key_string(&out, "title", rb->title, 0);
	json_key_string(&out, "directive", rb->directive, 0);
	json_key_string(&out, "t0", t0.buf, 0);
	json_key_int(&out, "units", (int64_t)book->units->n, 0);
	json_key(&out, "unit_kinds", 0);
	strbuf_addch(&out, '{');
	count_kinds(book->units, &out, 1);
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
	strbuf_adds(&out, "}}\n");
	cmd_print(&out);
	strbuf_release(&out);
	strbuf_release(&t0);
}

int cmd_check(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct book *book = NULL;
	const struct runbook *rb;
	size_t i;
	int c, status = EXIT_FAILED;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help(_(usage));
		return cmd_bad_option(ctx, c, argv, "check");
	}
	if (optind + 1 != argc)
		return cmd_usage_fail(ctx, "%s", _("check takes one RUNBOOK;"
						 " see 'cutover check --help'"));
	if (book_load_path(argv[optind], &book, &ctx->err) ||
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
