#include "kaofa_scan.h"

// The priority scan of paper assembly (PaperAssembler.lowest): most members of a stratum lose to the current last
// place at once, so the scan is a search for the next one that does not. The arithmetic is the contract's SplitMix64
// mixer, exactly; only how many members are mixed at a time differs between the two forms.

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

ptrdiff_t kaofa_first_at_most_portable(const uint64_t *hashes, ptrdiff_t start, ptrdiff_t count, uint64_t key,
                                       uint64_t threshold) {
    for (ptrdiff_t i = start; i < count; i++) {
        if (mix(key ^ hashes[i]) <= threshold) return i;
    }
    return count;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

__attribute__((target("avx512f,avx512dq")))
static ptrdiff_t first_at_most_avx512(const uint64_t *hashes, ptrdiff_t start, ptrdiff_t count, uint64_t key,
                                      uint64_t threshold) {
    const __m512i k = _mm512_set1_epi64((long long)key);
    const __m512i t = _mm512_set1_epi64((long long)threshold);
    const __m512i c1 = _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ULL);
    const __m512i c2 = _mm512_set1_epi64((long long)0x94D049BB133111EBULL);
    ptrdiff_t i = start;
    for (; i + 8 <= count; i += 8) {
        __m512i z = _mm512_xor_si512(_mm512_loadu_si512((const void *)(hashes + i)), k);
        z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), c1);
        z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), c2);
        z = _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
        __mmask8 hits = _mm512_cmple_epu64_mask(z, t);
        if (hits) return i + __builtin_ctz((unsigned)hits);
    }
    return kaofa_first_at_most_portable(hashes, i, count, key, threshold);
}

static int supported(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
    }
    return known;
}

static int allowed = 1;

static int vectorised(void) { return allowed && supported(); }

int kaofa_scan_is_vectorised(void) { return vectorised(); }

int kaofa_scan_allow_vectorised(int allow) {
    int was = vectorised();
    allowed = allow;
    return was;
}

ptrdiff_t kaofa_first_at_most(const uint64_t *hashes, ptrdiff_t start, ptrdiff_t count, uint64_t key, uint64_t threshold) {
    if (vectorised()) return first_at_most_avx512(hashes, start, count, key, threshold);
    return kaofa_first_at_most_portable(hashes, start, count, key, threshold);
}

#else

int kaofa_scan_is_vectorised(void) { return 0; }

int kaofa_scan_allow_vectorised(int allow) { (void)allow; return 0; }

ptrdiff_t kaofa_first_at_most(const uint64_t *hashes, ptrdiff_t start, ptrdiff_t count, uint64_t key, uint64_t threshold) {
    return kaofa_first_at_most_portable(hashes, start, count, key, threshold);
}

#endif
