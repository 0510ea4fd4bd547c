/*
 * C2SP signed notes, checkpoints and cosignatures: parsing (of hostile
 * text), formatting, signing and verifying.  The cryptography is the
 * seal module's (libsodium); this module owns the text formats.
 */
#include "note.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "utf8.h"
#include "xalloc.h"
#include "banned.h"

/* "— ": the em dash (U+2014) and a space that open a signature line. */
static const char sig_prefix[] = "\xe2\x80\x94 ";
#define SIG_PREFIX_LEN 4

static const char cosign_header[] = "cosignature/v1\n";

/* ---- notes ---- */

void note_release(struct note *n)
{
	size_t i;

	for (i = 0; i < n->nsigs; i++) {
		free(n->sigs[i].name);
		free(n->sigs[i].sig);
	}
	free(n->sigs);
	free(n->text);
	memset(n, 0, sizeof(*n));
}

void note_set_text(struct note *n, const char *text, size_t len)
{
	note_release(n);
	n->text = xstrndup(text, len);
	n->text_len = len;
}

/*
 * The Unicode spaces (Go's unicode.IsSpace, which the note format's
 * reference implementation applies) that a key name may not hold, by
 * code point; the ASCII ones are control characters or ' '.
 */
static int unicode_space(uint32_t cp)
{
	return cp == 0x20 || cp == 0x85 || cp == 0xa0 || cp == 0x1680 ||
		(cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
		cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

static uint32_t code_point(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t i;

	if (len == 1)
		return s[0];
	cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return cp;
}

/* 1 when the len bytes at s are a valid key name. */
static int name_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	if (!len || len > NOTE_NAME_MAX)
		return 0;
	while (i < len) {
		n = utf8_seq_len(p + i, len - i);
		if (!n || p[i] < 0x20 || p[i] == 0x7f || p[i] == '+' ||
		    unicode_space(code_point(p + i, n)))
			return 0;
		i += n;
	}
	return 1;
}

int note_name_valid(const char *name)
{
	return name && name_ok(name, strlen(name));
}

/* Checks the whole note's bytes: UTF-8, no control but '\n'. */
static int check_bytes(const char *file, const char *data, size_t len,
		       struct err *err)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t i = 0, n;
	int line = 1;

	while (i < len) {
		n = utf8_seq_len(p + i, len - i);
		if (!n) {
			err_at(err, file, line, 0);
			return fail(err, "%s", _("not valid UTF-8"));
		}
		if (p[i] == '\n') {
			line++;
		} else if (p[i] < 0x20) {
			err_at(err, file, line, 0);
			return fail(err, _("control character 0x%02x"), p[i]);
		}
		i += n;
	}
	return 0;
}

/* Fails at line of file. */
static int fail_at(struct err *err, const char *file, int line,
		   const char *msg)
{
	err_at(err, file, line, 0);
	return fail(err, "%s", msg);
}

