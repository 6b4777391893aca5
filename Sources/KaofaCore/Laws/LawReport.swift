/// Text for `kaofa law`: the catalog as a list, one law's facts, one article's text.
public enum LawReport {
    public struct Failure: Error, Sendable {
        public var text: String
    }

    public static func list(_ catalog: LawCatalog) -> String {
        var out = ""
        for category in catalog.categories {
            let laws = catalog.laws.filter { $0.category == category }
            guard !laws.isEmpty else { continue }
            out += "【\(category)】\n"
            for law in laws {
                var line = "  \(law.id)"
                if law.id != law.name { line += "（\(law.name)）" }
                if let articles = law.articles { line += " 共\(articles)条" }
                if let repealed = law.repealed { line += " 已于\(repealed)废止" + (law.successor.map { "，由\($0)取代" } ?? "") }
                if let text = law.text { line += text.contains("/") ? " [原文：\(text)]" : " [含原文]" }
                if law.pendingText != nil, let revised = law.revised { line += " \(revised)修改，未收录修改后的原文" }
                out += line + "\n"
            }
        }
        return out
    }

    public static func info(_ law: Law, catalog: LawCatalog) -> String {
        var out = "《\(law.name)》\n"
        out += "  简称：\(law.id)\n"
        if !law.aliases.isEmpty { out += "  别称：\(law.aliases.joined(separator: "、"))\n" }
        out += "  类别：\(law.category)\n"
        if let issuer = law.issuer { out += "  制定机关：\(issuer)\n" }
        if let adopted = law.adopted { out += "  通过/发布：\(adopted)\n" }
        if let effective = law.effective { out += "  施行：\(effective)\n" }
        if let revised = law.revised { out += "  最近修改：\(revised)\n" }
        if let region = law.region { out += "  地区：\(region)\n" }
        if let articles = law.articles { out += "  条文数：\(articles)\n" }
        if let repealed = law.repealed {
            out += "  状态：已于 \(repealed) 废止"
            if let successor = law.successor.flatMap({ catalog.law(id: $0) }) { out += "，由《\(successor.name)》取代" }
            out += "\n"
        } else if !law.hasArticles {
            out += "  状态：学习专题（没有条文）\n"
        } else {
            out += "  状态：现行有效\n"
        }
        if let pending = law.pendingText {
            out += "  原文：\(pending)\n"
        } else {
            out += law.text != nil ? "  原文：已收录，可用 kaofa law \(law.id) 第一条 查看\n" : "  原文：未收录\n"
        }
        return out
    }

    public static func article(_ reference: String, of law: Law, catalog: LawCatalog) -> Result<String, Failure> {
        guard let text = catalog.texts[law.id] else {
            if let pending = law.pendingText { return .failure(Failure(text: "《\(law.name)》\(pending)")) }
            return .failure(Failure(text: "kaofa 没有收录《\(law.name)》的原文"))
        }
        guard let citations = ArticleCitationParser.parse(reference), let citation = citations.first, citations.count == 1 else {
            return .failure(Failure(text: "无法识别条文“\(reference)”，请写成 第二条、第2条 或 第二条第一款"))
        }
        if citation.isPreamble {
            guard let preamble = text.preamble else { return .failure(Failure(text: "《\(law.name)》没有序言")) }
            return .success("《\(law.name)》序言\n\n\(preamble)\n")
        }
        guard let article = text.articles[citation.article] else {
            return .failure(Failure(text: "《\(law.name)》没有\(ArticleCitation(article: citation.article).text)（共 \(law.articles ?? text.articles.count) 条）"))
        }
        var body = article.text
        if let paragraph = citation.paragraph {
            guard article.paragraphs.indices.contains(paragraph - 1) else {
                return .failure(Failure(text: "《\(law.name)》\(ArticleCitation(article: citation.article).text)只有 \(article.paragraphs.count) 款"))
            }
            body = article.paragraphs[paragraph - 1].joined(separator: "\n")
        }
        if let item = citation.item {
            let paragraph = (citation.paragraph ?? (article.paragraphs.firstIndex { $0.count > 1 }.map { $0 + 1 } ?? 1)) - 1
            guard article.itemCount(inParagraph: paragraph) >= item else {
                return .failure(Failure(text: "《\(law.name)》\(ArticleCitation(article: citation.article, paragraph: citation.paragraph).text)没有第（\(ChineseNumber.format(item))）项"))
            }
            body = article.paragraphs[paragraph][item]
        }
        return .success("《\(law.name)》\(citation.text)\n\n\(body)\n")
    }
}
