/*
 * cutover verify: recompute the ledger's hash chain, read the tables the
 * engine keeps beside it back against it, and confirm a report's head.
 */
#include "cmd.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "infile.h"
#include "json.h"
#include "keys.h"
#include "publish.h"
#include "store_ledger.h"
#include "banned.h"

static const char about[] = N_(
	"Checks the database (SQLite integrity_check), recomputes the hash\n"
	"chain of the whole ledger from the first event, and reads back\n"
	"against the events what the engine keeps beside them: every task's\n"
	"state, the duty roster, the difficulties log and each run's start.\n"
	"Prints the number of events and the head hash when all holds; exits\n"
	"1 naming the first event (by sequence number) or record that does\n"
	"not match otherwise. With --run NAME, the tasks, roster and\n"
	"difficulties of that run only (the chain is always checked whole).\n"
	"\n"
	"--checkpoint FILE takes a checkpoint 'cutover publish' signed: checks\n"
	"its signature, that the ledger still holds its events (not\n"
	"truncated) with its Merkle root and head (not rewritten and\n"
	"resealed), and proves with a consistency proof that the ledger only\n"
	"grew since.\n");

/* Lower-cases hash in place; 0 when it is 64 hex digits. */
static int normalise_hash(char *hash)
{
	size_t i, n = strlen(hash);

	if (n != SEAL_HEX_LEN)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)hash[i]))
			return -1;
		hash[i] = (char)tolower((unsigned char)hash[i]);
	}
	return 0;
}

struct verified {
	int64_t events, tasks;
	char head[SEAL_HEX_LEN + 1];
	const char *asked;     /* --head, or NULL */
	int64_t asked_seq;
	const char *cp_file;   /* --checkpoint, or NULL */
	struct strbuf cp_text;
	const struct note_key *verifier;
	struct publish_check cp;
};

/*
 * A damaged file is said before what it makes the chain look like, so
 * integrity_check's answer wins over the chain's when both fail.
 */
static int check_all(struct cmd_ctx *ctx, struct verified *v)
{
	struct store_integrity_job *job;
	struct err chain = ERR_INIT;
	int rc, integrity;

	if (store_integrity_start(ctx->store, &job, &ctx->err)) {
		store_integrity_finish(job, &chain);
		err_release(&chain);
		return -1;
	}
	rc = store_read_begin(ctx->store, &chain);
	if (!rc)
		rc = store_verify_chain(ctx->store, &v->events, v->head,
					&chain);
	if (!rc)
		rc = store_ledger_check(ctx->store, ctx->run.id, &v->tasks,
					&chain);
	if (!rc && v->asked)
		rc = store_ledger_find(ctx->store, v->asked, &v->asked_seq,
				       &chain);
	if (!rc && v->cp_file)
		rc = publish_check_checkpoint(ctx->store, v->cp_file,
					      v->cp_text.buf, v->cp_text.len,
					      v->verifier, &v->cp, &chain);
	store_read_end(ctx->store);
	integrity = store_integrity_finish(job, &ctx->err);
	if (!integrity && rc) {
		struct strbuf msg = STRBUF_INIT;

		err_format(&chain, &msg);
		fail(&ctx->err, "%s", msg.buf);
		ctx->err.usage = chain.usage;
		strbuf_release(&msg);
	}
	err_release(&chain);
	return integrity ? integrity : rc;
}

static void print_json(const struct cmd_ctx *ctx, const struct verified *v)
{
	struct strbuf out = STRBUF_INIT;

	strbuf_addch(&out, '{');
	json_key_int(&out, "events", v->events, 1);
	json_key_int(&out, "tasks", v->tasks, 0);
	json_key_string(&out, "head", v->head, 0);
	json_key_string(&out, "run", ctx->run.id ? ctx->run.name : NULL, 0);
	if (v->asked) {
		json_key(&out, "asked", 0);
		strbuf_addch(&out, '{');
		json_key_string(&out, "head", v->asked, 1);
		json_key_int(&out, "seq", v->asked_seq, 0);
		json_key_int(&out, "since", v->events - v->asked_seq, 0);
		strbuf_addch(&out, '}');
	}
	if (v->cp_file) {
		size_t i;

		json_key(&out, "checkpoint", 0);
		strbuf_addch(&out, '{');
		json_key_string(&out, "origin", v->cp.origin, 1);
		json_key_string(&out, "signer", v->cp.signer, 0);
		json_key_int(&out, "size", v->cp.size, 0);
		json_key_int(&out, "signed_at", v->cp.signed_at, 0);
		json_key(&out, "proof", 0);
		strbuf_addch(&out, '[');
		for (i = 0; i < v->cp.nproof; i++) {
			strbuf_adds(&out, i ? ",\"" : "\"");
			seal_base64(&out, v->cp.proof[i], TLOG_HASH_LEN);
			strbuf_addch(&out, '"');
		}
		strbuf_adds(&out, "]}");
	}
	strbuf_adds(&out, "}\n");
	cmd_print(&out);
	strbuf_release(&out);
}

