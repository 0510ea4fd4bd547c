/*
 * cutover step: walk through the run's open tasks, one key per action.
 * On a terminal, single keys (termios raw mode) and a screen redrawn
 * per task; otherwise one command a line, so that a script can drive
 * it.  Both read the same keys and run the same actions, which go
 * through signoff_apply like sign, skip, fail, block and reopen.
 */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence.h"
#include "action.h"
#include "gate.h"
#include "i18n.h"
#include "term.h"
#include "walk.h"
#include "xalloc.h"
#include "banned.h"

/* What one key does: the key, its name in scripts, its labels. */
struct key {
	int key;
	const char *name;
	const char *label;        /* for the key bar */
	const char *help;         /* for --help and '?' */
};

static const struct key key_table[] = {
	{ 'd', "done", NC_("key", "done"),
	  N_("sign it off: asks for each evidence field, checked as typed") },
	{ 's', "skip", NC_("key", "skip"), N_("mark it skipped (asks for a reason)") },
	{ 'b', "block", NC_("key", "block"), N_("mark it blocked (asks for a reason)") },
	{ 'f', "fail", NC_("key", "fail"), N_("mark it failed (asks for a reason)") },
	{ 'r', "reopen", NC_("key", "reopen"), N_("reopen it (asks for a reason)") },
	{ 'c', "comment", NC_("key", "comment"), N_("add a comment to its history") },
	{ 'i', "details", NC_("key", "details"),
	  N_("the step's text and the task's history (also Enter)") },
	{ 'n', "next", NC_("key", "next"), N_("the next open task (also space, →, ↓)") },
	{ 'p', "previous", NC_("key", "previous"),
	  N_("the previous open task (also ←, ↑)") },
	{ 'g', "goto", NC_("key", "go to"), N_("go to a task by its key, open or not") },
	{ '/', "filter", NC_("key", "filter"),
	  N_("only a unit's or a section's tasks (its id; empty: all)") },
	{ '?', "help", NC_("key", "help"), N_("this list") },
	{ 'q', "quit", NC_("key", "quit"), N_("leave (also Escape); nothing is pending") },
};

#define NKEYS (sizeof(key_table) / sizeof(key_table[0]))

static const char usage_head[] = N_(
	"Walks through the open tasks of the current run in time order, late\n"
	"ones first, one at a time: title, directive item, owner, recipient,\n"
	"deadline and time left, the evidence it asks for, and the tasks it\n"
	"waits on. One key acts on it. Each action is recorded exactly as\n"
	"'cutover sign', 'skip', 'fail', 'block' and 'reopen' record it, and\n"
	"said only once it is committed; quitting records nothing.\n"
	"\n"
	"Keys:\n");

static const char usage_tail[] = N_(
	"\n"
	"When standard input or output is not a terminal, step reads one\n"
	"command a line: a key above or its name (done, skip, block, fail,\n"
	"reopen, comment, details, next, previous, goto, filter, help, quit).\n"
	"skip, block, fail, reopen and comment take their reason, goto its\n"
	"task and filter its id on the same line or the next; each value\n"
	"asked for (name, evidence) is read from the next line. The end of\n"
	"the input quits. Exits 1 when an action was refused or left\n"
	"unfinished.\n"
	"\n"
	"A run started with --require-tokens needs a token (--token); with a\n"
	"unit's, the walk shows that unit's tasks.\n");

struct session {
	struct cmd_ctx *ctx;
	struct walk walk;
	int tty;                  /* single keys on a terminal */
	int color;
	const char *by;           /* --by, or what was typed */
	struct strbuf typed_by;
	struct strbuf note;       /* the last action's outcome, on screen */
	int note_bad;
	size_t recorded;          /* actions recorded in this session */
	int failed;               /* an action refused or unfinished: exit 1 */
	int show;                 /* the card must be shown again */
};

static struct walk_view view(struct session *s)
{
	struct walk_view v;

	v.color = s->color;
	v.width = (size_t)term_width(STDOUT_FILENO);
	v.now = 0;
	if (cmd_now(s->ctx, &v.now))
		err_reset(&s->ctx->err);
	return v;
}

/* The help's prose, in the user's language, the keys from their table. */
static void add_about(struct strbuf *out)
{
	size_t i;

	strbuf_adds(out, _(usage_head));
	for (i = 0; i < NKEYS; i++)
		strbuf_addf(out, "  %c  %-9s %s\n", key_table[i].key,
			    key_table[i].name, _(key_table[i].help));
	strbuf_adds(out, _(usage_tail));
}

