/*
 * Comparing two versions of a runbook: the model, not the text.  Steps
 * are matched by id and compared field by field (times as resolved local
 * times, owners as the units they select, tasks by key); sections and the
 * units of the registry are matched by id, and an unmatched pair with the
 * same title (name) counts as renamed.  No git and no printing here: the
 * vcs module reads the versions, the command prints what diff_format_*
 * appends.
 */
#ifndef DIFF_H
#define DIFF_H

#include <stddef.h>

#include "book.h"
#include "err.h"
#include "strbuf.h"

enum diff_change {
	DIFF_ADDED,
	DIFF_REMOVED,
	DIFF_CHANGED,
	DIFF_RENAMED     /* sections and units: a new title, or a new id */
};

/*
 * One changed field.  old_value/new_value are display text (NULL when the
 * field is absent on that side); added/removed list the members that a
 * set-like field (owners' units, requires, evidence fields, items, task
 * keys) gained and lost.
 */
struct diff_field {
	char *name;
	char *old_value;
	char *new_value;
	char **added;
	size_t nadded;
	char **removed;
	size_t nremoved;
};

/* A section, unit or step that differs. */
struct diff_entry {
	enum diff_change change;
	char *id;             /* the new id (the old one when removed) */
	char *old_id;         /* when renamed by id, else NULL */
	char *title;          /* step/section title, unit name */
	size_t ntasks;        /* steps added or removed: their tasks */
	struct diff_field *fields;
	size_t nfields;
	size_t alloc;
};

struct diff_list {
	struct diff_entry *v;
	size_t n;
	size_t alloc;
};

struct diff {
	struct diff_entry runbook;   /* the runbook { } declaration's fields */
	struct diff_list sections;
	struct diff_list units;
	struct diff_list steps;
	size_t tasks_old, tasks_new; /* tasks of each version */
	size_t tasks_added;          /* task keys only the new version has */
	size_t tasks_removed;        /* task keys only the old version has */
};

/*
 * Compares two loaded books; each is expanded first (book_expand).
 * Returns 0 and a result the caller frees with diff_free, or -1 with err
 * (an expansion error).
 */
int diff_books(struct book *old_book, struct book *new_book,
	       struct diff **out, struct err *err);

/*
 * The same comparison of the definitions alone (the runbook, sections,
 * units and steps field by field), for what an upgrade needs: neither
 * book is expanded, the owners are compared as units selected, and the
 * task counts and keys (tasks_*, a step's "tasks" and a report_to
 * function's rerouted tasks) are left out.  At a million tasks an
 * expanded book is some 200 MB; `upgrade` expands the new version alone.
 */
int diff_books_defs(struct book *old_book, struct book *new_book,
		    struct diff **out, struct err *err);

/* 1 when the two versions declare the same runbook. */
int diff_is_empty(const struct diff *d);

/*
 * Appends the comparison as text, one line per added, removed or renamed
 * entry and one indented line per changed field; nothing when equal.
 */
void diff_format_text(const struct diff *d, struct strbuf *out);

/* Appends the counts: steps, sections, units and tasks, a few lines. */
void diff_format_stat(const struct diff *d, struct strbuf *out);

/*
 * Appends the comparison as JSON members (no braces, each preceded by a
 * comma): "equal", "stat", "runbook", "sections", "units", "steps".
 */
void diff_format_json(const struct diff *d, struct strbuf *out);

/* Frees the result; NULL is allowed. */
void diff_free(struct diff *d);

#endif
