/*
 * cutover national add|fetch and the national report's inputs: each
 * province's published runs, verified whole before they are accepted.
 */
#include "national.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "keys.h"
#include "note.h"
#include "publish.h"
#include "pubtree.h"
#include "seal.h"
#include "tlog.h"
#include "vcs.h"
#include "workspace.h"
#include "xalloc.h"
#include "banned.h"

static int id_ok(const char *id)
{
	size_t i, n = strlen(id);

	if (!n || n > 64 || id[0] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		      (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return 0;
	return 1;
}

int national_add(struct store *st, const char *id, const char *remote,
		 const char *vkey, instant_t now, struct err *err)
{
	struct note_key k;
	struct store_province p;
	struct strbuf text = STRBUF_INIT;
	int rc;

	if (store_local_open(st, 1, err))
		return -1;
	if (!id_ok(id))
		return fail(err, _("'%s' cannot name a province: lower-case"
				   " letters, digits and '-'"), id);
	if (!*remote)
		return fail(err, "%s", _("the remote is empty"));
	if (keys_verifier(vkey, &k, err))
		return -1;
	if (k.type != NOTE_ED25519) {
		note_key_release(&k);
		return fail(err, "%s", _("that is a witness's key (type 0x04);"
					 " a province signs with its own key"
					 " (cutover key show)"));
	}
	note_key_format_public(&text, &k, NOTE_ED25519);
	note_key_release(&k);
	memset(&p, 0, sizeof(p));
	p.id = (char *)id;
	p.remote = (char *)remote;
	p.vkey = text.buf;
	p.added_at = now;
	rc = store_begin(st, err);
	if (!rc && (rc = store_add_province(st, &p, err)) == 0)
		rc = store_commit(st, err);
	if (rc)
		store_rollback(st);
	strbuf_release(&text);
	return rc;
}

void national_result_release(struct national_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->o[i].province);
		free(r->o[i].ref);
		free(r->o[i].problem);
	}
	free(r->o);
	memset(r, 0, sizeof(*r));
}

/* ---- fetching ---- */

struct fetch {
	struct store *st;
	struct vcs_repo *repo;
	const struct store_province *p;
	struct note_key key;
	struct strbuf dir;              /* NATIONAL_DIR beside the database */
	instant_t now;
	struct national_result *res;
	struct store_province_log *logs;  /* what was known of p */
	size_t nlogs;
	int *seen;                      /* logs the remote still publishes */
	struct err *err;
};

static struct national_outcome *outcome(struct fetch *f, const char *ref)
{
	struct national_outcome *o;

	f->res->o = xrealloc(f->res->o, (f->res->n + 1) * sizeof(*f->res->o));
	o = &f->res->o[f->res->n++];
	memset(o, 0, sizeof(*o));
	o->province = xstrdup(f->p->id);
	o->ref = xstrdup(ref);
	return o;
}

static struct store_province_log *known(struct fetch *f, const char *ref)
{
	size_t i;

	for (i = 0; i < f->nlogs; i++)
		if (!strcmp(f->logs[i].ref, ref)) {
			if (f->seen)
				f->seen[i] = 1;
			return &f->logs[i];
		}
	return NULL;
}

/* Records what is known of one ref, in a transaction of its own. */
static int put_log(struct fetch *f, const struct store_province_log *l)
{
	int rc = store_begin(f->st, f->err);

	if (!rc && (rc = store_put_province_log(f->st, l, f->err)) == 0)
		rc = store_commit(f->st, f->err);
	if (rc)
		store_rollback(f->st);
	return rc;
}

/* Records the refusal: the log keeps what was accepted, and says why. */
static int refuse(struct fetch *f, const char *ref, struct err *why)
{
	struct store_province_log blank, *old = known(f, ref), l;
	struct national_outcome *o = outcome(f, ref);
	struct strbuf line = STRBUF_INIT;
	int rc;

	err_format(why, &line);
	o->problem = xstrdup(line.buf);
	f->res->refused++;
	if (!old) {
		memset(&blank, 0, sizeof(blank));
		old = &blank;
	}
	l = *old;
	l.province = f->p->id;
	l.ref = (char *)ref;
	l.fetched_at = f->now;
	l.problem = line.buf;
	l.problem_at = f->now;
	rc = put_log(f, &l);
	strbuf_release(&line);
	err_reset(why);
	return rc;
}

