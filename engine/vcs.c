/*
 * libgit2: pinning the runbook a run starts from, reading its other
 * versions for `cutover log`, `diff` and `upgrade`, and writing the
 * commits and approval tags of `cutover commit` and `approve`.  Every libgit2 error is
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

#include "i18n.h"
#include "strbuf.h"
#include "vcs_int.h"
#include "xalloc.h"
#include "banned.h"

/*
 * Blobs larger than this are not runbook files: vcs_read_folder skips
 * them, and refuses a runbook that large (INFILE_RUNBOOK_MAX, the cap of
 * the same file on disk).  All the files of a folder together stop at
 * MAX_FOLDER_BYTES: sizes are read from the object's header, before its
 * content is.
 */
#define MAX_BLOB_BYTES ((size_t)16 << 20)
#define MAX_FOLDER_BYTES ((size_t)64 << 20)

int vcs_git_fail(struct err *err, const char *what)
{
	const git_error *e = git_error_last();

	return fail(err, _("git: %s: %s"), what, e && e->message ?
		    e->message : _("unknown error"));
}

/* ---- an open repository ---- */

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
		fail(err, _("'%s' is not in a git repository"), path);
		rc = VCS_NOREPO;
		goto fail;
	}
	if (rc < 0) {
		vcs_git_fail(err, _("opening the repository"));
		rc = -1;
		goto fail;
	}
	if (!git_repository_workdir(r->repo) ||
	    !realpath(git_repository_workdir(r->repo), full)) {
		fail(err, _("the repository of '%s' has no work tree"), path);
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
		fail(err, _("cannot find the folder of '%s'"), path);
		goto done;
	}
	strbuf_adds(&sb, full);
	strbuf_addch(&sb, '/');
	if (!(!stat(path, &st) && S_ISDIR(st.st_mode)))
		strbuf_adds(&sb, base);
	if (strncmp(sb.buf, repo->workdir, n)) {
		fail(err, _("'%s' is not inside the repository's work tree"),
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

/* 1 in *dirty when repository path rel differs from tree or is not in it. */
static int file_dirty(struct vcs_repo *repo, git_tree *tree, const char *rel,
		      int *dirty, struct err *err)
{
	git_tree_entry *entry = NULL;
	unsigned int status = 0;

	if (git_tree_entry_bypath(&entry, tree, rel) < 0) {
		*dirty = 1;
		return 0;
	}
	git_tree_entry_free(entry);
	if (git_status_file(&status, repo->repo, rel) < 0)
		return vcs_git_fail(err, _("reading a file's status"));
	*dirty = status != GIT_STATUS_CURRENT;
	return 0;
}

int vcs_pin(const char *path, const char *const *others, size_t n,
	    struct vcs_pin *out, struct err *err)
{
	struct vcs_repo *repo = NULL;
	git_reference *head = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	struct strbuf rel = STRBUF_INIT;
	size_t i;
	int ret = -1, rc, dirty = 0;

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
		vcs_git_fail(err, _("reading HEAD"));
		goto done;
	}
	git_oid_tostr(out->commit, sizeof(out->commit), git_commit_id(commit));
	if (vcs_repo_path(repo, path, &rel, err))
		goto done;
	if (git_commit_tree(&tree, commit) < 0) {
		vcs_git_fail(err, _("reading HEAD's tree"));
		goto done;
	}
	if (git_tree_entry_bypath(&entry, tree, rel.buf) == 0)
		git_oid_tostr(out->blob, sizeof(out->blob),
			      git_tree_entry_id(entry));
	/* DESIGN: a run depends on every file it loads, not the runbook alone. */
	for (i = 0; i <= n && !out->dirty; i++) {
		strbuf_reset(&rel);
		if (vcs_repo_path(repo, i ? others[i - 1] : path, &rel, err) ||
		    file_dirty(repo, tree, rel.buf, &dirty, err))
			goto done;
		out->dirty = dirty;
		out->dirty_file = i;
	}
	if (!out->dirty)
		out->dirty_file = 0;
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
		return vcs_git_fail(err, _("reading a commit"));
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
		fail(err, _("unknown revision '%s'"), spec);
		return VCS_NOTFOUND;
	}
	if (rc < 0)
		return vcs_git_fail(err, _("resolving a revision"));
	rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0) {
		fail(err, _("revision '%s' is not a commit"), spec);
		return VCS_NOTFOUND;
	}
	git_oid_tostr(out->id, sizeof(out->id), git_object_id(commit));
	short_id(commit, out->short_id, sizeof(out->short_id));
	git_object_free(commit);
	return 0;
}