/* The outcome of an action: on screen under the card, or printed. */
static void say(struct session *s, int bad, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct session *s, int bad, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(&s->note);
	va_start(ap, fmt);
	strbuf_vaddf(&s->note, fmt, ap);
	va_end(ap);
	s->note_bad = bad;
	if (s->tty)
		return;
	if (bad)
		fprintf(stderr, "cutover: %s\n", s->note.buf);
	else
		printf("%s\n", s->note.buf);
}

/* An error of a module: said, then forgotten. */
static void say_error(struct session *s)
{
	struct strbuf line = STRBUF_INIT;

	err_format(&s->ctx->err, &line);
	say(s, 1, "%s", line.buf);
	err_reset(&s->ctx->err);
	strbuf_release(&line);
}

/* A message while asking (a value refused): printed at once. */
static void hint(struct session *s, const char *msg)
{
	if (s->tty) {
		struct strbuf sb = STRBUF_INIT;

		term_style(&sb, s->color, TERM_RED);
		strbuf_addf(&sb, "  %s", msg);
		term_style(&sb, s->color, TERM_RESET);
		printf("%s\n", sb.buf);
		strbuf_release(&sb);
	} else {
		fprintf(stderr, "cutover: %s\n", msg);
	}
}

#define ASK_OK 0
#define ASK_CANCEL 1
#define ASK_REFUSED 2     /* piped: a refused value ended the action */
#define ASK_EOF TERM_KEY_EOF

/*
 * Asks for a line after prompt.  On a terminal the line editor keeps
 * what is in line (to correct a refused value); otherwise the next line
 * of input, echoed so that a transcript reads like the screen.
 */
static int ask(struct session *s, const char *prompt, struct strbuf *line,
	       term_check_fn check, void *arg)
{
	if (s->tty)
		return term_edit_line(STDIN_FILENO, stdout, s->color, prompt,
				      line, check, arg);
	fputs(prompt, stdout);
	if (term_getline(stdin, line) == TERM_KEY_EOF) {
		fputs("\n", stdout);
		return ASK_EOF;
	}
	printf("%s\n", line->buf);
	return ASK_OK;
}

/* 1 when the line is word, or its first letter alone, in any case. */
static int answer_is(const char *line, const char *word)
{
	return (line[0] && !line[1] && (line[0] | 0x20) == word[0]) ||
	       !strcasecmp(line, word);
}

/*
 * Yes or no, no by default: 1, 0, -1 at the end of the input, or
 * ASK_REFUSED (piped) for a line that answers neither, which ends the
 * action: the next line is a command again, never an answer guessed.
 */
static int confirm(struct session *s, const char *prompt)
{
	struct strbuf line = STRBUF_INIT;
	char u[8];
	int key, yes;

	if (s->tty) {
		fputs(prompt, stdout);
		fflush(stdout);
		key = term_read_key(STDIN_FILENO, u);
		yes = key == 'y' || key == 'Y' || key == 'c' || key == 'C';
		printf("%s\n", yes ? _("yes") : _("no"));
		return yes;
	}
	if (ask(s, prompt, &line, NULL, NULL) != ASK_OK) {
		strbuf_release(&line);
		return -1;
	}
	yes = answer_is(line.buf, "yes") || answer_is(line.buf, "có") ||
		!strcmp(line.buf, "c") || !strcmp(line.buf, "C");
	if (!yes && line.len && !answer_is(line.buf, "no") &&
	    strcmp(line.buf, "k") && strcasecmp(line.buf, "không")) {
		say(s, 1, _("'%s' is not an answer (yes or no); nothing"
			    " recorded"), line.buf);
		s->failed = 1;
		yes = ASK_REFUSED;
	}
	strbuf_release(&line);
	return yes;
}

static void unfinished(struct session *s, int rc)
{
	if (rc == ASK_EOF) {
		say(s, 1, "%s", _("the input ended before the action was"
				   " complete; nothing recorded"));
		s->failed = 1;
	} else if (rc == ASK_CANCEL) {
		say(s, 0, "%s", _("cancelled; nothing recorded"));
	}
	/* ASK_REFUSED: said where it was refused. */
}

static int readable_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, R_OK);
}

/* What a typed value must be: its type, read by the runbook's rules. */
struct typing {
	enum evidence_type type;
	struct evidence_rules rules;
};

/*
 * The line editor's check after each key: the value holds for the type
 * (arg points to a struct typing), by the typing sign applies; a file is
 * readable.
 */
static int value_ok(const char *value, void *arg)
{
	const struct typing *t = arg;
	struct strbuf out = STRBUF_INIT;
	struct err err = ERR_INIT;
	int ok;

	if (t->type == EVIDENCE_FILE)
		return readable_file(value);
	ok = !evidence_normalize(t->type, &t->rules, value, &out, &err);
	strbuf_release(&out);
	err_release(&err);
	return ok;
}

