/// Finds exact and near-duplicate questions across a whole bank.
///
/// Texts are compared after `TextNormalizer` (width, case, punctuation and spacing do not count). Two
/// questions are **duplicates** when their normalised stems are equal and their normalised option sets are
/// equal (option order does not count). They are **near-duplicates** when the Jaccard similarity of their
/// sets of character trigrams (stem and options together; no trigram spans two fields) is at least
/// `threshold` (0.8).
///
/// Near-duplicates are found without comparing all pairs, by prefix filtering (Bayardo et al., “Scaling up
/// all pairs similarity search”, WWW 2007): with trigrams in a fixed global order (rarest first), two sets
/// with Jaccard ≥ t must share at least k trigrams among the first |x| − ⌈t·|x|⌉ + k trigrams of each.
/// Rarity is counted in saturating hash buckets (a collision only changes how many candidates are compared,
/// never which pairs are found); candidates are grouped by the exact trigram and verified by computing the
/// Jaccard similarity. Trigrams are held as 32-bit hashes, so two
/// different trigrams can coincide with probability 2⁻³²; for a pair of 200-trigram questions that shifts the
/// similarity of about one pair in a hundred thousand by a single trigram.
public enum DuplicateDetector {
    public static let threshold = 0.8
    /// Questions with fewer distinct trigrams than this are too short to call near-duplicates.
    public static let minimumTokens = 6
    /// Candidate pairs must share this many prefix trigrams (the k-prefix principle: with prefixes k − 1 longer,
    /// two sets with overlap ≥ α share at least k prefix tokens — the k rarest tokens of their intersection).
    static let sharedPrefixTokens = 2
    /// The rarity table has 2^rarityBits one-byte buckets (4 MB).
    static let rarityBits = 22
    /// Bounds the work on pathological input (thousands of copies of one question): at most this many
    /// questions sharing one rare trigram are compared with each other. Real banks are far below it.
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

    /// Every exact duplicate pair (each later copy paired with its first occurrence) and every near-duplicate
    /// pair between distinct texts, sorted by `second`, then `first`.
    public static func find(_ entries: [Entry]) -> [Match] {
        find(Signatures(entries)) { entries[$0] }
    }

    /// The same, from signatures computed beforehand (`BankCompiler` computes them per file, in parallel).
    /// `entry` gives the text of a question by index; it is consulted only to confirm exact duplicates.
    static func find(_ signatures: Signatures, entry: (Int) -> Entry) -> [Match] {
        let count = signatures.exactKeys.count
        var matches: [Match] = []
        // Exact duplicates: group by the 64-bit content hash, confirm on the normalised text itself.
        var firstByKey: [UInt64: [Int]] = [:]
        var representative = [Bool](repeating: true, count: count)
        for index in 0..<count where signatures.exactKeys[index] != 0 {
            let key = signatures.exactKeys[index]
            if let candidates = firstByKey[key],
               let first = candidates.first(where: { exactText(entry($0)) == exactText(entry(index)) }) {
                matches.append(Match(first: first, second: index, similarity: 1, exact: true))
                representative[index] = false
            } else {
                firstByKey[key, default: []].append(index)
            }
        }
        matches += nearDuplicates(signatures, include: representative)
        return matches.sorted { ($0.second, $0.first) < ($1.second, $1.first) }
    }

