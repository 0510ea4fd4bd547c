/*
 * Loading a runbook with everything it reads.  Every file goes through
 * one reader, so the same code serves files on disk and a run's stored
 * snapshot, and the book knows exactly which files made it.
 */
#include "book.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "infile.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

struct reader {
	struct book *book;
	char *dir;                      /* runbook's folder, "" for cwd */
	const char *runbook;            /* its file name in that folder */
	const struct book_file *stored; /* snapshot, or NULL for disk */
	size_t nstored;
	book_fetch_fn fetch;            /* or a snapshot read file by file */
	void *fetch_ctx;
};

static void join_path(struct strbuf *out, const char *dir, const char *rel)
{
	if (*dir && rel[0] != '/')
		strbuf_addf(out, "%s/%s", dir, rel);
	else
		strbuf_adds(out, rel);
}

static void keep_file(struct book *book, const char *path, const char *text,
		      size_t len)
{
	struct book_file *f;
	size_t i;

	for (i = 0; i < book->nfiles; i++)
		if (!strcmp(book->files[i].path, path))
			return;
	XGROW(book->files, book->alloc_files, book->nfiles + 1);
	f = &book->files[book->nfiles++];
	f->path = xstrdup(path);
	f->text = xstrndup(text, len);
	f->len = len;
}

static int read_file(void *ctx, const char *relpath, struct strbuf *out,
		     struct err *err)
{
	struct reader *r = ctx;
	struct strbuf full = STRBUF_INIT;
	size_t i, start = out->len;
	int is_runbook = r->runbook && !strcmp(relpath, r->runbook);

	/*
	 * DESIGN: nothing is read from outside the runbook's folder.  The
	 * runbook is named by whoever runs the command; what it names, a
	 * module or the registry, must be inside its folder, on disk as in
	 * a stored version.
	 */
	if (!is_runbook && infile_check_name(relpath, r->dir, err))
		return -1;
	if (r->fetch) {
		int rc = r->fetch(r->fetch_ctx, relpath, out, err);

		if (rc < 0)
			return -1;
		if (!rc) {
			keep_file(r->book, relpath, out->buf + start,
				  out->len - start);
			return 0;
		}
	}
	if (r->stored || r->fetch) {
		for (i = 0; i < r->nstored; i++)
			if (!strcmp(r->stored[i].path, relpath)) {
				strbuf_add(out, r->stored[i].text,
					   r->stored[i].len);
				keep_file(r->book, relpath, r->stored[i].text,
					  r->stored[i].len);
				return 0;
			}
		join_path(&full, r->dir, relpath);
		fail(err, _("'%s' is not in this version of the runbook"),
		     full.buf);
		strbuf_release(&full);
		return -1;
	}
	join_path(&full, r->dir, relpath);
	if (is_runbook ? infile_read(full.buf, INFILE_RUNBOOK_MAX, out, err) :
	    infile_read_inside(r->dir, relpath, INFILE_RUNBOOK_MAX, out, err)) {
		strbuf_release(&full);
		return -1;
	}
	keep_file(r->book, relpath, out->buf + start, out->len - start);
	strbuf_release(&full);
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup("");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Reads the registry through r and gives it to the book's script. */
static int read_units(struct reader *r, struct book *book, struct err *err)
{
	struct strbuf text = STRBUF_INIT, name = STRBUF_INIT;
	int ret = -1;

	join_path(&name, r->dir, book->rb->units_path);
	if (read_file(r, book->rb->units_path, &text, err)) {
		/* Said where the runbook names it. */
		err_at(err, book->rb->file, book->rb->line, 0);
		err_about(err, NULL, "units");
	} else if (!units_parse(name.buf, text.buf, text.len, &book->units,
				err)) {
		script_set_registry(book->script, book->units);
		ret = 0;
	}
	strbuf_release(&text);
	strbuf_release(&name);
	return ret;
}

static int load(const char *path, struct reader *r, int lazy,
		struct book **out, struct err *err)
{
	struct book *book = xcalloc(1, sizeof(*book));
	struct strbuf text = STRBUF_INIT;
	int ret = -1;

	*out = NULL;
	book->path = xstrdup(path);
	r->book = book;
	r->dir = dir_of(path);
	r->runbook = base_of(path);
	if (read_file(r, base_of(path), &text, err))
		goto done;
	if (script_load(path, text.buf, text.len, NULL, read_file, r,
			&book->script, err))
		goto done;
	book->rb = script_runbook(book->script);
	if (!lazy && read_units(r, book, err))
		goto done;
	ret = 0;
done:
	strbuf_release(&text);
	free(r->dir);
	if (ret)
		book_free(book);
	else
		*out = book;
	return ret;
}

int book_load_path(const char *path, struct book **out, struct err *err)
{
	struct reader r = { NULL, NULL, NULL, NULL, 0, NULL, NULL };

	return load(path, &r, 0, out, err);
}

int book_load_files(const char *path, const struct book_file *files,
		    size_t nfiles, struct book **out, struct err *err)
{
	struct reader r = { NULL, NULL, NULL, files, nfiles, NULL, NULL };

	return load(path, &r, 0, out, err);
}

int book_load_lazy(const char *path, book_fetch_fn fetch, void *ctx,
		   struct book **out, struct err *err)
{
	struct reader r = { NULL, NULL, NULL, NULL, 0, fetch, ctx };

	return load(path, &r, 1, out, err);
}

int book_units(struct book *book, book_fetch_fn fetch, void *ctx,
	       struct err *err)
{
	struct reader r = { book, NULL, NULL, NULL, 0, fetch, ctx };
	int ret;

	if (book->units)
		return 0;
	r.dir = dir_of(book->path);
	ret = read_units(&r, book, err);
	free(r.dir);
	return ret;
}

int book_expand(struct book *book, struct err *err)
{
	if (book->plan)
		return 0;
	return plan_expand(book->script, book->units, &book->plan, err);
}

void book_free(struct book *book)
{
	size_t i;

	if (!book)
		return;
	plan_free(book->plan);
	units_free(book->units);
	script_free(book->script);
	for (i = 0; i < book->nfiles; i++) {
		free(book->files[i].path);
		free(book->files[i].text);
	}
	free(book->files);
	free(book->path);
	free(book);
}
