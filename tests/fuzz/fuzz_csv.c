/*
 * The CSV reader: arbitrary bytes as a CSV file.  What it accepts must
 * keep csv.h's promises: a header of non-empty, distinct names, every row
 * with exactly ncols fields, none NULL, line numbers that grow and stay
 * within the text's lines.  And the writer (csv_quote, which `import
 * template` uses) must write it back so that the reader reads the same
 * table: the same names, rows and fields.
 */
#include "fuzz.h"

#include <string.h>

#include "csv.h"
#include "err.h"
#include "strbuf.h"

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

static void write_table(const struct csv_table *t, struct strbuf *out)
{
	size_t i, j;

	for (j = 0; j < t->ncols; j++) {
		if (j)
			strbuf_addch(out, ',');
		csv_quote(out, t->header[j]);
	}
	strbuf_addch(out, '\n');
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++) {
			if (j)
				strbuf_addch(out, ',');
			csv_quote(out, t->rows[i].fields[j]);
		}
		strbuf_addch(out, '\n');
	}
}

static void check_round_trip(const struct csv_table *t, size_t size)
{
	struct strbuf text = STRBUF_INIT;
	struct csv_table back;
	struct err err = ERR_INIT;
	size_t i, j, k = 0;

	memset(&back, 0, sizeof(back));
	write_table(t, &text);
	if (csv_parse("again.csv", text.buf, text.len, &back, &err))
		fuzz_fail("a table written back is not read again", size);
	if (back.ncols != t->ncols)
		fuzz_fail("a table written back has other columns", size);
	for (j = 0; j < t->ncols; j++)
		if (strcmp(back.header[j], t->header[j]))
			fuzz_fail("a column name written back differs", size);
	for (i = 0; i < t->nrows; i++) {
		if (k >= back.nrows)
			fuzz_fail("a row written back is lost", size);
		for (j = 0; j < t->ncols; j++)
			if (strcmp(back.rows[k].fields[j], t->rows[i].fields[j]))
				fuzz_fail("a field written back differs", size);
		k++;
	}
	if (k != back.nrows)
		fuzz_fail("a table written back has more rows", size);
	csv_free(&back);
	err_release(&err);
	strbuf_release(&text);
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
		check_round_trip(&t, size);
		csv_free(&t);
	}
	err_release(&err);
	return 0;
}
