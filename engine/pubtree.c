/*
 * Reading a published commit back (pubtree.h has its layout): its
 * checkpoint's signature, its files against SHA256SUMS, its ledger and
 * state loaded into a database of their own and checked there, its
 * history of checkpoints.  What a remote serves is hostile until each
 * check has passed; a failed load leaves no file behind.
 */
#include "pubtree.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "json.h"
#include "seal.h"
#include "store_ledger.h"
#include "xalloc.h"
#include "banned.h"

/* ---- refs ---- */

/* 1 when s may be one component of a published ref. */
static int ref_part_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n > 100 || s[0] == '.' || s[0] == '-' || strstr(s, "..") ||
	    (n >= 5 && !strcmp(s + n - 5, ".lock")))
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		      s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

int pubtree_ref(const char *runbook_id, const char *run_name,
		struct strbuf *ref, struct err *err)
{
	if (!ref_part_ok(runbook_id))
		return fail(err, _("runbook id '%s' cannot be part of a git"
				   " ref (letters, digits, '.', '_' and '-')"),
			    runbook_id);
	if (!ref_part_ok(run_name))
		return fail(err, _("run name '%s' cannot be part of a git ref"
				   " (letters, digits, '.', '_' and '-'):"
				   " start a run with another --name to"
				   " publish it"), run_name);
	strbuf_addf(ref, "refs/heads/cutover/%s/%s", runbook_id, run_name);
	return 0;
}

int pubtree_ref_names(const char *ref, struct strbuf *runbook_id,
		      struct strbuf *run_name)
{
	const char *last = strrchr(ref, '/'), *start;

	if (!last || last == ref || !last[1])
		return -1;
	for (start = last; start > ref && start[-1] != '/'; start--)
		;
	strbuf_add(runbook_id, start, (size_t)(last - start));
	strbuf_adds(run_name, last + 1);
	return 0;
}

int pubtree_run_ref(const char *name)
{
	const char *slash = strchr(name, '/');
	struct strbuf rb = STRBUF_INIT;
	int ok;

	if (!slash || strchr(slash + 1, '/'))
		return 0;
	strbuf_add(&rb, name, (size_t)(slash - name));
	ok = ref_part_ok(rb.buf) && ref_part_ok(slash + 1);
	strbuf_release(&rb);
	return ok;
}

/* ---- leaves ---- */

int pubtree_leaves(struct store *st, tlog_hash **leaves, int64_t *n,
		   char head[SEAL_HEX_LEN + 1], struct err *err)
{
	struct strbuf hex = STRBUF_INIT;
	int64_t i;

	if (store_ledger_hashes(st, leaves, n, err))
		return -1;
	if (*n) {
		seal_hex(&hex, (*leaves)[*n - 1], TLOG_HASH_LEN);
		memcpy(head, hex.buf, SEAL_HEX_LEN + 1);
		strbuf_release(&hex);
	} else {
		memcpy(head, seal_genesis, SEAL_HEX_LEN + 1);
	}
	/* The leaf is the event's hash: its leaf hash, H(0x00 || hash). */
	for (i = 0; i < *n; i++)
		tlog_leaf_hash((*leaves)[i], TLOG_HASH_LEN, (*leaves)[i]);
	return 0;
}

/* ---- the checkpoint ---- */

void pubtree_release(struct pubtree *t)
{
	note_release(&t->note);
	note_checkpoint_release(&t->cp);
	strbuf_release(&t->sums);
	memset(t, 0, sizeof(*t));
}

static void sha256(const void *data, size_t len,
		   unsigned char out[SEAL_SHA256_LEN])
{
	const struct seal_part part = { data, len };

	seal_sha256(&part, 1, out);
}

