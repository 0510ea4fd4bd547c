/*
 * Unit tests for signed notes, keys, checkpoints and cosignatures: the
 * reference vectors of Go's golang.org/x/mod/sumdb/note (its test key
 * and note, signed and verified byte for byte), every mangling of the
 * keys refused, malformed notes refused with a line number, checkpoints
 * parsed and written back, cosignatures made and checked against a
 * changed text, another witness and another time.
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "err.h"
#include "note.h"
#include "seal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "banned.h"

static const char vkey[] =
	"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char skey[] =
	"PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
static const char text[] =
	"If you think cryptography is the answer to your problem,\n"
	"then you don't know what your problem is.\n";
static const char signed_note[] =
	"If you think cryptography is the answer to your problem,\n"
	"then you don't know what your problem is.\n"
	"\n"
	"\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

static int setup(void **state)
{
	(void)state;
	return seal_init();
}

static void test_go_vectors(void **state)
{
	struct note_key sk, pk;
	struct note n = NOTE_INIT, parsed = NOTE_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(note_key_parse_secret(skey, strlen(skey), &sk, &err),
			 0);
	assert_int_equal(note_key_parse_public(vkey, strlen(vkey), &pk, &err),
			 0);
	assert_int_equal(sk.key_id, 0xc74f20a3);
	assert_int_equal(pk.key_id, 0xc74f20a3);
	assert_memory_equal(sk.public_key, pk.public_key, 32);
	note_key_format_public(&sb, &sk, NOTE_ED25519);
	assert_string_equal(sb.buf, vkey);
	strbuf_reset(&sb);
	note_key_format_secret(&sb, &sk);
	assert_string_equal(sb.buf, skey);
	strbuf_reset(&sb);

	/* Ed25519 is deterministic: the same bytes as Go's. */
	note_set_text(&n, text, strlen(text));
	note_sign(&n, &sk);
	note_format(&sb, &n);
	assert_string_equal(sb.buf, signed_note);

	assert_int_equal(note_parse("n", signed_note, strlen(signed_note),
				    &parsed, &err), 0);
	assert_int_equal(parsed.nsigs, 1);
	assert_string_equal(parsed.text, text);
	assert_int_equal(note_verify(&parsed, &pk, &err), 0);
	note_release(&parsed);
	note_release(&n);
	note_key_release(&sk);
	note_key_release(&pk);
	strbuf_release(&sb);
	err_release(&err);
}

/* Go's TestNewVerifier: every cut of the key text is refused. */
static void test_mangled_keys(void **state)
{
	struct note_key k;
	struct err err = ERR_INIT;
	char buf[sizeof(skey)];
	size_t len = strlen(vkey), i, j;

	(void)state;
	for (i = 0; i <= len; i++)
		for (j = i + 1; j <= len; j++) {
			if (i == 0 && j == len)
				continue;
			memcpy(buf, vkey, i);
			memcpy(buf + i, vkey + j, len - j);
			assert_int_not_equal(note_key_parse_public(
				buf, i + len - j, &k, &err), 0);
			err_reset(&err);
		}
	/* One bit anywhere makes another, refused key. */
	len = strlen(skey);
	for (i = 0; i < len; i++) {
		memcpy(buf, skey, len);
		buf[i] ^= 1;
		if (note_key_parse_secret(buf, len, &k, &err) == 0) {
			/* Only a change inside base64 padding bits could
			 * keep the key; there are none in this key. */
			note_key_release(&k);
			fail_msg("a mangled signer key was accepted at %zu",
				 i);
		}
		err_reset(&err);
	}
	/* Names: no space of any kind, no plus. */
	assert_true(note_name_valid("bac-ninh.gov.vn/cutover"));
	assert_false(note_name_valid(""));
	assert_false(note_name_valid("bac ninh"));
	assert_false(note_name_valid("bac+ninh"));
	assert_false(note_name_valid("bac\xc2\xa0ninh"));      /* U+00A0 */
	assert_false(note_name_valid("bac\xe3\x80\x80ninh"));  /* U+3000 */
	assert_false(note_name_valid("bac\tninh"));
	assert_false(note_name_valid("bac\xffninh"));
	assert_true(note_name_valid("b\xe1\xba\xaf" "c-ninh")); /* bắc */
	err_release(&err);
}

