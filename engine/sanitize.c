/*
 * Neutralising text for a terminal (sanitize.h).  Byte by byte, UTF-8
 * decoded with utf8_seq_len so that an invalid sequence is one U+FFFD a
 * byte, as terminals show it, and never a C1 control in disguise.
 */
#include "sanitize.h"

#include <string.h>

#include "utf8.h"
#include "banned.h"

#define REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD */
#define NEWLINE_PICTURE "\xe2\x90\xa4" /* U+2424 SYMBOL FOR NEWLINE */
#define DEL_PICTURE "\xe2\x90\xa1"   /* U+2421 SYMBOL FOR DELETE */

/* The sequences term_style writes: the only ones a command may send. */
static const char *const styles[] = {
	"\033[0m", "\033[1m", "\033[2m", "\033[31m", "\033[32m", "\033[33m",
	"\033[36m",
};

int sanitize_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}


/* The Control Picture of a C0 control: U+2400 + c. */
static void control_picture(struct strbuf *out, unsigned char c)
{
	char pic[3] = { '\xe2', '\x90', (char)(0x80 + c) };

	strbuf_add(out, pic, 3);
}

/*
 * At p, avail bytes before the end of a piece: 1 when they are the
 * beginning of something the next piece may complete (a style, CR LF, a
 * UTF-8 sequence).
 */
static int cut_short(const unsigned char *p, size_t avail, unsigned flags)
{
	size_t want, i;

	if (p[0] == 033 && (flags & SANITIZE_STYLES)) {
		for (i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
			if (avail < strlen(styles[i]) &&
			    !memcmp(p, styles[i], avail))
				return 1;
		return 0;
	}
	if (p[0] == '\r')
		return avail == 1 && (flags & (SANITIZE_LINES | SANITIZE_STYLES));
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		want = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		want = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		want = 4;
	else
		return 0;
	if (avail >= want)
		return 0;
	for (i = 1; i < avail; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return 1;
}

size_t sanitize_chunk(struct strbuf *out, const char *s, size_t len,
		      unsigned flags, int more)
{
	const unsigned char *p = (const unsigned char *)s;
	int lines = (flags & (SANITIZE_LINES | SANITIZE_STYLES)) != 0;
	size_t i = 0, n, k;

	strbuf_grow(out, len + len / 8);
	while (i < len) {
		unsigned char c = p[i];

		if (more && cut_short(p + i, len - i, flags))
			break;
		if (c >= 0x20 && c < 0x7f) {
			/* The common case: a run of printable ASCII. */
			for (n = i + 1; n < len && p[n] >= 0x20 && p[n] < 0x7f;
			     n++)
				;
			strbuf_add(out, p + i, n - i);
			i = n;
			continue;
		}
		if (c == 033 && (flags & SANITIZE_STYLES)) {
			for (k = 0; k < sizeof(styles) / sizeof(styles[0]); k++) {
				n = strlen(styles[k]);
				if (len - i >= n && !memcmp(p + i, styles[k], n))
					break;
			}
			if (k < sizeof(styles) / sizeof(styles[0])) {
				strbuf_add(out, p + i, n);
				i += n;
				continue;
			}
		}
		if (c == '\n' || c == '\t') {
			if (lines)
				strbuf_addch(out, c);
			else
				strbuf_adds(out, c == '\n' ? NEWLINE_PICTURE : " ");
			i++;
			continue;
		}
		if (c == '\r' && lines && i + 1 < len && p[i + 1] == '\n') {
			strbuf_add(out, "\r\n", 2);
			i += 2;
			continue;
		}
		if (c < 0x20) {
			control_picture(out, c);
			i++;
			continue;
		}
		if (c == 0x7f) {
			strbuf_adds(out, DEL_PICTURE);
			i++;
			continue;
		}
		n = utf8_seq_len(p + i, len - i);
		if (!n || sanitize_unsafe(utf8_decode(p + i, n))) {
			strbuf_adds(out, REPLACEMENT);
			i += n ? n : 1;
			continue;
		}
		strbuf_add(out, p + i, n);
		i += n;
	}
	return i;
}

void sanitize_text(struct strbuf *out, const char *s, size_t len,
		   unsigned flags)
{
	sanitize_chunk(out, s, len, flags, 0);
}

void sanitize_str(struct strbuf *out, const char *s, unsigned flags)
{
	if (s)
		sanitize_chunk(out, s, strlen(s), flags, 0);
}
