#include "ctextscan.h"

// UTF-8 validation with the "lookup" method of Keiser & Lemire ("Validating UTF-8 in less than one
// instruction per byte", 2021): every error in valid-looking UTF-8 shows in the pair (previous byte,
// byte), as a combination of the previous byte's high nibble, its low nibble and the byte's high nibble.
// Each of the three nibbles indexes a 16-entry table of error classes (one bit each); a bit set in all
// three is an error. One class, "a continuation after a continuation", is an error except as the third
// or fourth byte of a sequence, which the bytes two and three back decide (a lead of three or four
// bytes there).
//
// The error classes (bit: previous byte, byte):
enum {
    TOO_SHORT = 1 << 0,   // lead C0..FF, then no continuation (00..7F or C0..FF)
    TOO_LONG = 1 << 1,    // ASCII, then a continuation
    OVERLONG_3 = 1 << 2,  // E0, then 80..9F
    TOO_LARGE = 1 << 3,   // F4..FF, then 90..BF
    SURROGATE = 1 << 4,   // ED, then A0..BF
    OVERLONG_2 = 1 << 5,  // C0 or C1, then a continuation
    BIG_OR_4 = 1 << 6,    // F0, then 80..8F (overlong), or F5..FF, then 80..8F (too large)
    TWO_CONTS = 1 << 7,   // a continuation, then a continuation
};

// Every bit of a class in exactly the entries of the nibbles it names, so that an AND of the three
// lookups keeps a bit only when the pair matches the class on all three. TOO_SHORT, TOO_LONG and
// TWO_CONTS do not depend on the previous byte's low nibble: every entry of that table has them.
#define ANY_LOW (TOO_SHORT | TOO_LONG | TWO_CONTS)
static const uint8_t prev_high[16] = {
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,  // 0x: ASCII
    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,                                      // 8x..Bx: continuations
    TOO_SHORT | OVERLONG_2,                                                          // Cx
    TOO_SHORT,                                                                       // Dx
    TOO_SHORT | OVERLONG_3 | SURROGATE,                                              // Ex
    TOO_SHORT | TOO_LARGE | BIG_OR_4,                                                // Fx
};
static const uint8_t prev_low[16] = {
    ANY_LOW | OVERLONG_3 | OVERLONG_2 | BIG_OR_4,  // x0: C0, E0, F0
    ANY_LOW | OVERLONG_2,                          // x1: C1
    ANY_LOW, ANY_LOW,                              // x2, x3
    ANY_LOW | TOO_LARGE,                           // x4: F4
    ANY_LOW | TOO_LARGE | BIG_OR_4,                // x5..xC: F5..FC
    ANY_LOW | TOO_LARGE | BIG_OR_4,
    ANY_LOW | TOO_LARGE | BIG_OR_4,
    ANY_LOW | TOO_LARGE | BIG_OR_4,
    ANY_LOW | TOO_LARGE | BIG_OR_4,
    ANY_LOW | TOO_LARGE | BIG_OR_4,
    ANY_LOW | TOO_LARGE | BIG_OR_4,
    ANY_LOW | TOO_LARGE | BIG_OR_4,
    ANY_LOW | TOO_LARGE | BIG_OR_4 | SURROGATE,    // xD: ED (and FD)
    ANY_LOW | TOO_LARGE | BIG_OR_4,                // xE, xF
    ANY_LOW | TOO_LARGE | BIG_OR_4,
};
static const uint8_t cur_high[16] = {
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,  // 0x..7x
    TOO_LONG | TWO_CONTS | OVERLONG_2 | OVERLONG_3 | BIG_OR_4,                             // 8x
    TOO_LONG | TWO_CONTS | OVERLONG_2 | OVERLONG_3 | TOO_LARGE,                            // 9x
    TOO_LONG | TWO_CONTS | OVERLONG_2 | TOO_LARGE | SURROGATE,                             // Ax
    TOO_LONG | TWO_CONTS | OVERLONG_2 | TOO_LARGE | SURROGATE,                             // Bx
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,                                            // Cx..Fx
};