int vcs_blob_id(struct vcs_repo *repo, const struct vcs_rev *rev,
		const char *file, char id[41], struct err *err)
{
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	int ret = -1;

	id[0] = '\0';
	if (lookup_commit(repo, rev->id, &commit, err))
		return -1;
	if (git_commit_tree(&tree, commit) < 0) {
		vcs_git_fail(err, _("reading a commit's tree"));
		goto done;
	}
	if (git_tree_entry_bypath(&entry, tree, file) < 0 ||
	    git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		fail(err, _("'%s' is not in commit %s"), file, rev->short_id);
		ret = VCS_NOTFOUND;
		goto done;
	}
	git_oid_tostr(id, 41, git_tree_entry_id(entry));
	ret = 0;
done:
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(commit);
	return ret;
}

/* ---- reading a folder at a revision ---- */

struct walk {
	git_repository *repo;
	const char *skip;      /* the runbook, already given */
	vcs_file_fn fn;
	void *ctx;
	int stopped;
	size_t total;          /* bytes given so far */
	struct err *err;
};

/* The size of object id from its header, its content unread; 0 or -1. */
static int object_size(git_repository *repo, const git_oid *id,
		       size_t *size, struct err *err)
{
	git_odb *odb = NULL;
	git_object_t type;
	int rc;

	if (git_repository_odb(&odb, repo) < 0)
		return vcs_git_fail(err, _("reading a blob"));
	rc = git_odb_read_header(size, &type, odb, id);
	git_odb_free(odb);
	return rc < 0 ? vcs_git_fail(err, _("reading a blob")) : 0;
}

/*
 * Gives the blob to fn: always (the runbook, refused when larger than
 * the cap) or when it is text within the cap and *total (NULL: none)
 * leaves room for it.  0, or -1 / fn's status.
 */
static int give_blob(git_repository *repo, const git_oid *id,
		     const char *relpath, vcs_file_fn fn, void *ctx,
		     int always, size_t *total, struct err *err)
{
	git_blob *blob = NULL;
	size_t size;
	int rc = 0;

	if (object_size(repo, id, &size, err))
		return -1;
	if (size > MAX_BLOB_BYTES) {
		if (always)
			return fail(err, _("'%s' is larger than %zu MiB"),
				    relpath, MAX_BLOB_BYTES >> 20);
		return 0;
	}
	if (!always && total && size > MAX_FOLDER_BYTES - *total)
		return 0;
	if (git_blob_lookup(&blob, repo, id) < 0)
		return vcs_git_fail(err, _("reading a blob"));
	if (always || !git_blob_is_binary(blob)) {
		rc = fn(ctx, relpath, git_blob_rawcontent(blob),
			(size_t)git_blob_rawsize(blob));
		if (total)
			*total += size;
	}
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
			       w->fn, w->ctx, 0, &w->total, w->err);
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
		vcs_git_fail(err, _("reading a commit's tree"));
		goto done;
	}
	rc = git_tree_entry_bypath(&entry, root, file);
	if (rc < 0 || git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		fail(err, _("'%s' is not in that commit"), file);
		ret = VCS_NOTFOUND;
		goto done;
	}
	ret = give_blob(repo->repo, git_tree_entry_id(entry), base, fn, ctx,
			1, NULL, err);
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
			vcs_git_fail(err, _("reading the runbook's folder"));
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
		vcs_git_fail(err, _("reading the runbook's folder"));
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
		vcs_git_fail(err, _("reading a commit's tree"));
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
	struct vcs_walk_opts opts;

	memset(&opts, 0, sizeof(opts));
	opts.paths = paths;
	opts.npaths = n;
	return vcs_walk(repo, &opts, fn, ctx, err);
}

/* Pushes (or hides) the commit with full id `id`; 0 or -1 with err. */
static int walk_add(git_revwalk *walk, const char *id, int hide,
		    struct err *err)
{
	git_oid oid;

