/*
 * What the vcs module's files share and nothing else sees: the open
 * repository and the translation of libgit2's errors.  vcs.c holds the
 * runbook's versions (pin, log, diff, commit, approve); vcs_publish.c
 * the published ledger (a bare repository, its commits and refs, fetch
 * and push).
 */
#ifndef VCS_INT_H
#define VCS_INT_H

#include <git2.h>

#include "err.h"
#include "vcs.h"

struct vcs_repo {
	git_repository *repo;
	char *workdir;          /* real path of the work tree, ending in '/';
				 * NULL for a bare repository */
};

/* Fails with "git: WHAT: libgit2's message"; returns -1. */
int vcs_git_fail(struct err *err, const char *what);

/*
 * The signatures of a commit or tag made by `name` at `at`: the author
 * (name, config's user.email or a placeholder) and, when committer is
 * not NULL, the committer (config's user.name and user.email, or the
 * author).  0 or -1 with err.
 */
int vcs_signatures(struct vcs_repo *repo, const char *name, int64_t at,
		   int offset_minutes, git_signature **author,
		   git_signature **committer, struct err *err);

#endif
