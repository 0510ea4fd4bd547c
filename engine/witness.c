/*
 * cutover witness: fetch a province's published runs, check each
 * checkpoint against the last one cosigned for its origin, cosign, and
 * push the cosigned checkpoint back.
 */
#include "witness.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "publish.h"
#include "pubtree.h"
#include "seal.h"
#include "tlog.h"
#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

void witness_result_release(struct witness_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->o[i].ref);
		free(r->o[i].origin);
		free(r->o[i].problem);
	}
	free(r->o);
	memset(r, 0, sizeof(*r));
}

struct witnessing {
	struct store *st;
	struct vcs_repo *repo;
	const struct witness_opts *o;
	struct strbuf ns;               /* refs/cutover/witness/HASH/ */
	struct strbuf slug;             /* the witness's name, for a ref */
	struct witness_result *res;
	struct err *err;
};

static struct witness_outcome *outcome(struct witnessing *w, const char *ref)
{
	struct witness_outcome *o;

	w->res->o = xrealloc(w->res->o, (w->res->n + 1) * sizeof(*w->res->o));
	o = &w->res->o[w->res->n++];
	memset(o, 0, sizeof(*o));
	o->ref = xstrdup(ref);
	return o;
}

/*
 * What the witness remembers cosigning (its local database) is the note
 * it cosigned: its own cosignature, at the time remembered, over a
 * checkpoint of that origin, size and root.  A row edited behind its
 * back would let it cosign a rewrite: it is refused.  0, or -1 with why.
 */
static int remembered(struct witnessing *w, const struct store_cosigned *c,
		      struct err *why)
{
	struct note n = NOTE_INIT;
	struct note_checkpoint cp = NOTE_CHECKPOINT_INIT;
	struct strbuf root = STRBUF_INIT;
	struct err quiet = ERR_INIT;
	uint64_t at = 0;
	int ok;

	ok = !note_parse("cosigned", c->note, strlen(c->note), &n, &quiet) &&
	     !note_verify_cosignature(&n, w->o->key, &at, &quiet) &&
	     at == (uint64_t)c->at &&
	     !note_checkpoint_parse("cosigned", n.text, n.text_len, &cp,
				    &quiet) &&
	     !strcmp(cp.origin, c->origin) && cp.size == (uint64_t)c->size;
	if (ok) {
		seal_base64(&root, cp.root, sizeof(cp.root));
		ok = !strcmp(root.buf, c->root);
	}
	note_release(&n);
	note_checkpoint_release(&cp);
	strbuf_release(&root);
	err_release(&quiet);
	if (ok)
		return 0;
	{
		char *path = store_local_path(store_path(w->st));

		fail(why, _("%s: what this witness remembers cosigning for"
			    " '%s' is not a checkpoint it cosigned (edited?);"
			    " not cosigned"), path, c->origin);
		free(path);
	}
	return -1;
}

/*
 * t against the last cosigned checkpoint of its origin: no smaller, and
 * consistent (a proof over the leaves, verified against both roots).
 * Sets *same when it is that very checkpoint.  0, or -1 with why.
 */
static int check(struct witnessing *w, const struct pubtree *t,
		 const tlog_hash *leaves, int64_t n,
		 struct witness_outcome *o, int *same, struct err *why)
{
	struct store_cosigned last;
	tlog_hash old_root, proof[TLOG_MAX_PROOF];
	size_t blen, np;
	int rc;

	*same = 0;
	rc = store_cosigned(w->st, t->cp.origin, &last, w->err);
	if (rc == STORE_NOTFOUND) {
		err_reset(w->err);
		return 0;
	}
	if (rc)
		return -1;
	rc = -1;
	if (remembered(w, &last, why))
		goto done;
	o->since = last.size;
	if (t->cp.size < (uint64_t)last.size) {
		fail(why, _("its checkpoint has %" PRIu64 " events, fewer than"
			    " the %lld cosigned before: stale, not cosigned"),
		     t->cp.size, (long long)last.size);
		goto done;
	}
	if (seal_unbase64(last.root, strlen(last.root), old_root,
			  sizeof(old_root), &blen) || blen != sizeof(old_root)) {
		fail(why, "%s", _("the root cosigned before is not readable"));
		goto done;
	}
	np = tlog_consistency_proof(leaves, (uint64_t)n, (uint64_t)last.size,
				    proof);
	if (tlog_verify_consistency((uint64_t)last.size, t->cp.size, old_root,
				    t->cp.root, proof, np)) {
		fail(why, _("its ledger is not an extension of the %lld events"
			    " cosigned before (the consistency proof fails):"
			    " rewritten, not cosigned"), (long long)last.size);
		goto done;
	}
	if (t->cp.size == (uint64_t)last.size) {
		struct note was;
		struct err quiet = ERR_INIT;

		/* The same checkpoint (text) was cosigned already. */
		if (!note_parse("cosigned", last.note, strlen(last.note), &was,
				&quiet)) {
			*same = was.text_len == t->note.text_len &&
				!memcmp(was.text, t->note.text,
					was.text_len);
			note_release(&was);
		}
		err_release(&quiet);
	}
	rc = 0;
done:
	store_cosigned_release(&last);
	return rc;
}

