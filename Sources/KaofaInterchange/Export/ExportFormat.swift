/// The formats `kaofa export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    case xlsx, csv

    /// The format a file name's extension names (`.xlsx`, `.csv`), or nil.
    public static func inferred(fromPath path: String) -> ExportFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return ExportFormat(rawValue: path[path.index(after: dot)...].lowercased())
    }

    /// The table format, for the formats that are tables.
    public var table: TableFormat {
        switch self {
        case .xlsx: .xlsx
        case .csv: .csv
        }
    }
}

/// The last line `kaofa export` prints: how many questions went where, and how many were held back.
public enum ExportSummary {
    public static func line(_ export: BankTableExport, total: Int, output: String) -> String {
        let written = export.exportedIDs.count
        var line = "已导出 \(written) 道题（共 \(total) 道）到 \(output)"
        if export.omittedCount == 0 && export.partialCount == 0 { return line + "，全部内容都已导出" }
        var parts: [String] = []
        if export.omittedCount > 0 { parts.append("\(export.omittedCount) 道题没有导出（W0812）") }
        if export.partialCount > 0 { parts.append("\(export.partialCount) 道题有内容没有导出（W0813）") }
        line += "；" + parts.joined(separator: "，") + "，见上面的列表"
        return line
    }
}
