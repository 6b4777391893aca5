extension DuplicateDetector {
    /// The comparison data of a group of consecutive questions (one bank file, say): each question's trigram set
    /// (duplicate-free 32-bit hashes in one flat buffer) and a hash of its exact content.
    struct Signatures: Sendable {
        var tokens: [UInt32] = []
        /// `tokens[starts[i]..<starts[i + 1]]` belong to question `i`.
        var starts: [Int] = [0]
        /// 0 for an empty text (never a duplicate). Equal texts have equal keys; the texts confirm a match.
        var exactKeys: [UInt64] = []

        var count: Int { exactKeys.count }

        init(_ entries: ArraySlice<Entry>) {
            var builder = SignatureBuilder(expectedCount: entries.count)
            for entry in entries { builder.append(stem: CollectionOfOne(entry.stem), options: entry.options) }
            self = builder.signatures
        }

        fileprivate init(expectedCount: Int) {
            // About 200 trigrams a question; growing the buffer would copy it into freshly faulted pages, while
            // reserved pages that are never written cost nothing.
            tokens.reserveCapacity(expectedCount * 400)
            starts.reserveCapacity(expectedCount + 1)
            exactKeys.reserveCapacity(expectedCount)
        }

        func size(_ index: Int) -> Int { starts[index + 1] - starts[index] }
    }

    /// Computes signatures question by question, reusing its buffers.
    struct SignatureBuilder {
        private(set) var signatures: Signatures
        private let seen = TokenSet()
        /// The current question's distinct trigrams.
        private var scratch: [UInt32] = []
        private var optionHashes: [UInt64] = []

        init(expectedCount: Int) {
            signatures = Signatures(expectedCount: expectedCount)
        }

        /// Adds a question. The stem parts are compared as one text (a case's stem, material and sub-questions);
        /// each option is a text of its own, and no trigram spans two texts.
        mutating func append<Stem: Collection<String>, Options: Collection<String>>(stem: Stem, options: Options) {
            // Every trigram ends at a scalar, and every scalar takes at least one byte.
            var bound = 0
            for part in stem { bound += part.utf8.count }
            for option in options { bound += option.utf8.count }
            seen.reset(capacity: bound)
            if scratch.count < bound { scratch = [UInt32](repeating: 0, count: bound) }
            var empty = true
            var found = 0
            let stemHash = scratch.withUnsafeMutableBufferPointer { output in
                var stream = TrigramStream()
                for part in stem { stream.add(part, into: seen, output: output.baseAddress!, count: &found) }
                empty = stream.length == 0
                optionHashes.removeAll(keepingCapacity: true)
                for option in options {
                    var optionStream = TrigramStream()
                    optionStream.add(option, into: seen, output: output.baseAddress!, count: &found)
                    empty = empty && optionStream.length == 0
                    optionHashes.append(optionStream.hash.value)
                }
                return stream.hash.value
            }
            signatures.tokens.append(contentsOf: scratch[..<found])
            // Option order does not count: the key combines the options' hashes in sorted order.
            optionHashes.sort()
            var key = FNV1a()
            key.add(stemHash)
            for hash in optionHashes { key.add(hash) }
            signatures.exactKeys.append(empty ? 0 : max(key.value, 1))
            signatures.starts.append(signatures.tokens.count)
        }
    }

    /// The normalised scalars of one text, hashed as a whole and cut into trigrams as they are read.
    private struct TrigramStream {
        var hash = FNV1a()
        var length = 0
        private var window: UInt64 = 0

        /// Writes the trigrams of `text` not yet in `set` to `output[count...]`.
        @inline(__always)
        mutating func add(_ text: String, into set: TokenSet, output: UnsafeMutablePointer<UInt32>, count: inout Int) {
            TextNormalizer.forEachNormalized(text) { scalar in
                hash.add(scalar)
                // The last two scalars and this one, packed as `trigramHash` expects.
                window = (window << 21 | UInt64(scalar)) & (1 << 63 - 1)
                length += 1
                if length >= 3 {
                    let token = trigramHash(packed: window)
                    if set.insert(token) {
                        output[count] = token
                        count += 1
                    }
                }
            }
        }
    }

    /// Signatures of consecutive groups, indexed as one sequence of questions (no copy into one buffer).
    struct SignatureGroups: Sendable {
        let groups: [Signatures]
        /// `bases[g]` is the index of group `g`'s first question; the last element is the total count.
        let bases: [Int]

        init(_ groups: [Signatures]) {
            self.groups = groups
            var bases = [0]
            for group in groups { bases.append(bases.last! + group.count) }
            self.bases = bases
        }

        var count: Int { bases.last! }

        func exactKey(_ index: Int) -> UInt64 {
            let g = group(of: index)
            return groups[g].exactKeys[index - bases[g]]
        }

        /// The group holding question `index`.
        func group(of index: Int) -> Int {
            var low = 0, high = groups.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if bases[mid] <= index { low = mid } else { high = mid - 1 }
            }
            return low
        }

        /// Calls `body` with the index and trigram set of each question in `range`, in order.
        func forEach(in range: Range<Int>, _ body: (Int, UnsafeBufferPointer<UInt32>) -> Void) {
            guard !range.isEmpty else { return }
            var g = group(of: range.lowerBound)
            while g < groups.count && bases[g] < range.upperBound {
                let group = groups[g], base = bases[g]
                group.tokens.withUnsafeBufferPointer { tokens in
                    for index in max(range.lowerBound, base)..<min(range.upperBound, bases[g + 1]) {
                        let local = index - base
                        body(index, UnsafeBufferPointer(rebasing: tokens[group.starts[local]..<group.starts[local + 1]]))
                    }
                }
                g += 1
            }
        }

        /// The size of each question's trigram set.
        func sizes() -> [Int32] {
            var sizes: [Int32] = []
            sizes.reserveCapacity(count)
            for group in groups {
                for local in 0..<group.count { sizes.append(Int32(group.size(local))) }
            }
            return sizes
        }

        /// The trigram set of question `index`.
        func withTokens<R>(of index: Int, _ body: (UnsafeBufferPointer<UInt32>) -> R) -> R {
            let g = group(of: index)
            let group = groups[g], local = index - bases[g]
            return group.tokens.withUnsafeBufferPointer {
                body(UnsafeBufferPointer(rebasing: $0[group.starts[local]..<group.starts[local + 1]]))
            }
        }
    }

    /// FNV-1a: stable across runs and platforms (Swift's `Hasher` is seeded per process).
    struct FNV1a {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        mutating func add(_ v: UInt32) { value = (value ^ UInt64(v)) &* 0x100_0000_01B3 }
        mutating func add(_ v: UInt64) {
            add(UInt32(truncatingIfNeeded: v))
            add(UInt32(truncatingIfNeeded: v >> 32))
        }
    }

    /// 32-bit hash of a character trigram: the three scalars (21 bits each) packed into 63 bits, then Fibonacci
    /// hashing (one multiplication by an odd constant, a bijection, keeping the high half).
    @inline(__always)
    static func trigramHash(packed: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// The trigram hashes of a normalised text, in order (with repeats).
    static func appendTrigrams(_ text: [UInt32], to tokens: inout [UInt32]) {
        guard text.count >= 3 else { return }
        for i in 0..<(text.count - 2) {
            tokens.append(trigramHash(packed: UInt64(text[i]) << 42 | UInt64(text[i + 1]) << 21 | UInt64(text[i + 2])))
        }
    }
}

