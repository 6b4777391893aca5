/// The quick lane of scoring regenerated per-examinee papers (`kaofa score --bank --blueprint --seed`): a sheet line is
/// read straight into per-item bit sets, its paper drawn into a reused workspace, the key taken from the draw's option
/// orders as bit sets, and the sheet graded without building an `AnswerSheet`, a `ScoringKey` or a `Scorer.Result` —
/// the allocations and reference counting of those were most of the time of scoring a province.
///
/// A sheet takes this lane only when nothing about it needs explaining: the plain line form (that `SheetScanner`
/// reads), item numbers written plainly (`"7"`) and on the paper, answers that are option letters (`"A"`, `"bd"`) or
/// 判断 words (`"正确"`, `"错"`, `"√"`, `"T"` …) that fit their items, and a paper without 填空 or case items. Any other
/// sheet — and every sheet with a problem — is left to the general lane (`ScoringRun.scoreOne`), which also says
/// what is wrong; so both lanes give every sheet the same score (`QuickScoringTests` checks them against each other).
public struct QuickScoring: Sendable {
    let assembler: PaperAssembler
    /// Per plan question: how its items are graded, nil when the quick lane does not grade it.
    let kinds: [Kind?]
    /// Per blueprint section: points of each item in hundredths, and the 多选 rule.
    let sectionPoints: [Int]
    let sectionRules: [ScoringRule]
    let itemCount: Int
    let title: String
    let maxPoints: Int
    let passPoints: Points
    let excellentPoints: Points?

    enum Kind: Sendable {
        /// Options as printed take the labels A, B, …; `correct[i]` whether the bank's option i is right.
        case choice(single: Bool, correct: [Bool])
        case trueFalse(Bool)
        /// 简答 and answers a marker gives: waiting for a marker whatever was written.
        case written
    }

    /// The quick lane for an assembler's papers; nil when its blueprint has case items (their parts are numbered and
    /// shuffled by rules of their own).
    init?(assembler: PaperAssembler) {
        let blueprint = assembler.plan.blueprint
        guard !blueprint.sections.contains(where: { $0.type == .caseAnalysis }) else { return nil }
        self.assembler = assembler
        kinds = assembler.plan.questions.map(Self.kind)
        sectionPoints = blueprint.sections.map(\.pointsEach.hundredths)
        sectionRules = blueprint.sections.map { $0.scoring ?? .allOrNothing }
        itemCount = blueprint.itemCount
        title = blueprint.title
        maxPoints = blueprint.sections.reduce(0) { $0 + $1.pointsEach.hundredths * $1.count }
        passPoints = blueprint.passPoints
        excellentPoints = blueprint.excellentPoints
    }

    /// How `Scorer.grade` treats a question's items, where the quick lane does the same.
    static func kind(_ question: Question) -> Kind? {
        if question.type == .shortAnswer { return .written }
        switch (question.type, question.answer) {
        case let (.single, .choice(labels)), let (.multiple, .choice(labels)), let (.indefinite, .choice(labels)):
            return .choice(single: question.type == .single, correct: question.options.map { labels.contains($0.label) })
        case let (.trueFalse, .trueFalse(value)):
            return .trueFalse(value)
        case (.caseAnalysis, _), (.fillBlank, _):
            return nil
        case (_, .written), (_, .parts), (_, .missing):
            return .written
        default:
            // A type and an answer that do not go together (a bank that never passed check): the general lane.
            return nil
        }
    }

    /// Buffers reused from one sheet to the next; one per thread.
    public final class Workspace {
        let assembly: AssemblyWorkspace
        /// Per printed item number − 1: what the sheet answered.
        var given: [Given]
        /// Per item: points in hundredths, or `QuickScore.awaitingMarker`.
        var itemPoints: [Int]
        var sectionTotals: [Int]
        var objective = 0, pending = 0

        init(_ quick: QuickScoring) {
            assembly = quick.assembler.makeWorkspace()
            given = Array(repeating: Given(), count: quick.itemCount)
            itemPoints = []
            itemPoints.reserveCapacity(quick.itemCount)
            sectionTotals = Array(repeating: 0, count: quick.sectionPoints.count)
        }
    }

    public func makeWorkspace() -> Workspace { Workspace(self) }

    /// The answer to one item, as read: how many values, the letters of all of them (bit 0 for A) when each value is
    /// letters only, and the 判断 word of the first value (1 true, 2 false, 0 none).
    struct Given {
        var count = 0
        var letters: UInt32 = 0
        var allLetters = true
        var truth: UInt8 = 0
        /// The number was in the sheet (perhaps with no values).
        var seen = false
    }

