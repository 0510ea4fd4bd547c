/*
 * The web front door: arbitrary bytes sent as one HTTP connection to a
 * `cutover serve` of the mini runbook, through a real socket, so that
 * everything a client controls passes the same way it would: the
 * request line and headers (libmicrohttpd), the limits checked while the
 * body streams in, the PostProcessor's forms and multipart uploads
 * (server.c), the routing table and its checks of origin, session, unit
 * and CSRF field (route.c), the pages and the API.
 *
 * The server is started once per process, on 127.0.0.1 and a port the
 * kernel chooses, over a workspace in a fresh temporary folder, with a
 * session of Đại Sơn whose cookie, bearer secret and CSRF field are
 * fixed (the seeds in tests/fuzz/corpus/web use them, and Host "a" with
 * Origin "http://a"), so that inputs reach the sign-off, the moves, the
 * difficulties and the roster.
 *
 * The promises: every connection is answered or closed within 30
 * seconds, never with a 500 (hostile input is refused, not a failure of
 * the server), and an answer starts with an HTTP status line.
 */
#include "fuzz.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "book.h"
#include "seal.h"
#include "store.h"
#include "store_web.h"
#include "upgrade.h"
#include "web/server.h"

/*
 * The fixed session the seeds carry (43 base64url characters).  Their
 * forms carry the CSRF field the server derives from it (session.c):
 * defab38a9d4e8e13a6f0eb8ea5d107fba8ea563da31770ebde4f663cb5c0730d.
 */
#define SESSION "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuz"

static struct web_server *server;
static unsigned port;
static char dir[] = "/tmp/cutover-fuzz-web.XXXXXX";
static char db[256];

/* At exit: the server stops, its workspace goes. */
static void cleanup(void)
{
	static const char *const files[] = { "", "-wal", "-shm" };
	char path[300];
	size_t i;

	web_server_stop(server, 5);
	server = NULL;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", db, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void die(const char *what, struct err *err)
{
	struct strbuf line = STRBUF_INIT;

	err_format(err, &line);
	fprintf(stderr, "fuzz_web: %s: %s\n", what, line.buf);
	abort();
}

/* A rehearsal of the mini runbook, a token and a session of dai-son. */
static void workspace(void)
{
	struct store_run run;
	struct book *book = NULL;
	struct store *st = NULL;
	struct strbuf token = STRBUF_INIT, id = STRBUF_INIT;
	struct err err = ERR_INIT;
	char hash[SEAL_HEX_LEN + 1];

	if (!mkdtemp(dir)) {
		perror("fuzz_web: mkdtemp");
		abort();
	}
	snprintf(db, sizeof(db), "%s/state.db", dir);
	memset(&run, 0, sizeof(run));
	if (book_load_path("tests/data/cli/mini.lua", &book, &err) ||
	    book_expand(book, &err))
		die("loading tests/data/cli/mini.lua (run from the repository)",
		    &err);
	run.name = strdup("fuzz");
	run.mode = strdup("rehearsal");
	run.runbook_path = strdup("tests/data/cli/mini.lua");
	run.runbook_id = strdup(book->rb->id);
	run.started_by = strdup("fuzz");
	upgrade_take_book(&run, book);
	run.started_at = run.t0 - 24 * 3600;
	if (store_open(db, 1, &st, &err) || store_begin(st, &err) ||
	    store_create_run(st, &run, book, &err) ||
	    auth_issue(st, &run, "dai-son", NULL, "fuzz", run.started_at, &token,
		       &id, &err))
		die("starting the run", &err);
	seal_content(SESSION, strlen(SESSION), hash);
	if (store_web_open_session(st, &run, hash, id.buf, "dai-son", "Fuzz",
				   NULL, run.started_at, run.t0 + 100 * 86400,
				   &err) ||
	    store_commit(st, &err))
		die("opening the session", &err);
	store_close(st);
	store_run_release(&run);
	book_free(book);
	strbuf_release(&token);
	strbuf_release(&id);
}

static void start(void)
{
	static struct web_config cfg;
	struct err err = ERR_INIT;

	seal_init();
	/* The run's clock: the sign-offs are made the morning before T0. */
	setenv("CUTOVER_NOW", "2026-05-29 09:00", 1);
	signal(SIGPIPE, SIG_IGN);
	workspace();
	cfg.db_path = db;
	cfg.listen_addr = "127.0.0.1";
	cfg.threads = 2;
	/*
	 * A connection whose body never comes holds its slot until it is
	 * idle this long: short here, where thousands come a second.
	 */
	cfg.idle_seconds = 2;
	cfg.session_seconds = 3600;
	if (web_server_start(&cfg, &server, &err))
		die("starting the server", &err);
	port = web_server_port(server);
	atexit(cleanup);
}

/*
 * What the server answers, until it closes or 30 s pass: the first
 * size - 1 bytes in buf, the rest read and dropped.  (size_t)-1 when the
 * time ran out.
 */
static size_t answer(int fd, char *buf, size_t size)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char rest[4096];
	size_t got = 0;
	ssize_t n;

	for (;;) {
		if (poll(&p, 1, 30000) <= 0)
			return (size_t)-1;
		if (got < size - 1)
			n = read(fd, buf + got, size - 1 - got);
		else
			n = read(fd, rest, sizeof(rest));
		if (n <= 0)
			break;
		if (got < size - 1)
			got += (size_t)n;
	}
	buf[got] = '\0';
	return got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[1 << 16];
	struct sockaddr_in sin;
	size_t off = 0, got;
	ssize_t n;
	int fd;

	if (!server)
		start();
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		fuzz_fail("cannot connect to the server", size);
	/* The server may answer and close before it has read everything. */
	while (off < size && (n = write(fd, data + off, size - off)) > 0)
		off += (size_t)n;
	shutdown(fd, SHUT_WR);
	got = answer(fd, buf, sizeof(buf));
	close(fd);
	if (got == (size_t)-1)
		fuzz_fail("no answer within 30 s", size);
	/* FUZZ_WEB_SAY=1: the status line of each answer, to check seeds. */
	if (getenv("FUZZ_WEB_SAY"))
		fprintf(stderr, "fuzz_web: %.*s\n", (int)strcspn(buf, "\r\n"),
			buf);
	if (got && strncmp(buf, "HTTP/1.", 7))
		fuzz_fail("an answer that is not HTTP", size);
	if (strstr(buf, "HTTP/1.1 500 "))
		fuzz_fail("an internal error (500) for a request", size);
	return 0;
}
