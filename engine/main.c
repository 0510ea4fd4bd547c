/*
 * cutover: the command line.  Global options, then the subcommand table
 * (data, as git's commands[]): each row says what the command needs set
 * up before it runs, so the handlers stay thin.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "i18n.h"
#include "seal.h"
#include "banned.h"

#define CUTOVER_VERSION "0.1.0"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct cmd_ctx *ctx);
	enum cmd_needs needs;
	const char *summary;      /* NULL hides it from `cutover help` */
};

static const struct command commands[] = {
	{ "init", cmd_init, NEEDS_NOTHING, N_("create a workspace (.cutover/state.db)") },
	{ "check", cmd_check, NEEDS_NOTHING, N_("load and validate a runbook, summarise it") },
	{ "plan", cmd_plan, NEEDS_NOTHING, N_("list a runbook's tasks in time order") },
	{ "start", cmd_start, NEEDS_STORE, N_("start a rehearsal or the live run of a runbook") },
	{ "status", cmd_status, NEEDS_RUN, N_("progress per section and unit, late tasks") },
	{ "next", cmd_next, NEEDS_RUN, N_("what is late and what is due next") },
	{ "step", cmd_step, NEEDS_RUN, N_("walk through the run's tasks, one key per action") },
	{ "sign", cmd_sign, NEEDS_RUN, N_("sign off a task with its evidence") },
	{ "skip", cmd_transition, NEEDS_RUN, N_("mark a task skipped, with a reason") },
	{ "fail", cmd_transition, NEEDS_RUN, N_("mark a task failed, with a reason") },
	{ "block", cmd_transition, NEEDS_RUN, N_("mark a task blocked, with a reason") },
	{ "reopen", cmd_transition, NEEDS_RUN, N_("reopen a task, with a reason") },
	{ "roster", cmd_roster, NEEDS_RUN, N_("24/7 duty shifts: add, import, list, gaps") },
	{ "issue", cmd_issue, NEEDS_RUN, N_("the difficulties log: add, list, resolve") },
	{ "import", cmd_import, NEEDS_RUN, N_("sign-offs from a spreadsheet (CSV), all or none") },
	{ "token", cmd_token, NEEDS_RUN, N_("unit tokens: issue, list, revoke") },
	{ "report", cmd_report, NEEDS_STORE, N_("write a report (readiness) under output/") },
	{ "verify", cmd_verify, NEEDS_STORE, N_("check the ledger's hash chain") },
	{ "log", cmd_log, NEEDS_NOTHING, N_("the commits that touched a runbook or its units") },
	{ "diff", cmd_diff, NEEDS_NOTHING, N_("compare two versions of a runbook, step by step") },
	{ "commit", cmd_commit, NEEDS_NOTHING, N_("commit a runbook and the files it loads") },
	{ "approve", cmd_approve, NEEDS_NOTHING, N_("approve a version of a runbook (four eyes)") },
	{ "upgrade", cmd_upgrade, NEEDS_RUN, N_("move the run to another version of its runbook") },
	{ "key", cmd_key, NEEDS_NOTHING, N_("the signing key: generate, show") },
	{ "publish", cmd_publish, NEEDS_RUN, N_("publish the run, signed, to git remotes") },
	{ "restore", cmd_restore, NEEDS_NOTHING, N_("take a published run over in a new workspace") },
	{ "witness", cmd_witness, NEEDS_STORE, N_("cosign a province's published checkpoints") },
	{ "national", cmd_national, NEEDS_STORE, N_("the national office: add, fetch, list provinces") },
	{ "completion", cmd_completion, NEEDS_NOTHING, N_("print a bash or zsh completion script") },
	{ "debug", cmd_debug, NEEDS_NOTHING, NULL },
	{ "__complete", cmd_complete, NEEDS_RUN, NULL },
};

static const char usage[] = N_(
	"usage: cutover [--db PATH] [--run NAME] [--json] COMMAND [ARGS]...\n"
	"       cutover help | --help | --version\n"
	"\n"
	"Global options:\n"
	"  --db PATH     the workspace database (default: .cutover/state.db\n"
	"                here or in a parent folder; or $CUTOVER_DB)\n"
	"  --run NAME    the run to act on (default: the latest started)\n"
	"  --json        machine-readable output for listings\n"
	"\n"
	"The clock can be set with CUTOVER_NOW=\"2026-05-29 18:00\".\n"
	"Run 'cutover COMMAND --help' for a command's options.\n");

static void print_help(void)
{
	size_t i;

	fputs(_(usage), stdout);
	fputs(_("\nCommands:\n"), stdout);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].summary)
			printf("  %-10s  %s\n", commands[i].name,
			       _(commands[i].summary));
}

const char *cmd_listed(size_t i)
{
	size_t j;

	for (j = 0; j < sizeof(commands) / sizeof(commands[0]); j++)
		if (commands[j].summary && !i--)
			return commands[j].name;
	return NULL;
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int print_error(struct cmd_ctx *ctx)
{
	struct strbuf line = STRBUF_INIT;

	if (!err_is_set(&ctx->err))
		fail(&ctx->err, "%s", _("failed"));
	err_format(&ctx->err, &line);
	fprintf(stderr, "cutover: %s\n", line.buf);
	strbuf_release(&line);
	return ctx->err.usage ? EXIT_USAGE : EXIT_FAILED;
}

static int wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option global[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "run", required_argument, NULL, 'r' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_ctx ctx;
	const struct command *cmd;
	int c, status;

	i18n_init();
	memset(&ctx, 0, sizeof(ctx));
	err_init(&ctx.err);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", global, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx.db_override = optarg;
			break;
		case 'j':
			ctx.json = 1;
			break;
		case 'r':
			ctx.run_name = optarg;
			break;
		case 'h':
			print_help();
			return EXIT_OK;
		case 'V':
			printf("cutover %s\n", CUTOVER_VERSION);
			return EXIT_OK;
		default:
			fprintf(stderr, _("cutover: unknown option '%s'\n"),
				argv[optind - 1]);
			fputs(_(usage), stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(_(usage), stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[optind], "help")) {
		print_help();
		return EXIT_OK;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		fprintf(stderr, _("cutover: '%s' is not a command; see"
				  " 'cutover help'\n"), argv[optind]);
		return EXIT_USAGE;
	}
	if (seal_init()) {
		fprintf(stderr, _("cutover: cannot initialise libsodium\n"));
		return EXIT_FAILED;
	}
	argc -= optind;
	argv += optind;
	optind = 0;
	opterr = 0;
	if (!wants_help(argc, argv) && cmd_setup(&ctx, cmd->needs)) {
		status = print_error(&ctx);
	} else {
		status = cmd->fn(argc, argv, &ctx);
		cmd_progress_end(&ctx);
		if (status != EXIT_OK && err_is_set(&ctx.err))
			status = print_error(&ctx);
	}
	store_run_release(&ctx.run);
	auth_release(&ctx.auth);
	store_close(ctx.store);
	err_release(&ctx.err);
	/* A report written to a full disk must not exit 0 (git's run_builtin). */
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, _("cutover: cannot write to standard"
				  " output\n"));
		return EXIT_FAILED;
	}
	return status;
}
