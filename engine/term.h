/*
 * The terminal: whether a stream is one, whether colour is allowed, how
 * wide it is, single keys read raw (termios), a line editor that checks
 * the value as it is typed, and a progress line for long work.
 *
 * No curses: termios and a handful of ANSI sequences (ECMA-48) are all
 * a walk through tasks needs, and they work in every terminal emulator
 * the coordinators use, in tmux and over ssh.
 *
 * The one module that writes to the terminal by itself: the line editor
 * echoes what is typed, the progress line draws on stderr.  Everything
 * else is formatted by the caller.
 */
#ifndef TERM_H
#define TERM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "strbuf.h"

/* 1 when fd is a terminal. */
int term_is_tty(int fd);

/* When colour is used: --color=auto|always|never. */
enum term_color_mode {
	TERM_COLOR_AUTO,
	TERM_COLOR_ALWAYS,
	TERM_COLOR_NEVER
};

/*
 * Sets the mode, and whether stdout goes to a pager (which shows
 * colour: less -R); the guarded streams follow.  The default is auto and
 * no pager.
 */
void term_set_color_mode(enum term_color_mode mode);
void term_set_paged(int paged);

/*
 * Parses "auto", "always" or "never" (also "yes"/"no"/"tty", as git
 * reads color.ui): 0, or -1 for anything else.
 */
int term_parse_color_mode(const char *s, enum term_color_mode *out);

/*
 * 1 when what goes to fd may be coloured.  --color=always or never say
 * so; otherwise NO_COLOR set and not empty (no-color.org) says no,
 * CLICOLOR_FORCE set and not "0" says yes, and then: fd is a terminal
 * whose TERM is not "dumb", or stdout going to a pager.
 */
int term_color(int fd);

/*
 * Columns of the terminal on fd (TIOCGWINSZ), else $COLUMNS, else 80;
 * never less than 20.
 */
int term_width(int fd);

/*
 * Columns that len bytes of UTF-8 text take on a terminal: wide
 * characters count 2, combining marks 0, other characters 1.
 */
size_t term_text_width(const char *s, size_t len);

/* ANSI styles, appended only when color is set. */
enum term_style {
	TERM_BOLD,
	TERM_DIM,
	TERM_RED,
	TERM_GREEN,
	TERM_YELLOW,
	TERM_CYAN,
	TERM_RESET
};
void term_style(struct strbuf *out, int color, enum term_style style);

/* Appends s padded with spaces to width columns (never cut). */
void term_pad(struct strbuf *out, const char *s, size_t width);

/*
 * Appends text word-wrapped to width columns.  The first line continues
 * at column `col` (what the caller already wrote on it); the following
 * lines start with indent spaces.  Newlines are read as Markdown reads
 * them: one is a space, a blank line separates paragraphs, a list item
 * ("- ", "1. ") starts a line.  Ends without a newline.
 */
void term_wrap(struct strbuf *out, const char *text, size_t col,
	       size_t indent, size_t width);

/*
 * Raw mode for single keys on fd, a terminal: no line buffering, no
 * echo; signals (Ctrl-C) still work.  The terminal's settings are put
 * back by term_raw_leave, at exit, and when a signal ends or stops the
 * process (and raw mode comes back on SIGCONT).  0, or -1 with errno.
 */
int term_raw_enter(int fd);
void term_raw_leave(void);

/*
 * Guards stdout and stderr (call once, first thing in main): from then
 * on everything written to them passes through sanitize_chunk
 * (sanitize.h) on its way to file descriptors 1 and 2, whoever wrote
 * it: a control character, a bidi override or a byte that is not UTF-8
 * in a name, a comment, a finding or an error reaches the terminal
 * neutralised.  On a colour terminal term_style's sequences pass; every
 * other control of ours goes by term_control.  0, or -1 when the
 * streams cannot be made (nothing changed).
 */
int term_guard_output(void);

/*
 * Flushes the guarded streams, with any half character left at the end;
 * -1 when stdout could not be written (a full disk).
 */
int term_guard_finish(void);

/*
 * Writes seq, a control sequence of ours (a carriage return, erasing a
 * line, clearing the screen), to the terminal behind f, after what f
 * holds, past the guard.  Never with text from a user or a file.
 */
void term_control(FILE *f, const char *seq);

/* The file descriptor behind f (a guarded stream has none of its own). */
int term_fd(FILE *f);

/* Keys that are not characters. */
enum term_key {
	TERM_KEY_EOF = -1,
	TERM_KEY_UP = -2,
	TERM_KEY_DOWN = -3,
	TERM_KEY_RIGHT = -4,
	TERM_KEY_LEFT = -5,
	TERM_KEY_ENTER = -6,
	TERM_KEY_BACKSPACE = -7,
	TERM_KEY_ESCAPE = -8,
	TERM_KEY_RESIZE = -9,   /* the window changed size: redraw */
	TERM_KEY_OTHER = -10    /* a sequence we do not use */
};

/*
 * Reads one key in raw mode: a Unicode code point (> 0), or a
 * TERM_KEY_*.  The UTF-8 bytes of the key, when it is a character, are
 * left in utf8 (at least 5 bytes).
 */
int term_read_key(int fd, char *utf8);

/*
 * A check run on the value after each key: 1 when it is acceptable.
 */
typedef int (*term_check_fn)(const char *value, void *arg);

/*
 * Edits one line in raw mode on the terminal in_fd, drawn on out after
 * prompt.  line holds the starting text and receives the result.  When
 * check is given, a mark after the text says whether the value is
 * acceptable so far (coloured when color is set).  Returns 0 on Enter,
 * 1 when cancelled (Escape), TERM_KEY_EOF on Ctrl-D at an empty line or
 * the end of input.  Leaves the cursor on the line after.
 */
int term_edit_line(int in_fd, FILE *out, int color, const char *prompt,
		   struct strbuf *line, term_check_fn check, void *arg);

/*
 * Reads one line of in without its end-of-line ("\n" or "\r\n") into
 * line (reset first).  Returns 0, or TERM_KEY_EOF at the end of input.
 */
int term_getline(FILE *in, struct strbuf *line);

/*
 * A progress line for long work: "label  [#####.....]  45%  4500/10000"
 * redrawn in place on out, at most ten times a second, cleared by
 * term_progress_end.  Silent unless enabled.
 */
struct term_progress {
	FILE *out;
	int enabled;
	const char *label;
	uint64_t total;         /* 0 when unknown: a count only */
	uint64_t done;
	int64_t last_ms;        /* when it was last drawn */
	int last_percent;
	int width;
};

/* Starts a progress line on stderr, enabled when stderr is a terminal. */
void term_progress_start(struct term_progress *p, const char *label,
			 uint64_t total);
/* As term_progress_start on any stream, enabled or not (for tests). */
void term_progress_init(struct term_progress *p, FILE *out, int enabled,
			int width, const char *label, uint64_t total);
void term_progress_update(struct term_progress *p, uint64_t done);
/* Clears the line; the caller prints its own summary. */
void term_progress_end(struct term_progress *p);

#endif
