/*
 * Unit tests for the decisions of a run: the gate rules (gate_allow), a
 * waiver's reason (signoff_reason_ok), a gate decided through signoff
 * with its fallback path, forced sign-offs recorded, the cascade of a
 * reopening (all or nothing), and the life of a run (one live run, a
 * closed run taking no event).
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "auth.h"
#include "cascade.h"
#include "gate.h"
#include "runs.h"
#include "seal.h"
#include "signoff.h"
#include "store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "banned.h"

/* ---- the rules alone ---- */

static void test_gate_allow(void **state)
{
	struct store_run run;
	struct store_task gate, task;
	struct auth none = AUTH_INIT, unit = AUTH_INIT, coord = AUTH_INIT;
	struct auth reviewer = AUTH_INIT;
	struct err err = ERR_INIT;

	(void)state;
	memset(&run, 0, sizeof(run));
	run.name = (char *)"r";
	memset(&gate, 0, sizeof(gate));
	gate.key = (char *)"go@hq";
	gate.gate = 1;
	memset(&task, 0, sizeof(task));
	task.key = (char *)"a@x";
	unit.token_id = (char *)"u1";
	unit.unit_id = (char *)"hq";
	coord.token_id = (char *)"c1";
	reviewer.token_id = (char *)"r1";
	reviewer.reviewer = (char *)"Em";

	/* A gate is decided, by the matching action, never skipped. */
	assert_int_equal(gate_allow(&gate, "done", "go", &none, &run, &err), 0);
	assert_int_equal(gate_allow(&gate, "done", "go-with-conditions", &none,
				    &run, &err), 0);
	assert_int_equal(gate_allow(&gate, "failed", "no-go", &none, &run,
				    &err), 0);
	assert_int_equal(gate_allow(&gate, "done", NULL, &none, &run, &err), -1);
	assert_non_null(strstr(err.msg.buf, "gate decide go@hq"));
	err_reset(&err);
	assert_int_equal(gate_allow(&gate, "done", "no-go", &none, &run, &err),
			 -1);
	err_reset(&err);
	assert_int_equal(gate_allow(&gate, "failed", "go", &none, &run, &err),
			 -1);
	err_reset(&err);
	assert_int_equal(gate_allow(&gate, "failed", NULL, &none, &run, &err),
			 -1);
	err_reset(&err);
	assert_int_equal(gate_allow(&gate, "done", "maybe", &none, &run, &err),
			 -1);
	err_reset(&err);
	assert_int_equal(gate_allow(&gate, "skipped", NULL, &coord, &run, &err),
			 -1);
	assert_non_null(strstr(err.msg.buf, "cannot be skipped"));
	err_reset(&err);
	assert_int_equal(gate_allow(&gate, "blocked", NULL, &unit, &run, &err),
			 0);
	assert_int_equal(gate_allow(&gate, "comment", NULL, &unit, &run, &err),
			 0);

	/* The coordinator decides and reopens; a unit or a reviewer never. */
	run.require_tokens = 1;
	assert_int_equal(gate_allow(&gate, "done", "go", &none, &run, &err), -1);
	err_reset(&err);
	assert_int_equal(gate_allow(&gate, "done", "go", &unit, &run, &err), -1);
	assert_non_null(strstr(err.msg.buf, "decide a go/no-go gate"));
	err_reset(&err);
	assert_int_equal(gate_allow(&gate, "reopened", NULL, &unit, &run, &err),
			 -1);
	err_reset(&err);
	assert_int_equal(gate_allow(&gate, "failed", "no-go", &reviewer, &run,
				    &err), -1);
	assert_non_null(strstr(err.msg.buf, "approves versions"));
	err_reset(&err);
	assert_int_equal(gate_allow(&gate, "done", "go", &coord, &run, &err), 0);
	assert_int_equal(gate_allow(&gate, "reopened", NULL, &coord, &run,
				    &err), 0);

	/* Another task takes no decision. */
	assert_int_equal(gate_allow(&task, "done", NULL, &unit, &run, &err), 0);
	assert_int_equal(gate_allow(&task, "skipped", NULL, &unit, &run, &err),
			 0);
	assert_int_equal(gate_allow(&task, "done", "go", &coord, &run, &err),
			 -1);
	assert_non_null(strstr(err.msg.buf, "not a go/no-go gate"));
	err_release(&err);
}

