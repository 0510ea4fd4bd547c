/*
 * Unit tests for the ledger: the canonical encoding, BLAKE2b chaining
 * (against vectors computed independently with Python's hashlib), and
 * the store's append-and-verify of the chain.
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "seal.h"
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
	struct strbuf canon = STRBUF_INIT;

	(void)state;
	open_db(&d);
	assert_int_equal(store_verify_chain(d.st, &count, head, &d.err), 0);
	assert_int_equal(count, 0);
	assert_string_equal(head, seal_genesis);

	assert_int_equal(append(&d, "first", &seq, h1), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(append(&d, "second", &seq, h2), 0);
	assert_int_equal(seq, 2);
	assert_string_not_equal(h1, h2);

	assert_int_equal(store_verify_chain(d.st, &count, head, &d.err), 0);
	assert_int_equal(count, 2);
	assert_string_equal(head, h2);
	assert_int_equal(store_ledger_head(d.st, &count, head, &d.err), 0);
	assert_string_equal(head, h2);

	/* The same event at the same place hashes the same: recompute h1. */
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
	assert_int_equal(seal_chain(seal_genesis, &canon, head), 0);
	assert_string_equal(head, h1);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_fields),
		cmocka_unit_test(test_chain_vectors),
		cmocka_unit_test(test_append_and_verify),
		cmocka_unit_test(test_append_needs_transaction),
		cmocka_unit_test(test_rollback_leaves_no_event),
	};

	assert_int_equal(seal_init(), 0);
	return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
