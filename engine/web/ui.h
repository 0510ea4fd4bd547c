/*
 * What the page families share: a task's line in a list, its state as a
 * badge, the unit a route names, a form's reason field.
 */
#ifndef WEB_UI_H
#define WEB_UI_H

#include "signoff.h"
#include "strbuf.h"
#include "web/web.h"

/*
 * Starts a page (html_page_start) keeping the status the handler set
 * (a refusal's 422), with a notice (plain text, may be NULL) and the
 * line of a refusal (may be NULL) under its title.
 */
void ui_page_start(struct web_request *rq, struct web_response *rs,
		   const char *title, const char *notice,
		   const struct err *refusal);

/* The state of t as a badge ("late" when it is). */
void ui_state_badge(struct strbuf *out, const struct web_request *rq,
		    const struct store_task *t);
/* t as an item of a <ul class="tasks">, a link to its card. */
void ui_task_item(struct strbuf *out, const struct web_request *rq,
		  const struct store_task *t, int show_unit);
/*
 * The name of the route's unit (rq->unit_id) in the run's registry: 0,
 * or -1 once the response says there is none (404).
 */
int ui_unit_name(struct web_request *rq, struct web_response *rs,
		 const char **name);
/*
 * A free text a form brought (a reason, a comment): trimmed, at most the
 * evidence rules' length, no control characters; empty is NULL when not
 * required.  0, or -1 with err naming the field.
 */
int ui_text(const struct web_request *rq, const char *field, int required,
	    struct strbuf *out, struct err *err);

/*
 * The done tasks (of unit_id; NULL: all) resting on reopened
 * requirements, as a list under a heading (nothing when none): 0 or -1.
 */
int ui_resting(struct strbuf *out, struct web_request *rq, const char *unit_id,
	    struct err *err);

/* Difficulties as cards: number, system, severity, text, route, state. */
void ui_issue_rows(struct strbuf *out, const struct web_request *rq,
		   const struct book *book, const struct store_issue *is,
		   size_t n);
/*
 * Raises the difficulty the form describes (system, severity, text) for
 * the route's unit through difficulty_raise; text holds its text.  The
 * caller frees is's recipients (difficulty_recipients_free).  0 or -1.
 */
int ui_issue_raise(struct web_request *rq, struct store_issue *is,
		   struct strbuf *text, struct err *err);

/*
 * Adds the shift the form describes (role, person, phone, from, to) for
 * the route's unit through the duty module: 0, 1 when it was on the
 * roster already, -1 with err (its field set).  sh: duty_shift_release.
 */
int ui_shift_add(struct web_request *rq, struct store_shift *sh,
		 struct err *err);
/*
 * Removes shift {shift} of the route's unit with the form's reason: 0,
 * STORE_NOTFOUND (not the unit's), -1 with err.
 */
int ui_shift_remove(struct web_request *rq, struct err *err);

/* A change of a task a form asks for, and how it went. */
struct ui_change {
	struct signoff req;
	struct signoff_upload *uploads;
	struct strbuf text;            /* the comment or the reason */
	struct signoff_result res;
};
void ui_change_release(struct ui_change *ch);
/*
 * The sign-off of the route's task {task} with the form's evidence
 * (fields "ev.NAME", files too) and comment, by the session: 0 (see
 * ch->res), or -1 with err (and ch->res.findings).  Release ch always.
 */
int ui_sign(struct web_request *rq, struct ui_change *ch, struct err *err);
/* The same for the form's action (skip, block, fail, reopen) and reason. */
int ui_move(struct web_request *rq, struct ui_change *ch, struct err *err);

/*
 * signoff_apply with the worker's runbook, the session's token and
 * person, its record in a group commit (commit.c): the one way a page or
 * the API changes a task.
 */
int ui_apply(struct web_request *rq, const struct signoff *req,
	     struct signoff_result *res, struct err *err);

#endif
