/* Well-formedness check for UTF-8, shaped like the WHATWG decoder (spec P2). */
#ifndef SSE_TOOLS_UTF8_REPAIR_H
#define SSE_TOOLS_UTF8_REPAIR_H

#include <stddef.h>

/* U+FFFD REPLACEMENT CHARACTER, encoded as UTF-8. */
#define UTF8_REPLACEMENT "\xEF\xBF\xBD"

/*
 * Return the length (1 to 4) of the well-formed UTF-8 sequence starting at `s`,
 * or 0 when it is ill-formed. In that case `*bad_len` receives how many bytes the
 * WHATWG decoder turns into ONE U+FFFD: the maximal subpart of a valid sequence,
 * at least 1. So "C0 80" gives two replacements, "ED A0 80" three and "E2 82"
 * followed by LF one, exactly as rule P2 lists. `len` must be at least 1.
 */
size_t utf8_sequence_length(const unsigned char *s, size_t len, size_t *bad_len);

#endif
