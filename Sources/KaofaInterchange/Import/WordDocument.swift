import KaofaCore

/// Imports a Word document (.docx): its paragraphs, with list numbering written out, read as pasted text.
public enum WordImporter {
    public static func run(_ bytes: [UInt8], sourcePath: String, outputPath: String, options: ImportOptions,
                           existingBanks: [(path: String, bytes: [UInt8])], catalog: LawCatalog) -> Result<ImportReport, Diagnostic> {
        let document: WordDocument.Text
        do throws(TabularError) {
            document = try WordDocument.read(bytes)
        } catch {
            var message = error.description(of: "Word", suffix: ".docx")
            let help: String
            switch error {
            case .notZip where bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]):
                message = "这是旧版 Word 97-2003（.doc）或 WPS 文档，不是 .docx"
                help = "在 Word 或 WPS 中打开，“另存为” Word 文档（*.docx）或纯文本（*.txt），再导入"
            case .notZip: help = "在 Word 或 WPS 中打开后重新“另存为” Word 文档（*.docx）；或另存为纯文本（*.txt）再导入"
            case .missingPart, .malformedXML: help = "在 Word 或 WPS 中打开后重新“另存为” Word 文档（*.docx）"
            case .damagedPart: help = "取得完整的文件，或在 Word 或 WPS 中打开后重新保存"
            default: help = "在 Word 或 WPS 中“另存为”纯文本（*.txt），再导入"
            }
            return .failure(Diagnostic(.unreadableImportFile, message, at: .wholeFile(sourcePath), notes: [.help(help)]))
        }
        // Pictures and equations are not text: each paragraph that had one is named, never dropped in silence.
        let dropped = document.dropped.map { line, what in
            Diagnostic(.importValueDropped, "第 \(line) 行（段）中的\(what)没有导入：kaofa 只导入 Word 文档中的文字", at: SourceRange.line(line, of: sourcePath),
                       notes: [.help(what.contains("图片")
                           ? "题目中的图片请另存为图片文件，在题库的题干中用 ![说明](图片/图1.png) 引用（见 docs/bank-format.md 4.8 节）"
                           : "在题库中把公式写成文字")])
        }
        return TextImporter.run(text: document.lines.joined(separator: "\n"), kind: "Word 文档", summary: "Word 文档，\(document.lines.count) 段",
                                notes: [], diagnostics: dropped, marked: document.marked, sourcePath: sourcePath, outputPath: outputPath, options: options,
                                existingBanks: existingBanks, catalog: catalog)
    }
}

/// The text of a Word document (.docx, as Word, WPS and LibreOffice write it), one line per paragraph, for the
/// pasted-text importer. Question numbers and option letters in a teacher's Word bank are often automatic list
/// numbering rather than text, so the labels are written out as Word shows them (`1.`, `A．`, `（一）`), counted per
/// list definition and level from `numbering.xml` (a paragraph style's numbering included). Tabs become spaces and line breaks
/// new lines; table cells are read paragraph by paragraph; a text box is read once (not again from its fallback
/// drawing); deleted text (tracked changes) and field codes are left out.
enum WordDocument {
    /// A document's text: its lines, and the lines (from 1) whose paragraph held what is not text.
    struct Text {
        var lines: [String]
        /// Per line: what was there besides text (`图片`, `公式`, `图片和公式`).
        var dropped: [(line: Int, what: String)]
        /// Per line (from 1): the text set apart by colour, highlighting, bold or underline (banks that mark the right
        /// options so).
        var marked: [Int: [String]] = [:]
    }

    /// The lines of the document's body, an empty paragraph an empty line.
    static func lines(_ bytes: [UInt8]) throws(TabularError) -> [String] {
        try read(bytes).lines
    }

    /// The document's text, and where it held pictures or equations.
    static func read(_ bytes: [UInt8]) throws(TabularError) -> Text {
        var package = try ZipPackage(bytes: bytes)
        let document = try package.officeDocument(fallback: "word/document.xml")
        let relationships = (try? package.relationships(of: document)) ?? []
        var numbering = WordNumbering()
        if let part = relationships.first(where: { $0.type.hasSuffix("/numbering") }).map({ ZipPackage.resolve($0.target, from: document) }),
           package.contains(part) {
            let handler = NumberingHandler()
            try XMLEvents.parse(try package.part(part), part: part, into: handler)
            numbering.abstracts = handler.abstracts
            numbering.instances = handler.instances
        }
        if let part = relationships.first(where: { $0.type.hasSuffix("/styles") }).map({ ZipPackage.resolve($0.target, from: document) }),
           package.contains(part) {
            let handler = StylesHandler()
            try XMLEvents.parse(try package.part(part), part: part, into: handler)
            numbering.styles = handler.styles
        }
        let handler = DocumentHandler(numbering: numbering)
        try XMLEvents.parse(try package.part(document), part: document, into: handler)
        return Text(lines: handler.lines, dropped: handler.dropped, marked: handler.marked)
    }
}

