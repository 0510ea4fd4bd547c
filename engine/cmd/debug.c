/*
 * cutover debug: expose the parsers to shell tests (git's test-tool).
 * Not listed in `cutover help`.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "signoff.h"
#include "web/web.h"
#include "tlog.h"
#include "xalloc.h"
#include "banned.h"

static const char usage[] =
	"usage: cutover debug time EXPR [T0 [ZONE [iso|dmy|mdy]]]\n"
	"       cutover debug evidence TYPE VALUE [REGION [CURRENCY"
	" [iso|dmy|mdy [negative]]]]\n"
	"       cutover debug fill-ledger BY EVENTS\n"
	"       cutover debug routes\n"
	"       cutover debug tlog N M I\n";

/* The web's routing table, one route a line, for the route walk test. */
static int print_routes(void)
{
	static const char *const needs[] = { "none", "session", "unit",
					     "coordinator" };
	size_t i;

	for (i = 0; i < web_nroutes; i++)
		printf("%s %s %s%s%s\n", web_routes[i].method,
		       web_routes[i].pattern, needs[web_routes[i].needs],
		       web_routes[i].flags & WEB_API ? " api" : "",
		       web_routes[i].flags & WEB_SECRET ? " secret" : "");
	return EXIT_OK;
}

/*
 * For scripts/bench: grows the ledger of the current run to EVENTS events
 * through the sign-off code, one transaction per change as `cutover sign`
 * and `cutover reopen` make them: it walks the tasks in due order, signing
 * each one that is not done or skipped (past its requirements, as
 * --force; a gate decided go) and reopening each one that is, round
 * after round, until the ledger holds EVENTS events.  A ledger of
 * 100,000 events built by as many processes would take hours; in one
 * process, with commits that do not wait for the disk (the bench can
 * build it again), under a minute.
 */
static int fill_ledger(struct cmd_ctx *ctx, const char *by, const char *arg)
{
	struct store_task *tasks = NULL;
	struct book *book = NULL;
	size_t ntasks = 0, i = 0, signed_ = 0, reopened = 0;
	int64_t want, events;
	char head[SEAL_HEX_LEN + 1];
	int ret = EXIT_FAILED;

	if (cmd_parse_number(arg, &want))
		return cmd_usage_fail(ctx, "fill-ledger: '%s' is not a number"
				      " of events", arg);
	if (cmd_setup(ctx, NEEDS_RUN) ||
	    store_relax_durability(ctx->store, &ctx->err) ||
	    store_ledger_head(ctx->store, &events, head, &ctx->err) ||
	    store_tasks(ctx->store, ctx->run.id, NULL, &tasks, &ntasks,
			&ctx->err))
		goto done;
	while (events < want && ntasks) {
		struct store_task *t = &tasks[i++ % ntasks];
		int settled = store_task_settled(t);
		struct signoff req;
		struct signoff_result res;

		memset(&req, 0, sizeof(req));
		req.task_key = t->key;
		req.action = settled ? "reopened" : "done";
		req.comment = settled ? "debug fill-ledger" : NULL;
		req.by = by;
		req.force = 1;
		/* A gate is decided, go, never signed. */
		req.decision = t->gate && !settled ? "go" : NULL;
		if (cmd_now(ctx, &req.at))
			goto done;
		signoff_result_init(&res);
		if (signoff_apply(ctx->store, &ctx->run, &book, &req, &res,
				  &ctx->err)) {
			signoff_result_release(&res);
			goto done;
		}
		events += res.recorded;
		signed_ += res.recorded && !settled;
		reopened += res.recorded && settled;
		signoff_result_release(&res);
		t->state = settled ? TASK_PENDING : TASK_DONE;
	}
	printf("ledger: %lld events (%zu signed, %zu reopened)\n",
	       (long long)events, signed_, reopened);
	ret = EXIT_OK;
done:
	book_free(book);
	store_tasks_free(tasks, ntasks);
	return ret;
}

static void print_hash(const char *what, const tlog_hash h)
{
	struct strbuf hex = STRBUF_INIT;

	seal_hex(&hex, h, TLOG_HASH_LEN);
	printf("%s %s\n", what, hex.buf);
	strbuf_release(&hex);
}

/*
 * For t8001, which computes the same with python3's hashlib: the RFC
 * 6962 tree of N leaves "leaf 0", "leaf 1", ...: its root, the root at
 * M, the consistency proof from M to N and the inclusion proof of leaf
 * I, one hash a line in hex, each proof checked by the verifier first.
 */
