#include "duty.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "evidence.h"
#include "i18n.h"
#include "runs.h"
#include "units.h"
#include "xalloc.h"
#include "banned.h"

/*
 * DESIGN: a desk with nobody on it is not staffed: a roster change that
 * leaves a gap reopens the desk's sign-off, and says why.
 */

static size_t take_intervals(const struct store_shift *shifts, size_t n,
			     const struct store_duty *d,
			     struct interval **iv, size_t *alloc)
{
	size_t count = 0, i;

	for (i = 0; i < n; i++) {
		if (strcmp(shifts[i].unit_id, d->unit_id) ||
		    strcmp(shifts[i].role, d->role))
			continue;
		XGROW(*iv, *alloc, count + 1);
		(*iv)[count].from = shifts[i].from;
		(*iv)[count].to = shifts[i].to;
		count++;
	}
	return count;
}

int duty_coverage(struct store *st, const struct store_run *run,
		  const char *unit_id, const char *role,
		  struct duty_status **out, size_t *n, struct err *err)
{
	struct store_duty *duties = NULL;
	struct store_shift *shifts = NULL;
	struct interval *iv = NULL;
	size_t nduties = 0, nshifts = 0, alloc = 0, i, count = 0;
	struct duty_status *ds;

	*out = NULL;
	*n = 0;
	if (!run->has_duty_window)
		return 0;
	if (store_duties(st, run->id, unit_id, &duties, &nduties, err))
		return -1;
	if (store_shifts(st, run->id, unit_id, role, &shifts, &nshifts,
			 err)) {
		store_duties_free(duties, nduties);
		return -1;
	}
	*out = xcalloc(nduties + 1, sizeof(**out));
	for (i = 0; i < nduties; i++) {
		if (role && strcmp(duties[i].role, role)) {
			free(duties[i].unit_id);
			free(duties[i].unit_name);
			free(duties[i].role);
			free(duties[i].step_id);
			continue;
		}
		ds = &(*out)[count++];
		ds->duty = duties[i];
		ds->nshifts = take_intervals(shifts, nshifts, &ds->duty,
					     &iv, &alloc);
		ds->ngaps = coverage_gaps(iv, ds->nshifts, run->duty_from,
					  run->duty_to, &ds->gaps);
	}
	*n = count;
	free(duties);      /* the strings moved into *out or were freed */
	free(iv);
	store_shifts_free(shifts, nshifts);
	return 0;
}

void duty_status_free(struct duty_status *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(d[i].duty.unit_id);
		free(d[i].duty.unit_name);
		free(d[i].duty.role);
		free(d[i].duty.step_id);
		free(d[i].gaps);
	}
	free(d);
}

int duty_gaps(struct store *st, const struct store_run *run,
	      const char *unit_id, const char *role, instant_t from,
	      instant_t to, size_t *ngaps, struct interval *first,
	      struct err *err)
{
	struct store_shift *shifts = NULL;
	struct interval *iv = NULL, *gaps = NULL;
	struct store_duty d;
	size_t nshifts = 0, alloc = 0, count;

	*ngaps = 0;
	if (store_shifts(st, run->id, unit_id, role, &shifts, &nshifts, err))
		return -1;
	d.unit_id = (char *)unit_id;
	d.role = (char *)role;
	count = take_intervals(shifts, nshifts, &d, &iv, &alloc);
	*ngaps = coverage_gaps(iv, count, from, to, &gaps);
	if (*ngaps)
		*first = gaps[0];
	free(gaps);
	free(iv);
	store_shifts_free(shifts, nshifts);
	return 0;
}

void duty_uncovered_text(struct strbuf *out, const struct store_run *run,
			 const char *unit_id, const char *role,
			 const char *change, size_t ngaps,
			 const struct interval *first)
{
	strbuf_addf(out, "the '%s' roster of %s no longer covers the duty"
		    " window (%s): no one on duty from ", role, unit_id,
		    change);
	clock_format_local(out, first->from, run->zone);
	strbuf_adds(out, " to ");
	clock_format_local(out, first->to, run->zone);
	if (ngaps > 1)
		strbuf_addf(out, ", and %zu more gap%s", ngaps - 1,
			    ngaps > 2 ? "s" : "");
}

int duty_reopen_uncovered(struct store *st, const struct store_run *run,
			  const char *unit_id, const char *role,
			  const char *by, instant_t at, const char *change,
			  struct strbuf *reopened, struct err *err)
{
	struct strbuf why = STRBUF_INIT;
	struct interval first;
	struct store_event ev;
	char **keys = NULL;
	size_t ngaps = 0, n = 0, i;
	int ret = -1;

