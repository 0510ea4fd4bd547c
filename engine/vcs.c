/*
 * libgit2: pinning the runbook a run starts from, and reading its other
 * versions for `cutover log` and `cutover diff`.  Every libgit2 error is
 * translated here, once, into a struct err (git_fail).  Each public entry
 * point pairs git_libgit2_init with git_libgit2_shutdown (a vcs_repo holds
 * one reference for its lifetime), so callers never see libgit2's state.
 */
#include "vcs.h"

#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* Blobs larger than this are not runbook files; vcs_read_folder skips them. */
#define MAX_BLOB_BYTES ((size_t)16 << 20)

static int git_fail(struct err *err, const char *what)
{
	const git_error *e = git_error_last();

	return fail(err, "git: %s: %s", what, e && e->message ? e->message :
		    "unknown error");
}

/* ---- an open repository ---- */

struct vcs_repo {
	git_repository *repo;
	char *workdir;          /* real path of the work tree, ending in '/' */
};

/* The folder of path ("." when it has none); caller frees. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct stat st;

	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return xstrdup(path);
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int vcs_open(const char *path, struct vcs_repo **out, struct err *err)
{
	struct vcs_repo *r;
	char *dir = folder_of(path);
	char full[PATH_MAX];
	int rc;

	*out = NULL;
	git_libgit2_init();
	r = xcalloc(1, sizeof(*r));
	rc = git_repository_open_ext(&r->repo, dir, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		fail(err, "'%s' is not in a git repository", path);
		rc = VCS_NOREPO;
		goto fail;
	}
	if (rc < 0) {
		git_fail(err, "opening the repository");
		rc = -1;
		goto fail;
	}
	if (!git_repository_workdir(r->repo) ||
	    !realpath(git_repository_workdir(r->repo), full)) {
		fail(err, "the repository of '%s' has no work tree", path);
		rc = -1;
		goto fail;
	}
	{
		struct strbuf wd = STRBUF_INIT;

		strbuf_adds(&wd, full);
		if (wd.len == 0 || wd.buf[wd.len - 1] != '/')
			strbuf_addch(&wd, '/');
		r->workdir = strbuf_detach(&wd, NULL);
	}
	free(dir);
	*out = r;
	return 0;
fail:
	free(dir);
	vcs_close(r);
	return rc;
}

void vcs_close(struct vcs_repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->repo);
	free(repo->workdir);
	free(repo);
	git_libgit2_shutdown();
}

int vcs_repo_path(struct vcs_repo *repo, const char *path, struct strbuf *out,
		  struct err *err)
{
	char *dir = folder_of(path);
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char full[PATH_MAX];
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(repo->workdir);
	struct stat st;
	int ret = -1;

	if (!realpath(dir, full)) {
		fail(err, "cannot find the folder of '%s'", path);
		goto done;
	}
	strbuf_adds(&sb, full);
	strbuf_addch(&sb, '/');
	if (!(!stat(path, &st) && S_ISDIR(st.st_mode)))
		strbuf_adds(&sb, base);
	if (strncmp(sb.buf, repo->workdir, n)) {
		fail(err, "'%s' is not inside the repository's work tree",
		     path);
		goto done;
	}
	strbuf_adds(out, sb.buf + n);
	ret = 0;
done:
	strbuf_release(&sb);
	free(dir);
	return ret;
}

int vcs_pin(const char *path, struct vcs_pin *out, struct err *err)
{
	struct vcs_repo *repo = NULL;
	git_reference *head = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	struct strbuf rel = STRBUF_INIT;
	unsigned int status = 0;
	int ret = -1, rc;

	memset(out, 0, sizeof(*out));
	rc = vcs_open(path, &repo, err);
	if (rc == VCS_NOREPO) {
		/* Not an error for the caller: a runbook may live anywhere. */
		err_reset(err);
		ret = VCS_NOREPO;
		goto done;
	}
	if (rc < 0)
		goto done;
	rc = git_repository_head(&head, repo->repo);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
		ret = VCS_NOREPO;
		goto done;
	}
	if (rc < 0 || git_commit_lookup(&commit, repo->repo,
					git_reference_target(head)) < 0) {
		git_fail(err, "reading HEAD");
		goto done;
	}
	git_oid_tostr(out->commit, sizeof(out->commit), git_commit_id(commit));
	if (vcs_repo_path(repo, path, &rel, err))
		goto done;
	if (git_commit_tree(&tree, commit) < 0) {
		git_fail(err, "reading HEAD's tree");
		goto done;
	}
	if (git_tree_entry_bypath(&entry, tree, rel.buf) == 0)
		git_oid_tostr(out->blob, sizeof(out->blob),
			      git_tree_entry_id(entry));
	if (git_status_file(&status, repo->repo, rel.buf) < 0) {
		git_fail(err, "reading the file's status");
		goto done;
	}
	out->dirty = status != GIT_STATUS_CURRENT || !out->blob[0];
	ret = 0;
done:
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(commit);
	git_reference_free(head);
	vcs_close(repo);
	strbuf_release(&rel);
	return ret;
}


