/// Builds an ``AssemblyPlan``: filters the bank, sorts questions into strata, resolves quotas, and when no paper
/// is possible says which stratum is short, by how much, and which constraint to relax.
struct AssemblyPlanner {
    let blueprint: Blueprint
    let bank: [Question]
    let catalog: LawCatalog
    var diagnostics: [Diagnostic] = []

    init(blueprint: Blueprint, bank: [Question], catalog: LawCatalog) {
        self.blueprint = blueprint
        self.bank = bank
        self.catalog = catalog
    }

    private var audienceName: String { blueprint.audience.rawValue }

    mutating func plan() -> Result<AssemblyPlan, AssemblyFailure> {
        // Eligible questions: an id, a section of their type, the audience, not excluded.
        var withoutID = 0
        var excludedByRule = Array(repeating: 0, count: blueprint.exclude.count)
        var eligible: [Question] = []
        for question in bank {
            guard let id = question.id else { withoutID += 1; continue }
            guard blueprint.sections.contains(where: { $0.type == question.type }) else { continue }
            guard question.audience.isEmpty || question.audience.contains(blueprint.audience) else { continue }
            if let rule = blueprint.exclude.firstIndex(where: { Self.matches($0.value, question, id: id) }) {
                excludedByRule[rule] += 1
                continue
            }
            eligible.append(question)
        }
        for (rule, count) in zip(blueprint.exclude, excludedByRule) where count == 0 {
            let known = bank.contains { question in question.id.map { Self.matches(rule.value, question, id: $0) } ?? false }
            if !known {
                diagnostics.append(Diagnostic(.unmatchedExclusion, "排除项 `\(rule.value.description)` 没有匹配题库中的任何题目", at: rule.range,
                                              notes: [.help("检查编号或标签的写法；不需要时删去这一项")]))
            }
        }
        eligible.sort { $0.id!.utf8.lexicographicallyPrecedes($1.id!.utf8) }
        if eligible.isEmpty {
            let types = blueprint.sections.map(\.type.chineseName).joined(separator: "、")
            diagnostics.append(Diagnostic(.noEligibleQuestions, bank.isEmpty ? "题库是空的" : "题库中没有适用于\(audienceName)的\(types)",
                                          at: blueprint.sectionsRange,
                                          notes: [.help("检查题目的“对象=”是否包含\(audienceName)，或在题库中补充这些题型的题目")]))
            return .failure(AssemblyFailure(diagnostics: diagnostics.sortedForReporting()))
        }

        // Groups.
        let lawQuota = blueprint.lawQuota, difficultyQuota = blueprint.difficultyQuota
        let lawGroupNames = lawQuota.map { $0.entries.map(\.name) + ["其他"] } ?? ["全部"]
        let difficultyGroupNames = difficultyQuota.map { $0.entries.map(\.name) + ["其他"] } ?? ["全部"]
        func lawGroup(_ question: Question) -> Int {
            guard let lawQuota else { return 0 }
            let category = question.law.flatMap { catalog.law(id: $0)?.category }
            for (index, entry) in lawQuota.entries.enumerated() {
                switch entry.key {
                case let .law(id): if question.law == id { return index }
                case let .category(name): if category == name { return index }
                }
            }
            return lawQuota.entries.count
        }
        func difficultyGroup(_ question: Question) -> Int {
            guard let difficultyQuota else { return 0 }
            return difficultyQuota.entries.firstIndex { $0.key == question.difficulty } ?? difficultyQuota.entries.count
        }
        let coverIndex = Dictionary(blueprint.mustCover.enumerated().map { ($0.element.value, $0.offset) }, uniquingKeysWith: { a, _ in a })

        // Required questions.
        var required = Set<Int>()
        for rule in blueprint.require {
            let matching = eligible.indices.filter { Self.matches(rule.value, eligible[$0], id: eligible[$0].id!) }
            if matching.isEmpty {
                reportUnusableRequirement(rule)
                continue
            }
            required.formUnion(matching)
        }

        // Cells: keyed by (section, law group, difficulty group, cover), in that order.
        struct CellKey: Hashable, Comparable {
            var section, law, difficulty, cover: Int
            static func < (a: CellKey, b: CellKey) -> Bool {
                (a.section, a.law, a.difficulty, a.cover) < (b.section, b.law, b.difficulty, b.cover)
            }
        }
        var members: [CellKey: (free: [Int], required: [Int])] = [:]
        for (index, question) in eligible.enumerated() {
            let key = CellKey(section: blueprint.sections.firstIndex { $0.type == question.type }!,
                              law: lawGroup(question), difficulty: difficultyGroup(question),
                              cover: question.law.flatMap { coverIndex[$0] } ?? -1)
            if required.contains(index) { members[key, default: ([], [])].required.append(index) }
            else { members[key, default: ([], [])].free.append(index) }
        }
        let keys = members.keys.sorted()
        let cells = keys.map { key in
            StratumProblem.Cell(section: key.section, lawGroup: key.law, difficultyGroup: key.difficulty, cover: key.cover,
                                lower: members[key]!.required.count, upper: members[key]!.required.count + members[key]!.free.count)
        }

        // Targets.
        let itemCount = blueprint.itemCount
        let totalHundredths = blueprint.totalPoints.hundredths
        func base(_ measure: QuotaMeasure) -> Int { measure == .count ? itemCount : totalHundredths }
        func weights(_ measure: QuotaMeasure?) -> [Int] {
            blueprint.sections.map { measure == .points ? $0.pointsEach.hundredths : 1 }
        }
        let lawTargets = lawQuota.map { $0.targets(base: base($0.measure), unit: $0.measure == .count ? 1 : 100) } ?? []
        let difficultyTargets = difficultyQuota.map { $0.targets(base: base($0.measure), unit: $0.measure == .count ? 1 : 100) } ?? []
        if let lawQuota { checkTargetsFit(lawTargets, quota: lawQuota, what: "法律") }
        if let difficultyQuota { checkTargetsFit(difficultyTargets, quota: difficultyQuota, what: "难度") }
        if diagnostics.hasErrors { return .failure(AssemblyFailure(diagnostics: diagnostics.sortedForReporting())) }

        let problem = StratumProblem(cells: cells, sectionCounts: blueprint.sections.map(\.count),
                                     lawWeights: weights(lawQuota?.measure), difficultyWeights: weights(difficultyQuota?.measure),
                                     lawTargets: lawTargets, difficultyTargets: difficultyTargets,
                                     coverCount: blueprint.mustCover.count)

        // Enemy groups, numbered in order of first appearance in id order.
        var enemyNames: [String] = []
        var enemyNumbers: [String: Int] = [:]
        let enemyGroups = eligible.map { question in
            question.enemyGroups.map { name in
                if let number = enemyNumbers[name] { return number }
                enemyNumbers[name] = enemyNames.count
                enemyNames.append(name)
                return enemyNames.count - 1
            }
        }
        let idHashes = eligible.map { Randomness.idHash($0.id!) }
        let cellMembers = keys.map { members[$0]!.free }
        let plan = AssemblyPlan(blueprint: blueprint, questions: eligible, sharedQuestions: eligible.map(SharedQuestion.init), idHashes: idHashes,
                                enemyGroups: enemyGroups, enemyGroupNames: enemyNames, problem: problem,
                                cellMembers: cellMembers, cellMemberHashes: cellMembers.map { $0.map { idHashes[$0] } },
                                hasEnemyGroups: !enemyNames.isEmpty, cellRequired: keys.map { members[$0]!.required },
                                lawGroupNames: lawGroupNames, difficultyGroupNames: difficultyGroupNames,
                                lawTargets: lawTargets, difficultyTargets: difficultyTargets, questionsWithoutID: withoutID,
                                questionLawGroup: eligible.map(lawGroup), questionDifficultyGroup: eligible.map(difficultyGroup),
                                indexByID: Dictionary(eligible.enumerated().map { ($0.element.id!, $0.offset) }, uniquingKeysWith: { a, _ in a }))
        checkRequiredEnemies(plan)
        diagnoseShortages(plan)
        if diagnostics.hasErrors { return .failure(AssemblyFailure(diagnostics: diagnostics.sortedForReporting())) }
        var planned = plan
        planned.warnings = diagnostics.sortedForReporting()
        return .success(planned)
    }

