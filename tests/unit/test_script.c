/*
 * Unit tests of the script module: the model a good runbook declares, the
 * report_to and check calls, and one case per way a runbook can be wrong
 * or hostile, each asserting the one-line error a user would read.
 * Run from the repository root (fixtures under tests/data/script).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "script.h"
#include "strbuf.h"

/*
 * cmocka defines a fail() macro; err.h's fail is reached as (fail)(...),
 * which the preprocessor does not expand.
 */
#include <cmocka.h>

#include "infile.h"
#include "banned.h"

/* A whole test file, read as the engine reads files (infile.h). */
static int read_whole(struct strbuf *sb, const char *path)
{
	struct err e = ERR_INIT;
	int rc = infile_read(path, (size_t)64 << 20, sb, &e);

	err_release(&e);
	return rc;
}

#ifndef SCRIPT_DATA
#define SCRIPT_DATA "tests/data/script"
#endif

static int read_fixture(void *ctx, const char *relpath, struct strbuf *out,
			struct err *err)
{
	struct strbuf path = STRBUF_INIT;
	int rc = 0;

	(void)ctx;
	strbuf_addf(&path, "%s/%s", SCRIPT_DATA, relpath);
	if (read_whole(out, path.buf) < 0)
		rc = (fail)(err, "cannot read '%s'", path.buf);
	strbuf_release(&path);
	return rc;
}

/* Loads a fixture file; asserts success. */
static struct script *load_file(const char *name, struct strbuf *text)
{
	struct strbuf path = STRBUF_INIT, msg = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct script *s = NULL;

	strbuf_addf(&path, "%s/%s", SCRIPT_DATA, name);
	assert_int_equal(read_whole(text, path.buf), 0);
	if (script_load(path.buf, text->buf, text->len, NULL, read_fixture,
			NULL, &s, &err) < 0) {
		err_format(&err, &msg);
		fail_msg("load failed: %s", msg.buf);
	}
	strbuf_release(&path);
	strbuf_release(&msg);
	err_release(&err);
	return s;
}

/* The 1-based line of the first line of text containing needle. */
static int line_of(const char *text, const char *needle)
{
	const char *hit = strstr(text, needle), *p;
	int line = 1;

	assert_non_null(hit);
	for (p = text; p < hit; p++)
		line += *p == '\n';
	return line;
}

