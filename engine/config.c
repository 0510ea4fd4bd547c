/*
 * Reading the workspace's configuration: the file through the vcs module
 * (libgit2's parser of git's format), then the environment.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "mail.h"
#include "seal.h"
#include "smtp.h"
#include "strbuf.h"
#include "suggest.h"
#include "units.h"
#include "vcs.h"
#include "xalloc.h"
#include "banned.h"

#define CONFIG_FILE "config"

struct known {
	const char *name;
	size_t offset;
};

static const struct known keys[] = {
	{ "smtp.url", offsetof(struct config, smtp_url) },
	{ "smtp.user", offsetof(struct config, smtp_user) },
	{ "smtp.password", offsetof(struct config, smtp_password) },
	{ "smtp.ca-file", offsetof(struct config, smtp_ca_file) },
	{ "mail.from", offsetof(struct config, mail_from) },
	{ "serve.base-url", offsetof(struct config, base_url) },
	{ "user.name", offsetof(struct config, user_name) },
};

static const struct {
	const char *env;
	size_t offset;
} envs[] = {
	{ "CUTOVER_SMTP_URL", offsetof(struct config, smtp_url) },
	{ "CUTOVER_SMTP_USER", offsetof(struct config, smtp_user) },
	{ "CUTOVER_SMTP_PASSWORD", offsetof(struct config, smtp_password) },
	{ "CUTOVER_SMTP_CA_FILE", offsetof(struct config, smtp_ca_file) },
	{ "CUTOVER_MAIL_FROM", offsetof(struct config, mail_from) },
	{ "CUTOVER_BASE_URL", offsetof(struct config, base_url) },
	{ "CUTOVER_BY", offsetof(struct config, user_name) },
};

static char **slot(struct config *c, size_t offset)
{
	return (char **)((char *)c + offset);
}

static void set(char **field, const char *value)
{
	free(*field);
	*field = *value ? xstrdup(value) : NULL;
}

static struct config_unit *unit_entry(struct config *c, const char *id,
				      size_t len)
{
	size_t i;

	for (i = 0; i < c->nunits; i++)
		if (strlen(c->units[i].unit_id) == len &&
		    !strncmp(c->units[i].unit_id, id, len))
			return &c->units[i];
	c->units = xrealloc(c->units, (c->nunits + 1) * sizeof(*c->units));
	memset(&c->units[c->nunits], 0, sizeof(c->units[0]));
	c->units[c->nunits].unit_id = xstrndup(id, len);
	return &c->units[c->nunits++];
}

static void push(char ***list, size_t *n, const char *value)
{
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = xstrdup(value);
}

/* unit.ID.email or unit.ID.phone (libgit2 keeps the subsection's case). */
static int unit_variable(struct config *c, const char *name,
			 const char *value, struct err *err)
{
	const char *id = name + strlen("unit."), *dot = strrchr(name, '.');
	struct strbuf idbuf = STRBUF_INIT;
	struct config_unit *u;
	int rc = 0;

	if (dot <= id)
		return fail(err, _("%s: variable '%s': say which unit, as"
				   " [unit \"ID\"]"), c->path, name);
	strbuf_add(&idbuf, id, (size_t)(dot - id));
	if (!units_valid_id(idbuf.buf)) {
		rc = fail(err, _("%s: variable '%s': '%s' is not a unit id"),
			  c->path, name, idbuf.buf);
	} else if (!strcmp(dot, ".email")) {
		if (!mail_address_valid(value))
			rc = fail(err, _("%s: variable '%s': '%s' is not an"
					 " e-mail address"), c->path, name,
				  value);
		else {
			u = unit_entry(c, id, idbuf.len);
			push(&u->emails, &u->nemails, value);
		}
	} else if (!strcmp(dot, ".phone")) {
		u = unit_entry(c, id, idbuf.len);
		push(&u->phones, &u->nphones, value);
	} else {
		rc = fail(err, _("%s: variable '%s' is unknown (a unit has"
				 " email and phone)"), c->path, name);
	}
	strbuf_release(&idbuf);
	return rc;
}

static int variable(struct config *c, const char *name, const char *value,
		    struct err *err)
{
	size_t i;

	if (!strncmp(name, "unit.", 5))
		return unit_variable(c, name, value, err);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(name, keys[i].name)) {
			set(slot(c, keys[i].offset), value);
			return 0;
		}
	if (!strncmp(name, "smtp.", 5) || !strncmp(name, "mail.", 5) ||
	    !strncmp(name, "user.", 5))
		return fail(err, _("%s: variable '%s' is unknown (see"
				   " docs/reminders.md)"), c->path, name);
	return 0;
}

/* The file's folder: that of the database. */
static void config_path(struct strbuf *out, const char *db_path)
{
	const char *slash = strrchr(db_path, '/');

	if (slash)
		strbuf_add(out, db_path, (size_t)(slash - db_path + 1));
	strbuf_adds(out, CONFIG_FILE);
}

static int read_file(struct config *c, struct err *err)
{
	struct vcs_config_entry *e;
	struct stat sb;
	size_t n, i;
	int rc = 0;

	if (vcs_config_read(c->path, &e, &n, err))
		return -1;
	for (i = 0; !rc && i < n; i++)
		rc = variable(c, e[i].name, e[i].value, err);
	vcs_config_free(e, n);
	if (!rc && c->smtp_password && !stat(c->path, &sb) &&
	    (sb.st_mode & 077))
		rc = fail(err, _("%s holds smtp.password but others may read"
				 " it; make it private (chmod 600 %s)"),
			  c->path, c->path);
	return rc;
}

