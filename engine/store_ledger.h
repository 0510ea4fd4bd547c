/*
 * What the ledger vouches for beyond its own hash chain: the copies the
 * store keeps beside it (task states, the roster, the difficulties log,
 * the runs' start records) must say what the events say, and a hash
 * printed in a report must be one the chain passed through.
 *
 * store_verify_chain (store.h) proves the events were not edited,
 * removed or reordered; the checks here prove the tables the engine
 * reads were not edited behind the ledger's back, and find an event
 * that was forged with a well-formed chain but no copy to match.
 * Part of the store: the only SQL is in store_ledger.c.
 */
#ifndef STORE_LEDGER_H
#define STORE_LEDGER_H

#include <stdint.h>

#include "err.h"
#include "seal.h"
#include "store.h"

/*
 * Compares the copies with the events (in one store_read_begin snapshot
 * with the chain), for run `run_id` only (its
 * tasks, shifts, difficulties and events), or for every run when
 * run_id is 0.  Sets *tasks to the number of task states compared.
 * Returns 0 when all agree; 1 when not, with err naming the first
 * disagreement in ledger order ("event 12: ..."; a copy no event
 * explains comes last, without a number); -1 on error.
 */
int store_ledger_check(struct store *st, int64_t run_id, int64_t *tasks,
		       struct err *err);

/*
 * Finds hash (64 lower-case hex digits) among the events' hashes.
 * Returns 0 with *seq set (0 for seal_genesis, the head of an empty
 * ledger), STORE_NOTFOUND (err says so) or -1.  Meaningful once
 * store_verify_chain has passed: the stored hashes are then the chain.
 */
int store_ledger_find(struct store *st, const char *hash, int64_t *seq,
		      struct err *err);

#endif
