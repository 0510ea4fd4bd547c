/*
 * cutover diff [REV_A [REV_B]] RUNBOOK: two versions of a runbook, both
 * loaded in the sandbox (from git blobs, or the working copy), compared
 * step by step.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "i18n.h"
#include "json.h"
#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

static const char about[] = N_(
	"Compares two versions of a runbook: `diff RUNBOOK` is HEAD against\n"
	"the working copy, `diff A RUNBOOK` is A against the working copy,\n"
	"`diff A B RUNBOOK` is A against B. A revision is anything git takes\n"
	"(HEAD~2, a tag, an abbreviated id). Each version is loaded from the\n"
	"commit's tree (no checkout) in the sandbox, with the files of the\n"
	"runbook's folder at that commit, and expanded. Steps are compared by\n"
	"id: added, removed, changed field by field (times as local times,\n"
	"owners as the units gained and lost, the tasks that appear or\n"
	"disappear); sections and units of the registry added, removed or\n"
	"renamed. Comments and layout alone are no difference.\n"
	"\n"
	"Exit status, as diff(1)'s: 0 when the versions are equal, 1 when they\n"
	"differ, 2 on bad usage or when the comparison failed (a revision that\n"
	"does not exist, a version that does not load: the error names the\n"
	"revision, on stderr).\n");

/* diff(1)'s exit statuses: a difference is an answer, not a failure. */
#define DIFF_SAME EXIT_OK
#define DIFF_DIFFERENT 1
#define DIFF_TROUBLE 2

/* One side of the comparison. */
struct side {
	const char *spec;        /* the revision as given, NULL: working copy */
	struct vcs_rev rev;
	char *label;             /* "abc1234" or "working copy" (--json) */
	struct book_file *files; /* blobs read at rev */
	size_t nfiles, alloc;
	struct book *book;
};

static int keep_blob(void *ctx, const char *relpath, const char *text,
		     size_t len)
{
	struct side *s = ctx;
	struct book_file *f;

	XGROW(s->files, s->alloc, s->nfiles + 1);
	f = &s->files[s->nfiles++];
	f->path = xstrdup(relpath);
	f->text = xstrndup(text, len);
	f->len = len;
	return 0;
}

/*
 * Puts the side first in the error: "revision abc1234: runbooks/x.lua:12:
 * ...", so the file and line stay next to the message they locate.
 */
static void name_side(struct err *err, const char *label)
{
	struct strbuf line = STRBUF_INIT;

	err_format(err, &line);
	err_reset(err);
	fail(err, "%s", line.buf);
	err_prefix(err, "%s", label);
	strbuf_release(&line);
}

static int load_side(struct side *s, struct vcs_repo *repo,
		     const char *runbook, const char *repo_path,
		     struct err *err)
{
	struct strbuf label = STRBUF_INIT;
	int rc;

	if (!s->spec) {
		s->label = xstrdup("working copy");
		rc = book_load_path(runbook, &s->book, err);
	} else {
		rc = vcs_resolve(repo, s->spec, &s->rev, err);
		if (rc)
			return -1;
		strbuf_addf(&label, _("revision %s"), s->rev.short_id);
		s->label = xstrdup(s->rev.short_id);
		rc = vcs_read_folder(repo, &s->rev, repo_path, keep_blob, s,
				     err);
		if (!rc)
			rc = book_load_files(runbook, s->files, s->nfiles,
					     &s->book, err);
	}
	if (!rc)
		rc = book_expand(s->book, err);
	if (rc)
		name_side(err, s->spec ? label.buf : _("working copy"));
	strbuf_release(&label);
	return rc ? -1 : 0;
}

static void side_release(struct side *s)
{
	size_t i;

	for (i = 0; i < s->nfiles; i++) {
		free(s->files[i].path);
		free(s->files[i].text);
	}
	free(s->files);
	free(s->label);
	book_free(s->book);
}

static const struct book_file *find_file(const struct book *b,
					 const char *path)
{
	size_t i;

	for (i = 0; i < b->nfiles; i++)
		if (!strcmp(b->files[i].path, path))
			return &b->files[i];
	return NULL;
}

static int patch_one(struct strbuf *out, const char *dir,
		     const struct book_file *a, const struct book_file *b,
		     struct err *err)
{
	struct strbuf pa = STRBUF_INIT, pb = STRBUF_INIT;
	int rc;

