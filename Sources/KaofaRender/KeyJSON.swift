import KaofaCore

/// `kaofa.key/1`: the answer key of one paper, keyed by the paper's numbering and by question id. Answers are the
/// labels as printed on this paper (after option shuffling).
public enum KeyJSON {
    public static let schema = "kaofa.key/1"

    public static func document(_ paper: Paper, catalog: LawCatalog, pretty: Bool = true) -> [UInt8] {
        var w = JSONWriter(pretty: pretty, capacity: 32 << 10)
        write(paper, catalog: catalog, into: &w)
        return w.bytes
    }

    /// Writes the key.
    public static func write(_ paper: Paper, catalog: LawCatalog, into w: inout JSONWriter) {
        writeHead(paper, into: &w)
        let partRule: ScoringRule? = paper.partScoringRule
        for section in paper.sections {
            for item in section.items {
                writeItem(item, rule: item.question.type == .caseAnalysis ? partRule : section.scoring, catalog: catalog, into: &w)
            }
        }
        w.endArray()
        w.endObject()
    }

    /// Writes the compact key of a draw by `pieces.assembler`, copied from pre-serialised pieces where it can
    /// (`pieces.covers(drawn)` must hold): byte for byte what `write(_:catalog:into:)` writes for the full paper with
    /// a compact writer.
    public static func write(_ drawn: DrawnPaper, examinee: Examinee? = nil, pieces: QuestionPieces, into w: inout JSONWriter) {
        precondition(!w.pretty, "pieces are compact JSON")
        writeHead(pieces.assembler.frame(of: drawn, examinee: examinee), shared: pieces.heads, into: &w)
        if !drawn.questions.isEmpty { w.rawValue { pieces.writeKeyItems(drawn, into: &$0) } }
        w.endArray()
        w.endObject()
    }

    /// Opens the key and writes everything before the items, up to the opened `items` array; with `shared`, the
    /// members every paper of its assembler shares are copied pre-serialised.
    private static func writeHead(_ paper: Paper, shared: SharedHeads? = nil, into w: inout JSONWriter) {
        w.beginObject()
        w.key("schema"); w.string(schema)
        w.key("paperId"); w.string(paper.id)
        w.members(shared?.keyPlan) { writePlanMembers(paper, into: &$0) }
        w.key("variant"); w.string(paper.variant)
        w.key("examinee"); PaperJSON.writeExaminee(paper.examinee, into: &w)
        w.key("provenance"); PaperJSON.writeProvenance(paper.provenance, shared: shared, into: &w)
        w.members(shared?.keyPoints) { writePointsMembers(paper, into: &$0) }
        w.key("items")
        w.beginArray()
    }

    static func writePlanMembers(_ paper: Paper, into w: inout JSONWriter) {
        w.key("blueprint"); w.string(paper.blueprintID)
        w.key("title"); w.string(paper.title)
    }

    static func writePointsMembers(_ paper: Paper, into w: inout JSONWriter) {
        w.key("totalPoints"); w.points(paper.totalPoints)
        w.key("passPoints"); w.points(paper.passPoints)
        w.key("excellentPoints"); w.points(paper.excellentPoints)
    }

    /// The scoring rule of a 多选/不定项 item: its section's; the parts of a case follow the paper's 多选 section
    /// (all-or-nothing when the paper has none).
    static func scoring(_ type: QuestionType, rule: ScoringRule?) -> String? {
        guard type == .multiple || type == .indefinite else { return nil }
        return (rule ?? .allOrNothing).rawValue
    }

    /// Every accepted form of each blank, or the rubric of a written answer.
    static func writeAnswerDetails(_ question: Question, into w: inout JSONWriter) {
        switch question.answer {
        case let .blanks(blanks):
            w.key("acceptable")
            w.beginArray()
            for blank in blanks { w.strings(blank) }
            w.endArray()
        case let .written(_, rubric):
            w.key("rubric"); w.strings(rubric)
        default:
            break
        }
    }

    /// One item; `rule` is the 多选 scoring of the item (or, for a case, of its parts).
    static func writeItem(_ item: PaperItem, rule: ScoringRule?, catalog: LawCatalog, into w: inout JSONWriter) {
        let question = item.question
        w.beginObject()
        w.key("number"); w.int(item.number)
        w.key("id"); w.string(question.id)
        w.key("type"); w.string(question.type.rawValue)
        w.key("answer"); w.strings(item.answer)
        writeAnswerDetails(question, into: &w)
        w.key("points"); w.points(item.points)
        w.key("scoring"); w.string(scoring(question.type, rule: rule))
        w.key("explanation"); w.string(question.explanation)
        w.key("citation"); w.string(PaperText.citation(question, catalog: catalog))
        if question.type == .caseAnalysis {
            w.key("parts")
            w.beginArray()
            for part in item.parts { writeItem(part, rule: rule, catalog: catalog, into: &w) }
            w.endArray()
        }
        w.endObject()
    }
}