    static func matches(_ selector: QuestionSelector, _ question: Question, id: String) -> Bool {
        switch selector {
        case let .id(wanted): id == wanted
        case let .tag(tag): question.tags.contains(tag)
        }
    }

    // MARK: Diagnostics

    private mutating func reportUnusableRequirement(_ rule: Located<QuestionSelector>) {
        let inBank = bank.filter { question in question.id.map { Self.matches(rule.value, question, id: $0) } ?? false }
        guard let question = inBank.first else {
            diagnostics.append(Diagnostic(.unknownRequiredQuestion, "题库中没有 `\(rule.value.description)`", at: rule.range,
                                          notes: [.help("检查编号或标签的写法")]))
            return
        }
        var reason: String
        if !blueprint.sections.contains(where: { $0.type == question.type }) {
            reason = "它是\(question.type.chineseName)，蓝图中没有这个题型的大题"
        } else if !(question.audience.isEmpty || question.audience.contains(blueprint.audience)) {
            reason = "它的适用对象是\(question.audience.map(\.rawValue).joined(separator: "、"))，不包括\(audienceName)"
        } else {
            reason = "它同时被 exclude 排除了"
        }
        diagnostics.append(Diagnostic(.requiredQuestionUnusable, "必选题 `\(rule.value.description)` 不能用于这份试卷：\(reason)",
                                      at: rule.range,
                                      notes: [.note("题目在 \(question.source.file):\(question.source.line)"),
                                              .help("删去这一项，或修改题目的题型、适用对象")]))
    }

