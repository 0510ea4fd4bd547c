/*
 * cutover publish: one commit of the run's published tree (pubtree.h),
 * made from one read snapshot of the workspace, checked against every
 * earlier publication it can reach before it is written, then pushed.
 */
#include "publish.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "i18n.h"
#include "json.h"
#include "keys.h"
#include "pubtree.h"
#include "render.h"
#include "report.h"
#include "seal.h"
#include "tlog.h"
#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

void publish_result_release(struct publish_result *r)
{
	size_t i;

	for (i = 0; i < r->nremotes; i++) {
		free(r->remotes[i].url);
		free(r->remotes[i].error);
	}
	free(r->remotes);
	free(r->ref);
	free(r->origin);
	memset(r, 0, sizeof(*r));
}

/* The folder of the database file ("." when it has none). */
static void db_dir(struct store *st, struct strbuf *out)
{
	const char *path = store_path(st), *slash = strrchr(path, '/');

	if (!slash)
		strbuf_addch(out, '.');
	else if (slash == path)
		strbuf_addch(out, '/');
	else
		strbuf_add(out, path, (size_t)(slash - path));
}

void publish_repo_path(struct store *st, struct strbuf *out)
{
	db_dir(st, out);
	strbuf_addf(out, "/%s", PUBLISH_REPO);
}

int publish_lock(struct store *st, int *fd, struct err *err)
{
	struct strbuf path = STRBUF_INIT;

	db_dir(st, &path);
	strbuf_addf(&path, "/%s", PUBLISH_LOCK);
	*fd = open(path.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0 || flock(*fd, LOCK_EX)) {
		fail(err, _("cannot lock '%s': %s"), path.buf,
		     strerror(errno));
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		strbuf_release(&path);
		return -1;
	}
	strbuf_release(&path);
	return 0;
}

/* ---- the tree being written ---- */

struct entry {
	char *path;
	unsigned char hash[SEAL_SHA256_LEN];
};

struct tree {
	struct vcs_repo *repo;
	struct vcs_files *files;
	struct entry *e;           /* what SHA256SUMS lists */
	size_t n, alloc;
	struct err *err;
};

/* Writes a file into the tree; covered: listed in SHA256SUMS. */
static int put(struct tree *t, const char *path, const void *data,
	       size_t len, int covered)
{
	struct seal_part part;

	if (vcs_files_add(t->repo, t->files, path, data, len, t->err))
		return -1;
	if (!covered)
		return 0;
	XGROW(t->e, t->alloc, t->n + 1);
	t->e[t->n].path = xstrdup(path);
	part.data = data;
	part.len = len;
	seal_sha256(&part, 1, t->e[t->n].hash);
	t->n++;
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
		      ((const struct entry *)b)->path);
}

/* SHA256SUMS: sha256sum's lines ("HEX  PATH"), by path. */
static void sums_text(struct tree *t, struct strbuf *out)
{
	size_t i;

	if (t->n)
		qsort(t->e, t->n, sizeof(*t->e), by_path);
	for (i = 0; i < t->n; i++) {
		seal_hex(out, t->e[i].hash, SEAL_SHA256_LEN);
		strbuf_addf(out, "  %s\n", t->e[i].path);
	}
}

static void tree_release(struct tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->e[i].path);
	free(t->e);
	vcs_files_free(t->files);
}

/* Lines gathered into files of `per` lines: ledger segments, state chunks. */
struct chunks {
	struct tree *t;
	struct strbuf buf, path;
	char *table;               /* the state's table, or NULL: the ledger */
	int64_t rows;
	int64_t first_seq;
};

static int flush(struct chunks *c)
{
	int rc;

	if (!c->buf.len)
		return 0;
	strbuf_reset(&c->path);
	if (c->table)
		strbuf_addf(&c->path, "state/%s/%06lld.jsonl", c->table,
			    (long long)((c->rows - 1) / PUBTREE_CHUNK));
	else
		strbuf_addf(&c->path, "ledger/%010lld.jsonl",
			    (long long)c->first_seq);
	rc = put(c->t, c->path.buf, c->buf.buf, c->buf.len, 1);
	strbuf_reset(&c->buf);
	return rc;
}