    /// The normalised stem followed by the sorted normalised options.
    static func exactText(_ entry: Entry) -> [UInt32] {
        var text = TextNormalizer.normalize(entry.stem)
        for option in entry.options.map(TextNormalizer.normalize).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            text.append(0xFFFF_FFFF)
            text += option
        }
        return text
    }

    /// Per-question trigram sets (duplicate-free hashes in one flat buffer) and exact-content hashes,
    /// computed in parallel chunks.
    struct Signatures {
        var tokens: [UInt32] = []
        /// `tokens[starts[i]..<starts[i + 1]]` belong to question `i`.
        var starts: [Int] = [0]
        /// 0 for an empty text (never a duplicate).
        var exactKeys: [UInt64] = []

        init(_ entries: [Entry]) {
            let chunkCount = entries.count < 2_000 ? 1 : 8
            let chunkSize = (entries.count + chunkCount - 1) / max(chunkCount, 1)
            let chunks = ParallelMap.map(Array(0..<chunkCount)) { chunk -> Signatures in
                let lower = min(chunk * chunkSize, entries.count), upper = min(lower + chunkSize, entries.count)
                return Signatures(entries[lower..<upper])
            }
            self.init(concatenating: chunks)
        }

        /// The signatures of consecutive groups of questions, as one.
        init(concatenating chunks: [Signatures]) {
            tokens.reserveCapacity(chunks.reduce(0) { $0 + $1.tokens.count })
            exactKeys.reserveCapacity(chunks.reduce(0) { $0 + $1.exactKeys.count })
            starts.reserveCapacity(exactKeys.capacity + 1)
            for chunk in chunks {
                let base = tokens.count
                tokens += chunk.tokens
                starts += chunk.starts.dropFirst().map { $0 + base }
                exactKeys += chunk.exactKeys
            }
        }

        init(_ entries: ArraySlice<Entry>) {
            tokens.reserveCapacity(entries.count * 200)
            exactKeys.reserveCapacity(entries.count)
            var stem: [UInt32] = [], trigrams: [UInt32] = []
            var seen = TokenSet()
            for entry in entries {
                stem.removeAll(keepingCapacity: true)
                TextNormalizer.append(entry.stem, to: &stem)
                let options = entry.options.map(TextNormalizer.normalize).sorted { $0.lexicographicallyPrecedes($1) }
                var hash = FNV1a()
                hash.add(stem)
                for option in options {
                    hash.add(0xFFFF_FFFF)
                    hash.add(option)
                }
                exactKeys.append(stem.isEmpty && options.allSatisfy(\.isEmpty) ? 0 : max(hash.value, 1))
                trigrams.removeAll(keepingCapacity: true)
                appendTrigrams(stem, to: &trigrams)
                for option in options { appendTrigrams(option, to: &trigrams) }
                // Keep each trigram once; order does not matter.
                seen.reset(capacity: trigrams.count)
                for token in trigrams where seen.insert(token) { tokens.append(token) }
                starts.append(tokens.count)
            }
        }

        func size(_ index: Int) -> Int { starts[index + 1] - starts[index] }
    }

    /// FNV-1a: stable across runs and platforms (Swift's `Hasher` is seeded per process).
    struct FNV1a {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        mutating func add(_ v: UInt32) { value = (value ^ UInt64(v)) &* 0x100_0000_01B3 }
        mutating func add(_ values: [UInt32]) { for v in values { add(v) } }
    }

    /// 32-bit hashes of character trigrams: the three scalars (21 bits each) packed into 63 bits, then
    /// Fibonacci hashing (one multiplication by an odd constant, a bijection, keeping the high half).
    @inline(__always)
    static func appendTrigrams(_ text: [UInt32], to tokens: inout [UInt32]) {
        guard text.count >= 3 else { return }
        text.withUnsafeBufferPointer { text in
            for i in 0..<(text.count - 2) {
                let packed = UInt64(text[i]) << 42 | UInt64(text[i + 1]) << 21 | UInt64(text[i + 2])
                tokens.append(UInt32(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 32))
            }
        }
    }

    static func nearDuplicates(_ signatures: Signatures, include: [Bool]) -> [Match] {
        let count = include.count
        let tokens = signatures.tokens, starts = signatures.starts
        // Rarity of each trigram, counted in 2^rarityBits saturating one-byte buckets: small enough to stay in
        // the processor's cache. Counting is split over the cores, each with its own table, then merged.
        let shift = UInt32(32 - rarityBits)
        let chunkCount = count < 2_000 ? 1 : 4
        let chunkSize = (count + chunkCount - 1) / chunkCount
        let partial = ParallelMap.map(Array(0..<chunkCount)) { chunk -> [UInt8] in
            var table = [UInt8](repeating: 0, count: 1 << rarityBits)
            table.withUnsafeMutableBufferPointer { table in
                tokens.withUnsafeBufferPointer { tokens in
                    for index in (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize) where include[index] {
                        for t in starts[index]..<starts[index + 1] {
                            let b = Int(tokens[t] >> shift)
                            if table[b] < 255 { table[b] += 1 }
                        }
                    }
                }
            }
            return table
        }
        var merged = partial[0]
        for table in partial.dropFirst() {
            for b in merged.indices { merged[b] = UInt8(min(255, Int(merged[b]) + Int(table[b]))) }
        }
        let frequency = merged

        // Each question's prefix: its rarest trigrams. Entries are (trigram << 32 | question).
        let prefixChunks = ParallelMap.map(Array(0..<chunkCount)) { chunk -> [UInt64] in
            var prefixes: [UInt64] = []
            prefixes.reserveCapacity(chunkSize * 45)
            var keys: [UInt64] = []
            var histogram = [Int](repeating: 0, count: 256)
            frequency.withUnsafeBufferPointer { frequency in
                for index in (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize) where include[index] {
                    let size = starts[index + 1] - starts[index]
                    guard size >= minimumTokens else { continue }
                    let prefixLength = min(size, size - Int((threshold * Double(size)).rounded(.up)) + sharedPrefixTokens)
                    // The prefix is the set of the `prefixLength` smallest (rarity, trigram) keys; their order does
                    // not matter, and a longer prefix is still correct (it only adds candidates). A histogram of
                    // the rarities finds the cut; the trigrams tied at the cut are all taken when that makes
                    // the prefix at most a quarter longer, else the smallest of them are selected.
                    for b in histogram.indices { histogram[b] = 0 }
                    for t in starts[index]..<starts[index + 1] { histogram[Int(frequency[Int(tokens[t] >> shift)])] += 1 }
                    var cut = 0, below = 0
                    while below + histogram[cut] < prefixLength {
                        below += histogram[cut]
                        cut += 1
                    }
                    let takeAllTies = below + histogram[cut] <= prefixLength + prefixLength / 4
                    keys.removeAll(keepingCapacity: true)
                    for t in starts[index]..<starts[index + 1] {
                        let rarity = Int(frequency[Int(tokens[t] >> shift)])
                        if rarity < cut || (rarity == cut && takeAllTies) {
                            prefixes.append(UInt64(tokens[t]) << 32 | UInt64(index))
                        } else if rarity == cut {
                            keys.append(UInt64(tokens[t]))
                        }
                    }
                    if !takeAllTies {
                        Selection.partition(&keys, smallest: prefixLength - below)
                        for key in keys.prefix(prefixLength - below) { prefixes.append(key << 32 | UInt64(index)) }
                    }
                }
            }
            return prefixes
        }
        // Questions sharing a prefix trigram are candidates. The trigrams are split in two halves by their top
        // bit and each half is grouped on its own core; the two sorted candidate lists are then merged.
        let halves = ParallelMap.map([UInt64(0), 1]) { half -> [UInt64] in
            var prefixes: [UInt64] = []
            prefixes.reserveCapacity(prefixChunks.reduce(0) { $0 + $1.count } / 2 + 16)
            for chunk in prefixChunks {
                for entry in chunk where entry >> 63 == half { prefixes.append(entry) }
            }
            RadixSort.sortByHighHalf(&prefixes)
            return candidatePairs(prefixes, signatures)
        }
        let candidates = mergeSorted(halves[0], halves[1])

        // A pair is verified only if it shares at least `sharedPrefixTokens` prefix trigrams (it appears that
        // many times in the sorted list).
        var matches: [Match] = []
        var seen = TokenSet()
        var i = 0
        while i < candidates.count {
            var j = i + 1
            while j < candidates.count && candidates[j] == candidates[i] { j += 1 }
            defer { i = j }
            guard j - i >= sharedPrefixTokens else { continue }
            let x = Int(candidates[i] >> 32), y = Int(candidates[i] & 0xFFFF_FFFF)
            let similarity = jaccard(tokens, starts[x]..<starts[x + 1], starts[y]..<starts[y + 1], set: &seen)
            if similarity >= threshold {
                matches.append(Match(first: x, second: y, similarity: similarity, exact: false))
            }
        }
        return matches
    }

    /// Pairs of questions that share a trigram, from (trigram << 32 | question) entries sorted by trigram; sorted.
    static func candidatePairs(_ prefixes: [UInt64], _ signatures: Signatures) -> [UInt64] {
        var candidates: [UInt64] = []
        var lo = 0
        while lo < prefixes.count {
            var hi = lo + 1
            while hi < prefixes.count && prefixes[hi] >> 32 == prefixes[lo] >> 32 { hi += 1 }
            defer { lo = hi }
            guard hi - lo >= 2 else { continue }
            let upper = min(hi, lo + maximumGroupSize)
            for i in lo..<upper {
                let x = Int(prefixes[i] & 0xFFFF_FFFF)
                let sizeX = signatures.size(x)
                for j in (i + 1)..<upper {
                    let y = Int(prefixes[j] & 0xFFFF_FFFF)
                    let sizeY = signatures.size(y)
                    // Size filter: Jaccard ≥ t needs min/max ≥ t.
                    guard Double(min(sizeX, sizeY)) >= threshold * Double(max(sizeX, sizeY)) else { continue }
                    candidates.append(UInt64(min(x, y)) << 32 | UInt64(max(x, y)))
                }
            }
        }
        candidates.sort()
        return candidates
    }

    static func mergeSorted(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var merged: [UInt64] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] <= b[j] { merged.append(a[i]); i += 1 } else { merged.append(b[j]); j += 1 }
        }
        merged += a[i...]
        merged += b[j...]
        return merged
    }

    /// Jaccard similarity of two duplicate-free token runs.
    static func jaccard(_ tokens: [UInt32], _ a: Range<Int>, _ b: Range<Int>, set: inout TokenSet) -> Double {
        set.reset(capacity: a.count)
        for t in a { _ = set.insert(tokens[t]) }
        var common = 0
        for t in b where !set.insert(tokens[t]) { common += 1 }
        let union = a.count + b.count - common
        return union == 0 ? 0 : Double(common) / Double(union)
    }
}

