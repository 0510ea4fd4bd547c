/*
 * Signing keys on disk: a province's (or a witness's) Ed25519 key, kept
 * in a file of its own outside the workspace database, readable by its
 * owner only, as the note format's signer text
 * ("PRIVATE+KEY+NAME+ID+KEY", what Go's sumdb/note reads), with its
 * verifier key ("NAME+ID+KEY") beside it in FILE.pub for others.
 *
 * Where: --key FILE, else $CUTOVER_KEY, else
 * $XDG_CONFIG_HOME/cutover/signing.key (~/.config/cutover/signing.key):
 * a machine that takes over a run (restore) needs the same file.
 */
#ifndef KEYS_H
#define KEYS_H

#include "err.h"
#include "note.h"
#include "strbuf.h"

/* Appends the key file's path: given (may be NULL), or the default. */
int keys_path(const char *given, struct strbuf *out, struct err *err);

/*
 * Writes a new key named name to path (mode 0600, its folder created
 * 0700 when missing) and its verifier key to path.pub (0644).  Never
 * replaces a file: an existing key is an error.  0, or -1 with err.
 */
int keys_generate(const char *path, const char *name, struct note_key *out,
		  struct err *err);

/*
 * Reads the signer key at path.  A file that others than its owner may
 * read or write is refused, as ssh refuses such a key.  0, or -1.
 */
int keys_load(const char *path, struct note_key *out, struct err *err);

/*
 * A verifier key given on the command line: the text "NAME+ID+KEY", or
 * the path of a file whose first line it is.  0, or -1 with err.
 */
int keys_verifier(const char *arg, struct note_key *out, struct err *err);

#endif
