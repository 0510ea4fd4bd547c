/*
 * Locating the workspace's database on the file system.
 */
#include "workspace.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "banned.h"

int workspace_file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static const char *env_db(void)
{
	const char *env = getenv("CUTOVER_DB");

	return env && *env ? env : NULL;
}

int workspace_find_db(const char *override, struct strbuf *out,
		      struct err *err)
{
	char cwd[PATH_MAX];
	struct strbuf probe = STRBUF_INIT;
	char *slash;

	if (!override)
		override = env_db();
	if (override) {
		if (!workspace_file_exists(override))
			return fail(err, _("no database at '%s'; create it"
					   " with 'cutover --db %s init'"),
				    override, override);
		strbuf_adds(out, override);
		return 0;
	}
	if (!getcwd(cwd, sizeof(cwd)))
		return fail(err, _("cannot read the current folder: %s"),
			    strerror(errno));
	for (;;) {
		strbuf_reset(&probe);
		strbuf_addf(&probe, "%s/%s", strcmp(cwd, "/") ? cwd : "",
			    WORKSPACE_DB);
		if (workspace_file_exists(probe.buf)) {
			strbuf_add(out, probe.buf, probe.len);
			strbuf_release(&probe);
			return 0;
		}
		slash = strrchr(cwd, '/');
		if (!slash || slash == cwd) {
			if (strcmp(cwd, "/")) {
				cwd[1] = '\0';
				continue;
			}
			break;
		}
		*slash = '\0';
	}
	strbuf_release(&probe);
	return fail(err, _("not in a cutover workspace (no %s here or in any"
			   " parent folder); run 'cutover init' first"),
		    WORKSPACE_DB);
}

int workspace_make_parents(const char *path, int mode, struct err *err)
{
	struct strbuf dir = STRBUF_INIT;
	size_t i;
	int ret = 0;

	strbuf_adds(&dir, path);
	for (i = 1; !ret && i < dir.len; i++) {
		if (dir.buf[i] != '/')
			continue;
		dir.buf[i] = '\0';
		if (mkdir(dir.buf, (mode_t)mode) && errno != EEXIST)
			ret = fail(err, _("cannot create '%s': %s"), dir.buf,
				   strerror(errno));
		dir.buf[i] = '/';
	}
	strbuf_release(&dir);
	return ret;
}

int workspace_prepare_db(const char *override, struct strbuf *out,
			 struct err *err)
{
	if (!override)
		override = env_db();
	if (override) {
		strbuf_adds(out, override);
		return 0;
	}
	if (mkdir(WORKSPACE_DIR, 0777) && errno != EEXIST)
		return fail(err, _("cannot create '%s': %s"), WORKSPACE_DIR,
			    strerror(errno));
	strbuf_adds(out, WORKSPACE_DB);
	return 0;
}