    private mutating func checkTargetsFit<Key>(_ targets: [Int], quota: Quota<Key>, what: String) {
        let other = targets.last ?? 0
        if other < 0 {
            let unit = quota.measure == .count ? "道题" : "分"
            let base = quota.measure == .count ? "\(blueprint.itemCount) 道题" : "\(blueprint.totalPoints) 分"
            let asked = quota.measure == .count ? "\(blueprint.itemCount - other)" : "\(Points(hundredths: blueprint.totalPoints.hundredths - other))"
            diagnostics.append(Diagnostic(.quotaExceedsPaper, "\(what)配额合计 \(asked) \(unit)，超过了试卷的 \(base)", at: quota.range,
                                          notes: [.help("减少各项配额，使合计不超过试卷的题数（或分值）")]))
        }
    }

    private mutating func checkRequiredEnemies(_ plan: AssemblyPlan) {
        var owner: [Int: Int] = [:]
        /// The require entry that brought a question in.
        func entry(for question: Int) -> Located<QuestionSelector>? {
            let id = plan.questions[question].id!
            return blueprint.require.first { Self.matches($0.value, plan.questions[question], id: id) }
        }
        for required in plan.cellRequired.joined().sorted() {
            for group in plan.enemyGroups[required] {
                if let first = owner[group] {
                    let a = plan.questions[first], b = plan.questions[required]
                    var notes: [DiagnosticNote] = []
                    if let firstEntry = entry(for: first) { notes.append(.note("\(a.id!) 在这里", at: firstEntry.range)) }
                    notes.append(.help("从 require 中删去其中一道"))
                    diagnostics.append(Diagnostic(.enemyGroupsInfeasible,
                                                  "必选题 \(a.id!) 和 \(b.id!) 属于同一互斥组“\(plan.enemyGroupNames[group])”，不能出现在同一份试卷中",
                                                  at: entry(for: required)?.range ?? blueprint.sectionsRange, notes: notes))
                } else {
                    owner[group] = required
                }
            }
        }
    }

