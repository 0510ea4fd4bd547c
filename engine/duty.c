#include "duty.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"

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
