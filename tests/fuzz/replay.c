/*
 * The standalone driver: runs a harness's LLVMFuzzerTestOneInput on each
 * file named on the command line, or on each file of a named folder, so
 * that corpora and kept crashes run as ordinary tests with any compiler,
 * under ASan and valgrind too, without libFuzzer (`make fuzz-replay`).
 * Prints one line per argument; exits 0, or 1 when a file cannot be read
 * (a failing input aborts, as under libFuzzer).
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "strbuf.h"

#include "err.h"
#include "infile.h"
#include "strbuf.h"

/* A whole test file, read as the engine reads files (infile.h). */
static int read_whole(struct strbuf *sb, const char *path)
{
	struct err e = ERR_INIT;
	int rc = infile_read(path, (size_t)64 << 20, sb, &e);

	err_release(&e);
	return rc;
}

/* The input being run, named when it aborts (a failed check, ASan). */
static char current[4096];

static void name_input(int sig)
{
	static const char head[] = "replay: the failing input: ";
	size_t n = strlen(current);

	if (write(2, head, sizeof(head) - 1) < 0 || write(2, current, n) < 0 ||
	    write(2, "\n", 1) < 0) {
		/* Nothing more can be said from here. */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static int run_file(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	uint8_t *copy;

	snprintf(current, sizeof(current), "%s", path);
	if (read_whole(&sb, path) < 0) {
		fprintf(stderr, "replay: cannot read '%s'\n", path);
		strbuf_release(&sb);
		return -1;
	}
	/* An exact-size copy, so ASan sees a read past the input's end. */
	copy = malloc(sb.len ? sb.len : 1);
	if (!copy)
		abort();
	memcpy(copy, sb.buf, sb.len);
	LLVMFuzzerTestOneInput(copy, sb.len);
	free(copy);
	strbuf_release(&sb);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of dir, in name order; returns how many, or -1. */
static long run_dir(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	long done = 0;
	DIR *d = opendir(dir);
	struct stat st;

	if (!d) {
		fprintf(stderr, "replay: cannot open '%s'\n", dir);
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			names = realloc(names, alloc * sizeof(*names));
			if (!names)
				abort();
		}
		names[n] = strdup(de->d_name);
		if (!names[n++])
			abort();
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		if (stat(path.buf, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(path.buf) < 0)
				done = -1;
			else if (done >= 0)
				done++;
		}
		free(names[i]);
	}
	free(names);
	strbuf_release(&path);
	return done;
}

int main(int argc, char **argv)
{
	struct stat st;
	int i, status = 0;
	long n;

	signal(SIGABRT, name_input);
	signal(SIGSEGV, name_input);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) < 0) {
			/* A harness without kept crashes has no folder. */
			printf("replay: %s: absent, nothing to run\n", argv[i]);
			continue;
		}
		if (S_ISDIR(st.st_mode))
			n = run_dir(argv[i]);
		else
			n = run_file(argv[i]) < 0 ? -1 : 1;
		if (n < 0)
			status = 1;
		else
			printf("replay: %s: %ld input%s ok\n", argv[i], n,
			       n == 1 ? "" : "s");
	}
	return status;
}