/// The sequence length a lead byte announces (1 for ASCII and for bytes that cannot start one; the
/// callers only ask after validation, where it is a lead or ASCII).
static inline size_t lead_length(uint8_t b) {
    return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/// `end` moved back to the start of a character cut at `end`, given that p[0..<end] passed the pair checks
/// (so all that can be wrong is a sequence cut at the end).
static inline size_t whole_characters(const uint8_t *p, size_t end) {
    for (size_t j = 1; j <= 3 && j <= end; j++) {
        uint8_t b = p[end - j];
        if (b < 0x80) break;
        if (b >= 0xC0) return lead_length(b) > j ? end - j : end;
    }
    return end;
}

/// Scalar validation of one character at p (avail ≥ 1 bytes): its length, or 0 when it is invalid or cut.
static inline size_t scalar_char(const uint8_t *p, size_t avail) {
    uint8_t b0 = p[0];
    if (b0 < 0x80) return 1;
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) need = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else return 0;
    if (avail < need) return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (size_t k = 2; k < need; k++)
        if ((p[k] & 0xC0) != 0x80) return 0;
    return need;
}

size_t gleaner_utf8_valid_prefix_portable(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i < n) {
        // Eight ASCII bytes at a time.
        while (i + 8 <= n) {
            uint64_t w;
            __builtin_memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        size_t len = scalar_char(p + i, n - i);
        if (len == 0) break;
        i += len;
    }
    return i;
}

// ---- Text runs for the HTML sanitizer's fast path ----

/// Whether the sanitizer's text copy stops at byte c: `<`, `&`, `>`, a byte below 0x20 or 0xEF.
static inline int text_stop(uint8_t c) {
    return c == 0x3C || c == 0x26 || c == 0x3E || c < 0x20 || c == 0xEF;
}

size_t gleaner_text_run_portable(const uint8_t *p, size_t i, size_t n, uint8_t *out) {
    // Eight bytes at a time: flags for bytes equal to <, &, >, 0xEF or below 0x20 (exact for the lowest
    // flagged byte, which is all that is used).
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (i + 8 <= n) {
        uint64_t x;
        __builtin_memcpy(&x, p + i, 8);
        __builtin_memcpy(out, &x, 8);
        uint64_t hit = 0;
        const uint8_t stops[4] = {0x3C, 0x26, 0x3E, 0xEF};
        for (int k = 0; k < 4; k++) {
            uint64_t y = x ^ (ones * stops[k]);
            hit |= (y - ones) & ~y & highs;
        }
        hit |= (x - ones * 0x20) & ~x & highs;
        if (hit) {
            // The lowest flag is exact on a little-endian load; scan the eight bytes to stay portable.
            while (!text_stop(p[i])) { i++; out++; }
            return i;
        }
        i += 8;
        out += 8;
    }
    while (i < n && !text_stop(p[i])) { *out++ = p[i]; i++; }
    return i;
}

// ---- Characters XML does not allow, for the transcoder ----

/// Whether the character at p[i] is one XML 1.0 does not allow (see gleaner_xml_char_stop).
static inline int xml_bad_at(const uint8_t *p, size_t i, size_t n) {
    uint8_t c = p[i];
    if (c < 0x20) return c != 0x09 && c != 0x0A && c != 0x0D;
    return c == 0xEF && i + 2 < n && p[i + 1] == 0xBF && (p[i + 2] & 0xFE) == 0xBE;
}

size_t gleaner_xml_char_stop_portable(const uint8_t *p, size_t i, size_t n) {
    // Eight bytes at a time: any byte below 0x20 or equal to 0xEF sends the eight to the exact check.
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (i + 8 <= n) {
        uint64_t x;
        __builtin_memcpy(&x, p + i, 8);
        uint64_t y = x ^ (ones * 0xEF);
        uint64_t hit = ((x - ones * 0x20) & ~x & highs) | ((y - ones) & ~y & highs);
        if (hit) {
            for (size_t k = i; k < i + 8; k++)
                if (xml_bad_at(p, k, n)) return k;
        }
        i += 8;
    }
    for (; i < n; i++)
        if (xml_bad_at(p, i, n)) return i;
    return n;
}

#if defined(__x86_64__)
#include <immintrin.h>