static void db_path(struct fetch *f, const char *ref, struct strbuf *out)
{
	strbuf_addf(out, "%s/%s/%s.db", f->dir.buf, f->p->id, ref);
}

/*
 * The new commit against what was accepted before (old): not smaller,
 * not older, and its events an extension of the accepted ones (a
 * consistency proof from the old size, checked against the old root).
 * 0, or -1 with why.
 */
static int check_growth(struct fetch *f, const struct store_province_log *old,
			const struct pubtree *t, const tlog_hash *leaves,
			int64_t n, struct err *why)
{
	tlog_hash old_root, proof[TLOG_MAX_PROOF];
	struct pubtree was;
	size_t blen, np;
	int64_t seq;

	if (t->cp.size < (uint64_t)old->size) {
		struct strbuf then = STRBUF_INIT, now = STRBUF_INIT;

		clock_format_rfc3339(&now, t->cp.time, 0);
		clock_format_rfc3339(&then, old->signed_at, 0);
		fail(why, _("stale checkpoint: %" PRIu64 " events signed at"
			    " %s, older than the %lld events signed at %s"
			    " accepted before (an old checkpoint served"
			    " again); never merged"), t->cp.size, now.buf,
		     (long long)old->size, then.buf);
		strbuf_release(&then);
		strbuf_release(&now);
		return -1;
	}
	if (!old->root || seal_unbase64(old->root, strlen(old->root),
					old_root, sizeof(old_root), &blen) ||
	    blen != sizeof(old_root))
		return fail(why, "%s", _("the accepted checkpoint's root is"
					 " not readable"));
	np = tlog_consistency_proof(leaves, (uint64_t)n, (uint64_t)old->size,
				    proof);
	if (!tlog_verify_consistency((uint64_t)old->size, (uint64_t)n,
				     old_root, t->cp.root, proof, np))
		return 0;
	/* Rewritten: name the first event that is not what was accepted. */
	seq = 0;
	if (!pubtree_open(f->repo, old->commit_id, &f->key, &was, why)) {
		pubtree_first_difference(f->repo, &was, leaves, n, &seq, why);
		pubtree_release(&was);
	}
	err_reset(why);
	if (seq)
		return fail(why, _("rewritten: event %lld is not the event"
				   " accepted before (of %lld accepted); never"
				   " merged"), (long long)seq,
			    (long long)old->size);
	return fail(why, _("rewritten: its first %lld events are not the"
			   " ones accepted before; never merged"),
		    (long long)old->size);
}

/*
 * What this office remembers accepting of ref (its local database) is
 * what it accepted: the accepted ref points at that commit, whose
 * checkpoint the province signed with that origin, size, root, head and
 * time.  A row edited behind its back would let a rewrite through.  0,
 * or -1 with why.
 */
static int remembered(struct fetch *f, const struct store_province_log *old,
		      struct err *why)
{
	struct strbuf accepted = STRBUF_INIT, root = STRBUF_INIT;
	struct pubtree t = PUBTREE_INIT;
	struct err quiet = ERR_INIT;
	char id[41];
	int ok;

	strbuf_addf(&accepted, "refs/national/%s/accepted/%s", f->p->id,
		    old->ref);
	ok = !vcs_ref(f->repo, accepted.buf, id, &quiet) &&
	     !strcmp(id, old->commit_id) &&
	     !pubtree_open(f->repo, old->commit_id, &f->key, &t, &quiet);
	if (ok) {
		seal_base64(&root, t.cp.root, sizeof(t.cp.root));
		ok = old->origin && !strcmp(t.cp.origin, old->origin) &&
		     t.cp.size == (uint64_t)old->size &&
		     old->root && !strcmp(root.buf, old->root) &&
		     old->head && !strcmp(t.cp.head, old->head) &&
		     t.cp.time == old->signed_at;
		pubtree_release(&t);
	}
	strbuf_release(&accepted);
	strbuf_release(&root);
	err_release(&quiet);
	if (ok)
		return 0;
	{
		char *path = store_local_path(store_path(f->st));

		fail(why, _("%s: what this office remembers accepting is not"
			    " the checkpoint it accepted (edited?); nothing"
			    " accepted until it is mended"), path);
		free(path);
	}
	return -1;
}

