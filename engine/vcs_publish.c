/*
 * libgit2 for the published ledger: a bare repository beside the
 * workspace's database, commits written from files held in memory (no
 * work tree, no index), refs moved only from the value the caller saw,
 * a commit's files read back, and the two network operations: fetch
 * into refs of the caller's choosing, and push that never forces.  git
 * is the transport; every URL libgit2 speaks works (file://, a path,
 * git://, ssh://, https://).
 */
#include "vcs.h"

#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "strbuf.h"
#include "vcs_int.h"
#include "xalloc.h"
#include "banned.h"

int vcs_open_bare(const char *path, int create, struct vcs_repo **out,
		  struct err *err)
{
	struct vcs_repo *r;
	int rc;

	*out = NULL;
	git_libgit2_init();
	r = xcalloc(1, sizeof(*r));
	rc = git_repository_open_bare(&r->repo, path);
	if (rc == GIT_ENOTFOUND && create)
		rc = git_repository_init(&r->repo, path, 1);
	if (rc < 0) {
		vcs_git_fail(err, rc == GIT_ENOTFOUND ?
			     _("no repository") : _("opening the repository"));
		err_prefix(err, "%s", path);
		vcs_close(r);
		return rc == GIT_ENOTFOUND ? VCS_NOREPO : -1;
	}
	*out = r;
	return 0;
}

/* ---- writing a commit ---- */

struct vcs_files {
	git_tree_update *ups;
	size_t n, alloc;
};

struct vcs_files *vcs_files_new(void)
{
	return xcalloc(1, sizeof(struct vcs_files));
}

void vcs_files_free(struct vcs_files *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++)
		free((char *)f->ups[i].path);
	free(f->ups);
	free(f);
}

static void add_entry(struct vcs_files *f, const char *path,
		      const git_oid *id)
{
	git_tree_update *u;

	XGROW(f->ups, f->alloc, f->n + 1);
	u = &f->ups[f->n++];
	memset(u, 0, sizeof(*u));
	u->action = GIT_TREE_UPDATE_UPSERT;
	git_oid_cpy(&u->id, id);
	u->filemode = GIT_FILEMODE_BLOB;
	u->path = xstrdup(path);
}

int vcs_files_add(struct vcs_repo *repo, struct vcs_files *f,
		  const char *path, const void *data, size_t len,
		  struct err *err)
{
	git_oid id;

	/* An object already there is not written again (libgit2's odb). */
	if (git_blob_create_from_buffer(&id, repo->repo, len ? data : "",
					len) < 0)
		return vcs_git_fail(err, _("writing a blob"));
	add_entry(f, path, &id);
	return 0;
}

int vcs_write_commit(struct vcs_repo *repo, const struct vcs_files *f,
		     const char *const *parents, size_t nparents,
		     const char *author, const char *message, int64_t at,
		     char id[41], struct err *err)
{
	git_treebuilder *tb = NULL;
	git_tree *empty = NULL, *tree = NULL;
	git_commit **pc = xcalloc(nparents + 1, sizeof(*pc));
	git_signature *who = NULL, *committer = NULL;
	git_oid oid, tree_id;
	struct strbuf msg = STRBUF_INIT;
	size_t i;
	int ret = -1;

	for (i = 0; i < nparents; i++)
		if (git_oid_fromstr(&oid, parents[i]) < 0 ||
		    git_commit_lookup(&pc[i], repo->repo, &oid) < 0) {
			vcs_git_fail(err, _("reading a parent commit"));
			goto done;
		}
	if (git_treebuilder_new(&tb, repo->repo, NULL) < 0 ||
	    git_treebuilder_write(&tree_id, tb) < 0 ||
	    git_tree_lookup(&empty, repo->repo, &tree_id) < 0 ||
	    git_tree_create_updated(&tree_id, repo->repo, empty, f->n,
				    f->ups) < 0 ||
	    git_tree_lookup(&tree, repo->repo, &tree_id) < 0) {
		vcs_git_fail(err, _("writing a tree"));
		goto done;
	}
	if (vcs_signatures(repo, author, at, 0, &who, &committer, err))
		goto done;
	strbuf_adds(&msg, message);
	if (!msg.len || msg.buf[msg.len - 1] != '\n')
		strbuf_addch(&msg, '\n');
	if (git_commit_create(&oid, repo->repo, NULL, who, committer, "UTF-8",
			      msg.buf, tree, nparents,
			      (const git_commit **)pc) < 0) {
		vcs_git_fail(err, _("writing a commit"));
		goto done;
	}
	git_oid_tostr(id, 41, &oid);
	ret = 0;
done:
	for (i = 0; i < nparents; i++)
		git_commit_free(pc[i]);
	free(pc);
	git_signature_free(who);
	git_signature_free(committer);
	git_tree_free(tree);
	git_tree_free(empty);
	git_treebuilder_free(tb);
	strbuf_release(&msg);
	return ret;
}