static int state_row(void *ctx, const char *table, const char *json,
		     size_t len)
{
	struct chunks *c = ctx;

	if (!c->table || strcmp(c->table, table)) {
		if (flush(c))
			return -1;
		free(c->table);
		c->table = xstrdup(table);
		c->rows = 0;
	} else if (c->rows % PUBTREE_CHUNK == 0 && flush(c)) {
		return -1;
	}
	strbuf_add(&c->buf, json, len);
	strbuf_addch(&c->buf, '\n');
	c->rows++;
	return 0;
}

static int event_row(void *ctx, int64_t seq, const char *hash,
		     const char *json, size_t len)
{
	struct chunks *c = ctx;

	(void)hash;
	if ((seq - 1) % PUBTREE_SEGMENT == 0) {
		if (flush(c))
			return -1;
		c->first_seq = seq;
	}
	strbuf_add(&c->buf, json, len);
	strbuf_addch(&c->buf, '\n');
	return 0;
}

static int attachment(void *ctx, const char *hash, const void *data,
		      size_t len)
{
	struct tree *t = ctx;
	struct strbuf path = STRBUF_INIT;
	int rc;

	strbuf_addf(&path, "attachments/%s", hash);
	rc = put(t, path.buf, data, len, 1);
	strbuf_release(&path);
	return rc;
}

/* definition/: as pubtree_definition makes it. */
static int definition_file(void *ctx, const char *path, const char *data,
			   size_t len)
{
	return put(ctx, path, data, len, 1);
}

/* ---- what was published before ---- */

/* A remote's own refs here: refs/cutover/remote/HASH-OF-URL/... */
static void remote_ns(const char *url, struct strbuf *out)
{
	const struct seal_part part = { url, strlen(url) };
	unsigned char h[SEAL_SHA256_LEN];

	seal_sha256(&part, 1, h);
	strbuf_adds(out, "refs/cutover/remote/");
	seal_hex(out, h, 8);
}

/* Fetches the remote's published runs and its witnesses' refs. */
static int fetch_remote(struct vcs_repo *repo, const char *url,
			struct err *err)
{
	struct strbuf ns = STRBUF_INIT, runs = STRBUF_INIT, wit = STRBUF_INIT;
	const char *specs[2];
	int rc;

	remote_ns(url, &ns);
	strbuf_addch(&ns, '/');
	strbuf_addf(&runs, "+refs/heads/cutover/*:%scutover/*", ns.buf);
	strbuf_addf(&wit, "+refs/heads/cutover-witness/*:%switness/*",
		    ns.buf);
	specs[0] = runs.buf;
	specs[1] = wit.buf;
	rc = vcs_delete_refs(repo, ns.buf, err);
	if (!rc)
		rc = vcs_fetch(repo, url, specs, 2, err);
	strbuf_release(&ns);
	strbuf_release(&runs);
	strbuf_release(&wit);
	return rc;
}

/* A witness's cosignature found on a remote, verified. */
struct cosigned {
	const struct note_key *witness;
	uint64_t size;
	uint64_t at;
	struct strbuf note;
};

struct witness_scan {
	struct vcs_repo *repo;
	const struct publish_opts *o;
	const struct note_key *verifier;
	const char *suffix;         /* "/RB/RUN" */
	struct cosigned *found;     /* one per trusted witness */
	struct err *err;
};

