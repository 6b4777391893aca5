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
        let chunkCount = entries.count < 2_000 ? 1 : 8
        let chunkSize = (entries.count + chunkCount - 1) / chunkCount
        let groups = ParallelMap.map(Array(0..<chunkCount)) { chunk -> Signatures in
            let lower = min(chunk * chunkSize, entries.count), upper = min(lower + chunkSize, entries.count)
            return Signatures(entries[lower..<upper])
        }
        return find(SignatureGroups(groups)) { entries[$0] }
    }

    /// The same, from signatures computed beforehand (`BankCompiler` computes them per file, in parallel).
    /// `entry` gives the text of a question by index; it is consulted only to confirm exact duplicates.
    static func find(_ signatures: SignatureGroups, entry: (Int) -> Entry) -> [Match] {
        let (exact, representative) = exactDuplicates(signatures, entry: entry)
        let matches = exact + nearDuplicates(signatures, include: representative)
        return matches.sorted { ($0.second, $0.first) < ($1.second, $1.first) }
    }

    /// Each question whose normalised text repeats an earlier one, paired with the first occurrence; and which
    /// questions are first occurrences (the only ones the near-duplicate search looks at).
    static func exactDuplicates(_ signatures: SignatureGroups, entry: (Int) -> Entry) -> ([Match], [Bool]) {
        let count = signatures.count
        var matches: [Match] = []
        var representative = [Bool](repeating: true, count: count)
        // Open addressing on the 64-bit content hash; questions with the same hash are chained in index order
        // and confirmed on the normalised text itself.
        var size = 16
        while size < count * 2 { size <<= 1 }
        let mask = size - 1
        var slotKeys = [UInt64](repeating: 0, count: size)
        var slotFirst = [Int32](repeating: -1, count: size)
        var slotLast = [Int32](repeating: -1, count: size)
        var next = [Int32](repeating: -1, count: count)
        var index = 0
        for (g, group) in signatures.groups.enumerated() {
            for key in group.exactKeys {
                defer { index += 1 }
                guard key != 0 else { continue }
                var slot = Int(truncatingIfNeeded: key ^ key >> 29) & mask
                while slotFirst[slot] >= 0 && slotKeys[slot] != key { slot = (slot + 1) & mask }
                guard slotFirst[slot] >= 0 else {
                    slotKeys[slot] = key
                    slotFirst[slot] = Int32(index)
                    slotLast[slot] = Int32(index)
                    continue
                }
                var candidate = Int(slotFirst[slot])
                let text = exactText(entry(index))
                while candidate >= 0 && exactText(entry(candidate)) != text { candidate = Int(next[candidate]) }
                if candidate >= 0 {
                    matches.append(Match(first: candidate, second: index, similarity: 1, exact: true))
                    representative[index] = false
                } else {
                    next[Int(slotLast[slot])] = Int32(index)
                    slotLast[slot] = Int32(index)
                }
            }
            assert(index == signatures.bases[g + 1])
        }
        return (matches, representative)
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

    static func nearDuplicates(_ signatures: SignatureGroups, include: [Bool]) -> [Match] {
        let count = include.count
        // Rarity of each trigram, counted in 2^rarityBits saturating one-byte buckets: small enough to stay in
        // the processor's cache. Counting is split over the cores, each with its own table, then merged.
        let shift = UInt32(32 - rarityBits)
        let chunkCount = count < 2_000 ? 1 : 4
        let chunkSize = (count + chunkCount - 1) / chunkCount
        let chunks = (0..<chunkCount).map { min(count, $0 * chunkSize)..<min(count, ($0 + 1) * chunkSize) }
        let partial = ParallelMap.map(chunks) { chunk -> [UInt8] in
            var table = [UInt8](repeating: 0, count: 1 << rarityBits)
            table.withUnsafeMutableBufferPointer { table in
                signatures.forEach(in: chunk) { index, tokens in
                    guard include[index] else { return }
                    for token in tokens {
                        let b = Int(token >> shift)
                        if table[b] < 255 { table[b] += 1 }
                    }
                }
            }
            return table
        }
        let frequency = mergeSaturating(partial)

        // Each question's prefix: its rarest trigrams. Entries are (trigram << 32 | question), kept apart by the
        // trigram's top bit (the two halves are grouped on separate cores).
        let prefixChunks = ParallelMap.map(chunks) { chunk -> [[UInt64]] in
            var low: [UInt64] = [], high: [UInt64] = []
            low.reserveCapacity(chunk.count * 24)
            high.reserveCapacity(chunk.count * 24)
            func add(_ token: UInt64, _ index: Int) {
                if token >> 31 == 0 { low.append(token << 32 | UInt64(index)) } else { high.append(token << 32 | UInt64(index)) }
            }
            var keys: [UInt64] = []
            var histogram = [Int](repeating: 0, count: 256)
            // Each trigram's rarity, looked up once per question: the table is larger than the processor's cache.
            var rarities = [UInt8](repeating: 0, count: 1024)
            frequency.withUnsafeBufferPointer { frequency in
                signatures.forEach(in: chunk) { index, tokens in
                    let size = tokens.count
                    guard include[index], size >= minimumTokens else { return }
                    let prefixLength = min(size, size - Int((threshold * Double(size)).rounded(.up)) + sharedPrefixTokens)
                    // The prefix is the set of the `prefixLength` smallest (rarity, trigram) keys; their order does
                    // not matter, and a longer prefix is still correct (it only adds candidates). A histogram of
                    // the rarities finds the cut; the trigrams tied at the cut are all taken when that makes
                    // the prefix at most a quarter longer, else the smallest of them are selected.
                    if rarities.count < size { rarities = [UInt8](repeating: 0, count: size) }
                    rarities.withUnsafeMutableBufferPointer { rarities in
                        histogram.withUnsafeMutableBufferPointer { histogram in
                            for (t, token) in tokens.enumerated() {
                                let rarity = frequency[Int(token >> shift)]
                                rarities[t] = rarity
                                histogram[Int(rarity)] += 1
                            }
                            var cut = 0, below = 0
                            while below + histogram[cut] < prefixLength {
                                below += histogram[cut]
                                cut += 1
                            }
                            let takeAllTies = below + histogram[cut] <= prefixLength + prefixLength / 4
                            keys.removeAll(keepingCapacity: true)
                            for (t, token) in tokens.enumerated() {
                                let rarity = Int(rarities[t])
                                histogram[rarity] = 0  // every used bucket is cleared for the next question
                                if rarity < cut || (rarity == cut && takeAllTies) {
                                    add(UInt64(token), index)
                                } else if rarity == cut {
                                    keys.append(UInt64(token))
                                }
                            }
                            if !takeAllTies {
                                Selection.partition(&keys, smallest: prefixLength - below)
                                for key in keys.prefix(prefixLength - below) { add(key, index) }
                            }
                        }
                    }
                }
            }
            return [low, high]
        }
        // Questions sharing a prefix trigram are candidates. The trigrams are split in two halves by their top
        // bit and each half is grouped on its own core; the two sorted candidate lists are then merged.
        let sizes = signatures.sizes()
        let halves = ParallelMap.map([0, 1]) { half -> [UInt64] in
            let prefixes = RadixSort.sorted(prefixChunks.map { $0[half] }, fields: [32..<63])
            return candidatePairs(prefixes, sizes: sizes)
        }
        let candidates = mergeSorted(halves[0], halves[1])

        // A pair is verified only if it shares at least `sharedPrefixTokens` prefix trigrams (it appears that
        // many times in the sorted list). The list is verified in two parts, cut between pairs, on two cores.
        var middle = candidates.count / 2
        while middle > 0 && middle < candidates.count && candidates[middle] == candidates[middle - 1] { middle += 1 }
        let parts = ParallelMap.map([0..<middle, middle..<candidates.count]) { part -> [Match] in
            var matches: [Match] = []
            let seen = TokenSet()
            var i = part.lowerBound
            while i < part.upperBound {
                var j = i + 1
                while j < part.upperBound && candidates[j] == candidates[i] { j += 1 }
                defer { i = j }
                guard j - i >= sharedPrefixTokens else { continue }
                let x = Int(candidates[i] >> 32), y = Int(candidates[i] & 0xFFFF_FFFF)
                let similarity = signatures.withTokens(of: x) { a in
                    signatures.withTokens(of: y) { b in jaccard(a, b, set: seen) }
                }
                if similarity >= threshold {
                    matches.append(Match(first: x, second: y, similarity: similarity, exact: false))
                }
            }
            return matches
        }
        return parts[0] + parts[1]
    }

    /// The bucket-wise saturating sum of rarity tables, on all cores.
    static func mergeSaturating(_ tables: [[UInt8]]) -> [UInt8] {
        guard tables.count > 1 else { return tables[0] }
        let size = tables[0].count, stripe = size / 4
        let stripes = ParallelMap.map(Array(0..<4)) { s -> [UInt8] in
            var sum = Array(tables[0][(s * stripe)..<((s + 1) * stripe)])
            sum.withUnsafeMutableBufferPointer { sum in
                for table in tables.dropFirst() {
                    table.withUnsafeBufferPointer { table in
                        for b in 0..<stripe {
                            let total = UInt16(sum[b]) + UInt16(table[s * stripe + b])
                            sum[b] = UInt8(truncatingIfNeeded: min(total, 255))
                        }
                    }
                }
            }
            return sum
        }
        return Array(stripes.joined())
    }

    /// Pairs of questions that share a trigram, from (trigram << 32 | question) entries sorted by trigram; sorted.
    static func candidatePairs(_ prefixes: [UInt64], sizes: [Int32]) -> [UInt64] {
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
                let sizeX = Int(sizes[x])
                for j in (i + 1)..<upper {
                    let y = Int(prefixes[j] & 0xFFFF_FFFF)
                    let sizeY = Int(sizes[y])
                    // Size filter: Jaccard ≥ t needs min/max ≥ t.
                    guard Double(min(sizeX, sizeY)) >= threshold * Double(max(sizeX, sizeY)) else { continue }
                    candidates.append(UInt64(min(x, y)) << 32 | UInt64(max(x, y)))
                }
            }
        }
        // (x, y) with x < y < count: only the low bits of each half vary.
        let bits = Int.bitWidth - (sizes.count - 1).leadingZeroBitCount
        RadixSort.sort(&candidates, fields: [0..<bits, 32..<(32 + bits)])
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
    static func jaccard(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, set: TokenSet) -> Double {
        set.reset(capacity: a.count)
        for token in a { _ = set.insert(token) }
        var common = 0
        for token in b where !set.insert(token) { common += 1 }
        let union = a.count + b.count - common
        return union == 0 ? 0 : Double(common) / Double(union)
    }
}
