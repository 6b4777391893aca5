import KaofaCore

/// The table formats `kaofa import` reads.
public enum TableFormat: String, CaseIterable, Sendable {
    case xlsx, csv

    /// The format a file name's extension names (`.xlsx`, `.csv`, `.tsv`), or nil.
    public static func inferred(fromPath path: String) -> TableFormat? {
        ImportFormat.inferred(fromPath: path)?.table
    }
}

/// The formats `kaofa import` reads: tables, text pasted from Word, and the question formats of other systems.
public enum ImportFormat: String, CaseIterable, Sendable {
    case xlsx, csv, text, word, moodle, gift, aiken

    /// The format a file name's extension names (`.xlsx`/`.xlsm`, `.csv`/`.tsv`, `.txt`, `.docx`/`.docm`, `.xml`, `.gift`, `.aiken`), or
    /// nil. `.txt` is always pasted text: GIFT and Aiken files saved as `.txt` need `--from`.
    public static func inferred(fromPath path: String) -> ImportFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "xlsx", "xlsm": return .xlsx
        case "csv", "tsv": return .csv
        case "txt", "text": return .text
        case "docx", "docm": return .word
        case "xml": return .moodle
        case "gift": return .gift
        case "aiken": return .aiken
        default: return nil
        }
    }

    /// The table format, for the formats that are tables.
    public var table: TableFormat? {
        switch self {
        case .xlsx: .xlsx
        case .csv: .csv
        case .text, .word, .moodle, .gift, .aiken: nil
        }
    }
}

/// A table read from a file, with what is worth telling about how it was read.
public struct LoadedTable: Sendable {
    public var table: Table
    public var format: TableFormat
    /// The sheet read (XLSX) and the workbook's sheets.
    public var sheet: String?
    public var sheets: [String]
    /// The text encoding (CSV).
    public var encoding: TextEncoding?
    /// What the sheet holds that a table of text leaves out (XLSX pictures, comments).
    public var outsideCells: [XLSXWorkbook.OutsideContent] = []

    /// How the table was read, in words: `CSV，UTF-8 编码`, `Excel 工作表“题库”，工作簿共有 2 个工作表：…`.
    var summary: String {
        switch format {
        case .csv: return "CSV，\(encoding?.rawValue ?? "UTF-8") 编码"
        case .xlsx:
            var text = "Excel 工作表“\(sheet ?? "")”"
            if sheets.count > 1 { text += "，工作簿共有 \(sheets.count) 个工作表：" + sheets.map { "“\($0)”" }.joined(separator: "、") }
            return text
        }
    }

    var notes: [String] {
        encoding == .gb18030 ? ["文件是 GB18030（GBK）编码，已转换为 UTF-8"] : []
    }
}

/// Reads the bytes of a CSV or XLSX file into a `Table`, turning every problem into a diagnostic at its line.
public enum TableSource {
    public static func load(_ bytes: [UInt8], format: TableFormat, path: String, sheet: String? = nil) -> Result<LoadedTable, Diagnostic> {
        let whole = SourceRange.wholeFile(path)
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return .failure(Diagnostic(.unreadableImportFile, "这是旧版 Excel 97-2003（.xls）文件，kaofa 只能读取 .xlsx 和 .csv", at: whole,
                notes: [.help("在 Excel 或 WPS 中打开，“另存为”选择“Excel 工作簿（*.xlsx）”，再导入新文件")]))
        }
        switch format {
        case .csv:
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                return .failure(Diagnostic(.unreadableImportFile, "这是 Excel（.xlsx）文件，不是 CSV 文本", at: whole,
                    notes: [.help("改用 --from xlsx，或把文件的扩展名改为 .xlsx")]))
            }
            if let nul = SourceDecoder.firstNUL(bytes) {
                let line = CSVReader.lineNumber(bytes, offset: nul)
                return .failure(Diagnostic(.unreadableImportFile, "这不是文本文件（第 \(line) 行含有 NUL 字节），无法作为 CSV 读取",
                    at: SourceRange.line(line, of: path),
                    notes: [.help("在 Excel 或 WPS 中打开表格，“另存为”选择“CSV UTF-8（逗号分隔）”")]))
            }
            do throws(TabularError) {
                let document = try CSVReader.read(bytes)
                // Cells protected against formula injection (by `kaofa export` or another tool) read as they were; only
                // a cell that starts with `'` can be one.
                var table = document.table
                for row in table.rows.indices {
                    for cell in table.rows[row].cells.indices where table.rows[row].cells[cell].utf8.first == UInt8(ascii: "'") {
                        table.rows[row].cells[cell] = FormulaGuard.unprotect(table.rows[row].cells[cell])
                    }
                }
                return .success(LoadedTable(table: table, format: .csv, sheet: nil, sheets: [], encoding: document.encoding))
            } catch {
                return .failure(diagnostic(error, path: path))
            }
        case .xlsx:
            do throws(TabularError) {
                var workbook = try XLSXWorkbook(bytes: bytes)
                let table = try workbook.table(sheet: sheet)
                return .success(LoadedTable(table: table, format: .xlsx, sheet: sheet ?? workbook.sheetNames[0],
                                            sheets: workbook.sheetNames, encoding: nil,
                                            outsideCells: workbook.contentOutsideCells(sheet: sheet)))
            } catch {
                var result = diagnostic(error, path: path)
                if error == .notZip, CSVReader.firstInvalidUTF8(bytes) == nil, !bytes.isEmpty {
                    result.notes = [.help("这个文件看起来是文本（CSV），改用 --from csv，或把扩展名改为 .csv")]
                }
                return .failure(result)
            }
        }
    }

    /// The diagnostic for a table that cannot be read.
    static func diagnostic(_ error: TabularError, path: String) -> Diagnostic {
        func at(_ line: Int) -> SourceRange {
            SourceRange.line(line, of: path)
        }
        switch error {
        case let .unterminatedQuote(line):
            return Diagnostic(.invalidCSV, error.description, at: at(line), notes: [
                .note("引号之后直到文件末尾的内容都被当成了这一格，所以无法读取"),
                .help("内容中的英文双引号要写成两个（\"\"）；用 Excel 或 WPS 打开后重新“另存为”CSV 可以自动修正"),
            ])
        case let .undecodableText(line):
            return Diagnostic(.invalidCSV, error.description, at: at(line), notes: [
                .note("文件可能被截断，或混用了多种编码"),
                .help("在 Excel 或 WPS 中打开表格，“另存为”选择“CSV UTF-8（逗号分隔）”"),
            ])
        case .sheetNotFound:
            return Diagnostic(.unknownSheet, error.description, at: .wholeFile(path),
                              notes: [.help("用 --sheet 写出其中一个工作表的名称；不写 --sheet 时读取第一个工作表")])
        case .notZip, .missingPart, .damagedPart, .malformedXML, .noSheets, .tooLarge:
            return Diagnostic(.unreadableImportFile, error.description, at: .wholeFile(path), notes: [
                .help("在 Excel 或 WPS 中打开这个文件，确认内容完好后重新“另存为”.xlsx；也可以另存为“CSV UTF-8（逗号分隔）”再导入"),
            ])
        }
    }
}