    /// Margins that cannot be met even on their own: a section, a law or difficulty group, a must-cover law.
    private mutating func diagnoseShortages(_ plan: AssemblyPlan) {
        let problem = plan.problem
        for (index, section) in blueprint.sections.enumerated() {
            let available = problem.cells.filter { $0.section == index }.reduce(0) { $0 + $1.upper }
            let required = problem.cells.filter { $0.section == index }.reduce(0) { $0 + $1.lower }
            if available < section.count {
                diagnostics.append(Diagnostic(.sectionShort, "\(section.title)需要 \(section.count) 道，题库中可用于\(audienceName)的只有 \(available) 道",
                                              at: section.range,
                                              notes: [.help("把 count 减到 \(available) 以内，或在题库中为\(audienceName)补充\(section.type.chineseName)")]))
            } else if required > section.count {
                diagnostics.append(Diagnostic(.requiredQuestionUnusable, "\(section.title)只有 \(section.count) 道，必选题却有 \(required) 道",
                                              at: section.range, notes: [.help("增加题数，或减少 require 中的\(section.type.chineseName)")]))
            }
        }
        if let quota = blueprint.lawQuota {
            reportMargin(plan, quota: quota, names: plan.lawGroupNames, targets: plan.lawTargets, law: true)
        }
        if let quota = blueprint.difficultyQuota {
            reportMargin(plan, quota: quota, names: plan.difficultyGroupNames, targets: plan.difficultyTargets, law: false)
        }
        for (index, cover) in blueprint.mustCover.enumerated() where !problem.cells.contains(where: { $0.cover == index && $0.upper > 0 }) {
            let name = catalog.law(id: cover.value)?.name ?? cover.value
            let types = blueprint.sections.map(\.type.chineseName).joined(separator: "、")
            diagnostics.append(Diagnostic(.mustCoverUnavailable, "必考法律“\(cover.value)”在题库中没有可用于\(audienceName)的\(types)",
                                          at: cover.range,
                                          notes: [.help("在题库中为《\(name)》补充适用于\(audienceName)的题目，或从 must_cover 中删去它")]))
        }
        if diagnostics.hasErrors { return }
        // Each margin is fine alone; can they be met together?
        var generator = SplitMix64(seed: 0)
        switch StratumSampler.sample(problem, sections: problem.cellsInSearchOrder, using: &generator) {
        case .solved: return
        case .undecided:
            diagnostics.append(Diagnostic(.quotasInfeasible, "配额组合过于复杂，在搜索上限内没有找到满足全部配额的试卷", at: blueprint.sectionsRange,
                                          notes: [.help("减少配额项（例如只对主要法律设配额），或放宽难度配额")]))
        case .infeasible:
            reportJointInfeasibility(plan)
        }
    }

    private mutating func reportMargin<Key>(_ plan: AssemblyPlan, quota: Quota<Key>, names: [String], targets: [Int], law: Bool) {
        let ranges = StratumSolver.marginRange(plan.problem, law: law)
        let byPoints = quota.measure == .points
        func amount(_ value: Int) -> String { byPoints ? "\(Points(hundredths: value)) 分" : "\(value) 道" }
        var entryReported = false
        for (group, target) in targets.enumerated() {
            // The remainder is short only because a listed entry is: say it once.
            if group == quota.entries.count && entryReported { break }
            if group < quota.entries.count && (target > ranges[group].most || target < ranges[group].least) { entryReported = true }
            let range = group < quota.entries.count ? quota.entries[group].range : quota.range
            let name = names[group]
            let (least, most) = ranges[group]
            if target > most {
                let breakdown = blueprint.sections.indices.compactMap { section -> String? in
                    let available = plan.problem.cells.filter { $0.section == section && (law ? $0.lawGroup : $0.difficultyGroup) == group }
                        .reduce(0) { $0 + $1.upper }
                    return available > 0 ? "\(blueprint.sections[section].type.shortName) \(available)" : nil
                }
                let what = group < quota.entries.count ? "“\(name)”" : "配额以外的其他\(law ? "法律" : "难度")"
                diagnostics.append(Diagnostic(.quotaShort, "\(what)需要 \(amount(target))，\(most == 0 ? "题库中没有可用的题目" : "最多只能选出 \(amount(most))")", at: range,
                                              notes: [.note(breakdown.isEmpty ? "题库中没有可用于\(audienceName)的这类题目"
                                                                              : "题库中可用于\(audienceName)的：\(breakdown.joined(separator: "、"))（受各大题题数限制）"),
                                                      .help(group < quota.entries.count
                                                            ? (most == 0 ? "在题库中为\(audienceName)补充“\(name)”的题目，或删去这一项配额"
                                                                         : "把“\(name)”的配额减到 \(amount(most))以内，或在题库中补充题目")
                                                            : "提高已列出各项的配额（或把它们的百分比加到 100%），使其他部分不超过 \(amount(most))")]))
            } else if target < least {
                let what = group < quota.entries.count ? "“\(name)”" : "配额以外的其他\(law ? "法律" : "难度")"
                diagnostics.append(Diagnostic(.quotaShort, "\(what)只应有 \(amount(target))，但至少会选入 \(amount(least))", at: range,
                                              notes: [.help(group < quota.entries.count
                                                            ? "把“\(name)”的配额提高到至少 \(amount(least))"
                                                            : "降低已列出各项的配额，给其他部分留出至少 \(amount(least))")]))
            }
        }
    }

