import KaofaCore

/// What an import did, row by row, and what `kaofa check` says about the bank it wrote.
public struct ImportReport: Sendable {
    /// What became of one row of the table.
    public struct Row: Sendable, Hashable {
        public enum Outcome: Sendable, Hashable {
            case imported(id: String, type: QuestionType)
            case dropped
        }

        public var number: Int
        public var outcome: Outcome
    }

    public var sourcePath: String
    public var outputPath: String
    /// How the source was read, for the report's first line: `CSV，UTF-8 编码`, `Excel 工作表“题库”` ….
    public var sourceSummary: String
    /// What else is worth telling about reading it (an encoding converted).
    public var sourceNotes: [String]
    /// How the header was understood; nil when no header was found.
    public var mapping: ColumnMapping?
    /// Every row below the header that has content, in row order.
    public var rows: [Row] = []
    /// Rows below the header with nothing in them.
    public var blankRows = 0
    /// How many ids were given out (the 编号 was empty, invalid or taken).
    public var generatedIDs = 0
    /// Findings about the table, at its rows and columns (E08xx, W08xx).
    public var diagnostics: [Diagnostic] = []
    /// Findings about the file as a whole, said once before the questions (categories used, names not imported), at
    /// the line they start from but not about the question there.
    public var fileNotes: [Diagnostic] = []
    /// The bank to write, as UTF-8; nil when there is nothing to write.
    public var bankBytes: [UInt8]?
    /// The bank to write as text (made from `bankBytes` on each call).
    public var bankText: String? { bankBytes.map { String(decoding: $0, as: UTF8.self) } }
    /// What `kaofa check` reports on the written bank (checked with the banks beside it).
    public var bankDiagnostics: [Diagnostic] = []
    /// The compiled sources, for showing the lines diagnostics point at.
    public var sources: [SourceFile] = []
    var placements: [BankTextWriter.Placement] = []
    /// For formats whose questions span several lines (Moodle XML, GIFT, Aiken): the lines of each question, so that a
    /// finding at any of its lines is listed under it. Empty for tables and pasted text (a finding is at its row).
    var spans: [ClosedRange<Int>] = []

    /// The row a finding at `line` of the source is listed under: the row itself, or the question spanning the line.
    /// Spans are in line order: binary search for the last one starting at or before `line`.
    func row(ofSourceLine line: Int) -> Int? {
        var low = 0, high = spans.count
        while low < high {
            let mid = (low + high) / 2
            if spans[mid].lowerBound <= line { low = mid + 1 } else { high = mid }
        }
        guard low > 0, spans[low - 1].contains(line) else { return nil }
        return spans[low - 1].lowerBound
    }

    init(sourcePath: String, outputPath: String, sourceSummary: String, sourceNotes: [String]) {
        self.sourcePath = sourcePath
        self.outputPath = outputPath
        self.sourceSummary = sourceSummary
        self.sourceNotes = sourceNotes
    }

    mutating func finish() {
        rows.sort { $0.number < $1.number }
        diagnostics = diagnostics.sortedForReporting()
    }

    /// The questions written, by type, in kaofa's type order.
    public var importedByType: [(type: QuestionType, count: Int)] {
        QuestionType.allCases.compactMap { type in
            let count = rows.count { if case .imported(_, type) = $0.outcome { true } else { false } }
            return count > 0 ? (type, count) : nil
        }
    }

    public var importedCount: Int { rows.count { $0.outcome != .dropped } }
    public var droppedRows: [Int] { rows.filter { $0.outcome == .dropped }.map(\.number) }

    /// The row a line of the written bank belongs to.
    public func row(ofBankLine line: Int) -> Int? {
        // Placements are in line order: binary search for the last one starting at or before `line`.
        var low = 0, high = placements.count
        while low < high {
            let mid = (low + high) / 2
            if placements[mid].firstLine <= line { low = mid + 1 } else { high = mid }
        }
        guard low > 0, line <= placements[low - 1].lastLine else { return nil }
        return placements[low - 1].row
    }

    /// The row a bank diagnostic is about: where it points, or where one of its notes points in the written bank.
    public func row(of diagnostic: Diagnostic) -> Int? {
        if diagnostic.range.file == outputPath { return row(ofBankLine: diagnostic.range.start.line) }
        return diagnostic.notes.lazy.compactMap { note in note.range.flatMap { $0.file == self.outputPath ? self.row(ofBankLine: $0.start.line) : nil } }.first
    }

    /// Rows whose question `kaofa check` finds an error in, or that did not read back as written.
    public var rowsNeedingAttention: [Int] {
        var rows = Set(bankDiagnostics.filter { $0.severity == .error }.compactMap(row(of:)))
        for diagnostic in diagnostics where diagnostic.code == .importMismatch { rows.insert(diagnostic.range.start.line) }
        return rows.sorted()
    }

    /// Rows whose question has no law (W0408 on the written bank).
    public var rowsWithoutLaw: [Int] {
        bankDiagnostics.filter { $0.code == .missingLaw }.compactMap(row(of:)).sorted()
    }

    /// True when something was not imported, or the written bank does not pass `kaofa check`.
    public var hasErrors: Bool { diagnostics.hasErrors || bankDiagnostics.hasErrors }
}