	if (git_oid_fromstr(&oid, id) < 0 ||
	    (hide ? git_revwalk_hide(walk, &oid) :
	     git_revwalk_push(walk, &oid)) < 0)
		return vcs_git_fail(err, _("walking the history"));
	return 0;
}

/* 1 when the commit is one of the n full ids. */
static int listed(const git_oid *oid, const char *const *ids, size_t n)
{
	char id[41];
	size_t i;

	git_oid_tostr(id, sizeof(id), oid);
	for (i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return 1;
	return 0;
}

int vcs_walk(struct vcs_repo *repo, const struct vcs_walk_opts *opts,
	     vcs_commit_fn fn, void *ctx, struct err *err)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t n = opts->npaths;
	char **norm = xcalloc(n ? n : 1, sizeof(*norm));
	size_t i;
	int ret = -1, rc;

	for (i = 0; i < n; i++)
		norm[i] = normalize(opts->paths[i]);
	/* Parents after children even when clocks disagree. */
	if (git_revwalk_new(&walk, repo->repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
				GIT_SORT_TIME) < 0) {
		vcs_git_fail(err, _("walking the history"));
		goto done;
	}
	if (opts->from) {
		if (walk_add(walk, opts->from, 0, err))
			goto done;
	} else {
		rc = git_revwalk_push_head(walk);
		if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
			ret = 0;
			goto done;
		}
		if (rc < 0) {
			vcs_git_fail(err, _("reading HEAD"));
			goto done;
		}
	}
	for (i = 0; i < opts->nhide; i++)
		if (walk_add(walk, opts->hide[i], 1, err))
			goto done;
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *commit = NULL;
		const git_signature *author;
		struct vcs_commit c;
		int touched;

		if (git_commit_lookup(&commit, repo->repo, &oid) < 0) {
			vcs_git_fail(err, _("reading a commit"));
			goto done;
		}
		if (commit_touches(commit, norm, n, &touched, err)) {
			git_commit_free(commit);
			goto done;
		}
		if (!touched && !listed(&oid, opts->keep, opts->nkeep)) {
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
		vcs_git_fail(err, _("walking the history"));
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

/* ---- commits and approvals ---- */

#define PLACEHOLDER_EMAIL "nobody@cutover.invalid"

/* A copy of git config's `name` (NULL when unset or empty); caller frees. */
static char *config_value(git_config *cfg, const char *name)
{
	const char *v = NULL;

	if (!cfg || git_config_get_string(&v, cfg, name) < 0 || !v || !*v)
		return NULL;
	return xstrdup(v);
}

/*
 * The signatures of a commit or tag made by `name` at `at`: the author
 * (name, config's user.email or the placeholder) and, when committer is
 * not NULL, the committer (config's user.name and user.email, or the
 * author).  0 or -1 with err.
 */
int vcs_signatures(struct vcs_repo *repo, const char *name, int64_t at,
		   int offset_minutes, git_signature **author,
		   git_signature **committer, struct err *err)
{
	git_config *cfg = NULL;
	char *email, *cname;
	int ret = -1;

	*author = NULL;
	if (committer)
		*committer = NULL;
	if (git_repository_config_snapshot(&cfg, repo->repo) < 0)
		cfg = NULL;
	email = config_value(cfg, "user.email");
	cname = config_value(cfg, "user.name");
	if (git_signature_new(author, name, email ? email : PLACEHOLDER_EMAIL,
			      (git_time_t)at, offset_minutes) < 0) {
		vcs_git_fail(err, _("making a signature"));
		goto done;
	}
	if (committer && (cname ?
	     git_signature_new(committer, cname,
			       email ? email : PLACEHOLDER_EMAIL,
			       (git_time_t)at, offset_minutes) :
	     git_signature_dup(committer, *author)) < 0) {
		vcs_git_fail(err, _("making a signature"));
		goto done;
	}
	ret = 0;
done:
	if (ret) {
		git_signature_free(*author);
		*author = NULL;
	}
	free(email);
	free(cname);
	git_config_free(cfg);
	return ret;
}

char *vcs_config(struct vcs_repo *repo, const char *name)
{
	git_config *cfg = NULL;
	char *v;

	if (git_repository_config_snapshot(&cfg, repo->repo) < 0)
		return NULL;
	v = config_value(cfg, name);
	git_config_free(cfg);
	return v;
}

/* A commit or tag message: the text, ending in one newline as git's. */
static void message_text(struct strbuf *msg, const char *text)
{
	strbuf_adds(msg, text);
	if (!msg->len || msg->buf[msg->len - 1] != '\n')
		strbuf_addch(msg, '\n');
}

/* HEAD's commit and tree; both NULL when HEAD is unborn.  0 or -1. */
static int head_tree(struct vcs_repo *repo, git_commit **commit,
		     git_tree **tree, struct err *err)
{
	git_reference *head = NULL;
	int rc;

	*commit = NULL;
	*tree = NULL;
	rc = git_repository_head(&head, repo->repo);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0 || git_commit_lookup(commit, repo->repo,
					git_reference_target(head)) < 0 ||
	    git_commit_tree(tree, *commit) < 0) {
		git_reference_free(head);
		git_commit_free(*commit);
		*commit = NULL;
		return vcs_git_fail(err, _("reading HEAD"));
	}
	git_reference_free(head);
	return 0;
}

