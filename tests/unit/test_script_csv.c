/*
 * Unit tests of the sandbox's csv() helper, as a check function calls it:
 * the shape of the table it returns, both ways of calling it (an
 * evidence file table, or text and a name), malformed text returned as
 * nil and "NAME:LINE:COL: message" rather than raised, and the memory cap
 * and instruction budget, which must stop it cleanly and leave the
 * script usable (ASan checks that nothing the C reader built leaks).
 */
/*
 * The project headers come before <cmocka.h>: cmocka defines a fail()
 * macro that would otherwise mangle err.h's fail() declaration.
 */
#include "err.h"
#include "script.h"
#include "strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

/*
 * One step whose check reports, as its single finding, what csv() gave:
 * "name|columns|line:col=value;...|..." or "error: MESSAGE".  The
 * evidence field `mode` says how csv() is called.
 */
static const char runbook[] =
	"runbook { id='r', title='R', t0='2026-05-29 22:00', units='u.yaml', items={'D1'} }\n"
	"section { id='s', title='S' }\n"
	"local function describe(t)\n"
	"  local out = { t.name, table.concat(t.columns, ',') }\n"
	"  for _, r in ipairs(t.rows) do\n"
	"    local cells = {}\n"
	"    for _, c in ipairs(t.columns) do\n"
	"      cells[#cells + 1] = c .. '=' .. r.fields[c]\n"
	"    end\n"
	"    out[#out + 1] = r.line .. ':' .. table.concat(cells, ';')\n"
	"  end\n"
	"  return table.concat(out, '|')\n"
	"end\n"
	"step { id='data', title='D', owners='dai-son', due='T-1d',\n"
	"  evidence = { f = 'file', mode = 'text' },\n"
	"  check = function(ev, ctx)\n"
	"    local t, e\n"
	"    if ev.mode == 'file' then t, e = csv(ev.f)\n"
	"    elseif ev.mode == 'text' then t, e = csv(ev.f.text, 'named.csv')\n"
	"    elseif ev.mode == 'noname' then t, e = csv(ev.f.text)\n"
	"    elseif ev.mode == 'count' then\n"
	"      t, e = csv(ev.f)\n"
	"      if t then return nil, tostring(#t.rows) end\n"
	"    elseif ev.mode == 'pcall' then\n"
	"      local ok, r = pcall(csv, ev.f)\n"
	"      return nil, ok and 'parsed' or 'caught: ' .. tostring(r)\n"
	"    elseif ev.mode == 'badarg' then t, e = csv(42 > 1)\n"
	"    end\n"
	"    if not t then return nil, 'error: ' .. e end\n"
	"    return nil, describe(t)\n"
	"  end }\n";

static struct unit commune = {
	(char *)"dai-son", (char *)"Xã Đại Sơn", (char *)"commune",
	(char *)"07243", (char *)"bac-ninh", (char *)"ca-dai-son", NULL, 0, 1
};

static struct script *load(const struct script_limits *limits)
{
	struct script *s = NULL;
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;

	if (script_load("rb/r.lua", runbook, strlen(runbook), limits, NULL,
			NULL, &s, &err) < 0) {
		err_format(&err, &msg);
		fail_msg("load failed: %s", msg.buf);
	}
	err_release(&err);
	strbuf_release(&msg);
	return s;
}

/*
 * Runs the check on a file named `name` holding text (len bytes; text
 * NULL for a file without content).  Returns script_check's result; out
 * gets the findings (without the final newline) or the error.
 */
static int run(struct script *s, const char *mode, const char *name,
	       const char *text, size_t len, struct strbuf *out)
{
	struct script_value v[] = {
		{ "f", EVIDENCE_FILE, name, text, len },
		{ "mode", EVIDENCE_TEXT, mode, NULL, 0 },
	};
	struct err err = ERR_INIT;
	int rc;

	strbuf_reset(out);
	rc = script_check(s, 0, &commune, "data@dai-son", v, 2, out, &err);
	if (rc < 0)
		err_format(&err, out);
	else if (out->len && out->buf[out->len - 1] == '\n')
		out->buf[--out->len] = '\0';
	err_release(&err);
	return rc;
}

static int run_s(struct script *s, const char *mode, const char *name,
		 const char *text, struct strbuf *out)
{
	return run(s, mode, name, text, strlen(text), out);
}

