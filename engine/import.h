/*
 * Importing sign-offs from a spreadsheet (CSV): the rows a unit sends
 * back, recorded all together or not at all.
 *
 * DESIGN: a malformed file changes nothing.  Every row is checked by the
 * same code as `cutover sign` (signoff_prepare); each bad row is noted as
 * FILE:LINE: field 'F': reason (with what a check found under it), and
 * only a file with no bad row is recorded, in one transaction.  A row
 * whose task is in that state already records nothing, so importing the
 * same file again adds nothing.  The columns are the template's (see
 * `cutover import --help`): task, or step and unit (and date); by, time,
 * action, comment; any other is an evidence field of the row's step.
 *
 * What a spreadsheet hands back is a filled template (import_make_sheets):
 * a row whose first cell starts with '#' is a comment (the template's
 * row of labels), and a row with nothing in any cell but those naming
 * its task is untouched, not an attempt, and is left out.  A file with
 * no column but those naming the task is a list of tasks to sign.
 */
#ifndef IMPORT_H
#define IMPORT_H

#include <stddef.h>

#include "auth.h"
#include "clock.h"
#include "err.h"
#include "signoff.h"
#include "store.h"
#include "strbuf.h"

struct import;
struct runbook;

/* What was wrong with one row: its error line and a check's findings. */
struct import_problem {
	int line;
	size_t order;
	char *error;       /* "FILE:LINE: field 'F': reason" */
	char *findings;    /* one reason a line, or NULL */
};

/*
 * Parses text, the CSV read from file (its columns, at least one row;
 * the caller reads it, confined as its door requires: cmd_read_file);
 * file fields name files inside file's folder.  default_by signs the
 * rows that have no 'by'.  0 and *out (import_free), or -1 with err
 * naming the file and line.
 */
int import_open(const char *file, const char *text, size_t len,
		const char *default_by, struct import **out, struct err *err);
void import_free(struct import *im);

/*
 * Checks every row against run as token a signing at now would, then,
 * when none is bad, records them all in one transaction (with dry_run,
 * rolls it back).  Returns 0 (recorded, or would be), 1 when rows were
 * refused (import_problems lists them; nothing recorded), or -1 with
 * err.
 */
int import_apply(struct import *im, struct store *st,
		 const struct store_run *run, const struct auth *a,
		 instant_t now, int dry_run, struct err *err);

/* The file's name, as given. */
const char *import_file(const struct import *im);
/*
 * How many rows the file has filled in (the rows imported), and how
 * many were refused.
 */
size_t import_rows(const struct import *im);
/* How many rows were left untouched (not counting comment rows). */
size_t import_untouched(const struct import *im);
size_t import_bad_rows(const struct import *im);
/* Row i after import_apply: its task, action (event kind) and result. */
void import_row(const struct import *im, size_t i, const char **task,
		const char **action, const struct signoff_result **res);
/* The problems found, in line order (after import_apply returned 1). */
size_t import_problems(const struct import *im,
		       const struct import_problem **out);

/*
 * One step's sheet of a template: the CSV a unit fills in, UTF-8 with a
 * byte-order mark (so that Excel and LibreOffice Calc read Vietnamese as
 * it is), a header row (task, action, by, time, comment, then the step's
 * evidence fields in the order the runbook asks them), a comment row
 * starting with '#' (the step's title, each field's label and type in
 * the runbook's language, which the importer skips), and a row per task
 * with only its key filled in.
 */
struct import_sheet {
	const char *step_id;     /* the runbook's */
	struct strbuf text;
	size_t rows;
	char *file;              /* where import_write_sheets wrote it */
};

/*
 * The sheets of tasks (ntasks of them), one per step in the runbook's
 * order of steps, for the steps with a task; step_id (or NULL: all)
 * keeps one step's.  *out is NULL when there is none.
 */
void import_make_sheets(const struct runbook *rb, const struct store_task *tasks,
			 size_t ntasks, const char *step_id,
			 struct import_sheet **out, size_t *n);
void import_sheets_free(struct import_sheet *sheets, size_t n);

/*
 * Writes each sheet to a new file in the folder dir: UNIT.STEP.csv, or
 * STEP.csv when unit_id is NULL.  All or none: an existing file (a
 * filled one, perhaps) is never replaced, and the files written before
 * a failure are removed.  0, or -1 with err.
 */
int import_write_sheets(const char *dir, const char *unit_id,
			struct import_sheet *sheets, size_t n,
			struct err *err);

#endif
