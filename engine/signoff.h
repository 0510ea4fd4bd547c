/*
 * Changing a task's state: sign-off with typed, checked evidence, and the
 * skip / fail / block / reopen transitions.  One code path for every
 * front end (sign, step, import), so the rules are the same everywhere.
 *
 * Nothing is written unless everything was valid; the event and the task's
 * state change commit together, and only then does the caller acknowledge.
 */
#ifndef SIGNOFF_H
#define SIGNOFF_H

#include <stddef.h>

#include "auth.h"
#include "book.h"
#include "clock.h"
#include "err.h"
#include "seal.h"
#include "store.h"
#include "strbuf.h"

/* A file given as its content (a web upload) rather than a path. */
struct signoff_upload {
	const char *field;      /* the step's file field */
	const char *name;       /* the name the sender gave it */
	const char *data;
	size_t len;
};

struct signoff {
	const char *task_key;
	const char *action;     /* done, skipped, failed, blocked, reopened,
				 * or comment (history only, any state) */
	const char *by;         /* the person */
	const char *comment;    /* the reason, for all but done; may be NULL */
	char **evidence;        /* "field=value" */
	size_t nevidence;
	char **attach;          /* "field=path", or "path" for the only file field */
	size_t nattach;
	const struct signoff_upload *uploads; /* files given as content */
	size_t nuploads;
	int force;              /* sign although required tasks are open or
				 * the task's start is still ahead (the
				 * coordinator's; recorded as "forced-past") */
	const char *waiver;     /* why the check's findings are accepted: a
				 * few words at least (signoff_reason_ok) */
	const char *decision;   /* a gate's: "go", "no-go" (action failed)
				 * or "go-with-conditions"; else NULL */
	const char *decision_text; /* the conditions, or the no-go's reason */
	instant_t at;
	const struct auth *auth; /* the token given, or NULL */
	int from_table;         /* values come from a file's columns (import): a
				 * file field's value is a path, relative to
				 * files_dir when set */
	const char *files_dir;
};

struct signoff_result {
	int recorded;           /* 0 when the task was already in that state */
	int64_t seq;
	char hash[SEAL_HEX_LEN + 1];
	enum task_state previous_state;
	char *previous_by;      /* who put it there, when not recorded */
	instant_t previous_at;
	struct strbuf findings; /* one line per reason a check refused */
	int waived;             /* recorded despite findings, with req->waiver */
	int forced;             /* recorded past open requirements or before
				 * the start, with req->force */
};

void signoff_result_init(struct signoff_result *res);
void signoff_result_release(struct signoff_result *res);

/*
 * Applies the request to the run.  A roster step is signed only when the
 * unit's shifts for its role cover the duty window; the gaps are the
 * findings, and no waiver applies to them.  A check's findings refuse the
 * sign-off unless req->waiver justifies them: then they are recorded with
 * the justification under "waiver" in the evidence.  A task is signed
 * when what it requires is done and its start has come, or forced
 * (req->force, the coordinator's): then "forced-past" in the evidence
 * says past what.  A gate's task takes a decision (gate.h) and nothing else.  *book caches the run's runbook between
 * calls (load on demand; the caller frees it with book_free).  Returns 0
 * (res->recorded says whether an event was appended), or -1 with err set;
 * when a check refused, res->findings lists why.
 */
int signoff_apply(struct store *st, const struct store_run *run,
		  struct book **book, const struct signoff *req,
		  struct signoff_result *res, struct err *err);

/*
 * The two halves of signoff_apply, for callers that record many
 * sign-offs in one transaction (import).  signoff_prepare decides
 * everything that does not need the write lock: the task, the token, the
 * move, the evidence's types and files, the roster and the runbook's
 * check; *ready (freed with signoff_ready_free) holds the evidence.
 * signoff_record, inside the caller's transaction, reads the task again,
 * checks its requirements (what the same transaction signed counts) and
 * appends the event; res->recorded is 0 when the task was in that state
 * already.  Both return 0 or -1 with err set.
 */
struct signoff_ready;
int signoff_prepare(struct store *st, const struct store_run *run,
		    struct book **book, const struct signoff *req,
		    struct signoff_ready **ready, struct signoff_result *res,
		    struct err *err);
int signoff_record(struct store *st, const struct store_run *run,
		   const struct signoff *req, const struct signoff_ready *ready,
		   struct signoff_result *res, struct err *err);
void signoff_ready_free(struct signoff_ready *ready);

/*
 * 1 when text is a reason a reader can act on: at least
 * SIGNOFF_REASON_WORDS words (runs of characters between spaces that
 * hold a letter or a digit), so that "y" or "ok" waives nothing.
 */
#define SIGNOFF_REASON_WORDS 3
int signoff_reason_ok(const char *text);

/* Loads the runbook a run was started from, out of the store. */
int signoff_load_book(struct store *st, const struct store_run *run,
		      struct book **out, struct err *err);

#endif
