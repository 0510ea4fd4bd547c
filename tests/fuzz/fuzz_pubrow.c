/*
 * What restore and national fetch read from a remote, line by line: a
 * row of canonical JSON loaded into a table (store_load_row, SQLite's
 * JSON under it) of a database in memory.  Any line is refused with a
 * message or loaded; a loaded line was canonical, so the row it made
 * is written back, by the dump, as that very line.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store.h"
#include "strbuf.h"

struct found {
	const char *table;
	const char *line;
	size_t len;
	int same;
};

static int compare(void *ctx, const char *table, const char *json,
		   size_t len)
{
	struct found *f = ctx;

	if (!strcmp(table, f->table) && len == f->len &&
	    !memcmp(json, f->line, len))
		f->same = 1;
	return 0;
}

static int compare_event(void *ctx, int64_t seq, const char *hash,
			 const char *json, size_t len)
{
	(void)seq;
	(void)hash;
	return compare(ctx, "events", json, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const tables[] = { "events", "runs", "tasks",
					      "issues", "remotes" };
	static struct store *st;
	struct err err = ERR_INIT;
	struct found f;
	size_t i;

	if (!st && store_create_at(":memory:", store_schema_latest(), &st,
				   &err))
		fuzz_fail("no database in memory", size);
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		if (store_begin(st, &err) || store_defer_foreign_keys(st, &err))
			fuzz_fail("no transaction", size);
		if (store_load_row(st, tables[i], (const char *)data, size,
				   &err)) {
			if (!err_is_set(&err))
				fuzz_fail("a row refused without a message",
					  size);
			if (!strcmp(tables[i], "remotes") &&
			    !strstr(err.msg.buf, "remotes"))
				fuzz_fail("a row of a table the workspace"
					  " does not have refused for another"
					  " reason", size);
		} else {
			if (!strcmp(tables[i], "remotes"))
				fuzz_fail("a row loaded into a table the"
					  " workspace does not have (this"
					  " machine's own: state.local.db)",
					  size);
			memset(&f, 0, sizeof(f));
			f.table = tables[i];
			f.line = (const char *)data;
			f.len = size;
			if (i ? store_dump_state(st, compare, &f, &err) :
			    store_dump_events(st, 1, compare_event, &f, &err))
				fuzz_fail("the row loaded cannot be dumped",
					  size);
			if (!f.same)
				fuzz_fail("a row loaded is not dumped as the"
					  " line it came from", size);
		}
		store_rollback(st);
		err_reset(&err);
	}
	err_release(&err);
	return 0;
}
