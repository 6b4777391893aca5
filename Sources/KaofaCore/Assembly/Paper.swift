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
    /// The question, shared with the plan rather than copied into every paper.
    @usableFromInline let shared: SharedQuestion
    @inlinable public var question: Question { shared.value }
    /// The question's index in the plan it was drawn from (nil for the parts of a case).
    public var questionIndex: Int?
    public var points: Points?
    /// For each printed position, the index of the option in the bank.
    public var optionOrder: [Int]
    /// Options in printed order, relabelled A, B, C… by position.
    public var options: [QuestionOption] {
        optionOrder.enumerated().map { position, source in
            var option = question.options[source]
            option.label = PaperAssembler.labels[position]
            return option
        }
    }
    /// The key as printed on this paper: option labels after shuffling, 正确/错误, blank texts, or the reference.
    public var answer: [String] { PaperItem.keyAnswer(of: question, optionOrder: optionOrder) }

    /// Whether the option printed at `position` is a correct answer.
    public func isCorrect(position: Int) -> Bool {
        guard case let .choice(labels) = question.answer else { return false }
        return labels.contains(question.options[optionOrder[position]].label)
    }
    public var parts: [PaperItem]
}

/// A question held by reference, so that the thousands of papers drawn from one plan share it.
public final class SharedQuestion: Sendable {
    public let value: Question

    public init(_ value: Question) { self.value = value }
}

extension PaperItem {
    public init(number: Int, question: SharedQuestion, questionIndex: Int?, points: Points?, optionOrder: [Int],
                parts: [PaperItem]) {
        self.number = number
        shared = question
        self.questionIndex = questionIndex
        self.points = points
        self.optionOrder = optionOrder
        self.parts = parts
    }

    /// The key of a question given how its options were printed (`optionOrder[position]` = bank option index):
    /// printed labels of the correct options in printed order, 正确/错误, the first form of each blank, or the reference.
    public static func keyAnswer(of question: Question, optionOrder: [Int] = []) -> [String] {
        switch question.answer {
        case let .choice(labels):
            // Printed positions of the correct options, in printed order.
            var result: [String] = []
            for (position, source) in optionOrder.enumerated() where labels.contains(question.options[source].label) {
                result.append(PaperAssembler.labels[position])
            }
            return result
        case let .trueFalse(value): return [value ? "正确" : "错误"]
        case let .blanks(blanks): return blanks.map { $0.first ?? "" }
        case let .written(reference, _): return [reference]
        case .parts, .missing: return []
        }
    }
}
