/// Finds exact and near-duplicate questions across a whole bank.
///
/// Texts are compared after `TextNormalizer` (width, case, punctuation and spacing do not count). Two
/// questions are **duplicates** when their normalised stems are equal and their normalised option sets are
/// equal (option order does not count). They are **near-duplicates** when the Jaccard similarity of their
/// sets of character bigrams (stem and options together) is at least `threshold` (0.8).
///
/// Near-duplicates are found exactly, without comparing all pairs, by prefix filtering (Bayardo et al.,
/// “Scaling up all pairs similarity search”, WWW 2007): with tokens ordered from rarest to most common, two
/// sets with Jaccard ≥ t must share a token among the first |x| − ⌈t·|x|⌉ + 1 tokens of each. Token
/// frequencies are counted in 2²² hash buckets; candidates are then verified on the exact bigram sets, so a
/// bucket collision can cost time but never report a false pair.
public enum DuplicateDetector {
    public static let threshold = 0.8
    /// Questions with fewer distinct bigrams than this are too short to call near-duplicates.
    public static let minimumTokens = 6
    /// Bounds the work on pathological input (thousands of near-identical questions): candidates beyond this
    /// many per rare token are not compared. Real banks are far below it.
    public static let maximumGroupSize = 2_000

    /// One question's text for comparison: its stem (with material and sub-question stems) and its options.
    public struct Entry: Sendable {
        public var stem: String
        public var options: [String]

        public init(stem: String, options: [String]) {
            self.stem = stem
            self.options = options
        }
    }

    public struct Match: Hashable, Sendable {
        /// Indices into the entries; `first < second`.
        public var first: Int
        public var second: Int
        /// 1 for exact duplicates.
        public var similarity: Double
        public var exact: Bool
    }

    /// Every exact duplicate pair (each later copy paired with the first occurrence) and every near-duplicate
    /// pair between distinct texts, sorted by `second`, then `first`.
    public static func find(_ entries: [Entry]) -> [Match] {
        let count = entries.count
        var normalizedStems = [[UInt32]](repeating: [], count: count)
        var tokens: [UInt64] = []
        var tokenStarts = [Int](repeating: 0, count: count + 1)
        tokens.reserveCapacity(count * 120)
        var exactKeys = [UInt64](repeating: 0, count: count)
        var scratch: [UInt32] = []
        var optionKeys: [[UInt32]] = []

        for (index, entry) in entries.enumerated() {
            let stem = TextNormalizer.normalize(entry.stem)
            optionKeys.removeAll(keepingCapacity: true)
            for option in entry.options { optionKeys.append(TextNormalizer.normalize(option)) }
            optionKeys.sort { $0.lexicographicallyPrecedes($1) }
            // Exact key: stem, then the sorted options.
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: stem)
            for option in optionKeys {
                scratch.append(0xFFFF_FFFF)
                scratch.append(contentsOf: option)
            }
            exactKeys[index] = hash(scratch)
            normalizedStems[index] = scratch
            // Bigram tokens within each field.
            let start = tokens.count
            appendBigrams(stem, to: &tokens)
            for option in optionKeys { appendBigrams(option, to: &tokens) }
            tokens[start...].sort()
            var write = start
            for read in start..<tokens.count where read == start || tokens[read] != tokens[write - 1] {
                tokens[write] = tokens[read]
                write += 1
            }
            tokens.removeSubrange(write...)
            tokenStarts[index + 1] = tokens.count
        }

        var matches: [Match] = []
        // Exact duplicates: group by hash, confirm by comparing the keys themselves.
        var firstByKey: [UInt64: [Int]] = [:]
        var representative = [Bool](repeating: true, count: count)
        for index in 0..<count {
            let key = exactKeys[index]
            if let candidates = firstByKey[key], let first = candidates.first(where: { normalizedStems[$0] == normalizedStems[index] }) {
                if !normalizedStems[index].isEmpty {
                    matches.append(Match(first: first, second: index, similarity: 1, exact: true))
                }
                representative[index] = false
            } else {
                firstByKey[key, default: []].append(index)
            }
        }
        normalizedStems = []