static void test_good_model(void **state)
{
	struct strbuf text = STRBUF_INIT;
	struct script *s;
	const struct runbook *rb;
	const struct step *st;
	(void)state;

	s = load_file("good.lua", &text);
	rb = script_runbook(s);
	assert_string_equal(rb->file, SCRIPT_DATA "/good.lua");
	assert_string_equal(rb->id, "demo-2026");
	assert_string_equal(rb->title, "Demo cutover");
	assert_string_equal(rb->directive, "CV-1/2026");
	assert_string_equal(rb->units_path, "units/demo.yaml");
	assert_int_equal(rb->offset_minutes, 420);
	assert_int_equal(rb->t0, 1780066800);
	assert_true(rb->has_duty_window);
	assert_int_equal(rb->duty_from.kind, TIME_RELATIVE);
	assert_int_equal(rb->duty_from.offset_seconds, -2 * 3600);
	assert_int_equal(rb->duty_to.offset_seconds, 7 * 86400);
	assert_int_equal(rb->nitems, 3);
	assert_string_equal(rb->items[1], "D1.5");

	assert_int_equal(rb->nsections, 2);
	assert_string_equal(rb->sections[0].id, "s1");
	assert_string_equal(rb->sections[1].title, "2. Go / no-go");
	assert_int_equal(rb->sections[1].line,
			 line_of(text.buf, "section { id = \"s2\""));
	assert_int_equal(rb->nsteps, 5);

	st = &rb->steps[0];
	assert_string_equal(st->id, "focal-point");
	assert_string_equal(st->directive, "D1.1");
	assert_string_equal(st->details, "One person **per unit**.");
	assert_int_equal(st->section, 0);
	assert_int_equal(st->line, line_of(text.buf, "id = \"focal-point\"") - 1);
	assert_int_equal(st->owners->kind, SELECTOR_KINDS);
	assert_int_equal(st->owners->nvalues, 2);
	assert_string_equal(st->owners->values[0], "department");
	assert_string_equal(st->owners->values[1], "commune");
	assert_string_equal(st->report_to, "ttpvhcc");
	assert_false(st->report_to_is_function);
	assert_int_equal(st->start.offset_seconds, -3 * 86400);
	assert_int_equal(st->due.kind, TIME_RELATIVE);
	assert_int_equal(st->due.offset_seconds, -12 * 3600);
	assert_null(st->every);
	assert_int_equal(st->nevidence, 3);
	assert_string_equal(st->evidence[0].name, "email");
	assert_int_equal(st->evidence[0].type, EVIDENCE_EMAIL);
	assert_true(st->evidence[0].optional);
	assert_string_equal(st->evidence[1].name, "name");
	assert_int_equal(st->evidence[1].type, EVIDENCE_TEXT);
	assert_false(st->evidence[1].optional);
	assert_string_equal(st->evidence[2].name, "phone");
	assert_int_equal(st->evidence[2].type, EVIDENCE_PHONE);
	assert_null(st->check_source);
	assert_false(st->gate);

	st = &rb->steps[1];
	assert_string_equal(st->id, "accounts");
	assert_null(st->directive);
	assert_int_equal(st->owners->kind, SELECTOR_EXCEPT);
	assert_int_equal(st->owners->nvalues, 1);
	assert_string_equal(st->owners->values[0], "ttpvhcc");
	assert_int_equal(st->owners->base->kind, SELECTOR_ALL);
	assert_null(st->report_to);
	assert_true(st->report_to_is_function);
	assert_int_equal(st->due.offset_seconds, 86400);
	assert_true(st->due.has_time_of_day);
	assert_int_equal(st->due.minute_of_day, 16 * 60);
	assert_int_equal(st->nrequires, 1);
	assert_string_equal(st->requires[0], "focal-point");
	assert_int_equal(st->nevidence, 4);
	assert_string_equal(st->evidence[0].name, "count");
	assert_int_equal(st->evidence[0].type, EVIDENCE_INT);
	assert_string_equal(st->evidence[1].name, "export");
	assert_int_equal(st->evidence[1].type, EVIDENCE_FILE);
	assert_string_equal(st->evidence[2].name, "fee");
	assert_int_equal(st->evidence[2].type, EVIDENCE_MONEY);
	assert_true(st->evidence[2].optional);
	assert_string_equal(st->evidence[3].name, "ok");
	assert_int_equal(st->evidence[3].type, EVIDENCE_BOOL);
	assert_non_null(st->check_source);
	assert_true(strncmp(st->check_source,
			    "  check = function(ev, ctx)\n", 28) == 0);
	assert_non_null(strstr(st->check_source, "\"count is zero\""));
	/* whole lines: the comma after the function is part of its last line */
	assert_int_equal(strcmp(st->check_source + strlen(st->check_source) - 6,
				"  end,"), 0);

	st = &rb->steps[2];
	assert_string_equal(st->id, "go");
	assert_int_equal(st->section, 1);
	assert_true(st->gate);
	assert_int_equal(st->owners->kind, SELECTOR_IDS);
	assert_int_equal(st->owners->nvalues, 1);
	assert_string_equal(st->owners->values[0], "ttpvhcc");
	assert_int_equal(st->due.kind, TIME_RELATIVE);
	assert_int_equal(st->due.offset_seconds, 0);
	assert_int_equal(st->nrequires, 2);

	st = &rb->steps[3];
	assert_string_equal(st->id, "daily-report");
	assert_int_equal(st->owners->kind, SELECTOR_IDS);
	assert_int_equal(st->owners->nvalues, 2);
	assert_string_equal(st->owners->values[1], "cong-an-tinh");
	assert_true(st->report_to_is_function);
	assert_int_equal(st->due.kind, TIME_NONE);
	assert_non_null(st->every);
	assert_int_equal(st->every->before_minutes, 16 * 60);
	assert_int_equal(st->every->from.kind, TIME_RELATIVE);
	assert_int_equal(st->every->from.offset_seconds, 0);
	assert_int_equal(st->every->to.offset_seconds, 7 * 86400);

	st = &rb->steps[4];
	assert_string_equal(st->id, "fees");
	assert_int_equal(st->owners->kind, SELECTOR_IDS);
	assert_int_equal(st->owners->nvalues, 2);
	assert_int_equal(st->due.kind, TIME_ABSOLUTE);
	/* a check from a required module: its source comes from that file */
	assert_string_equal(st->check_source,
			    "M.check_fees = function(ev)\n"
			    "  if not ev.table.text:find(\"fee\") then\n"
			    "    return nil, \"no fee column\"\n"
			    "  end\n"
			    "  return true\n"
			    "end");

	script_free(s);
	strbuf_release(&text);
}

static struct unit_contact contacts[] = { { (char *)"phone", (char *)"0222 3822 555" } };

static struct unit dept = {
	(char *)"so-tai-chinh", (char *)"Sở Tài chính", (char *)"department",
	(char *)"000.00.12.H03", (char *)"ubnd-tinh", NULL, contacts, 1, 3
};

static struct unit commune = {
	(char *)"dai-son", (char *)"Xã Đại Sơn", (char *)"commune",
	NULL, NULL, (char *)"ca-dai-son", NULL, 0, 9
};

static void test_recipient(void **state)
{
	struct strbuf text = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct script *s;
	char *to = NULL;
	(void)state;

	s = load_file("good.lua", &text);
	assert_int_equal(script_recipient(s, 0, &dept, &to, &err), 0);
	assert_string_equal(to, "ttpvhcc");
	free(to);
	assert_int_equal(script_recipient(s, 1, &dept, &to, &err), 0);
	assert_string_equal(to, "ca-tinh");
	free(to);
	assert_int_equal(script_recipient(s, 1, &commune, &to, &err), 0);
	assert_string_equal(to, "ca-dai-son");
	free(to);
	/* lib.route returns u.parent, nil for the commune */
	assert_int_equal(script_recipient(s, 3, &dept, &to, &err), 0);
	assert_string_equal(to, "ubnd-tinh");
	free(to);
	assert_int_equal(script_recipient(s, 3, &commune, &to, &err), 0);
	assert_null(to);
	/* no report_to at all */
	assert_int_equal(script_recipient(s, 2, &commune, &to, &err), 0);
	assert_null(to);
	assert_false(err_is_set(&err));
	script_free(s);
	strbuf_release(&text);
}

