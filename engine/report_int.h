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
const char *report_state_label(enum task_state state, enum report_lang lang);

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

/* "late" for an open task past due, else its state and ": reason". */
void report_task_state(struct strbuf *md, const struct store_task *t,
		       instant_t now, enum report_lang lang);

/* "29/05/2026 22:00" in Vietnamese, "2026-05-29 22:00" in English. */
void report_when(struct strbuf *md, instant_t t, const struct store_run *run,
		 enum report_lang lang);

/*
 * The day and month alone, for a chart's axis, in the order the
 * report's dates use: "29/05" in Vietnamese, "05-29" in English.
 */
void report_day_month(struct strbuf *md, instant_t t,
		      const struct store_run *run, enum report_lang lang);

/* The local time of day alone, "22:00". */
void report_time_of_day(struct strbuf *md, instant_t t,
			const struct store_run *run);

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
 * The evidence recorded (JSON) inline, "field: value; field: value",
 * escaped, as report_evidence_item writes it.  Returns how many fields
 * it appended, or -1 with err set.
 */
int report_evidence_fields(struct strbuf *md, struct store *st,
			   const struct store_run *run, const char *step_id,
			   const char *json, enum report_lang lang,
			   struct err *err);

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

/*
 * A gate's decision ("go", "no-go", "go-with-conditions"; NULL: a
 * reopening) in the report's language.
 */
const char *report_outcome_label(const char *outcome, enum report_lang lang);

/*
 * The section "Decisions and exceptions" (report_decisions.c): every
 * gate decision (in force and superseded, who decided, when, the
 * conditions or the reason; what a no-go holds and its fallback path),
 * the waived and forced sign-offs in force with the number of findings
 * and the reason, and the done tasks that rest on open requirements;
 * the last two for unit_id only when it is not NULL.  0 or -1 with err.
 */
int report_decisions(struct strbuf *md, struct store *st,
		     const struct store_run *run, const char *unit_id,
		     enum report_lang lang, struct err *err);

/*
 * What the first page of the readiness and daily reports decides on
 * (report_first.c): the tasks open as of `as_of` (those due before T0,
 * or before now once past it, and the blocked or failed), per unit; the
 * gates; the open difficulties (routed to `recipient` when not NULL);
 * the waived and forced sign-offs; the duty coverage.  0 and *out
 * (report_decision_free, also on error), or -1.
 */
struct report_decision;
int report_decide(struct store *st, const struct store_run *run,
		  instant_t now, instant_t as_of, const char *recipient,
		  struct report_decision **out, struct err *err);
/*
 * The same for the current state, from a tally of the run made with
 * open_before = report_t0_bound(run, now) (store_tally_open): the counts
 * per unit come from its one pass; only the units shown (and the stopped
 * ones) are read again, for their earliest open task and their reasons.
 */
int report_decide_tally(struct store *st, const struct store_run *run,
			instant_t now, const struct store_tally *tally,
			struct report_decision **out, struct err *err);
/* What a task must be done before to count as ready: T0, or now past it. */
instant_t report_t0_bound(const struct store_run *run, instant_t now);
void report_decision_free(struct report_decision *d);

/* 1 when nothing due by T0 is open and nothing is blocked or failed. */
int report_decision_ready(const struct report_decision *d);

/*
 * "## Verdict" (lead, Markdown the caller made, as its first paragraph
 * when not NULL): ready for T0 or not, the gate's decision, the units not
 * ready (the worst named), the open critical and high difficulties, the
 * waived sign-offs, the duty coverage in a line; then the blocked and
 * failed tasks with their reasons and, when there are any, the severe
 * difficulties and the waivers.  0 or -1.
 */
int report_decision_verdict(struct strbuf *md, struct store *st,
			    const struct report_decision *d, const char *lead,
			    enum report_lang lang, struct err *err);

/* The units not ready, one row each, blocked first (the details). */
void report_decision_units(struct strbuf *md,
			   const struct report_decision *d,
			   enum report_lang lang);

/* Every blocked or failed task with its reason (the details). */
void report_decision_stopped(struct strbuf *md,
			     const struct report_decision *d,
			     enum report_lang lang);

/* Tasks late as of now, and the units that have one. */
int64_t report_decision_late(const struct report_decision *d);
size_t report_decision_late_units(const struct report_decision *d);

#endif