    /// Every margin can be met alone but not all together: find which constraint, dropped, makes the paper possible.
    private mutating func reportJointInfeasibility(_ plan: AssemblyPlan) {
        var notes: [DiagnosticNote] = []
        func solvable(_ change: (inout StratumProblem) -> Void) -> Bool {
            var problem = plan.problem
            change(&problem)
            var generator = SplitMix64(seed: 0)
            if case .solved = StratumSampler.sample(problem, sections: problem.cellsInSearchOrder, using: &generator) { return true }
            return false
        }
        var relaxations: [String] = []
        if !plan.problem.difficultyTargets.isEmpty, solvable({ $0.difficultyTargets = []; for i in $0.cells.indices { $0.cells[i].difficultyGroup = 0 } }) {
            relaxations.append("去掉或放宽难度配额（difficulty）")
        }
        if !plan.problem.lawTargets.isEmpty, solvable({ $0.lawTargets = []; for i in $0.cells.indices { $0.cells[i].lawGroup = 0 } }) {
            relaxations.append("去掉或放宽法律配额（law）")
        }
        if plan.problem.coverCount > 0, solvable({ $0.coverCount = 0; for i in $0.cells.indices { $0.cells[i].cover = -1 } }) {
            relaxations.append("减少必考法律（must_cover）")
        }
        // What each section can offer, by law group and difficulty group.
        for (index, section) in blueprint.sections.enumerated() {
            var parts: [String] = []
            for law in plan.lawGroupNames.indices {
                let counts = plan.difficultyGroupNames.indices.map { difficulty in
                    plan.problem.cells.filter { $0.section == index && $0.lawGroup == law && $0.difficultyGroup == difficulty }
                        .reduce(0) { $0 + $1.upper }
                }
                guard counts.contains(where: { $0 > 0 }) else { continue }
                let detail = plan.difficultyGroupNames.count > 1
                    ? zip(plan.difficultyGroupNames, counts).map { "\($0)\($1)" }.joined(separator: "/") : "\(counts[0])"
                parts.append("\(plan.lawGroupNames[law]) \(detail)")
            }
            notes.append(.note("\(section.title)（需 \(section.count) 道）可用：\(parts.joined(separator: "，"))"))
        }
        notes.append(.help(relaxations.isEmpty ? "同时放宽法律配额和难度配额，或在题库中补充题目"
                                               : "可以\(relaxations.joined(separator: "，或"))；也可以在题库中补充题目"))
        let range = blueprint.difficultyQuota?.range ?? blueprint.lawQuota?.range ?? blueprint.sectionsRange
        diagnostics.append(Diagnostic(.quotasInfeasible, "题型、法律和难度的配额不能同时满足：每一项单独都够，但没有一份试卷能同时满足全部配额",
                                      at: range, notes: notes))
    }
}
