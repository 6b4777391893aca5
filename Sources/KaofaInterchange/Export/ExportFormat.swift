import KaofaCore

/// The formats `kaofa export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    case xlsx, csv, moodle, qti

    /// The format a file name's extension names (`.xlsx`, `.csv`, `.xml` for Moodle, `.zip` for QTI), or nil.
    public static func inferred(fromPath path: String) -> ExportFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "xlsx": return .xlsx
        case "csv": return .csv
        case "xml": return .moodle
        case "zip": return .qti
        default: return nil
        }
    }

    /// The table format, for the formats that are tables.
    public var table: TableFormat? {
        switch self {
        case .xlsx: .xlsx
        case .csv: .csv
        case .moodle, .qti: nil
        }
    }
}

/// A bank exported to one of the `ExportFormat`s: the file's bytes, what was held back, and what else to tell.
public struct ExportedFile: Sendable {
    public var bytes: [UInt8]
    public var report: any BankExport
    /// Lines said once after the list (how 多选 scores in Moodle).
    public var notes: [String]

    /// Exports `questions` (a bank that passed `kaofa check`) as `format`.
    public init(_ questions: [Question], format: ExportFormat, catalog: LawCatalog) throws {
        if let table = format.table {
            let export = BankTableExport(questions, catalog: catalog, format: table)
            bytes = table == .xlsx ? try export.xlsx() : export.csv()
            report = export
            notes = []
        } else if format == .qti {
            let export = QTIPackageExport(questions, catalog: catalog)
            bytes = try export.zip()
            report = export
            notes = []
        } else {
            let export = MoodleXMLExport(questions, catalog: catalog)
            bytes = Array(export.xml.utf8)
            report = export
            notes = ExportSummary.moodleScoringNote(export).map { [$0] } ?? []
        }
    }
}

/// What every export tells: the questions written, and a W0812 or W0813 for each question not written whole.
public protocol BankExport: Sendable {
    /// The ids of the exported questions, in order (nil for a question without an id).
    var exportedIDs: [String?] { get }
    /// W0812 and W0813, in the order of the questions.
    var diagnostics: [Diagnostic] { get }
}

extension BankExport {
    /// Questions not written at all.
    public var omittedCount: Int { diagnostics.count { $0.code == .exportQuestionOmitted } }
    /// Questions written without part of their content.
    public var partialCount: Int { diagnostics.count { $0.code == .exportContentOmitted } }
}

/// The last line `kaofa export` prints: how many questions went where, and how many were held back.
public enum ExportSummary {
    public static func line(_ export: some BankExport, total: Int, output: String) -> String {
        let written = export.exportedIDs.count
        var line = "已导出 \(written) 道题（共 \(total) 道）到 \(output)"
        if export.omittedCount == 0 && export.partialCount == 0 { return line + "，全部内容都已导出" }
        var parts: [String] = []
        if export.omittedCount > 0 { parts.append("\(export.omittedCount) 道题没有导出（W0812）") }
        if export.partialCount > 0 { parts.append("\(export.partialCount) 道题有内容没有导出（W0813）") }
        line += "；" + parts.joined(separator: "，") + "，见上面的列表"
        return line
    }

    /// Said once when 多选/不定项 questions went to Moodle: core Moodle cannot score them all-or-nothing.
    public static func moodleScoringNote(_ export: MoodleXMLExport) -> String? {
        guard export.multipleChoiceCount > 0 else { return nil }
        return "注意：\(export.multipleChoiceCount) 道多选题、不定项选择题在 Moodle 中按选对的比例得分（每个正确选项 100/k 分，选错任何一项得 0 分）；"
            + "Moodle 自带的题型不能设为 kaofa 默认的“全部选对才得分”"
    }
}
