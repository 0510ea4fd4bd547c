/*
 * The state: one SQLite database per workspace holding runs, their tasks
 * and the append-only, hash-chained ledger of events.  The only module
 * that speaks SQL.
 *
 * DESIGN: WAL mode, busy_timeout, foreign keys on, STRICT tables, a
 * schema version (PRAGMA user_version) with forward migrations; every
 * write is one BEGIN IMMEDIATE transaction; times are UTC instants.
 * A task's state is derived from its events: tasks.state is a cache
 * written in the same transaction as the event that changes it.
 */
#ifndef STORE_H
#define STORE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "book.h"
#include "clock.h"
#include "err.h"
#include "progress.h"
#include "seal.h"
#include "state.h"
#include "tlog.h"

#define STORE_NOTFOUND (-2)

struct store;

/*
 * Opens (create: creates, else the file must exist) the database at path
 * and brings its schema up to date.  Returns 0, or -1 with err set.
 */
int store_open(const char *path, int create, struct store **out,
	       struct err *err);
void store_close(struct store *st);

/*
 * How the events this handle appends from now on were authenticated:
 * label "unit:ID" or "coordinator:ID" for token ID, or both NULL (no
 * token given).  The label is sealed with each event; an event is refused
 * once the token is revoked, even by a revocation that committed after
 * the token was checked.  Both are copied.
 */
void store_set_auth(struct store *st, const char *token_id,
		    const char *label);

/*
 * For a tool that writes data it can write again (the bench's ledger of
 * 100,000 events): commits stop waiting for the disk (WAL with
 * synchronous=NORMAL: a commit survives a crash of the process, not a
 * power cut).  Never for a real run.  Returns 0 or -1.
 */
int store_relax_durability(struct store *st, struct err *err);

/*
 * Who is told how far the store's long loops got (and the loops of the
 * modules that report through store_progress); NULL: nobody.  Not
 * copied: it must outlive the handle's use.
 */
void store_set_progress(struct store *st, const struct progress *p);
/* Tells the handle's progress, if any, that done of total are done. */
void store_progress(struct store *st, const char *what, uint64_t done,
		    uint64_t total);

/*
 * For handles of one process that write at once (cutover serve's pool):
 * store_begin takes lock before SQLite's, and commit or rollback give it
 * back, so that writers of the process queue on a mutex, woken at once,
 * rather than on SQLite's lock, polled with sleeps.  NULL: none.  Not
 * copied: it must outlive the handle's use.
 */
void store_set_write_lock(struct store *st, pthread_mutex_t *lock);

/* DESIGN: every write is one BEGIN IMMEDIATE transaction. */
int store_begin(struct store *st, struct err *err);
int store_commit(struct store *st, struct err *err);
/* Rolls back an open transaction; harmless when none is open. */
void store_rollback(struct store *st);

/*
 * Inside a transaction, a savepoint: what follows can be undone alone
 * (store_savepoint_undo) or kept (store_savepoint_keep), the rest of the
 * transaction untouched; one at a time.  For callers that record many
 * independent changes in one commit (cutover serve's group commit).
 * 0 or -1.
 */
int store_savepoint(struct store *st, struct err *err);
int store_savepoint_keep(struct store *st, struct err *err);
void store_savepoint_undo(struct store *st);

/*
 * Opens a read transaction so that every query after it sees one state
 * of the database, although writers go on committing (and so that many
 * small queries do not each take and drop SQLite's read lock); end it
 * with store_read_end.  Returns 0 or -1.  Not inside store_begin.
 * Inside another read transaction it joins it (a report written into a
 * publication reads the snapshot published): the outermost end ends it.
 */
int store_read_begin(struct store *st, struct err *err);
void store_read_end(struct store *st);

