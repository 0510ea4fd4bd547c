/*
 * Go/no-go gates: the rules a decision follows, whichever door it comes
 * through (cutover gate decide, step, the web).  A gate's task is never
 * signed, skipped or failed like another task: the coordinator decides
 * it, go, go with conditions (a go, with the conditions as text) or
 * no-go (with the reason).  A go is the gate's "done" event and releases
 * the tasks that require the gate; a no-go is its "failed" event: they
 * keep waiting, and the runbook's fallback path for that gate (the steps
 * declared with fallback = GATE) becomes active.  A gate decided no-go
 * can be decided again; a go is reopened first.  Every decision is an
 * event of its own: the history stays in the ledger.
 *
 * DESIGN: a gate passes without a go never.
 */
#ifndef GATE_H
#define GATE_H

#include "auth.h"
#include "err.h"
#include "store.h"
#include "strbuf.h"

enum gate_outcome {
	GATE_GO,
	GATE_NO_GO,
	GATE_CONDITIONS          /* go with conditions */
};

/*
 * "go", "no-go", "go-with-conditions": the names the ledger records and
 * --json prints, in every language.
 */
const char *gate_outcome_name(enum gate_outcome outcome);
/*
 * A decision's name ("go", ...) in the user's language, for what a
 * terminal shows: "go", "go with conditions", "no-go".
 */
const char *gate_outcome_words(const char *name);
/* Returns 0 and sets *out, or -1 when name is none of them. */
int gate_outcome_parse(const char *name, enum gate_outcome *out);

/* The event kind (and so the task's state) of a decision: done or failed. */
const char *gate_outcome_action(enum gate_outcome outcome);

/*
 * May `action` (done, skipped, failed, blocked, reopened, comment) be
 * taken on `task`, with `decision` (an outcome's name, or NULL) and the
 * token a?  On a gate: done and failed only as a decision of the
 * matching outcome, by the coordinator; never skipped; reopened by the
 * coordinator only; blocked and commented on like any task.  On any
 * other task, no decision.  Returns 0, or -1 with err saying why (and
 * what to do instead).
 */
int gate_allow(const struct store_task *task, const char *action,
	       const char *decision, const struct auth *a,
	       const struct store_run *run, struct err *err);

/*
 * Appends the decision as the ledger keeps it, the member
 * "gate-decision": {"outcome": "...", "conditions"|"reason": "..."}
 * (text may be NULL: a plain go), a name no evidence field can take
 * (they have no '-').  The caller adds it to the event's evidence.
 */
void gate_decision_json(enum gate_outcome outcome, const char *text,
			struct strbuf *out);

#endif
