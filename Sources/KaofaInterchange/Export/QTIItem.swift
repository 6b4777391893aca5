import KaofaCore

/// One question as a QTI 2.1 `assessmentItem`.
///
/// 单选 → `choiceInteraction maxChoices="1"` (cardinality single); 多选/不定项 → `maxChoices="0"` (cardinality multiple);
/// 判断 → a `choiceInteraction` with 正确 (`TRUE`) and 错误 (`FALSE`), never shuffled; 填空 → one `textEntryInteraction`
/// in place of each blank, every accepted form in the response's `mapping`; 简答 → `extendedTextInteraction`, the
/// reference answer and 评分要点 in a `rubricBlock` for scorers, not scored; 案例分析 → the material, then each part with
/// its own interaction (`RESPONSE_1`, `RESPONSE_2` …). Choice interactions shuffle (`shuffle="true"`), options the bank
/// pins (`{固定}`) are `fixed="true"`.
///
/// Scoring is kaofa's default, all or nothing: response processing adds a part's points to `SCORE` when its response
/// matches the correct one (the `match_correct` rule, written out so that several parts add up), and each blank adds
/// its share through `mapResponse`. 解析 is a `modalFeedback` shown after answering: response processing sets the
/// `FEEDBACK` outcome to `EXPLANATION`.
struct QTIItem {
    let question: Question
    let identifier: String
    let catalog: LawCatalog

    /// What one question or case part contributes to the item.
    struct Piece {
        var declarations: [String] = []
        var body: [String] = []
        /// Response rules adding to SCORE.
        var scoring: [String] = []
        var interactions: [String] = []
    }

    /// Why the question cannot be written, or nil.
    static func whyNotHeld(_ question: Question) -> String? {
        for part in question.type == .caseAnalysis ? question.parts : [question] {
            if case let .blanks(blanks) = part.answer, blanks.count > 1, !blanksFound(part.stem, count: blanks.count) {
                let name = question.type == .caseAnalysis ? "小题 \(part.id ?? "")：" : ""
                return "\(name)填空题有 \(blanks.count) 个空，题干中找不到一一对应的空（____ 或（  ）），无法放置输入框"
            }
        }
        return nil
    }

    static func blanksFound(_ stem: String, count: Int) -> Bool {
        let positions = MoodleCloze.blanks(in: stem)
        return positions.count == count && zip(positions, positions.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound }
    }

    /// The item's XML document.
    func xml() -> (text: String, interactions: [String]) {
        var pieces: [Piece] = []
        var body: [String] = []
        if question.type == .caseAnalysis {
            if let material = question.material { body += paragraphs(material, className: "material") }
            body += paragraphs(question.stem)
            for (index, part) in question.parts.enumerated() {
                pieces.append(piece(part, response: "RESPONSE_\(index + 1)", number: index + 1, points: part.points ?? 1))
            }
        } else {
            pieces.append(piece(question, response: "RESPONSE", number: nil, points: question.points ?? 1))
        }
        let maximum = question.type == .caseAnalysis ? question.parts.reduce(0) { $0 + ($1.points ?? 1) } : question.points ?? 1
        // The question's 解析, then each part's, named by the part's id.
        let explanations: [(part: String?, text: String)] = (question.explanation.map { [(nil, $0)] } ?? [])
            + question.parts.compactMap { part in part.explanation.map { (part.id ?? "", $0) } }

        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        var root = "<assessmentItem xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
        root += " xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd\""
        root += " identifier=\"\(identifier)\" title=\(QTIXML.attribute(title))"
        if let label { root += " label=\(QTIXML.attribute(label))" }
        root += " xml:lang=\"zh-CN\" adaptive=\"false\" timeDependent=\"false\" toolName=\"kaofa\">"
        lines.append(root)
        lines += pieces.flatMap(\.declarations)
        lines.append("  <outcomeDeclaration identifier=\"SCORE\" cardinality=\"single\" baseType=\"float\" normalMaximum=\"\(QTIXML.number(maximum))\">"
                     + "<defaultValue><value>0</value></defaultValue></outcomeDeclaration>")
        if !explanations.isEmpty {
            lines.append("  <outcomeDeclaration identifier=\"FEEDBACK\" cardinality=\"single\" baseType=\"identifier\"/>")
        }
        lines.append("  <itemBody>")
        lines += (body + pieces.flatMap(\.body)).map { "    " + $0 }
        lines.append("  </itemBody>")
        let rules = pieces.flatMap(\.scoring)
        if !rules.isEmpty || !explanations.isEmpty {
            lines.append("  <responseProcessing>")
            lines += rules.map { "    " + $0 }
            if !explanations.isEmpty {
                lines.append("    <setOutcomeValue identifier=\"FEEDBACK\"><baseValue baseType=\"identifier\">EXPLANATION</baseValue></setOutcomeValue>")
            }
            lines.append("  </responseProcessing>")
        }
        if !explanations.isEmpty {
            var feedback = "  <modalFeedback outcomeIdentifier=\"FEEDBACK\" identifier=\"EXPLANATION\" showHide=\"show\" title=\"解析\">"
            for (part, text) in explanations {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let first = (part.map { "（\($0)）" } ?? "") + (lines.first ?? "")
                feedback += ([first] + lines.dropFirst()).map { "<p>" + QTIXML.text($0) + "</p>" }.joined()
            }
            lines.append(feedback + "</modalFeedback>")
        }
        lines.append("</assessmentItem>")
        return (lines.joined(separator: "\n") + "\n", pieces.flatMap(\.interactions))
    }