struct store_run {
	int64_t id;
	char *name;
	char *mode;            /* "rehearsal" or "live" */
	char *runbook_path;
	char *runbook_id;
	char *title;
	char *directive;
	instant_t t0;
	struct clock_zone *zone; /* the runbook's timezone (runs.timezone, or
				  * the fixed offset of a run started before
				  * zones); owned, never NULL once found */
	struct runbook_locale locale; /* lang, region, currency, dates */
	struct labels *labels; /* the runbook's labels (label.h); owned,
				* never NULL once found */
	char *commit_id;       /* NULL outside a git repository */
	char *blob_id;         /* (commit, blob, dirty and approval: the */
	int dirty;             /* current version, see store_versions) */
	instant_t started_at;
	char *started_by;
	int has_duty_window;
	instant_t duty_from;
	instant_t duty_to;
	char *approval;        /* the approval tag of the version, or NULL */
	int unapproved;        /* a live run started with --unapproved */
	int require_tokens;    /* unit actions need a token (--require-tokens) */
	int64_t closed_seq;    /* its "close" event (cutover close), or 0:
				  a closed run takes no more events */
	instant_t closed_at;
	char *closed_by;       /* NULL while open */
	int64_t version;       /* ord of the current version: 1, then one
				* more at each upgrade */
};

/* Frees what the run holds (its zone and labels too), not the struct. */
void store_run_release(struct store_run *run);

/*
 * Inside a transaction: records a new run of the expanded book (its files,
 * units, sections, steps, tasks and dependencies) and its first version
 * (run_versions ord 1: commit, blob, approval, started_at/by).  run->id
 * is set.  A name already used gives -1 with "a run named 'X' exists".
 */
int store_create_run(struct store *st, struct store_run *run,
		     const struct book *book, struct err *err);

/*
 * Finds the run by name, or the most recently started run when name is
 * NULL, with its zone (read from the tz database) and labels.  Returns 0,
 * STORE_NOTFOUND (err set: "no run ..."), or -1.
 */
int store_find_run(struct store *st, const char *name, struct store_run *out,
		   struct err *err);

/* The files the run was started from (files[0] the runbook); caller frees
 * each path and text, then the array. */
int store_run_files(struct store *st, int64_t run_id, struct book_file **out,
		    size_t *n, struct err *err);

/*
 * Appends the content of the run's file at path to out: 0, STORE_NOTFOUND
 * (err not set), or -1.
 */
int store_run_file(struct store *st, int64_t run_id, const char *path,
		   struct strbuf *out, struct err *err);

struct store_task {
	int64_t id;
	char *key;
	char *step_id;
	char *unit_id;
	char *unit_name;
	char *unit_kind;
	char *section_id;
	char *section_title;
	char *directive;
	char *title;
	char *recipient;       /* unit id, may be NULL */
	char *recipient_name;  /* its name, may be NULL */
	char *occurrence;      /* may be NULL */
	int has_start;
	instant_t start;
	instant_t due;
	int gate;
	enum task_state state;
	int64_t last_seq;      /* 0 when no event yet */
	instant_t state_at;
	char *state_by;        /* may be NULL */
	char *state_comment;   /* may be NULL */
	char *state_auth;      /* events.auth of that event, may be NULL */
	char *evidence;        /* JSON, may be NULL */
	int open_requires;     /* required tasks not yet done or skipped */
	char *fallback;        /* the gate's step id when the task is on
				  its fallback path, else NULL */
};

struct store_task_filter {
	const char *key;       /* exact key */
	const char *unit_id;
	const char *section_id;
	int late_only;         /* not done/skipped and due < now */
	int open_only;         /* not done/skipped */
	instant_t now;
	int archived;          /* archived tasks only (default: live ones) */
	int held_back;         /* also the fallback tasks their gate holds
				  back (an upgrade moves every task) */
	int upcoming;          /* not done/skipped and due >= now */
	int stuck;             /* late, blocked or failed */
	int gates;             /* tasks of gate steps only */
	int blocked_only;      /* blocked or failed tasks only */
	const char *step_id;   /* the tasks of that step only */
	int by_unit;           /* in the units' registry order, then by due
				  and key (default: by due, then key) */
	int no_requires;       /* open_requires left 0: a lookup less per
				  task, for a pass over many */
	size_t limit;          /* the first `limit` only; 0: all */
};

/*
 * Tasks of the run matching the filter (NULL: all live tasks: neither
 * archived nor on a fallback path their gate holds back, see
 * STORE_TASK_SHOWN), by due then key.  The open ones by due come from an index, so that the first
 * few late or upcoming tasks of a large run cost what they return.
 */
int store_tasks(struct store *st, int64_t run_id,
		const struct store_task_filter *filter,
		struct store_task **out, size_t *n, struct err *err);
