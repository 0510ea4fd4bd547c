/*
 * cutover serve: the web front door (engine/web/), from the same binary
 * and workspace as the command line.  It listens until SIGTERM or
 * SIGINT, then stops taking connections, lets the requests in flight
 * finish (their transactions commit or roll back whole) and exits.
 *
 * Between signals the main thread runs the periodic jobs of the table
 * below, each at its interval: the place where publishing (issue 17) and
 * reminders (issue 19) join the server.
 */
#include "cmd.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

#include "config.h"
#include "i18n.h"
#include "infile.h"
#include "store_web.h"
#include "web/server.h"
#include "workspace.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover serve [--listen ADDR:PORT] [--base-url URL]\n"
	"                     [--tls-cert FILE --tls-key FILE] [--lang vi|en]\n"
	"                     [--threads N] [--session-hours N]\n"
	"                     [--access-log FILE] [--trust-proxy]\n"
	"\n"
	"Serves the current run (or --run NAME) on the web: each unit signs\n"
	"its own tasks from a phone, attaches files, reports difficulties and\n"
	"registers its duty shifts; the coordinator sees the run at a glance\n"
	"and every report. Every action is the same event its command would\n"
	"record, checked by the same rules. A unit logs in with its token, or\n"
	"with the one-time link 'cutover token issue UNIT --link' prints.\n"
	"It runs until SIGTERM or Ctrl-C, then finishes the requests in flight.\n"
	"\n"
	"  --listen ADDR:PORT   where to listen (default 127.0.0.1:8080; port 0:\n"
	"                       any free one, said on standard output)\n"
	"  --base-url URL       the address users reach it at (behind nginx:\n"
	"                       https://...); its origin is the only one\n"
	"                       whose forms are accepted (default: the\n"
	"                       workspace's serve.base-url, $CUTOVER_BASE_URL)\n"
	"  --tls-cert FILE      serve HTTPS with this PEM certificate ...\n"
	"  --tls-key FILE       ... and its key (see docs/serve.md: nginx in\n"
	"                       front is the recommended way)\n"
	"  --lang vi|en         the pages' language until a user chooses\n"
	"                       (default vi)\n"
	"  --threads N          requests served at once (default 8)\n"
	"  --session-hours N    how long a login lasts (default 168)\n"
	"  --access-log FILE    append one line per request there (default:\n"
	"                       standard error); never a token or a link\n"
	"  --trust-proxy        the client's address is nginx's X-Real-IP\n");

/* A job of the main thread: every `seconds`, fn(ctx); 0, or -1 with err. */
struct serve_job {
	const char *name;
	int seconds;
	int (*fn)(struct cmd_ctx *ctx);
};

/* Sessions and links that ended or expired a day ago go. */
static int purge_sessions(struct cmd_ctx *ctx)
{
	instant_t now;
	int64_t n;

	if (cmd_now(ctx, &now))
		return -1;
	return store_web_purge(ctx->store, now - 24 * 3600, &n, &ctx->err);
}

static const struct serve_job jobs[] = {
	{ "purge-sessions", 3600, purge_sessions },
};

#define NJOBS (sizeof(jobs) / sizeof(jobs[0]))

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
	static const struct option opts[] = {
		{ "access-log", required_argument, NULL, 'a' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "lang", required_argument, NULL, 'l' },
		{ "listen", required_argument, NULL, 'L' },
		{ "session-hours", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },
		{ "trust-proxy", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct web_config cfg;
	struct config conf = CONFIG_INIT;
	struct web_server *srv = NULL;
	struct strbuf db = STRBUF_INIT, addr = STRBUF_INIT;
	struct strbuf cert = STRBUF_INIT, key = STRBUF_INIT;
	const char *listen = "127.0.0.1:8080", *cert_path = NULL;
	const char *key_path = NULL, *log_path = NULL;
	int64_t last[NJOBS];
	struct timespec tick = { 10, 0 };
	sigset_t stop;
	siginfo_t info;
	int64_t n;
	size_t i;
	enum report_lang lang;
	int c, sig, status = EXIT_FAILED;

	memset(&cfg, 0, sizeof(cfg));
	cfg.threads = 8;
	cfg.session_seconds = 168 * 3600;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			log_path = optarg;
			break;
		case 'b':
			if (strncmp(optarg, "http://", 7) &&
			    strncmp(optarg, "https://", 8))
				return cmd_usage_fail(ctx, _("--base-url takes"
							    " an http:// or"
							    " https:// URL, not"
							    " '%s'"), optarg);
			cfg.base_url = optarg;
			break;
		case 'c':
			cert_path = optarg;
			break;
		case 'h':
			return cmd_help(_(usage));
		case 'k':
			key_path = optarg;
			break;
		case 'l':
			if (cmd_parse_lang(ctx, optarg, &lang))
				return EXIT_USAGE;
			cfg.english = lang == REPORT_EN;
			break;
		case 'L':
			listen = optarg;
			break;
		case 'p':
			cfg.trust_proxy = 1;
			break;
		case 's':
			if (cmd_parse_number(optarg, &n) || n > 24 * 366)
				return cmd_usage_fail(ctx, _("--session-hours"
							    " takes a number of"
							    " hours, not '%s'"),
						      optarg);
			cfg.session_seconds = n * 3600;
			break;
		case 't':
			if (cmd_parse_number(optarg, &n) || n > 256)
				return cmd_usage_fail(ctx, _("--threads takes"
							    " 1 to 256, not"
							    " '%s'"), optarg);
			cfg.threads = (unsigned)n;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "serve");
		}
	}
	if (optind != argc)
		return cmd_usage_fail(ctx, "%s", _("serve takes no arguments;"
						 " see 'cutover serve --help'"));
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
	if (!cfg.base_url) {
		if (config_load(db.buf, &conf, &ctx->err))
			goto done;
		cfg.base_url = conf.base_url;
	}
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
	fflush(stdout);
	for (i = 0; i < NJOBS; i++)
		last[i] = clock_monotonic_us() / 1000000;
	for (;;) {
		sig = sigtimedwait(&stop, &info, &tick);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		for (i = 0; i < NJOBS; i++) {
			if (clock_monotonic_us() / 1000000 - last[i] <
			    jobs[i].seconds)
				continue;
			last[i] = clock_monotonic_us() / 1000000;
			if (jobs[i].fn(ctx)) {
				/* Said, not fatal: the server goes on. */
				struct strbuf line = STRBUF_INIT;

				err_format(&ctx->err, &line);
				fprintf(stderr, "cutover: %s: %s\n",
					jobs[i].name, line.buf);
				strbuf_release(&line);
				err_reset(&ctx->err);
			}
		}
	}
	web_server_stop(srv, 30);
	printf("%s\n", _("stopped"));
	status = EXIT_OK;
done:
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
