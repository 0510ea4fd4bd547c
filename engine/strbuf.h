/*
 * A growable byte buffer that is always NUL-terminated and never NULL
 * (after strbuf_init or STRBUF_INIT).  Modelled on git's strbuf: the
 * caller owns the struct, strbuf_release frees what it holds.
 */
#ifndef STRBUF_H
#define STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Hands the buffer to the caller (free() it) and leaves sb empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/*
 * Sets sb to s in single quotes for a one-line message: control bytes
 * become '?', and a value longer than max bytes is cut at a character
 * boundary and ends with "...".  Returns sb->buf.
 */
const char *strbuf_set_quoted(struct strbuf *sb, const char *s, size_t max);

#endif