static int scan_witness(void *ctx, const char *ref, const char *id)
{
	struct witness_scan *w = ctx;
	struct strbuf text = STRBUF_INIT;
	struct note n;
	struct note_checkpoint cp;
	struct err quiet = ERR_INIT;
	uint64_t at;
	size_t i, len = strlen(ref), slen = strlen(w->suffix);

	if (len < slen || strcmp(ref + len - slen, w->suffix))
		return 0;
	/* What a witness pushed is read as any hostile input: checked. */
	if (vcs_commit_file(w->repo, id, "checkpoint", NOTE_MAX_LEN, &text,
			    &quiet) ||
	    note_parse("checkpoint", text.buf, text.len, &n, &quiet))
		goto done;
	if (!note_verify(&n, w->verifier, &quiet) &&
	    !note_checkpoint_parse("checkpoint", n.text, n.text_len, &cp,
				   &quiet)) {
		for (i = 0; i < w->o->nwitnesses; i++) {
			struct cosigned *c = &w->found[i];

			if (note_verify_cosignature(&n, &w->o->witnesses[i],
						    &at, &quiet) ||
			    cp.size < c->size ||
			    (cp.size == c->size && at <= c->at))
				continue;
			c->size = cp.size;
			c->at = at;
			strbuf_reset(&c->note);
			note_format(&c->note, &n);
		}
		note_checkpoint_release(&cp);
	}
	note_release(&n);
done:
	err_release(&quiet);
	strbuf_release(&text);
	return 0;
}

/*
 * The commit `id` (the ref's last publication here or on a remote,
 * `where`) against this ledger: signed by this key, of this origin, a
 * prefix of it.  Its size into *size.  0, or -1 with err.
 */
static int check_published(struct vcs_repo *repo, const char *id,
			   const char *where, const char *origin,
			   const struct note_key *verifier,
			   const tlog_hash *leaves, int64_t n,
			   int64_t *size, struct strbuf *head,
			   struct err *err)
{
	struct pubtree t;
	tlog_hash root;
	int64_t seq;
	int rc;

	rc = pubtree_open(repo, id, verifier, &t, err);
	if (rc == NOTE_BADSIG || rc == NOTE_UNSIGNED) {
		err_prefix(err, _("%s holds a checkpoint this key did not"
				  " sign; nothing published"), where);
		return -1;
	}
	if (rc) {
		err_prefix(err, "%s", where);
		return -1;
	}
	rc = -1;
	if (strcmp(t.cp.origin, origin)) {
		fail(err, _("%s holds a checkpoint of '%s', not '%s';"
			    " nothing published"), where, t.cp.origin, origin);
		goto done;
	}
	if (t.cp.size > (uint64_t)n) {
		fail(err, _("%s holds %" PRIu64 " events, this ledger %lld:"
			    " it is not the ledger that published there, or it"
			    " lost events; nothing published"), where,
		     t.cp.size, (long long)n);
		goto done;
	}
	tlog_root(leaves, t.cp.size, root);
	if (memcmp(root, t.cp.root, sizeof(root))) {
		if (pubtree_first_difference(repo, &t, leaves, n, &seq, err)) {
			err_prefix(err, _("%s holds a ledger this one does not"
					  " extend"), where);
			goto done;
		}
		fail(err, _("event %lld differs from the event %s published:"
			    " this ledger was rewritten since; nothing"
			    " published"), (long long)seq, where);
		goto done;
	}
	*size = (int64_t)t.cp.size;
	strbuf_reset(head);
	strbuf_adds(head, t.cp.head);
	rc = 0;
done:
	pubtree_release(&t);
	return rc;
}

/* ---- the snapshot ---- */

struct snapshot {
	tlog_hash *leaves;
	int64_t n;
	tlog_hash root;
	char head[SEAL_HEX_LEN + 1];
};

