/*
 * cutover restore: fetch, choose the run, check it whole, then move the
 * database into place (a link: never over a database that is there).
 */
#include "restore.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "publish.h"
#include "pubtree.h"
#include "store.h"
#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

#define FETCHED "refs/cutover/restore/"

void restore_result_release(struct restore_result *r)
{
	free(r->ref);
	free(r->run);
	memset(r, 0, sizeof(*r));
}

struct found {
	char **refs, **ids;
	size_t n, alloc;
	const char *run;
};

static int found_ref(void *ctx, const char *ref, const char *id)
{
	struct found *f = ctx;
	const char *last = strrchr(ref, '/');

	if (f->run && (!last || strcmp(last + 1, f->run)))
		return 0;
	if (!pubtree_run_ref(ref + strlen(FETCHED)))
		return 0;
	XGROW(f->refs, f->alloc, f->n + 1);
	f->ids = xrealloc(f->ids, f->alloc * sizeof(*f->ids));
	f->refs[f->n] = xstrdup(ref);
	f->ids[f->n++] = xstrdup(id);
	return 0;
}

/* The folder of path, as publish_repo_path puts the repository there. */
static void repo_beside(const char *db, struct strbuf *out)
{
	const char *slash = strrchr(db, '/');

	if (slash)
		strbuf_add(out, db, (size_t)(slash - db));
	else
		strbuf_addch(out, '.');
	strbuf_addf(out, "/%s", PUBLISH_REPO);
}

static int fetched_run(struct vcs_repo *repo, const struct restore_opts *o,
		       struct strbuf *ref, char id[41], struct err *err)
{
	struct found f;
	struct strbuf names = STRBUF_INIT;
	size_t i;
	int ret = -1;

	memset(&f, 0, sizeof(f));
	f.run = o->run;
	if (vcs_refs(repo, FETCHED, found_ref, &f, err))
		goto done;
	if (f.n == 1) {
		strbuf_addf(ref, "refs/heads/cutover/%s",
			    f.refs[0] + strlen(FETCHED));
		snprintf(id, 41, "%s", f.ids[0]);
		ret = 0;
		goto done;
	}
	for (i = 0; i < f.n; i++)
		strbuf_addf(&names, "%s%s", i ? ", " : "",
			    f.refs[i] + strlen(FETCHED));
	if (!f.n && o->run)
		fail(err, _("%s publishes no run named '%s'"), o->remote,
		     o->run);
	else if (!f.n)
		fail(err, _("%s publishes no run (no ref under"
			    " refs/heads/cutover/)"), o->remote);
	else
		fail(err, _("%s publishes %zu runs (%s): choose one with"
			    " --run"), o->remote, f.n, names.buf);
done:
	store_strings_free(f.refs, f.n);
	store_strings_free(f.ids, f.n);
	strbuf_release(&names);
	return ret;
}

/* The new workspace publishes where it was restored from. */
static int remember(const struct restore_opts *o, struct err *err)
{
	struct store *st;
	int rc;

	if (store_open(o->db_path, 0, &st, err))
		return -1;
	rc = store_local_open(st, 1, err);
	if (!rc && (rc = store_begin(st, err)) == 0 &&
	    (rc = store_add_remote(st, o->remote, o->now, err)) == 0)
		rc = store_commit(st, err);
	if (rc)
		store_rollback(st);
	store_close(st);
	return rc;
}

int restore_workspace(const struct restore_opts *o,
		      struct restore_result *res, struct err *err)
{
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT,
		      ref = STRBUF_INIT, rb = STRBUF_INIT, run = STRBUF_INIT;
	struct vcs_repo *repo = NULL;
	struct store *st = NULL;
	struct pubtree t = PUBTREE_INIT;
	tlog_hash *leaves = NULL;
	const char *spec = "+refs/heads/cutover/*:" FETCHED "*";
	char id[41], there[41], head[SEAL_HEX_LEN + 1];
	int64_t n;
	int ret = -1, rc, opened = 0;

	memset(res, 0, sizeof(*res));
	if (access(o->db_path, F_OK) == 0)
		return fail(err, _("'%s' exists already: restore makes a new"
				   " workspace (run it in an empty folder)"),
			    o->db_path);
	repo_beside(o->db_path, &path);
	if (vcs_open_bare(path.buf, 1, &repo, err) ||
	    vcs_delete_refs(repo, FETCHED, err) ||
	    vcs_fetch(repo, o->remote, &spec, 1, err) ||
	    fetched_run(repo, o, &ref, id, err))
		goto done;
	rc = pubtree_open(repo, id, o->verifier, &t, err);
	if (rc) {
		err_prefix(err, "%s %s", o->remote, ref.buf);
		goto done;
	}
	opened = 1;
	strbuf_addf(&tmp, "%s.restoring", o->db_path);
	unlink(tmp.buf);
	if (pubtree_load(repo, &t, tmp.buf, 0, &st, err) ||
	    pubtree_leaves(st, &leaves, &n, head, err) ||
	    pubtree_history(repo, &t, o->verifier, leaves, n,
			    &res->checkpoints, err)) {
		err_prefix(err, "%s %s", o->remote, ref.buf);
		goto fail_db;
	}
	store_close(st);
	st = NULL;
	/* A hard link never replaces a file: a database made meanwhile wins. */
	if (link(tmp.buf, o->db_path)) {
		fail(err, _("cannot create '%s': %s"), o->db_path,
		     strerror(errno));
		goto fail_db;
	}
	unlink(tmp.buf);
	rc = vcs_ref(repo, ref.buf, there, err);
	if (rc == VCS_NOTFOUND)
		rc = vcs_set_ref(repo, ref.buf, id, NULL, err);
	else if (!rc && vcs_reaches(repo, id, there, err) == 1)
		rc = vcs_set_ref(repo, ref.buf, id, there, err);
	else if (!rc)
		rc = fail(err, _("%s: this workspace's repository holds"
				 " another history of %s"), path.buf,
			  ref.buf);
	if (rc || remember(o, err))
		goto done;
	pubtree_ref_names(ref.buf, &rb, &run);
	res->ref = strbuf_detach(&ref, NULL);
	res->run = strbuf_detach(&run, NULL);
	snprintf(res->commit, sizeof(res->commit), "%s", id);
	res->events = n;
	ret = 0;
	goto done;
fail_db:
	store_close(st);
	st = NULL;
	unlink(tmp.buf);
done:
	if (repo) {
		struct err quiet = ERR_INIT;

		vcs_delete_refs(repo, FETCHED, &quiet);
		err_release(&quiet);
	}
	if (opened)
		pubtree_release(&t);
	store_close(st);
	vcs_close(repo);
	free(leaves);
	strbuf_release(&path);
	strbuf_release(&tmp);
	strbuf_release(&ref);
	strbuf_release(&rb);
	strbuf_release(&run);
	return ret;
}
