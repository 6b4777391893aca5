/// The syntax tree of one bank file: everything the teacher wrote, with the source range of every part,
/// before any meaning (laws, audiences, answers) is resolved. The parser always produces a tree, even from
/// broken input; what it could not understand is reported as diagnostics beside it.
public struct BankFileSyntax: Sendable {
    public var path: String
    public var frontMatter: FrontMatterSyntax?
    public var items: [BankItemSyntax]

    public var questions: [QuestionSyntax] {
        items.compactMap { if case let .question(q) = $0 { q } else { nil } }
    }
}

/// A piece of text and where it stands.
public struct TextSyntax: Hashable, Sendable {
    public var text: String
    public var range: SourceRange
}

public struct FrontMatterSyntax: Sendable {
    public struct Entry: Sendable {
        public var key: TextSyntax
        public var value: TextSyntax
        /// Values given as a list (`a, b`, `[a, b]` or `- a` lines), each with its own range.
        public var items: [TextSyntax]
    }

    public var entries: [Entry]
    public var range: SourceRange
}

/// Top-level items in source order.
public enum BankItemSyntax: Sendable {
    case heading(HeadingSyntax)
    case question(QuestionSyntax)
    /// A `<!-- … -->` comment standing between questions (kept by `fmt`).
    case comment(TextSyntax)
}

public struct HeadingSyntax: Sendable {
    /// Number of `#`.
    public var level: Int
    /// The heading text after the `#`s.
    public var text: TextSyntax
    /// The question type this heading names, if it names one.
    public var questionType: QuestionType?
}

/// `{#ID key=value …}` at the end of a question line.
public struct AttributeBlockSyntax: Sendable {
    public struct Attribute: Sendable {
        public var key: TextSyntax
        public var value: TextSyntax
        /// List values split at `,` `，` `、`, each with its own range.
        public var items: [TextSyntax]
    }

    public var id: TextSyntax?
    /// An id was written but is not valid (reported as E0112).
    public var hasInvalidID = false
    public var attributes: [Attribute]
    public var range: SourceRange
}

public struct OptionSyntax: Sendable {
    /// The label normalised to `A`…`H`.
    public var label: String
    public var labelRange: SourceRange
    public var text: TextSyntax
    public var pinned: Bool
}

/// A labelled field (`答案：`, `解析：`, `参考答案：`, `评分要点：`, `材料：`): the marker's range and the value,
/// whose lines are joined with `\n`.
public struct FieldSyntax: Sendable {
    public var marker: SourceRange
    public var value: TextSyntax
    /// The value's lines, each with its own range.
    public var lines: [TextSyntax]
}

/// One question as written: its number, stem, attribute block, options and fields. Case questions hold their
/// sub-questions in `parts`.
public struct QuestionSyntax: Sendable {
    public var number: Int
    public var numberRange: SourceRange
    /// The type from the heading in effect (nil when the question stands before any type heading).
    public var sectionType: QuestionType?
    /// Stem lines; the first is the text on the numbered line after the number (without the attribute block).
    public var stem: [TextSyntax]
    public var attributes: AttributeBlockSyntax?
    public var options: [OptionSyntax] = []
    public var answer: FieldSyntax?
    public var explanation: FieldSyntax?
    public var reference: FieldSyntax?
    public var rubric: FieldSyntax?
    public var material: FieldSyntax?
    public var parts: [QuestionSyntax] = []
    /// Comments that stood inside the question; `fmt` writes them after it.
    public var comments: [TextSyntax] = []
    /// The whole question, from its number to its last line.
    public var range: SourceRange
    /// Diagnostics about the question line, reported when the question closes (so they follow source order).
    var pendingDiagnostics: [Diagnostic] = []

    /// The stem as one text, lines joined with `\n`.
    public var stemText: String { stem.count == 1 ? stem[0].text : stem.map(\.text).joined(separator: "\n") }
}