static int reports(struct tree *t, struct store *st,
		   const struct store_run *run, const struct publish_opts *o,
		   const struct report_checkpoint *rc)
{
	struct render_doc doc = RENDER_DOC_INIT;
	int ret;

	ret = report_readiness(st, run, o->now, REPORT_VI, &doc, t->err);
	if (!ret) {
		report_checkpoint(&doc.md, rc, run, REPORT_VI);
		ret = put(t, "reports/readiness.md", doc.md.buf, doc.md.len,
			  1);
	}
	render_doc_release(&doc);
	if (ret)
		return -1;
	doc = (struct render_doc)RENDER_DOC_INIT;
	ret = report_daily(st, run, o->now,
			   clock_local_midnight(o->now, run->zone),
			   NULL, REPORT_VI, &doc, t->err);
	if (!ret)
		ret = put(t, "reports/daily.md", doc.md.buf, doc.md.len, 1);
	render_doc_release(&doc);
	return ret;
}

static int take_snapshot(struct tree *t, struct store *st,
			 const struct store_run *run,
			 const struct publish_opts *o, const char *origin,
			 const struct cosigned *found, struct snapshot *s)
{
	struct chunks c;
	struct strbuf schema = STRBUF_INIT, signer = STRBUF_INIT,
		      root = STRBUF_INIT;
	struct report_checkpoint rc;
	struct report_cosignature *cos;
	size_t i, k;
	int version, ret = -1;

	memset(&c, 0, sizeof(c));
	c.t = t;
	strbuf_init(&c.buf);
	strbuf_init(&c.path);
	cos = xcalloc(o->nwitnesses + 1, sizeof(*cos));
	if (store_read_begin(st, t->err))
		goto done;
	if (pubtree_leaves(st, &s->leaves, &s->n, s->head, t->err) ||
	    store_dump_events(st, 1, event_row, &c, t->err) || flush(&c) ||
	    store_dump_state(st, state_row, &c, t->err) || flush(&c) ||
	    store_schema(st, &version, t->err) ||
	    store_dump_attachments(st, attachment, t, t->err) ||
	    pubtree_definition(st, run, definition_file, t, t->err))
		goto end;
	strbuf_addf(&schema, "%d\n", version);
	if (put(t, "state/SCHEMA", schema.buf, schema.len, 1))
		goto end;
	tlog_root(s->leaves, (uint64_t)s->n, s->root);
	/* What the published report says of its own checkpoint. */
	note_key_format_public(&signer, o->key, NOTE_ED25519);
	seal_base64(&root, s->root, sizeof(s->root));
	memset(&rc, 0, sizeof(rc));
	rc.origin = origin;
	rc.signer = signer.buf;
	rc.size = s->n;
	rc.root = root.buf;
	rc.head = s->head;
	rc.at = o->now;
	for (i = 0, k = 0; i < o->nwitnesses; i++)
		if (found[i].size) {
			cos[k].witness = o->witnesses[i].name;
			cos[k].size = (int64_t)found[i].size;
			cos[k++].at = (instant_t)found[i].at;
		}
	rc.witnesses = cos;
	rc.nwitnesses = k;
	ret = reports(t, st, run, o, &rc);
end:
	store_read_end(st);
done:
	free(c.table);
	free(cos);
	strbuf_release(&c.buf);
	strbuf_release(&c.path);
	strbuf_release(&schema);
	strbuf_release(&signer);
	strbuf_release(&root);
	return ret;
}

/* Signs the checkpoint and writes it with SHA256SUMS. */
static int sign(struct tree *t, const struct publish_opts *o,
		const char *origin, const struct snapshot *s)
{
	struct note_checkpoint cp;
	struct note n = NOTE_INIT;
	struct strbuf sums = STRBUF_INIT, text = STRBUF_INIT;
	struct seal_part part;
	int rc;

	sums_text(t, &sums);
	memset(&cp, 0, sizeof(cp));
	cp.origin = (char *)origin;
	cp.size = (uint64_t)s->n;
	memcpy(cp.root, s->root, sizeof(cp.root));
	cp.has_head = cp.has_time = cp.has_files = 1;
	memcpy(cp.head, s->head, sizeof(cp.head));
	cp.time = o->now;
	part.data = sums.buf;
	part.len = sums.len;
	seal_sha256(&part, 1, cp.files);
	note_checkpoint_format(&text, &cp);
	note_set_text(&n, text.buf, text.len);
	note_sign(&n, o->key);
	strbuf_reset(&text);
	note_format(&text, &n);
	rc = put(t, "SHA256SUMS", sums.buf, sums.len, 0) ||
		put(t, "checkpoint", text.buf, text.len, 0);
	note_release(&n);
	strbuf_release(&sums);
	strbuf_release(&text);
	return rc ? -1 : 0;
}