/*
 * The same tasks one at a time, so that a pass over a national run holds
 * one task rather than a million: store_task_cursor_open, then
 * store_task_cursor_next until it returns 0 (1: *out is the next task,
 * which the caller releases with store_task_release; -1: err set), then
 * store_task_cursor_close (NULL is harmless).  The store may be queried
 * meanwhile; writing to it is not for while a cursor is open.
 */
struct store_task_cursor;
int store_task_cursor_open(struct store *st, int64_t run_id,
			   const struct store_task_filter *filter,
			   struct store_task_cursor **out, struct err *err);
int store_task_cursor_next(struct store_task_cursor *c,
			   struct store_task *out, struct err *err);
void store_task_cursor_close(struct store_task_cursor *c);

/* How many tasks store_tasks would return, but for the limit. */
int store_count_tasks(struct store *st, int64_t run_id,
		      const struct store_task_filter *filter, int64_t *n,
		      struct err *err);
void store_tasks_free(struct store_task *tasks, size_t n);
/* 1 when the task is settled: done or skipped. */
int store_task_settled(const struct store_task *task);
/* 1 when the task is late at now: not settled and past its due. */
int store_task_late(const struct store_task *task, instant_t now);

/* Frees what one task holds (not the struct itself). */
void store_task_release(struct store_task *task);

/*
 * The live task with that key: 0, STORE_NOTFOUND (err: "no task 'KEY'
 * ...", or that it was archived and why), -1.
 */
int store_task(struct store *st, int64_t run_id, const char *key,
	       struct store_task *out, struct err *err);

/*
 * Appends the keys of the tasks that task_id requires and that are not
 * done or skipped, comma-separated, at most `limit` of them.
 */
int store_open_requirements(struct store *st, int64_t task_id, size_t limit,
			    struct strbuf *keys, struct err *err);

struct store_event {
	int64_t run_id;        /* 0 for workspace events */
	const char *task_key;  /* NULL when not about a task */
	const char *kind;      /* start, done, skipped, failed, blocked, reopened */
	const char *actor;
	const char *unit_id;
	instant_t at;
	const char *comment;
	const char *evidence;  /* canonical JSON, or NULL */
	const char *commit_id;
	const char *auth;      /* NULL: the handle's (see store_set_auth) */
	instant_t entered;     /* set by the store: when it was entered, by
				* the system clock (0: an older event) */
};

/*
 * Inside a transaction: appends the event to the ledger, chained to the
 * last one, and, for a task event, moves the task's cached state.  The
 * store sets when it was entered (ev->entered is ignored).  An event of a
 * live run is refused while CUTOVER_NOW is set.  Sets *seq and hash
 * (either may be NULL).  Returns 0 or -1.
 */
int store_append_event(struct store *st, const struct store_event *ev,
		       int64_t *seq, char hash[SEAL_HEX_LEN + 1],
		       struct err *err);

/*
 * Appends the JSON object that a start or upgrade event's evidence
 * carries as its "definition": it seals what the run reads from then on: its runs
 * and run_versions rows, its stored files (by content hash), and the
 * digests of its registry, sections, steps, tasks (but their states) and
 * requirements (store_seal.c).  Call it inside the transaction that
 * changed them, after the change.  0 or -1.
 */
int store_definition(struct store *st, int64_t run_id, struct strbuf *out,
		     struct err *err);

/*
 * The definition the run's latest start or upgrade event seals, as the
 * ledger holds it (JSON), and that event's seq: 0, STORE_NOTFOUND (a
 * run older than the seal), or -1.
 */
int store_sealed_definition(struct store *st, int64_t run_id, int64_t *seq,
			    struct strbuf *out, struct err *err);

/* Stores an attachment's content under its hash (idempotent). */
int store_put_attachment(struct store *st, const char *hash,
			 const void *data, size_t len, struct err *err);

/* The number of events and the hash of the last (seal_genesis if none). */
int store_ledger_head(struct store *st, int64_t *count,
		      char hash[SEAL_HEX_LEN + 1], struct err *err);

/*
 * Walks the whole ledger recomputing the chain.  Returns 0 when it holds,
 * 1 when an event does not match (err says which seq and why), -1 on error.
 */
