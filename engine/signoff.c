/*
 * Sign-offs.  Order matters: everything that can refuse without the
 * write lock (task, token, state, evidence types, attachments, the
 * runbook's check) is decided before the transaction; inside it the
 * state and the requirements are read again, so two processes signing
 * the same task record exactly one event.
 */
#include "signoff.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "duty.h"
#include "evidence.h"
#include "field.h"
#include "gate.h"
#include "i18n.h"
#include "infile.h"
#include "json.h"
#include "xalloc.h"
#include "banned.h"

void signoff_result_init(struct signoff_result *res)
{
	memset(res, 0, sizeof(*res));
	strbuf_init(&res->findings);
}

void signoff_result_release(struct signoff_result *res)
{
	free(res->previous_by);
	strbuf_release(&res->findings);
	signoff_result_init(res);
}

int signoff_load_book(struct store *st, const struct store_run *run,
		      struct book **out, struct err *err)
{
	struct book_file *files;
	size_t n, i;
	int ret;

	if (store_run_files(st, run->id, &files, &n, err))
		return -1;
	ret = book_load_files(run->runbook_path, files, n, out, err);
	for (i = 0; i < n; i++) {
		free(files[i].path);
		free(files[i].text);
	}
	free(files);
	return ret;
}

/* A run's files in the store, read one by one for book_load_lazy. */
struct run_files {
	struct store *st;
	const struct store_run *run;
};

static int fetch_run_file(void *ctx, const char *relpath, struct strbuf *out,
			  struct err *err)
{
	const struct run_files *f = ctx;
	int rc = store_run_file(f->st, f->run->id, relpath, out, err);

	return rc == STORE_NOTFOUND ? 1 : rc;
}

struct collected {
	struct strbuf *values;    /* per evidence field, normalised */
	int *given;
	struct strbuf *file_text; /* per field, attachment content */
	char (*file_hash)[SEAL_HEX_LEN + 1];
};

static int split_kv(const char *arg, const char **value, struct strbuf *key)
{
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg)
		return -1;
	strbuf_add(key, arg, (size_t)(eq - arg));
	*value = eq + 1;
	return 0;
}

static long field_index(const struct step *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->nevidence; i++)
		if (!strcmp(st->evidence[i].name, name))
			return (long)i;
	return -1;
}

static void list_fields(const struct step *st, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < st->nevidence; i++)
		strbuf_addf(out, "%s%s (%s%s)", i ? ", " : "",
			    st->evidence[i].name,
			    model_evidence_type_name(st->evidence[i].type),
			    st->evidence[i].optional ? _(", optional") : "");
	if (!st->nevidence)
		strbuf_adds(out, _("none"));
}

static int unknown_field(const struct step *st, const char *name,
			 struct err *err)
{
	struct strbuf fields = STRBUF_INIT;

	list_fields(st, &fields);
	fail(err, _("unknown evidence field '%s'; step '%s' takes: %s"), name,
	     st->id, fields.buf);
	strbuf_release(&fields);
	return -1;
}

/*
 * Reads the attachment of file field f, hashes it, notes its name.  A
 * file a table names is read inside the table's folder (DESIGN: nothing
 * read from outside the import's folder); one given with --attach is
 * the signer's own choice.
 */
static int load_file(const struct signoff *req, size_t f, const char *path,
		     struct collected *c, struct err *err)
{
	int rc;

	if (req->from_table)
		rc = infile_read_inside(req->files_dir ? req->files_dir : "",
					path, INFILE_ATTACHMENT_MAX,
					&c->file_text[f], err);
	else if (req->auth && req->auth->unit_id)
		/* A unit attaches what it handed in: the working folder's. */
		rc = infile_read_inside("", path, INFILE_ATTACHMENT_MAX,
					&c->file_text[f], err);
	else
		rc = infile_read(path, INFILE_ATTACHMENT_MAX, &c->file_text[f],
				 err);
	if (rc)
		return -1;
	seal_content(c->file_text[f].buf, c->file_text[f].len,
		     c->file_hash[f]);
	strbuf_adds(&c->values[f], strrchr(path, '/') ?
		    strrchr(path, '/') + 1 : path);
	c->given[f] = 1;
	return 0;
}

