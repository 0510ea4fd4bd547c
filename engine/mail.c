/*
 * The message composer.  Header values are cleaned, then written raw only
 * when they are printable ASCII that fits; anything else becomes RFC 2047
 * encoded-words ("=?UTF-8?B?...?="), each at most 75 characters, split at
 * character boundaries and folded (CRLF SP) so that no line passes 78
 * columns.  A decoder ignores the white space between two encoded-words
 * (RFC 2047, 6.2), so splitting a value changes nothing it reads.
 */
#include "mail.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "seal.h"
#include "utf8.h"
#include "xalloc.h"
#include "banned.h"

#define LINE_MAX_COLS 78
#define BODY_COLS 76
#define WORD_OPEN "=?UTF-8?B?"
#define WORD_CLOSE "?="
#define WORD_FRAME (sizeof(WORD_OPEN) - 1 + sizeof(WORD_CLOSE) - 1)
/* RFC 2047, 2: an encoded-word is at most 75 characters. */
#define WORD_MAX 75

static const char replacement[] = "\xef\xbf\xbd";   /* U+FFFD */

/* Appends the text, as one line (keep_newlines: '\n' kept), cleaned. */
static void clean(struct strbuf *out, const char *text, int keep_newlines)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t avail = strlen(text), n;

	while (avail) {
		if (*p < 0x80) {
			if (*p == '\n' && keep_newlines)
				strbuf_addch(out, '\n');
			else if (*p == '\r' && keep_newlines && avail > 1 &&
				 p[1] == '\n')
				; /* CRLF is a line end: the LF says it */
			else
				strbuf_addch(out, *p < 0x20 || *p == 0x7f ?
					     ' ' : *p);
			p++;
			avail--;
			continue;
		}
		n = utf8_seq_len(p, avail);
		if (!n) {
			strbuf_adds(out, replacement);
			p++;
			avail--;
			continue;
		}
		/* C1 controls (U+0080-U+009F), U+2028 and U+2029 end lines. */
		if ((n == 2 && p[0] == 0xc2 && p[1] < 0xa0) ||
		    (n == 3 && p[0] == 0xe2 && p[1] == 0x80 &&
		     (p[2] == 0xa8 || p[2] == 0xa9)))
			strbuf_addch(out, ' ');
		else
			strbuf_add(out, p, n);
		p += n;
		avail -= n;
	}
}

void mail_clean_line(struct strbuf *out, const char *text)
{
	clean(out, text, 0);
}

static int printable_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* RFC 5322 atext, and the spaces between words of a phrase. */
static int phrase_safe(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == ' ' ||
		      strchr("!#$%&'*+-/=?^_`{|}~", *s)))
			return 0;
	return 1;
}

/* A line break inside a header: the next line starts with a space. */
static void fold(struct strbuf *out, size_t *col)
{
	strbuf_adds(out, "\r\n");
	*col = 0;
}

/*
 * Appends text (clean, UTF-8) as " =?UTF-8?B?...?=" words from column
 * *col, folding before a word that would pass the line's end.
 */
static void encode_words(struct strbuf *out, const char *text, size_t len,
			 size_t *col)
{
	size_t pos = 0, room, n, words = 0;

	while (pos < len) {
		room = LINE_MAX_COLS > *col + 1 + WORD_FRAME ?
			LINE_MAX_COLS - *col - 1 - WORD_FRAME : 0;
		if (room > WORD_MAX - WORD_FRAME)
			room = WORD_MAX - WORD_FRAME;
		n = room / 4 * 3;
		/* A word must hold a whole character (4 bytes at most). */
		if (n < 4 && (words || *col > 1)) {
			fold(out, col);
			continue;
		}
		if (n > len - pos)
			n = len - pos;
		while (n > 0 && pos + n < len &&
		       ((unsigned char)text[pos + n] & 0xc0) == 0x80)
			n--;
		if (!n)
			n = 1;  /* unreachable with clean text: progress anyway */
		strbuf_addch(out, ' ');
		strbuf_adds(out, WORD_OPEN);
		seal_base64(out, text + pos, n);
		strbuf_adds(out, WORD_CLOSE);
		*col += 1 + WORD_FRAME + (n + 2) / 3 * 4;
		pos += n;
		words++;
	}
}

void mail_header(struct strbuf *out, const char *name, const char *value)
{
	struct strbuf v = STRBUF_INIT;
	size_t col = strlen(name) + 1;

	clean(&v, value, 0);
	strbuf_addf(out, "%s:", name);
	if (printable_ascii(v.buf) && !strstr(v.buf, "=?") &&
	    col + 1 + v.len <= LINE_MAX_COLS) {
		strbuf_addch(out, ' ');
		strbuf_add(out, v.buf, v.len);
	} else {
		encode_words(out, v.buf, v.len, &col);
	}
	strbuf_adds(out, "\r\n");
	strbuf_release(&v);
}