int pubtree_open(struct vcs_repo *repo, const char *commit,
		 const struct note_key *key, struct pubtree *out,
		 struct err *err)
{
	struct strbuf text = STRBUF_INIT;
	unsigned char h[SEAL_SHA256_LEN];
	char *end;
	long v;
	int rc;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->sums);
	snprintf(out->commit, sizeof(out->commit), "%s", commit);
	rc = vcs_commit_file(repo, commit, "checkpoint", NOTE_MAX_LEN, &text,
			     err);
	if (rc == VCS_NOTFOUND)
		rc = fail(err, _("commit %.12s has no checkpoint: it is not"
				 " a cutover publication"), commit);
	if (rc || note_parse("checkpoint", text.buf, text.len, &out->note,
			     err))
		goto fail;
	rc = note_verify(&out->note, key, err);
	if (rc)
		goto fail;
	rc = -1;
	if (note_checkpoint_parse("checkpoint", out->note.text,
				  out->note.text_len, &out->cp, err))
		goto fail;
	if (!out->cp.has_head || !out->cp.has_time || !out->cp.has_files) {
		fail(err, "%s", _("checkpoint: cutover-head, cutover-time or"
				  " cutover-files is missing: not a cutover"
				  " checkpoint"));
		goto fail;
	}
	rc = vcs_commit_file(repo, commit, "SHA256SUMS", PUBTREE_MAX_FILE,
			     &out->sums, err);
	if (rc == VCS_NOTFOUND)
		rc = fail(err, "%s", _("SHA256SUMS is missing"));
	if (rc)
		goto fail;
	rc = -1;
	sha256(out->sums.buf, out->sums.len, h);
	if (memcmp(h, out->cp.files, sizeof(h))) {
		fail(err, "%s", _("SHA256SUMS is not the file the checkpoint"
				  " signed (cutover-files differs): the"
				  " commit was altered"));
		goto fail;
	}
	strbuf_reset(&text);
	rc = vcs_commit_file(repo, commit, "state/SCHEMA", 64, &text, err);
	if (rc == VCS_NOTFOUND)
		rc = fail(err, "%s", _("state/SCHEMA is missing"));
	if (rc)
		goto fail;
	rc = -1;
	v = strtol(text.buf, &end, 10);
	if (end == text.buf || strcmp(end, "\n") || v < 1 || v > 100000) {
		fail(err, "%s", _("state/SCHEMA is not a schema version"));
		goto fail;
	}
	out->schema = (int)v;
	strbuf_release(&text);
	return 0;
fail:
	strbuf_release(&text);
	pubtree_release(out);
	return rc;
}

/* ---- loading ---- */

/* ---- the run's definition ---- */

/* 1 when a stored file's path can name a file of the tree as it is. */
static int safe_path(const char *p)
{
	const char *c = p;

	if (!*p || *p == '/')
		return 0;
	while (*c) {
		size_t n = strcspn(c, "/");

		if (!n || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		c += n;
		if (*c == '/')
			c++;
	}
	return c[-1] != '/';
}

/*
 * definition/sealed.json: the definition the run's latest start or
 * upgrade event seals, and that event.
 */
static int sealed_json(struct store *st, const struct store_run *run,
		       struct strbuf *json, struct err *err)
{
	struct strbuf def = STRBUF_INIT;
	int64_t seq = 0;
	int rc;

	rc = store_sealed_definition(st, run->id, &seq, &def, err);
	if (!rc) {
		strbuf_addf(json, "{\"event\":%lld,\"definition\":",
			    (long long)seq);
		strbuf_add(json, def.buf, def.len);
		strbuf_adds(json, "}\n");
	}
	strbuf_release(&def);
	return rc;
}

/* definition/run.json: the run's row, for a run older than the seal. */
static void run_json(const struct store_run *run, struct strbuf *json)
{
	strbuf_addch(json, '{');
	json_key_string(json, "name", run->name, 1);
	json_key_string(json, "mode", run->mode, 0);
	json_key_string(json, "runbook_id", run->runbook_id, 0);
	json_key_string(json, "runbook_path", run->runbook_path, 0);
	json_key_string(json, "title", run->title, 0);
	json_key_string(json, "directive", run->directive, 0);
	json_key_int(json, "t0", run->t0, 0);
	json_key_int(json, "offset_minutes", clock_zone_offset(run->zone,
							       run->t0), 0);
	json_key_string(json, "commit_id", run->commit_id, 0);
	json_key_string(json, "blob_id", run->blob_id, 0);
	json_key_int(json, "dirty", run->dirty, 0);
	json_key_string(json, "approval", run->approval, 0);
	json_key_int(json, "started_at", run->started_at, 0);
	json_key_string(json, "started_by", run->started_by, 0);
	json_key_int(json, "require_tokens", run->require_tokens, 0);
	strbuf_adds(json, "}\n");
}

int pubtree_definition(struct store *st, const struct store_run *run,
		       pubtree_file_fn fn, void *ctx, struct err *err)
{
	struct book_file *files;
	struct strbuf path = STRBUF_INIT, json = STRBUF_INIT;
	size_t n, i;
	int rc = 0;

	if (store_run_files(st, run->id, &files, &n, err))
		return -1;
	for (i = 0; !rc && i < n; i++) {
		if (!safe_path(files[i].path))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "definition/files/%s", files[i].path);
		rc = fn(ctx, path.buf, files[i].text, files[i].len);
	}
	for (i = 0; i < n; i++) {
		free(files[i].path);
		free(files[i].text);
	}
	free(files);
	if (rc)
		goto done;
	rc = sealed_json(st, run, &json, err);
	if (!rc) {
		rc = fn(ctx, "definition/sealed.json", json.buf, json.len);
	} else if (rc == STORE_NOTFOUND) {
		err_reset(err);
		run_json(run, &json);
		rc = fn(ctx, "definition/run.json", json.buf, json.len);
	}
done:
	strbuf_release(&path);
	strbuf_release(&json);
	return rc;
}

