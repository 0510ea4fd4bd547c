/*
 * What the reports ask of the store beyond store.h: the run's units,
 * task states as they stood at an instant, the events of a time span,
 * evidence read field by field, and the step that collected a kind of
 * evidence.  Read-only; the SQL lives in store_report.c.
 */
#ifndef STORE_REPORT_H
#define STORE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "store.h"

struct store_report_unit {
	char *id;
	char *name;
	char *kind;
	char *police;          /* may be NULL */
};

/* The run's units in registry order; free with store_report_units_free. */
int store_report_units(struct store *st, int64_t run_id,
		       struct store_report_unit **out, size_t *n,
		       struct err *err);
void store_report_units_free(struct store_report_unit *u, size_t n);

struct store_report_section {
	char *id;
	char *title;
};

/* The run's sections in runbook order; free with store_report_sections_free. */
int store_report_sections(struct store *st, int64_t run_id,
			  struct store_report_section **out, size_t *n,
			  struct err *err);
void store_report_sections_free(struct store_report_section *c, size_t n);

/* A task's state as its events had made it at some instant. */
struct store_report_state {
	char *key;
	enum task_state state;
	instant_t at;          /* of the event that set it; 0 for pending */
	char *by;              /* NULL while pending */
	char *comment;         /* may be NULL */
	char *evidence;        /* JSON, may be NULL */
};

void store_report_state_release(struct store_report_state *s);

/*
 * One recurring report (a daily step) of one owner to one recipient: its
 * task due on the day (if any) and its state as of the report time, and
 * when the next one is due.
 */
struct store_report_route {
	char *recipient;       /* unit id, may be NULL */
	char *recipient_name;  /* may be NULL (not a unit of the run) */
	char *unit_id;
	char *unit_name;
	char *step_id;
	char *title;
	int has_today;
	instant_t today_due;
	struct store_report_state today;   /* key NULL without one */
	int has_next;
	instant_t next_due;
};

/*
 * The run's routes (recurring steps by owner and recipient), by the
 * recipient's registry order (no recipient, or one that is not a unit,
 * last), then the owner's, then the step; only those to `recipient` when
 * not NULL.  The day is [day, end); states as of `at`.  One aggregate
 * query: a national run's 270,000 recurring tasks are read in SQLite,
 * and only its routes (one per owner) reach memory.  Free with
 * store_report_routes_free.
 */
int store_report_routes(struct store *st, int64_t run_id, instant_t day,
			instant_t end, instant_t at, const char *recipient,
			struct store_report_route **out, size_t *n,
			struct err *err);
void store_report_routes_free(struct store_report_route *r, size_t n);

/* As an instant to read states at: the current state, whatever the clock. */
#define STORE_REPORT_CURRENT INT64_MAX

/* A task still open at some instant that is late or stopped then. */
struct store_report_open {
	const char *unit_id;
	const char *unit_name; /* may be NULL */
	int64_t unit_ord;      /* the unit's place in the registry */
	const char *key;       /* NULL for the current state */
	const char *step_id;
	const char *title;
	instant_t due;
	enum task_state state; /* pending, failed or blocked, as of `at` */
	const char *comment;   /* its reason, may be NULL */
	instant_t state_at;    /* when it became so; 0 while pending */
};

/*
 * Calls fn for each live task whose state as of `at` is not done or
 * skipped and that was then blocked or failed, or due before
 * `due_before`: unit by unit (a unit's tasks one after the other); only
 * the owners of routes to `recipient` when not NULL.  The row is valid
 * for the call only.  At STORE_REPORT_CURRENT it is one pass over an
 * index of the open tasks (no table row, no event but a stopped task's
 * reason).  At an instant, the state is the task's cached one when its
 * last change was at or before `at`, else its events are read.  fn
 * returns 0 to go on, -1 to stop (with err set).  Returns 0 or -1.
 */
int store_report_open_tasks(struct store *st, int64_t run_id, instant_t at,
			    instant_t due_before, const char *recipient,
			    int (*fn)(void *ctx,
				      const struct store_report_open *row,
				      struct err *err),
			    void *ctx, struct err *err);

/*
 * The same rows, at the current state, for one unit (unit_name and key
 * NULL in them): by due, through the unit's part of tasks_by_unit and a
 * statement kept on the handle, for the few units a report details.
 */
int store_report_unit_open(struct store *st, int64_t run_id,
			   const char *unit_id, instant_t due_before,
			   int (*fn)(void *ctx,
				     const struct store_report_open *row,
				     struct err *err),
			   void *ctx, struct err *err);

/* A directive item and the title of its first step in runbook order. */
struct store_report_item {
	char *id;
	char *title;
};

/* The run's directive items in runbook order; free with store_report_items_free. */
int store_report_items(struct store *st, int64_t run_id,
		       struct store_report_item **out, size_t *n,
		       struct err *err);
void store_report_items_free(struct store_report_item *it, size_t n);

/* A sign-off that stands on a waiver or was forced past what it waited on. */
struct store_report_waiver {
	char *key;
	char *unit_name;
	char *title;
	char *by;
	instant_t at;
	char *reason;          /* the waiver's reason; forced: the comment
				  signed with, or NULL */
	int forced;            /* forced past requirements or its start */
	int waived;            /* a check's findings waived */
};

/*
 * The live tasks whose current state rests on a waiver of a check's
 * findings or on a forced sign-off (their last event's evidence holds
 * "waiver" or "forced-past"), by time: at most `limit` (0: all), and in
 * *total how many there are.  Free with store_report_waivers_free.
 */
int store_report_waivers(struct store *st, int64_t run_id, size_t limit,
			 struct store_report_waiver **out, size_t *n,
			 size_t *total, struct err *err);
void store_report_waivers_free(struct store_report_waiver *w, size_t n);

enum store_field_type { STORE_FIELD_TEXT, STORE_FIELD_FILE,
			STORE_FIELD_WAIVER };

/* One member of a sign-off's evidence. */
struct store_report_field {
	char *key;
	enum store_field_type type;
	char *value;           /* TEXT: the value; FILE: the file's name;
				  WAIVER: the reason */
	char *hash;            /* FILE: its blake2b hex; else NULL */
	int64_t size;          /* FILE: its size in bytes */
	char *findings;        /* WAIVER: the findings, "; "-joined */
};

/*
 * Reads the evidence JSON a sign-off recorded (NULL or "" give no
 * field), in its recorded order, but for "forced-past" and "gate-decision" (what
 * the decisions section says: report_decisions), through SQLite's JSON functions (the
 * engine writes JSON but parses none itself).  Free with
 * store_report_fields_free.
 */
int store_report_evidence(struct store *st, const char *json,
			  struct store_report_field **out, size_t *n,
			  struct err *err);
void store_report_fields_free(struct store_report_field *f, size_t n);

/*
 * The text at path (SQLite's JSON path, '$."gate-decision".outcome') of the
 * JSON a sign-off recorded, in *out (caller frees), or NULL when json is
 * NULL, not JSON, or has nothing there.  Returns 0 or -1.
 */
int store_report_json_text(struct store *st, const char *json,
			   const char *path, char **out, struct err *err);

/*
 * The id of the first step, in runbook order, with a task whose last
 * event recorded evidence holding every one of keys; caller frees it.
 * Returns 0, STORE_NOTFOUND (no such step, err not set), or -1.
 */
int store_report_find_step(struct store *st, int64_t run_id,
			   const char *const *keys, size_t nkeys,
			   char **step_id, struct err *err);

#endif
