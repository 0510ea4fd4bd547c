/*
 * Command-line options as a table (libgit2's cli_opt_spec, git's
 * parse-options): one array of opt_spec rows says what a command
 * accepts, and from it come the parsing, the checks of required options
 * and argument counts, the usage line, the option list of --help and
 * what the completion scripts offer, so that none of them can drift from
 * the others.
 *
 * Parsing is GNU style: options and arguments in any order until "--";
 * "--name value" and "--name=value"; "-x value" and "-xvalue" for a
 * row with a short alias.  The module neither prints nor exits: errors
 * are usage errors in an err (exit status 2 for the caller).
 */
#ifndef OPT_H
#define OPT_H

#include <stddef.h>

#include "err.h"
#include "strbuf.h"

enum opt_kind {
	OPT_END = 0,       /* the row that ends a table */
	OPT_SWITCH,        /* --force: *(int *)dest = value (1 when 0) */
	OPT_VALUE,         /* --by NAME: *(const char **)dest (the last given) */
	OPT_LIST,          /* --evidence K=V, repeatable: struct opt_list *dest */
	OPT_ARG,           /* a positional argument, in table order */
	OPT_ARGS           /* the remaining positional arguments: opt_list */
};

/* Flags of a row. */
#define OPT_REQUIRED 0x1   /* must be given (an option or an argument) */
#define OPT_HIDDEN 0x2     /* parsed, but neither in usage nor in help */
#define OPT_GLOBAL 0x4     /* cutover's own (--db, --json): helped apart */
#define OPT_VERBATIM 0x8   /* OPT_ARGS: the placeholder is the usage's
			    * words for them all ("[REV_A [REV_B]] RUNBOOK") */

/*
 * One row.  Switches that share a dest with different values are
 * alternatives (--go, --no-go): giving two of them is a usage error.
 */
struct opt_spec {
	enum opt_kind kind;
	const char *name;       /* long name without "--"; an argument's
				 * placeholder ("TASK"), marked N_() */
	int alias;              /* short option letter, or 0 */
	void *dest;
	const char *value_name; /* its value's placeholder ("NAME"), N_() */
	const char *help;       /* one line, marked N_(); translated here */
	unsigned flags;
	int value;              /* OPT_SWITCH: what it stores */
};

/* The values of a repeatable option or of the remaining arguments. */
struct opt_list {
	const char **v;         /* borrowed from argv; the array is owned */
	size_t n, alloc;
};

#define OPT_LIST_INIT { NULL, 0, 0 }
void opt_list_release(struct opt_list *l);

/* opt_parse's outcome besides 0 and -1: --help (or -h) was given. */
#define OPT_HELP 1

/*
 * Parses argv[1..argc) (argv[0] is the command's name) into the rows'
 * dests.  Returns 0; OPT_HELP when --help or -h is among the options
 * (nothing else is checked then); or -1 with a usage error in err: an
 * unknown option (with the nearest names the table has), a missing
 * value, two alternatives, a required option or argument missing, an
 * argument too many.  `command` names the command in messages
 * ("sign", "roster add").
 */
int opt_parse(const struct opt_spec *spec, const char *command, int argc,
	      char **argv, struct err *err);

/*
 * Appends the usage in man-page form, wrapped to width columns with the
 * continuation lines under the first option:
 *   usage: cutover sign --by NAME [--evidence FIELD=VALUE]... TASK
 * Global rows are left out (cutover --help lists them).
 */
void opt_usage(struct strbuf *out, const char *command,
	       const struct opt_spec *spec, size_t width);

/*
 * Appends the option list of --help, one row per option (global ones
 * under a heading of their own), the names in a column and each help
 * line translated beside them.
 */
void opt_help(struct strbuf *out, const struct opt_spec *spec);

/*
 * Appends, one per line, what a completion script may offer after the
 * command: "--name" for every visible option, followed by "=" when it
 * takes a value.
 */
void opt_complete(struct strbuf *out, const struct opt_spec *spec);

/* The number of rows before OPT_END. */
size_t opt_count(const struct opt_spec *spec);

#endif
