/*
 * cutover commit RUNBOOK -m MSG: commits the runbook and every file it
 * loads, without knowing git.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "upgrade.h"
#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

static const char about[] = N_(
	"Commits the runbook and the files it loads (its unit registry and\n"
	"required modules, as the working copy loads them) on HEAD of the\n"
	"repository that holds it, with libgit2; other changes, staged or\n"
	"not, stay out of the commit; it lists the files that changed. The\n"
	"runbook must load. The author is NAME with git config's user.email\n"
	"(or nobody@cutover.invalid); the committer is git config's user.name\n"
	"and user.email, or the author. Says so, and exits 0, when there is\n"
	"nothing to commit.\n");

int cmd_commit(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *by = NULL, *message = NULL, *runbook = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "message", 'm', &message, N_("MSG"),
		  N_("the commit message"), OPT_REQUIRED, 0 },
		{ OPT_VALUE, "by", 0, &by, cmd_word_name,
		  N_("the author (default: git config's user.name, else"
		     " $USER)"), 0, 0 },
		CMD_OPT_RUNBOOK(&runbook),
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "commit", opts, about };
	char *config_name = NULL;
	struct vcs_repo *repo = NULL;
	struct book *book = NULL;
	struct vcs_rev rev;
	struct strbuf rel = STRBUF_INIT;
	char **paths = NULL;
	int *changed = NULL;
	size_t i, n = 0;
	instant_t now;
	int rc, status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (!message || !*message)
		return cmd_usage_fail(ctx, "%s", _("say what changed with -m"
						 " MSG"));
	if (by && !*by)
		return cmd_usage_fail(ctx, "%s", _("--by must not be empty"));
	if (vcs_open(runbook, &repo, &ctx->err) ||
	    vcs_repo_path(repo, runbook, &rel, &ctx->err) ||
	    book_load_path(runbook, &book, &ctx->err) ||
	    clock_now(book->rb->zone, &now, &ctx->err))
		goto done;
	paths = upgrade_repo_paths(rel.buf, book, &n);
	if (!by)
		by = config_name = vcs_config(repo, "user.name");
	if (!by)
		by = getenv("USER");
	if (!by || !*by) {
		fail(&ctx->err, "%s", _("who commits? give --by NAME"));
		goto done;
	}
	changed = xcalloc(n + 1, sizeof(*changed));
	rc = vcs_commit(repo, (const char *const *)paths, n, by, message, now,
			clock_zone_offset(book->rb->zone, now), changed, &rev,
			&ctx->err);
	if (rc == VCS_NOCHANGE) {
		printf(P_("nothing to commit: %s and the %zu file it loads are"
			  " as %s has them\n", "nothing to commit: %s and the"
			  " %zu files it loads are as %s has them\n", n - 1),
		       rel.buf, n - 1, rev.id[0] ? rev.short_id : "HEAD");
		status = EXIT_OK;
		goto done;
	}
	if (rc)
		goto done;
	printf(_("committed %s by %s: %s\n"), rev.short_id, by, message);
	for (i = 0; i < n; i++)
		if (changed[i])
			printf("  %s\n", paths[i]);
	status = EXIT_OK;
done:
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(changed);
	free(config_name);
	strbuf_release(&rel);
	book_free(book);
	vcs_close(repo);
	return status;
}
