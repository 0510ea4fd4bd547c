/*
 * The JSON API (/api/v1, docs/serve.md): the pages' actions for other
 * programs.  Requests are forms (application/x-www-form-urlencoded, or
 * multipart/form-data with files), as the pages send them; answers are
 * JSON.  A session comes from POST /api/v1/session with a token and is
 * given back as "Authorization: Bearer SESSION" (no cookie: so no CSRF
 * field either).  Every action goes through the same code as its page.
 */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "difficulty.h"
#include "duty.h"
#include "evidence.h"
#include "i18n.h"
#include "json.h"
#include "seal.h"
#include "web/ui.h"
#include "banned.h"

static void begin(struct web_response *rs)
{
	rs->type = "application/json";
	strbuf_reset(&rs->body);
	strbuf_addch(&rs->body, '{');
}

static void end(struct web_response *rs)
{
	strbuf_adds(&rs->body, "}\n");
}

/* "key": "2026-05-29T22:00:00+07:00", after another member. */
static void json_time_first(struct strbuf *out, const struct web_request *rq,
			    const char *key, instant_t t, int first);

static void json_time(struct strbuf *out, const struct web_request *rq,
		      const char *key, instant_t t)
{
	json_time_first(out, rq, key, t, 0);
}

static void json_time_first(struct strbuf *out, const struct web_request *rq,
			    const char *key, instant_t t, int first)
{
	struct strbuf sb = STRBUF_INIT;

	clock_format_rfc3339(&sb, t, rq->run.zone);
	json_key_string(out, key, sb.buf, first);
	strbuf_release(&sb);
}

/* A refusal: 422 (or status) with the error, its field, a check's findings. */
static void refused(struct web_response *rs, int status, const struct err *err,
		    const struct strbuf *findings)
{
	struct strbuf line = STRBUF_INIT;
	const char *p, *nl;
	int first = 1;

	err_format(err, &line);
	begin(rs);
	rs->status = status;
	json_key_string(&rs->body, "error", line.buf, 1);
	json_key_string(&rs->body, "field", err->field, 0);
	json_key(&rs->body, "findings", 0);
	strbuf_addch(&rs->body, '[');
	for (p = findings ? findings->buf : ""; *p; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		strbuf_reset(&line);
		strbuf_add(&line, p, (size_t)(nl - p));
		if (!first)
			strbuf_addch(&rs->body, ',');
		json_string(&rs->body, line.buf);
		first = 0;
	}
	strbuf_addch(&rs->body, ']');
	end(rs);
	strbuf_release(&line);
}

int api_session(struct web_request *rq, struct web_response *rs)
{
	struct strbuf person = STRBUF_INIT, secret = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct auth auth = AUTH_INIT;

	if (evidence_name(web_form(rq, "person"), &person, &err) ||
	    !person.len) {
		if (!err_is_set(&err))
			fail(&err, "%s", _("type your full name"));
		err_about(&err, NULL, "person");
		refused(rs, 422, &err, NULL);
		goto done;
	}
	if (web_login_token(rq, web_form(rq, "token"), &auth, &err)) {
		refused(rs, 403, &err, NULL);
		goto done;
	}
	if (store_begin(rq->store, &err))
		goto failed;
	if (web_session_open(rq, &auth, person.buf, NULL, &secret, &err) ||
	    store_commit(rq->store, &err)) {
		store_rollback(rq->store);
		goto failed;
	}
	begin(rs);
	json_key_string(&rs->body, "session", secret.buf, 1);
	json_key_string(&rs->body, "unit", auth.unit_id, 0);
	json_key_string(&rs->body, "person", person.buf, 0);
	json_time(&rs->body, rq, "expires_at",
		  rq->now + rq->cfg->session_seconds);
	end(rs);
	goto done;
failed:
	refused(rs, 500, &err, NULL);
done:
	seal_wipe(secret.buf, secret.len);
	strbuf_release(&secret);
	strbuf_release(&person);
	auth_release(&auth);
	err_release(&err);
	return 0;
}

int api_logout(struct web_request *rq, struct web_response *rs)
{
	struct err err = ERR_INIT;

	if (web_session_end(rq, rs, &err)) {
		refused(rs, 500, &err, NULL);
	} else {
		strbuf_reset(&rs->cookies);
		begin(rs);
		json_key(&rs->body, "ended", 1);
		strbuf_adds(&rs->body, "true");
		end(rs);
	}
	err_release(&err);
	return 0;
}