static void test_recipient_bad_result(void **state)
{
	static const char src[] =
		"runbook { id='r', title='R', t0='2026-05-29 22:00', units='u.yaml' }\n"
		"section { id='s', title='S' }\n"
		"step { id='a', title='A', owners='x', due='T',\n"
		"  report_to = function(u) return { u.id } end }\n"
		"step { id='b', title='B', owners='x', due='T',\n"
		"  report_to = function(u) while true do end end }\n";
	struct script_limits lim = { (size_t)16 << 20, 100000, 0 };
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;
	struct script *s = NULL;
	char *to = NULL;
	(void)state;

	assert_int_equal(script_load("rb/r.lua", src, strlen(src), &lim, NULL,
				     NULL, &s, &err), 0);
	assert_int_equal(script_recipient(s, 0, &dept, &to, &err), -1);
	assert_null(to);
	err_format(&err, &msg);
	assert_string_equal(msg.buf,
			    "rb/r.lua:4: step 'a': field 'report_to': report_to must return a unit id (string) or nil, got table");
	err_release(&err);
	strbuf_reset(&msg);
	assert_int_equal(script_recipient(s, 1, &dept, &to, &err), -1);
	err_format(&err, &msg);
	assert_string_equal(msg.buf,
			    "rb/r.lua:6: step 'b': field 'report_to': instruction budget exhausted (endless loop?)");
	err_release(&err);
	/* the budget is per call: the good one still works after */
	assert_int_equal(script_recipient(s, 0, &dept, &to, &err), -1);
	err_release(&err);
	script_free(s);
	strbuf_release(&msg);
}

static int run_check(struct script *s, const char *count, struct strbuf *findings,
		     struct strbuf *msg)
{
	struct script_value v[] = {
		{ "count", EVIDENCE_INT, count, NULL, 0 },
		{ "export", EVIDENCE_FILE, "a.csv", "a,b\n", 4 },
		{ "fee", EVIDENCE_MONEY, "1500000", NULL, 0 },
		{ "ok", EVIDENCE_BOOL, "true", NULL, 0 },
	};
	struct err err = ERR_INIT;
	int rc;

	strbuf_reset(findings);
	strbuf_reset(msg);
	rc = script_check(s, 1, &dept, "accounts@so-tai-chinh", v, 4, findings,
			  &err);
	if (rc < 0)
		err_format(&err, msg);
	err_release(&err);
	return rc;
}

static void test_check(void **state)
{
	struct strbuf text = STRBUF_INIT, findings = STRBUF_INIT;
	struct strbuf msg = STRBUF_INIT, want = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct script_value fee = { "table", EVIDENCE_FILE, "f.csv", "x,y\n", 4 };
	struct script *s;
	(void)state;

	s = load_file("good.lua", &text);
	assert_int_equal(run_check(s, "7", &findings, &msg), 0);
	assert_string_equal(findings.buf, "");
	assert_int_equal(run_check(s, "0", &findings, &msg), 1);
	assert_string_equal(findings.buf, "count is zero\n");
	assert_int_equal(run_check(s, "1", &findings, &msg), 1);
	assert_string_equal(findings.buf, "first reason\nsecond reason\n");
	assert_int_equal(run_check(s, "3", &findings, &msg), 1);
	assert_string_equal(findings.buf, "check failed\n");

	assert_int_equal(run_check(s, "2", &findings, &msg), -1);
	strbuf_addf(&want, "%s/good.lua:%d: step 'accounts': field 'check': boom",
		    SCRIPT_DATA, line_of(text.buf, "error(\"boom\")"));
	assert_string_equal(msg.buf, want.buf);

	assert_int_equal(run_check(s, "4", &findings, &msg), -1);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/good.lua:%d: step 'accounts': field 'check': check must return true, or nil and a reason",
		    SCRIPT_DATA, line_of(text.buf, "check = function(ev, ctx)"));
	assert_string_equal(msg.buf, want.buf);

	assert_int_equal(run_check(s, "5", &findings, &msg), -1);
	assert_non_null(strstr(msg.buf, "instruction budget exhausted"));
	/* and the state is still usable after an error */
	assert_int_equal(run_check(s, "7", &findings, &msg), 0);

	/* a check from the module, and a step without a check */
	strbuf_reset(&findings);
	assert_int_equal(script_check(s, 4, &dept, "fees@so-tai-chinh", &fee, 1,
				      &findings, &err), 1);
	assert_string_equal(findings.buf, "no fee column\n");
	assert_int_equal(script_check(s, 0, &dept, "focal-point@so-tai-chinh",
				      NULL, 0, &findings, &err), 0);
	script_free(s);
	strbuf_release(&text);
	strbuf_release(&findings);
	strbuf_release(&msg);
	strbuf_release(&want);
}

#define HEAD "runbook { id='r', title='R', t0='2026-05-29 22:00', units='u.yaml', items={'D1'} }\n" \
	     "section { id='s', title='S' }\n"

struct bad {
	const char *name;
	const char *src;
	const char *want;   /* a substring of the formatted error */
};

