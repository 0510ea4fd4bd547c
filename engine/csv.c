/*
 * The CSV reader (RFC 4180 as spreadsheets write it).  It owns two
 * passes over the bytes, both bounded by `len` and never by a NUL:
 *
 *   1. check: every byte is valid UTF-8 and none is NUL, so that the
 *      parser and everyone after it may treat fields as C strings;
 *   2. parse: a small state machine that splits records and fields,
 *      counting lines (LF, CRLF or a lone CR) and columns (in characters,
 *      not bytes, so that "dòng 4, cột 12" matches what an editor shows).
 *
 * Invariants: every record keeps the line where it started; every error
 * carries file, line and column; on error nothing is returned (out is
 * left empty) and everything built so far is freed.
 */
#include "csv.h"
#include "i18n.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct parser {
	const char *file;
	const unsigned char *p, *end;
	int line, col;
	char delim;
	int translate;      /* errors in the user's language, or English */
	struct err *err;
};

/* The message msgid (marked with N_()) as this parse says it. */
static const char *say(const struct parser *ps, const char *msgid)
{
	return ps->translate ? _(msgid) : msgid;
}

/* A record being read: its fields, and whether the first one was quoted. */
struct record {
	char **fields;
	int *cols;          /* column where each kept field starts */
	size_t n, alloc, cols_alloc;
	int line;
	int first_quoted;
	int extra_col;      /* column where field ncols+1 starts, if any */
	int end_col;        /* column just after the record's last field */
};

/* msg is marked with N_(). */
static int at_error(struct parser *ps, int line, int col, const char *msg)
{
	err_at(ps->err, ps->file, line, col);
	return fail(ps->err, "%s", say(ps, msg));
}

/* Pass 1: UTF-8 and no NUL, with the position of the first bad byte. */
static int check_bytes(struct parser *ps)
{
	const unsigned char *p = ps->p;
	int line = 1, col = 1;

	while (p < ps->end) {
		size_t n;

		if (*p == '\0')
			return at_error(ps, line, col, N_("NUL byte in CSV text"));
		n = utf8_seq_len(p, (size_t)(ps->end - p));
		if (!n)
			return at_error(ps, line, col, N_("invalid UTF-8"));
		if (*p == '\n' || (*p == '\r' && (p + 1 == ps->end || p[1] != '\n'))) {
			line++;
			col = 1;
		} else if (*p != '\r') {
			col++;
		}
		p += n;
	}
	return 0;
}

/*
 * The delimiter: ';' when the header line (the first line with anything
 * but spaces on it) has more unquoted ';' than ',', else ','.
 */
static char guess_delim(const unsigned char *p, const unsigned char *end)
{
	size_t commas = 0, semis = 0;
	int quoted = 0, content = 0;

	for (; p < end; p++) {
		if (*p == '"') {
			quoted = !quoted;
			content = 1;
		} else if (quoted) {
			continue;
		} else if (*p == '\n' || *p == '\r') {
			if (content)
				break;
		} else if (*p == ',') {
			commas++;
			content = 1;
		} else if (*p == ';') {
			semis++;
			content = 1;
		} else if (*p != ' ' && *p != '\t') {
			content = 1;
		}
	}
	return semis > commas ? ';' : ',';
}

/* Moves past one byte of text, counting a column per character. */
static void advance(struct parser *ps)
{
	if ((*ps->p & 0xc0) != 0x80)
		ps->col++;
	ps->p++;
}

