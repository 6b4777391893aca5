/// The figures a 学法考法 programme is judged by — 参考率, 及格率, 优秀率, 平均分 — for every unit and every region
/// level, computed from the roster of everyone who should sit the exam and the scores of those who did.
///
/// Rates are over examined staff except 参考率 (over enrolled). Units and regions keep the roster's order of first
/// appearance. Scores of people not on the roster are listed apart and never merged into a unit.
public struct ResultsReport: Sendable, Equatable {
    /// The figures of one unit, one region or the whole exam.
    public struct Figures: Sendable, Equatable {
        public var name: String
        /// The regions above (for a unit, all of its regions; for a region, those above it).
        public var path: [String]
        /// For a region: the name of its level (`市(州)`); nil for units and the whole exam.
        public var level: String?
        public var enrolled: Int
        public var examined: Int
        public var passed: Int
        public var excellent: Int
        /// In hundredths of a point, over examined staff; nil when nobody was examined.
        public var meanHundredths: Double?
        public var minScore: Points?
        public var maxScore: Points?
        /// The middle score (the mean of the two middle ones for an even count).
        public var medianHundredths: Double?
        /// Examinees per band of 10% of full marks: [0, 10%), [10%, 20%) … [90%, 100%].
        public var bands: [Int]

        public var participationRate: Double { enrolled == 0 ? 0 : Double(examined) / Double(enrolled) }
        public var passRate: Double? { examined == 0 ? nil : Double(passed) / Double(examined) }
        public var excellentRate: Double? { examined == 0 ? nil : Double(excellent) / Double(examined) }
    }

    public struct Absentee: Sendable, Equatable {
        public var id: String
        public var name: String?
    }

    public struct UnitAbsence: Sendable, Equatable {
        public var unit: String
        public var path: [String]
        public var absentees: [Absentee]
    }

    public var title: String
    public var levels: [String]
    public var totalPoints: Points
    public var passPoints: Points
    public var excellentPoints: Points?
    /// Units under this 参考率 are listed for a 提示函.
    public var participationThreshold: Double
    public var overall: Figures
    public var regions: [Figures]
    public var units: [Figures]
    /// Indexes into `units` of those under the threshold, lowest 参考率 first.
    public var lowParticipation: [Int]
    public var absences: [UnitAbsence]
    /// Scores of people not on the roster.
    public var unlisted: [ExamScore]
    /// Examinees whose scores still wait for a marker (counted with the points they have, when allowed).
    public var pendingExaminees: Int