/* witnesses/NAME.checkpoint for each cosignature found. */
static int put_witnesses(struct tree *t, const struct publish_opts *o,
			 const struct cosigned *found, size_t *count)
{
	struct strbuf path = STRBUF_INIT;
	size_t i;
	const char *c;
	int rc = 0;

	*count = 0;
	for (i = 0; !rc && i < o->nwitnesses; i++) {
		if (!found[i].size)
			continue;
		strbuf_reset(&path);
		strbuf_adds(&path, "witnesses/");
		/* A key name may hold '/': one file per witness all the same. */
		for (c = o->witnesses[i].name; *c; c++)
			strbuf_addch(&path, *c == '/' ? '_' : *c);
		strbuf_adds(&path, ".checkpoint");
		rc = put(t, path.buf, found[i].note.buf, found[i].note.len, 0);
		(*count)++;
	}
	strbuf_release(&path);
	return rc;
}

/* ---- publishing ---- */

struct source {
	char id[41];
	int64_t size;
};

/*
 * Adds id to the parents unless one of them has it in its history; a
 * parent in id's own history gives way to id.
 */
static int add_parent(struct vcs_repo *repo, const char **parents,
		      size_t *n, const char *id, struct err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < *n; i++) {
		rc = vcs_reaches(repo, parents[i], id, err);
		if (rc)
			return rc < 0 ? -1 : 0;
		rc = vcs_reaches(repo, id, parents[i], err);
		if (rc < 0)
			return -1;
		if (rc) {
			parents[i] = id;
			return 0;
		}
	}
	parents[(*n)++] = id;
	return 0;
}

static void remote_error(struct publish_remote *r, struct err *e)
{
	struct strbuf line = STRBUF_INIT;

	err_format(e, &line);
	free(r->error);
	r->error = strbuf_detach(&line, NULL);
	err_reset(e);
}

/*
 * For if_changed: 1 when this workspace's last publication (into local)
 * signed this very ledger (its size and head) and no remote reached
 * holds anything but it or nothing: res says so, and no snapshot of the
 * workspace is taken.  0 when a publication is to be made (or checked:
 * whatever is wrong is found and said by the full path), -1.
 */
static int published_already(struct store *st, struct vcs_repo *repo,
			     const char *ref, const char *origin,
			     const struct note_key *verifier,
			     const struct source *src, size_t nremotes,
			     struct publish_result *res, char local[41],
			     struct err *err)
{
	struct pubtree t;
	struct strbuf root = STRBUF_INIT;
	struct err quiet = ERR_INIT;
	char head[SEAL_HEX_LEN + 1];
	int64_t count;
	size_t i;
	int rc;

	rc = vcs_ref(repo, ref, local, err);
	if (rc == VCS_NOTFOUND) {
		local[0] = '\0';
		return 0;
	}
	if (rc)
		return -1;
	for (i = 0; i < nremotes; i++)
		if (!res->remotes[i].error && src[i].id[0] &&
		    strcmp(src[i].id, local))
			return 0;
	if (store_ledger_head(st, &count, head, err))
		return -1;
	if (pubtree_open(repo, local, verifier, &t, &quiet)) {
		err_release(&quiet);
		return 0;
	}
	rc = !strcmp(t.cp.origin, origin) && t.cp.size == (uint64_t)count &&
	     !strcmp(t.cp.head, head);
	if (rc) {
		res->unchanged = 1;
		res->size = count;
		memcpy(res->head, head, sizeof(res->head));
		seal_base64(&root, t.cp.root, sizeof(t.cp.root));
		snprintf(res->root, sizeof(res->root), "%s", root.buf);
		memcpy(res->commit, local, sizeof(res->commit));
	}
	pubtree_release(&t);
	strbuf_release(&root);
	return rc;
}

