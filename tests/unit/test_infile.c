/*
 * Unit tests for reading input files: the cap is checked before the
 * first byte (a file one byte over is refused, /dev/zero is refused as a
 * device, not read until memory runs out), a FIFO with no writer and a
 * directory are refused at once, and a name inside a folder must stay
 * inside it: no absolute path, no '..', no hidden part, no symbolic link
 * that leads out.
 */
/* Project headers first: cmocka defines a fail() macro. */
#include "infile.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "banned.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "%s", "/tmp/test-infile.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

static void put(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* infile_read_inside(dir/sub, rel) fails with a message holding want. */
static void refused(const char *sub, const char *rel, const char *want)
{
	struct strbuf out = STRBUF_INIT, in = STRBUF_INIT;
	struct err err = ERR_INIT;

	strbuf_addf(&in, "%s%s%s", dir, *sub ? "/" : "", sub);
	strbuf_adds(&out, "kept");
	if (infile_read_inside(in.buf, rel, 1024, &out, &err) != -1)
		fail_msg("'%s' in '%s' was read", rel, in.buf);
	if (!strstr(err.msg.buf, want))
		fail_msg("'%s': '%s' does not say '%s'", rel, err.msg.buf, want);
	assert_string_equal(out.buf, "kept");
	err_release(&err);
	strbuf_release(&out);
	strbuf_release(&in);
}

static void test_bounded(void **state)
{
	struct strbuf out = STRBUF_INIT, path = STRBUF_INIT;
	struct err err = ERR_INIT;

	(void)state;
	put("ten", "0123456789");
	strbuf_addf(&path, "%s/ten", dir);
	assert_int_equal(infile_read(path.buf, 10, &out, &err), 0);
	assert_string_equal(out.buf, "0123456789");
	strbuf_reset(&out);
	assert_int_equal(infile_read(path.buf, 9, &out, &err), -1);
	assert_non_null(strstr(err.msg.buf, "is larger than 9 bytes"));
	assert_int_equal(out.len, 0);
	err_reset(&err);
	/* A device: refused by its type, with nothing read. */
	assert_int_equal(infile_read("/dev/zero", (size_t)1 << 20, &out, &err),
			 -1);
	assert_non_null(strstr(err.msg.buf, "'/dev/zero' is a device"));
	err_reset(&err);
	assert_int_equal(infile_read(dir, 1024, &out, &err), -1);
	assert_non_null(strstr(err.msg.buf, "is a directory"));
	err_reset(&err);
	/* A FIFO nobody writes to: refused at once, never waited on. */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/fifo", dir);
	assert_int_equal(mkfifo(path.buf, 0600), 0);
	assert_int_equal(infile_read(path.buf, 1024, &out, &err), -1);
	assert_non_null(strstr(err.msg.buf, "is a FIFO"));
	err_reset(&err);
	assert_int_equal(infile_read("/nonexistent/x", 1024, &out, &err), -1);
	assert_non_null(strstr(err.msg.buf, "cannot read '/nonexistent/x'"));
	err_release(&err);
	strbuf_release(&out);
	strbuf_release(&path);
}

static void test_inside(void **state)
{
	struct strbuf out = STRBUF_INIT, p = STRBUF_INIT, q = STRBUF_INIT;
	struct err err = ERR_INIT;

	(void)state;
	strbuf_addf(&p, "%s/in", dir);
	assert_int_equal(mkdir(p.buf, 0700), 0);
	strbuf_addf(&p, "/sub");
	assert_int_equal(mkdir(p.buf, 0700), 0);
	put("in/sub/ok.csv", "a,b\n");
	put("secret", "password\n");
	put("in/.hidden", "x\n");
	put("in/top.csv", "x\n");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/in", dir);
	assert_int_equal(infile_read_inside(p.buf, "sub/ok.csv", 1024, &out,
					    &err), 0);
	assert_string_equal(out.buf, "a,b\n");

	refused("in", "/etc/passwd", "is an absolute path");
	refused("in", "../secret", "goes up with '..'");
	refused("in", "sub/../../secret", "goes up with '..'");
	refused("in", ".hidden", "starts with '.'");
	refused("in", "./sub/ok.csv", "starts with '.'");
	refused("in", "sub//ok.csv", "empty part");
	refused("in", "", "empty path");
	/* Links: one out of the folder is refused, one inside is followed. */
	strbuf_reset(&q);
	strbuf_addf(&q, "%s/in/out.csv", dir);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/secret", dir);
	assert_int_equal(symlink(p.buf, q.buf), 0);
	refused("in", "out.csv", "leads outside");
	strbuf_reset(&q);
	strbuf_addf(&q, "%s/in/sub/up", dir);
	assert_int_equal(symlink("..", q.buf), 0);
	refused("in/sub", "up/top.csv", "leads outside");
	strbuf_reset(&q);
	strbuf_addf(&q, "%s/in/zero", dir);
	assert_int_equal(symlink("/dev/zero", q.buf), 0);
	refused("in", "zero", "leads outside");
	strbuf_reset(&q);
	strbuf_addf(&q, "%s/in/link.csv", dir);
	assert_int_equal(symlink("sub/ok.csv", q.buf), 0);
	strbuf_reset(&out);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/in", dir);
	assert_int_equal(infile_read_inside(p.buf, "link.csv", 1024, &out,
					    &err), 0);
	assert_string_equal(out.buf, "a,b\n");
	refused("in", "sub", "is a directory");
	err_release(&err);
	strbuf_release(&out);
	strbuf_release(&p);
	strbuf_release(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_inside),
	};

	return cmocka_run_group_tests_name("infile", tests, setup, teardown);
}
