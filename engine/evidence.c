/*
 * Evidence values: the checks and normalisations applied to what a unit
 * types at sign-off, one function per declared type.
 *
 * Invariant: what is appended to `out` is the canonical text form that
 * the store keeps and the check functions see, so two spellings of the
 * same value ("+84 912 345 678", "0912.345.678") compare equal later.
 * Nothing is appended when a value is rejected.
 */
#include "evidence.h"

#include <stdint.h>
#include <string.h>

#include "err.h"
#include "field.h"
#include "i18n.h"
#include "model.h"
#include "region.h"
#include "strbuf.h"
#include "utf8.h"
#include "banned.h"

#define TEXT_MAX_BYTES 4096
/* How much of a rejected value a message repeats back. */
#define QUOTE_MAX_BYTES 60

/* A value with its surrounding blanks cut off; not NUL-terminated. */
struct span {
	const char *s;
	size_t len;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static struct span trim(const char *raw)
{
	struct span v = { raw, strlen(raw) };

	while (v.len && is_blank(v.s[0])) {
		v.s++;
		v.len--;
	}
	while (v.len && is_blank(v.s[v.len - 1]))
		v.len--;
	return v;
}

static int span_eq(struct span v, const char *lit)
{
	return v.len == strlen(lit) && !memcmp(v.s, lit, v.len);
}

static int span_ieq(struct span v, const char *lit)
{
	size_t i;

	if (v.len != strlen(lit))
		return 0;
	for (i = 0; i < v.len; i++)
		if (lower(v.s[i]) != lower(lit[i]))
			return 0;
	return 1;
}

int evidence_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq_len(p + i, len - i);
		if (!n)
			return 0;
		i += n;
	}
	return 1;
}

/*
 * Appends v quoted for a message: cut short when long, and with control
 * characters and invalid UTF-8 shown as \xNN so the message stays one
 * readable line.
 */
static void add_quoted(struct strbuf *sb, struct span v)
{
	const unsigned char *p = (const unsigned char *)v.s;
	size_t i = 0, n;

	strbuf_addch(sb, '\'');
	while (i < v.len) {
		if (i >= QUOTE_MAX_BYTES) {
			strbuf_adds(sb, "...");
			break;
		}
		n = utf8_seq_len(p + i, v.len - i);
		if (!n || p[i] < 0x20 || p[i] == 0x7f) {
			strbuf_addf(sb, "\\x%02x", p[i]);
			i++;
			continue;
		}
		strbuf_add(sb, p + i, n);
		i += n;
	}
	strbuf_addch(sb, '\'');
}

/* Fails with "'VALUE' is not WHAT (HINT)". */
static int reject(struct err *err, struct span v, const char *what,
		  const char *hint)
{
	struct strbuf q = STRBUF_INIT;

	add_quoted(&q, v);
	fail(err, _("%s is not %s (%s)"), q.buf, _(what), _(hint));
	strbuf_release(&q);
	return -1;
}

/*
 * Checks that v is valid UTF-8 without control characters other than
 * newline and tab (allow_newline) - C0, DEL and the C1 range U+0080..9F,
 * which only ever arrive by accident and corrupt what reports print.
 */
static int check_chars(struct span v, int allow_newline, const char *what,
		       struct err *err)
{
	const unsigned char *p = (const unsigned char *)v.s;
	size_t i = 0, n;

	while (i < v.len) {
		n = utf8_seq_len(p + i, v.len - i);
		if (!n)
			return fail(err, _("%s is not valid UTF-8 (bad byte 0x%02x at offset %zu)"),
				    _(what), p[i], i);
		if ((p[i] < 0x20 || p[i] == 0x7f) &&
		    !(allow_newline && (p[i] == '\n' || p[i] == '\t')))
			return fail(err, _("%s contains control character 0x%02x at offset %zu (%s)"),
				    _(what), p[i], i,
				    allow_newline ?
				    _("only newline and tab are allowed") :
				    _("no control characters are allowed"));
		if (p[i] == 0xc2 && p[i + 1] < 0xa0)
			return fail(err, _("%s contains control character U+%04X at offset %zu"),
				    _(what), p[i + 1], i);
		i += n;
	}
	return 0;
}

