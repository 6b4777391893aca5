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
        /// The points of items left for a marker.
        public var pendingPoints: Points
        public var maxPoints: Points
        public var passPoints: Points
        public var excellentPoints: Points?
        /// Whether the objective score alone reaches the mark (nil while written items wait for a marker and
        /// could still decide it).
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
        // Every gradable number on the paper: top-level items, and the parts of cases.
        var slots: [(number: String, item: PaperItem, points: Points, rule: ScoringRule, section: Int)] = []
        let multipleRule = paper.sections.first { $0.type == .multiple || $0.type == .indefinite }?.scoring ?? .allOrNothing
        for (sectionIndex, section) in paper.sections.enumerated() {
            for item in section.items {
                let points = item.points ?? section.pointsEach
                if item.question.type == .caseAnalysis {
                    let shares = partPoints(item, total: points)
                    for (part, share) in zip(item.parts, shares) {
                        slots.append(("\(item.number).\(part.number)", part, share, multipleRule, sectionIndex))
                    }
                } else {
                    slots.append(("\(item.number)", item, points, section.scoring ?? .allOrNothing, sectionIndex))
                }
            }
        }
        var problems: [Problem] = []
        var given: [String: [String]] = [:]
        for (key, value) in answers.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            guard let number = canonicalNumber(key), slots.contains(where: { $0.number == number }) else {
                problems.append(Problem(item: key, message: "试卷上没有第 \(key) 题"))
                continue
            }
            if given[number] != nil {
                problems.append(Problem(item: key, message: "第 \(number) 题的答案给了两次"))
                continue
            }
            given[number] = value
        }
        var items: [ItemScore] = []
        var sectionPoints = paper.sections.map { _ in Points(hundredths: 0) }
        var objective = Points(hundredths: 0), pending = Points(hundredths: 0), maxPoints = Points(hundredths: 0)
        for slot in slots {
            let question = slot.item.question
            maxPoints = maxPoints + slot.points
            var score = ItemScore(number: slot.number, questionID: question.id, type: question.type, outcome: .unanswered,
                                  points: Points(hundredths: 0), maxPoints: slot.points)
            if question.type == .shortAnswer {
                score.outcome = .needsMarking
                pending = pending + slot.points
                items.append(score)
                continue
            }
            guard let values = given[slot.number], !values.isEmpty, !values.allSatisfy({ $0.trimmingSpaces().isEmpty }) else {
                items.append(score)
                continue
            }
            switch grade(slot.item, number: slot.number, values: values, points: slot.points, rule: slot.rule) {
            case let .success((outcome, points)):
                score.outcome = outcome
                score.points = points
            case let .failure(problem):
                problems.append(Problem(item: slot.number, message: problem.message))
            }
            objective = objective + score.points
            sectionPoints[slot.section] = sectionPoints[slot.section] + score.points
            items.append(score)
        }
        guard problems.isEmpty else { return .failure(Rejection(problems: problems)) }
        let sections = paper.sections.enumerated().map { index, section in
            SectionScore(title: section.title, points: sectionPoints[index], maxPoints: section.points)
        }
        func reaches(_ mark: Points?) -> Bool? {
            guard let mark else { return nil }
            if objective >= mark { return true }
            return pending.hundredths == 0 || objective + pending < mark ? false : nil
        }
        return .success(Result(items: items, sections: sections, objective: objective, pendingPoints: pending, maxPoints: maxPoints,
                               passPoints: paper.passPoints, excellentPoints: paper.excellentPoints,
                               passed: reaches(paper.passPoints), excellent: reaches(paper.excellentPoints)))
    }

    /// `"43.1"` for `43.1`, `43-1`, `43(1)`, `43（1）`; `"7"` for ` 7 `; nil for anything else.
    public static func canonicalNumber(_ key: String) -> String? {
        let trimmed = key.trimmingSpaces()
        let digits = trimmed.split(whereSeparator: { ".-()（）".contains($0) })
        guard (1...2).contains(digits.count), digits.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }) else { return nil }
        let numbers = digits.compactMap { Int($0) }
        guard numbers.allSatisfy({ $0 > 0 && $0 < 100_000 }) else { return nil }
        return numbers.map(String.init).joined(separator: ".")
    }

    /// The points of each part of a case: as the bank gives them when they add up to the case's points, otherwise
    /// the case's points shared equally (in hundredths, the first parts taking any remainder).
    static func partPoints(_ item: PaperItem, total: Points) -> [Points] {
        let given = item.parts.compactMap(\.points)
        if given.count == item.parts.count, given.reduce(0, { $0 + $1.hundredths }) == total.hundredths { return given }
        let count = max(1, item.parts.count)
        let share = total.hundredths / count, remainder = total.hundredths % count
        return (0..<item.parts.count).map { Points(hundredths: share + ($0 < remainder ? 1 : 0)) }
    }

    /// The outcome and points of one answered item, or why its answer cannot be read.
    static func grade(_ item: PaperItem, number: String, values: [String], points: Points, rule: ScoringRule) -> Swift.Result<(Outcome, Points), Problem> {
        let question = item.question
        let zero = Points(hundredths: 0)
        switch question.type {
        case .single, .multiple, .indefinite:
            let labels = item.options.map(\.label)
            var chosen: Set<String> = []
            for value in values {
                for label in value.trimmingSpaces().uppercased().map(String.init) where label != "," && label != "，" && label != " " {
                    let folded = label.unicodeScalars.first.map { $0.value >= 0xFF21 && $0.value <= 0xFF3A
                        ? String(UnicodeScalar($0.value - 0xFEE0)!) : label } ?? label
                    guard labels.contains(folded) else {
                        return .failure(Problem(item: number, message: "第 \(number) 题没有选项 \(label)（选项是 \(labels.joined(separator: "、"))）"))
                    }
                    chosen.insert(folded)
                }
            }
            let key = Set(item.answer)
            if chosen == key { return .success((.correct, points)) }
            guard question.type != .single, !chosen.isEmpty, chosen.isSubset(of: key) else { return .success((.wrong, zero)) }
            switch rule {
            case .allOrNothing: return .success((.wrong, zero))
            case .halfForSubset: return .success((.partial, Points(hundredths: points.hundredths / 2)))
            case .proportionalForSubset:
                return .success((.partial, Points(hundredths: points.hundredths * chosen.count / max(1, key.count))))
            }
        case .trueFalse:
            guard values.count == 1 else { return .failure(Problem(item: number, message: "第 \(number) 题是判断题，只能有一个答案")) }
            let value: Bool
            switch values[0].trimmingSpaces().uppercased() {
            case "正确", "对", "√", "✓", "T", "TRUE", "是": value = true
            case "错误", "错", "×", "✗", "X", "F", "FALSE", "否": value = false
            default: return .failure(Problem(item: number, message: "第 \(number) 题是判断题，答案应当是“正确”或“错误”，而不是“\(values[0])”"))
            }
            guard case let .trueFalse(expected) = question.answer else { return .success((.wrong, zero)) }
            return .success(value == expected ? (.correct, points) : (.wrong, zero))
        case .fillBlank:
            guard case let .blanks(blanks) = question.answer, !blanks.isEmpty else { return .success((.wrong, zero)) }
            guard values.count <= blanks.count else {
                return .failure(Problem(item: number, message: "第 \(number) 题只有 \(blanks.count) 个空，给了 \(values.count) 个答案"))
            }
            var right = 0
            for (value, accepted) in zip(values, blanks) {
                let normalized = TextNormalizer.normalize(value)
                if !normalized.isEmpty, accepted.contains(where: { TextNormalizer.normalize($0) == normalized }) { right += 1 }
            }
            if right == blanks.count { return .success((.correct, points)) }
            if right == 0 { return .success((.wrong, zero)) }
            return .success((.partial, Points(hundredths: points.hundredths * right / blanks.count)))
        case .shortAnswer, .caseAnalysis:
            return .success((.needsMarking, zero))
        }
    }
}