int config_load(const char *db_path, struct config *out, struct err *err)
{
	struct strbuf path = STRBUF_INIT;
	struct stat sb;
	const char *v;
	size_t i;

	memset(out, 0, sizeof(*out));
	config_path(&path, db_path);
	if (!stat(path.buf, &sb)) {
		out->path = strbuf_detach(&path, NULL);
		if (read_file(out, err))
			return -1;
	}
	strbuf_release(&path);
	for (i = 0; i < sizeof(envs) / sizeof(envs[0]); i++)
		if ((v = getenv(envs[i].env)) && *v)
			set(slot(out, envs[i].offset), v);
	if (out->smtp_url && !smtp_url_valid(out->smtp_url))
		return fail(err, _("'%s' is not an SMTP server: write"
				   " smtp://HOST:PORT or smtps://HOST:PORT,"
				   " with the user and password apart"),
			    out->smtp_url);
	return 0;
}

void config_release(struct config *c)
{
	size_t i, j;

	free(c->path);
	free(c->smtp_url);
	free(c->smtp_user);
	free(c->user_name);
	if (c->smtp_password) {
		seal_wipe(c->smtp_password, strlen(c->smtp_password));
		free(c->smtp_password);
	}
	free(c->smtp_ca_file);
	free(c->mail_from);
	free(c->base_url);
	for (i = 0; i < c->nunits; i++) {
		for (j = 0; j < c->units[i].nemails; j++)
			free(c->units[i].emails[j]);
		for (j = 0; j < c->units[i].nphones; j++)
			free(c->units[i].phones[j]);
		free(c->units[i].emails);
		free(c->units[i].phones);
		free(c->units[i].unit_id);
	}
	free(c->units);
	memset(c, 0, sizeof(*c));
}

const struct config_unit *config_unit(const struct config *c,
				      const char *unit_id)
{
	size_t i;

	for (i = 0; i < c->nunits; i++)
		if (!strcmp(c->units[i].unit_id, unit_id))
			return &c->units[i];
	return NULL;
}

/* The names near a mistyped one, for the error. */
static int unknown_name(const char *name, struct err *err)
{
	struct suggest sg;
	struct strbuf hint = STRBUF_INIT;
	size_t i;

	suggest_init(&sg, name);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		suggest_offer(&sg, keys[i].name);
	suggest_format(&sg, &hint);
	if (hint.len)
		fail_usage(err, _("'%s' is no variable of the configuration;"
				  " %s"), name, hint.buf);
	else
		fail_usage(err, _("'%s' is no variable of the configuration"
				  " (see 'cutover config --help')"), name);
	suggest_release(&sg);
	strbuf_release(&hint);
	return -1;
}

int config_write(const char *db_path, const char *name, const char *value,
		 enum vcs_config_change change, struct err *err)
{
	struct strbuf path = STRBUF_INIT;
	struct config check = CONFIG_INIT;
	int known = !strncmp(name, "unit.", 5), multi = known, rc;
	size_t i;

	for (i = 0; !known && i < sizeof(keys) / sizeof(keys[0]); i++)
		known = !strcmp(name, keys[i].name);
	if (!known)
		return unknown_name(name, err);
	if (change == VCS_CONFIG_ADD && !multi)
		return fail_usage(err, _("'%s' has one value: set it, do not"
					 " add to it"), name);
	config_path(&path, db_path);
	/* The value goes through the reader's own checks first. */
	if (change != VCS_CONFIG_UNSET) {
		check.path = path.buf;
		rc = variable(&check, name, value, err);
		check.path = NULL;
		if (!rc && !strcmp(name, "smtp.url") &&
		    !smtp_url_valid(value))
			rc = fail(err, _("'%s' is not an SMTP server: write"
					 " smtp://HOST:PORT or"
					 " smtps://HOST:PORT, with the user"
					 " and password apart"), value);
		config_release(&check);
		if (rc) {
			err->usage = 1;
			strbuf_release(&path);
			return -1;
		}
	}
	rc = vcs_config_write(path.buf, name, value, change, err);
	if (!rc && !strcmp(name, "smtp.password") &&
	    chmod(path.buf, 0600))
		rc = fail(err, _("%s: cannot make it private: %s"), path.buf,
			  strerror(errno));
	strbuf_release(&path);
	return rc;
}

int config_list(const char *db_path, struct vcs_config_entry **out,
		size_t *n, struct err *err)
{
	struct strbuf path = STRBUF_INIT;
	struct stat sb;
	size_t i;
	int rc = 0;

	*out = NULL;
	*n = 0;
	config_path(&path, db_path);
	if (!stat(path.buf, &sb))
		rc = vcs_config_read(path.buf, out, n, err);
	for (i = 0; !rc && i < *n; i++)
		if (!strcmp((*out)[i].name, "smtp.password")) {
			free((*out)[i].value);
			(*out)[i].value = xstrdup("(set)");
		}
	strbuf_release(&path);
	return rc;
}