int store_verify_chain(struct store *st, int64_t *count,
		       char head[SEAL_HEX_LEN + 1], struct err *err);


/*
 * SQLite's integrity_check, and the CHECK constraints the engine's own
 * writes skip checking, run on a second connection in a thread while the
 * caller goes on (with the chain's check): store_integrity_start, then
 * always store_integrity_finish, which waits and frees the job and
 * returns 0 when all is "ok", 1 when not (err says), -1.
 */
struct store_integrity_job;
int store_integrity_start(struct store *st, struct store_integrity_job **job,
			  struct err *err);
int store_integrity_finish(struct store_integrity_job *job, struct err *err);

/* ---- versions of a run (cutover upgrade) ---- */

/* One version a run has been on: ord 1 is the one it started from. */
struct store_version {
	int64_t ord;
	char *commit_id;       /* may be NULL (no repository) */
	char *blob_id;         /* may be NULL */
	int dirty;
	char *approval;        /* may be NULL */
	instant_t at;
	char *by;
};

/* The versions of the run, by ord; free with store_versions_free. */
int store_versions(struct store *st, int64_t run_id,
		   struct store_version **out, size_t *n, struct err *err);
void store_versions_free(struct store_version *v, size_t n);

/*
 * Inside a transaction: moves the run to the expanded book: the stored
 * files, units, sections, steps and labels are replaced by the book's;
 * the runs row takes run's title, directive, T0, zone, locale and duty
 * window (its
 * version columns keep the start's); a run_versions row records run's
 * commit_id, blob_id, dirty and approval, by `by` at `at`, and is the
 * version store_find_run reads from then on.  Tasks are left to the
 * caller (store_put_task, store_archive_task, store_link_tasks).
 */
int store_set_version(struct store *st, const struct store_run *run,
		      const struct book *book, const char *by, instant_t at,
		      struct err *err);

/*
 * Inside a transaction: makes task *id of the run (0: a new task, and *id
 * is set) the task plan->tasks[i] of the expanded book: its key, step,
 * unit, occurrence, start, due and recipient, and live (not archived).
 * Its state and events are untouched.  Returns 0 or -1.
 */
int store_put_task(struct store *st, int64_t run_id, const struct book *book,
		   size_t i, int64_t *id, struct err *err);

/* Inside a transaction: archives task id at the event seq; 0 or -1. */
int store_archive_task(struct store *st, int64_t run_id, int64_t id,
		       int64_t seq, struct err *err);

/*
 * Inside a transaction: the dependencies of the run's tasks become those
 * of the expanded book's plan (tasks found by key).  Returns 0 or -1.
 */
int store_link_tasks(struct store *st, int64_t run_id,
		     const struct book *book, struct err *err);

enum store_group {
	STORE_BY_SECTION,
	STORE_BY_UNIT,
	STORE_BY_DIRECTIVE,
	STORE_BY_KIND,
	STORE_NGROUPS
};

struct store_count {
	char *key;
	char *label;
	int64_t total, done, skipped, blocked, failed, late;
	int64_t stuck;         /* late, blocked or failed */
	int64_t open_before;   /* not done or skipped, due before the
				  tally's open_before (store_tally_open) */
};

/* How many tasks at one instant. */
struct store_instant_count {
	instant_t at;
	int64_t n;
};

/*
 * The run's live tasks counted at `now` per section, directive item, unit
 * kind and unit (groups[STORE_BY_...], n[...]): the groups that have a
 * task, in the runbook's order (units and kinds: the registry's), and in
 * `all` the whole run (key and label NULL).  With `timeline`, also how
 * many tasks are due at each instant, and how many done or skipped tasks
 * were settled at each instant (of the event that settled them), both in
 * time order.  One pass over the tasks (store_tally.c).  Release with
 * store_tally_release.
 */
struct store_tally {
	struct store_count *groups[STORE_NGROUPS];
	size_t n[STORE_NGROUPS];
	struct store_count all;
	struct store_instant_count *due, *settled;
	size_t ndue, nsettled;
};

int store_tally(struct store *st, int64_t run_id, instant_t now,
		int timeline, struct store_tally *out, struct err *err);
/*
 * The same, counting in each group's open_before the tasks not done or
 * skipped that are due before open_before (T0, for what a run must
 * still do before it): one pass still.  store_tally counts them
 * before now.
 */
