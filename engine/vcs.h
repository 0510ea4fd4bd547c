/*
 * Runbook versions in git.  The only module that calls libgit2.
 */
#ifndef VCS_H
#define VCS_H

#include "err.h"
#include "seal.h"

#define VCS_NOREPO (-2)

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

#endif
