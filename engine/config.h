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
	struct config_unit *units;
	size_t nunits;
};

#define CONFIG_INIT { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 }

/*
 * Reads the configuration beside the database at db_path (none is
 * fine), then the environment.  Returns 0, or -1 with err naming the
 * file and the variable (an unknown one, a bad address, a password
 * others may read).  Release with config_release either way.
 */
int config_load(const char *db_path, struct config *out, struct err *err);
void config_release(struct config *c);

/* The unit's entry, or NULL. */
const struct config_unit *config_unit(const struct config *c,
				      const char *unit_id);

#endif