static void test_outcomes(void **state)
{
	enum gate_outcome o;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(gate_outcome_parse("no-go", &o), 0);
	assert_int_equal(o, GATE_NO_GO);
	assert_string_equal(gate_outcome_action(o), "failed");
	assert_int_equal(gate_outcome_parse("go-with-conditions", &o), 0);
	assert_string_equal(gate_outcome_action(o), "done");
	assert_int_equal(gate_outcome_parse("GO", &o), -1);
	assert_int_equal(gate_outcome_parse(NULL, &o), -1);
	gate_decision_json(GATE_CONDITIONS, "by 23:00", &sb);
	assert_string_equal(sb.buf, "\"gate-decision\":{\"outcome\":"
			    "\"go-with-conditions\",\"conditions\":\"by 23:00\"}");
	strbuf_reset(&sb);
	gate_decision_json(GATE_GO, NULL, &sb);
	assert_string_equal(sb.buf, "\"gate-decision\":{\"outcome\":\"go\"}");
	strbuf_release(&sb);
}

static void test_reason_words(void **state)
{
	(void)state;
	assert_false(signoff_reason_ok(NULL));
	assert_false(signoff_reason_ok(""));
	assert_false(signoff_reason_ok("y"));
	assert_false(signoff_reason_ok("ok ok"));
	assert_false(signoff_reason_ok("  - - -  "));
	assert_false(signoff_reason_ok("y\t\n"));
	assert_true(signoff_reason_ok("Đã đối chiếu"));   /* 3 words */
	assert_true(signoff_reason_ok("ok ok ok"));
	assert_true(signoff_reason_ok(" a-b c\td "));
	assert_true(signoff_reason_ok("Kho bạc chưa cấp tài khoản"));
}

/* ---- a run ---- */

struct db {
	char dir[64];
	char path[96];
	struct store *st;
	struct err err;
	struct book *book;
	struct store_run run;
};

static const char runbook[] =
	"runbook { id = \"g\", title = \"G\", t0 = \"2026-05-29 22:00\","
	" units = \"u.yaml\" }\n"
	"section { id = \"s\", title = \"S\" }\n"
	"step { id = \"a\", title = \"A\", owners = all(), due = \"T-3h\" }\n"
	"step { id = \"b\", title = \"B\", owners = all(), due = \"T-2h\","
	" requires = { \"a\" } }\n"
	"step { id = \"go\", title = \"Go\", owners = units { \"x\" },"
	" due = \"T-1h\", gate = true, requires = { \"b\" } }\n"
	"step { id = \"after\", title = \"After\", owners = units { \"x\" },"
	" start = \"T\", due = \"T+1h\", requires = { \"go\" } }\n"
	"step { id = \"back\", title = \"Back\", owners = units { \"x\" },"
	" due = \"T\", fallback = \"go\" }\n"
	"step { id = \"again\", title = \"Again\", owners = units { \"x\" },"
	" due = \"T+1d\", fallback = \"go\", requires = { \"back\" } }\n";

static const char units_yaml[] =
	"units:\n  - id: x\n    name: \"X\"\n    kind: office\n"
	"  - id: y\n    name: \"Y\"\n    kind: office\n";