/* Appends one mailbox from column *col, room left for a comma after it. */
static void add_mailbox(struct strbuf *out, const struct mail_mailbox *mb,
			size_t *col)
{
	size_t alen = strlen(mb->addr) + 1;

	if (mb->name && *mb->name) {
		struct strbuf name = STRBUF_INIT;

		clean(&name, mb->name, 0);
		if (phrase_safe(name.buf) && !strstr(name.buf, "=?") &&
		    *col + 1 + name.len + 2 + alen + 1 <= LINE_MAX_COLS) {
			strbuf_addch(out, ' ');
			strbuf_add(out, name.buf, name.len);
			*col += 1 + name.len;
		} else {
			encode_words(out, name.buf, name.len, col);
		}
		strbuf_release(&name);
		if (*col + 2 + alen + 1 > LINE_MAX_COLS)
			fold(out, col);
		strbuf_addf(out, " <%s>", mb->addr);
		*col += 2 + alen;
		return;
	}
	if (*col > 1 && *col + 1 + alen > LINE_MAX_COLS)
		fold(out, col);
	strbuf_addf(out, " %s", mb->addr);
	*col += alen;
}

static void mailbox_header(struct strbuf *out, const char *name,
			   const struct mail_mailbox *mb, size_t n)
{
	size_t col = strlen(name) + 1, i;

	strbuf_addf(out, "%s:", name);
	if (!n)
		strbuf_adds(out, " undisclosed-recipients:;");
	for (i = 0; i < n; i++) {
		if (i) {
			strbuf_addch(out, ',');
			col++;
		}
		add_mailbox(out, &mb[i], &col);
	}
	strbuf_adds(out, "\r\n");
}

static void add_body(struct strbuf *out, const char *body)
{
	struct strbuf text = STRBUF_INIT, crlf = STRBUF_INIT, b64 = STRBUF_INIT;
	size_t i;

	clean(&text, body, 1);
	for (i = 0; i < text.len; i++) {
		if (text.buf[i] == '\n')
			strbuf_addch(&crlf, '\r');
		strbuf_addch(&crlf, text.buf[i]);
	}
	seal_base64(&b64, crlf.buf, crlf.len);
	for (i = 0; i < b64.len; i += BODY_COLS) {
		strbuf_add(out, b64.buf + i,
			   b64.len - i < BODY_COLS ? b64.len - i : BODY_COLS);
		strbuf_adds(out, "\r\n");
	}
	strbuf_release(&b64);
	strbuf_release(&crlf);
	strbuf_release(&text);
}

void mail_compose(struct strbuf *out, const struct mail_message *m)
{
	struct strbuf date = STRBUF_INIT;
	size_t i;

	clock_format_rfc5322(&date, m->date, m->offset_minutes);
	strbuf_addf(out, "Date: %s\r\n", date.buf);
	mailbox_header(out, "From", &m->from, 1);
	mailbox_header(out, "To", m->to, m->nto);
	mail_header(out, "Subject", m->subject);
	strbuf_addf(out, "Message-ID: <%s>\r\n", m->message_id);
	strbuf_adds(out, "MIME-Version: 1.0\r\n"
		    "Content-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: base64\r\n"
		    /* RFC 3834: no vacation replies to a robot. */
		    "Auto-Submitted: auto-generated\r\n");
	for (i = 0; i < m->nextra; i++)
		mail_header(out, m->extra[i].name, m->extra[i].value);
	strbuf_adds(out, "\r\n");
	add_body(out, m->body);
	strbuf_release(&date);
}

static int label_ok(const char *p, size_t n)
{
	size_t i;

	if (!n || n > 63 || p[0] == '-' || p[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		      (p[i] >= 'A' && p[i] <= 'Z') ||
		      (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
			return 0;
	return 1;
}

int mail_address_valid(const char *addr)
{
	const char *at = strchr(addr, '@'), *p, *dot;
	size_t len = strlen(addr);

	if (!at || at == addr || strchr(at + 1, '@') ||
	    len > MAIL_ADDRESS_MAX)
		return 0;
	for (p = addr; p < at; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("<>()[],;:\\\"", *p))
			return 0;
	if (addr[0] == '.' || at[-1] == '.' || strstr(addr, ".."))
		return 0;
	for (p = at + 1; ; p = dot + 1) {
		dot = strchr(p, '.');
		if (!label_ok(p, dot ? (size_t)(dot - p) : strlen(p)))
			return 0;
		if (!dot)
			return 1;
	}
}

static char *trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

int mail_parse_mailbox(const char *text, char **name, char **addr,
		       struct err *err)
{
	const char *lt = strchr(text, '<'), *p;
	char *n = NULL, *a;

	*name = *addr = NULL;
	for (p = text; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return fail(err, "%s", _("an address may hold no"
						 " control character"));
	if (lt) {
		const char *gt = strchr(lt, '>');

		if (!gt || gt[1] != '\0')
			return fail(err, _("'%s' is not NAME <ADDRESS>"),
				    text);
		n = trimmed(text, (size_t)(lt - text));
		if (n[0] == '"' && strlen(n) >= 2 && n[strlen(n) - 1] == '"') {
			memmove(n, n + 1, strlen(n));
			n[strlen(n) - 1] = '\0';
		}
		a = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	} else {
		a = trimmed(text, strlen(text));
	}
	if (!mail_address_valid(a)) {
		fail(err, _("'%s' is not an e-mail address"), a);
		free(n);
		free(a);
		return -1;
	}
	if (n && !*n) {
		free(n);
		n = NULL;
	}
	*name = n;
	*addr = a;
	return 0;
}

void mail_new_id(struct strbuf *out, const char *domain)
{
	char hex[33];

	seal_random_hex(hex, 16);
	strbuf_addf(out, "%s@%s", hex, domain && *domain ? domain : "cutover");
}
