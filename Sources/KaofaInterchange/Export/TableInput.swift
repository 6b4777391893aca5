import KaofaCore

/// Rows of a table file a teacher gives kaofa — a roster, a score table — whatever it was saved as: CSV in UTF-8,
/// GB18030 (GBK) or UTF-16, tab-separated text, or an Excel workbook (.xlsx, its first sheet).
public enum TableInput {
    /// The rows, numbered as the teacher sees them (CSV lines, spreadsheet rows), or why the file cannot be read.
    public static func rows(_ bytes: [UInt8], path: String) -> Result<[TextRow], Diagnostic> {
        do {
            let table: Table
            if path.lowercased().hasSuffix(".xlsx") {
                var workbook = try XLSXWorkbook(bytes: bytes)
                table = try workbook.table()
            } else {
                table = try CSVReader.read(bytes).table
            }
            return .success(table.rows.map { TextRow(fields: $0.cells, line: path.lowercased().hasSuffix(".xlsx") ? $0.number : $0.line) })
        } catch {
            return .failure(Diagnostic(.fileUnreadable, "无法读取“\(path)”：\(error)", at: .wholeFile(path),
                                       notes: [.help("表格可以是 CSV（UTF-8 或 GBK 编码都可以）或 Excel 工作簿（.xlsx，读第一个工作表）")]))
        }
    }
}