int publish_run(struct store *st, const struct store_run *run,
		const struct publish_opts *o, struct publish_result *res,
		struct err *err)
{
	struct strbuf ref = STRBUF_INIT, origin = STRBUF_INIT,
		      path = STRBUF_INIT, suffix = STRBUF_INIT,
		      head = STRBUF_INIT, msg = STRBUF_INIT;
	struct vcs_repo *repo = NULL;
	struct note_key verifier = NOTE_KEY_INIT;
	struct tree t;
	struct snapshot s;
	struct cosigned *found;
	struct source *src;
	struct witness_scan ws;
	struct err rerr = ERR_INIT;
	const char **parents;
	char local[41] = "";
	size_t i, nparents = 0;
	int lock = -1, ret = -1, rc;

	memset(res, 0, sizeof(*res));
	memset(&t, 0, sizeof(t));
	memset(&s, 0, sizeof(s));
	t.err = err;
	found = xcalloc(o->nwitnesses + 1, sizeof(*found));
	for (i = 0; i < o->nwitnesses; i++)
		strbuf_init(&found[i].note);
	src = xcalloc(o->nremotes + 1, sizeof(*src));
	parents = xcalloc(o->nremotes + 2, sizeof(*parents));
	res->remotes = xcalloc(o->nremotes + 1, sizeof(*res->remotes));
	res->nremotes = o->nremotes;
	for (i = 0; i < o->nremotes; i++)
		res->remotes[i].url = xstrdup(o->remotes[i]);

	if (pubtree_ref(run->runbook_id, run->name, &ref, err))
		goto done;
	strbuf_addf(&origin, "%s/%s/%s", o->key->name, run->runbook_id,
		    run->name);
	res->ref = xstrdup(ref.buf);
	res->origin = xstrdup(origin.buf);
	note_key_public(o->key, NOTE_ED25519, &verifier);
	if (publish_lock(st, &lock, err))
		goto done;
	publish_repo_path(st, &path);
	if (vcs_open_bare(path.buf, 1, &repo, err))
		goto done;
	t.repo = repo;
	t.files = vcs_files_new();

	/* What each remote holds now, and its witnesses' cosignatures. */
	strbuf_addf(&suffix, "/%s/%s", run->runbook_id, run->name);
	memset(&ws, 0, sizeof(ws));
	ws.repo = repo;
	ws.o = o;
	ws.verifier = &verifier;
	ws.suffix = suffix.buf;
	ws.found = found;
	ws.err = err;
	for (i = 0; i < o->nremotes; i++) {
		if (fetch_remote(repo, o->remotes[i], &rerr)) {
			remote_error(&res->remotes[i], &rerr);
			continue;
		}
		strbuf_reset(&path);
		remote_ns(o->remotes[i], &path);
		strbuf_addf(&path, "/cutover/%s/%s", run->runbook_id,
			    run->name);
		rc = vcs_ref(repo, path.buf, src[i].id, err);
		if (rc == VCS_NOTFOUND)
			src[i].id[0] = '\0';
		else if (rc)
			goto done;
		strbuf_reset(&path);
		remote_ns(o->remotes[i], &path);
		strbuf_adds(&path, "/witness/");
		if (o->nwitnesses &&
		    vcs_refs(repo, path.buf, scan_witness, &ws, err))
			goto done;
	}