static int empty_tree(struct vcs_repo *repo, git_tree **out, struct err *err)
{
	git_treebuilder *tb = NULL;
	git_oid id;
	int rc;

	rc = git_treebuilder_new(&tb, repo->repo, NULL);
	if (!rc)
		rc = git_treebuilder_write(&id, tb);
	if (!rc)
		rc = git_tree_lookup(out, repo->repo, &id);
	git_treebuilder_free(tb);
	return rc < 0 ? vcs_git_fail(err, _("writing an empty tree")) : 0;
}

static void fill_rev(git_commit *commit, struct vcs_rev *out)
{
	git_oid_tostr(out->id, sizeof(out->id), git_commit_id(commit));
	short_id((const git_object *)commit, out->short_id,
		 sizeof(out->short_id));
}

/* Stages the paths; fills ups (blob ids are the index's).  0 or -1. */
static int stage(struct vcs_repo *repo, const char *const *paths, size_t n,
		 git_tree_update *ups, struct err *err)
{
	git_index *index = NULL;
	size_t i;
	int ret = -1;

	if (git_repository_index(&index, repo->repo) < 0) {
		vcs_git_fail(err, _("reading the index"));
		return -1;
	}
	for (i = 0; i < n; i++) {
		const git_index_entry *e;

		if (git_index_add_bypath(index, paths[i]) < 0 ||
		    !(e = git_index_get_bypath(index, paths[i], 0))) {
			vcs_git_fail(err, paths[i]);
			goto done;
		}
		memset(&ups[i], 0, sizeof(ups[i]));
		ups[i].action = GIT_TREE_UPDATE_UPSERT;
		git_oid_cpy(&ups[i].id, &e->id);
		ups[i].filemode = (git_filemode_t)e->mode;
		ups[i].path = paths[i];
	}
	if (git_index_write(index) < 0) {
		vcs_git_fail(err, _("writing the index"));
		goto done;
	}
	ret = 0;
done:
	git_index_free(index);
	return ret;
}

int vcs_commit(struct vcs_repo *repo, const char *const *paths, size_t n,
	       const char *author, const char *message, int64_t at,
	       int offset_minutes, int *changed, struct vcs_rev *out,
	       struct err *err)
{
	git_commit *parent = NULL, *commit = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_tree_update *ups = xcalloc(n ? n : 1, sizeof(*ups));
	char **norm = xcalloc(n ? n : 1, sizeof(*norm));
	size_t i, j, nnorm = 0;
	git_signature *who = NULL, *committer = NULL;
	const git_commit *parents[1];
	struct strbuf msg = STRBUF_INIT;
	git_oid tree_id, id;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		char *p = normalize(paths[i]);

