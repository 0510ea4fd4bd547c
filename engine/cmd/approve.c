/*
 * cutover approve REV --by NAME [RUNBOOK]: an approval, recorded in git
 * as the annotated tag approved/<runbook-id>/<n>, refused to the author
 * of any change since the last approved version (four eyes).
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "upgrade.h"
#include "vcs.h"
#include "workspace.h"
#include "xalloc.h"
#include "banned.h"

static const char usage[] = N_(
	"usage: cutover approve --by NAME REV [RUNBOOK]\n"
	"\n"
	"Approves the version of the runbook at revision REV (anything git\n"
	"takes: HEAD, a tag, an abbreviated id): records the annotated tag\n"
	"approved/<runbook-id>/<n> (n = 1, 2, ... per runbook id) on the\n"
	"commit, tagged by NAME, naming the runbook's path and blob. The\n"
	"version must load. RUNBOOK defaults to the current run's.\n"
	"\n"
	"Four eyes: refused when NAME is the author of a commit that changed\n"
	"the runbook or a file it loads since the last approved version (or\n"
	"since the beginning): a commit REV reaches that no approved commit\n"
	"reaches (one inside an approved version had its second pair of\n"
	"eyes). Approving an approved commit says so.\n"
	"'cutover start --live' runs the latest approval (the highest n).\n"
	"\n"
	"  --by NAME   who approves\n");

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

/* Four eyes: the first commit of the range written by the approver. */
struct eyes {
	const char *by;
	char short_id[41];
	char *subject;
};

static int written_by(void *ctx, const struct vcs_commit *c)
{
	struct eyes *e = ctx;

	if (strcasecmp(c->author, e->by))
		return 0;
	snprintf(e->short_id, sizeof(e->short_id), "%s", c->short_id);
	e->subject = xstrdup(c->subject);
	return 1;
}

static int four_eyes(struct cmd_ctx *ctx, struct vcs_repo *repo,
		     const struct vcs_rev *rev, const char *rel,
		     const struct book *book, const struct vcs_approval *a,
		     size_t na, const char *by)
{
	struct eyes e = { by, "", NULL };
	const char **hide = xcalloc(na + 1, sizeof(*hide));
	struct vcs_walk_opts opts;
	char **paths;
	size_t i, n;
	int rc;

	for (i = 0; i < na; i++)
		hide[i] = a[i].commit;
	paths = upgrade_repo_paths(rel, book, &n);
	memset(&opts, 0, sizeof(opts));
	opts.from = rev->id;
	opts.hide = hide;
	opts.nhide = na;
	opts.paths = (const char *const *)paths;
	opts.npaths = n;
	rc = vcs_walk(repo, &opts, written_by, &e, &ctx->err);
	if (rc == 1 && na)
		fail(&ctx->err, _("%s wrote commit %s (\"%s\"), which changed"
				  " %s or a file it loads since the last"
				  " approved version: someone else must"
				  " approve %s"), by, e.short_id, e.subject,
		     rel, rev->short_id);
	else if (rc == 1)
		fail(&ctx->err, _("%s wrote commit %s (\"%s\"), which changed"
				  " %s or a file it loads since the beginning:"
				  " someone else must approve %s"), by,
		     e.short_id, e.subject, rel, rev->short_id);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(hide);
	free(e.subject);
	return rc ? -1 : 0;
}

int cmd_approve(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *by = NULL;
	char *runbook = NULL;
	struct vcs_repo *repo = NULL;
	struct vcs_approval *a = NULL;
	struct book *book = NULL;
	struct vcs_rev rev;
	struct strbuf rel = STRBUF_INIT, tag = STRBUF_INIT, msg = STRBUF_INIT;
	struct strbuf when = STRBUF_INIT;
	char blob[41];
	size_t na = 0, i;
	instant_t now;
	int c, status = EXIT_FAILED;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			by = optarg;
			break;
		case 'h':
			return cmd_help(_(usage));
		default:
			return cmd_bad_option(ctx, c, argv, "approve");
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		return cmd_usage_fail(ctx, "%s", _("approve takes REV"
						 " [RUNBOOK]; see 'cutover"
						 " approve --help'"));
	if (!by || !*by)
		return cmd_usage_fail(ctx, "%s", _("say who approves with --by"
						 " NAME"));
	runbook = argc - optind == 2 ? xstrdup(argv[optind + 1]) :
		current_runbook(ctx);
	if (!runbook)
		goto done;
	if (vcs_open(runbook, &repo, &ctx->err) ||
	    vcs_repo_path(repo, runbook, &rel, &ctx->err) ||
	    vcs_resolve(repo, argv[optind], &rev, &ctx->err) ||
	    upgrade_load_version(repo, runbook, &rev, &book, &ctx->err) ||
	    vcs_blob_id(repo, &rev, rel.buf, blob, &ctx->err) ||
	    vcs_approvals(repo, book->rb->id, &a, &na, &ctx->err) ||
	    clock_now(book->rb->zone, &now, &ctx->err))
		goto done;
	for (i = 0; i < na; i++)
		if (!strcmp(a[i].commit, rev.id)) {
			clock_format_local(&when, a[i].time,
					   book->rb->zone);
			printf(_("%s is approved already: %s by %s, %s\n"),
			       rev.short_id, a[i].tag, a[i].by, when.buf);
			status = EXIT_OK;
			goto done;
		}
	/* DESIGN: four eyes: no one approves their own change. */
	if (four_eyes(ctx, repo, &rev, rel.buf, book, a, na, by))
		goto done;
	strbuf_addf(&tag, "approved/%s/%lu", book->rb->id,
		    na ? a[na - 1].n + 1 : 1UL);
	strbuf_addf(&msg, "Approve %s (%s)\n\nrunbook: %s\nblob: %s\n"
		    "approved-by: %s\n", book->rb->id, rel.buf, rel.buf, blob,
		    by);
	if (vcs_tag(repo, tag.buf, &rev, by, msg.buf, now,
		    clock_zone_offset(book->rb->zone, now), &ctx->err))
		goto done;
	printf(_("approved %s as %s by %s (%s, blob %.12s)\n"), rev.short_id,
	       tag.buf, by, rel.buf, blob);
	status = EXIT_OK;
done:
	vcs_approvals_free(a, na);
	book_free(book);
	vcs_close(repo);
	free(runbook);
	strbuf_release(&rel);
	strbuf_release(&tag);
	strbuf_release(&msg);
	strbuf_release(&when);
	return status;
}
