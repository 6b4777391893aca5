/// Parses the inside of an attribute block: `#XF-0002 难度=易 条文=第二条 对象=领导干部,村两委`.
enum AttributeParser {
    /// `close` is the offset just after `}`; for an unterminated block it is the end of the line.
    static func parse(_ file: SourceFile, line: Int, open: Int, close: Int,
                      diagnostics: inout [Diagnostic], unterminated: Bool = false) -> AttributeBlockSyntax {
        let innerStart = open + file.scalar(at: open).1
        let innerEnd = unterminated ? close : file.previousBoundary(before: close)
        let blockRange = file.range(line: line, from: open, to: min(close, file.lineEnds[line - 1]))
        var block = AttributeBlockSyntax(id: nil, attributes: [], range: blockRange)
        var cursor = SourceFile.ColumnCursor(offset: open, column: blockRange.start.column)
        var i = innerStart
        while true {
            i = file.skipSpace(from: i, to: innerEnd)
            guard i < innerEnd else { break }
            let tokenStart = i
            if file.bytes[i] == UInt8(ascii: "#") {
                var p = i + 1
                while p < innerEnd, !Lexicon.isSpace(file.scalar(at: p).0) { p += file.scalar(at: p).1 }
                let id = file.string(i + 1, p)
                let range = cursor.range(file, line: line, from: i, to: p)
                if block.id != nil {
                    diagnostics.append(Diagnostic(.repeatedAttribute, "一道题只能有一个编号", at: range,
                        notes: [.help("删除多余的“#\(id)”")]))
                } else if !isValidID(id) {
                    block.hasInvalidID = true
                    diagnostics.append(Diagnostic(.invalidID, "题目编号“#\(id)”写法有误", at: range,
                        notes: [.help("编号只能由字母、数字和 - _ . 组成，以字母或数字开头，例如 #XF-0001")]))
                } else {
                    block.id = TextSyntax(text: id, range: cursor.range(file, line: line, from: i + 1, to: p))
                }
                i = p
                continue
            }
            // key
            var p = i
            var separator: Int?
            while p < innerEnd {
                let (s, n) = file.scalar(at: p)
                if s == "=" || s == "＝" || s == ":" || s == "：" { separator = p; break }
                if Lexicon.isSpace(s) { break }
                p += n
            }
            guard let sep = separator else {
                let word = file.string(tokenStart, p)
                diagnostics.append(Diagnostic(.invalidAttribute, "属性“\(word)”缺少等号，应写成 名称=值",
                    at: cursor.range(file, line: line, from: tokenStart, to: p),
                    notes: [.help("例如 难度=易、条文=第二条；题目编号前要加 #，例如 #XF-0001")]))
                i = p
                continue
            }
            let key = TextSyntax(text: file.string(tokenStart, sep), range: cursor.range(file, line: line, from: tokenStart, to: sep))
            var valueStart = sep + file.scalar(at: sep).1
            var valueEnd = valueStart
            if valueStart < innerEnd, case let (quote, quoteLength) = file.scalar(at: valueStart),
               quote == "\"" || quote == "“" {
                let closing: Unicode.Scalar = quote == "\"" ? "\"" : "”"
                var q = valueStart + quoteLength
                while q < innerEnd, file.scalar(at: q).0 != closing { q += file.scalar(at: q).1 }
                if q >= innerEnd {
                    diagnostics.append(Diagnostic(.invalidAttribute, "属性“\(key.text)”的值缺少右引号",
                        at: cursor.range(file, line: line, from: valueStart, to: innerEnd),
                        notes: [.help("在值的末尾补上引号")]))
                    valueStart += quoteLength
                    valueEnd = innerEnd
                    i = innerEnd
                } else {
                    valueStart += quoteLength
                    valueEnd = q
                    i = q + file.scalar(at: q).1
                }
            } else {
                while valueEnd < innerEnd, !Lexicon.isSpace(file.scalar(at: valueEnd).0) {
                    valueEnd += file.scalar(at: valueEnd).1
                }
                i = valueEnd
            }
            let value = TextSyntax(text: file.string(valueStart, valueEnd),
                                   range: cursor.range(file, line: line, from: valueStart, to: valueEnd))
            if key.text.isEmpty {
                diagnostics.append(Diagnostic(.invalidAttribute, "等号前缺少属性名", at: key.range,
                    notes: [.help("写成 名称=值，例如 难度=易")]))
                continue
            }
            let items = listItems(file, line: line, from: valueStart, to: valueEnd, cursor: &cursor)
            block.attributes.append(.init(key: key, value: value, items: items))
        }
        return block
    }

    /// Splits `a,b、c` into items with their own ranges; empty items are dropped.
    static func listItems(_ file: SourceFile, line: Int, from start: Int, to end: Int) -> [TextSyntax] {
        var cursor = SourceFile.ColumnCursor(offset: file.lineStarts[line - 1], column: 1)
        return listItems(file, line: line, from: start, to: end, cursor: &cursor)
    }

    static func listItems(_ file: SourceFile, line: Int, from start: Int, to end: Int,
                          cursor: inout SourceFile.ColumnCursor) -> [TextSyntax] {
        var items: [TextSyntax] = []
        var itemStart = start
        var p = start
        func flush(_ itemEnd: Int) {
            let s = file.skipSpace(from: itemStart, to: itemEnd)
            let e = file.trimTrailingSpace(from: s, to: itemEnd)
            if e > s {
                items.append(TextSyntax(text: file.string(s, e), range: cursor.range(file, line: line, from: s, to: e)))
            }
        }
        while p < end {
            let (s, n) = file.scalar(at: p)
            if Lexicon.isListSeparator(s) {
                flush(p)
                itemStart = p + n
            }
            p += n
        }
        flush(end)
        return items
    }

    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first),
              id.utf8.count <= 64 else { return false }
        return id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        } && first.isASCII
    }
}
