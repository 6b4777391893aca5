/// Reading the fields of a Moodle Cloze (embedded answers) question text, the inverse of `MoodleCloze`: each
/// `{1:SHORTANSWER:=五~=5}` becomes a blank — `____`, or nothing but two spaces when the field stands alone in
/// brackets, `（  ）` — whose accepted forms are the answers at 100%.
enum MoodleClozeReading {
    struct Result {
        var stem: String
        var blanks: [[String]] = []
        /// What was not imported, in words (answers with partial credit, feedback, weights).
        var dropped: [String] = []
        /// The first field of a kind kaofa cannot hold (`MULTICHOICE`, `NUMERICAL` …), or nil.
        var unsupported: String?
    }

    static let shortAnswerTypes: Set<String> = ["SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"]

    static func read(_ text: String) -> Result {
        let scalars = Array(text.unicodeScalars)
        var result = Result(stem: "")
        var stem = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "{", let field = field(scalars, at: i) else {
                stem.append(scalars[i])
                i += 1
                continue
            }
            let type = field.type.uppercased()
            guard shortAnswerTypes.contains(type) else {
                if result.unsupported == nil { result.unsupported = field.type }
                i = field.end
                continue
            }
            let number = result.blanks.count + 1
            if field.weight != 1 { result.dropped.append("第 \(number) 个空的权重 \(field.weight) 没有导入（题库中每个空一样重）") }
            var forms: [String] = []
            for answer in field.answers {
                if answer.grade >= 99.999 {
                    if !forms.contains(answer.text) { forms.append(answer.text) }
                } else {
                    result.dropped.append("第 \(number) 个空的答案“\(ImportText.excerpt(answer.text))”得 \(BankTableExport.number(answer.grade))% 的分，kaofa 的填空题只认完全正确的答案，它没有导入")
                }
                if answer.feedback { result.dropped.append("第 \(number) 个空的答案“\(ImportText.excerpt(answer.text))”的反馈没有导入") }
            }
            result.blanks.append(forms)
            // `（{…}）` is the bank's `（  ）`; anything else is `____`.
            let before = stem.last, after = field.end < scalars.count ? scalars[field.end] : nil
            let bracketed = (before == "（" && after == "）") || (before == "(" && after == ")")
            stem.append(contentsOf: (bracketed ? "  " : "____").unicodeScalars)
            i = field.end
        }
        result.stem = String(stem)
        return result
    }

    struct Field {
        var weight: Int
        var type: String
        var answers: [(text: String, grade: Double, feedback: Bool)]
        /// The index after the closing brace.
        var end: Int
    }

    /// The field `{weight:TYPE:answers}` starting at `i`, or nil when the brace starts no field.
    static func field(_ scalars: [Unicode.Scalar], at i: Int) -> Field? {
        var j = i + 1
        var weightText = ""
        while j < scalars.count, ("0"..."9").contains(scalars[j]) { weightText.unicodeScalars.append(scalars[j]); j += 1 }
        guard j < scalars.count, scalars[j] == ":" else { return nil }
        j += 1
        var type = ""
        while j < scalars.count, scalars[j] != ":" {
            let value = scalars[j].value
            guard (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) || scalars[j] == "_" else { return nil }
            type.unicodeScalars.append(scalars[j])
            j += 1
        }
        guard j < scalars.count, !type.isEmpty else { return nil }
        j += 1
        // The answers, up to the first unescaped `}`.
        var answers: [(text: String, grade: Double, feedback: Bool)] = []
        var current = String.UnicodeScalarView()
        func finish(_ item: String.UnicodeScalarView) {
            var item = Array(item)
            var grade = 0.0
            if item.first == "=" {
                grade = 100
                item.removeFirst()
            } else if item.first == "%", let close = item.dropFirst().firstIndex(of: "%") {
                grade = Double(String(String.UnicodeScalarView(item[1..<close]))) ?? 0
                item.removeSubrange(0...close)
            }
            // The answer ends at an unescaped `#` (its feedback follows); `\x` is `x`.
            var text = String.UnicodeScalarView()
            var feedback = false
            var k = 0
            while k < item.count {
                if item[k] == "\\", k + 1 < item.count {
                    text.append(item[k + 1])
                    k += 2
                    continue
                }
                if item[k] == "#" {
                    feedback = !ImportText.trimmed(String(String.UnicodeScalarView(item[(k + 1)...]))).isEmpty
                    break
                }
                text.append(item[k])
                k += 1
            }
            answers.append((ImportText.trimmed(String(text)), grade, feedback))
        }
        while j < scalars.count {
            let scalar = scalars[j]
            if scalar == "\\", j + 1 < scalars.count {
                current.append(scalar)
                current.append(scalars[j + 1])
                j += 2
                continue
            }
            if scalar == "}" {
                finish(current)
                return Field(weight: Int(weightText) ?? 1, type: type, answers: answers.filter { !$0.text.isEmpty }, end: j + 1)
            }
            if scalar == "~" {
                finish(current)
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
            j += 1
        }
        return nil
    }
}
