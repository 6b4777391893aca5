/// One assembled paper: the questions in printed order with printed labels, and everything needed to write the
/// examinee's paper (no answers) and the answer key from it.
public struct Paper: Sendable {
    public var id: String
    public var blueprintID: String
    public var title: String
    public var audience: Audience
    public var durationMinutes: Int
    public var totalPoints: Points
    public var passPoints: Points
    public var excellentPoints: Points?
    public var examinee: Examinee?
    public var provenance: Provenance
    public var sections: [PaperSection]

    /// `A` for variant A, nil for a per-examinee paper.
    public var variant: String? {
        if case let .variant(label) = provenance.subject { return label }
        return nil
    }

    public var items: [PaperItem] { sections.flatMap(\.items) }
}

/// Someone a paper is issued to: an id (编号), and from a roster their name (姓名) and unit (单位).
public struct Examinee: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var unit: String?

    public init(id: String, name: String? = nil, unit: String? = nil) {
        self.id = id
        self.name = name
        self.unit = unit
    }
}

/// What a paper was made from: enough to make it again, byte for byte, and to audit it.
public struct Provenance: Sendable, Hashable {
    public var bankDigest: String
    public var blueprintDigest: String
    public var seed: String
    public var subject: Randomness.Subject
    public var generator: String
    public var kaofaVersion: String
}

public struct PaperSection: Sendable {
    public var title: String
    public var type: QuestionType
    public var pointsEach: Points
    public var scoring: ScoringRule?
    public var items: [PaperItem]

    public var points: Points { pointsEach * items.count }
}

/// A question as printed on one paper.
public struct PaperItem: Sendable {
    /// Continuous numbering across sections, from 1. Case parts are numbered 1, 2, … within their case.
    public var number: Int
    public var question: Question
    public var points: Points?
    /// Options in printed order, relabelled A, B, C… by position.
    public var options: [QuestionOption]
    /// The key as printed on this paper: option labels after shuffling, 正确/错误, blank texts, or the reference.
    public var answer: [String]
    public var parts: [PaperItem]
}

/// The key of a question given how its options were printed.
enum PaperAnswer {
    static func answer(of question: Question, printedLabel: [String: String]) -> [String] {
        switch question.answer {
        case let .choice(labels):
            return labels.compactMap { printedLabel[$0] }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        case let .trueFalse(value): return [value ? "正确" : "错误"]
        case let .blanks(blanks): return blanks.map { $0.first ?? "" }
        case let .written(reference, _): return [reference]
        case .parts, .missing: return []
        }
    }
}
