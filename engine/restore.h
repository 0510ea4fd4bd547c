/*
 * Taking a published run over: a new workspace built on a standby
 * machine from what `cutover publish` pushed, every file checked
 * against the signed checkpoint and every earlier checkpoint of the ref
 * against the ledger, before the database takes its place.  The run then
 * goes on there, and publishes to the same remote.
 */
#ifndef RESTORE_H
#define RESTORE_H

#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "note.h"

struct restore_opts {
	const char *db_path;            /* the new database: none may be there */
	const char *remote;             /* a git URL */
	const struct note_key *verifier;  /* the province's key (public) */
	const char *run;                /* the run's name; NULL: the only one */
	instant_t now;
};

struct restore_result {
	char *ref;                      /* refs/heads/cutover/RB/RUN */
	char *run;
	char commit[41];
	int64_t events;
	int64_t checkpoints;            /* in the ref's history, all checked */
};

void restore_result_release(struct restore_result *r);

/*
 * Fetches the remote's published runs into the new workspace's
 * repository (beside db_path), checks the chosen one whole (pubtree_open,
 * pubtree_load, pubtree_history) and only then puts the database at
 * db_path, with the remote remembered for `cutover publish` and the run's
 * ref at the commit restored.  0, or -1 with err and nothing at db_path.
 */
int restore_workspace(const struct restore_opts *o,
		      struct restore_result *res, struct err *err);

#endif