struct sum {
	char *path;
	unsigned char hash[SEAL_SHA256_LEN];
	int seen;
};

struct loading {
	struct store *st;
	struct sum *sums;
	size_t nsums;
	int events_only;
	struct book_file *defs;   /* definition/..., checked once loaded */
	int *defs_seen;
	size_t ndefs, alloc_defs;
	struct err *err;
};

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct sum *)a)->path,
		      ((const struct sum *)b)->path);
}

static void sums_free(struct sum *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(s[i].path);
	free(s);
}

/* Parses SHA256SUMS: "HEX  PATH" lines, no path twice. */
static int parse_sums(const struct strbuf *text, struct sum **out, size_t *n,
		      struct err *err)
{
	struct sum *s = NULL;
	size_t count = 0, alloc = 0, start, end, i;
	char hex[SEAL_HEX_LEN + 1];
	int line = 0;

	for (start = 0; start < text->len; start = end + 1) {
		const char *p = text->buf + start;
		const char *nl = memchr(p, '\n', text->len - start);

		line++;
		end = nl ? (size_t)(nl - text->buf) : text->len;
		if (!nl || end - start < SEAL_HEX_LEN + 3 ||
		    p[SEAL_HEX_LEN] != ' ' || p[SEAL_HEX_LEN + 1] != ' ')
			goto bad;
		memcpy(hex, p, SEAL_HEX_LEN);
		hex[SEAL_HEX_LEN] = '\0';
		XGROW(s, alloc, count + 1);
		if (seal_unhex(hex, s[count].hash, SEAL_SHA256_LEN))
			goto bad;
		s[count].path = xstrndup(p + SEAL_HEX_LEN + 2,
					 end - start - SEAL_HEX_LEN - 2);
		s[count].seen = 0;
		if (strlen(s[count].path) != end - start - SEAL_HEX_LEN - 2) {
			free(s[count].path);
			goto bad;
		}
		count++;
	}
	if (count)
		qsort(s, count, sizeof(*s), by_path);
	for (i = 1; i < count; i++)
		if (!strcmp(s[i - 1].path, s[i].path)) {
			fail(err, _("SHA256SUMS lists '%s' twice"), s[i].path);
			sums_free(s, count);
			return -1;
		}
	*out = s;
	*n = count;
	return 0;
bad:
	sums_free(s, count);
	err_at(err, "SHA256SUMS", line, 0);
	return fail(err, "%s", _("not a line of sha256sum (HASH, two"
				 " spaces, PATH)"));
}

static struct sum *find_sum(struct loading *l, const char *path)
{
	struct sum key;

