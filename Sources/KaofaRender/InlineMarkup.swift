/// The little markup bank text may use (docs/bank-format.md §4.8), parsed once and printed by every printable
/// format (HTML, DOCX): `**bold**`, `*emphasis*`, line breaks, runs of two or more `_`/`＿` as underlined blanks,
/// empty （  ） as the question type wants, images `![说明](图片/图1.png)` and simple `| a | b |` tables. Everything
/// else, including any HTML or XML, is text.
public enum InlineMarkup {
    /// A piece of a line.
    public indirect enum Span: Equatable, Sendable {
        case text(String)
        case strong([Span])
        case emphasis([Span])
        case lineBreak
        /// An underlined blank for the examinee to write in.
        case blank
        /// `（　　）`, wide enough to write a letter in.
        case answerSpace
        /// An image, its path as written (relative to the bank file).
        case image(alt: String, path: String)
    }

    /// Lines of text, or a table.
    public enum Block: Equatable, Sendable {
        case text([Span])
        /// Rows of cells; the first row is the header.
        case table([[[Span]]])
    }

    /// What an empty （  ） in bank text prints as.
    public enum EmptyParentheses: Sendable {
        /// As written.
        case literal
        /// An underlined blank (填空题).
        case blank
        /// `（　　）`, wide enough to write a letter in (选择题).
        case answerSpace
    }

    /// The spans of `text`, with no tables (options, 解析 and other one-paragraph text).
    public static func spans(_ text: String, emptyParentheses: EmptyParentheses = .literal) -> [Span] {
        var out: [Span] = []
        parse(Array(text.unicodeScalars)[...], emptyParentheses: emptyParentheses, into: &out)
        return out
    }