	if (o->if_changed) {
		rc = published_already(st, repo, ref.buf, origin.buf,
				       &verifier, src, o->nremotes, res, local,
				       err);
		if (rc < 0)
			goto done;
		if (rc)
			goto push;
	}
	if (take_snapshot(&t, st, run, o, origin.buf, found, &s))
		goto done;
	res->size = s.n;
	memcpy(res->head, s.head, sizeof(res->head));
	strbuf_reset(&path);
	seal_base64(&path, s.root, sizeof(s.root));
	snprintf(res->root, sizeof(res->root), "%s", path.buf);

	/* Never over what was published: here, then on each remote. */
	rc = vcs_ref(repo, ref.buf, local, err);
	if (rc == VCS_NOTFOUND)
		local[0] = '\0';
	else if (rc)
		goto done;
	if (*local) {
		int64_t size;

		if (check_published(repo, local, _("this workspace's last"
						   " publication"),
				    origin.buf, &verifier, s.leaves, s.n,
				    &size, &head, err))
			goto done;
		parents[nparents++] = local;
		if (o->if_changed && size == s.n && !strcmp(head.buf, s.head))
			res->unchanged = 1;
	}
	for (i = 0; i < o->nremotes; i++) {
		if (res->remotes[i].error || !src[i].id[0])
			continue;
		if (check_published(repo, src[i].id, o->remotes[i],
				    origin.buf, &verifier, s.leaves, s.n,
				    &src[i].size, &head, err) ||
		    add_parent(repo, parents, &nparents, src[i].id, err))
			goto done;
	}
	if (nparents > 1)
		res->unchanged = 0;

	if (res->unchanged) {
		memcpy(res->commit, local, sizeof(res->commit));
	} else {
		if (put_witnesses(&t, o, found, &res->cosignatures) ||
		    sign(&t, o, origin.buf, &s))
			goto done;
		strbuf_addf(&msg, "cutover publish: %s: %lld events, head"
			    " %.12s", origin.buf, (long long)s.n, s.head);
		if (vcs_write_commit(repo, t.files, parents, nparents,
				     o->by && *o->by ? o->by : "cutover",
				     msg.buf, o->now, res->commit, err) ||
		    vcs_set_ref(repo, ref.buf, res->commit,
				*local ? local : NULL, err))
			goto done;
		res->signed_at = o->now;
	}

push:
	for (i = 0; i < o->nremotes; i++) {
		struct publish_remote *r = &res->remotes[i];

		if (!r->error && !strcmp(src[i].id, res->commit))
			r->pushed = 1;
		else if (!r->error && vcs_push(repo, o->remotes[i], ref.buf,
					       &rerr))
			remote_error(r, &rerr);
		else if (!r->error)
			r->pushed = 1;
		res->failed += !r->pushed;
	}
	ret = 0;
done:
	if (lock >= 0)
		close(lock);
	vcs_close(repo);
	tree_release(&t);
	free(s.leaves);
	for (i = 0; i < o->nwitnesses; i++)
		strbuf_release(&found[i].note);
	free(found);
	free(src);
	free(parents);
	note_key_release(&verifier);
	err_release(&rerr);
	strbuf_release(&ref);
	strbuf_release(&origin);
	strbuf_release(&path);
	strbuf_release(&suffix);
	strbuf_release(&head);
	strbuf_release(&msg);
	return ret;
}

int publish_auto(struct store *st, const struct store_run *run,
		 instant_t now, const char *by, struct publish_result *res,
		 struct err *err)
{
	struct strbuf path = STRBUF_INIT;
	struct note_key key = NOTE_KEY_INIT;
	struct publish_opts o;
	char **urls = NULL;
	size_t n = 0;
	int rc;

