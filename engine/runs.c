/*
 * Opening and closing runs: the rules, on top of the store's queries.
 */
#include "runs.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "banned.h"

int runs_live_allowed(struct store *st, const char *runbook_id,
		      struct err *err)
{
	char *name = NULL;
	int rc = store_open_live_run(st, runbook_id, 0, &name, err);

	if (rc == STORE_NOTFOUND)
		return 0;
	if (!rc)
		fail(err, _("live run '%s' of %s is still open: one live run"
			    " at a time; close it first with 'cutover close"
			    " %s --by NAME'"), name, runbook_id, name);
	free(name);
	return -1;
}

int runs_close(struct store *st, const struct store_run *run,
	       const struct auth *a, const char *by, instant_t at,
	       const char *reason, int64_t *seq, struct err *err)
{
	struct store_event ev;
	struct store_run now;
	int rc;

	if (auth_allow(a, run, NULL,
		       /* TRANSLATORS: completes "requires a token to" */
		       _("close a run"), err))
		return -1;
	if (store_begin(st, err))
		return -1;
	/* Read again under the lock: another coordinator may have closed it. */
	rc = store_find_run(st, run->name, &now, err);
	if (rc)
		goto fail;
	rc = now.closed_seq ? 1 : 0;
	store_run_release(&now);
	if (rc == 1) {
		store_rollback(st);
		return 1;
	}
	memset(&ev, 0, sizeof(ev));
	ev.run_id = run->id;
	ev.kind = "close";
	ev.actor = by;
	ev.at = at;
	ev.comment = reason;
	ev.commit_id = run->commit_id;
	if (store_append_event(st, &ev, seq, NULL, err) ||
	    store_commit(st, err))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int runs_parse_time(const struct store_run *run, const char *text,
		    instant_t *out, struct err *err)
{
	struct time_expr e;
	struct err other = ERR_INIT;

	if (!clock_parse_expr(text, run->locale.dates, &e, err)) {
		*out = clock_resolve(&e, run->t0, run->zone);
		return 0;
	}
	if (text[0] != 'T' &&
	    !clock_parse_local(text, run->zone, out, &other)) {
		err_reset(err);
		err_release(&other);
		return 0;
	}
	err_release(&other);
	return -1;
}
