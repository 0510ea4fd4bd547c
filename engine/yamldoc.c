/*
 * YAML documents through libyaml's event parser, its errors translated
 * here, once.  The reader keeps its own stack of open collections: it is
 * what bounds the depth, and what tells a mapping's key from its value, so
 * a refused value can be named by its key.
 */
#include "yamldoc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* A key longer than this, or not a plain name, is not repeated in errors. */
#define MAX_FIELD 64

struct level {
	int map;
	size_t count;        /* items (a mapping: keys and values) so far */
};

struct yamldoc_reader {
	yaml_parser_t parser;
	yaml_event_t ev;
	int have_ev;
	int done;
	int ndocs;
	const char *file;
	const char *text;
	size_t len;
	struct level stack[YAMLDOC_MAX_DEPTH];
	size_t depth;
	struct strbuf key;   /* the previous event, when it was a mapping's key */
	int have_key;
};

static int mark_pos(size_t v)
{
	/* libyaml marks are 0-based */
	return v >= (size_t)INT_MAX ? INT_MAX : (int)v + 1;
}

/* Line and column (1-based, in characters) of a byte offset into text. */
static void offset_pos(const char *text, size_t len, size_t off,
		       int *line, int *column)
{
	size_t i;
	int l = 1, c = 1;

	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
		if (l == INT_MAX || c == INT_MAX)
			break;
	}
	*line = l;
	*column = c;
}

static int fail_at(struct err *err, const char *file, int line, int column,
		   const char *field, const char *msg)
{
	err_at(err, file, line, column);
	err_about(err, NULL, field);
	return fail(err, "%s", msg);
}

static int fail_mark(struct yamldoc_reader *r, const yaml_mark_t *m,
		     const char *msg, struct err *err)
{
	return fail_at(err, r->file, mark_pos(m->line), mark_pos(m->column),
		       NULL, msg);
}

/* Translates libyaml's error into err. */
static int parser_failure(struct yamldoc_reader *r, struct err *err)
{
	const yaml_parser_t *yp = &r->parser;
	const char *problem = yp->problem ? yp->problem : _("syntax error");
	int line, column;

	switch (yp->error) {
	case YAML_MEMORY_ERROR:
		err_at(err, r->file, 0, 0);
		return fail(err, "%s", _("out of memory reading YAML"));
	case YAML_READER_ERROR:
		offset_pos(r->text, r->len, yp->problem_offset, &line, &column);
		err_at(err, r->file, line, column);
		if (yp->problem_value >= 0)
			return fail(err, _("malformed YAML: %s (#%X)"), problem,
				    (unsigned)yp->problem_value);
		return fail(err, _("malformed YAML: %s"), problem);
	default:
		err_at(err, r->file, mark_pos(yp->problem_mark.line),
		       mark_pos(yp->problem_mark.column));
		if (yp->context)
			return fail(err, _("malformed YAML: %s (%s at line %d,"
					   " column %d)"), problem, yp->context,
				    mark_pos(yp->context_mark.line),
				    mark_pos(yp->context_mark.column));
		return fail(err, _("malformed YAML: %s"), problem);
	}
}

static int scalar_is_null(const yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	const char *v = (const char *)ev->data.scalar.value;

	if (tag)
		return !strcmp(tag, YAML_NULL_TAG);
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return !strcmp(v, "") || !strcmp(v, "~") || !strcmp(v, "null") ||
		!strcmp(v, "Null") || !strcmp(v, "NULL");
}

