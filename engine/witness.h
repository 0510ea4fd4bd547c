/*
 * Witnessing: cosigning a province's published checkpoints
 * (c2sp.org/tlog-cosignature, Ed25519, type 0x04) after checking each
 * against the last one this witness cosigned for its origin: signed by
 * the province's key, its segments the events it signs, and a
 * consistency proof from the size cosigned before to its size verified
 * against both roots.  Never a cosignature of a checkpoint that is
 * smaller than, or inconsistent with, one cosigned before.
 *
 * The cosigned checkpoint goes back to the province's remote, on
 * refs/heads/cutover-witness/WITNESS/RUNBOOK/RUN, where `cutover publish
 * --witness KEY` finds it and carries it in the run's next publication
 * and its report.
 */
#ifndef WITNESS_H
#define WITNESS_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "note.h"
#include "store.h"

struct witness_opts {
	const struct note_key *key;       /* the witness's signer */
	const struct note_key *province;  /* the province's verifier */
	const char *remote;               /* the province's git remote */
	instant_t now;
};

/* What became of one published run. */
struct witness_outcome {
	char *ref;                        /* "RUNBOOK/RUN" */
	char *origin;
	int64_t size;
	int64_t since;                    /* the size cosigned before, or 0 */
	int cosigned;                     /* cosigned now */
	int pushed;                       /* and pushed back */
	char *problem;                    /* why not, or NULL */
};

struct witness_result {
	struct witness_outcome *o;
	size_t n;
	size_t refused;
};

void witness_result_release(struct witness_result *r);

/*
 * Fetches the remote's published runs and cosigns each checkpoint that
 * passes (recording it as the last cosigned for its origin), then pushes
 * the cosigned notes back.  0 when the remote could be read (res says
 * what was refused), -1 with err.
 */
int witness_run(struct store *st, const struct witness_opts *o,
		struct witness_result *res, struct err *err);

#endif