		for (j = 0; j < nnorm && strcmp(norm[j], p); j++)
			;
		if (j < nnorm)
			free(p);
		else
			norm[nnorm++] = p;
	}
	if (head_tree(repo, &parent, &base, err) ||
	    (!base && empty_tree(repo, &base, err)) ||
	    stage(repo, (const char *const *)norm, nnorm, ups, err))
		goto done;
	if (git_tree_create_updated(&tree_id, repo->repo, base, nnorm,
				    ups) < 0) {
		vcs_git_fail(err, _("writing the tree"));
		goto done;
	}
	if (git_tree_lookup(&tree, repo->repo, &tree_id) < 0) {
		vcs_git_fail(err, _("reading the tree"));
		goto done;
	}
	for (i = 0; changed && i < n; i++) {
		char *p = normalize(paths[i]);

		changed[i] = path_changed(base, tree, p);
		free(p);
	}
	if (git_oid_equal(&tree_id, git_tree_id(base))) {
		if (parent)
			fill_rev(parent, out);
		ret = VCS_NOCHANGE;
		goto done;
	}
	message_text(&msg, message);
	parents[0] = parent;
	if (vcs_signatures(repo, author, at, offset_minutes, &who, &committer,
		       err) ||
	    git_commit_create(&id, repo->repo, "HEAD", who, committer, NULL,
			      msg.buf, tree, parent ? 1 : 0, parents) < 0 ||
	    git_commit_lookup(&commit, repo->repo, &id) < 0) {
		if (!err_is_set(err))
			vcs_git_fail(err, _("creating the commit"));
		goto done;
	}
	fill_rev(commit, out);
	ret = 0;
done:
	strbuf_release(&msg);
	git_signature_free(who);
	git_signature_free(committer);
	git_commit_free(commit);
	git_commit_free(parent);
	git_tree_free(tree);
	git_tree_free(base);
	for (i = 0; i < nnorm; i++)
		free(norm[i]);
	free(norm);
	free(ups);
	return ret;
}

/* n of "PREFIX<n>" (digits only, no leading zero); 0 when not one. */
static unsigned long approval_number(const char *name, const char *prefix)
{
	size_t len = strlen(prefix);
	const char *p = name + len;
	unsigned long n = 0;

	if (strncmp(name, prefix, len) || *p < '1' || *p > '9')
		return 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || n > 100000000)
			return 0;
		n = n * 10 + (unsigned long)(*p - '0');
	}
	return n;
}

/* Reads the tag `name` into a (commit, tagger); 0 or -1 with err. */
static int read_approval(struct vcs_repo *repo, const char *name,
			 struct vcs_approval *a, struct err *err)
{
	struct strbuf ref = STRBUF_INIT;
	git_object *obj = NULL, *commit = NULL;
	int ret = -1;

	strbuf_addf(&ref, "refs/tags/%s", name);
	if (git_revparse_single(&obj, repo->repo, ref.buf) < 0 ||
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		vcs_git_fail(err, name);
		goto done;
	}
	a->tag = xstrdup(name);
	git_oid_tostr(a->commit, sizeof(a->commit), git_object_id(commit));
	short_id(commit, a->short_id, sizeof(a->short_id));
	if (git_object_type(obj) == GIT_OBJECT_TAG &&
	    git_tag_tagger((git_tag *)obj)) {
		const git_signature *s = git_tag_tagger((git_tag *)obj);

		a->by = xstrdup(s->name ? s->name : "");
		a->time = (int64_t)s->when.time;
	} else {
		/* A lightweight tag made with git: no tagger. */
		a->by = xstrdup("");
		a->time = (int64_t)git_commit_time((git_commit *)commit);
	}
	ret = 0;
done:
	git_object_free(commit);
	git_object_free(obj);
	strbuf_release(&ref);
	return ret;
}

static int by_number(const void *x, const void *y)
{
	const struct vcs_approval *a = x, *b = y;

	return a->n < b->n ? -1 : a->n > b->n;
}

int vcs_approvals(struct vcs_repo *repo, const char *runbook_id,
		  struct vcs_approval **out, size_t *n, struct err *err)
{
	git_strarray names = { NULL, 0 };
	struct strbuf prefix = STRBUF_INIT;
	size_t i, alloc = 0;
	int ret = -1;

	*out = NULL;
	*n = 0;
	strbuf_addf(&prefix, "approved/%s/", runbook_id);
	if (git_tag_list(&names, repo->repo) < 0) {
		vcs_git_fail(err, _("listing the tags"));
		goto done;
	}
	for (i = 0; i < names.count; i++) {
		unsigned long k = approval_number(names.strings[i],
						  prefix.buf);
		struct vcs_approval *a;

		if (!k)
			continue;
		XGROW(*out, alloc, *n + 1);
		a = &(*out)[*n];
		memset(a, 0, sizeof(*a));
		a->n = k;
		if (read_approval(repo, names.strings[i], a, err))
			goto done;
		(*n)++;
	}
	if (*n)
		qsort(*out, *n, sizeof(**out), by_number);
	ret = 0;
done:
	if (ret) {
		vcs_approvals_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	git_strarray_dispose(&names);
	strbuf_release(&prefix);
	return ret;
}

void vcs_approvals_free(struct vcs_approval *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].tag);
		free(a[i].by);
	}
	free(a);
}