/* One published run of the province: verified, then accepted or not. */
static int fetch_ref(void *ctx, const char *fetched, const char *id)
{
	struct fetch *f = ctx;
	struct strbuf prefix = STRBUF_INIT, ref = STRBUF_INIT,
		      origin = STRBUF_INIT, path = STRBUF_INIT,
		      tmp = STRBUF_INIT, accepted = STRBUF_INIT,
		      root = STRBUF_INIT;
	struct store_province_log *old, l;
	struct pubtree t = PUBTREE_INIT;
	struct store *st = NULL;
	struct err why = ERR_INIT;
	tlog_hash *leaves = NULL;
	char head[SEAL_HEX_LEN + 1];
	int64_t n = 0, count;
	int rc, opened = 0, ret = 0;

	strbuf_addf(&prefix, "refs/national/%s/incoming/", f->p->id);
	strbuf_adds(&ref, fetched + prefix.len);
	if (!pubtree_run_ref(ref.buf)) {
		/* Its name would make folders here: not looked at. */
		fail(&why, _("'%s' is not the ref of a published run"),
		     ref.buf);
		goto refused;
	}
	old = known(f, ref.buf);
	if (old && old->commit_id && remembered(f, old, &why))
		goto refused;
	if (old && old->commit_id && !strcmp(old->commit_id, id)) {
		/* Nothing new: the accepted checkpoint stands. */
		l = *old;
		l.fetched_at = f->now;
		l.problem = NULL;
		ret = put_log(f, &l);
		outcome(f, ref.buf)->size = old->size;
		goto done;
	}
	rc = pubtree_open(f->repo, id, &f->key, &t, &why);
	if (rc == NOTE_BADSIG || rc == NOTE_UNSIGNED)
		err_prefix(&why, "%s", _("bad signature"));
	if (rc)
		goto refused;
	opened = 1;
	strbuf_addf(&origin, "%s/%s", f->key.name, ref.buf);
	if (strcmp(t.cp.origin, origin.buf)) {
		fail(&why, _("the checkpoint is of '%s', not '%s'"),
		     t.cp.origin, origin.buf);
		goto refused;
	}
	if (old && old->commit_id && t.cp.size < (uint64_t)old->size) {
		check_growth(f, old, &t, NULL, 0, &why);
		goto refused;
	}
	db_path(f, ref.buf, &path);
	strbuf_addf(&tmp, "%s.new", path.buf);
	if (workspace_make_parents(tmp.buf, 0777, f->err)) {
		ret = -1;
		goto done;
	}
	store_remove(tmp.buf);
	if (pubtree_load(f->repo, &t, tmp.buf, 0, &st, &why) ||
	    pubtree_leaves(st, &leaves, &n, head, &why) ||
	    (old && old->commit_id &&
	     check_growth(f, old, &t, leaves, n, &why)) ||
	    pubtree_history(f->repo, &t, &f->key, leaves, n, &count, &why))
		goto refused_db;
	store_close(st);
	st = NULL;
	store_remove(path.buf);
	if (rename(tmp.buf, path.buf)) {
		ret = fail(f->err, _("cannot rename '%s': %s"), tmp.buf,
			   strerror(errno));
		goto done;
	}
	strbuf_addf(&accepted, "refs/national/%s/accepted/%s", f->p->id,
		    ref.buf);
	vcs_delete_ref(f->repo, accepted.buf, f->err);
	if (vcs_set_ref(f->repo, accepted.buf, id, NULL, f->err)) {
		ret = -1;
		goto done;
	}
	seal_base64(&root, t.cp.root, sizeof(t.cp.root));
	memset(&l, 0, sizeof(l));
	l.province = f->p->id;
	l.ref = ref.buf;
	l.origin = t.cp.origin;
	l.commit_id = (char *)id;
	l.size = (int64_t)t.cp.size;
	l.root = root.buf;
	l.head = t.cp.head;
	l.signed_at = t.cp.time;
	l.fetched_at = f->now;
	ret = put_log(f, &l);
	outcome(f, ref.buf)->accepted = 1;
	f->res->o[f->res->n - 1].size = (int64_t)t.cp.size;
	goto done;
refused_db:
	store_close(st);
	st = NULL;
	store_remove(tmp.buf);
refused:
	ret = refuse(f, ref.buf, &why);
done:
	if (opened)
		pubtree_release(&t);
	store_close(st);
	free(leaves);
	err_release(&why);
	strbuf_release(&prefix);
	strbuf_release(&ref);
	strbuf_release(&origin);
	strbuf_release(&path);
	strbuf_release(&tmp);
	strbuf_release(&accepted);
	strbuf_release(&root);
	return ret;
}

