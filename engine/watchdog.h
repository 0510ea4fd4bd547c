/*
 * A last-resort CPU-time limit for runbook code.  The instruction budget
 * stops Lua code that loops, but not a C library function that runs long
 * inside one instruction (Lua's pattern matcher backtracking on a
 * pathological pattern).  The watchdog covers that case: when armed code
 * uses more CPU time than allowed, the process prints one line and exits
 * with status 1.
 *
 * Exiting is safe because runbook code never runs inside a write
 * transaction: loading and checks happen before the store is written,
 * and SQLite rolls back whatever is open at exit.
 */
#ifndef WATCHDOG_H
#define WATCHDOG_H

/*
 * Arms the limit: `seconds` of CPU time from now (0 disarms).  `file`
 * names the runbook in the message (copied, truncated to 200 bytes).
 */
void watchdog_arm(unsigned seconds, const char *file);
void watchdog_disarm(void);

/*
 * Where runbook code was last seen running (the count hook says so every
 * thousand instructions), so that the message names the file and the
 * line: FILE:LINE: runbook code used more than N s of CPU time.  file
 * must stay valid while armed (it is not copied: a signal handler reads
 * it); line 0 names the file alone.
 */
void watchdog_where(const char *file, int line);

#endif
