/*
 * The national office: the provinces it follows, each a git remote and
 * the verifier key the province signs with; fetching them, verifying
 * each published run (signature, every file, the ledger's chain and
 * Merkle root, the tables against the events, the history of
 * checkpoints, and growth from what was accepted before), and keeping
 * only what passed.  A rewrite, a bad signature, a stale (replayed)
 * checkpoint or a tampered file is recorded as the province's problem
 * and never merged: what was accepted before stays.
 *
 * Beside the workspace's database: the accepted state of each published
 * run in NATIONAL_DIR/PROVINCE/RUNBOOK/RUN.db, its commits in the
 * workspace's repository (refs/national/PROVINCE/accepted/RUNBOOK/RUN).
 */
#ifndef NATIONAL_H
#define NATIONAL_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "report.h"
#include "store.h"

#define NATIONAL_DIR "national"

/*
 * Records a province: id (lower-case letters, digits and '-', a name of
 * files and refs), its remote, its verifier key (NAME+ID+KEY, or a file
 * holding it).  0, or -1 with err.
 */
int national_add(struct store *st, const char *id, const char *remote,
		 const char *vkey, instant_t now, struct err *err);

/* What one fetch made of one published run of a province. */
struct national_outcome {
	char *province;
	char *ref;             /* "RUNBOOK/RUN", or "" for the province */
	int accepted;          /* a new checkpoint accepted */
	int64_t size;          /* its events (accepted: the new ones) */
	char *problem;         /* why it was refused, or NULL */
};

struct national_result {
	struct national_outcome *o;
	size_t n;
	size_t refused;
};

void national_result_release(struct national_result *r);

/*
 * Fetches every province (or only `only`), verifies what each
 * publishes and accepts what passes.  0 when it could ask every
 * province (res->refused says how many runs were refused), -1 with err
 * when the workspace itself failed.
 */
int national_fetch(struct store *st, const char *only, instant_t now,
		   struct national_result *res, struct err *err);

/* Every province as the national report shows it (national_open). */
struct national_view {
	struct report_province *p;
	size_t n;
	struct store **stores;
	struct store_run *runs;
	struct store_province *provinces;
	struct store_province_log *logs;
	size_t nlogs;
	struct store_cosigned *cosigned;
	int offset;            /* minutes east of UTC of the runs (or +07:00) */
};

/*
 * Opens, for each province, the accepted state of its most recently
 * signed run, with its checkpoint, this office's cosignature of it and
 * the last refusal.  0, or -1 with err.
 */
int national_open(struct store *st, struct national_view *v,
		  struct err *err);
void national_view_release(struct national_view *v);

#endif