/// The AVX2 path: 32 bytes a block. Stops at the first block with an error, or before the last partial block.
__attribute__((target("avx2")))
static size_t valid_prefix_avx2(const uint8_t *p, size_t n) {
    const __m256i t_prev_high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)prev_high));
    const __m256i t_prev_low = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)prev_low));
    const __m256i t_cur_high = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)cur_high));
    const __m256i low_nibble = _mm256_set1_epi8(0x0F);
    // A block is "incomplete" when it ends inside a sequence: one of its last three bytes is a lead
    // whose sequence does not fit. Subtracting these limits (saturating) leaves a non-zero byte there.
    const __m256i incomplete_limit = _mm256_setr_epi8(
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    __m256i prev = _mm256_setzero_si256();  // as if ASCII came before p (p is at a character boundary)
    __m256i prev_incomplete = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i cur = _mm256_loadu_si256((const __m256i *)(p + i));
        __m256i error;
        if (_mm256_movemask_epi8(cur) == 0) {
            // All ASCII: an error only if the previous block ended inside a sequence.
            error = prev_incomplete;
        } else {
            // The bytes one, two and three back: this block shifted, with the end of the previous block
            // in front (alignr works within 128-bit lanes, hence the lane swap first).
            __m256i joined = _mm256_permute2x128_si256(prev, cur, 0x21);  // prev's high lane, cur's low lane
            __m256i prev1 = _mm256_alignr_epi8(cur, joined, 15);
            __m256i prev2 = _mm256_alignr_epi8(cur, joined, 14);
            __m256i prev3 = _mm256_alignr_epi8(cur, joined, 13);
            __m256i a = _mm256_shuffle_epi8(t_prev_high, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low_nibble));
            __m256i b = _mm256_shuffle_epi8(t_prev_low, _mm256_and_si256(prev1, low_nibble));
            __m256i c = _mm256_shuffle_epi8(t_cur_high, _mm256_and_si256(_mm256_srli_epi16(cur, 4), low_nibble));
            __m256i classes = _mm256_and_si256(_mm256_and_si256(a, b), c);
            // Bit 7 where this byte must be the third or fourth of a sequence: a lead E0..FF two back or
            // F0..FF three back. It must then be a continuation after a continuation (TWO_CONTS), and
            // TWO_CONTS is an error anywhere else: XOR.
            __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
            __m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
            __m256i must23 = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
            error = _mm256_xor_si256(classes, must23);
            prev_incomplete = _mm256_subs_epu8(cur, incomplete_limit);
        }
        if (!_mm256_testz_si256(error, error)) break;
        prev = cur;  // (after an ASCII block that passed, prev_incomplete was, and stays, zero)
    }
    // p[0..<i] passed every check but may end inside a sequence (the next block would have told).
    return whole_characters(p, i);
}

typedef size_t (*prefix_fn)(const uint8_t *, size_t);

static size_t valid_prefix_resolve(const uint8_t *p, size_t n);
static prefix_fn valid_prefix_impl = valid_prefix_resolve;

/// The first call picks the implementation for this CPU; later calls go straight to it. (Two threads may
/// both resolve: they store the same pointer.)
static size_t valid_prefix_resolve(const uint8_t *p, size_t n) {
    __builtin_cpu_init();
    prefix_fn f = __builtin_cpu_supports("avx2") ? valid_prefix_avx2 : gleaner_utf8_valid_prefix_portable;
    __atomic_store_n(&valid_prefix_impl, f, __ATOMIC_RELAXED);
    return f(p, n);
}

size_t gleaner_utf8_valid_prefix(const uint8_t *p, size_t n) {
    return __atomic_load_n(&valid_prefix_impl, __ATOMIC_RELAXED)(p, n);
}

/// The AVX2 text run: 32 bytes a block, each stored as it is scanned; the scalar tail for the last bytes.
__attribute__((target("avx2")))
static size_t text_run_avx2(const uint8_t *p, size_t i, size_t n, uint8_t *out) {
    const __m256i two = _mm256_set1_epi8(2), gt = _mm256_set1_epi8(0x3E), amp = _mm256_set1_epi8(0x26);
    const __m256i ef = _mm256_set1_epi8((char)0xEF), below = _mm256_set1_epi8(0x1F);
    while (i + 32 <= n) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + i));
        _mm256_storeu_si256((__m256i *)out, v);
        // `<` 0x3C and `>` 0x3E differ only in bit 1; v <= 0x1F (unsigned) where min(v, 0x1F) == v.
        __m256i m = _mm256_or_si256(
            _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_or_si256(v, two), gt), _mm256_cmpeq_epi8(v, amp)),
            _mm256_or_si256(_mm256_cmpeq_epi8(v, ef), _mm256_cmpeq_epi8(_mm256_min_epu8(v, below), v)));
        uint32_t mask = (uint32_t)_mm256_movemask_epi8(m);
        if (mask) return i + (size_t)__builtin_ctz(mask);
        i += 32;
        out += 32;
    }
    while (i < n && !text_stop(p[i])) { *out++ = p[i]; i++; }
    return i;
}

