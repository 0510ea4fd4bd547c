/*
 * Error reports.  Every field of an err is owned by it; the message is
 * kept on one line so that what a user sees is always a single line.
 */
#include "err.h"
#include "i18n.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void err_init(struct err *e)
{
	e->file = NULL;
	e->line = 0;
	e->column = 0;
	e->subject = NULL;
	e->field = NULL;
	strbuf_init(&e->msg);
	e->usage = 0;
}

void err_release(struct err *e)
{
	free(e->file);
	free(e->subject);
	free(e->field);
	strbuf_release(&e->msg);
	err_init(e);
}

void err_reset(struct err *e)
{
	err_release(e);
}

int err_is_set(const struct err *e)
{
	return e->msg.len > 0;
}

static void flatten(struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < sb->len; i++)
		if (sb->buf[i] == '\n' || sb->buf[i] == '\r')
			sb->buf[i] = ' ';
}

static int vfail(struct err *e, const char *fmt, va_list ap)
{
	strbuf_reset(&e->msg);
	strbuf_vaddf(&e->msg, fmt, ap);
	flatten(&e->msg);
	if (!e->msg.len)
		strbuf_adds(&e->msg, _("unknown error"));
	return -1;
}

int fail(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(e, fmt, ap);
	va_end(ap);
	return -1;
}

int fail_usage(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(e, fmt, ap);
	va_end(ap);
	e->usage = 1;
	return -1;
}

void err_at(struct err *e, const char *file, int line, int column)
{
	char *copy = xstrdup(file);

	free(e->file);
	e->file = copy;
	e->line = line;
	e->column = column;
}

void err_about(struct err *e, const char *subject, const char *field)
{
	char *s = xstrdup(subject), *f = xstrdup(field);

	free(e->subject);
	free(e->field);
	e->subject = s;
	e->field = f;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strbuf_adds(&sb, ": ");
	strbuf_add(&sb, e->msg.buf, e->msg.len);
	strbuf_release(&e->msg);
	e->msg = sb;
	flatten(&e->msg);
}

void err_format(const struct err *e, struct strbuf *out)
{
	if (e->file) {
		strbuf_adds(out, e->file);
		if (e->line > 0)
			strbuf_addf(out, ":%d", e->line);
		if (e->line > 0 && e->column > 0)
			strbuf_addf(out, ":%d", e->column);
		strbuf_adds(out, ": ");
	}
	if (e->subject)
		strbuf_addf(out, "%s: ", e->subject);
	/* The shape stays in every language: file:line: subject: field: */
	if (e->field)
		strbuf_addf(out, _("field '%s': "), e->field);
	strbuf_add(out, e->msg.buf, e->msg.len);
}
