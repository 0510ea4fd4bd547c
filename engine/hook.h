/*
 * Handing a message to a program the coordinator names (`--exec CMD`),
 * as git hands a hook its input: the command runs through /bin/sh -c,
 * the message on its standard input, what it needs to know in its
 * environment.  Its standard output goes to our standard error, so a
 * hook's chatter never mixes with what the command prints; its own
 * standard error is ours.
 */
#ifndef HOOK_H
#define HOOK_H

#include <stddef.h>

#include "err.h"

/* One variable of the hook's environment. */
struct hook_var {
	const char *name;
	const char *value;
};

/*
 * Runs cmd with input (len bytes, read from a file, so a hook that
 * reads nothing cannot stall us), the caller's environment less the
 * secrets named in hook.c (CUTOVER_SMTP_PASSWORD, CUTOVER_TOKEN) plus
 * vars.  Returns 0 when it exited 0, else -1 with err saying how it
 * ended (its exit status or the signal).
 */
int hook_run(const char *cmd, const struct hook_var *vars, size_t nvars,
	     const char *input, size_t len, struct err *err);

#endif
