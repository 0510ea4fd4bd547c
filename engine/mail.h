/*
 * Internet messages (RFC 5322, MIME): what the engine hands to a mail
 * server or a hook.  The composer owns the message's shape, so that no
 * text a unit or a runbook wrote can reach a header raw: every header
 * value is either printable ASCII that fits on its line or RFC 2047
 * encoded-words (UTF-8, base64) folded at 78 columns; CR, LF and other
 * control characters become spaces before anything is encoded.  The
 * body is UTF-8 text/plain, base64 on 76-column lines, with CRLF line
 * ends, so it crosses any server whatever its 8-bit support.
 */
#ifndef MAIL_H
#define MAIL_H

#include <stddef.h>

#include "clock.h"
#include "err.h"
#include "strbuf.h"

/* The longest address accepted (RFC 5321's path limit, less the <>). */
#define MAIL_ADDRESS_MAX 254

/* One mailbox: an address and the name shown with it (may be NULL). */
struct mail_mailbox {
	const char *name;
	const char *addr;
};

/* A header the caller adds (X-Cutover-Unit); its value is encoded too. */
struct mail_header {
	const char *name;      /* ASCII letters, digits and '-' */
	const char *value;
};

struct mail_message {
	struct mail_mailbox from;
	const struct mail_mailbox *to;   /* none: "undisclosed-recipients:;" */
	size_t nto;
	const char *subject;
	const char *body;                /* UTF-8, lines end in '\n' */
	instant_t date;
	int offset_minutes;              /* the Date header's zone */
	const char *message_id;          /* without the <>; see mail_new_id */
	const struct mail_header *extra;
	size_t nextra;
};

/*
 * 1 when addr is an address the engine sends to: local@domain in
 * printable ASCII without spaces or the characters <>()[],;:\" (no
 * quoted local parts, no comments), at most MAIL_ADDRESS_MAX bytes,
 * a domain of dot-separated labels of letters, digits and '-'.
 */
int mail_address_valid(const char *addr);

/*
 * Reads "Name <addr>" or a bare address (a From the configuration
 * gives) into two fresh strings (*name NULL when none; caller frees
 * both).  Returns 0, or -1 with err saying what is wrong.
 */
int mail_parse_mailbox(const char *text, char **name, char **addr,
		       struct err *err);

/* Appends a fresh Message-ID, "<32 hex digits>@domain", without <>. */
void mail_new_id(struct strbuf *out, const char *domain);

/*
 * Appends the whole message: headers (Date, From, To, Subject,
 * Message-ID, MIME-Version, Content-Type, Content-Transfer-Encoding,
 * Auto-Submitted, then extra), an empty line, the body; every line ends
 * in CRLF and none is longer than 78 characters.
 */
void mail_compose(struct strbuf *out, const struct mail_message *m);

/*
 * Appends "Name: value" as mail_compose writes a header: the value's
 * control characters made spaces, invalid UTF-8 made U+FFFD, then raw
 * when it is printable ASCII that fits on one 78-column line with no
 * "=?" in it, else encoded-words folded onto as many lines as it takes.
 * Ends in CRLF.
 */
void mail_header(struct strbuf *out, const char *name, const char *value);

/*
 * Appends text as one line of display text: control characters (C0,
 * DEL, C1) made spaces and invalid UTF-8 made U+FFFD.  For a subject
 * given to a hook in its environment, and for the body's own lines.
 */
void mail_clean_line(struct strbuf *out, const char *text);

#endif
