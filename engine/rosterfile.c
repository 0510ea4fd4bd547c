/*
 * Roster files, YAML or CSV, into entries with line numbers.
 *
 * The YAML side walks yamldoc's events (which refuse syntax errors,
 * aliases, NUL bytes and a second document, in the words the unit
 * registry uses too) with a fixed shape in mind (mapping -> `shifts`
 * sequence -> shift mappings -> scalar values) and stops at the first
 * event that does not fit, so no input can make it nest, recurse or
 * expand, and only keys and the values of known fields are copied, each
 * at most ROSTERFILE_MAX_VALUE bytes.  The CSV side is csv_parse's table,
 * mapped by column name.  Both end in one check of every entry, so the
 * two formats reject the same things with the same words.
 *
 * Invariants of a returned rosterfile: 1 <= n <= ROSTERFILE_MAX_ENTRIES;
 * every required value is a non-empty, trimmed, single line of at most
 * ROSTERFILE_MAX_VALUE bytes; phone is NULL or the same.
 */
#include "rosterfile.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "field.h"
#include "i18n.h"
#include "infile.h"
#include "strbuf.h"
#include "xalloc.h"
#include "yamldoc.h"
#include "banned.h"

/* Keeps a hostile key or column name from filling the error line. */
#define MAX_QUOTED 40

static const char *const field_names[ROSTERFILE_NFIELDS] = {
	"unit", "role", "person", "phone", "from", "to",
};

#define FIELD_LIST "unit, role, person, phone, from, to"

const char *rosterfile_field_name(enum rosterfile_field f)
{
	return (unsigned)f < ROSTERFILE_NFIELDS ? field_names[f] : "?";
}

static int find_field(const char *name, int any_case)
{
	int f;

	for (f = 0; f < ROSTERFILE_NFIELDS; f++)
		if (any_case ? !strcasecmp(name, field_names[f])
			     : !strcmp(name, field_names[f]))
			return f;
	return -1;
}

/*
 * Sets err at file:line (0: no line) about field (may be NULL) and
 * returns -1.
 */