    /// The title players show: the start of the stem (an item's title is required).
    var title: String {
        let flat = question.stem.split(separator: "\n").joined(separator: " ")
        return flat.count > 40 ? String(flat.prefix(40)) + "…" : flat
    }

    /// The law and articles, for systems that show an item's label.
    var label: String? {
        guard let law = question.law.flatMap({ catalog.law(id: $0)?.name }) else { return nil }
        return question.articles.isEmpty ? law : law + " " + ArticleCitation.text(question.articles)
    }

    private func piece(_ part: Question, response: String, number: Int?, points: Double) -> Piece {
        var piece = Piece()
        let prefix = number.map { "（\($0)）" } ?? ""
        let score = "<baseValue baseType=\"float\">\(QTIXML.number(points))</baseValue>"
        func addOnMatch() {
            piece.scoring.append("<responseCondition><responseIf><match><variable identifier=\"\(response)\"/><correct identifier=\"\(response)\"/></match>"
                                 + "<setOutcomeValue identifier=\"SCORE\"><sum><variable identifier=\"SCORE\"/>\(score)</sum></setOutcomeValue></responseIf></responseCondition>")
        }
        switch part.answer {
        case let .choice(keys):
            let single = part.type == .single
            piece.declarations.append("  <responseDeclaration identifier=\"\(response)\" cardinality=\"\(single ? "single" : "multiple")\" baseType=\"identifier\">"
                                      + "<correctResponse>" + keys.map { "<value>\($0)</value>" }.joined() + "</correctResponse></responseDeclaration>")
            piece.body += paragraphs(prefix + part.stem)
            piece.body.append("<choiceInteraction responseIdentifier=\"\(response)\" shuffle=\"true\" maxChoices=\"\(single ? 1 : 0)\">")
            for option in part.options {
                piece.body.append("  <simpleChoice identifier=\"\(option.label)\"\(option.pinned ? " fixed=\"true\"" : "")>\(QTIXML.text(option.text))</simpleChoice>")
            }
            piece.body.append("</choiceInteraction>")
            piece.interactions.append("choiceInteraction")
            addOnMatch()
        case let .trueFalse(value):
            piece.declarations.append("  <responseDeclaration identifier=\"\(response)\" cardinality=\"single\" baseType=\"identifier\">"
                                      + "<correctResponse><value>\(value ? "TRUE" : "FALSE")</value></correctResponse></responseDeclaration>")
            piece.body += paragraphs(prefix + part.stem)
            piece.body.append("<choiceInteraction responseIdentifier=\"\(response)\" shuffle=\"false\" maxChoices=\"1\">"
                              + "<simpleChoice identifier=\"TRUE\">正确</simpleChoice><simpleChoice identifier=\"FALSE\">错误</simpleChoice></choiceInteraction>")
            piece.interactions.append("choiceInteraction")
            addOnMatch()
        case let .blanks(blanks):
            let share = points / Double(max(1, blanks.count))
            var fields: [String] = []
            for (index, accepted) in blanks.enumerated() {
                let id = blanks.count == 1 ? response : "\(response)_\(index + 1)"
                let entries = accepted.map { "<mapEntry mapKey=\(QTIXML.attribute($0)) mappedValue=\"\(QTIXML.number(share))\" caseSensitive=\"false\"/>" }.joined()
                piece.declarations.append("  <responseDeclaration identifier=\"\(id)\" cardinality=\"single\" baseType=\"string\">"
                                          + "<correctResponse><value>\(QTIXML.text(accepted.first ?? ""))</value></correctResponse>"
                                          + "<mapping defaultValue=\"0\">\(entries)</mapping></responseDeclaration>")
                let length = max(4, (accepted.map(\.count).max() ?? 0) + 2)
                fields.append("<textEntryInteraction responseIdentifier=\"\(id)\" expectedLength=\"\(length)\"/>")
                piece.scoring.append("<setOutcomeValue identifier=\"SCORE\"><sum><variable identifier=\"SCORE\"/><mapResponse identifier=\"\(id)\"/></sum></setOutcomeValue>")
                piece.interactions.append("textEntryInteraction")
            }
            if Self.blanksFound(part.stem, count: blanks.count) {
                piece.body += paragraphs(prefix + part.stem, replacing: MoodleCloze.blanks(in: part.stem), with: fields, offset: prefix.unicodeScalars.count)
            } else {
                // One blank the stem does not show: the entry box follows the stem.
                piece.body += paragraphs(prefix + part.stem)
                piece.body.append("<p>" + fields.joined() + "</p>")
            }
        case let .written(reference, rubric):
            piece.declarations.append("  <responseDeclaration identifier=\"\(response)\" cardinality=\"single\" baseType=\"string\"/>")
            piece.body += paragraphs(prefix + part.stem)
            piece.body.append("<extendedTextInteraction responseIdentifier=\"\(response)\" expectedLines=\"10\"/>")
            piece.interactions.append("extendedTextInteraction")
            var scorer = "<rubricBlock view=\"scorer\"><p>参考答案：</p>" + paragraphs(reference).joined()
            if !rubric.isEmpty { scorer += "<p>评分要点：</p><ol>" + rubric.map { "<li>" + QTIXML.text($0) + "</li>" }.joined() + "</ol>" }
            piece.body.append(scorer + "</rubricBlock>")
        case .parts, .missing:
            piece.body += paragraphs(prefix + part.stem)
        }
        return piece
    }

