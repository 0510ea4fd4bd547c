/*
 * cutover publish: the run's ledger, state, definition, reports and a
 * signed checkpoint as a commit of its own ref, pushed to git remotes;
 * once, or --every DURATION until stopped.
 */
#include "cmd.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "json.h"
#include "keys.h"
#include "publish.h"
#include "xalloc.h"
#include "banned.h"

static const char about[] = N_(
	"Publishes the run: the ledger in append-only segments of a thousand\n"
	"events (a line of canonical JSON each), the workspace's state, the\n"
	"run's definition, its readiness and daily reports in Markdown, and a\n"
	"checkpoint signed with the province's key (c2sp.org/tlog-checkpoint:\n"
	"origin KEYNAME/RUNBOOK/RUN, the number of events, their Merkle root,\n"
	"the chain's head) as one commit on refs/heads/cutover/RUNBOOK/RUN of\n"
	"the workspace's repository (.cutover/publish.git), pushed to each\n"
	"REMOTE (a git URL: a path, file://, git://, ssh:// or https://).\n"
	"\n"
	"It never rewrites: when the ledger is not an extension of what was\n"
	"published before, here or on a remote, nothing is published and the\n"
	"first event that differs is named; a push is never forced.\n"
	"\n"
	"The remotes given are remembered (.cutover/state.local.db, this\n"
	"machine's own): without REMOTE, publish pushes to every remote it\n"
	"was ever given (or restored from). A remote that cannot be reached\n"
	"is said, and the others are still published to; the exit status is\n"
	"then 1. With --every, it publishes again every DURATION (30s, 5m,\n"
	"1h) each time the ledger has grown, until interrupted; a failure is\n"
	"said and the loop goes on.\n");

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* "30s", "5m", "1h", or seconds; 1 s to a day. */
static int parse_duration(const char *s, long *seconds)
{
	char *end;
	long v = strtol(s, &end, 10), unit = 1;

	if (end == s || v <= 0)
		return -1;
	if (!strcmp(end, "m"))
		unit = 60;
	else if (!strcmp(end, "h"))
		unit = 3600;
	else if (*end && strcmp(end, "s"))
		return -1;
	if (v > 86400 / unit)
		return -1;
	*seconds = v * unit;
	return 0;
}

static void print_json(const struct publish_result *r)
{
	struct strbuf out = STRBUF_INIT;
	size_t i;

	strbuf_addch(&out, '{');
	json_key_string(&out, "ref", r->ref, 1);
	json_key_string(&out, "origin", r->origin, 0);
	json_key_string(&out, "commit", r->commit, 0);
	json_key_int(&out, "events", r->size, 0);
	json_key_string(&out, "root", r->root, 0);
	json_key_string(&out, "head", r->head, 0);
	json_key(&out, "unchanged", 0);
	strbuf_adds(&out, r->unchanged ? "true" : "false");
	json_key_int(&out, "cosignatures", (int64_t)r->cosignatures, 0);
	json_key(&out, "remotes", 0);
	strbuf_addch(&out, '[');
	for (i = 0; i < r->nremotes; i++) {
		strbuf_adds(&out, i ? ",{" : "{");
		json_key_string(&out, "url", r->remotes[i].url, 1);
		json_key(&out, "pushed", 0);
		strbuf_adds(&out, r->remotes[i].pushed ? "true" : "false");
		json_key_string(&out, "error", r->remotes[i].error, 0);
		strbuf_addch(&out, '}');
	}
	strbuf_adds(&out, "]}\n");
	cmd_print(&out);
	strbuf_release(&out);
}

void cmd_publish_print(const char *run_name, const struct publish_result *r)
{
	size_t i;

	if (r->unchanged)
		printf(_("nothing new in run '%s' since commit %.12s (%lld"
			 " events)\n"), run_name, r->commit,
		       (long long)r->size);
	else
		printf(P_("published run '%s': %lld event, head %.12s, commit"
			  " %.12s\n", "published run '%s': %lld events, head"
			  " %.12s, commit %.12s\n", (unsigned long)r->size),
		       run_name, (long long)r->size, r->head, r->commit);
	if (r->cosignatures)
		printf(P_("  with %zu witness's cosignature\n",
			  "  with %zu witnesses' cosignatures\n",
			  (unsigned long)r->cosignatures), r->cosignatures);
	for (i = 0; i < r->nremotes; i++)
		if (r->remotes[i].pushed)
			printf(_("  %s: up to date\n"), r->remotes[i].url);
	for (i = 0; i < r->nremotes; i++)
		if (!r->remotes[i].pushed)
			fprintf(stderr, _("cutover: not published to %s: %s\n"),
				r->remotes[i].url, r->remotes[i].error ?
				r->remotes[i].error : "?");
	if (!r->nremotes)
		printf("%s\n", _("  no remote: published in this workspace's"
				 " repository only (give a REMOTE)"));
	fflush(stdout);
}