static int fetch_province(struct fetch *f)
{
	struct strbuf incoming = STRBUF_INIT, spec = STRBUF_INIT;
	struct err why = ERR_INIT;
	const char *specs[1];
	size_t i;
	int ret = -1;

	if (store_province_logs(f->st, f->p->id, &f->logs, &f->nlogs, f->err))
		return -1;
	f->seen = xcalloc(f->nlogs + 1, sizeof(*f->seen));
	if (keys_verifier(f->p->vkey, &f->key, &why)) {
		ret = refuse(f, "", &why);
		goto done;
	}
	strbuf_addf(&incoming, "refs/national/%s/incoming/", f->p->id);
	strbuf_addf(&spec, "+refs/heads/cutover/*:%s*", incoming.buf);
	specs[0] = spec.buf;
	if (vcs_delete_refs(f->repo, incoming.buf, f->err))
		goto done;
	if (vcs_fetch(f->repo, f->p->remote, specs, 1, &why)) {
		ret = refuse(f, "", &why);
		goto done;
	}
	/* A fetch that works clears the province's own problem. */
	{
		struct store_province_log *own = known(f, ""), l;

		if (own && own->problem) {
			l = *own;
			l.problem = NULL;
			l.fetched_at = f->now;
			if (put_log(f, &l))
				goto done;
		}
	}
	if (vcs_refs(f->repo, incoming.buf, fetch_ref, f, f->err))
		goto done;
	for (i = 0; i < f->nlogs; i++) {
		if (f->seen[i] || !*f->logs[i].ref)
			continue;
		if (!f->logs[i].commit_id) {
			/* Never accepted and gone: its refusal is over. */
			struct store_province_log l = f->logs[i];

			if (!l.problem)
				continue;
			l.problem = NULL;
			l.fetched_at = f->now;
			if (put_log(f, &l))
				goto done;
			continue;
		}
		fail(&why, "%s", _("the remote no longer publishes this run;"
				   " what was accepted stays"));
		if (refuse(f, f->logs[i].ref, &why))
			goto done;
	}
	ret = 0;
done:
	note_key_release(&f->key);
	store_province_logs_free(f->logs, f->nlogs);
	f->logs = NULL;
	f->nlogs = 0;
	free(f->seen);
	f->seen = NULL;
	err_release(&why);
	strbuf_release(&incoming);
	strbuf_release(&spec);
	return ret;
}

static void national_dir(struct store *st, struct strbuf *out)
{
	const char *path = store_path(st), *slash = strrchr(path, '/');

	if (slash)
		strbuf_add(out, path, (size_t)(slash - path));
	else
		strbuf_addch(out, '.');
	strbuf_addf(out, "/%s", NATIONAL_DIR);
}

int national_fetch(struct store *st, const char *only, instant_t now,
		   struct national_result *res, struct err *err)
{
	struct store_province *p = NULL;
	struct strbuf path = STRBUF_INIT;
	struct fetch f;
	size_t n = 0, i, asked = 0;
	int lock = -1, ret = -1;

