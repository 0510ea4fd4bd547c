/*
 * A task's card: what it asks, its evidence form (an input typed per
 * field), the other moves with a reason, its history; the sign-off and
 * the moves go through signoff_apply, as `cutover sign` and the
 * transitions do, and are acknowledged on a page of their own only once
 * committed.  A refusal shows the card again with the values typed, the
 * error beside its field and a check's findings, one a row.
 */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "difficulty.h"
#include "evidence.h"
#include "field.h"
#include "gate.h"
#include "i18n.h"
#include "render.h"
#include "signoff.h"
#include "store_report.h"
#include "store_step.h"
#include "walk.h"
#include "web/html.h"
#include "web/ui.h"
#include "xalloc.h"
#include "banned.h"

/* What the card says after a refused POST. */
struct card {
	const struct err *err;         /* the refusal, or NULL */
	const struct strbuf *findings; /* a check's reasons, or NULL */
	const char *notice;            /* said, nothing recorded */
	int refill;                    /* inputs keep what was typed */
	const char *form;              /* "sign" or "move": where err goes */
};

int ui_text(const struct web_request *rq, const char *field, int required,
	    struct strbuf *out, struct err *err)
{
	const char *v = web_form(rq, field);

	if (difficulty_blank(v)) {
		if (!required)
			return 0;
		fail(err, "%s", _("say why: this cannot be empty"));
		err_about(err, NULL, field);
		return -1;
	}
	/* The ledger's rule for a text (field.h), said beside the field. */
	if (evidence_normalize(EVIDENCE_TEXT, NULL, v, out, err) ||
	    field_check(field, out->buf, FIELD_TEXT_MAX, FIELD_LINES, err)) {
		err_about(err, NULL, field);
		return -1;
	}
	return 0;
}

/* The step of task t in the run's runbook, or NULL (answered 500). */
static const struct step *step_of(struct web_request *rq,
				  struct web_response *rs,
				  const struct store_task *t)
{
	struct book *book;
	struct err err = ERR_INIT;
	long s;

	if (web_book(rq, &book, &err)) {
		web_error_err(rq, rs, 500, &err);
		err_release(&err);
		return NULL;
	}
	s = model_find_step(book->rb, t->step_id);
	if (s < 0) {
		web_error(rq, rs, 500, _("the step of this task is not in the"
					 " run's runbook"));
		return NULL;
	}
	return &book->rb->steps[s];
}

static const char *input_type(enum evidence_type type)
{
	switch (type) {
	case EVIDENCE_PHONE:
		return "tel\" inputmode=\"tel\" autocomplete=\"tel";
	case EVIDENCE_EMAIL:
		return "email\" autocomplete=\"email";
	case EVIDENCE_URL:
		return "url";
	case EVIDENCE_INT:
		return "number\" inputmode=\"numeric";
	case EVIDENCE_MONEY:
		return "text\" inputmode=\"numeric";
	case EVIDENCE_DATE:
		return "date";
	case EVIDENCE_FILE:
		return "file\" accept=\".csv,.txt,.yaml,.yml";
	default:
		return "text";
	}
}

/* The error of the card, under the field it is about (when it is). */
static int field_error(struct strbuf *out, const struct card *c,
		       const char *form, const char *field)
{
	if (!c->err || !c->form || strcmp(c->form, form) || !c->err->field ||
	    strcmp(c->err->field, field))
		return 0;
	strbuf_adds(out, "<p class=\"field-error\" id=\"err-");
	html_attr(out, field);
	strbuf_adds(out, "\">");
	html_txt(out, c->err->msg.buf);
	strbuf_adds(out, "</p>");
	return 1;
}

