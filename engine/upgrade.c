/*
 * Moving a run to another version of its runbook.  The plan is computed
 * from what the store holds (the run's live and archived tasks) and
 * diff_books' comparison of the two versions; nothing is written until upgrade_apply, which does it all in
 * one transaction.  Invariants: every live task of the run is in exactly
 * one op; every task of the new plan is the target of exactly one op.
 */
#include "upgrade.h"

#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "clock.h"
#include "duty.h"
#include "i18n.h"
#include "json.h"
#include "model.h"
#include "plan.h"
#include "term.h"
#include "units.h"
#include "xalloc.h"
#include "banned.h"

/* ---- a version from git ---- */

struct blobs {
	struct book_file *v;
	size_t n, alloc;
};

static int keep_blob(void *ctx, const char *relpath, const char *text,
		     size_t len)
{
	struct blobs *b = ctx;
	struct book_file *f;

	XGROW(b->v, b->alloc, b->n + 1);
	f = &b->v[b->n++];
	f->path = xstrdup(relpath);
	f->text = xstrndup(text, len);
	f->len = len;
	return 0;
}

int upgrade_load_version(struct vcs_repo *repo, const char *runbook,
			 const struct vcs_rev *rev, struct book **out,
			 struct err *err)
{
	struct strbuf rel = STRBUF_INIT, line = STRBUF_INIT;
	struct blobs b = { NULL, 0, 0 };
	size_t i;
	int rc;

	*out = NULL;
	rc = vcs_repo_path(repo, runbook, &rel, err);
	if (!rc)
		rc = vcs_read_folder(repo, rev, rel.buf, keep_blob, &b, err);
	if (!rc)
		rc = book_load_files(runbook, b.v, b.n, out, err);
	if (!rc)
		rc = book_expand(*out, err);
	if (rc) {
		book_free(*out);
		*out = NULL;
		/* "revision abc1234: rb/x.lua:12: ...": the place stays whole. */
		err_format(err, &line);
		err_reset(err);
		fail(err, "%s", line.buf);
		err_prefix(err, _("revision %s"), rev->short_id);
	}
	for (i = 0; i < b.n; i++) {
		free(b.v[i].path);
		free(b.v[i].text);
	}
	free(b.v);
	strbuf_release(&rel);
	strbuf_release(&line);
	return rc ? -1 : 0;
}

char **upgrade_repo_paths(const char *runbook_repo_path,
			  const struct book *book, size_t *n)
{
	const char *slash = strrchr(runbook_repo_path, '/');
	size_t dir = slash ? (size_t)(slash - runbook_repo_path + 1) : 0, i;
	char **paths = xcalloc(book->nfiles + 1, sizeof(*paths));

	for (i = 0; i < book->nfiles; i++) {
		struct strbuf p = STRBUF_INIT;

		strbuf_add(&p, runbook_repo_path, dir);
		strbuf_adds(&p, book->files[i].path);
		paths[i] = strbuf_detach(&p, NULL);
	}
	*n = book->nfiles;
	return paths;
}

void upgrade_take_book(struct store_run *run, const struct book *book)
{
	const struct runbook *rb = book->rb;

	free(run->title);
	free(run->directive);
	run->title = xstrdup(rb->title);
	run->directive = xstrdup(rb->directive);
	run->t0 = rb->t0;
	clock_zone_free(run->zone);
	run->zone = clock_zone_dup(rb->zone);
	run->locale = rb->locale;
	/* The book's labels are what the run reads from now on. */
	labels_free(run->labels);
	run->labels = labels_dup(rb->labels);
	run->has_duty_window = rb->has_duty_window;
	run->duty_from = run->duty_to = 0;
	if (rb->has_duty_window) {
		run->duty_from = clock_resolve(&rb->duty_from, rb->t0,
					       rb->zone);
		run->duty_to = clock_resolve(&rb->duty_to, rb->t0, rb->zone);
	}
}

/* ---- planning ---- */

