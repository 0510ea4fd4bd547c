/*
 * Publishing a run: the workspace's ledger, state, the run's definition
 * and reports, and a signed checkpoint over them, as one commit on the
 * run's ref (pubtree.h has the layout) in the workspace's own bare
 * repository (PUBLISH_REPO beside the database), pushed to remotes.
 *
 * Never a rewrite: before anything is written, the last commit of the
 * ref here and on every remote reached is read back, and its checkpoint
 * must be signed by this key and be a prefix of this ledger (its Merkle
 * root the root of as many of this ledger's events); otherwise nothing
 * is published and the first event that differs is named.  Pushes are
 * never forced.  Publishes of one workspace take turns (a lock file).
 *
 * For `cutover serve` and any other long-running door: publish_run is
 * the whole operation, with the store handle the caller owns (used from
 * one thread) and its own lock, so it may run on a timer or after each
 * acknowledged action.
 */
#ifndef PUBLISH_H
#define PUBLISH_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "note.h"
#include "store.h"
#include "strbuf.h"
#include "tlog.h"

#define PUBLISH_REPO "publish.git"   /* beside the database */
#define PUBLISH_LOCK "publish.lock"

struct publish_opts {
	const struct note_key *key;           /* the province's signer */
	const char *const *remotes;           /* push there; may be none */
	size_t nremotes;
	const struct note_key *witnesses;     /* whose cosignatures, found */
	size_t nwitnesses;                    /* on the remotes, to carry */
	instant_t now;
	const char *by;                       /* who publishes (the commit) */
	int if_changed;    /* no new commit when the ledger did not grow */
};

/* What became of one remote. */
struct publish_remote {
	char *url;
	int pushed;        /* it holds the commit now */
	char *error;       /* why not (one line), or NULL */
};

struct publish_result {
	char commit[41];
	char *ref;
	char *origin;
	int64_t size;                   /* events */
	char root[64];                  /* base64 */
	char head[SEAL_HEX_LEN + 1];
	instant_t signed_at;
	int unchanged;                  /* if_changed, and nothing new */
	size_t cosignatures;            /* witnesses' cosignatures carried */
	struct publish_remote *remotes;
	size_t nremotes;
	size_t failed;                  /* remotes not brought up to date */
};

void publish_result_release(struct publish_result *r);

/* Appends the path of the workspace's bare repository (beside st's file). */
void publish_repo_path(struct store *st, struct strbuf *out);

/*
 * Waits for the workspace's lock (PUBLISH_LOCK beside st's file), which
 * publish, witness and national fetch take for their whole run; *fd
 * holds it until closed.  0, or -1 with err.
 */
int publish_lock(struct store *st, int *fd, struct err *err);

/*
 * Publishes run as o says.  Returns 0 when the commit was made (or,
 * if_changed, was there already) whatever became of the remotes (see
 * res->failed and each remote's error); -1 with err when nothing was
 * published: the ledger is not what was published before (err names
 * the first event that differs), a remote holds another key's or a
 * larger ledger, or a write failed.
 */
int publish_run(struct store *st, const struct store_run *run,
		const struct publish_opts *o, struct publish_result *res,
		struct err *err);

#define PUBLISH_NO_KEY (-2)

/*
 * The hook for a long-running door (cutover serve): publishes run as
 * `cutover publish` with no argument would, if the ledger grew since the
 * last publication (if_changed): with the key keys_path(NULL) finds and
 * to the remotes the workspace remembers.  Returns as publish_run, or
 * PUBLISH_NO_KEY (err set) when there is no key file: the workspace does
 * not publish.  Takes the lock itself; use the caller's store handle
 * from one thread at a time.
 */
int publish_auto(struct store *st, const struct store_run *run,
		 instant_t now, const char *by, struct publish_result *res,
		 struct err *err);

/* What `cutover verify --checkpoint` found. */
struct publish_check {
	char *origin;
	char *signer;                   /* NAME+KEYID */
	int64_t size;                   /* the checkpoint's events */
	int64_t ledger;                 /* this ledger's events */
	instant_t signed_at;
	tlog_hash proof[TLOG_MAX_PROOF];  /* consistency, size -> ledger */
	size_t nproof;
};

void publish_check_release(struct publish_check *c);

/*
 * Checks this ledger against a checkpoint (a signed note, file names it
 * in errors): signed by verifier; the ledger holds at least its events
 * (fewer: the last ones were removed); its first `size` events have the
 * checkpoint's Merkle root and head (else the ledger was rewritten and
 * resealed since); then proves the ledger only grew since, with a
 * consistency proof from the checkpoint's size to the ledger's,
 * verified against both roots.  Call in a read snapshot.  0, or -1
 * with err saying which of these failed.
 */
int publish_check_checkpoint(struct store *st, const char *file,
			     const char *text, size_t len,
			     const struct note_key *verifier,
			     struct publish_check *out, struct err *err);

#endif
