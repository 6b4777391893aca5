/// The quality summary of a build, gathered paper by paper in constant memory per paper: counts against the
/// blueprint, points, mean difficulty, the position balance of correct answers, variant overlap and exposure.
public struct BuildSummary: Sendable {
    public let plan: AssemblyPlan
    public private(set) var paperCount = 0
    /// Papers whose counts differ from the blueprint anywhere (always 0 unless kaofa has a bug; checked anyway).
    public private(set) var papersOffQuota = 0
    /// Per section, per law group, per difficulty group: items of the first paper (every paper has the same margins).
    public private(set) var sectionCounts: [Int] = []
    public private(set) var lawCounts: [Int] = []
    public private(set) var difficultyCounts: [Int] = []
    public private(set) var pointsTotal: Points = .zero
    /// Sum of difficulty levels (易 1, 中 2, 难 3) and how many items had one, over all papers.
    public private(set) var difficultySum = 0
    public private(set) var ratedItems = 0
    /// How often each printed label (A, B, …) is a correct answer of a choice item, over all papers.
    public private(set) var answerPositions: [Int] = Array(repeating: 0, count: 8)
    /// Per question (plan index): the number of papers it appears on.
    public private(set) var exposure: [Int]
    /// Question sets of lettered variants, for pairwise overlap.
    public private(set) var variantSets: [(label: String, questions: Set<Int>)] = []

    public init(plan: AssemblyPlan) {
        self.plan = plan
        exposure = Array(repeating: 0, count: plan.questions.count)
    }

    public mutating func add(_ paper: Paper) {
        let lawGroups = max(plan.lawGroupNames.count, 1), difficultyGroups = max(plan.difficultyGroupNames.count, 1)
        var laws = Array(repeating: 0, count: lawGroups), difficulties = Array(repeating: 0, count: difficultyGroups)
        var sections: [Int] = []
        var points = Points.zero
        var questions = Set<Int>()
        let lawMeasure = plan.blueprint.lawQuota?.measure, difficultyMeasure = plan.blueprint.difficultyQuota?.measure
        for section in paper.sections {
            sections.append(section.items.count)
            points = points + section.points
            for item in section.items {
                guard let id = item.question.id, let index = plan.indexByID[id] else { continue }
                exposure[index] += 1
                if paper.variant != nil { questions.insert(index) }
                laws[plan.questionLawGroup[index]] += lawMeasure == .points ? section.pointsEach.hundredths : 1
                difficulties[plan.questionDifficultyGroup[index]] += difficultyMeasure == .points ? section.pointsEach.hundredths : 1
                if let difficulty = item.question.difficulty {
                    difficultySum += Difficulty.allCases.firstIndex(of: difficulty)! + 1
                    ratedItems += 1
                }
                if item.question.type.isChoice {
                    for position in item.optionOrder.indices where position < answerPositions.count && item.isCorrect(position: position) {
                        answerPositions[position] += 1
                    }
                }
            }
        }
        let meetsQuotas = sections == plan.blueprint.sections.map(\.count)
            && (plan.lawTargets.isEmpty || laws == plan.lawTargets)
            && (plan.difficultyTargets.isEmpty || difficulties == plan.difficultyTargets)
            && points == plan.blueprint.totalPoints
        if !meetsQuotas { papersOffQuota += 1 }
        if paperCount == 0 {
            sectionCounts = sections
            lawCounts = laws
            difficultyCounts = difficulties
            pointsTotal = points
        }
        if let variant = paper.variant { variantSets.append((variant, questions)) }
        paperCount += 1
    }

    /// Mean difficulty on the scale 易 1 – 难 3, or nil when no item is rated.
    public var meanDifficulty: Double? { ratedItems == 0 ? nil : Double(difficultySum) / Double(ratedItems) }

    /// Questions shared by each pair of variants.
    public var variantOverlaps: [(first: String, second: String, shared: Int)] {
        var result: [(String, String, Int)] = []
        for i in variantSets.indices {
            for j in variantSets.indices where j > i {
                result.append((variantSets[i].label, variantSets[j].label, variantSets[i].questions.intersection(variantSets[j].questions).count))
            }
        }
        return result
    }

    /// The most exposed questions, most first (ties by id), at most `limit`.
    public func mostExposed(limit: Int) -> [(id: String, papers: Int)] {
        exposure.indices.filter { exposure[$0] > 0 }
            .sorted { exposure[$0] != exposure[$1] ? exposure[$0] > exposure[$1] : $0 < $1 }
            .prefix(limit).map { (plan.questions[$0].id!, exposure[$0]) }
    }

    /// How many distinct questions appeared on at least one paper.
    public var questionsUsed: Int { exposure.count(where: { $0 > 0 }) }
}
