/*
 * The unit registry: reads the YAML list of bodies into an array kept in
 * file order, plus an index of positions sorted by id for lookups.
 *
 * Loading has two stages.  yamldoc reads the file into a tree whose depth
 * it bounds, so no input can make later recursion deep; then the tree is
 * checked and turned into units.
 * Every error names file, line and column (1-based) and, where it can, the
 * unit and the field.  Invariants of a returned registry: n > 0, ids valid
 * and unique, every parent/police names a unit, parents form no cycle.
 */
#include "units.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"
#include "yamldoc.h"
#include "banned.h"

#define MAX_ID 64
/* Bounds the quadratic duplicate check of a unit's contacts. */
#define MAX_CONTACTS 64
/* Keeps a hostile value from turning an error into a screenful. */
#define MAX_QUOTED 60

struct parse {
	const char *file;
	struct err *err;
};

/* Where each unit's checked-later fields sit, for error locations. */
struct refs {
	const struct yamldoc_node *id;
	const struct yamldoc_node *parent;
	const struct yamldoc_node *police;
};

enum field {
	F_ID, F_NAME, F_KIND, F_CODE, F_PARENT, F_POLICE, F_CONTACTS,
	F_ATTRIBUTES, F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"id", "name", "kind", "code", "parent", "police", "contacts",
	"attributes",
};

/* What a node is, in the user's language: "found %s" ends a message. */
static const char *type_name(const struct yamldoc_node *n)
{
	if (!n)
		return _("nothing");
	switch (n->type) {
	case YAMLDOC_SEQ:
		return _("a sequence");
	case YAMLDOC_MAP:
		return _("a mapping");
	default:
		return n->null ? "null" : _("a string");
	}
}

