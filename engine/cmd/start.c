/*
 * cutover start RUNBOOK --rehearsal|--live: a new run of a runbook.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

static const char usage[] =
	"usage: cutover start (--rehearsal | --live) [--name NAME] [--by NAME]\n"
	"                     [--allow-dirty] RUNBOOK\n"
	"\n"
	"Starts a run: expands the runbook into its tasks and records them,\n"
	"with the runbook's files, in the workspace. The run is pinned to the\n"
	"git commit and blob of the runbook when it is in a repository.\n"
	"\n"
	"  --rehearsal     a rehearsal (any number of them)\n"
	"  --live          the live run; refuses a runbook with uncommitted\n"
	"                  changes unless --allow-dirty is given\n"
	"  --name NAME     the run's name (default: MODE-N)\n"
	"  --by NAME       who starts it (default: $USER)\n"
	"  --allow-dirty   start --live from uncommitted changes (recorded)\n";

static int start_run(struct cmd_ctx *ctx, struct book *book,
		     struct store_run *run)
{
	const struct runbook *rb = book->rb;
	struct store_event ev;
	struct strbuf comment = STRBUF_INIT;
	int ret = -1;

	if (store_begin(ctx->store, &ctx->err))
		return -1;
	if (store_create_run(ctx->store, run, book, &ctx->err))
		goto done;
	strbuf_addf(&comment, "%s run of %s (%zu tasks)%s", run->mode, rb->id,
		    book->plan->n, run->dirty ? "; runbook has uncommitted"
		    " changes" : "");
	memset(&ev, 0, sizeof(ev));
	ev.run_id = run->id;
	ev.kind = "start";
	ev.actor = run->started_by;
	ev.at = run->started_at;
	ev.comment = comment.buf;
	ev.commit_id = run->commit_id;
	if (store_append_event(ctx->store, &ev, NULL, NULL, &ctx->err))
		goto done;
	ret = store_commit(ctx->store, &ctx->err);
done:
	if (ret)
		store_rollback(ctx->store);
	strbuf_release(&comment);
	return ret;
}

static char *default_name(struct cmd_ctx *ctx, const char *mode)
{
	struct strbuf name = STRBUF_INIT;
	struct store_run probe;
	struct err quiet = ERR_INIT;
	int n;

	for (n = 1;; n++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s-%d", mode, n);
		if (store_find_run(ctx->store, name.buf, &probe, &quiet)) {
			err_release(&quiet);
			return strbuf_detach(&name, NULL);
		}
		store_run_release(&probe);
	}
}

int cmd_start(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "allow-dirty", no_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "live", no_argument, NULL, 'l' },
		{ "name", required_argument, NULL, 'n' },
		{ "rehearsal", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *mode = NULL, *name = NULL, *by = getenv("USER");
	int allow_dirty = 0, c, status = EXIT_FAILED, rc;
	struct book *book = NULL;
	struct store_run run;
	struct vcs_pin pin;
	struct strbuf t0 = STRBUF_INIT;

	memset(&run, 0, sizeof(run));
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			allow_dirty = 1;
			break;
		case 'b':
			by = optarg;
			break;
		case 'h':
			return cmd_help(usage);
		case 'l':
		case 'r':
			if (mode)
				return cmd_usage_fail(ctx, "give one of"
						      " --rehearsal or --live");
			mode = c == 'l' ? "live" : "rehearsal";
			break;
		case 'n':
			name = optarg;
			break;
		default:
			return cmd_bad_option(ctx, c, argv, "start");
		}
	}
	if (!mode)
		return cmd_usage_fail(ctx, "say --rehearsal or --live");
	if (optind + 1 != argc)
		return cmd_usage_fail(ctx, "start takes one RUNBOOK; see"
				      " 'cutover start --help'");
	if (name && !*name)
		return cmd_usage_fail(ctx, "--name must not be empty");
	if (book_load_path(argv[optind], &book, &ctx->err) ||
	    book_expand(book, &ctx->err))
		goto done;
	rc = vcs_pin(argv[optind], &pin, &ctx->err);
	if (rc == -1)
		goto done;
	if (rc == 0) {
		run.commit_id = xstrdup(pin.commit);
		run.blob_id = pin.blob[0] ? xstrdup(pin.blob) : NULL;
		run.dirty = pin.dirty;
	}
	if (!strcmp(mode, "live") && (rc != 0 || pin.dirty) && !allow_dirty) {
		fail(&ctx->err, "'%s' has uncommitted changes%s; commit it, or"
		     " give --allow-dirty", argv[optind],
		     rc ? " (it is in no git repository)" : "");
		goto done;
	}
	if (rc != 0)
		run.dirty = 1;
	run.name = name ? xstrdup(name) : default_name(ctx, mode);
	run.mode = xstrdup(mode);
	run.runbook_path = xstrdup(argv[optind]);
	run.runbook_id = xstrdup(book->rb->id);
	run.title = xstrdup(book->rb->title);
	run.directive = xstrdup(book->rb->directive);
	run.t0 = book->rb->t0;
	run.offset_minutes = book->rb->offset_minutes;
	run.started_by = xstrdup(by && *by ? by : "coordinator");
	run.has_duty_window = book->rb->has_duty_window;
	if (run.has_duty_window) {
		run.duty_from = clock_resolve(&book->rb->duty_from, run.t0,
					      run.offset_minutes);
		run.duty_to = clock_resolve(&book->rb->duty_to, run.t0,
					    run.offset_minutes);
	}
	if (clock_now(run.offset_minutes, &run.started_at, &ctx->err) ||
	    start_run(ctx, book, &run))
		goto done;
	clock_format_local(&t0, run.t0, run.offset_minutes);
	printf("started %s '%s' of %s: %zu tasks, %zu units, T0 %s",
	       run.mode, run.name, run.runbook_id, book->plan->n,
	       book->units->n, t0.buf);
	if (run.commit_id)
		printf(", commit %.12s%s", run.commit_id,
		       run.dirty ? " (with uncommitted changes)" : "");
	printf("\n");
	status = EXIT_OK;
done:
	strbuf_release(&t0);
	store_run_release(&run);
	book_free(book);
	return status;
}
