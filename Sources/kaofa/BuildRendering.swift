import KaofaCore
import KaofaRender

/// Who a paper is for, passed to the parallel map.
struct SubjectBox: Sendable {
    var subject: Randomness.Subject
    var person: Examinee?
}

/// What to write for each paper.
struct RenderOptions: Sendable {
    var formats: [String]
    /// One file per paper holding the paper and its answer sheet (`--combined`) instead of two.
    var combined = false
    /// The 密封线 on printable papers (`--seal-line`).
    var sealLine = false

    var printable: Bool { formats.contains("html") || formats.contains("pdf") || formats.contains("docx") }
}

/// Why a paper could not be made or written.
enum BuildFailure: Error {
    case assembly(AssemblyFailure)
    /// A message naming the file and line it concerns.
    case render(String)
}

/// A paper and the bytes of every file and line it is written as.
struct Rendered: Sendable {
    var paper: Paper
    var files: [(name: String, bytes: [UInt8])]
    var paperLine: [UInt8]?
    var keyLine: [UInt8]?
    /// The paper's fingerprint for the registry (`PaperDigest`).
    var digest = ""
    /// Pages to print to PDF: the PDF's file name and the HTML it is printed from.
    var printed: [(name: String, html: [UInt8])] = []

    /// Renders a drawn paper. JSON Lines are written straight from the draw when `pieces` cover all its items.
    static func make(_ drawn: DrawnPaper, examinee: Examinee?, assembler: PaperAssembler, options: RenderOptions,
                     catalog: LawCatalog, pieces: QuestionPieces?) -> Result<Rendered, BuildFailure> {
        let paper = assembler.paper(drawn, examinee: examinee)
        return make(paper, drawn: drawn, examinee: examinee, options: options, catalog: catalog, pieces: pieces)
    }

    /// Renders a paper (and, for the JSON Lines fast path, the draw it came from).
    static func make(_ paper: Paper, drawn: DrawnPaper? = nil, examinee: Examinee? = nil, options: RenderOptions,
                     catalog: LawCatalog, pieces: QuestionPieces?) -> Result<Rendered, BuildFailure> {
        let formats = options.formats
        var rendered = Rendered(paper: paper, files: [])
        if formats.contains("json") {
            rendered.files.append(("\(paper.id).paper.json", PaperJSON.document(paper, catalog: catalog)))
            rendered.files.append(("\(paper.id).key.json", KeyJSON.document(paper, catalog: catalog)))
        }
        if formats.contains("jsonl") {
            var writer = JSONWriter(pretty: false, capacity: 128 << 10)
            let fromPieces = drawn.flatMap { drawn in pieces.map { $0.covers(drawn) } } ?? false
            if let pieces, let drawn, fromPieces {
                PaperJSON.write(drawn, examinee: examinee, pieces: pieces, into: &writer)
            } else {
                PaperJSON.write(paper, catalog: catalog, into: &writer)
            }
            rendered.paperLine = writer.bytes
            writer.reset()
            if let pieces, let drawn, fromPieces {
                KeyJSON.write(drawn, examinee: examinee, pieces: pieces, into: &writer)
            } else {
                KeyJSON.write(paper, catalog: catalog, into: &writer)
            }
            rendered.keyLine = writer.bytes
        }
        rendered.digest = rendered.paperLine.flatMap { paperLine in rendered.keyLine.map { PaperDigest.of(paperLine: paperLine, keyLine: $0) } }
            ?? PaperDigest.of(paper, catalog: catalog)
        if formats.contains("md") {
            rendered.files.append(("\(paper.id).paper.md", Array(PaperMarkdown.paper(paper).utf8)))
            rendered.files.append(("\(paper.id).key.md", Array(PaperMarkdown.key(paper, catalog: catalog).utf8)))
        }
        guard options.printable else { return .success(rendered) }
        let images: PaperImages
        switch PaperImages.load(for: paper) {
        case let .success(loaded): images = loaded
        case let .failure(failure): return .failure(.render("\(failure.file):\(failure.line): 错误：\(failure.description)"))
        }
        if formats.contains("html") || formats.contains("pdf") {
            let seal = options.sealLine
            var pages = [("paper", PaperHTML.document(paper, images: images, sealLine: seal)),
                         ("key", KeyHTML.document(paper, catalog: catalog, images: images)),
                         ("sheet", AnswerSheetHTML.document(paper))]
            if options.combined {
                pages = [("paper", PaperHTML.combined(paper, images: images, sealLine: seal)), pages[1]]
            }
            for (kind, html) in pages {
                let bytes = Array(html.utf8)
                if formats.contains("html") { rendered.files.append(("\(paper.id).\(kind).html", bytes)) }
                if formats.contains("pdf") { rendered.printed.append(("\(paper.id).\(kind).pdf", bytes)) }
            }
        }
        if formats.contains("docx") {
            do {
                let seal = options.sealLine
                if options.combined {
                    rendered.files.append(("\(paper.id).paper.docx", try PaperDOCX.combined(paper, images: images, sealLine: seal)))
                } else {
                    rendered.files.append(("\(paper.id).paper.docx", try PaperDOCX.document(paper, images: images, sealLine: seal)))
                }
                rendered.files.append(("\(paper.id).key.docx", try KeyDOCX.document(paper, catalog: catalog, images: images)))
                if !options.combined {
                    rendered.files.append(("\(paper.id).sheet.docx", try AnswerSheetDOCX.document(paper)))
                }
            } catch {
                return .failure(.render("无法生成试卷 \(paper.id) 的 Word 文件：\(error)"))
            }
        }
        return .success(rendered)
    }
}