/* The unit's id in the new registry when it was renamed, else NULL. */
static const char *renamed_unit(const struct diff *d, const char *id)
{
	size_t i;

	for (i = 0; i < d->units.n; i++)
		if (d->units.v[i].change == DIFF_RENAMED &&
		    d->units.v[i].old_id && !strcmp(d->units.v[i].old_id, id))
			return d->units.v[i].id;
	return NULL;
}

static const struct diff_entry *changed_step(const struct diff *d,
					     const char *id)
{
	size_t i;

	for (i = 0; i < d->steps.n; i++)
		if (d->steps.v[i].change == DIFF_CHANGED &&
		    !strcmp(d->steps.v[i].id, id))
			return &d->steps.v[i];
	return NULL;
}

static void add_reason(struct strbuf *out, const char *field)
{
	strbuf_adds(out, out->len ? ", " : "step changed: ");
	strbuf_adds(out, field);
}

/*
 * Why the task's sign-off no longer answers the new version: its step's
 * evidence or check changed, or its own deadline moved (the step's due
 * or recurrence).  Empty when it still does.
 */
static void sign_off_reasons(const struct diff *d, const struct store_task *t,
			     const struct plan_task *next, struct strbuf *out)
{
	const struct diff_entry *e = changed_step(d, t->step_id);
	int moved = t->due != next->due, said_due = 0;
	size_t i;

	for (i = 0; e && i < e->nfields; i++) {
		const char *f = e->fields[i].name;

		if (!strcmp(f, "evidence") || !strcmp(f, "check")) {
			add_reason(out, f);
		} else if (moved && (!strcmp(f, "due") || !strcmp(f, "every"))) {
			add_reason(out, f);
			said_due = 1;
		}
	}
	if (moved && !said_due)
		add_reason(out, "due");
}

/* Why a live task has no place in the new version. */
static void archive_reason(const struct book *next, const struct store_task *t,
			   const char *unit, struct strbuf *out)
{
	long step = model_find_step(next->rb, t->step_id);
	size_t i;

	if (step < 0) {
		strbuf_adds(out, "step removed");
		return;
	}
	if (!units_find(next->units, unit)) {
		strbuf_adds(out, "unit removed from the registry");
		return;
	}
	for (i = 0; i < next->plan->n; i++) {
		const struct plan_task *p = &next->plan->tasks[i];

		if (p->step == (size_t)step &&
		    !strcmp(next->units->units[p->unit].id, unit)) {
			strbuf_addf(out, "no occurrence on %s in this version",
				    t->occurrence ? t->occurrence : "that day");
			return;
		}
	}
	strbuf_adds(out, "unit no longer an owner of the step");
}

static struct upgrade_op *add_op(struct upgrade_plan *p,
				 enum upgrade_action action,
				 const struct store_task *t, long target,
				 const struct strbuf *reason)
{
	struct upgrade_op *op;

	XGROW(p->ops, p->alloc, p->n + 1);
	op = &p->ops[p->n++];
	memset(op, 0, sizeof(*op));
	op->action = action;
	op->target = target;
	if (t) {
		op->task_id = t->id;
		op->key = xstrdup(t->key);
		op->unit_id = xstrdup(t->unit_id);
		op->state = t->state;
		op->state_by = xstrdup(t->state_by);
		op->state_seq = t->last_seq;
		op->evidence = xstrdup(t->evidence);
	}
	if (reason && reason->len)
		op->reason = xstrdup(reason->buf);
	return op;
}

/*
 * The archived task with that key (keys are unique in a run), looked up
 * in the store when needed (a renamed unit, a task of the new version no
 * live task matched) rather than every archived task held at once: 1
 * and *out (store_task_release), 0 when there is none, or -1.
 */
static int archived_task(struct store *st, const struct store_run *run,
			 const char *key, struct store_task *out,
			 struct err *err)
{
	struct store_task_filter f;
	struct store_task *v;
	size_t n, i;

	memset(&f, 0, sizeof(f));
	f.key = key;
	f.archived = 1;
	f.no_requires = 1;
	if (store_tasks(st, run->id, &f, &v, &n, err))
		return -1;
	if (n)
		*out = v[0];
	for (i = 1; i < n; i++)
		store_task_release(&v[i]);
	free(v);
	return n > 0;
}