/* A key worth naming in an error: short, letters, digits, _ . - only. */
static const char *field_of_key(const struct yamldoc_reader *r)
{
	size_t i;

	if (!r->have_key || !r->key.len || r->key.len > MAX_FIELD)
		return NULL;
	for (i = 0; i < r->key.len; i++) {
		char c = r->key.buf[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return NULL;
	}
	return r->key.buf;
}

int yamldoc_open(struct yamldoc_reader **out, const char *file,
		 const char *text, size_t len, struct err *err)
{
	struct yamldoc_reader *r = xcalloc(1, sizeof(*r));

	*out = NULL;
	r->file = file;
	r->text = text ? text : "";
	r->len = text ? len : 0;
	strbuf_init(&r->key);
	/* libyaml returns 1 for success */
	if (!yaml_parser_initialize(&r->parser)) {
		strbuf_release(&r->key);
		free(r);
		err_at(err, file, 0, 0);
		return fail(err, "%s", _("out of memory reading YAML"));
	}
	yaml_parser_set_input_string(&r->parser,
				     (const unsigned char *)r->text, r->len);
	*out = r;
	return 0;
}

void yamldoc_close(struct yamldoc_reader *r)
{
	if (!r)
		return;
	if (r->have_ev)
		yaml_event_delete(&r->ev);
	yaml_parser_delete(&r->parser);
	strbuf_release(&r->key);
	free(r);
}

/* Counts a node as an item of the open collection; says if it is a key. */
static int add_item(struct yamldoc_reader *r)
{
	struct level *top;

	if (!r->depth)
		return 0;
	top = &r->stack[r->depth - 1];
	return top->map && top->count++ % 2 == 0;
}

static int value_of_map(const struct yamldoc_reader *r)
{
	const struct level *top;

	if (!r->depth)
		return 0;
	top = &r->stack[r->depth - 1];
	return top->map && top->count % 2 == 1;
}

int yamldoc_next(struct yamldoc_reader *r, struct yamldoc_event *ev,
		 struct err *err)
{
	const yaml_event_t *e = &r->ev;

	memset(ev, 0, sizeof(*ev));
	for (;;) {
		if (r->have_ev)
			yaml_event_delete(&r->ev);
		r->have_ev = 0;
		if (r->done) {
			ev->type = YAMLDOC_DONE;
			return 0;
		}
		if (!yaml_parser_parse(&r->parser, &r->ev))
			return parser_failure(r, err);
		r->have_ev = 1;
		ev->line = mark_pos(e->start_mark.line);
		ev->column = mark_pos(e->start_mark.column);
		switch (e->type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++r->ndocs > 1)
				return fail_mark(r, &e->start_mark,
						 _("more than one YAML document;"
						   " the file holds one"),
						 err);
			continue;
		case YAML_STREAM_END_EVENT:
			r->done = 1;
			ev->type = YAMLDOC_DONE;
			return 0;
		case YAML_ALIAS_EVENT:
			return fail_mark(r, &e->start_mark,
					 _("aliases are not allowed"), err);
		case YAML_SCALAR_EVENT: {
			int is_value = value_of_map(r);

			if (memchr(e->data.scalar.value, '\0',
				   e->data.scalar.length))
				return fail_at(err, r->file, ev->line,
					       ev->column,
					       is_value ? field_of_key(r) : NULL,
					       is_value || !r->depth ||
					       !r->stack[r->depth - 1].map ?
					       _("contains a NUL byte") :
					       _("a key contains a NUL byte"));
			ev->type = YAMLDOC_SCALAR;
			ev->value = (const char *)e->data.scalar.value;
			ev->len = e->data.scalar.length;
			ev->null = scalar_is_null(e);
			r->have_key = add_item(r);
			if (r->have_key) {
				/* a longer key is not named: no need for all of it */
				strbuf_reset(&r->key);
				strbuf_add(&r->key, ev->value,
					   ev->len > MAX_FIELD ? MAX_FIELD + 1 : ev->len);
			}
			return 0;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (r->depth == YAMLDOC_MAX_DEPTH) {
				err_at(err, r->file, ev->line, ev->column);
				return fail(err, _("nesting deeper than %d levels"),
					    YAMLDOC_MAX_DEPTH);
			}
			add_item(r);
			r->have_key = 0;
			ev->type = e->type == YAML_SEQUENCE_START_EVENT ?
				YAMLDOC_SEQ : YAMLDOC_MAP;
			r->stack[r->depth].map = ev->type == YAMLDOC_MAP;
			r->stack[r->depth].count = 0;
			r->depth++;
			return 0;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (r->depth > 0)
				r->depth--;
			r->have_key = 0;
			ev->type = e->type == YAML_SEQUENCE_END_EVENT ?
				YAMLDOC_SEQ_END : YAMLDOC_MAP_END;
			return 0;
		default:
			/* stream start, document end */
			continue;
		}
	}
}

void yamldoc_free(struct yamldoc_node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++)
		yamldoc_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

static struct yamldoc_node *node_new(const struct yamldoc_event *ev)
{
	struct yamldoc_node *n = xcalloc(1, sizeof(*n));

	n->type = ev->type;
	n->line = ev->line;
	n->column = ev->column;
	if (ev->type == YAMLDOC_SCALAR) {
		n->value = xstrndup(ev->value, ev->len);
		n->null = ev->null;
	}
	return n;
}

int yamldoc_load(const char *file, const char *text, size_t len,
		 struct yamldoc_node **rootp, struct err *err)
{
	struct yamldoc_reader *r;
	struct yamldoc_event ev;
	/* the reader bounds the depth to the size of this stack */
	struct yamldoc_node *stack[YAMLDOC_MAX_DEPTH];
	struct yamldoc_node *root = NULL, *n;
	size_t depth = 0;
	int rc = 0;

	*rootp = NULL;
	if (yamldoc_open(&r, file, text, len, err))
		return -1;
	for (;;) {
		rc = yamldoc_next(r, &ev, err);
		if (rc || ev.type == YAMLDOC_DONE)
			break;
		if (ev.type == YAMLDOC_SEQ_END || ev.type == YAMLDOC_MAP_END) {
			if (depth > 0)
				depth--;
			continue;
		}
		n = node_new(&ev);
		if (depth > 0) {
			XGROW(stack[depth - 1]->kids, stack[depth - 1]->alloc,
			      stack[depth - 1]->n + 1);
			stack[depth - 1]->kids[stack[depth - 1]->n++] = n;
		} else if (!root) {
			root = n;
		} else {
			yamldoc_free(n); /* unreachable: a second document is refused */
			continue;
		}
		if (n->type != YAMLDOC_SCALAR && depth < YAMLDOC_MAX_DEPTH)
			stack[depth++] = n;
	}
	yamldoc_close(r);
	if (rc) {
		yamldoc_free(root);
		return -1;
	}
	*rootp = root;
	return 0;
}
