/// The seven question types of 学法考法 papers. Raw values are the `type` strings of `kaofa.bank/1`.
public enum QuestionType: String, CaseIterable, Sendable, Codable {
    case single
    case multiple
    case indefinite
    case trueFalse = "true_false"
    case fillBlank = "fill_blank"
    case shortAnswer = "short_answer"
    case caseAnalysis = "case"

    /// The canonical heading text, as `fmt` writes it and papers print it.
    public var chineseName: String {
        switch self {
        case .single: "单项选择题"
        case .multiple: "多项选择题"
        case .indefinite: "不定项选择题"
        case .trueFalse: "判断题"
        case .fillBlank: "填空题"
        case .shortAnswer: "简答题"
        case .caseAnalysis: "案例分析题"
        }
    }

    /// The short name used for sub-question types (`题型=单选`).
    public var shortName: String {
        switch self {
        case .single: "单选"
        case .multiple: "多选"
        case .indefinite: "不定项"
        case .trueFalse: "判断"
        case .fillBlank: "填空"
        case .shortAnswer: "简答"
        case .caseAnalysis: "案例分析"
        }
    }

    /// Whether answers are option labels.
    public var isChoice: Bool { self == .single || self == .multiple || self == .indefinite }

    /// Names accepted in headings and in `题型=`, mapped to types.
    static let names: [String: QuestionType] = {
        var names: [String: QuestionType] = [:]
        let table: [(QuestionType, [String])] = [
            (.single, ["单选题", "单项选择题", "单选", "单项选择", "single"]),
            (.multiple, ["多选题", "多项选择题", "多选", "多项选择", "multiple"]),
            (.indefinite, ["不定项选择题", "不定项选择", "不定项", "indefinite"]),
            (.trueFalse, ["判断题", "判断", "是非题", "true_false", "truefalse"]),
            (.fillBlank, ["填空题", "填空", "fill_blank", "fill"]),
            (.shortAnswer, ["简答题", "简答", "问答题", "问答", "论述题", "short_answer", "essay"]),
            (.caseAnalysis, ["案例分析题", "案例分析", "案例题", "case"]),
        ]
        for (type, words) in table { for word in words { names[word] = type } }
        return names
    }()

    /// The type a name means, ignoring surrounding spaces and letter case.
    public static func named(_ name: String) -> QuestionType? {
        names[name.trimmingSpaces().lowercased()]
    }

    /// The type a heading names: `一、单项选择题（共20题，每题2分）` → `.single`. An ordinal prefix
    /// (`一、` `1.` `第一部分`) and a trailing parenthetical are allowed.
    public static func fromHeading(_ heading: String) -> QuestionType? {
        var text = Substring(heading.trimmingSpaces())
        // Ordinal prefix: Chinese numerals or digits followed by 、 . ．, or 第…部分/第…题.
        if let mark = text.firstIndex(where: { "、.．".contains($0) }),
           text[..<mark].allSatisfy({ ChineseNumber.isNumeral($0) || $0.isNumber }), mark != text.startIndex {
            text = text[text.index(after: mark)...]
        } else if text.hasPrefix("第"), let end = text.firstIndex(where: { $0 == "部" || $0 == "大" }) {
            var rest = text[end...]
            for word in ["部分", "大题"] where rest.hasPrefix(word) { rest = rest.dropFirst(word.count) }
            text = rest.drop(while: { "、.．：: ".contains($0) })
        }
        if let paren = text.firstIndex(where: { $0 == "（" || $0 == "(" }) { text = text[..<paren] }
        return named(String(text))
    }
}

extension String {
    /// Trims ASCII and CJK white space from both ends.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Lexicon.isSpace($0) && $0 != "\n" && $0 != "\r" }) else { return "" }
        let last = scalars.lastIndex(where: { !Lexicon.isSpace($0) && $0 != "\n" && $0 != "\r" })!
        return String(scalars[first...last])
    }
}
