/*
 * Folding for matching names (fold.h), on libunistring's case folding
 * to the decomposed form (NFD) and its general categories.
 */
#include "fold.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "banned.h"

static int is_separator(ucs4_t c)
{
	return c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t' ||
	       uc_is_general_category(c, UC_SPACE_SEPARATOR);
}

int fold_text(struct strbuf *out, const char *s)
{
	size_t n = strlen(s), len = 0;
	uint8_t *folded;
	const uint8_t *p, *end;
	int pending_space = 0, any = 0;

	if (u8_check((const uint8_t *)s, n))
		return -1;
	folded = u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFD, NULL,
			     &len);
	if (!folded)
		return -1;
	p = folded;
	end = folded + len;
	while (p < end) {
		ucs4_t c;
		int k = u8_mbtouc(&c, p, (size_t)(end - p));
		uint8_t buf[6];
		int w;

		p += k;
		if (uc_is_general_category(c, UC_NON_SPACING_MARK))
			continue;
		if (is_separator(c)) {
			pending_space = any;
			continue;
		}
		if (c == 0x0111)        /* đ: a letter of its own in NFD */
			c = 'd';
		if (pending_space)
			strbuf_addch(out, ' ');
		pending_space = 0;
		w = u8_uctomb(buf, c, sizeof(buf));
		if (w > 0)
			strbuf_add(out, buf, (size_t)w);
		any = 1;
	}
	free(folded);
	return 0;
}
