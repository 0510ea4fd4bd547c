/*
 * The terminal.  Raw mode keeps ISIG so that Ctrl-C still interrupts;
 * the saved settings are put back on every way out (term_raw_leave, exit,
 * a fatal signal, a stop), since a shell left without echo is what a
 * coordinator remembers of a tool.
 */
#include "term.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "sanitize.h"
#include "utf8.h"
#include "banned.h"

int term_is_tty(int fd)
{
	return isatty(fd);
}

static enum term_color_mode color_mode = TERM_COLOR_AUTO;
static int stdout_paged;
static void guard_refresh(void);

void term_set_color_mode(enum term_color_mode mode)
{
	color_mode = mode;
	guard_refresh();
}

void term_set_paged(int paged)
{
	stdout_paged = paged;
	guard_refresh();
}

int term_parse_color_mode(const char *s, enum term_color_mode *out)
{
	if (!strcmp(s, "auto") || !strcmp(s, "tty"))
		*out = TERM_COLOR_AUTO;
	else if (!strcmp(s, "always") || !strcmp(s, "yes"))
		*out = TERM_COLOR_ALWAYS;
	else if (!strcmp(s, "never") || !strcmp(s, "no"))
		*out = TERM_COLOR_NEVER;
	else
		return -1;
	return 0;
}

int term_color(int fd)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	const char *force = getenv("CLICOLOR_FORCE");

	if (color_mode != TERM_COLOR_AUTO)
		return color_mode == TERM_COLOR_ALWAYS;
	if (no_color && *no_color)
		return 0;
	if (force && *force && strcmp(force, "0"))
		return 1;
	if (fd == STDOUT_FILENO && stdout_paged)
		return 1;
	if (!isatty(fd))
		return 0;
	return !(term && !strcmp(term, "dumb"));
}

int term_width(int fd)
{
	struct winsize ws;
	const char *columns = getenv("COLUMNS");
	char *end;
	long n;

	if (!ioctl(fd, TIOCGWINSZ, &ws) && ws.ws_col > 0)
		return ws.ws_col < 20 ? 20 : ws.ws_col;
	if (columns && *columns) {
		n = strtol(columns, &end, 10);
		if (!*end && n > 0 && n < 10000)
			return n < 20 ? 20 : (int)n;
	}
	return 80;
}

/* Decodes one code point; *len is set to the bytes it took (>= 1). */
static uint32_t decode(const unsigned char *s, size_t avail, size_t *len)
{
	size_t n = utf8_seq_len(s, avail);
	uint32_t cp;
	size_t i;

	if (!n) {
		*len = 1;
		return 0xFFFD;
	}
	*len = n;
	if (n == 1)
		return s[0];
	cp = s[0] & (0x7F >> n);
	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	return cp;
}

/*
 * Our own table rather than wcwidth(3), which answers -1 for every
 * non-ASCII character under the C locale: the few ranges that matter
 * for Vietnamese (combining tone marks) and for wide scripts.
 */
static int cp_width(uint32_t cp)
{
	static const uint32_t zero[][2] = {
		{ 0x0300, 0x036F }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF },
		{ 0x200B, 0x200F }, { 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F },
		{ 0xFE20, 0xFE2F },
	};
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF },
		{ 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF },
		{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
		{ 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
		{ 0x1F900, 0x1F9FF }, { 0x20000, 0x3FFFD },
	};
	size_t i;

	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

size_t term_text_width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, w = 0;

	while (i < len) {
		if (p[i] == 033 && i + 1 < len && p[i + 1] == '[') {
			/* A style of ours (CSI ... final byte) takes no room. */
			for (i += 2; i < len && (p[i] < 0x40 || p[i] > 0x7E); i++)
				;
			i++;
			continue;
		}
		w += (size_t)cp_width(decode(p + i, len - i, &n));
		i += n;
	}
	return w;
}

void term_style(struct strbuf *out, int color, enum term_style style)
{
	static const char *const codes[] = {
		[TERM_BOLD] = "\033[1m",
		[TERM_DIM] = "\033[2m",
		[TERM_RED] = "\033[31m",
		[TERM_GREEN] = "\033[32m",
		[TERM_YELLOW] = "\033[33m",
		[TERM_CYAN] = "\033[36m",
		[TERM_RESET] = "\033[0m",
	};

	if (color)
		strbuf_adds(out, codes[style]);
}

