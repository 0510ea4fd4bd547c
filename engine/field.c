/*
 * Checking a text field against its limits (field.h).
 */
#include "field.h"

#include <string.h>

#include "i18n.h"
#include "sanitize.h"
#include "utf8.h"
#include "banned.h"

int field_check(const char *name, const char *value, size_t max,
		enum field_kind kind, struct err *err)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t len, i = 0, n;
	uint32_t cp;

	if (!value)
		return 0;
	len = strlen(value);
	if (len > max) {
		err_about(err, NULL, name);
		return fail(err, _("%zu bytes long, longer than %zu"), len, max);
	}
	while (i < len) {
		n = utf8_seq_len(p + i, len - i);
		if (!n) {
			err_about(err, NULL, name);
			return fail(err, _("not valid UTF-8 (bad byte 0x%02x at"
					   " offset %zu)"), p[i], i);
		}
		cp = utf8_decode(p + i, n);
		/* A text keeps its lines, as a spreadsheet ends them too. */
		if (kind == FIELD_LINES && (cp == '\n' || cp == '\t' ||
		    (cp == '\r' && p[i + 1] == '\n'))) {
			i += n;
			continue;
		}
		if (sanitize_unsafe(cp)) {
			err_about(err, NULL, name);
			return fail(err, kind == FIELD_LINES ?
				    _("holds control character U+%04X at offset"
				      " %zu (only newline and tab are allowed)") :
				    _("holds control character U+%04X at offset"
				      " %zu (one line of text, without control"
				      " characters)"), (unsigned)cp, i);
		}
		i += n;
	}
	return 0;
}
