/*
 * Duty coverage: for each unit and role the run's roster steps ask for,
 * the shifts on the roster and the parts of the duty window nobody covers.
 * One computation for the sign-off of roster steps, `roster gaps` and the
 * reports.
 */
#ifndef DUTY_H
#define DUTY_H

#include <stddef.h>

#include "coverage.h"
#include "err.h"
#include "store.h"

struct duty_status {
	struct store_duty duty;   /* unit, its name, role, first step */
	size_t nshifts;
	struct interval *gaps;    /* in order; NULL when covered */
	size_t ngaps;
};

/*
 * The coverage of every duty of the run (unit_id, role: NULL for all), by
 * unit then role.  A run without a duty window has no duties to cover.
 * Caller frees with duty_status_free.  Returns 0 or -1 with err set.
 */
int duty_coverage(struct store *st, const struct store_run *run,
		  const char *unit_id, const char *role,
		  struct duty_status **out, size_t *n, struct err *err);
void duty_status_free(struct duty_status *d, size_t n);

#endif
