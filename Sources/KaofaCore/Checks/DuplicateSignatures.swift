extension DuplicateDetector {
    /// The comparison data of a group of consecutive questions (one bank file, say): each question's trigram set
    /// (duplicate-free 32-bit hashes in one flat buffer) and a hash of its exact content.
    struct Signatures: Sendable {
        var tokens: [UInt32] = []
        /// `tokens[starts[i]..<starts[i + 1]]` belong to question `i`.
        var starts: [Int] = [0]
        /// 0 for an empty text (never a duplicate). Equal texts have equal keys; the texts confirm a match.
        var exactKeys: [UInt64] = []
        private var seen = TokenSet()
        private var optionHashes: [UInt64] = []

        var count: Int { exactKeys.count }

        init(expectedCount: Int = 0) {
            tokens.reserveCapacity(expectedCount * 200)
            starts.reserveCapacity(expectedCount + 1)
            exactKeys.reserveCapacity(expectedCount)
        }

        init(_ entries: ArraySlice<Entry>) {
            self.init(expectedCount: entries.count)
            for entry in entries { append(stem: CollectionOfOne(entry.stem), options: entry.options) }
        }

        /// Adds a question. The stem parts are compared as one text (a case's stem, material and sub-questions);
        /// each option is a text of its own, and no trigram spans two texts.
        mutating func append<Stem: Collection<String>, Options: Collection<String>>(stem: Stem, options: Options) {
            var bound = 0
            for part in stem { bound += part.utf8.count }
            for option in options { bound += option.utf8.count }
            seen.reset(capacity: bound)
            var empty = true
            var stream = TrigramStream()
            for part in stem { stream.add(part, to: &self) }
            empty = empty && stream.length == 0
            let stemHash = stream.hash.value
            optionHashes.removeAll(keepingCapacity: true)
            for option in options {
                stream = TrigramStream()
                stream.add(option, to: &self)
                empty = empty && stream.length == 0
                optionHashes.append(stream.hash.value)
            }
            // Option order does not count: the key combines the options' hashes in sorted order.
            optionHashes.sort()
            var key = FNV1a()
            key.add(stemHash)
            for hash in optionHashes { key.add(hash) }
            exactKeys.append(empty ? 0 : max(key.value, 1))
            starts.append(tokens.count)
        }

        /// Adds a trigram to the current question unless it already has it.
        @inline(__always)
        fileprivate mutating func insert(_ token: UInt32) {
            if seen.insert(token) { tokens.append(token) }
        }

        func size(_ index: Int) -> Int { starts[index + 1] - starts[index] }
    }

    /// The normalised scalars of one text, hashed as a whole and cut into trigrams as they are read.
    private struct TrigramStream {
        var hash = FNV1a()
        var length = 0
        private var previous: UInt64 = 0

        mutating func add(_ text: String, to signatures: inout Signatures) {
            TextNormalizer.forEachNormalized(text) { scalar in
                hash.add(scalar)
                // The last two scalars and this one, packed as `trigramHash` expects.
                previous = (previous << 21 | UInt64(scalar)) & (1 << 63 - 1)
                length += 1
                if length >= 3 { signatures.insert(trigramHash(packed: previous)) }
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

/// A reusable open-addressing set of 32-bit tokens for de-duplicating one question's trigrams.
struct TokenSet: Sendable {
    private var slots: [UInt32] = []
    private var stamps: [UInt32] = []
    private var stamp: UInt32 = 0
    private var mask = 0

    mutating func reset(capacity: Int) {
        var size = 64
        while size < capacity * 2 { size <<= 1 }
        if size > slots.count {
            slots = [UInt32](repeating: 0, count: size)
            stamps = [UInt32](repeating: 0, count: size)
            stamp = 0
        }
        mask = size - 1
        stamp &+= 1
        if stamp == 0 {  // wrapped: clear old stamps
            for i in stamps.indices { stamps[i] = 0 }
            stamp = 1
        }
    }

    /// True when the token was not yet in the set.
    @inline(__always)
    mutating func insert(_ token: UInt32) -> Bool {
        var i = Int(token &* 0x9E37_79B1) & mask
        while stamps[i] == stamp {
            if slots[i] == token { return false }
            i = (i + 1) & mask
        }
        stamps[i] = stamp
        slots[i] = token
        return true
    }
}
