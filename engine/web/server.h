/*
 * The HTTP server of cutover serve, on libmicrohttpd: its own thread
 * pool, its PostProcessor for forms and uploads, the limits of web.h
 * enforced while requests stream in, a pool of workers (one SQLite
 * handle and one runbook each), an access log without secrets, and a
 * clean stop.  The only file that speaks to libmicrohttpd.
 */
#ifndef WEB_SERVER_H
#define WEB_SERVER_H

#include <stdint.h>

#include "err.h"
#include "web/web.h"

struct web_server;

/*
 * Opens a worker per thread on cfg->db_path and starts listening on
 * cfg->listen_addr:cfg->port (copied; cfg's strings must outlive the
 * server).  0, or -1 with err set (nothing left running).
 */
int web_server_start(const struct web_config *cfg, struct web_server **out,
		     struct err *err);

/* The port it listens on (the one chosen when cfg->port was 0). */
unsigned web_server_port(const struct web_server *srv);

/*
 * How many requests wrote to the store since the start: for a periodic
 * job that acts only when something changed (publishing, issue 17).
 */
uint64_t web_server_writes(const struct web_server *srv);

/*
 * Stops: takes no new connection, lets the requests in flight finish
 * (their transactions commit or roll back whole; at most wait_seconds),
 * then closes everything.  NULL is fine.
 */
void web_server_stop(struct web_server *srv, int wait_seconds);

#endif
