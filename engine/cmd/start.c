/*
 * cutover start RUNBOOK --rehearsal|--live: a new run of a runbook, of
 * its working copy or, live, of its latest approved version.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "i18n.h"
#include "json.h"
#include "runs.h"
#include "upgrade.h"
#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

static const char about[] = N_(
	"Starts a run: expands the runbook into its tasks and records them,\n"
	"with the runbook's files, in the workspace. The run is pinned to the\n"
	"git commit and blob of the runbook when it is in a repository.\n"
	"\n"
	"A rehearsal runs the working copy. The live run runs the latest\n"
	"approved version (the tag approved/<runbook-id>/<n> with the highest\n"
	"n, see 'cutover approve'), read from git, not from the working copy;\n"
	"--unapproved runs the working copy instead, and the run and its\n"
	"start event say so. A runbook has one open live run at a time: a\n"
	"second is refused until the first is closed ('cutover close').\n"
	"\n"
	"With --require-tokens, every unit action (sign, skip, fail, block,\n"
	"reopen, issue, roster, import) needs a token of that unit or the\n"
	"coordinator's; start prints the coordinator's token, once, on the\n"
	"last line (see 'cutover token').\n");

/*
 * What the start event says of the run, as comment and evidence: the
 * version (approved or not), whether it requires tokens, and the seal of
 * its definition (store_definition), appended by start_run.
 */
static void describe_run(const struct store_run *run, struct strbuf *comment,
			 struct strbuf *evidence)
{
	strbuf_addch(evidence, '{');
	if (!strcmp(run->mode, "live")) {
		if (run->approval) {
			strbuf_addf(comment, ", approved version %s",
				    run->approval);
			json_key_string(evidence, "approval", run->approval, 1);
		} else {
			strbuf_adds(comment, ", unapproved version"
				    " (--unapproved)");
			json_key(evidence, "unapproved", 1);
			strbuf_adds(evidence, "true");
		}
		strbuf_addch(evidence, ',');
	}
	if (run->require_tokens) {
		strbuf_adds(comment, "; unit actions require tokens");
		json_key(evidence, "require_tokens", 1);
		strbuf_adds(evidence, "true,");
	}
	if (run->dirty)
		strbuf_adds(comment, "; runbook has uncommitted changes");
}

/*
 * Records the run and its start event and, when it requires tokens, the
 * coordinator's first token (appended to *token), in one transaction.
 */
static int start_run(struct cmd_ctx *ctx, struct book *book,
		     struct store_run *run, struct strbuf *token)
{
	const struct runbook *rb = book->rb;
	struct store_event ev;
	struct strbuf comment = STRBUF_INIT, evidence = STRBUF_INIT;
	int ret = -1;

	if (store_begin(ctx->store, &ctx->err))
		return -1;
	/* Under the write lock: two starts at once make one live run. */
	if ((!strcmp(run->mode, "live") &&
	     runs_live_allowed(ctx->store, run->runbook_id, &ctx->err)) ||
	    store_create_run(ctx->store, run, book, &ctx->err))
		goto done;
	strbuf_addf(&comment, "%s run of %s (%zu tasks)", run->mode, rb->id,
		    book->plan->n);
	describe_run(run, &comment, &evidence);
	/* DESIGN: what the run reads from now on is sealed by its start. */
	json_key(&evidence, "definition", 1);
	if (store_definition(ctx->store, run->id, &evidence, &ctx->err))
		goto done;
	strbuf_addch(&evidence, '}');
	memset(&ev, 0, sizeof(ev));
	ev.run_id = run->id;
	ev.kind = "start";
	ev.actor = run->started_by;
	ev.at = run->started_at;
	ev.comment = comment.buf;
	ev.evidence = evidence.buf;
	ev.commit_id = run->commit_id;
	if (store_append_event(ctx->store, &ev, NULL, NULL, &ctx->err))
		goto done;
	if (run->require_tokens) {
		struct strbuf id = STRBUF_INIT;
		int rc = auth_issue(ctx->store, run, NULL, NULL,
				    run->started_by,
				    run->started_at, token, &id, &ctx->err);

		strbuf_release(&id);
		if (rc)
			goto done;
	}
	ret = store_commit(ctx->store, &ctx->err);
done:
	if (ret)
		store_rollback(ctx->store);
	strbuf_release(&comment);
	strbuf_release(&evidence);
	return ret;
}

static char *default_name(struct cmd_ctx *ctx, const char *mode)
{
	struct strbuf name = STRBUF_INIT;
	struct store_run probe;
	struct err quiet = ERR_INIT;
	int n;

	for (n = 1;; n++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s-%d", mode, n);
		if (store_find_run(ctx->store, name.buf, &probe, &quiet)) {
			err_release(&quiet);
			return strbuf_detach(&name, NULL);
		}
		store_run_release(&probe);
	}
}