	if (!run->has_duty_window)
		return 0;
	if (duty_gaps(st, run, unit_id, role, run->duty_from, run->duty_to,
		      &ngaps, &first, err))
		return -1;
	if (!ngaps)
		return 0;
	if (store_duty_signed(st, run->id, unit_id, role, &keys, &n, err))
		goto done;
	duty_uncovered_text(&why, run, unit_id, role, change, ngaps, &first);
	for (i = 0; i < n; i++) {
		memset(&ev, 0, sizeof(ev));
		ev.run_id = run->id;
		ev.task_key = keys[i];
		ev.kind = "reopened";
		ev.actor = by;
		ev.unit_id = unit_id;
		ev.at = at;
		ev.comment = why.buf;
		ev.commit_id = run->commit_id;
		if (store_append_event(st, &ev, NULL, NULL, err))
			goto done;
		strbuf_addf(reopened, "%s%s", reopened->len ? ", " : "",
			    keys[i]);
	}
	ret = 0;
done:
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	strbuf_release(&why);
	return ret;
}

/* ---- the rules of a shift ---- */

int duty_roster_load(struct duty_roster *r, struct store *st,
		     const struct store_run *run, const struct book *book,
		     struct err *err)
{
	memset(r, 0, sizeof(*r));
	r->run = run;
	r->book = book;
	return store_duties(st, run->id, NULL, &r->duties, &r->nduties, err);
}

void duty_roster_release(struct duty_roster *r)
{
	store_duties_free(r->duties, r->nduties);
	memset(r, 0, sizeof(*r));
}

void duty_shift_release(struct store_shift *sh)
{
	free(sh->unit_id);
	free(sh->role);
	free(sh->person);
	free(sh->phone);
	free(sh->added_by);
	memset(sh, 0, sizeof(*sh));
}

size_t duty_unit_roles(const struct duty_roster *r, const char *unit,
		       struct strbuf *out)
{
	size_t i, count = 0;

	for (i = 0; i < r->nduties; i++) {
		if (strcmp(r->duties[i].unit_id, unit))
			continue;
		strbuf_addf(out, "%s%s", count ? ", " : "", r->duties[i].role);
		count++;
	}
	return count;
}

static int check_unit_role(const struct duty_roster *r, const char *unit,
			   const char *role, int *bad, struct err *err)
{
	struct strbuf roles = STRBUF_INIT;
	size_t i;

	*bad = ROSTERFILE_UNIT;
	if (!units_find(r->book->units, unit))
		return fail(err, _("no unit '%s' in the registry of run '%s'"),
			    unit, r->run->name);
	for (i = 0; i < r->nduties; i++)
		if (!strcmp(r->duties[i].unit_id, unit) &&
		    !strcmp(r->duties[i].role, role))
			return 0;
	if (!duty_unit_roles(r, unit, &roles)) {
		strbuf_release(&roles);
		return fail(err, _("unit '%s' owns no roster step in run"
				   " '%s'; it keeps no duty roster"), unit,
			    r->run->name);
	}
	*bad = ROSTERFILE_ROLE;
	fail(err, _("unit '%s' has no roster step for role '%s'; its roles:"
		    " %s"), unit, role, roles.buf);
	strbuf_release(&roles);
	return -1;
}

/* The shift must meet the duty window: a typo in a date must not pass. */
static int check_window(const struct store_run *run,
			const struct store_shift *sh, int *bad,
			struct err *err)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int rc = 0;

	if (!run->has_duty_window)
		return 0;
	if (sh->to <= run->duty_from) {
		*bad = ROSTERFILE_TO;
		clock_format_local(&a, sh->to, run->zone);
		clock_format_local(&b, run->duty_from, run->zone);
		rc = fail(err, _("the shift ends at %s, before the duty"
				 " window starts (%s)"), a.buf, b.buf);
	} else if (sh->from >= run->duty_to) {
		*bad = ROSTERFILE_FROM;
		clock_format_local(&a, sh->from, run->zone);
		clock_format_local(&b, run->duty_to, run->zone);
		rc = fail(err, _("the shift starts at %s, after the duty"
				 " window ends (%s)"), a.buf, b.buf);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return rc;
}

int duty_check_shift(const struct duty_roster *r,
		     char *const raw[ROSTERFILE_NFIELDS],
		     struct store_shift *sh, int *bad, struct err *err)
{
	const struct store_run *run = r->run;
	struct strbuf sb = STRBUF_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int f;

