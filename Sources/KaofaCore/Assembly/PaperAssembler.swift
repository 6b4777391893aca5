import CKaofaScan
import Crypto

/// Draws papers from a plan. A paper is a pure function of (plan, seed, subject): the strata counts come from the
/// subject's strata stream, the questions of each stratum are those with the lowest priority, sections are shuffled
/// with the order stream and options with the options stream (see `docs/randomness.md`).
public struct PaperAssembler: Sendable {
    public let plan: AssemblyPlan
    public let seed: String
    public let bankDigest: String
    public let blueprintDigest: String
    private let seedKey: [UInt8]
    /// The order cells are decided in, by section (cells within a section are shuffled per paper).
    private let cellsBySection: [[Int]]
    /// Per plan question: how its options are put in printed order.
    let optionLayouts: [OptionLayout]
    /// Per plan question: the blueprint section it goes to.
    private let questionSections: [Int]
    /// The bank digest, the blueprint digest and the generator, each followed by a zero byte: what every paper id
    /// hashes before the paper key.
    private let idPrefix: [UInt8]

    /// Tells this assembler's workspaces from others'.
    let identity = AssemblyWorkspace.Owner()

    /// How many times a paper is redrawn (new strata, same priorities) when 互斥 groups block a stratum.
    static let attempts = 32

    public init(plan: AssemblyPlan, seed: String, bankDigest: String) {
        self.plan = plan
        self.seed = seed
        self.bankDigest = bankDigest
        blueprintDigest = plan.blueprint.digest
        seedKey = Randomness.seedKey(seed)
        cellsBySection = plan.problem.cellsInSearchOrder
        optionLayouts = plan.questions.map { OptionLayout($0, shuffleOptions: plan.blueprint.shuffleOptions) }
        questionSections = plan.questions.map { plan.sectionIndex(of: $0.type) ?? -1 }
        idPrefix = [bankDigest, blueprintDigest, Randomness.generator].flatMap { Array($0.utf8) + [0] }
    }

    /// A workspace for drawing papers with this assembler, one per thread.
    public func makeWorkspace() -> AssemblyWorkspace { AssemblyWorkspace(plan: plan, owner: identity) }

    /// The paper for a variant (`A`, `B`, …) or an examinee. `avoiding` lists questions (indices into
    /// `plan.questions`) that lose every tie for a place — used to keep variants apart; with `sharedLimit`, strata are
    /// redrawn (up to the attempt limit) until at most that many of them are on the paper, and the draw sharing
    /// fewest is kept.
    public func paper(for subject: Randomness.Subject, examinee: Examinee? = nil,
                      avoiding: Set<Int> = [], sharedLimit: Int? = nil) -> Result<Paper, AssemblyFailure> {
        do {
            let drawn = try draw(subject, in: makeWorkspace(), avoiding: avoiding, sharedLimit: sharedLimit)
            return .success(paper(drawn, examinee: examinee))
        } catch {
            return .failure(error)
        }
    }

    /// Draws the paper for a subject (as `paper(for:…)` does) into the workspace's reused buffers. The result is the
    /// same paper `paper(for:…)` makes, without its items built.
    public func draw(_ subject: Randomness.Subject, in workspace: AssemblyWorkspace, avoiding: Set<Int> = [],
                     sharedLimit: Int? = nil) throws(AssemblyFailure) -> DrawnPaper {
        precondition(workspace.owner === identity, "a workspace serves only the assembler that made it")
        let key = Randomness.paperKey(seedKey: seedKey, subject: subject)
        var drawnAny = false
        // With `sharedLimit`: the selection sharing fewest questions with `avoiding` so far.
        var fewest: (shared: Int, selection: [Int])?
        var blockedGroup: String?
        for attempt in 0..<Self.attempts {
            var generator = SplitMix64(seed: Randomness.mix(key.strataKey &+ UInt64(attempt)))
            guard case let .solved(counts) = StratumSampler.sample(workspace.solver, sections: cellsBySection,
                                                                   order: &workspace.order, using: &generator) else {
                throw AssemblyFailure(diagnostics: [Diagnostic(.quotasInfeasible, "没有找到满足全部配额的试卷",
                                                               at: plan.blueprint.sectionsRange)])
            }
            if let blocked = select(counts: counts, key: key, avoiding: avoiding, into: &workspace.selection, lowest: &workspace.lowest) {
                blockedGroup = blocked
                continue
            }
            drawnAny = true
            guard let sharedLimit else { break }
            let shared = workspace.selection.count(where: avoiding.contains)
            if shared < fewest?.shared ?? Int.max { fewest = (shared, workspace.selection) }
            if shared <= sharedLimit { break }
        }
        guard drawnAny else {
            throw AssemblyFailure(diagnostics: [
                Diagnostic(.enemyGroupsInfeasible, "互斥组“\(blockedGroup ?? "")”中的题目太集中，试了 \(Self.attempts) 次仍无法在满足配额的同时避开互斥题目",
                           at: plan.blueprint.sectionsRange,
                           notes: [.help("为这些题所在的题型和法律补充题目，或减少相应配额；同一互斥组的题目只能选一道")]),
            ])
        }
        workspace.drawn.reset(id: paperID(key: key), subject: subject, key: key)
        arrange(fewest?.selection ?? workspace.selection, key: key, into: &workspace.drawn)
        return workspace.drawn
    }

