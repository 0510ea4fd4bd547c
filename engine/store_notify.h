/*
 * What reminders and routed reports ask of the store: the messages the
 * ledger says were delivered (so that nothing is sent twice), the
 * contacts units gave in their own signed evidence, and the event that
 * records each delivery.  Part of the store: the SQL is in
 * store_notify.c.
 *
 * A delivery is one event of kind "message", about no task, for the
 * unit it went to, its evidence (canonical JSON, written by the caller):
 *   {"purpose": "remind"|"daily-report", "channel": "smtp"|"exec",
 *    "to": ADDRESS or "", "subject": ..., "message_id": ...,
 *    "hash": BLAKE2b-256 of the message as handed over,
 *    "about": [what it reminded of, e.g. "focal-point@chu:late"],
 *    "result": "sent"|"failed", "error": ... (when failed)}
 */
#ifndef STORE_NOTIFY_H
#define STORE_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "store.h"

/* The kind of the events store_add_message appends. */
#define STORE_MESSAGE_KIND "message"

/* One thing a delivered message was about, for one unit and address. */
struct store_sent {
	char *unit_id;
	char *to;              /* the address, "" for a hook */
	char *about;
	instant_t at;
};

/*
 * What the run's delivered messages of this purpose, recorded at or after
 * since, were about: one row per element of their "about", by unit, to,
 * about.  Free with store_sent_free.
 */
int store_messages_sent(struct store *st, int64_t run_id,
			const char *purpose, instant_t since,
			struct store_sent **out, size_t *n, struct err *err);
void store_sent_free(struct store_sent *s, size_t n);

/* A unit's contact from its signed evidence. */
struct store_contact {
	char *unit_id;
	char *name;            /* may be NULL, as the others */
	char *email;
	char *phone;
};

/*
 * The contacts units gave themselves: the name, email and phone of the
 * evidence of each done, live task of the first step (runbook order)
 * whose signed evidence holds an email (the focal point of D1.1 in the
 * bundled runbook), by unit.  None when no such step.  Free with
 * store_contacts_free.
 */
int store_signed_contacts(struct store *st, int64_t run_id,
			  struct store_contact **out, size_t *n,
			  struct err *err);
void store_contacts_free(struct store_contact *c, size_t n);

/*
 * Records one delivery as a "message" event of the run, in a
 * transaction of its own, by actor at `at` for unit_id, with the
 * evidence above; sets *seq (may be NULL).  Returns 0 or -1.
 */
int store_add_message(struct store *st, const struct store_run *run,
		      const char *unit_id, const char *actor, instant_t at,
		      const char *evidence, int64_t *seq, struct err *err);

#endif
