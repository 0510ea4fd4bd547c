/*
 * Versions of a runbook in a run: loading a version from git (for start,
 * approve and upgrade), and moving a run in progress to another version.
 *
 * An upgrade is planned first, without writing (what --dry-run prints),
 * then applied in one transaction.  Each live task of the run is matched
 * by key with a task of the new version:
 *   - unchanged for its sign-off: kept, state and sign-offs untouched;
 *   - its step changed in what a sign-off answers to (evidence, check,
 *     and, when its own deadline moved, due or every): reopened when it
 *     is done, skipped, failed or blocked, with a "reopened" event saying
 *     why; updated when it is pending;
 *   - no longer in the new version (step removed, unit no longer an
 *     owner or gone from the registry, a day no longer in a recurrence):
 *     archived, with an "archived" event; it stays in the store and the
 *     ledger, out of counts, listings and reports;
 * and each task of the new version that matched none is added (or, when
 * an archived task has its key, restored).  A changed owner selector
 * therefore reopens nothing: units that stay owners keep their
 * sign-offs, units lost are archived, units gained get new tasks.
 *
 * A unit renamed in the registry (a new id, the same name) keeps its
 * tasks under their new keys: the task under the old key is archived and
 * the new one carries its state with an event of the same kind that
 * names the event it carries and its evidence.  A key thus always names
 * one task, and every task's state is the one its own events give.
 */
#ifndef UPGRADE_H
#define UPGRADE_H

#include <stddef.h>
#include <stdint.h>

#include "book.h"
#include "diff.h"
#include "err.h"
#include "store.h"
#include "strbuf.h"
#include "vcs.h"

/*
 * Loads and expands the runbook `runbook` (its path as the user gives it)
 * as it is at revision rev: the runbook and the files of its folder are
 * read from the commit's tree, not the work tree.  Errors start with
 * "revision SHORT_ID: ".  Returns 0 and a book (book_free), or -1.
 */
int upgrade_load_version(struct vcs_repo *repo, const char *runbook,
			 const struct vcs_rev *rev, struct book **out,
			 struct err *err);

/*
 * The repository paths of the files the book was loaded from, files[0]
 * (the runbook) first, given the runbook's repository path: its folder
 * joined with each file's path (not normalised; vcs does that).  Sets
 * *n; the caller frees each path and the array.
 */
char **upgrade_repo_paths(const char *runbook_repo_path,
			  const struct book *book, size_t *n);

/*
 * Sets the run's title, directive, T0, zone, locale, labels and duty
 * window from the book's runbook (replacing what the run held).
 */
void upgrade_take_book(struct store_run *run, const struct book *book);

enum upgrade_action {
	UPGRADE_KEEP,       /* unchanged for its sign-off */
	UPGRADE_REOPEN,     /* settled or stopped, its step changed */
	UPGRADE_UPDATE,     /* pending, its step changed: nothing to reopen */
	UPGRADE_ARCHIVE,    /* not in the new version */
	UPGRADE_RESTORE,    /* an archived task back in the new version */
	UPGRADE_ADD,        /* a new task */
	UPGRADE_RENAME      /* its unit has a new id: archived, continued */
};

struct upgrade_op {
	enum upgrade_action action;
	int64_t task_id;        /* 0 for ADD */
	char *key;              /* the task's key now (ADD: its key) */
	char *unit_id;          /* the task's unit now (ADD: its unit) */
	enum task_state state;  /* its state now */
	char *state_by;         /* who put it there, may be NULL */
	int64_t state_seq;      /* the event that did, 0 if none */
	char *evidence;         /* its evidence, may be NULL */
	long target;            /* index in the new plan; -1 for ARCHIVE */
	char *reason;           /* "step changed: due, evidence", ... */
	/* RENAME: the task that continues it */
	char *new_key;
	char *new_unit;
	int64_t new_id;         /* an archived task with new_key, or 0 */
	enum task_state new_state; /* that task's state, when new_id */
};

/* A task kept as it is: its row moves to the new plan, nothing more. */
struct upgrade_keep {
	int64_t task_id;
	long target;            /* index in the new plan */
};

struct upgrade_plan {
	struct upgrade_op *ops; /* reopen, update, archive, restore, add,
				 * renamed keeps */
	size_t n, alloc;
	struct upgrade_keep *keeps; /* plain keeps, 16 bytes each: a
				 * national run keeps most of a million */
	size_t nkeeps, alloc_keeps;
	size_t kept;            /* tasks kept (renamed or not) */
	size_t kept_settled;    /* of which done or skipped */
	size_t reopened, updated, archived, restored, added, renamed;
};

/*
 * Plans the move of the run to next (expanded), given d =
 * diff_books_defs(the run's stored version, next): the run's own tasks
 * stand for the stored version's, which is never expanded.  Reads the run's tasks;
 * writes nothing.  Returns 0 and a plan (upgrade_plan_free), or -1 with
 * err (e.g. a new key that another task held before).
 */
int upgrade_plan(struct store *st, const struct store_run *run,
		 const struct book *next, const struct diff *d,
		 struct upgrade_plan **out, struct err *err);

/* 1 when the plan changes no task. */
int upgrade_plan_is_empty(const struct upgrade_plan *plan);

/*
 * Appends the plan, one line per task that changes ("reopen KEY (done by
 * X): step changed: due"), then the counts on one line.
 */
void upgrade_format_text(const struct upgrade_plan *plan,
			 struct strbuf *out);

/* What the new version is, for the run row and the events. */
struct upgrade_target {
	const char *short_id;   /* for the events' comments */
	const char *commit_id;
	const char *blob_id;
	const char *approval;   /* its approval tag, or NULL */
	const char *by;         /* who upgrades */
	instant_t at;
};

/*
 * Applies the plan in one transaction: the stored files, units, sections,
 * steps and tasks of `next`, each task's events ("reopened", "archived",
 * "restored", and for a renamed unit the carried state), the
 * dependencies and the run's new version (run_versions), then, last, an
 * "upgrade" event for the run that seals the definition they make
 * (store_definition).  run is updated to the new version on success.
 * Returns 0 or -1 (nothing written).
 */
int upgrade_apply(struct store *st, struct store_run *run,
		  const struct book *next, const struct upgrade_plan *plan,
		  const struct upgrade_target *target, struct err *err);

void upgrade_plan_free(struct upgrade_plan *plan);

#endif
