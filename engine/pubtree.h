/*
 * The published tree: what `cutover publish` commits for a run, read
 * back and checked by whoever fetches it (restore, national fetch,
 * witness, publish itself).  One commit on refs/heads/cutover/RB/RUN:
 *
 *   checkpoint               the signed checkpoint (a C2SP note): origin
 *                            "KEYNAME/RB/RUN", the number of events, the
 *                            Merkle root over their hashes, and the
 *                            extension lines cutover-head (the chain's
 *                            head), cutover-time, cutover-files (SHA-256
 *                            of SHA256SUMS)
 *   SHA256SUMS               `sha256sum` lines for every file below
 *   ledger/NNNNNNNNNN.jsonl  the events from NNNNNNNNNN on, PUBTREE_SEGMENT
 *                            to a file, one line each (canonical JSON of
 *                            the events row: store_publish.c)
 *   state/SCHEMA             the schema version of the rows
 *   state/TABLE/NNNNNN.jsonl every other table's rows, PUBTREE_CHUNK a file
 *   attachments/HASH         attachments, named by their BLAKE2b hash
 *   definition/files/PATH    the runbook and the files it loads, as the
 *                            run holds them
 *   definition/sealed.json   {"event": SEQ, "definition": {...}}: what
 *                            the run's latest start or upgrade event
 *                            seals (store_definition); a run older than
 *                            the seal has definition/run.json, its row
 *   reports/KIND.md          the readiness and daily reports, in Markdown
 *   witnesses/NAME.checkpoint  the checkpoint as a witness cosigned it
 *
 * The signature covers the checkpoint; the checkpoint covers the events
 * (root), and SHA256SUMS, which covers every file but the checkpoint
 * and the witnesses' notes (each signed on its own).  Nothing read from
 * a commit is trusted before those checks.
 */
#ifndef PUBTREE_H
#define PUBTREE_H

#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "note.h"
#include "store.h"
#include "strbuf.h"
#include "tlog.h"
#include "vcs.h"

#define PUBTREE_SEGMENT 1000      /* events per ledger file */
#define PUBTREE_CHUNK 1000        /* rows per state file */
#define PUBTREE_MAX_FILE ((size_t)64 << 20)  /* larger files are refused */

/* The ref a run is published on; 0, or -1 when a name cannot be in one. */
int pubtree_ref(const char *runbook_id, const char *run_name,
		struct strbuf *ref, struct err *err);

/* The runbook id and run of "refs/heads/cutover/RB/RUN" or "RB/RUN". */
int pubtree_ref_names(const char *ref, struct strbuf *runbook_id,
		      struct strbuf *run_name);

/*
 * 1 when name, what follows a remote's refs/heads/cutover/, is a
 * published run's ("RB/RUN", each part one pubtree_ref would make): the
 * names a remote gives become folders and files here.
 */
int pubtree_run_ref(const char *name);

/*
 * The run's definition/ files (the layout above), made from the store:
 * fn is given each path and content; a non-zero return stops the walk
 * and is returned.  Publish writes them; pubtree_load requires a commit
 * to hold exactly these.  0 or -1.
 */
typedef int (*pubtree_file_fn)(void *ctx, const char *path, const char *data,
			       size_t len);
int pubtree_definition(struct store *st, const struct store_run *run,
		       pubtree_file_fn fn, void *ctx, struct err *err);

/*
 * The ledger's Merkle leaves: each event's chain hash hashed as an RFC
 * 6962 leaf (tlog_leaf_hash), *n of them in *leaves (caller frees), and
 * the chain's head (the last event's hash, or seal_genesis) into head.
 * 0 or -1.
 */
int pubtree_leaves(struct store *st, tlog_hash **leaves, int64_t *n,
		   char head[SEAL_HEX_LEN + 1], struct err *err);

/* A published commit whose checkpoint was checked. */
struct pubtree {
	char commit[41];
	struct note note;          /* the checkpoint, as published */
	struct note_checkpoint cp;
	struct strbuf sums;        /* SHA256SUMS */
	int schema;                /* state/SCHEMA */
};

#define PUBTREE_INIT { { 0 }, NOTE_INIT, NOTE_CHECKPOINT_INIT, STRBUF_INIT, 0 }

void pubtree_release(struct pubtree *t);

/*
 * Reads commit's checkpoint and checks it: a note signed by key (its
 * name and key id, type NOTE_ED25519), a checkpoint with cutover's
 * extension lines, whose cutover-files is the hash of the commit's
 * SHA256SUMS.  Returns 0, NOTE_BADSIG or NOTE_UNSIGNED (err says: a
 * signature that does not verify, or none by key), or -1 with err.
 */
int pubtree_open(struct vcs_repo *repo, const char *commit,
		 const struct note_key *key, struct pubtree *out,
		 struct err *err);

/*
 * Loads an opened commit into a new database at path (":memory:"
 * allowed; no file may be there), then checks it; on any failure the
 * file is removed.  Every file must be listed in SHA256SUMS with its
 * hash and every listed file present; every line of the ledger and the
 * state must load (canonical JSON of its table); attachments must have
 * the hash they are named by.  Then: the events are the checkpoint's
 * (their number, Merkle root and head), the chain holds, and (unless
 * events_only, which loads the ledger alone) the copies agree with the
 * events (store_ledger_check) and definition/ is the run's as its ledger
 * seals it (pubtree_definition).  *out is the open database, or NULL.
 */
int pubtree_load(struct vcs_repo *repo, const struct pubtree *t,
		 const char *path, int events_only, struct store **out,
		 struct err *err);

/*
 * Checks the history of an opened commit, along first parents: every
 * checkpoint signed by key, of the same origin, never larger than the
 * one after it, and each a prefix of the tree of these leaves
 * (the newest commit's events).  *count is the number of checkpoints.
 * 0, or -1 with err naming the commit.
 */
int pubtree_history(struct vcs_repo *repo, const struct pubtree *t,
		    const struct note_key *key, const tlog_hash *leaves,
		    int64_t n, int64_t *count, struct err *err);

/*
 * The first event (1-based) at which the events of commit t (loaded on
 * their own) differ from these leaves, into *seq; 0 when all of its
 * events agree.  For naming what a rewrite changed.  0 or -1.
 */
int pubtree_first_difference(struct vcs_repo *repo, const struct pubtree *t,
			     const tlog_hash *leaves, int64_t n,
			     int64_t *seq, struct err *err);

#endif
