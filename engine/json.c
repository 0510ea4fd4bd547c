/*
 * JSON output.  Strings are escaped per RFC 8259; bytes >= 0x80 pass
 * through, since every string the engine holds is valid UTF-8.
 */
#include "json.h"

#include <stdio.h>

#include "banned.h"

void json_string(struct strbuf *out, const char *s)
{
	const unsigned char *p;

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
			if (*p < 0x20)
				strbuf_addf(out, "\\u%04x", *p);
			else
				strbuf_addch(out, *p);
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
