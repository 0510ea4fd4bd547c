#include "duty.h"

#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "i18n.h"
#include "units.h"
#include "xalloc.h"
#include "banned.h"

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
		clock_format_local(&a, sh->to, run->offset_minutes);
		clock_format_local(&b, run->duty_from, run->offset_minutes);
		rc = fail(err, _("the shift ends at %s, before the duty"
				 " window starts (%s)"), a.buf, b.buf);
	} else if (sh->from >= run->duty_to) {
		*bad = ROSTERFILE_FROM;
		clock_format_local(&a, sh->from, run->offset_minutes);
		clock_format_local(&b, run->duty_to, run->offset_minutes);
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
		if (evidence_normalize(EVIDENCE_PHONE, raw[ROSTERFILE_PHONE],
				       &sb, err))
			goto fail;
		sh->phone = strbuf_detach(&sb, NULL);
	}
	*bad = ROSTERFILE_FROM;
	if (clock_parse_user(raw[ROSTERFILE_FROM], run->t0,
			     run->offset_minutes, &sh->from, err))
		goto fail;
	*bad = ROSTERFILE_TO;
	if (clock_parse_user(raw[ROSTERFILE_TO], run->t0, run->offset_minutes,
			     &sh->to, err))
		goto fail;
	if (sh->to <= sh->from) {
		clock_format_local(&a, sh->from, run->offset_minutes);
		clock_format_local(&b, sh->to, run->offset_minutes);
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
		struct err *err)
{
	struct store_shift *shifts = NULL;
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
	store_shifts_free(shifts, n);
	return rc;
}

void duty_describe(struct strbuf *out, const struct store_shift *sh,
		   int offset_minutes)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;

	clock_format_local(&from, sh->from, offset_minutes);
	clock_format_local(&to, sh->to, offset_minutes);
	strbuf_addf(out, _("%s on duty as '%s' for %s from %s to %s"),
		    sh->person, sh->role, sh->unit_id, from.buf, to.buf);
	strbuf_release(&from);
	strbuf_release(&to);
}
