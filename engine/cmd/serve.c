/*
 * cutover serve: the web front door (engine/web/), from the same binary
 * and workspace as the command line.  It listens until SIGTERM or
 * SIGINT, then stops taking connections, lets the requests in flight
 * finish (their transactions commit or roll back whole) and exits.
 *
 * Between signals the main thread runs the periodic jobs of the table
 * below, each at its interval, on a store handle of its own: the
 * runbook's reminders { } (notify_scheduled) and publishing
 * (publish_auto, as `cutover publish --every` with no option).  What
 * the jobs record is
 * sealed with the coordinator's token serve was given (--token,
 * $CUTOVER_TOKEN), which a run that requires tokens needs.
 */
#include "cmd.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

#include "config.h"
#include "i18n.h"
#include "infile.h"
#include "notify.h"
#include "publish.h"
#include "signoff.h"
#include "store_web.h"
#include "web/server.h"
#include "workspace.h"
#include "banned.h"

static const char about[] = N_(
	"Serves the current run (or --run NAME) on the web: each unit signs\n"
	"its own tasks from a phone, attaches files, reports difficulties and\n"
	"registers its duty shifts; the coordinator sees the run at a glance\n"
	"and every report. Every action is the same event its command would\n"
	"record, checked by the same rules. A unit logs in with its token, or\n"
	"with the one-time link 'cutover token issue UNIT --link' prints.\n"
	"It runs until SIGTERM or Ctrl-C, then finishes the requests in flight.\n"
	"\n"
	"With --token (the coordinator's; default $CUTOVER_TOKEN), serve\n"
	"records what it does itself: a run started with --require-tokens\n"
	"needs it for the runbook's reminders { }, sent once a minute when\n"
	"due, as 'cutover remind' sends them. --tls-cert and --tls-key go\n"
	"together (see docs/serve.md: nginx in front is the recommended way).\n"
	"\n"
	"With this machine's signing key (see 'cutover key'), it publishes the\n"
	"run every 30 seconds when the ledger has grown, to the remotes\n"
	"'cutover publish' was given, as 'cutover publish --every 30s' would.\n");

/* What the main thread's jobs share. */
struct serve_state {
	struct cmd_ctx *ctx;          /* its store handle is the jobs' */
	struct config *conf;
	const char *token;            /* the coordinator's, or NULL */
	/* reminders: the run the book was loaded for */
	int64_t run_id, version;
	struct book *book;
	instant_t since;              /* the previous round's now */
	enum report_lang lang;        /* of the messages */
	int ready;                    /* the runbook declares reminders */
	int off;                      /* said why not; tried no more */
	int no_key;                   /* this machine does not publish */
};

/* A job of the main thread: every `seconds`, fn(state); 0, or -1 with err. */
struct serve_job {
	const char *name;
	int seconds;
	int (*fn)(struct serve_state *s);
};

/*
 * The run serve serves now (the latest, unless --run: a new run is
 * followed), with its book and, when serve has a token, logged in to it.
 * 0; 1 when reminders cannot be sent in it (said once); -1 with err.
 */
static int reminders_run(struct serve_state *s)
{
	struct cmd_ctx *ctx = s->ctx;
	struct store_run run;

	if (store_find_run(ctx->store, ctx->run_name, &run, &ctx->err))
		return -1;
	if (run.id != s->run_id) {
		/* A token is of one run: log in to the new one. */
		auth_release(&ctx->auth);
		if (s->token && auth_login(ctx->store, &run, s->token,
					   &ctx->auth, &ctx->err)) {
			store_run_release(&run);
			s->off = 1;
			return -1;
		}
	}
	if (run.id != s->run_id || run.version != s->version) {
		book_free(s->book);
		s->book = NULL;
		if (signoff_load_book(ctx->store, &run, &s->book, &ctx->err)) {
			store_run_release(&run);
			return -1;
		}
		s->run_id = run.id;
		s->version = run.version;
	}
	store_run_release(&ctx->run);
	ctx->run = run;
	if (s->book->rb->reminders && ctx->run.require_tokens &&
	    !ctx->auth.token_id) {
		s->off = 1;
		return fail(&ctx->err, _("run '%s' requires tokens and serve was"
					 " given no coordinator token (--token,"
					 " $CUTOVER_TOKEN): it sends none of the"
					 " runbook's reminders"), ctx->run.name);
	}
	return 0;
}

