/*
 * Sending a composed message to one recipient through an SMTP server.
 * The only module that speaks to libcurl.
 *
 * A server is smtp://HOST[:PORT] (STARTTLS whenever the server offers
 * it, and required when a user and password are given: a password never
 * crosses the network in clear) or smtps://HOST[:PORT] (TLS from the
 * first byte).  Credentials are given apart from the URL, which may not
 * hold them, and are never part of an error message.
 */
#ifndef SMTP_H
#define SMTP_H

#include <stddef.h>

#include "err.h"

struct smtp_server {
	const char *url;
	const char *user;       /* NULL: no authentication */
	const char *password;
	const char *ca_file;    /* NULL: the system's certificate store */
};

/* 1 when url is smtp:// or smtps:// with a host and no user part. */
int smtp_url_valid(const char *url);

struct smtp;

/*
 * A session with the server: one connection, reused by each send while
 * the server keeps it open.  Nothing is sent yet.  Returns 0 (close it
 * with smtp_close), or -1 with err set (a malformed URL).
 */
int smtp_open(const struct smtp_server *server, struct smtp **out,
	      struct err *err);

/* smtp_send's answer when the server cannot be reached or logged in to. */
#define SMTP_UNREACHABLE (-2)

/*
 * One transaction: MAIL FROM from, RCPT TO to, DATA msg (len bytes, lines
 * ending in CRLF).  Returns 0 once the server accepted the message; -1
 * with err saying what the server said (a refused recipient: the session
 * stays usable for the next); SMTP_UNREACHABLE with err when no message
 * can go through it now (no connection, no TLS, the login refused).
 */
int smtp_send(struct smtp *s, const char *from, const char *to,
	      const char *msg, size_t len, struct err *err);

/* Ends the session (QUIT); NULL is allowed. */
void smtp_close(struct smtp *s);

#endif
