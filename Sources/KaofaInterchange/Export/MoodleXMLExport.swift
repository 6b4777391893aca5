import Foundation
import KaofaCore

/// Compiled questions as a Moodle XML question file (Moodle: 题库 → 导入 → Moodle XML 格式), for
/// `kaofa export --to moodle`.
///
/// 单选 → `multichoice` with `single` true (the key 100, the others 0); 多选 and 不定项 → `multichoice` with `single`
/// false, each correct option 100/k and each wrong one −100, the closest core Moodle comes to kaofa's all-or-nothing
/// default (a wrong choice scores 0; a missed correct one loses its share); 判断 → `truefalse`; 填空 with one blank →
/// `shortanswer` (every accepted form 100), with several blanks → `cloze` (`MoodleCloze`); 简答 → `essay` with the reference answer and 评分要点 as information for
/// graders. The id is the question's name and `idnumber`; the law and the other attributes are tags; 解析 is the general
/// feedback; 分值 is the default mark. One category per bank file.
///
/// What Moodle cannot hold is reported like the table export: 案例分析 (and a 填空 whose blanks cannot be found in its
/// stem) is not written (W0812); {固定}, 互斥, pictures and tables are reported as W0813.
public struct MoodleXMLExport: BankExport {
    public var exportedIDs: [String?] = []
    public var diagnostics: [Diagnostic] = []
    /// The file, UTF-8.
    public var xml: String
    /// How many 多选 and 不定项 questions were written (their scoring differs from kaofa's default; the summary says so).
    public var multipleChoiceCount = 0

    /// The fraction of each correct option of a choice question with `correct` keys: 100/k, as Moodle writes it
    /// (five decimals, from its list of allowed grades).
    static func share(_ correct: Int) -> String {
        number(100.0 / Double(correct))
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded() { return String(Int(value)) }
        let scaled = (value * 100_000).rounded() / 100_000
        return String(scaled)
    }

    public init(_ questions: [Question], catalog: LawCatalog) {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"
        var category: String?
        for question in questions {
            let position = question.source.numberRange
            let name = question.id.map { "题目 \($0) " } ?? "第 \(question.number) 题"
            if let reason = Self.whyNotHeld(question) {
                diagnostics.append(Diagnostic(.exportQuestionOmitted, "\(name)没有导出：\(reason)", at: position,
                    notes: [.help("这道题留在题库中；需要在 Moodle 中使用时，请在那里手工录入")]))
                continue
            }
            let file = Self.bankName(question.source.file)
            if file != category {
                category = file
                out += "  <question type=\"category\">\n    <category><text>\(Self.escape("$course$/top/" + file))</text></category>\n"
                    + "    <info format=\"html\"><text>\(Self.escape(Self.categoryInfoPrefix + file + ".md"))</text></info>\n  </question>\n"
            }
            let (written, removed) = Self.removingNonXMLCharacters(Self.question(question, catalog: catalog))
            out += written
            exportedIDs.append(question.id)
            if question.type == .multiple || question.type == .indefinite { multipleChoiceCount += 1 }
            var missing: [String] = []
            let pinned = question.options.filter(\.pinned).map(\.label)
            if !pinned.isEmpty { missing.append("选项 \(pinned.joined(separator: "、")) 的 {固定} 标记（Moodle 打乱选项时不能固定某个选项）") }
            let texts = [question.stem, question.explanation ?? "", BankTableExport.answerText(question.answer)] + question.options.map(\.text)
            missing += ExportOmissions.common(question, texts: texts, removed: removed, container: " XML ")
            if !missing.isEmpty {
                diagnostics.append(Diagnostic(.exportContentOmitted, "\(name)已导出，但 Moodle XML 中没有：" + missing.joined(separator: "；"), at: position,
                    notes: [.help("在 Moodle 中编辑这道题补上；题库文件仍是正本")]))
            }
        }
        xml = out + "</quiz>\n"
    }

