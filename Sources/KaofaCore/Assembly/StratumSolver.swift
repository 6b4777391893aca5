/// The stratum-count problem of a paper, and a seeded randomized search that solves it.
///
/// A stratum (cell) is one section × law group × difficulty group × must-cover law. The blueprint fixes crossed
/// margins over the cells: each section's item count, each law group's items (or points), each difficulty group's
/// items (or points), and at least one item for each must-cover law. The solver chooses how many items each cell
/// gives, `lower[c] ... upper[c]`, meeting every margin exactly. It searches depth first with bounds that look at
/// every section at once, so it finds a solution whenever one exists (within the node budget).
struct StratumProblem: Sendable {
    struct Cell: Sendable {
        var section: Int
        var lawGroup: Int
        var difficultyGroup: Int
        /// Index into the must-cover laws, or -1.
        var cover: Int
        var lower: Int
        var upper: Int
    }

    var cells: [Cell]
    var sectionCounts: [Int]
    /// The weight of one item of a section in the law margin: 1 by count, its points in hundredths by points.
    var lawWeights: [Int]
    var difficultyWeights: [Int]
    /// Empty when the blueprint sets no law quota (one unconstrained group).
    var lawTargets: [Int]
    var difficultyTargets: [Int]
    var coverCount: Int {
        didSet { coverCells = Self.coverCells(cells, count: coverCount) }
    }
    /// Per must-cover law: its cells.
    private(set) var coverCells: [[Int]]

    init(cells: [Cell], sectionCounts: [Int], lawWeights: [Int], difficultyWeights: [Int], lawTargets: [Int],
         difficultyTargets: [Int], coverCount: Int) {
        self.cells = cells
        self.sectionCounts = sectionCounts
        self.lawWeights = lawWeights
        self.difficultyWeights = difficultyWeights
        self.lawTargets = lawTargets
        self.difficultyTargets = difficultyTargets
        self.coverCount = coverCount
        coverCells = Self.coverCells(cells, count: coverCount)
    }

    static func coverCells(_ cells: [Cell], count: Int) -> [[Int]] {
        var result = Array(repeating: [Int](), count: count)
        for (index, cell) in cells.enumerated() where cell.cover >= 0 && cell.cover < count { result[cell.cover].append(index) }
        return result
    }

    /// Cells grouped by section, in the order the search decides sections: items worth the most points first,
    /// then the smallest sections, so that the last section decided — many items of the smallest weight — can absorb
    /// any remainder of the margins. Deciding the other way round leaves the search stuck on remainders it can
    /// no longer fill (five points left and only two-point items).
    var cellsInSearchOrder: [[Int]] {
        var bySection = Array(repeating: [Int](), count: sectionCounts.count)
        for (index, cell) in cells.enumerated() { bySection[cell.section].append(index) }
        let order = sectionCounts.indices.sorted { a, b in
            let weightA = max(lawWeights[a], difficultyWeights[a]), weightB = max(lawWeights[b], difficultyWeights[b])
            if weightA != weightB { return weightA > weightB }
            if sectionCounts[a] != sectionCounts[b] { return sectionCounts[a] < sectionCounts[b] }
            return a < b
        }
        return order.map { bySection[$0] }
    }
}

/// Outcome of a search.
enum StratumSearchResult {
    case solved([Int])
    case infeasible
    /// The node budget ran out before the search could decide.
    case undecided
}

