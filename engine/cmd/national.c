#include "cmd.h"
int cmd_national(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc; (void)argv; (void)ctx;
	return EXIT_FAILED;
}