/* ---- refs ---- */

int vcs_ref(struct vcs_repo *repo, const char *ref, char id[41],
	    struct err *err)
{
	git_oid oid;
	int rc = git_reference_name_to_id(&oid, repo->repo, ref);

	if (rc == GIT_ENOTFOUND)
		return VCS_NOTFOUND;
	if (rc < 0)
		return vcs_git_fail(err, _("reading a ref"));
	git_oid_tostr(id, 41, &oid);
	return 0;
}

int vcs_set_ref(struct vcs_repo *repo, const char *ref, const char *id,
		const char *old, struct err *err)
{
	git_reference *r = NULL;
	git_oid oid, was;
	int rc;

	if (git_oid_fromstr(&oid, id) < 0)
		return fail(err, "BUG: '%s' is not a commit id", id);
	if (old) {
		if (git_oid_fromstr(&was, old) < 0)
			return fail(err, "BUG: '%s' is not a commit id", old);
		rc = git_reference_create_matching(&r, repo->repo, ref, &oid,
						   1, &was, NULL);
	} else {
		rc = git_reference_create(&r, repo->repo, ref, &oid, 0, NULL);
	}
	git_reference_free(r);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
		return fail(err, _("%s moved while this was writing; try"
				   " again"), ref);
	if (rc < 0)
		return vcs_git_fail(err, _("moving a ref"));
	return 0;
}

int vcs_delete_ref(struct vcs_repo *repo, const char *ref, struct err *err)
{
	int rc = git_reference_remove(repo->repo, ref);

	if (rc < 0 && rc != GIT_ENOTFOUND)
		return vcs_git_fail(err, _("deleting a ref"));
	return 0;
}

struct ref_names {
	char **names;
	size_t n, alloc;
};

static int gather(void *ctx, const char *ref, const char *id)
{
	struct ref_names *l = ctx;

	(void)id;
	XGROW(l->names, l->alloc, l->n + 1);
	l->names[l->n++] = xstrdup(ref);
	return 0;
}

int vcs_delete_refs(struct vcs_repo *repo, const char *prefix,
		    struct err *err)
{
	struct ref_names l = { NULL, 0, 0 };
	size_t i;
	int rc = vcs_refs(repo, prefix, gather, &l, err);

	/* Gathered first: an iterator does not outlive a deletion. */
	for (i = 0; !rc && i < l.n; i++)
		rc = vcs_delete_ref(repo, l.names[i], err);
	for (i = 0; i < l.n; i++)
		free(l.names[i]);
	free(l.names);
	return rc;
}

int vcs_refs(struct vcs_repo *repo, const char *prefix, vcs_ref_fn fn,
	     void *ctx, struct err *err)
{
	git_reference_iterator *it = NULL;
	git_reference *r;
	struct strbuf glob = STRBUF_INIT;
	char id[41];
	int rc, ret = 0;

	strbuf_addf(&glob, "%s*", prefix);
	if (git_reference_iterator_glob_new(&it, repo->repo, glob.buf) < 0) {
		strbuf_release(&glob);
		return vcs_git_fail(err, _("listing refs"));
	}
	strbuf_release(&glob);
	while (!ret && !(rc = git_reference_next(&r, it))) {
		const git_oid *oid = git_reference_target(r);

		if (oid) {
			git_oid_tostr(id, sizeof(id), oid);
			ret = fn(ctx, git_reference_name(r), id);
		}
		git_reference_free(r);
	}
	git_reference_iterator_free(it);
	if (!ret && rc != GIT_ITEROVER)
		return vcs_git_fail(err, _("listing refs"));
	return ret;
}