/* Fills err at (line, column) about subject/field; returns -1. */
static int report_at(struct parse *p, int line, int column,
		     const char *subject, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int report_at(struct parse *p, int line, int column,
		     const char *subject, const char *field, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	err_at(p->err, p->file, line, column);
	err_about(p->err, subject, field);
	fail(p->err, "%s", msg.buf);
	strbuf_release(&msg);
	return -1;
}

#define report(p, node, subject, field, ...) \
	report_at((p), (node)->line, (node)->column, (subject), (field), __VA_ARGS__)

static void unit_release(struct unit *u)
{
	size_t i;

	free(u->id);
	free(u->name);
	free(u->kind);
	free(u->code);
	free(u->parent);
	free(u->police);
	for (i = 0; i < u->ncontacts; i++) {
		free(u->contacts[i].key);
		free(u->contacts[i].value);
	}
	free(u->contacts);
	for (i = 0; i < u->nattrs; i++) {
		free(u->attrs[i].key);
		free(u->attrs[i].value);
	}
	free(u->attrs);
}

void units_free(struct unit_registry *reg)
{
	size_t i;

	if (!reg)
		return;
	for (i = 0; i < reg->n; i++)
		unit_release(&reg->units[i]);
	free(reg->units);
	free(reg->index);
	free(reg->file);
	free(reg);
}

int units_valid_id(const char *s)
{
	size_t i;

	if (!s || !s[0] || s[0] == '-')
		return 0;
	for (i = 0; s[i]; i++) {
		char c = s[i];
		if (i >= MAX_ID)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return 1;
}

const struct unit *units_find(const struct unit_registry *reg, const char *id)
{
	size_t lo = 0, hi;

	if (!reg || !id || !reg->index)
		return NULL;
	hi = reg->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct unit *u = &reg->units[reg->index[mid]];
		int c = strcmp(id, u->id);

		if (!c)
			return u;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * A mapping of strings into *out (contacts, or attributes): `what` is the
 * field's name in errors; attribute names must be ids of letters, digits,
 * '_' and '-', so selectors and checks can name them.
 */
static int build_pairs(struct parse *p, const struct yamldoc_node *v,
		       const char *subject, const char *what,
		       struct unit_contact **out, size_t *n)
{
	struct strbuf q = STRBUF_INIT, field = STRBUF_INIT;
	int attrs = !strcmp(what, "attributes");
	size_t i, j;
	int rc = 0;

	if (v->type == YAMLDOC_SCALAR && v->null)
		return 0;
	if (v->type != YAMLDOC_MAP)
		return report(p, v, subject, what,
			      _("expected a mapping, found %s"), type_name(v));
	if (v->n / 2 > MAX_CONTACTS)
		return report(p, v, subject, what, attrs ?
			      _("too many attributes (at most %d)") :
			      _("too many contacts (at most %d)"), MAX_CONTACTS);
	*out = xcalloc(v->n / 2 + 1, sizeof(**out));
	for (i = 0; i + 1 < v->n && !rc; i += 2) {
		const struct yamldoc_node *k = v->kids[i], *val = v->kids[i + 1];

		if (k->type != YAMLDOC_SCALAR || k->null || !k->value[0]) {
			rc = report(p, k, subject, what, attrs ?
				    _("expected an attribute name, found %s") :
				    _("expected a contact name, found %s"),
				    k->type == YAMLDOC_SCALAR && !k->null ?
				    _("an empty string") : type_name(k));
			break;
		}
		if (attrs && !units_valid_attribute(k->value)) {
			rc = report(p, k, subject, what,
				    _("%s is not a valid attribute name"
				      " (letters a-z, digits, '_' and '-')"),
				    strbuf_set_quoted(&q, k->value, MAX_QUOTED));
			break;
		}
		strbuf_reset(&field);
		strbuf_addf(&field, "%s.%s", what, k->value);
		for (j = 0; j < *n; j++)
			if (!strcmp((*out)[j].key, k->value))
				break;
		if (j < *n) {
			rc = report(p, k, subject, what, attrs ?
				    _("duplicate attribute %s") :
				    _("duplicate contact %s"),
				    strbuf_set_quoted(&q, k->value, MAX_QUOTED));
			break;
		}
		if (val->type == YAMLDOC_SCALAR && val->null)
			continue;
		if (val->type != YAMLDOC_SCALAR) {
			rc = report(p, val, subject, field.buf,
				    _("expected a string, found %s"), type_name(val));
			break;
		}
		(*out)[*n].key = xstrdup(k->value);
		(*out)[*n].value = xstrdup(val->value);
		(*n)++;
	}
	if (!*n) {
		free(*out);
		*out = NULL;
	}
	strbuf_release(&q);
	strbuf_release(&field);
	return rc;
}

int units_valid_attribute(const char *s)
{
	size_t i;

	if (!s || !s[0])
		return 0;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (i >= MAX_ID)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

const char *units_value(const struct unit *u, const char *key)
{
	size_t i;

	if (!strcmp(key, "id"))
		return u->id;
	if (!strcmp(key, "name"))
		return u->name;
	if (!strcmp(key, "kind"))
		return u->kind;
	if (!strcmp(key, "code"))
		return u->code;
	if (!strcmp(key, "parent"))
		return u->parent;
	if (!strcmp(key, "police"))
		return u->police;
	for (i = 0; i < u->nattrs; i++)
		if (!strcmp(u->attrs[i].key, key))
			return u->attrs[i].value;
	return NULL;
}

static enum field field_of(const char *key)
{
	int f;

	for (f = 0; f < F_COUNT; f++)
		if (!strcmp(key, field_names[f]))
			return (enum field)f;
	return F_COUNT;
}

/* "unit 'dai-son'" when the mapping has a valid id, else "unit 3". */
static void unit_subject(struct strbuf *sb, const struct yamldoc_node *m, size_t pos)
{
	size_t i;

	for (i = 0; i + 1 < m->n; i += 2) {
		const struct yamldoc_node *k = m->kids[i], *v = m->kids[i + 1];

		if (k->type == YAMLDOC_SCALAR && !strcmp(k->value, "id") &&
		    v->type == YAMLDOC_SCALAR && !v->null && units_valid_id(v->value)) {
			strbuf_addf(sb, "unit '%s'", v->value);
			return;
		}
	}
	strbuf_addf(sb, "unit %zu", pos + 1);
}

static char **field_slot(struct unit *u, enum field f)
{
	switch (f) {
	case F_ID:
		return &u->id;
	case F_NAME:
		return &u->name;
	case F_KIND:
		return &u->kind;
	case F_CODE:
		return &u->code;
	case F_PARENT:
		return &u->parent;
	case F_POLICE:
		return &u->police;
	default:
		return NULL;
	}
}

/* Fills u from the mapping m, the pos-th item of `units`. */
static int build_unit(struct parse *p, const struct yamldoc_node *m, size_t pos,
		      struct unit *u, struct refs *r)
{
	struct strbuf subject = STRBUF_INIT, q = STRBUF_INIT;
	unsigned seen = 0;
	size_t i;
	int rc = 0;

	unit_subject(&subject, m, pos);
	if (m->type != YAMLDOC_MAP) {
		rc = report(p, m, subject.buf, NULL,
			    _("expected a mapping, found %s"), type_name(m));
		goto out;
	}
	u->line = m->line;
	for (i = 0; i + 1 < m->n; i += 2) {
		const struct yamldoc_node *k = m->kids[i], *v = m->kids[i + 1];
		enum field f;
		char **slot;

		if (k->type != YAMLDOC_SCALAR) {
			rc = report(p, k, subject.buf, NULL,
				    _("expected a field name, found %s"), type_name(k));
			goto out;
		}
		f = field_of(k->value);
		if (f == F_COUNT) {
			rc = report(p, k, subject.buf, NULL,
				    _("unknown field %s"),
				    strbuf_set_quoted(&q, k->value, MAX_QUOTED));
			goto out;
		}
		if (seen & (1u << f)) {
			rc = report(p, k, subject.buf, NULL,
				    _("duplicate field '%s'"), field_names[f]);
			goto out;
		}
		seen |= 1u << f;
		if (f == F_CONTACTS || f == F_ATTRIBUTES) {
			rc = f == F_CONTACTS ?
				build_pairs(p, v, subject.buf, "contacts",
					    &u->contacts, &u->ncontacts) :
				build_pairs(p, v, subject.buf, "attributes",
					    &u->attrs, &u->nattrs);
			if (rc)
				goto out;
			continue;
		}
		if (v->type == YAMLDOC_SCALAR && v->null)
			continue;
		if (v->type != YAMLDOC_SCALAR) {
			rc = report(p, v, subject.buf, field_names[f],
				    _("expected a string, found %s"), type_name(v));
			goto out;
		}
		if (f == F_ID && !units_valid_id(v->value)) {
			rc = report(p, v, subject.buf, "id",
				    _("%s is not a valid id"),
				    strbuf_set_quoted(&q, v->value, MAX_QUOTED));
			goto out;
		}
		if (f == F_KIND && !units_valid_id(v->value)) {
			rc = report(p, v, subject.buf, "kind",
				    _("%s is not a valid kind"),
				    strbuf_set_quoted(&q, v->value, MAX_QUOTED));
			goto out;
		}
		if (!v->value[0]) {
			rc = report(p, v, subject.buf, field_names[f],
				    _("empty value"));
			goto out;
		}
		slot = field_slot(u, f);
		*slot = xstrdup(v->value);
		if (f == F_ID)
			r->id = v;
		else if (f == F_PARENT)
			r->parent = v;
		else if (f == F_POLICE)
			r->police = v;
	}
	if (!u->id)
		rc = report(p, m, subject.buf, "id", _("missing required field"));
	else if (!u->name)
		rc = report(p, m, subject.buf, "name", _("missing required field"));
	else if (!u->kind)
		rc = report(p, m, subject.buf, "kind", _("missing required field"));
out:
	strbuf_release(&subject);
	strbuf_release(&q);
	return rc;
}

/* Orders by id, then by file position, so duplicates sort first-seen first. */
static int cmp_unit_ptr(const void *a, const void *b)
{
	const struct unit *ua = *(const struct unit *const *)a;
	const struct unit *ub = *(const struct unit *const *)b;
	int c = strcmp(ua->id, ub->id);

	if (c)
		return c;
	return ua < ub ? -1 : ua > ub;
}

static int build_index(struct parse *p, struct unit_registry *reg,
		       const struct refs *refs)
{
	const struct unit **sorted = xcalloc(reg->n, sizeof(*sorted));
	size_t i, j, later, dup = reg->n, first = 0;
	struct strbuf subject = STRBUF_INIT;
	int rc = 0;

	for (i = 0; i < reg->n; i++)
		sorted[i] = &reg->units[i];
	qsort(sorted, reg->n, sizeof(*sorted), cmp_unit_ptr);
	/* report the duplicate that comes first in the file */
	for (i = 1; i < reg->n; i++) {
		if (strcmp(sorted[i]->id, sorted[i - 1]->id))
			continue;
		later = (size_t)(sorted[i] - reg->units);
		j = i - 1;
		while (j > 0 && !strcmp(sorted[j - 1]->id, sorted[i]->id))
			j--;
		if (later < dup) {
			dup = later;
			first = (size_t)(sorted[j] - reg->units);
		}
	}
	if (dup < reg->n) {
		strbuf_addf(&subject, "unit '%s'", reg->units[dup].id);
		rc = report(p, refs[dup].id, subject.buf, "id",
			    _("duplicate id '%s' (first at line %d)"),
			    reg->units[dup].id, reg->units[first].line);
	} else {
		reg->index = xcalloc(reg->n, sizeof(*reg->index));
		for (i = 0; i < reg->n; i++)
			reg->index[i] = (size_t)(sorted[i] - reg->units);
	}
	free(sorted);
	strbuf_release(&subject);
	return rc;
}

static int check_refs(struct parse *p, struct unit_registry *reg,
		      const struct refs *refs)
{
	struct strbuf subject = STRBUF_INIT, q = STRBUF_INIT;
	size_t *walk = NULL;
	size_t i, j, k;
	int rc = 0;

	for (i = 0; i < reg->n && !rc; i++) {
		const struct unit *u = &reg->units[i];

		strbuf_reset(&subject);
		strbuf_addf(&subject, "unit '%s'", u->id);
		if (u->parent && !units_find(reg, u->parent))
			rc = report(p, refs[i].parent, subject.buf, "parent",
				    _("parent %s names no unit"),
				    strbuf_set_quoted(&q, u->parent, MAX_QUOTED));
		else if (u->police && !units_find(reg, u->police))
			rc = report(p, refs[i].police, subject.buf, "police",
				    _("police %s names no unit"),
				    strbuf_set_quoted(&q, u->police, MAX_QUOTED));
	}
	if (rc)
		goto out;
	/*
	 * Parents form a forest: code that walks up from a unit must end.
	 * walk[j] is the number (i + 1) of the walk that first reached j, so
	 * reaching a unit of the current walk again is a cycle, and every unit
	 * is visited once.
	 */
	walk = xcalloc(reg->n, sizeof(*walk));
	for (i = 0; i < reg->n && !rc; i++) {
		if (walk[i])
			continue;
		for (j = i;;) {
			walk[j] = i + 1;
			if (!reg->units[j].parent)
				break;
			k = (size_t)(units_find(reg, reg->units[j].parent) - reg->units);
			if (walk[k] == i + 1) {
				strbuf_reset(&subject);
				strbuf_addf(&subject, "unit '%s'", reg->units[j].id);
				rc = report(p, refs[j].parent, subject.buf, "parent",
					    _("parent '%s' makes a cycle"),
					    reg->units[j].parent);
				break;
			}
			if (walk[k])
				break;
			j = k;
		}
	}
out:
	free(walk);
	strbuf_release(&subject);
	strbuf_release(&q);
	return rc;
}

static int no_units(struct parse *p, const struct yamldoc_node *at)
{
	if (!at)
		return report_at(p, 1, 1, NULL, NULL, "%s", _("no units"));
	return report(p, at, NULL, NULL, _("no units"));
}

static int build(struct parse *p, const struct yamldoc_node *root,
		 struct unit_registry *reg)
{
	const struct yamldoc_node *units = NULL;
	struct refs *refs = NULL;
	struct strbuf q = STRBUF_INIT;
	size_t i;
	int rc = 0;

	if (!root || (root->type == YAMLDOC_SCALAR && root->null))
		return no_units(p, root);
	if (root->type != YAMLDOC_MAP)
		return report(p, root, NULL, NULL,
			      _("expected a mapping with a 'units' key, found %s"),
			      type_name(root));
	for (i = 0; i + 1 < root->n; i += 2) {
		const struct yamldoc_node *k = root->kids[i];

		if (k->type != YAMLDOC_SCALAR) {
			rc = report(p, k, NULL, NULL,
				    _("expected a field name, found %s"), type_name(k));
			goto out;
		}
		if (strcmp(k->value, "units")) {
			rc = report(p, k, NULL, NULL,
				    _("unknown field %s"),
				    strbuf_set_quoted(&q, k->value, MAX_QUOTED));
			goto out;
		}
		if (units) {
			rc = report(p, k, NULL, NULL, _("duplicate field 'units'"));
			goto out;
		}
		units = root->kids[i + 1];
	}
	if (!units) {
		rc = report(p, root, NULL, "units", _("missing required field"));
		goto out;
	}
	if (units->type == YAMLDOC_SCALAR && units->null) {
		rc = no_units(p, units);
		goto out;
	}
	if (units->type != YAMLDOC_SEQ) {
		rc = report(p, units, NULL, "units",
			    _("expected a sequence, found %s"), type_name(units));
		goto out;
	}
	if (!units->n) {
		rc = no_units(p, units);
		goto out;
	}
	reg->units = xcalloc(units->n, sizeof(*reg->units));
	refs = xcalloc(units->n, sizeof(*refs));
	for (i = 0; i < units->n; i++) {
		/* counted first, so units_free also frees a half-built unit */
		reg->n = i + 1;
		rc = build_unit(p, units->kids[i], i, &reg->units[i], &refs[i]);
		if (rc)
			goto out;
	}
	rc = build_index(p, reg, refs);
	if (!rc)
		rc = check_refs(p, reg, refs);
out:
	free(refs);
	strbuf_release(&q);
	return rc;
}

int units_parse(const char *file, const char *text, size_t len,
		struct unit_registry **out, struct err *err)
{
	struct parse p = { file, err };
	struct unit_registry *reg;
	struct yamldoc_node *root;

	*out = NULL;
	if (yamldoc_load(file, text, len, &root, err))
		return -1;
	reg = xcalloc(1, sizeof(*reg));
	reg->file = xstrdup(file);
	if (build(&p, root, reg)) {
		yamldoc_free(root);
		units_free(reg);
		return -1;
	}
	yamldoc_free(root);
	*out = reg;
	return 0;
}
