/*
 * Sessions: a unit's token (or a one-time link, which stands for one)
 * proves who is at the phone once; a session cookie carries that proof
 * afterwards.  The cookie holds 256 random bits; the store keeps their
 * hash, the token, the person's name and when it expires, as the copy of
 * the ledger event that opened the session (store_web.h).  The CSRF value
 * of its forms is a hash of the secret, so it is stored nowhere.  A
 * session ends at logout (an event too), at its expiry, or when its token
 * is revoked.
 *
 * Failed logins are counted per address and per unit (the unit of the
 * token id typed, when the id is one of the run's): past WEB_LOGIN_* in
 * WEB_LOGIN_WINDOW, no token is even checked until the window passes,
 * so a guesser gets a few tries an hour, not thousands a second.
 */
#include "web/web.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "seal.h"
#include "xalloc.h"
#include "banned.h"

#define COOKIE "cutover_session"

/* ---- failed logins ---- */

#define FAILURE_SLOTS 4096

struct failures {
	char key[80];        /* "addr:127.0.0.1" or "unit:dai-son" */
	instant_t since;     /* the window's start */
	int count;
};

static struct failures failure_table[FAILURE_SLOTS];
static pthread_mutex_t failure_lock = PTHREAD_MUTEX_INITIALIZER;

void web_login_reset(void)
{
	pthread_mutex_lock(&failure_lock);
	memset(failure_table, 0, sizeof(failure_table));
	pthread_mutex_unlock(&failure_lock);
}

/*
 * The slot of key (created when add), its window renewed when over.
 * Call under failure_lock.  NULL: not there and not added.
 */
static struct failures *failure_slot(const char *key, instant_t now, int add)
{
	struct failures *f, *oldest = &failure_table[0];
	size_t i;

	for (i = 0; i < FAILURE_SLOTS; i++) {
		f = &failure_table[i];
		if (f->count && !strcmp(f->key, key)) {
			if (now - f->since >= WEB_LOGIN_WINDOW)
				f->count = 0, f->since = now;
			return f;
		}
		if (!f->count || f->since < oldest->since ||
		    now - f->since >= WEB_LOGIN_WINDOW)
			oldest = f;
	}
	if (!add)
		return NULL;
	memset(oldest, 0, sizeof(*oldest));
	snprintf(oldest->key, sizeof(oldest->key), "%s", key);
	oldest->since = now;
	return oldest;
}

/* 1 when key has had limit failures in the current window. */
static int locked_out(const char *key, int limit, instant_t now,
		      instant_t *until)
{
	struct failures *f;
	int out;

	pthread_mutex_lock(&failure_lock);
	f = failure_slot(key, now, 0);
	out = f && f->count >= limit;
	if (out)
		*until = f->since + WEB_LOGIN_WINDOW;
	pthread_mutex_unlock(&failure_lock);
	return out;
}

static void count_failure(const char *key, instant_t now)
{
	struct failures *f;

	pthread_mutex_lock(&failure_lock);
	f = failure_slot(key, now, 1);
	f->count++;
	pthread_mutex_unlock(&failure_lock);
}

/*
 * "unit:ID" (or "unit:" for the coordinator) of a token id of the run:
 * 1, 2 when that token is revoked, 0 when the id is none of the run's.
 */
static int unit_key(struct web_request *rq, const char *token,
		    struct strbuf *key)
{
	char id[SEAL_TOKEN_ID_LEN + 1];
	struct store_token *t = NULL;
	struct err err = ERR_INIT;
	size_t n = 0;

	if (auth_token_id(token, id) ||
	    store_tokens(rq->store, rq->run.id, id, &t, &n, &err) || !n) {
		err_release(&err);
		return 0;
	}
	strbuf_addf(key, "unit:%s", t->unit_id ? t->unit_id : "");
	n = t->revoked ? 2 : 1;
	store_tokens_free(t, 1);
	return (int)n;
}

int web_login_token(struct web_request *rq, const char *token,
		    struct auth *out, struct err *err)
{
	struct strbuf addr = STRBUF_INIT, unit = STRBUF_INIT, when = STRBUF_INIT;
	instant_t until = 0;
	int has_unit, ret = -1;

