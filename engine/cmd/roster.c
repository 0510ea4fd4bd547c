/* Placeholder until the roster command lands; replaced in the next commits. */
#include "cmd.h"

int cmd_roster(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	return cmd_usage_fail(ctx, "roster is not implemented yet");
}