/*
 * A file given as content: the name is kept as the evidence's name, so
 * it must read as one: its last component, one line, valid UTF-8.
 */
static int load_upload(const struct step *st, const struct signoff_upload *u,
		       struct collected *c, struct err *err)
{
	const char *base = u->name ? u->name : "";
	const char *p;
	struct strbuf name = STRBUF_INIT;
	long f = field_index(st, u->field);

	if (f < 0)
		return unknown_field(st, u->field, err);
	if (st->evidence[f].type != EVIDENCE_FILE)
		return fail(err, _("evidence field '%s' is not a file"),
			    u->field);
	if (c->given[f])
		return fail(err, _("evidence field '%s' given twice"),
			    u->field);
	for (p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (evidence_name(*base ? base : "-", &name, err)) {
		strbuf_release(&name);
		err_about(err, NULL, u->field);
		return -1;
	}
	if (u->len > INFILE_ATTACHMENT_MAX) {
		fail(err, _("'%s' is larger than %zu MiB"), name.buf,
		     INFILE_ATTACHMENT_MAX >> 20);
		strbuf_release(&name);
		return -1;
	}
	strbuf_add(&c->file_text[f], u->data, u->len);
	seal_content(u->data, u->len, c->file_hash[f]);
	strbuf_add(&c->values[f], name.buf, name.len);
	strbuf_release(&name);
	c->given[f] = 1;
	return 0;
}

static int collect_values(const struct runbook *rb, const struct step *st,
			  const struct signoff *req, struct collected *c,
			  struct err *err)
{
	struct evidence_rules rules;
	struct strbuf key = STRBUF_INIT;
	const char *value;
	size_t i;
	long f;

	for (i = 0; i < req->nevidence; i++) {
		strbuf_reset(&key);
		if (split_kv(req->evidence[i], &value, &key)) {
			strbuf_release(&key);
			return fail_usage(err, _("--evidence takes FIELD=VALUE,"
						 " not '%s'"),
					  req->evidence[i]);
		}
		f = field_index(st, key.buf);
		if (f < 0) {
			unknown_field(st, key.buf, err);
			if (req->from_table)
				err_about(err, NULL, key.buf);
			break;
		}
		if (st->evidence[f].type == EVIDENCE_FILE && !req->from_table) {
			fail(err, _("evidence field '%s' is a file: give it"
				    " with --attach %s=PATH"), key.buf, key.buf);
			break;
		}
		if (c->given[f]) {
			fail(err, _("evidence field '%s' given twice"),
			     key.buf);
			break;
		}
		if (!*value && st->evidence[f].optional)
			continue;
		if (st->evidence[f].type == EVIDENCE_FILE) {
			/* A table names the file, relative to the table's folder. */
			if (load_file(req, (size_t)f, value, c, err)) {
				err_about(err, NULL, key.buf);
				break;
			}
			continue;
		}
		evidence_rules_of(&rules, &rb->locale, &st->evidence[f]);
		if (evidence_normalize(st->evidence[f].type, &rules, value,
				       &c->values[f], err)) {
			struct strbuf subject = STRBUF_INIT;

			strbuf_addf(&subject, _("task '%s'"), req->task_key);
			err_about(err, subject.buf, key.buf);
			strbuf_release(&subject);
			break;
		}
		c->given[f] = 1;
	}
	strbuf_release(&key);
	return err_is_set(err) ? -1 : 0;
}

static int collect_files(const struct step *st, const struct signoff *req,
			 struct collected *c, struct err *err)
{
	struct strbuf key = STRBUF_INIT;
	const char *path;
	size_t i, j, nfile = 0;
	long f = -1;

