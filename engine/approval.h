/*
 * Approved versions only: the rules of an approval (four eyes: never the
 * author of a change since the last approved version; with tokens, a
 * reviewer's token, recorded in the live run's ledger) and of moving a
 * run to another version (a live run only to a version approved after
 * its own, by someone other than the authors of the change; a rehearsal
 * to an approved version, or to any with --unapproved).
 *
 * How `cutover approve`, a git operation, knows that tokens are
 * required: it looks for the workspace as every command does (--db,
 * CUTOVER_DB, .cutover/ in this folder or a parent).  When that
 * workspace holds an open live run of the runbook that requires tokens,
 * the approval needs a reviewer's token of that run, the tag's tagger is
 * the reviewer the token names, and an "approve" event authenticated by
 * the token is recorded in the run's ledger.  An approval made anywhere
 * else (no workspace, a token-less run) is a tag alone, and an upgrade
 * of a run that requires tokens refuses it: the rule is enforced where
 * the run is, not where the approver stands.
 *
 * DESIGN: a live run never moves to a version nobody approved.
 */
#ifndef APPROVAL_H
#define APPROVAL_H

#include <stddef.h>

#include "auth.h"
#include "book.h"
#include "err.h"
#include "store.h"
#include "vcs.h"

/*
 * Four eyes: fails when `by` wrote a commit that REV reaches, that no
 * commit of `hide` reaches, and that changed a file of the book (the
 * runbook at repository path rel and the files it loads).  Returns 0, or
 * -1 with err naming the commit.
 */
int approval_four_eyes(struct vcs_repo *repo, const struct vcs_rev *rev,
		       const char *rel, const struct book *book,
		       const char *const *hide, size_t nhide, const char *by,
		       struct err *err);

/* Who approves, and where the approval is recorded. */
struct approval_who {
	const char *approver;    /* the tagger: the token's reviewer, or by */
	struct store_run run;    /* the open live run it is recorded in; id 0:
				    none, a tag alone */
	struct auth auth;        /* the token checked, when given */
};

void approval_who_release(struct approval_who *w);

/*
 * Decides who approves a version of runbook_id: st is the workspace
 * (NULL when there is none), token the one given (NULL or "": none), by
 * the name given (may be NULL when a token names the reviewer).  When
 * the open live run of runbook_id requires tokens, or a token is given,
 * the token must be a reviewer's of that run, and by (if given) its
 * reviewer.  Returns 0 and fills *w, or -1 with err.
 */
int approval_who(struct store *st, const char *runbook_id, const char *token,
		 const char *by, struct approval_who *w, struct err *err);

/*
 * Inside the caller's transaction: records in w->run's ledger that
 * `tag` approves commit (blob, runbook path rel) by w->approver at `at`,
 * authenticated by w's token.  Sets *seq.  0 or -1.
 */
int approval_record(struct store *st, const struct approval_who *w,
		    const char *tag, const char *commit, const char *blob,
		    const char *rel, instant_t at, int64_t *seq,
		    struct err *err);

/*
 * May run move to the version at `target` (expanded in book; rel is the
 * runbook's repository path)?  a[0..na) are the runbook's approvals.
 * unapproved: the user asked for --unapproved.  On success sets *tag to
 * the approval that allows it (one of a[], or NULL for a rehearsal's
 * unapproved move).  Returns 0, or -1 with err saying which rule
 * refuses and what to do.
 */
int approval_upgrade_allowed(struct store *st, struct vcs_repo *repo,
			     const struct store_run *run,
			     const struct vcs_rev *target, const char *rel,
			     const struct book *book,
			     const struct vcs_approval *a, size_t na,
			     int unapproved, const struct vcs_approval **tag,
			     struct err *err);

/*
 * Four eyes for an approval found in git (a tag anyone could make by
 * hand): a[i] approves rev (its runbook at rel, expanded in book); fails
 * when its tagger wrote a change to the book's files that rev reaches and
 * that no earlier approval (a[j].n < a[i].n) reaches.  Returns 0, or -1
 * with err saying that the tag does not count and why.
 */
int approval_tag_valid(struct vcs_repo *repo, const struct vcs_approval *a,
		       size_t na, size_t i, const struct vcs_rev *rev,
		       const char *rel, const struct book *book,
		       struct err *err);

/* The approval of commit id among a[0..na) with the highest n, or NULL. */
const struct vcs_approval *approval_of(const struct vcs_approval *a,
				       size_t na, const char *id);

#endif
