import KaofaCore

/// The Chinese wording papers and keys share: section headings, citations, item labels.
public enum PaperText {
    /// `一、单项选择题（共20题，每题2分，共40分）`.
    public static func heading(_ section: PaperSection, index: Int) -> String {
        heading(title: section.title, count: section.items.count, pointsEach: section.pointsEach, index: index)
    }

    /// The heading of a section of `count` questions worth `pointsEach` each.
    public static func heading(title: String, count: Int, pointsEach: Points, index: Int) -> String {
        "\(ChineseNumber.format(index + 1))、\(title)（共\(count)题，每题\(pointsEach)分，共\(pointsEach * count)分）"
    }

    /// `《中华人民共和国宪法》第二条`, or nil when the question cites no article.
    public static func citation(_ question: Question, catalog: LawCatalog) -> String? {
        guard let id = question.law, let law = catalog.law(id: id) else { return nil }
        if question.articles.isEmpty { return "《\(law.name)》" }
        return law.citation(ArticleCitation.text(question.articles))
    }

    /// `A卷`, or the examinee's id.
    public static func subjectLabel(_ paper: Paper) -> String {
        if let variant = paper.variant { return "\(variant)卷" }
        return paper.examinee.map { "考生 \($0.id)" } ?? ""
    }
}
