/*
 * The subcommands.  Each lives in its own file, cmd/<name>.c, and is
 * thin: parse options, call modules, print.
 *
 * Adding a command:
 *   1. write cmd/<name>.c with `int cmd_<name>(int argc, char **argv,
 *      struct cmd_ctx *ctx)` and declare it below; it parses argv by an
 *      option table with cmd_parse (which also opens what the command
 *      needs), subcommands through cmd_dispatch;
 *   2. add its row to the command table in main.c (name, handler, what
 *      it needs, one-line description for `cutover help`) and one to
 *      cmd/manual.c (exit status, examples);
 *   3. the Makefile picks the file up; add tests/cli/tNNNN-<name>-*.sh;
 *   4. document it in docs/cli.md and the README's tour if users meet it;
 *   5. mark its messages for translation (i18n.h: _() and N_()), run
 *      `make po` and translate the new entries of po/vi.po; a usage is
 *      one string literal (xgettext does not see a macro inside one).
 */
#ifndef CMD_H
#define CMD_H

#include <stdio.h>

#include "auth.h"
#include "book.h"
#include "clock.h"
#include "err.h"
#include "label.h"
#include "report.h"
#include "opt.h"
#include "store.h"
#include "store_step.h"
#include "strbuf.h"
#include "term.h"

/* Exit statuses. */
#define EXIT_OK 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2

enum cmd_needs {
	NEEDS_NOTHING = 0,
	NEEDS_STORE = 1,          /* an open workspace database */
	NEEDS_RUN = 3,            /* the store and a current run */
	/* Its output goes through a pager on a terminal (pager.h). */
	CMD_PAGER = 0x20
};

struct cmd_ctx {
	const char *db_override;  /* --db */
	const char *run_name;     /* --run */
	int json;                 /* --json */
	struct store *store;      /* opened for NEEDS_STORE */
	struct store_run run;     /* found for NEEDS_RUN */
	const char *token;        /* --token of an acting command */
	struct auth auth;         /* the token checked by cmd_login */
	struct err err;           /* what failed, printed once by main */
	struct progress progress; /* the store's long loops report here ... */
	struct term_progress bar; /* ... drawn on stderr, a terminal only */
	const char *phase;        /* the loop the bar is drawing, or NULL */
	const char *usage;        /* the running command's usage, for errors */
	enum cmd_needs needs;     /* what the command table says it needs */
	const char *color;        /* --color WHEN, or NULL */
	int no_pager;             /* --no-pager */
	int pager;                /* the command pages long output */
	char *default_by;         /* who acts when no --by was given, owned */
	char *task_key;           /* the key cmd_signoff acted on, owned */
};

/*
 * Applies --color and starts the pager when the command pages, no
 * --no-pager was given and stdout is a terminal.  0, or EXIT_USAGE with
 * ctx->err set for a --color that is none of auto, always, never.
 */
int cmd_output_setup(struct cmd_ctx *ctx);

/* A command's (or a subcommand's) options and help, for cmd_parse. */
struct cmd_spec {
	const char *name;         /* as typed after cutover: "roster add" */
	const struct opt_spec *opts;
	const char *about;        /* N_(): the help's prose under the usage */
};

/*
 * Parses argv (argv[0] the command's name) by the command's table, with
 * cutover's global options (--db, --run, --json) accepted anywhere too,
 * then opens what ctx->needs says.  Returns 0 to go on.  Otherwise the
 * command is over and *status is its exit status: EXIT_OK after the help
 * was printed for --help, EXIT_USAGE or EXIT_FAILED with ctx->err set.
 */
int cmd_parse(struct cmd_ctx *ctx, const struct cmd_spec *spec, int argc,
	      char **argv, int *status);

/*
 * Rows many commands share, for their tables: who acts, with what token,
 * on which runbook file.  Their words live in common.c, where xgettext
 * finds them.
 */
extern const char cmd_word_name[], cmd_help_by[];
extern const char cmd_word_token[], cmd_help_token[];
extern const char cmd_word_runbook[], cmd_help_runbook[];
#define CMD_OPT_BY(dest) \
	{ OPT_VALUE, "by", 0, (dest), cmd_word_name, cmd_help_by, \
	  OPT_REQUIRED, 0 }
#define CMD_OPT_TOKEN(ctx) \
	{ OPT_VALUE, "token", 0, &(ctx)->token, cmd_word_token, \
	  cmd_help_token, 0, 0 }
#define CMD_OPT_RUNBOOK(dest) \
	{ OPT_ARG, cmd_word_runbook, 0, (dest), NULL, cmd_help_runbook, \
	  OPT_REQUIRED, 0 }
#define CMD_OPT_END { OPT_END, NULL, 0, NULL, NULL, NULL, 0, 0 }

/*
 * Returns EXIT_USAGE after setting a bad-usage error; for option parsing.
 */
