/// Scores one answer sheet against its paper: the one response shape kaofa uses everywhere (`POST
/// /papers/{id}/responses`, offline scoring), documented in docs/schemas/kaofa.response.schema.json.
///
/// Answers are keyed by the number printed on the paper — `"1"`, `"21"`, and for a part of a case `"43.1"` (also
/// accepted: `43-1`, `43(1)`, `43（1）`) — each value the chosen option labels (`["B","D"]`), `["正确"]` / `["错误"]`
/// (also 对/错/√/×), one text per blank, or the written text. An unanswered item is simply absent.
public enum Scorer {
    /// How an item came out.
    public enum Outcome: String, Sendable {
        case correct, partial, wrong, unanswered
        /// 简答 and the written parts of a case: left for a marker.
        case needsMarking = "needs-marking"
    }

    public struct ItemScore: Sendable, Equatable {
        /// `"7"`, or `"43.1"` for a part of a case.
        public var number: String
        public var questionID: String?
        public var type: QuestionType
        public var outcome: Outcome
        public var points: Points
        public var maxPoints: Points
        /// The answer as read: the chosen labels in printed order, `正确`/`错误`, the blanks or the written text as
        /// given; empty when unanswered.
        public var response: [String]
        /// Index of the item's 大题 in `Result.sections`.
        public var section: Int
    }

    public struct SectionScore: Sendable, Equatable {
        public var title: String
        public var points: Points
        public var maxPoints: Points
    }

    public struct Result: Sendable, Equatable {
        public var items: [ItemScore]
        public var sections: [SectionScore]
        /// The points scored on objective items.
        public var objective: Points
        /// The points a marker gave to written items (merged with `applyMarks`).
        public var markedPoints: Points = .zero
        /// The points of items still waiting for a marker.
        public var pendingPoints: Points
        public var maxPoints: Points
        public var passPoints: Points
        public var excellentPoints: Points?
        /// Objective and marked points together.
        public var totalPoints: Points { objective + markedPoints }
        /// Whether the total reaches the mark (nil while written items wait for a marker and could still decide it).
        public var passed: Bool?
        public var excellent: Bool?
    }

    /// A problem with the sheet itself, reported instead of a score.
    public struct Problem: Error, Sendable, Equatable {
        /// The answer's key as given (`"44"`), or empty for the sheet as a whole.
        public var item: String
        public var message: String
    }

    /// Why a sheet was not scored: every problem found in it.
    public struct Rejection: Error, Sendable, Equatable {
        public var problems: [Problem]
    }

    /// Scores `answers` against `paper`; problems (numbers the paper does not have, labels an item does not have, a
    /// value of the wrong shape) are all reported, and nothing is scored, when there are any.
    public static func score(_ paper: Paper, answers: [String: [String]]) -> Swift.Result<Result, Rejection> {
        score(ScoringKey(paper: paper), answers: answers)
    }

