/*
 * The language of messages.  gettext reads the catalogue of the language
 * LC_MESSAGES names, unless LANGUAGE lists others; both fail quietly
 * when the locale (vi_VN.UTF-8, say) was never generated on the machine,
 * as on a fresh Debian: setlocale refuses it and messages stay English.
 * So when setlocale refuses, we fall back to C.UTF-8 (glibc honours
 * LANGUAGE there, not under plain "C") and name the language in
 * LANGUAGE ourselves.
 */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"
#include "banned.h"

/* The locale name that decides LC_MESSAGES, in POSIX's order. */
static const char *messages_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

/* "C", "POSIX" and "C.UTF-8" ask for the untranslated messages. */
static int untranslated(const char *name)
{
	return !strcmp(name, "C") || !strcmp(name, "POSIX") ||
	       !strncmp(name, "C.", 2);
}

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/*
 * Where the catalogues are: <dir of the binary>/locale in a build tree
 * (so the tests need no `make install`), else <dir>/../share/locale, as
 * `make install` lays them out under any PREFIX.
 */
static void locale_dir(struct strbuf *out)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0) {
		strbuf_adds(out, "/usr/local/share/locale");
		return;
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	strbuf_addf(out, "%s/locale", exe);
	if (is_dir(out->buf))
		return;
	strbuf_reset(out);
	strbuf_addf(out, "%s/../share/locale", exe);
}

/* The thread's messages stay English (a web page asked for English). */
static _Thread_local int thread_english;
/* The environment asked for Vietnamese (i18n_init found it). */
static int wants_vietnamese;

/* As glibc chooses: LANGUAGE first, unless the locale is plain C. */
static int speaks_vietnamese(const char *want)
{
	const char *cur = setlocale(LC_MESSAGES, NULL);
	const char *language = getenv("LANGUAGE");

	if (!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX"))
		return 0;
	if (language && *language)
		return !strncmp(language, "vi", 2);
	return want && !strncmp(want, "vi", 2);
}

void i18n_init(void)
{
	struct strbuf dir = STRBUF_INIT, lang = STRBUF_INIT;
	const char *want = messages_locale(), *language = getenv("LANGUAGE");

	if (!setlocale(LC_CTYPE, ""))
		setlocale(LC_CTYPE, "C.UTF-8");
	if (!setlocale(LC_MESSAGES, "") && setlocale(LC_MESSAGES, "C.UTF-8") &&
	    want && !untranslated(want) && !(language && *language)) {
		/* "vi_VN.UTF-8@x" -> "vi_VN": the form LANGUAGE lists. */
		strbuf_add(&lang, want, strcspn(want, ".@"));
		setenv("LANGUAGE", lang.buf, 1);
	}
	wants_vietnamese = speaks_vietnamese(want);
	locale_dir(&dir);
	bindtextdomain(I18N_DOMAIN, dir.buf);
	/* The catalogues are UTF-8 and so is everything cutover prints. */
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	textdomain(I18N_DOMAIN);
	strbuf_release(&dir);
	strbuf_release(&lang);
}

int i18n_force_vietnamese(void)
{
	/* glibc ignores LANGUAGE under the plain C locale, not C.UTF-8. */
	const char *cur = setlocale(LC_MESSAGES, NULL);

	if (!cur || untranslated(cur))
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", "vi", 1);
	return wants_vietnamese;
}

void i18n_thread_english(int on)
{
	thread_english = on;
}

const char *i18n_gettext(const char *s)
{
	return thread_english ? s : gettext(s);
}

const char *i18n_ngettext(const char *one, const char *many, unsigned long n)
{
	if (thread_english)
		return n == 1 ? one : many;
	return ngettext(one, many, n);
}

const char *i18n_context(const char *ctx, const char *s)
{
	struct strbuf key = STRBUF_INIT;
	const char *t;

	if (thread_english)
		return s;
	/* The catalogue's key is "context\004message". */
	strbuf_addf(&key, "%s\004%s", ctx, s);
	t = gettext(key.buf);
	if (t == key.buf)
		t = s;
	strbuf_release(&key);
	return t;
}

const char *i18n_lang(void)
{
	/*
	 * TRANSLATORS: the ISO 639 code of your language (vi for
	 * Vietnamese): the console shows the runbook's labels in it.
	 */
	return C_("language code", "en");
}
