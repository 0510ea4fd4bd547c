/*
 * libgit2: pinning the runbook a run starts from.
 */
#include "vcs.h"

#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "banned.h"

static int git_fail(struct err *err, const char *what)
{
	const git_error *e = git_error_last();

	return fail(err, "git: %s: %s", what, e && e->message ? e->message :
		    "unknown error");
}

/* The path of file relative to the repository's work tree, or NULL. */
static int relative_path(git_repository *repo, const char *path,
			 struct strbuf *out)
{
	char full[PATH_MAX];
	const char *workdir = git_repository_workdir(repo);
	size_t n;

	if (!workdir || !realpath(path, full))
		return -1;
	n = strlen(workdir);
	if (strncmp(full, workdir, n))
		return -1;
	strbuf_adds(out, full + n);
	return 0;
}

int vcs_pin(const char *path, struct vcs_pin *out, struct err *err)
{
	git_repository *repo = NULL;
	git_reference *head = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	struct strbuf rel = STRBUF_INIT;
	unsigned int status = 0;
	int ret = -1, rc;

	memset(out, 0, sizeof(*out));
	git_libgit2_init();
	rc = git_repository_open_ext(&repo, path, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		ret = VCS_NOREPO;
		goto done;
	}
	if (rc < 0) {
		git_fail(err, "opening the repository");
		goto done;
	}
	rc = git_repository_head(&head, repo);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
		ret = VCS_NOREPO;
		goto done;
	}
	if (rc < 0 || git_commit_lookup(&commit, repo,
					git_reference_target(head)) < 0) {
		git_fail(err, "reading HEAD");
		goto done;
	}
	git_oid_tostr(out->commit, sizeof(out->commit), git_commit_id(commit));
	if (relative_path(repo, path, &rel)) {
		fail(err, "'%s' is not inside the repository's work tree",
		     path);
		goto done;
	}
	if (git_commit_tree(&tree, commit) < 0) {
		git_fail(err, "reading HEAD's tree");
		goto done;
	}
	if (git_tree_entry_bypath(&entry, tree, rel.buf) == 0)
		git_oid_tostr(out->blob, sizeof(out->blob),
			      git_tree_entry_id(entry));
	if (git_status_file(&status, repo, rel.buf) < 0) {
		git_fail(err, "reading the file's status");
		goto done;
	}
	out->dirty = status != GIT_STATUS_CURRENT || !out->blob[0];
	ret = 0;
done:
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(commit);
	git_reference_free(head);
	git_repository_free(repo);
	git_libgit2_shutdown();
	strbuf_release(&rel);
	return ret;
}
