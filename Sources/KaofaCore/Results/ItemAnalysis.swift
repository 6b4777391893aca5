/// Classical item analysis of scored sheets: for every question, across all the papers it appeared on, how hard it
/// was, how well it separated strong examinees from weak ones, and — for choice items — which option texts were
/// chosen (texts, not labels: options are shuffled per paper). Questions that behave like a wrong key, a dead
/// distractor, or an item everyone or no one gets right are flagged; the worst come first. A wrong key is recognised
/// by the strong examinees: most of the upper group chose one same unkeyed option and fewer than half of them scored.
///
/// Definitions (docs/results.md §7): an item's score is its points over its full points (0…1; unanswered is 0).
/// Difficulty p is the mean item score over the sheets whose paper had the question. Examinees are ranked by total
/// points; the upper and lower groups are the top and bottom 27% of all scored sheets, and discrimination D is p in the
/// upper group minus p in the lower group, over those in each group whose paper had the question. The point-biserial
/// is the Pearson correlation between the item score and the rest of the total (total minus the item's points), over
/// the sheets with the question. Written items count only once a marker's points are merged.
public struct ItemAnalysis: Sendable, Equatable {
    public enum Flag: String, Sendable, Equatable, CaseIterable {
        /// Most of the strong examinees chose one same option that the key does not mark, and fewer than half of them
        /// scored: the classic sign of a wrong key.
        case likelyWrongKey = "likely-wrong-key"
        /// Strong examinees get it wrong more often than weak ones: usually a wrong key or an ambiguous stem.
        case negativeDiscrimination = "negative-discrimination"
        /// Hardly separates strong from weak examinees (D below 0.1).
        case lowDiscrimination = "low-discrimination"
        /// An option nobody chose.
        case unusedDistractor = "unused-distractor"
        /// p above 0.95.
        case tooEasy = "too-easy"
        /// p below 0.2.
        case tooHard = "too-hard"

        /// The Chinese explanation shown to teachers.
        public var explanation: String {
            switch self {
            case .likelyWrongKey: "成绩好的考生多数选了同一个非答案选项：答案很可能错了，请核对"
            case .negativeDiscrimination: "区分度为负：成绩好的考生反而更常答错，多半是答案错误或题干有歧义"
            case .lowDiscrimination: "区分度接近 0：成绩好和成绩差的考生答对的比例差不多"
            case .unusedDistractor: "有选项没有任何考生选择，起不到干扰作用"
            case .tooEasy: "几乎所有考生都答对（通过率高于 95%）"
            case .tooHard: "答对的考生很少（通过率低于 20%），请核对答案和题干"
            }
        }
    }

    public struct OptionShare: Sendable, Equatable {
        public var text: String
        public var correct: Bool
        public var chosen: Int
        /// Of the sheets with the question.
        public var share: Double
    }

    public struct Item: Sendable, Equatable {
        public var questionID: String
        public var type: QuestionType
        /// Sheets whose paper had the question.
        public var presented: Int
        /// Of those, the sheets with an answer to it.
        public var answered: Int
        public var difficulty: Double
        public var discrimination: Double?
        public var pointBiserial: Double?
        /// Choice items: every option text, in the order of the bank's first paper seen, with how often it was chosen.
        public var options: [OptionShare]
        public var flags: [Flag]
    }

    /// The fewest sheets with a question before it is flagged: fewer say too little.
    public static let minimumForFlags = 20

    /// What to tell a teacher when no question is flagged: that none needs attention, or that too few answers came
    /// in to judge (nothing flagged because nothing could be judged is not a clean bill).
    public var unflaggedVerdict: String {
        let judged = items.filter { $0.presented >= Self.minimumForFlags }.count
        if judged == 0, !items.isEmpty {
            return "答卷太少：每道题不到 \(Self.minimumForFlags) 人次，结论不可靠，没有判断哪些题需要注意。"
        }
        if judged < items.count {
            return "没有需要注意的题（只判断了人次不少于 \(Self.minimumForFlags) 的 \(judged) 道题，其余 \(items.count - judged) 道人次太少）。"
        }
        return "没有需要注意的题。"
    }

