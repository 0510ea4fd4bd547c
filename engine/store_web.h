/*
 * What the web front door (cutover serve) keeps beyond store.h: its
 * sessions and its one-time login links.  Both decide who may act, so
 * both are the ledger's copies, as the tokens are: a link is issued by a
 * "link-issued" event, a session opened by a "session-opened" event
 * (which uses up the link it came through) and closed by a
 * "session-closed" one; verify reads both tables back against those
 * events (store_ledger.c).  The events carry the token's id, the unit,
 * the hash of the secret and the expiry, never a secret: the secrets are
 * 256 random bits, and only their hash (seal_content) is kept.
 *
 * A session stands for the token it was opened with: every action it
 * takes is sealed with that token's label and refused once the token is
 * revoked (store_set_auth), so the ledger says who acted whatever door
 * was used.  Implemented in store_web.c.
 */
#ifndef STORE_WEB_H
#define STORE_WEB_H

#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "seal.h"
#include "store.h"

/* The events that open and close sessions and issue links. */
#define STORE_WEB_EVENT_KINDS \
	"('session-opened', 'session-closed', 'link-issued')"

struct store_web_session {
	char *token_id;
	char *unit_id;          /* the token's unit; NULL: the coordinator's */
	char *person;           /* who said they are behind the screen */
	instant_t expires_at;
	int64_t opened_seq;     /* its session-opened event */
};

void store_web_session_release(struct store_web_session *s);

/*
 * Inside a transaction, the handle sealing with token_id's label
 * (auth_login or auth_resume): opens a session of token_id (whose unit
 * is unit_id) in run, under the hash of its secret, for person until
 * expires_at, with its "session-opened" event at now.  link_hash: the
 * one-time link it came through, used up by that event (it must be
 * unused: store_web_link first), or NULL.  0, or -1 with err.
 */
int store_web_open_session(struct store *st, const struct store_run *run,
			   const char *hash, const char *token_id,
			   const char *unit_id, const char *person,
			   const char *link_hash, instant_t now,
			   instant_t expires_at, struct err *err);

/*
 * The open session of run_id under hash at now: not closed, not expired,
 * its token not revoked.  0, STORE_NOTFOUND (err not set), or -1.
 */
int store_web_session(struct store *st, int64_t run_id, const char *hash,
		      instant_t now, struct store_web_session *out,
		      struct err *err);

/*
 * Inside a transaction, sealed as the session's token: closes the
 * session under hash (logout) with its "session-closed" event by the
 * session's person.  0; 1 when it was closed already (nothing written);
 * STORE_NOTFOUND; -1.
 */
int store_web_close_session(struct store *st, const struct store_run *run,
			    const char *hash, instant_t now, struct err *err);

/*
 * Inside a transaction: a one-time link to log in as token_id (of unit
 * unit_id), under the hash of its secret, until expires_at, issued by
 * `by` at now with its "link-issued" event.  0 or -1.
 */
int store_web_add_link(struct store *st, const struct store_run *run,
		       const char *hash, const char *token_id,
		       const char *unit_id, const char *by, instant_t now,
		       instant_t expires_at, struct err *err);

/*
 * The token a link of run_id logs in as, while it is unused, unexpired
 * and its token valid.  Sets *token_id (caller frees) and *unit_id
 * (NULL: the coordinator's).  0, STORE_NOTFOUND (err not set: one answer
 * for every reason), or -1.
 */
int store_web_link(struct store *st, int64_t run_id, const char *hash,
		   instant_t now, char **token_id, char **unit_id,
		   struct err *err);

/* One recent event of a run, as the coordinator's overview lists it. */
struct store_web_event {
	int64_t seq;
	char *task_key;        /* NULL for a run-level event */
	char *kind;
	char *actor;
	char *unit_id;         /* may be NULL */
	instant_t at;
	char *note;            /* the comment, a difficulty's text, a shift's person */
	char *auth;            /* how it was authenticated, or NULL */
};

/*
 * The run's last n events, newest first, but the sessions' and links'
 * (who logged in is not what happened in the run); free with
 * store_web_events_free.
 */
int store_web_recent(struct store *st, int64_t run_id, size_t n,
		     struct store_web_event **out, size_t *count,
		     struct err *err);
void store_web_events_free(struct store_web_event *e, size_t n);

#endif