static void print_checkpoint(const struct cmd_ctx *ctx,
			     const struct verified *v)
{
	struct strbuf when = STRBUF_INIT;
	int64_t grown = v->cp.ledger - v->cp.size;

	cmd_time(&when, ctx, v->cp.signed_at);
	printf(P_("checkpoint ok: %lld event of %s, signed by %s at %s\n",
		  "checkpoint ok: %lld events of %s, signed by %s at %s\n",
		  (unsigned long)v->cp.size), (long long)v->cp.size,
	       v->cp.origin, v->cp.signer, when.buf);
	if (!grown)
		printf("%s\n", _("the ledger has not changed since"));
	else
		printf(P_("the ledger only grew since: %lld event more, proved"
			  " by a consistency proof of %zu hashes\n",
			  "the ledger only grew since: %lld events more, proved"
			  " by a consistency proof of %zu hashes\n",
			  (unsigned long)grown), (long long)grown,
		       v->cp.nproof);
	strbuf_release(&when);
}

static void print_text(const struct cmd_ctx *ctx, const struct verified *v)
{
	int64_t since = v->events - v->asked_seq;

	if (ctx->run.id)
		printf(_("ledger ok: %lld events, %lld task states of run '%s',"
			 " head %s\n"), (long long)v->events,
		       (long long)v->tasks, ctx->run.name, v->head);
	else
		printf(_("ledger ok: %lld events, %lld task states, head %s\n"),
		       (long long)v->events, (long long)v->tasks, v->head);
	if (v->cp_file)
		print_checkpoint(ctx, v);
	if (!v->asked)
		return;
	printf(_("head %s: event %lld of %lld"), v->asked,
	       (long long)v->asked_seq, (long long)v->events);
	if (!v->asked_seq)
		printf(" %s\n", _("(the empty ledger before the first event)"));
	else if (!since)
		printf(" %s\n", _("(the current head)"));
	else
		printf(P_(" (%lld later event)\n", " (%lld later events)\n",
			  (unsigned long)since), (long long)since);
}

int cmd_verify(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct verified v;
	const char *key_path = NULL, *pubkey = NULL, *head_arg = NULL;
	struct opt_list extra = OPT_LIST_INIT;
	const struct opt_spec opts[] = {
		{ OPT_VALUE, "head", 0, &head_arg, N_("HASH"),
		  N_("the ledger head a report printed: exits 0 naming its"
		     " event when the chain holds it (the report was made"
		     " from this ledger, now or earlier), 1 when it does"
		     " not"), 0, 0 },
		{ OPT_VALUE, "checkpoint", 0, &v.cp_file, N_("FILE"),
		  N_("a checkpoint 'cutover publish' signed, checked against"
		     " the ledger"), 0, 0 },
		{ OPT_VALUE, "pubkey", 0, &pubkey, N_("KEY"),
		  N_("the province's verifier key (NAME+ID+KEY, or a file"
		     " holding it); default: the public half of --key"), 0,
		  0 },
		{ OPT_VALUE, "key", 0, &key_path, N_("FILE"),
		  N_("the signing key (default: as 'cutover key' finds it)"),
		  0, 0 },
		/* Taken only to say that verify takes none. */
		{ OPT_ARGS, N_("ARGS"), 0, &extra, NULL, NULL, OPT_HIDDEN, 0 },
		CMD_OPT_END
	};
	const struct cmd_spec spec = { "verify", opts, about };
	struct note_key key = NOTE_KEY_INIT, verifier = NOTE_KEY_INIT;
	struct strbuf path = STRBUF_INIT;
	char *head = NULL;
	int status = EXIT_FAILED;

	memset(&v, 0, sizeof(v));
	strbuf_init(&v.cp_text);
	if (cmd_parse(ctx, &spec, argc, argv, &status)) {
		strbuf_release(&v.cp_text);
		return status;
	}
	if (extra.n) {
		opt_list_release(&extra);
		strbuf_release(&v.cp_text);
		return cmd_usage_fail(ctx, "%s", _("verify takes no arguments;"
						 " see 'cutover verify --help'"));
	}
	/* The argument is argv's, ours to normalise in place. */
	head = (char *)head_arg;
	if (head && normalise_hash(head))
		return cmd_usage_fail(ctx, _("--head '%s' is not a ledger hash"
					    " (64 hex digits)"), head);
	if ((pubkey || key_path) && !v.cp_file)
		return cmd_usage_fail(ctx, "%s", _("--pubkey and --key go with"
						 " --checkpoint"));
	if (pubkey && key_path)
		return cmd_usage_fail(ctx, "%s", _("--key and --pubkey are"
						 " alternatives"));
	v.asked = head;
	if (ctx->run_name &&
	    store_find_run(ctx->store, ctx->run_name, &ctx->run, &ctx->err))
		return EXIT_FAILED;
	if (v.cp_file) {
		if (infile_read(v.cp_file, NOTE_MAX_LEN, &v.cp_text,
				&ctx->err))
			goto done;
		if (pubkey ? keys_verifier(pubkey, &verifier, &ctx->err) :
		    keys_path(key_path, &path, &ctx->err) ||
		    keys_load(path.buf, &key, &ctx->err))
			goto done;
		if (!pubkey)
			note_key_public(&key, NOTE_ED25519, &verifier);
		v.verifier = &verifier;
	}
	if (check_all(ctx, &v))
		goto done;
	if (ctx->json)
		print_json(ctx, &v);
	else
		print_text(ctx, &v);
	status = EXIT_OK;
done:
	publish_check_release(&v.cp);
	strbuf_release(&v.cp_text);
	strbuf_release(&path);
	note_key_release(&key);
	note_key_release(&verifier);
	return status;
}