    /// The text without the characters XML 1.0 cannot hold (control characters other than tab, line feed and carriage
    /// return; U+FFFE, U+FFFF), and those characters' values in order of first appearance. A bank can hold them
    /// (`kaofa check` passes), a Moodle file cannot: one would make the whole file unreadable.
    static func removingNonXMLCharacters(_ text: String) -> (String, [UInt32]) {
        func allowed(_ value: UInt32) -> Bool { !((value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0xFFFE || value == 0xFFFF) }
        guard !text.unicodeScalars.allSatisfy({ allowed($0.value) }) else { return (text, []) }
        var kept = String.UnicodeScalarView()
        var removed: [UInt32] = []
        for scalar in text.unicodeScalars {
            if allowed(scalar.value) {
                kept.append(scalar)
            } else if !removed.contains(scalar.value) {
                removed.append(scalar.value)
            }
        }
        return (String(kept), removed)
    }

    /// `U+000C、U+0001`.
    static func scalarNames(_ values: [UInt32]) -> String {
        values.map { "U+" + String($0, radix: 16, uppercase: true).leftPadded(to: 4) }.joined(separator: "、")
    }

    /// Why Moodle's question types cannot hold the question, or nil.
    static func whyNotHeld(_ question: Question) -> String? {
        switch question.answer {
        case _ where question.type == .caseAnalysis:
            return "案例分析题有材料和 \(question.parts.count) 道小题，Moodle XML 的题型中没有对应的"
        case let .blanks(blanks) where blanks.count > 1 && MoodleCloze.html(stem: question.stem, answers: blanks) == nil:
            return "填空题有 \(blanks.count) 个空，题干中找不到一一对应的空（____ 或（  ））"
        default:
            return nil
        }
    }

    /// The start of the description of the categories kaofa writes (one per bank file). On import such a category is
    /// not a hint for 知识点: it names a file, and kaofa wrote every question's attributes as tags.
    static let categoryInfoPrefix = "由 kaofa 导出自题库文件 "

    /// The bank's name for its category: the file name without `.md`.
    static func bankName(_ path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasSuffix(".md") { name.removeLast(3) }
        return name
    }

    static func question(_ question: Question, catalog: LawCatalog) -> String {
        var cloze: String?
        if case let .blanks(blanks) = question.answer, blanks.count > 1 { cloze = MoodleCloze.html(stem: question.stem, answers: blanks) }
        let kind = switch question.type {
        case .single, .multiple, .indefinite: "multichoice"
        case .trueFalse: "truefalse"
        case .fillBlank: cloze == nil ? "shortanswer" : "cloze"
        case .shortAnswer, .caseAnalysis: "essay"
        }
        var lines = ["  <question type=\"\(kind)\">"]
        let id = question.id ?? ""
        lines.append("    <name><text>\(escape(id.isEmpty ? String(question.stem.prefix(30)) : id))</text></name>")
        lines.append("    <questiontext format=\"html\"><text>\(cloze.map(cdata) ?? html(question.stem))</text></questiontext>")
        lines.append("    <generalfeedback format=\"html\"><text>\(question.explanation.map(html) ?? "")</text></generalfeedback>")
        lines.append("    <defaultgrade>\(number(question.points ?? 1))</defaultgrade>")
        lines.append("    <penalty>0</penalty>")
        lines.append("    <hidden>0</hidden>")
        lines.append("    <idnumber>\(escape(id))</idnumber>")
        switch question.answer {
        case let .choice(keys):
            let single = question.type == .single
            lines.append("    <single>\(single)</single>")
            lines.append("    <shuffleanswers>true</shuffleanswers>")
            lines.append("    <answernumbering>ABCD</answernumbering>")
            for option in question.options {
                let correct = keys.contains(option.label)
                let fraction = correct ? (single ? "100" : share(keys.count)) : (single ? "0" : "-100")
                lines.append("    <answer fraction=\"\(fraction)\" format=\"html\"><text>\(html(option.text))</text><feedback format=\"html\"><text></text></feedback></answer>")
            }
        case let .trueFalse(value):
            lines.append("    <answer fraction=\"\(value ? 100 : 0)\" format=\"moodle_auto_format\"><text>true</text><feedback format=\"html\"><text></text></feedback></answer>")
            lines.append("    <answer fraction=\"\(value ? 0 : 100)\" format=\"moodle_auto_format\"><text>false</text><feedback format=\"html\"><text></text></feedback></answer>")
        case .blanks where cloze != nil:
            break
        case let .blanks(blanks):
            lines.append("    <usecase>0</usecase>")
            // `*` is Moodle's wildcard in short answers; a literal one is written `\*`.
            for accepted in blanks[0] {
                lines.append("    <answer fraction=\"100\" format=\"moodle_auto_format\"><text>\(escape(accepted.replacingOccurrences(of: "*", with: "\\*")))</text><feedback format=\"html\"><text></text></feedback></answer>")
            }
        case let .written(reference, rubric):
            lines.append("    <responseformat>editor</responseformat>")
            lines.append("    <responserequired>1</responserequired>")
            lines.append("    <responsefieldlines>15</responsefieldlines>")
            lines.append("    <attachments>0</attachments>")
            var info = "<p>参考答案：</p>" + htmlParagraphs(reference)
            if !rubric.isEmpty {
                info += "<p>评分要点：</p><ol>" + rubric.map { "<li>" + htmlEscape($0) + "</li>" }.joined() + "</ol>"
            }
            lines.append("    <graderinfo format=\"html\"><text>\(cdata(info))</text></graderinfo>")
            lines.append("    <responsetemplate format=\"html\"><text></text></responsetemplate>")
        case .parts, .missing:
            break
        }
        let tags = self.tags(question, catalog: catalog)
        if !tags.isEmpty {
            lines.append("    <tags>" + tags.map { "<tag><text>\(escape($0))</text></tag>" }.joined() + "</tags>")
        }
        lines.append("  </question>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The law's full name, then 条文, 难度, 知识点, 对象 and (for 不定项) 题型 as `名称:值` tags, then the question's own tags.
    static func tags(_ question: Question, catalog: LawCatalog) -> [String] {
        var tags: [String] = []
        if let law = question.law.flatMap({ catalog.law(id: $0)?.name }) { tags.append(law) }
        if !question.articles.isEmpty { tags.append("条文:" + ArticleCitation.text(question.articles)) }
        if let difficulty = question.difficulty { tags.append("难度:" + difficulty.rawValue) }
        if let topic = question.topic { tags.append("知识点:" + topic) }
        for audience in question.audience { tags.append("对象:" + audience.rawValue) }
        // Moodle writes 多选 and 不定项 alike (several answers allowed); the tag tells them apart on import.
        if question.type == .indefinite { tags.append("题型:" + question.type.chineseName) }
        return tags + question.tags
    }

    /// Text as one HTML paragraph per line, in CDATA.
    static func html(_ text: String) -> String { cdata(htmlParagraphs(text)) }

    static func htmlParagraphs(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "<p>" + htmlEscape(String($0)) + "</p>" }.joined()
    }

    static func htmlEscape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }

    /// XML element content.
    static func escape(_ text: String) -> String { htmlEscape(text) }

    /// A CDATA section; `]]>` inside is split across two sections.
    static func cdata(_ text: String) -> String {
        "<![CDATA[" + text.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }
}

extension String {
    /// The string with `0`s before it up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
