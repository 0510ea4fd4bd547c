/*
 * The error a module reports to its caller: where (file, line, column,
 * field) and what.  Modules fill it where the failure happens and return
 * -1; only the command layer prints it, once, as one line:
 *
 *   cutover: runbooks/bn.lua:42: step 'daily-report': field 'due': cannot parse 'T+2x'
 *
 * An err is caller-owned: ERR_INIT, then err_release.
 */
#ifndef ERR_H
#define ERR_H

#include "strbuf.h"

struct err {
	char *file;     /* NULL when the error is not about a file */
	int line;       /* 1-based; 0 when unknown */
	int column;     /* 1-based; 0 when unknown */
	char *subject;  /* e.g. "step 'daily-report'"; NULL if none */
	char *field;    /* e.g. "due"; NULL if none */
	struct strbuf msg;
	int usage;      /* 1 when the caller misused the command (exit 2) */
};

#define ERR_INIT { NULL, 0, 0, NULL, NULL, STRBUF_INIT, 0 }

void err_init(struct err *e);
void err_release(struct err *e);
/* Clears a previous error so e can be reused. */
void err_reset(struct err *e);
int err_is_set(const struct err *e);

/* Sets the message (replacing any) and returns -1, for `return fail(...)`. */
int fail(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* As fail, and marks the error as bad usage (exit status 2). */
int fail_usage(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Sets the location; file may be NULL.  Does not touch the message. */
void err_at(struct err *e, const char *file, int line, int column);
/* Sets subject ("step 'x'") and field ("due"); either may be NULL. */
void err_about(struct err *e, const char *subject, const char *field);
/*
 * Prefixes the current message with more context, e.g. a revision:
 * err_prefix(e, "revision %s", rev) makes "revision abc: ...".
 */
void err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Formats the whole error as one line (without "cutover: "). */
void err_format(const struct err *e, struct strbuf *out);

#endif
