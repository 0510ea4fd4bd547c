/*
 * YAML documents, read through libyaml: the only module that includes
 * <yaml.h>.  It reads one document of a bounded buffer, either as a stream
 * of node events (for a reader with a fixed shape in mind, which copies
 * only what it needs) or as a small tree of nodes; both refuse, in the
 * same words, what no caller accepts:
 *
 *   - a syntax or encoding error ("malformed YAML: " then libyaml's words,
 *     at the line and column where libyaml saw the problem, and where it
 *     was while it did);
 *   - an alias (refused, not expanded: no billion laughs);
 *   - a second document;
 *   - a value with a NUL byte (named by its key when it has one);
 *   - nesting deeper than YAMLDOC_MAX_DEPTH, so nothing a caller does
 *     with the tree, recursion included, can go deep.
 *
 * Errors are filled at file:line:column (1-based, columns in characters),
 * as the project's one-line form, and the function returns -1.  Whatever
 * the callers check about the shape (which keys, which types) they report
 * themselves, at the node's line and column.
 */
#ifndef YAMLDOC_H
#define YAMLDOC_H

#include <stddef.h>

#include "err.h"

/* DESIGN: malformed YAML gets a clear error, never a stack overflow */
#define YAMLDOC_MAX_DEPTH 64

enum yamldoc_type {
	YAMLDOC_SCALAR,
	YAMLDOC_SEQ,         /* the start of a sequence */
	YAMLDOC_MAP,         /* the start of a mapping */
	YAMLDOC_SEQ_END,     /* events only */
	YAMLDOC_MAP_END,     /* events only */
	YAMLDOC_DONE         /* events only: the document (or the file) ended */
};

/* ---- events ---- */

struct yamldoc_event {
	enum yamldoc_type type;
	int line;            /* 1-based */
	int column;          /* 1-based, in characters */
	const char *value;   /* scalars: NUL-terminated, no NUL inside; else NULL */
	size_t len;          /* scalars: strlen(value) */
	int null;            /* scalars: YAML null (~, null, empty plain) */
};

struct yamldoc_reader;

/*
 * Starts reading text (len bytes, NULL for none) named `file` in errors.
 * The reader keeps pointers to file and text: both outlive it.
 */
int yamldoc_open(struct yamldoc_reader **out, const char *file,
		 const char *text, size_t len, struct err *err);

/*
 * The next node event of the document.  An empty file (or one holding only
 * comments) gives YAMLDOC_DONE at once; after the root node's last event
 * comes YAMLDOC_DONE, or the error of a second document.  ev->value lives
 * until the next call.
 */
int yamldoc_next(struct yamldoc_reader *r, struct yamldoc_event *ev,
		 struct err *err);

void yamldoc_close(struct yamldoc_reader *r);

/* ---- trees ---- */

struct yamldoc_node {
	enum yamldoc_type type;      /* YAMLDOC_SCALAR, _SEQ or _MAP */
	int line;                    /* 1-based */
	int column;                  /* 1-based, in characters */
	char *value;                 /* scalars only */
	int null;                    /* scalars only: YAML null */
	/* sequence items; mapping keys and values alternate */
	struct yamldoc_node **kids;
	size_t n;
	size_t alloc;
};

/*
 * The whole document as a tree: *root is NULL for a file with no
 * document.  Free it with yamldoc_free.
 */
int yamldoc_load(const char *file, const char *text, size_t len,
		 struct yamldoc_node **root, struct err *err);

void yamldoc_free(struct yamldoc_node *node);

#endif
