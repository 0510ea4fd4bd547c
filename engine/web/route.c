/*
 * The routing table and the checks in front of every handler.  A test
 * walks this table (tests/cli/t7002-serve-routes.sh, through
 * `cutover debug routes`) and tries each route without a session and
 * with another unit's.
 *
 * In order, for every request: the route (404, 405); for a form (a POST
 * that is not the API) the Origin, which must be this server's (403);
 * the session, from the cookie or, for the API, the bearer header; what
 * the route needs (a session: else the login page or 401; the
 * coordinator, or the unit the route names: else 403); the CSRF field of
 * a form of a session (403); then the handler, with the session's token
 * sealing whatever it appends.
 */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "json.h"
#include "seal.h"
#include "web/html.h"
#include "xalloc.h"
#include "banned.h"

const struct web_route web_routes[] = {
	/* pages anyone reaches */
	{ "GET", "/", ui_home, WEB_NONE, 0 },
	{ "GET", "/login", ui_login_form, WEB_NONE, 0 },
	{ "POST", "/login", ui_login, WEB_NONE, 0 },
	{ "GET", "/l/{code}", ui_link_form, WEB_NONE, WEB_SECRET },
	{ "POST", "/l/{code}", ui_link_login, WEB_NONE, WEB_SECRET },
	{ "GET", "/lang/{lang}", ui_language, WEB_NONE, 0 },
	{ "GET", "/static/cutover.css", ui_style, WEB_NONE, 0 },
	{ "GET", "/static/live.js", ui_script, WEB_NONE, 0 },
	{ "GET", "/favicon.ico", ui_icon, WEB_NONE, 0 },
	{ "POST", "/logout", ui_logout, WEB_SESSION, 0 },
	/* a unit's pages: the unit itself, or the coordinator */
	{ "GET", "/u/{unit}", ui_checklist, WEB_UNIT, 0 },
	{ "GET", "/t/{task}", ui_task, WEB_UNIT, 0 },
	{ "POST", "/t/{task}/sign", ui_task_sign, WEB_UNIT, 0 },
	{ "POST", "/t/{task}/move", ui_task_move, WEB_UNIT, 0 },
	{ "GET", "/t/{task}/ack/{event}", ui_task_ack, WEB_UNIT, 0 },
	{ "GET", "/u/{unit}/issues", ui_issues, WEB_UNIT, 0 },
	{ "POST", "/u/{unit}/issues", ui_issue_add, WEB_UNIT, 0 },
	{ "GET", "/u/{unit}/roster", ui_roster, WEB_UNIT, 0 },
	{ "POST", "/u/{unit}/roster", ui_roster_add, WEB_UNIT, 0 },
	{ "POST", "/u/{unit}/roster/{shift}/remove", ui_roster_remove,
	  WEB_UNIT, 0 },
	/* the coordinator's pages */
	{ "GET", "/c", ui_dashboard, WEB_COORDINATOR, 0 },
	{ "GET", "/c/units", ui_units, WEB_COORDINATOR, 0 },
	{ "GET", "/c/s/{section}", ui_section, WEB_COORDINATOR, 0 },
	{ "GET", "/c/issues", ui_all_issues, WEB_COORDINATOR, 0 },
	{ "GET", "/c/reports/{kind}", ui_report, WEB_COORDINATOR, 0 },
	/* the JSON API (docs/serve.md) */
	{ "POST", "/api/v1/session", api_session, WEB_NONE, WEB_API },
	{ "POST", "/api/v1/logout", api_logout, WEB_SESSION, WEB_API },
	{ "GET", "/api/v1/status", api_status, WEB_COORDINATOR, WEB_API },
	{ "GET", "/api/v1/units/{unit}/tasks", api_tasks, WEB_UNIT, WEB_API },
	{ "GET", "/api/v1/tasks/{task}", api_task, WEB_UNIT, WEB_API },
	{ "POST", "/api/v1/tasks/{task}/sign", api_sign, WEB_UNIT, WEB_API },
	{ "POST", "/api/v1/tasks/{task}/move", api_move, WEB_UNIT, WEB_API },
	{ "GET", "/api/v1/units/{unit}/issues", api_issues, WEB_UNIT, WEB_API },
	{ "POST", "/api/v1/units/{unit}/issues", api_issue_add, WEB_UNIT,
	  WEB_API },
	{ "GET", "/api/v1/units/{unit}/shifts", api_shifts, WEB_UNIT, WEB_API },
	{ "POST", "/api/v1/units/{unit}/shifts", api_shift_add, WEB_UNIT,
	  WEB_API },
	{ "POST", "/api/v1/units/{unit}/shifts/{shift}/remove",
	  api_shift_remove, WEB_UNIT, WEB_API },
};

const size_t web_nroutes = sizeof(web_routes) / sizeof(web_routes[0]);

void web_response_init(struct web_response *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->status = 200;
	strbuf_init(&rs->body);
	strbuf_init(&rs->location);
	strbuf_init(&rs->cookies);
}

