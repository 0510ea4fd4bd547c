/*
 * libmicrohttpd glue: a request streams in over several calls of
 * on_request (headers, then body chunks through the PostProcessor, then
 * an empty call), is answered on the last, and is freed in on_completed.
 * Nothing here knows a page: the router (route.c) does.
 *
 * Limits are checked as bytes arrive: a Content-Length over
 * WEB_MAX_BODY is refused before the body is read, a body that grows
 * past it (chunked), a field past WEB_MAX_FIELD, a file past
 * WEB_MAX_FILE or a form of more than WEB_MAX_FIELDS fields stops being
 * stored and is answered 413; libmicrohttpd's own limits bound the
 * headers (the connection's memory), the connections (per address and
 * in all) and how long a client may dawdle.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "sanitize.h"
#include "signoff.h"
#include "xalloc.h"
#include "banned.h"

/*
 * Phones on a mobile network may share a carrier's address: the limit
 * per address is half of all, not a handful.
 */
#define CONNECTION_LIMIT 1024
#define PER_ADDRESS_LIMIT 512
#define IDLE_SECONDS 30
#define CONNECTION_MEMORY ((size_t)128 << 10)
#define POST_BUFFER 16384

struct web_worker {
	struct web_server *srv;
	struct store *store;
	struct book *book;           /* the run's runbook, or NULL */
	int64_t book_run, book_version;
	struct web_worker *next;     /* in the free list */
};

struct web_server {
	struct web_config cfg;
	struct MHD_Daemon *daemon;
	unsigned port;
	struct web_worker *workers;
	size_t nworkers;
	struct web_worker *free;
	pthread_mutex_t pool_lock;
	pthread_cond_t pool_cond;
	pthread_mutex_t write_lock;  /* the store's writers queue here */
	pthread_mutex_t log_lock;
	struct web_commit *commits;
	atomic_int in_flight;
	atomic_ullong writes;
};

/* One request while it streams in. */
struct pending {
	struct web_server *srv;
	struct MHD_PostProcessor *pp;
	struct web_field *form;
	size_t nform, alloc;
	size_t body;                 /* bytes of body so far */
	int refused;                 /* an HTTP status: answer that, read no more */
	int64_t started_us;
	int last_field_open;         /* the last field may still grow */
};

/* ---- workers ---- */

static struct web_worker *worker_take(struct web_server *srv)
{
	struct web_worker *w;

	pthread_mutex_lock(&srv->pool_lock);
	while (!srv->free)
		pthread_cond_wait(&srv->pool_cond, &srv->pool_lock);
	w = srv->free;
	srv->free = w->next;
	pthread_mutex_unlock(&srv->pool_lock);
	return w;
}

static void worker_give(struct web_server *srv, struct web_worker *w)
{
	/* The next request starts with no token of this one. */
	store_set_auth(w->store, NULL, NULL);
	store_rollback(w->store);
	pthread_mutex_lock(&srv->pool_lock);
	w->next = srv->free;
	srv->free = w;
	pthread_cond_signal(&srv->pool_cond);
	pthread_mutex_unlock(&srv->pool_lock);
}

int web_book(struct web_request *rq, struct book **out, struct err *err)
{
	struct web_worker *w = rq->worker;

	if (w->book && (w->book_run != rq->run.id ||
			w->book_version != rq->run.version)) {
		book_free(w->book);
		w->book = NULL;
	}
	if (!w->book) {
		if (signoff_load_book(w->store, &rq->run, &w->book, err))
			return -1;
		w->book_run = rq->run.id;
		w->book_version = rq->run.version;
	}
	*out = w->book;
	return 0;
}

/*
 * Loads the run's runbook into a worker before the first request needs
 * it: at national scale (7,000 units) a runbook takes a second to load,
 * which the first requests of every worker would otherwise wait for.
 * In a thread of its own, one per worker, all at once.
 */
static void *worker_warm(void *arg)
{
	struct web_worker *w = arg;
	struct store_run run;
	struct err err = ERR_INIT;

	if (!store_find_run(w->store, w->srv->cfg.run_name, &run, &err)) {
		if (!signoff_load_book(w->store, &run, &w->book, &err)) {
			w->book_run = run.id;
			w->book_version = run.version;
		}
		store_run_release(&run);
	}
	/* No run yet, or a runbook that does not load: the request will say. */
	err_release(&err);
	return NULL;
}