    /// `<p>` per line of `text`, escaped; with `replacing`, the given scalar ranges of the text (blanks) are replaced
    /// by markup.
    private func paragraphs(_ text: String, className: String? = nil, replacing ranges: [Range<Int>] = [], with markup: [String] = [], offset: Int = 0) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var content = ""
        var cursor = 0
        func plain(_ range: Range<Int>) -> String { QTIXML.text(String(String.UnicodeScalarView(scalars[range]))) }
        for (range, replacement) in zip(ranges, markup) {
            let shifted = (range.lowerBound + offset)..<(range.upperBound + offset)
            // A blank in brackets, `（  ）`, keeps its brackets around the entry box.
            let bracketed = scalars[shifted.lowerBound] == "（" || scalars[shifted.lowerBound] == "("
            content += plain(cursor..<shifted.lowerBound)
            content += bracketed ? String(scalars[shifted.lowerBound]) + replacement + String(scalars[shifted.upperBound - 1]) : replacement
            cursor = shifted.upperBound
        }
        content += plain(cursor..<scalars.count)
        let open = className.map { "<p class=\"\($0)\">" } ?? "<p>"
        return content.split(separator: "\n", omittingEmptySubsequences: false).map { open + $0 + "</p>" }
    }
}

/// XML text for QTI files.
enum QTIXML {
    /// Element content: `&`, `<`, `>` escaped.
    static func text(_ text: String) -> String { MoodleXMLExport.htmlEscape(text) }

    /// A quoted attribute value.
    static func attribute(_ value: String) -> String {
        "\"" + MoodleXMLExport.htmlEscape(value).replacingOccurrences(of: "\"", with: "&quot;") + "\""
    }

    static func number(_ value: Double) -> String { MoodleXMLExport.number(value) }
}
