/*
 * The time parsers: arbitrary text as a time expression (clock_parse_expr,
 * in each date order, then resolved against a T0), as an absolute local
 * time (clock_parse_local), as an offset, a time of day and a zone name
 * (clock_zone_load: only fixed offsets and names that pass its checks
 * reach the file system).  An instant that parses must come back the
 * same through its RFC 3339 form.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "strbuf.h"

static void round_trip(instant_t t, const struct clock_zone *zone,
		       size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;
	instant_t again;

	clock_format_rfc3339(&sb, t, zone);
	/*
	 * Only years 0000 to 9999 have the form "YYYY-MM-DDTHH:MM:SS+HH:MM";
	 * beyond, the formatter says so in words.
	 */
	if (sb.len == 25 && sb.buf[0] >= '0' && sb.buf[0] <= '9') {
		if (clock_parse_local(sb.buf, zone, &again, &err))
			fuzz_fail("an instant's RFC 3339 form does not parse",
				  size);
		if (again != t)
			fuzz_fail("an instant changes through RFC 3339", size);
	}
	strbuf_release(&sb);
	err_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum clock_date_order orders[] = {
		CLOCK_DATES_ISO, CLOCK_DATES_DMY, CLOCK_DATES_MDY
	};
	char *text = fuzz_text(data, size);
	struct time_expr expr;
	struct err err = ERR_INIT;
	instant_t t0 = 1780066800, t;   /* 2026-05-29 22:00 +07:00 */
	struct clock_zone *vn = clock_zone_fixed(420), *zone = NULL;
	int minutes;
	size_t i;

	for (i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		if (clock_parse_expr(text, orders[i], &expr, &err)) {
			if (!err_is_set(&err))
				fuzz_fail("clock_parse_expr failed without an"
					  " error", size);
		} else {
			t = clock_resolve(&expr, t0, vn);
			round_trip(t, vn, size);
		}
		err_reset(&err);
	}
	if (clock_parse_local(text, vn, &t, &err)) {
		if (!err_is_set(&err))
			fuzz_fail("clock_parse_local failed without an error",
				  size);
	} else {
		round_trip(t, vn, size);
		round_trip(t, NULL, size);
	}
	err_reset(&err);
	if (!clock_parse_offset(text, &minutes, &err) &&
	    (minutes < -24 * 60 || minutes > 24 * 60))
		fuzz_fail("an offset beyond a day", size);
	err_reset(&err);
	if (!clock_parse_time_of_day(text, &minutes, &err) &&
	    (minutes < 0 || minutes >= 24 * 60))
		fuzz_fail("a time of day outside the day", size);
	err_reset(&err);
	/* A name with ".." or a leading '/' never reaches the disk. */
	if (!clock_zone_load(text, &zone, &err) &&
	    (strstr(text, "..") || text[0] == '/'))
		fuzz_fail("a zone name leaving the tz database loaded", size);
	if (!zone && !err_is_set(&err))
		fuzz_fail("clock_zone_load failed without an error", size);
	clock_zone_free(zone);
	clock_zone_free(vn);
	err_release(&err);
	free(text);
	return 0;
}
