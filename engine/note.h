/*
 * Signed notes (c2sp.org/signed-note), the checkpoints a transparency
 * log signs (c2sp.org/tlog-checkpoint) and the Ed25519 cosignatures of
 * its witnesses (c2sp.org/tlog-cosignature, signature type 0x04).
 *
 * A note is text ending in a newline, a blank line, then one or more
 * lines "— NAME BASE64(key id || signature)".  Everything here reads
 * hostile input: a note or key that does not parse is refused with one
 * line saying where, and nothing in it is trusted until note_verify
 * has checked a signature by a key the caller chose.
 *
 * Keys are Go's golang.org/x/mod/sumdb/note text forms, which other
 * tools read: a verifier key "NAME+KEYID+BASE64(type || public key)",
 * a signer key "PRIVATE+KEY+NAME+KEYID+BASE64(0x01 || seed)"; the key
 * id is SHA-256(NAME || 0x0A || type || public key)[:4] in hex.
 */
#ifndef NOTE_H
#define NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "seal.h"
#include "strbuf.h"
#include "tlog.h"

#define NOTE_MAX_LEN (64 * 1024)  /* a note larger than this is refused */
#define NOTE_MAX_SIGS 100
#define NOTE_NAME_MAX 200

#define NOTE_ED25519 0x01         /* signature types */
#define NOTE_COSIGNATURE 0x04

#define NOTE_UNSIGNED (-2)        /* no signature by the key */
#define NOTE_BADSIG (-3)          /* the key's signature does not verify */

struct note_sig {
	char *name;
	uint32_t key_id;
	unsigned char *sig;       /* after the key id */
	size_t len;
};

struct note {
	char *text;               /* the signed text, ending in '\n' */
	size_t text_len;
	struct note_sig *sigs;
	size_t nsigs, alloc;
};

#define NOTE_INIT { NULL, 0, NULL, 0, 0 }

/*
 * Parses a whole signed note of len bytes: valid UTF-8, no control
 * character but the newline, the text separated from the signature
 * lines by its last blank line, each signature line well formed, at
 * most NOTE_MAX_SIGS of them.  file names it in errors ("FILE:LINE:
 * ...").  0, or -1 with err.
 */
int note_parse(const char *file, const char *data, size_t len,
	       struct note *out, struct err *err);
void note_release(struct note *n);

/* Sets n's text (a copy; it must end in a newline) and no signature. */
void note_set_text(struct note *n, const char *text, size_t len);

/* Appends the note: its text, a blank line, a line per signature. */
void note_format(struct strbuf *out, const struct note *n);

/* A key: a verifier's (public only) or a signer's (has_secret). */
struct note_key {
	char *name;
	unsigned char type;       /* NOTE_ED25519 or NOTE_COSIGNATURE */
	uint32_t key_id;          /* for name, type and public key */
	unsigned char public_key[SEAL_SIGN_PUBLIC_LEN];
	int has_secret;
	struct seal_signer signer;
};

#define NOTE_KEY_INIT { NULL, 0, 0, { 0 }, 0, { { 0 }, { 0 }, { 0 } } }

/* Frees the name and wipes the secret. */
void note_key_release(struct note_key *k);

/*
 * 1 when name may name a key (C2SP: non-empty, no Unicode space, no
 * '+'; and at most NOTE_NAME_MAX bytes of valid UTF-8 without control
 * characters), 0 when not.
 */
int note_name_valid(const char *name);

/* SHA-256(name || '\n' || type || public key)[:4], big-endian. */
uint32_t note_key_id(const char *name, unsigned char type,
		     const unsigned char public_key[SEAL_SIGN_PUBLIC_LEN]);

/* A fresh Ed25519 signer named name.  0, or -1 when name is not one. */
int note_key_generate(const char *name, struct note_key *out,
		      struct err *err);

/* Reads a signer key "PRIVATE+KEY+...".  0, or -1 with err. */
int note_key_parse_secret(const char *text, size_t len, struct note_key *out,
			  struct err *err);
/* Appends k's signer key text (k must have its secret). */
void note_key_format_secret(struct strbuf *out, const struct note_key *k);

/*
 * Reads a verifier key "NAME+KEYID+BASE64"; the key id must be the one
 * of its name, type and public key.  0, or -1 with err.
 */
int note_key_parse_public(const char *text, size_t len, struct note_key *out,
			  struct err *err);
/*
 * Appends the verifier key of k for signature type `type`: NOTE_ED25519
 * for the notes k signs, NOTE_COSIGNATURE for k as a witness.
 */
void note_key_format_public(struct strbuf *out, const struct note_key *k,
			    unsigned char type);

/* The same key seen as a verifier of signature type `type` (no secret). */
void note_key_public(const struct note_key *k, unsigned char type,
		     struct note_key *out);

/* Appends k's Ed25519 signature of n's text (k has its secret). */
void note_sign(struct note *n, const struct note_key *k);

/*
 * Checks n's signatures by k (a verifier of type NOTE_ED25519): 0 when
 * one verifies, NOTE_UNSIGNED when none has k's name and key id,
 * NOTE_BADSIG when one that has does not verify.  err says why for
 * either.
 */
int note_verify(const struct note *n, const struct note_key *k,
		struct err *err);

/*
 * Appends k's cosignature (tlog-cosignature v1, Ed25519, key id of type
 * NOTE_COSIGNATURE) of n's text at the POSIX time `timestamp`.
 */
void note_cosign(struct note *n, const struct note_key *k,
		 uint64_t timestamp);

/*
 * Checks n's cosignatures by witness w (a verifier of type
 * NOTE_COSIGNATURE, or a key of either type: its cosigner id is used):
 * 0 with *timestamp when one verifies, NOTE_UNSIGNED, NOTE_BADSIG.
 */
int note_verify_cosignature(const struct note *n, const struct note_key *w,
			    uint64_t *timestamp, struct err *err);

/*
 * A checkpoint's text: origin, tree size, root hash (base64), then
 * extension lines.  cutover writes three of its own:
 *   "cutover-head HEX"   the ledger's chain head at that size
 *   "cutover-time N"     when it was signed, POSIX seconds
 *   "cutover-files HEX"  SHA-256 of the SHA256SUMS file published with it
 * Extension lines it does not know are kept, and ignored.
 */
struct note_checkpoint {
	char *origin;
	uint64_t size;
	tlog_hash root;
	int has_head, has_time, has_files;
	char head[SEAL_HEX_LEN + 1];
	int64_t time;
	unsigned char files[SEAL_SHA256_LEN];
	char **other;             /* unknown extension lines */
	size_t nother;
};

#define NOTE_CHECKPOINT_INIT { NULL, 0, { 0 }, 0, 0, 0, { 0 }, 0, { 0 }, NULL, 0 }

/* Parses a checkpoint's text (a note's).  0, or -1 with err (file, line). */
int note_checkpoint_parse(const char *file, const char *text, size_t len,
			  struct note_checkpoint *out, struct err *err);
/* Appends the checkpoint's text, its extension lines included. */
void note_checkpoint_format(struct strbuf *out,
			    const struct note_checkpoint *cp);
void note_checkpoint_release(struct note_checkpoint *cp);

#endif
