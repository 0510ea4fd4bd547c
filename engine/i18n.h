/*
 * Messages in the user's language: gettext, with the catalogues of po/
 * compiled into <bindir>/locale (a build tree) or <prefix>/share/locale
 * (installed).  English is the source language; po/vi.po translates it.
 *
 * Marking a message:
 *   printf(_("signed %s (event %lld)\n"), ...)     translated where used
 *   static const char usage[] = N_("usage: ...");  marked in a table or an
 *   ...  cmd_help(_(usage));                        initialiser, translated
 *                                                   where printed
 *   P_("%zu task\n", "%zu tasks\n", n)             plural forms
 *   C_("task state", "done")                       a word in a context
 * then `make po` re-extracts po/cutover.pot and merges it into po/vi.po;
 * translate the new entries (tests/cli/t0004-i18n.sh wants none left).
 */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>

#define I18N_DOMAIN "cutover"

#define _(s) i18n_gettext(s)
#define N_(s) s
#define P_(one, many, n) i18n_ngettext(one, many, n)
/*
 * A word that translates differently in another place ("done" the key,
 * "done" the state): C_("task state", s) translates s in that context;
 * NC_ marks one for extraction in a table, translated with C_ later.
 */
#define C_(ctx, s) i18n_context(ctx, s)
#define NC_(ctx, s) s

/*
 * The language messages are in, as the catalogue in use says: "vi", or
 * "en" when none is (the source language).  Labels and durations follow
 * it on the console.
 */
const char *i18n_lang(void);

/*
 * gettext and ngettext, but for a thread that speaks English (see
 * i18n_thread_english), which gets the message as the source has it.
 */
const char *i18n_gettext(const char *s);
const char *i18n_ngettext(const char *one, const char *many,
			  unsigned long n);

/* gettext's msgctxt: s in context ctx, or s itself when untranslated. */
const char *i18n_context(const char *ctx, const char *s);

/*
 * Chooses the language from the environment as gettext does (LANGUAGE,
 * then LC_ALL, LC_MESSAGES, LANG), also on a machine where the user's
 * locale was never generated, and binds the catalogues.  Only LC_CTYPE
 * and LC_MESSAGES follow the locale: numbers, times and sorting stay the
 * engine's own, so --json and the ledger read the same everywhere.
 * Call once, first thing in main.
 */
void i18n_init(void);

/*
 * A server speaks each request's language, not the process's: it makes
 * Vietnamese the process's language (before any thread starts), and each
 * thread that must speak English says so with i18n_thread_english(1).
 * Returns 1 when the environment had asked for Vietnamese, 0 when the
 * caller's own messages (to the terminal) should stay English.
 */
int i18n_force_vietnamese(void);
/* The calling thread's messages: 1 untranslated English, 0 the process's. */
void i18n_thread_english(int on);

#endif
