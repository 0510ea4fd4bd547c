/*
 * Allocation wrappers that never return NULL: on out-of-memory they print
 * one line and abort, so callers need no error path for allocation.  The
 * Lua allocator is the one exception (it must fail softly at its cap) and
 * lives in the script module.
 */
#ifndef XALLOC_H
#define XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Returns a copy of s (NULL gives NULL); caller frees with free(). */
char *xstrdup(const char *s);
/* Returns a NUL-terminated copy of the first n bytes of s; caller frees. */
char *xstrndup(const char *s, size_t n);
/* Grows *array (of *alloc elements of elem_size) so it holds at least need. */
void xgrow(void **array, size_t *alloc, size_t need, size_t elem_size);

#define XGROW(array, alloc, need) \
	xgrow((void **)&(array), &(alloc), (need), sizeof(*(array)))

#endif
