/*
 * A lexer of Lua source, enough to follow one table constructor: names,
 * short and long strings, comments, brackets, the '=' of a field.  Block
 * keywords (function ... end, do ... end, if ... end, repeat ... until)
 * are counted so that an assignment inside a function body is never
 * taken for a field of the table around it.  Malformed text (an
 * unclosed string or bracket) ends the scan: "not found".
 */
#include "luasrc.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

enum tok { T_END, T_NAME, T_STRING, T_OPEN, T_CLOSE, T_EQ, T_OTHER };

struct token {
	enum tok kind;
	const char *s;          /* T_NAME: the name; T_STRING: its content */
	size_t len;
	char c;                 /* T_OPEN, T_CLOSE: the bracket */
	int escaped;            /* T_STRING: holds a backslash */
};

struct lexer {
	const char *p, *end;
};

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/*
 * At '[': the level of a long bracket "[==[" (the number of '='), with
 * *after just past it; -1 when it is not one.
 */
static long long_open(const struct lexer *lx, const char **after)
{
	const char *q = lx->p + 1;
	long level = 0;

	while (q < lx->end && *q == '=') {
		q++;
		level++;
	}
	if (q >= lx->end || *q != '[')
		return -1;
	*after = q + 1;
	return level;
}

/* Past the "]==]" of a long bracket of that level, or NULL. */
static const char *long_close(const char *p, const char *end, long level)
{
	const char *q;
	long n;

	for (; p < end; p++) {
		if (*p != ']')
			continue;
		for (q = p + 1, n = 0; q < end && *q == '=' && n < level; q++)
			n++;
		if (n == level && q < end && *q == ']')
			return q + 1;
	}
	return NULL;
}

/* Skips white space and comments. */
static void skip_trivia(struct lexer *lx)
{
	const char *after;
	long level;

	while (lx->p < lx->end) {
		char c = *lx->p;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			lx->p++;
		} else if (c == '-' && lx->p + 1 < lx->end &&
			   lx->p[1] == '-') {
			lx->p += 2;
			if (lx->p < lx->end && *lx->p == '[' &&
			    (level = long_open(lx, &after)) >= 0) {
				lx->p = long_close(after, lx->end, level);
				if (!lx->p)
					lx->p = lx->end;
				continue;
			}
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else {
			return;
		}
	}
}

/* The next token; T_END at the end or inside an unclosed string. */
static void next_token(struct lexer *lx, struct token *t)
{
	const char *after, *start;
	long level;
	char c, q;

	memset(t, 0, sizeof(*t));
	skip_trivia(lx);
	if (lx->p >= lx->end)
		return;
	c = *lx->p;
	if (is_name_start(c)) {
		start = lx->p;
		while (lx->p < lx->end && is_name_char(*lx->p))
			lx->p++;
		t->kind = T_NAME;
		t->s = start;
		t->len = (size_t)(lx->p - start);
	} else if (c >= '0' && c <= '9') {
		/* A number, exponent signs included: nothing we read. */
		while (lx->p < lx->end && (is_name_char(*lx->p) ||
					   *lx->p == '.')) {
			if (strchr("eEpP", *lx->p) && lx->p + 1 < lx->end &&
			    (lx->p[1] == '+' || lx->p[1] == '-'))
				lx->p++;
			lx->p++;
		}
		t->kind = T_OTHER;
	} else if (c == '"' || c == '\'') {
		q = c;
		start = ++lx->p;
		while (lx->p < lx->end && *lx->p != q && *lx->p != '\n') {
			if (*lx->p == '\\') {
				t->escaped = 1;
				lx->p++;
			}
			lx->p++;
		}
		if (lx->p >= lx->end || *lx->p != q) {
			lx->p = lx->end;
			return;   /* unclosed: T_END */
		}
		t->kind = T_STRING;
		t->s = start;
		t->len = (size_t)(lx->p - start);
		lx->p++;
	} else if (c == '[' && (level = long_open(lx, &after)) >= 0) {
		const char *close = long_close(after, lx->end, level);

		if (!close) {
			lx->p = lx->end;
			return;   /* unclosed: T_END */
		}
		t->kind = T_STRING;
		t->s = after;
		t->len = (size_t)(close - after) - (size_t)level - 2;
		t->escaped = 1;   /* a long string is never a plain key */
		lx->p = close;
	} else if (c == '{' || c == '(' || c == '[') {
		t->kind = T_OPEN;
		t->c = c;
		lx->p++;
	} else if (c == '}' || c == ')' || c == ']') {
		t->kind = T_CLOSE;
		t->c = c;
		lx->p++;
	} else if (c == '=') {
		lx->p++;
		if (lx->p < lx->end && *lx->p == '=') {
			lx->p++;
			t->kind = T_OTHER;
		} else {
			t->kind = T_EQ;
		}
	} else {
		/* "~=", "<=", ">=" are comparisons, never a field's '='. */
		lx->p++;
		if (strchr("~<>", c) && lx->p < lx->end && *lx->p == '=')
			lx->p++;
		t->kind = T_OTHER;
	}
}