    /// The score of one JSON Lines sheet, or nil when the sheet is for the general lane.
    public func score(line: UnsafeBufferPointer<UInt8>, in workspace: Workspace) -> QuickScore? {
        guard let (paperID, examinee) = scan(line, into: &workspace.given) else { return nil }
        guard let drawn = try? assembler.draw(.examinee(examinee), in: workspace.assembly), drawn.id == paperID else { return nil }
        guard grade(drawn, workspace: workspace) else { return nil }
        return QuickScore(examinee: examinee, paperID: paperID, title: title, itemPoints: workspace.itemPoints,
                          sectionPoints: workspace.sectionTotals, objective: workspace.objective, pending: workspace.pending,
                          maxPoints: maxPoints,
                          passed: Scorer.reaches(passPoints, total: Points(hundredths: workspace.objective),
                                                 pending: Points(hundredths: workspace.pending)),
                          excellent: Scorer.reaches(excellentPoints, total: Points(hundredths: workspace.objective),
                                                    pending: Points(hundredths: workspace.pending)),
                          hasExcellentMark: excellentPoints != nil)
    }

    /// Grades the answers in `workspace.given` against a drawn paper, as `Scorer.score` and `Scorer.grade` do; false
    /// when an item is not for the quick lane or an answer does not fit its item (the general lane reports that).
    private func grade(_ drawn: DrawnPaper, workspace: Workspace) -> Bool {
        workspace.itemPoints.removeAll(keepingCapacity: true)
        for section in workspace.sectionTotals.indices { workspace.sectionTotals[section] = 0 }
        var objective = 0, pending = 0
        guard drawn.questions.count == itemCount else { return false }
        for section in sectionPoints.indices {
            let points = sectionPoints[section], rule = sectionRules[section]
            for item in drawn.items(ofSection: section) {
                guard let kind = kinds[drawn.questions[item]] else { return false }
                let given = workspace.given[item]
                var earned = 0
                switch kind {
                case .written:
                    workspace.itemPoints.append(QuickScore.awaitingMarker)
                    pending += points
                    continue
                case let .choice(single, correct):
                    guard given.count > 0 else { break }
                    let order = drawn.optionOrder(ofItem: item)
                    guard given.allLetters, order.count <= 26, given.letters >> order.count == 0 else { return false }
                    var right: UInt32 = 0
                    for (position, source) in order.enumerated() where source < correct.count && correct[source] {
                        right |= 1 << UInt32(position)
                    }
                    let chosen = given.letters
                    if chosen == right {
                        earned = points
                    } else if !single, chosen != 0, chosen & ~right == 0 {
                        switch rule {
                        case .allOrNothing: earned = 0
                        case .halfForSubset: earned = points / 2
                        case .proportionalForSubset: earned = points * chosen.nonzeroBitCount / max(1, right.nonzeroBitCount)
                        }
                    }
                case let .trueFalse(expected):
                    guard given.count > 0 else { break }
                    guard given.count == 1, given.truth != 0 else { return false }
                    earned = (given.truth == 1) == expected ? points : 0
                }
                workspace.itemPoints.append(earned)
                objective += earned
                workspace.sectionTotals[section] += earned
            }
        }
        workspace.objective = objective
        workspace.pending = pending
        return true
    }

    // MARK: Reading

