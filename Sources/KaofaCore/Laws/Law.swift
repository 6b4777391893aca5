import Foundation

/// One entry of the law catalog: a law, regulation, 党内法规 or study topic, as `catalog.json` describes it
/// (documented in `docs/law-catalog.md`).
public struct Law: Sendable, Codable, Hashable {
    /// The short name used in banks (`宪法`, `行政处罚法`); unique.
    public var id: String
    /// The full official title (`中华人民共和国宪法`).
    public var name: String
    /// Other names teachers write.
    public var aliases: [String]
    /// One of the catalog's categories (宪法, 民法商法, 党内法规, 地方性法规, 学习专题 …).
    public var category: String
    /// The body that adopted or issued the current text.
    public var issuer: String?
    /// `YYYY-MM-DD` when first adopted.
    public var adopted: String?
    /// `YYYY-MM-DD` of the last revision of the current text.
    public var revised: String?
    /// `YYYY-MM-DD` when the first version took effect.
    public var effective: String?
    /// `YYYY-MM-DD` when it ceased to be in force; nil while in force.
    public var repealed: String?
    /// The id of the law that replaced it.
    public var successor: String?
    /// Number of articles of the current (or last) text; nil for study topics, and for a law in force whose current
    /// text kaofa does not hold (`pendingText`).
    public var articles: Int?
    /// The region of a local regulation (`北京市`).
    public var region: String?
    /// File name of the official text in `Resources/Laws/texts/`.
    public var text: String?
    /// Set when the law was revised after the official texts kaofa ships were collected and kaofa holds neither its
    /// current text nor its article count: what changed and when, as `kaofa law` shows it. Article numbers and
    /// quotations of such a law are not checked — never against the superseded text.
    public var pendingText: String?

    public var isRepealed: Bool { repealed != nil }
    /// Study topics (习近平法治思想) have no articles to cite.
    public var hasArticles: Bool { articles != nil || pendingText != nil }

    /// How a citation reads in a key: `《中华人民共和国宪法》第二条`.
    public func citation(_ articles: String) -> String { "《\(name)》\(articles)" }
}

/// The parsed official text of a law: its articles, each split into paragraphs (款) holding their items (项).
public struct LawText: Sendable {
    public struct Article: Sendable, Hashable {
        public var number: Int
        /// The article's paragraphs; each is its lines (the first line of the first paragraph starts with 第…条).
        public var paragraphs: [[String]]

        /// The article's text as printed: paragraphs joined by newlines.
        public var text: String { paragraphs.map { $0.joined(separator: "\n") }.joined(separator: "\n") }

        /// Number of items (项) in paragraph `index` (0-based).
        public func itemCount(inParagraph index: Int) -> Int {
            guard paragraphs.indices.contains(index) else { return 0 }
            return paragraphs[index].dropFirst().count
        }
    }

    public var title: String
    public var articles: [Int: Article]
    /// The preamble (宪法 序言), if the text has one.
    public var preamble: String?

    /// Parses a text in the form of `../shared/laws/`: a `# 标题` line, headings for 编/章/节, and every article
    /// starting a line with `第…条`.
    public init(markdown: String) {
        var title = ""
        var articles: [Int: Article] = [:]
        var preambleLines: [String] = []
        var inPreamble = false
        var current: Article?
        func flush() {
            if let article = current, articles[article.number] == nil { articles[article.number] = article }
            current = nil
        }
        // Lines are split on UTF-8 bytes (splitting on `Character`s would break graphemes for every shipped text at every
        // start); a `\r` before the `\n` is trimmed with the spaces.
        for rawLine in markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = String(decoding: rawLine, as: UTF8.self).trimmingSpaces()
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let heading = line.drop(while: { $0 == "#" }).description.trimmingSpaces()
                if title.isEmpty { title = heading }
                flush()
                inPreamble = heading.replacingOccurrences(of: " ", with: "") == "序言"
                continue
            }
            if let (number, _) = LawText.articleHeader(line) {
                flush()
                inPreamble = false
                current = Article(number: number, paragraphs: [[line]])
                continue
            }
            if inPreamble {
                preambleLines.append(line)
            } else if current != nil {
                if LawText.isItem(line) {
                    current!.paragraphs[current!.paragraphs.count - 1].append(line)
                } else {
                    current!.paragraphs.append([line])
                }
            }
        }
        flush()
        self.title = title
        self.articles = articles
        self.preamble = preambleLines.isEmpty ? nil : preambleLines.joined(separator: "\n")
    }

    /// `第十二条　……` → (12, offset after 条).
    static func articleHeader(_ line: String) -> (Int, String.Index)? {
        guard line.hasPrefix("第"), let tiao = line.firstIndex(of: "条") else { return nil }
        let numeral = line[line.index(after: line.startIndex)..<tiao]
        guard !numeral.isEmpty, numeral.count <= 8, numeral.allSatisfy(ChineseNumber.isNumeral),
              let number = ChineseNumber.parse(numeral) else { return nil }
        let after = line.index(after: tiao)
        guard after == line.endIndex || line[after] == " " || line[after] == "　" || line[after] == "\t" else { return nil }
        return (number, after)
    }

    /// Items are lines starting with （一） …
    static func isItem(_ line: String) -> Bool {
        guard let first = line.first, first == "（" || first == "(" else { return false }
        guard let close = line.firstIndex(where: { $0 == "）" || $0 == ")" }) else { return false }
        let inner = line[line.index(after: line.startIndex)..<close]
        return !inner.isEmpty && inner.allSatisfy(ChineseNumber.isNumeral)
    }
}
