import Crypto

/// The normalised bank as JSON, schema `kaofa.bank/1` (`docs/schemas/kaofa.bank.schema.json`).
public enum BankJSON {
    public static let schema = "kaofa.bank/1"

    /// The whole document. Questions appear in file order (files in the order given on the command line,
    /// directories expanded in sorted order); `digest` does not depend on that order or on formatting.
    public static func document(_ questions: [Question], catalog: LawCatalog) -> JSONValue {
        .object([
            ("schema", .string(schema)),
            ("digest", .string(digest(questions))),
            ("questionCount", .int(questions.count)),
            ("questions", .array(questions.map { value($0, catalog: catalog, includeSource: true) })),
        ])
    }

    /// `sha256:` + hex of the SHA-256 of the questions' content: each question's JSON without `source`,
    /// serialised compactly, sorted, each followed by a newline. Reordering files or questions, renumbering
    /// questions or reformatting a bank leaves the digest unchanged; changing any id, text, option, answer or tag
    /// changes it (so does renumbering the sub-questions of a case whose parts have derived ids).
    public static func digest(_ questions: [Question]) -> String {
        let lines = questions.map { value($0, catalog: nil, includeSource: false).serialized(pretty: false) }
            .sorted { $0.lexicographicallyPrecedes($1) }
        var hasher = SHA256()
        for line in lines {
            hasher.update(data: line)
            hasher.update(data: [0x0A])
        }
        return "sha256:" + hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    public static func value(_ question: Question, catalog: LawCatalog?, includeSource: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .optional(question.id)),
            ("type", .string(question.type.rawValue)),
            ("law", .optional(question.law)),
        ]
        if let catalog, let law = question.law.flatMap({ catalog.law(id: $0) }) {
            members.append(("lawName", .string(law.name)))
        }
        members += [
            ("article", question.articles.isEmpty ? .null : .string(ArticleCitation.text(question.articles))),
            ("articles", .array(question.articles.map { citation in
                .object([("article", .int(citation.article)), ("paragraph", .optional(citation.paragraph)),
                         ("item", .optional(citation.item))])
            })),
            ("difficulty", question.difficulty.map { .string($0.englishName) } ?? .null),
            ("audience", .array(question.audience.map { .string($0.rawValue) })),
            ("topic", .optional(question.topic)),
            ("tags", .array(question.tags.map(JSONValue.string))),
            ("enemyGroups", .array(question.enemyGroups.map(JSONValue.string))),
            ("points", question.points.map(JSONValue.double) ?? .null),
            ("stem", .string(question.stem)),
            ("options", .array(question.options.map { option in
                .object([("label", .string(option.label)), ("text", .string(option.text)), ("pinned", .bool(option.pinned))])
            })),
        ]
        members += answerMembers(question.answer)
        members.append(("explanation", .optional(question.explanation)))
        if question.type == .caseAnalysis {
            members.append(("material", .optional(question.material)))
            members.append(("parts", .array(question.parts.map { value($0, catalog: catalog, includeSource: includeSource) })))
        }
        if includeSource {
            members.append(("source", .object([("file", .string(question.source.file)), ("line", .int(question.source.line))])))
        }
        return .object(members)
    }

    /// `answer` is always an array of strings: option labels, `正确`/`错误`, one text per blank (the first
    /// accepted form), or the reference answer. `acceptable` lists every accepted form per blank; `rubric`
    /// the scoring points of written answers.
    static func answerMembers(_ answer: Answer) -> [(String, JSONValue)] {
        switch answer {
        case let .choice(labels):
            return [("answer", .array(labels.map(JSONValue.string)))]
        case let .trueFalse(value):
            return [("answer", .array([.string(value ? "正确" : "错误")]))]
        case let .blanks(blanks):
            return [("answer", .array(blanks.map { .string($0.first ?? "") })),
                    ("acceptable", .array(blanks.map { .array($0.map(JSONValue.string)) }))]
        case let .written(reference, rubric):
            return [("answer", .array([.string(reference)])), ("rubric", .array(rubric.map(JSONValue.string)))]
        case .parts, .missing:
            return [("answer", .array([]))]
        }
    }
}
