/// A table read from a CSV file or a spreadsheet: rows of text cells, each row knowing where it came from.
///
/// Cells are text as the file shows it (numbers as their digits, booleans as `TRUE`/`FALSE`); a missing cell is
/// the empty string. Rows keep their numbers so that every message about them can name the row a teacher sees.
public struct Table: Sendable, Hashable {
    public var rows: [TableRow]

    public init(rows: [TableRow]) {
        self.rows = rows
    }

    /// A table of `cells`, numbered from 1 as a spreadsheet numbers its rows.
    public init(cells: [[String]]) {
        rows = cells.enumerated().map { TableRow(number: $0.offset + 1, line: $0.offset + 1, cells: $0.element) }
    }

    /// The number of columns of the widest row.
    public var columnCount: Int { rows.reduce(0) { max($0, $1.cells.count) } }
}

/// One row of a `Table`.
public struct TableRow: Sendable, Hashable {
    /// The row number a spreadsheet program shows (1-based): the record's index in a CSV file (the header is row 1),
    /// the row's own number in an XLSX sheet (rows left out of the sheet leave gaps).
    public var number: Int
    /// Where the row starts in a text file (1-based): for CSV the physical line, which is later than `number` when
    /// earlier cells hold line breaks; for XLSX the same as `number`.
    public var line: Int
    /// The cells from column A on; trailing empty cells may be absent.
    public var cells: [String]

    public init(number: Int, line: Int, cells: [String]) {
        self.number = number
        self.line = line
        self.cells = cells
    }

    /// The cell in `column` (0-based), or the empty string past the end of the row.
    public subscript(column: Int) -> String {
        column >= 0 && column < cells.count ? cells[column] : ""
    }

    /// True when every cell is empty or white space.
    public var isBlank: Bool {
        cells.allSatisfy { $0.unicodeScalars.allSatisfy(ImportText.isSpace) }
    }
}

/// The text encodings `CSVReader` recognises.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case gb18030 = "GB18030"
    case utf16LittleEndian = "UTF-16LE"
    case utf16BigEndian = "UTF-16BE"
}

/// Why a table could not be read or written. `description` says it in Chinese, for messages to users.
public enum TabularError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A quoted CSV field opened on `line` never closes.
    case unterminatedQuote(line: Int)
    /// The text is neither UTF-8 nor GB18030 (nor UTF-16 with a byte-order mark); `line` is where it first fails.
    case undecodableText(line: Int)
    /// The file is not a zip archive, or its directory is damaged or cut short.
    case notZip
    /// A part of the package is missing.
    case missingPart(String)
    /// A part could not be extracted (damaged or truncated data).
    case damagedPart(String)
    /// A part is not well-formed XML, or uses what spreadsheets never need (a DOCTYPE, entities).
    case malformedXML(part: String, line: Int, reason: String)
    /// The workbook has no sheet of that name.
    case sheetNotFound(name: String, available: [String])
    /// The workbook lists no sheets.
    case noSheets
    /// The file or its unpacked contents exceed a safety limit (a zip bomb, or far larger than any question bank).
    case tooLarge(limit: String)

    public var description: String {
        switch self {
        case let .unterminatedQuote(line):
            "第 \(line) 行开始的带引号的内容没有结束引号（\"）"
        case let .undecodableText(line):
            "文件在第 \(line) 行处既不是 UTF-8 也不是 GB18030（GBK）编码的文字"
        case .notZip, .missingPart, .damagedPart, .malformedXML:
            description(of: "Excel", suffix: ".xlsx")
        case let .sheetNotFound(name, available):
            "工作簿中没有名为“\(name)”的工作表；现有的工作表：" + available.map { "“\($0)”" }.joined(separator: "、")
        case .noSheets:
            "工作簿中没有工作表"
        case let .tooLarge(limit):
            "文件超过了安全上限（\(limit)）"
        }
    }

    /// A package error said of a document of `kind` (`Excel`, `Word`), whose file name ends in `suffix`; the other
    /// errors as `description`.
    func description(of kind: String, suffix: String) -> String {
        switch self {
        case .notZip: "这不是有效的 \(kind)（\(suffix)）文件：文件不是 zip 压缩包，或已损坏、不完整"
        case let .missingPart(part): "这不是有效的 \(kind)（\(suffix)）文件：缺少 \(part)"
        case let .damagedPart(part): "\(kind) 文件已损坏或不完整：无法解压 \(part)"
        case let .malformedXML(part, line, reason): "\(kind) 文件已损坏：\(part) 第 \(line) 行 XML 有误（\(reason)）"
        default: description
        }
    }
}
