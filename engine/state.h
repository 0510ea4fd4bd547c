/*
 * A task's state, as the engine handles it.  The database, the ledger and
 * --json spell it as words ("pending", "done", ...); the store turns those
 * words into this enum where it reads them and back where it writes, so
 * everything between compares values the compiler knows.  A switch over
 * enum task_state without a default is how a new state gets every place
 * that must handle it listed by -Wswitch.
 */
#ifndef STATE_H
#define STATE_H

enum task_state {
	TASK_PENDING,
	TASK_DONE,
	TASK_SKIPPED,
	TASK_FAILED,
	TASK_BLOCKED,
};

#define TASK_STATE_COUNT 5

/* The state's word in the database, the ledger and --json ("done"). */
const char *task_state_name(enum task_state state);

/*
 * Sets *state from its word; 0 when word is a state, -1 otherwise (an
 * event kind such as "reopened" or "comment" is not a state).
 */
int task_state_parse(const char *word, enum task_state *state);

/* Done or skipped: nothing more is expected of the task. */
int task_state_settled(enum task_state state);

/* Blocked or failed: the task stopped and someone must act. */
int task_state_stopped(enum task_state state);

#endif
