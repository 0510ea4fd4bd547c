/*
 * The unit registry: the bodies that own tasks and receive reports, read
 * from a YAML file.  The only module that speaks to libyaml.
 *
 * File format (a mapping with a `units` sequence; flow or block style):
 *
 *   units:
 *     - id: dai-son                 # ascii slug [a-z0-9-], unique, required
 *       name: "Xã Đại Sơn"          # required
 *       kind: commune               # required, ascii slug
 *       code: "07627"               # optional (official code)
 *       parent: ttpvhcc             # optional, must name a unit
 *       police: ca-dai-son          # optional, must name a unit
 *       contacts: {phone: "...", email: "..."}   # optional mapping of strings
 *       attributes: {district: "...", population: "12000"}
 *                                   # optional: the runbook's own facts,
 *                                   # for selectors (where) and checks
 *
 * Unknown keys in a unit are errors (a typo must not pass silently);
 * whatever else a runbook needs to know of a unit goes in `attributes`.
 */
#ifndef UNITS_H
#define UNITS_H

#include <stddef.h>

#include "err.h"

struct unit_contact {
	char *key;
	char *value;
};

struct unit {
	char *id;
	char *name;
	char *kind;
	char *code;      /* NULL when absent or null */
	char *parent;    /* NULL when absent */
	char *police;    /* NULL when absent */
	struct unit_contact *contacts;
	size_t ncontacts;
	int line;        /* 1-based line of the unit in the file */
	struct unit_contact *attrs;  /* `attributes`, in file order */
	size_t nattrs;
};

struct unit_registry {
	char *file;      /* the name used in errors */
	struct unit *units;  /* in file order */
	size_t n;
	/* private: lookup index */
	size_t *index;   /* positions sorted by id */
};

/*
 * Parses the YAML text (len bytes) named `file` (used in errors only).
 * Returns 0 and a registry the caller frees with units_free, or -1 with
 * err naming file, line, column and field: malformed YAML, a missing or
 * unknown field, a bad id, a duplicate id, a parent/police naming no unit.
 * Nesting deeper than 64 levels is an error, not a stack overflow.
 */
int units_parse(const char *file, const char *text, size_t len,
		struct unit_registry **out, struct err *err);

/* Returns the unit with that id, or NULL.  O(log n). */
const struct unit *units_find(const struct unit_registry *reg, const char *id);

/* Frees the registry; NULL is allowed. */
void units_free(struct unit_registry *reg);

/* 1 when s is a valid id: [a-z0-9] then [a-z0-9-]*, at most 64 bytes. */
int units_valid_id(const char *s);

/* 1 when s is a valid attribute name: [a-z0-9_-]+, at most 64 bytes. */
int units_valid_attribute(const char *s);

/*
 * The value of a unit's field or attribute called key ("kind", "code",
 * "parent", "police", or one of its attributes), or NULL when it has none.
 */
const char *units_value(const struct unit *u, const char *key);

#endif
