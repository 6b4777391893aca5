/// How serious a finding is. Errors make `check` fail and `compile` refuse to write.
public enum DiagnosticSeverity: String, Sendable, Codable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// Something said in addition to a diagnostic's message: a `note:` (optionally pointing at another
/// place, e.g. the first occurrence of a duplicate) or a `help:` saying how to fix the problem.
public struct DiagnosticNote: Hashable, Sendable {
    public enum Kind: String, Sendable, Codable {
        case note
        case help
    }

    public var kind: Kind
    public var message: String
    public var range: SourceRange?

    public init(_ kind: Kind, _ message: String, at range: SourceRange? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
    }

    public static func note(_ message: String, at range: SourceRange? = nil) -> Self { Self(.note, message, at: range) }
    public static func help(_ message: String) -> Self { Self(.help, message) }
}

/// One finding, from any stage of kaofa: the bank parser, the checks, the blueprint loader,
/// the importers or the server. Codes are stable and listed in `docs/diagnostics.md`.
public struct Diagnostic: Hashable, Sendable, Error {
    public var code: DiagnosticCode
    public var severity: DiagnosticSeverity
    public var message: String
    public var range: SourceRange
    public var notes: [DiagnosticNote]

    public init(_ code: DiagnosticCode, _ message: String, at range: SourceRange,
                severity: DiagnosticSeverity? = nil, notes: [DiagnosticNote] = []) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.range = range
        self.notes = notes
    }

    /// The order diagnostics are reported in: by file, then position, then code. Stable across runs.
    public static func reportingOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        if lhs.range.file != rhs.range.file { return lhs.range.file.utf8.lexicographicallyPrecedes(rhs.range.file.utf8) }
        if lhs.range.start != rhs.range.start { return lhs.range.start < rhs.range.start }
        if lhs.code != rhs.code { return lhs.code.rawValue < rhs.code.rawValue }
        return lhs.message.utf8.lexicographicallyPrecedes(rhs.message.utf8)
    }
}

extension Array where Element == Diagnostic {
    public var errorCount: Int { count(where: { $0.severity == .error }) }
    public var warningCount: Int { count(where: { $0.severity == .warning }) }
    public var hasErrors: Bool { contains(where: { $0.severity == .error }) }

    /// Sorted for reporting, with exact repeats removed. Repeats sort next to each other, so only neighbours are
    /// compared (hashing every diagnostic's Chinese text would cost more than the sort).
    public func sortedForReporting() -> [Diagnostic] {
        var result: [Diagnostic] = []
        result.reserveCapacity(count)
        for diagnostic in sorted(by: Diagnostic.reportingOrder) {
            if let last = result.last, !Diagnostic.reportingOrder(last, diagnostic), last == diagnostic { continue }
            result.append(diagnostic)
        }
        return result
    }
}