static void task_json(struct strbuf *out, const struct web_request *rq,
		      const struct store_task *t)
{
	strbuf_addch(out, '{');
	json_key_string(out, "key", t->key, 1);
	json_key_string(out, "title", t->title, 0);
	json_key_string(out, "step", t->step_id, 0);
	json_key_string(out, "unit", t->unit_id, 0);
	json_key_string(out, "directive", t->directive, 0);
	json_time(out, rq, "due", t->due);
	json_key_string(out, "state",
		task_state_name(t->state), 0);
	json_key(out, "late", 0);
	strbuf_adds(out, store_task_late(t, rq->now) ? "true" : "false");
	json_key_string(out, "by", t->last_seq ? t->state_by : NULL, 0);
	if (t->last_seq)
		json_time(out, rq, "at", t->state_at);
	json_key_string(out, "comment", t->state_comment, 0);
	json_key_int(out, "event", t->last_seq, 0);
	strbuf_addch(out, '}');
}

int api_tasks(struct web_request *rq, struct web_response *rs)
{
	struct store_task_filter f;
	struct store_task *t = NULL;
	struct err err = ERR_INIT;
	size_t n = 0, i;

	memset(&f, 0, sizeof(f));
	f.unit_id = rq->unit_id;
	f.no_requires = 1;
	if (store_tasks(rq->store, rq->run.id, &f, &t, &n, &err)) {
		refused(rs, 500, &err, NULL);
		goto done;
	}
	begin(rs);
	json_key_string(&rs->body, "unit", rq->unit_id, 1);
	json_key(&rs->body, "tasks", 0);
	strbuf_addch(&rs->body, '[');
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addch(&rs->body, ',');
		task_json(&rs->body, rq, &t[i]);
	}
	strbuf_addch(&rs->body, ']');
	end(rs);
done:
	store_tasks_free(t, n);
	err_release(&err);
	return 0;
}

int api_task(struct web_request *rq, struct web_response *rs)
{
	struct store_task t;
	struct book *book;
	struct err err = ERR_INIT;
	const struct step *step;
	long s;
	size_t i;

	if (store_task(rq->store, rq->run.id, rq->params[0], &t, &err)) {
		refused(rs, 404, &err, NULL);
		err_release(&err);
		return 0;
	}
	if (web_book(rq, &book, &err)) {
		refused(rs, 500, &err, NULL);
		goto done;
	}
	begin(rs);
	json_key(&rs->body, "task", 1);
	task_json(&rs->body, rq, &t);
	/* What a sign-off takes: the step's evidence fields, typed. */
	json_key(&rs->body, "evidence", 0);
	strbuf_addch(&rs->body, '[');
	s = model_find_step(book->rb, t.step_id);
	step = s >= 0 ? &book->rb->steps[s] : NULL;
	for (i = 0; step && i < step->nevidence; i++) {
		strbuf_adds(&rs->body, i ? ",{" : "{");
		json_key_string(&rs->body, "field", step->evidence[i].name, 1);
		json_key_string(&rs->body, "type", model_evidence_type_name(
					step->evidence[i].type), 0);
		json_key(&rs->body, "optional", 0);
		strbuf_adds(&rs->body, step->evidence[i].optional ? "true" :
			    "false");
		strbuf_addch(&rs->body, '}');
	}
	strbuf_addch(&rs->body, ']');
	end(rs);
done:
	store_task_release(&t);
	err_release(&err);
	return 0;
}

/* After a change: the event, or what was said, or the refusal. */
static void changed(struct web_request *rq, struct web_response *rs,
		    struct ui_change *ch, int rc, const struct err *err)
{
	struct strbuf said = STRBUF_INIT;

	if (rc) {
		refused(rs, 422, err, &ch->res.findings);
		return;
	}
	action_ack(&said, ch->req.task_key, ch->req.action, &ch->res,
		   rq->run.zone);
	begin(rs);
	json_key(&rs->body, "recorded", 1);
	strbuf_adds(&rs->body, ch->res.recorded ? "true" : "false");
	json_key_string(&rs->body, "task", ch->req.task_key, 0);
	json_key_string(&rs->body, "action", ch->req.action, 0);
	if (ch->res.recorded) {
		json_key_int(&rs->body, "event", ch->res.seq, 0);
		json_key_string(&rs->body, "hash", ch->res.hash, 0);
	} else {
		json_key_string(&rs->body, "state",
			task_state_name(ch->res.previous_state), 0);
	}
	json_key_string(&rs->body, "message", said.buf, 0);
	end(rs);
	strbuf_release(&said);
}