    /// Scores `answers` against `key`, as `score(_:answers:)` does for an assembled paper.
    /// `responses: false` leaves each item's `response` empty: scoring alone does not need it, item analysis does.
    public static func score(_ key: ScoringKey, answers: [String: [String]], responses: Bool = true) -> Swift.Result<Result, Rejection> {
        var problems: [Problem] = []
        // The answer given for each slot, by the slot's index.
        var given = [[String]?](repeating: nil, count: key.items.count)
        // Number → slot: top-level items numbered 1, 2, … stand at index n − 1 until the first case part; the rest
        // are looked up in a table made only when needed.
        var table: [String: Int]?
        func slot(_ number: String) -> Int? {
            if let n = Int(number), n >= 1, n <= key.items.count, key.items[n - 1].number == number { return n - 1 }
            if table == nil {
                var made: [String: Int] = [:]
                for (index, item) in key.items.enumerated() { made[item.number] = index }
                table = made
            }
            return table![number]
        }
        // In key order, so that problems are listed the same way every time (only sorted when there are any).
        var unreadable = false
        for (answerKey, value) in answers {
            guard let number = canonicalNumber(answerKey), let index = slot(number), given[index] == nil else {
                unreadable = true
                break
            }
            given[index] = value
        }
        if unreadable {
            given = [[String]?](repeating: nil, count: key.items.count)
            for (answerKey, value) in answers.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                guard let number = canonicalNumber(answerKey), let index = slot(number) else {
                    problems.append(Problem(item: answerKey, message: "试卷上没有第 \(answerKey) 题"))
                    continue
                }
                if given[index] != nil {
                    problems.append(Problem(item: answerKey, message: "第 \(number) 题的答案给了两次"))
                    continue
                }
                given[index] = value
            }
        }
        var items: [ItemScore] = []
        items.reserveCapacity(key.items.count)
        var sectionPoints = key.sections.map { _ in Points.zero }
        var objective = Points.zero, pending = Points.zero, maxPoints = Points.zero
        for (slotIndex, slot) in key.items.enumerated() {
            maxPoints = maxPoints + slot.points
            var score = ItemScore(number: slot.number, questionID: slot.questionID, type: slot.type, outcome: .unanswered,
                                  points: .zero, maxPoints: slot.points, response: [], section: slot.section)
            if case .written = slot.expected {
                score.outcome = .needsMarking
                if responses, let values = given[slotIndex] { score.response = values }
                pending = pending + slot.points
                items.append(score)
                continue
            }
            guard let values = given[slotIndex], !values.isEmpty, !values.allSatisfy({ $0.trimmingSpaces().isEmpty }) else {
                items.append(score)
                continue
            }
            switch grade(slot, values: values, responses: responses) {
            case let .success(graded):
                score.outcome = graded.outcome
                score.points = graded.points
                score.response = graded.response
            case let .failure(problem):
                problems.append(problem)
            }
            objective = objective + score.points
            sectionPoints[slot.section] = sectionPoints[slot.section] + score.points
            items.append(score)
        }
        guard problems.isEmpty else { return .failure(Rejection(problems: problems)) }
        let sections = key.sections.enumerated().map { index, section in
            SectionScore(title: section.title, points: sectionPoints[index], maxPoints: section.maxPoints)
        }
        return .success(Result(items: items, sections: sections, objective: objective, pendingPoints: pending, maxPoints: maxPoints,
                               passPoints: key.passPoints, excellentPoints: key.excellentPoints,
                               passed: reaches(key.passPoints, total: objective, pending: pending),
                               excellent: reaches(key.excellentPoints, total: objective, pending: pending)))
    }

    /// Merges a marker's points for written items (`"41": 4`, `"43.3": 2.5`) into a scored sheet: each number must be
    /// an item waiting for a marker, and its points between 0 and the item's points. Problems are all reported, and
    /// nothing is merged, when there are any.
    public static func applyMarks(_ result: Result, marks: [String: Points]) -> Swift.Result<Result, Rejection> {
        var result = result
        var problems: [Problem] = []
        for (given, points) in marks.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            guard let number = canonicalNumber(given), let index = result.items.firstIndex(where: { $0.number == number }) else {
                problems.append(Problem(item: given, message: "试卷上没有第 \(given) 题"))
                continue
            }
            var item = result.items[index]
            guard item.outcome == .needsMarking else {
                problems.append(Problem(item: number, message: "第 \(number) 题是客观题，已自动评分，不需要阅卷分"))
                continue
            }
            guard points <= item.maxPoints else {
                problems.append(Problem(item: number, message: "第 \(number) 题满分 \(item.maxPoints) 分，阅卷分 \(points) 超过了满分"))
                continue
            }
            item.points = points
            item.outcome = points == item.maxPoints ? .correct : points.hundredths == 0 ? .wrong : .partial
            result.items[index] = item
            result.markedPoints = result.markedPoints + points
            result.pendingPoints = Points(hundredths: result.pendingPoints.hundredths - item.maxPoints.hundredths)
            result.sections[item.section].points = result.sections[item.section].points + points
        }
        guard problems.isEmpty else { return .failure(Rejection(problems: problems)) }
        result.passed = reaches(result.passPoints, total: result.totalPoints, pending: result.pendingPoints)
        result.excellent = reaches(result.excellentPoints, total: result.totalPoints, pending: result.pendingPoints)
        return .success(result)
    }

    /// Whether `total` reaches `mark`: nil while the points still pending could decide it.
    static func reaches(_ mark: Points?, total: Points, pending: Points) -> Bool? {
        guard let mark else { return nil }
        if total >= mark { return true }
        return pending.hundredths == 0 || total + pending < mark ? false : nil
    }

    /// `"43.1"` for `43.1`, `43-1`, `43(1)`, `43（1）`; `"7"` for ` 7 `; nil for anything else.
    public static func canonicalNumber(_ key: String) -> String? {
        // Most keys are already canonical: 1–5 ASCII digits without a leading zero.
        let utf8 = key.utf8
        if (1...5).contains(utf8.count), utf8.first != UInt8(ascii: "0"), utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return key
        }
        let trimmed = key.trimmingSpaces()
        let digits = trimmed.split(whereSeparator: { ".-()（）".contains($0) })
        guard (1...2).contains(digits.count), digits.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }) else { return nil }
        let numbers = digits.compactMap { Int($0) }
        guard numbers.allSatisfy({ $0 > 0 && $0 < 100_000 }) else { return nil }
        return numbers.map(String.init).joined(separator: ".")
    }

    /// What one answered item earned: its outcome, points, and the answer as read (labels sorted, 正确/错误, the
    /// blanks as written).
    struct Graded {
        var outcome: Outcome
        var points: Points
        var response: [String]
    }

    /// The outcome and points of one answered item, or why its answer cannot be read.
    static func grade(_ slot: ScoringKey.Item, values: [String], responses: Bool = true) -> Swift.Result<Graded, Problem> {
        let number = slot.number, points = slot.points
        let zero = Points.zero
        switch (slot.type, slot.expected) {
        case let (.single, .labels(key)), let (.multiple, .labels(key)), let (.indefinite, .labels(key)):
            // Options as bits by printed position.
            let options = slot.options
            var chosen: UInt64 = 0
            for value in values {
                for scalar in value.unicodeScalars {
                    // Separators and spaces between letters; full-width and lower-case letters fold to A–Z.
                    if scalar == "," || scalar == "，" || scalar == "、" || scalar == " " || scalar == "\u{3000}" || scalar == "\t" { continue }
                    var code = scalar.value
                    if code >= 0xFF21 && code <= 0xFF5A { code -= 0xFEE0 }
                    if code >= 0x61 && code <= 0x7A { code -= 0x20 }
                    let folded = code < 0x80 ? String(UnicodeScalar(UInt8(code))) : String(scalar)
                    guard let position = options.firstIndex(where: { $0.label == folded }), position < 64 else {
                        return .failure(Problem(item: number, message: "第 \(number) 题没有选项 \(String(scalar).uppercased())（选项是 \(options.map(\.label).joined(separator: "、"))）"))
                    }
                    chosen |= 1 << UInt64(position)
                }
            }
            var right: UInt64 = 0
            for (position, option) in options.enumerated() where position < 64 && key.contains(option.label) { right |= 1 << UInt64(position) }
            let response = responses ? options.indices.filter { $0 < 64 && chosen & (1 << UInt64($0)) != 0 }.map { options[$0].label } : []
            if chosen == right { return .success(Graded(outcome: .correct, points: points, response: response)) }
            guard slot.type != .single, chosen != 0, chosen & ~right == 0 else {
                return .success(Graded(outcome: .wrong, points: zero, response: response))
            }
            let chosenCount = chosen.nonzeroBitCount, keyCount = right.nonzeroBitCount
            switch slot.rule {
            case .allOrNothing: return .success(Graded(outcome: .wrong, points: zero, response: response))
            case .halfForSubset: return .success(Graded(outcome: .partial, points: Points(hundredths: points.hundredths / 2), response: response))
            case .proportionalForSubset:
                return .success(Graded(outcome: .partial, points: Points(hundredths: points.hundredths * chosenCount / max(1, keyCount)),
                                       response: response))
            }
        case let (.trueFalse, .trueFalse(expected)):
            guard values.count == 1 else { return .failure(Problem(item: number, message: "第 \(number) 题是判断题，只能有一个答案")) }
            guard let value = trueFalse(values[0]) else {
                return .failure(Problem(item: number, message: "第 \(number) 题是判断题，答案应当是“正确”或“错误”，而不是“\(values[0])”"))
            }
            let response = responses ? [value ? "正确" : "错误"] : []
            return .success(value == expected ? Graded(outcome: .correct, points: points, response: response)
                                              : Graded(outcome: .wrong, points: zero, response: response))
        case let (.fillBlank, .blanks(blanks)) where !blanks.isEmpty:
            // Several blanks typed into one cell (CSV sheets): separated by ；.
            let values = values.count == 1 && blanks.count > 1
                ? values[0].split(omittingEmptySubsequences: false, whereSeparator: { $0 == "；" || $0 == ";" }).map(String.init) : values
            guard values.count <= blanks.count else {
                return .failure(Problem(item: number, message: "第 \(number) 题只有 \(blanks.count) 个空，给了 \(values.count) 个答案"))
            }
            var right = 0
            for (value, accepted) in zip(values, blanks) {
                let normalized = TextNormalizer.normalize(value)
                if !normalized.isEmpty, accepted.contains(where: { TextNormalizer.normalize($0) == normalized }) { right += 1 }
            }
            let response = responses ? values.map { $0.trimmingSpaces() } : []
            if right == blanks.count { return .success(Graded(outcome: .correct, points: points, response: response)) }
            if right == 0 { return .success(Graded(outcome: .wrong, points: zero, response: response)) }
            return .success(Graded(outcome: .partial, points: Points(hundredths: points.hundredths * right / blanks.count), response: response))
        default:
            // A key without a usable answer for its type (a bank that never passed check): nothing can score.
            return .success(Graded(outcome: .wrong, points: zero, response: responses ? values : []))
        }
    }

    /// `true` for 正确/对/√/T/…, `false` for 错误/错/×/F/…, nil otherwise.
    public static func trueFalse(_ text: String) -> Bool? {
        switch text.trimmingSpaces().uppercased() {
        case "正确", "对", "√", "✓", "T", "TRUE", "是": true
        case "错误", "错", "×", "✗", "X", "F", "FALSE", "否": false
        default: nil
        }
    }
}
