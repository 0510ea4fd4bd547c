/*
 * The web front door (cutover serve): what its files share.
 *
 * Laid out as cgit is: server.c speaks HTTP (the only file that includes
 * libmicrohttpd), route.c holds the routing table and decides who may
 * reach a route, html.c writes every piece of HTML that carries text
 * (html_txt, html_attr, html_url_arg) and the page skeleton, session.c
 * opens and ends sessions, and one file per page family (ui_unit.c,
 * ui_task.c, ui_roster.c, ui_issue.c, ui_coord.c, api.c) is as thin as a
 * command of engine/cmd/: read the request, call the engine's modules
 * (signoff, auth, duty, the store), write the page.  A web action and
 * its command-line twin are the same event.
 *
 * Threads: libmicrohttpd's pool runs handlers in parallel; each request
 * borrows a worker (its own SQLite handle and runbook) for the time of
 * its handler, so no handle is ever used by two threads at once.
 */
#ifndef WEB_H
#define WEB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "auth.h"
#include "book.h"
#include "clock.h"
#include "err.h"
#include "label.h"
#include "store.h"
#include "store_web.h"
#include "strbuf.h"

/*
 * Limits, enforced while a request streams in (server.c): a request
 * over one is answered 413 and read no further.
 */
#define WEB_MAX_BODY ((size_t)10 << 20)    /* a whole request body */
#define WEB_MAX_FILE ((size_t)8 << 20)     /* one uploaded file */
#define WEB_MAX_FIELD ((size_t)16 << 10)   /* a form field not a file */
#define WEB_MAX_FIELDS 64                  /* fields of one form */
#define WEB_MAX_URL 2048                   /* a path with its query */

/*
 * Failed logins allowed in WEB_LOGIN_WINDOW seconds, per address and per
 * unit.  An address may be a carrier's NAT, many phones behind it: its
 * limit is the looser.
 */
#define WEB_LOGIN_PER_ADDRESS 20
#define WEB_LOGIN_PER_UNIT 5
#define WEB_LOGIN_WINDOW (15 * 60)

/* What `cutover serve` was told. */
struct web_config {
	const char *db_path;
	const char *run_name;      /* --run, or NULL: the latest run */
	const char *listen_addr;   /* "127.0.0.1" */
	unsigned port;             /* 0: any free port, read back */
	const char *base_url;      /* --base-url, or NULL */
	const char *tls_cert;      /* PEM file contents (not the path) */
	const char *tls_key;
	const char *lang;          /* --lang "vi" or "en"; NULL: the pages
				      speak the runbook's language */
	int trust_proxy;           /* the address is nginx's X-Real-IP */
	unsigned threads;          /* libmicrohttpd's pool */
	unsigned idle_seconds;     /* a silent connection is closed (0: 30) */
	int64_t session_seconds;   /* how long a session lasts */
	FILE *access_log;          /* one line per request; NULL: none */
};

/* One field of a form (or of the query string). */
struct web_field {
	char *name;
	char *filename;            /* an uploaded file's name; else NULL */
	struct strbuf value;
};

/* A request's borrowed worker: its own store handle and runbook. */
struct web_worker;
/* The sign-offs waiting for the next group commit (commit.c). */
struct web_commit;

struct web_route;

struct web_request {
	const struct web_config *cfg;
	int post;                  /* POST (else GET or HEAD) */
	const char *path;          /* decoded, without the query */
	struct web_field *query;   /* the query string's arguments */
	size_t nquery;
	struct web_field *form;    /* a POST's fields and files */
	size_t nform;
	const char *cookie_session;
	const char *cookie_lang;
	const char *origin;
	const char *host;
	const char *authorization;
	const char *forwarded_for; /* X-Real-IP, when cfg->trust_proxy */
	const char *remote_addr;   /* the client's address, as text */
	int tls;

	/* Set by the router before the handler runs. */
	const struct web_route *route;
	char *params[3];           /* the pattern's {captures}, in order */
	struct web_worker *worker;
	struct store *store;       /* the worker's */
	struct web_commit *commits; /* the server's group commit */
	struct store_run run;
	instant_t now;
	int english;               /* this request's pages are English */
	const char *lang;          /* the language of its labels: the page's
				      ("vi", "en"), or the runbook's own
				      when no one chose (English words) */
	int api;                   /* /api/v1: JSON in and out, bearer auth */
	int has_session;
	struct store_web_session session;
	char session_hash[SEAL_HEX_LEN + 1];
	char csrf[SEAL_HEX_LEN + 1]; /* what the session's forms carry */
	struct auth auth;          /* the session's token (label, unit) */
	char *unit_id;             /* the unit the route acts for, if any */
};

