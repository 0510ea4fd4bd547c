/*
 * The difficulties log's rules (vướng mắc: D1.7, D5.2, D6.5), for every
 * door (issue add and resolve, the web's pages and API): a difficulty is
 * raised by a unit of the run, about a system and with a severity the
 * runbook's difficulties { } declares, with a token of that unit (or the
 * coordinator's) when the run asks for one; the runbook's route names
 * its recipients; it is recorded in one transaction.  A difficulty is
 * resolved by one of its recipients' tokens, or the coordinator's.
 */
#ifndef DIFFICULTY_H
#define DIFFICULTY_H

#include "auth.h"
#include "book.h"
#include "err.h"
#include "store.h"

/*
 * Raises is (unit_id, system, severity, text, raised_by, raised_at
 * given): checks it, routes it (is->recipients, which the caller frees
 * with difficulty_recipients_free) and records it; is->number and
 * is->raised_seq are set.  book is the run's.  0, or -1 with err.
 */
int difficulty_raise(struct store *st, const struct store_run *run,
		     const struct book *book, const struct auth *a,
		     struct store_issue *is, struct err *err);
void difficulty_recipients_free(struct store_issue *is);

/*
 * Records how difficulty `number` was resolved: 0, 1 when it was
 * resolved already (nothing recorded), STORE_NOTFOUND, or -1 with err.
 */
int difficulty_resolve(struct store *st, const struct store_run *run,
		       const struct auth *a, int64_t number, const char *by,
		       instant_t at, const char *resolution, struct err *err);

/* 1 when s holds nothing but white space (or is NULL). */
int difficulty_blank(const char *s);

#endif