static int norm_text(struct span v, struct strbuf *out, struct err *err)
{
	if (!v.len)
		return fail(err, "%s", _("text is empty (expected some text)"));
	if (v.len > TEXT_MAX_BYTES)
		return fail(err, _("text is too long (%zu bytes, at most %d)"),
			    v.len, TEXT_MAX_BYTES);
	if (check_chars(v, 1, N_("text"), err) < 0)
		return -1;
	strbuf_add(out, v.s, v.len);
	return 0;
}

/* Appends the normal form of nsn, a number of region r. */
static void add_phone(struct strbuf *out, const struct region *home,
		      const struct region *r, const char *nsn)
{
	if (r == home) {
		strbuf_adds(out, r->written_prefix);
	} else {
		strbuf_addch(out, '+');
		strbuf_adds(out, r->calling_code);
	}
	strbuf_adds(out, nsn);
}

static int norm_phone(struct span v, const struct region *home,
		      struct strbuf *out, struct err *err)
{
	const char *hint = home->phone_hint;
	char digits[32];
	size_t i = 0, n = 0, cc;
	int plus = 0;
	const struct region *r;
	const char *national;

	if (v.len && v.s[0] == '+') {
		plus = 1;
		i = 1;
	}
	for (; i < v.len; i++) {
		char c = v.s[i];

		/*
		 * Separators go between digits, not in front of the number
		 * ("(202) 555-0143" opens with one where the region writes
		 * its area code so); after a "+", any region's.
		 */
		if (c && strchr(plus ? " .-()" : home->separators, c) &&
		    (n || plus || c == '('))
			continue;
		if (!is_digit(c) || n + 1 >= sizeof(digits))
			return reject(err, v, N_("a phone number"), hint);
		digits[n++] = c;
	}
	digits[n] = '\0';
	if (!n)
		return reject(err, v, N_("a phone number"), hint);
	if (plus) {
		/* E.164: the country code, then at most 15 digits in all. */
		r = region_by_calling_code(digits);
		if (!r) {
			if (digits[0] == '0' || n < 8 || n > 15)
				return reject(err, v, N_("a phone number"),
					      N_("expected + and the country"
						 " code, 8 to 15 digits in"
						 " all"));
			strbuf_addch(out, '+');
			strbuf_adds(out, digits);
			return 0;
		}
		national = digits + strlen(r->calling_code);
		/*
		 * "+84 0912...": two prefixes at once; guessing which one
		 * was meant would hide a typo.
		 */
		if (!r->trunk_optional && r->trunk[0] &&
		    !strncmp(national, r->trunk, strlen(r->trunk))) {
			struct strbuf why = STRBUF_INIT;

			strbuf_addf(&why, _("no %s after the country code %s"),
				    r->trunk, r->calling_code);
			reject(err, v, N_("a phone number"), why.buf);
			strbuf_release(&why);
			return -1;
		}
		if (!region_phone_matches(r, national))
			return reject(err, v, N_("a phone number"),
				      r->phone_hint);
		add_phone(out, home, r, national);
		return 0;
	}
	/* The country code without its "+": "84 912 345 678". */
	cc = strlen(home->calling_code);
	if (!strncmp(digits, home->calling_code, cc) &&
	    strncmp(digits, home->trunk, strlen(home->trunk)) &&
	    region_phone_matches(home, digits + cc)) {
		add_phone(out, home, home, digits + cc);
		return 0;
	}
	national = digits;
	if (home->trunk[0] &&
	    !strncmp(digits, home->trunk, strlen(home->trunk)) &&
	    region_phone_matches(home, digits + strlen(home->trunk)))
		national = digits + strlen(home->trunk);
	else if (!home->trunk_optional)
		return reject(err, v, N_("a phone number"), hint);
	if (!region_phone_matches(home, national))
		return reject(err, v, N_("a phone number"), hint);
	add_phone(out, home, home, national);
	return 0;
}

