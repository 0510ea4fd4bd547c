/*
 * Chasing by message: reminders of what is late or soon due, one message
 * per unit, and the daily report, each recipient its own part, sent by
 * e-mail (the smtp module) or handed to a hook (the hook module), each
 * delivery recorded in the ledger (store_notify.h) so that it is
 * auditable and never repeated within its period.
 *
 * Who receives a unit's messages (notify_addresses): the addresses the
 * workspace configuration gives the unit, when it gives any (the
 * coordinator's word tonight wins); otherwise the registry's `email`
 * contacts together with the e-mail the unit signed in its own evidence
 * (its D1.1 focal point).  One delivery per address, so that a refused
 * address fails alone; a hook is called once per message with every
 * address in its environment.
 *
 * What counts as the same reminder: the same task in the same condition
 * (late, or soon due) to the same unit at the same address (or the same
 * hook), delivered within the period (the runbook's reminders { period },
 * 6 hours when it declares none).  A message is sent when it holds at
 * least one thing not yet delivered within the period, and lists
 * everything late or soon due.  A daily report part is sent once per
 * recipient, address and day, once the last deadline of that day's
 * reports routed to the recipient has passed (the time the runbook's
 * `every = daily { before = ... }` says).  A failed delivery is recorded
 * as failed and counts for nothing: the next call tries it again.
 *
 * Nothing here prints: each delivery's outcome comes back to the caller.
 */
#ifndef NOTIFY_H
#define NOTIFY_H

#include <stddef.h>

#include "book.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "report.h"
#include "store.h"

enum notify_channel {
	NOTIFY_SMTP,          /* the configured mail server */
	NOTIFY_EXEC,          /* a hook, once per message */
	NOTIFY_DRY_RUN        /* compose only: nothing sent or recorded */
};

struct notify_opts {
	enum notify_channel channel;
	const char *exec_cmd;        /* NOTIFY_EXEC: sh -c CMD */
	int dry_run_exec;            /* NOTIFY_DRY_RUN: as a hook would get it */
	const struct config *config; /* server, sender, addresses, base URL */
	const char *actor;           /* recorded as each event's actor */
	enum report_lang lang;
	instant_t now;
	/* notify_remind */
	const char *unit_id;         /* NULL: every unit */
	int late_only;               /* only what is late */
	int64_t within;              /* else also what is due within this */
	int64_t period;              /* never twice within this */
	/* notify_daily */
	instant_t day;               /* a local midnight */
	const char *recipient;       /* NULL: every recipient */
};

enum notify_status {
	NOTIFY_SENT,          /* delivered and recorded */
	NOTIFY_FAILED,        /* refused or unreachable: recorded, retried */
	NOTIFY_NO_ADDRESS,    /* nobody to send it to: nothing recorded */
	NOTIFY_ALREADY,       /* delivered within the period: nothing done */
	NOTIFY_NOT_YET,       /* a report part before its time */
	NOTIFY_COMPOSED       /* a dry run's message */
};

/* One unit's (or recipient's) message to one address. */
struct notify_outcome {
	enum notify_status status;
	char *unit_id;
	char *unit_name;
	char *to;             /* the address; "" for a hook or none */
	char *subject;
	char *error;          /* NOTIFY_FAILED */
	char *message;        /* NOTIFY_COMPOSED: the whole message, */
	char *body;           /* and its body as text */
	instant_t at;         /* NOTIFY_NOT_YET: when it will be due */
	size_t late, soon;    /* remind: how many tasks it lists */
	int64_t seq;          /* the event, when recorded */
};

struct notify_result {
	struct notify_outcome *o;
	size_t n, alloc;
};

#define NOTIFY_RESULT_INIT { NULL, 0, 0 }
void notify_result_release(struct notify_result *r);

/*
 * Sends each unit (opts->unit_id, or every unit with such a task) one
 * message listing its open tasks late at opts->now and, unless
 * late_only, due before now + within, to each of its addresses.  book:
 * the run's book (its registry's contacts).  Appends one outcome per
 * unit and address.  Returns 0, or -1 with err (what stops every
 * delivery: a unit the run does not have, no mail server or sender
 * configured, the store).
 */
int notify_remind(struct store *st, const struct store_run *run,
		  const struct book *book, const struct notify_opts *opts,
		  struct notify_result *out, struct err *err);

/*
 * Sends each recipient of the day's routed reports (opts->recipient, or
 * every one) its part of the daily report of opts->day as of
 * opts->now, once its time has come.  Returns 0, or -1 with err.
 */
int notify_daily(struct store *st, const struct store_run *run,
		 const struct book *book, const struct notify_opts *opts,
		 struct notify_result *out, struct err *err);

/*
 * The addresses (e-mail) of unit_id, as described above; appended to
 * *out (*n of them), each a fresh string; the caller frees.  reg may be
 * NULL (no registry contacts); contacts are store_signed_contacts'.
 */
struct store_contact;
void notify_addresses(const struct config *cfg,
		      const struct unit_registry *reg,
		      const struct store_contact *contacts, size_t ncontacts,
		      const char *unit_id, char ***out, size_t *n);

/* Appends the link to a unit's page of `cutover serve`: BASE/u/ID. */
void notify_unit_link(struct strbuf *out, const char *base_url,
		      const char *unit_id);

/*
 * For `cutover serve`: 1 when the runbook's reminders { } schedule has
 * a round in (since, now] (at = its times of each local day, every = T0
 * or `from` plus a multiple of it, both within from..to), else 0 (also
 * when rb declares no reminders).
 */
int notify_round_due(const struct runbook *rb, instant_t t0, instant_t since,
		     instant_t now);

/*
 * For `cutover serve`, to call every minute or so with the instant of
 * its previous call (0 the first time): when a round is due, the
 * reminders as the runbook declares them (late and due within
 * `within`, never twice within `period`); when it declares
 * daily_report, every routed daily report part of today whose time has
 * come and that was not yet delivered.  opts gives the channel, config,
 * actor, language and now; the rest is set here.  Returns 0 (outcomes
 * appended; nothing when the runbook declares no reminders) or -1.
 */
int notify_scheduled(struct store *st, const struct store_run *run,
		     const struct book *book, const struct notify_opts *opts,
		     instant_t since, struct notify_result *out,
		     struct err *err);

#endif
