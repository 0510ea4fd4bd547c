/*
 * cutover log RUNBOOK: the commits that touched a runbook or the files it
 * loads (its required modules, its unit registry), newest first, with
 * the approvals of each.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "upgrade.h"
#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

static const char about[] = N_(
	"Lists the commits that touched the runbook or a file it loads (its\n"
	"required modules and its unit registry, as the working copy loads\n"
	"them), newest first: short id, date (the runbook's local time),\n"
	"author and subject. The repository is found from the runbook's path,\n"
	"as git finds it. A commit counts when one of those files differs\n"
	"from its first parent's. When the working copy does not load, only\n"
	"the runbook file's own history is listed (with a warning).\n"
	"An approved commit (see 'cutover approve') is listed, whatever it\n"
	"touched, and marked with its approval tags and approvers:\n"
	"[approved/ID/N by NAME].\n"
	"Fails (exit 1) when the runbook is in no git repository.\n"
	"\n"
	"--json: an array of the commits, newest first, each an object: id,\n"
	"short_id, date (RFC 3339), author, email, subject, and approvals\n"
	"(an array of {tag, by, date}).\n");

struct log_out {
	struct strbuf out;
	const struct clock_zone *zone;
	int json;
	size_t n;
	struct vcs_approval *approvals;
	size_t napprovals;
};

/* The commit's approvals: " [TAG by NAME, ...]", or a JSON array. */
static void approvals(struct log_out *lo, const char *id)
{
	size_t i, n = 0;

	if (lo->json)
		strbuf_addch(&lo->out, '[');
	for (i = 0; i < lo->napprovals; i++) {
		const struct vcs_approval *a = &lo->approvals[i];
		struct strbuf date = STRBUF_INIT;

		if (strcmp(a->commit, id))
			continue;
		if (lo->json) {
			clock_format_rfc3339(&date, a->time, lo->zone);
			strbuf_adds(&lo->out, n ? ",{" : "{");
			json_key_string(&lo->out, "tag", a->tag, 1);
			json_key_string(&lo->out, "by", a->by, 0);
			json_key_string(&lo->out, "date", date.buf, 0);
			strbuf_addch(&lo->out, '}');
		} else {
			strbuf_adds(&lo->out, n ? ", " : "  [");
			strbuf_addf(&lo->out, _("%s by %s"), a->tag, a->by);
		}
		strbuf_release(&date);
		n++;
	}
	strbuf_adds(&lo->out, lo->json ? "]" : n ? "]" : "");
}

static int show_commit(void *ctx, const struct vcs_commit *c)
{
	struct log_out *lo = ctx;

	if (lo->json) {
		struct strbuf date = STRBUF_INIT;

		clock_format_rfc3339(&date, c->time, lo->zone);
		strbuf_adds(&lo->out, lo->n ? "," : "");
		strbuf_addch(&lo->out, '{');
		json_key_string(&lo->out, "id", c->id, 1);
		json_key_string(&lo->out, "short_id", c->short_id, 0);
		json_key_string(&lo->out, "date", date.buf, 0);
		json_key_string(&lo->out, "author", c->author, 0);
		json_key_string(&lo->out, "email", c->email, 0);
		json_key_string(&lo->out, "subject", c->subject, 0);
		json_key(&lo->out, "approvals", 0);
		approvals(lo, c->id);
		strbuf_addch(&lo->out, '}');
		strbuf_release(&date);
	} else {
		strbuf_addf(&lo->out, "%s  ", c->short_id);
		clock_format_local(&lo->out, c->time, lo->zone);
		strbuf_addf(&lo->out, "  %s  %s", c->author, c->subject);
		approvals(lo, c->id);
		strbuf_addch(&lo->out, '\n');
	}
	lo->n++;
	return 0;
}

int cmd_log(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *runbook = NULL;
	const struct opt_spec opts[] = {
		{ OPT_ARG, N_("RUNBOOK"), 0, &runbook, NULL,
		  N_("the runbook's path in a git working copy"),
		  OPT_REQUIRED, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "log", opts, about };
	struct log_out lo = { STRBUF_INIT, NULL, 0, 0, NULL, 0 };
	struct vcs_repo *repo = NULL;
	struct book *book = NULL;
	struct strbuf rel = STRBUF_INIT;
	struct err load_err = ERR_INIT;
	struct vcs_walk_opts walk;
	const char **keep = NULL;
	char **paths = NULL;
	size_t i, n = 0;
	int status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	status = EXIT_FAILED;
	if (vcs_open(runbook, &repo, &ctx->err) ||
	    vcs_repo_path(repo, runbook, &rel, &ctx->err))
		goto done;
	if (book_load_path(runbook, &book, &load_err)) {
		struct strbuf line = STRBUF_INIT;

		err_format(&load_err, &line);
		fprintf(stderr, _("cutover: warning: %s; listing the runbook"
				  " file's commits only\n"), line.buf);
		strbuf_release(&line);
		paths = xcalloc(1, sizeof(*paths));
		paths[n++] = strbuf_detach(&rel, NULL);
	} else {
		lo.zone = book->rb->zone;
		paths = upgrade_repo_paths(rel.buf, book, &n);
		if (vcs_approvals(repo, book->rb->id, &lo.approvals,
				  &lo.napprovals, &ctx->err))
			goto done;
	}
	lo.json = ctx->json;
	if (!lo.zone)
		lo.zone = cmd_zone(ctx);
	if (lo.json)
		strbuf_addch(&lo.out, '[');
	keep = xcalloc(lo.napprovals + 1, sizeof(*keep));
	for (i = 0; i < lo.napprovals; i++)
		keep[i] = lo.approvals[i].commit;
	memset(&walk, 0, sizeof(walk));
	walk.paths = (const char *const *)paths;
	walk.npaths = n;
	/* An approved commit is listed even when it touched none of them. */
	walk.keep = keep;
	walk.nkeep = lo.napprovals;
	if (vcs_walk(repo, &walk, show_commit, &lo, &ctx->err))
		goto done;
	if (lo.json)
		strbuf_adds(&lo.out, "]\n");
	cmd_print(&lo.out);
	status = EXIT_OK;
done:
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(keep);
	err_release(&load_err);
	strbuf_release(&lo.out);
	strbuf_release(&rel);
	vcs_approvals_free(lo.approvals, lo.napprovals);
	book_free(book);
	vcs_close(repo);
	return status;
}