        matches += nearDuplicates(tokens: tokens, starts: tokenStarts, include: representative)
        return matches.sorted { ($0.second, $0.first) < ($1.second, $1.first) }
    }

    @inline(__always)
    static func appendBigrams(_ text: [UInt32], to tokens: inout [UInt64]) {
        guard text.count >= 2 else { return }
        for i in 0..<(text.count - 1) {
            tokens.append(UInt64(text[i]) << 32 | UInt64(text[i + 1]))
        }
    }

    /// FNV-1a over the scalars: stable across runs and platforms (Swift's `Hasher` is seeded per process).
    static func hash(_ values: [UInt32]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for v in values {
            h = (h ^ UInt64(v)) &* 0x100_0000_01B3
        }
        return h
    }

    @inline(__always)
    static func bucket(_ token: UInt64) -> Int {
        var z = token &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> (64 - bucketBits))
    }

    static let bucketBits = 22

    static func nearDuplicates(tokens: [UInt64], starts: [Int], include: [Bool]) -> [Match] {
        let count = include.count
        let bucketCount = 1 << bucketBits
        var frequency = [UInt32](repeating: 0, count: bucketCount)
        for index in 0..<count where include[index] {
            for t in starts[index]..<starts[index + 1] { frequency[bucket(tokens[t])] &+= 1 }
        }

        // Each question's prefix: its rarest tokens, ties broken by bucket number.
        var prefixBuckets: [UInt32] = []
        var prefixOwners: [UInt32] = []
        var keys: [UInt64] = []
        for index in 0..<count where include[index] {
            let size = starts[index + 1] - starts[index]
            guard size >= minimumTokens else { continue }
            let prefixLength = size - Int((threshold * Double(size)).rounded(.up)) + 1
            keys.removeAll(keepingCapacity: true)
            for t in starts[index]..<starts[index + 1] {
                let b = bucket(tokens[t])
                keys.append(UInt64(frequency[b]) << 32 | UInt64(b))
            }
            keys.sort()
            var last = UInt64.max
            for key in keys.prefix(prefixLength) where key != last {
                prefixBuckets.append(UInt32(truncatingIfNeeded: key))
                prefixOwners.append(UInt32(index))
                last = key
            }
        }

        // Group owners by bucket (counting sort), then pair the owners within each bucket.
        var bucketStart = [UInt32](repeating: 0, count: bucketCount + 1)
        for b in prefixBuckets { bucketStart[Int(b) + 1] &+= 1 }
        for b in 0..<bucketCount { bucketStart[b + 1] &+= bucketStart[b] }
        var fill = bucketStart
        var grouped = [UInt32](repeating: 0, count: prefixBuckets.count)
        for (i, b) in prefixBuckets.enumerated() {
            grouped[Int(fill[Int(b)])] = prefixOwners[i]
            fill[Int(b)] &+= 1
        }
        fill = []

        var candidates: [UInt64] = []
        var b = 0
        while b < bucketCount {
            let lo = Int(bucketStart[b]), hi = Int(bucketStart[b + 1])
            b += 1
            guard hi - lo >= 2 else { continue }
            let group = grouped[lo..<min(hi, lo + maximumGroupSize)]
            for i in group.indices {
                let x = Int(group[i])
                let sizeX = starts[x + 1] - starts[x]
                for j in group.index(after: i)..<group.endIndex {
                    let y = Int(group[j])
                    let sizeY = starts[y + 1] - starts[y]
                    // Size filter: Jaccard ≥ t needs min/max ≥ t.
                    guard Double(min(sizeX, sizeY)) >= threshold * Double(max(sizeX, sizeY)) else { continue }
                    let (a, c) = x < y ? (x, y) : (y, x)
                    candidates.append(UInt64(a) << 32 | UInt64(c))
                }
            }
        }
        candidates.sort()

        var matches: [Match] = []
        var previous = UInt64.max
        for candidate in candidates where candidate != previous {
            previous = candidate
            let x = Int(candidate >> 32), y = Int(candidate & 0xFFFF_FFFF)
            let similarity = jaccard(tokens, starts[x]..<starts[x + 1], starts[y]..<starts[y + 1])
            if similarity >= threshold {
                matches.append(Match(first: x, second: y, similarity: similarity, exact: false))
            }
        }
        return matches
    }

    /// Jaccard similarity of two sorted, duplicate-free token runs.
    static func jaccard(_ tokens: [UInt64], _ a: Range<Int>, _ b: Range<Int>) -> Double {
        var i = a.lowerBound, j = b.lowerBound, common = 0
        while i < a.upperBound && j < b.upperBound {
            if tokens[i] == tokens[j] {
                common += 1; i += 1; j += 1
            } else if tokens[i] < tokens[j] {
                i += 1
            } else {
                j += 1
            }
        }
        let union = a.count + b.count - common
        return union == 0 ? 0 : Double(common) / Double(union)
    }
}
