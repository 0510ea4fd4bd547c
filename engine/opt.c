/*
 * Options as a table: parsing, usage, help and completion from the same
 * rows (opt.h).  The table is read-only here but for the dests it names.
 */
#include "opt.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "suggest.h"
#include "term.h"
#include "xalloc.h"
#include "banned.h"

/* Help lines fit a terminal of 80 columns. */
#define OPT_HELP_WIDTH 79

void opt_list_release(struct opt_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

static void list_push(struct opt_list *l, const char *v)
{
	XGROW(l->v, l->alloc, l->n + 1);
	l->v[l->n++] = v;
}

size_t opt_count(const struct opt_spec *spec)
{
	size_t n = 0;

	while (spec[n].kind != OPT_END)
		n++;
	return n;
}

static int is_option(const struct opt_spec *o)
{
	return o->kind == OPT_SWITCH || o->kind == OPT_VALUE ||
	       o->kind == OPT_LIST;
}

static const struct opt_spec *find_long(const struct opt_spec *spec,
					const char *name, size_t len)
{
	for (; spec->kind != OPT_END; spec++)
		if (is_option(spec) && strlen(spec->name) == len &&
		    !strncmp(spec->name, name, len))
			return spec;
	return NULL;
}

static const struct opt_spec *find_short(const struct opt_spec *spec, int c)
{
	for (; spec->kind != OPT_END; spec++)
		if (is_option(spec) && spec->alias && spec->alias == c)
			return spec;
	return NULL;
}

/* "--name" for a row, as messages quote it. */
static void name_of(struct strbuf *out, const struct opt_spec *o)
{
	strbuf_addf(out, "--%s", o->name);
}

static int unknown_option(const struct opt_spec *spec, const char *command,
			  const char *arg, struct err *err)
{
	struct suggest sg;
	struct strbuf typed = STRBUF_INIT, hint = STRBUF_INIT;
	size_t len = strcspn(arg, "=");

	strbuf_add(&typed, arg, len);
	suggest_init(&sg, typed.buf);
	for (; spec->kind != OPT_END; spec++) {
		struct strbuf cand = STRBUF_INIT;

		if (!is_option(spec) || (spec->flags & OPT_HIDDEN))
			continue;
		name_of(&cand, spec);
		suggest_offer(&sg, cand.buf);
		strbuf_release(&cand);
	}
	suggest_format(&sg, &hint);
	if (hint.len)
		fail_usage(err, _("unknown option '%s' for '%s'; %s"),
			   typed.buf, command, hint.buf);
	else
		fail_usage(err, _("unknown option '%s'; see 'cutover %s"
				  " --help'"), typed.buf, command);
	suggest_release(&sg);
	strbuf_release(&hint);
	strbuf_release(&typed);
	return -1;
}

/* Stores a value (NULL for a switch) into the row's dest. */
static int store(const struct opt_spec *o, const char *value,
		 const char *command, const struct opt_spec *spec,
		 struct err *err)
{
	int *flag;

	switch (o->kind) {
	case OPT_SWITCH:
		flag = o->dest;
		if (*flag && *flag != (o->value ? o->value : 1)) {
			const struct opt_spec *other;

			for (other = spec; other->kind != OPT_END; other++)
				if (other->kind == OPT_SWITCH &&
				    other->dest == o->dest &&
				    (other->value ? other->value : 1) == *flag)
					break;
			return fail_usage(err, _("'--%s' and '--%s' cannot be"
						 " used together; see 'cutover"
						 " %s --help'"),
					  other->kind == OPT_END ? "?" :
					  other->name, o->name, command);
		}
		*flag = o->value ? o->value : 1;
		return 0;
	case OPT_VALUE:
		*(const char **)o->dest = value;
		return 0;
	case OPT_LIST:
		list_push(o->dest, value);
		return 0;
	default:
		abort();        /* only option rows reach here */
	}
}

static int parse_long(const struct opt_spec *spec, const char *command,
		      int argc, char **argv, int *i, struct err *err)
{
	const char *arg = argv[*i] + 2;
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct opt_spec *o = find_long(spec, arg, len);

	if (!o)
		return unknown_option(spec, command, argv[*i], err);
	if (o->kind == OPT_SWITCH) {
		if (eq)
			return fail_usage(err, _("option '--%s' takes no"
						 " value; see 'cutover %s"
						 " --help'"), o->name,
					  command);
		return store(o, NULL, command, spec, err);
	}
	if (eq)
		return store(o, eq + 1, command, spec, err);
	if (*i + 1 >= argc)
		return fail_usage(err, _("option '--%s' needs a value; see"
					 " 'cutover %s --help'"), o->name,
				  command);
	(*i)++;
	return store(o, argv[*i], command, spec, err);
}

static int parse_short(const struct opt_spec *spec, const char *command,
		       int argc, char **argv, int *i, struct err *err)
{
	const char *p = argv[*i] + 1;

	while (*p) {
		const struct opt_spec *o = find_short(spec, *p);

		if (!o) {
			char typed[3] = { '-', *p, 0 };

			return unknown_option(spec, command, typed, err);
		}
		if (o->kind == OPT_SWITCH) {
			if (store(o, NULL, command, spec, err))
				return -1;
			p++;
			continue;
		}
		if (p[1])
			return store(o, p + 1, command, spec, err);
		if (*i + 1 >= argc)
			return fail_usage(err, _("option '--%s' needs a value;"
						 " see 'cutover %s --help'"),
					  o->name, command);
		(*i)++;
		return store(o, argv[*i], command, spec, err);
	}
	return 0;
}

static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

static int given(const struct opt_spec *o)
{
	switch (o->kind) {
	case OPT_SWITCH:
		return *(int *)o->dest != 0;
	case OPT_VALUE:
	case OPT_ARG:
		return *(const char **)o->dest != NULL;
	case OPT_LIST:
	case OPT_ARGS:
		return ((struct opt_list *)o->dest)->n > 0;
	default:
		return 0;
	}
}

/*
 * A required switch not given: a choice among the alternatives sharing
 * its dest ("'start' needs --rehearsal or --live").
 */
static int missing_switch(const struct opt_spec *spec,
			  const struct opt_spec *o, const char *command,
			  struct err *err)
{
	struct strbuf names = STRBUF_INIT;
	const struct opt_spec *p;
	size_t n = 0, i = 0;
	int rc;

	for (p = spec; p->kind != OPT_END; p++)
		n += p->kind == OPT_SWITCH && p->dest == o->dest;
	for (p = spec; p->kind != OPT_END; p++) {
		if (p->kind != OPT_SWITCH || p->dest != o->dest)
			continue;
		/* TRANSLATORS: joins the last two options: "--go or --no-go" */
		strbuf_addf(&names, "%s--%s", i ? (i + 1 < n ? ", " :
						   _(" or ")) : "", p->name);
		i++;
	}
	rc = fail_usage(err, _("'%s' needs %s; see 'cutover %s --help'"),
			command, names.buf, command);
	strbuf_release(&names);
	return rc;
}

int opt_parse(const struct opt_spec *spec, const char *command, int argc,
	      char **argv, struct err *err)
{
	const struct opt_spec *next_arg = spec, *o;
	int i, only_args = 0;

	if (wants_help(argc, argv))
		return OPT_HELP;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!only_args && !strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (!only_args && a[0] == '-' && a[1] == '-') {
			if (parse_long(spec, command, argc, argv, &i, err))
				return -1;
			continue;
		}
		if (!only_args && a[0] == '-' && a[1]) {
			if (parse_short(spec, command, argc, argv, &i, err))
				return -1;
			continue;
		}
		while (next_arg->kind != OPT_END &&
		       next_arg->kind != OPT_ARG &&
		       next_arg->kind != OPT_ARGS)
			next_arg++;
		if (next_arg->kind == OPT_END)
			return fail_usage(err, _("unexpected argument '%s';"
						 " see 'cutover %s --help'"),
					  a, command);
		if (next_arg->kind == OPT_ARGS) {
			list_push(next_arg->dest, a);
			continue;
		}
		*(const char **)next_arg->dest = a;
		next_arg++;
	}
	for (o = spec; o->kind != OPT_END; o++) {
		if (!(o->flags & OPT_REQUIRED) || given(o))
			continue;
		if (o->kind == OPT_SWITCH)
			return missing_switch(spec, o, command, err);
		if (is_option(o))
			return fail_usage(err, _("'%s' needs --%s %s; see"
						 " 'cutover %s --help'"),
					  command, o->name,
					  o->value_name ? _(o->value_name) : "",
					  command);
		return fail_usage(err, _("'%s' needs %s; see 'cutover %s"
					 " --help'"), command, _(o->name),
				  command);
	}
	return 0;
}

