/// One row of a table read from a file — CSV or a spreadsheet sheet — with where it starts, for diagnostics.
public struct TextRow: Sendable, Hashable {
    public var fields: [String]
    /// The line (CSV) or row number (spreadsheet), from 1.
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}
