/*
 * How far a long loop got (tasks stored at start, rows of an import,
 * tasks moved by an upgrade, recipients of a daily report), told to
 * whoever draws it.  Modules report through this and never draw: the
 * command layer draws a line on stderr when it is a terminal (term.h).
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdint.h>

struct progress {
	/*
	 * Called with the phase (a message marked N_(), the same pointer
	 * for the whole phase), how many of how many are done (total 0:
	 * unknown).  done == total ends the phase.
	 */
	void (*update)(void *arg, const char *what, uint64_t done,
		       uint64_t total);
	void *arg;
};

#endif