/* What a kept desk's coverage is checked against: the new window. */
struct window {
	struct store *st;
	const struct store_run *run;
	struct store_run next;  /* the run as the new version sets it */
	struct err *err;
	int failed;
};

/*
 * A done roster task whose unit's shifts leave a gap in the new
 * version's duty window: why, into reason (nothing when covered).  The
 * same rule as a roster change (duty_reopen_uncovered).
 */
static void window_reason(struct window *w, const struct store_task *t,
			  const struct step *step, struct strbuf *reason)
{
	struct interval first;
	size_t ngaps = 0;

	if (!step->roster || t->state != TASK_DONE ||
	    !w->next.has_duty_window || w->failed)
		return;
	if (w->run->has_duty_window && w->next.duty_from == w->run->duty_from &&
	    w->next.duty_to == w->run->duty_to)
		return;  /* the same window: the sign-off stands */
	if (duty_gaps(w->st, w->run, t->unit_id, step->roster,
		      w->next.duty_from, w->next.duty_to, &ngaps, &first,
		      w->err)) {
		w->failed = 1;
		return;
	}
	if (ngaps)
		duty_uncovered_text(reason, &w->next, t->unit_id, step->roster,
				    "duty window changed", ngaps, &first);
}

/* A live task: kept, reopened, updated, archived or renamed. */
static int plan_live(struct upgrade_plan *p, const struct store_task *t,
		     const struct book *next, const struct diff *d,
		     char *matched, struct window *w)
{
	const char *unit = renamed_unit(d, t->unit_id);
	struct strbuf key = STRBUF_INIT, reason = STRBUF_INIT;
	enum upgrade_action action = UPGRADE_KEEP;
	struct upgrade_op *op;
	struct store_task a;
	int ret = 0, rc;
	long k;

	if (!unit)
		unit = t->unit_id;
	strbuf_addf(&key, "%s@%s", t->step_id, unit);
	if (t->occurrence)
		strbuf_addf(&key, "#%s", t->occurrence);
	k = plan_find(next->plan, key.buf);
	if (k < 0 || matched[k]) {
		archive_reason(next, t, unit, &reason);
		add_op(p, UPGRADE_ARCHIVE, t, -1, &reason);
		p->archived++;
		goto done;
	}
	matched[k] = 1;
	sign_off_reasons(d, t, &next->plan->tasks[k], &reason);
	if (!reason.len)
		window_reason(w, t, &next->rb->steps[next->plan->tasks[k].step],
			      &reason);
	if (strcmp(unit, t->unit_id)) {
		rc = archived_task(w->st, w->run, key.buf, &a, w->err);
		if (rc < 0) {
			ret = -1;
			goto done;
		}
		op = add_op(p, UPGRADE_RENAME, t, k, &reason);
		op->new_key = xstrdup(key.buf);
		op->new_unit = xstrdup(unit);
		if (rc) {
			op->new_id = a.id;
			op->new_state = a.state;
			store_task_release(&a);
		}
		p->renamed++;
		goto done;
	}
	if (reason.len)
		action = t->state != TASK_PENDING ? UPGRADE_REOPEN :
			UPGRADE_UPDATE;
	if (action == UPGRADE_REOPEN) {
		add_op(p, action, t, k, &reason);
		p->reopened++;
	} else if (action == UPGRADE_UPDATE) {
		add_op(p, action, t, k, &reason);
		p->updated++;
	} else {
		XGROW(p->keeps, p->alloc_keeps, p->nkeeps + 1);
		p->keeps[p->nkeeps].task_id = t->id;
		p->keeps[p->nkeeps++].target = k;
		p->kept++;
		p->kept_settled += store_task_settled(t);
	}
done:
	strbuf_release(&key);
	strbuf_release(&reason);
	return ret;
}

/* A task of the new plan no live task matched: restored or added. */
static int plan_new(struct upgrade_plan *p, const struct book *next,
		    size_t i, struct store *st, const struct store_run *run,
		    struct err *err)
{
	const struct plan_task *pt = &next->plan->tasks[i];
	struct strbuf reason = STRBUF_INIT;
	struct upgrade_op *op;
	struct store_task t;
	int rc = archived_task(st, run, pt->key, &t, err);

