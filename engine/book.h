/*
 * A loaded runbook: its script, its unit registry and the files they were
 * read from.  A book is read from disk (a runbook path) or from the
 * snapshot a run keeps in the store, so that a run can be reproduced
 * after the files changed.
 */
#ifndef BOOK_H
#define BOOK_H

#include <stddef.h>

#include "err.h"
#include "model.h"
#include "plan.h"
#include "script.h"
#include "strbuf.h"
#include "units.h"

/* One file a runbook was built from, path relative to its folder. */
struct book_file {
	char *path;
	char *text;
	size_t len;
};

struct book {
	char *path;                  /* the runbook's path as given */
	struct script *script;
	const struct runbook *rb;    /* owned by script */
	struct unit_registry *units;
	struct plan *plan;           /* NULL until book_expand */
	struct book_file *files;     /* files[0] is the runbook itself */
	size_t nfiles;
	size_t alloc_files;
};

/*
 * Loads the runbook at path, its `require`d modules and its unit registry
 * from disk.  Returns 0 and a book (book_free), or -1 with err set.
 */
int book_load_path(const char *path, struct book **out, struct err *err);

/*
 * Loads from stored files (files[0] the runbook, as book_load_path kept
 * them); `path` names the runbook in errors.  Copies what it needs.
 */
int book_load_files(const char *path, const struct book_file *files,
		    size_t nfiles, struct book **out, struct err *err);

/*
 * Reads the file at relpath (as the runbook names it) of a stored book
 * into out: 0, 1 when there is no such file, or -1 with err set.
 */
typedef int (*book_fetch_fn)(void *ctx, const char *relpath,
			     struct strbuf *out, struct err *err);

/*
 * Loads the runbook and the modules it requires through fetch, file by
 * file, and leaves book->units NULL: a sign-off of a step without a
 * check needs the step, not the registry (reading and parsing 7,000
 * units was four fifths of such a sign-off).  book_units reads it.
 */
int book_load_lazy(const char *path, book_fetch_fn fetch, void *ctx,
		   struct book **out, struct err *err);

/*
 * Reads and parses the registry of a book loaded by book_load_lazy
 * (through the same fetch) and gives it to the script's unit(id); a
 * no-op when book->units is set.  0 or -1 with err.
 */
int book_units(struct book *book, book_fetch_fn fetch, void *ctx,
	       struct err *err);

/* Expands the book into book->plan (idempotent); 0 or -1 with err. */
int book_expand(struct book *book, struct err *err);

void book_free(struct book *book);

#endif
