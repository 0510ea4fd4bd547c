/*
 * JSON output.  Strings are escaped per RFC 8259, and further: DEL, the
 * C1 controls and the bidirectional controls (sanitize_unsafe) are
 * written as \uXXXX too, so that JSON printed on a terminal carries
 * none of them raw and a parser still reads the text as stored.  A
 * byte that is not UTF-8 becomes \ufffd: JSON is UTF-8.
 */
#include "json.h"

#include <stdio.h>

#include "sanitize.h"
#include "utf8.h"
#include "banned.h"


void json_string(struct strbuf *out, const char *s)
{
	const unsigned char *p;
	size_t n;
	uint32_t cp;

	if (!s) {
		strbuf_adds(out, "null");
		return;
	}
	strbuf_addch(out, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			strbuf_adds(out, "\\\"");
			break;
		case '\\':
			strbuf_adds(out, "\\\\");
			break;
		case '\n':
			strbuf_adds(out, "\\n");
			break;
		case '\r':
			strbuf_adds(out, "\\r");
			break;
		case '\t':
			strbuf_adds(out, "\\t");
			break;
		default:
			if (*p < 0x7f && *p >= 0x20) {
				strbuf_addch(out, *p);
				break;
			}
			/* Four is safe: the NUL ends any sequence before it. */
			n = utf8_seq_len(p, 4);
			cp = n ? utf8_decode(p, n) : 0xfffd;
			if (!n || sanitize_unsafe(cp)) {
				strbuf_addf(out, "\\u%04x", (unsigned)cp);
			} else {
				strbuf_add(out, p, n);
			}
			p += n ? n - 1 : 0;
		}
	}
	strbuf_addch(out, '"');
}

void json_key(struct strbuf *out, const char *key, int first)
{
	if (!first)
		strbuf_addch(out, ',');
	json_string(out, key);
	strbuf_addch(out, ':');
}

void json_key_string(struct strbuf *out, const char *key, const char *value,
		     int first)
{
	json_key(out, key, first);
	json_string(out, value);
}

void json_key_int(struct strbuf *out, const char *key, int64_t value,
		  int first)
{
	json_key(out, key, first);
	strbuf_addf(out, "%lld", (long long)value);
}