	if (rc < 0)
		return -1;
	if (rc) {
		strbuf_adds(&reason, "back in this version");
		add_op(p, UPGRADE_RESTORE, &t, (long)i, &reason);
		p->restored++;
		store_task_release(&t);
	} else {
		op = add_op(p, UPGRADE_ADD, NULL, (long)i, NULL);
		op->key = xstrdup(pt->key);
		op->unit_id = xstrdup(next->units->units[pt->unit].id);
		op->state = TASK_PENDING;
		p->added++;
	}
	strbuf_release(&reason);
	return 0;
}

int upgrade_plan(struct store *st, const struct store_run *run,
		 const struct book *next, const struct diff *d,
		 struct upgrade_plan **out, struct err *err)
{
	struct store_task_cursor *c = NULL;
	struct store_task_filter every;
	struct store_task t;
	char *matched = NULL;
	struct window w;
	size_t i;
	int rc;

	*out = xcalloc(1, sizeof(**out));
	matched = xcalloc(next->plan->n + 1, 1);
	memset(&w, 0, sizeof(w));
	w.st = st;
	w.run = run;
	w.err = err;
	upgrade_take_book(&w.next, next);
	memset(&every, 0, sizeof(every));
	every.no_requires = 1;
	/* Every task moves, those its gate holds back on a fallback path too. */
	every.held_back = 1;
	/* One live task at a time: a national run has a million. */
	if (store_task_cursor_open(st, run->id, &every, &c, err))
		goto fail;
	while ((rc = store_task_cursor_next(c, &t, err)) == 1) {
		rc = plan_live(*out, &t, next, d, matched, &w);
		store_task_release(&t);
		if (rc)
			goto fail;
	}
	store_task_cursor_close(c);
	c = NULL;
	if (rc || w.failed)
		goto fail;
	for (i = 0; i < next->plan->n; i++)
		if (!matched[i] && plan_new(*out, next, i, st, run, err))
			goto fail;
	free(matched);
	store_run_release(&w.next);
	return 0;
fail:
	store_task_cursor_close(c);
	free(matched);
	store_run_release(&w.next);
	upgrade_plan_free(*out);
	*out = NULL;
	return -1;
}

int upgrade_plan_is_empty(const struct upgrade_plan *p)
{
	return !p->reopened && !p->updated && !p->archived && !p->restored &&
		!p->added && !p->renamed;
}

/* ---- output ---- */

/*
 * What each task's line begins with, in the user's language; the reason
 * after it is the one the ledger records, and stays as recorded.
 */
static const char *const action_names[] = {
	[UPGRADE_KEEP] = NC_("upgrade", "keep"),
	[UPGRADE_REOPEN] = NC_("upgrade", "reopen"),
	[UPGRADE_UPDATE] = NC_("upgrade", "update"),
	[UPGRADE_ARCHIVE] = NC_("upgrade", "archive"),
	[UPGRADE_RESTORE] = NC_("upgrade", "restore"),
	[UPGRADE_ADD] = NC_("upgrade", "add"),
	[UPGRADE_RENAME] = NC_("upgrade", "rename"),
};

static void op_text(const struct upgrade_op *op, struct strbuf *out)
{
	term_pad(out, C_("upgrade", action_names[op->action]), 8);
	strbuf_addf(out, " %s", op->key);
	if (op->new_key)
		strbuf_addf(out, " -> %s", op->new_key);
	if (op->action != UPGRADE_ADD) {
		strbuf_addf(out, " (%s", action_task_state_name(op->state));
		if (op->state != TASK_PENDING && op->state_by)
			strbuf_addf(out, _(" by %s"), op->state_by);
		strbuf_addch(out, ')');
	}
	if (op->action == UPGRADE_RENAME)
		strbuf_addf(out, ": %s%s%s", _("unit renamed"),
			    op->reason ? "; " : "",
			    op->reason ? op->reason : "");
	else if (op->reason)
		strbuf_addf(out, ": %s", op->reason);
	strbuf_addch(out, '\n');
}