int store_tally_open(struct store *st, int64_t run_id, instant_t now,
		     instant_t open_before, int timeline,
		     struct store_tally *out, struct err *err);
void store_tally_release(struct store_tally *t);
/*
 * The sums over one grouping: tasks, done or skipped, late, blocked or
 * failed.  By section, a task whose step has no section counts in none.
 */
void store_tally_sum(const struct store_tally *t, enum store_group group,
		     int64_t *total, int64_t *done, int64_t *late,
		     int64_t *blocked);
void store_counts_free(struct store_count *c, size_t n);

/*
 * qsort comparator for store_count: least ready first (smallest share
 * done or skipped), then most late tasks, then by key.
 */
int store_count_least_ready(const void *a, const void *b);

/* ---- duty rosters (store_duty.c) ---- */

struct store_shift {
	int64_t id;
	char *unit_id;
	char *role;
	char *person;
	char *phone;           /* may be NULL */
	instant_t from;        /* [from, to): half-open */
	instant_t to;
	char *added_by;
	instant_t added_at;
	int64_t added_seq;     /* the event that added it: set by store_add_shift */
};

/*
 * Inside a transaction: records the shift (id ignored, set on return) and
 * its "shift-added" event by actor at `at`.  An identical shift (unit,
 * role, person, from, to) already on the roster records nothing and
 * returns 1 with out->id set to it; otherwise 0, or -1.
 */
int store_add_shift(struct store *st, const struct store_run *run,
		    struct store_shift *shift, const char *actor,
		    instant_t at, struct err *err);

/*
 * Inside a transaction: takes shift `id` off the roster with a
 * "shift-removed" event.  Returns 0, STORE_NOTFOUND (no such shift on
 * the roster), or -1.
 */
int store_remove_shift(struct store *st, const struct store_run *run,
		       int64_t id, const char *actor, instant_t at,
		       const char *reason, struct err *err);

/*
 * The shifts on the roster (NULL filters match all), by unit (registry
 * order), role, from.  Caller frees with store_shifts_free.
 */
int store_shifts(struct store *st, int64_t run_id, const char *unit_id,
		 const char *role, struct store_shift **out, size_t *n,
		 struct err *err);
void store_shifts_free(struct store_shift *shifts, size_t n);

/* A unit and a role it must cover: a roster step owned by the unit. */
struct store_duty {
	char *unit_id;
	char *unit_name;
	char *role;
	char *step_id;
};

/*
 * The keys of the unit's done tasks of roster steps for role, by due
 * (caller frees each and the array).  0 or -1.
 */
int store_duty_signed(struct store *st, int64_t run_id, const char *unit_id,
		      const char *role, char ***keys, size_t *n,
		      struct err *err);

/* Every (unit, role) the run's roster steps ask for, by unit then role. */
int store_duties(struct store *st, int64_t run_id, const char *unit_id,
		 struct store_duty **out, size_t *n, struct err *err);
void store_duties_free(struct store_duty *duties, size_t n);

/* ---- the difficulties log (store_issue.c) ---- */

struct store_issue {
	int64_t number;        /* 1, 2, ... within the run */
	char *unit_id;
	char *unit_name;
	char *system;
	char *severity;
	char *text;
	char **recipients;     /* unit ids, in route order */
	char **recipient_names; /* their names (the id when not a unit) */
	size_t nrecipients;
	char *raised_by;
	instant_t raised_at;
	int64_t raised_seq;    /* the event that raised it: set by store_add_issue */
	int resolved;
	char *resolved_by;     /* NULL while open */
	instant_t resolved_at;
	char *resolution;
};

/*
 * Inside a transaction: records the difficulty with its recipients and an
 * "issue-raised" event; sets issue->number.  Returns 0 or -1.
 */
int store_add_issue(struct store *st, const struct store_run *run,
		    struct store_issue *issue, struct err *err);

/*
 * Inside a transaction: marks difficulty `number` resolved with an
 * "issue-resolved" event.  Returns 0, 1 when it was resolved already
 * (nothing recorded), STORE_NOTFOUND, or -1.
 */
int store_resolve_issue(struct store *st, const struct store_run *run,
			int64_t number, const char *by, instant_t at,
			const char *resolution, struct err *err);

