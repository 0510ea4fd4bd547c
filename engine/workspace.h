/*
 * Where the state lives: the database is found like git finds .git —
 * --db, else CUTOVER_DB, else .cutover/state.db in the current folder or
 * the nearest parent that has one.
 */
#ifndef WORKSPACE_H
#define WORKSPACE_H

#include "err.h"
#include "strbuf.h"

#define WORKSPACE_DIR ".cutover"
#define WORKSPACE_DB ".cutover/state.db"

/*
 * Appends the database path to out.  override (--db) may be NULL.
 * Returns 0, or -1 with err "not in a cutover workspace ...".
 */
int workspace_find_db(const char *override, struct strbuf *out,
		      struct err *err);

/*
 * For `init`: the path the new database goes to (override, CUTOVER_DB or
 * ./.cutover/state.db), creating its folder.  Returns 0 or -1.
 */
int workspace_prepare_db(const char *override, struct strbuf *out,
			 struct err *err);

/*
 * Creates the folders above path that do not exist yet (mkdir -p of its
 * folder), with mode (0700 for a key's, 0777 less the umask else).
 * 0, or -1 with err naming the folder.
 */
int workspace_make_parents(const char *path, int mode, struct err *err);

/* 1 when a regular file exists at path. */
int workspace_file_exists(const char *path);

#endif
