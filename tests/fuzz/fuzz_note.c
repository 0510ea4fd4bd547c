/*
 * The parsers of what a remote serves and a user pastes: arbitrary bytes
 * as a signed note (note_parse), its text as a checkpoint
 * (note_checkpoint_parse), each line as a verifier or a signer key.
 * Whatever parses must come back the same through its own writer (a
 * note) or parse again to the same values (a checkpoint, a key), and a
 * refusal must say why.  Checking a parsed note against a key must
 * answer, never crash.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "note.h"
#include "seal.h"
#include "strbuf.h"

static void checkpoint(const char *text, size_t len, size_t size)
{
	struct note_checkpoint cp, again;
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;

	if (note_checkpoint_parse("cp", text, len, &cp, &err)) {
		if (!err_is_set(&err))
			fuzz_fail("a checkpoint refused without a message",
				  size);
		err_release(&err);
		return;
	}
	note_checkpoint_format(&sb, &cp);
	if (note_checkpoint_parse("cp", sb.buf, sb.len, &again, &err))
		fuzz_fail("a checkpoint written again does not parse", size);
	if (strcmp(cp.origin, again.origin) || cp.size != again.size ||
	    memcmp(cp.root, again.root, sizeof(cp.root)) ||
	    cp.has_head != again.has_head || cp.has_time != again.has_time ||
	    cp.time != again.time || cp.nother != again.nother)
		fuzz_fail("a checkpoint changes when written again", size);
	note_checkpoint_release(&cp);
	note_checkpoint_release(&again);
	strbuf_release(&sb);
	err_release(&err);
}

/* k written out and read back: the same key (a key id in upper case, as
 * Go's parser accepts, is written back in lower case). */
static void same_key(const struct note_key *k, const struct strbuf *text,
		     int secret, size_t size)
{
	struct note_key again;
	struct err err = ERR_INIT;

	if (secret ? note_key_parse_secret(text->buf, text->len, &again,
					   &err) :
	    note_key_parse_public(text->buf, text->len, &again, &err))
		fuzz_fail("a key written out does not parse", size);
	if (strcmp(k->name, again.name) || k->key_id != again.key_id ||
	    k->type != again.type ||
	    memcmp(k->public_key, again.public_key, sizeof(k->public_key)))
		fuzz_fail("a key changes when written out and read back", size);
	note_key_release(&again);
	err_release(&err);
}

static void keys(const char *line, size_t len, size_t size)
{
	struct note_key k;
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;

	if (!note_key_parse_public(line, len, &k, &err)) {
		note_key_format_public(&sb, &k, k.type);
		same_key(&k, &sb, 0, size);
		note_key_release(&k);
	} else if (!err_is_set(&err)) {
		fuzz_fail("a verifier key refused without a message", size);
	}
	err_reset(&err);
	strbuf_reset(&sb);
	if (!note_key_parse_secret(line, len, &k, &err)) {
		note_key_format_secret(&sb, &k);
		same_key(&k, &sb, 1, size);
		note_key_release(&k);
	} else if (!err_is_set(&err)) {
		fuzz_fail("a signer key refused without a message", size);
	}
	err_release(&err);
	strbuf_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char vkey[] =
		"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
	const char *text = (const char *)data, *nl;
	struct note n, again;
	struct note_key k;
	struct strbuf sb = STRBUF_INIT;
	struct err err = ERR_INIT;
	uint64_t t;
	size_t start;

	seal_init();
	if (note_parse("note", text, size, &n, &err)) {
		if (!err_is_set(&err))
			fuzz_fail("a note refused without a message", size);
	} else {
		note_format(&sb, &n);
		if (sb.len != size || memcmp(sb.buf, text, size))
			fuzz_fail("a note is not written back as read", size);
		if (note_parse("note", sb.buf, sb.len, &again, &err))
			fuzz_fail("a note written again does not parse", size);
		note_release(&again);
		if (note_key_parse_public(vkey, strlen(vkey), &k, &err))
			fuzz_fail("the test key does not parse", size);
		note_verify(&n, &k, &err);
		note_verify_cosignature(&n, &k, &t, &err);
		note_key_release(&k);
		checkpoint(n.text, n.text_len, size);
		note_release(&n);
	}
	err_release(&err);
	strbuf_release(&sb);
	/* The input's text as a checkpoint, and each line as a key. */
	checkpoint(text, size, size);
	for (start = 0; start <= size; start = (size_t)(nl - text) + 1) {
		nl = memchr(text + start, '\n', size - start);
		if (!nl)
			nl = text + size;
		keys(text + start, (size_t)(nl - text) - start, size);
		if (nl == text + size)
			break;
	}
	return 0;
}