static int is_word(const struct token *t, const char *w)
{
	return t->kind == T_NAME && t->len == strlen(w) &&
	       !memcmp(t->s, w, t->len);
}

/* +1 for a keyword that opens a block, -1 for one that closes it. */
static int block_change(const struct token *t)
{
	if (is_word(t, "function") || is_word(t, "do") || is_word(t, "if") ||
	    is_word(t, "repeat"))
		return 1;
	if (is_word(t, "end") || is_word(t, "until"))
		return -1;
	return 0;
}

static void add_key(char ***keys, size_t *n, size_t *alloc, const char *s,
		    size_t len)
{
	XGROW(*keys, *alloc, *n + 1);
	(*keys)[(*n)++] = xstrndup(s, len);
}

/* Where line `line` (1-based) starts, or NULL. */
static const char *line_start(const char *text, size_t len, int line)
{
	const char *p = text, *end = text + len, *nl;
	int at = 1;

	if (line <= 0)
		return NULL;
	while (at < line) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
		at++;
	}
	return p;
}

/* States of the field being recognised, at one depth. */
enum { S_NONE, S_NAME, S_EQ, S_BRACKET, S_BRACKET_KEY, S_CLOSED_KEY };

int luasrc_table_keys(const char *text, size_t len, int line,
		      const char *field, char ***keys, size_t *n)
{
	struct lexer lx;
	struct token t, key;
	size_t alloc = 0;
	int depth = 0, blocks = 0, collecting = 0, state = S_NONE;

	*keys = NULL;
	*n = 0;
	lx.p = line_start(text, len, line);
	lx.end = text + len;
	if (!lx.p)
		return 1;
	/* The call: names, dots, a parenthesis, then its table. */
	for (;;) {
		next_token(&lx, &t);
		if (t.kind == T_OPEN && t.c == '{')
			break;
		if (t.kind == T_NAME || (t.kind == T_OPEN && t.c == '(') ||
		    (t.kind == T_OTHER && lx.p[-1] == '.'))
			continue;
		return 1;
	}
	depth = 1;
	memset(&key, 0, sizeof(key));
	for (;;) {
		next_token(&lx, &t);
		if (t.kind == T_END)
			break;
		if (t.kind == T_CLOSE) {
			depth--;
			if (collecting && depth == 1)
				return 0;
			if (depth <= 0)
				break;
			if (collecting && depth == 2 && state == S_BRACKET_KEY &&
			    t.c == ']')
				state = S_CLOSED_KEY;
			else if (depth == (collecting ? 2 : 1))
				state = S_NONE;
			continue;
		}
		if (t.kind == T_OPEN) {
			depth++;
			if (!collecting && depth == 2 && state == S_EQ &&
			    t.c == '{' && !blocks) {
				collecting = 1;
				state = S_NONE;
			} else if (collecting && depth == 3 && t.c == '[' &&
				   state == S_NONE && !blocks) {
				state = S_BRACKET;
			} else if (depth - 1 == (collecting ? 2 : 1)) {
				state = S_NONE;
			}
			continue;
		}
		/* Inside a function body, nothing is a field. */
		if (depth == (collecting ? 2 : 1) || blocks) {
			int change = block_change(&t);

			if (change && (blocks || depth == (collecting ? 2 : 1))) {
				blocks += change;
				if (blocks < 0)
					blocks = 0;
				state = S_NONE;
				continue;
			}
		}
		if (blocks)
			continue;
		if (collecting && depth == 3 && state == S_BRACKET) {
			state = t.kind == T_STRING && !t.escaped ?
				S_BRACKET_KEY : S_NONE;
			key = t;
			continue;
		}
		if (depth != (collecting ? 2 : 1))
			continue;
		if (t.kind == T_NAME) {
			state = S_NAME;
			key = t;
		} else if (t.kind == T_EQ && (state == S_NAME ||
					      state == S_CLOSED_KEY)) {
			if (collecting)
				add_key(keys, n, &alloc, key.s, key.len);
			state = !collecting && state == S_NAME &&
				key.len == strlen(field) &&
				!memcmp(key.s, field, key.len) ? S_EQ : S_NONE;
		} else {
			state = S_NONE;
		}
	}
	/* Not closed, or no such field. */
	while (*n)
		free((*keys)[--(*n)]);
	free(*keys);
	*keys = NULL;
	return 1;
}