static void workers_warm(struct web_server *srv)
{
	pthread_t *t = xcalloc(srv->nworkers, sizeof(*t));
	int *started = xcalloc(srv->nworkers, sizeof(*started));
	size_t i;

	for (i = 0; i < srv->nworkers; i++)
		started[i] = !pthread_create(&t[i], NULL, worker_warm,
					     &srv->workers[i]);
	for (i = 0; i < srv->nworkers; i++) {
		if (started[i])
			pthread_join(t[i], NULL);
		else
			worker_warm(&srv->workers[i]);
	}
	free(t);
	free(started);
}

/* ---- the request as it streams in ---- */

static void fields_free(struct web_field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].name);
		free(f[i].filename);
		strbuf_release(&f[i].value);
	}
	free(f);
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind,
				const char *key, const char *filename,
				const char *content_type,
				const char *transfer_encoding,
				const char *data, uint64_t off, size_t size)
{
	struct pending *p = cls;
	struct web_field *f = p->nform ? &p->form[p->nform - 1] : NULL;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (p->refused)
		return MHD_NO;
	if (!key)
		key = "";
	/* A value comes in pieces: the same key at a growing offset. */
	if (!f || off == 0 || !p->last_field_open || strcmp(f->name, key)) {
		if (p->nform >= WEB_MAX_FIELDS) {
			p->refused = MHD_HTTP_CONTENT_TOO_LARGE;
			return MHD_NO;
		}
		XGROW(p->form, p->alloc, p->nform + 1);
		f = &p->form[p->nform++];
		memset(f, 0, sizeof(*f));
		f->name = xstrdup(key);
		f->filename = filename ? xstrdup(filename) : NULL;
		strbuf_init(&f->value);
		p->last_field_open = 1;
	}
	if (f->value.len + size > (f->filename ? WEB_MAX_FILE : WEB_MAX_FIELD)) {
		p->refused = MHD_HTTP_CONTENT_TOO_LARGE;
		return MHD_NO;
	}
	strbuf_add(&f->value, data, size);
	return MHD_YES;
}

/* ---- answering ---- */

static const char default_policy[] =
	"default-src 'none'; style-src 'self'; img-src 'self';"
	" script-src 'self'; form-action 'self'; frame-ancestors 'none';"
	" base-uri 'none'";
/* A rendered report is one standalone page: its CSS is inline. */
static const char report_policy[] =
	"default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
	" form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

static void add_header(struct MHD_Response *r, const char *name,
		       const char *value)
{
	MHD_add_response_header(r, name, value);
}

static enum MHD_Result send_response(struct MHD_Connection *c,
				     const struct web_request *rq,
				     struct web_response *rs)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t len;
	char *body = strbuf_detach(&rs->body, &len), *line, *nl;

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	add_header(r, "Content-Type", rs->type ? rs->type :
		   "text/html; charset=utf-8");
	add_header(r, "Content-Security-Policy", rs->loose_style ?
		   report_policy : default_policy);
	add_header(r, "X-Content-Type-Options", "nosniff");
	add_header(r, "X-Frame-Options", "DENY");
	/*
	 * Not no-referrer: under it a browser sends "Origin: null" with a
	 * form, which the origin check must refuse.  The pages link to no
	 * other site, so a referrer never leaves this one.
	 */
	add_header(r, "Referrer-Policy", "same-origin");
	add_header(r, "Cache-Control", rs->cache ? "public, max-age=86400" :
		   "no-store");
	if (rq && rq->tls)
		add_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (rs->location.len)
		add_header(r, "Location", rs->location.buf);
	if (rs->status == MHD_HTTP_METHOD_NOT_ALLOWED)
		add_header(r, "Allow", "GET, HEAD, POST");
	for (line = rs->cookies.buf; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		add_header(r, "Set-Cookie", line);
	}
	ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* A short answer with no request behind it (413 before the body). */
static enum MHD_Result refuse(struct MHD_Connection *c, int status,
			      const char *text)
{
	struct web_response rs;
	enum MHD_Result ret;

	web_response_init(&rs);
	rs.status = status;
	rs.type = "text/plain; charset=utf-8";
	strbuf_addf(&rs.body, "%s\n", text);
	ret = send_response(c, NULL, &rs);
	web_response_release(&rs);
	return ret;
}

struct query_ctx {
	struct web_field *f;
	size_t n, alloc;
	int too_many;
};