static void open_run(struct db *d, const char *mode)
{
	struct book_file files[2];
	struct store_event ev;

	memset(d, 0, sizeof(*d));
	snprintf(d->dir, sizeof(d->dir), "/tmp/cutover-decisions-XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->path, sizeof(d->path), "%s/state.db", d->dir);
	err_init(&d->err);
	assert_int_equal(seal_init(), 0);
	assert_int_equal(store_open(d->path, 1, &d->st, &d->err), 0);
	files[0].path = (char *)"g.lua";
	files[0].text = (char *)runbook;
	files[0].len = strlen(runbook);
	files[1].path = (char *)"u.yaml";
	files[1].text = (char *)units_yaml;
	files[1].len = strlen(units_yaml);
	assert_int_equal(book_load_files("rb/g.lua", files, 2, &d->book,
					 &d->err), 0);
	assert_int_equal(book_expand(d->book, &d->err), 0);
	d->run.name = (char *)"r";
	d->run.mode = (char *)mode;
	d->run.runbook_path = (char *)"rb/g.lua";
	d->run.runbook_id = (char *)"g";
	d->run.title = (char *)"G";
	d->run.t0 = d->book->rb->t0;
	d->run.started_at = d->run.t0 - 86400;
	d->run.started_by = (char *)"tester";
	assert_int_equal(store_begin(d->st, &d->err), 0);
	assert_int_equal(store_create_run(d->st, &d->run, d->book, &d->err), 0);
	memset(&ev, 0, sizeof(ev));
	ev.run_id = d->run.id;
	ev.kind = "start";
	ev.actor = "tester";
	ev.at = d->run.started_at;
	assert_int_equal(store_append_event(d->st, &ev, NULL, NULL, &d->err), 0);
	assert_int_equal(store_commit(d->st, &d->err), 0);
}

static void close_run(struct db *d)
{
	char f[128];

	book_free(d->book);
	store_close(d->st);
	err_release(&d->err);
	unlink(d->path);
	snprintf(f, sizeof(f), "%s-wal", d->path);
	unlink(f);
	snprintf(f, sizeof(f), "%s-shm", d->path);
	unlink(f);
	rmdir(d->dir);
}

/* An action on a task at `at`, as the CLI's front doors make it. */
static int act(struct db *d, const char *key, const char *action,
	       const char *decision, int force, const struct auth *a,
	       instant_t at, struct signoff_result *res)
{
	struct signoff req;
	struct book *book = NULL;
	int rc;

	memset(&req, 0, sizeof(req));
	req.task_key = key;
	req.action = action;
	req.by = "tester";
	req.comment = strcmp(action, "done") ? "why not" : NULL;
	req.decision = decision;
	req.decision_text = decision && !strcmp(decision, "no-go") ?
		"why not" : NULL;
	req.force = force;
	req.at = at;
	req.auth = a;
	signoff_result_init(res);
	rc = signoff_apply(d->st, &d->run, &book, &req, res, &d->err);
	book_free(book);
	return rc;
}

/* The keys store_tasks lists, "," joined. */
static void listed(struct db *d, char *out, size_t size)
{
	struct store_task *t;
	size_t n, i, used = 0;

	assert_int_equal(store_tasks(d->st, d->run.id, NULL, &t, &n, &d->err),
			 0);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s",
					 i ? "," : "", t[i].key);
	store_tasks_free(t, n);
}

/* The state of a task. */
static void state_of(struct db *d, const char *key, const char *want)
{
	struct store_task t;

	assert_int_equal(store_task(d->st, d->run.id, key, &t, &d->err), 0);
	assert_string_equal(task_state_name(t.state), want);
	store_task_release(&t);
}

