/*
 * Writing JSON: the engine emits JSON (for --json and for evidence) but
 * never parses it, so a writer is all it needs.
 */
#ifndef JSON_H
#define JSON_H

#include <stdint.h>

#include "strbuf.h"

/* Appends s as a JSON string literal (NULL gives null). */
void json_string(struct strbuf *out, const char *s);
/* Appends "key": (with a leading comma unless first). */
void json_key(struct strbuf *out, const char *key, int first);
void json_key_string(struct strbuf *out, const char *key, const char *value,
		     int first);
void json_key_int(struct strbuf *out, const char *key, int64_t value,
		  int first);

#endif