	for (j = 0; j < st->nevidence; j++)
		if (st->evidence[j].type == EVIDENCE_FILE) {
			nfile++;
			f = (long)j;
		}
	for (i = 0; i < req->nattach; i++) {
		strbuf_reset(&key);
		if (!split_kv(req->attach[i], &path, &key) &&
		    field_index(st, key.buf) >= 0) {
			f = field_index(st, key.buf);
		} else if (nfile == 1) {
			path = req->attach[i];
		} else {
			strbuf_release(&key);
			if (!nfile)
				return fail(err, _("step '%s' takes no file"),
					    st->id);
			return fail_usage(err, _("step '%s' takes several"
						 " files: use --attach"
						 " FIELD=PATH"), st->id);
		}
		if (st->evidence[f].type != EVIDENCE_FILE) {
			fail(err, _("evidence field '%s' is not a file"),
			     st->evidence[f].name);
			break;
		}
		if (c->given[f]) {
			fail(err, _("evidence field '%s' given twice"),
			     st->evidence[f].name);
			break;
		}
		if (load_file(req, (size_t)f, path, c, err))
			break;
	}
	strbuf_release(&key);
	return err_is_set(err) ? -1 : 0;
}

static int check_complete(const struct step *st, const struct signoff *req,
			  const struct collected *c, struct err *err)
{
	const struct evidence_field *f;
	size_t i;

	for (i = 0; i < st->nevidence; i++) {
		f = &st->evidence[i];
		if (f->optional || c->given[i])
			continue;
		if (req->from_table) {
			fail(err, _("missing: step '%s' needs this evidence"
				    " (%s); fill in its column"), st->id,
			     model_evidence_type_name(f->type));
			err_about(err, NULL, f->name);
			return -1;
		}
		if (f->type == EVIDENCE_FILE)
			return fail(err, _("missing evidence file '%s': give"
					   " it with --attach %s=PATH"),
				    f->name, f->name);
		return fail(err, _("missing evidence field '%s' (%s): give it"
				   " with --evidence %s=VALUE"), f->name,
			    model_evidence_type_name(f->type), f->name);
	}
	return 0;
}

static void evidence_json(const struct step *st, const struct collected *c,
			  struct strbuf *out)
{
	size_t i;
	int first = 1;

	strbuf_addch(out, '{');
	for (i = 0; i < st->nevidence; i++) {
		if (!c->given[i])
			continue;
		if (st->evidence[i].type == EVIDENCE_FILE) {
			json_key(out, st->evidence[i].name, first);
			strbuf_addch(out, '{');
			json_key_string(out, "blake2b", c->file_hash[i], 1);
			json_key_string(out, "name", c->values[i].buf, 0);
			json_key_int(out, "size",
				     (int64_t)c->file_text[i].len, 0);
			strbuf_addch(out, '}');
		} else {
			json_key_string(out, st->evidence[i].name,
					c->values[i].buf, first);
		}
		first = 0;
	}
	strbuf_addch(out, '}');
}

/*
 * Reopens the JSON object out holds ("{...}") for one more member:
 * appends the comma the member needs; the caller closes it again.
 */
static void reopen_object(struct strbuf *out)
{
	if (!out->len) {
		strbuf_addch(out, '{');
		return;
	}
	out->buf[--out->len] = '\0';
	if (out->len > 1)
		strbuf_addch(out, ',');
}

/* A JSON array of the parts of list between each sep ("": []). */
static void json_string_list(struct strbuf *out, const char *list,
			     const char *sep)
{
	struct strbuf one = STRBUF_INIT;
	const char *p = list, *end;
	size_t seplen = strlen(sep);

	strbuf_addch(out, '[');
	while (*p) {
		end = strstr(p, sep);
		if (!end)
			end = p + strlen(p);
		strbuf_reset(&one);
		strbuf_add(&one, p, (size_t)(end - p));
		if (p != list)
			strbuf_addch(out, ',');
		json_string(out, one.buf);
		p = *end ? end + seplen : end;
	}
	strbuf_addch(out, ']');
	strbuf_release(&one);
}

static void waiver_json(const struct signoff *req,
			const struct signoff_result *res, struct strbuf *out)
{
	reopen_object(out);
	json_key(out, "waiver", 1);
	strbuf_addch(out, '{');
	json_key(out, "findings", 1);
	json_string_list(out, res->findings.buf, "\n");
	json_key_string(out, "reason", req->waiver, 0);
	strbuf_adds(out, "}}");
}

/* The duty window the run's roster steps must cover, without gaps. */
static int roster_covered(struct store *st, const struct store_run *run,
			  const struct step *step, const char *unit_id,
			  struct strbuf *findings, struct err *err)
{
	struct duty_status *ds;
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	size_t n, ngaps = 0, i;