static void test_gate_and_fallback(void **state)
{
	static const struct auth none = AUTH_INIT;
	struct signoff_result res;
	struct store_decision *dec;
	struct store_exception *x;
	struct store_task t;
	struct db d;
	char keys[512];
	size_t n;
	instant_t at;

	(void)state;
	open_run(&d, "rehearsal");
	at = d.run.t0 - 6 * 3600;
	/* The fallback path is not in the run: listed nowhere, said why. */
	listed(&d, keys, sizeof(keys));
	assert_string_equal(keys, "a@x,a@y,b@x,b@y,go@x,after@x");
	assert_int_equal(store_task(d.st, d.run.id, "back@x", &t, &d.err),
			 STORE_NOTFOUND);
	assert_non_null(strstr(d.err.msg.buf, "fallback path of gate 'go'"));
	err_reset(&d.err);

	/* A go with requirements open is refused; a no-go is not. */
	assert_int_equal(act(&d, "go@x", "done", "go", 0, &none, at, &res), -1);
	assert_non_null(strstr(d.err.msg.buf, "requires what is not done yet"));
	err_reset(&d.err);
	signoff_result_release(&res);
	assert_int_equal(act(&d, "go@x", "failed", "no-go", 0, &none, at, &res),
			 0);
	assert_true(res.recorded);
	signoff_result_release(&res);
	state_of(&d, "go@x", "failed");
	listed(&d, keys, sizeof(keys));
	assert_string_equal(keys, "a@x,a@y,b@x,b@y,go@x,back@x,after@x,again@x");
	assert_int_equal(store_decisions(d.st, d.run.id, &dec, &n, &d.err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(dec[0].outcome, "no-go");
	assert_string_equal(dec[0].text, "why not");
	assert_true(dec[0].current);
	assert_int_equal(dec[0].held, 1);       /* after@x */
	assert_int_equal(dec[0].fallback, 2);
	assert_int_equal(dec[0].fallback_done, 0);
	store_decisions_free(dec, n);

	/* The fallback path worked in part; then a go, forced. */
	assert_int_equal(act(&d, "back@x", "done", NULL, 0, &none, at, &res), 0);
	signoff_result_release(&res);
	assert_int_equal(act(&d, "go@x", "done", "go", 1, &none, at, &res), 0);
	assert_true(res.forced);
	signoff_result_release(&res);
	assert_int_equal(store_task(d.st, d.run.id, "go@x", &t, &d.err), 0);
	assert_non_null(strstr(t.evidence, "\"forced-past\":{\"requires\":"
			       "[\"b@x\"],\"open\":1}"));
	assert_non_null(strstr(t.evidence, "\"gate-decision\":{\"outcome\":"
			       "\"go\"}"));
	store_task_release(&t);
	/* The worked fallback task stays, the untouched one goes. */
	listed(&d, keys, sizeof(keys));
	assert_string_equal(keys, "a@x,a@y,b@x,b@y,go@x,back@x,after@x");
	assert_int_equal(store_exceptions(d.st, d.run.id, NULL, &x, &n, &d.err),
			 0);
	assert_int_equal(n, 1);
	assert_string_equal(x[0].task_key, "go@x");
	assert_true(x[0].forced && !x[0].waived);
	assert_string_equal(x[0].forced_requires, "b@x");
	assert_int_equal(x[0].forced_open, 1);
	store_exceptions_free(x, n);
	assert_int_equal(store_decisions(d.st, d.run.id, &dec, &n, &d.err), 0);
	assert_int_equal(n, 2);
	assert_false(dec[0].current);
	assert_true(dec[1].current);
	assert_string_equal(dec[1].outcome, "go");
	store_decisions_free(dec, n);

	/* A go stands: no second decision until reopened. */
	assert_int_equal(act(&d, "go@x", "failed", "no-go", 0, &none, at, &res),
			 -1);
	assert_non_null(strstr(d.err.msg.buf, "reopen it first"));
	err_reset(&d.err);
	signoff_result_release(&res);

	/* Start means start: after@x before T0 is refused, then forced. */
	assert_int_equal(act(&d, "after@x", "done", NULL, 0, &none, at, &res),
			 -1);
	assert_non_null(strstr(d.err.msg.buf, "starts at"));
	err_reset(&d.err);
	signoff_result_release(&res);
	assert_int_equal(act(&d, "after@x", "done", NULL, 0, &none, d.run.t0,
			     &res), 0);
	assert_false(res.forced);
	signoff_result_release(&res);
	close_run(&d);
}

static void test_cascade(void **state)
{
	static const struct auth none = AUTH_INIT;
	struct signoff_result res;
	struct cascade_result cr;
	struct store_resting *r;
	struct auth unit = AUTH_INIT;
	struct signoff req;
	struct book *book = NULL;
	struct db d;
	size_t n;
	instant_t at;

	(void)state;
	open_run(&d, "rehearsal");
	at = d.run.t0 - 6 * 3600;
	assert_int_equal(act(&d, "a@x", "done", NULL, 0, &none, at, &res), 0);
	signoff_result_release(&res);
	assert_int_equal(act(&d, "a@y", "done", NULL, 0, &none, at, &res), 0);
	signoff_result_release(&res);
	assert_int_equal(act(&d, "b@x", "done", NULL, 0, &none, at, &res), 0);
	signoff_result_release(&res);
	assert_int_equal(act(&d, "b@y", "done", NULL, 0, &none, at, &res), 0);
	signoff_result_release(&res);
	assert_int_equal(act(&d, "go@x", "done", "go", 0, &none, at, &res), 0);
	signoff_result_release(&res);

	/* Reopened: what rests on it is flagged, only that. */
	assert_int_equal(act(&d, "a@x", "reopened", NULL, 0, &none, at, &res),
			 0);
	signoff_result_release(&res);
	assert_int_equal(store_resting(d.st, d.run.id, NULL, &r, &n, &d.err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].key, "b@x");
	assert_string_equal(r[0].open, "a@x");
	store_resting_free(r, n);

	memset(&req, 0, sizeof(req));
	req.task_key = "a@x";
	req.action = "reopened";
	req.by = "tester";
	req.comment = "again";
	req.at = at;
	req.auth = &none;

	/* With a unit's authority the gate is out of reach: nothing at all. */
	d.run.require_tokens = 1;
	unit.token_id = (char *)"u";
	unit.unit_id = (char *)"x";
	req.auth = &unit;
	assert_int_equal(cascade_reopen(d.st, &d.run, &book, &req, &cr, &d.err),
			 -1);
	assert_non_null(strstr(d.err.msg.buf, "with --cascade, go@x"));
	err_reset(&d.err);
	state_of(&d, "b@x", "done");
	state_of(&d, "go@x", "done");

	/* The coordinator's: transitive, through the gate. */
	d.run.require_tokens = 0;
	req.auth = &none;
	assert_int_equal(cascade_reopen(d.st, &d.run, &book, &req, &cr, &d.err),
			 0);
	assert_false(cr.reopened);      /* a@x was open already */
	assert_int_equal(cr.n, 2);
	assert_string_equal(cr.keys[0], "b@x");
	assert_string_equal(cr.keys[1], "go@x");
	assert_true(cr.seqs[1] == cr.seqs[0] + 1);
	cascade_result_release(&cr);
	state_of(&d, "b@x", "pending");
	state_of(&d, "go@x", "pending");
	state_of(&d, "b@y", "done");
	assert_int_equal(store_resting(d.st, d.run.id, NULL, &r, &n, &d.err), 0);
	assert_int_equal(n, 0);
	store_resting_free(r, n);

	/* Nothing left to do: said, nothing recorded. */
	assert_int_equal(cascade_reopen(d.st, &d.run, &book, &req, &cr, &d.err),
			 -1);
	assert_non_null(strstr(d.err.msg.buf, "no done task rests on it"));
	err_reset(&d.err);
	book_free(book);
	close_run(&d);
}

static void test_close_and_live(void **state)
{
	static const struct auth none = AUTH_INIT;
	struct signoff_result res;
	struct store_run found;
	struct auth unit = AUTH_INIT;
	struct db d;
	char *name;
	int64_t seq;
	instant_t at;

	(void)state;
	open_run(&d, "live");
	at = d.run.t0 - 6 * 3600;
	assert_int_equal(store_begin(d.st, &d.err), 0);
	assert_int_equal(runs_live_allowed(d.st, "g", &d.err), -1);
	assert_non_null(strstr(d.err.msg.buf, "live run 'r' of g is still"
			       " open"));
	err_reset(&d.err);
	assert_int_equal(runs_live_allowed(d.st, "other", &d.err), 0);
	store_rollback(d.st);

	/* Only the coordinator closes, once. */
	d.run.require_tokens = 1;
	unit.token_id = (char *)"u";
	unit.unit_id = (char *)"x";
	assert_int_equal(runs_close(d.st, &d.run, &unit, "U", at, NULL, &seq,
				    &d.err), -1);
	err_reset(&d.err);
	d.run.require_tokens = 0;
	assert_int_equal(runs_close(d.st, &d.run, &none, "C", at, "done",
				    &seq, &d.err), 0);
	assert_int_equal(runs_close(d.st, &d.run, &none, "C", at, NULL, &seq,
				    &d.err), 1);
	assert_int_equal(store_find_run(d.st, "r", &found, &d.err), 0);
	assert_int_equal(found.closed_seq, seq);
	assert_string_equal(found.closed_by, "C");
	store_run_release(&found);

	/* Closed: no event more, and another live run may start. */
	assert_int_equal(act(&d, "a@x", "done", NULL, 0, &none, at, &res), -1);
	assert_non_null(strstr(d.err.msg.buf, "run 'r' was closed"));
	err_reset(&d.err);
	signoff_result_release(&res);
	assert_int_equal(store_open_live_run(d.st, "g", 0, &name, &d.err),
			 STORE_NOTFOUND);
	assert_null(name);
	close_run(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate_allow),
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_reason_words),
		cmocka_unit_test(test_gate_and_fallback),
		cmocka_unit_test(test_cascade),
		cmocka_unit_test(test_close_and_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
