/// Reads `条文=` values: `第二条`, `第2条`, `第一千二百六十条`, `第二条第一款`, `第六十二条第（四）项`, `序言`,
/// ranges `第九条至第十一条`. One value per list item; the caller splits lists.
enum ArticleCitationParser {
    /// The citations one item stands for, or nil when it is not an article reference.
    static func parse(_ text: String) -> [ArticleCitation]? {
        // Fast path for the common `第X条` with nothing else, on scalars (String comparison of Chinese text
        // normalises it first, which costs more than the whole parse).
        if let article = simpleArticle(text) { return [ArticleCitation(article: article)] }
        let compact = text.filter { !$0.isWhitespace && $0 != "　" }
        if compact == "序言" { return [ArticleCitation(article: 0)] }
        for separator in ["至", "~", "～", "-", "—"] {
            if let range = compact.range(of: separator), range.lowerBound != compact.startIndex {
                guard let first = single(String(compact[..<range.lowerBound])),
                      var second = single(String(compact[range.upperBound...])) else { return nil }
                // `第九至十一条` / `第九条至十一条`
                if second.article == 0 { return nil }
                if first.paragraph != nil || second.paragraph != nil { return [first, second] }
                guard second.article > first.article, second.article - first.article <= 50 else { return nil }
                second.item = nil
                return (first.article...second.article).map { ArticleCitation(article: $0) }
            }
        }
        return single(compact).map { [$0] }
    }

    /// `第十二条` or `第12条` → 12; nil for anything else.
    static func simpleArticle(_ text: String) -> Int? {
        let scalars = text.unicodeScalars
        guard scalars.first == "第", scalars.last == "条", scalars.count > 2, scalars.count <= 12 else { return nil }
        var values: [UInt32] = []
        values.reserveCapacity(10)
        for scalar in scalars.dropFirst().dropLast() { values.append(scalar.value) }
        return ChineseNumber.parse(scalarValues: values).flatMap { $0 > 0 ? $0 : nil }
    }

    /// One citation: 第X条[第Y款][第（Z）项].
    private static func single(_ text: String) -> ArticleCitation? {
        var rest = Substring(text)
        guard let article = number(&rest, unit: "条", requirePrefix: false) else { return nil }
        var citation = ArticleCitation(article: article)
        if !rest.isEmpty {
            if let paragraph = number(&rest, unit: "款", requirePrefix: true) { citation.paragraph = paragraph }
        }
        if !rest.isEmpty {
            guard let item = number(&rest, unit: "项", requirePrefix: true) else { return nil }
            citation.item = item
        }
        guard rest.isEmpty, article > 0, citation.paragraph != 0, citation.item != 0 else { return nil }
        return citation
    }

    /// Reads `第N<unit>` (or `N<unit>` when the prefix is optional) with N in Chinese or Arabic numerals,
    /// optionally in parentheses for items.
    private static func number(_ text: inout Substring, unit: Character, requirePrefix: Bool) -> Int? {
        var rest = text
        let prefixed = rest.hasPrefix("第")
        if prefixed { rest = rest.dropFirst() } else if requirePrefix { return nil }
        guard let end = rest.firstIndex(of: unit) else {
            // A bare number is taken as an article: `条文=2`.
            if unit == "条", !prefixed, let n = ChineseNumber.parse(rest), n > 0 {
                text = ""
                return n
            }
            return nil
        }
        var numeral = rest[..<end]
        numeral = numeral.drop(while: { $0 == "（" || $0 == "(" })
        while let last = numeral.last, last == "）" || last == ")" { numeral = numeral.dropLast() }
        guard let n = ChineseNumber.parse(numeral) else { return nil }
        text = rest[rest.index(after: end)...]
        return n
    }
}