/*
 * Asks until the value holds for its type, by the typing sign applies
 * (evidence_normalize); a file must be readable; empty is a value only
 * when optional.  On a terminal each refusal is said and the value asked
 * again; piped, a refusal ends the action (ASK_REFUSED, said as one
 * error line): the next line of input is read as a command, never as a
 * second try at the value.  Returns ASK_*.
 */
static int ask_value(struct session *s, const char *prompt,
		     const struct typing *type, int optional,
		     struct strbuf *line)
{
	struct strbuf norm = STRBUF_INIT;
	int rc;

	for (;;) {
		rc = ask(s, prompt, line, value_ok, (void *)type);
		if (rc != ASK_OK || (!line->len && optional))
			break;
		strbuf_reset(&norm);
		if (type->type == EVIDENCE_FILE && line->len) {
			if (readable_file(line->buf))
				break;
			strbuf_addf(&norm, _("cannot read the file '%s'"),
				    line->buf);
		} else if (!evidence_normalize(type->type, &type->rules,
					       line->buf, &norm,
					       &s->ctx->err)) {
			break;
		} else {
			strbuf_reset(&norm);
			err_format(&s->ctx->err, &norm);
			err_reset(&s->ctx->err);
		}
		if (!s->tty) {
			say(s, 1, _("%s; nothing recorded"), norm.buf);
			s->failed = 1;
			rc = ASK_REFUSED;
			break;
		}
		hint(s, norm.buf);
	}
	strbuf_release(&norm);
	return rc;
}

/* The line editor's check of a waiver's reason. */
static int reason_ok(const char *value, void *arg)
{
	(void)arg;
	return signoff_reason_ok(value);
}

/*
 * The reason findings are accepted: a few words at least, asked until
 * given (Escape cancels).  Only on a terminal: piped, a waiver is
 * never asked for.  Returns ASK_*.
 */
static int ask_waiver_reason(struct session *s, struct strbuf *line)
{
	struct strbuf msg = STRBUF_INIT;
	int rc;

	strbuf_addf(&msg, _("Why are these findings accepted? (%d words at"
			    " least): "), SIGNOFF_REASON_WORDS);
	for (;;) {
		rc = term_edit_line(STDIN_FILENO, stdout, s->color, msg.buf,
				    line, reason_ok, NULL);
		if (rc != ASK_OK || signoff_reason_ok(line->buf))
			break;
		strbuf_reset(&msg);
		strbuf_addf(&msg, _("a reason is %d words at least; '%s' is"
				    " not one"), SIGNOFF_REASON_WORDS,
			    line->buf);
		hint(s, msg.buf);
		strbuf_reset(&msg);
		strbuf_addf(&msg, _("Why are these findings accepted? (%d"
				    " words at least): "),
			    SIGNOFF_REASON_WORDS);
	}
	strbuf_release(&msg);
	return rc;
}

/* A text (a name, a reason): not empty, as the type text wants it. */
static int ask_text(struct session *s, const char *prompt, struct strbuf *line)
{
	static const struct typing text = {
		EVIDENCE_TEXT, EVIDENCE_RULES_DEFAULT
	};

	return ask_value(s, prompt, &text, 0, line);
}

/* Who acts: --by, or asked once. */
static int actor(struct session *s)
{
	int rc;

	if (s->by)
		return ASK_OK;
	rc = ask_text(s, _("Who is acting? Your name: "), &s->typed_by);
	if (rc == ASK_OK)
		s->by = s->typed_by.buf;
	return rc;
}

/* The values typed for a sign-off, as sign's --evidence and --attach. */
struct typed {
	char **evidence;
	size_t nevidence, alloc_ev;
	char **attach;
	size_t nattach, alloc_at;
};

static void typed_release(struct typed *t)
{
	size_t i;

	for (i = 0; i < t->nevidence; i++)
		free(t->evidence[i]);
	for (i = 0; i < t->nattach; i++)
		free(t->attach[i]);
	free(t->evidence);
	free(t->attach);
	memset(t, 0, sizeof(*t));
}

