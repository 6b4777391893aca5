#ifndef KAOFA_SCAN_H
#define KAOFA_SCAN_H

#include <stddef.h>
#include <stdint.h>

/// One member of a stratum with its priority in a paper.
typedef struct {
    uint64_t priority;
    /// The member's position in the stratum (the scanned array).
    ptrdiff_t position;
} kaofa_ranked;

/// The `k` members of `hashes[0 ..< count]` with the lowest priorities `mix(key ^ hashes[i])` (the SplitMix64 output
/// function, docs/randomness.md), lowest first, equal priorities in position order, into `best` (room for `k`).
/// Returns how many were written: `k`, or `count` when there are fewer members. The same answer on every machine;
/// where the processor has AVX-512 (F and DQ) sixteen priorities are computed at a time.
ptrdiff_t kaofa_lowest(const uint64_t *hashes, ptrdiff_t count, uint64_t key, ptrdiff_t k, kaofa_ranked *best);

/// 1 when `kaofa_lowest` uses AVX-512 on this machine, 0 when it computes one priority at a time.
int kaofa_scan_is_vectorised(void);

/// Turns the vectorised scan off (0) or back on where the processor has it (1): for tests and benchmarks that compare
/// the two forms. Returns whether it was on.
int kaofa_scan_allow_vectorised(int allow);

/// The portable form of `kaofa_lowest`, for tests that compare the two.
ptrdiff_t kaofa_lowest_portable(const uint64_t *hashes, ptrdiff_t count, uint64_t key, ptrdiff_t k, kaofa_ranked *best);

/// 1 when the bytes `needle[0 ..< needle_length]` occur in `haystack[0 ..< haystack_length]` (glibc's memmem: a
/// two-way search), 0 otherwise. For the check of quotations of the law (QuotationCheck).
int kaofa_contains(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

#endif