void web_response_release(struct web_response *rs)
{
	strbuf_release(&rs->body);
	strbuf_release(&rs->location);
	strbuf_release(&rs->cookies);
	free(rs->log_note);
	memset(rs, 0, sizeof(*rs));
}

int web_route_match(const char *pattern, const char *path, char *params[3])
{
	size_t n = 0, len;
	const char *end;

	memset(params, 0, 3 * sizeof(*params));
	while (*pattern && *path) {
		if (*pattern == '{') {
			/* One segment, not empty; its name is the table's. */
			end = strchr(pattern, '}');
			len = strcspn(path, "/");
			if (!end || !len || n == 3)
				goto no;
			params[n++] = xstrndup(path, len);
			pattern = end + 1;
			path += len;
			continue;
		}
		if (*pattern++ != *path++)
			goto no;
	}
	if (!*pattern && !*path)
		return 1;
no:
	while (n) {
		free(params[--n]);
		params[n] = NULL;
	}
	return 0;
}

static const char *field_of(const struct web_field *f, size_t n,
			    const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!f[i].filename && !strcmp(f[i].name, name))
			return f[i].value.buf;
	return NULL;
}

const char *web_form(const struct web_request *rq, const char *name)
{
	return field_of(rq->form, rq->nform, name);
}

const char *web_arg(const struct web_request *rq, const char *name)
{
	return field_of(rq->query, rq->nquery, name);
}

const struct web_field *web_file(const struct web_request *rq,
				 const char *name)
{
	size_t i;

	for (i = 0; i < rq->nform; i++)
		if (rq->form[i].filename && !strcmp(rq->form[i].name, name))
			return &rq->form[i];
	return NULL;
}

void web_redirect(struct web_response *rs, const char *path)
{
	rs->status = 303;
	strbuf_reset(&rs->location);
	strbuf_adds(&rs->location, path);
}

void web_error(struct web_request *rq, struct web_response *rs, int status,
	       const char *msg)
{
	strbuf_reset(&rs->body);
	rs->status = status;
	if (rq->api) {
		rs->type = "application/json";
		strbuf_addch(&rs->body, '{');
		json_key_string(&rs->body, "error", msg, 1);
		strbuf_adds(&rs->body, "}\n");
		return;
	}
	html_page_start(rq, rs, status == 404 ? _("Not found") :
			status == 403 ? _("Not allowed") :
			status == 401 ? _("Please log in") : _("Refused"));
	html_notice(&rs->body, "error", msg);
	html_page_end(rq, rs);
}

void web_error_err(struct web_request *rq, struct web_response *rs,
		   int status, const struct err *err)
{
	struct strbuf line = STRBUF_INIT;

	err_format(err, &line);
	web_error(rq, rs, status, line.buf);
	strbuf_release(&line);
}

void web_time(struct strbuf *out, const struct web_request *rq,
	      instant_t t)
{
	if (rq->english)
		clock_format_local(out, t, rq->run.zone);
	else
		clock_format_dmy(out, t, rq->run.zone);
}

const char *web_label(const struct web_request *rq, enum label_kind kind,
		      const char *id)
{
	return label_get(rq->run.labels, kind, id, rq->lang);
}

const char *web_field_label(const struct web_request *rq,
			    const char *step_id, const char *field)
{
	return label_field(rq->run.labels, step_id, field, rq->lang);
}

void web_item(struct strbuf *out, const struct web_request *rq,
	      const char *item)
{
	label_item(out, rq->run.labels, item, rq->lang);
}

void web_duration(struct strbuf *out, const struct web_request *rq,
		  int64_t seconds, enum label_span span)
{
	label_duration(out, seconds, span, rq->lang);
}

/* scheme://host of this server, as a browser names it in Origin. */
static void own_origin(const struct web_request *rq, struct strbuf *out)
{
	const char *base = rq->cfg->base_url, *p;

	if (base) {
		p = strstr(base, "://");
		p = p ? p + 3 : base;
		strbuf_add(out, base, (size_t)(p - base) + strcspn(p, "/"));
		return;
	}
	strbuf_addf(out, "%s://%s", rq->tls ? "https" : "http",
		    rq->host ? rq->host : "");
}

/* A form comes from one of this server's pages, or it is refused. */
static int origin_ok(const struct web_request *rq)
{
	struct strbuf own = STRBUF_INIT;
	int ok;

	own_origin(rq, &own);
	ok = rq->origin && !strcasecmp(rq->origin, own.buf);
	strbuf_release(&own);
	return ok;
}

static int csrf_ok(const struct web_request *rq)
{
	const char *given = web_form(rq, "csrf");
	size_t len = strlen(rq->csrf);

	return given && strlen(given) == len &&
		seal_equal(given, rq->csrf, len);
}

