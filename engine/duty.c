#include "duty.h"

#include <stdlib.h>
#include <string.h>

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
