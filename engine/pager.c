/*
 * The pager (pager.h): one child process reading our standard output.
 */
#include "pager.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "banned.h"

static pid_t pager_pid = -1;

const char *pager_command(void)
{
	const char *cmd = getenv("CUTOVER_PAGER");

	if (!isatty(STDOUT_FILENO))
		return NULL;
	if (!cmd)
		cmd = getenv("PAGER");
	if (!cmd)
		cmd = "less";
	cmd += strspn(cmd, " \t");
	if (!*cmd || !strcmp(cmd, "cat"))
		return NULL;
	return cmd;
}

int pager_start(void)
{
	const char *cmd = pager_command();
	int fds[2];
	pid_t pid;

	if (!cmd || pager_pid > 0)
		return 0;
	if (pipe(fds))
		return 0;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return 0;
	}
	if (!pid) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		/* less: quit when one screen holds it all, pass colours,
		 * leave the text on the screen (git's defaults). */
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (dup2(fds[1], STDOUT_FILENO) < 0) {
		close(fds[0]);
		close(fds[1]);
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
		return 0;
	}
	close(fds[0]);
	close(fds[1]);
	pager_pid = pid;
	return 1;
}

void pager_finish(void)
{
	if (pager_pid <= 0)
		return;
	fflush(stdout);
	close(STDOUT_FILENO);
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
		;
	pager_pid = -1;
}
