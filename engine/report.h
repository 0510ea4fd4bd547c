/*
 * Reports: Markdown documents built from a run's state.  Everything a
 * user typed goes through report_escape, so it can neither break a table
 * nor reach the HTML as markup.
 */
#ifndef REPORT_H
#define REPORT_H

#include "clock.h"
#include "err.h"
#include "store.h"
#include "strbuf.h"

enum report_lang { REPORT_VI, REPORT_EN };

/*
 * Appends text escaped for Markdown, for inline use and table cells
 * (never at the start of a line): the punctuation that inline Markdown
 * or HTML reads is backslash-escaped, line breaks become spaces, control
 * characters are dropped.
 */
void report_escape(struct strbuf *out, const char *text);

/*
 * The readiness report, for the inspection delegation: the title block,
 * summaries per directive item and section, gates, late and blocked
 * tasks, duty coverage and its gaps, open difficulties, readiness per
 * unit (least ready first) and the ledger head.
 * Returns 0 or -1 with err set.
 */
int report_readiness(struct store *st, const struct store_run *run,
		     instant_t now, enum report_lang lang, struct strbuf *md,
		     struct err *err);

#endif
