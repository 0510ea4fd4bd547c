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
	char *state;           /* pending, done, skipped, failed, blocked */
	instant_t at;          /* of the event that set it; 0 for pending */
	char *by;              /* NULL while pending */
	char *comment;         /* may be NULL */
	char *evidence;        /* JSON, may be NULL */
};

/*
 * The state of every live (not archived) task of the run from the
 * events at or before `at`, one per task in store_tasks' order (due,
 * then key), so that the two arrays line up.  Free with store_report_states_free.
 */
int store_report_states_at(struct store *st, int64_t run_id, instant_t at,
			   struct store_report_state **out, size_t *n,
			   struct err *err);
void store_report_states_free(struct store_report_state *s, size_t n);

struct store_report_event {
	int64_t seq;
	char *task_key;        /* NULL when not about a task */
	char *kind;
	char *actor;
	char *unit_id;         /* the task's owner, else the event's unit */
	instant_t at;
	char *comment;         /* may be NULL; a difficulty's number and
				  text, a shift's person */
	char *title;           /* the task's step title, or NULL */
	char *role;            /* a shift's role (its id), else NULL */
};

/*
 * The run's events with from <= at < to, by time then sequence.  Free
 * with store_report_events_free.
 */
int store_report_events(struct store *st, int64_t run_id, instant_t from,
			instant_t to, struct store_report_event **out,
			size_t *n, struct err *err);
void store_report_events_free(struct store_report_event *e, size_t n);

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
 * field), in its recorded order, through SQLite's JSON functions (the
 * engine writes JSON but parses none itself).  Free with
 * store_report_fields_free.
 */
int store_report_evidence(struct store *st, const char *json,
			  struct store_report_field **out, size_t *n,
			  struct err *err);
void store_report_fields_free(struct store_report_field *f, size_t n);

/*
 * The id of the first step, in runbook order, with a task whose last
 * event recorded evidence holding every one of keys; caller frees it.
 * Returns 0, STORE_NOTFOUND (no such step, err not set), or -1.
 */
int store_report_find_step(struct store *st, int64_t run_id,
			   const char *const *keys, size_t nkeys,
			   char **step_id, struct err *err);

#endif
