/*
 * Reports: documents built from a run's state, as Markdown (the source)
 * with the marks and figures its HTML page adds (see render.h).
 * Everything a user typed goes through report_escape, so it can neither
 * break a table nor reach the HTML as markup.  Each kind lives in its own
 * file: report_readiness.c, report_daily.c, report_unit.c (the unit's
 * checklist and the contacts); report.c holds what they share.
 *
 * Every report_* builder appends to doc (its Markdown, title, marks) and
 * returns 0, or -1 with err set (a unit, recipient or step the run does
 * not have is such an error, as for `status --unit`).
 */
#ifndef REPORT_H
#define REPORT_H

#include "book.h"
#include "clock.h"
#include "err.h"
#include "render.h"
#include "store.h"
#include "strbuf.h"

enum report_lang { REPORT_VI, REPORT_EN };

/* "vi" or "en": the language's code (<html lang>, the runbook's lang). */
const char *report_lang_code(enum report_lang lang);

/* The report language of a code: "vi" is Vietnamese, any other English. */
enum report_lang report_lang_of(const char *code);

/*
 * Appends text escaped for Markdown, for inline use and table cells
 * (never at the start of a line): the punctuation that inline Markdown
 * or HTML reads is backslash-escaped, line breaks become spaces, control
 * characters are dropped.
 */
void report_escape(struct strbuf *out, const char *text);

/*
 * The readiness report, for the inspection delegation: the title block,
 * summaries per directive item and section (with a bar chart), progress
 * over time against the deadlines (with a line chart), gates, late and
 * blocked tasks, duty coverage and its gaps, open difficulties,
 * readiness per unit (least ready first) and the ledger head.
 */
int report_readiness(struct store *st, const struct store_run *run,
		     instant_t now, enum report_lang lang,
		     struct render_doc *doc, struct err *err);

/*
 * The daily report of the local day starting at `day` (a local
 * midnight), as things stood at the report time: now, or the day's last
 * minute for a past day.  One section per recipient of the run's
 * recurring (daily) tasks, in registry order, or only `recipient` when
 * not NULL: each owner's report of the day, what the owner did that day,
 * what it had late, and the difficulties routed to the recipient that
 * day.  A day after today is refused.
 */
int report_daily(struct store *st, const struct store_run *run,
		 instant_t now, instant_t day, const char *recipient,
		 enum report_lang lang, struct render_doc *doc,
		 struct err *err);

/*
 * One unit's checklist, section by section, as a task list: each task
 * with its deadline, recipient, state and the evidence recorded.
 */
int report_unit(struct store *st, const struct store_run *run,
		instant_t now, const char *unit_id, enum report_lang lang,
		struct render_doc *doc, struct err *err);

/*
 * The focal-point directory: name, position, phone and email from the
 * evidence signed for step_id, per owner unit, and the units that have
 * none.  step_id NULL: "focal-point", else the first step whose signed
 * evidence holds a name and a phone.
 */
int report_contacts(struct store *st, const struct store_run *run,
		    instant_t now, const char *step_id, enum report_lang lang,
		    struct render_doc *doc, struct err *err);

/*
 * The compilation of the difficulties log for the survey delegation
 * (D6.6), as `issue list --format md` prints it: the issues matching f
 * (NULL: all), by system in the runbook's declared order, then by
 * severity, most severe first.  book is the run's (for its names and
 * its declaration of systems and severities).
 */
int report_difficulties(struct store *st, const struct store_run *run,
			const struct book *book, instant_t now,
			const struct store_issue_filter *f,
			enum report_lang lang, struct render_doc *doc,
			struct err *err);

/* A witness's cosignature of a checkpoint, as reports state it. */
struct report_cosignature {
	const char *witness;      /* its key name */
	int64_t size;             /* the events of the checkpoint it cosigned */
	instant_t at;             /* the cosignature's time */
};

/* A signed checkpoint, as reports state it. */
struct report_checkpoint {
	const char *origin;
	const char *signer;       /* the verifier key, NAME+ID+KEY */
	int64_t size;
	const char *root;         /* base64 */
	const char *head;
	instant_t at;
	const struct report_cosignature *witnesses;
	size_t nwitnesses;
};

/*
 * Appends the section "signed checkpoint" to a report's Markdown: its
 * origin, events, Merkle root, head, time and key, how to check it, and
 * the witnesses' cosignatures (report_national.c).
 */
void report_checkpoint(struct strbuf *md, const struct report_checkpoint *c,
		       const struct store_run *run, enum report_lang lang);

/* One province in the national report. */
struct report_province {
	const char *id;
	struct store *st;          /* its verified state, or NULL: none yet */
	const struct store_run *run;  /* the run it published (with st) */
	const char *origin;        /* the checkpoint accepted, or NULL */
	int64_t size;
	const char *root;          /* base64 */
	const char *head;
	instant_t signed_at;
	int64_t cosigned_size;     /* this office's cosignature; 0: none */
	instant_t cosigned_at;
	const char *problem;       /* the last fetch's refusal, or NULL */
	const char *problem_ref;
	instant_t problem_at;
};

/*
 * The national report: every province side by side (tasks, done, late,
 * blocked, open difficulties, checkpoint and its age, the cosignature,
 * verified or refused), readiness per directive item, the units not
 * ready, open difficulties by system, each province's checkpoint, and
 * what the last fetch refused.  Times at offset (minutes east of UTC).
 */
int report_national(const struct report_province *p, size_t n,
		    instant_t now, int offset, enum report_lang lang,
		    struct render_doc *doc, struct err *err);

#endif
