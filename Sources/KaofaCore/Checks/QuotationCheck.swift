import CKaofaScan
import Foundation

/// Quotations of a law in an explanation must be the law's own words: `……第十四条规定：“自然人的民事权利能力一律平等。”`
/// is checked against the text kaofa has of the law (W0410).
///
/// A quotation is text in “…” right after 规定： (or 规定: 规定， 规定). The law is the last 《…》 before it in the
/// explanation that names a law kaofa has the text of, else the question's own law. An abridged quotation is checked
/// piece by piece between its ellipses (……); pieces shorter than six characters are not checked. Spaces do not count,
/// half-width punctuation matches full-width, and ‘’ matches “” (quotation marks inside a quotation). A piece is found
/// when it is in one of the question's cited articles, or else anywhere in the law (an explanation may quote two
/// articles); words that are not the law's are reported. Words that are the law's but not in the articles named just
/// before the quotation (`第三十四条规定：“…”`) are reported with the article they are in.
struct QuotationCheck {
    let catalog: LawCatalog
    /// Normalised law texts, shared by the questions of one compile.
    let texts: NormalizedTexts

    /// Pieces shorter than this many characters (after normalising) are not checked: too short to tell.
    static let shortestPiece = 6

    func check(_ field: FieldSyntax?, law: String?, articles: [ArticleCitation], diagnostics: inout [Diagnostic]) {
        guard let field else { return }
        var quotedLaw = law.flatMap { catalog.text(of: $0) != nil ? $0 : nil }
        let lines = field.lines.isEmpty ? [field.value] : field.lines
        for line in lines {
            let scalars = Array(line.text.unicodeScalars)
            var index = 0
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "《", let close = scalars[index...].firstIndex(of: "》") {
                    let name = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                    if let named = catalog.law(named: name), catalog.text(of: named.id) != nil { quotedLaw = named.id }
                    index = close + 1
                    continue
                }
                guard scalar == "“", let close = Self.closingQuote(scalars, from: index) else {
                    index += 1
                    continue
                }
                defer { index = close + 1 }
                guard Self.followsProvision(scalars[..<index]), let lawID = quotedLaw,
                      let text = catalog.text(of: lawID) else { continue }
                let quotation = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                let pieces = Self.pieces(of: quotation)
                guard !pieces.isEmpty else { continue }
                let citedText = lawID == law ? texts.normalized(lawID, text, articles: articles) : []
                var whole: [UInt8]?
                var allCited = true
                let missing = pieces.filter { piece in
                    if Self.bytes(citedText, contain: piece.normalized) { return false }
                    allCited = false
                    if whole == nil { whole = texts.normalized(lawID, text) }
                    return !Self.bytes(whole!, contain: piece.normalized)
                }
                let start = SourcePosition(line: line.range.start.line, column: line.range.start.column + index)
                let end = SourcePosition(line: line.range.start.line, column: line.range.start.column + close + 1)
                let name = catalog.law(id: lawID)?.name ?? lawID
                guard let first = missing.first?.text else {
                    // The law's words: are they in the article(s) named just before the quotation?
                    let named = Self.articlesNamed(scalars[..<index])
                    guard !named.isEmpty, named.allSatisfy({ text.articles[$0] != nil }) else { continue }
                    // Usually the articles named are the ones the question cites, where every piece was found.
                    if allCited, lawID == law, Set(named) == Set(articles.map(\.article)) { continue }
                    let namedText = texts.normalized(lawID, text, articles: named.map { ArticleCitation(article: $0) })
                    guard let elsewhere = pieces.first(where: { !Self.bytes(namedText, contain: $0.normalized) })?.normalized else { continue }
                    let found = text.articles.keys.sorted().first { number in
                        Self.bytes(texts.normalized(lawID, text, articles: [ArticleCitation(article: number)]), contain: elsewhere)
                    }
                    let namedList = named.map { ArticleCitation(article: $0).text }.joined(separator: "、")
                    let foundText = found.map { "，在\(ArticleCitation(article: $0).text)" } ?? ""
                    diagnostics.append(Diagnostic(.misquotedLaw, "引文不在《\(name)》\(namedList)中\(foundText)",
                        at: SourceRange(file: line.range.file, start: start, end: end),
                        notes: [.help("核对条文序号" + (found.map { "：kaofa law \(lawID) \(ArticleCitation(article: $0).text) 显示这一条的原文" } ?? ""))]))
                    continue
                }
                let shown = first.count > 24 ? String(first.prefix(24)) + "……" : first
                let lookUp = Self.articleBefore(scalars[..<index]).map { "kaofa law \(lawID) \($0)" } ?? "kaofa law \(lawID) 第一条（条文序号换成引用的那一条）"
                diagnostics.append(Diagnostic(.misquotedLaw, "引用的文字在《\(name)》中找不到：“\(shown)”",
                    at: SourceRange(file: line.range.file, start: start, end: end),
                    notes: [.help("对照原文改正引文，原文用 \(lookUp) 查看；省略的部分写成“……”")]))
            }
        }
    }

    /// The index of the ” that closes the “ at `open` on the same line (quotation marks inside count in pairs).
    static func closingQuote(_ scalars: [Unicode.Scalar], from open: Int) -> Int? {
        var depth = 0
        for index in open..<scalars.count {
            if scalars[index] == "“" { depth += 1 }
            if scalars[index] == "”" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// The articles (`第…条`) named in the text before a quotation since the law's name, the end of the last quotation
    /// or sentence: `第十八条第二款规定：` → [18]; `第九条、第十条规定：` → [9, 10].
    static func articlesNamed(_ before: ArraySlice<Unicode.Scalar>) -> [Int] {
        let start = before.lastIndex { ["》", "”", "。", "；"].contains($0) }.map { $0 + 1 } ?? before.startIndex
        var numbers: [Int] = []
        for mention in articleMentions(before[start...]) where !numbers.contains(mention.number) { numbers.append(mention.number) }
        return numbers
    }

    /// The `第…条` that ends at the last 条 before a quotation (the article it quotes, as written), if any.
    static func articleBefore(_ before: ArraySlice<Unicode.Scalar>) -> String? {
        guard let last = before.lastIndex(of: "条"),
              let mention = articleMentions(before).last(where: { $0.range.upperBound == last + 1 }) else { return nil }
        return String(String.UnicodeScalarView(before[mention.range]))
    }

    /// Every `第N条` in `text` (N in Chinese or Arabic numerals), with where it is written.
    static func articleMentions(_ text: ArraySlice<Unicode.Scalar>) -> [(number: Int, range: Range<Int>)] {
        var mentions: [(number: Int, range: Range<Int>)] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index] == "第" else {
                index += 1
                continue
            }
            var end = index + 1
            while end < text.endIndex, ChineseNumber.isNumeral(Character(text[end])) || ("0"..."9").contains(text[end]) { end += 1 }
            if end > index + 1, end < text.endIndex, text[end] == "条",
               let number = ChineseNumber.parse(String(String.UnicodeScalarView(text[(index + 1)..<end]))) {
                mentions.append((number, index..<(end + 1)))
            }
            index = end
        }
        return mentions
    }

    /// Whether the text before a quotation ends with 规定 and at most one of ：:，, (spaces aside).
    static func followsProvision(_ before: ArraySlice<Unicode.Scalar>) -> Bool {
        var end = before.endIndex
        while end > before.startIndex, Lexicon.isSpace(before[end - 1]) { end -= 1 }
        if end > before.startIndex, ["：", ":", "，"].contains(before[end - 1]) { end -= 1 }
        while end > before.startIndex, Lexicon.isSpace(before[end - 1]) { end -= 1 }
        guard end - before.startIndex >= 2 else { return false }
        return before[end - 2] == "规" && before[end - 1] == "定"
    }

    /// The pieces of a quotation between its ellipses, normalised (and as written, without spaces, for messages),
    /// without the punctuation at their ends; pieces too short to tell are left out.
    static func pieces(of quotation: String) -> [(normalized: [UInt8], text: String)] {
        let ends: Set<Unicode.Scalar> = ["。", "；", "，", "：", "、", ".", ":", ",", ";"]
        let scalars = Array(quotation.unicodeScalars)
        var result: [(normalized: [UInt8], text: String)] = []
        var start = 0
        func cut(_ end: Int) {
            var first = start, last = end
            while first < last, ends.contains(scalars[first]) || Lexicon.isSpace(scalars[first]) { first += 1 }
            while last > first, ends.contains(scalars[last - 1]) || Lexicon.isSpace(scalars[last - 1]) { last -= 1 }
            let piece = scalars[first..<last]
            guard piece.count(where: { !Lexicon.isSpace($0) && $0 != "\n" }) >= shortestPiece else { return }
            var normalized: [UInt8] = []
            let text = String(String.UnicodeScalarView(piece))
            normalize(text, into: &normalized)
            result.append((normalized, String(String.UnicodeScalarView(text.unicodeScalars.filter { !Lexicon.isSpace($0) && $0 != "\n" && $0 != "\r" }))))
        }
        var index = 0
        while index < scalars.count {
            if scalars[index] == "…" {
                cut(index)
                index += 1
                start = index
            } else if scalars[index] == ".", index + 2 < scalars.count, scalars[index + 1] == ".", scalars[index + 2] == "." {
                cut(index)
                index += 3
                start = index
            } else {
                index += 1
            }
        }
        cut(scalars.count)
        return result
    }

    /// Appends `text` as UTF-8 with spaces and line breaks removed, half-width punctuation as full-width, ‘’ as “”, and
    /// numbers in digits: `十八` and `18` (or `１８`) alike, since a teacher quoting `年满18周岁` quotes the law's
    /// `年满十八周岁`. (A run of numerals that is not one number, `一一`, stays as it is; both sides get the same.)
    static func normalize(_ text: String, into result: inout [UInt8]) {
        result.reserveCapacity(result.count + text.utf8.count)
        var number: [UInt32] = []
        func endNumber() {
            guard !number.isEmpty else { return }
            if let value = ChineseNumber.parse(scalarValues: number) {
                result.append(contentsOf: String(value).utf8)
            } else {
                for value in number { result.append(contentsOf: UTF8.encode(Unicode.Scalar(value)!)!) }
            }
            number.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if Lexicon.isSpace(scalar) || scalar == "\n" || scalar == "\r" { continue }
            if isNumeral(scalar) {
                number.append(scalar.value)
                continue
            }
            endNumber()
            let mapped: Unicode.Scalar = switch scalar {
            case ":": "："
            case ",": "，"
            case ";": "；"
            case "(": "（"
            case ")": "）"
            case "?": "？"
            case "!": "！"
            case "‘": "“"
            case "’": "”"
            default: scalar
            }
            result.append(contentsOf: UTF8.encode(mapped)!)
        }
        endNumber()
    }

    /// A digit (ASCII or full-width) or a Chinese numeral.
    static func isNumeral(_ scalar: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(scalar.value) || (0xFF10...0xFF19).contains(scalar.value) || ChineseNumber.isNumeral(scalar)
    }

    /// Whether `needle` occurs in `haystack`.
    static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in kaofa_contains(h.baseAddress!, h.count, n.baseAddress!, n.count) != 0 }
        }
    }

    /// Normalised law texts, each made once per compile: whole laws, and the articles questions cite.
    final class NormalizedTexts: @unchecked Sendable {
        private let lock = NSLock()
        private var texts: [String: [UInt8]] = [:]

        /// The whole law, or with `articles` those articles back to back.
        func normalized(_ lawID: String, _ text: LawText, articles: [ArticleCitation]? = nil) -> [UInt8] {
            if let articles, articles.isEmpty { return [] }
            var key = lawID
            if let articles { key += "\u{0}articles" + articles.map { "\u{0}\($0.article)" }.joined() }
            if let known = lock.withLock({ texts[key] }) { return known }
            var made: [UInt8] = []
            if let articles {
                for citation in articles { if let article = text.articles[citation.article] { QuotationCheck.normalize(article.text, into: &made) } }
            } else {
                QuotationCheck.normalize(QuotationCheck.fullText(text), into: &made)
            }
            lock.withLock { texts[key] = made }
            return made
        }
    }

    /// Every article of a law, and its preamble.
    static func fullText(_ text: LawText) -> String {
        let articles = text.articles.keys.sorted().map { text.articles[$0]!.text }
        return ((text.preamble.map { [$0] } ?? []) + articles).joined(separator: "\n")
    }
}
