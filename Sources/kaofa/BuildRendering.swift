import KaofaCore
import KaofaRender

/// Who a paper is for, passed to the parallel map.
struct SubjectBox: Sendable {
    var subject: Randomness.Subject
    var person: Examinee?
}

/// A paper and the bytes of every file and line it is written as.
struct Rendered: Sendable {
    var paper: Paper
    var files: [(name: String, bytes: [UInt8])]
    var paperLine: [UInt8]?
    var keyLine: [UInt8]?
    /// Pages to print to PDF: the PDF's file name and the HTML it is printed from.
    var printed: [(name: String, html: [UInt8])] = []

    /// Renders a drawn paper. JSON Lines are written straight from the draw when `pieces` cover all its items.
    static func make(_ drawn: DrawnPaper, examinee: Examinee?, assembler: PaperAssembler, formats: [String], catalog: LawCatalog,
                     pieces: QuestionPieces?) -> Rendered {
        let paper = assembler.paper(drawn, examinee: examinee)
        var rendered = Rendered(paper: paper, files: [])
        if formats.contains("json") {
            rendered.files.append(("\(paper.id).paper.json", PaperJSON.document(paper, catalog: catalog)))
            rendered.files.append(("\(paper.id).key.json", KeyJSON.document(paper, catalog: catalog)))
        }
        if formats.contains("jsonl") {
            var writer = JSONWriter(pretty: false, capacity: 128 << 10)
            let fromPieces = pieces.map { $0.covers(drawn) } ?? false
            if let pieces, fromPieces {
                PaperJSON.write(drawn, examinee: examinee, pieces: pieces, into: &writer)
            } else {
                PaperJSON.write(paper, catalog: catalog, into: &writer)
            }
            rendered.paperLine = writer.bytes
            writer.reset()
            if let pieces, fromPieces {
                KeyJSON.write(drawn, examinee: examinee, pieces: pieces, into: &writer)
            } else {
                KeyJSON.write(paper, catalog: catalog, into: &writer)
            }
            rendered.keyLine = writer.bytes
        }
        if formats.contains("md") {
            rendered.files.append(("\(paper.id).paper.md", Array(PaperMarkdown.paper(paper).utf8)))
            rendered.files.append(("\(paper.id).key.md", Array(PaperMarkdown.key(paper, catalog: catalog).utf8)))
        }
        if formats.contains("html") || formats.contains("pdf") {
            let pages = [("paper", Array(PaperHTML.document(paper).utf8)), ("key", Array(KeyHTML.document(paper, catalog: catalog).utf8)),
                         ("sheet", Array(AnswerSheetHTML.document(paper).utf8))]
            for (kind, html) in pages {
                if formats.contains("html") { rendered.files.append(("\(paper.id).\(kind).html", html)) }
                if formats.contains("pdf") { rendered.printed.append(("\(paper.id).\(kind).pdf", html)) }
            }
        }
        return rendered
    }
}
