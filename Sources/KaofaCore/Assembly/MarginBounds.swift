/// The section-aware bounds of one margin (law groups or difficulty groups) over the undecided cells of a stratum
/// search: per section × group, the fewest and most items the group can still get from the section given the
/// section's remaining count, and per group their sums weighted by the sections' item weights.
///
/// A section's bounds are a function of its own free sums and remaining count only, so after a cell changes, only
/// its section is brought up to date (`update`), and the sums follow by difference. The numbers live in buffers of
/// the solver's storage.
struct MarginBounds {
    let groups: Int
    /// Per section: the weight of one of its items in this margin.
    let weights: UnsafeMutableBufferPointer<Int>
    /// Per section × group: sums of lower and upper bounds over undecided cells.
    private let freeLower: UnsafeMutableBufferPointer<Int>, freeUpper: UnsafeMutableBufferPointer<Int>
    /// Per section × group: the fewest and most items the group can still get from the section.
    private let low: UnsafeMutableBufferPointer<Int>, high: UnsafeMutableBufferPointer<Int>
    /// Per group: `low` and `high` summed over the sections, weighted.
    private let least: UnsafeMutableBufferPointer<Int>, most: UnsafeMutableBufferPointer<Int>
    /// All of the above, back to back.
    private let all: UnsafeMutableBufferPointer<Int>
    /// Slots whose fewest exceeds their most.
    private var emptySlots = 0

    /// How many numbers `init` takes from the solver's storage.
    static func storageSize(sections: Int, groups: Int) -> Int { 4 * sections * groups + 2 * groups }

    init(sections: Int, groups: Int, weights: UnsafeMutableBufferPointer<Int>, take: (Int) -> UnsafeMutableBufferPointer<Int>) {
        self.groups = groups
        self.weights = weights
        let slots = sections * groups
        let all = take(Self.storageSize(sections: sections, groups: groups))
        self.all = all
        func part(_ start: Int, _ count: Int) -> UnsafeMutableBufferPointer<Int> {
            UnsafeMutableBufferPointer(rebasing: all[start..<(start + count)])
        }
        freeLower = part(0, slots)
        freeUpper = part(slots, slots)
        low = part(2 * slots, slots)
        high = part(3 * slots, slots)
        least = part(4 * slots, groups)
        most = part(4 * slots + groups, groups)
    }

    /// No cell counted, every bound zero.
    mutating func clear() {
        all.update(repeating: 0)
        emptySlots = 0
    }

    /// Takes a cell's bounds out of the free sums (negative bounds put them back).
    ///
    /// The arithmetic here and in `update` wraps instead of checking for overflow: every number is a count of
    /// questions or points of one paper, far from the limits, and the checks cost the search a branch each.
    @inline(__always)
    func release(section: Int, group: Int, lower: Int, upper: Int) {
        freeLower[section &* groups &+ group] &-= lower
        freeUpper[section &* groups &+ group] &-= upper
    }

    /// Recomputes a section's bounds from its free sums and remaining count.
    mutating func update(section: Int, remaining: Int, sectionLower: Int, sectionUpper: Int) {
        let weight = weights[section]
        var emptyChange = 0
        for group in 0..<groups {
            let slot = section &* groups &+ group
            let otherLower = sectionLower &- freeLower[slot]
            let otherUpper = sectionUpper &- freeUpper[slot]
            let newLow = max(freeLower[slot], remaining &- otherUpper)
            let newHigh = min(freeUpper[slot], remaining &- otherLower)
            emptyChange &+= (newLow > newHigh ? 1 : 0) &- (low[slot] > high[slot] ? 1 : 0)
            least[group] &+= (newLow &- low[slot]) &* weight
            most[group] &+= (newHigh &- high[slot]) &* weight
            low[slot] = newLow
            high[slot] = newHigh
        }
        emptySlots &+= emptyChange
    }

    /// Whether every group's remaining target lies within what the undecided cells can still give. (Inlined: called
    /// out of line, the search copied the whole struct out of the solver for every check.)
    @inline(__always)
    func allows(_ remaining: UnsafeMutableBufferPointer<Int>) -> Bool {
        guard emptySlots == 0 else { return false }
        for group in 0..<groups where remaining[group] < least[group] || remaining[group] > most[group] { return false }
        return true
    }
}
