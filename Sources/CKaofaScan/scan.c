#define _GNU_SOURCE  // memmem
#include <string.h>
#include "kaofa_scan.h"

// The priority selection of paper assembly (PaperAssembler.lowest): the k members of a stratum with the lowest
// priorities. Most members lose to the current last place at once, so after the first k the work is mixing and one
// comparison per member; the rare member that enters is inserted into the short sorted list. The arithmetic is the
// contract's SplitMix64 mixer, exactly; only how many members are mixed at a time differs between the two forms.

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// Puts member `position` with `priority` into the sorted list of `*filled` places (at most `k`), if it enters: while
/// the list is short every member enters; once full, only one that beats the last place (equal priorities keep the
/// earlier position ahead, as positions arrive in increasing order).
static inline void enter(kaofa_ranked *best, ptrdiff_t k, ptrdiff_t *filled, uint64_t priority, ptrdiff_t position) {
    ptrdiff_t slot = *filled;
    if (slot == k) {
        if (priority >= best[k - 1].priority) return;
        slot = k - 1;
    } else {
        *filled = slot + 1;
    }
    while (slot > 0 && best[slot - 1].priority > priority) {
        best[slot] = best[slot - 1];
        slot--;
    }
    best[slot].priority = priority;
    best[slot].position = position;
}

/// The first `k` members in any case, then the rest one at a time from `start`.
static ptrdiff_t lowest_portable_from(const uint64_t *hashes, ptrdiff_t start, ptrdiff_t count, uint64_t key, ptrdiff_t k,
                                      kaofa_ranked *best, ptrdiff_t filled) {
    for (ptrdiff_t i = start; i < count; i++) enter(best, k, &filled, mix(key ^ hashes[i]), i);
    return filled;
}

ptrdiff_t kaofa_lowest_portable(const uint64_t *hashes, ptrdiff_t count, uint64_t key, ptrdiff_t k, kaofa_ranked *best) {
    if (k <= 0) return 0;
    return lowest_portable_from(hashes, 0, count, key, k, best, 0);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

__attribute__((target("avx512f,avx512dq")))
static inline __m512i mix8(__m512i z, __m512i c1, __m512i c2) {
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), c1);
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), c2);
    return _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
}

/// Sixteen members at a time: both blocks are mixed and compared with the last place before any branch, so that the
/// multiplications of one block overlap those of the other; members that may enter are then taken in order.
__attribute__((target("avx512f,avx512dq")))
static ptrdiff_t lowest_avx512(const uint64_t *hashes, ptrdiff_t count, uint64_t key, ptrdiff_t k, kaofa_ranked *best) {
    ptrdiff_t filled = 0;
    ptrdiff_t i = 0;
    for (; i < count && filled < k; i++) enter(best, k, &filled, mix(key ^ hashes[i]), i);
    if (filled < k) return filled;
    const __m512i keys = _mm512_set1_epi64((long long)key);
    const __m512i c1 = _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ULL);
    const __m512i c2 = _mm512_set1_epi64((long long)0x94D049BB133111EBULL);
    uint64_t lanes[16];
    for (; i + 16 <= count; i += 16) {
        const __m512i last = _mm512_set1_epi64((long long)best[k - 1].priority);
        __m512i a = mix8(_mm512_xor_si512(_mm512_loadu_si512((const void *)(hashes + i)), keys), c1, c2);
        __m512i b = mix8(_mm512_xor_si512(_mm512_loadu_si512((const void *)(hashes + i + 8)), keys), c1, c2);
        unsigned hits = (unsigned)_mm512_cmplt_epu64_mask(a, last) | ((unsigned)_mm512_cmplt_epu64_mask(b, last) << 8);
        if (!hits) continue;
        _mm512_storeu_si512((void *)lanes, a);
        _mm512_storeu_si512((void *)(lanes + 8), b);
        while (hits) {
            unsigned lane = (unsigned)__builtin_ctz(hits);
            hits &= hits - 1;
            enter(best, k, &filled, lanes[lane], i + (ptrdiff_t)lane);
        }
    }
    return lowest_portable_from(hashes, i, count, key, k, best, filled);
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

ptrdiff_t kaofa_lowest(const uint64_t *hashes, ptrdiff_t count, uint64_t key, ptrdiff_t k, kaofa_ranked *best) {
    if (k <= 0) return 0;
    if (vectorised()) return lowest_avx512(hashes, count, key, k, best);
    return lowest_portable_from(hashes, 0, count, key, k, best, 0);
}

#else

int kaofa_scan_is_vectorised(void) { return 0; }

int kaofa_scan_allow_vectorised(int allow) { (void)allow; return 0; }

ptrdiff_t kaofa_lowest(const uint64_t *hashes, ptrdiff_t count, uint64_t key, ptrdiff_t k, kaofa_ranked *best) {
    return kaofa_lowest_portable(hashes, count, key, k, best);
}

#endif

int kaofa_contains(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    if (needle_length == 0) return 1;
    return memmem(haystack, haystack_length, needle, needle_length) != NULL;
}