struct store_issue_filter {
	const char *unit_id;     /* raised by this unit */
	const char *recipient;   /* routed to this unit */
	int open_only;
	int64_t number;          /* 0: any */
};

/* The difficulties matching the filter (NULL: all), by number. */
int store_issues(struct store *st, int64_t run_id,
		 const struct store_issue_filter *filter,
		 struct store_issue **out, size_t *n, struct err *err);
void store_issues_free(struct store_issue *issues, size_t n);

/* ---- unit tokens (store_token.c) ---- */

struct store_token {
	char *id;
	char *unit_id;         /* NULL: the coordinator's or a reviewer's */
	char *reviewer;        /* a reviewer's token: the reviewer's name,
				  who approves versions with it; else NULL */
	char *unit_name;       /* NULL for the coordinator's */
	char *hash;            /* Argon2id hash string of the secret */
	instant_t issued_at;
	char *issued_by;
	int revoked;
	instant_t revoked_at;
	char *revoked_by;      /* NULL while valid */
	char *revoke_reason;   /* may be NULL */
};

/*
 * Inside a transaction: records token id of unit_id (NULL: the
 * coordinator's, or reviewer's when that is not NULL) with the hash of
 * its secret, and the "token-issued" event by `by` at `at`; sets *seq.
 * Returns 0 or -1.
 */
int store_add_token(struct store *st, const struct store_run *run,
		    const char *id, const char *unit_id, const char *reviewer,
		    const char *hash, const char *by, instant_t at,
		    int64_t *seq, struct err *err);

/*
 * Inside a transaction: revokes token id with a "token-revoked" event.
 * Returns 0, 1 when it was revoked already (nothing recorded),
 * STORE_NOTFOUND, or -1.
 */
int store_revoke_token(struct store *st, const struct store_run *run,
		       const char *id, const char *by, instant_t at,
		       const char *reason, struct err *err);

/* The run's tokens (id NULL: all, else that one), in the order issued. */
int store_tokens(struct store *st, int64_t run_id, const char *id,
		 struct store_token **out, size_t *n, struct err *err);
void store_tokens_free(struct store_token *tokens, size_t n);

/* ---- decisions, exceptions and dependents (store_decision.c) ---- */

/*
 * One event in the history of a gate's task: a decision (its "done" or
 * "failed" event) or a reopening.
 */
struct store_decision {
	int64_t seq;
	char *task_key;
	char *unit_id;
	char *unit_name;       /* may be NULL */
	char *title;           /* the gate step's title, may be NULL */
	char *kind;            /* done, failed or reopened */
	char *outcome;         /* go, no-go or go-with-conditions (a done or
				  failed event recorded without a decision
				  reads as go or no-go); NULL for reopened */
	char *text;            /* the conditions, the no-go's reason or the
				  reopening's; may be NULL */
	char *by;
	instant_t at;
	char *auth;            /* events.auth, may be NULL */
	int current;           /* it is the gate's state now */
	int64_t held;          /* a current no-go: the open tasks that
				  require the gate and wait */
	int64_t fallback;      /* a current no-go: its fallback tasks ... */
	int64_t fallback_done; /* ... and how many are done or skipped */
};

/*
 * The history of every gate of the run, by event: every decision and
 * reopening of a live gate's task.  Free with store_decisions_free.
 */
int store_decisions(struct store *st, int64_t run_id,
		    struct store_decision **out, size_t *n, struct err *err);
void store_decisions_free(struct store_decision *d, size_t n);

/*
 * A sign-off in force that passed by exception: recorded although a
 * check found problems (waived) or although requirements were open or
 * the start was ahead (forced).
 */
struct store_exception {
	int64_t seq;
	char *task_key;
	char *unit_id;
	char *unit_name;       /* may be NULL */
	char *title;           /* may be NULL */
	char *by;
	instant_t at;
	char *auth;            /* may be NULL */
	int waived;
	int64_t findings;      /* waived: how many findings were accepted */
	char *reason;          /* waived: why; forced only: the comment
				  signed with, or NULL */
	int forced;
	char *forced_requires; /* forced: the open requirements (the first
				  20), ", "-joined, or NULL */
	int64_t forced_open;   /* forced: how many were open */
	char *forced_start;    /* forced: the start it came before (RFC 3339
				  as recorded), or NULL */
};