static void evidence_input(struct strbuf *out, const struct web_request *rq,
			   const struct step *step,
			   const struct evidence_field *f,
			   const struct card *c)
{
	struct strbuf name = STRBUF_INIT;
	const char *value;
	int bad;

	strbuf_addf(&name, "ev.%s", f->name);
	value = c->refill ? web_form(rq, name.buf) : NULL;
	strbuf_adds(out, "<label for=\"");
	html_attr(out, name.buf);
	strbuf_adds(out, "\">");
	/* The runbook's label, in the page's language; the id is the name. */
	html_txt(out, web_field_label(rq, step->id, f->name));
	if (f->optional) {
		strbuf_adds(out, " <span class=\"hint\">(");
		html_txt(out, _("optional"));
		strbuf_adds(out, ")</span>");
	}
	strbuf_adds(out, "</label>");
	bad = field_error(out, c, "sign", f->name);
	if (f->type == EVIDENCE_BOOL) {
		strbuf_adds(out, "<select id=\"");
		html_attr(out, name.buf);
		strbuf_adds(out, "\" name=\"");
		html_attr(out, name.buf);
		strbuf_adds(out, "\"><option value=\"\"></option>"
			    "<option value=\"yes\"");
		if (value && !strcmp(value, "yes"))
			strbuf_adds(out, " selected");
		strbuf_adds(out, ">");
		html_txt(out, _("yes"));
		strbuf_adds(out, "</option><option value=\"no\"");
		if (value && !strcmp(value, "no"))
			strbuf_adds(out, " selected");
		strbuf_adds(out, ">");
		html_txt(out, _("no"));
		strbuf_adds(out, "</option></select>");
	} else {
		strbuf_adds(out, "<input id=\"");
		html_attr(out, name.buf);
		strbuf_adds(out, "\" name=\"");
		html_attr(out, name.buf);
		strbuf_adds(out, "\" type=\"");
		/* A literal: the type and its companions, no user text. */
		html_raw(out, input_type(f->type));
		strbuf_adds(out, "\"");
		if (value && f->type != EVIDENCE_FILE) {
			strbuf_adds(out, " value=\"");
			html_attr(out, value);
			strbuf_adds(out, "\"");
		}
		if (bad) {
			strbuf_adds(out, " aria-invalid=\"true\""
				    " aria-describedby=\"err-");
			html_attr(out, f->name);
			strbuf_adds(out, "\"");
		}
		strbuf_adds(out, ">");
	}
	strbuf_adds(out, "<p class=\"hint\">");
	html_txt(out, f->type == EVIDENCE_FILE ? _("a CSV file, as the"
						   " system exports it") :
		 walk_type_hint(f->type));
	strbuf_adds(out, "</p>");
	strbuf_release(&name);
}

static void sign_form(struct strbuf *out, const struct web_request *rq,
		      const struct store_task *t, const struct step *step,
		      const struct card *c)
{
	size_t i;
	int files = 0;

	for (i = 0; i < step->nevidence; i++)
		files |= step->evidence[i].type == EVIDENCE_FILE;
	strbuf_adds(out, "<h2>");
	html_txt(out, _("Sign off"));
	strbuf_adds(out, "</h2>\n<form method=\"post\" novalidate action=\"/t/");
	html_url_arg(out, t->key);
	strbuf_adds(out, files ? "/sign\" enctype=\"multipart/form-data\"" :
		    "/sign\"");
	strbuf_adds(out, " class=\"card\">");
	html_csrf(rq, out);
	if (step->roster) {
		strbuf_adds(out, "<p>");
		html_txt(out, _("This task is signed once your duty roster"
				" covers the whole duty window:"));
		strbuf_adds(out, " ");
		html_link(out, "/u/", t->unit_id, "/roster",
			  _("see the roster and its gaps"));
		strbuf_adds(out, "</p>");
	}
	for (i = 0; i < step->nevidence; i++)
		evidence_input(out, rq, step, &step->evidence[i], c);
	strbuf_adds(out, "<label for=\"comment\">");
	html_txt(out, _("Comment"));
	strbuf_adds(out, " <span class=\"hint\">(");
	html_txt(out, _("optional"));
	strbuf_adds(out, ")</span></label>");
	field_error(out, c, "sign", "comment");
	strbuf_adds(out, "<textarea id=\"comment\" name=\"comment\""
		    " maxlength=\"4096\">");
	if (c->refill && c->form && !strcmp(c->form, "sign"))
		html_txt(out, web_form(rq, "comment"));
	strbuf_adds(out, "</textarea><p class=\"hint\">");
	html_txt(out, _("Signing as:"));
	strbuf_adds(out, " ");
	html_txt(out, rq->session.person);
	strbuf_adds(out, "</p><button type=\"submit\">");
	html_txt(out, C_("action", "Sign off"));
	strbuf_adds(out, "</button></form>\n");
}

