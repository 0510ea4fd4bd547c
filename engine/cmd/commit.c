/*
 * cutover commit RUNBOOK -m MSG: commits the runbook and every file it
 * loads, without knowing git.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "upgrade.h"
#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover commit -m MSG [--by NAME] RUNBOOK\n"
	"\n"
	"Commits the runbook and the files it loads (its unit registry and\n"
	"required modules, as the working copy loads them) on HEAD of the\n"
	"repository that holds it, with libgit2; other changes, staged or\n"
	"not, stay out of the commit; it lists the files that changed. The\n"
	"runbook must load. The author is NAME with git config's user.email\n"
	"(or nobody@cutover.invalid); the committer is git config's user.name\n"
	"and user.email, or the author. Says so, and exits 0, when there is\n"
	"nothing to commit.\n"
	"\n"
	"  -m, --message MSG   the commit message\n"
	"  --by NAME           the author (default: git config's user.name,\n"
	"                      else $USER)\n");

int cmd_commit(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "message", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *by = NULL, *message = NULL, *runbook;
	char *config_name = NULL;
	struct vcs_repo *repo = NULL;
	struct book *book = NULL;
	struct vcs_rev rev;
	struct strbuf rel = STRBUF_INIT;
	char **paths = NULL;
	int *changed = NULL;
	size_t i, n = 0;
	instant_t now;
	int c, rc, status = EXIT_FAILED;

	while ((c = getopt_long(argc, argv, ":hm:", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			by = optarg;
			break;
		case 'h':
			return cmd_help(_(usage));
		case 'm':
			message = optarg;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "commit");
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_fail(ctx, "%s", _("commit takes one RUNBOOK;"
						 " see 'cutover commit"
						 " --help'"));
	if (!message || !*message)
		return cmd_usage_fail(ctx, "%s", _("say what changed with -m"
						 " MSG"));
	if (by && !*by)
		return cmd_usage_fail(ctx, "%s", _("--by must not be empty"));
	runbook = argv[optind];
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
