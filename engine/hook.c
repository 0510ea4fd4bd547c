/*
 * Running a hook: fork, the message in an unlinked temporary file as
 * standard input, exec /bin/sh -c CMD, wait.
 */
#include "hook.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

extern char **environ;

/* What a hook never inherits: the secrets the engine itself was given. */
static const char *const secrets[] = {
	"CUTOVER_SMTP_PASSWORD", "CUTOVER_TOKEN",
};

static int input_file(const char *input, size_t len, struct err *err)
{
	FILE *f = tmpfile();
	int fd;

	if (!f)
		return fail(err, _("cannot create a temporary file: %s"),
			    strerror(errno));
	if ((len && fwrite(input, 1, len, f) != len) || fflush(f) ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return fail(err, _("cannot write a temporary file: %s"),
			    strerror(errno));
	}
	fd = dup(fileno(f));
	fclose(f);
	if (fd < 0)
		return fail(err, _("cannot create a temporary file: %s"),
			    strerror(errno));
	if (lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return fail(err, _("cannot write a temporary file: %s"),
			    strerror(errno));
	}
	return fd;
}

/* "NAME=" of entry e is one of the n names. */
static int named(const char *e, const char *const *names, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = strlen(names[i]);
		if (!strncmp(e, names[i], len) && e[len] == '=')
			return 1;
	}
	return 0;
}

/*
 * The hook's environment, built before fork: a server calls this from
 * one of its threads, where the child may call nothing but exec.
 */
static char **hook_env(const struct hook_var *vars, size_t nvars)
{
	const char **names = xcalloc(nvars + 1, sizeof(*names));
	size_t n = 0, i, k = 0;
	char **env;

	for (i = 0; environ[i]; i++)
		n++;
	env = xcalloc(n + nvars + 1, sizeof(*env));
	for (i = 0; i < nvars; i++)
		names[i] = vars[i].name;
	for (i = 0; environ[i]; i++)
		if (!named(environ[i], secrets,
			   sizeof(secrets) / sizeof(secrets[0])) &&
		    !named(environ[i], names, nvars))
			env[k++] = xstrdup(environ[i]);
	for (i = 0; i < nvars; i++) {
		struct strbuf e = STRBUF_INIT;

		strbuf_addf(&e, "%s=%s", vars[i].name,
			    vars[i].value ? vars[i].value : "");
		env[k++] = strbuf_detach(&e, NULL);
	}
	free(names);
	return env;
}

static void env_free(char **env)
{
	size_t i;

	for (i = 0; env[i]; i++)
		free(env[i]);
	free(env);
}

int hook_run(const char *cmd, const struct hook_var *vars, size_t nvars,
	     const char *input, size_t len, struct err *err)
{
	int fd = input_file(input, len, err), status;
	char *const argv[] = { (char *)"sh", (char *)"-c", (char *)cmd, NULL };
	char **env;
	pid_t pid, got;

	if (fd < 0)
		return -1;
	env = hook_env(vars, nvars);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(fd);
		env_free(env);
		return fail(err, _("cannot start '%s': %s"), cmd,
			    strerror(errno));
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		if (dup2(fd, 0) < 0 || dup2(2, 1) < 0)
			_exit(126);
		close(fd);
		execve("/bin/sh", argv, env);
		_exit(127);
	}
	close(fd);
	env_free(env);
	do
		got = waitpid(pid, &status, 0);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return fail(err, _("cannot wait for '%s': %s"), cmd,
			    strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return fail(err, _("'%s' exited with status %d"), cmd,
			    WEXITSTATUS(status));
	return fail(err, _("'%s' was killed by signal %d"), cmd,
		    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