static const struct bad bads[] = {
	{ "syntax", HEAD "step {\n", "rb/bad.lua:4: unexpected symbol near <eof>" },
	{ "runtime", HEAD "local x = nil\nx.y = 1\n",
	  "rb/bad.lua:4: attempt to index a nil value (local 'x')" },
	{ "error object", HEAD "error({})\n",
	  "rb/bad.lua:3: (error object is a table value)" },
	{ "endless loop", HEAD "while true do end\n",
	  "rb/bad.lua:3: instruction budget exhausted (endless loop?)" },
	{ "loop that catches its errors",
	  HEAD "while true do pcall(function() while true do end end) end\n",
	  "rb/bad.lua:3: instruction budget exhausted" },
	{ "xpcall cannot catch it either",
	  HEAD "xpcall(function() while true do end end, function(m) return m end)\n",
	  "rb/bad.lua:3: instruction budget exhausted" },
	{ "table.move over a huge range", HEAD "table.move({}, 1, 1 << 60, 2)\n",
	  "rb/bad.lua:3: instruction budget exhausted" },
	{ "table bomb", HEAD "local t = {} for i=1,1e9 do t[i]=i end\n",
	  "rb/bad.lua:3: not enough memory (runbook memory cap of 16 MiB)" },
	{ "string bomb", HEAD "local s = string.rep('x', 1 << 30)\n",
	  "rb/bad.lua:3: not enough memory (runbook memory cap of 16 MiB)" },
	/*
	 * One allocation past the cap before the hook ever ran: Lua gives a
	 * memory error no location, so only the file is named.
	 */
	{ "concat bomb", HEAD "local s = 'x' while true do s = s .. s end\n",
	  "rb/bad.lua: not enough memory (runbook memory cap of 16 MiB)" },
	{ "slow concat bomb", HEAD "local t = {} local s = ('x'):rep(1000)\n"
	  "for i = 1, 1e9 do t[i] = s .. i end\n",
	  "rb/bad.lua:4: not enough memory (runbook memory cap of 16 MiB)" },
	{ "io", HEAD "io.open('/etc/passwd')\n",
	  "rb/bad.lua:3: attempt to index a nil value (global 'io')" },
	{ "os", HEAD "os.execute('true')\n",
	  "rb/bad.lua:3: attempt to index a nil value (global 'os')" },
	{ "debug", HEAD "debug.sethook()\n", "rb/bad.lua:3: attempt to index a nil value (global 'debug')" },
	{ "package", HEAD "package.loadlib('x', 'y')\n", "(global 'package')" },
	{ "dofile", HEAD "dofile('/etc/passwd')\n",
	  "rb/bad.lua:3: attempt to call a nil value (global 'dofile')" },
	{ "loadfile", HEAD "loadfile('/etc/passwd')\n",
	  "rb/bad.lua:3: attempt to call a nil value (global 'loadfile')" },
	{ "print", HEAD "print('hello')\n", "(global 'print')" },
	{ "require ..", HEAD "require '../x'\n", "rb/bad.lua:3: require: bad module name '../x'" },
	{ "require absolute", HEAD "require '/etc/passwd'\n", "rb/bad.lua:3: require: bad module name" },
	{ "require without reader", HEAD "require 'lib'\n", "rb/bad.lua:3: require: no files" },
	{ "load of bytecode", HEAD "assert(load(string.dump(function() end)))\n",
	  "rb/bad.lua:3: attempt to load a binary chunk (mode is 't')" },
	{ "load with a reader", HEAD "assert(load(function() return nil end))\n",
	  "rb/bad.lua:3: load accepts only a string of Lua text" },
	{ "__gc", HEAD "setmetatable({}, { __gc = function() while true do end end })\n",
	  "rb/bad.lua:3: __gc metamethods are not allowed" },
	{ "collectgarbage tuning", HEAD "collectgarbage('stop')\n",
	  "rb/bad.lua:3: bad argument #1 to 'collectgarbage'" },
	{ "unknown field", HEAD "step { id='a', title='A', owners='x', dew='T' }\n",
	  "rb/bad.lua:3: step 'a': field 'dew': unknown field 'dew' (did you mean 'due'?)" },
	{ "bad time", HEAD "step { id='a', title='A', owners='x',\n due='T+2x' }\n",
	  "rb/bad.lua:3: step 'a': field 'due': cannot parse 'T+2x'" },
	{ "bad t0", "runbook { id='r', title='R', t0='2026-13-01 22:00', units='u' }\n",
	  "rb/bad.lua:1: runbook 'r': field 't0': cannot parse '2026-13-01 22:00'" },
	{ "bad timezone", "runbook { id='r', title='R', t0='2026-05-29 22:00', timezone='ICT', units='u' }\n",
	  "rb/bad.lua:1: runbook 'r': field 'timezone': cannot parse 'ICT'" },
	{ "duplicate step", HEAD "step { id='a', title='A', owners='x', due='T' }\n"
	  "step { id='a', title='A', owners='x', due='T' }\n",
	  "rb/bad.lua:4: step 'a': field 'id': duplicate step id 'a' (first at line 3)" },
	{ "duplicate section", HEAD "section { id='s', title='again' }\n",
	  "rb/bad.lua:3: section 's': field 'id': duplicate section id 's' (first at line 2)" },
	{ "title type", HEAD "step { id='a', title=5, owners='x', due='T' }\n",
	  "rb/bad.lua:3: step 'a': field 'title': expected a string, got number" },
	{ "gate type", HEAD "step { id='a', title='A', owners='x', due='T', gate='yes' }\n",
	  "rb/bad.lua:3: step 'a': field 'gate': expected a boolean, got string" },
	{ "requires type", HEAD "step { id='a', title='A', owners='x', due='T', requires={ 'b', 3 } }\n",
	  "step 'a': field 'requires': element 2: expected a string, got number" },
	{ "owners plain table", HEAD "step { id='a', title='A', owners={ x = 1 }, due='T' }\n",
	  "rb/bad.lua:3: step 'a': field 'owners': expected a list of strings" },
	{ "owners bad id", HEAD "step { id='a', title='A', owners=kinds{ 'Dept' }, due='T' }\n",
	  "step 'a': field 'owners': invalid id 'Dept'" },
	{ "owners altered", HEAD "local k = kinds { 'x' } k.kind = nil\n"
	  "step { id='a', title='A', owners=k, due='T' }\n",
	  "rb/bad.lua:4: step 'a': field 'owners': a selector was altered" },
	{ "owners except loop", HEAD "local e = except(all(), {}) e.base = e\n"
	  "step { id='a', title='A', owners=e, due='T' }\n",
	  "rb/bad.lua:4: step 'a': field 'owners': except() nested too deeply" },
	{ "owners missing", HEAD "step { id='a', title='A', due='T' }\n",
	  "step 'a': field 'owners': missing (it is required)" },
	{ "bad id", HEAD "step { id='A_1', title='A', owners='x', due='T' }\n",
	  "rb/bad.lua:3: step: field 'id': invalid id 'A_1'" },
	{ "due missing", HEAD "step { id='a', title='A', owners='x' }\n",
	  "step 'a': field 'due': missing (required unless every is given)" },
	{ "every without to", HEAD "step { id='a', title='A', owners='x', every=daily{ before='16:00' } }\n",
	  "step 'a': field 'every': daily { }: to is required" },
	{ "every plain table", HEAD "step { id='a', title='A', owners='x', every={ before='16:00' } }\n",
	  "step 'a': field 'every': expected daily {" },
	{ "evidence type", HEAD "step { id='a', title='A', owners='x', due='T', evidence={ n='strng' } }\n",
	  "step 'a': field 'evidence': 'n': unknown type 'strng'" },
	{ "check type", HEAD "step { id='a', title='A', owners='x', due='T', check='true' }\n",
	  "step 'a': field 'check': expected a function, got string" },
	{ "step before section",
	  "runbook { id='r', title='R', t0='2026-05-29 22:00', units='u' }\n"
	  "step { id='a', title='A', owners='x', due='T' }\n",
	  "rb/bad.lua:2: step 'a': a step must follow a section { }" },
	{ "directive not in items", HEAD "step { id='a', title='A', owners='x', due='T', directive='D9' }\n",
	  "rb/bad.lua:3: step 'a': field 'directive': 'D9' is not one of the runbook's items" },
	{ "runbook not first", "section { id='s', title='S' }\n",
	  "rb/bad.lua:1: section 's': runbook { } must come first" },
	{ "runbook twice", HEAD "runbook { id='r', title='R', t0='T', units='u' }\n",
	  "rb/bad.lua:3: runbook: runbook declared twice (first at line 1)" },
	{ "missing runbook", "local x = 1\n", "rb/bad.lua: no runbook { } declaration" },
	{ "runbook missing units", "runbook { id='r', title='R', t0='2026-05-29 22:00' }\n",
	  "rb/bad.lua:1: runbook 'r': field 'units': missing" },
	{ "caught declaration error", HEAD "pcall(step, { id='a' })\n",
	  "rb/bad.lua:3: step 'a': field 'title': missing" },
	{ "declaration argument", HEAD "step 'a'\n",
	  "rb/bad.lua:3: bad argument #1 to 'step' (table expected, got string)" },
	{ "binary chunk", "\x1bLua\x54\x00", "rb/bad.lua: attempt to load a binary chunk" },
};

