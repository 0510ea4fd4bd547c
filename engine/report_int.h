/*
 * What the report builders share and nothing else sees: the labels every
 * kind uses, the title block, times, states and evidence as report text.
 * Each builder keeps its own labels in a table of {vi, en} pairs, so both
 * languages always carry the same content.
 */
#ifndef REPORT_INT_H
#define REPORT_INT_H

#include "report.h"

/* Rows a table shows before it says how many more there are. */
#define REPORT_MAX_ROWS 200

enum report_label {
	RL_T0, RL_NOW, RL_RUN, RL_VERSION, RL_NO_GIT,
	RL_UNCOMMITTED, RL_REHEARSAL, RL_LIVE, RL_DONE, RL_TOTAL, RL_LATE,
	RL_BLOCKED, RL_PERCENT, RL_DUE, RL_STATE, RL_TASK, RL_UNIT,
	RL_RECIPIENT, RL_SECTION, RL_BY, RL_EVIDENCE, RL_COMMENT, RL_NONE,
	RL_BYTES, RL_CHART_REST, RL_SYSTEM, RL_SEVERITY, RL_TEXT, RL_RAISED,
	RL_OPEN, RL_RESOLVED, RL_LATE_LC, RL_DUE_LC, RL_BLOCKED_LC,
	RL_DONE_LC, RL_AT_LC, RL_AUTH_UNIT, RL_AUTH_COORDINATOR, RL_LEDGER,
	RL_EVENTS_HEAD, RL_WAIVER, RL_TERM_SOURCE, RL_TERM_ITEM, RL_YES, RL_NO,
	RL_COUNT
};

const char *report_label(enum report_label l, enum report_lang lang);


/* A task state (pending, done, ...) in the report's language. */
const char *report_state_label(const char *state, enum report_lang lang);


/*
 * Appends the runbook's word for term (LABEL_TERM_SOURCE, the source
 * document; LABEL_TERM_ITEM, one of its items) in the report's language,
 * else the engine's ("văn bản chỉ đạo", "directive item"), escaped; with
 * a capital first letter when capital.
 */
void report_term(struct strbuf *md, const struct store_run *run,
		 const char *term, enum report_lang lang, int capital);

/* Appends the label of (kind, id) in the report's language, escaped. */
void report_labelled(struct strbuf *md, const struct store_run *run,
		     enum label_kind kind, const char *id,
		     enum report_lang lang);

/* Appends a directive item with its title ("D1.1: ..."), escaped. */
void report_item(struct strbuf *md, const struct store_run *run,
		 const char *item, enum report_lang lang);

/*
 * Appends a duration in words of the report's language (label.h's
 * label_duration).
 */
void report_duration(struct strbuf *md, int64_t seconds,
		     enum label_span span, enum report_lang lang);

/* "29/05/2026 22:00" in Vietnamese, "2026-05-29 22:00" in English. */
void report_when(struct strbuf *md, instant_t t, const struct store_run *run,
		 enum report_lang lang);

/* "45%", or "–" when whole is 0. */
void report_percent(struct strbuf *md, int64_t part, int64_t whole);

/*
 * The top of every report: "# heading", the runbook's title in bold, the
 * directive and T0 lines.  Sets the HTML page's title and language too.
 */
void report_head(struct render_doc *doc, const char *heading,
		 const struct store_run *run, enum report_lang lang);

/* "- label: time (T-…)", the time relative to T0. */
void report_time_line(struct strbuf *md, const char *label, instant_t t,
		      const struct store_run *run, enum report_lang lang);

/*
 * "- Run: name (mode)", "- Runbook version: commit …" and the ledger's
 * head as the report reads it ("- Ledger: N events, head `…`"), which
 * `cutover verify --head` confirms later.  0, or -1 with err.
 */
int report_run_lines(struct strbuf *md, struct store *st,
		     const struct store_run *run, enum report_lang lang,
		     struct err *err);

/* After a capped table: a line saying how many rows were left out. */
void report_cap_note(struct strbuf *md, const char *fmt, size_t shown,
		     size_t max_rows);

/*
 * A list item "<indent>- label: field: value; field: value" for the
 * evidence recorded (JSON) at a task of step step_id, escaped, each field
 * by its label (label_field); files as their name, size and hash, a
 * waiver with its reason and findings.  Appends nothing when there is
 * no field.  Returns 0 or -1 with err set.
 */
int report_evidence_item(struct strbuf *md, const char *indent,
			 const char *label, struct store *st,
			 const struct store_run *run, const char *step_id,
			 const char *json, enum report_lang lang,
			 struct err *err);

#endif