/*
 * The waived and forced sign-offs in force (the tasks' current state)
 * of the run, or of unit_id (NULL: all), by event.  Free with
 * store_exceptions_free.
 */
int store_exceptions(struct store *st, int64_t run_id, const char *unit_id,
		     struct store_exception **out, size_t *n,
		     struct err *err);
void store_exceptions_free(struct store_exception *x, size_t n);

/*
 * A done task that rests on requirements no longer done (one signed
 * forced past them is an exception instead: store_exceptions).
 */
struct store_resting {
	char *key;
	char *unit_id;
	char *unit_name;       /* may be NULL */
	char *title;           /* may be NULL */
	char *open;            /* the first open requirements, ", "-joined */
	int64_t nopen;         /* how many are open */
};

/*
 * The done tasks of the run (or of unit_id) with a requirement that is
 * not done or skipped, but for those signed forced past them, by due
 * then key.  Free with store_resting_free.
 */
int store_resting(struct store *st, int64_t run_id, const char *unit_id,
		  struct store_resting **out, size_t *n, struct err *err);
void store_resting_free(struct store_resting *r, size_t n);

/*
 * The keys of the done tasks that rest on task_id, directly or through
 * other done tasks (what `reopen --cascade` reopens), by due then key,
 * into keys (caller frees each and the array).  0 or -1.
 */
int store_dependents(struct store *st, int64_t run_id, int64_t task_id,
		     char ***keys, size_t *n, struct err *err);

/*
 * The name of the open (not closed) live run of runbook_id, other than
 * run except_id (0: none), into *name (caller frees): 0,
 * STORE_NOTFOUND (err not set), or -1.
 */
int store_open_live_run(struct store *st, const char *runbook_id,
			int64_t except_id, char **name, struct err *err);

/*
 * The run's "approve" event for approval tag `tag`: who (*by) and how
 * it was authenticated (*auth, may be NULL); caller frees both.  0,
 * STORE_NOTFOUND (err not set), or -1.
 */
int store_approval_event(struct store *st, int64_t run_id, const char *tag,
			 char **by, char **auth, struct err *err);
/* ---- publishing and restoring (store_publish.c) ---- */

/* The database file's path, as it was opened. */
const char *store_path(const struct store *st);

/* The schema version of the database, and the one this cutover writes. */
int store_schema(struct store *st, int *version, struct err *err);
int store_schema_latest(void);

/*
 * Creates a database at path (no file may be there; ":memory:" for one
 * in memory) with the schema of `version` only (1 to
 * store_schema_latest()): the schema of the rows about to be loaded
 * into it (store_load_row), published by that version.  Then
 * store_upgrade_schema runs the later migrations.  0, or -1 with err.
 */
int store_create_at(const char *path, int version, struct store **out,
		    struct err *err);
int store_upgrade_schema(struct store *st, struct err *err);

/*
 * Removes the database file at path (closed) with its WAL and shared
 * memory files: a database that failed its checks, or one replaced.
 */
void store_remove(const char *path);

/*
 * The workspace's state as rows of canonical JSON (store_publish.c says
 * what that is), table by table in the order of their names, each by
 * its primary key (or rowid): every table of the workspace's database
 * but the ledger's events and the attachments.  fn's table and json
 * are valid during the call; a non-zero return stops the walk and is
 * returned.  Call inside store_read_begin for one state.
 */
typedef int (*store_row_fn)(void *ctx, const char *table, const char *json,
			    size_t len);
int store_dump_state(struct store *st, store_row_fn fn, void *ctx,
		     struct err *err);

/* The events from seq `from` on, by seq, as rows of canonical JSON. */
typedef int (*store_event_fn)(void *ctx, int64_t seq, const char *hash,
			      const char *json, size_t len);
int store_dump_events(struct store *st, int64_t from, store_event_fn fn,
		      void *ctx, struct err *err);

/* The attachments, by hash: their content as stored. */
typedef int (*store_attachment_fn)(void *ctx, const char *hash,
				   const void *data, size_t len);
int store_dump_attachments(struct store *st, store_attachment_fn fn,
			   void *ctx, struct err *err);