int vcs_tag(struct vcs_repo *repo, const char *tag, const struct vcs_rev *rev,
	    const char *by, const char *message, int64_t at,
	    int offset_minutes, struct err *err)
{
	git_object *target = NULL;
	git_signature *tagger = NULL;
	struct strbuf msg = STRBUF_INIT;
	git_oid id;
	int ret = -1, rc;

	if (git_oid_fromstr(&id, rev->id) < 0 ||
	    git_object_lookup(&target, repo->repo, &id,
			      GIT_OBJECT_COMMIT) < 0) {
		vcs_git_fail(err, _("reading the commit"));
		goto done;
	}
	if (vcs_signatures(repo, by, at, offset_minutes, &tagger, NULL, err))
		goto done;
	message_text(&msg, message);
	rc = git_tag_create(&id, repo->repo, tag, target, tagger, msg.buf, 0);
	if (rc == GIT_EEXISTS) {
		fail(err, _("tag '%s' exists already"), tag);
		goto done;
	}
	if (rc < 0) {
		vcs_git_fail(err, _("creating the tag"));
		goto done;
	}
	ret = 0;
done:
	strbuf_release(&msg);
	git_signature_free(tagger);
	git_object_free(target);
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
		vcs_git_fail(err, _("computing the line diff"));
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

/* ---- a workspace's configuration, in git's format ---- */

struct config_walk {
	struct vcs_config_entry *e;
	size_t n, alloc;
};

static int config_entry(const git_config_entry *entry, void *arg)
{
	struct config_walk *w = arg;

	XGROW(w->e, w->alloc, w->n + 1);
	w->e[w->n].name = xstrdup(entry->name);
	w->e[w->n].value = xstrdup(entry->value ? entry->value : "");
	w->n++;
	return 0;
}

int vcs_config_read(const char *path, struct vcs_config_entry **out,
		    size_t *n, struct err *err)
{
	struct config_walk w = { NULL, 0, 0 };
	git_config *cfg = NULL;
	int rc = -1;

	*out = NULL;
	*n = 0;
	git_libgit2_init();
	if (git_config_open_ondisk(&cfg, path) < 0) {
		vcs_git_fail(err, _("reading the configuration"));
		goto done;
	}
	if (git_config_foreach(cfg, config_entry, &w) < 0) {
		vcs_git_fail(err, _("reading the configuration"));
		vcs_config_free(w.e, w.n);
		goto done;
	}
	*out = w.e;
	*n = w.n;
	rc = 0;
done:
	git_config_free(cfg);
	git_libgit2_shutdown();
	return rc;
}

int vcs_config_write(const char *path, const char *name, const char *value,
		     enum vcs_config_change change, struct err *err)
{
	git_config *cfg = NULL;
	int rc = -1, g;

	git_libgit2_init();
	if (git_config_open_ondisk(&cfg, path) < 0) {
		vcs_git_fail(err, _("reading the configuration"));
		goto done;
	}
	switch (change) {
	case VCS_CONFIG_SET:
		/* Every value of a multi-valued variable goes first. */
		g = git_config_delete_multivar(cfg, name, ".*");
		if (g < 0 && g != GIT_ENOTFOUND)
			break;
		g = git_config_set_string(cfg, name, value);
		break;
	case VCS_CONFIG_ADD:
		/* A regexp no value matches adds a value, as --add does. */
		g = git_config_set_multivar(cfg, name, "^$^", value);
		break;
	default:
		g = git_config_delete_multivar(cfg, name, ".*");
		if (g == GIT_ENOTFOUND) {
			rc = VCS_NOCHANGE;
			goto done;
		}
		break;
	}
	if (g < 0) {
		vcs_git_fail(err, _("writing the configuration"));
		goto done;
	}
	rc = 0;
done:
	git_config_free(cfg);
	git_libgit2_shutdown();
	return rc;
}

void vcs_config_free(struct vcs_config_entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].value);
	}
	free(e);
}