/* The moves a task in `state` may take, as buttons of one form. */
static void move_form(struct strbuf *out, const struct web_request *rq,
		      const struct store_task *t, const struct card *c)
{
	static const char *const moves[] = { "skip", "block", "fail",
					     "reopen" };
	const struct action *a;
	struct strbuf buttons = STRBUF_INIT;
	enum task_state to;
	size_t i, shown = 0;
	int settled = store_task_settled(t);

	for (i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
		a = action_by_command(moves[i]);
		/* As may_move decides: settled tasks reopen only. */
		if (settled != !strcmp(a->kind, "reopened") ||
		    (!task_state_parse(a->kind, &to) && to == t->state) ||
		    (!strcmp(a->kind, "reopened") &&
		     t->state == TASK_PENDING))
			continue;
		/*
		 * A gate is never skipped, a no-go is a decision, and only
		 * the coordinator reopens one (gate_allow): no button that
		 * could only be refused.
		 */
		if (t->gate && (!strcmp(a->kind, "skipped") ||
				!strcmp(a->kind, "failed") ||
				(!strcmp(a->kind, "reopened") &&
				 rq->session.unit_id)))
			continue;
		shown++;
		strbuf_adds(&buttons, "<button type=\"submit\" name=\"action\""
			    " class=\"secondary\" value=\"");
		html_attr(&buttons, a->command);
		strbuf_adds(&buttons, "\">");
		html_txt(&buttons, C_("action", a->button));
		strbuf_adds(&buttons, "</button>");
	}
	if (!shown)
		goto done;
	strbuf_adds(out, "<h2>");
	html_txt(out, settled ? _("Reopen") : t->gate ? _("Block") :
		 _("Skip, block or fail"));
	strbuf_adds(out, "</h2>\n<form method=\"post\" action=\"/t/");
	html_url_arg(out, t->key);
	strbuf_adds(out, "/move\" class=\"card\">");
	html_csrf(rq, out);
	strbuf_adds(out, "<label for=\"reason\">");
	html_txt(out, _("Reason"));
	strbuf_adds(out, "</label>");
	field_error(out, c, "move", "reason");
	strbuf_adds(out, "<textarea id=\"reason\" name=\"reason\" required"
		    " maxlength=\"4096\">");
	if (c->refill && c->form && !strcmp(c->form, "move"))
		html_txt(out, web_form(rq, "reason"));
	strbuf_adds(out, "</textarea>");
	strbuf_add(out, buttons.buf, buttons.len);
	strbuf_adds(out, "</form>\n");
done:
	strbuf_release(&buttons);
}

static void history(struct strbuf *out, struct web_request *rq,
		    const struct store_task *t)
{
	struct store_history *h = NULL;
	struct store_report_field *f;
	struct err err = ERR_INIT;
	size_t n = 0, nf, i, j;

	if (store_task_history(rq->store, rq->run.id, t->key, &h, &n, &err) ||
	    !n)
		goto done;
	strbuf_adds(out, "<h2>");
	html_txt(out, _("History"));
	strbuf_adds(out, "</h2>\n<ol class=\"card\">");
	for (i = 0; i < n; i++) {
		strbuf_adds(out, "<li>");
		web_time(out, rq, h[i].at);
		strbuf_adds(out, " · <strong>");
		html_txt(out, action_state_name(h[i].kind));
		strbuf_adds(out, "</strong> · ");
		html_txt(out, h[i].actor);
		strbuf_addf(out, " · %s %lld", _("event"),
			    (long long)h[i].seq);
		if (h[i].comment) {
			strbuf_adds(out, "<br>");
			html_txt(out, h[i].comment);
		}
		f = NULL;
		nf = 0;
		if (!store_report_evidence(rq->store, h[i].evidence, &f, &nf,
					   &err))
			for (j = 0; j < nf; j++) {
				strbuf_adds(out, "<br>");
				html_txt(out, f[j].type == STORE_FIELD_WAIVER ?
					 _("waiver") :
					 web_field_label(rq, t->step_id,
							 f[j].key));
				strbuf_adds(out, ": ");
				if (f[j].type == STORE_FIELD_TEXT && f[j].value &&
				    (!strcmp(f[j].value, "true") ||
				     !strcmp(f[j].value, "false")))
					html_txt(out, !strcmp(f[j].value,
							      "true") ?
						 _("yes") : _("no"));
				else
					html_txt(out, f[j].value);
				if (f[j].type == STORE_FIELD_WAIVER &&
				    f[j].findings) {
					strbuf_adds(out, " (");
					html_txt(out, f[j].findings);
					strbuf_adds(out, ")");
				}
			}
		store_report_fields_free(f, nf);
		err_reset(&err);
		strbuf_adds(out, "</li>");
	}
	strbuf_adds(out, "</ol>\n");
done:
	store_history_free(h, n);
	err_release(&err);
}