/*
 * The working copy, pinned: HEAD, the runbook's blob, and whether it or a
 * file it loads has uncommitted changes.  A live run refuses them unless
 * allow_dirty.  0 or -1 with ctx->err.
 */
static int load_working_copy(struct cmd_ctx *ctx, const char *path, int live,
			     int allow_dirty, struct book **book,
			     struct store_run *run)
{
	struct strbuf dir = STRBUF_INIT;
	struct vcs_pin pin;
	char **others = NULL;
	const char *slash = strrchr(path, '/');
	size_t i, n = 0;
	int rc, ret = -1;

	if (book_load_path(path, book, &ctx->err) ||
	    book_expand(*book, &ctx->err))
		return -1;
	if (slash)
		strbuf_add(&dir, path, (size_t)(slash - path + 1));
	others = xcalloc((*book)->nfiles + 1, sizeof(*others));
	for (i = 1; i < (*book)->nfiles; i++) {
		struct strbuf p = STRBUF_INIT;

		strbuf_addf(&p, "%s%s", dir.buf, (*book)->files[i].path);
		others[n++] = strbuf_detach(&p, NULL);
	}
	rc = vcs_pin(path, (const char *const *)others, n, &pin, &ctx->err);
	if (rc == -1)
		goto done;
	if (rc == 0) {
		run->commit_id = xstrdup(pin.commit);
		run->blob_id = pin.blob[0] ? xstrdup(pin.blob) : NULL;
		run->dirty = pin.dirty;
	}
	if (live && (rc != 0 || pin.dirty) && !allow_dirty) {
		if (rc)
			fail(&ctx->err, _("'%s' is in no git repository; commit"
					  " it, or give --allow-dirty"), path);
		else
			fail(&ctx->err, _("'%s' has uncommitted changes; commit"
					  " it, or give --allow-dirty"),
			     pin.dirty_file ? others[pin.dirty_file - 1] : path);
		goto done;
	}
	if (rc != 0)
		run->dirty = 1;
	ret = 0;
done:
	for (i = 0; i < n; i++)
		free(others[i]);
	free(others);
	strbuf_release(&dir);
	return ret;
}

/*
 * The latest approved version of the runbook at path, read from git: the
 * approval tag with the highest number for the runbook's id (the id as
 * the working copy, or else HEAD, declares it).  0 or -1 with ctx->err.
 */
static int load_approved(struct cmd_ctx *ctx, const char *path,
			 struct book **book, struct store_run *run)
{
	struct vcs_repo *repo = NULL;
	struct vcs_approval *approvals = NULL;
	struct vcs_rev rev;
	struct book *probe = NULL;
	struct strbuf rel = STRBUF_INIT;
	struct err quiet = ERR_INIT;
	char blob[41];
	size_t n = 0;
	int rc, ret = -1;

	rc = vcs_open(path, &repo, &ctx->err);
	if (rc == VCS_NOREPO) {
		err_reset(&ctx->err);
		fail(&ctx->err, _("'%s' is in no git repository, so it has no"
				  " approved version; give --unapproved to"
				  " start the working copy"), path);
	}
	if (rc)
		goto done;
	if (book_load_path(path, &probe, &quiet) &&
	    (vcs_resolve(repo, "HEAD", &rev, &ctx->err) ||
	     upgrade_load_version(repo, path, &rev, &probe, &ctx->err)))
		goto done;
	if (vcs_approvals(repo, probe->rb->id, &approvals, &n, &ctx->err))
		goto done;
	if (!n) {
		fail(&ctx->err, _("no approved version of %s (no tag"
				  " approved/%s/N); approve one with 'cutover"
				  " approve REV --by NAME %s', or give"
				  " --unapproved"), probe->rb->id,
		     probe->rb->id, path);
		goto done;
	}
	if (vcs_resolve(repo, approvals[n - 1].commit, &rev, &ctx->err) ||
	    upgrade_load_version(repo, path, &rev, book, &ctx->err) ||
	    vcs_repo_path(repo, path, &rel, &ctx->err) ||
	    vcs_blob_id(repo, &rev, rel.buf, blob, &ctx->err))
		goto done;
	if (strcmp((*book)->rb->id, probe->rb->id)) {
		fail(&ctx->err, _("%s names commit %s, whose runbook is %s"),
		     approvals[n - 1].tag, rev.short_id, (*book)->rb->id);
		goto done;
	}
	/* DESIGN: four eyes at the door too: a tag made by hand by the author. */
	if (approval_tag_valid(repo, approvals, n, n - 1, &rev, rel.buf, *book,
			       &ctx->err))
		goto done;
	run->commit_id = xstrdup(rev.id);
	run->blob_id = xstrdup(blob);
	run->approval = xstrdup(approvals[n - 1].tag);
	ret = 0;
done:
	err_release(&quiet);
	strbuf_release(&rel);
	book_free(probe);
	vcs_approvals_free(approvals, n);
	vcs_close(repo);
	return ret;
}