int api_sign(struct web_request *rq, struct web_response *rs)
{
	struct ui_change ch;
	struct err err = ERR_INIT;
	int rc = ui_sign(rq, &ch, &err);

	changed(rq, rs, &ch, rc, &err);
	ui_change_release(&ch);
	err_release(&err);
	return 0;
}

int api_move(struct web_request *rq, struct web_response *rs)
{
	struct ui_change ch;
	struct err err = ERR_INIT;
	int rc = ui_move(rq, &ch, &err);

	changed(rq, rs, &ch, rc, &err);
	ui_change_release(&ch);
	err_release(&err);
	return 0;
}

static void count_json(struct strbuf *out, const struct store_count *c,
		       int first)
{
	if (!first)
		strbuf_addch(out, ',');
	strbuf_addch(out, '{');
	json_key_string(out, "id", c->key, 1);
	json_key_string(out, "name", c->label, 0);
	json_key_int(out, "total", c->total, 0);
	json_key_int(out, "done", c->done + c->skipped, 0);
	json_key_int(out, "late", c->late, 0);
	json_key_int(out, "blocked", c->blocked + c->failed, 0);
	strbuf_addch(out, '}');
}

int api_status(struct web_request *rq, struct web_response *rs)
{
	struct store_tally tally;
	struct err err = ERR_INIT;
	size_t i;

	memset(&tally, 0, sizeof(tally));
	if (store_tally(rq->store, rq->run.id, rq->now, 0, &tally, &err)) {
		refused(rs, 500, &err, NULL);
		goto done;
	}
	begin(rs);
	json_key_string(&rs->body, "run", rq->run.name, 1);
	json_key_string(&rs->body, "mode", rq->run.mode, 0);
	json_time(&rs->body, rq, "t0", rq->run.t0);
	json_time(&rs->body, rq, "now", rq->now);
	json_key(&rs->body, "all", 0);
	count_json(&rs->body, &tally.all, 1);
	json_key(&rs->body, "sections", 0);
	strbuf_addch(&rs->body, '[');
	for (i = 0; i < tally.n[STORE_BY_SECTION]; i++)
		count_json(&rs->body, &tally.groups[STORE_BY_SECTION][i], !i);
	strbuf_addch(&rs->body, ']');
	json_key(&rs->body, "units", 0);
	strbuf_addch(&rs->body, '[');
	for (i = 0; i < tally.n[STORE_BY_UNIT]; i++)
		count_json(&rs->body, &tally.groups[STORE_BY_UNIT][i], !i);
	strbuf_addch(&rs->body, ']');
	end(rs);
done:
	store_tally_release(&tally);
	err_release(&err);
	return 0;
}

int api_issues(struct web_request *rq, struct web_response *rs)
{
	struct store_issue_filter f;
	struct store_issue *is = NULL;
	struct err err = ERR_INIT;
	size_t n = 0, i, j;

	memset(&f, 0, sizeof(f));
	f.unit_id = rq->unit_id;
	if (store_issues(rq->store, rq->run.id, &f, &is, &n, &err)) {
		refused(rs, 500, &err, NULL);
		goto done;
	}
	begin(rs);
	json_key_string(&rs->body, "unit", rq->unit_id, 1);
	json_key(&rs->body, "difficulties", 0);
	strbuf_addch(&rs->body, '[');
	for (i = 0; i < n; i++) {
		strbuf_adds(&rs->body, i ? ",{" : "{");
		json_key_int(&rs->body, "number", is[i].number, 1);
		json_key_string(&rs->body, "system", is[i].system, 0);
		json_key_string(&rs->body, "severity", is[i].severity, 0);
		json_key_string(&rs->body, "text", is[i].text, 0);
		json_key_string(&rs->body, "state", is[i].resolved ?
				"resolved" : "open", 0);
		json_key(&rs->body, "recipients", 0);
		strbuf_addch(&rs->body, '[');
		for (j = 0; j < is[i].nrecipients; j++) {
			if (j)
				strbuf_addch(&rs->body, ',');
			json_string(&rs->body, is[i].recipients[j]);
		}
		strbuf_adds(&rs->body, "]}");
	}
	strbuf_addch(&rs->body, ']');
	end(rs);
done:
	store_issues_free(is, n);
	err_release(&err);
	return 0;
}

