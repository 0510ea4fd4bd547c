/*
 * The CSV reader: arbitrary bytes as a CSV file.  What it accepts must
 * keep csv.h's promises: a header of non-empty, distinct names, every row
 * with exactly ncols fields, none NULL, line numbers that grow and stay
 * within the text's lines.
 */
#include "fuzz.h"

#include <string.h>

#include "csv.h"
#include "err.h"

static void check(const struct csv_table *t, const uint8_t *data,
		  size_t size)
{
	size_t i, j, lines = 1;
	int last = 1;

	/* A line ends with LF, CRLF or a lone CR. */
	for (i = 0; i < size; i++)
		if (data[i] == '\n' ||
		    (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
			lines++;
	if (!t->ncols || t->ncols > CSV_MAX_COLS)
		fuzz_fail("a table without columns or with too many", size);
	for (i = 0; i < t->ncols; i++) {
		if (!t->header[i] || !t->header[i][0])
			fuzz_fail("an empty column name accepted", size);
		if (csv_column(t, t->header[i]) != (long)i)
			fuzz_fail("a column name that is not unique", size);
	}
	for (i = 0; i < t->nrows; i++) {
		const struct csv_row *r = &t->rows[i];

		if (r->line <= last && i)
			fuzz_fail("row lines that do not increase", size);
		if (r->line < 2 || (size_t)r->line > lines)
			fuzz_fail("a row line outside the text", size);
		last = r->line;
		for (j = 0; j < t->ncols; j++)
			if (!r->fields[j])
				fuzz_fail("a NULL field", size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_table t;
	struct err err = ERR_INIT;

	memset(&t, 0, sizeof(t));
	if (csv_parse("fuzz.csv", (const char *)data, size, &t, &err)) {
		if (!err_is_set(&err))
			fuzz_fail("csv_parse failed without an error", size);
	} else {
		check(&t, data, size);
		csv_free(&t);
	}
	err_release(&err);
	return 0;
}