struct web_response {
	int status;
	const char *type;          /* Content-Type; NULL: text/html */
	struct strbuf body;
	struct strbuf location;    /* a redirect's target */
	struct strbuf cookies;     /* Set-Cookie values, one a line */
	int loose_style;           /* a rendered report: inline styles */
	int cache;                 /* static: may be cached */
	int refresh;               /* a live page reloads every so many seconds */
	char *log_note;            /* for the access log: the unit, etc. */
};

void web_response_init(struct web_response *rs);
void web_response_release(struct web_response *rs);

/* ---- the routing table (route.c) ---- */

enum web_needs {
	WEB_NONE,          /* anyone */
	WEB_SESSION,       /* a session */
	WEB_UNIT,          /* a session that may act for the route's unit */
	WEB_COORDINATOR    /* a session of the coordinator's token */
};

/* Route flags. */
#define WEB_API 1          /* JSON, bearer session, no CSRF field */
#define WEB_SECRET 2       /* the path holds a secret: never logged */

typedef int (*web_handler)(struct web_request *rq, struct web_response *rs);

struct web_route {
	const char *method;        /* "GET" (HEAD too) or "POST" */
	const char *pattern;       /* "/t/{task}/sign": {x} is one segment */
	web_handler fn;
	enum web_needs needs;
	unsigned flags;
	/* WEB_UNIT: the unit is {unit}, or the unit of the task {task}. */
};

extern const struct web_route web_routes[];
extern const size_t web_nroutes;

/*
 * Answers the request: finds its route, checks the origin, the CSRF
 * field, the session and what the route needs, then runs the handler.
 * rq comes filled by the server; rs is filled here.
 */
void web_dispatch(struct web_request *rq, struct web_response *rs);

/*
 * Matches path against pattern, capturing the {x} segments into params
 * (NULL when not matched; caller frees).  1 when it matches, else 0.
 */
int web_route_match(const char *pattern, const char *path,
		    char *params[3]);

/* ---- the worker's state (server.c) ---- */

/*
 * The run's runbook with its registry, loaded once per worker and run
 * version.  Owned by the worker.  0, or -1 with err set.
 */
int web_book(struct web_request *rq, struct book **out, struct err *err);

/* ---- the group commit of sign-offs (commit.c) ---- */

struct web_commit *web_commit_new(void);
void web_commit_free(struct web_commit *c);

/*
 * Records a sign-off signoff_prepare made ready, with the sign-offs of
 * other requests arriving meanwhile, in one transaction: the first
 * request to find no commit under way commits for all that wait (on
 * its own handle, each in a savepoint, each sealed with its own token).
 * Returns when that transaction committed: 0 (res as signoff_record
 * set it), or -1 with err (nothing of this sign-off recorded).
 */
struct signoff;
struct signoff_ready;
struct signoff_result;
int web_commit_signoff(struct web_request *rq, const struct signoff *req,
		       const struct signoff_ready *ready,
		       struct signoff_result *res, struct err *err);

/* ---- requests and responses (route.c) ---- */

/* A field of the POST form, or NULL. */
const char *web_form(const struct web_request *rq, const char *name);
/* A query argument, or NULL. */
const char *web_arg(const struct web_request *rq, const char *name);
/* An uploaded file field, or NULL. */
const struct web_field *web_file(const struct web_request *rq,
				 const char *name);

/* A 303 to a path of this server (a local path: "/u/dai-son"). */
void web_redirect(struct web_response *rs, const char *path);

/*
 * An error answer in the request's language: a page (or JSON for the
 * API) with status and the message, which is plain text.
 */
void web_error(struct web_request *rq, struct web_response *rs, int status,
	       const char *msg);
/* The same for an engine error: its one line. */
void web_error_err(struct web_request *rq, struct web_response *rs,
		   int status, const struct err *err);

/* Appends a local time: "29/05/2026 22:00" in Vietnamese, else ISO. */
void web_time(struct strbuf *out, const struct web_request *rq,
	      instant_t t);

/*
 * What the page prints in place of a runbook's id (label.h), in the
 * page's language: a role, a system, a severity, a unit kind.
 */
const char *web_label(const struct web_request *rq, enum label_kind kind,
		      const char *id);
/* An evidence field of step_id (may be NULL), by its label. */
const char *web_field_label(const struct web_request *rq,
			    const char *step_id, const char *field);