/* Commits the cosigned note on the witness's ref and pushes it. */
static int push_back(struct witnessing *w, const char *ref,
		     const struct strbuf *note, struct err *why)
{
	struct strbuf local = STRBUF_INIT, theirs = STRBUF_INIT,
		      msg = STRBUF_INIT;
	struct vcs_files *f = vcs_files_new();
	char parent[41], id[41];
	const char *parents[1];
	int rc, nparents = 0;

	strbuf_addf(&local, "refs/heads/cutover-witness/%s/%s", w->slug.buf,
		    ref);
	strbuf_addf(&theirs, "%smine/%s/%s", w->ns.buf, w->slug.buf, ref);
	rc = vcs_ref(w->repo, theirs.buf, parent, why);
	if (rc == 0)
		parents[nparents++] = parent;
	else if (rc != VCS_NOTFOUND)
		goto done;
	strbuf_addf(&msg, "cutover witness: %s cosigned %s", w->o->key->name,
		    ref);
	rc = -1;
	if (vcs_files_add(w->repo, f, "checkpoint", note->buf, note->len,
			  why) ||
	    vcs_write_commit(w->repo, f, parents, (size_t)nparents,
			     w->o->key->name, msg.buf, w->o->now, id, why))
		goto done;
	/* The remote's ref is what counts; this one follows it. */
	if (vcs_delete_ref(w->repo, local.buf, why) ||
	    vcs_set_ref(w->repo, local.buf, id, NULL, why) ||
	    vcs_push(w->repo, w->o->remote, local.buf, why))
		goto done;
	rc = 0;
done:
	vcs_files_free(f);
	strbuf_release(&local);
	strbuf_release(&theirs);
	strbuf_release(&msg);
	return rc;
}

static int witness_ref(void *ctx, const char *fetched, const char *id)
{
	struct witnessing *w = ctx;
	struct strbuf prefix = STRBUF_INIT, ref = STRBUF_INIT,
		      origin = STRBUF_INIT, text = STRBUF_INIT,
		      root = STRBUF_INIT;
	struct witness_outcome *o;
	struct pubtree t = PUBTREE_INIT;
	struct store *st = NULL;
	struct store_cosigned c;
	struct note cosigned = NOTE_INIT;
	struct err why = ERR_INIT;
	tlog_hash *leaves = NULL;
	char head[SEAL_HEX_LEN + 1];
	int64_t n = 0;
	int rc, same = 0, opened = 0;

	strbuf_addf(&prefix, "%scutover/", w->ns.buf);
	strbuf_adds(&ref, fetched + prefix.len);
	o = outcome(w, ref.buf);
	if (!pubtree_run_ref(ref.buf)) {
		fail(&why, _("'%s' is not the ref of a published run"),
		     ref.buf);
		goto refused;
	}
	rc = pubtree_open(w->repo, id, w->o->province, &t, &why);
	if (rc == NOTE_BADSIG || rc == NOTE_UNSIGNED)
		err_prefix(&why, "%s", _("bad signature"));
	if (rc)
		goto refused;
	opened = 1;
	o->origin = xstrdup(t.cp.origin);
	o->size = (int64_t)t.cp.size;
	strbuf_addf(&origin, "%s/%s", w->o->province->name, ref.buf);
	if (strcmp(t.cp.origin, origin.buf)) {
		fail(&why, _("the checkpoint is of '%s', not '%s'"),
		     t.cp.origin, origin.buf);
		goto refused;
	}
	/* The events it signs, from its own segments, as the leaves. */
	if (pubtree_load(w->repo, &t, ":memory:", 1, &st, &why) ||
	    pubtree_leaves(st, &leaves, &n, head, &why) ||
	    check(w, &t, leaves, n, o, &same, &why))
		goto refused;
	if (same)
		goto done;
	/* The note as published (the province's signature), cosigned. */
	note_format(&text, &t.note);
	if (note_parse("checkpoint", text.buf, text.len, &cosigned, &why))
		goto refused;
	note_cosign(&cosigned, w->o->key, (uint64_t)w->o->now);
	strbuf_reset(&text);
	note_format(&text, &cosigned);
	seal_base64(&root, t.cp.root, sizeof(t.cp.root));
	memset(&c, 0, sizeof(c));
	c.origin = t.cp.origin;
	c.size = (int64_t)t.cp.size;
	c.root = root.buf;
	c.at = w->o->now;
	c.note = text.buf;
	rc = store_begin(w->st, w->err);
	if (!rc && (rc = store_set_cosigned(w->st, &c, w->err)) == 0)
		rc = store_commit(w->st, w->err);
	if (rc) {
		store_rollback(w->st);
		goto done;
	}
	o->cosigned = 1;
	if (push_back(w, ref.buf, &text, &why))
		goto refused;
	o->pushed = 1;
	goto done;
refused:
	{
		struct strbuf line = STRBUF_INIT;

		err_format(&why, &line);
		o->problem = strbuf_detach(&line, NULL);
		w->res->refused++;
	}
done:
	if (opened)
		pubtree_release(&t);
	store_close(st);
	free(leaves);
	note_release(&cosigned);
	err_release(&why);
	strbuf_release(&prefix);
	strbuf_release(&ref);
	strbuf_release(&origin);
	strbuf_release(&text);
	strbuf_release(&root);
	return 0;
}

