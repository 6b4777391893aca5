/// A blueprint applied to a bank: the questions a paper may use, sorted into strata, with the quota targets
/// resolved to exact numbers. Made once per build; every paper of the build is drawn from it.
public struct AssemblyPlan: Sendable {
    public let blueprint: Blueprint
    /// Eligible questions in id order (byte order of the UTF-8 ids), so nothing depends on file order.
    public let questions: [Question]
    /// The same questions, held by reference for papers to share.
    let sharedQuestions: [SharedQuestion]
    let idHashes: [UInt64]
    /// Per question: indices into `enemyGroupNames`.
    let enemyGroups: [[Int]]
    let enemyGroupNames: [String]
    let problem: StratumProblem
    /// Per cell: its questions (indices into `questions`), required ones excluded, in id order.
    let cellMembers: [[Int]]
    /// Per cell: the id hashes of `cellMembers`, side by side, for the priority scan.
    let cellMemberHashes: [[UInt64]]
    /// Whether any eligible question has a 互斥 group.
    let hasEnemyGroups: Bool
    /// Per cell: its required questions.
    let cellRequired: [[Int]]
    /// The names of the law groups and difficulty groups, for summaries (`宪法`, `党内法规`, `其他`).
    public let lawGroupNames: [String]
    public let difficultyGroupNames: [String]
    /// Resolved targets, in items or hundredths of points (see the quota's measure); empty without a quota.
    public let lawTargets: [Int]
    public let difficultyTargets: [Int]
    /// Questions left out because they have no id (papers refer to questions by id).
    public let questionsWithoutID: Int
    /// Per question: its law group and difficulty group.
    public let questionLawGroup: [Int]
    public let questionDifficultyGroup: [Int]
    /// Question index by id.
    public let indexByID: [String: Int]
    /// Warnings found while planning (an exclusion that matches nothing); errors make planning fail instead.
    public var warnings: [Diagnostic] = []

    /// Plans a blueprint over a bank. Returns the plan, or diagnostics saying exactly why no paper can be made.
    public static func make(blueprint: Blueprint, bank: [Question], catalog: LawCatalog) -> Result<AssemblyPlan, AssemblyFailure> {
        var planner = AssemblyPlanner(blueprint: blueprint, bank: bank, catalog: catalog)
        return planner.plan()
    }

    /// How many questions every paper must hold (`require`).
    public var requiredCount: Int { cellRequired.reduce(0) { $0 + $1.count } }

    /// The section each question type goes to.
    public func sectionIndex(of type: QuestionType) -> Int? { blueprint.sections.firstIndex { $0.type == type } }
}

/// Why a blueprint cannot be filled from a bank: diagnostics pointing into the blueprint.
public struct AssemblyFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]
}

extension Quota {
    /// Exact targets for the entries, in order, plus the remainder for everything not listed (last). Percentages
    /// are of `base` (items, or hundredths of points) and rounded by the largest-remainder method to whole `unit`s,
    /// ties going to the entry listed first.
    public func targets(base: Int, unit: Int) -> [Int] {
        var targets = Array(repeating: 0, count: entries.count)
        var percentIndices: [Int] = []
        var exactSum = 0
        for (index, entry) in entries.enumerated() {
            switch entry.amount {
            case let .exact(hundredths):
                // Counts are written in whole items; points in hundredths already.
                targets[index] = measure == .count ? hundredths / 100 : hundredths
                exactSum += targets[index]
            case .percent:
                percentIndices.append(index)
            }
        }
        // Work in units of 1/(100·100·unit): base × percent-hundredths, so every product is an exact integer.
        let scale = 100_00 * unit
        var rawTotal = 0
        var remainders: [(index: Int, remainder: Int)] = []
        var floorSum = 0
        for index in percentIndices {
            guard case let .percent(percent) = entries[index].amount else { continue }
            let raw = base * percent
            rawTotal += raw
            targets[index] = raw / scale * unit
            floorSum += targets[index]
            remainders.append((index, raw % scale))
        }
        // The percentage entries together get their combined share, rounded half up to whole units.
        let combined = (rawTotal + scale / 2) / scale * unit
        var extra = (combined - floorSum) / unit
        for item in remainders.sorted(by: { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }) {
            guard extra > 0 else { break }
            targets[item.index] += unit
            extra -= 1
        }
        return targets + [base - exactSum - combined]
    }
}
