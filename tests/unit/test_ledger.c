/*
 * Unit tests for the ledger: the canonical encoding, BLAKE2b chaining
 * (against vectors computed independently with Python's hashlib), the
 * store's append-and-verify of the chain, and a run moved to another
 * version (archived tasks out of listings, states still derived from
 * events).
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "seal.h"
#include "store.h"
#include "store_ledger.h"

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

static void test_canonical_fields(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	seal_field_str(&sb, "hello");
	seal_field_str(&sb, "");
	seal_field_str(&sb, NULL);
	seal_field_int(&sb, -42);
	seal_field(&sb, "a,b", 3);
	assert_string_equal(sb.buf, "5:hello,0:,-1:,3:-42,3:a,b,");
	strbuf_release(&sb);
}

static void test_chain_vectors(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char out[SEAL_HEX_LEN + 1];

	(void)state;
	assert_int_equal(seal_init(), 0);
	seal_field_str(&sb, "hello");
	assert_int_equal(seal_chain(seal_genesis, &sb, out), 0);
	/* hashlib.blake2b(bytes(32) + b'5:hello,', digest_size=32) */
	assert_string_equal(out, "d2ce3e3d7a929789938aa9c816d8e2165c60da795f2469005706bf9796ca93ea");
	seal_content("abc", 3, out);
	assert_string_equal(out, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	assert_int_equal(seal_chain("not-a-hash", &sb, out), -1);
	strbuf_release(&sb);
}

struct db {
	char dir[64];
	char path[96];
	struct store *st;
	struct err err;
};