int vcs_reaches(struct vcs_repo *repo, const char *from,
		const char *ancestor, struct err *err)
{
	git_oid a, b;
	int rc;

	if (git_oid_fromstr(&a, from) < 0 || git_oid_fromstr(&b, ancestor) < 0)
		return fail(err, "%s", "BUG: not a commit id");
	if (git_oid_equal(&a, &b))
		return 1;
	rc = git_graph_descendant_of(repo->repo, &a, &b);
	if (rc < 0)
		return vcs_git_fail(err, _("walking the history"));
	return rc;
}

/* ---- reading a commit ---- */

static int commit_tree(struct vcs_repo *repo, const char *commit,
		       git_tree **tree, struct err *err)
{
	git_commit *c = NULL;
	git_oid id;
	int rc;

	*tree = NULL;
	if (git_oid_fromstr(&id, commit) < 0)
		return fail(err, "BUG: '%s' is not a commit id", commit);
	rc = git_commit_lookup(&c, repo->repo, &id);
	if (!rc)
		rc = git_commit_tree(tree, c);
	git_commit_free(c);
	if (rc < 0)
		return vcs_git_fail(err, _("reading a commit"));
	return 0;
}

struct walk {
	struct vcs_repo *repo;
	size_t max;
	vcs_file_fn fn;
	void *ctx;
	struct err *err;
	int ret;
	struct strbuf path;
};

static int walk_cb(const char *root, const git_tree_entry *entry, void *arg)
{
	struct walk *w = arg;
	git_blob *blob = NULL;
	git_object_t type = git_tree_entry_type(entry);

	if (type == GIT_OBJECT_TREE)
		return 0;
	strbuf_reset(&w->path);
	strbuf_addf(&w->path, "%s%s", root, git_tree_entry_name(entry));
	if (type != GIT_OBJECT_BLOB ||
	    git_tree_entry_filemode(entry) != GIT_FILEMODE_BLOB) {
		w->ret = fail(w->err, _("'%s' is not a plain file"),
			      w->path.buf);
		return -1;
	}
	if (git_blob_lookup(&blob, w->repo->repo, git_tree_entry_id(entry))) {
		w->ret = vcs_git_fail(w->err, _("reading a blob"));
		return -1;
	}
	if ((size_t)git_blob_rawsize(blob) > w->max) {
		w->ret = fail(w->err, _("'%s' has %lld bytes; at most %zu are"
					" read"), w->path.buf,
			      (long long)git_blob_rawsize(blob), w->max);
	} else {
		w->ret = w->fn(w->ctx, w->path.buf,
			       (const char *)git_blob_rawcontent(blob),
			       (size_t)git_blob_rawsize(blob));
	}
	git_blob_free(blob);
	return w->ret ? -1 : 0;
}

int vcs_commit_files(struct vcs_repo *repo, const char *commit, size_t max,
		     vcs_file_fn fn, void *ctx, struct err *err)
{
	struct walk w;
	git_tree *tree;
	int rc;

	if (commit_tree(repo, commit, &tree, err))
		return -1;
	memset(&w, 0, sizeof(w));
	w.repo = repo;
	w.max = max;
	w.fn = fn;
	w.ctx = ctx;
	w.err = err;
	strbuf_init(&w.path);
	rc = git_tree_walk(tree, GIT_TREEWALK_PRE, walk_cb, &w);
	git_tree_free(tree);
	strbuf_release(&w.path);
	if (w.ret)
		return w.ret;
	if (rc < 0)
		return vcs_git_fail(err, _("reading a tree"));
	return 0;
}

int vcs_commit_file(struct vcs_repo *repo, const char *commit,
		    const char *path, size_t max, struct strbuf *out,
		    struct err *err)
{
	git_tree *tree;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int rc;