    public var examinees: Int
    /// Every analysed question, by id.
    public var items: [Item]
    /// Indexes into `items` of the flagged ones, worst first: a likely wrong key, negative discrimination (most
    /// negative first), low discrimination, unused distractors, too easy, too hard — by the first flag in that order,
    /// then by discrimination.
    public var flagged: [Int]
    /// Kuder–Richardson 20 over the printed item positions (an item right when it scored full points), and
    /// Cronbach's alpha over the positions' points; nil with fewer than two examinees or items. With a different paper
    /// per examinee, positions hold different but parallel questions (same section and strata), so these estimate the
    /// reliability of the paper form.
    public var kr20: Double?
    public var alpha: Double?

    public static func analyze(_ scored: [ScoredSheet], keys: [ScoringKey]) -> ItemAnalysis {
        let totals = scored.map { Double($0.result.totalPoints.hundredths) / 100 }
        // Upper and lower 27% by total, ties broken by sheet order so the groups are fixed.
        let ranked = scored.indices.sorted { (totals[$0], $0) > (totals[$1], $1) }
        let groupSize = Int((Double(scored.count) * 0.27).rounded())
        var group = Array(repeating: 0, count: scored.count)  // 1 upper, −1 lower
        if groupSize > 0 {
            for index in ranked.prefix(groupSize) { group[index] = 1 }
            for index in ranked.suffix(groupSize) { group[index] = -1 }
        }

        struct Tally {
            var type: QuestionType
            var presented = 0, answered = 0
            var sum = 0.0, upperSum = 0.0, upperCount = 0, lowerSum = 0.0, lowerCount = 0
            var xs: [Double] = [], restScores: [Double] = []
            var optionOrder: [String] = []
            var correctTexts: Set<String> = []
            var chosen: [String: Int] = [:]
            var upperChosen: [String: Int] = [:]
        }
        var tallies: [String: Tally] = [:]
        var order: [String] = []
        // Per printed position, for the reliability estimates.
        var positionScores: [String: [Double]] = [:], positionRight: [String: [Double]] = [:]
        var positionCount: [String: Int] = [:]
        var positions: [String] = []

        for (sheetIndex, sheet) in scored.enumerated() {
            let key = keys[sheet.keyIndex]
            for (item, slot) in zip(sheet.result.items, key.items) {
                guard item.outcome != .needsMarking, let id = item.questionID, item.maxPoints.hundredths > 0 else { continue }
                let score = Double(item.points.hundredths) / Double(item.maxPoints.hundredths)
                if tallies[id] == nil {
                    tallies[id] = Tally(type: item.type)
                    order.append(id)
                }
                tallies[id]!.presented += 1
                if item.outcome != .unanswered { tallies[id]!.answered += 1 }
                tallies[id]!.sum += score
                if group[sheetIndex] == 1 { tallies[id]!.upperSum += score; tallies[id]!.upperCount += 1 }
                if group[sheetIndex] == -1 { tallies[id]!.lowerSum += score; tallies[id]!.lowerCount += 1 }
                tallies[id]!.xs.append(score)
                tallies[id]!.restScores.append(totals[sheetIndex] - Double(item.points.hundredths) / 100)
                if !slot.options.isEmpty {
                    if case let .labels(correct) = slot.expected {
                        for option in slot.options {
                            if !tallies[id]!.optionOrder.contains(option.text) { tallies[id]!.optionOrder.append(option.text) }
                            if correct.contains(option.label) { tallies[id]!.correctTexts.insert(option.text) }
                        }
                    }
                    for label in item.response {
                        if let text = slot.options.first(where: { $0.label == label })?.text {
                            tallies[id]!.chosen[text, default: 0] += 1
                            if group[sheetIndex] == 1 { tallies[id]!.upperChosen[text, default: 0] += 1 }
                        }
                    }
                }
                if positionScores[item.number] == nil {
                    positions.append(item.number)
                    positionScores[item.number] = Array(repeating: 0, count: scored.count)
                    positionRight[item.number] = Array(repeating: 0, count: scored.count)
                }
                positionCount[item.number, default: 0] += 1
                positionScores[item.number]![sheetIndex] = Double(item.points.hundredths) / 100
                positionRight[item.number]![sheetIndex] = item.points == item.maxPoints ? 1 : 0
            }
        }

        var items: [Item] = []
        for id in order.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let tally = tallies[id]!
            let p = tally.sum / Double(tally.presented)
            let discrimination: Double? = tally.upperCount > 0 && tally.lowerCount > 0
                ? tally.upperSum / Double(tally.upperCount) - tally.lowerSum / Double(tally.lowerCount) : nil
            let options = tally.optionOrder.map { text in
                OptionShare(text: text, correct: tally.correctTexts.contains(text), chosen: tally.chosen[text] ?? 0,
                            share: Double(tally.chosen[text] ?? 0) / Double(tally.presented))
            }
            var flags: [Flag] = []
            if tally.presented >= minimumForFlags {
                let upperP = tally.upperCount > 0 ? tally.upperSum / Double(tally.upperCount) : 1
                if tally.upperCount > 0, upperP < 0.5, tally.optionOrder.contains(where: { text in
                    !tally.correctTexts.contains(text) && Double(tally.upperChosen[text] ?? 0) >= 0.5 * Double(tally.upperCount)
                }) {
                    flags.append(.likelyWrongKey)
                }
                if let discrimination, discrimination < 0 { flags.append(.negativeDiscrimination) }
                else if let discrimination, discrimination < 0.1 { flags.append(.lowDiscrimination) }
                if p < 0.2 { flags.append(.tooHard) }
                if options.contains(where: { !$0.correct && $0.chosen == 0 }) { flags.append(.unusedDistractor) }
                if p > 0.95 { flags.append(.tooEasy) }
            }
            items.append(Item(questionID: id, type: tally.type, presented: tally.presented, answered: tally.answered, difficulty: p,
                              discrimination: discrimination, pointBiserial: correlation(tally.xs, tally.restScores),
                              options: options, flags: flags))
        }
        let severity: (Item) -> (Int, Double) = { item in
            let rank = Flag.allCases.firstIndex { item.flags.contains($0) } ?? Flag.allCases.count
            return (rank, item.discrimination ?? 0)
        }
        let flagged = items.indices.filter { !items[$0].flags.isEmpty }.sorted {
            let (a, b) = (severity(items[$0]), severity(items[$1]))
            return (a.0, a.1, $0) < (b.0, b.1, $1)
        }
        // Only positions every sheet has an analysable item at (not a written part waiting for a marker).
        let complete = positions.filter { positionCount[$0] == scored.count }
        let scoreColumns = complete.map { positionScores[$0]! }, rightColumns = complete.map { positionRight[$0]! }
        return ItemAnalysis(examinees: scored.count, items: items, flagged: flagged,
                            kr20: internalConsistency(rightColumns, dichotomous: true),
                            alpha: internalConsistency(scoreColumns, dichotomous: false))
    }

    /// Pearson correlation; nil when either side does not vary.
    static func correlation(_ xs: [Double], _ ys: [Double]) -> Double? {
        let n = Double(xs.count)
        guard xs.count >= 2 else { return nil }
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
            syy += (y - my) * (y - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Cronbach's alpha of the columns (one per item, one value per examinee); with 0/1 columns and population
    /// variances this is KR-20: k/(k−1) · (1 − Σ pq / σ²).
    static func internalConsistency(_ columns: [[Double]], dichotomous: Bool) -> Double? {
        let k = columns.count
        guard k >= 2, let n = columns.first?.count, n >= 2 else { return nil }
        func variance(_ values: [Double]) -> Double {
            let mean = values.reduce(0, +) / Double(values.count)
            return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        }
        var totals = Array(repeating: 0.0, count: n)
        for column in columns { for (index, value) in column.enumerated() { totals[index] += value } }
        let totalVariance = variance(totals)
        guard totalVariance > 0 else { return nil }
        let itemVariance = columns.reduce(0) { sum, column in
            if dichotomous {
                let p = column.reduce(0, +) / Double(n)
                return sum + p * (1 - p)
            }
            return sum + variance(column)
        }
        return Double(k) / Double(k - 1) * (1 - itemVariance / totalVariance)
    }
}