/*
 * A job's error on stderr, once: the same error a minute later is not
 * said again (a mail server down all night is one line, not 600).
 * said: that job's last error (each job has its own, so that one job's
 * success does not make another's lasting error said again).
 */
static void say_job_error(struct serve_state *s, const char *job,
			  struct strbuf *said)
{
	struct strbuf line = STRBUF_INIT;

	err_format(&s->ctx->err, &line);
	err_reset(&s->ctx->err);
	if (strcmp(line.buf, said->buf))
		fprintf(stderr, "cutover: %s: %s\n", job, line.buf);
	strbuf_reset(said);
	strbuf_add(said, line.buf, line.len);
	strbuf_release(&line);
}

/* Whether a round's outcomes are worth a line: something was tried. */
static int attempted(const struct notify_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->o[i].status == NOTIFY_SENT ||
		    r->o[i].status == NOTIFY_FAILED ||
		    r->o[i].status == NOTIFY_NO_ADDRESS)
			return 1;
	return 0;
}

/*
 * The runbook's reminders { }, as `cutover remind` sends them: a round
 * when the schedule has one since the previous call, the daily report's
 * parts when their time has come; the ledger keeps any from going twice.
 */
static int send_reminders(struct serve_state *s)
{
	struct cmd_ctx *ctx = s->ctx;
	struct notify_result r = NOTIFY_RESULT_INIT;
	struct notify_opts o;
	int rc;

	if (s->off)
		return 0;
	memset(&o, 0, sizeof(o));
	if (reminders_run(s) || cmd_now(ctx, &o.now))
		return -1;
	if (!s->book->rb->reminders)
		return 0;
	o.channel = NOTIFY_SMTP;
	o.config = s->conf;
	o.actor = "cutover serve";
	o.lang = s->lang;
	rc = notify_scheduled(ctx->store, &ctx->run, s->book, &o, s->since, &r,
			      &ctx->err);
	if (!rc)
		s->since = o.now;
	/* What was sent before a failure is said all the same. */
	if (attempted(&r))
		cmd_notify_print(ctx, &r, s->book->rb->reminders->period);
	notify_result_release(&r);
	return rc;
}

/*
 * The served run's ledger, published when it has grown (whoever wrote
 * it: the pages, serve's own jobs or a command) with this machine's key
 * to the remotes `cutover publish` was given; said only when a commit
 * was made.  With no key the workspace does not publish: serve stops
 * asking, silently.
 */
static int publish_ledger(struct serve_state *s)
{
	struct cmd_ctx *ctx = s->ctx;
	struct publish_result r;
	struct store_run run;
	instant_t now;
	int rc;

	if (s->no_key)
		return 0;
	if (cmd_now(ctx, &now) ||
	    store_find_run(ctx->store, ctx->run_name, &run, &ctx->err))
		return -1;
	rc = publish_auto(ctx->store, &run, now, "cutover serve", &r,
			  &ctx->err);
	if (rc == PUBLISH_NO_KEY) {
		s->no_key = 1;
		err_reset(&ctx->err);
		rc = 0;
	} else if (!rc && !r.unchanged) {
		cmd_publish_print(run.name, &r);
	}
	publish_result_release(&r);
	store_run_release(&run);
	return rc;
}

static const struct serve_job jobs[] = {
	{ "reminders", 60, send_reminders },
	{ "publish", 30, publish_ledger },
};

#define NJOBS (sizeof(jobs) / sizeof(jobs[0]))

/* The index of the job named name in jobs[]. */
static size_t job_index(const char *name)
{
	size_t i;

	for (i = 0; i < NJOBS - 1 && strcmp(jobs[i].name, name); i++)
		;
	return i;
}

