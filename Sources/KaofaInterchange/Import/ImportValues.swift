import KaofaCore

/// Reading the values of imported cells: type names, answers, difficulty.
enum ImportValues {
    /// What a 题型 cell says.
    enum TypeName: Equatable {
        case type(QuestionType)
        /// A type kaofa has but a table row cannot hold (案例分析: material and sub-questions).
        case notInTables(QuestionType)
        case unknown
    }

    /// The type names of kaofa's headings plus those of exam platforms (学习通 and others), compared after folding
    /// width, removing spaces and parenthesised notes, and lower-casing.
    static func typeName(_ text: String) -> TypeName {
        // Most cells are one of the names as they stand (`单选题`): found before any normalising.
        if let type = typeNames[text] { return type == .caseAnalysis ? .notInTables(type) : .type(type) }
        let key = ImportColumn.normalizedHeader(text)
        if let type = typeNames[key] ?? QuestionType.named(key) ?? QuestionType.fromHeading(text) {
            return type == .caseAnalysis ? .notInTables(type) : .type(type)
        }
        return .unknown
    }

    private static let typeNames: [String: QuestionType] = {
        let table: [(QuestionType, [String])] = [
            (.single, ["单选题", "单选", "单项选择题", "单项选择", "单选择题", "单项题", "single", "singlechoice"]),
            (.multiple, ["多选题", "多选", "多项选择题", "多项选择", "多项题", "multiple", "multiplechoice"]),
            (.indefinite, ["不定项选择题", "不定项选择", "不定项", "不定项题", "indefinite"]),
            (.trueFalse, ["判断题", "判断", "是非题", "是非", "对错题", "正误题", "判断正误", "truefalse", "true/false"]),
            (.fillBlank, ["填空题", "填空", "fill", "fillblank"]),
            (.shortAnswer, ["简答题", "简答", "问答题", "问答", "论述题", "论述", "名词解释", "主观题", "essay", "shortanswer"]),
            (.caseAnalysis, ["案例分析题", "案例分析", "案例题", "材料分析题"]),
        ]
        var names: [String: QuestionType] = [:]
        for (type, words) in table { for word in words { names[word] = type } }
        return names
    }()

    /// The names a teacher can write in the 题型 column, for help text.
    static let acceptedTypeNames = "单选题、多选题、不定项选择题、判断题、填空题、简答题（也可以写 单项选择题、多项选择题、是非题、问答题 等）"

    /// Option letters of a choice answer (`B`, `ABD`, `A,B`, `A、B`, `ａ b`) as 0-based indices in order, without
    /// repeats; nil when anything other than letters and separators is there.
    static func choiceLetters(_ text: String) -> [Int]? {
        var indices: [Int] = []
        for scalar in ImportText.foldWidth(text).unicodeScalars {
            if ImportText.isSpace(scalar) || ",，、;；/|｜".unicodeScalars.contains(scalar) { continue }
            var value = scalar.value
            if (0x61...0x7A).contains(value) { value -= 0x20 }
            guard (0x41...0x5A).contains(value) else { return nil }
            let index = Int(value - 0x41)
            if !indices.contains(index) { indices.append(index) }
        }
        return indices.isEmpty ? nil : indices.sorted()
    }

    /// The truth value of a 判断题 answer: 正确/错误, 对/错, √/×, 是/否, T/F, TRUE/FALSE, Y/N; nil otherwise.
    static func truthValue(_ text: String) -> Bool? {
        var key = ImportText.trimmed(ImportText.foldWidth(text)).uppercased()
        while let last = key.last, "。.!！".contains(last) { key.removeLast() }
        switch key {
        case "正确", "对", "√", "✓", "✔", "是", "T", "TRUE", "Y", "YES", "RIGHT", "R": return true
        case "错误", "错", "×", "✗", "✘", "X", "否", "F", "FALSE", "N", "NO", "WRONG", "W": return false
        default: return nil
        }
    }

    /// A difficulty kaofa knows (`易`, `简单`, `中等`, `困难`, `1`–`3` …), or on a five-point scale `1`–`5`
    /// (1–2 易, 3 中, 4–5 难); nil when the text is none of these.
    static func difficulty(_ text: String, fivePointScale: Bool) -> Difficulty? {
        let folded = ImportText.trimmed(ImportText.foldWidth(text))
        if fivePointScale, let number = Int(folded) {
            switch number {
            case 1, 2: return .easy
            case 3: return .medium
            case 4, 5: return .hard
            default: return nil
            }
        }
        return Difficulty.named(folded)
    }

    /// True when a difficulty column uses a five-point scale: some cell is a whole number 4 or 5.
    static func isFivePointScale(_ cells: [String]) -> Bool {
        cells.contains { Int(ImportText.trimmed(ImportText.foldWidth($0))).map { $0 == 4 || $0 == 5 } ?? false }
    }

    /// Splits a list cell (对象, 标签) at commas, 顿号, semicolons, slashes and white space.
    static func listItems(_ text: String) -> [String] {
        var items: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if ImportText.isSpace(scalar) || Self.isListSeparator(scalar) {
                if !current.isEmpty { items.append(String(current)) }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { items.append(String(current)) }
        return items
    }

    /// `,，、;；/／`.
    private static func isListSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ",", "，", "、", ";", "；", "/", "／": true
        default: false
        }
    }

    /// A law's name without book-title marks: `《中华人民共和国宪法》` → `中华人民共和国宪法`.
    static func lawName(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "《" || $0 == "》" }) else { return ImportText.trimmed(text) }
        return ImportText.trimmed(text.filter { $0 != "《" && $0 != "》" })
    }
}
