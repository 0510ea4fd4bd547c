/*
 * Long output through a pager on a terminal, as git does (pager.c): the
 * standard output becomes a pipe to $CUTOVER_PAGER, else $PAGER, else
 * "less" with LESS=FRX (quit when it fits one screen, keep colours,
 * leave the text on the screen), run by /bin/sh.  "cat" or an empty
 * command means no pager.
 */
#ifndef PAGER_H
#define PAGER_H

/*
 * The pager a terminal would get, or NULL for none (not a terminal, or
 * the user said "cat" or nothing).  Not copied; valid until the
 * environment changes.
 */
const char *pager_command(void);

/*
 * Starts the pager and sends file descriptor 1 to it.  Returns 1 when a
 * pager runs, 0 when none was wanted or it could not start (the output
 * then goes to the terminal as before).  Call before anything is written
 * to stdout.
 */
int pager_start(void);

/*
 * Flushes stdout, closes the pipe and waits for the pager to quit, so
 * that the shell's prompt comes after the output.  Harmless when none
 * runs.
 */
void pager_finish(void);

#endif
