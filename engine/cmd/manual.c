/*
 * What a command's help says after its options: its exit status and
 * examples.  main() prints them after every command's --help (and for
 * `cutover help CMD`), so docs/cli.md and the manual pages, generated
 * from that help (scripts/gen-cli-doc, scripts/gen-man), say the same.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "term.h"
#include "banned.h"

/* The meanings most commands share. */
static const char ok_shown[] = N_("the listing was printed");
static const char failed_nothing[] = N_("refused or failed: one line on"
					" stderr says why, and nothing was"
					" recorded");
static const char failed_read[] = N_("failed: one line on stderr says why"
				     " (no workspace, no run, an unknown"
				     " id)");
static const char bad_usage[] = N_("bad usage: an unknown option, a"
				   " missing value or argument, or one too"
				   " many");

#define MANUAL_EXAMPLES 3
#define MANUAL_WIDTH 78

struct cmd_example {
	const char *what;         /* N_(): what it does, a sentence */
	const char *line;         /* the command line, never translated */
};

struct cmd_manual {
	const char *name;
	const char *status[3];    /* what exit 0, 1 and 2 mean */
	struct cmd_example examples[MANUAL_EXAMPLES];
};

static const struct cmd_manual manuals[] = {
	{ "init", { N_("the workspace is ready (created, or there already)"),
		    N_("the database could not be created"), bad_usage },
	  { { N_("A workspace in the current folder:"), "cutover init" } } },
	{ "check", { N_("the runbook loads and holds together"),
		     N_("it does not: one line names the file, line and"
			" field"), bad_usage },
	  { { N_("Check the bundled runbook before committing it:"),
	      "cutover check runbooks/bac-ninh.lua" } } },
	{ "plan", { ok_shown, N_("the runbook does not load, or the unit or"
				 " section is unknown"), bad_usage },
	  { { N_("One commune's tasks in time order:"),
	      "cutover plan --unit dai-son runbooks/bac-ninh.lua" } } },
	{ "start", { N_("the run is started"), failed_nothing, bad_usage },
	  { { N_("A rehearsal of the working copy, at a simulated clock:"),
	      "CUTOVER_NOW=\"2026-05-29 09:00\" cutover start --rehearsal"
	      " runbooks/bac-ninh.lua" },
	    { N_("The live run, of the latest approved version:"),
	      "cutover start --live --by \"Nguyễn Thu Hà\""
	      " runbooks/bac-ninh.lua" } } },
	{ "status", { ok_shown, failed_read, bad_usage },
	  { { N_("The run at a glance:"), "cutover status" },
	    { N_("One unit's tasks and their state:"),
	      "cutover status --unit dai-son" },
	    { N_("The same for a program:"), "cutover status --json" } } },
	{ "next", { ok_shown, failed_read, bad_usage },
	  { { N_("What is late and what is due next, five of each:"),
	      "cutover next --limit 5" },
	    { N_("One commune's, named as people say it:"),
	      "cutover next --unit \"Tân Sơn\"" } } },
	{ "blocked", { ok_shown, failed_read, bad_usage },
	  { { N_("The blocked and failed tasks, with who marked them and"
		 " why:"), "cutover blocked" },
	    { N_("One commune's, named as people say it:"),
	      "cutover blocked --unit \"Tân Sơn\"" } } },
	{ "step", { N_("every action asked for was recorded"),
		    N_("an action was refused or left unfinished"),
		    bad_usage },
	  { { N_("Walk through the open tasks at a terminal:"),
	      "cutover step --by \"Nguyễn Thu Hà\"" },
	    { N_("Drive it from a script, one command a line:"),
	      "printf 'g focal-point@tan-son\\nc Đã gọi\\nq\\n' |"
	      " cutover step --by \"Văn phòng\"" } } },
	{ "sign", { N_("the task is signed off, or was already done"),
		    failed_nothing, bad_usage },
	  { { N_("Sign off a commune's focal point with its evidence:"),
	      "cutover sign focal-point@dai-son --by \"Hoàng Văn Sơn\""
	      " --evidence name=\"Lê Minh Tuấn\""
	      " --evidence position=\"Công chức\""
	      " --evidence phone=\"0912 345 678\"" },
	    { N_("Attach the file a check reads:"),
	      "cutover sign account-review@dai-son --by \"Quản trị\""
	      " --attach accounts=accounts.csv --evidence reviewed=6"
	      " --evidence fixed=0" } } },
	{ "skip", { N_("the task's new state is recorded"), failed_nothing,
		    bad_usage },
	  { { N_("Skip a task that does not apply, saying why:"),
	      "cutover skip fee-review@tan-son --by \"Kế toán\""
	      " --reason \"Không thu phí\"" } } },
	{ "fail", { N_("the task's new state is recorded"), failed_nothing,
		    bad_usage },
	  { { N_("Record that a task failed, and why:"),
	      "cutover fail fee-review@tan-son --by \"Kế toán\""
	      " --reason \"Sai số tài khoản\"" } } },
	{ "block", { N_("the task's new state is recorded"), failed_nothing,
		     bad_usage },
	  { { N_("Record what a task waits on:"),
	      "cutover block fee-review@tan-son --by \"Kế toán\""
	      " --reason \"Chưa có tài khoản thụ hưởng\"" } } },
	{ "reopen", { N_("the task's new state is recorded"), failed_nothing,
		      bad_usage },
	  { { N_("Reopen a task and every done task resting on it:"),
	      "cutover reopen --cascade focal-point@dai-son --by \"Văn phòng\""
	      " --reason \"Sai số điện thoại\"" } } },
	{ "gate", { N_("the decision is recorded, or the gates were listed"),
		    failed_nothing, bad_usage },
	  { { N_("Decide no-go on the province's gate:"),
	      "cutover gate decide go-no-go@trung-tam-phuc-vu-hanh-chinh-cong-tinh"
	      " --no-go --by \"Phó Chủ tịch UBND tỉnh\""
	      " --reason \"TTDLQG chưa xác nhận khung giờ\"" },
	    { N_("Each gate's decisions and the one in force:"),
	      "cutover gate list" } } },
	{ "close", { N_("the run is closed, or was already"), failed_nothing,
		     bad_usage },
	  { { N_("Close a rehearsal:"),
	      "cutover close --by \"Nguyễn Thu Hà\" --reason \"Diễn tập xong\""
	      " rehearsal-1" } } },
	{ "roster", { N_("the change is recorded, or the listing printed (no"
			 " gap left, with --exit-code)"),
		      N_("refused or failed, nothing recorded; or, for gaps"
			 " --exit-code, a gap remains"), bad_usage },
	  { { N_("Put someone on duty for a night:"),
	      "cutover roster add --unit dai-son --role truc-su-co"
	      " --person \"Phạm Thị Dung\" --phone 0912111222"
	      " --from \"2026-05-29 20:00\" --to \"2026-05-30 08:00\""
	      " --by \"Văn phòng\"" },
	    { N_("What of the duty window nobody covers yet:"),
	      "cutover roster gaps --unit dai-son" } } },
	{ "issue", { N_("the difficulty is recorded, or the listing printed"),
		     failed_nothing, bad_usage },
	  { { N_("Raise a difficulty; it is routed as the runbook says:"),
	      "cutover issue add --unit dai-son --system catalogue"
	      " --severity high --by \"Văn phòng\""
	      " \"Thủ tục 1.001193 chưa hiển thị\"" },
	    { N_("The compiled difficulties as a document:"),
	      "cutover issue list --format md" } } },
	{ "import", { N_("every row is recorded (or, with --dry-run, would"
			 " be), or the template printed"),
		      N_("a row is refused: each bad row is named, and"
			 " nothing was recorded"), bad_usage },
	  { { N_("A unit's templates of its open tasks, one file per step"
		 " (chu.STEP.csv):"),
	      "cutover import template --unit chu" },
	    { N_("Check a filled template, then record it:"),
	      "cutover import signoffs --dry-run chu.focal-point.csv &&"
	      " cutover import signoffs chu.focal-point.csv" } } },
	{ "token", { N_("the token is issued or revoked, or the listing"
			" printed"), failed_nothing, bad_usage },
	  { { N_("Issue a unit's token with the coordinator's:"),
	      "cutover token issue dai-son --token \"$CUTOVER_TOKEN\"" },
	    { N_("The tokens of one unit, never their secrets:"),
	      "cutover token list --unit dai-son" } } },
	{ "report", { N_("the report is written (its path printed), or sent"),
		      N_("it could not be written, or a recipient not"
			 " reached"), bad_usage },
	  { { N_("The readiness report as a standalone HTML page:"),
	      "cutover report readiness --format html" },
	    { N_("One unit's checklist:"), "cutover report unit dai-son" },
	    { N_("The daily report, each recipient its part, by mail:"),
	      "cutover report daily --send" } } },
	{ "remind", { N_("every unit with something to hear was reached (or,"
			 " with --dry-run, the messages printed)"),
		      N_("a unit could not be reached (never in a dry run)"),
		      bad_usage },
	  { { N_("What each late unit would receive:"),
	      "cutover remind --late --dry-run" },
	    { N_("The same messages, through a script of yours:"),
	      "cutover remind --late --exec ./sms-hook" } } },
	{ "verify", { N_("the ledger holds: its events and head hash are"
			 " printed"),
		      N_("it does not: the first event or record that"
			 " differs is named"), bad_usage },
	  { { N_("Recompute the hash chain and the task states:"),
	      "cutover verify" } } },
	{ "log", { ok_shown, N_("the runbook is in no git repository, or does"
				" not load"), bad_usage },
	  { { N_("The commits that touched a runbook, approvals marked:"),
	      "cutover log runbooks/bac-ninh.lua" } } },
	{ "diff", { N_("the two versions are the same"),
		    N_("they differ"),
		    N_("bad usage, or the comparison failed (a revision"
		       " that does not exist, a version that does not"
		       " load)") },
	  { { N_("What changed since the last commit, step by step:"),
	      "cutover diff --stat HEAD~1 runbooks/bac-ninh.lua" },
	    { N_("Field by field between two versions:"),
	      "cutover diff HEAD~1 HEAD runbooks/bac-ninh.lua" } } },
	{ "commit", { N_("committed, or nothing to commit"), failed_nothing,
		      bad_usage },
	  { { N_("Commit the runbook and the files it loads:"),
	      "cutover commit -m \"Hạn D1.1: T-10d\" runbooks/bac-ninh.lua" } } },
	{ "approve", { N_("the approval tag is recorded"), failed_nothing,
		       bad_usage },
	  { { N_("Approve the last commit (never your own change):"),
	      "cutover approve --by \"Trần Văn Bình\" HEAD"
	      " runbooks/bac-ninh.lua" } } },
	{ "upgrade", { N_("the run moved (or, with --dry-run, the plan was"
			  " printed)"), failed_nothing, bad_usage },
	  { { N_("What moving the run to the last commit would do:"),
	      "cutover upgrade --to HEAD --dry-run" },
	    { N_("Move it:"),
	      "cutover upgrade --to HEAD --by \"Nguyễn Thu Hà\"" } } },
	{ "serve", { N_("the server stopped on SIGTERM or SIGINT, its"
			" requests finished"),
		     N_("it could not start (the address is taken, no run,"
			" a certificate that does not load)"), bad_usage },
	  { { N_("Serve the current run on this machine only, behind a"
		 " proxy:"),
	      "cutover serve --listen 127.0.0.1:8080"
	      " --base-url https://cutover.example.vn" },
	    { N_("A unit's one-time login link, to send to its officer:"),
	      "cutover token issue dai-son --link" } } },
	{ "key", { N_("the key was written, or its public half printed"),
		   N_("the key file exists already, or cannot be read"),
		   bad_usage },
	  { { N_("The province's signing key, readable by you only:"),
	      "cutover key generate bac-ninh" },
	    { N_("The verifier key to give the standby and the national"
		 " office:"), "cutover key show > bac-ninh.pub" } } },
	{ "publish", { N_("the run is published to every remote, or was"
			  " already"),
		       N_("a remote was not reached, or the key does not"
			  " load"), bad_usage },
	  { { N_("Publish now, to the standby and the national office:"),
	      "cutover publish git://standby/bac-ninh.git"
	      " git://national/bac-ninh.git" },
	    { N_("Publish every 15 minutes, while it runs:"),
	      "cutover publish --every 15m git://standby/bac-ninh.git" } } },
	{ "restore", { N_("the run is restored and its ledger verified"),
		       N_("the published run does not verify, or the folder"
			  " has a workspace already"), bad_usage },
	  { { N_("Take the run over on the standby machine:"),
	      "cutover restore --pubkey bac-ninh.pub"
	      " git://primary/bac-ninh.git" } } },
	{ "witness", { N_("every new checkpoint was cosigned"),
		       N_("a checkpoint was refused: not signed by PUBKEY,"
			  " or not consistent with the last one"),
		       bad_usage },
	  { { N_("Cosign what a province published:"),
	      "cutover witness git://bac-ninh/ledger.git"
	     " bac-ninh.pub" } } },
	{ "national", { N_("the province was added, fetched and verified, or"
			   " the listing printed"),
			N_("a province's publication was refused (kept"
			   " out, and listed)"), bad_usage },
	  { { N_("Follow a province:"),
	      "cutover national add bac-ninh git://bac-ninh/ledger.git"
	     " bac-ninh.pub" },
	    { N_("Fetch and verify every province, then report:"),
	      "cutover national fetch && cutover report national" } } },
	{ "config", { N_("the value was printed or written"),
		      N_("the variable is not set, or could not be"
			 " written"), bad_usage },
	  { { N_("Say once who you are:"),
	      "cutover config user.name \"Nguyễn Thu Hà\"" },
	    { N_("Every setting of the workspace:"),
	      "cutover config --list" } } },
	{ "completion", { N_("the script was printed"), NULL, bad_usage },
	  { { N_("Complete cutover's commands in this shell:"),
	      "source <(cutover completion bash)" } } },
};