/* Asks for one evidence field; its value goes where sign would put it. */
static int ask_field(struct session *s, const struct step *step,
		     const struct evidence_field *f, struct typed *t)
{
	struct strbuf prompt = STRBUF_INIT, line = STRBUF_INIT;
	struct strbuf kv = STRBUF_INIT;
	struct typing typing;
	int rc;

	typing.type = f->type;
	evidence_rules_of(&typing.rules, &s->ctx->run.locale, f);
	strbuf_addf(&prompt, "  %s (%s%s): ",
		    label_field(s->ctx->run.labels, step->id, f->name,
				cmd_lang()), walk_type_name(f->type),
		    f->optional ? _(", optional: Enter skips") : "");
	rc = ask_value(s, prompt.buf, &typing, f->optional, &line);
	if (rc == ASK_OK && line.len) {
		strbuf_addf(&kv, "%s=%s", f->name, line.buf);
		if (f->type == EVIDENCE_FILE) {
			XGROW(t->attach, t->alloc_at, t->nattach + 1);
			t->attach[t->nattach++] = strbuf_detach(&kv, NULL);
		} else {
			XGROW(t->evidence, t->alloc_ev, t->nevidence + 1);
			t->evidence[t->nevidence++] = strbuf_detach(&kv, NULL);
		}
	}
	strbuf_release(&prompt);
	strbuf_release(&line);
	return rc;
}

static void print_findings(struct session *s, const struct strbuf *findings)
{
	cmd_print_findings(findings, s->tty ? stdout : stderr);
}

/* The acknowledgement, once signoff_apply committed (or found it done). */
static void acknowledge(struct session *s, const char *key,
			const struct signoff *req,
			const struct signoff_result *res)
{
	struct strbuf said = STRBUF_INIT;

	if (res->recorded)
		s->recorded++;
	if (res->recorded && req->decision) {
		say(s, 0, _("decided %s for %s (event %lld)"),
		    gate_outcome_words(req->decision), key,
		    (long long)res->seq);
		return;
	}
	action_ack(&said, key, req->action, res, cmd_zone(s->ctx));
	say(s, 0, "%s", said.buf);
	strbuf_release(&said);
}

/*
 * Applies the request through the walk (signoff_apply) and says how it
 * went.  When the runbook's check refuses, its findings are shown and a
 * waiver may be given, as sign's --waive.
 */
static void apply(struct session *s, struct signoff *req)
{
	struct signoff_result res;
	struct strbuf waiver = STRBUF_INIT;
	char *key = xstrdup(s->walk.cur.key);
	int rc;

	/* The token checked at the start, as sign passes it. */
	req->auth = &s->ctx->auth;
	for (;;) {
		signoff_result_init(&res);
		if (cmd_now(s->ctx, &req->at)) {
			say_error(s);
			s->failed = 1;
			break;
		}
		if (!walk_apply(&s->walk, req, &res, &s->ctx->err)) {
			acknowledge(s, key, req, &res);
			break;
		}
		/*
		 * DESIGN: accepting findings is a deliberate act: a question
		 * whose default is no, then a reason; never from a pipe,
		 * where the next line is a command: there, one error line
		 * and the findings end the action.
		 */
		if (!s->tty && res.findings.len && !req->waiver) {
			struct strbuf line = STRBUF_INIT;

			err_format(&s->ctx->err, &line);
			err_reset(&s->ctx->err);
			say(s, 1, _("%s; nothing recorded ('cutover sign"
				    " --waive REASON' accepts the findings)"),
			    line.buf);
			strbuf_release(&line);
			print_findings(s, &res.findings);
			s->failed = 1;
			break;
		}
		say_error(s);
		if (!res.findings.len || req->waiver) {
			s->failed = 1;
			break;
		}
		printf("%s\n", s->note.buf);
		print_findings(s, &res.findings);
		signoff_result_release(&res);
		rc = confirm(s, _("Accept these findings and record the"
				  " sign-off anyway? [y/N] "));
		if (rc == 1)
			rc = ask_waiver_reason(s, &waiver);
		else
			rc = rc < 0 ? ASK_EOF : ASK_CANCEL;
		if (rc != ASK_OK) {
			if (rc == ASK_EOF)
				s->failed = 1;
			say(s, rc == ASK_EOF, "%s", rc == ASK_EOF ?
			    _("the input ended before the action was complete;"
			      " nothing recorded") :
			    _("refused by the check; nothing recorded"));
			break;
		}
		req->waiver = waiver.buf;
	}
	signoff_result_release(&res);
	strbuf_release(&waiver);
	free(key);
	s->show = 1;
}

/*
 * A gate's decision: g go, c go with conditions, n no-go.  On a
 * terminal one key (anything else cancels); piped, a line that names
 * one, else the action ends.  Returns ASK_* and sets *outcome.
 */
