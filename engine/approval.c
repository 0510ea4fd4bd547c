/*
 * Approvals: four eyes, the reviewer's token, and which version a run
 * may move to.  Git is spoken to through vcs, the ledger through store.
 */
#include "approval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "json.h"
#include "upgrade.h"
#include "xalloc.h"
#include "banned.h"

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

int approval_four_eyes(struct vcs_repo *repo, const struct vcs_rev *rev,
		       const char *rel, const struct book *book,
		       const char *const *hide, size_t nhide, const char *by,
		       struct err *err)
{
	struct eyes e = { by, "", NULL };
	struct vcs_walk_opts opts;
	char **paths;
	size_t i, n;
	int rc;

	paths = upgrade_repo_paths(rel, book, &n);
	memset(&opts, 0, sizeof(opts));
	opts.from = rev->id;
	opts.hide = hide;
	opts.nhide = nhide;
	opts.paths = (const char *const *)paths;
	opts.npaths = n;
	rc = vcs_walk(repo, &opts, written_by, &e, err);
	if (rc == 1 && nhide)
		fail(err, _("%s wrote commit %s (\"%s\"), which changed"
			    " %s or a file it loads since the last"
			    " approved version: someone else must"
			    " approve %s"), by, e.short_id, e.subject,
		     rel, rev->short_id);
	else if (rc == 1)
		fail(err, _("%s wrote commit %s (\"%s\"), which changed"
			    " %s or a file it loads since the beginning:"
			    " someone else must approve %s"), by,
		     e.short_id, e.subject, rel, rev->short_id);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(e.subject);
	return rc ? -1 : 0;
}

void approval_who_release(struct approval_who *w)
{
	store_run_release(&w->run);
	auth_release(&w->auth);
	memset(w, 0, sizeof(*w));
}

int approval_who(struct store *st, const char *runbook_id, const char *token,
		 const char *by, struct approval_who *w, struct err *err)
{
	char *name = NULL;
	int given = token && *token, rc = STORE_NOTFOUND;

	memset(w, 0, sizeof(*w));
	if (st)
		rc = store_open_live_run(st, runbook_id, 0, &name, err);
	if (rc == -1)
		return -1;
	if (!rc) {
		rc = store_find_run(st, name, &w->run, err);
		free(name);
		if (rc)
			return -1;
	}
	if (w->run.id && !given && !w->run.require_tokens)
		store_run_release(&w->run);   /* a tag alone */
	if (!w->run.id) {
		if (given)
			return fail(err, _("a token is checked against the"
					   " open live run of %s, and the"
					   " workspace has none"), runbook_id);
		if (!by || !*by)
			return fail_usage(err, "%s", _("say who approves with"
						       " --by NAME"));
		w->approver = by;
		return 0;
	}
	if (auth_login(st, &w->run, token, &w->auth, err))
		return -1;
	if (auth_allow_approval(&w->auth, by, err)) {
		if (w->run.require_tokens)
			err_prefix(err, _("live run '%s' requires tokens"),
				   w->run.name);
		return -1;
	}
	w->approver = w->auth.reviewer;
	return 0;
}

int approval_record(struct store *st, const struct approval_who *w,
		    const char *tag, const char *commit, const char *blob,
		    const char *rel, instant_t at, int64_t *seq,
		    struct err *err)
{
	struct strbuf comment = STRBUF_INIT, json = STRBUF_INIT;
	struct store_event ev;
	int rc;

	strbuf_addf(&comment, "approve %s: commit %.12s of %s", tag, commit,
		    rel);
	strbuf_addch(&json, '{');
	json_key_string(&json, "tag", tag, 1);
	json_key_string(&json, "commit", commit, 0);
	json_key_string(&json, "blob", blob, 0);
	json_key_string(&json, "runbook", rel, 0);
	strbuf_addch(&json, '}');
	memset(&ev, 0, sizeof(ev));
	ev.run_id = w->run.id;
	ev.kind = "approve";
	ev.actor = w->approver;
	ev.at = at;
	ev.comment = comment.buf;
	ev.evidence = json.buf;
	ev.commit_id = w->run.commit_id;
	rc = store_append_event(st, &ev, seq, NULL, err);
	strbuf_release(&comment);
	strbuf_release(&json);
	return rc;
}