/// The lists of a document and their counters.
struct WordNumbering {
    struct Level {
        var start = 1
        var format = "decimal"
        var text = "%1."
        /// What follows the label: a tab (shown as a space here), a space, or nothing.
        var suffix = " "
    }

    /// Per abstract list: its levels.
    var abstracts: [String: [Int: Level]] = [:]
    /// Per list (`numId`): its abstract list and the start values it overrides.
    var instances: [String: (abstract: String, starts: [Int: Int])] = [:]
    /// Per paragraph style: its list and level, and the style it is based on.
    var styles: [String: (list: String?, level: Int?, basedOn: String?)] = [:]
    /// Per abstract list: the current number of each level. Lists that share an abstract list count on from each other,
    /// as in Word, unless a list overrides a level's start (Word's “restart at 1”).
    private var counters: [String: [Int: Int]] = [:]
    /// The list levels whose start override has been applied (once, at their first paragraph).
    private var restarted: Set<String> = []

    /// A start value as written, kept to what a document can count to (a damaged file's huge or negative numbers would
    /// otherwise overflow the counters or spell out a letter label millions of characters long).
    static func clampedStart(_ text: String?) -> Int {
        min(max(text.flatMap { Int($0) } ?? 1, 0), 100_000)
    }

    /// The list and level a paragraph of `style` takes from its style (or the styles it is based on).
    func styleNumbering(_ style: String) -> (list: String?, level: Int?) {
        var list: String?, level: Int?
        var name: String? = style
        var seen: Set<String> = []
        while let current = name, !seen.contains(current), let entry = styles[current] {
            seen.insert(current)
            list = list ?? entry.list
            level = level ?? entry.level
            name = entry.basedOn
        }
        return (list, level)
    }

    /// The label of the next paragraph of `list` at `level` (counting it), with what follows it; nil for a list that
    /// does not exist, `numId` 0 (numbering removed) and bullets.
    mutating func nextLabel(list: String, level: Int) -> String? {
        guard list != "0", let instance = instances[list], let levels = abstracts[instance.abstract] else { return nil }
        let level = min(max(level, 0), 8)
        var current = counters[instance.abstract] ?? [:]
        func start(_ level: Int) -> Int { instance.starts[level] ?? levels[level]?.start ?? 1 }
        if let override = instance.starts[level], restarted.insert("\(list) \(level)").inserted {
            current[level] = override
        } else {
            current[level] = current[level].map { min($0 + 1, 1_000_000) } ?? start(level)
        }
        for deeper in (level + 1)..<9 { current[deeper] = nil }
        counters[instance.abstract] = current
        let definition = levels[level] ?? Level()
        guard definition.format != "bullet", definition.format != "none" else { return nil }
        var label = ""
        var scalars = Array(definition.text.unicodeScalars)[...]
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            if scalar == "%", let digit = scalars.first, let referenced = Int(String(digit)), (1...9).contains(referenced) {
                scalars = scalars.dropFirst()
                let index = referenced - 1
                label += Self.format(current[index] ?? start(index), as: levels[index]?.format ?? "decimal")
            } else {
                label.unicodeScalars.append(scalar)
            }
        }
        return label.isEmpty ? nil : label + definition.suffix
    }

    /// A counter in a list's number format (`decimal` 3, `upperLetter` C, `chineseCounting` 三, …); decimal for formats
    /// a question bank does not use.
    static func format(_ value: Int, as format: String) -> String {
        func letters(_ base: UInt32) -> String {
            guard value > 0, value <= 26 * 4 else { return String(value) }
            // Word's letters: A … Z, then AA … ZZ, AAA ….
            let letter = Character(Unicode.Scalar(base + UInt32((value - 1) % 26))!)
            return String(repeating: letter, count: (value - 1) / 26 + 1)
        }
        func roman(_ value: Int) -> String {
            guard value > 0, value < 4000 else { return String(value) }
            let numerals: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
            var rest = value, out = ""
            for (amount, numeral) in numerals { while rest >= amount { out += numeral; rest -= amount } }
            return out
        }
        func table(_ names: [String]) -> String { value >= 1 && value <= names.count ? names[value - 1] : ChineseNumber.format(value) }
        switch format {
        case "upperLetter": return letters(0x41)
        case "lowerLetter": return letters(0x61)
        case "upperRoman": return roman(value)
        case "lowerRoman": return roman(value).lowercased()
        case "decimalZero": return value >= 0 && value < 10 ? "0\(value)" : String(value)
        case "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand",
             "ideographDigital", "japaneseDigitalTenThousand":
            return value > 0 ? ChineseNumber.format(value) : String(value)
        case "chineseLegalSimplified":
            return table(["壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖", "拾"])
        case "ideographTraditional":
            return table(["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"])
        case "decimalFullWidth", "decimalFullWidth2" where value >= 0:
            return String(String.UnicodeScalarView(String(value).unicodeScalars.map { Unicode.Scalar($0.value - 0x30 + 0xFF10)! }))
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
            return value >= 1 && value <= 20 ? String(Unicode.Scalar(0x2460 + UInt32(value - 1))!) : String(value)
        default: return String(value)
        }
    }
}

