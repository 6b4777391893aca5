import Foundation

/// Renders diagnostics as text in the form compilers use:
///
/// ```
/// Banks/宪法.md:12:4: error[E0202]: 答案中的“E”没有对应的选项
///   12 | 答案：E
///      |    ^
///   help: 本题的选项是 A、B、C、D；把答案改为其中的字母，或补上选项 E
/// ```
///
/// Notes that point at another place (the first occurrence of a duplicate id, say) get their own
/// `path:line:col: note:` line and snippet.
public struct DiagnosticFormatter: Sendable {
    /// Returns the text of line `line` (1-based) of `file`, without its line terminator.
    public typealias SourceLines = @Sendable (_ file: String, _ line: Int) -> String?

    public var sourceLines: SourceLines
    public var colors: Bool
    /// The scalars of the last line shown: many diagnostics on one very long line decode it once.
    private let lineCache = LineCache()

    /// Snippets longer than this many columns are cut around the caret.
    static let snippetWidth = 100

    public init(colors: Bool = false, sourceLines: @escaping SourceLines) {
        self.colors = colors
        self.sourceLines = sourceLines
    }

    public func format(_ diagnostic: Diagnostic) -> String {
        var out = header(diagnostic.range, severity: diagnostic.severity.rawValue,
                         code: diagnostic.code.rawValue, message: diagnostic.message)
        out += snippet(diagnostic.range)
        // Help and plain notes belong to the snippet above them; notes with a place of their own come last.
        let ordered = diagnostic.notes.filter { $0.range == nil } + diagnostic.notes.filter { $0.range != nil }
        for note in ordered {
            if let range = note.range {
                out += header(range, severity: note.kind.rawValue, code: nil, message: note.message)
                out += snippet(range)
            } else {
                out += "  " + paint(note.kind.rawValue + ":", note.kind == .help ? Style.help : Style.note) + " " + note.message + "\n"
            }
        }
        return out
    }

    public func format(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(format).joined()
    }

    /// The closing line: `发现 2 个错误、1 个警告` or `未发现问题`.
    public static func summary(_ diagnostics: [Diagnostic], questionCount: Int? = nil, fileCount: Int? = nil) -> String {
        var scope = ""
        if let fileCount, let questionCount { scope = "检查了 \(fileCount) 个文件、\(questionCount) 道题：" }
        let errors = diagnostics.errorCount, warnings = diagnostics.warningCount
        if errors == 0 && warnings == 0 { return scope + "未发现问题" }
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) 个错误") }
        if warnings > 0 { parts.append("\(warnings) 个警告") }
        return scope + "发现 " + parts.joined(separator: "、")
    }

    private enum Style: String {
        case error = "\u{1B}[1;31m"
        case warning = "\u{1B}[1;33m"
        case note = "\u{1B}[1;36m"
        case help = "\u{1B}[1;32m"
        case bold = "\u{1B}[1m"
        case gutter = "\u{1B}[34m"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        colors ? style.rawValue + text + "\u{1B}[0m" : text
    }

    private func header(_ range: SourceRange, severity: String, code: String?, message: String) -> String {
        let style: Style = switch severity {
        case "error": .error
        case "warning": .warning
        case "help": .help
        default: .note
        }
        let label = code.map { "\(severity)[\($0)]" } ?? severity
        return paint("\(range.file):\(range.start.line):\(range.start.column):", .bold) + " "
            + paint(label + ":", style) + " " + paint(message, .bold) + "\n"
    }

    private func snippet(_ range: SourceRange) -> String {
        guard let scalars = lineCache.scalars(file: range.file, line: range.start.line, source: sourceLines) else { return "" }
        let start = min(max(range.start.column - 1, 0), scalars.count)
        var end = range.end.line == range.start.line ? min(max(range.end.column - 1, start), scalars.count) : scalars.count
        if end == start { end = min(start + 1, max(scalars.count, start + 1)) }

        // Cut very long lines (a 10 MB line must not reach the terminal) to a window around the caret.
        var windowStart = 0
        var windowEnd = scalars.count
        if scalars.count > Self.snippetWidth / 2 && DisplayWidth.of(scalars.prefix(Self.snippetWidth + 1)) > Self.snippetWidth
            || scalars.count > Self.snippetWidth {
            windowStart = max(0, start - Self.snippetWidth / 4)
            windowEnd = min(scalars.count, windowStart + Self.snippetWidth / 2)
            end = min(end, max(windowEnd, start + 1))
        }
        let lead = windowStart > 0 ? "…" : ""
        let trail = windowEnd < scalars.count ? "…" : ""
        let shown = scalars[windowStart..<windowEnd].map { $0 == "\t" ? " " : Character($0) }
        let caretOffset = DisplayWidth.of(scalars[windowStart..<start]) + (lead.isEmpty ? 0 : 1)
        let underlined = start < scalars.count ? DisplayWidth.of(scalars[start..<min(end, scalars.count)]) : 1
        let marker = "^" + String(repeating: "~", count: max(0, underlined - 1))

        let number = String(range.start.line)
        let pad = String(repeating: " ", count: number.count)
        return "  " + paint(number + " |", .gutter) + " " + lead + String(shown) + trail + "\n"
            + "  " + paint(pad + " |", .gutter) + " " + String(repeating: " ", count: caretOffset)
            + paint(marker, .error) + "\n"
    }
}

/// Remembers the decoded scalars of the most recently shown line.
private final class LineCache: @unchecked Sendable {
    private let lock = NSLock()
    private var key: (file: String, line: Int)?
    private var value: [Unicode.Scalar] = []

    func scalars(file: String, line: Int, source: DiagnosticFormatter.SourceLines) -> [Unicode.Scalar]? {
        lock.lock()
        defer { lock.unlock() }
        if let key, key.file == file, key.line == line { return value }
        guard let text = source(file, line) else { return nil }
        key = (file, line)
        value = Array(text.unicodeScalars)
        return value
    }
}
