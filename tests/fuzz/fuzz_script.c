/*
 * The runbook loader: arbitrary text as a runbook, under small limits
 * (8 MB of Lua heap, a million instructions), then, when it loads,
 * expanded against a small fixed registry so that selectors, report_to
 * functions, recurrences and requires run too.  A refusal must say why.
 */
#include "fuzz.h"

#include <stdlib.h>

#include "err.h"
#include "plan.h"
#include "script.h"
#include "units.h"

static const char registry_yaml[] =
	"units:\n"
	"  - {id: ttpvhcc, name: \"Trung tâm\", kind: office}\n"
	"  - {id: cong-an-tinh, name: \"Công an tỉnh\", kind: police}\n"
	"  - {id: so-tai-chinh, name: \"Sở Tài chính\", kind: department}\n"
	"  - {id: dai-son, name: \"Xã Đại Sơn\", kind: commune,"
	" police: ca-dai-son}\n"
	"  - {id: ca-dai-son, name: \"Công an xã\", kind: commune-police,"
	" parent: cong-an-tinh}\n";

static struct unit_registry *registry(void)
{
	static struct unit_registry *units;
	struct err err = ERR_INIT;

	if (!units && units_parse("fuzz.yaml", registry_yaml,
				  sizeof(registry_yaml) - 1, &units, &err))
		fuzz_fail("the fixed registry does not parse", 0);
	err_release(&err);
	return units;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct script_limits limits = { (size_t)8 << 20, 1000000, 0 };
	struct unit_registry *units = registry();
	struct err err = ERR_INIT;
	struct script *script = NULL;
	struct plan *plan = NULL;

	if (script_load("fuzz.lua", (const char *)data, size, &limits, NULL,
			NULL, &script, &err)) {
		if (!err_is_set(&err) || script)
			fuzz_fail("script_load failed without an error", size);
		err_release(&err);
		return 0;
	}
	if (!script || !script_runbook(script))
		fuzz_fail("script_load succeeded without a runbook", size);
	if (plan_expand(script, units, &plan, &err)) {
		if (!err_is_set(&err))
			fuzz_fail("plan_expand failed without an error", size);
	} else if (!plan) {
		fuzz_fail("plan_expand succeeded without a plan", size);
	}
	plan_free(plan);
	script_free(script);
	err_release(&err);
	return 0;
}