    /// Reads `{"paperId":"…","examinee":"…","answers":{"1":["A"],…}}` (keys in any order, any JSON whitespace) into
    /// `given`; nil for anything else: other keys, escapes, ids with spaces around them, numbers that are not plain or not
    /// on the paper, a number given twice, or a value that is neither letters nor a 判断 word.
    func scan(_ buffer: UnsafeBufferPointer<UInt8>, into given: inout [Given]) -> (paperID: String, examinee: String)? {
        for index in given.indices { given[index] = Given() }
        var cursor = SheetScanner.Cursor(buffer)
        /// An id: UTF-8, not empty, no space (nor anything outside printable ASCII) at either end.
        func id(_ range: Range<Int>) -> String? {
            guard let first = range.first, (0x21...0x7E).contains(buffer[first]), (0x21...0x7E).contains(buffer[range.upperBound - 1])
            else { return nil }
            return String(validating: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        }
        guard cursor.expect(UInt8(ascii: "{")) else { return nil }
        var paperID: String?, examinee: String?, sawAnswers = false
        repeat {
            guard let key = cursor.string(), cursor.expect(UInt8(ascii: ":")) else { return nil }
            if Self.equals(buffer, key, "paperId"), paperID == nil {
                guard let value = cursor.string().flatMap(id) else { return nil }
                paperID = value
            } else if Self.equals(buffer, key, "examinee"), examinee == nil {
                guard let value = cursor.string().flatMap(id) else { return nil }
                examinee = value
            } else if Self.equals(buffer, key, "answers"), !sawAnswers {
                sawAnswers = true
                guard cursor.expect(UInt8(ascii: "{")) else { return nil }
                if cursor.expect(UInt8(ascii: "}")) { continue }
                repeat {
                    guard let numberBytes = cursor.string(), let number = Self.plainNumber(buffer, numberBytes), number <= given.count,
                          !given[number - 1].seen, cursor.expect(UInt8(ascii: ":")), cursor.expect(UInt8(ascii: "["))
                    else { return nil }
                    var answer = Given()
                    answer.seen = true
                    if !cursor.expect(UInt8(ascii: "]")) {
                        repeat {
                            guard let value = cursor.string(), answer.count < AnswerSheetReader.maximumValues,
                                  let (letters, truth) = Self.value(buffer, value) else { return nil }
                            if answer.count == 0 { answer.truth = truth }
                            answer.count += 1
                            if let letters { answer.letters |= letters } else { answer.allLetters = false }
                        } while cursor.expect(UInt8(ascii: ","))
                        guard cursor.expect(UInt8(ascii: "]")) else { return nil }
                    }
                    given[number - 1] = answer
                } while cursor.expect(UInt8(ascii: ","))
                guard cursor.expect(UInt8(ascii: "}")) else { return nil }
            } else {
                return nil
            }
        } while cursor.expect(UInt8(ascii: ","))
        guard cursor.expect(UInt8(ascii: "}")) else { return nil }
        guard cursor.atEnd, let paperID, let examinee, sawAnswers else { return nil }
        return (paperID, examinee)
    }

    static func equals(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        let bytes = text.utf8Start
        for offset in 0..<range.count where buffer[range.lowerBound + offset] != bytes[offset] { return false }
        return true
    }

    /// 1–5 ASCII digits without a leading zero (what `Scorer.canonicalNumber` passes through unchanged).
    static func plainNumber(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard (1...5).contains(range.count), buffer[range.lowerBound] != UInt8(ascii: "0") else { return nil }
        var number = 0
        for index in range {
            let byte = buffer[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return number
    }

    /// The 判断 words `Scorer.trueFalse` reads that are not ASCII letters, as UTF-8.
    static let trueWords: [[UInt8]] = ["正确", "对", "√", "✓", "是"].map { Array($0.utf8) }
    static let falseWords: [[UInt8]] = ["错误", "错", "×", "✗", "否"].map { Array($0.utf8) }

    /// One answer value: its letters (nil unless it is ASCII letters only) and its 判断 reading (0 when none); nil when
    /// it is neither.
    static func value(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (letters: UInt32?, truth: UInt8)? {
        guard !range.isEmpty else { return nil }
        var letters: UInt32 = 0
        var isLetters = true
        for index in range {
            let upper = buffer[index] & 0xDF
            guard upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z") else {
                isLetters = false
                break
            }
            letters |= 1 << UInt32(upper - UInt8(ascii: "A"))
        }
        if isLetters {
            var word = 0 as UInt64
            if range.count <= 5 { for index in range { word = word << 8 | UInt64(buffer[index] & 0xDF) } }
            let truth: UInt8 = switch word {
            case 0x54, 0x5452_5545: 1 // T, TRUE
            case 0x58, 0x46, 0x46_414C_5345: 2 // X, F, FALSE
            default: 0
            }
            return (letters, truth)
        }
        let bytes = UnsafeBufferPointer(rebasing: buffer[range])
        if trueWords.contains(where: { $0.elementsEqual(bytes) }) { return (nil, 1) }
        if falseWords.contains(where: { $0.elementsEqual(bytes) }) { return (nil, 2) }
        return nil
    }
}

/// One sheet scored in the quick lane: what a score table shows.
public struct QuickScore: Sendable {
    /// In `itemPoints`: the item waits for a marker.
    public static let awaitingMarker = -1

    public var examinee: String
    public var paperID: String
    /// The paper's title (the blueprint's).
    public var title: String
    /// Per item in printed order (numbered 1, 2, …): the points in hundredths, or `awaitingMarker`.
    public var itemPoints: [Int]
    /// Per blueprint section, in hundredths.
    public var sectionPoints: [Int]
    public var objective: Int
    public var pending: Int
    public var maxPoints: Int
    public var passed: Bool?
    /// Nil when the blueprint has no excellent mark, or while items wait for a marker and could decide it.
    public var excellent: Bool?
    public var hasExcellentMark: Bool
}