	if (!run->has_duty_window)
		return fail(err, _("step '%s' is a roster step but the run has"
				   " no duty window"), step->id);
	if (duty_coverage(st, run, unit_id, step->roster, &ds, &n, err))
		return -1;
	if (n == 1) {
		ngaps = ds->ngaps;
		for (i = 0; i < ngaps; i++) {
			strbuf_reset(&from);
			strbuf_reset(&to);
			clock_format_local(&from, ds->gaps[i].from,
					   run->zone);
			clock_format_local(&to, ds->gaps[i].to,
					   run->zone);
			/* Said, never recorded: a gap is not waived. */
			if (i)
				strbuf_addch(findings, '\n');
			strbuf_addf(findings, _("no one on duty as '%s' from %s"
						" to %s"),
				    label_get(run->labels, LABEL_ROLE,
					      step->roster, i18n_lang()),
				    from.buf, to.buf);
		}
	}
	duty_status_free(ds, n);
	strbuf_release(&from);
	strbuf_release(&to);
	if (n != 1)
		return fail(err, "BUG: no duty '%s' for unit '%s'",
			    step->roster, unit_id);
	if (!ngaps)
		return 0;
	return fail(err, P_("the '%s' roster of %s leaves %zu gap in the duty"
			    " window; add shifts with 'cutover roster add'",
			    "the '%s' roster of %s leaves %zu gaps in the duty"
			    " window; add shifts with 'cutover roster add'",
			    ngaps), step->roster, unit_id, ngaps);
}

static int run_check(struct run_files *files, struct book *book,
		     size_t step, const char *unit_id, const char *key,
		     const struct collected *c, const char *waiver,
		     int *waived, struct strbuf *findings, struct err *err)
{
	const struct step *st = &book->rb->steps[step];
	struct script_value *values;
	const struct unit *unit;
	size_t i;
	int rc;

	if (!st->check_source)
		return 0;
	/* Only a check needs the registry: its unit, and unit(id). */
	if (book_units(book, fetch_run_file, files, err))
		return -1;
	unit = units_find(book->units, unit_id);
	if (!unit)
		return fail(err, _("unit '%s' is not in the run's registry"),
			    unit_id);
	values = xcalloc(st->nevidence + 1, sizeof(*values));
	for (i = 0; i < st->nevidence; i++) {
		values[i].name = st->evidence[i].name;
		values[i].type = st->evidence[i].type;
		values[i].value = c->given[i] ? c->values[i].buf : NULL;
		values[i].file_text = c->file_text[i].buf;
		values[i].file_len = c->file_text[i].len;
	}
	rc = script_check(book->script, step, unit, key, values,
			  st->nevidence, findings, err);
	free(values);
	if (rc == 1) {
		while (findings->len && findings->buf[findings->len - 1] == '\n')
			findings->buf[--findings->len] = '\0';
		if (waiver) {
			*waived = 1;
			return 0;
		}
		return fail(err, _("check of step '%s' refused the sign-off of"
				   " '%s'"), st->id, key);
	}
	return rc;
}

/* Whether the event kind `action` would leave the task as it is. */
static int already(enum task_state state, const char *action)
{
	enum task_state to;

	return !task_state_parse(action, &to) && to == state;
}

static int may_move(enum task_state from, const char *action,
		    struct err *err, const char *key)
{
	/* A comment joins the task's history in any state, changing none. */
	if (!strcmp(action, "comment"))
		return 0;
	if (!strcmp(action, "reopened")) {
		if (from == TASK_PENDING)
			return fail(err, _("task '%s' is open already"), key);
		return 0;
	}
	switch (from) {
	case TASK_DONE:
		if (!already(from, action))
			return fail(err, _("task '%s' is done; reopen it"
					   " first"), key);
		break;
	case TASK_SKIPPED:
		if (!already(from, action))
			return fail(err, _("task '%s' is skipped; reopen it"
					   " first"), key);
		break;
	case TASK_PENDING:
	case TASK_FAILED:
	case TASK_BLOCKED:
		break;
	}
	return 0;
}

int signoff_reason_ok(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	int words = 0, in_word = 0, counts = 0;

	for (; p && *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			words += in_word && counts;
			in_word = counts = 0;
			continue;
		}
		in_word = 1;
		/* A letter or a digit, or any byte of a UTF-8 sequence. */
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p >= 0x80)
			counts = 1;
	}
	words += in_word && counts;
	return words >= SIGNOFF_REASON_WORDS;
}

