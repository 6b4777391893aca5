/// The machine-readable form of diagnostics (`kaofa check --format json`), a stable contract
/// described in `docs/diagnostics.md` and `docs/schemas/diagnostics.schema.json`.
public enum DiagnosticJSON {
    public static func value(_ diagnostic: Diagnostic) -> JSONValue {
        var members: [(String, JSONValue)] = position(diagnostic.range)
        members += [
            ("endLine", .int(diagnostic.range.end.line)),
            ("endColumn", .int(diagnostic.range.end.column)),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("code", .string(diagnostic.code.rawValue)),
            ("message", .string(diagnostic.message)),
            ("notes", .array(diagnostic.notes.map(value))),
        ]
        return .object(members)
    }

    public static func value(_ note: DiagnosticNote) -> JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string(note.kind.rawValue)), ("message", .string(note.message))]
        if let range = note.range { members += position(range) }
        return .object(members)
    }

    /// The array `check --format json` prints.
    public static func array(_ diagnostics: [Diagnostic]) -> JSONValue {
        .array(diagnostics.map(value))
    }

    private static func position(_ range: SourceRange) -> [(String, JSONValue)] {
        [("file", .string(range.file)), ("line", .int(range.start.line)), ("column", .int(range.start.column))]
    }
}