static int lookup_commit(struct vcs_repo *repo, const char *id,
			 git_commit **out, struct err *err)
{
	git_oid oid;

	if (git_oid_fromstr(&oid, id) < 0 ||
	    git_commit_lookup(out, repo->repo, &oid) < 0)
		return git_fail(err, "reading a commit");
	return 0;
}

static void short_id(const git_object *obj, char *out, size_t size)
{
	git_buf buf = { NULL, 0, 0 };

	if (git_object_short_id(&buf, obj) == 0 && buf.ptr)
		snprintf(out, size, "%s", buf.ptr);
	else
		git_oid_tostr(out, size < 8 ? size : 8, git_object_id(obj));
	git_buf_dispose(&buf);
}

int vcs_resolve(struct vcs_repo *repo, const char *spec, struct vcs_rev *out,
		struct err *err)
{
	git_object *obj = NULL, *commit = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = git_revparse_single(&obj, repo->repo, spec);
	if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS ||
	    rc == GIT_EINVALIDSPEC || rc == GIT_EUNBORNBRANCH) {
		fail(err, "unknown revision '%s'", spec);
		return VCS_NOTFOUND;
	}
	if (rc < 0)
		return git_fail(err, "resolving a revision");
	rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0) {
		fail(err, "revision '%s' is not a commit", spec);
		return VCS_NOTFOUND;
	}
	git_oid_tostr(out->id, sizeof(out->id), git_object_id(commit));
	short_id(commit, out->short_id, sizeof(out->short_id));
	git_object_free(commit);
	return 0;
}

/* ---- reading a folder at a revision ---- */

struct walk {
	git_repository *repo;
	const char *skip;      /* the runbook, already given */
	vcs_file_fn fn;
	void *ctx;
	int stopped;
	struct err *err;
};

