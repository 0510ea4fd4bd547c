/*
 * The runbook model: what a loaded runbook declares, independent of Lua.
 * The script module builds it; the plan, store, diff and report modules
 * read it.  Everything here is owned by the runbook (model_runbook_free).
 */
#ifndef MODEL_H
#define MODEL_H

#include <stddef.h>

#include "clock.h"

enum selector_kind {
	SELECTOR_ALL,    /* every unit of the registry */
	SELECTOR_KINDS,  /* units whose kind is one of values */
	SELECTOR_IDS,    /* the units named in values, in that order */
	SELECTOR_EXCEPT  /* base minus the units named in values (ids) */
};

struct selector {
	enum selector_kind kind;
	char **values;
	size_t nvalues;
	struct selector *base;  /* SELECTOR_EXCEPT only */
};

/* Recurrence: one occurrence per local day, due at before_minutes. */
struct recurrence {
	struct time_expr from;   /* first instant covered */
	struct time_expr to;     /* last instant covered */
	int before_minutes;      /* local time of day of each due, 0..1439 */
};

enum evidence_type {
	EVIDENCE_TEXT,
	EVIDENCE_PHONE,
	EVIDENCE_EMAIL,
	EVIDENCE_URL,
	EVIDENCE_INT,
	EVIDENCE_MONEY,
	EVIDENCE_DATE,
	EVIDENCE_BOOL,
	EVIDENCE_FILE
};

struct evidence_field {
	char *name;
	enum evidence_type type;
	int optional;            /* declared with a trailing '?' */
};

struct section {
	char *id;
	char *title;
	int line;
};

struct step {
	char *id;
	char *title;
	char *details;           /* Markdown; may be NULL */
	char *directive;         /* item id, e.g. "D1.5"; may be NULL */
	size_t section;          /* index into runbook.sections */
	int line;                /* line of the step { } declaration */
	struct selector *owners;
	char *report_to;         /* a unit id; NULL when none or a function */
	int report_to_is_function;
	struct time_expr start;
	struct time_expr due;
	struct recurrence *every; /* NULL unless recurring */
	char **requires;         /* step ids */
	size_t nrequires;
	int gate;
	struct evidence_field *evidence; /* sorted by name */
	size_t nevidence;
	char *check_source;      /* source text of the check function, or NULL */
	char *roster;            /* duty role whose coverage signs it; or NULL */
};

/*
 * The difficulties log (vướng mắc): the systems a difficulty may concern,
 * the severities, and whether route(unit, system, severity) is declared.
 */
struct difficulties {
	char **systems;
	size_t nsystems;
	char **severities;       /* least to most severe */
	size_t nseverities;
	int has_route;
	int line;
};

/*
 * reminders { ... }: when `cutover serve` chases what is late on its own,
 * and the rules every reminder follows, from the command line too.
 */
struct reminders {
	int *at;                 /* local times of day (minutes), each day */
	size_t nat;
	int64_t every;           /* seconds between rounds; 0: none */
	struct time_expr from;   /* the span the rounds run in; TIME_NONE: */
	struct time_expr to;     /* unbounded on that side */
	int64_t within;          /* soon due: within this many seconds */
	int64_t period;          /* never the same reminder twice within */
	int daily_report;        /* serve sends the routed daily report too */
	int line;
};

/* The defaults when the runbook declares no reminders { }. */
#define REMINDERS_WITHIN (2 * 3600)
#define REMINDERS_PERIOD (6 * 3600)

struct runbook {
	char *file;              /* the name errors use, e.g. "runbooks/bn.lua" */
	int line;                /* of the runbook { } declaration */
	char *id;
	char *title;
	char *directive;         /* the source document's reference */
	char *units_path;        /* as written, relative to the runbook's folder */
	int offset_minutes;      /* timezone, default +07:00 */
	instant_t t0;
	int has_duty_window;
	struct time_expr duty_from;
	struct time_expr duty_to;
	char **items;            /* the directive's item ids, when declared */
	size_t nitems;
	struct difficulties *difficulties; /* NULL when not declared */
	struct reminders *reminders;       /* NULL when not declared */
	struct section *sections;
	size_t nsections;
	struct step *steps;
	size_t nsteps;
};

const char *model_evidence_type_name(enum evidence_type type);
/* Returns 0 and sets *out, or -1 when name is not a type. */
int model_evidence_type_parse(const char *name, enum evidence_type *out);
/* Returns the index of the step with that id, or -1. */
long model_find_step(const struct runbook *rb, const char *id);
void model_selector_free(struct selector *sel);
void model_runbook_free(struct runbook *rb);

#endif
