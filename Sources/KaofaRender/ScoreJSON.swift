import KaofaCore

/// A scored answer sheet as `kaofa.score/1` JSON (docs/schemas/kaofa.score.schema.json): totals, the pass and
/// excellent flags, per-section and per-item points. It says how each item came out, never what the right answer was.
public enum ScoreJSON {
    public static func document(_ result: Scorer.Result, paper: Paper, examinee: String) -> JSONValue {
        document(result, paperID: paper.id, examinee: examinee)
    }

    public static func document(_ result: Scorer.Result, paperID: String, examinee: String) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("schema", .string("kaofa.score/1")), ("paperId", .string(paperID)), ("examinee", .string(examinee)),
            ("objectivePoints", number(result.objective)), ("markedPoints", number(result.markedPoints)),
            ("pendingPoints", number(result.pendingPoints)), ("totalPoints", number(result.totalPoints)),
            ("maxPoints", number(result.maxPoints)), ("passPoints", number(result.passPoints)),
            ("excellentPoints", result.excellentPoints.map(number) ?? .null),
            ("passed", result.passed.map(JSONValue.bool) ?? .null), ("excellent", result.excellent.map(JSONValue.bool) ?? .null),
        ]
        fields.append(("sections", .array(result.sections.map { section in
            .object([("title", .string(section.title)), ("points", number(section.points)), ("maxPoints", number(section.maxPoints))])
        })))
        fields.append(("items", .array(result.items.map { item in
            .object([("number", .string(item.number)), ("questionId", item.questionID.map(JSONValue.string) ?? .null),
                     ("type", .string(item.type.rawValue)), ("outcome", .string(item.outcome.rawValue)),
                     ("points", number(item.points)), ("maxPoints", number(item.maxPoints))])
        })))
        return .object(fields)
    }

    /// Points as a JSON number: `2`, `1.5`.
    static func number(_ points: Points) -> JSONValue {
        points.hundredths % 100 == 0 ? .int(points.hundredths / 100) : .double(points.value)
    }
}
