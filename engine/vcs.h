/*
 * Runbook versions in git.  The only module that calls libgit2: it finds
 * the repository that holds a runbook (searching upwards from its folder,
 * as git does), pins the version a run starts from, resolves revisions,
 * reads the files of a runbook's folder from a commit's tree (blobs, no
 * checkout), lists the commits that touched a set of files, writes
 * line diffs, commits a runbook's files and records approvals as
 * annotated tags.  Paths it takes are as the user gave them (relative to the
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
#define VCS_NOCHANGE (-4)

struct vcs_pin {
	char commit[41];   /* HEAD's commit id */
	char blob[41];     /* the runbook's blob id at HEAD, "" if untracked */
	int dirty;         /* a file differs from HEAD, or is untracked */
	size_t dirty_file; /* when dirty, the first such: 0 the runbook,
			    * i >= 1 others[i - 1] */
};

/*
 * Finds the repository that holds path (searching upwards, as git does)
 * and pins the runbook's version: HEAD, the runbook's blob, and whether
 * the runbook or one of the n other files it loads (paths as the user
 * would give them, e.g. "rb/units/x.yaml") has uncommitted changes.
 * Returns 0, VCS_NOREPO when the file is in no repository (or the
 * repository has no commit yet), or -1 with err.
 */
int vcs_pin(const char *path, const char *const *others, size_t n,
	    struct vcs_pin *out, struct err *err);

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

/*
 * The id of the blob at repository path `file` in revision rev, into id.
 * Returns 0, VCS_NOTFOUND with err when the commit has no such file, -1.
 */
int vcs_blob_id(struct vcs_repo *repo, const struct vcs_rev *rev,
		const char *file, char id[41], struct err *err);

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

/* What vcs_walk walks. */
struct vcs_walk_opts {
	const char *from;            /* a full commit id; NULL: HEAD */
	const char *const *hide;     /* full ids: leave out what they reach */
	size_t nhide;
	const char *const *paths;    /* repository paths */
	size_t npaths;
	const char *const *keep;     /* full ids listed although they touch */
	size_t nkeep;                /* none of the paths */
};

/*
 * As vcs_log, from commit opts->from, leaving out every commit reachable
 * from one of the hidden commits (git's `log FROM ^HIDE... -- PATHS`),
 * and listing the `keep` commits whatever they touched.
 */
int vcs_walk(struct vcs_repo *repo, const struct vcs_walk_opts *opts,
	     vcs_commit_fn fn, void *ctx, struct err *err);

/*
 * Commits the n files at repository paths `paths`, as they are in the
 * work tree, on HEAD (git's `commit -- PATHS`: the index is updated for
 * those paths, other staged changes stay staged and out of the commit).
 * The author is `author` with git config's user.email, or
 * "nobody@cutover.invalid" when none; the committer is git config's
 * user.name and user.email, or the author.  Both are dated `at` (seconds
 * since the epoch) at offset_minutes.  changed (n entries, or NULL) says
 * which paths differ from HEAD.  Returns 0 and the new commit in out,
 * VCS_NOCHANGE when the files are as HEAD has them (out: HEAD, or zeroed
 * without one), or -1 with err.
 */
int vcs_commit(struct vcs_repo *repo, const char *const *paths, size_t n,
	       const char *author, const char *message, int64_t at,
	       int offset_minutes, int *changed, struct vcs_rev *out,
	       struct err *err);

/*
 * A copy of the repository's git config value `name` ("user.name"), or
 * NULL when unset or empty; caller frees.
 */
char *vcs_config(struct vcs_repo *repo, const char *name);

/* An approval: the annotated tag "approved/<runbook-id>/<n>". */
struct vcs_approval {
	char *tag;         /* "approved/mini-2026/2" */
	unsigned long n;
	char commit[41];   /* the commit it approves */
	char short_id[41];
	char *by;          /* the tagger's name */
	int64_t time;      /* the tagger's time */
};

/*
 * The approvals of runbook_id (tags "approved/<runbook_id>/<n>", n a
 * number), by n.  Caller frees with vcs_approvals_free.  Returns 0 or -1.
 */
int vcs_approvals(struct vcs_repo *repo, const char *runbook_id,
		  struct vcs_approval **out, size_t *n, struct err *err);
void vcs_approvals_free(struct vcs_approval *a, size_t n);

/*
 * Creates the annotated tag `tag` on the commit rev, tagger `by` (email
 * as vcs_commit finds it), dated `at`, with the message.  Returns 0, or
 * -1 with err (also when the tag exists).
 */
int vcs_tag(struct vcs_repo *repo, const char *tag, const struct vcs_rev *rev,
	    const char *by, const char *message, int64_t at,
	    int offset_minutes, struct err *err);

/*
 * Appends the unified diff (3 lines of context, git's "--- a/… +++ b/…"
 * header) between two texts, named old_path and new_path; nothing when
 * they are equal.  Returns 0 or -1 with err.
 */
int vcs_patch(const char *old_path, const char *old_text, size_t old_len,
	      const char *new_path, const char *new_text, size_t new_len,
	      struct strbuf *out, struct err *err);

/* ---- the published ledger (vcs_publish.c) ---- */

/*
 * Opens the bare repository at path (creates it when create and
 * missing).  Returns 0, VCS_NOREPO (none there), or -1 with err.
 */
