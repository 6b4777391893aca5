import Foundation
import KaofaCore

/// An Excel workbook (.xlsx, Office Open XML SpreadsheetML) opened for reading its sheets as tables of text.
///
/// Reads what Excel, WPS, LibreOffice and exam-platform exports write: the sheet list of `workbook.xml` and its
/// relationships, shared strings (rich-text runs joined, phonetic runs left out), inline strings, numbers (as Excel
/// shows them, up to 15 significant digits), booleans (`TRUE`/`FALSE`), formula results and error values. Cells and
/// rows left out of the file are empty; a row keeps the number the sheet gives it. Formatting, formulas, merged cells
/// and dates-as-dates are not read: a date cell gives its serial number.
public struct XLSXWorkbook {
    /// One sheet as the workbook lists it.
    public struct Sheet: Sendable, Hashable {
        public var name: String
        /// The part holding the sheet, e.g. `xl/worksheets/sheet1.xml`.
        public var part: String
    }

    /// The worksheets in workbook order.
    public let sheets: [Sheet]
    private var package: ZipPackage
    private let sharedStringsPart: String?
    private var sharedStrings: [String]?

    /// Opens the workbook in `bytes` and reads its sheet list.
    public init(bytes: [UInt8]) throws(TabularError) {
        package = try ZipPackage(bytes: bytes)
        let workbookPart = try package.officeDocument(fallback: "xl/workbook.xml")
        let relationships = try package.relationships(of: workbookPart)
        let handler = WorkbookHandler()
        try XMLEvents.parse(try package.part(workbookPart), part: workbookPart, into: handler)
        var sheets: [Sheet] = []
        for (name, relationship) in handler.sheets {
            // Chart sheets and dialog sheets have other relationship types: only worksheets hold cells.
            guard let target = relationships.first(where: { $0.id == relationship && $0.type.hasSuffix("/worksheet") }) else { continue }
            sheets.append(Sheet(name: name, part: ZipPackage.resolve(target.target, from: workbookPart)))
        }
        guard !sheets.isEmpty else { throw .noSheets }
        self.sheets = sheets
        let shared = relationships.first { $0.type.hasSuffix("/sharedStrings") }
        sharedStringsPart = shared.map { ZipPackage.resolve($0.target, from: workbookPart) }
    }

    /// The names of the worksheets, in workbook order.
    public var sheetNames: [String] { sheets.map(\.name) }