/* The open requirements a forced sign-off names in the ledger. */
#define FORCED_KEYS 20

/*
 * What forcing a sign-off of task at `at` passes over: its open
 * requirements (keys: the first FORCED_KEYS, ", "-joined; the task says
 * how many) and a start still ahead.  Without force, either refuses.
 * 0, or -1 with err.
 */
static int what_is_forced(struct store *st, const struct store_run *run,
			  const struct store_task *task, instant_t at,
			  int force, struct strbuf *keys, int *early,
			  struct err *err)
{
	struct strbuf when = STRBUF_INIT;

	*early = task->has_start && at < task->start;
	if (task->open_requires &&
	    store_open_requirements(st, task->id, force ? FORCED_KEYS : 5,
				    keys, err))
		return -1;
	/* store_open_requirements ends a cut list with ", ...". */
	if (force && keys->len > 5 &&
	    !strcmp(keys->buf + keys->len - 5, ", ..."))
		keys->buf[keys->len -= 5] = '\0';
	if (force || (!task->open_requires && !*early))
		return 0;
	if (task->open_requires)
		return fail(err, _("task '%s' requires what is not done yet:"
				   " %s (--force, the coordinator's, signs"
				   " anyway)"), task->key, keys->buf);
	clock_format_local(&when, task->start, run->zone);
	fail(err, _("task '%s' starts at %s: it cannot be signed before"
		    " (--force, the coordinator's, signs anyway)"), task->key,
	     when.buf);
	strbuf_release(&when);
	return -1;
}

/*
 * Appends "forced-past": {"requires": [...], "open": N, "start": "..."}
 * to the object: the first open requirements and how many there were,
 * the start it came before; a name no evidence field can take (they
 * have no '-').
 */
static void forced_json(const struct store_run *run,
			const struct store_task *task, const char *keys,
			int early, struct strbuf *out)
{
	struct strbuf one = STRBUF_INIT;

	reopen_object(out);
	json_key(out, "forced-past", 1);
	strbuf_addch(out, '{');
	if (*keys) {
		json_key(out, "requires", 1);
		json_string_list(out, keys, ", ");
		json_key_int(out, "open", task->open_requires, 0);
	}
	if (early) {
		strbuf_reset(&one);
		clock_format_rfc3339(&one, task->start, run->zone);
		json_key_string(out, "start", one.buf, !*keys);
	}
	strbuf_adds(out, "}}");
	strbuf_release(&one);
}

/* What prepare decided: the evidence as it will be recorded. */
struct signoff_ready {
	struct collected c;
	size_t nfields;
	struct strbuf json;
	int has_evidence;
};

void signoff_ready_free(struct signoff_ready *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nfields; i++) {
		strbuf_release(&r->c.values[i]);
		strbuf_release(&r->c.file_text[i]);
	}
	free(r->c.values);
	free(r->c.file_text);
	free(r->c.given);
	free(r->c.file_hash);
	strbuf_release(&r->json);
	free(r);
}

static void note_previous(struct signoff_result *res,
			  const struct store_task *task)
{
	res->previous_state = task->state;
	res->previous_by = xstrdup(task->state_by);
	res->previous_at = task->state_at;
}

/* What auth_allow says a token is needed for: "requires a token to %s". */
static const char *verb_of(const char *action)
{
	enum task_state to;

	if (!strcmp(action, "comment"))
		return C_("token to", "comment on a task");
	if (task_state_parse(action, &to))
		return C_("token to", "reopen");
	switch (to) {
	case TASK_DONE:
		return C_("token to", "sign");
	case TASK_SKIPPED:
		return C_("token to", "skip");
	case TASK_FAILED:
		return C_("token to", "fail");
	case TASK_BLOCKED:
		return C_("token to", "block");
	case TASK_PENDING:
		break;
	}
	return C_("token to", "reopen");
}