static int ask_decision(struct session *s, enum gate_outcome *outcome)
{
	static const char prompt[] = N_("Decision: g go, c go with"
					" conditions, n no-go: ");
	struct strbuf line = STRBUF_INIT;
	char u[8];
	int key, rc = ASK_OK;

	if (s->tty) {
		printf("%s", _(prompt));
		fflush(stdout);
		key = term_read_key(STDIN_FILENO, u);
		key = key > 0 && key < 128 ? key | 0x20 : 0;
		printf("%s\n", key == 'g' ? gate_outcome_words("go") :
		       key == 'c' ? gate_outcome_words("go-with-conditions") :
		       key == 'n' ? gate_outcome_words("no-go") : "");
	} else {
		rc = ask(s, _(prompt), &line, NULL, NULL);
		key = !strcasecmp(line.buf, "g") || !strcasecmp(line.buf, "go") ?
			'g' : !strcasecmp(line.buf, "c") ||
			!strcasecmp(line.buf, "go-with-conditions") ? 'c' :
			!strcasecmp(line.buf, "n") ||
			!strcasecmp(line.buf, "no-go") ? 'n' : 0;
	}
	if (rc == ASK_OK && !key && !s->tty) {
		say(s, 1, _("'%s' is not a decision (go, go-with-conditions or"
			    " no-go); nothing recorded"), line.buf);
		s->failed = 1;
		rc = ASK_REFUSED;
	} else if (rc == ASK_OK && !key) {
		rc = ASK_CANCEL;
	}
	*outcome = key == 'n' ? GATE_NO_GO : key == 'c' ? GATE_CONDITIONS :
		GATE_GO;
	strbuf_release(&line);
	return rc;
}

/*
 * Asks whether to go past what holds the task back (open requirements,
 * a start still ahead): *force is 1 to force, 0 when nothing holds it.
 * Returns ASK_OK, or an ASK_* that ends the action (said).
 */
static int ask_force(struct session *s, const struct store_task *t,
		     int *force)
{
	struct strbuf keys = STRBUF_INIT, q = STRBUF_INIT;
	instant_t now = 0;
	int rc = ASK_OK;

	*force = 0;
	if (cmd_now(s->ctx, &now))
		err_reset(&s->ctx->err);
	if (t->open_requires) {
		if (store_open_requirements(s->walk.st, t->id, 5, &keys,
					    &s->ctx->err)) {
			say_error(s);
			s->failed = 1;
			rc = ASK_REFUSED;
			goto done;
		}
		strbuf_addf(&q, t->gate ?
			    _("It waits on %s. Decide go anyway? [y/N] ") :
			    _("It waits on %s. Sign it anyway? [y/N] "),
			    keys.buf);
	} else if (t->has_start && now < t->start) {
		strbuf_reset(&keys);
		cmd_time(&keys, s->ctx, t->start);
		strbuf_addf(&q, t->gate ?
			    _("It starts at %s. Decide go anyway? [y/N] ") :
			    _("It starts at %s. Sign it anyway? [y/N] "),
			    keys.buf);
	} else {
		goto done;
	}
	rc = confirm(s, q.buf);
	if (rc != 1) {
		rc = rc == ASK_REFUSED ? ASK_REFUSED : rc < 0 ? ASK_EOF :
			ASK_CANCEL;
		unfinished(s, rc);
		goto done;
	}
	*force = 1;
	rc = ASK_OK;
done:
	strbuf_release(&keys);
	strbuf_release(&q);
	return rc;
}

/* A gate's no-go: who, why, and the decision. */
static void do_no_go(struct session *s)
{
	struct strbuf reason = STRBUF_INIT;
	struct signoff req;
	int rc;

	memset(&req, 0, sizeof(req));
	rc = actor(s);
	if (rc == ASK_OK)
		rc = ask_text(s, _("Why no-go? "), &reason);
	if (rc != ASK_OK) {
		unfinished(s, rc);
	} else {
		req.action = gate_outcome_action(GATE_NO_GO);
		req.decision = gate_outcome_name(GATE_NO_GO);
		req.decision_text = reason.buf;
		req.comment = reason.buf;
		req.by = s->by;
		apply(s, &req);
	}
	strbuf_release(&reason);
}