static enum MHD_Result on_arg(void *cls, enum MHD_ValueKind kind,
			      const char *key, const char *value)
{
	struct query_ctx *q = cls;
	struct web_field *f;

	(void)kind;
	if (q->n >= WEB_MAX_FIELDS) {
		q->too_many = 1;
		return MHD_NO;
	}
	XGROW(q->f, q->alloc, q->n + 1);
	f = &q->f[q->n++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(key ? key : "");
	strbuf_init(&f->value);
	strbuf_adds(&f->value, value ? value : "");
	return MHD_YES;
}

static void client_address(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, size, "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  out, (socklen_t)size);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  (socklen_t)size);
}

/* 1 when s is an IPv4 or IPv6 address as text. */
static int is_address(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, buf) == 1 ||
		inet_pton(AF_INET6, s, buf) == 1;
}

/*
 * The path as the log may show it: at most 200 bytes, a quote as '?' so
 * that the field ends where it seems to (the whole line is neutralised
 * by log_write).
 */
static void log_path(struct strbuf *out, const struct web_request *rq)
{
	const char *p = rq->route && (rq->route->flags & WEB_SECRET) ?
		rq->route->pattern : rq->path;
	size_t i;

	for (i = 0; p[i] && i < 200; i++)
		strbuf_addch(out, p[i] == '"' ? '?' : p[i]);
	if (p[i])
		strbuf_adds(out, "...");
}

/*
 * Writes one line of the log (no newline in it) whole, neutralised by
 * sanitize_text as everything a command prints is: the log may be a file
 * someone tails on a terminal, and it quotes what clients sent.
 */
static void log_write(struct web_server *srv, FILE *out, const char *text,
		      size_t len)
{
	struct strbuf line = STRBUF_INIT;

	sanitize_text(&line, text, len, 0);
	strbuf_addch(&line, '\n');
	pthread_mutex_lock(&srv->log_lock);
	fputs(line.buf, out);
	fflush(out);
	pthread_mutex_unlock(&srv->log_lock);
	strbuf_release(&line);
}

static void access_log(struct web_server *srv, const struct web_request *rq,
		       const struct web_response *rs, int64_t started_us)
{
	struct strbuf line = STRBUF_INIT;
	instant_t now;
	struct err err = ERR_INIT;

	if (!srv->cfg.access_log)
		return;
	/* A request outside any run (a login page): UTC, as its offset says. */
	if (clock_now(rq->run.id ? rq->run.zone : NULL, &now, &err))
		now = 0;
	err_release(&err);
	clock_format_rfc3339(&line, now, rq->run.id ? rq->run.zone : NULL);
	strbuf_addf(&line, " %s %s \"", rq->remote_addr,
		    rq->post ? "POST" : "GET");
	log_path(&line, rq);
	strbuf_addf(&line, "\" %d %zu %.1fms", rs->status, rs->body.len,
		    (double)(clock_monotonic_us() - started_us) / 1000.0);
	if (rs->log_note)
		strbuf_addf(&line, " %s", rs->log_note);
	log_write(srv, srv->cfg.access_log, line.buf, line.len);
	strbuf_release(&line);
}

