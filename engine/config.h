/*
 * The workspace's configuration: how messages leave this machine and
 * where they go, which the runbook (sealed, reviewed, the same on every
 * machine) must not hold: the mail server and its credentials, the
 * sender, the web address of `cutover serve`, and the units' addresses
 * as the coordinator knows them tonight.
 *
 * The file is `config` beside the workspace's database (.cutover/config),
 * in git's configuration format, so `git config -f .cutover/config KEY
 * VALUE` edits it:
 *
 *   [smtp]
 *           url = smtps://mail.example.gov.vn:465   ; $CUTOVER_SMTP_URL
 *           user = ttpvhcc                          ; $CUTOVER_SMTP_USER
 *           password = ...                          ; $CUTOVER_SMTP_PASSWORD
 *           ca-file = /etc/ssl/our-ca.pem           ; $CUTOVER_SMTP_CA_FILE
 *   [mail]
 *           from = "TTPVHCC tỉnh <ttpvhcc@example.gov.vn>"  ; $CUTOVER_MAIL_FROM
 *   [serve]
 *           base-url = https://cutover.example.gov.vn       ; $CUTOVER_BASE_URL
 *   [user]
 *           name = Nguyễn Thu Hà    ; $CUTOVER_BY: who acts when --by is not given
 *   [unit "dai-son"]
 *           email = vanphong.daison@example.gov.vn  ; as many as needed
 *           phone = 0912345678                      ; for a hook (SMS)
 *
 * The environment wins over the file.  A variable of the smtp, mail or
 * unit sections that is not one of these is an error (a typo must not
 * pass silently); other sections belong to other commands.  A file that
 * holds smtp.password must be readable by its owner only.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#include "err.h"
#include "vcs.h"

struct config_unit {
	char *unit_id;
	char **emails;
	size_t nemails;
	char **phones;
	size_t nphones;
};

struct config {
	char *path;            /* the file, or NULL when there is none */
	char *smtp_url;        /* NULL when unset, as every field here */
	char *smtp_user;
	char *smtp_password;
	char *smtp_ca_file;
	char *mail_from;
	char *base_url;
	char *user_name;       /* who acts when a command gets no --by */
	struct config_unit *units;
	size_t nunits;
};

#define CONFIG_INIT { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 }

/*
 * Reads the configuration beside the database at db_path (none is
 * fine), then the environment.  Returns 0, or -1 with err naming the
 * file and the variable (an unknown one, a bad address, a password
 * others may read).  Release with config_release either way.
 */
int config_load(const char *db_path, struct config *out, struct err *err);
void config_release(struct config *c);

/*
 * Changes variable name of the configuration beside the database at
 * db_path (`cutover config`): set, add a value (a unit's email or phone)
 * or unset, after checking that the name is one this file has and the
 * value what it must be; a file that then holds smtp.password is made
 * readable by its owner only.  Returns 0, VCS_NOCHANGE (vcs.h) when
 * unsetting what was not set, or -1 with err (a usage error for a name
 * or value that is wrong, with the names near a mistyped one).
 */
int config_write(const char *db_path, const char *name, const char *value,
		 enum vcs_config_change change, struct err *err);

/*
 * The file's variables as written (name and value), for `cutover config
 * --list`; smtp.password's value is never given, only that it is set.
 * Returns 0 (caller frees with vcs_config_free), or -1.
 */
int config_list(const char *db_path, struct vcs_config_entry **out,
		size_t *n, struct err *err);

/* The unit's entry, or NULL. */
const struct config_unit *config_unit(const struct config *c,
				      const char *unit_id);

#endif
