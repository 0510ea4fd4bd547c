/*
 * What reaches a terminal: any bytes through sanitize_text, with each of
 * its flags, come out valid UTF-8 holding no control a terminal acts on
 * (but newline and tab with SANITIZE_LINES, CR LF, and with
 * SANITIZE_STYLES the seven styles of term_style), and a text written in
 * two pieces, cut anywhere, reads as the whole.  field_check and the JSON
 * writer follow the same classification: a value field_check accepts is
 * printed unchanged, and JSON holds nothing raw either.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "json.h"
#include "sanitize.h"
#include "strbuf.h"
#include "utf8.h"

static const char *const styles[] = {
	"\033[0m", "\033[1m", "\033[2m", "\033[31m", "\033[32m", "\033[33m",
	"\033[36m",
};

/* 1 when out holds nothing a terminal would act on. */
static int inert(const struct strbuf *out, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)out->buf;
	size_t i = 0, n, k;

	while (i < out->len) {
		if (p[i] == 033 && (flags & SANITIZE_STYLES)) {
			for (k = 0; k < sizeof(styles) / sizeof(styles[0]); k++)
				if (!strncmp(out->buf + i, styles[k],
					     strlen(styles[k])))
					break;
			if (k < sizeof(styles) / sizeof(styles[0])) {
				i += strlen(styles[k]);
				continue;
			}
			return 0;
		}
		if (flags && (p[i] == '\n' || p[i] == '\t' ||
			      (p[i] == '\r' && p[i + 1] == '\n'))) {
			i += p[i] == '\r' ? 2 : 1;
			continue;
		}
		n = utf8_seq_len(p + i, out->len - i);
		if (!n || sanitize_unsafe(utf8_decode(p + i, n)))
			return 0;
		i += n;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned all[] = { 0, SANITIZE_LINES, SANITIZE_STYLES };
	const char *text = (const char *)data;
	struct strbuf whole = STRBUF_INIT, cut = STRBUF_INIT, rest = STRBUF_INIT;
	struct err err = ERR_INIT;
	char *copy = fuzz_text(data, size);
	size_t f, at, used;

	for (f = 0; f < sizeof(all) / sizeof(all[0]); f++) {
		strbuf_reset(&whole);
		sanitize_text(&whole, text, size, all[f]);
		if (!inert(&whole, all[f]))
			fuzz_fail("a control reached the output raw", size);
		if (!all[f] && memchr(whole.buf, '\n', whole.len))
			fuzz_fail("a one-line field kept a newline", size);
		at = size ? data[0] % (size + 1) : 0;
		strbuf_reset(&cut);
		strbuf_reset(&rest);
		used = sanitize_chunk(&cut, text, at, all[f], 1);
		if (used > at || at - used >= 8)
			fuzz_fail("a piece kept too much for later", size);
		strbuf_add(&rest, text + used, size - used);
		sanitize_chunk(&cut, rest.buf, rest.len, all[f], 0);
		if (cut.len != whole.len || memcmp(cut.buf, whole.buf, cut.len))
			fuzz_fail("a text cut in two read otherwise", size);
	}
	/* What field_check accepts prints unchanged (newlines aside). */
	if (strlen(copy) == size &&
	    !field_check("f", copy, size + 1, FIELD_LINE, &err)) {
		strbuf_reset(&whole);
		sanitize_text(&whole, copy, size, SANITIZE_LINES);
		if (whole.len != size || memcmp(whole.buf, copy, size))
			fuzz_fail("an accepted field prints otherwise", size);
	}
	err_release(&err);
	/* JSON escapes instead: nothing raw, and a string stays one. */
	strbuf_reset(&whole);
	json_string(&whole, copy);
	if (!inert(&whole, 0))
		fuzz_fail("JSON kept a control raw", size);
	free(copy);
	strbuf_release(&whole);
	strbuf_release(&cut);
	strbuf_release(&rest);
	return 0;
}