static void do_done(struct session *s)
{
	const struct step *step = walk_step(&s->walk);
	const struct store_task *t = &s->walk.cur;
	struct strbuf conditions = STRBUF_INIT;
	enum gate_outcome outcome = GATE_GO;
	struct signoff req;
	struct typed typed;
	size_t i, *order = NULL;
	int rc;

	memset(&req, 0, sizeof(req));
	memset(&typed, 0, sizeof(typed));
	req.action = "done";
	if (task_state_settled(t->state)) {
		say(s, 0, _("%s is %s already; reopen it first (r)"), t->key,
		    walk_state_name(t->state));
		goto done;
	}
	if (!step) {
		say(s, 1, _("step '%s' is not in the run's runbook"),
		    t->step_id);
		s->failed = 1;
		goto done;
	}
	/* A gate is decided: go, go with conditions, or no-go. */
	if (t->gate) {
		rc = ask_decision(s, &outcome);
		if (rc != ASK_OK) {
			unfinished(s, rc);
			goto done;
		}
		if (outcome == GATE_NO_GO) {
			do_no_go(s);
			goto done;
		}
		if (outcome == GATE_CONDITIONS) {
			rc = ask_text(s, _("Conditions: "), &conditions);
			if (rc != ASK_OK) {
				unfinished(s, rc);
				goto done;
			}
			req.decision_text = conditions.buf;
		}
		req.decision = gate_outcome_name(outcome);
	}
	if (ask_force(s, t, &req.force) != ASK_OK)
		goto done;
	rc = actor(s);
	if (rc != ASK_OK) {
		unfinished(s, rc);
		goto done;
	}
	req.by = s->by;
	if (step->nevidence && !s->tty)
		printf("%s\n", _("Evidence:"));
	else if (step->nevidence)
		printf("%s %s\n", _("Evidence:"), _("(Escape cancels)"));
	order = xcalloc(step->nevidence + 1, sizeof(*order));
	walk_field_order(step, order);
	for (i = 0; i < step->nevidence; i++) {
		rc = ask_field(s, step, &step->evidence[order[i]], &typed);
		if (rc != ASK_OK) {
			unfinished(s, rc);
			goto done;
		}
	}
	req.evidence = typed.evidence;
	req.nevidence = typed.nevidence;
	req.attach = typed.attach;
	req.nattach = typed.nattach;
	apply(s, &req);
done:
	free(order);
	typed_release(&typed);
	strbuf_release(&conditions);
	s->show = 1;
}

/* skip, fail, block, reopen, comment: a reason and the action. */
static void do_reason(struct session *s, const char *action,
		      const char *given)
{
	struct strbuf reason = STRBUF_INIT, check = STRBUF_INIT;
	struct signoff req;
	int rc;

	memset(&req, 0, sizeof(req));
	req.action = action;
	rc = actor(s);
	if (rc == ASK_OK && given && *given) {
		/* Given on the command's line: checked as if typed. */
		strbuf_adds(&reason, given);
		if (evidence_normalize(EVIDENCE_TEXT, NULL, given, &check,
				       &s->ctx->err)) {
			say_error(s);
			s->failed = 1;
			rc = ASK_CANCEL;
		}
	} else if (rc == ASK_OK) {
		rc = ask_text(s, !strcmp(action, "comment") ? _("Comment: ") :
			      _("Reason: "), &reason);
		if (rc != ASK_OK)
			unfinished(s, rc);
	} else {
		unfinished(s, rc);
	}
	if (rc == ASK_OK) {
		req.by = s->by;
		req.comment = reason.buf;
		apply(s, &req);
	}
	strbuf_release(&reason);
	strbuf_release(&check);
	s->show = 1;
}

/* goto and filter: their argument on the line, or asked for. */
static int argument(struct session *s, const char *prompt, const char *given,
		    struct strbuf *out, int may_be_empty)
{
	int rc;

	if (given) {
		strbuf_adds(out, given);
		return ASK_OK;
	}
	do {
		rc = ask(s, prompt, out, NULL, NULL);
	} while (rc == ASK_OK && !out->len && !may_be_empty);
	return rc;
}

static void do_goto(struct session *s, const char *given)
{
	struct strbuf key = STRBUF_INIT;
	int rc = argument(s, _("Go to task (its key): "), given, &key, 0);

	if (rc != ASK_OK)
		unfinished(s, rc);
	else if (walk_goto(&s->walk, key.buf, &s->ctx->err))
		say_error(s);
	else
		strbuf_reset(&s->note);
	strbuf_release(&key);
	s->show = 1;
}

static void do_filter(struct session *s, const char *given)
{
	struct strbuf id = STRBUF_INIT;
	int rc = argument(s, _("Filter on a unit or a section (its id;"
			       " Enter: all): "), given, &id, 1);

	if (rc != ASK_OK)
		unfinished(s, rc);
	else if (walk_filter(&s->walk, WALK_UNIT_OR_SECTION, id.buf,
			     &s->ctx->err))
		say_error(s);
	else
		strbuf_reset(&s->note);
	strbuf_release(&id);
	s->show = 1;
}

static void wait_key(struct session *s)
{
	char u[8];

	if (!s->tty)
		return;
	printf("%s", _("Press a key to go back to the task."));
	fflush(stdout);
	term_read_key(STDIN_FILENO, u);
}

