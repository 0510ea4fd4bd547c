/* Task states: the words the store keeps and the enum the engine uses. */
#include <string.h>

#include "state.h"

const char *task_state_name(enum task_state state)
{
	switch (state) {
	case TASK_PENDING:
		return "pending";
	case TASK_DONE:
		return "done";
	case TASK_SKIPPED:
		return "skipped";
	case TASK_FAILED:
		return "failed";
	case TASK_BLOCKED:
		return "blocked";
	}
	return "pending";
}

int task_state_parse(const char *word, enum task_state *state)
{
	int i;

	for (i = 0; word && i < TASK_STATE_COUNT; i++) {
		if (!strcmp(word, task_state_name((enum task_state)i))) {
			*state = (enum task_state)i;
			return 0;
		}
	}
	return -1;
}

int task_state_settled(enum task_state state)
{
	switch (state) {
	case TASK_DONE:
	case TASK_SKIPPED:
		return 1;
	case TASK_PENDING:
	case TASK_FAILED:
	case TASK_BLOCKED:
		return 0;
	}
	return 0;
}

int task_state_stopped(enum task_state state)
{
	switch (state) {
	case TASK_FAILED:
	case TASK_BLOCKED:
		return 1;
	case TASK_PENDING:
	case TASK_DONE:
	case TASK_SKIPPED:
		return 0;
	}
	return 0;
}
