/*
 * Key files: where they are, writing a new one without ever replacing
 * one, reading one back only when no one else can read it.
 */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "infile.h"
#include "seal.h"
#include "workspace.h"
#include "banned.h"

#define KEY_FILE_MAX 4096

int keys_path(const char *given, struct strbuf *out, struct err *err)
{
	const char *env = getenv("CUTOVER_KEY");
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (given && *given) {
		strbuf_adds(out, given);
	} else if (env && *env) {
		strbuf_adds(out, env);
	} else if (xdg && *xdg == '/') {
		strbuf_addf(out, "%s/cutover/signing.key", xdg);
	} else if (home && *home == '/') {
		strbuf_addf(out, "%s/.config/cutover/signing.key", home);
	} else {
		return fail(err, "%s", _("no key file: give --key FILE, or set"
					 " CUTOVER_KEY or HOME"));
	}
	return 0;
}

/* Writes text to a new file at path (never an existing one). */
static int write_new(const char *path, int mode, const struct strbuf *text,
		     struct err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	ssize_t n;

	if (fd < 0)
		return fail(err, errno == EEXIST ?
			    _("'%s' exists already; a key is never replaced"
			      " (give --key for another file)") :
			    _("cannot create '%s': %s"), path,
			    strerror(errno));
	n = write(fd, text->buf, text->len);
	if (n != (ssize_t)text->len || fsync(fd)) {
		int e = n < 0 ? errno : EIO;

		close(fd);
		unlink(path);
		return fail(err, _("cannot write '%s': %s"), path,
			    strerror(e));
	}
	if (close(fd)) {
		unlink(path);
		return fail(err, _("cannot write '%s': %s"), path,
			    strerror(errno));
	}
	return 0;
}

int keys_generate(const char *path, const char *name, struct note_key *out,
		  struct err *err)
{
	struct strbuf secret = STRBUF_INIT, pub = STRBUF_INIT,
		      pub_path = STRBUF_INIT;
	int ret = -1;

	if (note_key_generate(name, out, err))
		return -1;
	strbuf_addf(&pub_path, "%s.pub", path);
	note_key_format_secret(&secret, out);
	strbuf_addch(&secret, '\n');
	note_key_format_public(&pub, out, NOTE_ED25519);
	strbuf_addch(&pub, '\n');
	if (access(pub_path.buf, F_OK) == 0) {
		fail(err, _("'%s' exists already; a key is never replaced"
			    " (give --key for another file)"), pub_path.buf);
		goto done;
	}
	if (workspace_make_parents(path, 0700, err) ||
	    write_new(path, 0600, &secret, err))
		goto done;
	if (write_new(pub_path.buf, 0644, &pub, err)) {
		unlink(path);
		goto done;
	}
	ret = 0;
done:
	seal_wipe(secret.buf, secret.len);
	strbuf_release(&secret);
	strbuf_release(&pub);
	strbuf_release(&pub_path);
	if (ret)
		note_key_release(out);
	return ret;
}

/*
 * The first line of the key file at path (infile_read, at most
 * KEY_FILE_MAX bytes); a signer's key may be readable by its owner only.
 */
static int read_line(const char *path, struct strbuf *out, int secret,
		     struct err *err)
{
	struct stat st;
	char *nl;

	if (stat(path, &st))
		return fail(err, errno == ENOENT && secret ?
			    _("no key at '%s': make one with 'cutover key"
			      " generate NAME'") : _("cannot read '%s': %s"),
			    path, strerror(errno));
	if (secret && S_ISREG(st.st_mode) && (st.st_mode & 077))
		return fail(err, _("'%s' may be read by others (mode %04o):"
				   " the key is refused; make it 0600"),
			    path, (unsigned)(st.st_mode & 07777));
	if (infile_read(path, KEY_FILE_MAX, out, err))
		return -1;
	nl = memchr(out->buf, '\n', out->len);
	if (nl) {
		out->len = (size_t)(nl - out->buf);
		*nl = '\0';
	}
	return 0;
}

int keys_load(const char *path, struct note_key *out, struct err *err)
{
	struct strbuf text = STRBUF_INIT;
	int ret = read_line(path, &text, 1, err);

	if (!ret && note_key_parse_secret(text.buf, text.len, out, err)) {
		err_prefix(err, "%s", path);
		ret = -1;
	}
	seal_wipe(text.buf, text.len);
	strbuf_release(&text);
	return ret;
}

int keys_verifier(const char *arg, struct note_key *out, struct err *err)
{
	struct strbuf text = STRBUF_INIT;
	int ret;

	/* Text that reads as a verifier key is one; else it names a file. */
	if (!note_key_parse_public(arg, strlen(arg), out, err))
		return 0;
	err_reset(err);
	if (access(arg, F_OK))
		return fail(err, _("'%s' is neither a verifier key"
				   " (NAME+ID+KEY) nor a file"), arg);
	ret = read_line(arg, &text, 0, err);
	if (!ret && note_key_parse_public(text.buf, text.len, out, err)) {
		err_prefix(err, "%s", arg);
		ret = -1;
	}
	strbuf_release(&text);
	return ret;
}