static void show_text(struct session *s, const struct strbuf *text)
{
	if (s->tty)
		term_control(stdout, "\033[H\033[2J");
	fputs(text->buf, stdout);
	wait_key(s);
	s->show = 1;
}

static void do_details(struct session *s)
{
	struct walk_view v = view(s);
	struct strbuf out = STRBUF_INIT;

	if (walk_details(&s->walk, &v, &out, &s->ctx->err))
		say_error(s);
	else
		show_text(s, &out);
	strbuf_release(&out);
}

static void do_help(struct session *s)
{
	struct strbuf out = STRBUF_INIT;
	size_t i;

	strbuf_addf(&out, "%s\n", _("Keys:"));
	for (i = 0; i < NKEYS; i++)
		strbuf_addf(&out, "  %c  %s\n", key_table[i].key, _(key_table[i].help));
	show_text(s, &out);
	strbuf_release(&out);
}

/* "d done  s skip  ...", wrapped to the width. */
static void key_bar(struct session *s, size_t width, struct strbuf *out)
{
	size_t i, col = 0, w;

	for (i = 0; i < NKEYS; i++) {
		w = 2 + term_text_width(C_("key", key_table[i].label),
					strlen(C_("key", key_table[i].label)));
		if (col && col + 2 + w > width) {
			strbuf_addch(out, '\n');
			col = 0;
		} else if (col) {
			strbuf_adds(out, "  ");
			col += 2;
		}
		term_style(out, s->color, TERM_BOLD);
		strbuf_addch(out, key_table[i].key);
		term_style(out, s->color, TERM_RESET);
		strbuf_addf(out, " %s", C_("key", key_table[i].label));
		col += w;
	}
	strbuf_addch(out, '\n');
}

static void show(struct session *s)
{
	struct walk_view v = view(s);
	struct strbuf out = STRBUF_INIT;

	if (s->tty)
		term_control(stdout, "\033[H\033[2J");
	if (walk_card(&s->walk, &v, &out, &s->ctx->err)) {
		say_error(s);
		s->failed = 1;
	}
	if (s->tty && s->note.len) {
		term_style(&out, s->color, s->note_bad ? TERM_RED : TERM_GREEN);
		term_wrap(&out, s->note.buf, 0, 2, v.width);
		term_style(&out, s->color, TERM_RESET);
		strbuf_addch(&out, '\n');
	}
	if (s->tty)
		key_bar(s, v.width, &out);
	fputs(out.buf, stdout);
	fflush(stdout);
	strbuf_release(&out);
	s->show = 0;
}

/* A terminal key, or a line's first word, to one of key_table[] (0: none). */
static int key_of(int key)
{
	switch (key) {
	case TERM_KEY_ENTER:
		return 'i';
	case ' ':
	case TERM_KEY_RIGHT:
	case TERM_KEY_DOWN:
		return 'n';
	case TERM_KEY_LEFT:
	case TERM_KEY_UP:
		return 'p';
	case TERM_KEY_ESCAPE:
	case TERM_KEY_EOF:
		return 'q';
	default:
		return key > 0 && key < 128 && strchr("dsbfrcinpg/?q", key) ?
			key : 0;
	}
}

static int word_key(const char *word, size_t len)
{
	size_t i;

	if (len == 1)
		return key_of((unsigned char)word[0]);
	for (i = 0; i < NKEYS; i++)
		if (strlen(key_table[i].name) == len &&
		    !strncmp(key_table[i].name, word, len))
			return key_table[i].key;
	if (len == 4 && !strncmp(word, "prev", 4))
		return 'p';
	return 0;
}

/* The next command: a key, with its argument from the line (or NULL). */
static int next_command(struct session *s, struct strbuf *line,
			const char **arg)
{
	char u[8];
	size_t len;
	int key;

	*arg = NULL;
	if (s->tty) {
		key = term_read_key(STDIN_FILENO, u);
		if (key == TERM_KEY_RESIZE || key == 12) {   /* Ctrl-L */
			s->show = 1;
			return 0;
		}
		key = key_of(key);
		if (!key)
			say(s, 1, "%s", _("no such key; ? lists them"));
		return key;
	}
	fputs("> ", stdout);
	if (term_getline(stdin, line) == TERM_KEY_EOF) {
		fputs("\n", stdout);
		return 'q';
	}
	printf("%s\n", line->buf);
	len = strcspn(line->buf, " \t");
	if (!len)
		return 0;
	key = word_key(line->buf, len);
	if (line->buf[len]) {
		*arg = line->buf + len;
		while (**arg == ' ' || **arg == '\t')
			(*arg)++;
	}
	if (!key) {
		say(s, 1, _("'%.*s' is not a command of step; 'help' lists"
			    " them"), (int)len, line->buf);
		s->failed = 1;
	}
	return key;
}