static void open_db(struct db *d)
{
	snprintf(d->dir, sizeof(d->dir), "/tmp/cutover-ledger-XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->path, sizeof(d->path), "%s/state.db", d->dir);
	err_init(&d->err);
	assert_int_equal(store_open(d->path, 1, &d->st, &d->err), 0);
}

static void close_db(struct db *d)
{
	char wal[128];

	store_close(d->st);
	err_release(&d->err);
	unlink(d->path);
	snprintf(wal, sizeof(wal), "%s-wal", d->path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", d->path);
	unlink(wal);
	rmdir(d->dir);
}

static int append(struct db *d, const char *comment, int64_t *seq,
		  char hash[SEAL_HEX_LEN + 1])
{
	struct store_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = "note";
	ev.actor = "tester";
	ev.at = 1780066800;
	ev.comment = comment;
	if (store_begin(d->st, &d->err))
		return -1;
	if (store_append_event(d->st, &ev, seq, hash, &d->err)) {
		store_rollback(d->st);
		return -1;
	}
	return store_commit(d->st, &d->err);
}

static void test_append_and_verify(void **state)
{
	struct db d;
	char h1[SEAL_HEX_LEN + 1], h2[SEAL_HEX_LEN + 1], head[SEAL_HEX_LEN + 1];
	int64_t seq, count;
	instant_t before, after, entered;
	struct strbuf canon = STRBUF_INIT;

	(void)state;
	open_db(&d);
	assert_int_equal(store_verify_chain(d.st, &count, head, &d.err), 0);
	assert_int_equal(count, 0);
	assert_string_equal(head, seal_genesis);

	before = clock_system();
	assert_int_equal(append(&d, "first", &seq, h1), 0);
	after = clock_system();
	assert_int_equal(seq, 1);
	assert_int_equal(append(&d, "second", &seq, h2), 0);
	assert_int_equal(seq, 2);
	assert_string_not_equal(h1, h2);

	assert_int_equal(store_verify_chain(d.st, &count, head, &d.err), 0);
	assert_int_equal(count, 2);
	assert_string_equal(head, h2);
	assert_int_equal(store_ledger_head(d.st, &count, head, &d.err), 0);
	assert_string_equal(head, h2);

	/*
	 * The same event at the same place hashes the same: recompute h1,
	 * with no token (NULL auth) and entered by the system clock at some
	 * second between before and after (the store sets it).
	 */
	for (entered = before; entered <= after; entered++) {
		strbuf_reset(&canon);
		seal_field_int(&canon, 1);
		seal_field_int(&canon, 0);
		seal_field_str(&canon, NULL);
		seal_field_str(&canon, "note");
		seal_field_str(&canon, "tester");
		seal_field_str(&canon, NULL);
		seal_field_int(&canon, 1780066800);
		seal_field_str(&canon, "first");
		seal_field_str(&canon, NULL);
		seal_field_str(&canon, NULL);
		seal_field_str(&canon, NULL);
		seal_field_int(&canon, entered);
		assert_int_equal(seal_chain(seal_genesis, &canon, head), 0);
		if (!strcmp(head, h1))
			break;
	}
	if (entered > after)
		fail_msg("h1 is no event entered between %lld and %lld",
			 (long long)before, (long long)after);
	strbuf_release(&canon);
	close_db(&d);
}

static void test_append_needs_transaction(void **state)
{
	struct db d;
	struct store_event ev;

	(void)state;
	open_db(&d);
	memset(&ev, 0, sizeof(ev));
	ev.kind = "note";
	ev.actor = "tester";
	assert_int_equal(store_append_event(d.st, &ev, NULL, NULL, &d.err), -1);
	assert_non_null(strstr(d.err.msg.buf, "outside a transaction"));
	close_db(&d);
}

static void test_rollback_leaves_no_event(void **state)
{
	struct db d;
	struct store_event ev;
	char head[SEAL_HEX_LEN + 1];
	int64_t count;

	(void)state;
	open_db(&d);
	memset(&ev, 0, sizeof(ev));
	ev.kind = "note";
	ev.actor = "tester";
	assert_int_equal(store_begin(d.st, &d.err), 0);
	assert_int_equal(store_append_event(d.st, &ev, NULL, NULL, &d.err), 0);
	store_rollback(d.st);
	assert_int_equal(store_ledger_head(d.st, &count, head, &d.err), 0);
	assert_int_equal(count, 0);
	close_db(&d);
}

/* ---- a run moved to another version ---- */

static const char runbook_v1[] =
	"runbook { id = \"t\", title = \"T\", t0 = \"2026-05-29 22:00\","
	" units = \"u.yaml\" }\n"
	"section { id = \"s\", title = \"S\" }\n"
	"step { id = \"a\", title = \"A\", owners = all(), due = \"T-1h\" }\n"
	"step { id = \"b\", title = \"B\", owners = all(), due = \"T-2h\" }\n";

static const char units_yaml[] =
	"units:\n  - id: x\n    name: \"X\"\n    kind: office\n";

/* Loads a version of the tiny runbook: v1, or v2 without step b. */
static struct book *tiny_book(int version, struct err *err)
{
	struct book_file files[2];
	struct book *book = NULL;
	char text[sizeof(runbook_v1)];
	char *b;

	memcpy(text, runbook_v1, sizeof(runbook_v1));
	if (version == 2) {
		b = strstr(text, "step { id = \"b\"");
		assert_non_null(b);
		*b = '\0';
	}
	files[0].path = (char *)"t.lua";
	files[0].text = text;
	files[0].len = strlen(text);
	files[1].path = (char *)"u.yaml";
	files[1].text = (char *)units_yaml;
	files[1].len = strlen(units_yaml);
	assert_int_equal(book_load_files("rb/t.lua", files, 2, &book, err), 0);
	assert_int_equal(book_expand(book, err), 0);
	return book;
}

static int task_event(struct db *d, int64_t run_id, const char *key,
		      const char *kind, int64_t *seq)
{
	struct store_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.run_id = run_id;
	ev.task_key = key;
	ev.kind = kind;
	ev.actor = "tester";
	ev.unit_id = "x";
	ev.at = 1780066800;
	return store_append_event(d->st, &ev, seq, NULL, &d->err);
}

static void test_version_archive(void **state)
{
	struct db d;
	struct book *v1, *v2;
	struct store_run run, found;
	struct store_task *tasks, task;
	struct store_task_filter archived;
	struct store_version *versions;
	struct store_event start;
	size_t n;
	int64_t checked, id, seq;

	(void)state;
	open_db(&d);
	v1 = tiny_book(1, &d.err);
	v2 = tiny_book(2, &d.err);
	memset(&run, 0, sizeof(run));
	run.name = (char *)"r";
	run.mode = (char *)"rehearsal";
	run.runbook_path = (char *)"rb/t.lua";
	run.runbook_id = (char *)"t";
	run.title = (char *)"T";
	run.t0 = v1->rb->t0;
	run.commit_id = (char *)"c1";
	run.started_at = 1780066800;
	run.started_by = (char *)"tester";
	assert_int_equal(store_begin(d.st, &d.err), 0);
	assert_int_equal(store_create_run(d.st, &run, v1, &d.err), 0);
	/* As cutover start records it: the ledger check expects it. */
	memset(&start, 0, sizeof(start));
	start.run_id = run.id;
	start.kind = "start";
	start.actor = run.started_by;
	start.at = run.started_at;
	start.commit_id = run.commit_id;
	assert_int_equal(store_append_event(d.st, &start, NULL, NULL, &d.err), 0);
	assert_int_equal(task_event(&d, run.id, "a@x", "done", NULL), 0);
	assert_int_equal(task_event(&d, run.id, "b@x", "done", NULL), 0);
	assert_int_equal(store_commit(d.st, &d.err), 0);

	/* v2: a@x kept, b@x archived; the run's version is c2. */
	assert_int_equal(store_task(d.st, run.id, "a@x", &task, &d.err), 0);
	id = task.id;
	store_task_release(&task);
	assert_int_equal(store_task(d.st, run.id, "b@x", &task, &d.err), 0);
	run.commit_id = (char *)"c2";
	assert_int_equal(store_begin(d.st, &d.err), 0);
	assert_int_equal(store_set_version(d.st, &run, v2, "coord", 1780070400,
					   &d.err), 0);
	assert_int_equal(store_put_task(d.st, run.id, v2, 0, &id, &d.err), 0);
	assert_int_equal(task_event(&d, run.id, "b@x", "archived", &seq), 0);
	assert_int_equal(store_archive_task(d.st, run.id, task.id, seq,
					    &d.err), 0);
	assert_int_equal(store_link_tasks(d.st, run.id, v2, &d.err), 0);
	assert_int_equal(store_commit(d.st, &d.err), 0);
	store_task_release(&task);

	assert_int_equal(store_tasks(d.st, run.id, NULL, &tasks, &n, &d.err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(tasks[0].key, "a@x");
	assert_int_equal(tasks[0].state, TASK_DONE);
	store_tasks_free(tasks, n);
	memset(&archived, 0, sizeof(archived));
	archived.archived = 1;
	assert_int_equal(store_tasks(d.st, run.id, &archived, &tasks, &n,
				     &d.err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(tasks[0].key, "b@x");
	store_tasks_free(tasks, n);
	assert_int_equal(store_task(d.st, run.id, "b@x", &task, &d.err),
			 STORE_NOTFOUND);
	assert_non_null(strstr(d.err.msg.buf, "was archived"));
	err_reset(&d.err);

	/* States still follow the events; the run reads its latest version. */
	assert_int_equal(store_ledger_check(d.st, 0, &checked, &d.err), 0);
	assert_int_equal(checked, 2);
	assert_int_equal(store_find_run(d.st, "r", &found, &d.err), 0);
	assert_string_equal(found.commit_id, "c2");
	store_run_release(&found);
	assert_int_equal(store_versions(d.st, run.id, &versions, &n, &d.err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(versions[0].commit_id, "c1");
	assert_string_equal(versions[1].by, "coord");
	store_versions_free(versions, n);

	book_free(v1);
	book_free(v2);
	close_db(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_fields),
		cmocka_unit_test(test_chain_vectors),
		cmocka_unit_test(test_append_and_verify),
		cmocka_unit_test(test_append_needs_transaction),
		cmocka_unit_test(test_rollback_leaves_no_event),
		cmocka_unit_test(test_version_archive),
	};

	assert_int_equal(seal_init(), 0);
	return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