static void counts_text(const struct upgrade_plan *p, struct strbuf *out)
{
	strbuf_addf(out, _("tasks: %zu kept (%zu done or skipped), %zu"
			   " reopened, %zu updated, %zu archived, %zu added"),
		    p->kept, p->kept_settled, p->reopened, p->updated,
		    p->archived, p->added);
	if (p->restored)
		strbuf_addf(out, _(", %zu restored"), p->restored);
	if (p->renamed)
		strbuf_addf(out, _(", %zu renamed"), p->renamed);
}

void upgrade_format_text(const struct upgrade_plan *p, struct strbuf *out)
{
	static const enum upgrade_action order[] = {
		UPGRADE_REOPEN, UPGRADE_UPDATE, UPGRADE_ARCHIVE,
		UPGRADE_RENAME, UPGRADE_RESTORE, UPGRADE_ADD,
	};
	size_t i, j;

	for (j = 0; j < sizeof(order) / sizeof(order[0]); j++)
		for (i = 0; i < p->n; i++)
			if (p->ops[i].action == order[j])
				op_text(&p->ops[i], out);
	counts_text(p, out);
	strbuf_addch(out, '\n');
}

/* ---- applying ---- */

struct event_args {
	const char *kind;
	const char *key;
	const char *unit;
	const char *evidence;
};

static int task_event(struct store *st, const struct store_run *run,
		      const struct upgrade_target *target,
		      const struct event_args *a, const char *why,
		      int64_t *seq, struct err *err)
{
	struct store_event ev;
	struct strbuf comment = STRBUF_INIT;
	int rc;

	strbuf_addf(&comment, "upgrade to %s: %s", target->short_id, why);
	memset(&ev, 0, sizeof(ev));
	ev.run_id = run->id;
	ev.task_key = a->key;
	ev.kind = a->kind;
	ev.actor = target->by;
	ev.unit_id = a->unit;
	ev.at = target->at;
	ev.comment = comment.buf;
	ev.evidence = a->evidence;
	ev.commit_id = target->commit_id;
	rc = store_append_event(st, &ev, seq, NULL, err);
	strbuf_release(&comment);
	return rc;
}

/*
 * A renamed unit's task: the old one archived, the new one (or the
 * archived task that had its key) carrying its state, or pending when
 * its step changed for its sign-off.
 */
static int apply_rename(struct store *st, const struct store_run *run,
			const struct book *next, const struct upgrade_op *op,
			const struct upgrade_target *target, struct err *err)
{
	struct event_args old = { "archived", op->key, op->unit_id, NULL };
	struct event_args cont = { NULL, op->new_key, op->new_unit, NULL };
	struct strbuf why = STRBUF_INIT;
	int carry = op->state != TASK_PENDING && !op->reason;
	int64_t id = op->new_id, seq;
	int ret = -1;

	strbuf_addf(&why, "unit renamed: continues as %s", op->new_key);
	if (op->reason)
		strbuf_addf(&why, ", pending (%s)", op->reason);
	if (task_event(st, run, target, &old, why.buf, &seq, err) ||
	    store_archive_task(st, run->id, op->task_id, seq, err) ||
	    store_put_task(st, run->id, next, (size_t)op->target, &id, err))
		goto done;
	strbuf_reset(&why);
	if (carry) {
		cont.kind = task_state_name(op->state);
		cont.evidence = op->evidence;
		strbuf_addf(&why, "unit renamed from %s: carries the state of"
			    " %s (event %lld", op->unit_id, op->key,
			    (long long)op->state_seq);
		if (op->state_by)
			strbuf_addf(&why, " by %s", op->state_by);
		strbuf_addch(&why, ')');
	} else if (op->new_id && op->new_state != TASK_PENDING) {
		cont.kind = "reopened";
		strbuf_addf(&why, "unit renamed from %s%s%s", op->unit_id,
			    op->reason ? "; " : "",
			    op->reason ? op->reason : "");
	}
	if (cont.kind && task_event(st, run, target, &cont, why.buf, NULL, err))
		goto done;
	ret = 0;
done:
	strbuf_release(&why);
	return ret;
}