/* The unit the route acts for: {unit}, or the owner of {task}. */
static int route_unit(struct web_request *rq, struct web_response *rs)
{
	const char *pattern = rq->route->pattern;
	struct store_task task;
	struct err err = ERR_INIT;
	int rc;

	if (strstr(pattern, "{unit}")) {
		rq->unit_id = xstrdup(rq->params[0]);
		return 0;
	}
	rc = store_task(rq->store, rq->run.id, rq->params[0], &task, &err);
	if (rc) {
		web_error_err(rq, rs, rc == STORE_NOTFOUND ? 404 : 500, &err);
		err_release(&err);
		return -1;
	}
	rq->unit_id = xstrdup(task.unit_id);
	store_task_release(&task);
	err_release(&err);
	return 0;
}

/* Says that a session is needed: the login page, or 401 for the API. */
static void need_login(struct web_request *rq, struct web_response *rs)
{
	struct strbuf to = STRBUF_INIT;

	if (rq->api || rq->post) {
		web_error(rq, rs, 401, _("log in first"));
		return;
	}
	strbuf_adds(&to, "/login?to=");
	html_url_arg(&to, rq->path);
	web_redirect(rs, to.buf);
	strbuf_release(&to);
}

static void run_route(struct web_request *rq, struct web_response *rs)
{
	const struct web_route *r = rq->route;
	struct err err = ERR_INIT;
	int rc;

	if (rq->post && !rq->api && !origin_ok(rq)) {
		web_error(rq, rs, 403, _("this form did not come from this"
					 " server's page; nothing recorded"));
		return;
	}
	rc = web_session_find(rq, &err);
	if (rc < 0) {
		web_error_err(rq, rs, 500, &err);
		goto done;
	}
	if (r->needs != WEB_NONE && !rq->has_session) {
		need_login(rq, rs);
		goto done;
	}
	if (r->needs == WEB_COORDINATOR && rq->session.unit_id) {
		web_error(rq, rs, 403, _("only the coordinator may see this"));
		goto done;
	}
	if (r->needs == WEB_UNIT) {
		/* A unit acts for itself only; the coordinator for any. */
		if (route_unit(rq, rs))
			goto done;
		if (rq->session.unit_id &&
		    strcmp(rq->session.unit_id, rq->unit_id)) {
			web_error(rq, rs, 403, _("this belongs to another unit;"
						 " a unit sees and acts on its"
						 " own tasks only"));
			goto done;
		}
	}
	if (rq->post && !rq->api && rq->has_session && !csrf_ok(rq)) {
		web_error(rq, rs, 403, _("this form has expired; open the page"
					 " again; nothing recorded"));
		goto done;
	}
	if (rq->has_session &&
	    auth_resume(rq->store, &rq->run, rq->session.token_id, &rq->auth,
			&err)) {
		web_error_err(rq, rs, 403, &err);
		goto done;
	}
	if (rq->has_session && !rs->log_note) {
		struct strbuf note = STRBUF_INIT;

		strbuf_addf(&note, "%s", rq->auth.label);
		rs->log_note = strbuf_detach(&note, NULL);
	}
	r->fn(rq, rs);
done:
	err_release(&err);
}

void web_dispatch(struct web_request *rq, struct web_response *rs)
{
	const char *method = rq->post ? "POST" : "GET";
	struct err err = ERR_INIT;
	size_t i;
	int other_method = 0, rc;

	rq->api = !strncmp(rq->path, "/api/", 5);
	/* A user's choice, else --lang, else (once the run is read) the
	 * runbook's language. */
	if (rq->cookie_lang)
		rq->lang = strcmp(rq->cookie_lang, "en") ? "vi" : "en";
	else
		rq->lang = rq->cfg->lang;
	rq->english = rq->lang && !strcmp(rq->lang, "en");
	i18n_thread_english(rq->english);
	for (i = 0; i < web_nroutes; i++) {
		if (!web_route_match(web_routes[i].pattern, rq->path,
				     rq->params))
			continue;
		if (strcmp(web_routes[i].method, method)) {
			other_method = 1;
			for (rc = 0; rc < 3; rc++) {
				free(rq->params[rc]);
				rq->params[rc] = NULL;
			}
			continue;
		}
		rq->route = &web_routes[i];
		break;
	}
	if (!rq->route) {
		if (other_method)
			web_error(rq, rs, 405, _("this address takes another"
						 " method"));
		else
			web_error(rq, rs, 404, _("there is no such page"));
		goto done;
	}
	/* The stylesheet needs no store; every other route needs the run. */
	if (rq->route->fn != ui_style && rq->route->fn != ui_icon &&
	    rq->route->fn != ui_script) {
		rc = store_find_run(rq->store, rq->cfg->run_name, &rq->run, &err);
		if (rc || clock_now(rq->run.zone, &rq->now, &err)) {
			web_error_err(rq, rs, rc == STORE_NOTFOUND ? 503 : 500,
				      &err);
			goto done;
		}
		if (!rq->lang && rq->run.locale.lang[0]) {
			rq->lang = rq->run.locale.lang;
			/* The engine's own words: Vietnamese or English. */
			rq->english = strcmp(rq->lang, "vi") != 0;
			i18n_thread_english(rq->english);
		}
	}
	if (!rq->lang)
		rq->lang = rq->english ? "en" : "vi";
	run_route(rq, rs);
done:
	i18n_thread_english(0);
	err_release(&err);
}
