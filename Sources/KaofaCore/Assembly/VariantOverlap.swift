/// Keeps lettered variants apart (`--max-overlap`): remembers the questions of the variants drawn so far and says
/// when a new one shares more than the limit with any of them.
public struct VariantOverlap: Sendable {
    public let plan: AssemblyPlan
    /// The most questions two variants may share.
    public let limit: Int
    /// The limit as the user wrote it (`20%`), for the message.
    public let written: String
    /// Every question on an earlier variant: what the next variant avoids.
    public private(set) var used: Set<Int> = []
    private var variants: [(label: String, questions: Set<Int>)] = []

    public init(plan: AssemblyPlan, limit: Int, written: String) {
        self.plan = plan
        self.limit = limit
        self.written = written
    }

    /// Records a variant, or returns the diagnostic when it shares too many questions with an earlier one.
    public mutating func admit(_ paper: Paper) -> Diagnostic? {
        guard let label = paper.variant else { return nil }
        let questions = Set(paper.items.compactMap { $0.question.id.flatMap { plan.indexByID[$0] } })
        for earlier in variants {
            let shared = earlier.questions.intersection(questions).count
            guard shared > limit else { continue }
            let required = plan.requiredCount
            let reason = required > 0 && required >= shared
                ? "蓝图 require 的 \(required) 道必选题每套试卷都有"
                : "题库中可用于\(plan.blueprint.audience.rawValue)的题目不够让各卷错开：有的题型、法律或难度的题目少于各卷所需的总数"
            return Diagnostic(.variantOverlapExceeded,
                              "\(earlier.label)卷和\(label)卷有 \(shared) 道相同的题，超过了 --max-overlap \(written)（\(limit) 道）",
                              at: plan.blueprint.sectionsRange,
                              notes: [.note(reason), .help("减少套数或各大题的题数，放宽 --max-overlap，或补充题目")])
        }
        variants.append((label, questions))
        used.formUnion(questions)
        return nil
    }
}