    /// Computes the report. Returns diagnostics instead when the scores cannot be counted as they are: a person with
    /// two scores, scores over full marks or of another paper (full marks not the blueprint's), and — unless
    /// `allowPending` — scores with items still waiting for a marker. People not on the roster are a warning.
    public static func compute(title: String, enrolment: Enrolment, scores: [ExamScore], totalPoints: Points, passPoints: Points,
                               excellentPoints: Points?, participationThreshold: Double = 0.9,
                               allowPending: Bool = false) -> (report: ResultsReport?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var enrolledIndex: [String: Int] = [:]
        enrolledIndex.reserveCapacity(enrolment.people.count)
        for (index, person) in enrolment.people.enumerated() { enrolledIndex[person.id] = index }
        var scoreOf = [Points?](repeating: nil, count: enrolment.people.count)
        var firstScore: [String: SourceRange] = [:]
        firstScore.reserveCapacity(scores.count)
        var unlisted: [ExamScore] = []
        var pending = 0
        for score in scores {
            if let first = firstScore[score.examinee] {
                diagnostics.append(Diagnostic(.duplicateScore, "编号 \(score.examinee) 有两个成绩", at: score.origin,
                                              notes: [.note("第一个成绩在这里", at: first), .help("每人只计一个成绩；删去多余的一行，或核对编号")]))
                continue
            }
            firstScore[score.examinee] = score.origin
            if let maxPoints = score.maxPoints, maxPoints != totalPoints {
                diagnostics.append(Diagnostic(.fullMarksMismatch, "编号 \(score.examinee) 的满分是 \(maxPoints) 分，组卷方案的总分是 \(totalPoints) 分",
                                              at: score.origin, notes: [.help("这份成绩可能属于另一次考试；--blueprint 应当是组卷时用的组卷方案")]))
                continue
            }
            if score.total > totalPoints {
                diagnostics.append(Diagnostic(.fullMarksMismatch, "编号 \(score.examinee) 的总分 \(score.total) 超过了组卷方案的总分 \(totalPoints) 分",
                                              at: score.origin, notes: [.help("核对这一行的总分，或 --blueprint 是否用错")]))
                continue
            }
            if score.pending.hundredths > 0 {
                pending += 1
                if !allowPending {
                    diagnostics.append(Diagnostic(.scoresPending, "编号 \(score.examinee) 的成绩还有 \(score.pending) 分的题待阅", at: score.origin,
                                                  notes: [.help("先用 kaofa score --marks 并入阅卷分；只统计客观题时加 --allow-pending")]))
                    continue
                }
            }
            guard let index = enrolledIndex[score.examinee] else {
                unlisted.append(score)
                diagnostics.append(Diagnostic(.unlistedExaminee, "编号 \(score.examinee) 有成绩，但不在名单上；单独列出，不计入任何单位",
                                              at: score.origin, notes: [.help("核对编号；名单应当列出全部应考人员")]))
                continue
            }
            scoreOf[index] = score.total
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }

        // Group people by unit (path + name) and by every region prefix, in order of first appearance.
        struct Group {
            var name: String
            var path: [String]
            var level: String?
            var members: [Int] = []
        }
        var units: [Group] = [], regions: [Group] = []
        // A unit is its regions and its name; its regions follow from them, so they are found once per unit.
        var unitIndex: [String: Int] = [:], regionIndex: [String: Int] = [:]
        var unitRegions: [[Int]] = []
        for (index, person) in enrolment.people.enumerated() {
            let unitKey = (person.path + [person.unit]).joined(separator: "\u{0}")
            let unit: Int
            if let known = unitIndex[unitKey] {
                unit = known
            } else {
                unit = units.count
                unitIndex[unitKey] = unit
                units.append(Group(name: person.unit, path: person.path))
                var chain: [Int] = []
                for depth in 1...max(1, person.path.count) where depth <= person.path.count {
                    let key = person.path.prefix(depth).joined(separator: "\u{0}")
                    if regionIndex[key] == nil {
                        regionIndex[key] = regions.count
                        regions.append(Group(name: person.path[depth - 1], path: Array(person.path.prefix(depth - 1)), level: enrolment.levels[depth - 1]))
                    }
                    chain.append(regionIndex[key]!)
                }
                unitRegions.append(chain)
            }
            units[unit].members.append(index)
            for region in unitRegions[unit] { regions[region].members.append(index) }
        }
        func figures(_ group: Group) -> Figures {
            let examinedScores = group.members.compactMap { scoreOf[$0] }
            return Self.figures(name: group.name, path: group.path, level: group.level, enrolled: group.members.count,
                                scores: examinedScores, totalPoints: totalPoints, passPoints: passPoints, excellentPoints: excellentPoints)
        }
        let unitFigures = units.map(figures)
        let low = unitFigures.indices.filter { unitFigures[$0].participationRate < participationThreshold }
            .sorted { (unitFigures[$0].participationRate, $0) < (unitFigures[$1].participationRate, $1) }
        let absences = units.compactMap { unit -> UnitAbsence? in
            let absent = unit.members.filter { scoreOf[$0] == nil }.map {
                Absentee(id: enrolment.people[$0].id, name: enrolment.people[$0].name)
            }
            return absent.isEmpty ? nil : UnitAbsence(unit: unit.name, path: unit.path, absentees: absent)
        }
        let overall = figures(Group(name: "全部", path: [], level: nil, members: Array(enrolment.people.indices)))
        let report = ResultsReport(title: title, levels: enrolment.levels, totalPoints: totalPoints, passPoints: passPoints,
                                   excellentPoints: excellentPoints, participationThreshold: participationThreshold,
                                   overall: overall, regions: regions.map(figures), units: unitFigures, lowParticipation: low,
                                   absences: absences, unlisted: unlisted, pendingExaminees: pending)
        return (report, diagnostics)
    }

    static func figures(name: String, path: [String], level: String?, enrolled: Int, scores: [Points], totalPoints: Points,
                        passPoints: Points, excellentPoints: Points?) -> Figures {
        var bands = Array(repeating: 0, count: 10)
        var sum = 0, passed = 0, excellent = 0
        var sorted = scores.map(\.hundredths)
        sorted.sort()
        for score in sorted {
            sum += score
            if score >= passPoints.hundredths { passed += 1 }
            if let excellentPoints, score >= excellentPoints.hundredths { excellent += 1 }
            // Band by the share of full marks, in exact integer arithmetic; full marks fall in the top band.
            let band = totalPoints.hundredths == 0 ? 0 : min(9, score * 10 / totalPoints.hundredths)
            bands[band] += 1
        }
        let count = sorted.count
        let median: Double? = count == 0 ? nil
            : count % 2 == 1 ? Double(sorted[count / 2]) : Double(sorted[count / 2 - 1] + sorted[count / 2]) / 2
        return Figures(name: name, path: path, level: level, enrolled: enrolled, examined: count, passed: passed, excellent: excellent,
                       meanHundredths: count == 0 ? nil : Double(sum) / Double(count),
                       minScore: sorted.first.map(Points.init(hundredths:)), maxScore: sorted.last.map(Points.init(hundredths:)),
                       medianHundredths: median, bands: bands)
    }
}
