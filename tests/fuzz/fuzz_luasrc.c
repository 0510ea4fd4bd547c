/*
 * The Lua source scanner (luasrc): arbitrary text as a runbook whose
 * declaration starts on line 1, 2 or 3.  It must never read past the
 * text, and every key it returns must be written in the text (as a name
 * or between quotes), without a NUL; "not found" allocates nothing.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "luasrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Not NUL-terminated on purpose: the scanner takes a length. */
	char *text = malloc(size ? size : 1);
	char **keys;
	size_t n, i;
	int line;

	if (size)
		memcpy(text, data, size);
	for (line = 1; line <= 3; line++) {
		if (luasrc_table_keys(text, size, line, "evidence", &keys,
				      &n)) {
			if (keys || n)
				fuzz_fail("not found, yet keys came back",
					  size);
			continue;
		}
		for (i = 0; i < n; i++) {
			if (strlen(keys[i]) > size ||
			    (keys[i][0] && !memmem(text, size, keys[i],
						   strlen(keys[i]))))
				fuzz_fail("a key that the text does not hold",
					  size);
			free(keys[i]);
		}
		free(keys);
	}
	free(text);
	return 0;
}
