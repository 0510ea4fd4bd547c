/*
 * cutover upgrade --to REV [--dry-run]: moves the run to another version
 * of its runbook, read from git, keeping every sign-off the change does
 * not touch.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "diff.h"
#include "i18n.h"
#include "signoff.h"
#include "upgrade.h"
#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

static const char about[] = N_(
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
	"task that changes, then the counts. A done task that required a task\n"
	"reopened here is said to rest on a reopened requirement ('cutover\n"
	"status'; 'cutover reopen --cascade' reopens it too); a desk whose\n"
	"duty window the new version leaves uncovered is reopened.\n"
	"\n"
	"Approved versions only: a live run moves only to a version approved\n"
	"after its own (a higher approved/<runbook-id>/<n>) by someone who\n"
	"wrote none of the change, and, when it requires tokens, whose\n"
	"approval the run recorded with a reviewer's token ('cutover\n"
	"approve'). A rehearsal moves to an approved version, or to any with\n"
	"--unapproved. --dry-run shows the plan whatever the version.\n");

/* The version at rev: loaded, compared with the run's, and its approvals. */
struct target {
	struct vcs_rev rev;
	char blob[41];
	struct strbuf rel;
	struct vcs_approval *approvals;
	size_t napprovals;
	const struct vcs_approval *approval;  /* the one that lets it in */
	struct book *book;
};

static int load_target(struct cmd_ctx *ctx, struct vcs_repo *repo,
		       const char *spec, struct target *t)
{
	if (vcs_resolve(repo, spec, &t->rev, &ctx->err) ||
	    upgrade_load_version(repo, ctx->run.runbook_path, &t->rev,
				 &t->book, &ctx->err) ||
	    vcs_repo_path(repo, ctx->run.runbook_path, &t->rel, &ctx->err) ||
	    vcs_blob_id(repo, &t->rev, t->rel.buf, t->blob, &ctx->err))
		return -1;
	if (strcmp(t->book->rb->id, ctx->run.runbook_id))
		return fail(&ctx->err, _("revision %s is runbook %s, not %s"
					 " (the run's)"), t->rev.short_id,
			    t->book->rb->id, ctx->run.runbook_id);
	if (vcs_approvals(repo, t->book->rb->id, &t->approvals,
			  &t->napprovals, &ctx->err))
		return -1;
	t->approval = approval_of(t->approvals, t->napprovals, t->rev.id);
	return 0;
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
	const char *to = NULL, *by = NULL;
	int dry_run = 0, unapproved = 0, status = EXIT_FAILED;
	struct opt_list extra = OPT_LIST_INIT;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "to", 0, &to, N_("REV"),
		  N_("the version (anything git takes: a tag, HEAD~1, an id)"),
		  OPT_REQUIRED, 0 },
		{ OPT_SWITCH, "dry-run", 0, &dry_run, NULL,
		  N_("print exactly what would happen, write nothing"), 0, 0 },
		{ OPT_SWITCH, "unapproved", 0, &unapproved, NULL,
		  N_("a rehearsal: move to a version nobody approved"), 0, 0 },
		{ OPT_VALUE, "by", 0, &by, cmd_word_name,
		  N_("who upgrades (default: $USER)"), 0, 0 },
		{ OPT_VALUE, "token", 0, &ctx->token, cmd_word_token,
		  N_("the coordinator's token (default: $CUTOVER_TOKEN),"
		     " needed when the run was started with"
		     " --require-tokens"), 0, 0 },
		/* Taken only to say why a runbook is not an argument. */
		{ OPT_ARGS, N_("RUNBOOK"), 0, &extra, NULL, NULL, OPT_HIDDEN,
		  0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "upgrade", opts, about };
	struct vcs_repo *repo = NULL;
	struct book *cur = NULL;
	struct diff *d = NULL;
	struct upgrade_plan *plan = NULL;
	struct upgrade_target ut;
	struct target t;
	struct strbuf out = STRBUF_INIT, from = STRBUF_INIT;
	struct err refusal = ERR_INIT;

	memset(&t, 0, sizeof(t));
	strbuf_init(&t.rel);
	if (cmd_parse(ctx, &spec, argc, argv, &status)) {
		opt_list_release(&extra);
		return status;
	}
	if (extra.n) {
		opt_list_release(&extra);
		return cmd_usage_fail(ctx, "%s", _("upgrade takes no RUNBOOK:"
						 " it moves the run's own; see"
						 " 'cutover upgrade --help'"));
	}
	if (!by)
		by = getenv("USER");
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
	    load_target(ctx, repo, to, &t))
		goto done;
	/* DESIGN: a live run never moves to a version nobody approved. */
	if (approval_upgrade_allowed(ctx->store, repo, &ctx->run, &t.rev,
				     t.rel.buf, t.book, t.approvals,
				     t.napprovals, unapproved, &t.approval,
				     &refusal)) {
		if (!dry_run || refusal.usage) {
			err_release(&ctx->err);
			ctx->err = refusal;
			err_init(&refusal);
			goto done;
		}
	}
	if (diff_books_defs(cur, t.book, &d, &ctx->err) ||
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
		    t.approval ? t.approval->tag : _("unapproved"));
	upgrade_format_text(plan, &out);
	if (dry_run) {
		if (err_is_set(&refusal)) {
			struct strbuf why = STRBUF_INIT;

			err_format(&refusal, &why);
			strbuf_addf(&out, _("refused as it stands: %s\n"),
				    why.buf);
			strbuf_release(&why);
		}
		strbuf_adds(&out, _("dry run: nothing written\n"));
		cmd_print(&out);
		status = EXIT_OK;
		goto done;
	}
	memset(&ut, 0, sizeof(ut));
	ut.short_id = t.rev.short_id;
	ut.commit_id = t.rev.id;
	ut.blob_id = t.blob;
	ut.approval = t.approval ? t.approval->tag : NULL;
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
	vcs_approvals_free(t.approvals, t.napprovals);
	strbuf_release(&t.rel);
	err_release(&refusal);
	vcs_close(repo);
	strbuf_release(&out);
	strbuf_release(&from);
	return status;
}
