/// A position in a source file: 1-based line and 1-based column counted in Unicode scalars
/// (one Chinese character is one column), as editors show it.
public struct SourcePosition: Hashable, Comparable, Sendable, Codable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
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

    /// A range covering a whole file, for problems that have no better place (I/O, encoding).
    public static func wholeFile(_ file: String) -> SourceRange {
        SourceRange(file: file, start: SourcePosition(line: 1, column: 1), end: SourcePosition(line: 1, column: 1))
    }
}
