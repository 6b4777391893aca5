/// Parses the optional front matter between `---` lines at the top of a bank file.
enum FrontMatterParser {
    /// Returns the front matter (if the file starts with `---`) and the index of the first body line.
    static func parse(_ file: SourceFile, diagnostics: inout [Diagnostic]) -> (FrontMatterSyntax?, Int) {
        guard file.lineCount > 0, isFence(file, file.line(0)) else { return (nil, 0) }
        let opening = file.line(0)
        var entries: [FrontMatterSyntax.Entry] = []
        // Find the closing fence first; without one, the front matter ends where the body visibly begins
        // (a heading or a numbered question), so one missing `---` does not swallow the bank.
        let closing = (1..<file.lineCount).first { i in
            let line = file.line(i)
            return isFence(file, line) || file.string(line.contentStart, line.contentEnd) == "..."
        }
        let closed = closing != nil
        let end = closing ?? (1..<file.lineCount).first { looksLikeBody(file, file.line($0)) } ?? file.lineCount
        var index = 1
        var lineDiagnostics: [Diagnostic] = []
        while index < end {
            let line = file.line(index)
            if line.isBlank || file.bytes[line.contentStart] == UInt8(ascii: "#") {
                index += 1
                continue
            }
            if file.bytes[line.contentStart] == UInt8(ascii: "-"), !entries.isEmpty {
                // `- item` continues the list of the previous key.
                let s = file.skipSpace(from: line.contentStart + 1, to: line.contentEnd)
                if s < line.contentEnd {
                    entries[entries.count - 1].items.append(
                        TextSyntax(text: file.string(s, line.contentEnd), range: file.range(line: line.number, from: s, to: line.contentEnd)))
                }
                index += 1
                continue
            }
            guard let separator = keySeparator(file, line) else {
                lineDiagnostics.append(Diagnostic(.invalidFrontMatterLine, "文件头中的这一行无法识别，应写成 键: 值",
                    at: file.range(line: line.number, from: line.contentStart, to: line.contentEnd),
                    notes: [.help("例如 law: 宪法；文件头以单独一行 --- 结束")]))
                index += 1
                continue
            }
            let key = TextSyntax(text: file.string(line.contentStart, file.trimTrailingSpace(from: line.contentStart, to: separator.start)),
                                 range: file.range(line: line.number, from: line.contentStart, to: separator.start))
            let valueStart = file.skipSpace(from: separator.end, to: line.contentEnd)
            var valueEnd = line.contentEnd
            var listStart = valueStart, listEnd = valueEnd
            if valueStart < valueEnd, file.bytes[valueStart] == UInt8(ascii: "["),
               file.bytes[valueEnd - 1] == UInt8(ascii: "]") {
                listStart = valueStart + 1
                listEnd = valueEnd - 1
            }
            if valueEnd < valueStart { valueEnd = valueStart }
            let value = TextSyntax(text: file.string(valueStart, valueEnd), range: file.range(line: line.number, from: valueStart, to: valueEnd))
            var items = AttributeParser.listItems(file, line: line.number, from: listStart, to: listEnd)
            items = items.map { item in
                var item = item
                item.text = item.text.trimmingCharacters(in: "\"'“”")
                return item
            }
            entries.append(.init(key: key, value: value, items: items))
            index += 1
        }
        if closed { index = end + 1 }
        let range = file.range(line: 1, from: opening.contentStart, to: opening.contentEnd)
        if !closed {
            diagnostics.append(Diagnostic(.unterminatedFrontMatter, "文件头从这里开始，但没有以单独一行 --- 结束", at: range,
                notes: [.help("在文件头的最后一个设置之后加一行 ---")]))
        }
        diagnostics += lineDiagnostics
        return (FrontMatterSyntax(entries: entries, range: range), index)
    }

    private static func isFence(_ file: SourceFile, _ line: Line) -> Bool {
        line.contentEnd - line.contentStart == 3 && line.start == line.contentStart
            && file.hasPrefix(Array("---".utf8), at: line.contentStart, end: line.contentEnd)
    }

    private static func keySeparator(_ file: SourceFile, _ line: Line) -> (start: Int, end: Int)? {
        var p = line.contentStart
        while p < line.contentEnd {
            let (s, n) = file.scalar(at: p)
            if s == ":" || s == "：" { return p > line.contentStart ? (p, p + n) : nil }
            if Lexicon.isSpace(s) && s != " " { return nil }
            p += n
        }
        return nil
    }

    /// A heading or numbered question means the front matter was never closed and the body has begun.
    private static func looksLikeBody(_ file: SourceFile, _ line: Line) -> Bool {
        guard !line.isBlank else { return false }
        if file.bytes[line.contentStart] == UInt8(ascii: "#") {
            let afterHashes = file.bytes[line.contentStart..<line.contentEnd].firstIndex { $0 != UInt8(ascii: "#") } ?? line.contentEnd
            return afterHashes < line.contentEnd && (file.bytes[afterHashes] == UInt8(ascii: " ")
                || QuestionType.fromHeading(file.string(afterHashes, line.contentEnd)) != nil)
        }
        return file.numberMarker(at: line.contentStart, end: line.contentEnd) != nil
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let f = scalars.first, set.contains(f) { scalars = scalars.dropFirst() }
        while let l = scalars.last, set.contains(l) { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
