/// A citation of one article: `第二条`, `第二条第一款`, `第六十二条第一款第（四）项`, or the 序言.
public struct ArticleCitation: Hashable, Sendable, Comparable {
    /// 0 stands for the preamble (序言).
    public var article: Int
    public var paragraph: Int?
    public var item: Int?

    public init(article: Int, paragraph: Int? = nil, item: Int? = nil) {
        self.article = article
        self.paragraph = paragraph
        self.item = item
    }

    public var isPreamble: Bool { article == 0 }

    /// Canonical Chinese form: `第二条第一款第（四）项`, `序言`.
    public var text: String {
        if isPreamble { return "序言" }
        var out = "第\(ChineseNumber.format(article))条"
        if let paragraph { out += "第\(ChineseNumber.format(paragraph))款" }
        if let item { out += "第（\(ChineseNumber.format(item))）项" }
        return out
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.article, lhs.paragraph ?? 0, lhs.item ?? 0) < (rhs.article, rhs.paragraph ?? 0, rhs.item ?? 0)
    }

    /// Canonical form of a list: `第九条、第十条`.
    public static func text(_ citations: [ArticleCitation]) -> String {
        citations.map(\.text).joined(separator: "、")
    }
}

/// An option of a choice question.
public struct QuestionOption: Hashable, Sendable {
    public var label: String
    public var text: String
    /// Stays in place when options are shuffled (以上都对).
    public var pinned: Bool

    public init(label: String, text: String, pinned: Bool = false) {
        self.label = label
        self.text = text
        self.pinned = pinned
    }
}

/// The key of a question, by kind.
public enum Answer: Hashable, Sendable {
    /// Option labels, in label order.
    case choice([String])
    case trueFalse(Bool)
    /// For each blank, its accepted answers (the first is the one printed in keys).
    case blanks([[String]])
    /// A reference answer and scoring points, for a marker.
    case written(reference: String, rubric: [String])
    /// Case questions are answered through their parts.
    case parts
    /// No valid key (the question has an error diagnostic).
    case missing
}

/// Where a question stands in its bank file.
public struct QuestionSource: Hashable, Sendable {
    public var file: String
    public var line: Int
    /// Ranges of the parts checks point at.
    public var numberRange: SourceRange
    public var idRange: SourceRange?
    public var stemRange: SourceRange?
    public var answerRange: SourceRange?
    public var optionRanges: [SourceRange] = []
}

/// A compiled question: every default applied and every name resolved against the catalog.
public struct Question: Hashable, Sendable {
    public var id: String?
    public var type: QuestionType
    /// Catalog id of the law, or nil when none was given or the name is unknown.
    public var law: String?
    public var articles: [ArticleCitation]
    public var difficulty: Difficulty?
    public var audience: [Audience]
    public var topic: String?
    public var tags: [String]
    /// 互斥 groups: questions sharing a group never appear on one paper.
    public var enemyGroups: [String]
    public var points: Double?
    /// Markdown source text of the stem, lines joined with `\n`.
    public var stem: String
    public var options: [QuestionOption]
    public var answer: Answer
    public var explanation: String?
    /// Case material (`材料：`).
    public var material: String?
    public var parts: [Question]
    /// The number printed in the bank.
    public var number: Int
    public var source: QuestionSource

    /// The count of blanks in a fill-blank stem: runs of two or more `_`/`＿`, or empty （  ）/(  ).
    public static func blankCount(in stem: String) -> Int {
        var count = 0
        var underscores = 0
        var inParen = false
        var parenOnlySpaces = true
        for scalar in stem.unicodeScalars {
            if scalar == "_" || scalar == "＿" {
                underscores += 1
                continue
            }
            if underscores >= 2 { count += 1 }
            underscores = 0
            if scalar == "（" || scalar == "(" {
                inParen = true
                parenOnlySpaces = true
            } else if inParen && (scalar == "）" || scalar == ")") {
                if parenOnlySpaces { count += 1 }
                inParen = false
            } else if inParen && !Lexicon.isSpace(scalar) {
                inParen = false
            }
        }
        if underscores >= 2 { count += 1 }
        return count
    }
}
