import KaofaCore

/// WordprocessingML (the XML inside a .docx) written as text. Formatting lives in the styles of `DocxStyles`
/// (what a teacher sees in Word's style gallery); the body names a style per paragraph and adds only what differs,
/// always in the element order the schema requires (Word repairs a file whose `pPr` or `rPr` children are out of
/// order).
struct WordML {
    private(set) var xml = ""
    /// The width of the text column, in twips.
    var textWidth = DocxStyles.textWidth

    /// Text escaped for element content and double-quoted attributes; characters XML 1.0 cannot hold (C0
    /// controls other than tab, line feed and carriage return; U+FFFE, U+FFFF) are dropped.
    static func escape(_ text: String) -> String {
        if isPlain(text) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `text` holds nothing to escape or drop: no `&<>"`, no C0 control but tab, line feed and carriage
    /// return, no U+FFFE or U+FFFF (UTF-8 EF BF BE, EF BF BF).
    private static func isPlain(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            switch byte {
            case 0x26, 0x3C, 0x3E, 0x22: return false
            case 0x09, 0x0A, 0x0D: break
            case ..<0x20: return false
            case 0xBE, 0xBF:
                if previous == (0xEF, 0xBF) { return false }
            default: break
            }
            previous = (previous.1, byte)
        }
        return true
    }

    /// How a run looks, beyond its paragraph's style.
    struct RunFormat: Equatable {
        var bold = false
        var italic = false
        var underline = false
        /// Half-points (21 = 10.5 pt), nil for the style's size.
        var size: Int?
        /// A character style.
        var style: String?

        static let plain = RunFormat()

        var properties: String {
            var out = ""
            if let style { out += "<w:rStyle w:val=\"\(style)\"/>" }
            if bold { out += "<w:b/><w:bCs/>" }
            if italic { out += "<w:i/><w:iCs/>" }
            if let size { out += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>" }
            if underline { out += "<w:u w:val=\"single\"/>" }
            return out.isEmpty ? "" : "<w:rPr>\(out)</w:rPr>"
        }
    }

    /// A run of text: tabs become `<w:tab/>`, line feeds `<w:br/>`.
    static func run(_ text: String, _ format: RunFormat = .plain) -> String {
        guard !text.isEmpty else { return "" }
        var out = "<w:r>" + format.properties
        var pending = ""
        func flush() {
            if !pending.isEmpty { out += "<w:t xml:space=\"preserve\">\(escape(pending))</w:t>" }
            pending = ""
        }
        for character in text {
            switch character {
            case "\t": flush(); out += "<w:tab/>"
            case "\n", "\r\n": flush(); out += "<w:br/>"
            default: pending.append(character)
            }
        }
        flush()
        return out + "</w:r>"
    }

    /// An underlined blank `width` ideographic spaces wide, for the examinee to write in.
    static func blank(width: Int = 5) -> String {
        run(String(repeating: "\u{3000}", count: width), RunFormat(underline: true))
    }

    /// `单位：` and the value underlined with an ideographic space either side, or a blank `width` spaces wide: the
    /// fields of papers, sheets and the 密封线.
    static func field(_ label: String, _ value: String?, blankWidth: Int) -> String {
        run("\(label)：") + run(value.map { "\u{3000}\($0)\u{3000}" } ?? String(repeating: "\u{3000}", count: blankWidth),
                               RunFormat(underline: true))
    }

    /// Fields on one line, two ideographic spaces apart.
    static func fields(_ fields: [(String, String?)], blankWidth: Int) -> String {
        fields.map { field($0.0, $0.1, blankWidth: blankWidth) }.joined(separator: run("\u{3000}\u{3000}"))
    }

    /// Paragraph properties beyond the style, in schema order.
    struct ParagraphFormat {
        var keepNext = false
        var pageBreakBefore = false
        /// Centred, or right-aligned.
        var alignment: String?
        var spacingBefore: Int?
        var spacingAfter: Int?

        static let plain = ParagraphFormat()
    }

    /// A paragraph in `style` holding `content` (runs).
    mutating func paragraph(_ style: String?, _ format: ParagraphFormat = .plain, _ content: String) {
        xml += "<w:p>"
        var properties = ""
        if let style { properties += "<w:pStyle w:val=\"\(style)\"/>" }
        if format.keepNext { properties += "<w:keepNext/>" }
        if format.pageBreakBefore { properties += "<w:pageBreakBefore/>" }
        if format.spacingBefore != nil || format.spacingAfter != nil {
            properties += "<w:spacing"
            if let before = format.spacingBefore { properties += " w:before=\"\(before)\"" }
            if let after = format.spacingAfter { properties += " w:after=\"\(after)\"" }
            properties += "/>"
        }
        if let alignment = format.alignment { properties += "<w:jc w:val=\"\(alignment)\"/>" }
        if !properties.isEmpty { xml += "<w:pPr>\(properties)</w:pPr>" }
        xml += content + "</w:p>"
    }