/* One piece of the usage line: "--by NAME", "[--force]", "TASK...". */
static void usage_piece(struct strbuf *out, const struct opt_spec *o)
{
	int optional = !(o->flags & OPT_REQUIRED);

	if (o->flags & OPT_VERBATIM) {
		strbuf_adds(out, _(o->name));
		return;
	}
	if (optional)
		strbuf_addch(out, '[');
	if (is_option(o)) {
		strbuf_addf(out, "--%s", o->name);
		if (o->kind != OPT_SWITCH)
			strbuf_addf(out, " %s", _(o->value_name));
	} else {
		strbuf_adds(out, _(o->name));
	}
	if (optional)
		strbuf_addch(out, ']');
	if (o->kind == OPT_LIST || o->kind == OPT_ARGS)
		strbuf_adds(out, "...");
}

/*
 * Alternatives (switches sharing a dest) print once, as one piece:
 * "--go|--no-go".  1 when o was printed as part of an earlier group.
 */
static int in_earlier_group(const struct opt_spec *spec,
			    const struct opt_spec *o)
{
	const struct opt_spec *p;

	if (o->kind != OPT_SWITCH)
		return 0;
	for (p = spec; p != o; p++)
		if (p->kind == OPT_SWITCH && p->dest == o->dest &&
		    !(p->flags & (OPT_HIDDEN | OPT_GLOBAL)))
			return 1;
	return 0;
}

