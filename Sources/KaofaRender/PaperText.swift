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

    /// The whole text of every article the question cites (once each; a 款 or 项 citation quotes its article), when
    /// kaofa has the law's text: for each, a heading (`序言` for the preamble, else nil) and its lines.
    public static func quotedArticles(_ question: Question, catalog: LawCatalog) -> [(heading: String?, lines: [String])] {
        guard let law = question.law, let text = catalog.text(of: law) else { return [] }
        var seen: [Int] = []
        var quoted: [(String?, [String])] = []
        for citation in question.articles where !seen.contains(citation.article) {
            seen.append(citation.article)
            if citation.isPreamble {
                guard let preamble = text.preamble else { continue }
                quoted.append(("序言", preamble.split(separator: "\n").map(String.init)))
            } else if let article = text.articles[citation.article] {
                quoted.append((nil, Array(article.paragraphs.joined())))
            }
        }
        return quoted
    }

    /// 答案速查: every objective number with its answer as printed (`43（1）` for a part of a case).
    public static func quickAnswers(_ paper: Paper) -> [(number: String, answer: String)] {
        var answers: [(String, String)] = []
        for item in paper.items {
            switch item.question.type {
            case .shortAnswer: continue
            case .caseAnalysis:
                for part in item.parts where part.question.type != .shortAnswer {
                    answers.append(("\(item.number)（\(part.number)）", KeyHTML.answerText(part)))
                }
            default: answers.append(("\(item.number)", KeyHTML.answerText(item)))
            }
        }
        return answers
    }

    /// `A卷`, or the examinee's id.
    public static func subjectLabel(_ paper: Paper) -> String {
        if let variant = paper.variant { return "\(variant)卷" }
        return paper.examinee.map { "考生 \($0.id)" } ?? ""
    }
}