/* Types and checks the evidence of a sign-off of task into r. */
static int prepare_evidence(struct store *st, const struct store_run *run,
			    struct book **book, const struct signoff *req,
			    const struct store_task *task,
			    struct signoff_ready *r, struct signoff_result *res,
			    struct err *err)
{
	struct run_files files = { st, run };
	const struct step *step;
	struct collected *c = &r->c;
	size_t i;
	long s;

	if (!*book && book_load_lazy(run->runbook_path, fetch_run_file, &files,
				     book, err))
		return -1;
	s = model_find_step((*book)->rb, task->step_id);
	if (s < 0)
		return fail(err, _("step '%s' is not in the run's runbook"),
			    task->step_id);
	step = &(*book)->rb->steps[s];
	r->nfields = step->nevidence;
	c->values = xcalloc(r->nfields + 1, sizeof(*c->values));
	c->file_text = xcalloc(r->nfields + 1, sizeof(*c->file_text));
	c->given = xcalloc(r->nfields + 1, sizeof(*c->given));
	c->file_hash = xcalloc(r->nfields + 1, sizeof(*c->file_hash));
	for (i = 0; i < r->nfields; i++) {
		strbuf_init(&c->values[i]);
		strbuf_init(&c->file_text[i]);
	}
	if (collect_values((*book)->rb, step, req, c, err) ||
	    collect_files(step, req, c, err))
		return -1;
	for (i = 0; i < req->nuploads; i++)
		if (load_upload(step, &req->uploads[i], c, err))
			return -1;
	if (check_complete(step, req, c, err))
		return -1;
	if (step->roster &&
	    roster_covered(st, run, step, task->unit_id, &res->findings, err))
		return -1;
	if (run_check(&files, *book, (size_t)s, task->unit_id, task->key, c,
		      req->waiver, &res->waived, &res->findings, err))
		return -1;
	evidence_json(step, c, &r->json);
	if (res->waived)
		waiver_json(req, res, &r->json);
	r->has_evidence = 1;
	return 0;
}

int signoff_prepare(struct store *st, const struct store_run *run,
		    struct book **book, const struct signoff *req,
		    struct signoff_ready **out, struct signoff_result *res,
		    struct err *err)
{
	static const struct auth no_token = AUTH_INIT;
	struct signoff_ready *r = xcalloc(1, sizeof(*r));
	struct store_task task;
	int ret = -1;

	*out = NULL;
	strbuf_init(&r->json);
	/* Said here with the names a signer gives them. */
	if (field_check("by", req->by, FIELD_NAME_MAX, FIELD_LINE, err) ||
	    field_check(req->from_table || !strcmp(req->action, "done") ?
			"comment" : "reason", req->comment, FIELD_TEXT_MAX,
			FIELD_LINES, err) ||
	    field_check("waiver", req->waiver, FIELD_TEXT_MAX, FIELD_LINES,
			err) ||
	    field_check("conditions", req->decision_text, FIELD_TEXT_MAX,
			FIELD_LINES, err)) {
		free(r);
		return -1;
	}
	if (store_task(st, run->id, req->task_key, &task, err)) {
		free(r);
		return -1;
	}
	if (auth_allow(req->auth ? req->auth : &no_token, run, task.unit_id,
		       verb_of(req->action), err) ||
	    gate_allow(&task, req->action, req->decision,
		       req->auth ? req->auth : &no_token, run, err))
		goto done;
	/*
	 * DESIGN: a unit never forces past open requirements or waives a
	 * check's findings: with a unit's token, only the coordinator's.
	 */
	if ((req->force || req->waiver) && req->auth && req->auth->unit_id) {
		fail(err, req->force ?
		     _("token '%s' is unit '%s''s: only the coordinator may"
		       " sign past open requirements or before a task's"
		       " start (--force); nothing recorded") :
		     _("token '%s' is unit '%s''s: only the coordinator may"
		       " waive a check's findings (--waive); nothing recorded"),
		     req->auth->token_id, req->auth->unit_id);
		goto done;
	}
	/* DESIGN: a waiver is a deliberate act, with a reason to read. */
	if (req->waiver && !signoff_reason_ok(req->waiver)) {
		fail_usage(err, _("a waiver needs its reason in %d words at"
				  " least, not '%s'"), SIGNOFF_REASON_WORDS,
			   req->waiver);
		goto done;
	}
	if (already(task.state, req->action)) {
		/* Nothing to type or check: record will say it is done. */
		ret = 0;
		goto done;
	}
	if (may_move(task.state, req->action, err, req->task_key))
		goto done;
	if (!strcmp(req->action, "done")) {
		if (prepare_evidence(st, run, book, req, &task, r, res, err))
			goto done;
	} else if (req->nevidence || req->nattach || req->nuploads ||
		   req->waiver) {
		fail_usage(err, "%s", _("evidence and waivers are given only"
					" when signing"));
		goto done;
	}
	if (req->decision) {
		enum gate_outcome outcome;

		/* gate_allow checked it parses. */
		gate_outcome_parse(req->decision, &outcome);
		reopen_object(&r->json);
		gate_decision_json(outcome, req->decision_text, &r->json);
		strbuf_addch(&r->json, '}');
	}
	ret = 0;
done:
	store_task_release(&task);
	if (ret)
		signoff_ready_free(r);
	else
		*out = r;
	return ret;
}

