/*
 * The TZif reader (clock_zone_parse_tzif): arbitrary bytes as a zone
 * file.  A file it accepts must give, at any instant, an offset within
 * 25 hours, an abbreviation, and local times that come back to the same
 * instant (or, in an hour a fall-back repeats, to an instant at most the
 * change's length before it).
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The years of any cutover, the epoch's edges, and far beyond. */
	static const instant_t probes[] = {
		-2208988800LL, -1, 0, 1, 1772953199, 1772953200, 1793512799,
		1793512800, 2147483647LL, 2147483648LL, 4102462800LL,
		253402300799LL,
	};
	struct clock_zone *z = NULL, *c;
	struct err err = ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (clock_zone_parse_tzif("fuzz", data, size, &z, &err)) {
		if (!err_is_set(&err) || z)
			fuzz_fail("refused without an error, or with a zone",
				  size);
		err_release(&err);
		return 0;
	}
	c = clock_zone_dup(z);
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		instant_t t = probes[i], back;
		int32_t off = clock_zone_utoff(c, t);

		if (off < -25 * 3600 || off > 25 * 3600)
			fuzz_fail("an offset beyond 25 hours", size);
		if (strlen(clock_zone_abbrev(c, t)) > 64)
			fuzz_fail("an abbreviation without its end", size);
		back = clock_zone_from_local(c, clock_local_seconds(t, c));
		if (back > t || t - back > 50 * 3600)
			fuzz_fail("a local time that does not come back", size);
		strbuf_reset(&sb);
		clock_format_rfc3339(&sb, t, c);
		clock_local_midnight(t, c);
		clock_add_days(t, 1, c);
	}
	strbuf_release(&sb);
	clock_zone_free(c);
	clock_zone_free(z);
	return 0;
}
