/*
 * Text that came from a user or a file, made safe to show on a
 * terminal.  The one place that decides which characters a terminal
 * must never receive raw: C0 controls (ESC starts every escape
 * sequence), DEL, C1 controls (U+0080-U+009F: 8-bit CSI and OSC to some
 * terminals), the bidirectional overrides, isolates and marks that make
 * a line read in another order than it is stored (U+202A-U+202E,
 * U+2066-U+2069, U+200E, U+200F, U+061C), and bytes that are not UTF-8.
 *
 * They are neutralised, not dropped, so that a reader sees that they
 * were there: a C0 control and DEL become their Control Picture (ESC is
 * shown as U+241B), everything else U+FFFD.  The standard output and
 * error of every command pass through this (term_guard_output); the
 * JSON writer escapes the same characters instead, so that a parser
 * gets the stored text back.
 *
 * DESIGN: a terminal never receives text a unit typed as escape codes.
 */
#ifndef SANITIZE_H
#define SANITIZE_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

enum sanitize_flags {
	/*
	 * Text of several lines: newline, tab and CR LF are kept.  Without
	 * it a newline shows as U+2424 and a tab as a space, so that one
	 * field cannot forge a line of its own.
	 */
	SANITIZE_LINES = 1,
	/*
	 * The output of a command: newline, tab, CR LF kept; on a colour
	 * terminal also the exact SGR sequences term_style writes (bold,
	 * dim, red, green, yellow, cyan, reset) and nothing else.
	 */
	SANITIZE_STYLES = 2
};

/* 1 when the code point must not reach a terminal raw. */
int sanitize_unsafe(uint32_t cp);

/*
 * Appends len bytes of s to out, neutralised as above.  The one
 * function that neutralises text for a terminal.
 */
void sanitize_text(struct strbuf *out, const char *s, size_t len,
		   unsigned flags);

/* sanitize_text of a NUL-terminated string (NULL appends nothing). */
void sanitize_str(struct strbuf *out, const char *s, unsigned flags);

/*
 * As sanitize_text for a stream written in pieces: when `more` is set,
 * bytes at the end that may be the start of a character or of a
 * sequence cut by the piece's end are left unread.  Returns how many
 * bytes of s were read; the caller gives the rest again with what
 * follows.
 */
size_t sanitize_chunk(struct strbuf *out, const char *s, size_t len,
		      unsigned flags, int more);

#endif