void term_pad(struct strbuf *out, const char *s, size_t width)
{
	size_t w = term_text_width(s, strlen(s));

	strbuf_adds(out, s);
	for (; w < width; w++)
		strbuf_addch(out, ' ');
}

/* "-", "*", "+" or "12." : a word that starts a Markdown list item. */
static int list_item(const char *word, size_t len)
{
	size_t i = 0;

	if (len == 1 && strchr("-*+", word[0]))
		return 1;
	while (i < len && word[i] >= '0' && word[i] <= '9')
		i++;
	return i && i + 1 == len && (word[i] == '.' || word[i] == ')');
}

void term_wrap(struct strbuf *out, const char *text, size_t col,
	       size_t indent, size_t width)
{
	const char *p = text, *word;
	size_t len, w, i;
	int first = 1;

	while (*p) {
		int breaks = 0;

		while (*p == ' ' || *p == '\n')
			breaks += *p++ == '\n';
		if (!*p)
			break;
		word = p;
		while (*p && *p != ' ' && *p != '\n')
			p++;
		len = (size_t)(p - word);
		w = term_text_width(word, len);
		/*
		 * As Markdown reads a text: one newline is a space, a blank
		 * line ends a paragraph, a list item starts a line.
		 */
		if (!first && breaks > 1)
			strbuf_addch(out, '\n');
		if (!first && (breaks > 1 || (breaks && list_item(word, len))))
			col = width;
		if (!first && col + 1 + w > width) {
			strbuf_addch(out, '\n');
			for (i = 0; i < indent; i++)
				strbuf_addch(out, ' ');
			col = indent;
		} else if (!first) {
			strbuf_addch(out, ' ');
			col++;
		}
		strbuf_add(out, word, len);
		col += w;
		first = 0;
	}
}

/* ---- raw mode --------------------------------------------------------- */

static struct termios saved;
static int raw_fd = -1;
static volatile sig_atomic_t resized;
static int handlers_installed;

static int apply_raw(int fd)
{
	struct termios t = saved;

	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	return tcsetattr(fd, TCSADRAIN, &t);
}