	key.path = (char *)path;
	return l->nsums ? bsearch(&key, l->sums, l->nsums, sizeof(key),
				  by_path) : NULL;
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Loads each line of a file into table; errors say "PATH:LINE: ...". */
static int load_lines(struct loading *l, const char *path, const char *table,
		      const char *data, size_t len)
{
	size_t start, end;
	int line = 0;

	if (len && data[len - 1] != '\n') {
		err_at(l->err, path, 0, 0);
		return fail(l->err, "%s", _("the file does not end in a"
					    " newline"));
	}
	for (start = 0; start < len; start = end + 1) {
		end = (size_t)((const char *)memchr(data + start, '\n',
						    len - start) - data);
		line++;
		if (store_load_row(l->st, table, data + start, end - start,
				   l->err)) {
			err_at(l->err, path, line, 0);
			return -1;
		}
	}
	return 0;
}

static int load_file(void *ctx, const char *path, const char *data,
		     size_t len)
{
	struct loading *l = ctx;
	struct sum *sum;
	unsigned char h[SEAL_SHA256_LEN];
	char content[SEAL_HEX_LEN + 1];
	const char *slash;
	struct strbuf table = STRBUF_INIT;
	int ret;

	if (!strcmp(path, "checkpoint") || !strcmp(path, "SHA256SUMS") ||
	    starts(path, "witnesses/"))
		return 0;
	sum = find_sum(l, path);
	if (!sum)
		return fail(l->err, _("%s: not in SHA256SUMS: a file the"
				      " checkpoint does not cover"), path);
	sum->seen = 1;
	sha256(data, len, h);
	if (memcmp(h, sum->hash, sizeof(h)))
		return fail(l->err, _("%s: not the file SHA256SUMS lists"
				      " (changed after it was signed)"), path);
	if (starts(path, "ledger/") && ends(path, ".jsonl"))
		return load_lines(l, path, "events", data, len);
	if (l->events_only)
		return 0;
	if (starts(path, "state/") && ends(path, ".jsonl")) {
		slash = strchr(path + 6, '/');
		if (!slash || strchr(slash + 1, '/'))
			return fail(l->err, _("%s: not a file of the state"),
				    path);
		strbuf_add(&table, path + 6, (size_t)(slash - path - 6));
		ret = load_lines(l, path, table.buf, data, len);
		strbuf_release(&table);
		return ret;
	}
	if (starts(path, "definition/")) {
		struct book_file *d;

		XGROW(l->defs, l->alloc_defs, l->ndefs + 1);
		d = &l->defs[l->ndefs++];
		d->path = xstrdup(path);
		d->text = xmalloc(len + 1);
		memcpy(d->text, data, len);
		d->text[len] = '\0';
		d->len = len;
		return 0;
	}
	if (starts(path, "attachments/")) {
		seal_content(data, len, content);
		if (strcmp(content, path + 12))
			return fail(l->err, _("%s: its content does not have"
					      " the hash it is named by"),
				    path);
		return store_put_attachment(l->st, content, data, len, l->err);
	}
	return 0;
}

static void loading_release(struct loading *l)
{
	size_t i;

	sums_free(l->sums, l->nsums);
	for (i = 0; i < l->ndefs; i++) {
		free(l->defs[i].path);
		free(l->defs[i].text);
	}
	free(l->defs);
	free(l->defs_seen);
}

static int same_definition(void *ctx, const char *path, const char *data,
			   size_t len)
{
	struct loading *l = ctx;
	size_t i;

	for (i = 0; i < l->ndefs; i++)
		if (!strcmp(l->defs[i].path, path)) {
			l->defs_seen[i] = 1;
			if (l->defs[i].len == len &&
			    !memcmp(l->defs[i].text, data, len))
				return 0;
			return fail(l->err, _("%s: not what the run's ledger"
					      " seals"), path);
		}
	return fail(l->err, _("%s: missing from the commit"), path);
}

/*
 * definition/ against the loaded run (the one the checkpoint's origin
 * names, KEY/RUNBOOK/RUN): the files as its ledger seals them, each
 * there, none more.
 */
static int check_definition(struct loading *l,
			    const struct note_checkpoint *cp,
			    struct err *err)
{
	const char *name = strrchr(cp->origin, '/');
	struct store_run run;
	size_t i;
	int rc;