int api_issue_add(struct web_request *rq, struct web_response *rs)
{
	struct store_issue is;
	struct strbuf text = STRBUF_INIT;
	struct err err = ERR_INIT;
	size_t i;

	if (ui_issue_raise(rq, &is, &text, &err)) {
		refused(rs, 422, &err, NULL);
		goto done;
	}
	begin(rs);
	json_key_int(&rs->body, "number", is.number, 1);
	json_key_int(&rs->body, "event", is.raised_seq, 0);
	json_key(&rs->body, "recipients", 0);
	strbuf_addch(&rs->body, '[');
	for (i = 0; i < is.nrecipients; i++) {
		if (i)
			strbuf_addch(&rs->body, ',');
		json_string(&rs->body, is.recipients[i]);
	}
	strbuf_addch(&rs->body, ']');
	end(rs);
done:
	difficulty_recipients_free(&is);
	strbuf_release(&text);
	err_release(&err);
	return 0;
}

int api_shifts(struct web_request *rq, struct web_response *rs)
{
	struct duty_status *d = NULL;
	struct store_shift *sh = NULL;
	struct err err = ERR_INIT;
	size_t nd = 0, ns = 0, i, j;

	if (duty_coverage(rq->store, &rq->run, rq->unit_id, NULL, &d, &nd,
			  &err) ||
	    store_shifts(rq->store, rq->run.id, rq->unit_id, NULL, &sh, &ns,
			 &err)) {
		refused(rs, 500, &err, NULL);
		goto done;
	}
	begin(rs);
	json_key_string(&rs->body, "unit", rq->unit_id, 1);
	json_key(&rs->body, "shifts", 0);
	strbuf_addch(&rs->body, '[');
	for (i = 0; i < ns; i++) {
		strbuf_adds(&rs->body, i ? ",{" : "{");
		json_key_int(&rs->body, "id", sh[i].id, 1);
		json_key_string(&rs->body, "role", sh[i].role, 0);
		json_key_string(&rs->body, "person", sh[i].person, 0);
		json_key_string(&rs->body, "phone", sh[i].phone, 0);
		json_time(&rs->body, rq, "from", sh[i].from);
		json_time(&rs->body, rq, "to", sh[i].to);
		strbuf_addch(&rs->body, '}');
	}
	strbuf_addch(&rs->body, ']');
	json_key(&rs->body, "duties", 0);
	strbuf_addch(&rs->body, '[');
	for (i = 0; i < nd; i++) {
		strbuf_adds(&rs->body, i ? ",{" : "{");
		json_key_string(&rs->body, "role", d[i].duty.role, 1);
		json_key(&rs->body, "gaps", 0);
		strbuf_addch(&rs->body, '[');
		for (j = 0; j < d[i].ngaps; j++) {
			strbuf_adds(&rs->body, j ? ",{" : "{");
			json_time_first(&rs->body, rq, "from",
					d[i].gaps[j].from, 1);
			json_time(&rs->body, rq, "to", d[i].gaps[j].to);
			strbuf_addch(&rs->body, '}');
		}
		strbuf_adds(&rs->body, "]}");
	}
	strbuf_addch(&rs->body, ']');
	end(rs);
done:
	duty_status_free(d, nd);
	store_shifts_free(sh, ns);
	err_release(&err);
	return 0;
}

int api_shift_add(struct web_request *rq, struct web_response *rs)
{
	struct store_shift sh;
	struct err err = ERR_INIT;
	int rc = ui_shift_add(rq, &sh, &err);

	if (rc < 0) {
		refused(rs, 422, &err, NULL);
	} else {
		begin(rs);
		json_key(&rs->body, "recorded", 1);
		strbuf_adds(&rs->body, rc ? "false" : "true");
		json_key_int(&rs->body, "shift", sh.id, 0);
		if (!rc)
			json_key_int(&rs->body, "event", sh.added_seq, 0);
		end(rs);
	}
	duty_shift_release(&sh);
	err_release(&err);
	return 0;
}

int api_shift_remove(struct web_request *rq, struct web_response *rs)
{
	struct err err = ERR_INIT;
	int rc = ui_shift_remove(rq, &err);

	if (rc) {
		refused(rs, rc == STORE_NOTFOUND ? 404 : 422, &err, NULL);
	} else {
		begin(rs);
		json_key(&rs->body, "removed", 1);
		strbuf_adds(&rs->body, "true");
		end(rs);
	}
	err_release(&err);
	return 0;
}