/* "127.0.0.1:8080", "[::1]:8080", ":8080": address and port. */
static int parse_listen(const char *arg, struct strbuf *addr,
			unsigned *port)
{
	const char *colon = strrchr(arg, ':');
	char *end;
	unsigned long p;

	if (!colon)
		return -1;
	if (arg[0] == '[') {
		if (colon == arg || colon[-1] != ']')
			return -1;
		strbuf_add(addr, arg + 1, (size_t)(colon - arg - 2));
	} else {
		strbuf_add(addr, arg, (size_t)(colon - arg));
	}
	if (!addr->len)
		strbuf_adds(addr, "127.0.0.1");
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

/* A certificate or key: a small regular file. */
#define PEM_MAX ((size_t)1 << 20)

static int read_pem(struct cmd_ctx *ctx, const char *path, struct strbuf *out)
{
	return infile_read(path, PEM_MAX, out, &ctx->err);
}

int cmd_serve(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct serve_state state;
	struct web_config cfg;
	struct config conf = CONFIG_INIT;
	struct web_server *srv = NULL;
	struct strbuf db = STRBUF_INIT, addr = STRBUF_INIT;
	struct strbuf cert = STRBUF_INIT, key = STRBUF_INIT;
	const char *listen = "127.0.0.1:8080", *cert_path = NULL;
	const char *key_path = NULL, *log_path = NULL;
	int64_t last[NJOBS];
	struct strbuf said[NJOBS];
	struct timespec tick = { 10, 0 };
	sigset_t stop;
	siginfo_t info;
	int64_t n;
	size_t i;
	enum report_lang lang;
	int sig, status = EXIT_FAILED, trust_proxy = 0;
	const char *base_url = NULL, *lang_text = NULL, *threads = NULL;
	const char *session_hours = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "listen", 0, &listen, N_("ADDR:PORT"),
		  N_("where to listen (default 127.0.0.1:8080; port 0: any"
		     " free one, said on standard output)"), 0, 0 },
		{ OPT_VALUE, "base-url", 0, &base_url, N_("URL"),
		  N_("the address users reach it at (behind nginx:"
		     " https://...); its origin is the only one whose forms"
		     " are accepted (default: the workspace's serve.base-url,"
		     " $CUTOVER_BASE_URL)"), 0, 0 },
		{ OPT_VALUE, "tls-cert", 0, &cert_path, N_("FILE"),
		  N_("serve HTTPS with this PEM certificate ..."), 0, 0 },
		{ OPT_VALUE, "tls-key", 0, &key_path, N_("FILE"),
		  N_("... and its key"), 0, 0 },
		{ OPT_VALUE, "lang", 0, &lang_text, N_("vi|en"),
		  N_("the pages' language until a user chooses (default: the"
		     " runbook's language)"), 0, 0 },
		{ OPT_VALUE, "threads", 0, &threads, N_("N"),
		  N_("requests served at once (default 8)"), 0, 0 },
		{ OPT_VALUE, "session-hours", 0, &session_hours, N_("N"),
		  N_("how long a login lasts (default 168)"), 0, 0 },
		{ OPT_VALUE, "access-log", 0, &log_path, N_("FILE"),
		  N_("append one line per request there (default: standard"
		     " error); never a token or a link"), 0, 0 },
		{ OPT_SWITCH, "trust-proxy", 0, &trust_proxy, NULL,
		  N_("the client's address is nginx's X-Real-IP"), 0, 0 },
		{ OPT_VALUE, "token", 0, &ctx->token, cmd_word_token,
		  N_("the coordinator's token (default: $CUTOVER_TOKEN), for"
		     " what serve records itself"), 0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "serve", opts, about };

	memset(&cfg, 0, sizeof(cfg));
	memset(&state, 0, sizeof(state));
	state.ctx = ctx;
	state.conf = &conf;
	for (i = 0; i < NJOBS; i++)
		strbuf_init(&said[i]);
	cfg.threads = 8;
	cfg.session_seconds = 168 * 3600;
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	if (base_url && strncmp(base_url, "http://", 7) &&
	    strncmp(base_url, "https://", 8))
		return cmd_usage_fail(ctx, _("--base-url takes an http:// or"
					    " https:// URL, not '%s'"),
				      base_url);
	cfg.base_url = base_url;
	if (lang_text) {
		if (cmd_parse_lang(ctx, lang_text, &lang))
			return EXIT_USAGE;
		cfg.lang = lang == REPORT_EN ? "en" : "vi";
	}
	cfg.trust_proxy = trust_proxy;
	if (session_hours) {
		if (cmd_parse_number(session_hours, &n) || n > 24 * 366)
			return cmd_usage_fail(ctx, _("--session-hours takes a"
						    " number of hours, not"
						    " '%s'"), session_hours);
		cfg.session_seconds = n * 3600;
	}
	if (threads) {
		if (cmd_parse_number(threads, &n) || n > 256)
			return cmd_usage_fail(ctx, _("--threads takes 1 to 256,"
						    " not '%s'"), threads);
		cfg.threads = (unsigned)n;
	}
	if (parse_listen(listen, &addr, &cfg.port)) {
		strbuf_release(&addr);
		return cmd_usage_fail(ctx, _("--listen takes ADDR:PORT, not"
					    " '%s'"), listen);
	}
	if (!cert_path != !key_path) {
		strbuf_release(&addr);
		return cmd_usage_fail(ctx, "%s", _("--tls-cert and --tls-key go"
						 " together"));
	}
	cfg.listen_addr = addr.buf;
	cfg.run_name = ctx->run_name;
	cfg.access_log = stderr;
	if ((cert_path && (read_pem(ctx, cert_path, &cert) ||
			   read_pem(ctx, key_path, &key))) ||
	    workspace_find_db(ctx->db_override, &db, &ctx->err))
		goto done;
	if (cert_path) {
		cfg.tls_cert = cert.buf;
		cfg.tls_key = key.buf;
	}
	if (log_path) {
		cfg.access_log = fopen(log_path, "a");
		if (!cfg.access_log) {
			fail(&ctx->err, _("cannot open '%s': %s"), log_path,
			     strerror(errno));
			goto done;
		}
	}
	cfg.db_path = db.buf;
	/* The workspace's serve.base-url (or $CUTOVER_BASE_URL), as remind's links. */
	if (config_load(db.buf, &conf, &ctx->err))
		goto done;
	if (!cfg.base_url)
		cfg.base_url = conf.base_url;
	/*
	 * The token is checked now, not when a job first needs it: a wrong
	 * one stops serve at once.  It is kept in memory only, never said.
	 */
	state.token = ctx->token ? ctx->token : getenv("CUTOVER_TOKEN");
	if (state.token && !*state.token)
		state.token = NULL;
	if (cmd_login(ctx) ||
	    (ctx->auth.unit_id &&
	     fail(&ctx->err, _("token '%s' is unit '%s''s; serve takes the"
			       " coordinator's, for what it records itself"),
		  ctx->auth.token_id, ctx->auth.unit_id)))
		goto done;
	state.run_id = -1;
	state.lang = cfg.lang && !strcmp(cfg.lang, "en") ? REPORT_EN :
		     REPORT_VI;
	if (reminders_run(&state))
		say_job_error(&state, "reminders",
			      &said[job_index("reminders")]);
	else if (state.book->rb->reminders)
		state.ready = 1;
	err_reset(&ctx->err);
	/*
	 * The pages speak Vietnamese unless a user or --lang asks for
	 * English; this thread keeps speaking the terminal's language.
	 */
	i18n_thread_english(!i18n_force_vietnamese());
	/* Every thread the server starts inherits a mask without these. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (web_server_start(&cfg, &srv, &ctx->err))
		goto done;
	printf(_("serving run '%s' at %s://%s%s%s:%u/ (stop: Ctrl-C or"
		 " SIGTERM)\n"), ctx->run.name, cert_path ? "https" : "http",
	       strchr(addr.buf, ':') ? "[" : "", addr.buf,
	       strchr(addr.buf, ':') ? "]" : "", web_server_port(srv));
	if (state.ready)
		printf("%s\n", _("reminders: the runbook's reminders { } are"
				  " sent when due, checked every minute"));
	fflush(stdout);
	/* Every job runs once at the start, then at its interval. */
	for (i = 0; i < NJOBS; i++)
		last[i] = clock_monotonic_us() / 1000000 - jobs[i].seconds;
	for (;;) {
		for (i = 0; i < NJOBS; i++) {
			if (clock_monotonic_us() / 1000000 - last[i] <
			    jobs[i].seconds)
				continue;
			last[i] = clock_monotonic_us() / 1000000;
			/* Said, not fatal: the server goes on. */
			if (jobs[i].fn(&state))
				say_job_error(&state, jobs[i].name, &said[i]);
			else
				strbuf_reset(&said[i]);
			fflush(stdout);
		}
		sig = sigtimedwait(&stop, &info, &tick);
		if (sig == SIGTERM || sig == SIGINT)
			break;
	}
	web_server_stop(srv, 30);
	printf("%s\n", _("stopped"));
	status = EXIT_OK;
done:
	auth_release(&ctx->auth);
	book_free(state.book);
	for (i = 0; i < NJOBS; i++)
		strbuf_release(&said[i]);
	config_release(&conf);
	if (cfg.access_log && cfg.access_log != stderr)
		fclose(cfg.access_log);
	seal_wipe(key.buf, key.len);
	strbuf_release(&db);
	strbuf_release(&addr);
	strbuf_release(&cert);
	strbuf_release(&key);
	return status;
}
