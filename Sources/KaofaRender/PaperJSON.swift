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

    /// Writes the paper.
    public static func write(_ paper: Paper, catalog: LawCatalog, into w: inout JSONWriter) {
        writeHead(paper, into: &w)
        for (index, section) in paper.sections.enumerated() {
            writeSectionHead(section.title, heading: nil, index: index, count: section.items.count, type: section.type,
                             pointsEach: section.pointsEach, scoring: section.scoring, into: &w)
            for item in section.items { writeItem(item, catalog: catalog, into: &w) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// Writes the compact paper of a draw by `pieces.assembler`, copied from pre-serialised pieces where it can
    /// (`pieces.covers(drawn)` must hold): byte for byte what `write(_:catalog:into:)` writes for the full paper
    /// (`assembler.paper(drawn, examinee:)`) with a compact writer.
    public static func write(_ drawn: DrawnPaper, examinee: Examinee? = nil, pieces: QuestionPieces, into w: inout JSONWriter) {
        precondition(!w.pretty, "pieces are compact JSON")
        writeHead(pieces.assembler.frame(of: drawn, examinee: examinee), shared: pieces.heads, into: &w)
        for (index, section) in pieces.assembler.plan.blueprint.sections.enumerated() {
            let items = drawn.items(ofSection: index)
            writeSectionHead(section.title, heading: pieces.heading(ofSection: index, itemCount: items.count), index: index,
                             count: items.count, type: section.type, pointsEach: section.pointsEach, scoring: section.scoring,
                             into: &w)
            if !items.isEmpty {
                w.rawValue { pieces.writePaperItems(drawn, items: items, firstNumber: items.lowerBound + 1, into: &$0) }
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// Opens the paper and writes everything before the sections, up to the opened `sections` array; with `shared`,
    /// the members every paper of its assembler shares are copied pre-serialised.
    private static func writeHead(_ paper: Paper, shared: SharedHeads? = nil, into w: inout JSONWriter) {
        w.beginObject()
        w.key("schema"); w.string(schema)
        w.key("id"); w.string(paper.id)
        w.members(shared?.paperPlan) { writePlanMembers(paper, into: &$0) }
        w.key("variant"); w.string(paper.variant)
        w.key("examinee"); writeExaminee(paper.examinee, into: &w)
        w.key("provenance"); writeProvenance(paper.provenance, shared: shared, into: &w)
        w.key("sections")
        w.beginArray()
    }

    /// The paper's members from its blueprint: the same on every paper of a plan.
    static func writePlanMembers(_ paper: Paper, into w: inout JSONWriter) {
        w.key("blueprint"); w.string(paper.blueprintID)
        w.key("title"); w.string(paper.title)
        w.key("audience"); w.string(paper.audience.rawValue)
        w.key("durationMinutes"); w.int(paper.durationMinutes)
        w.key("totalPoints"); w.points(paper.totalPoints)
        w.key("passPoints"); w.points(paper.passPoints)
        w.key("excellentPoints"); w.points(paper.excellentPoints)
    }

    /// Opens a section and writes its members, up to the opened `items` array. `heading` is the pre-serialised
    /// heading when there is one.
    private static func writeSectionHead(_ title: String, heading: [UInt8]?, index: Int, count: Int, type: QuestionType,
                                         pointsEach: Points, scoring: ScoringRule?, into w: inout JSONWriter) {
        w.beginObject()
        w.key("title"); w.string(title)
        w.key("heading")
        if let heading {
            w.rawValue(heading)
        } else {
            w.string(PaperText.heading(title: title, count: count, pointsEach: pointsEach, index: index))
        }
        w.key("type"); w.string(type.rawValue)
        w.key("pointsEach"); w.points(pointsEach)
        w.key("scoring"); w.string(scoring?.rawValue)
        w.key("items")
        w.beginArray()
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

    static func writeProvenance(_ provenance: Provenance, shared: SharedHeads? = nil, into w: inout JSONWriter) {
        w.beginObject()
        w.members(shared?.provenanceSources) { writeSourceMembers(provenance, into: &$0) }
        switch provenance.subject {
        case let .variant(label): w.key("variant"); w.string(label)
        case let .examinee(id): w.key("examinee"); w.string(id)
        }
        w.members(shared?.provenanceTools) { writeToolMembers(provenance, into: &$0) }
        w.endObject()
    }

    /// What the paper was drawn from: the same on every paper of an assembler.
    static func writeSourceMembers(_ provenance: Provenance, into w: inout JSONWriter) {
        w.key("bankDigest"); w.string(provenance.bankDigest)
        w.key("blueprintDigest"); w.string(provenance.blueprintDigest)
        w.key("seed"); w.string(provenance.seed)
    }

    static func writeToolMembers(_ provenance: Provenance, into w: inout JSONWriter) {
        w.key("generator"); w.string(provenance.generator)
        w.key("kaofaVersion"); w.string(provenance.kaofaVersion)
    }
}

/// The members of paper and key heads that every paper of an assembler shares, pre-serialised (see
/// `JSONWriter.compactMembers`).
struct SharedHeads: Sendable {
    var paperPlan: [UInt8]
    var keyPlan: [UInt8]
    var keyPoints: [UInt8]
    var provenanceSources: [UInt8]
    var provenanceTools: [UInt8]

    init(_ frame: Paper) {
        paperPlan = JSONWriter.compactMembers { PaperJSON.writePlanMembers(frame, into: &$0) }
        keyPlan = JSONWriter.compactMembers { KeyJSON.writePlanMembers(frame, into: &$0) }
        keyPoints = JSONWriter.compactMembers { KeyJSON.writePointsMembers(frame, into: &$0) }
        provenanceSources = JSONWriter.compactMembers { PaperJSON.writeSourceMembers(frame.provenance, into: &$0) }
        provenanceTools = JSONWriter.compactMembers { PaperJSON.writeToolMembers(frame.provenance, into: &$0) }
    }
}

extension JSONWriter {
    /// Writes members with `body`, or appends them pre-serialised when `shared` holds them.
    mutating func members(_ shared: [UInt8]?, _ body: (inout JSONWriter) -> Void) {
        if let shared { rawMembers(shared) } else { body(&self) }
    }

    /// Points as a JSON number: `2`, `1.5`.
    mutating func points(_ points: Points?) {
        guard let points else { return null() }
        // The digits of `description`, written without building a string.
        if points.hundredths >= 0 { return rawValue { QuestionPieces.appendPoints(points, to: &$0) } }
        rawValue(Array(points.description.utf8))
    }
}
