/*
 * The unit registry's YAML parser: arbitrary text as a registry.  What it
 * accepts must keep the registry's promises: every unit has an id, a name
 * and a kind, ids are unique and found by units_find, a parent or police
 * names a unit of the registry.
 */
#include "fuzz.h"

#include <string.h>

#include "err.h"
#include "units.h"

static void check(const struct unit_registry *reg, size_t size)
{
	size_t i;

	for (i = 0; i < reg->n; i++) {
		const struct unit *u = &reg->units[i];

		if (!u->id || !u->name || !u->kind)
			fuzz_fail("a unit without id, name or kind", size);
		if (units_find(reg, u->id) != u)
			fuzz_fail("units_find does not find a unit", size);
		if (u->parent && !units_find(reg, u->parent))
			fuzz_fail("a parent that is not a unit", size);
		if (u->police && !units_find(reg, u->police))
			fuzz_fail("a police unit that is not a unit", size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unit_registry *reg = NULL;
	struct err err = ERR_INIT;

	if (units_parse("fuzz.yaml", (const char *)data, size, &reg, &err)) {
		if (!err_is_set(&err) || reg)
			fuzz_fail("units_parse failed without an error", size);
	} else {
		if (!reg)
			fuzz_fail("units_parse succeeded without a registry",
				  size);
		check(reg, size);
	}
	units_free(reg);
	err_release(&err);
	return 0;
}
