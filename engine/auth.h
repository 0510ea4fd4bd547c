/*
 * Who acts: a unit token given on the command line, checked against the
 * run's tokens, and the rule of a run started with --require-tokens: a
 * unit's action needs a token of that unit, or the coordinator's, which
 * acts on the unit's behalf.  A run that does not require tokens still
 * checks a token that is given, and records that it was.
 *
 * A token reads "cut_<id>_<secret>": the id names it in listings and in
 * the ledger; the secret is shown once, when it is issued.
 */
#ifndef AUTH_H
#define AUTH_H

#include "err.h"
#include "seal.h"
#include "store.h"
#include "strbuf.h"

struct auth {
	char *token_id;     /* NULL: no token was given */
	char *unit_id;      /* the token's unit; NULL for the coordinator's
			     * and a reviewer's */
	char *reviewer;     /* a reviewer's token: the reviewer's name */
	char *label;        /* what events record: "unit:ID",
			     * "coordinator:ID", "reviewer:ID" */
};

#define AUTH_INIT { NULL, NULL, NULL, NULL }

void auth_release(struct auth *a);

/*
 * Checks token (NULL or "": none) against the run's tokens: it must be
 * well formed, one of the run's, match its secret and not be revoked.
 * On success fills *out and makes the store seal every event it appends
 * with the token's label.  Returns 0, or -1 with err set.
 */
int auth_login(struct store *st, const struct store_run *run,
	       const char *token, struct auth *out, struct err *err);

/*
 * As auth_login for a token already proved (a web session opened with
 * it): token_id must be one of the run's tokens and not revoked.  Fills
 * *out and seals what the store appends with its label.  0, or -1 with
 * err set.
 */
int auth_resume(struct store *st, const struct store_run *run,
		const char *token_id, struct auth *out, struct err *err);

/*
 * The id of a well-formed token into id (for counting failed logins per
 * unit before the secret is checked): 0, or -1 when token is not one.
 */
int auth_token_id(const char *token, char id[SEAL_TOKEN_ID_LEN + 1]);

/*
 * May the holder of a act for unit_id (NULL: an action only the
 * coordinator may take, described by `what`, e.g. "issue tokens", in
 * the user's language: the message completes "requires a token to %s")?
 * A reviewer's token acts for nobody.  Returns 0, or -1 with err saying
 * why not.
 */
int auth_allow(const struct auth *a, const struct store_run *run,
	       const char *unit_id, const char *what, struct err *err);

/*
 * May the holder of a approve a version as `by` (NULL: as the token
 * says)?  Only with a reviewer's token, and only as that reviewer.
 * Returns 0, or -1 with err saying why not.
 */
int auth_allow_approval(const struct auth *a, const char *by,
			struct err *err);

/*
 * Inside the caller's transaction: issues a new token for unit_id, or
 * when it is NULL for the reviewer named `reviewer`, or when both are
 * NULL for the coordinator, with its "token-issued" event by `by` at
 * `at`.  Appends the whole token, to be shown once and never again, to
 * *token and its id to *id.  Returns 0 or -1.
 */
int auth_issue(struct store *st, const struct store_run *run,
	       const char *unit_id, const char *reviewer, const char *by,
	       instant_t at, struct strbuf *token, struct strbuf *id,
	       struct err *err);

#endif
