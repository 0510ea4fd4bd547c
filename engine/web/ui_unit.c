/*
 * A unit's checklist: its tasks in time order, the late ones first,
 * then the open ones, then (folded) what is settled.
 */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "i18n.h"
#include "web/html.h"
#include "web/ui.h"
#include "banned.h"

void ui_page_start(struct web_request *rq, struct web_response *rs,
		   const char *title, const char *notice,
		   const struct err *refusal)
{
	struct strbuf line = STRBUF_INIT;
	int status = rs->status;

	html_page_start(rq, rs, title);
	rs->status = status;
	if (notice)
		html_notice(&rs->body, "ok", notice);
	if (refusal) {
		err_format(refusal, &line);
		html_notice(&rs->body, "error", line.buf);
	}
	strbuf_release(&line);
}

void ui_state_badge(struct strbuf *out, const struct web_request *rq,
		    const struct store_task *t)
{
	int late = store_task_late(t, rq->now);

	strbuf_adds(out, "<span class=\"state s-");
	html_attr(out, late ? "late" : task_state_name(t->state));
	strbuf_adds(out, "\">");
	if (late && t->state != TASK_PENDING) {
		html_txt(out, action_task_state_name(t->state));
		strbuf_adds(out, ", ");
	}
	html_txt(out, late ? C_("task state", "late") :
		 action_task_state_name(t->state));
	strbuf_adds(out, "</span>");
}

void ui_task_item(struct strbuf *out, const struct web_request *rq,
		  const struct store_task *t, int show_unit)
{
	int late = store_task_late(t, rq->now);

	strbuf_adds(out, late ? "<li class=\"late\">" : "<li>");
	strbuf_adds(out, "<a href=\"/t/");
	html_url_arg(out, t->key);
	strbuf_adds(out, "\"><span class=\"title\">");
	html_txt(out, t->title);
	strbuf_adds(out, "</span><span class=\"meta\">");
	ui_state_badge(out, rq, t);
	strbuf_adds(out, " ");
	html_txt(out, _("due"));
	strbuf_adds(out, " ");
	web_time(out, rq, t->due);
	if (show_unit) {
		strbuf_adds(out, " · ");
		html_txt(out, t->unit_name);
	}
	if (t->directive) {
		struct strbuf item = STRBUF_INIT;

		strbuf_adds(out, " · ");
		web_item(&item, rq, t->directive);
		html_txt(out, item.buf);
		strbuf_release(&item);
	}
	if (t->state_comment && task_state_stopped(t->state)) {
		strbuf_adds(out, "<br>");
		html_txt(out, t->state_comment);
	}
	strbuf_adds(out, "</span></a></li>\n");
}

int ui_unit_name(struct web_request *rq, struct web_response *rs,
		 const char **name)
{
	struct book *book;
	struct err err = ERR_INIT;
	const struct unit *u;

	if (web_book(rq, &book, &err)) {
		web_error_err(rq, rs, 500, &err);
		err_release(&err);
		return -1;
	}
	u = units_find(book->units, rq->unit_id);
	if (!u) {
		web_error(rq, rs, 404, _("there is no such unit in this run"));
		return -1;
	}
	*name = u->name;
	return 0;
}

/*
 * A gate decided no-go holds back every task that requires it, the
 * unit's too: the checklist says so with the reason (each task's card
 * names the gate it waits on).
 */
static int nogo_notices(struct strbuf *out, struct web_request *rq,
			struct err *err)
{
	struct store_decision *d = NULL;
	struct strbuf line = STRBUF_INIT;
	size_t n = 0, i;

	if (store_decisions(rq->store, rq->run.id, &d, &n, err))
		return -1;
	for (i = 0; i < n; i++) {
		if (!d[i].current || !d[i].outcome ||
		    strcmp(d[i].outcome, "no-go"))
			continue;
		strbuf_reset(&line);
		strbuf_addf(&line, _("Gate %s was decided no-go by %s"),
			    d[i].title ? d[i].title : d[i].task_key, d[i].by);
		if (d[i].text)
			strbuf_addf(&line, ": %s", d[i].text);
		strbuf_adds(&line, ". ");
		strbuf_adds(&line, _("The tasks that require it wait on its"
				     " go."));
		html_notice(out, "error", line.buf);
	}
	store_decisions_free(d, n);
	strbuf_release(&line);
	return 0;
}

int ui_checklist(struct web_request *rq, struct web_response *rs)
{
	struct store_task_filter filter;
	struct store_task *t = NULL;
	struct strbuf *out = &rs->body, line = STRBUF_INIT;
	struct err err = ERR_INIT;
	const char *name;
	size_t n = 0, i, late = 0, open = 0, settled = 0;
	int pass;

	if (ui_unit_name(rq, rs, &name))
		return 0;
	memset(&filter, 0, sizeof(filter));
	filter.unit_id = rq->unit_id;
	/* A list says nothing of what a task waits on: its card does. */
	filter.no_requires = 1;
	if (store_tasks(rq->store, rq->run.id, &filter, &t, &n, &err)) {
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (store_task_settled(&t[i]))
			settled++;
		else if (store_task_late(&t[i], rq->now))
			late++;
		else
			open++;
	}
	html_page_start(rq, rs, name);
	if (!rq->session.unit_id)
		html_notice(out, "ok", _("You are the coordinator: what you"
					 " record here is recorded on this"
					 " unit's behalf, and the ledger says"
					 " so."));
	strbuf_adds(out, "<p>");
	strbuf_addf(&line, P_("%zu task: %zu done, %zu late, %zu to do",
			      "%zu tasks: %zu done, %zu late, %zu to do", n),
		    n, settled, late, open);
	html_txt(out, line.buf);
	strbuf_addf(out, "</p><progress max=\"%zu\" value=\"%zu\""
		    " aria-label=\"", n ? n : 1, settled);
	html_attr(out, _("share done"));
	strbuf_adds(out, "\"></progress>\n");
	if (nogo_notices(out, rq, &err) ||
	    ui_resting(out, rq, rq->unit_id, &err)) {
		strbuf_reset(&rs->body);
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	/* Late first, then what is still to do, both in time order. */
	for (pass = 0; pass < 2; pass++) {
		size_t count = pass ? open : late;

		if (!count)
			continue;
		strbuf_adds(out, "<h2>");
		html_txt(out, pass ? _("To do") : _("Late"));
		strbuf_adds(out, "</h2>\n<ul class=\"tasks\">\n");
		for (i = 0; i < n; i++)
			if (!store_task_settled(&t[i]) &&
			    store_task_late(&t[i], rq->now) == !pass)
				ui_task_item(out, rq, &t[i], 0);
		strbuf_adds(out, "</ul>\n");
	}
	if (!late && !open)
		html_notice(out, "ok", _("Nothing left to do."));
	if (settled) {
		strbuf_adds(out, "<details><summary>");
		strbuf_reset(&line);
		strbuf_addf(&line, P_("%zu task settled", "%zu tasks settled",
				      settled), settled);
		html_txt(out, line.buf);
		strbuf_adds(out, "</summary>\n<ul class=\"tasks\">\n");
		for (i = 0; i < n; i++)
			if (store_task_settled(&t[i]))
				ui_task_item(out, rq, &t[i], 0);
		strbuf_adds(out, "</ul></details>\n");
	}
	html_page_end(rq, rs);
done:
	strbuf_release(&line);
	store_tasks_free(t, n);
	err_release(&err);
	return 0;
}
