/// A position in a source file: 1-based line and 1-based column counted in Unicode scalars
/// (one Chinese character is one column), as editors show it.
public struct SourcePosition: Hashable, Comparable, Sendable, Codable {
    // Stored in 32 bits (bank files are at most 256 MB): every syntax node and question holds several positions,
    // and smaller nodes are cheaper to build, copy and keep.
    private var storedLine: Int32
    private var storedColumn: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(newValue) }
    }

    public init(line: Int, column: Int) {
        storedLine = Int32(line)
        storedColumn = Int32(column)
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.storedLine, lhs.storedColumn) < (rhs.storedLine, rhs.storedColumn)
    }

    private enum CodingKeys: String, CodingKey {
        case line, column
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(line: try container.decode(Int.self, forKey: .line), column: try container.decode(Int.self, forKey: .column))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
    }
}

/// A half-open range `start..<end` within one file. `end` may equal `start` for a point.
public struct SourceRange: Hashable, Sendable, Codable {
    public var file: String
    public var start: SourcePosition
    public var end: SourcePosition

    public init(file: String, start: SourcePosition, end: SourcePosition) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// The start of line `line` of `file`: where a problem with a whole line or record (a table row, a sheet, an
    /// imported question) is reported.
    public static func line(_ line: Int, of file: String) -> SourceRange {
        SourceRange(file: file, start: SourcePosition(line: line, column: 1), end: SourcePosition(line: line, column: 1))
    }

    /// A range covering a whole file, for problems that have no better place (I/O, encoding).
    public static func wholeFile(_ file: String) -> SourceRange {
        SourceRange(file: file, start: SourcePosition(line: 1, column: 1), end: SourcePosition(line: 1, column: 1))
    }
}