static int report(struct err *err, const char *file, int line, int column,
		  const char *field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int report(struct err *err, const char *file, int line, int column,
		  const char *field, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	err_at(err, file, line, column);
	err_about(err, NULL, field);
	fail(err, "%s", msg.buf);
	strbuf_release(&msg);
	return -1;
}

static void entry_release(struct rosterfile_entry *e)
{
	int f;

	for (f = 0; f < ROSTERFILE_NFIELDS; f++)
		free(e->value[f]);
}

void rosterfile_free(struct rosterfile *rf)
{
	size_t i;

	if (!rf)
		return;
	for (i = 0; i < rf->n; i++)
		entry_release(&rf->entries[i]);
	free(rf->entries);
	free(rf->file);
	free(rf);
}

/* Trims spaces and tabs from both ends of s, in place. */
static void trim(char *s)
{
	size_t len = strlen(s), start = 0;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (start < len && (s[start] == ' ' || s[start] == '\t'))
		start++;
	memmove(s, s + start, len - start);
	s[len - start] = '\0';
}

/*
 * The checks both formats share: trimmed, required fields present and
 * not empty, one line of text, not too long.  An empty phone becomes
 * NULL.
 */
static int check_entry(const char *file, struct rosterfile_entry *e,
		       struct err *err)
{
	struct err quiet = ERR_INIT;
	int f;

	for (f = 0; f < ROSTERFILE_NFIELDS; f++) {
		char *v = e->value[f];

		if (!e->value_line[f])
			e->value_line[f] = e->line;
		if (v)
			trim(v);
		if (!v || !*v) {
			if (f == ROSTERFILE_PHONE) {
				free(v);
				e->value[f] = NULL;
				continue;
			}
			return report(err, file, e->value_line[f], 0,
				      field_names[f], "%s",
				      v ? _("is empty") : _("missing"));
		}
		if (strlen(v) > ROSTERFILE_MAX_VALUE)
			return report(err, file, e->value_line[f], 0,
				      field_names[f], _("longer than %d bytes"),
				      ROSTERFILE_MAX_VALUE);
		if (field_check(field_names[f], v, ROSTERFILE_MAX_VALUE,
				FIELD_LINE, &quiet)) {
			err_release(&quiet);
			return report(err, file, e->value_line[f], 0,
				      field_names[f], "%s",
				      _("must be one line of text,"
					" without control characters"));
		}
	}
	return 0;
}

static struct rosterfile *rosterfile_new(const char *file)
{
	struct rosterfile *rf = xcalloc(1, sizeof(*rf));

	rf->file = xstrdup(file);
	return rf;
}

/* ---- YAML ---- */

struct yreader {
	struct yamldoc_reader *reader;
	struct yamldoc_event ev;
	const char *file;
	struct rosterfile *rf;
	size_t alloc;
	struct err *err;
	struct strbuf tmp;       /* for strbuf_set_quoted() */
};

static int ev_line(const struct yreader *y)
{
	return y->ev.line;
}

/* Moves to the next event; yamldoc refuses aliases and NUL bytes. */
static int next_event(struct yreader *y)
{
	return yamldoc_next(y->reader, &y->ev, y->err);
}

static int ev_is_null(const struct yamldoc_event *ev)
{
	return ev->type == YAMLDOC_SCALAR && ev->null;
}

/* What the event is, in the user's language: "not %s" ends a message. */
static const char *ev_kind(const struct yamldoc_event *ev)
{
	switch (ev->type) {
	case YAMLDOC_MAP:
		return _("a mapping");
	case YAMLDOC_SEQ:
		return _("a list");
	case YAMLDOC_SCALAR:
		return ev->null ? _("empty") : _("a string");
	default:
		return _("nothing");
	}
}

/* The current event is a scalar: copies it, if it is not too long. */
static int scalar_text(struct yreader *y, const char *field, char **out)
{
	if (y->ev.len > ROSTERFILE_MAX_VALUE)
		return report(y->err, y->file, ev_line(y), 0, field,
			      _("longer than %d bytes"), ROSTERFILE_MAX_VALUE);
	*out = xstrndup(y->ev.value, y->ev.len);
	return 0;
}

/* One `key: value` of a shift, the key being the current event. */
static int read_value(struct yreader *y, struct rosterfile_entry *e)
{
	char *key = NULL;
	int f, key_line = ev_line(y);

	if (y->ev.type != YAMLDOC_SCALAR)
		return report(y->err, y->file, key_line, 0, NULL,
			      _("a shift's keys must be field names, not %s"),
			      ev_kind(&y->ev));
	if (scalar_text(y, NULL, &key))
		return -1;
	f = find_field(key, 0);
	if (f < 0) {
		report(y->err, y->file, key_line, 0, NULL,
		       _("unknown field %s in a shift; expected %s"),
		       strbuf_set_quoted(&y->tmp, key, MAX_QUOTED), FIELD_LIST);
		free(key);
		return -1;
	}
	free(key);
	if (e->value_line[f])
		return report(y->err, y->file, key_line, 0, field_names[f],
			      _("given twice (first on line %d)"),
			      e->value_line[f]);
	if (next_event(y))
		return -1;
	e->value_line[f] = ev_line(y);
	if (y->ev.type != YAMLDOC_SCALAR)
		return report(y->err, y->file, ev_line(y), 0, field_names[f],
			      _("must be a string, not %s"), ev_kind(&y->ev));
	if (ev_is_null(&y->ev)) {
		e->value[f] = xstrdup("");
		return 0;
	}
	return scalar_text(y, field_names[f], &e->value[f]);
}

/* One shift: the current event is its MAPPING_START. */
static int read_shift(struct yreader *y)
{
	struct rosterfile *rf = y->rf;
	struct rosterfile_entry *e;

	if (rf->n >= ROSTERFILE_MAX_ENTRIES)
		return report(y->err, y->file, ev_line(y), 0, NULL,
			      _("more than %d shifts; split the file"),
			      ROSTERFILE_MAX_ENTRIES);
	XGROW(rf->entries, y->alloc, rf->n + 1);
	e = &rf->entries[rf->n++];
	memset(e, 0, sizeof(*e));
	e->line = ev_line(y);
	for (;;) {
		if (next_event(y))
			return -1;
		if (y->ev.type == YAMLDOC_MAP_END)
			break;
		if (read_value(y, e))
			return -1;
	}
	return 0;
}

/* The `shifts` list: the current event is its SEQUENCE_START. */
static int read_shifts(struct yreader *y)
{
	for (;;) {
		if (next_event(y))
			return -1;
		if (y->ev.type == YAMLDOC_SEQ_END)
			return 0;
		if (y->ev.type != YAMLDOC_MAP)
			return report(y->err, y->file, ev_line(y), 0, NULL,
				      _("each shift must be a mapping of %s,"
					" not %s"), FIELD_LIST,
				      ev_kind(&y->ev));
		if (read_shift(y))
			return -1;
	}
}

/* The document's mapping: the current event is its MAPPING_START. */
static int read_root(struct yreader *y)
{
	int root_line = ev_line(y), shifts_line = 0;
	char *key = NULL;

	for (;;) {
		if (next_event(y))
			return -1;
		if (y->ev.type == YAMLDOC_MAP_END)
			break;
		if (y->ev.type != YAMLDOC_SCALAR)
			return report(y->err, y->file, ev_line(y), 0, NULL,
				      _("a roster file's keys must be names,"
					" not %s"), ev_kind(&y->ev));
		if (scalar_text(y, NULL, &key))
			return -1;
		if (strcmp(key, "shifts")) {
			report(y->err, y->file, ev_line(y), 0, NULL,
			       _("unknown key %s; a roster file holds one"
				 " 'shifts' list"),
			       strbuf_set_quoted(&y->tmp, key, MAX_QUOTED));
			free(key);
			return -1;
		}
		free(key);
		if (shifts_line)
			return report(y->err, y->file, ev_line(y), 0, NULL,
				      _("'shifts' given twice (first on line"
					" %d)"), shifts_line);
		shifts_line = ev_line(y);
		if (next_event(y))
			return -1;
		if (ev_is_null(&y->ev))
			continue;
		if (y->ev.type != YAMLDOC_SEQ)
			return report(y->err, y->file, ev_line(y), 0, NULL,
				      _("'shifts' must be a list of shifts,"
					" not %s"), ev_kind(&y->ev));
		if (read_shifts(y))
			return -1;
	}
	if (!shifts_line)
		return report(y->err, y->file, root_line, 0, NULL,
			      "%s", _("no 'shifts' list"));
	return 0;
}

static int read_document(struct yreader *y)
{
	if (next_event(y))
		return -1;
	if (y->ev.type == YAMLDOC_DONE)
		return 0;   /* an empty file: no shift, said by the caller */
	if (y->ev.type == YAMLDOC_MAP) {
		if (read_root(y))
			return -1;
	} else if (!ev_is_null(&y->ev)) {
		return report(y->err, y->file, ev_line(y), 0, NULL,
			      _("a roster file is a mapping with a"
				" 'shifts' list, not %s"), ev_kind(&y->ev));
	}
	/* the end, or yamldoc's error about a second document */
	return next_event(y);
}

static int parse_yaml(const char *file, const char *text, size_t len,
		      struct rosterfile *rf, struct err *err)
{
	struct yreader y;
	size_t i;
	int rc;

	memset(&y, 0, sizeof(y));
	y.file = file;
	y.rf = rf;
	y.err = err;
	if (yamldoc_open(&y.reader, file, text, len, err))
		return -1;
	strbuf_init(&y.tmp);
	rc = read_document(&y);
	/* Checked once the whole file parsed: a syntax error comes first. */
	for (i = 0; !rc && i < rf->n; i++)
		rc = check_entry(file, &rf->entries[i], err);
	yamldoc_close(y.reader);
	strbuf_release(&y.tmp);
	return rc;
}

/* ---- CSV ---- */

/* The line of the header: the first line with more than white space. */
static int header_line(const char *text, size_t len)
{
	size_t i;
	int line = 1;

	for (i = 0; i < len && line < INT_MAX; i++) {
		if (text[i] == '\n')
			line++;
		else if (text[i] != '\r' && text[i] != ' ' && text[i] != '\t')
			break;
	}
	return line;
}

static int parse_csv(const char *file, const char *text, size_t len,
		     struct rosterfile *rf, struct err *err)
{
	struct csv_table t;
	struct strbuf tmp = STRBUF_INIT;
	long col[ROSTERFILE_NFIELDS];
	size_t i, r;
	int f, hline, rc = -1;

	memset(&t, 0, sizeof(t));
	if (csv_parse(file, text, len, &t, err))
		return -1;
	hline = header_line(text, len);
	for (f = 0; f < ROSTERFILE_NFIELDS; f++)
		col[f] = -1;
	for (i = 0; i < t.ncols; i++) {
		f = find_field(t.header[i], 1);
		if (f < 0) {
			report(err, file, hline, 0, NULL,
			       _("unknown column %s; expected %s"),
			       strbuf_set_quoted(&tmp, t.header[i], MAX_QUOTED),
			       FIELD_LIST);
			goto done;
		}
		col[f] = (long)i;   /* csv_parse refuses duplicate names */
	}
	for (f = 0; f < ROSTERFILE_NFIELDS; f++)
		if (col[f] < 0 && f != ROSTERFILE_PHONE) {
			report(err, file, hline, 0, field_names[f],
			       "%s", _("no such column in the header"));
			goto done;
		}
	if (t.nrows > ROSTERFILE_MAX_ENTRIES) {
		report(err, file, t.rows[ROSTERFILE_MAX_ENTRIES].line, 0, NULL,
		       _("more than %d shifts; split the file"),
		       ROSTERFILE_MAX_ENTRIES);
		goto done;
	}
	rf->entries = xcalloc(t.nrows ? t.nrows : 1, sizeof(*rf->entries));
	for (r = 0; r < t.nrows; r++) {
		struct rosterfile_entry *e = &rf->entries[rf->n++];

		e->line = t.rows[r].line;
		for (f = 0; f < ROSTERFILE_NFIELDS; f++) {
			if (col[f] < 0)
				continue;
			e->value[f] = xstrdup(t.rows[r].fields[col[f]]);
			e->value_line[f] = e->line;
		}
		if (check_entry(file, e, err))
			goto done;
	}
	rc = 0;
done:
	strbuf_release(&tmp);
	csv_free(&t);
	return rc;
}

/* ---- entry points ---- */

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcasecmp(s + n - m, suffix);
}

