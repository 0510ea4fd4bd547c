/*
 * A walk through a run's open tasks in time order (cutover step): which
 * task is in front of the coordinator, moving to the next or previous
 * one, a filter on a unit or a section, the actions (through
 * signoff_apply, the code every other front end uses), and the task's
 * card and details formatted for a terminal.
 *
 * The open tasks are those not done or skipped, by due then key, as
 * store_tasks orders them: late ones first.  The current task is held
 * by key and read again from the store after every action, so the card
 * shows what another coordinator recorded meanwhile.
 */
#ifndef WALK_H
#define WALK_H

#include <stddef.h>

#include "book.h"
#include "clock.h"
#include "err.h"
#include "model.h"
#include "signoff.h"
#include "store.h"
#include "strbuf.h"

struct walk {
	struct store *st;
	const struct store_run *run;
	struct book *book;          /* the run's runbook; signoff_apply's cache */
	char *unit_id;              /* the filter: NULL for every unit */
	char *section_id;           /* NULL for every section */
	struct store_task *open;    /* the open tasks under the filter */
	size_t nopen;
	struct store_task cur;      /* the current task, valid when has_cur */
	int has_cur;
	size_t pos;                 /* the first open task not before cur */
};

/*
 * Starts a walk on the run: loads its runbook and its open tasks; the
 * current task is `key` when given, else the first open one.  Returns 0,
 * STORE_NOTFOUND (no task `key`), or -1; err set.  Release with
 * walk_release, also after a failure.
 */
int walk_init(struct walk *w, struct store *st, const struct store_run *run,
	      const char *key, struct err *err);
void walk_release(struct walk *w);

/* Reads the open tasks and the current task again.  0 or -1. */
int walk_refresh(struct walk *w, struct err *err);

/*
 * Moves to the next (delta 1) or previous (-1) open task.  Returns 0, 1
 * when there is none that way (nothing moves), or -1.
 */
int walk_move(struct walk *w, int delta, struct err *err);

/* Makes task `key` current, open or not: 0, STORE_NOTFOUND, or -1. */
int walk_goto(struct walk *w, const char *key, struct err *err);

enum walk_filter_kind {
	WALK_UNIT_OR_SECTION,   /* whichever the id names, unit first */
	WALK_UNIT,
	WALK_SECTION
};

/*
 * Filters on a unit or a section, by id ("" clears both); the current
 * task becomes the first open one under the filter.  Returns 0,
 * STORE_NOTFOUND (no such unit or section in the run), or -1.
 */
int walk_filter(struct walk *w, enum walk_filter_kind kind, const char *id,
		struct err *err);

/* The current task's 1-based place among the open ones, or 0. */
size_t walk_place(const struct walk *w);

/* The step of the current task in the run's runbook, or NULL. */
const struct step *walk_step(const struct walk *w);

/*
 * Applies req (its task_key is set to the current task's) with
 * signoff_apply, then reads the tasks again.  After a recorded done,
 * skip, fail or block the walk moves on to the next open task; after a
 * comment or a reopen it stays.  Returns what signoff_apply returns.
 */
int walk_apply(struct walk *w, struct signoff *req,
	       struct signoff_result *res, struct err *err);

/* How the card is laid out. */
struct walk_view {
	int color;                  /* ANSI colours */
	size_t width;               /* columns */
	instant_t now;
};

/*
 * Appends the header line (run, clock, place, filter) and the current
 * task's card: key and state, title, directive item and section, owner,
 * recipient, deadline and time left, evidence required, the required
 * tasks not yet done, gate.  0 or -1.
 */
int walk_card(struct walk *w, const struct walk_view *v, struct strbuf *out,
	      struct err *err);

/*
 * Appends the current task's details: the step's text, each evidence
 * field with what it takes, and the task's history.  0 or -1.
 */
int walk_details(struct walk *w, const struct walk_view *v,
		 struct strbuf *out, struct err *err);

/*
 * The order the evidence fields are asked in: the order the runbook
 * writes them (evidence_field.declared).  Fills order (step->nevidence
 * entries) with indexes into step->evidence.
 */
void walk_field_order(const struct step *step, size_t *order);

/* The translated name of a task state ("pending", "done", ...). */
const char *walk_state_name(enum task_state state);
/* A run's mode ("rehearsal", "live") in the user's language. */
const char *walk_mode_name(const char *mode);

/* The translated name of an evidence type, and what a value looks like. */
const char *walk_type_name(enum evidence_type type);
const char *walk_type_hint(enum evidence_type type);

#endif