static int email_local_char(char c)
{
	return is_alnum(c) || (c && strchr("!#$%&'*+/=?^_`{|}~.-", c));
}

static int norm_email(struct span v, struct strbuf *out, struct err *err)
{
	static const char hint[] = N_("expected name@example.com");
	const char *at = v.len ? memchr(v.s, '@', v.len) : NULL;
	size_t local_len, i, label = 0, labels = 1, last_dot = 0;
	const char *dom;
	size_t dom_len;
	int tld_alpha = 0;

	if (!at)
		return reject(err, v, N_("an email address"), hint);
	local_len = (size_t)(at - v.s);
	dom = at + 1;
	dom_len = v.len - local_len - 1;
	if (!local_len || local_len > 64 || !dom_len || v.len > 254)
		return reject(err, v, N_("an email address"), hint);
	if (v.s[0] == '.' || v.s[local_len - 1] == '.')
		return reject(err, v, N_("an email address"), hint);
	for (i = 0; i < local_len; i++)
		if (!email_local_char(v.s[i]) ||
		    (v.s[i] == '.' && v.s[i + 1] == '.'))
			return reject(err, v, N_("an email address"), hint);
	/* Domain: dot-separated labels of letters, digits and inner hyphens. */
	for (i = 0; i <= dom_len; i++) {
		char c = i < dom_len ? dom[i] : '.';

		if (c == '.') {
			if (!label || label > 63 || dom[i - 1] == '-')
				return reject(err, v, N_("an email address"), hint);
			if (i < dom_len) {
				labels++;
				last_dot = i + 1;
			}
			label = 0;
			continue;
		}
		if (!is_alnum(c) && c != '-')
			return reject(err, v, N_("an email address"), hint);
		if (c == '-' && !label)
			return reject(err, v, N_("an email address"), hint);
		label++;
	}
	for (i = last_dot; i < dom_len; i++)
		if (!is_digit(dom[i]))
			tld_alpha = 1;
	if (labels < 2 || dom_len - last_dot < 2 || !tld_alpha)
		return reject(err, v, N_("an email address"), hint);
	strbuf_add(out, v.s, local_len + 1);
	for (i = 0; i < dom_len; i++)
		strbuf_addch(out, lower(dom[i]));
	return 0;
}

static int norm_url(struct span v, struct strbuf *out, struct err *err)
{
	static const char hint[] = N_(
		"expected http:// or https:// and a host, without spaces");
	size_t i, start, end, host, host_end;

	if (v.len >= 8 && span_ieq((struct span){ v.s, 8 }, "https://"))
		start = 8;
	else if (v.len >= 7 && span_ieq((struct span){ v.s, 7 }, "http://"))
		start = 7;
	else
		return reject(err, v, N_("a web address"), hint);
	if (!evidence_valid_utf8(v.s, v.len))
		return reject(err, v, N_("a web address"), N_("not valid UTF-8"));
	for (i = 0; i < v.len; i++)
		if ((unsigned char)v.s[i] <= 0x20 || v.s[i] == 0x7f)
			return reject(err, v, N_("a web address"), hint);
	for (end = start; end < v.len; end++)
		if (v.s[end] == '/' || v.s[end] == '?' || v.s[end] == '#')
			break;
	/* Skip "user:pass@", then take the host up to an optional ":port". */
	host = start;
	for (i = start; i < end; i++)
		if (v.s[i] == '@')
			host = i + 1;
	if (host < end && v.s[host] == '[') {
		for (host_end = host + 1; host_end < end; host_end++)
			if (v.s[host_end] == ']')
				break;
		if (host_end == end || host_end == host + 1)
			return reject(err, v, N_("a web address"), hint);
		for (i = host + 1; i < host_end; i++)
			if (!is_alnum(v.s[i]) && v.s[i] != ':' &&
			    v.s[i] != '.')
				return reject(err, v, N_("a web address"), hint);
		host_end++;
	} else {
		for (host_end = host; host_end < end; host_end++) {
			unsigned char c = (unsigned char)v.s[host_end];

			if (c == ':')
				break;
			/* Bytes >= 0x80 are the UTF-8 of an IDN host. */
			if (!is_alnum((char)c) && c != '-' && c != '.' &&
			    c != '_' && c < 0x80)
				return reject(err, v, N_("a web address"), hint);
		}
		if (host_end == host)
			return reject(err, v, N_("a web address"), hint);
	}
	if (host_end < end) {
		unsigned long port = 0;

		if (v.s[host_end] != ':' || host_end + 1 == end)
			return reject(err, v, N_("a web address"), hint);
		for (i = host_end + 1; i < end; i++) {
			if (!is_digit(v.s[i]) || port > 65535)
				return reject(err, v, N_("a web address"), hint);
			port = port * 10 + (unsigned long)(v.s[i] - '0');
		}
		if (port < 1 || port > 65535)
			return reject(err, v, N_("a web address"),
				      N_("port must be 1 to 65535"));
	}
	strbuf_add(out, v.s, v.len);
	return 0;
}