static void test_shape(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct script *s = load(NULL);
	(void)state;

	assert_int_equal(run_s(s, "file", "tk.csv",
			       "ten_dang_nhap,ho_ten\n"
			       "nguyenvana,Nguyễn Văn A\n\n"
			       "tranthib,\"Trần, Thị B\"\n", &out), 1);
	assert_string_equal(out.buf,
			    "tk.csv|ten_dang_nhap,ho_ten"
			    "|2:ten_dang_nhap=nguyenvana;ho_ten=Nguyễn Văn A"
			    "|4:ten_dang_nhap=tranthib;ho_ten=Trần, Thị B");
	/* text and a name; ';' from a Vietnamese spreadsheet; a BOM */
	assert_int_equal(run_s(s, "text", "ignored.csv",
			       "\xef\xbb\xbfma;phi\r\n1.001;10000\r\n", &out), 1);
	assert_string_equal(out.buf, "named.csv|ma,phi|2:ma=1.001;phi=10000");
	/* no name: "csv"; header only: no rows */
	assert_int_equal(run_s(s, "noname", "x", "a,b\n", &out), 1);
	assert_string_equal(out.buf, "csv|a,b");
	script_free(s);
	strbuf_release(&out);
}

static void test_malformed(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct script *s = load(NULL);
	(void)state;

	/* Returned, not raised: the check makes it its finding. */
	assert_int_equal(run_s(s, "file", "tk.csv", "a,b\n1,2\n\"3,4\n", &out), 1);
	assert_string_equal(out.buf, "error: tk.csv:3:1: unterminated quoted field");
	assert_int_equal(run_s(s, "text", "x", "a,b\n1,2,3\n", &out), 1);
	assert_string_equal(out.buf,
			    "error: named.csv:2:5: record has 3 fields, the header has 2");
	assert_int_equal(run_s(s, "file", "tk.csv", "a,a\n", &out), 1);
	assert_string_equal(out.buf, "error: tk.csv:1:3: duplicate column name 'a'");
	assert_int_equal(run(s, "file", "nul.csv", "a\n\0\n", 4, &out), 1);
	assert_string_equal(out.buf, "error: nul.csv:2:1: NUL byte in CSV text");
	assert_int_equal(run_s(s, "file", "bad.csv", "a\n\xff\n", &out), 1);
	assert_string_equal(out.buf, "error: bad.csv:2:1: invalid UTF-8");
	assert_int_equal(run_s(s, "file", "empty.csv", "", &out), 1);
	assert_string_equal(out.buf, "error: empty.csv:1: no header row");
	/* A file table without its content. */
	assert_int_equal(run(s, "file", "gone.csv", NULL, 0, &out), 1);
	assert_string_equal(out.buf, "error: gone.csv: no text attached");
	/* A wrong argument is a programming error: raised, in Lua's words. */
	assert_int_equal(run_s(s, "badarg", "x", "a\n", &out), -1);
	assert_non_null(strstr(out.buf, "rb/r.lua:27: step 'data': field 'check': "
			       "bad argument #1 to 'csv' (string expected, got boolean)"));
	/* and the state is still usable after all that */
	assert_int_equal(run_s(s, "file", "ok.csv", "a\n1\n", &out), 1);
	assert_string_equal(out.buf, "ok.csv|a|2:a=1");
	script_free(s);
	strbuf_release(&out);
}

/* n rows of two distinct numbers each. */
static void many_rows(struct strbuf *sb, int n)
{
	int i;

	strbuf_reset(sb);
	strbuf_adds(sb, "a,b\n");
	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%d,%d\n", 1000000 + i, 5000000 + i);
}

static void test_memory_cap(void **state)
{
	struct script_limits limits = { (size_t)4 << 20, 200000000u, 0 };
	struct strbuf out = STRBUF_INIT, text = STRBUF_INIT;
	struct script *s = load(&limits);
	(void)state;

	/* Within the cap. */
	many_rows(&text, 2000);
	assert_int_equal(run(s, "count", "m.csv", text.buf, text.len, &out), 1);
	assert_string_equal(out.buf, "2000");

	/* Too many fields to fit: refused before the C reader starts. */
	many_rows(&text, 200000);
	assert_int_equal(run(s, "count", "m.csv", text.buf, text.len, &out), -1);
	assert_string_equal(out.buf,
			    "rb/r.lua:22: step 'data': field 'check': not enough memory (runbook memory cap of 4 MiB)");

	/*
	 * Small enough to pass the estimate, too big once in Lua tables:
	 * the cap stops the build; the C table is freed by the collector.
	 */
	many_rows(&text, 25000);
	assert_int_equal(run(s, "count", "m.csv", text.buf, text.len, &out), -1);
	assert_non_null(strstr(out.buf, "not enough memory (runbook memory cap of 4 MiB)"));
	/* pcall catches it like any memory error */
	assert_int_equal(run(s, "pcall", "m.csv", text.buf, text.len, &out), 1);
	assert_non_null(strstr(out.buf, "caught: "));

	/* The script is still usable. */
	many_rows(&text, 3);
	assert_int_equal(run(s, "count", "m.csv", text.buf, text.len, &out), 1);
	assert_string_equal(out.buf, "3");
	script_free(s);
	strbuf_release(&out);
	strbuf_release(&text);
}