int approval_tag_valid(struct vcs_repo *repo, const struct vcs_approval *a,
		       size_t na, size_t i, const struct vcs_rev *rev,
		       const char *rel, const struct book *book,
		       struct err *err)
{
	const char **hide = xcalloc(na + 1, sizeof(*hide));
	size_t j, nhide = 0;
	int rc;

	for (j = 0; j < na; j++)
		if (a[j].n < a[i].n)
			hide[nhide++] = a[j].commit;
	rc = approval_four_eyes(repo, rev, rel, book, hide, nhide, a[i].by,
				err);
	free(hide);
	if (rc)
		err_prefix(err, _("%s does not count as an approval"),
			   a[i].tag);
	return rc ? -1 : 0;
}

const struct vcs_approval *approval_of(const struct vcs_approval *a,
				       size_t na, const char *id)
{
	size_t i;

	for (i = na; i-- > 0;)
		if (!strcmp(a[i].commit, id))
			return &a[i];
	return NULL;
}

/* The n of an approval tag "approved/<id>/<n>", 0 when it is none. */
static unsigned long tag_number(const char *tag)
{
	const char *slash = tag ? strrchr(tag, '/') : NULL;
	char *end;
	unsigned long n;

	if (!slash || !slash[1])
		return 0;
	n = strtoul(slash + 1, &end, 10);
	return *end ? 0 : n;
}

/* With tokens, the approval is the one recorded in the run's ledger. */
static int authenticated(struct store *st, const struct store_run *run,
			 const struct vcs_approval *t, struct err *err)
{
	char *by = NULL, *auth = NULL;
	int rc = store_approval_event(st, run->id, t->tag, &by, &auth, err);

	if (rc == -1)
		return -1;
	if (rc == STORE_NOTFOUND || !auth || strncmp(auth, "reviewer:", 9) ||
	    strcmp(by, t->by))
		fail(err, _("%s was not approved with a reviewer's token in"
			    " run '%s', which requires tokens: approve it"
			    " again with --token (a reviewer's, 'cutover"
			    " token issue --reviewer NAME')"), t->tag,
		     run->name);
	else
		rc = 0;
	free(by);
	free(auth);
	return rc ? -1 : 0;
}

int approval_upgrade_allowed(struct store *st, struct vcs_repo *repo,
			     const struct store_run *run,
			     const struct vcs_rev *target, const char *rel,
			     const struct book *book,
			     const struct vcs_approval *a, size_t na,
			     int unapproved, const struct vcs_approval **tag,
			     struct err *err)
{
	int live = !strcmp(run->mode, "live");
	const struct vcs_approval *t = approval_of(a, na, target->id);

	*tag = t;
	/* The version the run is on: nothing moves, nothing to approve. */
	if (run->commit_id && !run->dirty &&
	    !strcmp(run->commit_id, target->id) && !unapproved)
		return 0;
	if (live && unapproved)
		return fail_usage(err, _("run '%s' is live: it moves only to an"
					 " approved version (--unapproved is"
					 " for rehearsals)"), run->name);
	if (!t && !unapproved)
		return fail(err, live ?
			    _("%s is not approved: a live run moves only to an"
			      " approved version ('cutover approve %s --by"
			      " NAME', by someone who did not write it)") :
			    _("%s is not approved: approve it ('cutover"
			      " approve %s --by NAME'), or give --unapproved to"
			      " rehearse it"), target->short_id,
			    target->short_id);
	if (!live)
		return 0;
	/* DESIGN: a live run moves to what was approved after its own. */
	if (run->approval && tag_number(t->tag) <= tag_number(run->approval))
		return fail(err, _("%s is approved as %s, not after the run's"
				   " own version (%s): a live run moves only"
				   " forward"), target->short_id, t->tag,
			    run->approval);
	/*
	 * Four eyes again, at the door: a tag made by hand, not by `cutover
	 * approve`, must not pass its author's own change.
	 */
	if (approval_tag_valid(repo, a, na, (size_t)(t - a), target, rel,
			       book, err))
		return -1;
	if (run->require_tokens && authenticated(st, run, t, err))
		return -1;
	return 0;
}