/*
 * Appends the digits of an unsigned decimal without leading zeros,
 * after checking that the value (negated when neg) fits in int64.
 */
static int add_int64_digits(struct strbuf *out, const char *digits,
			    size_t n, int neg)
{
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t value = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)(digits[i] - '0');

		if (value > (limit - d) / 10)
			return -1;
		value = value * 10 + d;
	}
	if (neg && value)
		strbuf_addch(out, '-');
	strbuf_addf(out, "%llu", (unsigned long long)value);
	return 0;
}

static int norm_int(struct span v, struct strbuf *out, struct err *err)
{
	static const char hint[] = N_("expected a whole number like 42 or -7");
	size_t i = 0;
	int neg = 0;

	if (v.len && v.s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == v.len)
		return reject(err, v, N_("a whole number"), hint);
	for (; i < v.len; i++)
		if (!is_digit(v.s[i]))
			return reject(err, v, N_("a whole number"), hint);
	if (add_int64_digits(out, v.s + neg, v.len - (size_t)neg, neg) < 0)
		return reject(err, v, N_("a whole number"),
			      N_("too large for a 64-bit integer"));
	return 0;
}

/* Cuts one of the currency's marks off either end of v. */
static void cut_currency(struct span *v, const struct currency *cur)
{
	size_t i, n;

	for (i = 0; cur->marks[i]; i++) {
		n = strlen(cur->marks[i]);
		if (v->len >= n && !memcmp(v->s + v->len - n, cur->marks[i], n)) {
			v->len -= n;
			break;
		}
		if (v->len >= n && !memcmp(v->s, cur->marks[i], n)) {
			v->s += n;
			v->len -= n;
			break;
		}
	}
	while (v->len && v->s[0] == ' ') {
		v->s++;
		v->len--;
	}
	while (v->len && v->s[v->len - 1] == ' ')
		v->len--;
}

enum money_fault { MONEY_FORM, MONEY_DECIMALS, MONEY_NO_MINOR, MONEY_LARGE };

/* Fails with "'VALUE' is not an amount (WHY)", WHY as the fault says. */
static int reject_money(struct err *err, struct span v,
			const struct currency *cur, enum money_fault fault)
{
	struct strbuf q = STRBUF_INIT, why = STRBUF_INIT;

	add_quoted(&q, v);
	switch (fault) {
	case MONEY_DECIMALS:
		strbuf_addf(&why, P_("%s has %d decimal place",
				     "%s has %d decimal places", cur->minor),
			    cur->code, cur->minor);
		break;
	case MONEY_NO_MINOR:
		strbuf_addf(&why, _("%s has no minor units: a whole amount"),
			    cur->code);
		break;
	case MONEY_LARGE:
		strbuf_adds(&why, _("too large"));
		break;
	case MONEY_FORM:
	default:
		strbuf_adds(&why, _(cur->hint));
		break;
	}
	fail(err, _("%s is not %s (%s)"), q.buf, _("an amount"), why.buf);
	strbuf_release(&q);
	strbuf_release(&why);
	return -1;
}