static int give_blob(git_repository *repo, const git_oid *id,
		     const char *relpath, vcs_file_fn fn, void *ctx,
		     int always, struct err *err)
{
	git_blob *blob = NULL;
	int rc = 0;

	if (git_blob_lookup(&blob, repo, id) < 0)
		return git_fail(err, "reading a blob");
	if (always || (!git_blob_is_binary(blob) &&
		       git_blob_rawsize(blob) <= MAX_BLOB_BYTES))
		rc = fn(ctx, relpath, git_blob_rawcontent(blob),
			(size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return rc;
}

static int walk_entry(const char *root, const git_tree_entry *entry,
		      void *payload)
{
	struct walk *w = payload;
	struct strbuf path = STRBUF_INIT;
	int rc = 0;

	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		return 0;
	strbuf_addf(&path, "%s%s", root, git_tree_entry_name(entry));
	if (strcmp(path.buf, w->skip))
		rc = give_blob(w->repo, git_tree_entry_id(entry), path.buf,
			       w->fn, w->ctx, 0, w->err);
	strbuf_release(&path);
	if (rc) {
		w->stopped = rc;
		return -1;
	}
	return 0;
}

int vcs_read_folder(struct vcs_repo *repo, const struct vcs_rev *rev,
		    const char *file, vcs_file_fn fn, void *ctx,
		    struct err *err)
{
	git_commit *commit = NULL;
	git_tree *root = NULL, *sub = NULL;
	git_tree_entry *entry = NULL, *dir_entry = NULL;
	const char *slash = strrchr(file, '/');
	const char *base = slash ? slash + 1 : file;
	struct walk w;
	int ret = -1, rc;

	if (lookup_commit(repo, rev->id, &commit, err))
		goto done;
	if (git_commit_tree(&root, commit) < 0) {
		git_fail(err, "reading a commit's tree");
		goto done;
	}
	rc = git_tree_entry_bypath(&entry, root, file);
	if (rc < 0 || git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		fail(err, "'%s' is not in that commit", file);
		ret = VCS_NOTFOUND;
		goto done;
	}
	ret = give_blob(repo->repo, git_tree_entry_id(entry), base, fn, ctx,
			1, err);
	if (ret)
		goto done;
	ret = -1;
	if (slash) {
		struct strbuf dir = STRBUF_INIT;

		strbuf_add(&dir, file, (size_t)(slash - file));
		rc = git_tree_entry_bypath(&dir_entry, root, dir.buf);
		strbuf_release(&dir);
		if (rc < 0 || git_tree_lookup(&sub, repo->repo,
					      git_tree_entry_id(dir_entry)) < 0) {
			git_fail(err, "reading the runbook's folder");
			goto done;
		}
	}
	memset(&w, 0, sizeof(w));
	w.repo = repo->repo;
	w.skip = base;
	w.fn = fn;
	w.ctx = ctx;
	w.err = err;
	rc = git_tree_walk(sub ? sub : root, GIT_TREEWALK_PRE, walk_entry, &w);
	if (w.stopped) {
		ret = w.stopped;
		goto done;
	}
	if (rc < 0) {
		git_fail(err, "reading the runbook's folder");
		goto done;
	}
	ret = 0;
done:
	git_tree_entry_free(entry);
	git_tree_entry_free(dir_entry);
	git_tree_free(sub);
	git_tree_free(root);
	git_commit_free(commit);
	return ret;
}

/* ---- history ---- */

/* Resolves "." and ".." segments of a '/'-separated relative path. */
static char *normalize(const char *path)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = path;

	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == 2 && !strncmp(p, "..", 2)) {
			char *cut = out.len ? strrchr(out.buf, '/') : NULL;

			if (cut) {
				out.len = (size_t)(cut - out.buf);
				out.buf[out.len] = '\0';
			} else {
				strbuf_reset(&out);
			}
		} else if (n && !(n == 1 && *p == '.')) {
			if (out.len)
				strbuf_addch(&out, '/');
			strbuf_add(&out, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	return strbuf_detach(&out, NULL);
}

/* 1 when the entry at path differs between the two trees (NULL: none). */
static int path_changed(git_tree *a, git_tree *b, const char *path)
{
	git_tree_entry *ea = NULL, *eb = NULL;
	int changed;

	if (a && git_tree_entry_bypath(&ea, a, path) < 0)
		ea = NULL;
	if (b && git_tree_entry_bypath(&eb, b, path) < 0)
		eb = NULL;
	if (!ea || !eb)
		changed = !ea != !eb;
	else
		changed = !git_oid_equal(git_tree_entry_id(ea),
					 git_tree_entry_id(eb));
	git_tree_entry_free(ea);
	git_tree_entry_free(eb);
	return changed;
}

static int commit_touches(git_commit *commit, char **paths, size_t n,
			  int *touched, struct err *err)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	size_t i;
	int ret = -1;

	*touched = 0;
	if (git_commit_tree(&tree, commit) < 0 ||
	    (git_commit_parentcount(commit) > 0 &&
	     (git_commit_parent(&parent, commit, 0) < 0 ||
	      git_commit_tree(&ptree, parent) < 0))) {
		git_fail(err, "reading a commit's tree");
		goto done;
	}
	for (i = 0; i < n && !*touched; i++)
		*touched = path_changed(tree, ptree, paths[i]);
	ret = 0;
done:
	git_tree_free(ptree);
	git_tree_free(tree);
	git_commit_free(parent);
	return ret;
}

int vcs_log(struct vcs_repo *repo, const char *const *paths, size_t n,
	    vcs_commit_fn fn, void *ctx, struct err *err)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	char **norm = xcalloc(n ? n : 1, sizeof(*norm));
	size_t i;
	int ret = -1, rc;

	for (i = 0; i < n; i++)
		norm[i] = normalize(paths[i]);
	if (git_revwalk_new(&walk, repo->repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TIME) < 0) {
		git_fail(err, "walking the history");
		goto done;
	}
	rc = git_revwalk_push_head(walk);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
		ret = 0;
		goto done;
	}
	if (rc < 0) {
		git_fail(err, "reading HEAD");
		goto done;
	}
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *commit = NULL;
		const git_signature *author;
		struct vcs_commit c;
		int touched;

		if (git_commit_lookup(&commit, repo->repo, &oid) < 0) {
			git_fail(err, "reading a commit");
			goto done;
		}
		if (commit_touches(commit, norm, n, &touched, err)) {
			git_commit_free(commit);
			goto done;
		}
		if (!touched) {
			git_commit_free(commit);
			continue;
		}
		memset(&c, 0, sizeof(c));
		git_oid_tostr(c.id, sizeof(c.id), &oid);
		short_id((const git_object *)commit, c.short_id,
			 sizeof(c.short_id));
		author = git_commit_author(commit);
		c.time = (int64_t)author->when.time;
		c.author = author->name ? author->name : "";
		c.email = author->email ? author->email : "";
		c.subject = git_commit_summary(commit);
		if (!c.subject)
			c.subject = "";
		rc = fn(ctx, &c);
		git_commit_free(commit);
		if (rc) {
			ret = rc;
			goto done;
		}
	}
	if (rc != GIT_ITEROVER) {
		git_fail(err, "walking the history");
		goto done;
	}
	ret = 0;
done:
	git_revwalk_free(walk);
	for (i = 0; i < n; i++)
		free(norm[i]);
	free(norm);
	return ret;
}

/* ---- line diffs ---- */

int vcs_patch(const char *old_path, const char *old_text, size_t old_len,
	      const char *new_path, const char *new_text, size_t new_len,
	      struct strbuf *out, struct err *err)
{
	git_patch *patch = NULL;
	git_buf buf = { NULL, 0, 0 };
	int ret = -1;

	git_libgit2_init();
	if (git_patch_from_buffers(&patch, old_text, old_len, old_path,
				   new_text, new_len, new_path, NULL) < 0 ||
	    (git_patch_num_hunks(patch) > 0 &&
	     git_patch_to_buf(&buf, patch) < 0)) {
		git_fail(err, "computing the line diff");
		goto done;
	}
	if (buf.ptr)
		strbuf_add(out, buf.ptr, buf.size);
	ret = 0;
done:
	git_buf_dispose(&buf);
	git_patch_free(patch);
	git_libgit2_shutdown();
	return ret;
}
