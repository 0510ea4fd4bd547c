/*
 * CSV files as spreadsheets export them (RFC 4180): a header row naming
 * the columns, then records.  Fields may be quoted ("a, b" and "say ""hi""")
 * and quoted fields may span lines; records end with LF or CRLF; a UTF-8
 * byte-order mark is skipped.  The delimiter is ',' unless the header has
 * more ';' than ',' (spreadsheets set to Vietnamese write ';').
 *
 * Used by `roster import`, the sandbox's csv() helper for the runbook's
 * data checks, and `import signoffs`; `import template` writes one.  The
 * only CSV reader and writer.
 */
#ifndef CSV_H
#define CSV_H

#include <stddef.h>

#include "err.h"
#include "strbuf.h"

struct csv_row {
	int line;           /* 1-based line where the record starts */
	char **fields;      /* ncols entries, NUL-terminated, never NULL */
};

struct csv_table {
	char **header;      /* column names, trimmed of spaces */
	size_t ncols;
	struct csv_row *rows;
	size_t nrows;
};

/*
 * Parses text (len bytes) named `file` (for errors).  Blank lines are
 * skipped.  Errors (-1, err with file, line and column): not UTF-8, an
 * empty or duplicate column name, a record with more or fewer fields than
 * the header, an unterminated quote, a quote inside an unquoted field, a
 * NUL byte, more than CSV_MAX_ROWS records or CSV_MAX_COLS columns.
 */
#define CSV_MAX_ROWS 1000000
#define CSV_MAX_COLS 256
int csv_parse(const char *file, const char *text, size_t len,
	      struct csv_table *out, struct err *err);
/*
 * As csv_parse, its errors in English whatever the locale: for what is
 * handed to runbook code, whose checks must not read differently by the
 * language of whoever signs.
 */
int csv_parse_english(const char *file, const char *text, size_t len,
		      struct csv_table *out, struct err *err);

/* The index of the column named `name` (exact match), or -1. */
long csv_column(const struct csv_table *t, const char *name);

void csv_free(struct csv_table *t);

/*
 * Appends value as one CSV field: as it is when it holds no delimiter
 * (',' or ';'), quote or line break, does not start with a byte-order
 * mark and is not only spaces or empty; else in double quotes with its
 * quotes doubled.
 */
void csv_quote(struct strbuf *out, const char *value);

#endif
