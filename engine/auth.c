/*
 * Unit tokens: parsing, checking against the store, and the rule of a
 * run that requires them.  The secret is checked by seal (Argon2id,
 * compared in constant time); the store keeps only its hash.
 */
#include "auth.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "seal.h"
#include "xalloc.h"
#include "banned.h"

#define TOKEN_PREFIX "cut_"

void auth_release(struct auth *a)
{
	free(a->token_id);
	free(a->unit_id);
	free(a->reviewer);
	free(a->label);
	memset(a, 0, sizeof(*a));
}

static int is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", s[i]) || !s[i])
			return 0;
	return 1;
}

/* "cut_<id>_<secret>": points *id (not NUL-terminated) and *secret. */
static int parse_token(const char *token, const char **id,
		       const char **secret)
{
	size_t pre = strlen(TOKEN_PREFIX);

	if (strncmp(token, TOKEN_PREFIX, pre) ||
	    strlen(token) != pre + SEAL_TOKEN_ID_LEN + 1 + SEAL_SECRET_LEN ||
	    !is_hex(token + pre, SEAL_TOKEN_ID_LEN) ||
	    token[pre + SEAL_TOKEN_ID_LEN] != '_')
		return -1;
	*id = token + pre;
	*secret = token + pre + SEAL_TOKEN_ID_LEN + 1;
	return 0;
}

int auth_token_id(const char *token, char id[SEAL_TOKEN_ID_LEN + 1])
{
	const char *id_at, *secret;

	if (!token || parse_token(token, &id_at, &secret))
		return -1;
	memcpy(id, id_at, SEAL_TOKEN_ID_LEN);
	id[SEAL_TOKEN_ID_LEN] = '\0';
	return 0;
}

/* Fills out from token t and seals the store's appends with its label. */
static void auth_set(struct store *st, const struct store_token *t,
		     struct auth *out)
{
	struct strbuf label = STRBUF_INIT;

	out->token_id = xstrdup(t->id);
	out->unit_id = t->unit_id ? xstrdup(t->unit_id) : NULL;
	out->reviewer = t->reviewer ? xstrdup(t->reviewer) : NULL;
	strbuf_addf(&label, "%s:%s", t->unit_id ? "unit" : t->reviewer ?
		    "reviewer" : "coordinator", t->id);
	out->label = strbuf_detach(&label, NULL);
	store_set_auth(st, out->token_id, out->label);
}

int auth_login(struct store *st, const struct store_run *run,
	       const char *token, struct auth *out, struct err *err)
{
	struct store_token *t = NULL;
	const char *id_at, *secret;
	char id[SEAL_TOKEN_ID_LEN + 1];
	size_t n = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!token || !*token)
		return 0;
	if (parse_token(token, &id_at, &secret))
		return fail(err, "%s", _("the token given is not a cutover"
					 " token (it reads cut_ID_SECRET, as"
					 " 'cutover token issue' printed it)"));
	memcpy(id, id_at, SEAL_TOKEN_ID_LEN);
	id[SEAL_TOKEN_ID_LEN] = '\0';
	if (store_tokens(st, run->id, id, &t, &n, err))
		return -1;
	/*
	 * One message for an unknown id and a wrong secret: the id alone
	 * must not tell a guesser anything.
	 */
	/* DESIGN: an unknown id costs what a wrong secret costs. */
	if (!n ? seal_secret_verify_none(secret) :
	    seal_secret_verify(t->hash, secret)) {
		fail(err, _("invalid token for run '%s'; nothing recorded"),
		     run->name);
		goto done;
	}
	if (t->revoked) {
		fail(err, _("token '%s' was revoked by %s; nothing recorded"),
		     id, t->revoked_by ? t->revoked_by : "?");
		goto done;
	}
	auth_set(st, t, out);
	ret = 0;
done:
	store_tokens_free(t, n);
	return ret;
}

int auth_resume(struct store *st, const struct store_run *run,
		const char *token_id, struct auth *out, struct err *err)
{
	struct store_token *t = NULL;
	size_t n = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (store_tokens(st, run->id, token_id, &t, &n, err))
		return -1;
	if (!n)
		fail(err, _("invalid token for run '%s'; nothing recorded"),
		     run->name);
	else if (t->revoked)
		fail(err, _("token '%s' was revoked by %s; nothing recorded"),
		     token_id, t->revoked_by ? t->revoked_by : "?");
	else {
		auth_set(st, t, out);
		ret = 0;
	}
	store_tokens_free(t, n);
	return ret;
}

int auth_allow(const struct auth *a, const struct store_run *run,
	       const char *unit_id, const char *what, struct err *err)
{
	if (!a->token_id) {
		if (!run->require_tokens)
			return 0;
		/* DESIGN: only a unit can sign for itself when the run asks. */
		return fail(err, _("run '%s' requires a token to %s: give"
				   " --token TOKEN or set CUTOVER_TOKEN;"
				   " nothing recorded"), run->name, what);
	}
	if (a->reviewer)
		return fail(err, _("token '%s' is reviewer %s's: it approves"
				   " versions and nothing else; nothing"
				   " recorded"), a->token_id, a->reviewer);
	if (!a->unit_id)
		return 0;
	if (!unit_id)
		return fail(err, _("token '%s' is unit '%s''s; only the"
				   " coordinator's token may %s; nothing"
				   " recorded"), a->token_id, a->unit_id, what);
	if (strcmp(a->unit_id, unit_id))
		return fail(err, _("token '%s' is unit '%s''s; it cannot act"
				   " for unit '%s'; nothing recorded"),
			    a->token_id, a->unit_id, unit_id);
	return 0;
}

int auth_allow_approval(const struct auth *a, const char *by,
			struct err *err)
{
	if (!a->token_id)
		return fail(err, "%s", _("approving needs a reviewer's token:"
					 " give --token TOKEN or set"
					 " CUTOVER_TOKEN ('cutover token issue"
					 " --reviewer NAME' issues one)"));
	if (!a->reviewer)
		return fail(err, _("token '%s' is not a reviewer's: only a"
				   " reviewer's token approves a version"),
			    a->token_id);
	if (by && strcmp(by, a->reviewer))
		return fail(err, _("token '%s' is reviewer %s's: it cannot"
				   " approve as %s"), a->token_id, a->reviewer,
			    by);
	return 0;
}

int auth_issue(struct store *st, const struct store_run *run,
	       const char *unit_id, const char *reviewer, const char *by,
	       instant_t at, struct strbuf *token, struct strbuf *id,
	       struct err *err)
{
	char new_id[SEAL_TOKEN_ID_LEN + 1], secret[SEAL_SECRET_LEN + 1];
	char hash[SEAL_SECRET_HASH_MAX];
	int64_t seq;
	int rc;

	seal_token_new(new_id, secret);
	if (seal_secret_hash(secret, hash)) {
		seal_wipe(secret, sizeof(secret));
		return fail(err, "%s", _("not enough memory to hash the"
					 " token"));
	}
	rc = store_add_token(st, run, new_id, unit_id,
			     unit_id ? NULL : reviewer, hash, by, at, &seq,
			     err);
	if (!rc) {
		strbuf_addf(token, TOKEN_PREFIX "%s_%s", new_id, secret);
		strbuf_adds(id, new_id);
	}
	seal_wipe(secret, sizeof(secret));
	return rc;
}