static void test_budget(void **state)
{
	struct script_limits limits = { (size_t)64 << 20, 100000u, 0 };
	struct strbuf out = STRBUF_INIT, text = STRBUF_INIT;
	struct script *s = load(&limits);
	(void)state;

	/* Parsing in C counts against the budget as well. */
	many_rows(&text, 200000);
	assert_int_equal(run(s, "count", "m.csv", text.buf, text.len, &out), -1);
	assert_string_equal(out.buf,
			    "rb/r.lua:22: step 'data': field 'check': instruction budget exhausted (endless loop?)");
	many_rows(&text, 10);
	assert_int_equal(run(s, "count", "m.csv", text.buf, text.len, &out), 1);
	assert_string_equal(out.buf, "10");
	script_free(s);
	strbuf_release(&out);
	strbuf_release(&text);
}

/*
 * The runbook's way of using csv(): a library required at load time,
 * called from a check.  A check cannot require a module of its own: the
 * reader belongs to the load (its context may be gone), so it is not
 * called again and the error says why.
 */
static int reads_after_load;
static int loading;

static int read_lib(void *ctx, const char *relpath, struct strbuf *out,
		    struct err *err)
{
	(void)ctx;
	if (!loading)
		reads_after_load++;
	if (strcmp(relpath, "lib/dc.lua"))
		return (fail)(err, "cannot read '%s'", relpath);
	strbuf_adds(out,
		    "local M = {}\n"
		    "function M.count(f)\n"
		    "  local t, e = csv(f)\n"
		    "  if not t then return nil, '[csv] ' .. e end\n"
		    "  return #t.rows\n"
		    "end\n"
		    "return M\n");
	return 0;
}

static void test_library_from_check(void **state)
{
	static const char src[] =
		"runbook { id='r', title='R', t0='2026-05-29 22:00', units='u.yaml', items={'D1'} }\n"
		"section { id='s', title='S' }\n"
		"local dc = require 'lib.dc'\n"
		"step { id='data', title='D', owners='dai-son', due='T-1d',\n"
		"  evidence = { f = 'file', mode = 'text' },\n"
		"  check = function(ev, ctx)\n"
		"    if ev.mode == 'other' then require 'lib.other' end\n"
		"    local again = require 'lib.dc'\n"
		"    local n, e = again.count(ev.f)\n"
		"    return nil, n and ('rows: ' .. n) or e\n"
		"  end }\n";
	struct strbuf out = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct script *s = NULL;
	(void)state;

	loading = 1;
	if (script_load("rb/r.lua", src, strlen(src), NULL, read_lib, NULL,
			&s, &err) < 0) {
		err_format(&err, &out);
		fail_msg("load failed: %s", out.buf);
	}
	loading = 0;
	reads_after_load = 0;
	assert_int_equal(run_s(s, "count", "a.csv", "a\n1\n2\n", &out), 1);
	assert_string_equal(out.buf, "rows: 2");
	assert_int_equal(run_s(s, "count", "a.csv", "a\n\"1\n", &out), 1);
	assert_string_equal(out.buf, "[csv] a.csv:2:1: unterminated quoted field");
	assert_int_equal(run_s(s, "other", "a.csv", "a\n", &out), -1);
	assert_string_equal(out.buf,
			    "rb/r.lua:7: step 'data': field 'check': require: modules are"
			    " loaded with the runbook, not by check or route functions ('lib.other')");
	assert_int_equal(reads_after_load, 0);
	script_free(s);
	err_release(&err);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_memory_cap),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_library_from_check),
	};

	return cmocka_run_group_tests_name("script_csv", tests, NULL, NULL);
}
