/*
 * cutover approve REV --by NAME [RUNBOOK]: an approval, recorded in git
 * as the annotated tag approved/<runbook-id>/<n>, refused to the author
 * of any change since the last approved version (four eyes).
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "i18n.h"
#include "upgrade.h"
#include "vcs.h"
#include "workspace.h"
#include "xalloc.h"
#include "banned.h"

static const char about[] = N_(
	"Approves the version of the runbook at revision REV (anything git\n"
	"takes: HEAD, a tag, an abbreviated id): records the annotated tag\n"
	"approved/<runbook-id>/<n> (n = 1, 2, ... per runbook id) on the\n"
	"commit, tagged by NAME, naming the runbook's path and blob. The\n"
	"version must load. RUNBOOK defaults to the current run's. Who\n"
	"approves is NAME, or the reviewer of the token (--token TOKEN or\n"
	"$CUTOVER_TOKEN).\n"
	"\n"
	"Four eyes: refused when NAME is the author of a commit that changed\n"
	"the runbook or a file it loads since the last approved version (or\n"
	"since the beginning): a commit REV reaches that no approved commit\n"
	"reaches (one inside an approved version had its second pair of\n"
	"eyes). Approving an approved commit says so.\n"
	"'cutover start --live' runs the latest approval (the highest n),\n"
	"and 'cutover upgrade' moves a live run only to a version approved\n"
	"after its own.\n"
	"\n"
	"Tokens: approve looks for the workspace as every command does. When\n"
	"it holds an open live run of the runbook that requires tokens, the\n"
	"approval needs a reviewer's token of that run ('cutover token issue\n"
	"--reviewer NAME'): the tag's tagger is that reviewer, and the run's\n"
	"ledger records the approval, authenticated by the token, as it\n"
	"records a sign-off. Such a run's upgrade refuses an approval it has\n"
	"not recorded.\n");

/* The runbook of the current run, when RUNBOOK is not given. */
static char *current_runbook(struct cmd_ctx *ctx)
{
	struct strbuf path = STRBUF_INIT;
	struct store *st = NULL;
	struct store_run run;
	char *runbook = NULL;

	memset(&run, 0, sizeof(run));
	if (!workspace_find_db(ctx->db_override, &path, &ctx->err) &&
	    !store_open(path.buf, 0, &st, &ctx->err) &&
	    !store_find_run(st, ctx->run_name, &run, &ctx->err))
		runbook = xstrdup(run.runbook_path);
	if (!runbook)
		err_prefix(&ctx->err, "%s", _("give the RUNBOOK"));
	store_run_release(&run);
	store_close(st);
	strbuf_release(&path);
	return runbook;
}