    /// The cells of the sheet named `name`, or of the first sheet when `name` is nil.
    public mutating func table(sheet name: String? = nil) throws(TabularError) -> Table {
        let sheet: Sheet
        if let name {
            guard let found = sheets.first(where: { $0.name == name }) else {
                throw .sheetNotFound(name: name, available: sheetNames)
            }
            sheet = found
        } else {
            sheet = sheets[0]
        }
        return try table(part: sheet.part, pieces: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The rows of the sheet in `part`. The sheet refers to shared strings by index: the shared strings (when not read
    /// yet) and the sheet, each cut into up to `pieces` runs of whole items (`XMLPieces`), are parsed side by side on
    /// all cores, and the references filled in after.
    mutating func table(part: String, pieces: Int, minimumSize: Int = XMLPieces.minimumSize) throws(TabularError) -> Table {
        let sheetBytes = try package.part(part)
        var jobs: [([UInt8], String, any XMLEventHandler)] = []
        var stringsHandlers: [SharedStringsHandler] = []
        var stringsBytes: [UInt8] = [], stringsPart = ""
        if sharedStrings == nil, let found = sharedStringsPart, package.contains(found) {
            stringsBytes = try package.part(found)
            stringsPart = found
            let runs = XMLPieces.split(stringsBytes, shape: .sharedStrings, pieces: pieces, minimumSize: minimumSize) ?? [stringsBytes]
            stringsHandlers = runs.map { _ in SharedStringsHandler() }
            jobs += zip(runs, stringsHandlers).map { ($0, found, $1) }
        }
        let runs = XMLPieces.split(sheetBytes, shape: .sheet, pieces: pieces, minimumSize: minimumSize) ?? [sheetBytes]
        var sheetHandlers = runs.map { _ in SheetHandler() }
        jobs += zip(runs, sheetHandlers).map { ($0, part, $1) }
        let failures = ParallelParse.run(jobs)
        let stringsJobs = stringsHandlers.count
        // Should a piece not parse, its part is parsed again whole, so that the problem is reported at its line.
        if stringsJobs > 0 {
            if failures.prefix(stringsJobs).contains(where: { $0 != nil }) {
                let whole = SharedStringsHandler()
                try XMLEvents.parse(stringsBytes, part: stringsPart, into: whole)
                stringsHandlers = [whole]
            }
            sharedStrings = stringsHandlers.flatMap(\.strings)
        }
        if failures.dropFirst(stringsJobs).contains(where: { $0 != nil }) {
            let whole = SheetHandler()
            try XMLEvents.parse(sheetBytes, part: part, into: whole)
            sheetHandlers = [whole]
        }
        var rows: [TableRow] = []
        for handler in sheetHandlers {
            if let problem = handler.resolve(sharedStrings: sharedStrings ?? []) {
                throw .malformedXML(part: part, line: 1, reason: problem)
            }
            rows += handler.rows
        }
        return Table(rows: rows)
    }

    /// What the sheet holds besides cells, which reading it as a table leaves out: pictures and charts (drawings) and
    /// cell comments. Empty when the sheet has none (or does not exist).
    public mutating func contentOutsideCells(sheet name: String? = nil) -> [OutsideContent] {
        let chosen = name == nil ? sheets.first : sheets.first { $0.name == name }
        guard let sheet = chosen else { return [] }
        guard let relationships = try? package.relationships(of: sheet.part) else { return [] }
        var found: [OutsideContent] = []
        if relationships.contains(where: { $0.type.hasSuffix("/drawing") || $0.type.hasSuffix("/image") }) { found.append(.drawings) }
        if relationships.contains(where: { $0.type.hasSuffix("/comments") }) { found.append(.comments) }
        return found
    }

    /// Content of a sheet that is not cell text.
    public enum OutsideContent: String, Sendable, Hashable {
        case drawings = "图片或图表"
        case comments = "批注"
    }
}

// MARK: - Handlers

private final class WorkbookHandler: XMLEventHandler {
    var sheets: [(name: String, relationship: String)] = []

    func start(_ name: Substring, attributes: [String: String]) {
        guard name == "sheet", let sheetName = attributes["name"],
              let relationship = attributes.attribute("id", prefixed: true) else { return }
        sheets.append((sheetName, relationship))
    }

    func end(_ name: Substring) {}
    func text(_ text: String) {}
}

/// Collects `<si>` items: the text of every `<t>` in it, except those of phonetic runs (`<rPh>`).
private final class SharedStringsHandler: XMLEventHandler {
    var strings: [String] = []
    private var current = ""
    private var inItem = false, inText = false, phonetic = 0

    func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "si": inItem = true; current = ""
        case "t": inText = inItem && phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func end(_ name: Substring) {
        switch name {
        case "si":
            strings.append(SpreadsheetML.unescapeCellText(current))
            inItem = false
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }

    func text(_ text: String) {
        if inText { current += text }
    }
}

/// A large part cut into runs of whole items, each a document of its own, to be parsed on several cores: a worksheet
/// into runs of rows, the shared strings into runs of `<si>`. A run is the part's text up to and including the
/// container's start tag (`<sheetData>`, `<sst …>`), the items, and the container closed (`</sheetData></worksheet>`,
/// `</sst>`, with the part's prefixes). A row depends on nothing before it but its number, so a run of rows starts only
/// at a row that gives its number (`<row r="…"`). Nil when the part is small, or holds anything that could make a `<row`
/// or `<si` in the text something other than a start tag (CDATA, comments).
enum XMLPieces {
    /// Below this size a part is parsed whole.
    static let minimumSize = 1 << 20

    /// What to cut a part at.
    struct Shape {
        /// The element holding the items, and the elements to close after a run (innermost first).
        var container: String
        var closing: [String]
        var item: String
        /// Text an item's start tag must hold to start a run.
        var required: String?

        static let sheet = Shape(container: "sheetData", closing: ["sheetData", "worksheet"], item: "row", required: " r=\"")
        static let sharedStrings = Shape(container: "sst", closing: ["sst"], item: "si", required: nil)
    }

    static func split(_ bytes: [UInt8], shape: Shape, pieces: Int, minimumSize: Int = minimumSize) -> [[UInt8]]? {
        guard pieces > 1, bytes.count >= minimumSize, !XMLEvents.contains(bytes, "<![CDATA["), !XMLEvents.contains(bytes, "<!--") else { return nil }
        guard let containerTag = firstTag(bytes, named: shape.container, from: 0),
              let containerEnd = index(of: UInt8(ascii: ">"), in: bytes, from: containerTag.start),
              bytes[containerEnd - 1] != UInt8(ascii: "/") else { return nil }
        let prefix = containerTag.prefix
        let header = Array(bytes[...containerEnd])
        let closing = Array(shape.closing.map { "</\(prefix)\($0)>" }.joined().utf8)
        var starts = [containerEnd + 1]
        for piece in 1..<pieces {
            var search = max(starts.last!, (bytes.count / pieces) * piece)
            while let tag = firstTag(bytes, named: shape.item, from: search) {
                guard tag.prefix == prefix, let end = index(of: UInt8(ascii: ">"), in: bytes, from: tag.start) else { return nil }
                if shape.required.map({ XMLEvents.contains(Array(bytes[tag.start..<end]), $0) }) ?? true {
                    starts.append(tag.start)
                    break
                }
                search = end
            }
        }
        guard starts.count > 1 else { return nil }
        var runs: [[UInt8]] = []
        for (number, start) in starts.enumerated() {
            let isLast = number + 1 == starts.count
            let end = isLast ? bytes.count : starts[number + 1]
            var run = number == 0 ? Array(bytes[..<end]) : header + bytes[start..<end]
            if !isLast { run += closing }
            runs.append(run)
        }
        return runs
    }

    /// The first start tag `<name` or `<prefix:name` (followed by a space, `>` or `/`) at or after `from`.
    static func firstTag(_ bytes: [UInt8], named name: String, from: Int) -> (start: Int, prefix: String)? {
        let pattern = Array(name.utf8)
        var i = from
        while let open = index(of: UInt8(ascii: "<"), in: bytes, from: i) {
            var nameStart = open + 1
            var j = nameStart
            while j < bytes.count, bytes[j] != UInt8(ascii: " "), bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "/"),
                  bytes[j] != 0x09, bytes[j] != 0x0A, bytes[j] != 0x0D {
                if bytes[j] == UInt8(ascii: ":") { nameStart = j + 1 }
                j += 1
            }
            if j - nameStart == pattern.count, bytes[nameStart..<j].elementsEqual(pattern), bytes[open + 1] != UInt8(ascii: "/") {
                return (open, String(decoding: bytes[(open + 1)..<nameStart], as: UTF8.self))
            }
            i = open + 1
        }
        return nil
    }

    static func index(of byte: UInt8, in bytes: [UInt8], from: Int) -> Int? {
        guard from < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let hit = memchr(base + from, Int32(byte), buffer.count - from) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }
}

/// Parses XML parts on separate threads, each with its own handler; the error of each part, or nil.
private enum ParallelParse {
    /// One part and the handler that reads it (each handler is used by its one thread only).
    private struct Job: @unchecked Sendable {
        var bytes: [UInt8]
        var part: String
        var handler: any XMLEventHandler
    }

    static func run(_ jobs: [([UInt8], String, any XMLEventHandler)]) -> [TabularError?] {
        let boxed = jobs.map { Job(bytes: $0.0, part: $0.1, handler: $0.2) }
        return ParallelMap.map(boxed) { job -> TabularError? in
            do throws(TabularError) {
                try XMLEvents.parse(job.bytes, part: job.part, into: job.handler)
                return nil
            } catch {
                return error
            }
        }
    }
}

/// Collects the rows of a worksheet's `<sheetData>`. Shared-string cells are kept as references while the sheet is
/// parsed (the shared strings may be parsed at the same time) and filled in by `resolve`.
private final class SheetHandler: XMLEventHandler {
    var rows: [TableRow] = []
    /// Shared-string cells: row index in `rows`, column (1-based), the index as written.
    private var references: [(row: Int, column: Int, index: String)] = []

    private var row: TableRow?
    private var column = 0
    private var cellType = "n"
    private var value = ""
    private var inline = ""
    private var collecting: Collecting = .nothing
    private var phonetic = 0

    private enum Collecting { case nothing, value, inlineText }

    func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "row":
            let previous = rows.last?.number ?? 0
            let number = attributes["r"].flatMap { Int($0) } ?? previous + 1
            row = TableRow(number: number, line: number, cells: [])
            column = 0
        case "c":
            if let reference = attributes["r"], let parsed = SpreadsheetML.cellReference(reference) {
                column = parsed.column
            } else {
                column += 1
            }
            cellType = attributes["t"] ?? "n"
            value = ""
            inline = ""
        case "v": collecting = .value
        case "t": collecting = phonetic == 0 ? .inlineText : .nothing
        case "rPh": phonetic += 1
        default: break
        }
    }

    func end(_ name: Substring) {
        switch name {
        case "v", "t": collecting = .nothing
        case "rPh": phonetic -= 1
        case "c": storeCell()
        case "row":
            if let row { rows.append(row) }
            row = nil
        default: break
        }
    }

    func text(_ text: String) {
        switch collecting {
        case .value: value += text
        case .inlineText: inline += text
        case .nothing: break
        }
    }

    /// Fills in the shared-string cells; the problem with the first that refers to a string that does not exist.
    func resolve(sharedStrings: [String]) -> String? {
        for reference in references {
            guard let index = Int(reference.index.trimmingCharacters(in: .whitespaces)), index >= 0, index < sharedStrings.count else {
                return "单元格 \(SpreadsheetML.columnName(reference.column))\(rows[reference.row].number) 引用了不存在的共享字符串 \(reference.index)"
            }
            let text = sharedStrings[index]
            guard !text.isEmpty else { continue }
            if rows[reference.row].cells.count < reference.column {
                rows[reference.row].cells += Array(repeating: "", count: reference.column - rows[reference.row].cells.count)
            }
            rows[reference.row].cells[reference.column - 1] = text
        }
        references = []
        return nil
    }

    private func storeCell() {
        guard row != nil, column >= 1 else { return }
        let text: String
        switch cellType {
        case "s":
            // The row is appended when it ends: it will be at `rows.count`.
            references.append((rows.count, column, value))
            return
        case "inlineStr": text = SpreadsheetML.unescapeCellText(inline)
        case "b": text = value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
        case "str", "e", "d": text = SpreadsheetML.unescapeCellText(value)
        default: text = Self.number(value)
        }
        guard !text.isEmpty else { return }
        if row!.cells.count < column { row!.cells += Array(repeating: "", count: column - row!.cells.count) }
        row!.cells[column - 1] = text
    }

    /// A number as Excel shows it in a General cell: integers without a decimal point, others rounded to 15
    /// significant digits (`0.30000000000000004` is `0.3`). Text that is not a number is kept.
    static func number(_ raw: String) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite else { return trimmed }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        guard let rounded = Double(String(format: "%.15g", value)) else { return trimmed }
        return "\(rounded)"
    }
}