/*
 * For each gate among the open requirements (keys, ", "-joined): that
 * the task waits on its go, and the no-go in force when there is one.
 */
static void gate_waits(struct strbuf *out, struct web_request *rq,
		       const char *keys)
{
	struct store_decision *d = NULL;
	struct store_task g;
	struct strbuf key = STRBUF_INIT, line = STRBUF_INIT;
	struct err err = ERR_INIT;
	const char *p = keys, *end;
	size_t nd = 0, i;
	int have_decisions = 0;

	while (*p) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		while (*p == ' ')
			p++;
		strbuf_reset(&key);
		strbuf_add(&key, p, (size_t)(end - p));
		p = *end ? end + 1 : end;
		if (!key.len ||
		    store_task(rq->store, rq->run.id, key.buf, &g, &err)) {
			err_reset(&err);
			continue;
		}
		if (g.gate) {
			if (!have_decisions++ &&
			    store_decisions(rq->store, rq->run.id, &d, &nd,
					    &err))
				err_reset(&err);
			strbuf_reset(&line);
			strbuf_addf(&line, _("Waits on the go of gate %s."),
				    g.title);
			for (i = 0; i < nd; i++)
				if (d[i].current && d[i].outcome &&
				    !strcmp(d[i].task_key, g.key) &&
				    !strcmp(d[i].outcome, "no-go")) {
					strbuf_adds(&line, " ");
					strbuf_addf(&line, _("It was decided"
							     " no-go by %s"),
						    d[i].by);
					if (d[i].text)
						strbuf_addf(&line, ": %s",
							    d[i].text);
					strbuf_adds(&line, ".");
				}
			html_notice(out, "error", line.buf);
		}
		store_task_release(&g);
	}
	store_decisions_free(d, nd);
	strbuf_release(&key);
	strbuf_release(&line);
	err_release(&err);
}

/*
 * A gate's card says who decides it and the decision in force, instead
 * of a sign-off form the engine would refuse (gate_allow).
 */
static void gate_notice(struct strbuf *out, struct web_request *rq,
			const struct store_task *t)
{
	struct store_decision *d = NULL;
	struct strbuf line = STRBUF_INIT;
	struct err err = ERR_INIT;
	size_t nd = 0, i;
	const struct store_decision *in_force = NULL;

	if (!store_decisions(rq->store, rq->run.id, &d, &nd, &err))
		for (i = 0; i < nd; i++)
			if (d[i].current && d[i].outcome &&
			    !strcmp(d[i].task_key, t->key))
				in_force = &d[i];
	if (in_force) {
		strbuf_addf(&line, _("Decision: %s, by %s, "),
			    gate_outcome_words(in_force->outcome),
			    in_force->by);
		web_time(&line, rq, in_force->at);
		if (in_force->text)
			strbuf_addf(&line, ": %s", in_force->text);
		html_notice(out, strcmp(in_force->outcome, "no-go") ? "ok" :
			    "error", line.buf);
		strbuf_reset(&line);
	}
	strbuf_adds(&line, _("This is a go/no-go gate: the coordinator"
			     " decides it (go, no-go, or go with"
			     " conditions) with cutover gate decide; it"
			     " cannot be signed, skipped or failed here."));
	strbuf_adds(out, "<p class=\"hint\">");
	html_txt(out, line.buf);
	strbuf_adds(out, "</p>\n");
	store_decisions_free(d, nd);
	strbuf_release(&line);
	err_release(&err);
}