static void test_bad_inputs(void **state)
{
	struct script_limits lim = { (size_t)16 << 20, 50000000, 0 };
	struct strbuf msg = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct script *s;
	size_t i, len;
	(void)state;

	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		s = (struct script *)&s;
		len = strcmp(bads[i].name, "binary chunk") ? strlen(bads[i].src) : 6;
		if (script_load("rb/bad.lua", bads[i].src, len, &lim, NULL,
				NULL, &s, &err) == 0)
			fail_msg("%s: loaded", bads[i].name);
		assert_null(s);
		strbuf_reset(&msg);
		err_format(&err, &msg);
		if (!strstr(msg.buf, bads[i].want))
			fail_msg("%s:\n got  %s\n want %s", bads[i].name,
				 msg.buf, bads[i].want);
		err_release(&err);
	}
	strbuf_release(&msg);
}

static void test_bad_files(void **state)
{
	static const struct {
		const char *file;
		const char *want;
	} cases[] = {
		{ "bad-require.lua", "/bad-require.lua:2: require: bad module name '../secrets'" },
		{ "bad-module.lua", "/lib/broken.lua:2: attempt to index a nil value (local 't')" },
		{ "bad-step.lua", "/bad-step.lua:3: step 'late': field 'due': cannot parse 'T+2x'" },
	};
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, msg = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct script *s = NULL;
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&path);
		strbuf_reset(&text);
		strbuf_reset(&msg);
		strbuf_addf(&path, "%s/%s", SCRIPT_DATA, cases[i].file);
		assert_int_equal(read_whole(&text, path.buf), 0);
		assert_int_equal(script_load(path.buf, text.buf, text.len, NULL,
					     read_fixture, NULL, &s, &err), -1);
		err_format(&err, &msg);
		if (!strstr(msg.buf, cases[i].want) ||
		    strncmp(msg.buf, SCRIPT_DATA, strlen(SCRIPT_DATA)))
			fail_msg("%s:\n got  %s\n want %s", cases[i].file,
				 msg.buf, cases[i].want);
		err_release(&err);
	}
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&msg);
}