/*
 * The events' hashes in ledger order, as the leaves of its Merkle tree
 * (tlog.h): *out holds *n hashes (caller frees).  An event out of its
 * place or a hash that is not 64 hex digits is an error ("run cutover
 * verify").  0 or -1.
 */
int store_ledger_hashes(struct store *st, tlog_hash **out, int64_t *n,
			struct err *err);

/*
 * 1 when store_dump_state writes table (it exists here, is neither the
 * ledger nor the attachments), 0 when not, -1.
 */
int store_published_table(struct store *st, const char *table,
			  struct err *err);

/*
 * Inside a transaction: inserts the row a line of store_dump_state (or,
 * for table "events", of store_dump_events) wrote.  The line must be
 * canonical JSON of every column of the table, as the dump writes it;
 * the table's constraints apply.  0, or -1 with err naming the field
 * when it can.
 */
int store_load_row(struct store *st, const char *table, const char *json,
		   size_t len, struct err *err);

/*
 * Inside a transaction: foreign keys are checked at its commit, not at
 * each insert (rows are loaded table by table, in any order).
 */
int store_defer_foreign_keys(struct store *st, struct err *err);

void store_strings_free(char **s, size_t n);

/*
 * What this machine alone remembers (store_local.c): not the run's, not
 * published, not restored, in a database of its own beside the
 * workspace's (store_local_path: state.db -> state.local.db).
 * store_local_open attaches it, outside a transaction, before the
 * functions below are called: create 0 leaves a missing one missing
 * (the readers below then find nothing), 1 creates it.  0 or -1.
 */
int store_local_open(struct store *st, int create, struct err *err);
char *store_local_path(const char *db_path);

/* Where `cutover publish` pushes when given no remote. */
int store_remotes(struct store *st, char ***urls, size_t *n, struct err *err);
/* Adds url to them (once).  0 or -1. */
int store_add_remote(struct store *st, const char *url, instant_t at,
		     struct err *err);

/* The last checkpoint this workspace cosigned for an origin, as a witness. */
struct store_cosigned {
	char *origin;
	int64_t size;
	char *root;            /* base64, as in the checkpoint */
	instant_t at;          /* the cosignature's time */
	char *note;            /* the cosigned note */
};

/* 0, STORE_NOTFOUND (nothing cosigned for origin yet), or -1. */
int store_cosigned(struct store *st, const char *origin,
		   struct store_cosigned *out, struct err *err);
int store_set_cosigned(struct store *st, const struct store_cosigned *c,
		       struct err *err);
void store_cosigned_release(struct store_cosigned *c);

/* A province the national office fetches. */
struct store_province {
	char *id;
	char *remote;          /* a git URL */
	char *vkey;            /* its verifier key, NAME+ID+KEY */
	instant_t added_at;
};

/* Records it; a province already there is an error.  0 or -1. */
int store_add_province(struct store *st, const struct store_province *p,
		       struct err *err);
/* The provinces, by id. */
int store_provinces(struct store *st, struct store_province **out,
		    size_t *n, struct err *err);
void store_provinces_free(struct store_province *p, size_t n);

/*
 * What the national office knows of one published ref of a province:
 * the checkpoint it accepted last (commit_id NULL: none yet) and, when
 * the last fetch refused what it found, why.
 */
struct store_province_log {
	char *province;
	char *ref;             /* "refs/heads/cutover/RUNBOOK/RUN" */
	char *origin;
	char *commit_id;       /* accepted, or NULL */
	int64_t size;
	char *root;            /* base64 */
	char *head;
	instant_t signed_at;   /* the checkpoint's cutover-time */
	char *witnesses;       /* "NAME TIME" lines of verified cosigners */
	instant_t fetched_at;  /* the last fetch that looked at it */
	char *problem;         /* the last fetch's refusal, or NULL */
	instant_t problem_at;
};

/* The logs of province (NULL: of all), by province then ref. */
int store_province_logs(struct store *st, const char *province,
			struct store_province_log **out, size_t *n,
			struct err *err);
/* Records l, replacing what was known of (province, ref). */
int store_put_province_log(struct store *st,
			   const struct store_province_log *l,
			   struct err *err);
void store_province_logs_free(struct store_province_log *l, size_t n);

#endif