static void render_card(struct web_request *rq, struct web_response *rs,
			const struct store_task *t, const struct step *step,
			const struct card *c)
{
	struct strbuf *out = &rs->body, line = STRBUF_INIT;
	struct strbuf keys = STRBUF_INIT;
	struct err err = ERR_INIT;

	ui_page_start(rq, rs, t->title, c->notice, c->err);
	if (c->findings && c->findings->len) {
		const char *p = c->findings->buf, *nl;

		strbuf_adds(out, "<ul class=\"findings\">");
		for (; *p; p = *nl ? nl + 1 : nl) {
			nl = strchr(p, '\n');
			if (!nl)
				nl = p + strlen(p);
			strbuf_reset(&line);
			strbuf_add(&line, p, (size_t)(nl - p));
			strbuf_adds(out, "<li>");
			html_txt(out, line.buf);
			strbuf_adds(out, "</li>");
		}
		strbuf_adds(out, "</ul>\n");
	}
	strbuf_adds(out, "<dl class=\"card\"><dt>");
	html_txt(out, _("State"));
	strbuf_adds(out, "</dt><dd>");
	ui_state_badge(out, rq, t);
	if (t->last_seq && t->state_by) {
		strbuf_adds(out, " ");
		html_txt(out, t->state_by);
		strbuf_adds(out, ", ");
		web_time(out, rq, t->state_at);
	}
	strbuf_adds(out, "</dd><dt>");
	html_txt(out, _("Due"));
	strbuf_adds(out, "</dt><dd>");
	web_time(out, rq, t->due);
	strbuf_adds(out, "</dd><dt>");
	html_txt(out, _("Unit"));
	strbuf_adds(out, "</dt><dd>");
	html_link(out, "/u/", t->unit_id, "", t->unit_name);
	if (t->recipient_name) {
		strbuf_adds(out, "</dd><dt>");
		html_txt(out, _("Report to"));
		strbuf_adds(out, "</dt><dd>");
		html_txt(out, t->recipient_name);
	}
	strbuf_adds(out, "</dd><dt>");
	html_txt(out, _("Task"));
	strbuf_adds(out, "</dt><dd>");
	html_txt(out, t->key);
	if (t->has_start) {
		strbuf_adds(out, "</dd><dt>");
		html_txt(out, _("Start"));
		strbuf_adds(out, "</dt><dd>");
		web_time(out, rq, t->start);
	}
	if (t->directive) {
		strbuf_adds(out, "</dd><dt>");
		html_txt(out, _("Directive item"));
		strbuf_adds(out, "</dt><dd>");
		strbuf_reset(&line);
		web_item(&line, rq, t->directive);
		html_txt(out, line.buf);
	}
	strbuf_adds(out, "</dd></dl>\n");
	if (t->open_requires &&
	    !store_open_requirements(rq->store, t->id, 5, &keys, &err)) {
		strbuf_reset(&line);
		/* Done already: it rests on what was reopened (issue 14). */
		strbuf_addf(&line, t->state == TASK_DONE ?
			    _("Done, but resting on reopened requirements:"
			      " %s") : _("Waits on: %s"), keys.buf);
		html_notice(out, "error", line.buf);
		gate_waits(out, rq, keys.buf);
	}
	if (t->gate)
		gate_notice(out, rq, t);
	if (step->details) {
		strbuf_adds(out, "<details><summary>");
		html_txt(out, _("What to do"));
		strbuf_adds(out, "</summary><div class=\"card\">");
		/* The runbook's Markdown, through cmark-gfm's safe mode. */
		if (render_html_body(step->details, strlen(step->details), out,
				     &err))
			html_txt(out, step->details);
		strbuf_adds(out, "</div></details>\n");
	}
	if (!store_task_settled(t) && !t->gate)
		sign_form(out, rq, t, step, c);
	move_form(out, rq, t, c);
	history(out, rq, t);
	html_page_end(rq, rs);
	strbuf_release(&line);
	strbuf_release(&keys);
	err_release(&err);
}