/* CPU time this process used since t0: a busy machine does not count. */
static double cpu_seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * The default limits stop an endless loop and a memory bomb, each by
 * its own limit (the message says which), well within the CPU time the
 * watchdog would allow (10 s): CPU time, not the clock on the wall, so
 * that a machine busy with other work cannot fail it.
 */
static void test_default_limits(void **state)
{
	static const char *const srcs[] = {
		HEAD "while true do end\n",
		HEAD "local t = {} for i=1,1e9 do t[i]=i end\n",
		HEAD "local s = string.rep('x', 1 << 30)\n",
	};
	static const char *const wants[] = {
		"rb/bad.lua:3: instruction budget exhausted (endless loop?)",
		"rb/bad.lua:3: not enough memory (runbook memory cap of 64 MiB)",
		"rb/bad.lua:3: not enough memory (runbook memory cap of 64 MiB)",
	};
	struct strbuf msg = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct script *s = NULL;
	/* TEST_TIME_FACTOR stretches the limit on slow runners (valgrind). */
	const char *factor = getenv("TEST_TIME_FACTOR");
	double limit = 5.0 * (factor ? atof(factor) : 1.0), took;
	struct timespec t0;
	size_t i;
	int rc;
	(void)state;

	for (i = 0; i < 3; i++) {
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		rc = script_load("rb/bad.lua", srcs[i], strlen(srcs[i]), NULL,
				 NULL, NULL, &s, &err);
		took = cpu_seconds_since(&t0);
		strbuf_reset(&msg);
		err_format(&err, &msg);
		err_release(&err);
		assert_int_equal(rc, -1);
		assert_string_equal(msg.buf, wants[i]);
		if (took >= limit)
			fail_msg("took %.2fs of CPU time (limit %.2fs)", took,
				 limit);
	}
	strbuf_release(&msg);
}

/* What the sandbox leaves in place, and the C loops it defuses. */
static void test_sandbox_allows(void **state)
{
	static const char src[] = HEAD
		"assert(string.rep('', 1 << 62) == '')\n"
		"assert(string.rep('ab', 3, ',') == 'ab,ab,ab')\n"
		"assert(('x'):rep(2) == 'xx')\n"
		"assert(load('return 1 + 1')() == 2)\n"
		"local env = {}\n"
		"assert(load('y = 3', 'chunk', 't', env)) ()\n"
		"assert(env.y == 3 and y == nil)\n"
		"assert(pcall(error, 'x') == false)\n"
		"assert(select(2, xpcall(error, function(m) return 'h:' .. m end, 'x')) == 'h:x')\n"
		"assert(collectgarbage('count') > 0)\n"
		"collectgarbage()\n"
		"assert(math.max(1, 2) == 2 and utf8.len('Đại') == 3)\n"
		"assert(table.concat(table.move({1,2,3}, 1, 3, 1, {}), ',') == '1,2,3')\n"
		"assert(getmetatable(all()) == 'selector')\n"
		"assert(coroutine == nil and require ~= nil)\n";
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;
	struct script *s = NULL;
	(void)state;

	if (script_load("rb/ok.lua", src, strlen(src), NULL, NULL, NULL, &s,
			&err) < 0) {
		err_format(&err, &msg);
		fail_msg("%s", msg.buf);
	}
	assert_int_equal(script_runbook(s)->nsteps, 0);
	assert_int_equal(script_runbook(s)->offset_minutes, 420);
	script_free(s);
	script_free(NULL);
}

/* ---- the difficulties declaration and its route ---- */

#define DHEAD "runbook { id='r', title='R', t0='2026-05-29 22:00', units='u.yaml' }\n"