    /// A table of `widths` (twips) columns whose cells are the given paragraphs' XML; `borders` draws every line.
    mutating func table(widths: [Int], rows: [[String]], borders: Bool = true, centred: Bool = false,
                        headerRows: Int = 0, cantSplit: Bool = true) {
        xml += "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/>"
        if centred { xml += "<w:jc w:val=\"center\"/>" }
        if borders {
            xml += "<w:tblBorders>"
            for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                xml += "<w:\(edge) w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"/>"
            }
            xml += "</w:tblBorders>"
        }
        xml += "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/>"
        xml += "<w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>"
        for width in widths { xml += "<w:gridCol w:w=\"\(width)\"/>" }
        xml += "</w:tblGrid>"
        for (index, row) in rows.enumerated() {
            xml += "<w:tr>"
            if cantSplit || index < headerRows {
                xml += "<w:trPr>" + (cantSplit ? "<w:cantSplit/>" : "") + (index < headerRows ? "<w:tblHeader/>" : "") + "</w:trPr>"
            }
            for (column, cell) in row.enumerated() {
                let width = widths[min(column, widths.count - 1)]
                xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
                // A cell must end with a paragraph.
                xml += cell.hasSuffix("</w:p>") ? cell : cell + "<w:p/>"
                xml += "</w:tc>"
            }
            xml += "</w:tr>"
        }
        xml += "</w:tbl>"
    }

    /// `cells` (paragraphs' XML) in a bordered table `columns` wide across the text column, the last row padded.
    mutating func grid(_ cells: [String], columns: Int) {
        guard !cells.isEmpty else { return }
        var rows = stride(from: 0, to: cells.count, by: columns).map { Array(cells[$0..<min($0 + columns, cells.count)]) }
        rows[rows.count - 1] += Array(repeating: "", count: columns - rows[rows.count - 1].count)
        table(widths: Array(repeating: textWidth / columns, count: columns), rows: rows)
    }

    /// One paragraph's XML on its own, for table cells.
    static func cell(_ style: String?, _ format: ParagraphFormat = .plain, _ content: String) -> String {
        var body = WordML()
        body.paragraph(style, format, content)
        return body.xml
    }

    /// Bank text's spans as runs: bold and emphasis nest, blanks are underlined spaces, images are drawings.
    static func runs(_ spans: [InlineMarkup.Span], _ format: RunFormat = .plain, images: DocxImages? = nil) -> String {
        var out = ""
        for span in spans {
            switch span {
            case let .text(text): out += run(text, format)
            case let .strong(inner):
                var bold = format
                bold.bold = true
                out += runs(inner, bold, images: images)
            case let .emphasis(inner):
                // Chinese text has no italics to speak of: emphasis prints as the 着重号 dots under the characters.
                out += runs(inner, RunFormat(bold: format.bold, italic: false, underline: format.underline,
                                             size: format.size, style: "Emphasis"), images: images)
            case .lineBreak: out += "<w:r><w:br/></w:r>"
            case .blank: out += blank()
            case .answerSpace: out += run("（\u{3000}\u{3000}）", format)
            case let .image(alt, path):
                out += images?.drawing(path: path, alt: alt) ?? run("［图：\(alt.isEmpty ? path : alt)］", format)
            }
        }
        return out
    }

    /// Bank text as paragraphs of `style` (the first one opened by `lead`, e.g. a number) and tables.
    mutating func blocks(_ blocks: [InlineMarkup.Block], style: String, keepNext: Bool, lead: String = "",
                         images: DocxImages? = nil) {
        var first = true
        for (index, block) in blocks.enumerated() {
            let last = index == blocks.count - 1
            switch block {
            case let .text(spans):
                paragraph(first ? style : style + "Cont", ParagraphFormat(keepNext: keepNext || !last),
                          (first ? lead : "") + WordML.runs(spans, images: images))
            case let .table(rows):
                if first { paragraph(style, ParagraphFormat(keepNext: true), lead) }
                let columns = rows.map(\.count).max() ?? 1
                let cells = rows.enumerated().map { rowIndex, row in
                    (0..<columns).map { column in
                        WordML.cell("TableText", .plain, column < row.count
                            ? WordML.runs(row[column], RunFormat(bold: rowIndex == 0), images: images) : "")
                    }
                }
                let indent = DocxStyles.questionIndent
                table(widths: Array(repeating: (textWidth - indent) / columns, count: columns), rows: cells, headerRows: 1)
            }
            first = false
        }
        if blocks.isEmpty { paragraph(style, ParagraphFormat(keepNext: keepNext), lead) }
    }
}
