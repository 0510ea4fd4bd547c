/*
 * Helpers the harnesses share (see fuzz.h).
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void fuzz_fail(const char *what, size_t size)
{
	fprintf(stderr, "fuzz: %s (input of %zu bytes)\n", what, size);
	abort();
}

char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);

	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	return text;
}