	memset(sh, 0, sizeof(*sh));
	for (f = 0; f < ROSTERFILE_NFIELDS; f++)
		if (f != ROSTERFILE_PHONE && (!raw[f] || !*raw[f])) {
			*bad = f;
			return fail(err, "%s", _("missing"));
		}
	if (check_unit_role(r, raw[ROSTERFILE_UNIT], raw[ROSTERFILE_ROLE],
			    bad, err))
		goto fail;
	*bad = ROSTERFILE_PERSON;
	if (evidence_name(raw[ROSTERFILE_PERSON], &sb, err))
		goto fail;
	sh->person = strbuf_detach(&sb, NULL);
	*bad = ROSTERFILE_PHONE;
	if (raw[ROSTERFILE_PHONE] && *raw[ROSTERFILE_PHONE]) {
		struct evidence_rules rules;

		evidence_rules_of(&rules, &run->locale, NULL);
		if (evidence_normalize(EVIDENCE_PHONE, &rules,
				       raw[ROSTERFILE_PHONE], &sb, err))
			goto fail;
		sh->phone = strbuf_detach(&sb, NULL);
	}
	*bad = ROSTERFILE_FROM;
	if (runs_parse_time(run, raw[ROSTERFILE_FROM], &sh->from, err))
		goto fail;
	*bad = ROSTERFILE_TO;
	if (runs_parse_time(run, raw[ROSTERFILE_TO], &sh->to, err))
		goto fail;
	if (sh->to <= sh->from) {
		clock_format_local(&a, sh->from, run->zone);
		clock_format_local(&b, sh->to, run->zone);
		fail(err, _("the shift must end after it starts (%s to %s)"),
		     a.buf, b.buf);
		goto fail;
	}
	if (check_window(run, sh, bad, err))
		goto fail;
	sh->unit_id = xstrdup(raw[ROSTERFILE_UNIT]);
	sh->role = xstrdup(raw[ROSTERFILE_ROLE]);
	strbuf_release(&a);
	return 0;
fail:
	strbuf_release(&sb);
	strbuf_release(&a);
	strbuf_release(&b);
	duty_shift_release(sh);
	return -1;
}

int duty_add(struct store *st, const struct store_run *run,
	     const struct auth *a, struct store_shift *sh, const char *by,
	     instant_t now, struct err *err)
{
	int rc;

	if (auth_allow(a, run, sh->unit_id,
		       /* TRANSLATORS: completes "requires a token to" */
		       _("change a roster"), err))
		return -1;
	/* DESIGN: every write is one BEGIN IMMEDIATE transaction. */
	if (store_begin(st, err))
		return -1;
	rc = store_add_shift(st, run, sh, by, now, err);
	if (rc < 0 || store_commit(st, err)) {
		store_rollback(st);
		return -1;
	}
	return rc;
}

int duty_remove(struct store *st, const struct store_run *run,
		const struct auth *a, int64_t id, const char *by,
		instant_t now, const char *reason, struct store_shift *removed,
		struct strbuf *reopened, struct err *err)
{
	struct store_shift *shifts = NULL;
	struct strbuf change = STRBUF_INIT;
	size_t n = 0, i;
	int rc = -1;

	if (removed)
		memset(removed, 0, sizeof(*removed));
	if (store_begin(st, err))
		return -1;
	if (store_shifts(st, run->id, NULL, NULL, &shifts, &n, err))
		goto done;
	for (i = 0; i < n && shifts[i].id != id; i++)
		;
	/* A shift not on the roster is for store_remove_shift to name. */
	if (i < n && auth_allow(a, run, shifts[i].unit_id,
				_("change a roster"), err))
		goto done;
	rc = store_remove_shift(st, run, id, by, now, reason, err);
	/* In the same transaction: a desk left uncovered is open again. */
	if (!rc) {
		strbuf_addf(&change, "shift %lld removed: %s", (long long)id,
			    reason);
		rc = duty_reopen_uncovered(st, run, shifts[i].unit_id,
					   shifts[i].role, by, now, change.buf,
					   reopened, err);
	}
	if (rc || store_commit(st, err)) {
		rc = rc ? rc : -1;
		goto done;
	}
	if (removed) {
		*removed = shifts[i];
		memset(&shifts[i], 0, sizeof(shifts[i]));
	}
done:
	if (rc)
		store_rollback(st);
	strbuf_release(&change);
	store_shifts_free(shifts, n);
	return rc;
}

void duty_describe(struct strbuf *out, const struct store_shift *sh,
		   const struct clock_zone *zone, const char *role)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;

	clock_format_local(&from, sh->from, zone);
	clock_format_local(&to, sh->to, zone);
	strbuf_addf(out, _("%s on duty as '%s' for %s from %s to %s"),
		    sh->person, role, sh->unit_id, from.buf, to.buf);
	strbuf_release(&from);
	strbuf_release(&to);
}
