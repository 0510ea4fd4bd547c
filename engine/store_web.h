/*
 * What the web front door (cutover serve) keeps beyond store.h: its
 * sessions and its one-time login links.  Both are credentials, not
 * facts: neither is a ledger event, and neither acts by itself.  A
 * session stands for the token it was opened with; every action it takes
 * is sealed with that token's label and refused once the token is
 * revoked (store_set_auth), so the ledger says who acted whatever door
 * was used.  Only a hash of each secret is kept (seal_content: the
 * secrets are 256 random bits).  Implemented in store_web.c.
 */
#ifndef STORE_WEB_H
#define STORE_WEB_H

#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "seal.h"
#include "store.h"

struct store_web_session {
	char *token_id;
	char *unit_id;          /* the token's unit; NULL: the coordinator's */
	char *person;           /* who said they are behind the screen */
	char *csrf;             /* what every form of the session carries */
	instant_t created_at;
	instant_t expires_at;
};

void store_web_session_release(struct store_web_session *s);

/*
 * Inside a transaction: opens a session of token_id in run_id, under the
 * hash of its secret, lasting until expires_at.  0 or -1.
 */
int store_web_add_session(struct store *st, int64_t run_id,
			  const char *hash, const char *token_id,
			  const char *person, const char *csrf,
			  instant_t now, instant_t expires_at,
			  struct err *err);

/*
 * The open session of run_id under hash at now: not ended, not expired,
 * its token not revoked.  0, STORE_NOTFOUND (err not set), or -1.
 */
int store_web_session(struct store *st, int64_t run_id, const char *hash,
		      instant_t now, struct store_web_session *out,
		      struct err *err);

/* Ends the session under hash (logout); harmless when there is none. */
int store_web_end_session(struct store *st, const char *hash, instant_t now,
			  struct err *err);

/* Inside a transaction: a one-time link to log in as token_id. */
int store_web_add_link(struct store *st, const char *hash,
		       const char *token_id, instant_t expires_at,
		       struct err *err);

/*
 * The token a link logs in as, while it is unused, unexpired and its
 * token valid; with `use` (inside a transaction), the link is used up.
 * Sets *token_id (caller frees) and *unit_id (NULL: the coordinator's).
 * 0, STORE_NOTFOUND (err not set: one answer for every reason), or -1.
 */
int store_web_link(struct store *st, int64_t run_id, const char *hash,
		   instant_t now, int use, char **token_id, char **unit_id,
		   struct err *err);

/*
 * Forgets sessions and links that ended or expired before `before`:
 * in its own transaction.  Sets *n to how many went.  0 or -1.
 */
int store_web_purge(struct store *st, instant_t before, int64_t *n,
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

/* The run's last n events, newest first; free with store_web_events_free. */
int store_web_recent(struct store *st, int64_t run_id, size_t n,
		     struct store_web_event **out, size_t *count,
		     struct err *err);
void store_web_events_free(struct store_web_event *e, size_t n);

#endif