/* Only async-signal-safe calls here: tcsetattr, signal, raise. */
static void on_fatal(int sig)
{
	if (raw_fd >= 0)
		tcsetattr(raw_fd, TCSADRAIN, &saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_stop(int sig)
{
	int fd = raw_fd;

	if (fd >= 0)
		tcsetattr(fd, TCSADRAIN, &saved);
	signal(sig, SIG_DFL);
	raise(sig);
	/* Continued: back to raw mode, and the screen needs a redraw. */
	signal(sig, on_stop);
	if (fd >= 0)
		apply_raw(fd);
	resized = 1;
}

static void on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

static void install_handlers(void)
{
	static const int fatal[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a resize interrupts the read, which redraws. */
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = on_fatal;
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
	sa.sa_handler = on_stop;
	sigaction(SIGTSTP, &sa, NULL);
	atexit(term_raw_leave);
	handlers_installed = 1;
}

int term_raw_enter(int fd)
{
	if (raw_fd >= 0)
		return 0;
	if (tcgetattr(fd, &saved))
		return -1;
	if (!handlers_installed)
		install_handlers();
	raw_fd = fd;
	if (apply_raw(fd)) {
		raw_fd = -1;
		return -1;
	}
	return 0;
}

void term_raw_leave(void)
{
	if (raw_fd < 0)
		return;
	tcsetattr(raw_fd, TCSADRAIN, &saved);
	raw_fd = -1;
}

/* One byte; 0 at the end of input, -1 when a resize interrupted. */
static int read_byte(int fd, unsigned char *c)
{
	ssize_t n;

	for (;;) {
		n = read(fd, c, 1);
		if (n == 1)
			return 1;
		if (n == 0)
			return 0;
		if (errno != EINTR)
			return 0;
		if (resized) {
			resized = 0;
			return -1;
		}
	}
}

/* 1 when another byte arrives within ms milliseconds. */
static int more_within(int fd, int ms)
{
	struct pollfd pfd = { fd, POLLIN, 0 };

	return poll(&pfd, 1, ms) == 1;
}

/* After ESC: a CSI or SS3 sequence (arrows), or Escape alone. */
static int read_escape(int fd)
{
	unsigned char c, intro;
	int rc;

	/* An Escape key press sends ESC alone; a sequence follows at once. */
	if (!more_within(fd, 50))
		return TERM_KEY_ESCAPE;
	rc = read_byte(fd, &intro);
	if (rc <= 0)
		return rc < 0 ? TERM_KEY_RESIZE : TERM_KEY_ESCAPE;
	if (intro != '[' && intro != 'O')
		return TERM_KEY_OTHER;
	do {
		rc = read_byte(fd, &c);
		if (rc <= 0)
			return TERM_KEY_OTHER;
	} while (c < 0x40 || c > 0x7E);
	switch (c) {
	case 'A':
		return TERM_KEY_UP;
	case 'B':
		return TERM_KEY_DOWN;
	case 'C':
		return TERM_KEY_RIGHT;
	case 'D':
		return TERM_KEY_LEFT;
	default:
		return TERM_KEY_OTHER;
	}
}

int term_read_key(int fd, char *utf8)
{
	unsigned char c, buf[4];
	size_t n, i, len;
	int rc;

	utf8[0] = '\0';
	rc = read_byte(fd, &c);
	if (rc < 0)
		return TERM_KEY_RESIZE;
	if (!rc)
		return TERM_KEY_EOF;
	if (c == 033)
		return read_escape(fd);
	if (c == '\r' || c == '\n')
		return TERM_KEY_ENTER;
	if (c == 0x7F || c == 0x08)
		return TERM_KEY_BACKSPACE;
	if (c < 0x80) {
		utf8[0] = (char)c;
		utf8[1] = '\0';
		return c;
	}
	n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	buf[0] = c;
	for (i = 1; i < n; i++)
		if (read_byte(fd, &buf[i]) <= 0)
			return TERM_KEY_OTHER;
	if (utf8_seq_len(buf, n) != n)
		return TERM_KEY_OTHER;
	memcpy(utf8, buf, n);
	utf8[n] = '\0';
	return (int)decode(buf, n, &len);
}

/* ---- the line editor --------------------------------------------------- */

/* Bytes of the last character of s (len > 0). */
static size_t last_char_len(const char *s, size_t len)
{
	size_t n = 1;

	while (n < len && ((unsigned char)s[len - n] & 0xC0) == 0x80)
		n++;
	return n;
}

static void draw_line(FILE *out, int color, const char *prompt,
		      const struct strbuf *line, int mark)
{
	struct strbuf sb = STRBUF_INIT;
	size_t room, w, start = 0, cols = (size_t)term_width(term_fd(out));
	size_t pw = term_text_width(prompt, strlen(prompt));

	strbuf_adds(&sb, prompt);
	/* Keep the end of a long value in sight, as shells do. */
	room = cols > pw + 4 ? cols - pw - 4 : 1;
	w = term_text_width(line->buf, line->len);
	while (w > room && start < line->len) {
		size_t n = 1;

		while (start + n < line->len &&
		       ((unsigned char)line->buf[start + n] & 0xC0) == 0x80)
			n++;
		w -= term_text_width(line->buf + start, n);
		start += n;
	}
	if (start)
		strbuf_adds(&sb, "…");
	strbuf_add(&sb, line->buf + start, line->len - start);
	if (mark) {
		strbuf_adds(&sb, " ");
		term_style(&sb, color, mark > 0 ? TERM_GREEN : TERM_RED);
		strbuf_adds(&sb, mark > 0 ? "✓" : "✗");
		term_style(&sb, color, TERM_RESET);
	}
	/* The text is the user's: only our own controls go around it. */
	term_control(out, "\r");
	fputs(sb.buf, out);
	term_control(out, mark ? "\033[K\033[2D" : "\033[K");
	strbuf_release(&sb);
}

int term_edit_line(int in_fd, FILE *out, int color, const char *prompt,
		   struct strbuf *line, term_check_fn check, void *arg)
{
	char u[8];
	int key, mark;

	for (;;) {
		mark = check && line->len ? (check(line->buf, arg) ? 1 : -1) : 0;
		draw_line(out, color, prompt, line, mark);
		key = term_read_key(in_fd, u);
		switch (key) {
		case TERM_KEY_ENTER:
			term_control(out, "\033[K");
			fputs("\n", out);
			return 0;
		case TERM_KEY_ESCAPE:
			term_control(out, "\033[K");
			fputs("\n", out);
			return 1;
		case TERM_KEY_EOF:
			fputs("\n", out);
			return TERM_KEY_EOF;
		case TERM_KEY_BACKSPACE:
			if (line->len) {
				line->len -= last_char_len(line->buf, line->len);
				line->buf[line->len] = '\0';
			}
			break;
		case 4:         /* Ctrl-D */
			if (!line->len) {
				fputs("\n", out);
				return TERM_KEY_EOF;
			}
			break;
		case 21:        /* Ctrl-U: the whole line */
			strbuf_reset(line);
			break;
		case 23:        /* Ctrl-W: the last word */
			while (line->len && line->buf[line->len - 1] == ' ')
				line->len--;
			while (line->len && line->buf[line->len - 1] != ' ')
				line->len--;
			line->buf[line->len] = '\0';
			break;
		default:
			if (key >= 0x20 && key != 0x7F)
				strbuf_adds(line, u);
			break;
		}
	}
}

int term_getline(FILE *in, struct strbuf *line)
{
	int c;

	strbuf_reset(line);
	while ((c = getc(in)) != EOF && c != '\n')
		strbuf_addch(line, c);
	if (c == EOF && !line->len)
		return TERM_KEY_EOF;
	if (line->len && line->buf[line->len - 1] == '\r')
		line->buf[--line->len] = '\0';
	return 0;
}

/* ---- progress ------------------------------------------------------------ */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void term_progress_init(struct term_progress *p, FILE *out, int enabled,
			int width, const char *label, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->enabled = enabled;
	p->width = width;
	p->label = label;
	p->total = total;
	p->last_ms = -1;
	p->last_percent = -1;
}

void term_progress_start(struct term_progress *p, const char *label,
			 uint64_t total)
{
	int tty = term_is_tty(STDERR_FILENO);

	term_progress_init(p, stderr, tty,
			   tty ? term_width(STDERR_FILENO) : 80, label, total);
}

static void draw_progress(struct term_progress *p, int percent)
{
	struct strbuf sb = STRBUF_INIT, nums = STRBUF_INIT;
	size_t used, bar, fill, i;

	strbuf_addf(&sb, "%s  ", p->label);
	if (p->total) {
		strbuf_addf(&nums, "  %3d%%  %llu/%llu", percent,
			    (unsigned long long)p->done,
			    (unsigned long long)p->total);
		used = term_text_width(sb.buf, sb.len) + nums.len + 2;
		bar = (size_t)p->width > used + 10 ? (size_t)p->width - used : 10;
		if (bar > 40)
			bar = 40;
		fill = bar * (size_t)percent / 100;
		strbuf_addch(&sb, '[');
		for (i = 0; i < bar; i++)
			strbuf_addch(&sb, i < fill ? '#' : '.');
		strbuf_addch(&sb, ']');
		strbuf_adds(&sb, nums.buf);
	} else {
		strbuf_addf(&sb, "%llu", (unsigned long long)p->done);
	}
	term_control(p->out, "\r");
	fputs(sb.buf, p->out);
	term_control(p->out, "\033[K");
	strbuf_release(&sb);
	strbuf_release(&nums);
}

void term_progress_update(struct term_progress *p, uint64_t done)
{
	int percent;
	int64_t ms;

	p->done = done;
	if (!p->enabled)
		return;
	percent = p->total ? (int)(done >= p->total ? 100 :
				  done * 100 / p->total) : 0;
	/* At most ten times a second, and only when there is news. */
	if (p->total && percent == p->last_percent)
		return;
	ms = now_ms();
	if (p->last_ms >= 0 && ms - p->last_ms < 100)
		return;
	p->last_ms = ms;
	p->last_percent = percent;
	draw_progress(p, percent);
}

void term_progress_end(struct term_progress *p)
{
	if (p->enabled && p->last_ms >= 0)
		term_control(p->out, "\r\033[K");
	p->enabled = 0;
}

/* ---- what reaches the terminal ------------------------------------------- */

/*
 * stdout and stderr, guarded: a cookie stream in front of each file
 * descriptor runs everything written through sanitize_chunk.  The part
 * of a piece that may be cut (half a character, half a style) waits in
 * tail for the next piece.
 */
struct guard {
	int fd;
	unsigned flags;
	char tail[8];
	size_t ntail;
};

static struct guard guard_out = { STDOUT_FILENO, 0, { 0 }, 0 };
static struct guard guard_err = { STDERR_FILENO, 0, { 0 }, 0 };
static int guarded;

static int write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Sanitizes tail + piece, writes it, keeps what may be cut; 0 or -1. */
static int guard_pass(struct guard *g, const char *buf, size_t size, int more)
{
	struct strbuf in = STRBUF_INIT, clean = STRBUF_INIT;
	const char *p = buf;
	size_t n = size, used;
	int rc;

	if (g->ntail) {
		strbuf_add(&in, g->tail, g->ntail);
		strbuf_add(&in, buf, size);
		p = in.buf;
		n = in.len;
	}
	used = sanitize_chunk(&clean, p, n, g->flags, more);
	/* What is left is shorter than any style or character. */
	g->ntail = n - used < sizeof(g->tail) ? n - used : 0;
	memcpy(g->tail, p + used, g->ntail);
	rc = write_all(g->fd, clean.buf, clean.len);
	strbuf_release(&in);
	strbuf_release(&clean);
	return rc;
}

static ssize_t guard_write(void *cookie, const char *buf, size_t size)
{
	return guard_pass(cookie, buf, size, 1) ? -1 : (ssize_t)size;
}

static FILE *guard_open(struct guard *g, int mode)
{
	cookie_io_functions_t io = { NULL, guard_write, NULL, NULL };
	FILE *f;

	g->flags = term_color(g->fd) ? SANITIZE_STYLES : SANITIZE_LINES;
	f = fopencookie(g, "w", io);
	if (f)
		setvbuf(f, NULL, mode, mode == _IONBF ? 0 : BUFSIZ);
	return f;
}

/* The streams' flags follow a change of the colour mode or pager. */
static void guard_refresh(void)
{
	if (!guarded)
		return;
	guard_out.flags = term_color(guard_out.fd) ? SANITIZE_STYLES :
						    SANITIZE_LINES;
	guard_err.flags = term_color(guard_err.fd) ? SANITIZE_STYLES :
						    SANITIZE_LINES;
}

int term_guard_output(void)
{
	FILE *out, *err;

	if (guarded)
		return 0;
	out = guard_open(&guard_out, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF);
	err = guard_open(&guard_err, _IONBF);
	if (!out || !err) {
		if (out)
			fclose(out);
		if (err)
			fclose(err);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	stdout = out;
	stderr = err;
	guarded = 1;
	return 0;
}

int term_guard_finish(void)
{
	int rc = fflush(stdout) ? -1 : 0;

	if (!guarded)
		return rc;
	fflush(stderr);
	if (guard_out.ntail && guard_pass(&guard_out, "", 0, 0))
		rc = -1;
	if (guard_err.ntail)
		guard_pass(&guard_err, "", 0, 0);
	return rc;
}

static struct guard *guard_of(FILE *f)
{
	if (guarded && f == stdout)
		return &guard_out;
	if (guarded && f == stderr)
		return &guard_err;
	return NULL;
}

int term_fd(FILE *f)
{
	struct guard *g = guard_of(f);

	return g ? g->fd : fileno(f);
}

void term_control(FILE *f, const char *seq)
{
	struct guard *g = guard_of(f);

	if (!g) {
		fputs(seq, f);
		return;
	}
	fflush(f);
	if (write_all(g->fd, seq, strlen(seq)) < 0) {
		/* As a lost redraw: the next one draws the line again. */
	}
}
