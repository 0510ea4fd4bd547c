/*
 * The message composer: arbitrary bytes as a unit's name, a subject and
 * a body (the input split at its first two NULs).  Whatever they hold,
 * the message keeps its shape: CRLF line ends only, header lines of
 * printable ASCII no longer than 78 characters, each a "Name:" line or a
 * continuation that starts with a space, exactly the headers composed
 * (no text adds one), encoded-words of at most 75 characters, and a
 * body of base64 lines no longer than 76.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "mail.h"
#include "seal.h"
#include "strbuf.h"

/* The headers mail_compose writes, with two extra ones below. */
#define HEADERS 11

static void check(const struct strbuf *msg, size_t size)
{
	const char *p = msg->buf, *eol, *word;
	size_t headers = 0, i;
	int in_body = 0;

	for (i = 0; i < msg->len; i++)
		if ((msg->buf[i] == '\r') != (i + 1 < msg->len &&
					      msg->buf[i + 1] == '\n') ||
		    (msg->buf[i] == '\n' && (!i || msg->buf[i - 1] != '\r')))
			fuzz_fail("a bare CR or LF", size);
	for (; (eol = strstr(p, "\r\n")); p = eol + 2) {
		size_t len = (size_t)(eol - p);

		if (!len && !in_body) {
			in_body = 1;
			continue;
		}
		if (in_body) {
			if (len > 76)
				fuzz_fail("a body line over 76", size);
			continue;
		}
		if (len > 78)
			fuzz_fail("a header line over 78", size);
		for (i = 0; i < len; i++)
			if ((unsigned char)p[i] < 0x20 ||
			    (unsigned char)p[i] > 0x7e)
				fuzz_fail("a header byte not printable", size);
		if (p[0] == ' ')
			continue;
		if (!memchr(p, ':', len))
			fuzz_fail("a header line with no name", size);
		headers++;
		for (word = p; (word = strstr(word, "=?UTF-8?B?")) &&
		     word < eol; word += 2) {
			const char *end = strstr(word + 10, "?=");

			if (!end || end > eol || end + 2 - word > 75)
				fuzz_fail("an encoded-word over 75", size);
		}
	}
	if (!in_body || headers != HEADERS)
		fuzz_fail("the headers changed in number", size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *subject, *body;
	size_t first = strlen(text);
	struct mail_mailbox to[2];
	struct mail_header extra[2];
	struct mail_message m;
	struct strbuf msg = STRBUF_INIT;

	seal_init();
	subject = first < size ? text + first + 1 : text + first;
	body = subject + strlen(subject) < text + size ?
		subject + strlen(subject) + 1 : subject + strlen(subject);
	to[0].name = text;
	to[0].addr = "a@b.example";
	to[1].name = subject;
	to[1].addr = "c@d.example";
	extra[0].name = "X-Cutover-Run";
	extra[0].value = text;
	extra[1].name = "X-Cutover-Unit";
	extra[1].value = body;
	memset(&m, 0, sizeof(m));
	m.from.name = body;
	m.from.addr = "hub@b.example";
	m.to = to;
	m.nto = 2;
	m.subject = subject;
	m.body = body;
	m.date = 1780052400;
	m.offset_minutes = 420;
	m.message_id = "0@b.example";
	m.extra = extra;
	m.nextra = 2;
	mail_compose(&msg, &m);
	check(&msg, size);
	strbuf_release(&msg);
	free(text);
	return 0;
}