int vcs_open_bare(const char *path, int create, struct vcs_repo **out,
		  struct err *err);

/* The files of a commit about to be written: path -> blob. */
struct vcs_files;
struct vcs_files *vcs_files_new(void);
void vcs_files_free(struct vcs_files *f);   /* NULL is allowed */

/*
 * Writes data as a blob (not again when the repository has it) and
 * lists it at path ("a/b.txt").  0 or -1 with err.
 */
int vcs_files_add(struct vcs_repo *repo, struct vcs_files *f,
		  const char *path, const void *data, size_t len,
		  struct err *err);

/*
 * Writes a commit of the files with these parents (full ids), author
 * and committer `author` at `at` (UTC), on no ref; its id into id.
 */
int vcs_write_commit(struct vcs_repo *repo, const struct vcs_files *f,
		     const char *const *parents, size_t nparents,
		     const char *author, const char *message, int64_t at,
		     char id[41], struct err *err);

/* The commit a ref (full name) points at: 0, VCS_NOTFOUND, or -1. */
int vcs_ref(struct vcs_repo *repo, const char *ref, char id[41],
	    struct err *err);

/*
 * Points ref at id if it is at `old` now (NULL: if it does not exist):
 * a ref moved by someone else meanwhile is an error.  0 or -1.
 */
int vcs_set_ref(struct vcs_repo *repo, const char *ref, const char *id,
		const char *old, struct err *err);
int vcs_delete_ref(struct vcs_repo *repo, const char *ref, struct err *err);
/* Deletes every ref whose name starts with prefix.  0 or -1. */
int vcs_delete_refs(struct vcs_repo *repo, const char *prefix,
		    struct err *err);

/* Calls fn for each ref whose name starts with prefix, and its commit. */
typedef int (*vcs_ref_fn)(void *ctx, const char *ref, const char *id);
int vcs_refs(struct vcs_repo *repo, const char *prefix, vcs_ref_fn fn,
	     void *ctx, struct err *err);

/* 1 when `ancestor` is `from` or one of its ancestors, 0 when not, -1. */
int vcs_reaches(struct vcs_repo *repo, const char *from,
		const char *ancestor, struct err *err);

/*
 * Calls fn for every file of commit, with its full path, in the tree's
 * order; anything but plain files, or a file over max bytes, is an
 * error.  Returns 0, -1 with err, or what fn returned.
 */
int vcs_commit_files(struct vcs_repo *repo, const char *commit, size_t max,
		     vcs_file_fn fn, void *ctx, struct err *err);

/* Appends file path of commit: 0, VCS_NOTFOUND, or -1 (also over max). */
int vcs_commit_file(struct vcs_repo *repo, const char *commit,
		    const char *path, size_t max, struct strbuf *out,
		    struct err *err);

/* Calls fn for commit and each of its first parents, newest first. */
typedef int (*vcs_id_fn)(void *ctx, const char *id);
int vcs_first_parents(struct vcs_repo *repo, const char *commit,
		      vcs_id_fn fn, void *ctx, struct err *err);

/*
 * Fetches from url by the n refspecs ("+refs/heads/cutover/A:refs/x/A",
 * a glob in place of each A).  The
 * credentials: for ssh, the agent, then ~/.ssh/id_ed25519, id_ecdsa,
 * id_rsa; for https, $CUTOVER_GIT_USERNAME and $CUTOVER_GIT_PASSWORD.
 * 0, or -1 with err ("URL: git: fetching: ...").
 */
int vcs_fetch(struct vcs_repo *repo, const char *url,
	      const char *const *refspecs, size_t n, struct err *err);

/*
 * Pushes ref (full name) to the same name at url, never forced: a
 * remote whose ref is not an ancestor keeps it, and this fails.  0 or -1.
 */
int vcs_push(struct vcs_repo *repo, const char *url, const char *ref,
	     struct err *err);

/* One variable of a file in git's configuration format. */
struct vcs_config_entry {
	char *name;        /* "section.key" or "section.subsection.key" */
	char *value;       /* "" for a bare key */
};

/*
 * Reads the file at path in git's configuration format (what `git config
 * -f FILE` writes: [section "subsection"] then key = value lines), every
 * variable in file order.  libgit2's parser, so quoting, escapes and
 * comments read as git reads them.  Returns 0 (caller frees with
 * vcs_config_free), or -1 with err naming the file and its line.
 */
int vcs_config_read(const char *path, struct vcs_config_entry **out,
		    size_t *n, struct err *err);
void vcs_config_free(struct vcs_config_entry *e, size_t n);

/* How vcs_config_write changes a variable. */
enum vcs_config_change {
	VCS_CONFIG_SET,    /* the one value (all of a multi-valued one) */
	VCS_CONFIG_ADD,    /* one more value, as git config --add */
	VCS_CONFIG_UNSET   /* every value, as git config --unset-all */
};

/*
 * Changes variable name ("user.name", "unit.dai-son.email") in the file
 * at path (created when missing, as git config -f does), through
 * libgit2's writer, which keeps the rest of the file as it was.  value is
 * ignored for VCS_CONFIG_UNSET.  Returns 0, VCS_NOCHANGE when unsetting
 * what was not set, or -1 with err.
 */
int vcs_config_write(const char *path, const char *name, const char *value,
		     enum vcs_config_change change, struct err *err);

#endif
