/// What scoring one paper needs, and nothing else: every gradable number as printed (`"7"`, `"43.1"` for a part of a
/// case), its question id, type, options as printed, expected answer, points and partial-credit rule; the sections
/// and the pass and excellent marks.
///
/// One key is built either from an assembled `Paper` (the server, which regenerates papers) or from the
/// `kaofa.paper/1` and `kaofa.key/1` files `kaofa build` wrote (offline scoring); `Scorer` grades against it, so both
/// routes score a sheet identically.
public struct ScoringKey: Sendable, Equatable {
    public struct Option: Sendable, Equatable {
        /// As printed on this paper (after shuffling).
        public var label: String
        public var text: String

        public init(label: String, text: String) {
            self.label = label
            self.text = text
        }
    }

    /// The right answer of one item.
    public enum Expected: Sendable, Equatable {
        /// The printed labels of the correct options, in printed order.
        case labels([String])
        case trueFalse(Bool)
        /// Every accepted form of each blank, in order.
        case blanks([[String]])
        /// 简答 and written parts of a case: for a marker.
        case written
    }

    public struct Item: Sendable, Equatable {
        /// `"7"`, or `"43.1"` for a part of a case.
        public var number: String
        public var questionID: String?
        public var type: QuestionType
        public var options: [Option]
        public var expected: Expected
        public var points: Points
        /// How a 多选/不定项 subset scores.
        public var rule: ScoringRule
        /// Index into `sections`.
        public var section: Int
    }

    public struct Section: Sendable, Equatable {
        public var title: String
        public var maxPoints: Points
    }

    public var paperID: String
    public var blueprintID: String
    public var title: String
    /// For a per-examinee paper: whose it is.
    public var examinee: Examinee?
    public var items: [Item]
    public var sections: [Section]
    public var totalPoints: Points
    public var passPoints: Points
    public var excellentPoints: Points?

    public init(paperID: String, blueprintID: String, title: String, examinee: Examinee?, items: [Item], sections: [Section],
                totalPoints: Points, passPoints: Points, excellentPoints: Points?) {
        self.paperID = paperID
        self.blueprintID = blueprintID
        self.title = title
        self.examinee = examinee
        self.items = items
        self.sections = sections
        self.totalPoints = totalPoints
        self.passPoints = passPoints
        self.excellentPoints = excellentPoints
    }

    /// The key of an assembled paper.
    public init(paper: Paper) {
        var items: [Item] = []
        let partRule = paper.partScoringRule
        for (sectionIndex, section) in paper.sections.enumerated() {
            for item in section.items {
                let points = item.points ?? section.pointsEach
                if item.question.type == .caseAnalysis {
                    let shares = Self.partPoints(given: item.parts.map(\.points), total: points)
                    for (part, share) in zip(item.parts, shares) {
                        items.append(Self.item(part, number: "\(item.number).\(part.number)", points: share, rule: partRule, section: sectionIndex))
                    }
                } else {
                    items.append(Self.item(item, number: "\(item.number)", points: points, rule: section.scoring ?? .allOrNothing,
                                           section: sectionIndex))
                }
            }
        }
        self.init(paperID: paper.id, blueprintID: paper.blueprintID, title: paper.title, examinee: paper.examinee, items: items,
                  sections: paper.sections.map { Section(title: $0.title, maxPoints: $0.points) },
                  totalPoints: paper.totalPoints, passPoints: paper.passPoints, excellentPoints: paper.excellentPoints)
    }

    private static func item(_ item: PaperItem, number: String, points: Points, rule: ScoringRule, section: Int) -> Item {
        let question = item.question
        let expected: Expected
        switch question.answer {
        case .choice: expected = .labels(item.answer)
        case let .trueFalse(value): expected = .trueFalse(value)
        case let .blanks(blanks): expected = .blanks(blanks)
        case .written, .parts, .missing: expected = .written
        }
        return Item(number: number, questionID: question.id, type: question.type,
                    options: item.options.map { Option(label: $0.label, text: $0.text) },
                    expected: question.type == .shortAnswer ? .written : expected, points: points, rule: rule, section: section)
    }

    /// The points of each part of a case: as the bank gives them when they add up to the case's points, otherwise
    /// the case's points shared equally (in hundredths, the first parts taking any remainder).
    public static func partPoints(given: [Points?], total: Points) -> [Points] {
        let known = given.compactMap { $0 }
        if known.count == given.count, known.reduce(0, { $0 + $1.hundredths }) == total.hundredths { return known }
        let count = max(1, given.count)
        let share = total.hundredths / count, remainder = total.hundredths % count
        return (0..<given.count).map { Points(hundredths: share + ($0 < remainder ? 1 : 0)) }
    }
}

extension Paper {
    /// How the 多选/不定项 parts of a case score: by the paper's first 多选 or 不定项 section's rule, all-or-nothing
    /// when it has neither. Printed in the key and applied by the scorer.
    public var partScoringRule: ScoringRule {
        sections.first { $0.type == .multiple || $0.type == .indefinite }?.scoring ?? .allOrNothing
    }
}
