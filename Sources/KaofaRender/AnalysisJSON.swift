import KaofaCore

/// Item analysis as JSON: `kaofa.analysis/1` (docs/schemas/kaofa.analysis.schema.json), written by `kaofa analyze`; its
/// `reliability`, `items` and `flagged` members are also those of `report.json` when `kaofa report` is given the
/// answer sheets. Proportions and coefficients are rounded to four decimal places.
public enum AnalysisJSON {
    public static let schema = "kaofa.analysis/1"

    public static func document(_ analysis: ItemAnalysis) -> JSONValue {
        .object([("schema", .string(schema)), ("examinees", .int(analysis.examinees))] + members(analysis))
    }

    /// `reliability`, `items`, `flagged`.
    public static func members(_ analysis: ItemAnalysis) -> [(String, JSONValue)] {
        [
            ("reliability", .object([("kr20", analysis.kr20.map(rounded) ?? .null), ("alpha", analysis.alpha.map(rounded) ?? .null)])),
            ("items", .array(analysis.items.map(item))),
            ("flagged", .array(analysis.flagged.map { index in
                let item = analysis.items[index]
                return .object([("questionId", .string(item.questionID)), ("flags", .array(item.flags.map { .string($0.rawValue) })),
                                ("discrimination", item.discrimination.map(rounded) ?? .null), ("difficulty", rounded(item.difficulty))])
            })),
        ]
    }

    static func item(_ item: ItemAnalysis.Item) -> JSONValue {
        .object([
            ("questionId", .string(item.questionID)), ("type", .string(item.type.rawValue)),
            ("presented", .int(item.presented)), ("answered", .int(item.answered)),
            ("difficulty", rounded(item.difficulty)), ("discrimination", item.discrimination.map(rounded) ?? .null),
            ("pointBiserial", item.pointBiserial.map(rounded) ?? .null),
            ("options", .array(item.options.map { option in
                .object([("text", .string(option.text)), ("correct", .bool(option.correct)), ("chosen", .int(option.chosen)),
                         ("share", rounded(option.share))])
            })),
            ("flags", .array(item.flags.map { .string($0.rawValue) })),
        ])
    }

    static func rounded(_ value: Double) -> JSONValue {
        let scaled = (value * 10_000).rounded() / 10_000
        return scaled == scaled.rounded() ? .int(Int(scaled)) : .double(scaled)
    }
}