static void group_piece(struct strbuf *out, const struct opt_spec *spec,
			const struct opt_spec *o)
{
	const struct opt_spec *p;
	int n = 0;

	for (p = o; p->kind != OPT_END; p++)
		if (p->kind == OPT_SWITCH && p->dest == o->dest &&
		    !(p->flags & (OPT_HIDDEN | OPT_GLOBAL)))
			n++;
	if (o->kind != OPT_SWITCH || n < 2) {
		usage_piece(out, o);
		return;
	}
	(void)spec;
	strbuf_addch(out, (o->flags & OPT_REQUIRED) ? '(' : '[');
	for (p = o; p->kind != OPT_END; p++) {
		if (p->kind != OPT_SWITCH || p->dest != o->dest ||
		    (p->flags & (OPT_HIDDEN | OPT_GLOBAL)))
			continue;
		if (p != o)
			strbuf_addch(out, '|');
		strbuf_addf(out, "--%s", p->name);
	}
	strbuf_addch(out, (o->flags & OPT_REQUIRED) ? ')' : ']');
}

void opt_usage(struct strbuf *out, const char *command,
	       const struct opt_spec *spec, size_t width)
{
	struct strbuf head = STRBUF_INIT, piece = STRBUF_INIT;
	const struct opt_spec *o;
	size_t line_start, indent;
	int pass;

	strbuf_addf(&head, "%s cutover %s", _("usage:"), command);
	line_start = out->len;
	strbuf_add(out, head.buf, head.len);
	/* Columns, not bytes: "usage:" translated may not be ASCII. */
	indent = term_text_width(head.buf, head.len) + 1;
	/* Required options and optional ones, then the arguments, as man
	 * pages write them. */
	for (pass = 0; pass < 2; pass++) {
		for (o = spec; o->kind != OPT_END; o++) {
			int is_arg = !is_option(o);

			if ((o->flags & (OPT_HIDDEN | OPT_GLOBAL)) ||
			    is_arg != pass || in_earlier_group(spec, o))
				continue;
			strbuf_reset(&piece);
			group_piece(&piece, spec, o);
			if (term_text_width(out->buf + line_start,
					    out->len - line_start) + 1 +
			    term_text_width(piece.buf, piece.len) > width &&
			    term_text_width(out->buf + line_start,
					    out->len - line_start) > indent) {
				strbuf_addch(out, '\n');
				line_start = out->len;
				while (out->len - line_start < indent - 1)
					strbuf_addch(out, ' ');
			}
			strbuf_addch(out, ' ');
			strbuf_add(out, piece.buf, piece.len);
		}
	}
	strbuf_addch(out, '\n');
	strbuf_release(&piece);
	strbuf_release(&head);
}

static void pad(struct strbuf *out, size_t n)
{
	while (n--)
		strbuf_addch(out, ' ');
}

