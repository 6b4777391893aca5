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
    /// The order cells are decided in: sections in blueprint order (cells within a section are shuffled per paper).
    private let cellsBySection: [[Int]]

    /// How many times a paper is redrawn (new strata, same priorities) when 互斥 groups block a stratum.
    static let attempts = 32

    public init(plan: AssemblyPlan, seed: String, bankDigest: String) {
        self.plan = plan
        self.seed = seed
        self.bankDigest = bankDigest
        blueprintDigest = plan.blueprint.digest
        seedKey = Randomness.seedKey(seed)
        cellsBySection = plan.problem.cellsBySection
    }

    /// The paper for a variant (`A`, `B`, …) or an examinee. `avoiding` lists questions (indices into
    /// `plan.questions`) that lose every tie for a place — used to keep variants apart.
    public func paper(for subject: Randomness.Subject, examinee: Examinee? = nil,
                      avoiding: Set<Int> = []) -> Result<Paper, AssemblyFailure> {
        let key = Randomness.paperKey(seedKey: seedKey, subject: subject)
        var selection: [[Int]]?
        var blockedGroup: String?
        for attempt in 0..<Self.attempts {
            var generator = SplitMix64(seed: Randomness.mix(key.strataKey &+ UInt64(attempt)))
            var order: [Int] = []
            for var cells in cellsBySection {
                generator.shuffle(&cells)
                order += cells
            }
            guard case let .solved(counts) = StratumSampler.sample(plan.problem, order: order, using: &generator) else {
                return .failure(AssemblyFailure(diagnostics: [Diagnostic(.quotasInfeasible, "没有找到满足全部配额的试卷",
                                                                          at: plan.blueprint.sectionsRange)]))
            }
            switch select(counts: counts, key: key, avoiding: avoiding) {
            case let .success(chosen):
                selection = chosen
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
        return .success(makePaper(selection: selection, key: key, subject: subject, examinee: examinee))
    }

    /// The questions each section gets: per cell its required questions, then the lowest priorities, passing over
    /// questions whose 互斥 group is already on the paper. Fails with the blocking group's name.
    private func select(counts: [Int], key: PaperKey, avoiding: Set<Int>) -> Result<[[Int]], SelectionBlocked> {
        var bySection = Array(repeating: [Int](), count: plan.blueprint.sections.count)
        var usedGroups = Set<Int>()
        for members in plan.cellRequired {
            for index in members { usedGroups.formUnion(plan.enemyGroups[index]) }
        }
        var ranked: [(priority: UInt64, index: Int)] = []
        for (cell, count) in counts.enumerated() {
            let section = plan.problem.cells[cell].section
            bySection[section] += plan.cellRequired[cell]
            var needed = count - plan.cellRequired[cell].count
            guard needed > 0 else { continue }
            ranked.removeAll(keepingCapacity: true)
            for index in plan.cellMembers[cell] {
                var priority = key.priority(idHash: plan.idHashes[index])
                if !avoiding.isEmpty {
                    // Questions to avoid rank after all others; order among each kind is kept.
                    priority = priority >> 1 | (avoiding.contains(index) ? 1 << 63 : 0)
                }
                ranked.append((priority, index))
            }
            ranked.sort { $0.priority != $1.priority ? $0.priority < $1.priority : $0.index < $1.index }
            for (_, index) in ranked where needed > 0 {
                let groups = plan.enemyGroups[index]
                if !groups.isEmpty {
                    if groups.contains(where: usedGroups.contains) { continue }
                    usedGroups.formUnion(groups)
                }
                bySection[section].append(index)
                needed -= 1
            }
            if needed > 0 {
                let blocked = plan.cellMembers[cell].lazy.flatMap { plan.enemyGroups[$0] }.first(where: usedGroups.contains)
                return .failure(SelectionBlocked(group: blocked.map { plan.enemyGroupNames[$0] } ?? ""))
            }
        }
        return .success(bySection)
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
                return item(plan.questions[index], idHash: plan.idHashes[index], number: number, points: section.pointsEach, key: key)
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

    private func item(_ question: Question, idHash: UInt64, number: Int, points: Points?, key: PaperKey) -> PaperItem {
        var options = question.options
        if plan.blueprint.shuffleOptions, question.type.isChoice, options.count > 1 {
            var generator = SplitMix64(seed: Randomness.mix(key.optionsKey ^ idHash))
            let movable = options.indices.filter { !options[$0].pinned }
            var shuffled = movable
            generator.shuffle(&shuffled)
            let original = options
            for (slot, source) in zip(movable, shuffled) { options[slot] = original[source] }
        }
        var printedLabel: [String: String] = [:]
        for (position, option) in options.enumerated() {
            let label = Self.label(position)
            printedLabel[option.label] = label
            options[position].label = label
        }
        let parts = question.parts.enumerated().map { offset, part in
            item(part, idHash: Randomness.idHash(part.id ?? ""), number: offset + 1, points: part.points.flatMap(Points.init), key: key)
        }
        return PaperItem(number: number, question: question, points: points, options: options,
                         answer: PaperAnswer.answer(of: question, printedLabel: printedLabel), parts: parts)
    }

    static func label(_ position: Int) -> String {
        String(UnicodeScalar(UInt8(ascii: "A") + UInt8(position)))
    }

    /// `KF-` and 12 hex digits of SHA-256(bank digest, blueprint digest, paper key, generator): different whenever
    /// the paper could differ.
    private func paperID(key: PaperKey) -> String {
        var hasher = SHA256()
        for part in [bankDigest, blueprintDigest, Randomness.generator] { hasher.update(data: Array(part.utf8) + [0]) }
        hasher.update(data: key.bytes)
        return "KF-" + hasher.finalize().prefix(6).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