/* Appends a directive item with its title: "D1.1: Cử cán bộ đầu mối". */
void web_item(struct strbuf *out, const struct web_request *rq,
	      const char *item);
/* Appends a duration in words of the page's language ("còn 4 giờ"). */
void web_duration(struct strbuf *out, const struct web_request *rq,
		  int64_t seconds, enum label_span span);

/* ---- sessions (session.c) ---- */

/*
 * Inside a transaction, the handle sealing with a's token (auth_login,
 * auth_resume): opens a session of a's token for person, with its
 * ledger event (using up the one-time link under link_hash, unless
 * NULL), and appends its secret to *secret (for the cookie, or the API's
 * bearer session).  0, or -1 with err.
 */
int web_session_open(struct web_request *rq, const struct auth *a,
		     const char *person, const char *link_hash,
		     struct strbuf *secret, struct err *err);
/*
 * Sets the session cookie (HttpOnly, SameSite=Strict, Secure under TLS
 * or an https base URL): after the commit.
 */
void web_session_cookie(struct web_request *rq, struct web_response *rs,
			const char *secret);

/*
 * Ends the request's session (logout) with its ledger event, and clears
 * its cookie; 0 or -1.
 */
int web_session_end(struct web_request *rq, struct web_response *rs,
		    struct err *err);

/* Finds the request's session (cookie or bearer): 1 found, 0 none, -1. */
int web_session_find(struct web_request *rq, struct err *err);

/*
 * Checks a token typed at login, counting failures per address and per
 * unit (WEB_LOGIN_*): 0 and *out filled; -1 with err (one message for
 * a wrong token, another when too many failed lately).
 */
int web_login_token(struct web_request *rq, const char *token,
		    struct auth *out, struct err *err);

/* Forgets the failed logins (a test's server, a restart). */
void web_login_reset(void);

/* ---- the handlers: one file per page family ---- */

/* ui_login.c */
int ui_home(struct web_request *rq, struct web_response *rs);
int ui_login_form(struct web_request *rq, struct web_response *rs);
int ui_login(struct web_request *rq, struct web_response *rs);
int ui_link_form(struct web_request *rq, struct web_response *rs);
int ui_link_login(struct web_request *rq, struct web_response *rs);
int ui_logout(struct web_request *rq, struct web_response *rs);
int ui_language(struct web_request *rq, struct web_response *rs);
int ui_style(struct web_request *rq, struct web_response *rs);
int ui_icon(struct web_request *rq, struct web_response *rs);
int ui_script(struct web_request *rq, struct web_response *rs);

/* ui_unit.c */
int ui_checklist(struct web_request *rq, struct web_response *rs);

/* ui_task.c */
int ui_task(struct web_request *rq, struct web_response *rs);
int ui_task_sign(struct web_request *rq, struct web_response *rs);
int ui_task_move(struct web_request *rq, struct web_response *rs);
int ui_task_ack(struct web_request *rq, struct web_response *rs);

/* ui_issue.c */
int ui_issues(struct web_request *rq, struct web_response *rs);
int ui_issue_add(struct web_request *rq, struct web_response *rs);

/* ui_roster.c */
int ui_roster(struct web_request *rq, struct web_response *rs);
int ui_roster_add(struct web_request *rq, struct web_response *rs);
int ui_roster_remove(struct web_request *rq, struct web_response *rs);

/* ui_coord.c */
int ui_dashboard(struct web_request *rq, struct web_response *rs);
int ui_units(struct web_request *rq, struct web_response *rs);
int ui_section(struct web_request *rq, struct web_response *rs);
int ui_all_issues(struct web_request *rq, struct web_response *rs);
int ui_report(struct web_request *rq, struct web_response *rs);

/* api.c */
int api_session(struct web_request *rq, struct web_response *rs);
int api_logout(struct web_request *rq, struct web_response *rs);
int api_tasks(struct web_request *rq, struct web_response *rs);
int api_task(struct web_request *rq, struct web_response *rs);
int api_sign(struct web_request *rq, struct web_response *rs);
int api_move(struct web_request *rq, struct web_response *rs);
int api_status(struct web_request *rq, struct web_response *rs);
int api_issues(struct web_request *rq, struct web_response *rs);
int api_issue_add(struct web_request *rq, struct web_response *rs);
int api_shifts(struct web_request *rq, struct web_response *rs);
int api_shift_add(struct web_request *rq, struct web_response *rs);
int api_shift_remove(struct web_request *rq, struct web_response *rs);

#endif