static int norm_money(struct span v, const struct region *reg,
		      const struct currency *cur, int negative,
		      struct strbuf *out, struct err *err)
{
	struct span num = v;
	char digits[32], frac[32];
	char group = reg->group, sep = 0;
	size_t i, n = 0, nfrac = 0, run = 0;
	int neg = 0, in_frac = 0, zero;
	struct strbuf whole = STRBUF_INIT;

	/* "-1.500 đ", "-$5", "$-5": the sign before or after the mark. */
	if (num.len && num.s[0] == '-') {
		neg = 1;
		num.s++;
		num.len--;
	}
	cut_currency(&num, cur);
	if (!neg && num.len && num.s[0] == '-') {
		neg = 1;
		num.s++;
		num.len--;
	}
	if (neg && !negative)
		return reject(err, v, N_("an amount"),
			      N_("money cannot be negative"));
	if (!num.len || !is_digit(num.s[0]))
		return reject_money(err, v, cur, MONEY_FORM);
	for (i = 0; i < num.len; i++) {
		char c = num.s[i];

		if (is_digit(c)) {
			if (in_frac) {
				if (nfrac + 1 >= sizeof(frac))
					return reject_money(err, v, cur,
							    MONEY_DECIMALS);
				frac[nfrac++] = c;
			} else {
				if (n + 1 >= sizeof(digits))
					return reject_money(err, v, cur,
							    MONEY_LARGE);
				digits[n++] = c;
				run++;
			}
			continue;
		}
		/*
		 * A currency without minor units has no decimals to mark:
		 * both marks can only group its digits ("1.500.000",
		 * "1,500,000"), one kind in an amount.
		 */
		if (!in_frac && (c == group || (!cur->minor &&
			       (c == '.' || c == ',')))) {
			if ((sep && c != sep) || (sep && run != 3) ||
			    (!sep && (run < 1 || run > 3)))
				return reject_money(err, v, cur, MONEY_FORM);
			sep = c;
			run = 0;
			continue;
		}
		if (!in_frac && c == reg->decimal && cur->minor) {
			in_frac = 1;
			continue;
		}
		return reject_money(err, v, cur, MONEY_FORM);
	}
	if (sep && run != 3)
		return reject_money(err, v, cur, MONEY_FORM);
	if (in_frac && !nfrac)
		return reject_money(err, v, cur, MONEY_FORM);
	/* Decimals past the minor units are read only when they are 0. */
	for (i = (size_t)cur->minor; i < nfrac; i++)
		if (frac[i] != '0')
			return reject_money(err, v, cur, cur->minor ?
					    MONEY_DECIMALS : MONEY_NO_MINOR);
	strbuf_reset(&whole);
	if (add_int64_digits(&whole, digits, n, 0) < 0) {
		strbuf_release(&whole);
		return reject_money(err, v, cur, MONEY_LARGE);
	}
	/* "-0.00" is 0. */
	zero = !strcmp(whole.buf, "0");
	for (i = 0; zero && i < nfrac && i < (size_t)cur->minor; i++)
		zero = frac[i] == '0';
	if (neg && !zero)
		strbuf_addch(out, '-');
	strbuf_add(out, whole.buf, whole.len);
	strbuf_release(&whole);
	if (cur->minor) {
		strbuf_addch(out, '.');
		for (i = 0; i < (size_t)cur->minor; i++)
			strbuf_addch(out, i < nfrac ? frac[i] : '0');
	}
	return 0;
}

