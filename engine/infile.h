/*
 * The files the engine reads: a runbook and the modules it requires, its
 * unit registry, a roster file, a CSV of sign-offs and the files its
 * rows name, an attachment.  Every one is read by infile_read, the one
 * bounded read: the file is opened without blocking (a FIFO does not
 * hang the command), refused unless it is a regular file once symbolic
 * links are followed (a directory, a device such as /dev/zero, a FIFO,
 * a socket), refused when fstat says it is larger than its cap, before
 * a byte is read, and read no further than the cap, so that a file that
 * grows while it is read is refused too.
 *
 * A path that one file names (require, units =, a CSV's file column) is
 * read by infile_read_inside, confined to the folder of the file that
 * names it: relative, without '..', without a part that starts with a
 * dot, and inside the folder once every symbolic link is resolved.
 *
 * DESIGN: a file outside the runbook's or the import's folder is never
 * read because an input named it; no input exhausts memory.
 */
#ifndef INFILE_H
#define INFILE_H

#include <stddef.h>

#include "err.h"
#include "strbuf.h"

/* The caps, each checked before reading. */
#define INFILE_RUNBOOK_MAX ((size_t)16 << 20)  /* a runbook, a module, a registry */
#define INFILE_TABLE_MAX ((size_t)32 << 20)    /* a CSV of sign-offs */
#define INFILE_ATTACHMENT_MAX ((size_t)32 << 20) /* an evidence file */

/*
 * Appends the whole regular file at path, at most max bytes, to out.
 * Returns 0, or -1 with err's message naming path and what is wrong
 * (cannot be opened, not a regular file, larger than max); out is then
 * as it was.
 */
int infile_read(const char *path, size_t max, struct strbuf *out,
		struct err *err);

/*
 * 0 when rel may name a file inside a folder: not empty, not absolute,
 * no '..', no empty part, no part that starts with '.'; else -1 with
 * err's message saying which rule it breaks (`folder` names the folder
 * in it; "" for the working folder).
 */
int infile_check_name(const char *rel, const char *folder, struct err *err);

/*
 * infile_read of rel, relative to dir ("" for the working folder),
 * after infile_check_name, and only when the file it resolves to, every
 * symbolic link followed, is inside dir resolved the same way.  Errors
 * name dir/rel as the user wrote them.
 */
int infile_read_inside(const char *dir, const char *rel, size_t max,
		       struct strbuf *out, struct err *err);

#endif