static const struct bad bad_difficulties[] = {
	{ "systems not a list", DHEAD "difficulties { systems = 'portal', severities = { 'low' } }\n",
	  "rb/bad.lua:2: difficulties: field 'systems': expected a list of strings, got string" },
	{ "systems with a number", DHEAD "difficulties { systems = { 'portal', 3 }, severities = { 'low' } }\n",
	  "rb/bad.lua:2: difficulties: field 'systems': element 2: expected a string, got number" },
	{ "systems with named entries", DHEAD "difficulties { systems = { portal = true }, severities = { 'low' } }\n",
	  "rb/bad.lua:2: difficulties: field 'systems': expected a list of strings, got a table with named or missing entries" },
	{ "systems empty", DHEAD "difficulties { systems = {}, severities = { 'low' } }\n",
	  "rb/bad.lua:2: difficulties: field 'systems': the list is empty" },
	{ "systems not ids", DHEAD "difficulties { systems = { 'Cổng DVC' }, severities = { 'low' } }\n",
	  "rb/bad.lua:2: difficulties: field 'systems': invalid id 'Cổng DVC'"
	  " (lowercase letters, digits and '-', starting with a letter or digit,"
	  " at most 64 bytes)" },
	{ "systems missing", DHEAD "difficulties { severities = { 'low' } }\n",
	  "rb/bad.lua:2: difficulties: field 'systems': missing (it is required)" },
	{ "duplicate system", DHEAD "difficulties { systems = { 'portal', 'vneid', 'portal' },\n"
	  "  severities = { 'low' } }\n",
	  "rb/bad.lua:2: difficulties: field 'systems': 'portal' listed twice" },
	{ "duplicate severity", DHEAD "difficulties { systems = { 'portal' },\n"
	  "  severities = { 'low', 'high', 'low' } }\n",
	  "rb/bad.lua:2: difficulties: field 'severities': 'low' listed twice" },
	{ "severities missing", DHEAD "difficulties { systems = { 'portal' } }\n",
	  "rb/bad.lua:2: difficulties: field 'severities': missing (it is required)" },
	{ "route a string", DHEAD "difficulties { systems = { 'portal' }, severities = { 'low' },\n"
	  "  route = 'ttpvhcc' }\n",
	  "rb/bad.lua:2: difficulties: field 'route': expected a function, got string" },
	{ "route a table", DHEAD "difficulties { systems = { 'portal' }, severities = { 'low' },\n"
	  "  route = { 'ttpvhcc' } }\n",
	  "rb/bad.lua:2: difficulties: field 'route': expected a function, got table" },
	{ "unknown field", DHEAD "difficulties { systems = { 'portal' }, severities = { 'low' },\n"
	  "  routes = function() end }\n",
	  "rb/bad.lua:2: difficulties: field 'routes': unknown field 'routes' (did you mean 'route'?)" },
	{ "declared twice", DHEAD "difficulties { systems = { 'portal' }, severities = { 'low' } }\n"
	  "difficulties { systems = { 'vneid' }, severities = { 'high' } }\n",
	  "rb/bad.lua:3: difficulties: difficulties declared twice (first at line 2)" },
	{ "declared before runbook",
	  "difficulties { systems = { 'portal' }, severities = { 'low' } }\n" DHEAD,
	  "rb/bad.lua:1: difficulties: runbook { } must come first" },
	{ "not a table", DHEAD "difficulties 'portal'\n",
	  "rb/bad.lua:2: bad argument #1 to 'difficulties' (table expected, got string)" },
};

static void test_difficulties_bad(void **state)
{
	struct strbuf msg = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct script *s;
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(bad_difficulties) / sizeof(bad_difficulties[0]); i++) {
		s = NULL;
		if (script_load("rb/bad.lua", bad_difficulties[i].src,
				strlen(bad_difficulties[i].src), NULL, NULL,
				NULL, &s, &err) == 0)
			fail_msg("%s: loaded", bad_difficulties[i].name);
		assert_null(s);
		strbuf_reset(&msg);
		err_format(&err, &msg);
		if (strcmp(msg.buf, bad_difficulties[i].want))
			fail_msg("%s:\n got  %s\n want %s",
				 bad_difficulties[i].name, msg.buf,
				 bad_difficulties[i].want);
		err_release(&err);
	}
	strbuf_release(&msg);
}

static const char route_src[] =
	DHEAD
	"difficulties {\n"
	"  systems = { 'portal', 'catalogue', 'other', 'loop', 'broken', 'stray', 'number' },\n"
	"  severities = { 'low', 'high', 'critical' },\n"
	"  route = function(u, system, severity)\n"
	"    if system == 'other' and u.kind == 'police' then return nil end\n"
	"    if system == 'other' then return 'ttpvhcc' end\n"
	"    if system == 'loop' then while true do end end\n"
	"    if system == 'broken' then error('no route for ' .. u.id) end\n"
	"    if system == 'stray' then return { 'ttpvhcc', 'bo-cong-an' } end\n"
	"    if system == 'number' then return { 'ttpvhcc', 7 } end\n"
	"    local to = { 'ttpvhcc' }\n"
	"    if system == 'catalogue' then to[#to + 1] = 'bo-chu-quan' end\n"
	"    if u.police then to[#to + 1] = u.police end\n"
	"    if severity == 'critical' then to[#to + 1] = 'chu-tich' end\n"
	"    to[#to + 1] = 'ttpvhcc'\n"
	"    if unit('chu-tich') and severity == 'critical' then to[#to + 1] = 'chu-tich' end\n"
	"    return to\n"
	"  end,\n"
	"}\n";

static const char route_units[] =
	"units:\n"
	"  - {id: ttpvhcc, name: TTPVHCC, kind: office}\n"
	"  - {id: bo-chu-quan, name: Bộ chủ quản, kind: ministry}\n"
	"  - {id: chu-tich, name: Chủ tịch, kind: leadership}\n"
	"  - {id: cong-an-tinh, name: Công an tỉnh, kind: police}\n"
	"  - {id: dai-son, name: Xã Đại Sơn, kind: commune, police: ca-dai-son}\n"
	"  - {id: ca-dai-son, name: Công an xã Đại Sơn, kind: commune-police}\n";

