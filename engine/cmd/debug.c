/*
 * cutover debug: expose the parsers to shell tests (git's test-tool).
 * Not listed in `cutover help`.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "evidence.h"
#include "banned.h"

static const char usage[] =
	"usage: cutover debug time EXPR [T0]\n"
	"       cutover debug evidence TYPE VALUE\n";

int cmd_debug(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct strbuf out = STRBUF_INIT;
	struct time_expr expr;
	enum evidence_type type;
	instant_t t0;

	if (argc >= 3 && !strcmp(argv[1], "time")) {
		if (clock_parse_expr(argv[2], &expr, &ctx->err) ||
		    clock_parse_local(argc > 3 ? argv[3] : "2026-05-29 22:00",
				      7 * 60, &t0, &ctx->err))
			return EXIT_FAILED;
		clock_format_local(&out, clock_resolve(&expr, t0, 7 * 60),
				   7 * 60);
		printf("%s\n", out.buf);
		strbuf_release(&out);
		return EXIT_OK;
	}
	if (argc == 4 && !strcmp(argv[1], "evidence")) {
		if (model_evidence_type_parse(argv[2], &type))
			return cmd_usage_fail(ctx, "unknown type '%s'",
					      argv[2]);
		if (evidence_normalize(type, argv[3], &out, &ctx->err)) {
			strbuf_release(&out);
			return EXIT_FAILED;
		}
		printf("%s\n", out.buf);
		strbuf_release(&out);
		return EXIT_OK;
	}
	if (argc >= 2 && !strcmp(argv[1], "--help"))
		return cmd_help(usage);
	fputs(usage, stderr);
	return EXIT_USAGE;
}