int evidence_money_minor(const char *normalised, long long *out)
{
	unsigned long long v = 0;
	const char *p = normalised;
	int neg = 0, any = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; *p; p++) {
		if (*p == '.')
			continue;
		if (!is_digit(*p) || v > (unsigned long long)INT64_MAX / 10)
			return -1;
		v = v * 10 + (unsigned long long)(*p - '0');
		any = 1;
	}
	if (!any || v > (unsigned long long)INT64_MAX)
		return -1;
	*out = neg ? -(long long)v : (long long)v;
	return 0;
}

static int read_digits(const char *s, size_t n, int *value)
{
	size_t i;

	*value = 0;
	if (!n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		*value = *value * 10 + (s[i] - '0');
	}
	return 0;
}

static int norm_date(struct span v, enum clock_date_order order,
		     struct strbuf *out, struct err *err)
{
	const char *hint = order == CLOCK_DATES_DMY ?
		N_("expected YYYY-MM-DD or DD/MM/YYYY") :
		order == CLOCK_DATES_MDY ?
		N_("expected YYYY-MM-DD or MM/DD/YYYY") :
		N_("expected YYYY-MM-DD");
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	const char *s1, *s2;
	int y, m, d, a, b, max;

	if (v.len == 10 && v.s[4] == '-' && v.s[7] == '-') {
		if (read_digits(v.s, 4, &y) < 0 ||
		    read_digits(v.s + 5, 2, &m) < 0 ||
		    read_digits(v.s + 8, 2, &d) < 0)
			return reject(err, v, N_("a date"), hint);
	} else {
		/* A/B/YYYY with one or two digits for day and month */
		s1 = memchr(v.s, '/', v.len);
		s2 = s1 ? memchr(s1 + 1, '/', v.len - (size_t)(s1 + 1 - v.s)) :
		     NULL;
		if (!s1 || !s2 || s1 - v.s > 2 || s2 - s1 - 1 > 2 ||
		    v.s + v.len - s2 - 1 != 4 ||
		    read_digits(v.s, (size_t)(s1 - v.s), &a) < 0 ||
		    read_digits(s1 + 1, (size_t)(s2 - s1 - 1), &b) < 0 ||
		    read_digits(s2 + 1, 4, &y) < 0)
			return reject(err, v, N_("a date"), hint);
		/*
		 * 09/01/2026 is 9 January to some and 1 September to
		 * others: read only in the order the runbook declares.
		 */
		if (order == CLOCK_DATES_ISO)
			return reject(err, v, N_("a date"),
				      N_("day and month are ambiguous here:"
					 " write YYYY-MM-DD"));
		d = order == CLOCK_DATES_DMY ? a : b;
		m = order == CLOCK_DATES_DMY ? b : a;
	}
	if (y < 1)
		return reject(err, v, N_("a date"), N_("year must be 0001 to 9999"));
	if (m < 1 || m > 12)
		return reject(err, v, N_("a date"), N_("no such month"));
	max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	if (d < 1 || d > max)
		return reject(err, v, N_("a date"), N_("no such day in that month"));
	strbuf_addf(out, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/*
 * Folds a yes/no word for comparison: ASCII to lower case, and the
 * Vietnamese ó/ô in upper case or in decomposed form (o + combining
 * accent, as some keyboards send) to precomposed lower case.
 */
static void fold_word(struct span v, struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < v.len; i++) {
		const char *s = v.s + i;
		size_t left = v.len - i;

		if (left >= 3 && lower(s[0]) == 'o' && s[1] == '\xcc' &&
		    (s[2] == '\x81' || s[2] == '\x82')) {
			strbuf_adds(sb, s[2] == '\x81' ? "\xc3\xb3" : "\xc3\xb4");
			i += 2;
		} else if (left >= 2 && s[0] == '\xc3' &&
			   (s[1] == '\x93' || s[1] == '\x94')) {
			strbuf_adds(sb, s[1] == '\x93' ? "\xc3\xb3" : "\xc3\xb4");
			i++;
		} else {
			strbuf_addch(sb, lower(s[0]));
		}
	}
}

static int norm_bool(struct span v, struct strbuf *out, struct err *err)
{
	/* Without diacritics too: many keyboards here type them that way. */
	static const char *const yes[] = {
		"yes", "true", "1", "c\xc3\xb3", "co"
	};
	static const char *const no[] = {
		"no", "false", "0", "kh\xc3\xb4ng", "khong"
	};
	struct strbuf f = STRBUF_INIT;
	struct span w;
	size_t i;
	int res = -1;

	fold_word(v, &f);
	w.s = f.buf;
	w.len = f.len;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (span_eq(w, yes[i])) {
			strbuf_adds(out, "true");
			res = 0;
		} else if (span_eq(w, no[i])) {
			strbuf_adds(out, "false");
			res = 0;
		}
	}
	strbuf_release(&f);
	if (res < 0)
		return reject(err, v, N_("yes or no"),
			      N_("expected yes/no, true/false, 1/0 or c\xc3\xb3/kh\xc3\xb4ng"));
	return 0;
}