static void test_bad_notes(void **state)
{
	static const struct {
		const char *note;
		int line;
		const char *says;
	} cases[] = {
		{ "text\n", 0, "no blank line" },
		{ "text\n\n", 0, "needs a signature" },
		{ "text\n\n\xe2\x80\x94 a AAAAAAA=", 0, "end in a newline" },
		{ "text\n\n- a AAAAAAA=\n", 3, "em dash" },
		{ "text\n\n\xe2\x80\x94 aAAAAAAA=\n", 3, "key name, a space" },
		{ "text\n\n\xe2\x80\x94 a+b AAAAAAA=\n", 3, "key name" },
		{ "text\n\n\xe2\x80\x94 a AAAA\n", 3, "not base64" },
		{ "text\n\n\xe2\x80\x94 a AAAAAA==\n", 3, "not base64" },
		{ "text\n\n\xe2\x80\x94 a AAAAAAA= x\n", 3, "not base64" },
		{ "te\x01xt\n\n\xe2\x80\x94 a AAAAAAA=\n", 1, "control" },
		{ "a\nb\xc0\xaf\n\n\xe2\x80\x94 a AAAAAAA=\n", 2, "UTF-8" },
		{ "a\n\n\xe2\x80\x94 a AAAAAAA=\n\n", 0, "needs a signature" },
		/* fuzz_note: libsodium read 0xcb 0xb6 as base64 digits */
		{ "a\n\n\xe2\x80\x94 a AAAAA\xcb\xb6=\n", 3, "not base64" },
	};
	struct note n;
	struct err err = ERR_INIT;
	struct strbuf msg = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err_reset(&err);
		strbuf_reset(&msg);
		assert_int_equal(note_parse("cp", cases[i].note,
					    strlen(cases[i].note), &n, &err),
				 -1);
		err_format(&err, &msg);
		if (!strstr(msg.buf, cases[i].says))
			fail_msg("case %zu: '%s' says '%s'", i, cases[i].note,
				 msg.buf);
		assert_int_equal(err.line, cases[i].line);
	}
	strbuf_release(&msg);
	err_release(&err);
}

static void test_verify_refuses(void **state)
{
	struct note_key pk, other;
	struct note n;
	struct err err = ERR_INIT;
	char buf[sizeof(signed_note)];

	(void)state;
	assert_int_equal(note_key_parse_public(vkey, strlen(vkey), &pk, &err),
			 0);
	assert_int_equal(note_key_generate("PeterNeumann", &other, &err), 0);
	memcpy(buf, signed_note, sizeof(buf));
	buf[3] = 'X';     /* the text changed */
	assert_int_equal(note_parse("n", buf, strlen(buf), &n, &err), 0);
	assert_int_equal(note_verify(&n, &pk, &err), NOTE_BADSIG);
	/* another key of the same name: its id differs, so unsigned */
	assert_int_equal(note_verify(&n, &other, &err), NOTE_UNSIGNED);
	note_release(&n);
	note_key_release(&pk);
	note_key_release(&other);
	err_release(&err);
}