/* Moves past a line ending (LF, CRLF or CR) at ps->p. */
static void newline(struct parser *ps)
{
	if (*ps->p == '\r' && ps->p + 1 < ps->end && ps->p[1] == '\n')
		ps->p++;
	ps->p++;
	ps->line++;
	ps->col = 1;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static int at_record_end(const struct parser *ps)
{
	return ps->p == ps->end || *ps->p == '\n' || *ps->p == '\r';
}

/* A quoted field, ps->p on the opening quote; "" is one quote, CRLF is LF. */
static int read_quoted(struct parser *ps, struct strbuf *field)
{
	int open_line = ps->line, open_col = ps->col;

	advance(ps);
	for (;;) {
		if (ps->p == ps->end)
			return at_error(ps, open_line, open_col,
					N_("unterminated quoted field"));
		if (*ps->p == '"') {
			if (ps->p + 1 < ps->end && ps->p[1] == '"') {
				strbuf_addch(field, '"');
				advance(ps);
				advance(ps);
				continue;
			}
			advance(ps);
			break;
		}
		if (*ps->p == '\n' || *ps->p == '\r') {
			strbuf_addch(field, '\n');
			newline(ps);
			continue;
		}
		strbuf_addch(field, *ps->p);
		advance(ps);
	}
	/* Spaces after the closing quote are layout, not content. */
	while (ps->p < ps->end && is_space(*ps->p))
		advance(ps);
	if (!at_record_end(ps) && *ps->p != (unsigned char)ps->delim)
		return at_error(ps, ps->line, ps->col,
				N_("unexpected text after a closing quote"));
	return 0;
}

/* An unquoted field: up to the delimiter or the end of the line. */
static int read_plain(struct parser *ps, struct strbuf *field)
{
	while (!at_record_end(ps) && *ps->p != (unsigned char)ps->delim) {
		if (*ps->p == '"')
			return at_error(ps, ps->line, ps->col,
					N_("quote inside an unquoted field"));
		strbuf_addch(field, *ps->p);
		advance(ps);
	}
	return 0;
}

static void record_release(struct record *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->fields[i]);
	free(r->fields);
	free(r->cols);
	memset(r, 0, sizeof(*r));
}

/*
 * Reads one record from ps->p (not at the end), leaving ps->p after its
 * line ending.  `limit` is the number of fields kept before the record
 * is known to be too long; the rest are counted but not stored.
 */
static int read_record(struct parser *ps, struct record *r, size_t limit,
		       size_t *nfields)
{
	struct strbuf field = STRBUF_INIT;
	size_t count = 0;

	r->line = ps->line;
	for (;;) {
		const unsigned char *start = ps->p;
		int start_col = ps->col, quoted = 0;

		strbuf_reset(&field);
		/* Spaces before an opening quote are layout, too. */
		while (ps->p < ps->end && is_space(*ps->p))
			advance(ps);
		if (ps->p < ps->end && *ps->p == '"') {
			quoted = 1;
			if (read_quoted(ps, &field))
				goto fail;
		} else {
			ps->p = start;
			ps->col = start_col;
			if (read_plain(ps, &field))
				goto fail;
		}
		if (count == 0)
			r->first_quoted = quoted;
		if (count == limit)
			r->extra_col = start_col;
		if (count < limit) {
			XGROW(r->fields, r->alloc, r->n + 1);
			XGROW(r->cols, r->cols_alloc, r->n + 1);
			r->cols[r->n] = start_col;
			r->fields[r->n++] = xstrndup(field.buf, field.len);
		}
		count++;
		if (ps->p < ps->end && *ps->p == (unsigned char)ps->delim) {
			advance(ps);
			continue;
		}
		r->end_col = ps->col;
		if (ps->p < ps->end)
			newline(ps);
		break;
	}
	strbuf_release(&field);
	*nfields = count;
	return 0;
fail:
	strbuf_release(&field);
	return -1;
}

/* A line with nothing on it, or only spaces: not a record. */
static int record_blank(const struct record *r, size_t nfields)
{
	const char *s;

	if (nfields != 1 || r->first_quoted)
		return 0;
	for (s = r->fields[0]; *s; s++)
		if (!is_space((unsigned char)*s))
			return 0;
	return 1;
}

