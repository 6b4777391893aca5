import Foundation

/// Scoring sheets batch by batch, in bounded memory, for any number of examinees: each batch is checked for second
/// sheets against every earlier one, scored on all cores, marks merged, and rendered by the caller's `render` into
/// output bytes in sheet order. Only the examinees seen and the counts are kept between batches.
public struct ScoringRun: Sendable {
    public let source: ScoringKeySource
    /// A marker's points by examinee.
    let marks: [String: MarkSheet]
    var firstSheet: [String: SourceRange] = [:]
    public private(set) var scored = 0
    public private(set) var passed = 0
    public private(set) var excellent = 0
    public private(set) var waiting = 0
    public private(set) var marked = 0

    public init(source: ScoringKeySource, marks: [MarkSheet]) {
        self.source = source
        var byExaminee: [String: MarkSheet] = [:]
        for sheet in marks { byExaminee[sheet.examinee] = sheet }
        self.marks = byExaminee
    }

    /// One scored sheet as the renderer sees it.
    public struct Scored: Sendable {
        public var sheet: AnswerSheet
        public var key: ScoringKey
        public var result: Scorer.Result
    }

    /// Scores `sheets` (in file order), returning the rendered output of those scored, in order, and a diagnostic for
    /// each one refused.
    public mutating func score(_ sheets: [AnswerSheet], render: @escaping @Sendable (Scored) -> [UInt8]) -> (output: [UInt8], diagnostics: [Diagnostic]) {
        let chunks = stride(from: 0, to: sheets.count, by: 256).map { start in
            let chunk = Array(sheets[start..<min(start + 256, sheets.count)])
            return { @Sendable () -> (sheets: [AnswerSheet], diagnostics: [Diagnostic]) in (chunk, []) }
        }
        return score(reading: chunks, render: render)
    }

    /// Reads and scores sheets a chunk at a time, side by side: each task reads its chunk (JSON Lines parsed where it
    /// runs) and scores it, so a batch waits at one barrier only. Chunks are in file order; the reading problems are
    /// returned with the refusals.
    public mutating func score(reading chunks: [@Sendable () -> (sheets: [AnswerSheet], diagnostics: [Diagnostic])],
                               render: @escaping @Sendable (Scored) -> [UInt8]) -> (output: [UInt8], diagnostics: [Diagnostic]) {
        let source = self.source, marks = self.marks
        let results = ParallelMap.map(chunks.indices.map { $0 }) { index -> (sheets: [AnswerSheet], read: [Diagnostic], outcomes: [Outcome]) in
            let (sheets, read) = chunks[index]()
            let workspace = source.makeWorkspace()
            let outcomes = sheets.map { sheet -> Outcome in
                // Score tables do not show what was answered: only item analysis needs it.
                let outcome = Self.scoreOne(sheet, source: source, workspace: workspace, marks: marks, keepResponses: false)
                if case let .scored(scored, _) = outcome { return .scored(scored, render(scored)) }
                return outcome
            }
            return (sheets, read, outcomes)
        }
        let sheets = results.flatMap(\.sheets)
        let readProblems = results.flatMap(\.read)
        let outcomes = results.flatMap(\.outcomes)
        var merged = merge(sheets, outcomes)
        merged.diagnostics = readProblems + merged.diagnostics
        return merged
    }

    /// In sheet order: a sheet whose paper is wrong claims nothing; any other sheet claims its examinee, and a second
    /// sheet of a claimed examinee is refused whatever it holds.
    mutating func merge(_ sheets: [AnswerSheet], _ outcomes: [Outcome]) -> (output: [UInt8], diagnostics: [Diagnostic]) {
        let (accepted, diagnostics) = accept(sheets, outcomes)
        var output: [UInt8] = []
        for (_, bytes) in accepted { output += bytes }
        return (output, diagnostics)
    }

