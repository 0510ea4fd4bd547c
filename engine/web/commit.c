/*
 * Group commit of the web's sign-offs.  Every commit waits for the disk
 * (synchronous=FULL: an acknowledged sign-off survives a power cut), and
 * one disk write a sign-off would queue 64 phones behind one another.
 * So the sign-offs that arrive while a commit is under way are recorded
 * together in the next one: the first request to find no commit running
 * leads it, taking every sign-off waiting then; the others wait for it.
 *
 * Each sign-off was prepared by its own request (signoff_prepare: the
 * task, the token, the evidence, the check) and is recorded by the
 * leader on its own store handle, inside a savepoint of the one
 * transaction (signoff_record, sealed with that request's token): one
 * that is refused then (the task changed meanwhile) is undone alone.
 * Nothing is acknowledged before the transaction committed; if the
 * commit fails, every sign-off of the batch fails with it.
 */
#include "web/web.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "signoff.h"
#include "xalloc.h"
#include "banned.h"

struct waiting {
	const struct store_run *run;
	const struct signoff *req;
	const struct signoff_ready *ready;
	struct signoff_result *res;
	const struct auth *auth;
	struct err *err;
	int rc;
	int done;
	struct waiting *next;
};

struct web_commit {
	pthread_mutex_t lock;
	pthread_cond_t done;
	struct waiting *head, **tail;
	int leading;
};

struct web_commit *web_commit_new(void)
{
	struct web_commit *c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->done, NULL);
	c->tail = &c->head;
	return c;
}

void web_commit_free(struct web_commit *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->done);
	free(c);
}

/* Records the batch in one transaction on st; each item's rc set. */
static void record(struct store *st, struct waiting *batch)
{
	struct waiting *w;
	struct err err = ERR_INIT;

	if (store_begin(st, &err)) {
		for (w = batch; w; w = w->next) {
			w->rc = -1;
			fail(w->err, "%s", err.msg.buf);
		}
		err_release(&err);
		return;
	}
	for (w = batch; w; w = w->next) {
		/* Each event sealed with its own request's token. */
		store_set_auth(st, w->auth->token_id, w->auth->label);
		w->rc = store_savepoint(st, w->err);
		if (!w->rc)
			w->rc = signoff_record(st, w->run, w->req, w->ready,
					       w->res, w->err);
		if (w->rc) {
			store_savepoint_undo(st);
			w->res->recorded = 0;
		} else if (store_savepoint_keep(st, w->err)) {
			w->rc = -1;
			w->res->recorded = 0;
		}
	}
	if (store_commit(st, &err)) {
		for (w = batch; w; w = w->next) {
			if (!w->rc)
				fail(w->err, "%s", err.msg.buf);
			w->rc = -1;
			w->res->recorded = 0;
		}
	}
	err_release(&err);
}

int web_commit_signoff(struct web_request *rq, const struct signoff *req,
		       const struct signoff_ready *ready,
		       struct signoff_result *res, struct err *err)
{
	struct web_commit *c = rq->commits;
	struct waiting me, *batch, *w;

	memset(&me, 0, sizeof(me));
	me.run = &rq->run;
	me.req = req;
	me.ready = ready;
	me.res = res;
	me.auth = &rq->auth;
	me.err = err;
	pthread_mutex_lock(&c->lock);
	*c->tail = &me;
	c->tail = &me.next;
	while (!me.done) {
		if (c->leading) {
			pthread_cond_wait(&c->done, &c->lock);
			continue;
		}
		/* Lead: take every sign-off waiting now, this one among them. */
		c->leading = 1;
		batch = c->head;
		c->head = NULL;
		c->tail = &c->head;
		pthread_mutex_unlock(&c->lock);
		record(rq->store, batch);
		store_set_auth(rq->store, rq->auth.token_id, rq->auth.label);
		pthread_mutex_lock(&c->lock);
		for (w = batch; w; w = w->next)
			w->done = 1;
		c->leading = 0;
		pthread_cond_broadcast(&c->done);
	}
	pthread_mutex_unlock(&c->lock);
	return me.rc;
}
