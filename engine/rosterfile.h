/*
 * Roster files: the duty shifts a unit sends in bulk, as YAML or CSV, read
 * into entries that remember the line of every value.  This module only
 * reads and checks the shape of the file (which fields, present, one line
 * of text each); what the values mean (a unit of the run, a role it must
 * cover, a time, a phone number) is checked by the caller against the
 * run, naming the entry's line.  No store access.
 *
 * YAML (.yaml, .yml): one document, a mapping with a single `shifts` key
 * holding a sequence of mappings:
 *
 *   shifts:
 *     - unit: dai-son
 *       role: truc-su-co
 *       person: "Nguyễn Văn An"
 *       phone: "0912 345 678"         # optional
 *       from: "2026-05-29 20:00"      # or "T-2h", "T+1d 08:00"
 *       to: "T+1d 08:00"
 *
 * CSV (.csv): a header naming the columns unit, role, person, phone, from,
 * to in any order (any case; phone may be left out), then one shift per
 * record.
 *
 * Unknown keys and columns are errors, as are aliases, values that are not
 * plain strings, a field given twice, and a required field missing or
 * empty.  Values are trimmed of surrounding spaces.
 */
#ifndef ROSTERFILE_H
#define ROSTERFILE_H

#include <stddef.h>

#include "err.h"

/* DESIGN: a malformed file gets an error, never unbounded work. */
#define ROSTERFILE_MAX_ENTRIES 20000
#define ROSTERFILE_MAX_BYTES (8 * 1024 * 1024)
#define ROSTERFILE_MAX_VALUE 200    /* FIELD_NAME_MAX, field.h */

enum rosterfile_field {
	ROSTERFILE_UNIT,
	ROSTERFILE_ROLE,
	ROSTERFILE_PERSON,
	ROSTERFILE_PHONE,
	ROSTERFILE_FROM,
	ROSTERFILE_TO,
	ROSTERFILE_NFIELDS
};

struct rosterfile_entry {
	int line;                            /* 1-based: where the entry starts */
	char *value[ROSTERFILE_NFIELDS];     /* trimmed; NULL only for a missing phone */
	int value_line[ROSTERFILE_NFIELDS];  /* line of each value (entry's line if absent) */
};

struct rosterfile {
	char *file;                          /* the name used in errors */
	struct rosterfile_entry *entries;    /* in file order */
	size_t n;                            /* 1..ROSTERFILE_MAX_ENTRIES */
};

/* The field's name as files spell it: "unit", "role", ..., "to". */
const char *rosterfile_field_name(enum rosterfile_field f);

/*
 * Parses text (len bytes) named `file`, YAML or CSV by the name's ending
 * (.yaml, .yml, .csv, any case).  Returns 0 and a roster file the caller
 * frees with rosterfile_free, or -1 with err naming file and line, and the
 * field where there is one ("roster.yaml:7: field 'from': missing").  A
 * file without any shift is an error.
 */
int rosterfile_parse(const char *file, const char *text, size_t len,
		     struct rosterfile **out, struct err *err);

/*
 * Reads the file at path (at most ROSTERFILE_MAX_BYTES) and parses it as
 * rosterfile_parse does, naming it `path` in errors.
 */
int rosterfile_read(const char *path, struct rosterfile **out,
		    struct err *err);

/* Frees the roster file; NULL is allowed. */
void rosterfile_free(struct rosterfile *rf);

#endif
