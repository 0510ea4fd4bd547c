/*
 * Reading input files, bounded and confined (infile.h).  open with
 * O_NONBLOCK, then fstat, then read at most the cap: the type and the
 * size are those of the file actually opened, not of a name looked at
 * earlier.
 */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "banned.h"

static void size_text(struct strbuf *out, size_t n)
{
	if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		strbuf_addf(out, _("%zu MiB"), n >> 20);
	else
		strbuf_addf(out, _("%zu bytes"), n);
}

static int too_large(const char *name, size_t max, struct err *err)
{
	struct strbuf limit = STRBUF_INIT;

	size_text(&limit, max);
	fail(err, _("'%s' is larger than %s"), name, limit.buf);
	strbuf_release(&limit);
	return -1;
}

/* What a file that is not a regular one is, for the message. */
static const char *kind_of(mode_t mode)
{
	if (S_ISDIR(mode))
		return _("a directory");
	if (S_ISFIFO(mode))
		return _("a FIFO");
	if (S_ISSOCK(mode))
		return _("a socket");
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return _("a device");
	return _("not a regular file");
}

/* Reads the file at open_path (flags added to open's), named name. */
static int read_bounded(const char *open_path, const char *name, int flags,
			size_t max, struct strbuf *out, struct err *err)
{
	struct stat st;
	size_t start = out->len, want;
	ssize_t n = 0;
	int fd, saved;

	fd = open(open_path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC |
		  flags);
	if (fd < 0)
		return fail(err, _("cannot read '%s': %s"), name,
			    strerror(errno));
	if (fstat(fd, &st)) {
		saved = errno;
		close(fd);
		return fail(err, _("cannot read '%s': %s"), name,
			    strerror(saved));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, _("'%s' is %s, not a file that can be read"),
			    name, kind_of(st.st_mode));
	}
	if (st.st_size < 0 || (uintmax_t)st.st_size > max) {
		close(fd);
		return too_large(name, max, err);
	}
	/* One byte more than the cap tells a file that grew since fstat. */
	strbuf_grow(out, (size_t)st.st_size + 1);
	for (;;) {
		want = max + 1 - (out->len - start);
		if (want > 65536)
			want = 65536;
		strbuf_grow(out, want);
		n = read(fd, out->buf + out->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		out->len += (size_t)n;
		out->buf[out->len] = '\0';
		if (out->len - start > max)
			break;
	}
	saved = errno;
	close(fd);
	if (n < 0) {
		out->len = start;
		out->buf[start] = '\0';
		return fail(err, _("cannot read '%s': %s"), name,
			    strerror(saved));
	}
	if (out->len - start > max) {
		out->len = start;
		out->buf[start] = '\0';
		return too_large(name, max, err);
	}
	return 0;
}

int infile_read(const char *path, size_t max, struct strbuf *out,
		struct err *err)
{
	return read_bounded(path, path, 0, max, out, err);
}

static const char *folder_name(const char *folder)
{
	return folder && *folder ? folder : ".";
}

int infile_check_name(const char *rel, const char *folder, struct err *err)
{
	const char *p = rel, *end;

	if (!*rel)
		return fail(err, "%s", _("no file named (an empty path)"));
	if (rel[0] == '/')
		return fail(err, _("'%s' is an absolute path: only a file inside"
				   " '%s' may be named"), rel,
			    folder_name(folder));
	for (;;) {
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		if (end == p)
			return fail(err, _("'%s' has an empty part ('//' or a"
					   " final '/')"), rel);
		if (end - p == 2 && !memcmp(p, "..", 2))
			return fail(err, _("'%s' goes up with '..': only a file"
					   " inside '%s' may be named"), rel,
				    folder_name(folder));
		if (*p == '.')
			return fail(err, _("'%s' has a part that starts with"
					   " '.': hidden files are not read"),
				    rel);
		if (!*end)
			return 0;
		p = end + 1;
	}
}

int infile_read_inside(const char *dir, const char *rel, size_t max,
		       struct strbuf *out, struct err *err)
{
	struct strbuf name = STRBUF_INIT;
	char *real_dir = NULL, *real_file = NULL;
	size_t n;
	int ret = -1;

	if (infile_check_name(rel, dir, err))
		return -1;
	if (*dir)
		strbuf_addf(&name, "%s/%s", dir, rel);
	else
		strbuf_adds(&name, rel);
	real_dir = realpath(*dir ? dir : ".", NULL);
	if (!real_dir) {
		fail(err, _("cannot read '%s': %s"), name.buf,
		     strerror(errno));
		goto done;
	}
	real_file = realpath(name.buf, NULL);
	if (!real_file) {
		fail(err, _("cannot read '%s': %s"), name.buf,
		     strerror(errno));
		goto done;
	}
	n = strlen(real_dir);
	if (!(n == 1 && real_dir[0] == '/') &&
	    (strncmp(real_file, real_dir, n) || real_file[n] != '/')) {
		fail(err, _("'%s' leads outside '%s' (a symbolic link): only a"
			    " file inside it may be named"), name.buf,
		     folder_name(dir));
		goto done;
	}
	/*
	 * The resolved path has no link left; O_NOFOLLOW keeps its last
	 * part from becoming one before the open.
	 */
	ret = read_bounded(real_file, name.buf, O_NOFOLLOW, max, out, err);
done:
	free(real_dir);
	free(real_file);
	strbuf_release(&name);
	return ret;
}