// MARK: - Handlers

/// `numbering.xml`: abstract lists with their levels, and the lists (`w:num`) that use them.
private final class NumberingHandler: XMLEventHandler {
    var abstracts: [String: [Int: WordNumbering.Level]] = [:]
    var instances: [String: (abstract: String, starts: [Int: Int])] = [:]
    private var abstract: String?
    private var level: (index: Int, value: WordNumbering.Level)?
    private var list: String?
    private var override: Int?

    func start(_ name: Substring, attributes: [String: String]) {
        let value = attributes.attribute("val")
        switch name {
        case "abstractNum": abstract = attributes.attribute("abstractNumId")
        case "lvl": level = (Int(attributes.attribute("ilvl") ?? "") ?? 0, WordNumbering.Level())
        case "start" where level != nil: level!.value.start = WordNumbering.clampedStart(value)
        case "numFmt" where level != nil: level!.value.format = value ?? "decimal"
        case "lvlText" where level != nil: level!.value.text = value ?? ""
        case "suff" where level != nil: level!.value.suffix = value == "nothing" ? "" : " "
        case "num": list = attributes.attribute("numId")
        case "abstractNumId" where list != nil:
            if let list, let value { instances[list] = (value, instances[list]?.starts ?? [:]) }
        case "lvlOverride" where list != nil: override = Int(attributes.attribute("ilvl") ?? "")
        case "startOverride":
            if let list, let override, value != nil {
                instances[list, default: ("", [:])].starts[override] = WordNumbering.clampedStart(value)
            }
        default: break
        }
    }

    func end(_ name: Substring) {
        switch name {
        case "lvl":
            if let abstract, let level { abstracts[abstract, default: [:]][level.index] = level.value }
            level = nil
        case "abstractNum": abstract = nil
        case "num": list = nil
        case "lvlOverride": override = nil
        default: break
        }
    }

    func text(_ text: String) {}
}

/// `styles.xml`: the paragraph styles that number their paragraphs (heading and list styles).
private final class StylesHandler: XMLEventHandler {
    var styles: [String: (list: String?, level: Int?, basedOn: String?)] = [:]
    private var style: String?

    func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "style": style = attributes.attribute("styleId")
        case "basedOn": if let style { styles[style, default: (nil, nil, nil)].basedOn = attributes.attribute("val") }
        case "numId": if let style { styles[style, default: (nil, nil, nil)].list = attributes.attribute("val") }
        case "ilvl": if let style { styles[style, default: (nil, nil, nil)].level = attributes.attribute("val").flatMap { Int($0) } }
        default: break
        }
    }

    func end(_ name: Substring) { if name == "style" { style = nil } }
    func text(_ text: String) {}
}

/// `document.xml`: each paragraph's text, its list label before it.
private final class DocumentHandler: XMLEventHandler {
    private(set) var lines: [String] = []
    private(set) var dropped: [(line: Int, what: String)] = []
    private var numbering: WordNumbering
    /// The paragraph being read (paragraphs in a text box nest inside another), and whether it holds a picture or an
    /// equation.
    private var paragraphs: [(text: String, style: String?, list: String?, level: Int?, picture: Bool, equation: Bool,
                              marked: [String], markOpen: Bool)] = []
    /// Per line (from 1): the runs of text set apart by colour, highlighting, shading, bold or underline, consecutive runs
    /// joined.
    private(set) var marked: [Int: [String]] = [:]
    private var inText = false
    private var runDepth = 0
    /// Whether the run being read is set apart (a colour that is not black, a highlight or a shading, bold, underline).
    private var runMarked = false
    /// Inside content that is not the document's text: a tracked change's old properties, a drawing's fallback.
    private var skipped = 0

    init(numbering: WordNumbering) { self.numbering = numbering }

