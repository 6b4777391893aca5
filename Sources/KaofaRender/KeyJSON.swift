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

    public static func write(_ paper: Paper, catalog: LawCatalog, into w: inout JSONWriter) {
        w.beginObject()
        w.key("schema"); w.string(schema)
        w.key("paperId"); w.string(paper.id)
        w.key("blueprint"); w.string(paper.blueprintID)
        w.key("title"); w.string(paper.title)
        w.key("variant"); w.string(paper.variant)
        w.key("examinee"); PaperJSON.writeExaminee(paper.examinee, into: &w)
        w.key("provenance"); PaperJSON.writeProvenance(paper.provenance, into: &w)
        w.key("totalPoints"); w.points(paper.totalPoints)
        w.key("passPoints"); w.points(paper.passPoints)
        w.key("excellentPoints"); w.points(paper.excellentPoints)
        w.key("items")
        w.beginArray()
        for section in paper.sections {
            for item in section.items { writeItem(item, section: section, catalog: catalog, into: &w) }
        }
        w.endArray()
        w.endObject()
    }

    static func writeItem(_ item: PaperItem, section: PaperSection?, catalog: LawCatalog, into w: inout JSONWriter) {
        let question = item.question
        w.beginObject()
        w.key("number"); w.int(item.number)
        w.key("id"); w.string(question.id)
        w.key("type"); w.string(question.type.rawValue)
        w.key("answer"); w.strings(item.answer)
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
        w.key("points"); w.points(item.points)
        w.key("scoring"); w.string(question.type == .multiple || question.type == .indefinite ? section?.scoring?.rawValue : nil)
        w.key("explanation"); w.string(question.explanation)
        w.key("citation"); w.string(PaperText.citation(question, catalog: catalog))
        if question.type == .caseAnalysis {
            w.key("parts")
            w.beginArray()
            for part in item.parts { writeItem(part, section: nil, catalog: catalog, into: &w) }
            w.endArray()
        }
        w.endObject()
    }
}
