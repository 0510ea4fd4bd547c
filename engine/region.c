/*
 * The tables of regions and currencies.  A row is all a new country
 * needs; keep each sorted by code.
 */
#include "region.h"

#include <string.h>

#include "i18n.h"
#include "banned.h"

/* Vietnam: 0 + 9 digits (mobile), 0 + 10 digits (fixed, with the area). */
static const char *const vn_patterns[] = { "ZXXXXXXXX", "ZXXXXXXXXX", NULL };
/* North America: area code NXX, exchange NXX, line XXXX. */
static const char *const us_patterns[] = { "NXXNXXXXXX", NULL };
/* France: 0 + 9 digits, the first 1 to 9. */
static const char *const fr_patterns[] = { "ZXXXXXXXX", NULL };

static const struct region regions[] = {
	{ "FR", "fr", "EUR", "33", "0", 0, "0", fr_patterns, " .-",
	  N_("expected 0 and 9 more digits, e.g. 01 23 45 67 89, or"
	     " +33 1 23 45 67 89"), ' ', ',' },
	{ "US", "en", "USD", "1", "1", 1, "", us_patterns, " .-()",
	  N_("expected 10 digits, e.g. (202) 555-0143 or 202-555-0143, or"
	     " +1 202 555 0143"), ',', '.' },
	{ "VN", "vi", "VND", "84", "0", 0, "0", vn_patterns, " .-",
	  N_("expected 0 and 9 or 10 more digits, e.g. 0912345678, or"
	     " +84 912 345 678"), '.', ',' },
};

static const char *const eur_marks[] = { "\xe2\x82\xac", "EUR", NULL };
static const char *const usd_marks[] = { "US$", "$", "USD", NULL };
/* đ, Đ, ₫, and VND in its spellings. */
static const char *const vnd_marks[] = {
	"VND", "VNĐ", "vnđ", "vnd", "Vnđ", "\xc4\x91", "\xc4\x90",
	"\xe2\x82\xab", NULL
};

static const struct currency currencies[] = {
	{ "EUR", 2, eur_marks,
	  N_("expected euros and cents, e.g. 1500, 1 500,50 or 1500,50 €") },
	{ "USD", 2, usd_marks,
	  N_("expected dollars and cents, e.g. 1500, 1,500.50 or $1,500.50") },
	{ "VND", 0, vnd_marks,
	  N_("expected a whole amount of dong, e.g. 1500000, 1.500.000 or"
	     " 1,500,000 đ") },
};

#define NREGIONS (sizeof(regions) / sizeof(regions[0]))
#define NCURRENCIES (sizeof(currencies) / sizeof(currencies[0]))

const struct region *region_find(const char *code)
{
	size_t i;

	for (i = 0; code && i < NREGIONS; i++)
		if (!strcmp(regions[i].code, code))
			return &regions[i];
	return NULL;
}

const struct currency *region_currency(const char *code)
{
	size_t i;

	for (i = 0; code && i < NCURRENCIES; i++)
		if (!strcmp(currencies[i].code, code))
			return &currencies[i];
	return NULL;
}

void region_list(char *out, size_t size, int want_currencies)
{
	size_t i, n = want_currencies ? NCURRENCIES : NREGIONS, len = 0;
	const char *code;

	if (!size)
		return;
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		code = want_currencies ? currencies[i].code : regions[i].code;
		if (len + strlen(code) + 3 >= size)
			break;
		if (i) {
			memcpy(out + len, ", ", 2);
			len += 2;
		}
		memcpy(out + len, code, strlen(code));
		len += strlen(code);
		out[len] = '\0';
	}
}

static int pattern_matches(const char *pattern, const char *nsn)
{
	size_t i;

	for (i = 0; pattern[i]; i++) {
		char c = nsn[i];

		if (c < '0' || c > '9')
			return 0;
		switch (pattern[i]) {
		case 'X':
			break;
		case 'N':
			if (c < '2')
				return 0;
			break;
		case 'Z':
			if (c < '1')
				return 0;
			break;
		default:
			if (c != pattern[i])
				return 0;
		}
	}
	return nsn[i] == '\0';
}

int region_phone_matches(const struct region *r, const char *nsn)
{
	size_t i;

	for (i = 0; r->patterns[i]; i++)
		if (pattern_matches(r->patterns[i], nsn))
			return 1;
	return 0;
}

const struct region *region_by_calling_code(const char *digits)
{
	const struct region *best = NULL;
	size_t i, n;

	for (i = 0; i < NREGIONS; i++) {
		n = strlen(regions[i].calling_code);
		if (!strncmp(digits, regions[i].calling_code, n) &&
		    (!best || n > strlen(best->calling_code)))
			best = &regions[i];
	}
	return best;
}