    func start(_ name: Substring, attributes: [String: String]) {
        // An equation is named, not read: its runs are math text, which reads as garbled linear text.
        if skipped == 0, name == "oMath", !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].equation = true }
        if skipped > 0 || ["pPrChange", "rPrChange", "Fallback", "delText", "instrText", "oMath"].contains(name) {
            skipped += 1
            return
        }
        switch name {
        case "p": paragraphs.append(("", nil, nil, nil, false, false, [], false))
        // A picture (DrawingML or VML), an embedded object, a chart: not text.
        case "blip", "imagedata", "object", "chart": if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].picture = true }
        case "pStyle": if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].style = attributes.attribute("val") }
        case "numId": if !paragraphs.isEmpty, runDepth == 0 { paragraphs[paragraphs.count - 1].list = attributes.attribute("val") }
        case "ilvl": if !paragraphs.isEmpty, runDepth == 0 { paragraphs[paragraphs.count - 1].level = attributes.attribute("val").flatMap { Int($0) } }
        case "r":
            runDepth += 1
            runMarked = false
        case "color" where runDepth > 0: if Self.isColour(attributes.attribute("val")) { runMarked = true }
        case "highlight" where runDepth > 0: if let value = attributes.attribute("val"), value != "none" { runMarked = true }
        case "shd" where runDepth > 0: if Self.isColour(attributes.attribute("fill"), background: true) { runMarked = true }
        // Bold or underlined (banks that mark the right options so): `<w:b/>`, not `<w:b w:val="0"/>`; `<w:u w:val="single"/>`,
        // not `none`.
        case "b" where runDepth > 0: if Self.isOn(attributes.attribute("val")) { runMarked = true }
        case "u" where runDepth > 0: if let value = attributes.attribute("val"), value != "none" { runMarked = true }
        case "t": inText = runDepth > 0
        case "tab" where runDepth > 0: append("  ")
        case "br" where runDepth > 0, "cr" where runDepth > 0: append("\n")
        case "noBreakHyphen" where runDepth > 0: append("-")
        default: break
        }
    }

    func end(_ name: Substring) {
        if skipped > 0 {
            skipped -= 1
            return
        }
        switch name {
        case "t": inText = false
        case "r": runDepth = max(0, runDepth - 1)
        case "p":
            guard let paragraph = paragraphs.popLast() else { return }
            var list = paragraph.list, level = paragraph.level
            if let style = paragraph.style {
                let fromStyle = numbering.styleNumbering(style)
                list = list ?? fromStyle.list
                level = level ?? fromStyle.level
            }
            let label = list.flatMap { numbering.nextLabel(list: $0, level: level ?? 0) } ?? ""
            if paragraph.picture || paragraph.equation {
                dropped.append((lines.count + 1, [paragraph.picture ? "图片" : nil, paragraph.equation ? "公式" : nil].compactMap { $0 }.joined(separator: "和")))
            }
            let first = lines.count + 1
            lines += (label + paragraph.text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let segments = paragraph.marked.map(ImportText.trimmed).filter { !$0.isEmpty }
            if !segments.isEmpty { for line in first...lines.count { marked[line] = segments } }
        default: break
        }
    }

    func text(_ text: String) {
        if inText, skipped == 0 { append(text) }
    }

    private func append(_ text: String) {
        guard !paragraphs.isEmpty else { return }
        let last = paragraphs.count - 1
        paragraphs[last].text += text
        if runMarked, text != "\n" {
            if paragraphs[last].markOpen { paragraphs[last].marked[paragraphs[last].marked.count - 1] += text } else { paragraphs[last].marked.append(text) }
            paragraphs[last].markOpen = true
        } else if !text.allSatisfy(\.isWhitespace) || text == "\n" {
            paragraphs[last].markOpen = false
        } else if paragraphs[last].markOpen {
            // A tab or spaces between two marked options keeps them apart (`A．人民  B．政党`), as on the page.
            paragraphs[last].marked[paragraphs[last].marked.count - 1] += text
        }
    }

    /// A Word on/off property: on when it has no value or one other than `0`, `false`, `off`.
    static func isOn(_ value: String?) -> Bool {
        guard let value else { return true }
        return !["0", "false", "off"].contains(value.lowercased())
    }

    /// Whether a colour (`FF0000`) sets text apart: not `auto` and not black or near black (`000000`, `333333`); for a
    /// background, not white either.
    static func isColour(_ value: String?, background: Bool = false) -> Bool {
        guard let value, value.count == 6, let rgb = UInt32(value, radix: 16) else { return false }
        let channels = [rgb >> 16, (rgb >> 8) & 0xFF, rgb & 0xFF]
        if background { return channels.contains { $0 < 0xF0 } }
        return channels.contains { $0 >= 0x80 }
    }
}