static int apply_op(struct store *st, const struct store_run *run,
		    const struct book *next, const struct upgrade_op *op,
		    const struct upgrade_target *target, struct err *err)
{
	struct event_args a = { NULL, op->key, op->unit_id, NULL };
	int64_t id = op->task_id, seq;

	switch (op->action) {
	case UPGRADE_RENAME:
		return apply_rename(st, run, next, op, target, err);
	case UPGRADE_ARCHIVE:
		a.kind = "archived";
		if (task_event(st, run, target, &a, op->reason, &seq, err))
			return -1;
		return store_archive_task(st, run->id, id, seq, err);
	case UPGRADE_REOPEN:
		a.kind = "reopened";
		break;
	case UPGRADE_RESTORE:
		a.kind = op->state != TASK_PENDING ? "reopened" :
			"restored";
		break;
	case UPGRADE_KEEP:
	case UPGRADE_UPDATE:
	case UPGRADE_ADD:
		break;
	}
	if (store_put_task(st, run->id, next, (size_t)op->target, &id, err))
		return -1;
	if (a.kind && task_event(st, run, target, &a, op->reason, NULL, err))
		return -1;
	return 0;
}

int upgrade_apply(struct store *st, struct store_run *run,
		  const struct book *next, const struct upgrade_plan *plan,
		  const struct upgrade_target *target, struct err *err)
{
	struct store_event ev;
	struct strbuf comment = STRBUF_INIT, evidence = STRBUF_INIT;
	size_t i;
	int ret = -1;

	if (run->commit_id)
		strbuf_addf(&comment, "upgrade from %.7s", run->commit_id);
	else
		strbuf_adds(&comment, "upgrade from a version outside git");
	strbuf_addf(&comment, " to %s (%s): ", target->short_id,
		    target->approval ? target->approval : "unapproved");
	counts_text(plan, &comment);
	free(run->commit_id);
	free(run->blob_id);
	free(run->approval);
	run->commit_id = xstrdup(target->commit_id);
	run->blob_id = xstrdup(target->blob_id);
	run->approval = xstrdup(target->approval);
	run->dirty = 0;
	upgrade_take_book(run, next);
	if (store_begin(st, err))
		goto out;
	if (store_set_version(st, run, next, target->by, target->at, err))
		goto done;
	for (i = 0; i < plan->n + plan->nkeeps; i++) {
		if (i < plan->n) {
			if (apply_op(st, run, next, &plan->ops[i], target,
				     err))
				goto done;
		} else {
			int64_t id = plan->keeps[i - plan->n].task_id;

			if (store_put_task(st, run->id, next, (size_t)
					   plan->keeps[i - plan->n].target,
					   &id, err))
				goto done;
		}
		store_progress(st, N_("moving the tasks"), i + 1,
			       plan->n + plan->nkeeps);
	}
	if (store_link_tasks(st, run->id, next, err))
		goto done;
	/*
	 * The upgrade event comes last, after its tasks' events: it seals
	 * the definition the run reads from now on, as the transaction
	 * leaves it.
	 */
	strbuf_addch(&evidence, '{');
	json_key(&evidence, "definition", 1);
	if (store_definition(st, run->id, &evidence, err))
		goto done;
	strbuf_addch(&evidence, '}');
	memset(&ev, 0, sizeof(ev));
	ev.run_id = run->id;
	ev.kind = "upgrade";
	ev.actor = target->by;
	ev.at = target->at;
	ev.comment = comment.buf;
	ev.evidence = evidence.buf;
	ev.commit_id = target->commit_id;
	if (store_append_event(st, &ev, NULL, NULL, err))
		goto done;
	ret = store_commit(st, err);
done:
	if (ret)
		store_rollback(st);
out:
	strbuf_release(&comment);
	strbuf_release(&evidence);
	return ret;
}

void upgrade_plan_free(struct upgrade_plan *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->ops[i].key);
		free(p->ops[i].unit_id);
		free(p->ops[i].state_by);
		free(p->ops[i].evidence);
		free(p->ops[i].reason);
		free(p->ops[i].new_key);
		free(p->ops[i].new_unit);
	}
	free(p->ops);
	free(p->keeps);
	free(p);
}
