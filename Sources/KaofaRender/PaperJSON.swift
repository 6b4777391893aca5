import KaofaCore

/// `kaofa.paper/1`: the paper as served to examinees and platforms. It never holds an answer, an explanation, a
/// rubric or an article citation; the key is a separate document (`kaofa.key/1`).
public enum PaperJSON {
    public static let schema = "kaofa.paper/1"

    public static func document(_ paper: Paper, catalog: LawCatalog, pretty: Bool = true) -> [UInt8] {
        var w = JSONWriter(pretty: pretty, capacity: 64 << 10)
        write(paper, catalog: catalog, into: &w)
        return w.bytes
    }

    /// Writes the paper. With `pieces` and a compact writer, items are copied from their pre-serialised pieces.
    public static func write(_ paper: Paper, catalog: LawCatalog, pieces: QuestionPieces? = nil, into w: inout JSONWriter) {
        w.beginObject()
        w.key("schema"); w.string(schema)
        w.key("id"); w.string(paper.id)
        w.key("blueprint"); w.string(paper.blueprintID)
        w.key("title"); w.string(paper.title)
        w.key("audience"); w.string(paper.audience.rawValue)
        w.key("durationMinutes"); w.int(paper.durationMinutes)
        w.key("totalPoints"); w.points(paper.totalPoints)
        w.key("passPoints"); w.points(paper.passPoints)
        w.key("excellentPoints"); w.points(paper.excellentPoints)
        w.key("variant"); w.string(paper.variant)
        w.key("examinee"); writeExaminee(paper.examinee, into: &w)
        w.key("provenance"); writeProvenance(paper.provenance, into: &w)
        w.key("sections")
        w.beginArray()
        for (index, section) in paper.sections.enumerated() {
            w.beginObject()
            w.key("title"); w.string(section.title)
            w.key("heading")
            if let heading = pieces?.heading(section, index: index) {
                w.rawValue(heading)
            } else {
                w.string(PaperText.heading(section, index: index))
            }
            w.key("type"); w.string(section.type.rawValue)
            w.key("pointsEach"); w.points(section.pointsEach)
            w.key("scoring"); w.string(section.scoring?.rawValue)
            w.key("items")
            w.beginArray()
            for index in section.items.indices {
                if !w.pretty, let pieces, pieces.covers(section.items[index]) {
                    w.rawValue { pieces.writePaperItem(section.items[index], into: &$0) }
                } else {
                    writeItem(section.items[index], catalog: catalog, into: &w)
                }
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    static func writeItem(_ item: PaperItem, catalog: LawCatalog, into w: inout JSONWriter) {
        let question = item.question
        w.beginObject()
        w.key("number"); w.int(item.number)
        w.key("id"); w.string(question.id)
        w.key("type"); w.string(question.type.rawValue)
        w.key("stem"); w.string(question.stem)
        if question.type == .fillBlank { w.key("blanks"); w.int(Question.blankCount(in: question.stem)) }
        w.key("options")
        w.beginArray()
        for option in item.options {
            w.beginObject()
            w.key("label"); w.string(option.label)
            w.key("text"); w.string(option.text)
            w.endObject()
        }
        w.endArray()
        w.key("points"); w.points(item.points)
        w.key("law"); w.string(question.law)
        w.key("lawName"); w.string(question.law.flatMap { catalog.law(id: $0)?.name })
        w.key("difficulty"); w.string(question.difficulty?.englishName)
        if question.type == .caseAnalysis {
            w.key("material"); w.string(question.material)
            w.key("parts")
            w.beginArray()
            for part in item.parts { writeItem(part, catalog: catalog, into: &w) }
            w.endArray()
        }
        w.endObject()
    }

    static func writeExaminee(_ examinee: Examinee?, into w: inout JSONWriter) {
        guard let examinee else { return w.null() }
        w.beginObject()
        w.key("id"); w.string(examinee.id)
        w.key("name"); w.string(examinee.name)
        w.key("unit"); w.string(examinee.unit)
        w.endObject()
    }

    static func writeProvenance(_ provenance: Provenance, into w: inout JSONWriter) {
        w.beginObject()
        w.key("bankDigest"); w.string(provenance.bankDigest)
        w.key("blueprintDigest"); w.string(provenance.blueprintDigest)
        w.key("seed"); w.string(provenance.seed)
        switch provenance.subject {
        case let .variant(label): w.key("variant"); w.string(label)
        case let .examinee(id): w.key("examinee"); w.string(id)
        }
        w.key("generator"); w.string(provenance.generator)
        w.key("kaofaVersion"); w.string(provenance.kaofaVersion)
        w.endObject()
    }
}

extension JSONWriter {
    /// Points as a JSON number: `2`, `1.5`.
    mutating func points(_ points: Points?) {
        guard let points else { return null() }
        // The digits of `description`, written without building a string.
        if points.hundredths >= 0 { return rawValue { QuestionPieces.appendPoints(points, to: &$0) } }
        rawValue(Array(points.description.utf8))
    }
}