/// Depth-first search over cell counts with section-aware bounds on every margin.
///
/// The bounds are kept per section × group and summed per group; a change to a cell marks its section, and only
/// marked sections are brought up to date before the next check (the check itself is the same function of the state).
/// Every number the search keeps lives in one allocation, made once per paper and reused by every restart: the search
/// touches them at every node, and plain buffers spare it the uniqueness and bounds checks of arrays.
final class StratumSolver {
    let problem: StratumProblem
    private let sectionCount: Int
    private let storage: UnsafeMutableBufferPointer<Int>
    /// Per cell: its lower bound, raised by the restart's cover commitments.
    private let lower: UnsafeMutableBufferPointer<Int>
    /// Per section: remaining items to place.
    private let remaining: UnsafeMutableBufferPointer<Int>
    /// Per section: sums of lower and upper bounds over unassigned cells.
    private let sectionFreeLower: UnsafeMutableBufferPointer<Int>, sectionFreeUpper: UnsafeMutableBufferPointer<Int>
    /// Per section: 1 when the section's own count is out of reach.
    private let sectionOutOfReach: UnsafeMutableBufferPointer<Int>
    private var sectionsOutOfReach = 0
    /// Per section: 1 when a cell of it changed since the bounds were last brought up to date.
    private let changed: UnsafeMutableBufferPointer<Int>
    private var law: MarginBounds, difficulty: MarginBounds
    /// Per group: what the margin still needs; unused when the blueprint sets no such quota.
    private let lawRemaining: UnsafeMutableBufferPointer<Int>, difficultyRemaining: UnsafeMutableBufferPointer<Int>
    private let hasLawTargets: Bool, hasDifficultyTargets: Bool
    private let coverRemainingCells: UnsafeMutableBufferPointer<Int>, coverSatisfied: UnsafeMutableBufferPointer<Int>
    private let counts: UnsafeMutableBufferPointer<Int>
    /// Per cell: its section, law group, difficulty group, must-cover law (or -1) and upper bound, copied from the
    /// problem so that the search reads no array.
    private let cellSection: UnsafeMutableBufferPointer<Int>, cellLawGroup: UnsafeMutableBufferPointer<Int>
    private let cellDifficultyGroup: UnsafeMutableBufferPointer<Int>, cellCover: UnsafeMutableBufferPointer<Int>
    private let cellUpper: UnsafeMutableBufferPointer<Int>
    /// Per section: the weight of one item in the law and difficulty margins.
    private let lawWeights: UnsafeMutableBufferPointer<Int>, difficultyWeights: UnsafeMutableBufferPointer<Int>
    private let coverCount: Int
    /// The decision order of the current search, and its length.
    private let order: UnsafeMutableBufferPointer<Int>
    private var orderCount = 0
    private var nodes = 0
    private var nodeBudget = 0

    init(problem: StratumProblem) {
        self.problem = problem
        let sections = problem.sectionCounts.count, cells = problem.cells.count, covers = problem.coverCount
        let lawGroups = max(problem.lawTargets.count, 1), difficultyGroups = max(problem.difficultyTargets.count, 1)
        let size = 8 * cells + 7 * sections + lawGroups + difficultyGroups + 2 * covers
            + MarginBounds.storageSize(sections: sections, groups: lawGroups)
            + MarginBounds.storageSize(sections: sections, groups: difficultyGroups)
        let storage = UnsafeMutableBufferPointer<Int>.allocate(capacity: size)
        storage.initialize(repeating: 0)
        var offset = 0
        func take(_ count: Int) -> UnsafeMutableBufferPointer<Int> {
            defer { offset += count }
            return UnsafeMutableBufferPointer(rebasing: storage[offset..<(offset + count)])
        }
        self.storage = storage
        sectionCount = sections
        lower = take(cells)
        counts = take(cells)
        remaining = take(sections)
        sectionFreeLower = take(sections)
        sectionFreeUpper = take(sections)
        sectionOutOfReach = take(sections)
        changed = take(sections)
        lawRemaining = take(lawGroups)
        difficultyRemaining = take(difficultyGroups)
        coverRemainingCells = take(covers)
        coverSatisfied = take(covers)
        cellSection = take(cells)
        cellLawGroup = take(cells)
        cellDifficultyGroup = take(cells)
        cellCover = take(cells)
        cellUpper = take(cells)
        order = take(cells)
        lawWeights = take(sections)
        difficultyWeights = take(sections)
        for (index, cell) in problem.cells.enumerated() {
            cellSection[index] = cell.section
            cellLawGroup[index] = cell.lawGroup
            cellDifficultyGroup[index] = cell.difficultyGroup
            cellCover[index] = cell.cover
            cellUpper[index] = cell.upper
        }
        for section in 0..<sections {
            lawWeights[section] = problem.lawWeights[section]
            difficultyWeights[section] = problem.difficultyWeights[section]
        }
        coverCount = covers
        hasLawTargets = !problem.lawTargets.isEmpty
        hasDifficultyTargets = !problem.difficultyTargets.isEmpty
        law = MarginBounds(sections: sections, groups: lawGroups, weights: lawWeights, take: take)
        difficulty = MarginBounds(sections: sections, groups: difficultyGroups, weights: difficultyWeights, take: take)
        resetLowerBounds()
    }

    deinit { storage.deallocate() }

    /// Undoes the cover commitments of the last restart.
    func resetLowerBounds() {
        for index in problem.cells.indices { lower[index] = problem.cells[index].lower }
    }

