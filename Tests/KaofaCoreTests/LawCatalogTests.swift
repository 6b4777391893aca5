import Foundation
import Testing
@testable import KaofaCore

@Suite("Law catalog")
struct LawCatalogTests {
    /// Rows of `../shared/laws/README.md`: file, category, version date, articles.
    static func sharedReadmeRows() throws -> [(id: String, category: String, version: String, articles: Int)] {
        let url = TestSupport.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/laws/README.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard cells.count == 4, cells[0].hasSuffix(".md"), let articles = Int(cells[3]) else { return nil }
            return (String(cells[0].dropLast(3)), cells[1], cells[2], articles)
        }
    }

    @Test("the catalog agrees with ../shared/laws/README.md on category, version and article count")
    func agreesWithSharedReadme() throws {
        let rows = try Self.sharedReadmeRows()
        #expect(rows.count == 23)
        for row in rows {
            let law = try #require(TestSupport.catalog.law(id: row.id), "\(row.id) is not in the catalog")
            #expect(law.category == row.category, "\(row.id)")
            if law.pendingText != nil {
                // Revised after ../shared/laws was collected (or, for 北京市生活垃圾管理条例, after the text it holds
                // was published): the catalog leads, and the superseded text is not shipped.
                #expect(try #require(law.revised) >= row.version, "\(row.id)")
                #expect(law.text == nil && law.articles == nil, "\(row.id)")
                continue
            }
            #expect(law.articles == row.articles, "\(row.id)")
            #expect(law.revised == row.version || (law.revised == nil && law.adopted == row.version), "\(row.id)")
            #expect(law.text == row.id + ".md")
        }
    }

    @Test("shipped texts are the official texts of ../shared/laws, unchanged, and parse into every article")
    func textsMatchShared() throws {
        let shared = TestSupport.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/laws")
        for law in TestSupport.catalog.laws {
            guard let file = law.text else { continue }
            let original = try Data(contentsOf: shared.appendingPathComponent(file))
            let text = try #require(TestSupport.catalog.texts[law.id])
            #expect(LawText(markdown: String(decoding: original, as: UTF8.self)).articles == text.articles, "\(law.id)")
            #expect(text.articles.count == law.articles, "\(law.id)")
            #expect(Set(text.articles.keys) == Set(1...(law.articles ?? 0)), "\(law.id) numbering has gaps")
        }
    }

    @Test("laws whose current text kaofa lacks are in force, with no superseded text to check against", arguments: [
        ("村民委员会组织法", "2025-10-28", "2026年1月1日起施行"), ("城市居民委员会组织法", "2025-10-28", "2026年1月1日起施行"),
        ("北京市生活垃圾管理条例", "2020-09-25", "自公布之日起施行"),
    ])
    func awaitingCurrentText(id: String, revised: String, inForce: String) throws {
        #expect(TestSupport.catalog.laws.filter { $0.pendingText != nil }.count == 3)
        do {
            let law = try #require(TestSupport.catalog.law(id: id))
            #expect(law.revised == revised && !law.isRepealed && law.hasArticles)
            #expect(TestSupport.catalog.texts[id] == nil)
            #expect(law.pendingText?.contains(inForce) == true)
            let info = LawReport.info(law, catalog: TestSupport.catalog)
            #expect(info.contains("状态：现行有效") && info.contains("原文：\(law.pendingText ?? "?")"), "\(info)")
            guard case let .failure(failure) = LawReport.article("第二条", of: law, catalog: TestSupport.catalog) else {
                Issue.record("\(id) 第二条 should not be shown from a superseded text"); return
            }
            #expect(failure.text.contains("尚未收录"), "\(failure.text)")
        }
        #expect(LawReport.list(TestSupport.catalog).contains("\(id)（" + (TestSupport.catalog.law(id: id)?.name ?? "") + "） \(revised)修改，未收录修改后的原文")
                || LawReport.list(TestSupport.catalog).contains("\(id) \(revised)修改，未收录修改后的原文"))
    }

    @Test("a law awaiting its current text may not also carry a text or an article count")
    func pendingTextIsExclusive() throws {
        var law = try #require(TestSupport.catalog.law(id: "村民委员会组织法"))
        law.articles = 41
        #expect(throws: LawCatalog.LoadError.self) {
            try LawCatalog(categories: TestSupport.catalog.categories, laws: [law], texts: [:])
        }
    }

    @Test("names resolve with and without 《》 and the 中华人民共和国 prefix", arguments: [
        ("宪法", "宪法"), ("《宪法》", "宪法"), ("中华人民共和国宪法", "宪法"), ("《中华人民共和国民法典》", "民法典"),
        ("行政处罚法", "行政处罚法"), ("处罚法", "行政处罚法"), ("村委会组织法", "村民委员会组织法"), ("党章", "党章"),
        ("中国共产党章程", "党章"), ("合同法", "合同法"),
    ])
    func names(name: String, id: String) {
        #expect(TestSupport.catalog.law(named: name)?.id == id)
    }

    @Test("repealed civil laws point to 民法典, repealed on 2021-01-01")
    func repealed() throws {
        for id in ["合同法", "物权法", "婚姻法", "继承法", "收养法", "担保法", "侵权责任法", "民法通则", "民法总则"] {
            let law = try #require(TestSupport.catalog.law(id: id))
            #expect(law.repealed == "2021-01-01", "\(id)")
            #expect(law.successor == "民法典", "\(id)")
        }
    }

    @Test("facts teachers will check", arguments: [("宪法", 143), ("民法典", 1260), ("行政处罚法", 86), ("党章", 55), ("纪律处分条例", 158)])
    func articleCounts(id: String, articles: Int) {
        #expect(TestSupport.catalog.law(id: id)?.articles == articles)
    }

    @Test("article texts are quoted exactly")
    func articleText() throws {
        let article = try #require(TestSupport.catalog.article(2, of: "宪法"))
        #expect(article.paragraphs.count == 3)
        #expect(article.paragraphs[0] == ["第二条 中华人民共和国的一切权力属于人民。"])
        let last = try #require(TestSupport.catalog.article(1260, of: "民法典"))
        #expect(last.text.hasPrefix("第一千二百六十条 本法自2021年1月1日起施行。"))
        #expect(TestSupport.catalog.texts["宪法"]?.preamble?.hasPrefix("中国是世界上历史最悠久的国家之一。") == true)
    }

    @Test("unknown names get a did-you-mean")
    func suggestion() {
        #expect(TestSupport.catalog.suggestion(for: "宪发") == "宪法")
        #expect(TestSupport.catalog.suggestion(for: "行政处法") == "行政处罚法")
    }
}
