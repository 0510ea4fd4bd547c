/*
 * Reopening a task with what rests on it.
 */
#include "cascade.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"
#include "banned.h"

void cascade_result_release(struct cascade_result *res)
{
	size_t i;

	for (i = 0; i < res->n; i++)
		free(res->keys[i]);
	free(res->keys);
	free(res->seqs);
	memset(res, 0, sizeof(*res));
}

/* One reopening through signoff, inside the caller's transaction. */
static int reopen_one(struct store *st, const struct store_run *run,
		      struct book **book, const struct signoff *req,
		      int64_t *seq, int *recorded, struct err *err)
{
	struct signoff_ready *ready = NULL;
	struct signoff_result res;
	int rc;

	signoff_result_init(&res);
	rc = signoff_prepare(st, run, book, req, &ready, &res, err);
	if (!rc)
		rc = signoff_record(st, run, req, ready, &res, err);
	*seq = res.seq;
	*recorded = res.recorded;
	signoff_ready_free(ready);
	signoff_result_release(&res);
	return rc;
}

int cascade_reopen(struct store *st, const struct store_run *run,
		   struct book **book, const struct signoff *req,
		   struct cascade_result *res, struct err *err)
{
	struct store_task root;
	struct strbuf why = STRBUF_INIT;
	struct signoff sub;
	char **keys = NULL;
	size_t n = 0, i;
	int recorded, ret = -1;

	memset(res, 0, sizeof(*res));
	memset(&root, 0, sizeof(root));
	if (store_begin(st, err))
		return -1;
	if (store_task(st, run->id, req->task_key, &root, err))
		goto done;
	if (root.state != TASK_PENDING) {
		if (reopen_one(st, run, book, req, &res->seq, &res->reopened,
			       err))
			goto done;
	}
	if (store_dependents(st, run->id, root.id, &keys, &n, err))
		goto done;
	/* In the ledger's words, the same in every language. */
	strbuf_addf(&why, "rests on %s, reopened: %s", req->task_key,
		    req->comment ? req->comment : "");
	res->keys = xcalloc(n + 1, sizeof(*res->keys));
	res->seqs = xcalloc(n + 1, sizeof(*res->seqs));
	for (i = 0; i < n; i++) {
		sub = *req;
		sub.task_key = keys[i];
		sub.comment = why.buf;
		if (reopen_one(st, run, book, &sub, &res->seqs[res->n],
			       &recorded, err)) {
			err_prefix(err, _("with --cascade, %s"), keys[i]);
			goto done;
		}
		if (recorded)
			res->keys[res->n++] = xstrdup(keys[i]);
	}
	if (!res->reopened && !res->n) {
		fail(err, _("task '%s' is open already, and no done task rests"
			    " on it"), req->task_key);
		goto done;
	}
	ret = store_commit(st, err);
done:
	if (ret) {
		store_rollback(st);
		cascade_result_release(res);
	}
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	strbuf_release(&why);
	store_task_release(&root);
	return ret;
}