/* Reads the route's task and renders its card with c. */
static void card_page(struct web_request *rq, struct web_response *rs,
		      const struct card *c)
{
	struct store_task t;
	struct err err = ERR_INIT;
	const struct step *step;

	if (store_task(rq->store, rq->run.id, rq->params[0], &t, &err)) {
		web_error_err(rq, rs, 404, &err);
		err_release(&err);
		return;
	}
	step = step_of(rq, rs, &t);
	if (step)
		render_card(rq, rs, &t, step, c);
	store_task_release(&t);
}

int ui_task(struct web_request *rq, struct web_response *rs)
{
	struct card c = { NULL, NULL, NULL, 0, NULL };

	card_page(rq, rs, &c);
	return 0;
}

int ui_apply(struct web_request *rq, const struct signoff *req,
	     struct signoff_result *res, struct err *err)
{
	struct signoff_ready *ready = NULL;
	struct book *book;
	int rc;

	/*
	 * signoff_apply's two halves: prepared here (the worker's runbook,
	 * used as it is), recorded in the next group commit.
	 */
	if (web_book(rq, &book, err) ||
	    signoff_prepare(rq->store, &rq->run, &book, req, &ready, res, err))
		return -1;
	rc = web_commit_signoff(rq, req, ready, res, err);
	signoff_ready_free(ready);
	return rc;
}

/* The acknowledgement's address: /t/KEY/ack/SEQ. */
static void to_ack(struct web_response *rs, const char *key, int64_t seq)
{
	struct strbuf to = STRBUF_INIT;

	strbuf_adds(&to, "/t/");
	html_url_arg(&to, key);
	strbuf_addf(&to, "/ack/%lld", (long long)seq);
	web_redirect(rs, to.buf);
	strbuf_release(&to);
}

/*
 * After signoff_apply: on to the acknowledgement, or the card again with
 * what was said (nothing recorded) or why it was refused.
 */
static void answer(struct web_request *rq, struct web_response *rs,
		   const struct signoff *req, const struct signoff_result *res,
		   int rc, struct err *err, const char *form)
{
	struct card c = { NULL, NULL, NULL, 1, form };
	struct strbuf said = STRBUF_INIT;

	if (!rc && res->recorded) {
		to_ack(rs, req->task_key, res->seq);
		return;
	}
	if (!rc) {
		action_ack(&said, req->task_key, req->action, res,
			   rq->run.zone);
		c.notice = said.buf;
	} else {
		c.err = err;
		c.findings = &res->findings;
		rs->status = 422;
	}
	card_page(rq, rs, &c);
	strbuf_release(&said);
}

void ui_change_release(struct ui_change *ch)
{
	size_t i;

	for (i = 0; i < ch->req.nevidence; i++)
		free(ch->req.evidence[i]);
	free(ch->req.evidence);
	free(ch->uploads);
	strbuf_release(&ch->text);
	signoff_result_release(&ch->res);
	memset(ch, 0, sizeof(*ch));
}

/* The request's common part: the route's task, the session's person. */
static void change_init(struct web_request *rq, struct ui_change *ch,
			const char *kind)
{
	memset(ch, 0, sizeof(*ch));
	strbuf_init(&ch->text);
	signoff_result_init(&ch->res);
	ch->req.task_key = rq->params[0];
	ch->req.action = kind;
	ch->req.by = rq->session.person;
	ch->req.at = rq->now;
	ch->req.auth = &rq->auth;
}

