/*
 * The text a user types into the ledger, and its limits: a name (who
 * signs, who is on duty, who issues a token), one line; a text (a
 * comment, a reason, a difficulty, a resolution, a waiver's reason), of
 * several lines; a run's name.  Checked by the store for every event and
 * row it writes, whatever the door (a command, an import, step, the web),
 * and earlier by the doors that can say which column or option it was.
 *
 * Besides the length: valid UTF-8, no control character (C0, DEL, C1),
 * no bidirectional override or isolate (sanitize_unsafe), but newline and
 * tab in a text.  Evidence values have their own types (evidence.h),
 * with the same characters refused and FIELD_TEXT_MAX as their length.
 *
 * DESIGN: every input is hostile: a size, a control character.
 */
#ifndef FIELD_H
#define FIELD_H

#include <stddef.h>

#include "err.h"

#define FIELD_NAME_MAX 200        /* bytes: a person's name, one line */
#define FIELD_TEXT_MAX 4096       /* bytes: a comment, a reason, a difficulty */
#define FIELD_RUN_NAME_MAX 64     /* bytes: a run's name, one line */

enum field_kind {
	FIELD_LINE,               /* one line */
	FIELD_LINES               /* newline and tab allowed */
};

/*
 * 0 when value (NULL: nothing to check) holds no more than max bytes of
 * valid UTF-8 without what a terminal or a report must not receive; else
 * -1 with err: "field 'NAME': ..." (err_about names the field).
 */
int field_check(const char *name, const char *value, size_t max,
		enum field_kind kind, struct err *err);

#endif
