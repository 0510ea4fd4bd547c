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
#include "pager.h"
#include "seal.h"
#include "suggest.h"
#include "xalloc.h"
#include "banned.h"

#define CUTOVER_VERSION "0.1.0"

/* What a command is for, as `cutover help` groups them (git's help). */
enum command_group {
	GROUP_PLAN,
	GROUP_RUN,
	GROUP_UNITS,
	GROUP_REPORT,
	GROUP_VERSIONS,
	GROUP_PUBLISH,
	GROUP_OTHER
};

static const char *const group_titles[] = {
	[GROUP_PLAN] = N_("write and start a run"),
	[GROUP_RUN] = N_("work through the run"),
	[GROUP_UNITS] = N_("what units keep: rosters, difficulties, spreadsheets, tokens"),
	[GROUP_REPORT] = N_("report and prove"),
	[GROUP_VERSIONS] = N_("versions of the runbook"),
	[GROUP_PUBLISH] = N_("publish, take over, witness, the national office"),
	[GROUP_OTHER] = N_("the command line itself"),
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct cmd_ctx *ctx);
	enum cmd_needs needs;
	enum command_group group;
	const char *summary;      /* NULL hides it from `cutover help` */
};

static const struct command commands[] = {
	{ "init", cmd_init, NEEDS_NOTHING, GROUP_PLAN, N_("create a workspace (.cutover/state.db)") },
	{ "check", cmd_check, NEEDS_NOTHING | CMD_PAGER, GROUP_PLAN, N_("load and validate a runbook, summarise it") },
	{ "plan", cmd_plan, NEEDS_NOTHING | CMD_PAGER, GROUP_PLAN, N_("list a runbook's tasks in time order") },
	{ "start", cmd_start, NEEDS_STORE, GROUP_PLAN, N_("start a rehearsal or the live run of a runbook") },
	{ "status", cmd_status, NEEDS_RUN | CMD_PAGER, GROUP_RUN, N_("progress per section and unit, late tasks") },
	{ "next", cmd_next, NEEDS_RUN | CMD_PAGER, GROUP_RUN, N_("what is late and what is due next") },
	{ "step", cmd_step, NEEDS_RUN, GROUP_RUN, N_("walk through the run's tasks, one key per action") },
	{ "sign", cmd_sign, NEEDS_RUN, GROUP_RUN, N_("sign off a task with its evidence") },
	{ "skip", cmd_transition, NEEDS_RUN, GROUP_RUN, N_("mark a task skipped, with a reason") },
	{ "fail", cmd_transition, NEEDS_RUN, GROUP_RUN, N_("mark a task failed, with a reason") },
	{ "block", cmd_transition, NEEDS_RUN, GROUP_RUN, N_("mark a task blocked, with a reason") },
	{ "reopen", cmd_transition, NEEDS_RUN, GROUP_RUN, N_("reopen a task, with a reason") },
	{ "blocked", cmd_blocked, NEEDS_RUN | CMD_PAGER, GROUP_RUN, N_("blocked and failed tasks with their reasons") },
	{ "gate", cmd_gate, NEEDS_RUN | CMD_PAGER, GROUP_RUN, N_("go/no-go gates: decide, list") },
	{ "close", cmd_close, NEEDS_STORE, GROUP_RUN, N_("close a run: it takes no more events") },
	{ "roster", cmd_roster, NEEDS_RUN | CMD_PAGER, GROUP_UNITS, N_("24/7 duty shifts: add, import, list, gaps") },
	{ "issue", cmd_issue, NEEDS_RUN | CMD_PAGER, GROUP_UNITS, N_("the difficulties log: add, list, resolve") },
	{ "import", cmd_import, NEEDS_RUN, GROUP_UNITS, N_("sign-offs from a spreadsheet (CSV), all or none") },
	{ "token", cmd_token, NEEDS_RUN | CMD_PAGER, GROUP_UNITS, N_("unit tokens: issue, list, revoke") },
	{ "report", cmd_report, NEEDS_STORE, GROUP_REPORT, N_("write a report (readiness) under output/") },
	{ "serve", cmd_serve, NEEDS_RUN, GROUP_UNITS, N_("the web pages: units sign from their phones") },
	{ "remind", cmd_remind, NEEDS_RUN, GROUP_REPORT, N_("send each unit what it has late or due soon") },
	{ "verify", cmd_verify, NEEDS_STORE | CMD_PAGER, GROUP_REPORT, N_("check the ledger's hash chain") },
	{ "log", cmd_log, NEEDS_NOTHING | CMD_PAGER, GROUP_VERSIONS, N_("the commits that touched a runbook or its units") },
	{ "diff", cmd_diff, NEEDS_NOTHING | CMD_PAGER, GROUP_VERSIONS, N_("compare two versions of a runbook, step by step") },
	{ "commit", cmd_commit, NEEDS_NOTHING, GROUP_VERSIONS, N_("commit a runbook and the files it loads") },
	{ "approve", cmd_approve, NEEDS_NOTHING, GROUP_VERSIONS, N_("approve a version of a runbook (four eyes)") },
	{ "upgrade", cmd_upgrade, NEEDS_RUN, GROUP_VERSIONS, N_("move the run to another version of its runbook") },
	{ "key", cmd_key, NEEDS_NOTHING, GROUP_PUBLISH, N_("the signing key: generate, show") },
	{ "publish", cmd_publish, NEEDS_RUN, GROUP_PUBLISH, N_("publish the run, signed, to git remotes") },
	{ "restore", cmd_restore, NEEDS_NOTHING, GROUP_PUBLISH, N_("take a published run over in a new workspace") },
	{ "witness", cmd_witness, NEEDS_STORE, GROUP_PUBLISH, N_("cosign a province's published checkpoints") },
	{ "national", cmd_national, NEEDS_STORE | CMD_PAGER, GROUP_PUBLISH, N_("the national office: add, fetch, list provinces") },
	{ "config", cmd_config, NEEDS_NOTHING, GROUP_OTHER, N_("the workspace's settings: who you are, mail, addresses") },
	{ "completion", cmd_completion, NEEDS_NOTHING, GROUP_OTHER, N_("print a bash or zsh completion script") },
	{ "debug", cmd_debug, NEEDS_NOTHING, GROUP_OTHER, NULL },
	{ "__complete", cmd_complete, NEEDS_RUN, GROUP_OTHER, NULL },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char usage[] = N_(
	"usage: cutover [--db PATH] [--run NAME] [--json] [--color WHEN]\n"
	"               [--no-pager] COMMAND [ARGS]...\n"
	"       cutover help [COMMAND] | --help | version | --version\n"
	"\n"
	"Global options:\n"
	"  --db PATH     the workspace database (default: .cutover/state.db\n"
	"                here or in a parent folder; or $CUTOVER_DB)\n"
	"  --run NAME    the run to act on (default: the latest started)\n"
	"  --json        machine-readable output for listings\n"
	"  --color WHEN  colour: auto (on a terminal), always or never; the\n"
	"                environment's NO_COLOR and CLICOLOR_FORCE are heard\n"
	"  --no-pager    never send long output through the pager\n"
	"Global options may also follow the command's name.\n"
	"\n"
	"The clock can be set with CUTOVER_NOW=\"2026-05-29 18:00\" for a\n"
	"rehearsal; a live run records only the system clock's time and\n"
	"records nothing while it is set (status, next and report still read\n"
	"it, and say so first).\n"
	"Long output on a terminal goes through $CUTOVER_PAGER, else $PAGER,\n"
	"else less (\"cat\": none).\n"
	"Run 'cutover COMMAND --help' for a command's options.\n");

/* The usage, then the commands by what they are for, as git's help. */
static const char version_usage[] = N_(
	"usage: cutover version\n"
	"\n"
	"Prints the version of cutover, as --version does.\n");

static void print_help(FILE *out)
{
	size_t g, i;

	fputs(_(usage), out);
	fputs(_("\nCommands:\n"), out);
	for (g = 0; g <= GROUP_OTHER; g++) {
		fprintf(out, "\n%s\n", _(group_titles[g]));
		for (i = 0; i < NCOMMANDS; i++)
			if (commands[i].summary && commands[i].group == g)
				fprintf(out, "  %-10s  %s\n",
					commands[i].name,
					_(commands[i].summary));
		if (g == GROUP_OTHER) {
			fprintf(out, "  %-10s  %s\n", "help",
				_("a command's help: cutover help COMMAND"));
			fprintf(out, "  %-10s  %s\n", "version",
				_("the version of cutover"));
		}
	}
}

const char *cmd_listed(size_t i)
{
	size_t j;

	for (j = 0; j < NCOMMANDS; j++)
		if (commands[j].summary && !i--)
			return commands[j].name;
	return NULL;
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* "'stauts' is not a command; did you mean 'status'?" on stderr. */
static int not_a_command(const char *name)
{
	struct suggest sg;
	struct strbuf hint = STRBUF_INIT;
	size_t i;

	suggest_init(&sg, name);
	for (i = 0; i < NCOMMANDS; i++)
		if (commands[i].summary)
			suggest_offer(&sg, commands[i].name);
	suggest_offer(&sg, "help");
	suggest_offer(&sg, "version");
	suggest_format(&sg, &hint);
	if (hint.len)
		fprintf(stderr, _("cutover: '%s' is not a command; %s\n"),
			name, hint.buf);
	else
		fprintf(stderr, _("cutover: '%s' is not a command; see"
				  " 'cutover help'\n"), name);
	suggest_release(&sg);
	strbuf_release(&hint);
	return EXIT_USAGE;
}

static int print_version(void)
{
	printf("cutover %s\n", CUTOVER_VERSION);
	return EXIT_OK;
}

/*
 * Prints the error; returns the exit status: 2 for bad usage, else the
 * command's own failing status (1, or 2 where a command says a failure
 * apart from a negative answer, as diff does), 1 when it had none.
 */
static int print_error(struct cmd_ctx *ctx, int status)
{
	struct strbuf line = STRBUF_INIT;

	if (!err_is_set(&ctx->err))
		fail(&ctx->err, "%s", _("failed"));
	err_format(&ctx->err, &line);
	fprintf(stderr, "cutover: %s\n", line.buf);
	strbuf_release(&line);
	if (ctx->err.usage)
		return EXIT_USAGE;
	return status == EXIT_OK ? EXIT_FAILED : status;
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

/*
 * Runs "CMD [SUB...] --help" for `cutover help CMD [SUB...]`: the help
 * comes from the command itself, so the two cannot differ.
 */
static int help_command(int argc, char **argv)
{
	const struct command *cmd = find_command(argv[0]);
	struct cmd_ctx ctx;
	char **args;
	int i, status;

	if (!cmd || !cmd->summary)
		return not_a_command(argv[0]);
	args = xcalloc((size_t)argc + 2, sizeof(*args));
	for (i = 0; i < argc; i++)
		args[i] = argv[i];
	args[argc] = (char *)"--help";
	memset(&ctx, 0, sizeof(ctx));
	err_init(&ctx.err);
	status = cmd->fn(argc + 1, args, &ctx);
	if (status == EXIT_OK)
		cmd_manual_print(stdout, cmd->name);
	else if (err_is_set(&ctx.err))
		status = print_error(&ctx, status);
	err_release(&ctx.err);
	free(args);
	return status;
}

int main(int argc, char **argv)
{
	static const struct option global[] = {
		{ "color", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-pager", no_argument, NULL, 'P' },
		{ "run", required_argument, NULL, 'r' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_ctx ctx;
	const struct command *cmd;
	int c, status;

	/* DESIGN: a terminal never receives what a unit typed as escape codes. */
	if (term_guard_output()) {
		fputs("cutover: cannot guard the standard output\n", stderr);
		return EXIT_FAILED;
	}
	i18n_init();
	memset(&ctx, 0, sizeof(ctx));
	err_init(&ctx.err);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", global, NULL)) != -1) {
		switch (c) {
		case 'c':
			ctx.color = optarg;
			break;
		case 'd':
			ctx.db_override = optarg;
			break;
		case 'P':
			ctx.no_pager = 1;
			break;
		case 'j':
			ctx.json = 1;
			break;
		case 'r':
			ctx.run_name = optarg;
			break;
		case 'h':
			print_help(stdout);
			return EXIT_OK;
		case 'V':
			return print_version();
		default:
			fprintf(stderr, _("cutover: unknown option '%s'\n"),
				argv[optind - 1]);
			fputs(_(usage), stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		/* Nothing to do: what there is to do, and bad usage. */
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[optind], "version")) {
		if (optind + 1 < argc && argv[optind + 1][0] == '-') {
			fputs(_(version_usage), stdout);
			return EXIT_OK;
		}
		return print_version();
	}
	if (!strcmp(argv[optind], "help")) {
		if (optind + 1 >= argc || argv[optind + 1][0] == '-' ||
		    !strcmp(argv[optind + 1], "help")) {
			print_help(stdout);
			return EXIT_OK;
		}
		/* cutover help CMD [SUB]: CMD [SUB] --help, as git does. */
		return help_command(argc - optind - 1, argv + optind + 1);
	}
	cmd = find_command(argv[optind]);
	if (!cmd)
		return not_a_command(argv[optind]);
	if (seal_init()) {
		fprintf(stderr, _("cutover: cannot initialise libsodium\n"));
		return EXIT_FAILED;
	}
	argc -= optind;
	argv += optind;
	ctx.needs = cmd->needs & ~CMD_PAGER;
	ctx.pager = (cmd->needs & CMD_PAGER) != 0;
	/*
	 * Every command parses by its option table (cmd_parse), which opens
	 * what it needs once it has read the global options given after
	 * the command's name too.
	 */
	status = cmd->fn(argc, argv, &ctx);
	cmd_progress_end(&ctx);
	if (status == EXIT_OK && wants_help(argc, argv))
		cmd_manual_print(stdout, cmd->name);
	if (status != EXIT_OK && err_is_set(&ctx.err))
		status = print_error(&ctx, status);
	store_run_release(&ctx.run);
	free(ctx.default_by);
	free(ctx.task_key);
	auth_release(&ctx.auth);
	store_close(ctx.store);
	err_release(&ctx.err);
	/* A report written to a full disk must not exit 0 (git's run_builtin). */
	if (term_guard_finish() || ferror(stdout)) {
		pager_finish();
		fprintf(stderr, _("cutover: cannot write to standard"
				  " output\n"));
		return EXIT_FAILED;
	}
	pager_finish();
	return status;
}