static void test_checkpoint(void **state)
{
	static const char cp_text[] =
		"bac-ninh/bn-2026/dien-tap\n"
		"12\n"
		"3e0P9nQUfJmlSC2eR7kXJcUo3Npx2jBcjxh7tHqnKAE=\n"
		"cutover-head 9032a6911c47bbcafd66f1e2bb96e208f4747bbb6cf5677a63f817611d558ead\n"
		"cutover-time 1780052400\n"
		"cutover-files 0000000000000000000000000000000000000000000000000000000000000001\n"
		"something else\n";
	static const char *const bad[] = {
		"o\n", "o\n12\n", "\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"o\n012\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"o\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"o\n9223372036854775808\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"o\n1\nAAAA\n",
		"o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n",
		"o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ncutover-head x\n",
		"o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ncutover-time 01\n",
		"o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ncutover-time 1\ncutover-time 2\n",
	};
	struct note_checkpoint cp;
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;
	size_t i;

	(void)state;
	assert_int_equal(note_checkpoint_parse("cp", cp_text, strlen(cp_text),
					       &cp, &err), 0);
	assert_string_equal(cp.origin, "bac-ninh/bn-2026/dien-tap");
	assert_int_equal(cp.size, 12);
	assert_true(cp.has_head && cp.has_time && cp.has_files);
	assert_int_equal(cp.time, 1780052400);
	assert_int_equal(cp.files[31], 1);
	assert_int_equal(cp.nother, 1);
	note_checkpoint_format(&sb, &cp);
	assert_string_equal(sb.buf, cp_text);
	note_checkpoint_release(&cp);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_reset(&err);
		if (!note_checkpoint_parse("cp", bad[i], strlen(bad[i]), &cp,
					   &err)) {
			note_checkpoint_release(&cp);
			fail_msg("checkpoint %zu accepted: %s", i, bad[i]);
		}
		assert_true(err.line > 0);
	}
	strbuf_release(&sb);
	err_release(&err);
}

static void test_cosignature(void **state)
{
	static const char cp[] =
		"bac-ninh/x/y\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
	struct note_key log, witness, other, wpub, parsed;
	struct note n = NOTE_INIT, back;
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;
	uint64_t t = 0;

	(void)state;
	assert_int_equal(note_key_generate("bac-ninh", &log, &err), 0);
	assert_int_equal(note_key_generate("quoc-gia/witness", &witness, &err),
			 0);
	assert_int_equal(note_key_generate("quoc-gia/witness", &other, &err),
			 0);
	note_set_text(&n, cp, strlen(cp));
	note_sign(&n, &log);
	note_cosign(&n, &witness, 1780052400);
	note_format(&sb, &n);
	assert_int_equal(note_parse("n", sb.buf, sb.len, &back, &err), 0);
	assert_int_equal(back.nsigs, 2);
	/* The witness's verifier key, as it would hand it out. */
	strbuf_reset(&sb);
	note_key_format_public(&sb, &witness, NOTE_COSIGNATURE);
	assert_int_equal(note_key_parse_public(sb.buf, sb.len, &wpub, &err),
			 0);
	assert_int_equal(wpub.type, NOTE_COSIGNATURE);
	assert_int_equal(note_verify_cosignature(&back, &wpub, &t, &err), 0);
	assert_int_equal(t, 1780052400);
	assert_int_equal(note_verify(&back, &log, &err), 0);
	/* A cosignature is no note signature, and the reverse. */
	assert_int_equal(note_verify(&back, &witness, &err), NOTE_UNSIGNED);
	assert_int_equal(note_verify_cosignature(&back, &log, &t, &err),
			 NOTE_UNSIGNED);
	assert_int_equal(note_verify_cosignature(&back, &other, &t, &err),
			 NOTE_UNSIGNED);
	/* Another time in the signature bytes: it no longer verifies. */
	back.sigs[1].sig[7] ^= 1;
	assert_int_equal(note_verify_cosignature(&back, &wpub, &t, &err),
			 NOTE_BADSIG);
	note_key_public(&log, NOTE_ED25519, &parsed);
	assert_int_equal(note_verify(&back, &parsed, &err), 0);
	note_key_release(&parsed);
	note_release(&back);
	note_release(&n);
	note_key_release(&log);
	note_key_release(&witness);
	note_key_release(&other);
	note_key_release(&wpub);
	strbuf_release(&sb);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go_vectors),
		cmocka_unit_test(test_mangled_keys),
		cmocka_unit_test(test_bad_notes),
		cmocka_unit_test(test_verify_refuses),
		cmocka_unit_test(test_checkpoint),
		cmocka_unit_test(test_cosignature),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