    /// Puts each section's questions in printed order — canonical order (id order), then Fisher–Yates with the
    /// section's order stream — and draws every item's option order.
    private func arrange(_ selection: [Int], key: PaperKey, into drawn: inout DrawnPaper) {
        let shuffleQuestions = plan.blueprint.shuffleQuestions
        for section in plan.blueprint.sections.indices {
            let start = drawn.questions.count
            for question in selection where questionSections[question] == section { drawn.questions.append(question) }
            drawn.questions[start...].sort()
            if shuffleQuestions {
                var generator = SplitMix64(seed: Randomness.mix(key.orderKey &+ UInt64(section)))
                generator.shuffle(&drawn.questions[start...])
            }
            drawn.sectionEnds.append(drawn.questions.count)
        }
        let optionsKey = key.optionsKey
        for question in drawn.questions {
            optionLayouts[question].appendOrder(optionsKey: optionsKey, idHash: plan.idHashes[question], to: &drawn.optionOrders)
            drawn.optionStarts.append(drawn.optionOrders.count)
        }
    }

    /// The questions the paper gets, into `selection` (in no particular order): per cell its required questions,
    /// then the lowest priorities, passing over questions whose 互斥 group is already on the paper. Returns the blocking
    /// group's name when a cell cannot be filled.
    private func select(counts: [Int], key: PaperKey, avoiding: Set<Int>, into selection: inout [Int],
                        lowest: inout [Ranked]) -> String? {
        selection.removeAll(keepingCapacity: true)
        var usedGroups = Set<Int>()
        if plan.hasEnemyGroups {
            for members in plan.cellRequired {
                for index in members { usedGroups.formUnion(plan.enemyGroups[index]) }
            }
        }
        for (cell, count) in counts.enumerated() {
            let required = plan.cellRequired[cell]
            if !required.isEmpty { selection += required }
            let needed = count - required.count
            guard needed > 0 else { continue }
            self.lowest(needed, in: cell, key: key, avoiding: avoiding, into: &lowest)
            if plan.hasEnemyGroups, lowest.contains(where: { !plan.enemyGroups[$0.index].isEmpty }) {
                // Rare: 互斥 groups in this cell. Walk the whole cell in priority order, passing over blocked ones.
                self.lowest(plan.cellMembers[cell].count, in: cell, key: key, avoiding: avoiding, into: &lowest)
                var taken = 0
                for candidate in lowest where taken < needed {
                    let groups = plan.enemyGroups[candidate.index]
                    if groups.contains(where: usedGroups.contains) { continue }
                    usedGroups.formUnion(groups)
                    selection.append(candidate.index)
                    taken += 1
                }
                if taken < needed {
                    let blocked = plan.cellMembers[cell].lazy.flatMap { plan.enemyGroups[$0] }.first(where: usedGroups.contains)
                    return blocked.map { plan.enemyGroupNames[$0] } ?? ""
                }
            } else {
                for candidate in lowest { selection.append(candidate.index) }
            }
        }
        return nil
    }

    struct Ranked {
        var priority: UInt64
        var index: Int

        @inline(__always)
        static func < (a: Ranked, b: Ranked) -> Bool { a.priority != b.priority ? a.priority < b.priority : a.index < b.index }
    }

    /// The `count` members of a cell with the lowest priorities, lowest first (equal priorities in index order, as
    /// members are listed in index order): one pass keeping a small sorted list. Most members lose to the current
    /// last place at the first comparison; `kaofa_lowest` (in C: sixteen priorities at a time with AVX-512) does the
    /// pass. Questions to avoid rank after all others, order among each kind kept (the rare path, in Swift).
    private func lowest(_ count: Int, in cell: Int, key: PaperKey, avoiding: Set<Int>, into best: inout [Ranked]) {
        best.removeAll(keepingCapacity: true)
        let members = plan.cellMembers[cell]
        let priorityKey = key.priorityKey
        plan.cellMemberHashes[cell].withUnsafeBufferPointer { hashes in
            if avoiding.isEmpty {
                guard hashes.count > 0 else { return }
                withUnsafeTemporaryAllocation(of: kaofa_ranked.self, capacity: max(count, 1)) { places in
                    let filled = kaofa_lowest(hashes.baseAddress!, hashes.count, priorityKey, count, places.baseAddress!)
                    for place in places[..<filled] { best.append(Ranked(priority: place.priority, index: members[place.position])) }
                }
                return
            }
            for (position, hash) in hashes.enumerated() {
                let priority = Randomness.mix(priorityKey ^ hash) >> 1 | (avoiding.contains(members[position]) ? 1 << 63 : 0)
                let candidate = Ranked(priority: priority, index: members[position])
                if best.count == count {
                    guard candidate < best[count - 1] else { continue }
                    best[count - 1] = candidate
                } else {
                    best.append(candidate)
                }
                // Insertion: shift the places it beats one down.
                var slot = best.count - 1
                while slot > 0, candidate < best[slot - 1] {
                    best[slot] = best[slot - 1]
                    slot -= 1
                }
                best[slot] = candidate
            }
        }
    }

    /// `KF-` and 12 hex digits of SHA-256(bank digest, blueprint digest, paper key, generator): different whenever
    /// the paper could differ.
    private func paperID(key: PaperKey) -> String {
        var hasher = SHA256()
        hasher.update(data: idPrefix)
        hasher.update(data: key.bytes)
        return "KF-" + Hex.string(hasher.finalize().prefix(6))
    }
}