	memset(&run, 0, sizeof(run));
	if (!name || store_find_run(l->st, name + 1, &run, err))
		return name ? -1 : fail(err, "%s", _("the checkpoint's origin"
						     " names no run"));
	l->defs_seen = xcalloc(l->ndefs + 1, sizeof(*l->defs_seen));
	rc = pubtree_definition(l->st, &run, same_definition, l, err);
	for (i = 0; !rc && i < l->ndefs; i++)
		if (!l->defs_seen[i])
			rc = fail(err, _("%s: not part of the run's"
					 " definition"), l->defs[i].path);
	store_run_release(&run);
	return rc;
}

/* The loaded events against the checkpoint: number, root, head. */
static int check_events(struct store *st, const struct note_checkpoint *cp,
			struct err *err)
{
	tlog_hash *leaves = NULL, root;
	char head[SEAL_HEX_LEN + 1];
	int64_t n;
	int ret = -1;

	if (pubtree_leaves(st, &leaves, &n, head, err))
		return -1;
	if ((uint64_t)n != cp->size) {
		fail(err, _("the ledger has %lld events, its checkpoint %"
			    PRIu64 ": events are missing or added"),
		     (long long)n, cp->size);
		goto done;
	}
	tlog_root(leaves, (uint64_t)n, root);
	if (memcmp(root, cp->root, sizeof(root))) {
		fail(err, "%s", _("the events' Merkle root is not the"
				  " checkpoint's: an event was changed"));
		goto done;
	}
	if (strcmp(head, cp->head)) {
		fail(err, "%s", _("the last event's hash is not the"
				  " checkpoint's cutover-head"));
		goto done;
	}
	ret = 0;
done:
	free(leaves);
	return ret;
}

int pubtree_load(struct vcs_repo *repo, const struct pubtree *t,
		 const char *path, int events_only, struct store **out,
		 struct err *err)
{
	struct loading l;
	struct store *st = NULL;
	int64_t count, tasks;
	char head[SEAL_HEX_LEN + 1];
	size_t i;
	int rc;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.err = err;
	l.events_only = events_only;
	if (t->schema > store_schema_latest())
		return fail(err, _("published by a newer cutover (schema %d;"
				   " this one knows up to %d): upgrade"
				   " cutover to read it"), t->schema,
			    store_schema_latest());
	if (parse_sums(&t->sums, &l.sums, &l.nsums, err))
		return -1;
	if (store_create_at(path, t->schema, &st, err))
		goto fail_sums;
	l.st = st;
	if (store_begin(st, err) || store_defer_foreign_keys(st, err))
		goto fail;
	if (vcs_commit_files(repo, t->commit, PUBTREE_MAX_FILE, load_file, &l,
			     err))
		goto fail;
	for (i = 0; i < l.nsums; i++)
		if (!l.sums[i].seen) {
			fail(err, _("%s: listed in SHA256SUMS, but not in the"
				    " commit"), l.sums[i].path);
			goto fail;
		}
	if (store_commit(st, err)) {
		err_prefix(err, "%s", _("the state's rows do not hold"
					" together"));
		goto fail;
	}
	if (store_upgrade_schema(st, err) || check_events(st, &t->cp, err))
		goto fail;
	rc = store_verify_chain(st, &count, head, err);
	if (!rc && !events_only)
		rc = store_ledger_check(st, 0, &tasks, err);
	if (!rc && !events_only)
		rc = check_definition(&l, &t->cp, err);
	if (rc)
		goto fail;
	loading_release(&l);
	*out = st;
	return 0;
fail:
	store_close(st);
	if (strcmp(path, ":memory:"))
		store_remove(path);
fail_sums:
	loading_release(&l);
	return -1;
}

/* ---- history ---- */

struct past {
	char id[41];
	uint64_t size;
	tlog_hash root;
	int64_t time;
};

struct history {
	struct vcs_repo *repo;
	const struct pubtree *t;
	const struct note_key *key;
	struct past *p;
	size_t n, alloc;
	struct err *err;
};

#define MAX_HISTORY 1000000

static int add_past(void *ctx, const char *id)
{
	struct history *h = ctx;
	struct pubtree old;
	const struct note_checkpoint *cp;
	struct past *p;
	int rc = 0;

	if (h->n == MAX_HISTORY)
		return fail(h->err, _("more than %d published commits"),
			    MAX_HISTORY);
	if (!strcmp(id, h->t->commit)) {
		cp = &h->t->cp;
	} else {
		rc = pubtree_open(h->repo, id, h->key, &old, h->err);
		if (rc) {
			err_prefix(h->err, _("commit %.12s"), id);
			return -1;
		}
		cp = &old.cp;
		if (strcmp(cp->origin, h->t->cp.origin))
			rc = fail(h->err, _("commit %.12s: its checkpoint is of"
					    " '%s', not '%s'"), id, cp->origin,
				  h->t->cp.origin);
	}
	if (!rc) {
		XGROW(h->p, h->alloc, h->n + 1);
		p = &h->p[h->n++];
		snprintf(p->id, sizeof(p->id), "%s", id);
		p->size = cp->size;
		memcpy(p->root, cp->root, sizeof(p->root));
		p->time = cp->time;
	}
	if (cp != &h->t->cp)
		pubtree_release(&old);
	return rc;
}

int pubtree_history(struct vcs_repo *repo, const struct pubtree *t,
		    const struct note_key *key, const tlog_hash *leaves,
		    int64_t n, int64_t *count, struct err *err)
{
	struct history h;
	struct tlog_range r;
	tlog_hash root;
	size_t i;
	int64_t k = 0;
	int ret = -1;

	memset(&h, 0, sizeof(h));
	h.repo = repo;
	h.t = t;
	h.key = key;
	h.err = err;
	*count = 0;
	if (vcs_first_parents(repo, t->commit, add_past, &h, err))
		goto done;
	/*
	 * Newest first: each older one no larger.  Not "no later": a
	 * rehearsal's clock (CUTOVER_NOW) may be set back between two
	 * publications, and sizes and roots are what a rewrite changes.
	 */
	for (i = 1; i < h.n; i++)
		if (h.p[i].size > h.p[i - 1].size) {
			fail(err, _("commit %.12s: its checkpoint (%" PRIu64
				    " events) is larger than the one after it"
				    " (%" PRIu64 " events): the history went"
				    " back"), h.p[i].id, h.p[i].size,
			     h.p[i - 1].size);
			goto done;
		}
	if (h.n && h.p[0].size > (uint64_t)n) {
		fail(err, "%s", "BUG: a checkpoint larger than its ledger");
		goto done;
	}
	/* One pass over the leaves, oldest checkpoint first. */
	tlog_range_init(&r);
	for (i = h.n; i-- > 0;) {
		while ((uint64_t)k < h.p[i].size)
			tlog_range_append(&r, leaves[k++]);
		tlog_range_root(&r, root);
		if (memcmp(root, h.p[i].root, sizeof(root))) {
			fail(err, _("commit %.12s: its checkpoint of %" PRIu64
				    " events is not a prefix of the newest:"
				    " the published ledger was rewritten"),
			     h.p[i].id, h.p[i].size);
			goto done;
		}
	}
	*count = (int64_t)h.n;
	ret = 0;
done:
	free(h.p);
	return ret;
}

int pubtree_first_difference(struct vcs_repo *repo, const struct pubtree *t,
			     const tlog_hash *leaves, int64_t n,
			     int64_t *seq, struct err *err)
{
	struct store *st;
	tlog_hash *theirs = NULL;
	char head[SEAL_HEX_LEN + 1];
	int64_t m, i;

	*seq = 0;
	if (pubtree_load(repo, t, ":memory:", 1, &st, err))
		return -1;
	if (pubtree_leaves(st, &theirs, &m, head, err)) {
		store_close(st);
		return -1;
	}
	store_close(st);
	for (i = 0; i < m && i < n; i++)
		if (memcmp(theirs[i], leaves[i], TLOG_HASH_LEN))
			break;
	if (i < m)
		*seq = i + 1;
	free(theirs);
	return 0;
}