	memset(res, 0, sizeof(*res));
	memset(&f, 0, sizeof(f));
	strbuf_init(&f.dir);
	f.st = st;
	f.now = now;
	f.res = res;
	f.err = err;
	national_dir(st, &f.dir);
	if (store_local_open(st, 0, err) ||
	    store_provinces(st, &p, &n, err) || publish_lock(st, &lock, err))
		goto done;
	publish_repo_path(st, &path);
	if (vcs_open_bare(path.buf, 1, &f.repo, err))
		goto done;
	for (i = 0; i < n; i++) {
		if (only && strcmp(only, p[i].id))
			continue;
		asked++;
		f.p = &p[i];
		if (fetch_province(&f))
			goto done;
	}
	if (only && !asked) {
		fail(err, _("no province '%s'; see 'cutover national list'"),
		     only);
		goto done;
	}
	ret = 0;
done:
	if (lock >= 0)
		close(lock);
	vcs_close(f.repo);
	store_provinces_free(p, n);
	strbuf_release(&path);
	strbuf_release(&f.dir);
	return ret;
}

/* ---- the report's view ---- */

void national_view_release(struct national_view *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		store_close(v->stores[i]);
		store_run_release(&v->runs[i]);
		store_cosigned_release(&v->cosigned[i]);
	}
	free(v->stores);
	free(v->runs);
	free(v->cosigned);
	free(v->p);
	store_provinces_free(v->provinces, v->n);
	store_province_logs_free(v->logs, v->nlogs);
	memset(v, 0, sizeof(*v));
}

int national_open(struct store *st, struct national_view *v,
		  struct err *err)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT,
		      rb = STRBUF_INIT, run = STRBUF_INIT;
	size_t i, j;
	int ret = -1;

	memset(v, 0, sizeof(*v));
	v->offset = 420;
	national_dir(st, &dir);
	if (store_local_open(st, 0, err) ||
	    store_provinces(st, &v->provinces, &v->n, err) ||
	    store_province_logs(st, NULL, &v->logs, &v->nlogs, err))
		goto done;
	v->p = xcalloc(v->n + 1, sizeof(*v->p));
	v->stores = xcalloc(v->n + 1, sizeof(*v->stores));
	v->runs = xcalloc(v->n + 1, sizeof(*v->runs));
	v->cosigned = xcalloc(v->n + 1, sizeof(*v->cosigned));
	for (i = 0; i < v->n; i++) {
		struct report_province *p = &v->p[i];
		const struct store_province_log *best = NULL, *bad = NULL;
		int rc;

		p->id = v->provinces[i].id;
		for (j = 0; j < v->nlogs; j++) {
			const struct store_province_log *l = &v->logs[j];

			if (strcmp(l->province, p->id))
				continue;
			if (l->commit_id &&
			    (!best || l->signed_at > best->signed_at))
				best = l;
			if (l->problem &&
			    (!bad || l->problem_at > bad->problem_at))
				bad = l;
		}
		if (bad) {
			p->problem = bad->problem;
			p->problem_ref = bad->ref;
			p->problem_at = bad->problem_at;
		}
		if (!best)
			continue;
		p->origin = best->origin;
		p->size = best->size;
		p->root = best->root;
		p->head = best->head;
		p->signed_at = best->signed_at;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s/%s.db", dir.buf, p->id, best->ref);
		strbuf_reset(&rb);
		strbuf_reset(&run);
		if (pubtree_ref_names(best->ref, &rb, &run) ||
		    store_open(path.buf, 0, &v->stores[i], err) ||
		    store_find_run(v->stores[i], run.buf, &v->runs[i], err)) {
			err_prefix(err, "%s", p->id);
			goto done;
		}
		p->st = v->stores[i];
		p->run = &v->runs[i];
		v->offset = clock_zone_offset(v->runs[i].zone,
					      v->runs[i].t0);
		rc = store_cosigned(st, best->origin, &v->cosigned[i], err);
		if (rc == STORE_NOTFOUND)
			err_reset(err);
		else if (rc)
			goto done;
		else {
			p->cosigned_size = v->cosigned[i].size;
			p->cosigned_at = v->cosigned[i].at;
		}
	}
	ret = 0;
done:
	strbuf_release(&dir);
	strbuf_release(&path);
	strbuf_release(&rb);
	strbuf_release(&run);
	return ret;
}