	if (commit_tree(repo, commit, &tree, err))
		return -1;
	rc = git_tree_entry_bypath(&e, tree, path);
	if (rc == GIT_ENOTFOUND) {
		rc = VCS_NOTFOUND;
	} else if (rc < 0 || git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
		   git_blob_lookup(&blob, repo->repo, git_tree_entry_id(e))) {
		rc = vcs_git_fail(err, _("reading a blob"));
	} else if ((size_t)git_blob_rawsize(blob) > max) {
		rc = fail(err, _("'%s' has %lld bytes; at most %zu are read"),
			  path, (long long)git_blob_rawsize(blob), max);
	} else {
		strbuf_add(out, git_blob_rawcontent(blob),
			   (size_t)git_blob_rawsize(blob));
		rc = 0;
	}
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_tree_free(tree);
	return rc;
}

int vcs_first_parents(struct vcs_repo *repo, const char *commit,
		      vcs_id_fn fn, void *ctx, struct err *err)
{
	git_commit *c = NULL, *parent;
	git_oid id;
	char hex[41];
	int ret = 0;

	if (git_oid_fromstr(&id, commit) < 0)
		return fail(err, "BUG: '%s' is not a commit id", commit);
	if (git_commit_lookup(&c, repo->repo, &id) < 0)
		return vcs_git_fail(err, _("reading a commit"));
	while (!ret && c) {
		git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
		ret = fn(ctx, hex);
		parent = NULL;
		if (!ret && git_commit_parentcount(c) &&
		    git_commit_parent(&parent, c, 0) < 0)
			ret = vcs_git_fail(err, _("reading a commit"));
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
	return ret;
}

/* ---- the network ---- */

struct net {
	int tries;
	char *refused;          /* what the remote said of a ref it refused */
	int stalled;
};

/*
 * ssh: the agent, then the usual key files; https: CUTOVER_GIT_USERNAME
 * and CUTOVER_GIT_PASSWORD (a token) from the environment.  Given up
 * after a few tries, so a wrong key fails instead of looping.
 */
static int credentials(git_credential **out, const char *url,
		       const char *user, unsigned int allowed, void *payload)
{
	struct net *n = payload;
	const char *home = getenv("HOME");
	const char *name = getenv("CUTOVER_GIT_USERNAME");
	const char *pass = getenv("CUTOVER_GIT_PASSWORD");
	struct strbuf key = STRBUF_INIT, pub = STRBUF_INIT;
	static const char *const files[] = { "id_ed25519", "id_ecdsa",
					     "id_rsa" };
	int rc = GIT_PASSTHROUGH, i;

	(void)url;
	n->tries++;
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) && n->tries == 1)
		return git_credential_ssh_key_from_agent(out,
							 user ? user : "git");
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) && home) {
		for (i = 0; i < 3 && rc == GIT_PASSTHROUGH; i++) {
			if (n->tries != i + 2)
				continue;
			strbuf_reset(&key);
			strbuf_reset(&pub);
			strbuf_addf(&key, "%s/.ssh/%s", home, files[i]);
			strbuf_addf(&pub, "%s.pub", key.buf);
			if (access(key.buf, R_OK) == 0)
				rc = git_credential_ssh_key_new(out, user ?
					user : "git", access(pub.buf, R_OK) ?
					NULL : pub.buf, key.buf, NULL);
			else
				n->tries++;
		}
	}
	if (rc == GIT_PASSTHROUGH &&
	    (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && pass &&
	    n->tries <= 5)
		rc = git_credential_userpass_plaintext_new(out,
			name ? name : user ? user : "git", pass);
	strbuf_release(&key);
	strbuf_release(&pub);
	return rc;
}

/*
 * For the test of a publish killed while it writes (t80xx): with
 * CUTOVER_TEST_STALL naming a FIFO, the first progress of a push writes
 * "push" to it and then waits for ever on it (opening it to read, which
 * blocks until a writer comes, and none will), so that the test kills
 * the process in the middle of the write, not at a moment chosen by a
 * timer.  Without the variable, nothing.
 */