	memset(out, 0, sizeof(*out));
	strbuf_addf(&addr, "addr:%s", rq->remote_addr);
	has_unit = unit_key(rq, token, &unit);
	if (locked_out(addr.buf, WEB_LOGIN_PER_ADDRESS, rq->now, &until) ||
	    (has_unit && locked_out(unit.buf, WEB_LOGIN_PER_UNIT, rq->now,
				    &until))) {
		web_time(&when, rq, until);
		fail(err, _("too many failed logins; try again after %s"),
		     when.buf);
		goto done;
	}
	if (!token || !*token) {
		fail(err, "%s", _("type the token you were given"));
		goto done;
	}
	if (auth_login(rq->store, &rq->run, token, out, err)) {
		count_failure(addr.buf, rq->now);
		if (has_unit)
			count_failure(unit.buf, rq->now);
		/* The same answer for a wrong id and a wrong secret. */
		if (has_unit != 2) {
			err_reset(err);
			fail(err, "%s", _("this token is not valid for this run;"
					  " check it and try again"));
		}
		goto done;
	}
	ret = 0;
done:
	strbuf_release(&addr);
	strbuf_release(&unit);
	strbuf_release(&when);
	return ret;
}

/* ---- the session ---- */

static int secure_cookies(const struct web_request *rq)
{
	return rq->tls || (rq->cfg->base_url &&
			   !strncmp(rq->cfg->base_url, "https:", 6));
}

int web_session_open(struct web_request *rq, const struct auth *a,
		     const char *person, const char *link_hash,
		     struct strbuf *secret, struct err *err)
{
	char fresh[SEAL_SECRET_LEN + 1];
	char hash[SEAL_HEX_LEN + 1];
	int rc;

	seal_random_secret(fresh);
	seal_content(fresh, strlen(fresh), hash);
	rc = store_web_open_session(rq->store, &rq->run, hash, a->token_id,
				    a->unit_id, person, link_hash, rq->now,
				    rq->now + rq->cfg->session_seconds, err);
	if (!rc)
		strbuf_adds(secret, fresh);
	seal_wipe(fresh, sizeof(fresh));
	return rc;
}

void web_session_cookie(struct web_request *rq, struct web_response *rs,
			const char *secret)
{
	strbuf_addf(&rs->cookies, COOKIE "=%s; Path=/; HttpOnly;"
		    " SameSite=Strict; Max-Age=%lld%s\n", secret,
		    (long long)rq->cfg->session_seconds,
		    secure_cookies(rq) ? "; Secure" : "");
}

/*
 * The CSRF value of a session's forms: a hash of its secret under a name
 * of its own, so that it reveals nothing of the secret and needs no
 * storing.
 */
static void csrf_of(const char *secret, char out[SEAL_HEX_LEN + 1])
{
	struct strbuf text = STRBUF_INIT;

	strbuf_addf(&text, "cutover web csrf\n%s", secret);
	seal_content(text.buf, text.len, out);
	seal_wipe(text.buf, text.len);
	strbuf_release(&text);
}

/* A secret as seal_random_secret makes them: 43 base64url characters. */
static int well_formed(const char *s)
{
	size_t i;

	if (!s || strlen(s) != SEAL_SECRET_LEN)
		return 0;
	for (i = 0; s[i]; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_", s[i]))
			return 0;
	return 1;
}

int web_session_find(struct web_request *rq, struct err *err)
{
	const char *secret = rq->cookie_session;
	int rc;

	if (rq->api) {
		secret = NULL;
		if (rq->authorization &&
		    !strncmp(rq->authorization, "Bearer ", 7))
			secret = rq->authorization + 7;
	}
	if (!well_formed(secret) || !rq->run.id)
		return 0;
	seal_content(secret, strlen(secret), rq->session_hash);
	csrf_of(secret, rq->csrf);
	rc = store_web_session(rq->store, rq->run.id, rq->session_hash,
			       rq->now, &rq->session, err);
	if (rc == STORE_NOTFOUND)
		return 0;
	if (rc)
		return -1;
	rq->has_session = 1;
	return 1;
}

int web_session_end(struct web_request *rq, struct web_response *rs,
		    struct err *err)
{
	int rc;

	/* The router sealed the handle with the session's token. */
	if (store_begin(rq->store, err))
		return -1;
	rc = store_web_close_session(rq->store, &rq->run, rq->session_hash,
				     rq->now, err);
	if (rc < 0 || store_commit(rq->store, err)) {
		store_rollback(rq->store);
		return -1;
	}
	strbuf_addf(&rs->cookies, COOKIE "=; Path=/; HttpOnly;"
		    " SameSite=Strict; Max-Age=0%s\n",
		    secure_cookies(rq) ? "; Secure" : "");
	return 0;
}
