/*
 * UTF-8 as every reader of user text needs it: the length of one valid
 * sequence, refusing overlong forms, surrogates and code points above
 * U+10FFFF (RFC 3629).
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (avail bytes left), or 0. */
size_t utf8_seq_len(const unsigned char *s, size_t avail);

/* The code point of the valid n-byte sequence at s (n from utf8_seq_len). */
uint32_t utf8_decode(const unsigned char *s, size_t n);

#endif