    /// Text split into runs of lines and tables: a table is two or more lines starting with `|` whose second line
    /// is a delimiter row (`|---|---|`).
    public static func blocks(_ text: String, emptyParentheses: EmptyParentheses = .literal) -> [Block] {
        // Most text has no table: no need to look at its lines.
        guard text.utf8.contains(UInt8(ascii: "|")) else {
            return [.text(spans(text, emptyParentheses: emptyParentheses))]
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func isRow(_ line: Substring) -> Bool { line.trimmingSpaces.hasPrefix("|") }
        func isDelimiter(_ line: Substring) -> Bool {
            let trimmed = line.trimmingSpaces
            return trimmed.hasPrefix("|") && trimmed.contains("-") && trimmed.allSatisfy { "|-: ".contains($0) }
        }
        var blocks: [Block] = [], pending: [Substring] = []
        func flush() {
            guard !pending.isEmpty else { return }
            blocks.append(.text(spans(pending.joined(separator: "\n"), emptyParentheses: emptyParentheses)))
            pending = []
        }
        var index = 0
        while index < lines.count {
            if isRow(lines[index]), index + 1 < lines.count, isDelimiter(lines[index + 1]) {
                flush()
                var rows = [cells(lines[index])]
                index += 2
                while index < lines.count, isRow(lines[index]) {
                    rows.append(cells(lines[index]))
                    index += 1
                }
                blocks.append(.table(rows))
            } else {
                pending.append(lines[index])
                index += 1
            }
        }
        flush()
        return blocks
    }

    /// The cells of a `| a | b |` row.
    private static func cells(_ line: Substring) -> [[Span]] {
        var trimmed = line.trimmingSpaces
        if trimmed.hasPrefix("|") { trimmed = trimmed.dropFirst() }
        if trimmed.hasSuffix("|") { trimmed = trimmed.dropLast() }
        return trimmed.split(separator: "|", omittingEmptySubsequences: false).map { spans(String($0.trimmingSpaces)) }
    }

    /// The images `text` shows, in order.
    public static func images(in text: String) -> [(alt: String, path: String)] {
        guard text.utf8.contains(UInt8(ascii: "!")) else { return [] }
        var found: [(String, String)] = []
        func visit(_ spans: [Span]) {
            for span in spans {
                switch span {
                case let .image(alt, path): found.append((alt, path))
                case let .strong(inner), let .emphasis(inner): visit(inner)
                default: break
                }
            }
        }
        for block in blocks(text) {
            switch block {
            case let .text(spans): visit(spans)
            case let .table(rows): rows.joined().forEach(visit)
            }
        }
        return found
    }

    /// The plain text of spans (for alt text and tests).
    public static func plainText(_ spans: [Span]) -> String {
        spans.map { span in
            switch span {
            case let .text(text): text
            case let .strong(inner), let .emphasis(inner): plainText(inner)
            case .lineBreak: "\n"
            case .blank: "____"
            case .answerSpace: "（　　）"
            case let .image(alt, _): alt
            }
        }.joined()
    }

    /// Works on Unicode scalars: comparing `Character`s would normalise Chinese text on every comparison.
    private static func parse(_ scalars: ArraySlice<Unicode.Scalar>, emptyParentheses: EmptyParentheses, into out: inout [Span]) {
        var text = String.UnicodeScalarView()
        func flushText() {
            guard !text.isEmpty else { return }
            out.append(.text(String(text)))
            text = String.UnicodeScalarView()
        }
        /// The position of the closing `*` or `**` on the same line, if any.
        func closing(_ width: Int, from start: Int) -> Int? {
            var probe = start
            while probe + width <= scalars.endIndex {
                if scalars[probe] == "\n" { return nil }  // emphasis does not span lines
                if probe > start, scalars[probe] == "*", width == 1 || scalars[probe + 1] == "*" { return probe }
                probe += 1
            }
            return nil
        }
        /// The end of `![alt](path)` starting at `start` (just past the `)`), with its parts, on one line.
        func image(at start: Int) -> (alt: String, path: String, end: Int)? {
            guard start + 1 < scalars.endIndex, scalars[start + 1] == "[" else { return nil }
            guard let altEnd = scalars[(start + 2)...].firstIndex(where: { $0 == "]" || $0 == "\n" }),
                  scalars[altEnd] == "]", altEnd + 1 < scalars.endIndex, scalars[altEnd + 1] == "(",
                  let pathEnd = scalars[(altEnd + 2)...].firstIndex(where: { $0 == ")" || $0 == "\n" }),
                  scalars[pathEnd] == ")", pathEnd > altEnd + 2 else { return nil }
            var alt = String.UnicodeScalarView(), path = String.UnicodeScalarView()
            alt.append(contentsOf: scalars[(start + 2)..<altEnd])
            path.append(contentsOf: scalars[(altEnd + 2)..<pathEnd])
            return (String(alt), String(String(path).trimmingSpaces), pathEnd + 1)
        }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" {
                flushText()
                out.append(.lineBreak)
                index += 1
            } else if scalar == "_" || scalar == "＿" {
                var end = index
                while end < scalars.endIndex, scalars[end] == "_" || scalars[end] == "＿" { end += 1 }
                if end - index >= 2 {
                    flushText()
                    out.append(.blank)
                } else {
                    text.append(scalar)
                }
                index = end
            } else if emptyParentheses != .literal, scalar == "（" || scalar == "(",
                      let end = scalars[(index + 1)...].firstIndex(where: { !($0 == " " || $0 == "　" || $0 == "\t") }),
                      scalars[end] == "）" || scalars[end] == ")" {
                flushText()
                out.append(emptyParentheses == .blank ? .blank : .answerSpace)
                index = end + 1
            } else if scalar == "!", let (alt, path, end) = image(at: index) {
                flushText()
                out.append(.image(alt: alt, path: path))
                index = end
            } else if scalar == "*", index + 1 < scalars.endIndex, scalars[index + 1] == "*", let end = closing(2, from: index + 2) {
                flushText()
                var inner: [Span] = []
                parse(scalars[(index + 2)..<end], emptyParentheses: .literal, into: &inner)
                out.append(.strong(inner))
                index = end + 2
            } else if scalar == "*", let end = closing(1, from: index + 1) {
                flushText()
                var inner: [Span] = []
                parse(scalars[(index + 1)..<end], emptyParentheses: .literal, into: &inner)
                out.append(.emphasis(inner))
                index = end + 1
            } else {
                text.append(scalar)
                index += 1
            }
        }
        flushText()
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (ASCII and ideographic).
    var trimmingSpaces: SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "　" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