static int norm_file(const char *raw, struct span v, struct strbuf *out,
		     struct err *err)
{
	struct span whole = { raw, strlen(raw) };

	if (!v.len)
		return fail(err, "%s", _("file name is empty (expected the name of the attached file)"));
	if (check_chars(whole, 0, N_("file name"), err) < 0)
		return -1;
	strbuf_add(out, raw, whole.len);
	return 0;
}

void evidence_rules_of(struct evidence_rules *out,
		       const struct runbook_locale *locale,
		       const struct evidence_field *f)
{
	static const struct evidence_rules defaults = EVIDENCE_RULES_DEFAULT;

	*out = defaults;
	if (locale) {
		out->region = locale->region;
		out->currency = locale->currency;
		out->dates = locale->dates;
	}
	out->negative = f ? f->negative : 0;
}

int evidence_normalize(enum evidence_type type,
		       const struct evidence_rules *rules, const char *raw,
		       struct strbuf *out, struct err *err)
{
	static const struct evidence_rules defaults = EVIDENCE_RULES_DEFAULT;
	const struct region *region;
	const struct currency *currency;
	struct span v;

	if (!rules)
		rules = &defaults;
	region = region_find(rules->region ? rules->region : "VN");
	if (!region)
		return fail(err, "unknown region '%s'", rules->region);
	currency = region_currency(rules->currency ? rules->currency :
				   region->currency);
	if (!currency)
		return fail(err, "unknown currency '%s'", rules->currency);
	if ((unsigned)type > EVIDENCE_FILE)
		return fail(err, "unknown evidence type %d", (int)type);
	if (!raw)
		return fail(err, "%s", _("no value given"));
	v = trim(raw);
	/* Text and file say "empty" in their own words. */
	if (!v.len && type != EVIDENCE_TEXT && type != EVIDENCE_FILE)
		return fail(err, _("value is empty (expected a value of type %s)"),
			    model_evidence_type_name(type));
	switch (type) {
	case EVIDENCE_TEXT:
		return norm_text(v, out, err);
	case EVIDENCE_PHONE:
		return norm_phone(v, region, out, err);
	case EVIDENCE_EMAIL:
		return norm_email(v, out, err);
	case EVIDENCE_URL:
		return norm_url(v, out, err);
	case EVIDENCE_INT:
		return norm_int(v, out, err);
	case EVIDENCE_MONEY:
		return norm_money(v, region, currency, rules->negative, out,
				  err);
	case EVIDENCE_DATE:
		return norm_date(v, rules->dates, out, err);
	case EVIDENCE_BOOL:
		return norm_bool(v, out, err);
	case EVIDENCE_FILE:
		return norm_file(raw, v, out, err);
	}
	return fail(err, "unknown evidence type %d", (int)type);
}

int evidence_name(const char *raw, struct strbuf *out, struct err *err)
{
	size_t start = out->len;

	if (evidence_normalize(EVIDENCE_TEXT, NULL, raw, out, err))
		return -1;
	/* The ledger's rule for a name (field.h), whatever the door. */
	return field_check("name", out->buf + start, FIELD_NAME_MAX,
			   FIELD_LINE, err);
}
