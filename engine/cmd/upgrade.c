/*
 * cutover upgrade --to REV [--dry-run]: moves the run to another version
 * of its runbook, read from git, keeping every sign-off the change does
 * not touch.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "i18n.h"
#include "signoff.h"
#include "upgrade.h"
#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover [--run NAME] upgrade --to REV [--dry-run] [--by NAME]\n"
	"                                    [--token TOKEN]\n"
	"\n"
	"Moves the run (the current one, or --run NAME) from the version it is\n"
	"on (its stored copy) to the version of its runbook at revision REV\n"
	"(read from git, not the working copy), in one transaction:\n"
	"  - tasks whose step did not change for their sign-off keep their\n"
	"    state and sign-offs;\n"
	"  - tasks whose step changed their evidence or check, or whose own\n"
	"    deadline moved (due, every), are reopened when done, skipped,\n"
	"    failed or blocked, with an event saying why;\n"
	"  - tasks the new version no longer has (a step removed, a unit no\n"
	"    longer an owner or gone from the registry) are archived: kept in\n"
	"    the ledger, out of counts, listings and reports;\n"
	"  - new tasks are added; a unit renamed in the registry keeps its\n"
	"    tasks, under their new keys.\n"
	"The run records every version it has been on. Prints one line per\n"
	"task that changes, then the counts.\n"
	"\n"
	"  --to REV    the version (anything git takes: a tag, HEAD~1, an id)\n"
	"  --dry-run   print exactly what would happen, write nothing\n"
	"  --by NAME   who upgrades (default: $USER)\n"
	"  --token TOKEN  the coordinator's token (default: $CUTOVER_TOKEN),\n"
	"              needed when the run was started with --require-tokens\n");

/* The version at rev: loaded, compared with the run's, approved or not. */
struct target {
	struct vcs_rev rev;
	char blob[41];
	char *approval;
	struct book *book;
};

static int load_target(struct cmd_ctx *ctx, struct vcs_repo *repo,
		       const char *spec, struct target *t)
{
	struct vcs_approval *a = NULL;
	struct strbuf rel = STRBUF_INIT;
	size_t n = 0, i;
	int ret = -1;

	if (vcs_resolve(repo, spec, &t->rev, &ctx->err) ||
	    upgrade_load_version(repo, ctx->run.runbook_path, &t->rev,
				 &t->book, &ctx->err) ||
	    vcs_repo_path(repo, ctx->run.runbook_path, &rel, &ctx->err) ||
	    vcs_blob_id(repo, &t->rev, rel.buf, t->blob, &ctx->err))
		goto done;
	if (strcmp(t->book->rb->id, ctx->run.runbook_id)) {
		fail(&ctx->err, _("revision %s is runbook %s, not %s (the"
				  " run's)"), t->rev.short_id, t->book->rb->id,
		     ctx->run.runbook_id);
		goto done;
	}
	if (vcs_approvals(repo, t->book->rb->id, &a, &n, &ctx->err))
		goto done;
	for (i = n; i-- > 0;)
		if (!strcmp(a[i].commit, t->rev.id)) {
			t->approval = xstrdup(a[i].tag);
			break;
		}
	ret = 0;
done:
	vcs_approvals_free(a, n);
	strbuf_release(&rel);
	return ret;
}

static size_t count_versions(struct cmd_ctx *ctx)
{
	struct store_version *v = NULL;
	size_t n = 0;

	if (store_versions(ctx->store, ctx->run.id, &v, &n, &ctx->err))
		return 0;
	store_versions_free(v, n);
	return n;
}

int cmd_upgrade(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "to", required_argument, NULL, 't' },
		{ "token", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	const char *to = NULL, *by = getenv("USER");
	struct vcs_repo *repo = NULL;
	struct book *cur = NULL;
	struct diff *d = NULL;
	struct upgrade_plan *plan = NULL;
	struct upgrade_target ut;
	struct target t;
	struct strbuf out = STRBUF_INIT, from = STRBUF_INIT;
	int c, dry_run = 0, status = EXIT_FAILED;

	memset(&t, 0, sizeof(t));
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			by = optarg;
			break;
		case 'h':
			return cmd_help(_(usage));
		case 'n':
			dry_run = 1;
			break;
		case 't':
			to = optarg;
			break;
		case 'T':
			ctx->token = optarg;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "upgrade");
		}
	}
	if (optind != argc)
		return cmd_usage_fail(ctx, "%s", _("upgrade takes no RUNBOOK:"
						 " it moves the run's own; see"
						 " 'cutover upgrade --help'"));
	if (!to || !*to)
		return cmd_usage_fail(ctx, "%s", _("say which version with"
						 " --to REV"));
	/* A dry run writes nothing, so anyone may look. */
	if (!dry_run &&
	    (cmd_login(ctx) ||
	     auth_allow(&ctx->auth, &ctx->run, NULL,
			/* TRANSLATORS: what only a coordinator may do */
			_("upgrade the run"), &ctx->err)))
		goto done;
	/*
	 * The run's own version first: it is not expanded (the run's tasks
	 * stand for it), and its registry's parse is done with before the
	 * new version expands (the two peaks do not add up).
	 */
	if (vcs_open(ctx->run.runbook_path, &repo, &ctx->err) ||
	    signoff_load_book(ctx->store, &ctx->run, &cur, &ctx->err) ||
	    load_target(ctx, repo, to, &t) ||
	    diff_books_defs(cur, t.book, &d, &ctx->err) ||
	    upgrade_plan(ctx->store, &ctx->run, t.book, d, &plan, &ctx->err))
		goto done;
	if (ctx->run.commit_id && !strcmp(ctx->run.commit_id, t.rev.id) &&
	    !ctx->run.dirty && diff_is_empty(d) &&
	    upgrade_plan_is_empty(plan)) {
		printf(_("run '%s' is on %s already: nothing to do\n"),
		       ctx->run.name, t.rev.short_id);
		status = EXIT_OK;
		goto done;
	}
	if (ctx->run.commit_id)
		strbuf_addf(&from, "%.7s%s", ctx->run.commit_id,
			    ctx->run.dirty ? "+" : "");
	else
		strbuf_adds(&from, _("a version outside git"));
	strbuf_addf(&out, _("upgrade run '%s' from %s to %s (%s)\n"),
		    ctx->run.name, from.buf, t.rev.short_id,
		    t.approval ? t.approval : _("unapproved"));
	upgrade_format_text(plan, &out);
	if (dry_run) {
		strbuf_adds(&out, _("dry run: nothing written\n"));
		cmd_print(&out);
		status = EXIT_OK;
		goto done;
	}
	memset(&ut, 0, sizeof(ut));
	ut.short_id = t.rev.short_id;
	ut.commit_id = t.rev.id;
	ut.blob_id = t.blob;
	ut.approval = t.approval;
	ut.by = by && *by ? by : "coordinator";
	if (cmd_now(ctx, &ut.at) ||
	    upgrade_apply(ctx->store, &ctx->run, t.book, plan, &ut, &ctx->err))
		goto done;
	strbuf_addf(&out, _("upgraded: run '%s' is on %s, its version %zu\n"),
		    ctx->run.name, t.rev.short_id, count_versions(ctx));
	cmd_print(&out);
	status = EXIT_OK;
done:
	upgrade_plan_free(plan);
	diff_free(d);
	book_free(cur);
	book_free(t.book);
	free(t.approval);
	vcs_close(repo);
	strbuf_release(&out);
	strbuf_release(&from);
	return status;
}