static char *trim(const char *s)
{
	size_t n;

	while (is_space((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && is_space((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* The header: names trimmed, none empty, none twice, not too many. */
static int take_header(struct parser *ps, struct record *r, size_t nfields,
		       struct csv_table *t)
{
	size_t i, j;

	if (nfields > CSV_MAX_COLS) {
		err_at(ps->err, ps->file, r->line, r->extra_col);
		return fail(ps->err, say(ps, N_("more than %d columns")),
			    CSV_MAX_COLS);
	}
	t->header = xcalloc(nfields, sizeof(*t->header));
	t->ncols = nfields;
	for (i = 0; i < nfields; i++)
		t->header[i] = trim(r->fields[i]);
	for (i = 0; i < nfields; i++) {
		if (!*t->header[i]) {
			err_at(ps->err, ps->file, r->line, r->cols[i]);
			return fail(ps->err, say(ps, N_("column %zu has no"
							" name")), i + 1);
		}
		for (j = 0; j < i; j++)
			if (!strcmp(t->header[i], t->header[j])) {
				err_at(ps->err, ps->file, r->line, r->cols[i]);
				return fail(ps->err, say(ps, N_("duplicate"
						" column name '%s'")),
					    t->header[i]);
			}
	}
	return 0;
}

static int parse(const char *file, const char *text, size_t len,
		 int translate, struct csv_table *out, struct err *err)
{
	struct parser ps;
	struct csv_table t;
	size_t alloc = 0;
	int have_header = 0;

	memset(out, 0, sizeof(*out));
	memset(&t, 0, sizeof(t));
	ps.file = file;
	ps.p = (const unsigned char *)text;
	ps.end = ps.p + len;
	ps.line = 1;
	ps.col = 1;
	ps.err = err;
	ps.translate = translate;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		ps.p += 3;
	if (check_bytes(&ps))
		return -1;
	ps.delim = guess_delim(ps.p, ps.end);

	while (ps.p < ps.end) {
		struct record r;
		size_t nfields;
		size_t limit = have_header ? t.ncols : CSV_MAX_COLS;

		memset(&r, 0, sizeof(r));
		if (read_record(&ps, &r, limit, &nfields)) {
			record_release(&r);
			goto fail;
		}
		if (record_blank(&r, nfields)) {
			record_release(&r);
			continue;
		}
		if (!have_header) {
			int rc = take_header(&ps, &r, nfields, &t);

			record_release(&r);
			if (rc)
				goto fail;
			have_header = 1;
			continue;
		}
		if (nfields != t.ncols) {
			const char *fmt = P_("record has %zu field, the header"
					     " has %zu", "record has %zu fields,"
					     " the header has %zu", nfields);

			if (!translate)
				fmt = nfields == 1 ? "record has %zu field, the"
					" header has %zu" : "record has %zu"
					" fields, the header has %zu";
			err_at(err, file, r.line,
			       nfields > t.ncols ? r.extra_col : r.end_col);
			fail(err, fmt, nfields, t.ncols);
			record_release(&r);
			goto fail;
		}
		if (t.nrows == CSV_MAX_ROWS) {
			err_at(err, file, r.line, 1);
			fail(err, say(&ps, N_("more than %d records")),
			     CSV_MAX_ROWS);
			record_release(&r);
			goto fail;
		}
		XGROW(t.rows, alloc, t.nrows + 1);
		t.rows[t.nrows].line = r.line;
		t.rows[t.nrows].fields = r.fields;     /* takes ownership */
		t.nrows++;
		free(r.cols);
	}
	if (!have_header) {
		err_at(err, file, 1, 0);
		return fail(err, "%s", say(&ps, N_("no header row")));
	}
	*out = t;
	return 0;
fail:
	csv_free(&t);
	return -1;
}

int csv_parse(const char *file, const char *text, size_t len,
	      struct csv_table *out, struct err *err)
{
	return parse(file, text, len, 1, out, err);
}

int csv_parse_english(const char *file, const char *text, size_t len,
		      struct csv_table *out, struct err *err)
{
	return parse(file, text, len, 0, out, err);
}

long csv_column(const struct csv_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->header[i], name))
			return (long)i;
	return -1;
}

void csv_free(struct csv_table *t)
{
	size_t i, j;

	if (!t)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			free(t->rows[i].fields[j]);
		free(t->rows[i].fields);
	}
	free(t->rows);
	if (t->header)
		for (i = 0; i < t->ncols; i++)
			free(t->header[i]);
	free(t->header);
	memset(t, 0, sizeof(*t));
}

void csv_quote(struct strbuf *out, const char *value)
{
	const char *p;

	/*
	 * The reader skips a byte-order mark opening the file, and a line of
	 * nothing but spaces: a value that starts with one, or is only
	 * spaces (or nothing), is quoted to keep it.
	 */
	if (!strpbrk(value, ",;\"\r\n") && strncmp(value, "\xEF\xBB\xBF", 3) &&
	    value[strspn(value, " \t")]) {
		strbuf_adds(out, value);
		return;
	}
	strbuf_addch(out, '"');
	for (p = value; *p; p++) {
		if (*p == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, *p);
	}
	strbuf_addch(out, '"');
}