	memset(res, 0, sizeof(*res));
	if (keys_path(NULL, &path, err)) {
		strbuf_release(&path);
		return PUBLISH_NO_KEY;
	}
	if (access(path.buf, F_OK)) {
		fail(err, _("no key at '%s': this workspace does not publish"),
		     path.buf);
		strbuf_release(&path);
		return PUBLISH_NO_KEY;
	}
	rc = keys_load(path.buf, &key, err);
	strbuf_release(&path);
	if (rc || store_local_open(st, 0, err) ||
	    store_remotes(st, &urls, &n, err)) {
		note_key_release(&key);
		return -1;
	}
	memset(&o, 0, sizeof(o));
	o.key = &key;
	o.remotes = (const char *const *)urls;
	o.nremotes = n;
	o.now = now;
	o.by = by;
	o.if_changed = 1;
	rc = publish_run(st, run, &o, res, err);
	store_strings_free(urls, n);
	note_key_release(&key);
	return rc;
}

/* ---- a checkpoint against this ledger ---- */

void publish_check_release(struct publish_check *c)
{
	free(c->origin);
	free(c->signer);
	memset(c, 0, sizeof(*c));
}

int publish_check_checkpoint(struct store *st, const char *file,
			     const char *text, size_t len,
			     const struct note_key *verifier,
			     struct publish_check *out, struct err *err)
{
	struct note n;
	struct note_checkpoint cp;
	tlog_hash *leaves = NULL, root, now_root;
	struct strbuf head = STRBUF_INIT;
	int64_t count, k;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (note_parse(file, text, len, &n, err))
		return -1;
	if (note_verify(&n, verifier, err)) {
		err_prefix(err, "%s", file);
		note_release(&n);
		return -1;
	}
	if (note_checkpoint_parse(file, n.text, n.text_len, &cp, err)) {
		note_release(&n);
		return -1;
	}
	out->origin = xstrdup(cp.origin);
	strbuf_addf(&head, "%s+%08" PRIx32, verifier->name,
		    note_key_id(verifier->name, NOTE_ED25519,
				verifier->public_key));
	out->signer = strbuf_detach(&head, NULL);
	out->size = (int64_t)cp.size;
	out->signed_at = cp.has_time ? cp.time : 0;
	if (store_ledger_hashes(st, &leaves, &count, err))
		goto done;
	out->ledger = count;
	if (cp.has_head && cp.size && cp.size <= (uint64_t)count) {
		seal_hex(&head, leaves[cp.size - 1], TLOG_HASH_LEN);
		if (strcmp(head.buf, cp.head)) {
			fail(err, _("%s: event %" PRIu64 " is not the one the"
				    " checkpoint signed (its hash is not"
				    " cutover-head): the ledger was rewritten"
				    " and resealed since"), file, cp.size);
			goto done;
		}
	}
	for (k = 0; k < count; k++)
		tlog_leaf_hash(leaves[k], TLOG_HASH_LEN, leaves[k]);
	if (cp.size > (uint64_t)count) {
		int64_t gone = (int64_t)cp.size - count;

		fail(err, P_("%s: the checkpoint signed %" PRIu64 " events,"
			     " the ledger has %lld: its last %lld event was"
			     " removed", "%s: the checkpoint signed %" PRIu64
			     " events, the ledger has %lld: its last %lld"
			     " events were removed", (unsigned long)gone),
		     file, cp.size, (long long)count, (long long)gone);
		goto done;
	}
	tlog_root(leaves, cp.size, root);
	if (memcmp(root, cp.root, sizeof(root))) {
		fail(err, _("%s: the first %" PRIu64 " events are not the ones"
			    " the checkpoint signed (another Merkle root): the"
			    " ledger was rewritten and resealed since"), file,
		     cp.size);
		goto done;
	}
	if (cp.size) {
		tlog_root(leaves, (uint64_t)count, now_root);
		out->nproof = tlog_consistency_proof(leaves, (uint64_t)count,
						     cp.size, out->proof);
		if (tlog_verify_consistency(cp.size, (uint64_t)count,
					    cp.root, now_root, out->proof,
					    out->nproof)) {
			fail(err, "%s", "BUG: a consistency proof that does"
			     " not verify");
			goto done;
		}
	}
	ret = 0;
done:
	free(leaves);
	strbuf_release(&head);
	note_checkpoint_release(&cp);
	note_release(&n);
	return ret;
}