int signoff_record(struct store *st, const struct store_run *run,
		   const struct signoff *req, const struct signoff_ready *r,
		   struct signoff_result *res, struct err *err)
{
	static const struct auth no_token = AUTH_INIT;
	struct strbuf json = STRBUF_INIT, keys = STRBUF_INIT;
	struct store_task task;
	struct store_event ev;
	size_t i;
	int early = 0, ret = -1;

	if (store_task(st, run->id, req->task_key, &task, err))
		return -1;
	if (already(task.state, req->action)) {
		/* Someone got there first: nothing to record twice. */
		note_previous(res, &task);
		ret = 0;
		goto done;
	}
	if (may_move(task.state, req->action, err, req->task_key))
		goto done;
	if (!r->has_evidence && !strcmp(req->action, "done")) {
		fail(err, _("task '%s' changed while it was being signed; sign"
			    " it again"), req->task_key);
		goto done;
	}
	/* Read inside the transaction: what an earlier row just signed counts. */
	strbuf_add(&json, r->json.buf, r->json.len);
	if (!strcmp(req->action, "done")) {
		if (what_is_forced(st, run, &task, req->at, req->force, &keys,
				   &early, err))
			goto done;
		if (keys.len || early) {
			/* DESIGN: a unit never forces past its requirements. */
			if (auth_allow(req->auth ? req->auth : &no_token, run,
				       NULL,
				       /* TRANSLATORS: completes "requires a token to" */
				       _("force a sign-off"), err))
				goto done;
			forced_json(run, &task, keys.buf, early, &json);
			res->forced = 1;
		}
	}
	res->previous_state = task.state;
	for (i = 0; i < r->nfields; i++)
		if (r->c.file_hash[i][0] &&
		    store_put_attachment(st, r->c.file_hash[i],
					 r->c.file_text[i].buf,
					 r->c.file_text[i].len, err))
			goto done;
	memset(&ev, 0, sizeof(ev));
	ev.run_id = run->id;
	ev.task_key = req->task_key;
	ev.kind = req->action;
	ev.actor = req->by;
	ev.unit_id = task.unit_id;
	ev.at = req->at;
	ev.comment = req->comment;
	ev.evidence = json.len ? json.buf : NULL;
	ev.commit_id = run->commit_id;
	if (store_append_event(st, &ev, &res->seq, res->hash, err))
		goto done;
	res->recorded = 1;
	ret = 0;
done:
	strbuf_release(&json);
	strbuf_release(&keys);
	store_task_release(&task);
	return ret;
}

int signoff_apply(struct store *st, const struct store_run *run,
		  struct book **book, const struct signoff *req,
		  struct signoff_result *res, struct err *err)
{
	struct signoff_ready *ready;
	int ret = -1;

	if (signoff_prepare(st, run, book, req, &ready, res, err))
		return -1;
	if (store_begin(st, err))
		goto done;
	if (signoff_record(st, run, req, ready, res, err)) {
		store_rollback(st);
		goto done;
	}
	if (!res->recorded) {
		store_rollback(st);
		ret = 0;
		goto done;
	}
	if (store_commit(st, err)) {
		res->recorded = 0;
		goto done;
	}
	ret = 0;
done:
	signoff_ready_free(ready);
	return ret;
}