static void dispatch(struct session *s, int key, const char *arg)
{
	static const char *const actions[][2] = {
		{ "s", "skipped" }, { "b", "blocked" }, { "f", "failed" },
		{ "r", "reopened" }, { "c", "comment" },
	};
	size_t i;
	int rc;

	if (!s->walk.has_cur && strchr("dsbfrci", key)) {
		say(s, 1, "%s", _("no task to act on; / changes the filter,"
				   " g goes to a task"));
		s->show = 1;
		return;
	}
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (key == actions[i][0][0]) {
			do_reason(s, actions[i][1], arg);
			return;
		}
	switch (key) {
	case 'd':
		do_done(s);
		break;
	case 'i':
		do_details(s);
		break;
	case 'n':
	case 'p':
		rc = walk_move(&s->walk, key == 'n' ? 1 : -1, &s->ctx->err);
		if (rc < 0)
			say_error(s);
		else if (rc == 1)
			say(s, 0, "%s", key == 'n' ? _("this is the last open"
							 " task") :
			    _("this is the first open task"));
		else
			strbuf_reset(&s->note);
		s->show = 1;
		break;
	case 'g':
		do_goto(s, arg);
		break;
	case '/':
		do_filter(s, arg);
		break;
	case '?':
		do_help(s);
		break;
	}
}

static int walk_session(struct session *s)
{
	struct strbuf line = STRBUF_INIT;
	const char *arg;
	int key;

	if (s->tty && term_raw_enter(STDIN_FILENO)) {
		strbuf_release(&line);
		return fail(&s->ctx->err, _("cannot read keys from the"
					    " terminal: %s"), strerror(errno));
	}
	s->show = 1;
	for (;;) {
		if (s->show)
			show(s);
		key = next_command(s, &line, &arg);
		if (key == 'q')
			break;
		if (key)
			dispatch(s, key, arg);
		else if (s->tty)
			s->show = 1;
	}
	if (s->tty)
		term_raw_leave();
	printf(P_("%zu action recorded in this session\n",
		  "%zu actions recorded in this session\n", s->recorded),
	       s->recorded);
	strbuf_release(&line);
	return 0;
}

int cmd_step(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *unit = NULL, *section = NULL, *task = NULL;
	struct session s;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "by", 0, &s.by, cmd_word_name,
		  N_("who acts (asked once, at the first action)"), 0, 0 },
		{ OPT_VALUE, "unit", 0, &unit, N_("UNIT"),
		  N_("only this unit's tasks"), 0, 0 },
		{ OPT_VALUE, "section", 0, &section, N_("SECTION"),
		  N_("only this section's tasks"), 0, 0 },
		CMD_OPT_TOKEN(ctx),
		{ OPT_ARG, N_("TASK"), 0, &task, NULL,
		  N_("start at this task"), 0, 0 },
		CMD_OPT_END
	};
	struct strbuf about = STRBUF_INIT;
	struct cmd_spec spec = { "step", opts, NULL };
	int status = EXIT_FAILED, stop;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	strbuf_init(&s.typed_by);
	strbuf_init(&s.note);
	add_about(&about);
	spec.about = about.buf;
	stop = cmd_parse(ctx, &spec, argc, argv, &status);
	strbuf_release(&about);
	if (stop)
		return status;
	status = EXIT_FAILED;
	if (s.by && !*s.by)
		return cmd_usage_fail(ctx, "%s", _("--by needs a name"));
	s.tty = term_is_tty(STDIN_FILENO) && term_is_tty(STDOUT_FILENO);
	s.color = term_color(STDOUT_FILENO);
	/* A bad token is said before the walk starts, not at an action. */
	if (cmd_login(ctx))
		goto done;
	/* A unit's token acts for that unit only: show it its own tasks. */
	if (!unit && !section && ctx->auth.unit_id)
		unit = ctx->auth.unit_id;
	if (walk_init(&s.walk, ctx->store, &ctx->run, task, &ctx->err) ||
	    (unit && walk_filter(&s.walk, WALK_UNIT, unit, &ctx->err)) ||
	    (section && walk_filter(&s.walk, WALK_SECTION, section,
				    &ctx->err)))
		goto done;
	/* A TASK given with a filter stays the first one shown. */
	if (task && (unit || section) && walk_goto(&s.walk, task, &ctx->err))
		goto done;
	if (walk_session(&s))
		goto done;
	status = s.failed ? EXIT_FAILED : EXIT_OK;
done:
	walk_release(&s.walk);
	strbuf_release(&s.typed_by);
	strbuf_release(&s.note);
	return status;
}
