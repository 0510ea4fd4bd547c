/* Placeholder until the issue command lands; replaced in the next commits. */
#include "cmd.h"

int cmd_issue(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	return cmd_usage_fail(ctx, "issue is not implemented yet");
}