/* Calls the route; returns its recipients as "a,b,c", or the error. */
static int route(struct script *s, const struct unit_registry *reg,
		 const char *unit, const char *system, const char *severity,
		 struct strbuf *out)
{
	struct err err = ERR_INIT;
	char **ids = (char **)&ids;
	size_t n = 99, i;
	int rc;

	strbuf_reset(out);
	rc = script_route(s, units_find(reg, unit), system, severity, &ids,
			  &n, &err);
	if (rc < 0) {
		assert_null(ids);
		assert_int_equal(n, 0);
		err_format(&err, out);
	}
	for (i = 0; rc == 0 && i < n; i++) {
		strbuf_addf(out, "%s%s", i ? "," : "", ids[i]);
		free(ids[i]);
	}
	if (rc == 0)
		free(ids);
	err_release(&err);
	return rc;
}

static void test_route(void **state)
{
	struct script_limits lim = { (size_t)16 << 20, 1000000, 0 };
	struct unit_registry *reg = NULL;
	const struct difficulties *df;
	struct strbuf out = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct script *s = NULL;
	(void)state;

	assert_int_equal(units_parse("u.yaml", route_units,
				     strlen(route_units), &reg, &err), 0);
	assert_int_equal(script_load("rb/route.lua", route_src,
				     strlen(route_src), &lim, NULL, NULL, &s,
				     &err), 0);
	script_set_registry(s, reg);
	df = script_runbook(s)->difficulties;
	assert_non_null(df);
	assert_int_equal(df->line, 2);
	assert_int_equal(df->nsystems, 7);
	assert_string_equal(df->systems[0], "portal");
	assert_string_equal(df->systems[6], "number");
	assert_int_equal(df->nseverities, 3);
	assert_string_equal(df->severities[0], "low");
	assert_string_equal(df->severities[2], "critical");
	assert_true(df->has_route);

	/* a list, deduplicated, in the order the route gave */
	assert_int_equal(route(s, reg, "dai-son", "catalogue", "high", &out), 0);
	assert_string_equal(out.buf, "ttpvhcc,bo-chu-quan,ca-dai-son");
	assert_int_equal(route(s, reg, "dai-son", "portal", "critical", &out), 0);
	assert_string_equal(out.buf, "ttpvhcc,ca-dai-son,chu-tich");
	/* one id, and nil */
	assert_int_equal(route(s, reg, "dai-son", "other", "low", &out), 0);
	assert_string_equal(out.buf, "ttpvhcc");
	assert_int_equal(route(s, reg, "cong-an-tinh", "other", "low", &out), 0);
	assert_string_equal(out.buf, "");

	/* an id not in the registry: the route's line, the id */
	assert_int_equal(route(s, reg, "dai-son", "stray", "low", &out), -1);
	assert_string_equal(out.buf, "rb/route.lua:5: difficulties: field 'route': route returned 'bo-cong-an', which is not a unit of the registry");
	/* not a string */
	assert_int_equal(route(s, reg, "dai-son", "number", "low", &out), -1);
	assert_string_equal(out.buf, "rb/route.lua:5: difficulties: field 'route': route must return unit ids, got number");
	/* a runtime error: the line that raised it */
	assert_int_equal(route(s, reg, "dai-son", "broken", "low", &out), -1);
	assert_string_equal(out.buf, "rb/route.lua:9: difficulties: field 'route': no route for dai-son");
	/* an endless loop: the budget */
	assert_int_equal(route(s, reg, "dai-son", "loop", "low", &out), -1);
	assert_non_null(strstr(out.buf, "rb/route.lua:8: difficulties: field 'route': instruction budget exhausted"));
	/* and the state still answers after the errors */
	assert_int_equal(route(s, reg, "dai-son", "catalogue", "low", &out), 0);
	assert_string_equal(out.buf, "ttpvhcc,bo-chu-quan,ca-dai-son");
	script_free(s);
	units_free(reg);
	strbuf_release(&out);
}

/* No route, or no difficulties { } at all: nobody receives anything. */
static void test_route_none(void **state)
{
	static const char *const srcs[] = {
		DHEAD "difficulties { systems = { 'portal' }, severities = { 'low' } }\n",
		DHEAD,
	};
	struct unit_registry *reg = NULL;
	struct strbuf out = STRBUF_INIT;
	struct err err = ERR_INIT;
	struct script *s;
	size_t i;
	(void)state;

	assert_int_equal(units_parse("u.yaml", route_units,
				     strlen(route_units), &reg, &err), 0);
	for (i = 0; i < 2; i++) {
		s = NULL;
		assert_int_equal(script_load("rb/r.lua", srcs[i],
					     strlen(srcs[i]), NULL, NULL, NULL,
					     &s, &err), 0);
		script_set_registry(s, reg);
		if (i == 0)
			assert_false(script_runbook(s)->difficulties->has_route);
		else
			assert_null(script_runbook(s)->difficulties);
		assert_int_equal(route(s, reg, "dai-son", "portal", "low",
				       &out), 0);
		assert_string_equal(out.buf, "");
		script_free(s);
	}
	units_free(reg);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_model),
		cmocka_unit_test(test_recipient),
		cmocka_unit_test(test_recipient_bad_result),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_default_limits),
		cmocka_unit_test(test_sandbox_allows),
		cmocka_unit_test(test_difficulties_bad),
		cmocka_unit_test(test_route),
		cmocka_unit_test(test_route_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