int witness_run(struct store *st, const struct witness_opts *o,
		struct witness_result *res, struct err *err)
{
	struct witnessing w;
	struct strbuf path = STRBUF_INIT, runs = STRBUF_INIT,
		      mine = STRBUF_INIT, prefix = STRBUF_INIT;
	const struct seal_part part = { o->remote, strlen(o->remote) };
	unsigned char h[SEAL_SHA256_LEN];
	const char *specs[2], *c;
	int lock = -1, ret = -1;

	memset(res, 0, sizeof(*res));
	memset(&w, 0, sizeof(w));
	if (store_local_open(st, 1, err))
		return -1;
	w.st = st;
	w.o = o;
	w.res = res;
	w.err = err;
	strbuf_init(&w.ns);
	strbuf_init(&w.slug);
	for (c = o->key->name; *c; c++)
		strbuf_addch(&w.slug, (*c >= 'a' && *c <= 'z') ||
			     (*c >= 'A' && *c <= 'Z') ||
			     (*c >= '0' && *c <= '9') || *c == '.' ||
			     *c == '_' || *c == '-' ? *c : '-');
	seal_sha256(&part, 1, h);
	strbuf_adds(&w.ns, "refs/cutover/witness/");
	seal_hex(&w.ns, h, 8);
	strbuf_addch(&w.ns, '/');
	strbuf_addf(&runs, "+refs/heads/cutover/*:%scutover/*", w.ns.buf);
	strbuf_addf(&mine, "+refs/heads/cutover-witness/*:%smine/*",
		    w.ns.buf);
	specs[0] = runs.buf;
	specs[1] = mine.buf;
	if (publish_lock(st, &lock, err))
		goto done;
	publish_repo_path(st, &path);
	if (vcs_open_bare(path.buf, 1, &w.repo, err) ||
	    vcs_delete_refs(w.repo, w.ns.buf, err) ||
	    vcs_fetch(w.repo, o->remote, specs, 2, err))
		goto done;
	strbuf_addf(&prefix, "%scutover/", w.ns.buf);
	if (vcs_refs(w.repo, prefix.buf, witness_ref, &w, err))
		goto done;
	if (!res->n) {
		fail(err, _("%s publishes no run (no ref under"
			    " refs/heads/cutover/)"), o->remote);
		goto done;
	}
	ret = 0;
done:
	if (lock >= 0)
		close(lock);
	vcs_close(w.repo);
	strbuf_release(&w.ns);
	strbuf_release(&w.slug);
	strbuf_release(&path);
	strbuf_release(&runs);
	strbuf_release(&mine);
	strbuf_release(&prefix);
	return ret;
}