/// A reusable open-addressing set of 32-bit tokens for de-duplicating one question's trigrams.
struct TokenSet {
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

/// Quickselect: moves the `k` smallest elements to the front, in no particular order. O(n) on average.
enum Selection {
    static func partition(_ values: inout [UInt64], smallest k: Int) {
        guard k > 0, k < values.count else { return }
        var low = 0, high = values.count - 1
        values.withUnsafeMutableBufferPointer { v in
            while low < high {
                // Median of three as pivot.
                let mid = (low + high) / 2
                if v[mid] < v[low] { v.swapAt(mid, low) }
                if v[high] < v[low] { v.swapAt(high, low) }
                if v[high] < v[mid] { v.swapAt(high, mid) }
                let pivot = v[mid]
                var i = low, j = high
                while i <= j {
                    while v[i] < pivot { i += 1 }
                    while v[j] > pivot { j -= 1 }
                    if i <= j {
                        v.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                // Now v[low...j] <= pivot <= v[i...high].
                if k - 1 <= j { high = j } else if k - 1 >= i { low = i } else { return }
            }
        }
    }
}

/// LSD radix sort of 64-bit keys by their high 32 bits (two 16-bit passes); stable, O(n).
enum RadixSort {
    static func sortByHighHalf(_ keys: inout [UInt64]) {
        guard keys.count > 1 else { return }
        var buffer = [UInt64](repeating: 0, count: keys.count)
        for shift in [UInt64(32), 48] {
            var counts = [Int](repeating: 0, count: 1 << 16 + 1)
            for key in keys { counts[Int((key >> shift) & 0xFFFF) + 1] += 1 }
            for d in 0..<(1 << 16) { counts[d + 1] += counts[d] }
            for key in keys {
                let d = Int((key >> shift) & 0xFFFF)
                buffer[counts[d]] = key
                counts[d] += 1
            }
            swap(&keys, &buffer)
        }
    }
}
