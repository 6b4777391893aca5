#ifndef KAOFA_SCAN_H
#define KAOFA_SCAN_H

#include <stddef.h>
#include <stdint.h>

/// The first index `i` in `start ..< count` whose priority `mix(key ^ hashes[i])` (the SplitMix64 output function,
/// docs/randomness.md) is at most `threshold`, or `count` when there is none. The same answer on every machine; where
/// the processor has AVX-512 (F and DQ) eight priorities are computed at a time.
ptrdiff_t kaofa_first_at_most(const uint64_t *hashes, ptrdiff_t start, ptrdiff_t count, uint64_t key, uint64_t threshold);

/// 1 when `kaofa_first_at_most` uses AVX-512 on this machine, 0 when it computes one priority at a time.
int kaofa_scan_is_vectorised(void);

/// Turns the vectorised scan off (0) or back on where the processor has it (1): for tests and benchmarks that compare
/// the two forms. Returns whether it was on.
int kaofa_scan_allow_vectorised(int allow);

/// The portable form of `kaofa_first_at_most`, for tests that compare the two.
ptrdiff_t kaofa_first_at_most_portable(const uint64_t *hashes, ptrdiff_t start, ptrdiff_t count, uint64_t key,
                                       uint64_t threshold);

#endif
