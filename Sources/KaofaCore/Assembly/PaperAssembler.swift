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
    private let optionLayouts: [OptionLayout]
    /// The bank digest, the blueprint digest and the generator, each followed by a zero byte: what every paper id
    /// hashes before the paper key.
    private let idPrefix: [UInt8]

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
        idPrefix = [bankDigest, blueprintDigest, Randomness.generator].flatMap { Array($0.utf8) + [0] }
    }

    /// The paper for a variant (`A`, `B`, …) or an examinee. `avoiding` lists questions (indices into
    /// `plan.questions`) that lose every tie for a place — used to keep variants apart; with `sharedLimit`, strata are
    /// redrawn (up to the attempt limit) until at most that many of them are on the paper, and the draw sharing
    /// fewest is kept.
    public func paper(for subject: Randomness.Subject, examinee: Examinee? = nil,
                      avoiding: Set<Int> = [], sharedLimit: Int? = nil) -> Result<Paper, AssemblyFailure> {
        let key = Randomness.paperKey(seedKey: seedKey, subject: subject)
        var selection: [[Int]]?
        var fewestShared = Int.max
        var blockedGroup: String?
        for attempt in 0..<Self.attempts {
            var generator = SplitMix64(seed: Randomness.mix(key.strataKey &+ UInt64(attempt)))
            guard case let .solved(counts) = StratumSampler.sample(plan.problem, sections: cellsBySection, using: &generator) else {
                return .failure(AssemblyFailure(diagnostics: [Diagnostic(.quotasInfeasible, "没有找到满足全部配额的试卷",
                                                                          at: plan.blueprint.sectionsRange)]))
            }
            switch select(counts: counts, key: key, avoiding: avoiding) {
            case let .success(chosen):
                guard let sharedLimit else {
                    selection = chosen
                    break
                }
                let shared = chosen.joined().count(where: avoiding.contains)
                if shared < fewestShared {
                    fewestShared = shared
                    selection = chosen
                }
                if shared > sharedLimit { continue }
            case let .failure(blocked):
                blockedGroup = blocked.group
                continue
            }
            break
        }
        guard let selection else {
            return .failure(AssemblyFailure(diagnostics: [
                Diagnostic(.enemyGroupsInfeasible, "互斥组“\(blockedGroup ?? "")”中的题目太集中，试了 \(Self.attempts) 次仍无法在满足配额的同时避开互斥题目",
                           at: plan.blueprint.sectionsRange,
                           notes: [.help("为这些题所在的题型和法律补充题目，或减少相应配额；同一互斥组的题目只能选一道")]),
            ]))
        }
        var person = examinee
        if case let .examinee(id) = subject, person == nil { person = Examinee(id: id) }
        return .success(makePaper(selection: selection, key: key, subject: subject, examinee: person))
    }

    /// The questions each section gets: per cell its required questions, then the lowest priorities, passing over
    /// questions whose 互斥 group is already on the paper. Fails with the blocking group's name.
    private func select(counts: [Int], key: PaperKey, avoiding: Set<Int>) -> Result<[[Int]], SelectionBlocked> {
        var bySection = plan.blueprint.sections.map { section -> [Int] in
            var chosen: [Int] = []
            chosen.reserveCapacity(section.count)
            return chosen
        }
        var usedGroups = Set<Int>()
        if plan.hasEnemyGroups {
            for members in plan.cellRequired {
                for index in members { usedGroups.formUnion(plan.enemyGroups[index]) }
            }
        }
        var best: [Ranked] = []
        for (cell, count) in counts.enumerated() {
            let section = plan.problem.cells[cell].section
            bySection[section] += plan.cellRequired[cell]
            let needed = count - plan.cellRequired[cell].count
            guard needed > 0 else { continue }
            lowest(needed, in: cell, key: key, avoiding: avoiding, into: &best)
            if plan.hasEnemyGroups, best.contains(where: { !plan.enemyGroups[$0.index].isEmpty }) {
                // Rare: 互斥 groups in this cell. Walk the whole cell in priority order, passing over blocked ones.
                lowest(plan.cellMembers[cell].count, in: cell, key: key, avoiding: avoiding, into: &best)
                var taken = 0
                for candidate in best where taken < needed {
                    let groups = plan.enemyGroups[candidate.index]
                    if groups.contains(where: usedGroups.contains) { continue }
                    usedGroups.formUnion(groups)
                    bySection[section].append(candidate.index)
                    taken += 1
                }
                if taken < needed {
                    let blocked = plan.cellMembers[cell].lazy.flatMap { plan.enemyGroups[$0] }.first(where: usedGroups.contains)
                    return .failure(SelectionBlocked(group: blocked.map { plan.enemyGroupNames[$0] } ?? ""))
                }
            } else {
                for candidate in best { bySection[section].append(candidate.index) }
            }
        }
        return .success(bySection)
    }

    private struct Ranked {
        var priority: UInt64
        var index: Int

        @inline(__always)
        static func < (a: Ranked, b: Ranked) -> Bool { a.priority != b.priority ? a.priority < b.priority : a.index < b.index }
    }

    /// The `count` members of a cell with the lowest priorities, lowest first: one pass keeping a small sorted list
    /// (most members lose to the current last place at the first comparison).
    private func lowest(_ count: Int, in cell: Int, key: PaperKey, avoiding: Set<Int>, into best: inout [Ranked]) {
        best.removeAll(keepingCapacity: true)
        let members = plan.cellMembers[cell]
        let priorityKey = key.priorityKey
        // A candidate enters only if it beats the current last place; `threshold` is that place's priority.
        var threshold = UInt64.max
        plan.cellMemberHashes[cell].withUnsafeBufferPointer { hashes in
            for position in 0..<hashes.count {
                var priority = Randomness.mix(priorityKey ^ hashes[position])
                if !avoiding.isEmpty {
                    // Questions to avoid rank after all others; order among each kind is kept.
                    priority = priority >> 1 | (avoiding.contains(members[position]) ? 1 << 63 : 0)
                }
                guard priority <= threshold else { continue }
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
                if best.count == count { threshold = best[count - 1].priority }
            }
        }
    }

    private struct SelectionBlocked: Error {
        var group: String
    }

    // MARK: The paper

    private func makePaper(selection: [[Int]], key: PaperKey, subject: Randomness.Subject, examinee: Examinee?) -> Paper {
        let blueprint = plan.blueprint
        var number = 0
        var sections: [PaperSection] = []
        for (sectionIndex, section) in blueprint.sections.enumerated() {
            // Canonical order (id order), then Fisher–Yates with the section's order stream.
            var chosen = selection[sectionIndex].sorted()
            if blueprint.shuffleQuestions {
                var generator = SplitMix64(seed: Randomness.mix(key.orderKey &+ UInt64(sectionIndex)))
                generator.shuffle(&chosen)
            }
            let items = chosen.map { index -> PaperItem in
                number += 1
                return item(plan.sharedQuestions[index], idHash: plan.idHashes[index], number: number, points: section.pointsEach,
                            key: key, questionIndex: index)
            }
            sections.append(PaperSection(title: section.title, type: section.type, pointsEach: section.pointsEach,
                                         scoring: section.scoring, items: items))
        }
        let provenance = Provenance(bankDigest: bankDigest, blueprintDigest: blueprintDigest, seed: seed, subject: subject,
                                    generator: Randomness.generator, kaofaVersion: KaofaVersion.current)
        return Paper(id: paperID(key: key), blueprintID: blueprint.id, title: blueprint.title, audience: blueprint.audience,
                     durationMinutes: blueprint.durationMinutes, totalPoints: blueprint.totalPoints,
                     passPoints: blueprint.passPoints, excellentPoints: blueprint.excellentPoints,
                     examinee: examinee, provenance: provenance, sections: sections)
    }

    private func item(_ shared: SharedQuestion, idHash: UInt64, number: Int, points: Points?, key: PaperKey,
                      questionIndex: Int? = nil) -> PaperItem {
        let layout = questionIndex.map { optionLayouts[$0] } ?? OptionLayout(shared.value, shuffleOptions: plan.blueprint.shuffleOptions)
        var order = Array(0..<layout.count)
        if layout.shuffled {
            var generator = SplitMix64(seed: Randomness.mix(key.optionsKey ^ idHash))
            if let slots = layout.movable {
                // Shuffle the unpinned options among the unpinned positions; pinned ones stay put.
                var movable = slots
                generator.shuffle(&movable)
                for (slot, source) in zip(slots, movable) { order[slot] = source }
            } else {
                generator.shuffle(&order)
            }
        }
        var parts: [PaperItem] = []
        if layout.hasParts {
            parts = shared.value.parts.enumerated().map { offset, part in
                item(SharedQuestion(part), idHash: Randomness.idHash(part.id ?? ""), number: offset + 1,
                     points: part.points.flatMap(Points.init), key: key)
            }
        }
        return PaperItem(number: number, question: shared, questionIndex: questionIndex, points: points, optionOrder: order,
                         parts: parts)
    }

    /// Printed option labels by position.
    public static let labels = (0..<26).map { String(UnicodeScalar(UInt8(ascii: "A") + UInt8($0))) }

    /// `KF-` and 12 hex digits of SHA-256(bank digest, blueprint digest, paper key, generator): different whenever
    /// the paper could differ.
    private func paperID(key: PaperKey) -> String {
        var hasher = SHA256()
        hasher.update(data: idPrefix)
        hasher.update(data: key.bytes)
        return "KF-" + Hex.string(hasher.finalize().prefix(6))
    }
}

/// How a question's options are put in printed order on every paper: kept, shuffled, or shuffled around pinned
/// options. Worked out once per plan question rather than for every examinee.
struct OptionLayout: Sendable {
    var count: Int
    /// The blueprint shuffles options, the question is a choice question and has two or more.
    var shuffled: Bool
    /// With pinned options: the positions of the unpinned ones, which are shuffled among themselves.
    var movable: [Int]?
    var hasParts: Bool

    init(_ question: Question, shuffleOptions: Bool) {
        count = question.options.count
        shuffled = shuffleOptions && question.type.isChoice && count > 1
        movable = question.options.contains(where: \.pinned) ? question.options.indices.filter { !question.options[$0].pinned } : nil
        hasParts = !question.parts.isEmpty
    }
}