    /// Every must-cover law not yet on the paper commits one item to one of its cells, drawn in proportion to the
    /// cell's free questions.
    func commitCovers<G: RandomNumberGenerator>(using generator: inout G) {
        for cells in problem.coverCells {
            if cells.contains(where: { lower[$0] > 0 }) { continue }
            let pick = withUnsafeTemporaryAllocation(of: Double.self, capacity: cells.count) { weights in
                for (slot, cell) in cells.enumerated() { weights[slot] = Double(problem.cells[cell].upper - lower[cell]) }
                return Self.draw(UnsafeBufferPointer(weights), using: &generator)
            }
            guard let pick else { continue }
            lower[cells[pick]] += 1
        }
    }

    /// Solves with values drawn from `generator`, deciding cells in `order` (cells of a section together): each
    /// cell's extra items (above its lower bound) are drawn from the hypergeometric distribution of a uniformly random
    /// subset of its section, restricted to values the bounds allow; a value that leads nowhere is struck out and
    /// another drawn.
    func solve<G: RandomNumberGenerator>(order: [Int], nodeBudget: Int = 200_000, using generator: inout G) -> StratumSearchResult {
        precondition(order.count <= self.order.count)
        orderCount = order.count
        for (position, cell) in order.enumerated() { self.order[position] = cell }
        self.nodeBudget = nodeBudget
        start()
        guard feasible() else { return .infeasible }
        nodes = 0
        switch search(position: 0, generator: &generator) {
        case true: return .solved(Array(counts))
        case false: return nodes > nodeBudget ? .undecided : .infeasible
        }
    }

    /// Every cell undecided: the free sums over all cells, the margins' targets still to meet.
    private func start() {
        for section in 0..<sectionCount {
            remaining[section] = problem.sectionCounts[section]
            sectionFreeLower[section] = 0
            sectionFreeUpper[section] = 0
            sectionOutOfReach[section] = 0
            changed[section] = 1
        }
        sectionsOutOfReach = 0
        law.clear()
        difficulty.clear()
        for (group, target) in problem.lawTargets.enumerated() { lawRemaining[group] = target }
        for (group, target) in problem.difficultyTargets.enumerated() { difficultyRemaining[group] = target }
        for cover in 0..<problem.coverCount {
            coverRemainingCells[cover] = 0
            coverSatisfied[cover] = 0
        }
        for index in counts.indices { counts[index] = 0 }
        for index in problem.cells.indices { restore(index) }
    }