static void test_stall(struct net *n)
{
	const char *fifo = getenv("CUTOVER_TEST_STALL");
	int fd;
	char c;

	if (!fifo || !*fifo || n->stalled)
		return;
	n->stalled = 1;
	fd = open(fifo, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, "push\n", 5) != 5) {
		close(fd);
		return;
	}
	close(fd);
	fd = open(fifo, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		while (read(fd, &c, 1) > 0)
			;
		close(fd);
	}
}

static int push_progress(unsigned int current, unsigned int total,
			 size_t bytes, void *payload)
{
	(void)current;
	(void)total;
	(void)bytes;
	test_stall(payload);
	return 0;
}

static int push_update(const char *ref, const char *status, void *payload)
{
	struct net *n = payload;

	(void)ref;
	if (status && !n->refused)
		n->refused = xstrdup(status);
	return 0;
}

/*
 * An anonymous remote for url in repo.  Not git_remote_create_anonymous:
 * it looks the repository's config up for url.*.insteadOf, which in
 * Debian's libgit2 1.5 leaks pcre2's match data for every variable of
 * the config; the remote's URL is used as given.
 */
static int remote_for(git_remote **out, struct vcs_repo *repo,
		      const char *url)
{
	git_remote_create_options opts;

	git_remote_create_options_init(&opts,
				       GIT_REMOTE_CREATE_OPTIONS_VERSION);
	opts.repository = repo->repo;
	opts.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF |
		GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	return git_remote_create_with_opts(out, url, &opts);
}

/* Fails "URL: what: libgit2's message". */
static int net_fail(struct err *err, const char *url, const char *what)
{
	vcs_git_fail(err, what);
	err_prefix(err, "%s", url);
	return -1;
}

int vcs_fetch(struct vcs_repo *repo, const char *url,
	      const char *const *refspecs, size_t n, struct err *err)
{
	git_remote *remote = NULL;
	git_fetch_options opts;
	git_strarray specs;
	struct net net;
	int rc;

	memset(&net, 0, sizeof(net));
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	opts.callbacks.credentials = credentials;
	opts.callbacks.payload = &net;
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	opts.update_fetchhead = 0;
	specs.strings = (char **)refspecs;
	specs.count = n;
	rc = remote_for(&remote, repo, url);
	if (rc < 0)
		rc = net_fail(err, url, _("not a remote"));
	else if (git_remote_fetch(remote, &specs, &opts, NULL) < 0)
		rc = net_fail(err, url, _("fetching"));
	git_remote_free(remote);
	return rc < 0 ? -1 : 0;
}

int vcs_push(struct vcs_repo *repo, const char *url, const char *ref,
	     struct err *err)
{
	git_remote *remote = NULL;
	git_push_options opts;
	git_strarray specs;
	struct strbuf spec = STRBUF_INIT;
	char *s;
	struct net n;
	int rc;

	memset(&n, 0, sizeof(n));
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	opts.callbacks.credentials = credentials;
	opts.callbacks.push_transfer_progress = push_progress;
	opts.callbacks.push_update_reference = push_update;
	opts.callbacks.payload = &n;
	/*
	 * The pack's delta search on every core, as git's pack.threads
	 * does by default: most of a first push of a large ledger.
	 */
	opts.pb_parallelism = 0;
	/* Never "+": a remote that holds something else keeps it. */
	strbuf_addf(&spec, "%s:%s", ref, ref);
	s = spec.buf;
	specs.strings = &s;
	specs.count = 1;
	rc = remote_for(&remote, repo, url);
	if (rc < 0)
		rc = net_fail(err, url, _("not a remote"));
	else if (git_remote_push(remote, &specs, &opts) < 0)
		rc = net_fail(err, url, _("pushing"));
	else if (n.refused)
		rc = fail(err, _("%s: the remote refused %s: %s"), url, ref,
			  n.refused);
	git_remote_free(remote);
	free(n.refused);
	strbuf_release(&spec);
	return rc < 0 ? -1 : 0;
}