static const struct cmd_manual *find_manual(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(manuals) / sizeof(manuals[0]); i++)
		if (!strcmp(manuals[i].name, name))
			return &manuals[i];
	return NULL;
}

/*
 * Prints text after `first` (an indent, or "0  "), broken at spaces
 * outside double quotes to fit MANUAL_WIDTH columns; each further line
 * starts with `indent`, and the line before it ends with `cont` (" \\"
 * keeps a command line one command when pasted: a command line breaks
 * only before an option, so that an option keeps its value).
 */
static void print_wrapped(FILE *out, const char *first, const char *indent,
			  const char *text, const char *cont)
{
	size_t col = term_text_width(first, strlen(first));
	size_t len = strlen(text);
	size_t start = 0, i, last_break = 0;
	int quoted = 0;

	fputs(first, out);
	for (i = 0; i <= len; i++) {
		if (i < len && text[i] == '"')
			quoted = !quoted;
		if (i < len && (text[i] != ' ' || quoted ||
				(*cont && text[i + 1] != '-')))
			continue;
		if (last_break > start &&
		    col + term_text_width(text + start, i - start) +
		    strlen(cont) > MANUAL_WIDTH) {
			fwrite(text + start, 1, last_break - start, out);
			fprintf(out, "%s\n%s", cont, indent);
			col = term_text_width(indent, strlen(indent));
			start = last_break + 1;
		}
		last_break = i;
	}
	fprintf(out, "%s\n", text + start);
}

int cmd_manual_print(FILE *out, const char *name)
{
	const struct cmd_manual *m = find_manual(name);
	char code[8];
	size_t i;

	if (!m)
		return -1;
	fprintf(out, "\n%s\n", _("Exit status:"));
	for (i = 0; i < 3; i++)
		if (m->status[i]) {
			snprintf(code, sizeof(code), "  %zu  ", i);
			print_wrapped(out, code, "     ", _(m->status[i]), "");
		}
	fprintf(out, "\n%s\n", _("Examples:"));
	for (i = 0; i < MANUAL_EXAMPLES && m->examples[i].what; i++) {
		if (i)
			fputc('\n', out);
		print_wrapped(out, "  ", "  ", _(m->examples[i].what), "");
		print_wrapped(out, "    $ ", "        ", m->examples[i].line,
			      " \\");
	}
	return 0;
}
