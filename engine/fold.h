/*
 * Text folded for matching what people type against names: Unicode case
 * folding, no diacritics (decomposed, the marks dropped; đ as d, which
 * Unicode does not decompose), and every run of spaces, hyphens,
 * underscores and dots as one space, trimmed.  "Xã Đại Sơn", "xa dai son"
 * and "XA-DAI-SON" fold alike, and so do an id and the name it slugs.
 *
 * The one module that speaks libunistring (GNU's Unicode library, which
 * gettext already brings): normalisation and case folding are not ours
 * to write by hand.
 */
#ifndef FOLD_H
#define FOLD_H

#include "strbuf.h"

/*
 * Appends s folded.  Returns 0, or -1 when s is not valid UTF-8 (nothing
 * appended).
 */
int fold_text(struct strbuf *out, const char *s);

#endif