int cmd_start(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *name = NULL, *by = NULL, *runbook = NULL;
	int choice = 0, allow_dirty = 0, unapproved = 0, require_tokens = 0;
	const struct opt_spec opts[] = {
		{ OPT_SWITCH, "rehearsal", 0, &choice, NULL,
		  N_("a rehearsal (any number of them)"), OPT_REQUIRED, 1 },
		{ OPT_SWITCH, "live", 0, &choice, NULL,
		  N_("the live run, of the latest approved version"), 0, 2 },
		{ OPT_VALUE, "name", 0, &name, cmd_word_name,
		  N_("the run's name (default: MODE-N)"), 0, 0 },
		{ OPT_VALUE, "by", 0, &by, cmd_word_name,
		  N_("who starts it (default: $USER)"), 0, 0 },
		{ OPT_SWITCH, "unapproved", 0, &unapproved, NULL,
		  N_("--live from the working copy, without approval;"
		     " refuses uncommitted changes to the runbook or a file"
		     " it loads unless --allow-dirty is given"), 0, 0 },
		{ OPT_SWITCH, "allow-dirty", 0, &allow_dirty, NULL,
		  N_("start --live --unapproved from uncommitted changes"
		     " (recorded)"), 0, 0 },
		{ OPT_SWITCH, "require-tokens", 0, &require_tokens, NULL,
		  N_("every unit action needs a token; prints the"
		     " coordinator's"), 0, 0 },
		CMD_OPT_RUNBOOK(&runbook),
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "start", opts, about };
	const char *mode;
	int status = EXIT_FAILED, live;
	size_t i, nfallback;
	struct book *book = NULL;
	struct store_run run;
	struct strbuf t0 = STRBUF_INIT, token = STRBUF_INIT;

	memset(&run, 0, sizeof(run));
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	mode = choice == 2 ? "live" : "rehearsal";
	if (!by)
		by = getenv("USER");
	if (name && !*name)
		return cmd_usage_fail(ctx, "%s", _("--name must not be"
						 " empty"));
	live = !strcmp(mode, "live");
	if (unapproved && !live)
		return cmd_usage_fail(ctx, "%s", _("--unapproved is for"
						 " --live: a rehearsal always"
						 " runs the working copy"));
	if (allow_dirty && live && !unapproved)
		return cmd_usage_fail(ctx, "%s", _("--allow-dirty needs"
						 " --unapproved: an approved"
						 " version is read from git,"
						 " never from the working"
						 " copy"));
	/* DESIGN: the live run takes the latest approved version. */
	if (live && !unapproved ?
	    load_approved(ctx, runbook, &book, &run) :
	    load_working_copy(ctx, runbook, live, allow_dirty, &book,
			      &run))
		goto done;
	run.unapproved = live && unapproved;
	run.require_tokens = require_tokens;
	run.name = name ? xstrdup(name) : default_name(ctx, mode);
	run.mode = xstrdup(mode);
	run.runbook_path = xstrdup(runbook);
	run.runbook_id = xstrdup(book->rb->id);
	run.started_by = xstrdup(by && *by ? by : "coordinator");
	upgrade_take_book(&run, book);
	if (clock_now(run.zone, &run.started_at, &ctx->err) ||
	    start_run(ctx, book, &run, &token))
		goto done;
	clock_format_local(&t0, run.t0, run.zone);
	printf(live ? _("started live '%s' of %s: %zu tasks, %zu units, T0 %s") :
	       _("started rehearsal '%s' of %s: %zu tasks, %zu units, T0 %s"),
	       run.name, run.runbook_id, book->plan->n, book->units->n,
	       t0.buf);
	if (run.commit_id && run.dirty)
		printf(_(", commit %.12s (with uncommitted changes)"),
		       run.commit_id);
	else if (run.commit_id)
		printf(_(", commit %.12s"), run.commit_id);
	if (live)
		printf(", %s", run.approval ? run.approval : _("unapproved"));
	printf("\n");
	for (i = nfallback = 0; i < book->plan->n; i++)
		nfallback += book->rb->steps[book->plan->tasks[i].step].fallback
			!= NULL;
	if (nfallback)
		printf(P_("%zu of them applies only after a no-go (a fallback"
			  " path)\n", "%zu of them apply only after a no-go"
			  " (fallback paths)\n", nfallback), nfallback);
	/* DESIGN: the secret is shown once and never stored. */
	if (token.len)
		printf(_("unit actions require tokens; the coordinator's"
			 " token, shown only now (issue the units' with"
			 " 'cutover token issue UNIT --token THIS'):\n%s\n"),
		       token.buf);
	status = EXIT_OK;
done:
	strbuf_release(&t0);
	strbuf_release(&token);
	store_run_release(&run);
	book_free(book);
	return status;
}
