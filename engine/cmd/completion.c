/*
 * cutover completion bash|zsh: prints the shell's completion script;
 * cutover __complete KIND [PREFIX] (hidden): the names of the current run
 * the scripts ask for as the user types.
 *
 * The scripts live beside this file as shell (completion.bash,
 * completion.zsh), turned into C strings at build time; what this binary
 * knows (its commands, their subcommands, which take a task or a file)
 * is filled in when printed.  Options come from each command's --help
 * as the script runs, so a new option completes without a change here.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "store_step.h"
#include "completion_scripts.h"
#include "banned.h"

static const char about[] = N_(
	"Prints a script that completes cutover's commands and options, and\n"
	"the task keys, unit ids, sections, steps and run names of the\n"
	"current run (of the workspace and run the command line being\n"
	"completed names with --db and --run). Task keys complete in two\n"
	"steps, the step then the unit: 'cutover sign foc<Tab>' gives\n"
	"'focal-point@', a second <Tab> the units.\n"
	"\n"
	"Load it in the shell, or from ~/.bashrc or ~/.zshrc:\n"
	"  source <(cutover completion bash)\n"
	"  source <(cutover completion zsh)     (after compinit)\n");

/* The words of the commands that have subcommands: "roster:add" ... */
static const char *const subcommands[] = {
	"roster:add", "roster:remove", "roster:import", "roster:list",
	"roster:gaps", "gate:decide", "gate:list", "key:generate", "key:show",
	"national:add", "national:fetch", "national:list", "issue:add",
	"issue:list", "issue:resolve",
	"report:readiness", "report:daily", "report:unit", "report:contacts",
	"import:signoffs", "import:template", "token:issue", "token:list",
	"token:revoke", "completion:bash", "completion:zsh", NULL,
};

/* Commands whose argument is a task key, or a file (a runbook). */
static const char *const task_commands[] = {
	"sign", "skip", "fail", "block", "reopen", "step", NULL,
};
static const char *const file_commands[] = {
	"check", "plan", "start", "log", "diff", "commit", "approve", NULL,
};

/* Subcommands whose argument is a unit id, or a file. */
static const char *const unit_arguments[] = {
	"report:unit", "token:issue", NULL,
};
static const char *const file_arguments[] = {
	"roster:import", "import:signoffs", NULL,
};

static void words(struct strbuf *out, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		strbuf_addf(out, "%s%s", i ? " " : "", list[i]);
}

/* The script with its @NAME@ marks replaced by what this binary knows. */
static void fill(struct strbuf *out, const char *script)
{
	const char *p = script, *at, *end;
	size_t i;

	while ((at = strchr(p, '@'))) {
		strbuf_add(out, p, (size_t)(at - p));
		end = strchr(at + 1, '@');
		if (end && !strncmp(at, "@COMMANDS@", 10)) {
			for (i = 0; cmd_listed(i); i++)
				strbuf_addf(out, "%s%s", i ? " " : "",
					    cmd_listed(i));
		} else if (end && !strncmp(at, "@SUBCOMMANDS@", 13)) {
			words(out, subcommands);
		} else if (end && !strncmp(at, "@TASKS@", 7)) {
			words(out, task_commands);
		} else if (end && !strncmp(at, "@FILES@", 7)) {
			words(out, file_commands);
		} else if (end && !strncmp(at, "@UNIT_ARGS@", 11)) {
			words(out, unit_arguments);
		} else if (end && !strncmp(at, "@FILE_ARGS@", 11)) {
			words(out, file_arguments);
		} else {
			strbuf_addch(out, '@');
			p = at + 1;
			continue;
		}
		p = end + 1;
	}
	strbuf_adds(out, p);
}

int cmd_completion(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *shell = NULL;
	const struct opt_spec opts[] = {
		/* The shells' names, not a placeholder: never translated. */
		{ OPT_ARG, "bash|zsh", 0, &shell, NULL,
		  N_("the shell the script is for"),
		  OPT_REQUIRED | OPT_VERBATIM, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "completion", opts, about };
	struct strbuf out = STRBUF_INIT;
	int status = EXIT_FAILED;

	if (cmd_parse(ctx, &spec, argc, argv, &status))
		return status;
	if (strcmp(shell, "bash") && strcmp(shell, "zsh"))
		return cmd_usage_fail(ctx, "%s", _("completion takes bash or"
						   " zsh; see 'cutover"
						   " completion --help'"));
	fill(&out, !strcmp(shell, "bash") ? completion_bash : completion_zsh);
	cmd_print(&out);
	strbuf_release(&out);
	return EXIT_OK;
}

int cmd_complete(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct {
		const char *name;
		enum store_names what;
	} kinds[] = {
		{ "tasks", STORE_NAMES_TASKS },
		{ "units", STORE_NAMES_UNITS },
		{ "sections", STORE_NAMES_SECTIONS },
		{ "steps", STORE_NAMES_STEPS },
		{ "runs", STORE_NAMES_RUNS },
	};
	struct strbuf out = STRBUF_INIT;
	size_t i;
	int rc;

	if (argc < 2 || argc > 3)
		return cmd_usage_fail(ctx, "usage: cutover __complete"
				      " tasks|units|sections|steps|runs"
				      " [PREFIX]");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(argv[1], kinds[i].name))
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		return cmd_usage_fail(ctx, "no names of kind '%s'", argv[1]);
	/* Not a user's command: no options, no help, but the run's names. */
	if (cmd_setup(ctx, ctx->needs))
		return EXIT_FAILED;
	rc = store_names(ctx->store, ctx->run.id, kinds[i].what,
			 argc == 3 ? argv[2] : "", &out, &ctx->err);
	if (!rc)
		cmd_print(&out);
	strbuf_release(&out);
	return rc ? EXIT_FAILED : EXIT_OK;
}