/* The remotes: those given (remembered), else the remembered ones. */
static int remotes(struct cmd_ctx *ctx, const struct opt_list *given,
		   char ***out, size_t *n, instant_t now)
{
	size_t i;

	if (store_local_open(ctx->store, given->n > 0, &ctx->err))
		return -1;
	if (!given->n)
		return store_remotes(ctx->store, out, n, &ctx->err);
	if (store_begin(ctx->store, &ctx->err))
		return -1;
	for (i = 0; i < given->n; i++)
		if (store_add_remote(ctx->store, given->v[i], now,
				     &ctx->err)) {
			store_rollback(ctx->store);
			return -1;
		}
	if (store_commit(ctx->store, &ctx->err))
		return -1;
	*out = xcalloc(given->n, sizeof(**out));
	*n = given->n;
	for (i = 0; i < given->n; i++)
		(*out)[i] = xstrdup(given->v[i]);
	return 0;
}

/* One publication, said; EXIT_OK, or EXIT_FAILED (said or in ctx->err). */
static int once(struct cmd_ctx *ctx, struct publish_opts *o, int automatic)
{
	struct publish_result r;
	size_t i;
	int status;

	if (cmd_now(ctx, &o->now))
		return EXIT_FAILED;
	/*
	 * Nothing but the loop asked for: what `cutover serve` does after
	 * its writes, through the same hook (publish_auto).
	 */
	if (automatic ? publish_auto(ctx->store, &ctx->run, o->now, o->by,
				     &r, &ctx->err) :
	    publish_run(ctx->store, &ctx->run, o, &r, &ctx->err)) {
		publish_result_release(&r);
		return EXIT_FAILED;
	}
	if (ctx->json) {
		print_json(&r);
		for (i = 0; i < r.nremotes; i++)
			if (!r.remotes[i].pushed)
				fprintf(stderr, _("cutover: not published to"
						  " %s: %s\n"),
					r.remotes[i].url,
					r.remotes[i].error ?
					r.remotes[i].error : "?");
	} else {
		cmd_publish_print(ctx->run.name, &r);
	}
	status = r.failed ? EXIT_FAILED : EXIT_OK;
	publish_result_release(&r);
	return status;
}

int cmd_publish(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *key_path = NULL, *every = NULL;
	struct opt_list given_witnesses = OPT_LIST_INIT, given = OPT_LIST_INIT;
	struct publish_opts o;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "key", 0, &key_path, N_("FILE"),
		  N_("the signing key (see 'cutover key')"), 0, 0 },
		{ OPT_LIST, "witness", 0, &given_witnesses, N_("KEY"),
		  N_("carry the cosignatures this witness (its verifier key,"
		     " or a file holding it) pushed to the remotes;"
		     " repeatable"), 0, 0 },
		{ OPT_VALUE, "by", 0, &o.by, N_("NAME"),
		  N_("who publishes, for the commit (default $USER)"), 0, 0 },
		{ OPT_VALUE, "every", 0, &every, N_("DURATION"),
		  N_("publish again every DURATION until interrupted"), 0, 0 },
		{ OPT_ARGS, N_("REMOTE"), 0, &given, NULL,
		  N_("git URLs to push to (default: those given before)"),
		  0, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "publish", opts, about };
	struct note_key key = NOTE_KEY_INIT, *witnesses = NULL;
	struct strbuf path = STRBUF_INIT;
	char **urls = NULL;
	size_t nurls = 0, nwitnesses = 0, i;
	long seconds = 0, slept;
	int status = EXIT_FAILED, automatic;
	instant_t now;

	memset(&o, 0, sizeof(o));
	o.by = getenv("USER");
	if (cmd_parse(ctx, &spec, argc, argv, &status))
		goto done;
	status = EXIT_FAILED;
	witnesses = xcalloc(given_witnesses.n + 1, sizeof(*witnesses));
	for (i = 0; i < given_witnesses.n; i++, nwitnesses++)
		if (keys_verifier(given_witnesses.v[i], &witnesses[i],
				  &ctx->err)) {
			err_prefix(&ctx->err, "--witness");
			goto done;
		}
	if (every && parse_duration(every, &seconds)) {
		status = cmd_usage_fail(ctx, _("--every takes a duration of 1s"
					      " to 24h (30s, 5m, 1h), not"
					      " '%s'"), every);
		goto done;
	}
	if (keys_path(key_path, &path, &ctx->err) ||
	    keys_load(path.buf, &key, &ctx->err) || cmd_now(ctx, &now) ||
	    remotes(ctx, &given, &urls, &nurls, now))
		goto done;
	o.key = &key;
	o.remotes = (const char *const *)urls;
	o.nremotes = nurls;
	o.witnesses = witnesses;
	o.nwitnesses = nwitnesses;
	if (!every) {
		status = once(ctx, &o, 0);
		goto done;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	o.if_changed = 1;
	automatic = !key_path && !nwitnesses && !given.n;
	while (!stop) {
		if (once(ctx, &o, automatic) != EXIT_OK &&
		    err_is_set(&ctx->err)) {
			struct strbuf line = STRBUF_INIT;

			err_format(&ctx->err, &line);
			fprintf(stderr, "cutover: %s\n", line.buf);
			strbuf_release(&line);
			err_reset(&ctx->err);
		}
		for (slept = 0; slept < seconds && !stop; slept++) {
			struct timespec one = { 1, 0 };

			nanosleep(&one, NULL);
		}
	}
	status = EXIT_OK;
done:
	note_key_release(&key);
	for (i = 0; i < nwitnesses; i++)
		note_key_release(&witnesses[i]);
	free(witnesses);
	opt_list_release(&given_witnesses);
	opt_list_release(&given);
	store_strings_free(urls, nurls);
	strbuf_release(&path);
	return status;
}
