/*
 * yamldoc, the one reader of YAML, and the roster file's YAML side on top
 * of it: arbitrary text as a document.  The event stream must balance and
 * stay within YAMLDOC_MAX_DEPTH, scalars carry no NUL, a refusal always
 * says where and what, and the tree loader agrees with the events on the
 * number of nodes.  The unit registry's use of the tree is fuzz_units.c.
 */
#include "fuzz.h"

#include <string.h>

#include "err.h"
#include "rosterfile.h"
#include "yamldoc.h"

static size_t count_nodes(const struct yamldoc_node *n)
{
	size_t i, total = 1;

	for (i = 0; i < n->n; i++)
		total += count_nodes(n->kids[i]);
	return total;
}

/* Walks the events; returns the number of nodes, or -1 on a refusal. */
static long walk_events(const uint8_t *data, size_t size)
{
	struct yamldoc_reader *r;
	struct yamldoc_event ev;
	struct err err = ERR_INIT;
	size_t depth = 0;
	long nodes = 0;

	if (yamldoc_open(&r, "fuzz.yaml", (const char *)data, size, &err))
		fuzz_fail("yamldoc_open failed", size);
	for (;;) {
		if (yamldoc_next(r, &ev, &err)) {
			if (!err_is_set(&err) || !err.file || !err.msg.len)
				fuzz_fail("a refusal without file or message",
					  size);
			nodes = -1;
			break;
		}
		if (ev.type == YAMLDOC_DONE)
			break;
		if (ev.line < 1 || ev.column < 1)
			fuzz_fail("an event without a position", size);
		switch (ev.type) {
		case YAMLDOC_SCALAR:
			if (!ev.value || strlen(ev.value) != ev.len)
				fuzz_fail("a scalar with a NUL or no value",
					  size);
			nodes++;
			break;
		case YAMLDOC_SEQ:
		case YAMLDOC_MAP:
			if (++depth > YAMLDOC_MAX_DEPTH)
				fuzz_fail("nesting past YAMLDOC_MAX_DEPTH", size);
			nodes++;
			break;
		default:
			if (!depth)
				fuzz_fail("an end without a start", size);
			depth--;
			break;
		}
	}
	if (nodes >= 0 && depth)
		fuzz_fail("the document ended inside a collection", size);
	/* DONE again, after the end */
	if (nodes >= 0 && (yamldoc_next(r, &ev, &err) || ev.type != YAMLDOC_DONE))
		fuzz_fail("no DONE after the end", size);
	yamldoc_close(r);
	err_release(&err);
	return nodes;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yamldoc_node *root = NULL;
	struct rosterfile *rf = NULL;
	struct err err = ERR_INIT;
	long nodes = walk_events(data, size);

	if (yamldoc_load("fuzz.yaml", (const char *)data, size, &root, &err)) {
		if (!err_is_set(&err) || root)
			fuzz_fail("yamldoc_load failed without an error", size);
		if (nodes >= 0)
			fuzz_fail("the tree refused what the events took", size);
	} else {
		if (nodes < 0)
			fuzz_fail("the tree took what the events refused", size);
		if ((root ? (long)count_nodes(root) : 0) != nodes)
			fuzz_fail("the tree and the events disagree", size);
	}
	yamldoc_free(root);
	err_reset(&err);

	if (rosterfile_parse("fuzz.yaml", (const char *)data, size, &rf, &err)) {
		if (!err_is_set(&err) || rf)
			fuzz_fail("rosterfile_parse failed without an error",
				  size);
	} else if (!rf || !rf->n) {
		fuzz_fail("a roster file without shifts", size);
	}
	rosterfile_free(rf);
	err_release(&err);
	return 0;
}