int ui_sign(struct web_request *rq, struct ui_change *ch, struct err *err)
{
	size_t i;

	change_init(rq, ch, "done");
	ch->req.evidence = xcalloc(rq->nform + 1, sizeof(char *));
	ch->uploads = xcalloc(rq->nform + 1, sizeof(*ch->uploads));
	for (i = 0; i < rq->nform; i++) {
		const struct web_field *f = &rq->form[i];
		struct signoff_upload *u = &ch->uploads[ch->req.nuploads];
		struct strbuf kv = STRBUF_INIT;

		if (strncmp(f->name, "ev.", 3))
			continue;
		if (f->filename) {
			/* A file input left empty sends an empty part. */
			if (!*f->filename && !f->value.len)
				continue;
			u->field = f->name + 3;
			u->name = f->filename;
			u->data = f->value.buf;
			u->len = f->value.len;
			ch->req.nuploads++;
		} else if (!difficulty_blank(f->value.buf)) {
			/* "field=value", as --evidence gives it. */
			strbuf_addf(&kv, "%s=", f->name + 3);
			strbuf_add(&kv, f->value.buf, f->value.len);
			ch->req.evidence[ch->req.nevidence++] =
				strbuf_detach(&kv, NULL);
		}
	}
	ch->req.uploads = ch->uploads;
	if (ui_text(rq, "comment", 0, &ch->text, err))
		return -1;
	ch->req.comment = ch->text.len ? ch->text.buf : NULL;
	return ui_apply(rq, &ch->req, &ch->res, err);
}

int ui_move(struct web_request *rq, struct ui_change *ch, struct err *err)
{
	const struct action *a = action_by_command(web_form(rq, "action"));

	change_init(rq, ch, a ? a->kind : "");
	if (!a || !a->help) {
		fail(err, "%s", _("choose skip, block, fail or reopen"));
		err_about(err, NULL, "action");
		return -1;
	}
	if (ui_text(rq, "reason", 1, &ch->text, err))
		return -1;
	ch->req.comment = ch->text.buf;
	return ui_apply(rq, &ch->req, &ch->res, err);
}

int ui_task_sign(struct web_request *rq, struct web_response *rs)
{
	struct ui_change ch;
	struct err err = ERR_INIT;
	int rc = ui_sign(rq, &ch, &err);

	answer(rq, rs, &ch.req, &ch.res, rc, &err, "sign");
	ui_change_release(&ch);
	err_release(&err);
	return 0;
}

int ui_task_move(struct web_request *rq, struct web_response *rs)
{
	struct ui_change ch;
	struct err err = ERR_INIT;
	int rc = ui_move(rq, &ch, &err);

	answer(rq, rs, &ch.req, &ch.res, rc, &err, "move");
	ui_change_release(&ch);
	err_release(&err);
	return 0;
}

int ui_task_ack(struct web_request *rq, struct web_response *rs)
{
	struct store_history *h = NULL;
	struct signoff_result res;
	struct strbuf *out = &rs->body, said = STRBUF_INIT;
	struct err err = ERR_INIT;
	size_t n = 0, i;
	char *end;
	long long seq = strtoll(rq->params[1], &end, 10);

	signoff_result_init(&res);
	if (store_task_history(rq->store, rq->run.id, rq->params[0], &h, &n,
			       &err)) {
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	for (i = 0; *end == '\0' && i < n && h[i].seq != seq; i++)
		;
	if (*end || i == n) {
		web_error(rq, rs, 404, _("this task has no such event"));
		goto done;
	}
	res.recorded = 1;
	res.seq = h[i].seq;
	/* The engine wrote the evidence: a top-level "waiver" is one. */
	res.waived = h[i].evidence && strstr(h[i].evidence, "\"waiver\":{");
	action_ack(&said, rq->params[0], h[i].kind, &res,
		   rq->run.zone);
	html_page_start(rq, rs, _("Recorded"));
	html_notice(out, "ok", said.buf);
	strbuf_adds(out, "<p>");
	html_txt(out, _("The ledger holds it: it cannot be lost or changed"
			" unnoticed."));
	strbuf_adds(out, "</p><p>");
	html_link(out, "/t/", rq->params[0], "", _("Back to the task"));
	strbuf_adds(out, " · ");
	html_link(out, "/u/", rq->unit_id, "", _("Back to the checklist"));
	strbuf_adds(out, "</p>\n");
	html_page_end(rq, rs);
done:
	strbuf_release(&said);
	store_history_free(h, n);
	signoff_result_release(&res);
	err_release(&err);
	return 0;
}