/// The AVX2 check: 32 bytes a block; a block with a control or 0xEF goes to the exact check byte by byte
/// (its flags only), the last bytes to the portable code.
__attribute__((target("avx2")))
static size_t xml_char_stop_avx2(const uint8_t *p, size_t i, size_t n) {
    const __m256i below = _mm256_set1_epi8(0x1F), tab = _mm256_set1_epi8(0x09), lf = _mm256_set1_epi8(0x0A);
    const __m256i cr = _mm256_set1_epi8(0x0D), ef = _mm256_set1_epi8((char)0xEF);
    while (i + 32 <= n) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + i));
        __m256i ctl = _mm256_cmpeq_epi8(_mm256_min_epu8(v, below), v);
        __m256i allowed = _mm256_or_si256(_mm256_cmpeq_epi8(v, tab), _mm256_or_si256(_mm256_cmpeq_epi8(v, lf), _mm256_cmpeq_epi8(v, cr)));
        __m256i m = _mm256_or_si256(_mm256_andnot_si256(allowed, ctl), _mm256_cmpeq_epi8(v, ef));
        uint32_t mask = (uint32_t)_mm256_movemask_epi8(m);
        while (mask) {
            size_t k = i + (size_t)__builtin_ctz(mask);
            if (xml_bad_at(p, k, n)) return k;
            mask &= mask - 1;
        }
        i += 32;
    }
    return gleaner_xml_char_stop_portable(p, i, n);
}

typedef size_t (*stop_fn)(const uint8_t *, size_t, size_t);

static size_t xml_char_stop_resolve(const uint8_t *p, size_t i, size_t n);
static stop_fn xml_char_stop_impl = xml_char_stop_resolve;

static size_t xml_char_stop_resolve(const uint8_t *p, size_t i, size_t n) {
    __builtin_cpu_init();
    stop_fn f = __builtin_cpu_supports("avx2") ? xml_char_stop_avx2 : gleaner_xml_char_stop_portable;
    __atomic_store_n(&xml_char_stop_impl, f, __ATOMIC_RELAXED);
    return f(p, i, n);
}

size_t gleaner_xml_char_stop(const uint8_t *p, size_t i, size_t n) {
    return __atomic_load_n(&xml_char_stop_impl, __ATOMIC_RELAXED)(p, i, n);
}

typedef size_t (*run_fn)(const uint8_t *, size_t, size_t, uint8_t *);

static size_t text_run_resolve(const uint8_t *p, size_t i, size_t n, uint8_t *out);
static run_fn text_run_impl = text_run_resolve;

static size_t text_run_resolve(const uint8_t *p, size_t i, size_t n, uint8_t *out) {
    __builtin_cpu_init();
    run_fn f = __builtin_cpu_supports("avx2") ? text_run_avx2 : gleaner_text_run_portable;
    __atomic_store_n(&text_run_impl, f, __ATOMIC_RELAXED);
    return f(p, i, n, out);
}

size_t gleaner_text_run(const uint8_t *p, size_t i, size_t n, uint8_t *out) {
    return __atomic_load_n(&text_run_impl, __ATOMIC_RELAXED)(p, i, n, out);
}

#else

size_t gleaner_utf8_valid_prefix(const uint8_t *p, size_t n) {
    return gleaner_utf8_valid_prefix_portable(p, n);
}

size_t gleaner_text_run(const uint8_t *p, size_t i, size_t n, uint8_t *out) {
    return gleaner_text_run_portable(p, i, n, out);
}

size_t gleaner_xml_char_stop(const uint8_t *p, size_t i, size_t n) {
    return gleaner_xml_char_stop_portable(p, i, n);
}

#endif
