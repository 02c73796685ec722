#ifndef GLEANER_CTEXTSCAN_H
#define GLEANER_CTEXTSCAN_H
// Byte scanning for the parser (GleanerParse): the transcoder's UTF-8 check and the sanitizer's text copy,
// in C for the vector instructions Swift does not reach. Pure functions: no state, no allocation.
#include <stddef.h>
#include <stdint.h>

/// A length L ≤ n such that p[0..<L] is valid UTF-8 (RFC 3629: no overlongs, surrogates or code points
/// above U+10FFFF) made of whole characters. It may stop short of the valid prefix: at the 32-byte block
/// holding the first error, before the last bytes that do not fill a block, or anywhere on a machine
/// without AVX2 (see the implementation). p may be NULL when n is 0.
size_t gleaner_utf8_valid_prefix(const uint8_t *p, size_t n);

/// The same contract, always with the portable code (for tests, which compare it with the vector path).
size_t gleaner_utf8_valid_prefix_portable(const uint8_t *p, size_t n);

/// The HTML sanitizer's text copy: copies p[i..<j] to out, where j is the index of the first byte at or after
/// i that is `<`, `&`, `>`, below 0x20 or 0xEF (or n when there is none), and returns j. It may store bytes
/// past out[j - i - 1] (whole blocks), but never more than n - i bytes from out: that much room must be there.
/// AVX2 where the CPU has it, else eight bytes at a time.
size_t gleaner_text_run(const uint8_t *p, size_t i, size_t n, uint8_t *out);

/// The same contract, always with the portable code (for tests).
size_t gleaner_text_run_portable(const uint8_t *p, size_t i, size_t n, uint8_t *out);

/// The index of the first character at or after i that XML 1.0 does not allow in a document (§2.2 Char): a
/// C0 control other than tab, LF and CR, or U+FFFE or U+FFFF (EF BF BE, EF BF BF); n when there is none.
/// p[0..<n] is UTF-8 made of whole characters. AVX2 where the CPU has it, else eight bytes at a time.
size_t gleaner_xml_char_stop(const uint8_t *p, size_t i, size_t n);

/// The same contract, always with the portable code (for tests).
size_t gleaner_xml_char_stop_portable(const uint8_t *p, size_t i, size_t n);

#endif