int cmd_usage_fail(struct cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Opens what a command needs (the table's column in main.c, or a
 * subcommand's own): the workspace's store, and its run (--run, else the
 * latest).  Returns 0, or -1 with ctx->err set.
 */
int cmd_setup(struct cmd_ctx *ctx, enum cmd_needs needs);

/*
 * Appends what a check found, one "  - reason" line each (findings holds
 * one reason a line, as signoff_result gives them; NULL: none).
 */
void cmd_add_findings(struct strbuf *out, const struct strbuf *findings);
/* The same, written to out. */
void cmd_print_findings(const struct strbuf *findings, FILE *out);

struct signoff;
struct signoff_result;
/*
 * signoff_apply on the context's run, req->at and the login first (req->at
 * from cmd_now).  When refused for what a check found, the error and the
 * findings are printed to stderr (ctx->err reset); when refused otherwise,
 * ctx->err says why.  Returns 0, or -1.
 */
int cmd_signoff(struct cmd_ctx *ctx, struct book **book,
		struct signoff *req, struct signoff_result *res);

/* Clears a progress line left on stderr (before an error, at the end). */
void cmd_progress_end(struct cmd_ctx *ctx);

/* Prints the usage text to stdout; returns EXIT_OK (for --help). */
int cmd_help(const char *usage);

/*
 * Prints the end of command NAME's help: its exit status and examples
 * (engine/cmd/manual.c), as main() does after every command's --help,
 * so the manual pages and docs/cli.md have them too.  -1 when the
 * command has none.
 */
int cmd_manual_print(FILE *out, const char *name);

/*
 * Checks the token of an acting command (--token, else $CUTOVER_TOKEN;
 * none at all is fine here) against the current run into ctx->auth.
 * Call before writing anything; then auth_allow says who may act for
 * which unit.  0, or -1 with ctx->err.
 */
int cmd_login(struct cmd_ctx *ctx);

/* A subcommand of a command (issue add, roster import, token revoke). */
struct cmd_sub {
	const char *name;
	int (*fn)(int argc, char **argv, struct cmd_ctx *ctx);
};

/*
 * Runs the subcommand argv[1] of command `name` from subs (its argv
 * starting at the subcommand's name), or prints usage for --help, or
 * fails naming the subcommands there are.
 */
int cmd_dispatch(struct cmd_ctx *ctx, const char *name, const char *usage,
		 const struct cmd_sub *subs, size_t n, int argc, char **argv);

/*
 * The unit, section or step (what: STORE_NAMES_UNITS, _SECTIONS,
 * _STEPS) of the current run that typed names: its id, or its name in
 * any case, with or without diacritics (names.h).  0 and *id (caller
 * frees), or -1 with ctx->err: unknown (with did-you-mean), ambiguous
 * (the candidates listed).
 */
int cmd_resolve(struct cmd_ctx *ctx, enum store_names what,
		const char *typed, char **id);

/*
 * cmd_resolve for an option's value, in place: when *typed is set, it
 * becomes the id it names, which *owned holds (caller frees; NULL when
 * nothing was typed).  0, or -1 with ctx->err.
 */
int cmd_resolve_option(struct cmd_ctx *ctx, enum store_names what,
		       const char **typed, char **owned);

/*
 * A task key as typed, STEP@UNIT[#OCCURRENCE], with the unit given by
 * its id or its name ("dau-moi@Đại Sơn"): *key (freed first, owned by
 * the caller) is the key with the unit's id.  A unit named by nothing
 * is left as typed, for the store's did-you-mean over the keys.  0, or
 * -1 with ctx->err when the name is ambiguous.  cmd_signoff calls it.
 */
int cmd_task_key(struct cmd_ctx *ctx, const char *typed, char **key);

/* Reads the clock in the run's zone (or +07:00); 0 or -1 with ctx->err. */
int cmd_now(struct cmd_ctx *ctx, instant_t *now);

/*
 * Reads the file a user names on the command line (an import, a roster
 * file) with infile_read, at most max bytes, after cmd_login: with a
 * unit's token it must lie inside the working folder (infile_read_inside).
 * 0, or -1 with ctx->err.
 */
int cmd_read_file(struct cmd_ctx *ctx, const char *path, size_t max,
		  struct strbuf *out);

/*
 * 1 when the current run is live and CUTOVER_NOW sets the clock: a
 * what-if view, which can read the run and never write to it (the store
 * refuses its events).
 */
int cmd_simulated_live(const struct cmd_ctx *ctx);

/*
 * cmd_now for a command that only reads (status, next): a live run read
 * at a simulated clock is said on the first line (on stderr with
 * --json).  0 or -1 with ctx->err.
 */
int cmd_view_now(struct cmd_ctx *ctx, instant_t *now);

/* The current run's zone, or +07:00 when there is none. */
const struct clock_zone *cmd_zone(const struct cmd_ctx *ctx);

/* Formats a local time for the terminal: "2026-05-29 22:00". */
void cmd_time(struct strbuf *out, const struct cmd_ctx *ctx, instant_t t);

/*
 * A document's --lang: 0 when arg is "vi" or "en", else EXIT_USAGE with
 * the usage error set.
 */
int cmd_check_lang(struct cmd_ctx *ctx, const char *arg);

/* The language the console speaks ("vi", "en"): its labels' language. */
const char *cmd_lang(void);

/*
 * The current run's label for (kind, id) in the console's language
 * (label.h): what a command prints where it used to print the id.
 */
const char *cmd_label(const struct cmd_ctx *ctx, enum label_kind kind,
		      const char *id);

/* Appends a duration in words of the console's language (label.h). */
void cmd_duration(struct strbuf *out, int64_t seconds, enum label_span span);

/*
 * Appends s padded with spaces (or cut, ending in an ellipsis) to width
 * columns of a terminal (UTF-8; combining marks take none).
 */
void cmd_cell(struct strbuf *out, const char *s, size_t width);

/*
 * The columns a listing on stdout may fill: the terminal's width (also
 * when stdout goes to a pager on it), or $COLUMNS; 0 when stdout is not
 * a terminal and COLUMNS is unset (no limit: a file keeps what a
 * terminal would have to cut).
 */
size_t cmd_columns(void);

/* 1 when stdout may be coloured: a terminal, and no NO_COLOR. */
int cmd_color(void);

/* Appends a bar of width cells, done/total of it filled, then " 42%". */
void cmd_bar(struct strbuf *out, int color, int64_t done, int64_t total,
	     size_t width);

/* The width of a column of these tasks' keys: the longest, 12 to 44. */
size_t cmd_key_width(const struct store_task *t, size_t n);

/* Appends n right-aligned in width columns, in style when it is not 0. */
void cmd_count(struct strbuf *out, int color, enum term_style style,
	       int64_t n, int width);

/* Appends, in bold on a terminal, "4 hours to T0" or "T0 passed 1 hour ago". */
void cmd_t0_distance(struct strbuf *out, instant_t now, instant_t t0,
		     int color);

/*
 * Cuts every line of text wider than columns (0: none) to columns of a
 * terminal, ending it with an ellipsis; term_style's sequences take no
 * column and are all kept, so that a cut line still resets its colour.
 */
void cmd_fit(struct strbuf *text, size_t columns);

/* Writes the buffer to stdout. */
void cmd_print(const struct strbuf *sb);

/*
 * A time a user gives for the run (a shift's ends, a sign-off's time):
 * local "YYYY-MM-DD HH:MM", "DD/MM/YYYY HH:MM" (or any form the clock
 * reads, with an explicit offset) or an expression relative to T0.
 * 0, or -1 with err's message.
 */
int cmd_parse_time(const struct store_run *run, const char *text,
		   instant_t *out, struct err *err);

/*
 * The argument of a --lang: vi or en into *out; 0, or EXIT_USAGE with a
 * usage error naming it.
 */
int cmd_parse_lang(struct cmd_ctx *ctx, const char *arg,
		   enum report_lang *out);

/* A positive decimal number (a difficulty, a shift): 0, or -1 when not. */
int cmd_parse_number(const char *s, int64_t *out);

/*
 * The name of the i-th command `cutover help` lists (main.c's table), or
 * NULL past the last: for the completion scripts.
 */
const char *cmd_listed(size_t i);

/* ---- messages (cmd/remind.c): remind and report daily --send ---- */
struct notify_opts;
struct notify_result;
struct config;

/*
 * For a command that sends messages: checks the token (the coordinator's
 * when the run requires tokens, unless opts is a dry run), reads the
 * workspace's configuration into *config (release it either way) and
 * the run's book into *book (book_free), sets opts->config and
 * opts->now.  0, or -1 with ctx->err.
 */
int cmd_notify_setup(struct cmd_ctx *ctx, struct notify_opts *opts,
		     struct config *config, struct book **book);
/*
 * Prints each delivery's outcome (or, with --json, all of them as a JSON
 * array) and a summary; period: the one the duplicates were judged by
 * (0: none, a report part is sent once).
 * Returns EXIT_FAILED when a unit could not be reached, else EXIT_OK.
 */
int cmd_notify_print(struct cmd_ctx *ctx, const struct notify_result *r,
		     int64_t period);

/* ---- publishing (cmd/publish.c): publish and serve's hook ---- */
struct publish_result;

/*
 * Says what a publication of run run_name did: the commit (or that
 * nothing was new), the cosignatures carried, each remote brought up to
 * date on stdout, each one not on stderr.
 */
void cmd_publish_print(const char *run_name, const struct publish_result *r);

int cmd_init(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_check(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_plan(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_start(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_status(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_next(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_blocked(int argc, char **argv, struct cmd_ctx *ctx);
/*
 * The listing of cutover blocked (status --blocked): the blocked and
 * failed tasks at now, of unit (an id or a name; NULL: all).  An exit
 * status, ctx->err set when EXIT_FAILED.
 */
int cmd_blocked_print(struct cmd_ctx *ctx, instant_t now, const char *unit);
int cmd_step(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_sign(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_transition(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_gate(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_close(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_report(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_remind(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_verify(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_log(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_diff(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_commit(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_approve(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_upgrade(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_roster(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_issue(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_token(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_import(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_serve(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_key(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_publish(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_restore(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_witness(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_national(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_debug(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_completion(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_config(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_complete(int argc, char **argv, struct cmd_ctx *ctx);

#endif