static int debug_tlog(struct cmd_ctx *ctx, char **argv)
{
	int64_t n, m, i, k;
	tlog_hash *leaves, root_n, root_m, proof[TLOG_MAX_PROOF];
	char leaf[32];
	size_t np, j;

	if (cmd_parse_number(argv[2], &n) || cmd_parse_number(argv[3], &m) ||
	    (strcmp(argv[4], "0") && cmd_parse_number(argv[4], &i)) ||
	    m > n || n > 1000000)
		return cmd_usage_fail(ctx, "tlog: N >= M >= 1, N <= 1000000,"
				      " 0 <= I < N");
	if (!strcmp(argv[4], "0"))
		i = 0;
	if (i >= n)
		return cmd_usage_fail(ctx, "tlog: I < N");
	leaves = xmalloc((size_t)n * sizeof(*leaves));
	for (k = 0; k < n; k++) {
		snprintf(leaf, sizeof(leaf), "leaf %lld", (long long)k);
		tlog_leaf_hash(leaf, strlen(leaf), leaves[k]);
	}
	tlog_root(leaves, (uint64_t)n, root_n);
	tlog_root(leaves, (uint64_t)m, root_m);
	print_hash("root", root_n);
	print_hash("old", root_m);
	np = tlog_consistency_proof(leaves, (uint64_t)n, (uint64_t)m, proof);
	if (tlog_verify_consistency((uint64_t)m, (uint64_t)n, root_m, root_n,
				    proof, np))
		printf("consistency proof does not verify\n");
	for (j = 0; j < np; j++)
		print_hash("consistency", proof[j]);
	np = tlog_inclusion_proof(leaves, (uint64_t)n, (uint64_t)i, proof);
	if (tlog_verify_inclusion((uint64_t)i, (uint64_t)n, leaves[i], root_n,
				  proof, np))
		printf("inclusion proof does not verify\n");
	for (j = 0; j < np; j++)
		print_hash("inclusion", proof[j]);
	free(leaves);
	return EXIT_OK;
}

int cmd_debug(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct strbuf out = STRBUF_INIT;
	struct time_expr expr;
	enum evidence_type type;
	instant_t t0;

	/*
	 * debug time EXPR [T0 [ZONE [ORDER]]]: EXPR resolved at T0 in ZONE
	 * (default +07:00), printed as local time and offset.
	 */
	if (argc >= 3 && argc <= 6 && !strcmp(argv[1], "time")) {
		struct clock_zone *zone = NULL;
		enum clock_date_order order = CLOCK_DATES_DMY;
		instant_t t;

		if (argc > 5)
			order = !strcmp(argv[5], "iso") ? CLOCK_DATES_ISO :
				!strcmp(argv[5], "mdy") ? CLOCK_DATES_MDY :
				CLOCK_DATES_DMY;
		if (clock_zone_load(argc > 4 ? argv[4] : "+07:00", &zone,
				    &ctx->err) ||
		    clock_parse_expr(argv[2], order, &expr, &ctx->err) ||
		    clock_parse_local(argc > 3 ? argv[3] : "2026-05-29 22:00",
				      zone, &t0, &ctx->err)) {
			clock_zone_free(zone);
			return EXIT_FAILED;
		}
		t = clock_resolve(&expr, t0, zone);
		clock_format_local(&out, t, zone);
		if (argc > 4) {
			strbuf_addch(&out, ' ');
			clock_format_offset(&out, clock_zone_offset(zone, t));
		}
		printf("%s\n", out.buf);
		strbuf_release(&out);
		clock_zone_free(zone);
		return EXIT_OK;
	}
	/* debug evidence TYPE VALUE [REGION [CURRENCY [ORDER [negative]]]] */
	if (argc >= 4 && argc <= 8 && !strcmp(argv[1], "evidence")) {
		struct evidence_rules rules = EVIDENCE_RULES_DEFAULT;

		if (model_evidence_type_parse(argv[2], &type))
			return cmd_usage_fail(ctx, "unknown type '%s'",
					      argv[2]);
		if (argc > 4) {
			rules.region = argv[4];
			rules.currency = NULL;
			rules.dates = CLOCK_DATES_ISO;
		}
		if (argc > 5)
			rules.currency = argv[5];
		if (argc > 6)
			rules.dates = !strcmp(argv[6], "dmy") ? CLOCK_DATES_DMY :
				!strcmp(argv[6], "mdy") ? CLOCK_DATES_MDY :
				CLOCK_DATES_ISO;
		if (argc > 7)
			rules.negative = !strcmp(argv[7], "negative");
		if (evidence_normalize(type, &rules, argv[3], &out,
				       &ctx->err)) {
			strbuf_release(&out);
			return EXIT_FAILED;
		}
		printf("%s\n", out.buf);
		strbuf_release(&out);
		return EXIT_OK;
	}
	if (argc == 2 && !strcmp(argv[1], "routes"))
		return print_routes();
	if (argc == 5 && !strcmp(argv[1], "tlog"))
		return debug_tlog(ctx, argv);
	if (argc == 4 && !strcmp(argv[1], "fill-ledger"))
		return fill_ledger(ctx, argv[2], argv[3]);
	if (argc >= 2 && !strcmp(argv[1], "--help"))
		return cmd_help(usage);
	fputs(usage, stderr);
	return EXIT_USAGE;
}