/*
 * Appends text, the first line already at column `indent`, wrapped at
 * spaces so that no line passes `width` (a word longer than that stays
 * whole); continuation lines start at `indent`.
 */
static void wrap(struct strbuf *out, const char *text, size_t indent,
		 size_t width)
{
	size_t at = indent;

	while (*text) {
		size_t word = strcspn(text, " ");
		size_t cols = term_text_width(text, word);

		if (at > indent && at + 1 + cols > width) {
			strbuf_addch(out, '\n');
			pad(out, indent);
			at = indent;
		} else if (at > indent) {
			strbuf_addch(out, ' ');
			at++;
		}
		strbuf_add(out, text, word);
		at += cols;
		text += word;
		while (*text == ' ')
			text++;
	}
}

/* "  -b, --by NAME" or "      --force" for the help's first column. */
static void help_name(struct strbuf *out, const struct opt_spec *o,
		      int aliases)
{
	if (o->alias)
		strbuf_addf(out, "  -%c, --%s", o->alias, o->name);
	else
		strbuf_addf(out, aliases ? "      --%s" : "  --%s", o->name);
	if (o->kind != OPT_SWITCH)
		strbuf_addf(out, " %s", _(o->value_name));
}

/* Which rows a part of the help lists. */
enum help_part { PART_ARGUMENTS, PART_OPTIONS, PART_GLOBAL };

static int in_part(const struct opt_spec *o, enum help_part part)
{
	if ((o->flags & OPT_HIDDEN) || !o->help)
		return 0;
	if (o->flags & OPT_GLOBAL)
		return part == PART_GLOBAL;
	return is_option(o) ? part == PART_OPTIONS : part == PART_ARGUMENTS;
}

static void help_rows(struct strbuf *out, const struct opt_spec *spec,
		      enum help_part part)
{
	struct strbuf name = STRBUF_INIT;
	const struct opt_spec *o;
	size_t column = 0, cols;
	int aliases = 0;

	/* Long names line up under each other when some have a short one. */
	for (o = spec; o->kind != OPT_END; o++)
		if (in_part(o, part) && o->alias)
			aliases = 1;
	for (o = spec; o->kind != OPT_END; o++) {
		if (!in_part(o, part))
			continue;
		strbuf_reset(&name);
		if (is_option(o))
			help_name(&name, o, aliases);
		else
			strbuf_addf(&name, "  %s", _(o->name));
		if (term_text_width(name.buf, name.len) > column)
			column = term_text_width(name.buf, name.len);
	}
	if (column > 30)
		column = 30;
	for (o = spec; o->kind != OPT_END; o++) {
		if (!in_part(o, part))
			continue;
		strbuf_reset(&name);
		if (is_option(o))
			help_name(&name, o, aliases);
		else
			strbuf_addf(&name, "  %s", _(o->name));
		strbuf_add(out, name.buf, name.len);
		cols = term_text_width(name.buf, name.len);
		if (cols > column) {
			strbuf_addch(out, '\n');
			pad(out, column + 2);
		} else {
			pad(out, column + 2 - cols);
		}
		wrap(out, _(o->help), column + 2, OPT_HELP_WIDTH);
		strbuf_addch(out, '\n');
	}
	strbuf_release(&name);
}

static int has_rows(const struct opt_spec *spec, enum help_part part)
{
	for (; spec->kind != OPT_END; spec++)
		if (in_part(spec, part))
			return 1;
	return 0;
}

void opt_help(struct strbuf *out, const struct opt_spec *spec)
{
	static const char *const headings[] = {
		[PART_ARGUMENTS] = N_("Arguments:"),
		[PART_OPTIONS] = N_("Options:"),
		[PART_GLOBAL] = N_("Global options:"),
	};
	int part, first = 1;

	for (part = PART_ARGUMENTS; part <= PART_GLOBAL; part++) {
		if (!has_rows(spec, part))
			continue;
		if (!first)
			strbuf_addch(out, '\n');
		strbuf_adds(out, _(headings[part]));
		strbuf_addch(out, '\n');
		help_rows(out, spec, part);
		first = 0;
	}
}

void opt_complete(struct strbuf *out, const struct opt_spec *spec)
{
	for (; spec->kind != OPT_END; spec++) {
		if (!is_option(spec) || (spec->flags & OPT_HIDDEN))
			continue;
		strbuf_addf(out, "--%s%s\n", spec->name,
			    spec->kind == OPT_SWITCH ? "" : "=");
	}
}