    private func search<G: RandomNumberGenerator>(position: Int, generator: inout G) -> Bool {
        if position == orderCount { return true }
        nodes += 1
        if nodes > nodeBudget { return false }
        let index = order[position]
        let cellLower = lower[index]
        let section = cellSection[index]
        // The hypergeometric weights of the extra items this cell takes.
        let freeHere = cellUpper[index] - cellLower
        let freeSection = sectionFreeUpper[section] - sectionFreeLower[section]
        let draws = remaining[section] - sectionFreeLower[section]
        let lowest = max(0, draws - (freeSection - freeHere)), highest = min(freeHere, draws)
        guard lowest <= highest else { return false }
        release(index)
        defer { restore(index) }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: highest - lowest + 1) { weights in
            Self.hypergeometricWeights(population: freeSection, successes: freeHere, draws: draws, from: lowest, into: weights)
            while true {
                guard let pick = Self.draw(UnsafeBufferPointer(weights), using: &generator) else { return false }
                weights[pick] = 0
                let value = cellLower + lowest + pick
                assign(index, value)
                if feasible(), search(position: position + 1, generator: &generator) { return true }
                unassign(index, value)
                if nodes > nodeBudget { return false }
            }
        }
    }

    // MARK: Bookkeeping

    /// Takes a cell out of the free sums before it is decided.
    private func release(_ index: Int) { moveFreeBounds(of: index, by: -1) }

    /// Puts a cell back into the free sums.
    private func restore(_ index: Int) { moveFreeBounds(of: index, by: 1) }

    /// (Wrapping arithmetic here, in `place` and in the bounds: see `MarginBounds.release`.)
    @inline(__always)
    private func moveFreeBounds(of index: Int, by sign: Int) {
        let section = cellSection[index]
        let cellLower = sign &* lower[index], upper = sign &* cellUpper[index]
        law.release(section: section, group: cellLawGroup[index], lower: 0 &- cellLower, upper: 0 &- upper)
        difficulty.release(section: section, group: cellDifficultyGroup[index], lower: 0 &- cellLower, upper: 0 &- upper)
        sectionFreeLower[section] &+= cellLower
        sectionFreeUpper[section] &+= upper
        changed[section] = 1
        if cellCover[index] >= 0 { coverRemainingCells[cellCover[index]] &+= sign }
    }

    private func assign(_ index: Int, _ value: Int) {
        counts[index] = value
        place(index, value)
    }

    private func unassign(_ index: Int, _ value: Int) {
        counts[index] = 0
        place(index, -value)
    }

    /// Counts `value` items of a cell against its section and margins (a negative value gives them back).
    @inline(__always)
    private func place(_ index: Int, _ value: Int) {
        let section = cellSection[index]
        remaining[section] &-= value
        changed[section] = 1
        if hasLawTargets { lawRemaining[cellLawGroup[index]] &-= value &* lawWeights[section] }
        if hasDifficultyTargets { difficultyRemaining[cellDifficultyGroup[index]] &-= value &* difficultyWeights[section] }
        if cellCover[index] >= 0 { coverSatisfied[cellCover[index]] &+= value }
    }

    // MARK: Bounds

    /// Whether every margin can still be met by the undecided cells, judged section by section.
    private func feasible() -> Bool {
        for section in 0..<sectionCount where changed[section] != 0 {
            changed[section] = 0
            let left = remaining[section], freeLower = sectionFreeLower[section], freeUpper = sectionFreeUpper[section]
            let outOfReach = left < freeLower || left > freeUpper ? 1 : 0
            sectionsOutOfReach &+= outOfReach &- sectionOutOfReach[section]
            sectionOutOfReach[section] = outOfReach
            if hasLawTargets { law.update(section: section, remaining: left, sectionLower: freeLower, sectionUpper: freeUpper) }
            if hasDifficultyTargets {
                difficulty.update(section: section, remaining: left, sectionLower: freeLower, sectionUpper: freeUpper)
            }
        }
        if sectionsOutOfReach > 0 { return false }
        if hasLawTargets, !law.allows(lawRemaining) { return false }
        if hasDifficultyTargets, !difficulty.allows(difficultyRemaining) { return false }
        for cover in 0..<coverCount where coverSatisfied[cover] == 0 && coverRemainingCells[cover] == 0 {
            return false
        }
        return true
    }

    /// The bounds of each group of a margin before any cell is decided: what the paper can give at least and most.
    static func marginRange(_ problem: StratumProblem, law: Bool) -> [(least: Int, most: Int)] {
        let groups = law ? max(problem.lawTargets.count, 1) : max(problem.difficultyTargets.count, 1)
        let weights = law ? problem.lawWeights : problem.difficultyWeights
        var result = Array(repeating: (least: 0, most: 0), count: groups)
        for (section, count) in problem.sectionCounts.enumerated() {
            var lower = Array(repeating: 0, count: groups), upper = lower
            var sectionLower = 0, sectionUpper = 0
            for cell in problem.cells where cell.section == section {
                let group = law ? cell.lawGroup : cell.difficultyGroup
                lower[group] += cell.lower
                upper[group] += cell.upper
                sectionLower += cell.lower
                sectionUpper += cell.upper
            }
            for group in 0..<groups {
                let low = max(lower[group], count - (sectionUpper - upper[group]))
                let high = min(upper[group], count - (sectionLower - lower[group]))
                result[group].least += max(low, 0) * weights[section]
                result[group].most += max(high, 0) * weights[section]
            }
        }
        return result
    }

    // MARK: Sampling

    /// Relative probabilities of k = from...to successes when drawing `draws` of `population` without replacement:
    /// C(successes, k)·C(population − successes, draws − k), computed by exact ratios of neighbours (only
    /// multiplication and division, so every machine gets the same doubles).
    static func hypergeometricWeights(population: Int, successes: Int, draws: Int, from: Int,
                                      into weights: UnsafeMutableBufferPointer<Double>) {
        var weight = 1.0
        weights[0] = 1
        for offset in 1..<max(weights.count, 1) {
            let k = from + offset - 1
            let numerator = Double(successes - k) * Double(draws - k)
            let denominator = Double(k + 1) * Double(population - successes - draws + k + 1)
            weight = weight * numerator / denominator
            if weight > 1e250 {
                for index in 0..<offset { weights[index] /= 1e250 }
                weight /= 1e250
            }
            weights[offset] = weight
        }
    }

    /// An index drawn with probability proportional to its weight; nil when every weight is zero.
    static func draw<G: RandomNumberGenerator, Weights: Collection<Double>>(_ weights: Weights, using generator: inout G) -> Int? {
        var total = 0.0
        for weight in weights { total += weight }
        guard total > 0 else { return nil }
        let target = generator.unitInterval() * total
        var sum = 0.0
        var last = 0
        for (index, weight) in weights.enumerated() where weight > 0 {
            sum += weight
            last = index
            if target < sum { return index }
        }
        return last
    }
}
