/*
 * The actions on a task, and what is said once one is recorded: one
 * table for every door (sign, skip, fail, block, reopen, step, import,
 * the web pages and the API), so that an action reads the same wherever
 * it was taken.  The ledger and --json keep the event kinds (done,
 * skipped, ...); only what a person reads comes from here.
 */
#ifndef ACTION_H
#define ACTION_H

#include <stdint.h>

#include "clock.h"
#include "signoff.h"
#include "strbuf.h"

struct action {
	const char *command;   /* "block": the CLI's word, the web's value */
	const char *kind;      /* "blocked": the event kind and new state */
	const char *done;      /* "marked %s blocked (event %lld)": task, event */
	const char *would;     /* "would mark %s blocked": task, a dry run */
	const char *button;    /* the web's button, in context "action" */
	const char *help;      /* what the command does, one paragraph */
};

/* The action a command word or an event kind names, or NULL. */
const struct action *action_by_command(const char *command);
const struct action *action_by_kind(const char *kind);

/*
 * Appends, in the user's language and without a newline, what
 * signoff_apply's result says about the action `kind` on task: "signed
 * X (event N)", "marked X blocked (event N)", "signed X with a waiver
 * (event N)", or, when nothing was recorded, "X is already done (signed
 * by P at T); nothing recorded" and "X is already blocked; nothing
 * recorded" (times local in zone).
 */
void action_ack(struct strbuf *out, const char *task, const char *kind,
		const struct signoff_result *res,
		const struct clock_zone *zone);

/* Appends "would sign X" for a dry run of the action `kind` on task. */
void action_would(struct strbuf *out, const char *task, const char *kind);

/*
 * A task state or an event kind in the user's language ("blocked",
 * "shift-added"); a kind it does not know, as it is.
 */
const char *action_state_name(const char *state);

/* A task state in the user's language. */
const char *action_task_state_name(enum task_state state);

#endif