/// A reusable open-addressing set of 32-bit tokens (one question's trigrams). Each slot holds a generation
/// stamp beside its token, so emptying the set for the next question is one increment.
final class TokenSet {
    private var slots: UnsafeMutablePointer<UInt64>
    private var size = 64
    private var mask = 63
    /// The current generation, in the slots' high half.
    private var stamp: UInt64 = 0

    init() {
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
    }

    deinit { slots.deallocate() }

    /// Empties the set and makes room for `capacity` tokens.
    func reset(capacity: Int) {
        var needed = 64
        while needed < capacity * 2 { needed <<= 1 }
        if needed > size {
            slots.deallocate()
            size = needed
            slots = .allocate(capacity: size)
            slots.initialize(repeating: 0, count: size)
            stamp = 0
        }
        mask = needed - 1
        stamp += 1
        if stamp == 1 << 32 {  // wrapped: clear old stamps
            slots.update(repeating: 0, count: size)
            stamp = 1
        }
    }

    /// True when the token was not yet in the set.
    @inline(__always)
    func insert(_ token: UInt32) -> Bool {
        let tag = stamp << 32
        var i = Int(token &* 0x9E37_79B1) & mask
        while true {
            let slot = slots[i]
            if slot & 0xFFFF_FFFF_0000_0000 != tag {
                slots[i] = tag | UInt64(token)
                return true
            }
            if UInt32(truncatingIfNeeded: slot) == token { return false }
            i = (i + 1) & mask
        }
    }
}
