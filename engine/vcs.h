/*
 * Runbook versions in git.  The only module that calls libgit2: it finds
 * the repository that holds a runbook (searching upwards from its folder,
 * as git does), pins the version a run starts from, resolves revisions,
 * reads the files of a runbook's folder from a commit's tree (blobs, no
 * checkout), lists the commits that touched a set of files, and writes
 * line diffs.  Paths it takes are as the user gave them (relative to the
 * current directory) unless said to be repository paths ("runbooks/x.lua",
 * relative to the work tree's root, '/'-separated).
 */
#ifndef VCS_H
#define VCS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "seal.h"
#include "strbuf.h"

#define VCS_NOREPO (-2)
#define VCS_NOTFOUND (-3)

struct vcs_pin {
	char commit[41];   /* HEAD's commit id */
	char blob[41];     /* the runbook's blob id at HEAD, "" if untracked */
	int dirty;         /* the file differs from HEAD, or is untracked */
};

/*
 * Finds the repository that holds path (searching upwards, as git does)
 * and pins the file's version.  Returns 0, VCS_NOREPO when the file is in
 * no repository (or the repository has no commit yet), or -1 with err.
 */
int vcs_pin(const char *path, struct vcs_pin *out, struct err *err);

/* An open repository; opaque. */
struct vcs_repo;

/*
 * Opens the repository that holds path (a file, which need not exist, or
 * a folder), searching upwards from the file's folder.  Returns 0 and a
 * handle (vcs_close), VCS_NOREPO with err saying "'PATH' is not in a git
 * repository", or -1 with err.
 */
int vcs_open(const char *path, struct vcs_repo **out, struct err *err);

/* Closes the repository; NULL is allowed. */
void vcs_close(struct vcs_repo *repo);

/*
 * Appends path's repository path (its folder must exist; the file need
 * not).  Returns 0, or -1 with err when path is outside the work tree.
 */
int vcs_repo_path(struct vcs_repo *repo, const char *path, struct strbuf *out,
		  struct err *err);

/* A resolved revision. */
struct vcs_rev {
	char id[41];       /* the commit's full id */
	char short_id[41]; /* its shortest unique abbreviation (7+ digits) */
};

/*
 * Resolves a revision (anything git rev-parse takes: "HEAD~2", a tag, an
 * abbreviated id) to a commit.  Returns 0, VCS_NOTFOUND with err "unknown
 * revision 'SPEC'" (also for HEAD in a repository without commits), or -1
 * with err.
 */
int vcs_resolve(struct vcs_repo *repo, const char *spec, struct vcs_rev *out,
		struct err *err);

/* Called for each file read from a tree; returns 0, or -1 to stop. */
typedef int (*vcs_file_fn)(void *ctx, const char *relpath, const char *text,
			   size_t len);

/*
 * Reads, at revision rev, the runbook `file` (a repository path) and every
 * other text file under the runbook's folder, recursively, with paths
 * relative to that folder (the names a runbook's reader asks for): the
 * runbook first.  Binary blobs and blobs over 16 MiB are skipped.
 * Returns 0, VCS_NOTFOUND with err when the runbook is not in that
 * commit, or -1 with err (or what fn returned).
 */
int vcs_read_folder(struct vcs_repo *repo, const struct vcs_rev *rev,
		    const char *file, vcs_file_fn fn, void *ctx,
		    struct err *err);

/* One commit, as `cutover log` shows it. */
struct vcs_commit {
	char id[41];
	char short_id[41];
	int64_t time;          /* author time, seconds since the epoch */
	const char *author;    /* valid during the callback only */
	const char *email;
	const char *subject;   /* the first paragraph, on one line */
};

typedef int (*vcs_commit_fn)(void *ctx, const struct vcs_commit *c);

/*
 * Walks the history from HEAD, newest first (by commit time), and calls
 * fn for each commit that touched one of the n repository paths: a path
 * whose entry (blob id or presence) differs from the first parent's tree,
 * or that a root commit holds.  Returns 0 (also when HEAD has no commit
 * yet), -1 with err, or what fn returned when not 0.
 */
int vcs_log(struct vcs_repo *repo, const char *const *paths, size_t n,
	    vcs_commit_fn fn, void *ctx, struct err *err);

/*
 * Appends the unified diff (3 lines of context, git's "--- a/… +++ b/…"
 * header) between two texts, named old_path and new_path; nothing when
 * they are equal.  Returns 0 or -1 with err.
 */
int vcs_patch(const char *old_path, const char *old_text, size_t old_len,
	      const char *new_path, const char *new_text, size_t new_len,
	      struct strbuf *out, struct err *err);

#endif