int rosterfile_parse(const char *file, const char *text, size_t len,
		     struct rosterfile **out, struct err *err)
{
	struct rosterfile *rf;
	int rc;

	*out = NULL;
	if (len > ROSTERFILE_MAX_BYTES)
		return report(err, file, 0, 0, NULL,
			      _("larger than %d MiB; split the file"),
			      ROSTERFILE_MAX_BYTES / (1024 * 1024));
	rf = rosterfile_new(file);
	if (has_suffix(file, ".yaml") || has_suffix(file, ".yml")) {
		rc = parse_yaml(file, text, len, rf, err);
	} else if (has_suffix(file, ".csv")) {
		rc = parse_csv(file, text, len, rf, err);
	} else {
		rc = report(err, file, 0, 0, NULL, "%s",
			    _("cannot tell the format from the name; a roster"
			      " file ends in .yaml, .yml or .csv"));
	}
	if (!rc && !rf->n)
		rc = report(err, file, 0, 0, NULL, "%s",
			    _("no shift in the file"));
	if (rc) {
		rosterfile_free(rf);
		return -1;
	}
	*out = rf;
	return 0;
}

int rosterfile_read(const char *path, struct rosterfile **out,
		    struct err *err)
{
	struct strbuf text = STRBUF_INIT;
	int rc;

	*out = NULL;
	if (infile_read(path, ROSTERFILE_MAX_BYTES, &text, err)) {
		strbuf_release(&text);
		return -1;
	}
	rc = rosterfile_parse(path, text.buf, text.len, out, err);
	strbuf_release(&text);
	return rc;
}
