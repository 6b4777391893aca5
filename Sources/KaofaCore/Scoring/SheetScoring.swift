/// A sheet scored against its paper.
public struct ScoredSheet: Sendable {
    public var sheet: AnswerSheet
    /// Index of the paper's key in the keys scored against.
    public var keyIndex: Int
    public var result: Scorer.Result
}

/// Scores many sheets against the keys of the papers they answer, refusing — each at its line — a sheet for a paper
/// that is not there, a per-examinee paper answered by someone else, a second sheet of the same examinee, and a sheet
/// the scorer rejects (an item the paper does not have, a label the item does not have …).
public enum SheetScoring {
    public static func score(_ sheets: [AnswerSheet], keys: [ScoringKey]) -> (scored: [ScoredSheet], diagnostics: [Diagnostic]) {
        var keyIndex: [String: Int] = [:]
        for (index, key) in keys.enumerated() where keyIndex[key.paperID] == nil { keyIndex[key.paperID] = index }
        var firstSheet: [String: SourceRange] = [:]
        var scored: [ScoredSheet] = []
        scored.reserveCapacity(sheets.count)
        var diagnostics: [Diagnostic] = []
        for sheet in sheets {
            guard let index = keyIndex[sheet.paperID] else {
                diagnostics.append(Diagnostic(.unknownPaper, "考生 \(sheet.examinee) 的答卷对应试卷 \(sheet.paperID)，但没有这份试卷的答案",
                                              at: sheet.origin,
                                              notes: [.help("用 --papers 指向 kaofa build 写出试卷和答案（*.paper.json、*.key.json）的目录")]))
                continue
            }
            let key = keys[index]
            if let owner = key.examinee?.id, owner != sheet.examinee {
                diagnostics.append(Diagnostic(.wrongExaminee, "试卷 \(sheet.paperID) 是考生 \(owner) 的，答卷却写的是考生 \(sheet.examinee)",
                                              at: sheet.origin, notes: [.help("核对这份答卷的考生编号和试卷编号；每位考生的试卷各不相同")]))
                continue
            }
            if let first = firstSheet[sheet.examinee] {
                diagnostics.append(Diagnostic(.duplicateAnswerSheet, "考生 \(sheet.examinee) 已有一份答卷", at: sheet.origin,
                                              notes: [.note("第一份答卷在这里", at: first),
                                                      .help("每位考生只计一份答卷；删去多余的一份，或核对考生编号")]))
                continue
            }
            firstSheet[sheet.examinee] = sheet.origin
            switch Scorer.score(key, answers: sheet.answers) {
            case let .success(result):
                scored.append(ScoredSheet(sheet: sheet, keyIndex: index, result: result))
            case let .failure(rejection):
                let problems = rejection.problems.map(\.message).joined(separator: "；")
                diagnostics.append(Diagnostic(.answerSheetMismatch, "考生 \(sheet.examinee) 的答卷与试卷 \(sheet.paperID) 对不上：\(problems)",
                                              at: sheet.origin, notes: [.help("题号按试卷上印的写（案例小题写 43.1），选项字母只能是该题印出的字母")]))
            }
        }
        return (scored, diagnostics)
    }

    /// Merges a marker's points into scored sheets, by examinee: marks for an examinee without a scored sheet, for an
    /// item that is not waiting for a marker, or above an item's points are refused at their row.
    public static func applyMarks(_ marks: [MarkSheet], to scored: [ScoredSheet]) -> (scored: [ScoredSheet], diagnostics: [Diagnostic]) {
        var index: [String: Int] = [:]
        for (position, sheet) in scored.enumerated() { index[sheet.sheet.examinee] = position }
        var merged = scored
        var diagnostics: [Diagnostic] = []
        for mark in marks {
            guard let position = index[mark.examinee] else {
                diagnostics.append(Diagnostic(.marksMismatch, "考生 \(mark.examinee) 有阅卷分，但没有评过分的答卷", at: mark.origin,
                                              notes: [.help("核对考生编号；阅卷分只能并入同时给出的答卷")]))
                continue
            }
            switch Scorer.applyMarks(merged[position].result, marks: mark.marks) {
            case let .success(result): merged[position].result = result
            case let .failure(rejection):
                diagnostics.append(Diagnostic(.marksMismatch, "考生 \(mark.examinee) 的阅卷分与试卷 \(merged[position].sheet.paperID) 对不上：\(rejection.problems.map(\.message).joined(separator: "；"))",
                                              at: mark.origin))
            }
        }
        return (merged, diagnostics)
    }
}