static enum MHD_Result answer(struct web_server *srv, struct MHD_Connection *c,
			      const char *url, int post, struct pending *p)
{
	struct web_request rq;
	struct web_response rs;
	struct query_ctx q = { NULL, 0, 0, 0 };
	char addr[INET6_ADDRSTRLEN + 1];
	const union MHD_ConnectionInfo *ci;
	struct err err = ERR_INIT;
	enum MHD_Result ret;
	size_t i;
	int snapshot;

	memset(&rq, 0, sizeof(rq));
	web_response_init(&rs);
	rq.cfg = &srv->cfg;
	rq.post = post;
	rq.path = url;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_arg, &q);
	rq.query = q.f;
	rq.nquery = q.n;
	rq.form = p->form;
	rq.nform = p->nform;
	rq.cookie_session = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
							"cutover_session");
	rq.cookie_lang = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
						     "cutover_lang");
	rq.origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	rq.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	rq.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						       "Authorization");
	if (srv->cfg.trust_proxy)
		rq.forwarded_for = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, "X-Real-IP");
	client_address(c, addr, sizeof(addr));
	/* nginx's word is taken only as an address, never as text to log. */
	rq.remote_addr = rq.forwarded_for && is_address(rq.forwarded_for) ?
		rq.forwarded_for : addr;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_PROTOCOL);
	rq.tls = srv->cfg.tls_cert && ci != NULL;
	if (q.too_many) {
		rs.status = MHD_HTTP_URI_TOO_LONG;
		strbuf_adds(&rs.body, "too many query arguments\n");
		rs.type = "text/plain; charset=utf-8";
	} else {
		rq.worker = worker_take(srv);
		rq.store = rq.worker->store;
		rq.commits = srv->commits;
		/*
		 * A page reads one snapshot (without one, each query would
		 * read its own); a form writes in transactions of its own.
		 */
		snapshot = !post && !store_read_begin(rq.store, &err);
		err_release(&err);
		web_dispatch(&rq, &rs);
		if (snapshot)
			store_read_end(rq.store);
		worker_give(srv, rq.worker);
	}
	if (post && rs.status < 400)
		atomic_fetch_add(&srv->writes, 1);
	access_log(srv, &rq, &rs, p->started_us);
	ret = send_response(c, &rq, &rs);
	web_response_release(&rs);
	fields_free(q.f, q.n);
	for (i = 0; i < 3; i++)
		free(rq.params[i]);
	store_run_release(&rq.run);
	auth_release(&rq.auth);
	store_web_session_release(&rq.session);
	free(rq.unit_id);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct web_server *srv = cls;
	struct pending *p = *con_cls;
	int post = !strcmp(method, MHD_HTTP_METHOD_POST);
	const char *length;

	(void)version;
	if (!p) {
		if (!post && strcmp(method, MHD_HTTP_METHOD_GET) &&
		    strcmp(method, MHD_HTTP_METHOD_HEAD))
			return refuse(c, MHD_HTTP_METHOD_NOT_ALLOWED,
				      "method not allowed");
		if (strlen(url) > WEB_MAX_URL)
			return refuse(c, MHD_HTTP_URI_TOO_LONG, "URL too long");
		length = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     "Content-Length");
		if (length && strtoull(length, NULL, 10) > WEB_MAX_BODY)
			return refuse(c, MHD_HTTP_CONTENT_TOO_LARGE,
				      "request too large");
		p = xcalloc(1, sizeof(*p));
		p->srv = srv;
		p->started_us = clock_monotonic_us();
		atomic_fetch_add(&srv->in_flight, 1);
		*con_cls = p;
		if (post) {
			p->pp = MHD_create_post_processor(c, POST_BUFFER,
							  on_field, p);
			/* A body of no form type has nothing to give a page. */
			if (!p->pp && length && strcmp(length, "0"))
				p->refused = MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		p->body += *upload_data_size;
		if (p->body > WEB_MAX_BODY && !p->refused)
			p->refused = MHD_HTTP_CONTENT_TOO_LARGE;
		if (!p->refused && p->pp &&
		    MHD_post_process(p->pp, upload_data,
				     *upload_data_size) != MHD_YES &&
		    !p->refused)
			p->refused = MHD_HTTP_BAD_REQUEST;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (p->refused == MHD_HTTP_CONTENT_TOO_LARGE)
		return refuse(c, p->refused, "request too large");
	if (p->refused == MHD_HTTP_UNSUPPORTED_MEDIA_TYPE)
		return refuse(c, p->refused, "a form is expected"
			      " (application/x-www-form-urlencoded or"
			      " multipart/form-data)");
	if (p->refused)
		return refuse(c, p->refused, "malformed form");
	return answer(srv, c, url, post, p);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct web_server *srv = cls;
	struct pending *p = *con_cls;

	(void)c;
	(void)toe;
	if (!p)
		return;
	if (p->pp)
		MHD_destroy_post_processor(p->pp);
	fields_free(p->form, p->nform);
	free(p);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct web_server *srv = cls;
	struct strbuf text = STRBUF_INIT;

	strbuf_adds(&text, "libmicrohttpd: ");
	strbuf_vaddf(&text, fmt, ap);
	/* Its messages end with a newline of their own. */
	while (text.len && text.buf[text.len - 1] == '\n')
		text.buf[--text.len] = '\0';
	log_write(srv, srv->cfg.access_log ? srv->cfg.access_log : stderr,
		  text.buf, text.len);
	strbuf_release(&text);
}

/* ---- start and stop ---- */

static void workers_close(struct web_server *srv)
{
	size_t i;

	for (i = 0; i < srv->nworkers; i++) {
		book_free(srv->workers[i].book);
		store_close(srv->workers[i].store);
	}
	free(srv->workers);
	srv->workers = NULL;
	srv->nworkers = 0;
}

