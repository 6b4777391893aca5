/// The section-aware bounds of one margin (law groups or difficulty groups) over the undecided cells of a stratum
/// search: per section × group, the fewest and most items the group can still get from the section given the
/// section's remaining count, and per group their sums weighted by the sections' item weights.
///
/// A section's bounds are a function of its own free sums and remaining count only, so after a cell changes, only
/// its section is brought up to date (`update`), and the sums follow by difference.
struct MarginBounds {
    let groups: Int
    /// Per section: the weight of one of its items in this margin.
    let weights: [Int]
    /// Per section × group: sums of lower and upper bounds over undecided cells.
    private var freeLower: [Int], freeUpper: [Int]
    /// Per section × group: the fewest and most items the group can still get from the section.
    private var low: [Int], high: [Int]
    /// Per group: `low` and `high` summed over the sections, weighted.
    private var least: [Int], most: [Int]
    /// Slots whose fewest exceeds their most.
    private var emptySlots = 0

    init(sections: Int, groups: Int, weights: [Int]) {
        self.groups = groups
        self.weights = weights
        freeLower = Array(repeating: 0, count: sections * groups)
        freeUpper = freeLower
        low = freeLower
        high = freeLower
        least = Array(repeating: 0, count: groups)
        most = least
    }

    /// No cell counted, every bound zero.
    mutating func clear() {
        for slot in freeLower.indices {
            freeLower[slot] = 0
            freeUpper[slot] = 0
            low[slot] = 0
            high[slot] = 0
        }
        for group in 0..<groups {
            least[group] = 0
            most[group] = 0
        }
        emptySlots = 0
    }

    /// Takes a cell's bounds out of the free sums (negative bounds put them back).
    @inline(__always)
    mutating func release(section: Int, group: Int, lower: Int, upper: Int) {
        freeLower[section * groups + group] -= lower
        freeUpper[section * groups + group] -= upper
    }

    /// Recomputes a section's bounds from its free sums and remaining count.
    mutating func update(section: Int, remaining: Int, sectionLower: Int, sectionUpper: Int) {
        let weight = weights[section]
        for group in 0..<groups {
            let slot = section * groups + group
            let otherLower = sectionLower - freeLower[slot]
            let otherUpper = sectionUpper - freeUpper[slot]
            let newLow = max(freeLower[slot], remaining - otherUpper)
            let newHigh = min(freeUpper[slot], remaining - otherLower)
            if low[slot] > high[slot] { emptySlots -= 1 }
            if newLow > newHigh { emptySlots += 1 }
            least[group] += (newLow - low[slot]) * weight
            most[group] += (newHigh - high[slot]) * weight
            low[slot] = newLow
            high[slot] = newHigh
        }
    }

    /// Whether every group's remaining target lies within what the undecided cells can still give.
    func allows(_ remaining: [Int]) -> Bool {
        guard emptySlots == 0 else { return false }
        for group in 0..<groups where remaining[group] < least[group] || remaining[group] > most[group] { return false }
        return true
    }
}
