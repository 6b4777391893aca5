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
        let source = self.source, marks = self.marks
        let chunks = stride(from: 0, to: sheets.count, by: 256).map { $0..<min($0 + 256, sheets.count) }
        let entries = ParallelMap.map(chunks) { chunk -> [Entry] in
            let workspace = source.makeWorkspace()
            return sheets[chunk].map { sheet in
                Entry(sheet, Self.scoreOne(sheet, source: source, workspace: workspace, marks: marks, keepResponses: false, render: render))
            }
        }
        return merge(entries.flatMap { $0 })
    }

    /// A run of whole lines of a JSON Lines file: bytes `start..<end`, the first of them line `firstLine`.
    public struct LineRun: Sendable {
        public var start: Int
        public var end: Int
        public var firstLine: Int

        public init(start: Int, end: Int, firstLine: Int) {
            self.start = start
            self.end = end
            self.firstLine = firstLine
        }

        /// `bytes` cut into runs of `lines` whole lines (the last run may be shorter), in order.
        public static func runs(of bytes: [UInt8], lines: Int) -> [LineRun] {
            var runs: [LineRun] = []
            var start = 0, line = 1
            bytes.withUnsafeBufferPointer { buffer in
                while start < buffer.count {
                    var end = start, seen = 0
                    while end < buffer.count, seen < lines {
                        if buffer[end] == 0x0A { seen += 1 }
                        end += 1
                    }
                    runs.append(LineRun(start: start, end: end, firstLine: line))
                    line += seen
                    start = end
                }
            }
            return runs
        }
    }

    /// Reads and scores the sheets of a JSON Lines file (`bytes`, read from `path`) a run of lines at a time, side by
    /// side: each task reads its lines and scores them, so a batch waits at one barrier only. With `renderQuick`,
    /// sheets of regenerated papers that need no explaining take the quick lane (`QuickScoring`) and are rendered by
    /// it; every other sheet is read, scored and rendered as `score(_:render:)` does. The reading problems are returned
    /// with the refusals.
    public mutating func score(jsonLines bytes: [UInt8], path: String, runs: [LineRun], render: @escaping @Sendable (Scored) -> [UInt8],
                               renderQuick: (@Sendable (QuickScore) -> [UInt8])?) -> (output: [UInt8], diagnostics: [Diagnostic]) {
        let source = self.source, marks = self.marks
        let quick = renderQuick == nil ? nil : source.quick
        let results = ParallelMap.map(runs) { run -> (entries: [Entry], read: [Diagnostic]) in
            var entries: [Entry] = [], read: [Diagnostic] = []
            let quickWorkspace = quick?.makeWorkspace()
            var workspace: AssemblyWorkspace?
            AnswerSheetReader.forEachLine(bytes[run.start..<run.end], firstLine: run.firstLine, isEnd: run.end >= bytes.count) { content, line, isLast in
                if let quick, let quickWorkspace, let renderQuick,
                   let scored = content.withUnsafeBufferPointer({ quick.score(line: $0, in: quickWorkspace) }), marks[scored.examinee] == nil {
                    let tally = Tally(passed: scored.passed, excellent: scored.excellent, waiting: scored.pending > 0)
                    entries.append(Entry(examinee: scored.examinee, origin: .line(line, of: path), outcome: .quick(tally, renderQuick(scored))))
                    return
                }
                switch AnswerSheetReader.sheet(content, path: path, line: line, isLast: isLast) {
                case let .success(sheet):
                    if workspace == nil { workspace = quickWorkspace?.assembly ?? source.makeWorkspace() }
                    entries.append(Entry(sheet, Self.scoreOne(sheet, source: source, workspace: workspace, marks: marks,
                                                              keepResponses: false, render: render)))
                case let .failure(diagnostic):
                    read.append(diagnostic)
                }
            }
            return (entries, read)
        }
        var merged = merge(results.flatMap(\.entries))
        merged.diagnostics = results.flatMap(\.read) + merged.diagnostics
        return merged
    }

    /// In sheet order: a sheet whose paper is wrong claims nothing; any other sheet claims its examinee, and a second
    /// sheet of a claimed examinee is refused whatever it holds.
    mutating func merge(_ entries: [Entry]) -> (output: [UInt8], diagnostics: [Diagnostic]) {
        let (accepted, diagnostics) = accept(entries)
        var output: [UInt8] = []
        for index in accepted {
            switch entries[index].outcome {
            case let .scored(_, bytes), let .quick(_, bytes): output += bytes
            case .wrongPaper, .refused: break
            }
        }
        return (output, diagnostics)
    }

    /// The entries that count (their indices), by the claiming rule above, counted in the run's totals; and the
    /// refusals.
    mutating func accept(_ entries: [Entry]) -> (accepted: [Int], diagnostics: [Diagnostic]) {
        var accepted: [Int] = []
        var diagnostics: [Diagnostic] = []
        for (index, entry) in entries.enumerated() {
            if case let .wrongPaper(diagnostic) = entry.outcome {
                diagnostics.append(diagnostic)
                continue
            }
            if let first = firstSheet[entry.examinee] {
                diagnostics.append(Self.secondSheet(examinee: entry.examinee, at: entry.origin, first: first))
                continue
            }
            firstSheet[entry.examinee] = entry.origin
            let tally: Tally
            switch entry.outcome {
            case let .scored(scored, _):
                tally = Tally(passed: scored.result.passed, excellent: scored.result.excellent,
                                   waiting: scored.result.pendingPoints.hundredths > 0)
            case let .quick(quick, _):
                tally = quick
            case let .refused(diagnostic), let .wrongPaper(diagnostic):
                diagnostics.append(diagnostic)
                continue
            }
            accepted.append(index)
            scored += 1
            if tally.passed == true { passed += 1 }
            if tally.excellent == true { excellent += 1 }
            if tally.waiting { waiting += 1 }
            if marks[entry.examinee] != nil { marked += 1 }
        }
        return (accepted, diagnostics)
    }

    /// The refusal of a second sheet of one examinee.
    static func secondSheet(examinee: String, at origin: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(.duplicateAnswerSheet, "考生 \(examinee) 已有一份答卷", at: origin,
                   notes: [.note("第一份答卷在这里", at: first), .help("每位考生只计一份答卷；删去多余的一份，或核对考生编号")])
    }

    /// One sheet read: whose it claims to be, where it was read, and how it came out.
    struct Entry: Sendable {
        var examinee: String
        var origin: SourceRange
        var outcome: Outcome

        init(examinee: String, origin: SourceRange, outcome: Outcome) {
            self.examinee = examinee
            self.origin = origin
            self.outcome = outcome
        }

        init(_ sheet: AnswerSheet, _ outcome: Outcome) {
            self.init(examinee: sheet.examinee, origin: sheet.origin, outcome: outcome)
        }
    }

    enum Outcome: Sendable {
        /// No such paper, or someone else's.
        case wrongPaper(Diagnostic)
        /// The sheet does not fit its paper, or its marks do not.
        case refused(Diagnostic)
        /// Scored, with its rendered bytes.
        case scored(Scored, [UInt8])
        /// Scored in the quick lane, with its rendered bytes.
        case quick(Tally, [UInt8])
    }

    /// What the run's totals count of a scored sheet.
    struct Tally: Sendable {
        var passed: Bool?
        var excellent: Bool?
        var waiting: Bool
    }

    /// Scores one sheet; a scored sheet is rendered by `render` when given.
    static func scoreOne(_ sheet: AnswerSheet, source: ScoringKeySource, workspace: AssemblyWorkspace?,
                         marks: [String: MarkSheet], keepResponses: Bool = true,
                         render: (@Sendable (Scored) -> [UInt8])? = nil) -> Outcome {
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
        let scored = Scored(sheet: sheet, key: key, result: result)
        return .scored(scored, render?(scored) ?? [])
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