/* Parses one signature line (without its newline) into n's list. */
static int parse_sig_line(const char *file, int line, const char *s,
			  size_t len, struct note *n, struct err *err)
{
	const char *name, *space, *b64;
	unsigned char bytes[4 + 4096];
	size_t blen;
	struct note_sig *sig;

	if (len < SIG_PREFIX_LEN || memcmp(s, sig_prefix, SIG_PREFIX_LEN))
		return fail_at(err, file, line, _("a signature line must"
						  " start with an em dash and"
						  " a space"));
	name = s + SIG_PREFIX_LEN;
	space = memchr(name, ' ', len - SIG_PREFIX_LEN);
	if (!space)
		return fail_at(err, file, line, _("a signature line needs a"
						  " key name, a space and the"
						  " signature"));
	if (!name_ok(name, (size_t)(space - name)))
		return fail_at(err, file, line, _("not a valid key name"));
	b64 = space + 1;
	if (seal_unbase64(b64, (size_t)(s + len - b64), bytes, sizeof(bytes),
			  &blen) || blen < 5)
		return fail_at(err, file, line, _("the signature is not base64"
						  " of a key id and a"
						  " signature"));
	if (n->nsigs == NOTE_MAX_SIGS) {
		err_at(err, file, line, 0);
		return fail(err, _("more than %d signatures"), NOTE_MAX_SIGS);
	}
	XGROW(n->sigs, n->alloc, n->nsigs + 1);
	sig = &n->sigs[n->nsigs++];
	sig->name = xstrndup(name, (size_t)(space - name));
	sig->key_id = (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 |
		(uint32_t)bytes[2] << 8 | bytes[3];
	sig->len = blen - 4;
	sig->sig = xmalloc(sig->len);
	memcpy(sig->sig, bytes + 4, sig->len);
	return 0;
}

int note_parse(const char *file, const char *data, size_t len,
	       struct note *out, struct err *err)
{
	size_t split, i, start;
	int line, ret = 0;

	memset(out, 0, sizeof(*out));
	if (len > NOTE_MAX_LEN)
		return fail(err, _("%s: a note of %zu bytes; the most is %d"),
			    file, len, NOTE_MAX_LEN);
	if (check_bytes(file, data, len, err))
		return -1;
	if (!len || data[len - 1] != '\n')
		return fail(err, _("%s: a note must end in a newline"), file);
	/* The text ends at the last blank line. */
	for (split = len - 1; split > 0; split--)
		if (data[split] == '\n' && data[split - 1] == '\n')
			break;
	if (!split)
		return fail(err, _("%s: no blank line between the text and"
				   " the signatures"), file);
	out->text = xstrndup(data, split);
	out->text_len = split;
	for (line = 1, i = 0; i < split; i++)
		line += data[i] == '\n';
	line++;
	for (start = split + 1; !ret && start < len; start = i + 1) {
		i = (size_t)((const char *)memchr(data + start, '\n',
						  len - start) - data);
		ret = parse_sig_line(file, line++, data + start, i - start,
				     out, err);
	}
	if (!ret && !out->nsigs)
		ret = fail(err, _("%s: a note needs a signature"), file);
	if (ret)
		note_release(out);
	return ret;
}

void note_format(struct strbuf *out, const struct note *n)
{
	size_t i;

	strbuf_add(out, n->text, n->text_len);
	strbuf_addch(out, '\n');
	for (i = 0; i < n->nsigs; i++) {
		unsigned char *bytes = xmalloc(4 + n->sigs[i].len);
		uint32_t id = n->sigs[i].key_id;

		bytes[0] = (unsigned char)(id >> 24);
		bytes[1] = (unsigned char)(id >> 16);
		bytes[2] = (unsigned char)(id >> 8);
		bytes[3] = (unsigned char)id;
		memcpy(bytes + 4, n->sigs[i].sig, n->sigs[i].len);
		strbuf_adds(out, sig_prefix);
		strbuf_adds(out, n->sigs[i].name);
		strbuf_addch(out, ' ');
		seal_base64(out, bytes, 4 + n->sigs[i].len);
		strbuf_addch(out, '\n');
		free(bytes);
	}
}

static void add_sig(struct note *n, const char *name, uint32_t id,
		    const unsigned char *sig, size_t len)
{
	struct note_sig *s;

	XGROW(n->sigs, n->alloc, n->nsigs + 1);
	s = &n->sigs[n->nsigs++];
	s->name = xstrdup(name);
	s->key_id = id;
	s->sig = xmalloc(len);
	memcpy(s->sig, sig, len);
	s->len = len;
}

/* ---- keys ---- */

void note_key_release(struct note_key *k)
{
	free(k->name);
	seal_signer_wipe(&k->signer);
	memset(k, 0, sizeof(*k));
}

uint32_t note_key_id(const char *name, unsigned char type,
		     const unsigned char public_key[SEAL_SIGN_PUBLIC_LEN])
{
	static const char nl = '\n';
	unsigned char h[SEAL_SHA256_LEN];
	const struct seal_part parts[] = {
		{ name, strlen(name) }, { &nl, 1 }, { &type, 1 },
		{ public_key, SEAL_SIGN_PUBLIC_LEN },
	};

	seal_sha256(parts, 4, h);
	return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
		(uint32_t)h[2] << 8 | h[3];
}

int note_key_generate(const char *name, struct note_key *out,
		      struct err *err)
{
	memset(out, 0, sizeof(*out));
	if (!note_name_valid(name))
		return fail(err, _("'%s' cannot name a key: a name has no"
				   " space and no '+'"), name);
	out->name = xstrdup(name);
	out->type = NOTE_ED25519;
	out->has_secret = 1;
	seal_signer_generate(&out->signer);
	memcpy(out->public_key, out->signer.public_key,
	       sizeof(out->public_key));
	out->key_id = note_key_id(name, NOTE_ED25519, out->public_key);
	return 0;
}

/*
 * Splits text at its first max - 1 '+' into max fields (the last, a key
 * in base64, may hold '+' itself); returns how many fields there are.
 */
static size_t split_plus(const char *text, size_t len, const char **field,
			 size_t *flen, size_t max)
{
	size_t n = 0, start = 0, i;

	for (i = 0; i < len && n + 1 < max; i++)
		if (text[i] == '+') {
			field[n] = text + start;
			flen[n++] = i - start;
			start = i + 1;
		}
	field[n] = text + start;
	flen[n++] = len - start;
	return n;
}

/* The key id of a key text: 8 hex digits. */
static int parse_key_id(const char *s, size_t len, uint32_t *id)
{
	char hex[9];
	unsigned char b[4];

	if (len != 8)
		return -1;
	memcpy(hex, s, 8);
	hex[8] = '\0';
	if (seal_unhex(hex, b, 4))
		return -1;
	*id = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		(uint32_t)b[2] << 8 | b[3];
	return 0;
}

int note_key_parse_secret(const char *text, size_t len, struct note_key *out,
			  struct err *err)
{
	const char *f[5];
	size_t fl[5], blen;
	unsigned char b[1 + SEAL_SIGN_SEED_LEN];
	uint32_t id;

	memset(out, 0, sizeof(*out));
	if (split_plus(text, len, f, fl, 5) != 5 || fl[0] != 7 ||
	    memcmp(f[0], "PRIVATE", 7) || fl[1] != 3 || memcmp(f[1], "KEY", 3))
		return fail(err, "%s", _("not a signer key (PRIVATE+KEY+NAME"
					 "+ID+KEY)"));
	if (!name_ok(f[2], fl[2]))
		return fail(err, "%s", _("the key's name is not valid"));
	if (parse_key_id(f[3], fl[3], &id))
		return fail(err, "%s", _("the key id is not 8 hex digits"));
	if (seal_unbase64(f[4], fl[4], b, sizeof(b), &blen) ||
	    blen != sizeof(b) || b[0] != NOTE_ED25519) {
		seal_wipe(b, sizeof(b));
		return fail(err, "%s", _("the key is not base64 of an Ed25519"
					 " seed"));
	}
	out->name = xstrndup(f[2], fl[2]);
	out->type = NOTE_ED25519;
	out->has_secret = 1;
	seal_signer_from_seed(&out->signer, b + 1);
	seal_wipe(b, sizeof(b));
	memcpy(out->public_key, out->signer.public_key,
	       sizeof(out->public_key));
	out->key_id = note_key_id(out->name, NOTE_ED25519, out->public_key);
	if (out->key_id != id) {
		note_key_release(out);
		return fail(err, "%s", _("the key id does not match the key"));
	}
	return 0;
}

static void format_id(struct strbuf *out, uint32_t id)
{
	strbuf_addf(out, "%08" PRIx32, id);
}

void note_key_format_secret(struct strbuf *out, const struct note_key *k)
{
	unsigned char b[1 + SEAL_SIGN_SEED_LEN];

	b[0] = NOTE_ED25519;
	memcpy(b + 1, k->signer.seed, SEAL_SIGN_SEED_LEN);
	strbuf_adds(out, "PRIVATE+KEY+");
	strbuf_adds(out, k->name);
	strbuf_addch(out, '+');
	format_id(out, note_key_id(k->name, NOTE_ED25519, k->public_key));
	strbuf_addch(out, '+');
	seal_base64(out, b, sizeof(b));
	seal_wipe(b, sizeof(b));
}

int note_key_parse_public(const char *text, size_t len, struct note_key *out,
			  struct err *err)
{
	const char *f[3];
	size_t fl[3], blen;
	unsigned char b[1 + SEAL_SIGN_PUBLIC_LEN];
	uint32_t id;

	memset(out, 0, sizeof(*out));
	if (split_plus(text, len, f, fl, 3) != 3)
		return fail(err, "%s", _("not a verifier key (NAME+ID+KEY)"));
	if (!name_ok(f[0], fl[0]))
		return fail(err, "%s", _("the key's name is not valid"));
	if (parse_key_id(f[1], fl[1], &id))
		return fail(err, "%s", _("the key id is not 8 hex digits"));
	if (seal_unbase64(f[2], fl[2], b, sizeof(b), &blen) ||
	    blen != sizeof(b) ||
	    (b[0] != NOTE_ED25519 && b[0] != NOTE_COSIGNATURE))
		return fail(err, "%s", _("the key is not base64 of an Ed25519"
					 " public key"));
	out->name = xstrndup(f[0], fl[0]);
	out->type = b[0];
	memcpy(out->public_key, b + 1, SEAL_SIGN_PUBLIC_LEN);
	out->key_id = note_key_id(out->name, out->type, out->public_key);
	if (out->key_id != id) {
		note_key_release(out);
		return fail(err, "%s", _("the key id does not match the key"));
	}
	return 0;
}

void note_key_format_public(struct strbuf *out, const struct note_key *k,
			    unsigned char type)
{
	unsigned char b[1 + SEAL_SIGN_PUBLIC_LEN];

	b[0] = type;
	memcpy(b + 1, k->public_key, SEAL_SIGN_PUBLIC_LEN);
	strbuf_adds(out, k->name);
	strbuf_addch(out, '+');
	format_id(out, note_key_id(k->name, type, k->public_key));
	strbuf_addch(out, '+');
	seal_base64(out, b, sizeof(b));
}

void note_key_public(const struct note_key *k, unsigned char type,
		     struct note_key *out)
{
	memset(out, 0, sizeof(*out));
	out->name = xstrdup(k->name);
	out->type = type;
	memcpy(out->public_key, k->public_key, SEAL_SIGN_PUBLIC_LEN);
	out->key_id = note_key_id(out->name, type, out->public_key);
}

/* ---- signatures ---- */

void note_sign(struct note *n, const struct note_key *k)
{
	unsigned char sig[SEAL_SIGN_LEN];

	seal_sign(&k->signer, n->text, n->text_len, sig);
	add_sig(n, k->name, note_key_id(k->name, NOTE_ED25519,
					k->public_key), sig, sizeof(sig));
}

int note_verify(const struct note *n, const struct note_key *k,
		struct err *err)
{
	uint32_t id = note_key_id(k->name, NOTE_ED25519, k->public_key);
	size_t i;

	for (i = 0; i < n->nsigs; i++) {
		const struct note_sig *s = &n->sigs[i];

		if (s->key_id != id || strcmp(s->name, k->name))
			continue;
		/* C2SP: a known key's signature that fails rejects the note. */
		if (s->len != SEAL_SIGN_LEN ||
		    seal_sign_verify(k->public_key, n->text, n->text_len,
				     s->sig)) {
			fail(err, _("the signature by %s+%08" PRIx32 " does not"
				    " verify: the note was altered, or signed"
				    " by another key of that name"), k->name,
			     id);
			return NOTE_BADSIG;
		}
		return 0;
	}
	fail(err, _("no signature by %s+%08" PRIx32), k->name, id);
	return NOTE_UNSIGNED;
}

/* "cosignature/v1\ntime N\n" and the note's text: what a witness signs. */
static void cosigned_message(struct strbuf *msg, const struct note *n,
			     uint64_t timestamp)
{
	strbuf_adds(msg, cosign_header);
	strbuf_addf(msg, "time %" PRIu64 "\n", timestamp);
	strbuf_add(msg, n->text, n->text_len);
}

void note_cosign(struct note *n, const struct note_key *k,
		 uint64_t timestamp)
{
	struct strbuf msg = STRBUF_INIT;
	unsigned char sig[8 + SEAL_SIGN_LEN];
	int i;

	cosigned_message(&msg, n, timestamp);
	for (i = 0; i < 8; i++)
		sig[i] = (unsigned char)(timestamp >> (56 - 8 * i));
	seal_sign(&k->signer, msg.buf, msg.len, sig + 8);
	add_sig(n, k->name, note_key_id(k->name, NOTE_COSIGNATURE,
					k->public_key), sig, sizeof(sig));
	strbuf_release(&msg);
}

int note_verify_cosignature(const struct note *n, const struct note_key *w,
			    uint64_t *timestamp, struct err *err)
{
	uint32_t id = note_key_id(w->name, NOTE_COSIGNATURE, w->public_key);
	struct strbuf msg = STRBUF_INIT;
	uint64_t t = 0;
	size_t i;
	int j, rc;

	for (i = 0; i < n->nsigs; i++) {
		const struct note_sig *s = &n->sigs[i];

		if (s->key_id != id || strcmp(s->name, w->name))
			continue;
		if (s->len != 8 + SEAL_SIGN_LEN) {
			rc = NOTE_BADSIG;
		} else {
			for (t = 0, j = 0; j < 8; j++)
				t = t << 8 | s->sig[j];
			cosigned_message(&msg, n, t);
			rc = t > INT64_MAX ||
				seal_sign_verify(w->public_key, msg.buf,
						 msg.len, s->sig + 8) ?
				NOTE_BADSIG : 0;
			strbuf_release(&msg);
		}
		if (rc) {
			fail(err, _("the cosignature by %s+%08" PRIx32 " does"
				    " not verify"), w->name, id);
			return rc;
		}
		*timestamp = t;
		return 0;
	}
	fail(err, _("no cosignature by %s+%08" PRIx32), w->name, id);
	return NOTE_UNSIGNED;
}

/* ---- checkpoints ---- */

void note_checkpoint_release(struct note_checkpoint *cp)
{
	size_t i;

	free(cp->origin);
	for (i = 0; i < cp->nother; i++)
		free(cp->other[i]);
	free(cp->other);
	memset(cp, 0, sizeof(*cp));
}

/* A decimal without leading zeros, at most INT64_MAX; 0 or -1. */
static int parse_decimal(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!len || (len > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' ||
		    v > ((uint64_t)INT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* 1 when the len bytes at s are 64 lower-case hex digits. */
static int lower_hex64(const char *s, size_t len)
{
	size_t i;

	if (len != SEAL_HEX_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

/* One extension line (without its newline). */
static int parse_extension(const char *s, size_t len,
			   struct note_checkpoint *cp, struct err *err)
{
	char hex[SEAL_HEX_LEN + 1];
	uint64_t v;

	if (!len)
		return fail(err, "%s", _("an extension line is empty"));
	if (starts(s, len, "cutover-head ")) {
		if (cp->has_head || !lower_hex64(s + 13, len - 13))
			return fail(err, "%s", _("'cutover-head' needs one"
						 " hash of 64 hex digits"));
		memcpy(cp->head, s + 13, SEAL_HEX_LEN);
		cp->head[SEAL_HEX_LEN] = '\0';
		cp->has_head = 1;
	} else if (starts(s, len, "cutover-time ")) {
		if (cp->has_time || parse_decimal(s + 13, len - 13, &v))
			return fail(err, "%s", _("'cutover-time' needs one"
						 " time in seconds"));
		cp->time = (int64_t)v;
		cp->has_time = 1;
	} else if (starts(s, len, "cutover-files ")) {
		if (cp->has_files || !lower_hex64(s + 14, len - 14))
			return fail(err, "%s", _("'cutover-files' needs one"
						 " hash of 64 hex digits"));
		memcpy(hex, s + 14, SEAL_HEX_LEN);
		hex[SEAL_HEX_LEN] = '\0';
		seal_unhex(hex, cp->files, sizeof(cp->files));
		cp->has_files = 1;
	} else {
		cp->other = xrealloc(cp->other,
				     (cp->nother + 1) * sizeof(*cp->other));
		cp->other[cp->nother++] = xstrndup(s, len);
	}
	return 0;
}

int note_checkpoint_parse(const char *file, const char *text, size_t len,
			  struct note_checkpoint *out, struct err *err)
{
	size_t start, end = 0, blen;
	int line = 0, ret = 0;

	memset(out, 0, sizeof(*out));
	if (!len || text[len - 1] != '\n')
		return fail(err, _("%s: a checkpoint's text ends in a"
				   " newline"), file);
	/* As in a note: no control character but the newline (not NUL). */
	if (check_bytes(file, text, len, err))
		return -1;
	for (start = 0; !ret && start < len; start = end + 1) {
		const char *s = text + start;
		size_t n;

		end = (size_t)((const char *)memchr(s, '\n', len - start) -
			       text);
		n = end - start;
		switch (++line) {
		case 1:
			if (!n || memchr(s, '\0', n))
				ret = fail(err, "%s", _("the origin line is"
							" empty"));
			else
				out->origin = xstrndup(s, n);
			break;
		case 2:
			if (parse_decimal(s, n, &out->size))
				ret = fail(err, "%s", _("the tree size is not"
							" a decimal number"));
			break;
		case 3:
			if (seal_unbase64(s, n, out->root, sizeof(out->root),
					  &blen) || blen != sizeof(out->root))
				ret = fail(err, "%s", _("the root hash is not"
							" base64 of 32 bytes"));
			break;
		default:
			ret = parse_extension(s, n, out, err);
		}
	}
	if (!ret && line < 3)
		ret = fail(err, "%s", _("a checkpoint has an origin, a size"
					" and a root hash"));
	if (ret) {
		err_at(err, file, line, 0);
		note_checkpoint_release(out);
		return -1;
	}
	return 0;
}

void note_checkpoint_format(struct strbuf *out,
			    const struct note_checkpoint *cp)
{
	size_t i;

	strbuf_addf(out, "%s\n%" PRIu64 "\n", cp->origin, cp->size);
	seal_base64(out, cp->root, sizeof(cp->root));
	strbuf_addch(out, '\n');
	if (cp->has_head)
		strbuf_addf(out, "cutover-head %s\n", cp->head);
	if (cp->has_time)
		strbuf_addf(out, "cutover-time %lld\n", (long long)cp->time);
	if (cp->has_files) {
		strbuf_adds(out, "cutover-files ");
		seal_hex(out, cp->files, sizeof(cp->files));
		strbuf_addch(out, '\n');
	}
	for (i = 0; i < cp->nother; i++)
		strbuf_addf(out, "%s\n", cp->other[i]);
}
