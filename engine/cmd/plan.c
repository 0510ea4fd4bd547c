/*
 * cutover plan RUNBOOK: the tasks a runbook expands to, in time order.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "names.h"
#include "json.h"
#include "banned.h"

static const char about[] = N_(
	"Lists the tasks the runbook expands to, by deadline: due (local\n"
	"time), task key, directive item, recipient and title, with the\n"
	"task's start when its step declares one (it is not signed before),\n"
	"and marks: [gate] for a go/no-go decision, [fallback of GATE] for a\n"
	"step that applies only after a no-go of that gate.\n"
	"\n"
	"A unit or a section may be named by its id or by its name (title), in\n"
	"any case, with or without diacritics (\"Đại Sơn\", \"dai son\"); an\n"
	"unknown or ambiguous one is an error that lists what is near.\n"
	"\n"
	"--json: an array of the tasks in the same order, each an object:\n"
	"key, step, unit, section, directive, title, due and start (RFC 3339\n"
	"in the runbook's zone; start null when none), recipient, gate (true\n"
	"or false), fallback_of (the gate's step, or null), requires (the\n"
	"keys of the tasks it waits on).\n");

static void task_json(struct strbuf *out, const struct book *book,
		      const struct plan_task *t, int first)
{
	const struct runbook *rb = book->rb;
	const struct step *st = &rb->steps[t->step];
	size_t j;

	if (!first)
		strbuf_addch(out, ',');
	strbuf_addch(out, '{');
	json_key_string(out, "key", t->key, 1);
	json_key_string(out, "step", st->id, 0);
	json_key_string(out, "unit", book->units->units[t->unit].id, 0);
	json_key_string(out, "section", rb->sections[st->section].id, 0);
	json_key_string(out, "directive", st->directive, 0);
	json_key_string(out, "title", st->title, 0);
	json_key(out, "due", 0);
	{
		struct strbuf due = STRBUF_INIT;

		clock_format_rfc3339(&due, t->due, rb->zone);
		json_string(out, due.buf);
		strbuf_release(&due);
	}
	json_key_string(out, "recipient", t->recipient, 0);
	json_key(out, "start", 0);
	if (t->has_start) {
		struct strbuf start = STRBUF_INIT;

		clock_format_rfc3339(&start, t->start, rb->zone);
		json_string(out, start.buf);
		strbuf_release(&start);
	} else {
		strbuf_adds(out, "null");
	}
	json_key(out, "gate", 0);
	strbuf_adds(out, st->gate ? "true" : "false");
	json_key_string(out, "fallback_of", st->fallback, 0);
	json_key(out, "requires", 0);
	strbuf_addch(out, '[');
	for (j = 0; j < t->nrequires; j++) {
		if (j)
			strbuf_addch(out, ',');
		json_string(out, book->plan->tasks[t->requires[j]].key);
	}
	strbuf_adds(out, "]}");
}

/*
 * A unit or section as typed (its id, or its name: names.h) -> its id,
 * pointing into the book.  0, or -1 with ctx->err.
 */
static int resolve(struct cmd_ctx *ctx, enum names_kind kind,
		   const struct book *book, const char **typed)
{
	struct suggest_name *c = NULL;
	size_t n = 0, alloc = 0;
	long i;

	if (kind == NAMES_UNIT)
		names_of_units(book->units, &c, &n, &alloc);
	else
		names_of_sections(book->rb, &c, &n, &alloc);
	i = names_resolve(kind, *typed, c, n, kind == NAMES_UNIT ?
			  book->units->file : book->path, &ctx->err);
	if (i >= 0)
		*typed = c[i].id;
	free(c);
	return i < 0 ? -1 : 0;
}

int cmd_plan(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *unit = NULL, *section = NULL, *runbook = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "unit", 0, &unit, N_("UNIT"),
		  N_("only the tasks this unit owns"), 0, 0 },
		{ OPT_VALUE, "section", 0, &section, N_("SECTION"),
		  N_("only the tasks of this section"), 0, 0 },
		CMD_OPT_RUNBOOK(&runbook),
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "plan", opts, about };
	struct book *book = NULL;
	struct strbuf out = STRBUF_INIT;
	size_t i, shown = 0;
	int status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (book_load_path(runbook, &book, &ctx->err) ||
	    book_expand(book, &ctx->err))
		goto done;
	if (unit && resolve(ctx, NAMES_UNIT, book, &unit))
		goto done;
	if (section && resolve(ctx, NAMES_SECTION, book, &section))
		goto done;
	if (ctx->json)
		strbuf_addch(&out, '[');
	for (i = 0; i < book->plan->n; i++) {
		const struct plan_task *t = &book->plan->tasks[i];
		const struct step *st = &book->rb->steps[t->step];

		if (unit && strcmp(book->units->units[t->unit].id, unit))
			continue;
		if (section && strcmp(book->rb->sections[st->section].id,
				      section))
			continue;
		if (ctx->json) {
			task_json(&out, book, t, shown == 0);
		} else {
			clock_format_local(&out, t->due,
					   book->rb->zone);
			strbuf_addf(&out, "  %-44s %-5s -> %-24s %s",
				    t->key, st->directive ? st->directive : "-",
				    t->recipient ? t->recipient : "-",
				    st->gate ? _("[gate] ") : "");
			if (st->fallback)
				strbuf_addf(&out, _("[fallback of %s] "),
					    st->fallback);
			/* A recurring task starts on its day, as its due says. */
			if (t->has_start && st->start.kind != TIME_NONE) {
				struct strbuf from = STRBUF_INIT;

				clock_format_local(&from, t->start,
						   book->rb->zone);
				strbuf_addf(&out, _("[from %s] "), from.buf);
				strbuf_release(&from);
			}
			strbuf_addf(&out, "%s\n", st->title);
		}
		shown++;
	}
	if (ctx->json)
		strbuf_adds(&out, "]\n");
	else
		strbuf_addf(&out, P_("%zu task\n", "%zu tasks\n", shown),
			    shown);
	cmd_print(&out);
	status = EXIT_OK;
done:
	strbuf_release(&out);
	book_free(book);
	return status;
}