	strbuf_addf(&pa, "%s%s", dir, (a ? a : b)->path);
	strbuf_addf(&pb, "%s%s", dir, (b ? b : a)->path);
	rc = vcs_patch(pa.buf, a ? a->text : "", a ? a->len : 0, pb.buf,
		       b ? b->text : "", b ? b->len : 0, out, err);
	strbuf_release(&pa);
	strbuf_release(&pb);
	return rc;
}

/* Line diffs of the files either version loaded, runbook first. */
static int patches(struct strbuf *out, const char *dir, const struct book *a,
		   const struct book *b, struct err *err)
{
	size_t i;

	for (i = 0; i < a->nfiles; i++)
		if (patch_one(out, dir, &a->files[i],
			      find_file(b, a->files[i].path), err))
			return -1;
	for (i = 0; i < b->nfiles; i++)
		if (!find_file(a, b->files[i].path) &&
		    patch_one(out, dir, NULL, &b->files[i], err))
			return -1;
	return 0;
}

static void side_json(struct strbuf *out, const char *key,
		      const struct side *s)
{
	json_key(out, key, 0);
	strbuf_addch(out, '{');
	json_key_string(out, "revision", s->spec ? s->rev.id : NULL, 1);
	json_key_string(out, "label", s->label, 0);
	strbuf_addch(out, '}');
}

int cmd_diff(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct opt_list args = OPT_LIST_INIT;
	int stat = 0, with_text = 0, status;
	const struct opt_spec opts[] = {
		{ OPT_SWITCH, "stat", 0, &stat, NULL,
		  N_("only the counts"), 0, 0 },
		{ OPT_SWITCH, "text", 0, &with_text, NULL,
		  N_("add the line diff (unified) of the files that differ"),
		  0, 0 },
		{ OPT_ARGS, N_("[REV_A [REV_B]] RUNBOOK"), 0, &args, NULL,
		  N_("the versions to compare (default: HEAD and the working"
		     " copy) and the runbook's path"),
		  OPT_REQUIRED | OPT_VERBATIM, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "diff", opts, about };
	struct side a, b;
	struct vcs_repo *repo = NULL;
	struct diff *d = NULL;
	struct strbuf out = STRBUF_INIT, rel = STRBUF_INIT, dir = STRBUF_INIT;
	struct strbuf text = STRBUF_INIT;
	const char *runbook, *slash;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		goto done_args;
	status = DIFF_TROUBLE;
	if (args.n > 3) {
		status = cmd_usage_fail(ctx, "%s", _("diff takes [REV_A"
						   " [REV_B]] RUNBOOK; see"
						   " 'cutover diff --help'"));
		goto done_args;
	}
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	runbook = args.v[args.n - 1];
	a.spec = args.n >= 2 ? args.v[0] : "HEAD";
	b.spec = args.n == 3 ? args.v[1] : NULL;
	if (vcs_open(runbook, &repo, &ctx->err) ||
	    vcs_repo_path(repo, runbook, &rel, &ctx->err))
		goto done;
	slash = strrchr(rel.buf, '/');
	if (slash)
		strbuf_add(&dir, rel.buf, (size_t)(slash - rel.buf + 1));
	if (load_side(&a, repo, runbook, rel.buf, &ctx->err) ||
	    load_side(&b, repo, runbook, rel.buf, &ctx->err) ||
	    diff_books(a.book, b.book, &d, &ctx->err))
		goto done;
	if (with_text && patches(&text, dir.buf, a.book, b.book, &ctx->err))
		goto done;
	if (ctx->json) {
		strbuf_addch(&out, '{');
		json_key_string(&out, "file", rel.buf, 1);
		side_json(&out, "old", &a);
		side_json(&out, "new", &b);
		diff_format_json(d, &out);
		if (with_text)
			json_key_string(&out, "patch", text.buf, 0);
		strbuf_adds(&out, "}\n");
	} else if (stat || !diff_is_empty(d) || text.len) {
		strbuf_addf(&out, "diff %s: %s -> %s\n", rel.buf,
			    a.spec ? a.label : _("working copy"),
			    b.spec ? b.label : _("working copy"));
		if (stat)
			diff_format_stat(d, &out);
		else
			diff_format_text(d, &out);
		strbuf_add(&out, text.buf, text.len);
	}
	cmd_print(&out);
	status = diff_is_empty(d) ? DIFF_SAME : DIFF_DIFFERENT;
done:
	diff_free(d);
	side_release(&a);
	side_release(&b);
	vcs_close(repo);
	strbuf_release(&out);
	strbuf_release(&rel);
	strbuf_release(&dir);
	strbuf_release(&text);
done_args:
	opt_list_release(&args);
	return status;
}