static void server_free(struct web_server *srv)
{
	workers_close(srv);
	web_commit_free(srv->commits);
	pthread_mutex_destroy(&srv->pool_lock);
	pthread_cond_destroy(&srv->pool_cond);
	pthread_mutex_destroy(&srv->write_lock);
	pthread_mutex_destroy(&srv->log_lock);
	free(srv);
}

int web_server_start(const struct web_config *cfg, struct web_server **out,
		     struct err *err)
{
	struct web_server *srv = xcalloc(1, sizeof(*srv));
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr *sa;
	const union MHD_DaemonInfo *di;
	/*
	 * poll(), not epoll: with epoll, bookworm's libmicrohttpd keeps a
	 * connection the client half-closed open until it times out.  A few
	 * hundred connections per thread at most, poll's cost is nothing.
	 */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
		MHD_USE_POLL;
	size_t i;

	*out = NULL;
	srv->cfg = *cfg;
	if (!srv->cfg.threads)
		srv->cfg.threads = 4;
	pthread_mutex_init(&srv->pool_lock, NULL);
	pthread_cond_init(&srv->pool_cond, NULL);
	pthread_mutex_init(&srv->write_lock, NULL);
	pthread_mutex_init(&srv->log_lock, NULL);
	srv->commits = web_commit_new();
	memset(&sin, 0, sizeof(sin));
	memset(&sin6, 0, sizeof(sin6));
	if (inet_pton(AF_INET, cfg->listen_addr, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)cfg->port);
		sa = (struct sockaddr *)&sin;
	} else if (inet_pton(AF_INET6, cfg->listen_addr, &sin6.sin6_addr) == 1) {
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)cfg->port);
		sa = (struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else {
		server_free(srv);
		return fail(err, _("'%s' is not an IP address to listen on"),
			    cfg->listen_addr);
	}
	if (cfg->tls_cert) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			server_free(srv);
			return fail(err, "%s", _("this libmicrohttpd has no TLS;"
						 " serve behind nginx instead"));
		}
		flags |= MHD_USE_TLS;
	}
	/* One worker per thread of the pool: none ever waits for one long. */
	srv->nworkers = srv->cfg.threads;
	srv->workers = xcalloc(srv->nworkers, sizeof(*srv->workers));
	for (i = 0; i < srv->nworkers; i++) {
		struct web_worker *w = &srv->workers[i];

		w->srv = srv;
		if (store_open(cfg->db_path, 0, &w->store, err)) {
			server_free(srv);
			return -1;
		}
		store_set_write_lock(w->store, &srv->write_lock);
		w->next = srv->free;
		srv->free = w;
	}
	workers_warm(srv);
	srv->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_SOCK_ADDR, sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)srv->cfg.threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned)(cfg->trust_proxy ? 0 : PER_ADDRESS_LIMIT),
		MHD_OPTION_CONNECTION_TIMEOUT,
		cfg->idle_seconds ? cfg->idle_seconds : (unsigned)IDLE_SECONDS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONNECTION_MEMORY,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
		MHD_OPTION_STRICT_FOR_CLIENT, 1,
		cfg->tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
		cfg->tls_cert,
		MHD_OPTION_HTTPS_MEM_KEY, cfg->tls_key,
		MHD_OPTION_END);
	if (!srv->daemon) {
		server_free(srv);
		return fail(err, _("cannot listen on %s port %u: %s"),
			    cfg->listen_addr, cfg->port,
			    errno ? strerror(errno) : _("libmicrohttpd refused"));
	}
	di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : cfg->port;
	*out = srv;
	return 0;
}

unsigned web_server_port(const struct web_server *srv)
{
	return srv->port;
}

uint64_t web_server_writes(const struct web_server *srv)
{
	return atomic_load(&((struct web_server *)srv)->writes);
}

void web_server_stop(struct web_server *srv, int wait_seconds)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int fd, i;

	if (!srv)
		return;
	/* No new connection; the requests already in go on to their end. */
	fd = MHD_quiesce_daemon(srv->daemon);
	if (fd >= 0)
		close(fd);
	for (i = 0; i < wait_seconds * 100 &&
	     atomic_load(&srv->in_flight) > 0; i++)
		nanosleep(&tick, NULL);
	MHD_stop_daemon(srv->daemon);
	server_free(srv);
}
