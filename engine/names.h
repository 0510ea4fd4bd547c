/*
 * Units, sections and steps named as people type them: the id, or the
 * name (a unit's, a section's title) in any case, with or without
 * diacritics ("Đại Sơn", "dai son"), through suggest_resolve; an
 * ambiguity listed, an unknown id an error with did-you-mean.  One
 * sentence for every door that takes such a name (status, next, plan,
 * import, step's filter, a task key's unit).
 */
#ifndef NAMES_H
#define NAMES_H

#include <stddef.h>

#include "err.h"
#include "model.h"
#include "suggest.h"
#include "units.h"

enum names_kind {
	NAMES_UNIT,
	NAMES_SECTION,
	NAMES_STEP,
	NAMES_UNIT_OR_SECTION
};

/*
 * Which of the n candidates `typed` names (suggest_resolve): its index,
 * or -1 with err set ("no unit 'x' in WHERE; did you mean 'y'?", or
 * "'x' names several units in WHERE: a (A), b (B)").  where: what was
 * searched, "run 'drill'" or a registry's file.
 */
long names_resolve(enum names_kind kind, const char *typed,
		   const struct suggest_name *c, size_t n, const char *where,
		   struct err *err);

/*
 * Appends the candidates of a registry, a runbook's sections or its
 * steps to *c (grown with XGROW in *alloc): pointers into reg or rb.
 */
void names_of_units(const struct unit_registry *reg, struct suggest_name **c,
		    size_t *n, size_t *alloc);
void names_of_sections(const struct runbook *rb, struct suggest_name **c,
		       size_t *n, size_t *alloc);
void names_of_steps(const struct runbook *rb, struct suggest_name **c,
		    size_t *n, size_t *alloc);

#endif