    /// The sheets that count, with their rendered bytes, and the refusals — by the claiming rule above — counted in
    /// the run's totals.
    mutating func accept(_ sheets: [AnswerSheet], _ outcomes: [Outcome]) -> (accepted: [(Scored, [UInt8])], diagnostics: [Diagnostic]) {
        var accepted: [(Scored, [UInt8])] = []
        var diagnostics: [Diagnostic] = []
        for (sheet, outcome) in zip(sheets, outcomes) {
            if case let .wrongPaper(diagnostic) = outcome {
                diagnostics.append(diagnostic)
                continue
            }
            if let first = firstSheet[sheet.examinee] {
                diagnostics.append(Self.secondSheet(sheet, first: first))
                continue
            }
            firstSheet[sheet.examinee] = sheet.origin
            switch outcome {
            case let .scored(scored, bytes):
                accepted.append((scored, bytes))
                self.scored += 1
                if scored.result.passed == true { passed += 1 }
                if scored.result.excellent == true { excellent += 1 }
                if scored.result.pendingPoints.hundredths > 0 { waiting += 1 }
                if marks[sheet.examinee] != nil { marked += 1 }
            case let .refused(diagnostic), let .wrongPaper(diagnostic):
                diagnostics.append(diagnostic)
            }
        }
        return (accepted, diagnostics)
    }

    /// The refusal of a second sheet of one examinee.
    static func secondSheet(_ sheet: AnswerSheet, first: SourceRange) -> Diagnostic {
        Diagnostic(.duplicateAnswerSheet, "考生 \(sheet.examinee) 已有一份答卷", at: sheet.origin,
                   notes: [.note("第一份答卷在这里", at: first), .help("每位考生只计一份答卷；删去多余的一份，或核对考生编号")])
    }

    enum Outcome: Sendable {
        /// No such paper, or someone else's.
        case wrongPaper(Diagnostic)
        /// The sheet does not fit its paper, or its marks do not.
        case refused(Diagnostic)
        case scored(Scored, [UInt8])
    }

    static func scoreOne(_ sheet: AnswerSheet, source: ScoringKeySource, workspace: AssemblyWorkspace?,
                         marks: [String: MarkSheet], keepResponses: Bool = true) -> Outcome {
        let key: ScoringKey
        switch source.key(for: sheet, in: workspace) {
        case let .success(found): key = found
        case let .failure(diagnostic): return .wrongPaper(diagnostic)
        }
        if let owner = key.examinee?.id, owner != sheet.examinee {
            return .wrongPaper(Diagnostic(.wrongExaminee, "试卷 \(sheet.paperID) 是考生 \(owner) 的，答卷却写的是考生 \(sheet.examinee)",
                                       at: sheet.origin, notes: [.help("核对这份答卷的考生编号和试卷编号；每位考生的试卷各不相同")]))
        }
        var result: Scorer.Result
        switch Scorer.score(key, answers: sheet.answers, responses: keepResponses) {
        case let .success(scored): result = scored
        case let .failure(rejection):
            let problems = rejection.problems.map(\.message).joined(separator: "；")
            return .refused(Diagnostic(.answerSheetMismatch, "考生 \(sheet.examinee) 的答卷与试卷 \(sheet.paperID) 对不上：\(problems)",
                                       at: sheet.origin, notes: [.help("题号按试卷上印的写（案例小题写 43.1），选项字母只能是该题印出的字母")]))
        }
        if let mark = marks[sheet.examinee] {
            switch Scorer.applyMarks(result, marks: mark.marks) {
            case let .success(merged): result = merged
            case let .failure(rejection):
                return .refused(Self.marksRefused(mark, paperID: sheet.paperID, rejection: rejection))
            }
        }
        return .scored(Scored(sheet: sheet, key: key, result: result), [])
    }

    /// Marks for examinees who had no sheet at all: refused at their rows.
    public func unusedMarks() -> [Diagnostic] {
        marks.values.filter { firstSheet[$0.examinee] == nil }
            .sorted { ($0.origin.file, $0.origin.start.line) < ($1.origin.file, $1.origin.start.line) }
            .map(Self.markWithoutSheet)
    }

    static func marksRefused(_ mark: MarkSheet, paperID: String, rejection: Scorer.Rejection) -> Diagnostic {
        Diagnostic(.marksMismatch, "考生 \(mark.examinee) 的阅卷分与试卷 \(paperID) 对不上：\(rejection.problems.map(\.message).joined(separator: "；"))",
                   at: mark.origin)
    }

    static func markWithoutSheet(_ mark: MarkSheet) -> Diagnostic {
        Diagnostic(.marksMismatch, "考生 \(mark.examinee) 有阅卷分，但没有评过分的答卷", at: mark.origin,
                   notes: [.help("核对考生编号；阅卷分只能并入同时给出的答卷")])
    }
}
