#ifndef GLEANER_CTEXTSCAN_H
#define GLEANER_CTEXTSCAN_H
// Byte scanning for the parser's transcoder (GleanerParse), in C for the vector instructions Swift does not
// reach. Pure functions: no state, no allocation.
#include <stddef.h>
#include <stdint.h>

/// A length L ≤ n such that p[0..<L] is valid UTF-8 (RFC 3629: no overlongs, surrogates or code points
/// above U+10FFFF) made of whole characters. It may stop short of the valid prefix: at the 32-byte block
/// holding the first error, before the last bytes that do not fill a block, or anywhere on a machine
/// without AVX2 (see the implementation). p may be NULL when n is 0.
size_t gleaner_utf8_valid_prefix(const uint8_t *p, size_t n);

/// The same contract, always with the portable code (for tests, which compare it with the vector path).
size_t gleaner_utf8_valid_prefix_portable(const uint8_t *p, size_t n);

#endif