int cmd_approve(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *by = NULL, *revision = NULL, *path = NULL;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "by", 0, &by, cmd_word_name,
		  N_("who approves (with a token: the token's reviewer)"),
		  0, 0 },
		{ OPT_VALUE, "token", 0, &ctx->token, cmd_word_token,
		  N_("a reviewer's token (default: $CUTOVER_TOKEN)"), 0, 0 },
		{ OPT_ARG, N_("REV"), 0, &revision, NULL,
		  N_("the version: anything git takes (HEAD, a tag, an id)"),
		  OPT_REQUIRED, 0 },
		{ OPT_ARG, N_("RUNBOOK"), 0, &path, NULL,
		  N_("the runbook's file (default: the current run's)"), 0,
		  0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "approve", opts, about };
	char *runbook = NULL;
	struct vcs_repo *repo = NULL;
	struct vcs_approval *a = NULL;
	const struct vcs_approval *done;
	struct book *book = NULL;
	struct store *st = NULL;
	struct approval_who who;
	const char **hide = NULL;
	struct vcs_rev rev;
	struct strbuf rel = STRBUF_INIT, tag = STRBUF_INIT, msg = STRBUF_INIT;
	struct strbuf when = STRBUF_INIT, db = STRBUF_INIT;
	struct err quiet = ERR_INIT;
	char blob[41], *prev_by = NULL, *prev_auth = NULL;
	size_t na = 0, i;
	instant_t now;
	int64_t seq = 0;
	int rc, status = EXIT_FAILED;

	memset(&who, 0, sizeof(who));
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (!ctx->token)
		ctx->token = getenv("CUTOVER_TOKEN");
	/* Without a token, only --by says who approves. */
	if ((by && !*by) || (!by && (!ctx->token || !*ctx->token)))
		return cmd_usage_fail(ctx, "%s", _("say who approves with --by"
						 " NAME"));
	runbook = path ? xstrdup(path) : current_runbook(ctx);
	if (!runbook)
		goto done;
	if (vcs_open(runbook, &repo, &ctx->err) ||
	    vcs_repo_path(repo, runbook, &rel, &ctx->err) ||
	    vcs_resolve(repo, revision, &rev, &ctx->err) ||
	    upgrade_load_version(repo, runbook, &rev, &book, &ctx->err) ||
	    vcs_blob_id(repo, &rev, rel.buf, blob, &ctx->err) ||
	    vcs_approvals(repo, book->rb->id, &a, &na, &ctx->err) ||
	    clock_now(book->rb->zone, &now, &ctx->err))
		goto done;
	/* The workspace, when there is one, says whether tokens are needed. */
	if (!workspace_find_db(ctx->db_override, &db, &quiet) &&
	    store_open(db.buf, 0, &st, &ctx->err))
		goto done;
	if (approval_who(st, book->rb->id, ctx->token, by, &who, &ctx->err))
		goto done;
	done = approval_of(a, na, rev.id);
	if (done && who.run.id) {
		rc = store_approval_event(st, who.run.id, done->tag, &prev_by,
					  &prev_auth, &ctx->err);
		if (rc == -1)
			goto done;
		/* A tag whose event was lost: the event, once more. */
		if (rc == STORE_NOTFOUND && strcmp(done->by, who.approver)) {
			fail(&ctx->err, _("%s is approved as %s by %s, which"
					  " run '%s' has not recorded; only %s"
					  " may record it"), rev.short_id,
			     done->tag, done->by, who.run.name, done->by);
			goto done;
		}
		if (rc == STORE_NOTFOUND) {
			if (store_begin(st, &ctx->err) ||
			    approval_record(st, &who, done->tag, rev.id, blob,
					    rel.buf, now, &seq, &ctx->err) ||
			    store_commit(st, &ctx->err)) {
				store_rollback(st);
				goto done;
			}
			printf(_("%s is approved already as %s; recorded in"
				 " run '%s' (event %lld)\n"), rev.short_id,
			       done->tag, who.run.name, (long long)seq);
			status = EXIT_OK;
			goto done;
		}
	}
	if (done) {
		clock_format_local(&when, done->time, book->rb->zone);
		printf(_("%s is approved already: %s by %s, %s\n"),
		       rev.short_id, done->tag, done->by, when.buf);
		status = EXIT_OK;
		goto done;
	}
	/* DESIGN: four eyes: no one approves their own change. */
	hide = xcalloc(na + 1, sizeof(*hide));
	for (i = 0; i < na; i++)
		hide[i] = a[i].commit;
	if (approval_four_eyes(repo, &rev, rel.buf, book, hide, na,
			       who.approver, &ctx->err))
		goto done;
	strbuf_addf(&tag, "approved/%s/%lu", book->rb->id,
		    na ? a[na - 1].n + 1 : 1UL);
	strbuf_addf(&msg, "Approve %s (%s)\n\nrunbook: %s\nblob: %s\n"
		    "approved-by: %s\n", book->rb->id, rel.buf, rel.buf, blob,
		    who.approver);
	if (who.auth.label)
		strbuf_addf(&msg, "token: %s\n", who.auth.label);
	/*
	 * With tokens, the event and the tag go together: the event first,
	 * inside a transaction that commits only once the tag exists.
	 */
	if (who.run.id &&
	    (store_begin(st, &ctx->err) ||
	     approval_record(st, &who, tag.buf, rev.id, blob, rel.buf, now,
			     &seq, &ctx->err))) {
		store_rollback(st);
		goto done;
	}
	if (vcs_tag(repo, tag.buf, &rev, who.approver, msg.buf, now,
		    clock_zone_offset(book->rb->zone, now), &ctx->err)) {
		if (who.run.id)
			store_rollback(st);
		goto done;
	}
	if (who.run.id && store_commit(st, &ctx->err)) {
		err_prefix(&ctx->err, _("%s was tagged but run '%s' did not"
					" record it; run the same approve"
					" again"), tag.buf, who.run.name);
		goto done;
	}
	printf(_("approved %s as %s by %s (%s, blob %.12s)\n"), rev.short_id,
	       tag.buf, who.approver, rel.buf, blob);
	if (who.run.id)
		printf(_("recorded in run '%s' (event %lld), authenticated by"
			 " %s\n"), who.run.name, (long long)seq,
		       who.auth.label);
	status = EXIT_OK;
done:
	free(hide);
	free(prev_by);
	free(prev_auth);
	approval_who_release(&who);
	store_close(st);
	err_release(&quiet);
	vcs_approvals_free(a, na);
	book_free(book);
	vcs_close(repo);
	free(runbook);
	strbuf_release(&rel);
	strbuf_release(&tag);
	strbuf_release(&msg);
	strbuf_release(&when);
	strbuf_release(&db);
	return status;
}
